/**
 * Seeded random draws for the simulator. Every stream is a seedrandom
 * generator from engine/stats.ts (`makeRng(deriveSeed(seed, name))`): one
 * named stream per component (the index path, the latent states, each macro
 * series, each planted criterion, ...), so that changing one option (say the
 * number of stocks) leaves every other component's draws unchanged. No
 * unseeded randomness, no clock.
 */
import { deriveSeed, makeRng } from '../../engine/stats/stats.ts';

export class Rng {
  private readonly u: () => number;
  private spare = NaN;

  constructor(seed: string, stream: string) {
    this.u = makeRng(deriveSeed(seed, `simulate|${stream}`));
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

/** Logistic function. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Round to `digits` decimals (the value a file written with toFixed(digits) reads back as). */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
