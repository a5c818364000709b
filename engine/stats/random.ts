/**
 * Random numbers: the one home of seeded generators and normal draws.
 *
 * Every generator is seeded from a string, which seedrandom hashes; a job's
 * seed is `deriveSeed(runSeed, jobKey)`, so a job draws the same numbers
 * wherever and in whatever order it runs. No unseeded randomness, no clock.
 */
import seedrandom from 'seedrandom';

/**
 * Seeded uniform generator on [0, 1).
 *
 * Uses seedrandom's Alea generator (53-bit output, period ~2^116, passes
 * BigCrush) rather than the default ARC4 one because it is ~5x faster, which
 * matters in bootstrap and permutation loops that draw tens of millions of
 * numbers. The string seed is hashed by seedrandom, so any string is fine.
 */
export function makeRng(seed: string): () => number {
  return seedrandom.alea(seed);
}

/**
 * Deterministic seed for one job of a run. The run seed's length is written
 * in front so that the encoding is unambiguous: ("a/b", "c") and ("a", "b/c")
 * give different seeds. A numeric run seed and its decimal string are the same
 * seed (42 and "42").
 */
export function deriveSeed(runSeed: string | number, jobKey: string): string {
  const rs = String(runSeed);
  return `${rs.length}:${rs}/${jobKey}`;
}

/** Uniform integer in [0, n) from a [0,1) generator. */
export function drawIndex(rng: () => number, n: number): number {
  return Math.floor(rng() * n);
}

/**
 * Standard normal draw by Box-Muller from a uniform generator (two uniforms
 * per draw, the sine half discarded).
 */
export function boxMullerNormal(rng: () => number): number {
  let u = rng();
  while (u <= 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * A seeded stream of uniform, integer and normal draws (seedrandom's Alea
 * underneath, see `makeRng`).
 */
export class SeededStream {
  private readonly u: () => number;
  private spare = NaN;

  constructor(seed: string) {
    this.u = makeRng(seed);
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.u();
  }

  /** Uniform on [a, b). */
  between(a: number, b: number): number {
    return a + (b - a) * this.u();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.u() * n);
  }

  /** Standard normal (Marsaglia's polar method; both values used in turn). */
  normal(): number {
    if (this.spare === this.spare) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    let x: number, y: number, s: number;
    do {
      x = 2 * this.u() - 1;
      y = 2 * this.u() - 1;
      s = x * x + y * y;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = y * f;
    return x * f;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.u() < p;
  }
}
