/**
 * Random numbers: the one home of seeded generators and normal draws.
 *
 * Every generator is seeded from a string, which seedrandom hashes; a job's
 * seed is `deriveSeed(runSeed, jobKey)`, so a job draws the same numbers
 * wherever and in whatever order it runs. No unseeded randomness, no clock.
 *
 * Two generators: `makeRng` (seedrandom's Alea, a closure giving doubles) for
 * the simulator, the criteria's seeded coin and normal draws; `FastRng`
 * (sfc32, seeded through seedrandom) for the tens of millions of integer
 * draws of bootstrap resamples and permutations. One normal draw:
 * `SeededStream.normal` (Marsaglia's polar method).
 */
import seedrandom from 'seedrandom';

/**
 * Seeded uniform generator on [0, 1).
 *
 * seedrandom's Alea generator (53-bit output, period ~2^116, passes
 * BigCrush), ~5x faster than seedrandom's default ARC4. The string seed is
 * hashed by seedrandom, so any string is fine. For the resampling loops'
 * tens of millions of integer draws, see `FastRng`.
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

/** 2^-32: a 32-bit draw times this is uniform on [0, 1). */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
/** Largest n the integer draws accept: n * 2^32 stays exact in a double. */
const MAX_INDEX_RANGE = 2 ** 21;

/**
 * The generator of the resampling loops: sfc32 (Chris Doty-Humphrey's Small
 * Fast Chaotic generator: 128 bits of state with a counter, so every seed's
 * period is at least 2^32 and about 2^127 on average; passes PractRand), in
 * 32-bit integer arithmetic. Its state is seeded from seedrandom (Alea over
 * the seed string), so a job's draws still follow from
 * `deriveSeed(runSeed, jobKey)` alone. The bulk methods (`fillIndices`,
 * `tally`, `fillShuffleTargets`) keep the state in local variables for the
 * whole loop (no call per draw), which is what makes them fast; draws are the
 * same whether taken one by one or in bulk.
 *
 * An integer draw in [0, n) is floor(x n / 2^32) for a 32-bit draw x
 * (Lemire's multiply, no rejection): each value's probability is within
 * 1 / 2^32 of 1 / n (a relative error under 1e-7 for the few hundred items a
 * row resamples).
 */
export class FastRng {
  /** sfc32's state a, b, c, d (an Int32Array keeps it unboxed: much faster than four number fields). */
  private readonly s = new Int32Array(4);

  constructor(seed: string) {
    const alea = seedrandom.alea(seed);
    for (let i = 0; i < 4; i++) this.s[i] = alea.int32();
    for (let i = 0; i < 15; i++) this.nextU32(); // mix the seeded state, as sfc32's author advises
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    s[3] = (d + 1) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n), 1 <= n <= 2^21. */
  index(n: number): number {
    return (this.nextU32() * n * TWO_POW_MINUS_32) | 0;
  }

  /** out[i] = a uniform integer in [0, n) for i < count (the same numbers as `count` calls of `index(n)`). */
  fillIndices(out: Int32Array, count: number, n: number): void {
    checkRange(n);
    const s = this.s;
    let a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!;
    const scale = n * TWO_POW_MINUS_32;
    for (let i = 0; i < count; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      out[i] = ((t >>> 0) * scale) | 0;
    }
    s[0] = a; s[1] = b; s[2] = c; s[3] = d;
  }

  /**
   * Draws `count` uniform integers k in [0, n) and adds 1 to tally[slotOf[k]]
   * for each: a bootstrap resample's multiplicities in one loop (the same
   * draws as `fillIndices(out, count, n)`).
   */
  tally(tally: Float64Array, slotOf: Int32Array, count: number, n: number): void {
    checkRange(n);
    const s = this.s;
    let a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!;
    const scale = n * TWO_POW_MINUS_32;
    for (let i = 0; i < count; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      tally[slotOf[((t >>> 0) * scale) | 0]!]! += 1;
    }
    s[0] = a; s[1] = b; s[2] = c; s[3] = d;
  }

  /**
   * The swap targets of a partial Fisher-Yates shuffle of n items:
   * out[i] = i + a uniform integer in [0, n - i) for i < count <= n.
   */
  fillShuffleTargets(out: Int32Array, count: number, n: number): void {
    checkRange(n);
    const s = this.s;
    let a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!;
    for (let i = 0; i < count; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      out[i] = i + (((t >>> 0) * (n - i) * TWO_POW_MINUS_32) | 0);
    }
    s[0] = a; s[1] = b; s[2] = c; s[3] = d;
  }
}

function checkRange(n: number): void {
  if (!(Number.isInteger(n) && n >= 1 && n <= MAX_INDEX_RANGE)) {
    throw new RangeError(`FastRng: integer draws need 1 <= n <= ${MAX_INDEX_RANGE}, got ${n}`);
  }
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
