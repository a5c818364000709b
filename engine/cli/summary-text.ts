import { isoDate } from '../dates.ts';
import type { Dataset, Episode } from '../types.ts';

/** One-paragraph terminal summary of detected episodes. */
export function summariseEpisodes(ds: Dataset, eps: readonly Episode[]): string {
  const count = (o: string): number => eps.filter((e) => e.outcome === o).length;
  const span = ds.dates.length ? `${isoDate(ds.dates[0]!)}..${isoDate(ds.dates[ds.dates.length - 1]!)}` : 'empty';
  const kinds = [...new Set(eps.map((e) => e.kind))].join(', ') || 'rebound';
  return `${ds.id} ${span} (${ds.dates.length} closes): ${eps.length} ${kinds} episodes — ` +
    `${count('durable')} durable, ${count('stalled')} stalled, ${count('failed')} failed, ${count('censored')} censored`;
}
