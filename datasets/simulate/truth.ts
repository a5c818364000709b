/**
 * truth.csv: one row per detected episode (every kind, in the order the
 * run's episode specs produce them) with what only the simulator knows.
 *
 *   id, kind, decision_date, decision_index, outcome, label,
 *   latent                the latent state: for a rebound the state drawn at its
 *                         decision (recovery → durable, chop → stalled,
 *                         relapse → failed; it fixes the outcome unless the
 *                         episode is censored); for other kinds the index's
 *                         regime on the decision day (calm, correction, bear,
 *                         or recovery/chop/relapse inside a rebound's horizon)
 *   signal:<id>           per planted criterion: the planted signal s_e
 *                         (rebounds only; label*d + N(0,1))
 *   measure:<id>          the measure the criterion sees at the decision as
 *                         planted (advancing share, VIX fall, BAA10Y change,
 *                         curve level-or-change); empty when it abstains
 */
import type { Episode } from '../../engine/types.ts';
import type { SimulatedMarket } from './market.ts';
import { REGIMES } from './price.ts';

function num(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(12))) : '';
}

function cell(s: string): string {
  if (/[",\r\n]/.test(s)) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

export function truthCsv(m: SimulatedMarket, episodes: readonly Episode[]): string {
  const header = ['id', 'kind', 'decision_date', 'decision_index', 'outcome', 'label', 'latent'];
  for (const p of m.plants) header.push(`signal:${p.id}`, `measure:${p.id}`);
  const reboundAt = new Map(m.rebounds.map((e, i) => [e.id, i] as const));
  const rows = [header.join(',')];
  for (const e of episodes) {
    const i = e.kind === 'rebound' ? reboundAt.get(e.id) : undefined;
    if (e.kind === 'rebound' && i === undefined) throw new Error(`truth: rebound ${e.id} was not simulated`);
    const latent = i !== undefined ? m.index.events[i]!.latent : REGIMES[m.index.regime[e.decisionIndex]!]!;
    const cells = [e.id, e.kind, e.decisionDate, String(e.decisionIndex), e.outcome, e.label === null ? '' : String(e.label), latent];
    for (const p of m.plants) {
      if (i === undefined) cells.push('', '');
      else cells.push(num(p.signals[i]!), num(p.measures[i]!));
    }
    rows.push(cells.map(cell).join(','));
  }
  return `${rows.join('\n')}\n`;
}
