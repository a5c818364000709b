/**
 * EXAMPLE USER PLUGIN — a template for researchers writing their own criterion.
 *
 * Claim tested: "a rally that has carried price well above its N-day moving
 * average has momentum, and momentum persists".
 *
 * Defaults: window = 50 days, steepness = 20.
 * Score: d = close / SMA(window) - 1 at the decision, mapped through
 * logistic(steepness * d): 0.5 on the average, +5% above -> 0.73, 5% below
 * -> 0.27. Abstains when the average is not yet defined.
 *
 * How to write your own
 * ---------------------
 * 1. Copy this file anywhere. It imports nothing at run time: the one
 *    `import type` line below is erased when the plugin loads, so the file
 *    works wherever it lives. Point that path at rally-replay's
 *    engine/criterion.ts only so your editor can type-check it. A plugin is
 *    loaded in isolation and must not reach into the engine or the readers.
 * 2. Default-export one object implementing `Criterion`: a stable kebab-case
 *    `id`, the `claim` in one sentence, the data roles it `needs`, how the
 *    measure maps to a score (`scoring`), and every parameter with its type,
 *    default and range (the engine validates user-supplied values against
 *    these before the run starts, and sweeps grids within them).
 * 3. `score(view, params)` sees a PointInTimeView: every array it returns
 *    ends at the decision index `view.t` — plugins even get private copies,
 *    so there is no way (and no need) to look past the decision. Read a
 *    column with `view.series(name)` after checking `view.has(name)`, and
 *    prefer `view.indicator('sma' | 'ema' | 'rsi' | ..., column, ...windows)`
 *    over your own loops: the engine computes each indicator once per
 *    dataset and shares it across every episode and criterion.
 * 4. Return `{ score: x }` with x in [0,1] (your belief that the rally is
 *    durable; graded scores make the ROC AUC meaningful), or
 *    `{ abstain: 'specific reason' }` when the data you need is missing or
 *    not yet known at the decision. Never return NaN.
 * 5. Use the episode's own price column (`view.decision.priceColumn`) so the
 *    criterion works on sector episodes too, and `view.random()` (seeded) if
 *    you need randomness (seeded per run, criterion and episode, so results never depend on scheduling).
 */
import type { Criterion, ParamSpec } from '../../engine/criterion.ts';

/** 0.5 at x = 0, rising to 1: maps a measure to a score. */
const logistic = (x: number, scale: number): number => 1 / (1 + Math.exp(-x * scale));

const PARAMS: ParamSpec[] = [
  { name: 'window', type: 'integer', default: 50, min: 2, max: 400, description: 'moving-average length (trading days)' },
  { name: 'steepness', type: 'number', default: 20, min: 0.1, max: 1000, description: 'logistic steepness applied to close/SMA - 1' },
];

const maDistance: Criterion = {
  id: 'ma-distance',
  claim: 'A rally that has carried price well above its 50-day moving average has momentum that persists.',
  needs: ['price'],
  scoring: 'd = close/SMA50 - 1 at the decision: logistic(20*d) (0.5 on the average, +5% -> 0.73).',
  params: PARAMS,
  // kinds: ['rebound'],   // uncomment to restrict the episode kinds it applies to

  score(view, params) {
    // Parameters arrive validated, with defaults filled in for any the run config left out.
    const window = Number(params.window ?? 50);
    const steepness = Number(params.steepness ?? 20);

    const col = view.decision.priceColumn || 'close';
    const t = view.t; // the decision: the last index any array has
    if (!view.has(col)) return { abstain: `no ${col} known by the decision` };

    const close = view.series(col)[t]!;
    const avg = view.indicator('sma', col, window)[t]!;
    if (!Number.isFinite(close) || !Number.isFinite(avg) || avg <= 0) {
      // Be specific: the report shows this reason next to the episode.
      return { abstain: `no ${window}-day average of ${col} at the decision (needs ${window} consecutive closes)` };
    }
    const d = close / avg - 1;
    return { score: logistic(d, steepness) };
  },
};

export default maDistance;
