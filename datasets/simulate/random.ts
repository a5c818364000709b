/**
 * Seeded random draws for the simulator. Every stream is a seedrandom
 * stream from engine/stats/random.ts (`SeededStream`, seeded with `deriveSeed(seed, name)`): one
 * named stream per component (the index path, the latent states, each macro
 * series, each planted criterion, ...), so that changing one option (say the
 * number of stocks) leaves every other component's draws unchanged. No
 * unseeded randomness, no clock.
 */
import { deriveSeed, SeededStream } from '../../engine/stats/random.ts';

/** The simulator's stream `stream` of run seed `seed`. */
export class Rng extends SeededStream {
  constructor(seed: string, stream: string) {
    super(deriveSeed(seed, `simulate|${stream}`));
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
