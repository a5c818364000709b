/** The page header: engine, config hash, seed, shard, counts, and a link to failed jobs. */
import type { ReportModel } from '../model.ts';
import { esc, fint, shortHash } from '../format.ts';

export function pageHeader(m: ReportModel): string {
  const sm = m.summary;
  const failed = sm.failures?.length ?? 0;
  const shard = sm.shard !== undefined ? ` \u00b7 shard <code>${esc(sm.shard)}</code>` : '';
  const failures = failed > 0 ? ` \u00b7 <a href="#failures">${sm.failures.length} failed job${sm.failures.length === 1 ? '' : 's'}</a>` : '';
  return `<header><h1>Rally replay report</h1><p class="sub">${esc(sm.engine?.name)} ${esc(sm.engine?.version)} \u00b7 config ${shortHash(sm.runConfigHash, 12)} \u00b7 seed <code>${esc(sm.seed)}</code>${shard} \u00b7 ${fint(sm.counts?.episodes ?? m.episodes.length)} episodes \u00b7 ${m.metrics.length} result rows${failures}</p></header>`;
}
