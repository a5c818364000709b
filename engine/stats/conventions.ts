/**
 * Conventions shared by every statistic in engine/stats, and the three small
 * helpers that implement them.
 *
 * Every export of engine/stats is a pure function: no module-level mutable
 * state (the power cache aside, which only memoises a pure function), no
 * unseeded randomness, no clocks. Randomness comes only from the seeded
 * generators of random.ts, so the same inputs and seed give bit-identical
 * outputs on any machine or worker.
 *
 *  - Labels: 1 = durable (positive), 0 = not durable (negative). A label is
 *    positive when `label > 0.5`, so booleans coerced to numbers also work.
 *    A NaN label means "unlabelled": that item is left out.
 *  - Scores: a criterion's score in [0, 1], higher = more likely durable.
 *    A NaN score means "abstained": that item is left out of rank-based
 *    metrics, Brier and calibration.
 *  - Calls (for the confusion matrix): 1 = called durable, 0 = not; a NaN
 *    call is an abstention and the item is left out.
 *  - "Undefined" results (a ratio with a zero denominator, AUC with one class
 *    empty, ...) are NaN, never silently 0. Bootstrap / permutation code skips
 *    NaN statistics and reports how many were valid.
 *  - Array arguments that go together must have equal lengths (RangeError).
 */

export function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) {
    throw new RangeError(`${what}: length mismatch (${a.length} vs ${b.length})`);
  }
}

export function isPositiveLabel(label: number): boolean {
  return label > 0.5;
}

/** Ratio, NaN when the denominator is 0. */
export function ratio(num: number, den: number): number {
  return den === 0 ? NaN : num / den;
}
