/**
 * Provenance: engine, config hash, seed, shard, statistics settings and
 * counts; the failed jobs; the data files with their hashes; datasets,
 * episode definitions, criteria and the run configuration.
 */
import type { RunSummary } from '../../../engine/results.ts';
import { clip, cmp, esc, fint, fx, paramList, shortHash, str } from '../format.ts';
import type { ReportSection } from '../model.ts';
import { kindCmp } from '../vocabulary.ts';

function facts(sm: RunSummary): string {
  let s = '<dl class="facts">';
  s += `<dt>Engine</dt><dd>${esc(sm.engine?.name)} ${esc(sm.engine?.version)}</dd>`;
  s += `<dt>Run config hash</dt><dd>${shortHash(sm.runConfigHash, 16)}</dd>`;
  s += `<dt>Seed</dt><dd><code>${esc(sm.seed)}</code></dd>`;
  if (sm.shard !== undefined) s += `<dt>Shard</dt><dd><code>${esc(sm.shard)}</code> <span class="muted">(this report covers one shard of the run)</span></dd>`;
  const st = sm.statistics;
  if (st) {
    s += `<dt>Statistics</dt><dd>${fint(st.bootstrap)} bootstrap resamples, ${fint(st.permutations)} permutations, level ${fx(st.level, 2)}, call threshold ${fx(st.threshold, 2)}, blocks by ${esc(st.blockBy)}</dd>`;
  }
  const ct = sm.counts;
  if (ct) {
    s += `<dt>Counts</dt><dd>${fint(ct.episodes)} episodes (${fint(ct.scored)} scored, ${fint(ct.censored)} censored), ${fint(ct.predictions)} predictions, ${fint(ct.jobs)} jobs, ${fint(ct.failedJobs)} failed</dd>`;
  }
  return `${s}</dl>`;
}

/** The failed jobs (the page header links to #failures); '' when none failed. */
function failedJobs(sm: RunSummary): string {
  const failures = [...(sm.failures ?? [])].sort((a, b) => cmp(str(a.jobKey), str(b.jobKey)) || cmp(str(a.reason), str(b.reason)));
  if (failures.length === 0) return '';
  let s = `<div class="failures" id="failures"><h3>\u2716 ${failures.length} failed job${failures.length === 1 ? '' : 's'}</h3><p>These jobs crashed; their episodes are excluded from the metrics of their rows (counted as "failed"), the rest of the run completed.</p><div class="tablewrap"><table><thead><tr><th>Job</th><th>Dataset</th><th>Kind</th><th>Criterion</th><th>Params</th><th>Reason</th></tr></thead><tbody>`;
  for (const f of failures) {
    s += `<tr><td><code>${esc(f.jobKey)}</code></td><td>${esc(f.dataset)}</td><td>${esc(f.kind)}</td><td>${esc(f.criterion)}</td><td>${f.params ? `<code>${esc(f.params)}</code>` : ''}</td><td>${esc(f.reason)}</td></tr>`;
  }
  return `${s}</tbody></table></div></div>`;
}

function dataFiles(sm: RunSummary): string {
  const data = [...(sm.data ?? [])].sort((a, b) => cmp(str(a.dataset), str(b.dataset)) || cmp(str(a.role), str(b.role)) || cmp(str(a.file), str(b.file)));
  let s = '<h3>Data files</h3>';
  if (data.length === 0) return `${s}<p class="muted">No data files recorded.</p>`;
  s += '<div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Role</th><th>File</th><th>sha256</th><th class="n">Rows</th><th class="n">Missing</th><th class="n">Rejected</th><th>Series</th><th>Notes</th></tr></thead><tbody>';
  for (const d of data) {
    s += `<tr><td>${esc(d.dataset)}</td><td>${esc(d.role)}</td><td><code>${esc(d.file)}</code></td><td>${shortHash(d.sha256)}</td><td class="n">${fint(d.rows)}</td><td class="n">${fint(d.missing)}</td><td class="n">${fint(d.rejected)}</td><td>${esc(clip((d.series ?? []).map(str).join(', '), 120))}</td><td>${(d.notes ?? []).map((x) => esc(x)).join('<br>')}</td></tr>`;
  }
  return `${s}</tbody></table></div>`;
}

function datasets(sm: RunSummary): string {
  const ds = [...(sm.datasets ?? [])].sort((a, b) => cmp(str(a.id), str(b.id)));
  if (ds.length === 0) return '';
  let s = '<h3>Datasets</h3><div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Start</th><th>End</th><th class="n">Bars</th><th>Columns</th></tr></thead><tbody>';
  for (const d of ds) {
    s += `<tr><td>${esc(d.id)}</td><td>${esc(d.start)}</td><td>${esc(d.end)}</td><td class="n">${fint(d.bars)}</td><td>${esc(clip((d.columns ?? []).map(str).join(', '), 160))}</td></tr>`;
  }
  return `${s}</tbody></table></div>`;
}

function definitions(sm: RunSummary): string {
  const defs = [...(sm.definitions ?? [])].sort((a, b) => kindCmp(str(a.kind), str(b.kind)) || cmp(str(a.version), str(b.version)));
  let s = '<h3>Episode definitions</h3>';
  if (defs.length === 0) return `${s}<p class="muted">No definitions recorded.</p>`;
  s += '<table><thead><tr><th>Kind</th><th>Version</th><th>Parameters</th></tr></thead><tbody>';
  for (const d of defs) s += `<tr><td>${esc(d.kind)}</td><td>${esc(d.version)}</td><td>${paramList(d.params)}</td></tr>`;
  return `${s}</tbody></table>`;
}

function criteria(sm: RunSummary): string {
  const crit = [...(sm.criteria ?? [])].sort((a, b) => cmp(str(a.id), str(b.id)));
  if (crit.length === 0) return '';
  const sets = crit.reduce((k, x) => k + (x.paramSets?.length ?? 0), 0);
  let s = `<details class="more"><summary>${crit.length} criteria, ${sets} parameter sets</summary><div class="tablewrap"><table><thead><tr><th>Criterion</th><th>Source</th><th>Claim</th><th>Needs</th><th>Scoring</th><th>Parameter sets</th></tr></thead><tbody>`;
  for (const cr of crit) {
    s += `<tr><td>${esc(cr.id)}</td><td>${esc(cr.source)}</td><td>${esc(cr.claim)}</td><td>${esc((cr.needs ?? []).map(str).join(', '))}</td><td>${esc(cr.scoring)}</td><td>${(cr.paramSets ?? []).map((p) => (str(p) === '' ? '<span class="muted">(none)</span>' : `<code>${esc(p)}</code>`)).join('<br>')}</td></tr>`;
  }
  return `${s}</tbody></table></div></details>`;
}

function runConfig(sm: RunSummary): string {
  if (sm.config === undefined) return '';
  let text: string;
  try {
    text = JSON.stringify(sm.config, null, 2) ?? String(sm.config);
  } catch {
    text = String(sm.config);
  }
  return `<details class="more"><summary>Run configuration (JSON)</summary><pre>${esc(text)}</pre></details>`;
}

export function provenance(sm: RunSummary): string {
  const parts = [facts(sm), failedJobs(sm), dataFiles(sm), datasets(sm), definitions(sm), criteria(sm), runConfig(sm)];
  return `<section id="provenance"><h2>Provenance</h2>${parts.join('')}</section>`;
}

export const provenanceSection: ReportSection<'provenance'> = {
  id: 'provenance',
  contents: () => '<a href="#provenance">Provenance</a>',
  render: (m) => provenance(m.summary),
};
