/**
 * Multiple testing: Benjamini-Hochberg false-discovery-rate q-values.
 */

/**
 * Benjamini-Hochberg q-values (step-up adjusted p-values):
 *   q_(i) = min_{j >= i} min(1, m p_(j) / j)
 * for p sorted ascending, m = number of non-NaN p-values. NaN entries stay
 * NaN and do not count towards m. Output is in the input order; q is
 * monotone in p and capped at 1.
 */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const n = p.length;
  const q = new Float64Array(n).fill(NaN);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (p[i] === p[i]) order.push(i);
  const m = order.length;
  if (m === 0) return q;
  order.sort((a, b) => p[a]! - p[b]! || a - b);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = order[r]!;
    const v = p[i]! * (m / (r + 1));
    if (v < running) running = v;
    q[i] = running;
  }
  return q;
}
