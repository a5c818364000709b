/** Terminal text of `rally simulate`: what was simulated or bootstrapped, and where it went. */
import { join } from 'node:path';
import { isoDate } from '../calendar.ts';
import { EPISODE_KINDS, OUTCOMES } from '../vocabulary.ts';
import { SIMULATOR, type BootstrapOptions, type BootstrapReport, type SimulateReport } from '../run/simulate.ts';

function outcomeText(c: Record<string, number>): string {
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  const parts = OUTCOMES.filter((k) => c[k]).map((k) => `${k} ${c[k]}`);
  return `${total}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

export function simulateSummary(r: SimulateReport): string {
  const o = r.market.options;
  const d = r.market.days;
  const lines = [
    `simulated ${r.market.marketId}: ${o.years} years, ${isoDate(d[0]!)}..${isoDate(d[d.length - 1]!)} (${d.length} trading days), ${o.sectors} sectors, ${o.stocks} stocks, base rate ${o.baseRate}`,
    `episodes: ${EPISODE_KINDS.map((k) => `${k} ${outcomeText(r.counts[k])}`).join('; ')}`,
  ];
  for (const p of r.plants) {
    lines.push(`planted ${p.id}: true AUC ${p.auc} (d = ${p.d.toFixed(3)}); the signal's AUC on this seed's ${p.scored} scored rebounds is ${Number.isFinite(p.sampleAuc) ? p.sampleAuc.toFixed(3) : 'undefined'}`);
  }
  if (r.plants.length === 0) lines.push('planted: nothing (every criterion\'s inputs carry no information about durability)');
  lines.push(`wrote ${r.files.length} files to ${r.dir} (${r.files.join(', ')})`);
  lines.push(`next: rally run --config ${join(r.dir, SIMULATOR.configFile)}`);
  return `${lines.join('\n')}\n`;
}


export function bootstrapSummary(o: BootstrapOptions, r: BootstrapReport): string {
  return [
    `bootstrapped ${o.paths} paths of ${r.source.file} (${r.source.closes} closes, ${r.source.start}..${r.source.end}), ${o.block === 'years' ? 'whole July-June years' : `mean block ${o.block} days`}, seed ${o.seed}`,
    `wrote ${r.files.length} files to ${r.dir} (${r.files[0]}${o.paths > 1 ? ` .. ${r.files[o.paths - 1]}` : ''}, run.json)`,
    `next: rally run --config ${join(r.dir, SIMULATOR.configFile)}`,
  ].join('\n') + '\n';
}
