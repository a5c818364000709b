/**
 * report.html: one self-contained, deterministic HTML document for a run.
 *
 * - Inline CSS, inline SVG, one small inline script (leaderboard sorting,
 *   expand/collapse, call-grid hover read-out). No network of any kind; a
 *   Content-Security-Policy (default-src 'none', the script allowed by its
 *   sha256 only) makes that a property the browser enforces, and keeps any
 *   markup that slipped through escaping inert.
 * - Deterministic: no clocks, random ids or locale formatting; every list is
 *   sorted with a code-point comparator; numbers go through reports/svg.ts.
 * - Every string from the run (ids, params, paths, reasons...) is escaped
 *   with `esc` and printed only in text or double-quoted attribute contexts;
 *   nothing from the run goes into the <script> or <style> element. Element
 *   ids are built from indices, never from names. The script reads what it
 *   needs from the DOM (data-v sort keys, data-s call codes).
 * - Stays light for large runs: per-criterion charts sit in closed <details>,
 *   the episode x criterion call grid is one SVG with one <path> per colour
 *   bucket (cells as stroked runs in unit coordinates), the price history is
 *   min/max-decimated to at most ~2000 points per dataset.
 */
import { createHash } from 'node:crypto';
import type { Episode, EpisodeKind, Outcome, Prediction } from '../../engine/types.ts';
import type { Interval, MetricsRow, PowerRow, PriceTrack, ReturnGroup, RunResult, RunSummary } from '../../engine/results.ts';
import {
  DASH,
  c,
  clip,
  decimateMinMax,
  dotsPath,
  esc,
  fint,
  fp,
  fpct,
  fx,
  isoDay,
  linePath,
  linearScale,
  logScale,
  logTicks,
  lowerBound,
  num,
  rectsPath,
  simplifyAxisRuns,
  sortKey,
  tickLabel,
  yearStartDay,
} from './svg.ts';

// ---------------------------------------------------------------------------
// Fixed vocabulary, palettes
// ---------------------------------------------------------------------------

const KIND_ORDER: readonly string[] = ['rebound', 'sector-lead', 'seasonal'];
const KIND_TITLE: Record<string, string> = {
  rebound: 'Post-correction rebounds',
  'sector-lead': 'Sector-led advances',
  seasonal: 'Seasonal windows',
};
const OUTCOMES: readonly Outcome[] = ['durable', 'stalled', 'failed', 'censored'];
/** Paul Tol's colour-blind-safe "bright" scheme. */
const OUTCOME_COLOUR: Record<Outcome, string> = {
  durable: '#228833',
  stalled: '#CCBB44',
  failed: '#EE6677',
  censored: '#AAAAAA',
};
/** Score buckets 0..9 ([0,0.1) ... [0.9,1]): Paul Tol's "sunset", red = not durable, blue = durable. */
const SCORE_COLOURS = ['#A50026', '#DD3D2D', '#F67E4B', '#FDB366', '#FEDA8B', '#C2E4EF', '#98CAE1', '#6EA6CD', '#4A7BB7', '#364B9A'];
const ABSTAIN_COLOUR = '#D4D4D4';
const FAILED_COLOUR = '#1F1F1F';
const BASELINES = new Set(['always-durable', 'coin-flip']);

function kindTitle(kind: string): string {
  return KIND_TITLE[kind] ?? `Episodes of kind \u201c${kind}\u201d`;
}

function outcomeClass(o: string): string {
  return (OUTCOMES as readonly string[]).includes(o) ? o : 'censored';
}

/** Code-point order (locale-independent, so output never depends on the machine). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function kindCmp(a: string, b: string): number {
  const ia = KIND_ORDER.indexOf(a);
  const ib = KIND_ORDER.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || cmp(a, b);
}

/** p- or q-value as HTML text ("<0.001" needs escaping). */
function fpH(x: unknown): string {
  return esc(fp(x));
}

function str(x: unknown): string {
  return typeof x === 'string' ? x : x === null || x === undefined ? '' : String(x);
}

// ---------------------------------------------------------------------------
// Style and script (constants: nothing from the run is ever put in them)
// ---------------------------------------------------------------------------

const MINI_W = 184;

const CSS = `
:root{--fg:#1d2330;--muted:#5b6473;--line:#d9dee7;--bg:#ffffff;--panel:#f6f8fb;--accent:#2a5db0;--warn:#8a5a00;--warnbg:#fff4d6;--bad:#a4262c;--badbg:#fde7e9}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0 auto;max-width:1440px;padding:20px 28px 60px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:20px;margin:36px 0 8px;padding-top:10px;border-top:2px solid var(--line)}
h3{font-size:16px;margin:22px 0 6px}
h4{font-size:14px;margin:10px 0 4px}
p{margin:6px 0}
a{color:var(--accent)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.sub{color:var(--muted);margin:0 0 12px}
nav.toc{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:12px 0}
nav.toc a{margin-right:14px;white-space:nowrap}
.notes{background:var(--warnbg);border:1px solid #e8c766;border-left:5px solid #d9a400;border-radius:6px;padding:10px 16px;margin:14px 0}
.notes h2{border:0;margin:0 0 4px;padding:0;font-size:17px}
.notes ul{margin:4px 0;padding-left:20px}
.failures{background:var(--badbg);border:1px solid #f1a7ad;border-left:5px solid var(--bad);border-radius:6px;padding:8px 14px;margin:12px 0}
.failures h3{margin:2px 0 6px;color:var(--bad)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
table{border-collapse:collapse;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.tablewrap{overflow-x:auto;max-width:100%}
table.leaderboard{font-size:13px}
table.leaderboard th,table.leaderboard td{padding:3px 5px;vertical-align:middle}
table.leaderboard td.crit{white-space:nowrap}
table.leaderboard td.par{max-width:150px;overflow-wrap:anywhere;font-size:12px}
table.leaderboard td.fbc{white-space:nowrap}
table.leaderboard td.fbc .ci{display:block;text-align:right}
table.leaderboard tbody tr:hover{background:#eef3fb}
table.leaderboard tr.small td.flag{background:var(--warnbg);color:var(--warn);font-weight:600}
table.leaderboard td.flag{max-width:170px;font-size:11.5px;line-height:1.25}
th button.sort{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th button.sort::after{content:" \\2195";color:#9aa3b2;font-weight:400}
th[aria-sort=descending] button.sort::after{content:" \\25BC";color:var(--accent)}
th[aria-sort=ascending] button.sort::after{content:" \\25B2";color:var(--accent)}
.badge{display:inline-block;font-size:11px;line-height:1.3;padding:0 5px;border-radius:8px;background:#e3e8f0;color:#394150;margin-left:4px;vertical-align:1px}
.badge.warn{background:var(--warnbg);color:var(--warn);border:1px solid #e8c766}
.ci{color:var(--muted);font-size:11.5px;white-space:nowrap}
.params{color:var(--muted)}
svg{overflow:visible}
svg text{font-size:10px;fill:#3b4250;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg .ax{stroke:#8c95a3;stroke-width:1;fill:none}
svg .grid{stroke:#e6e9ef;stroke-width:1;fill:none}
svg .ref{stroke:#9aa3b2;stroke-width:1;stroke-dasharray:3 3;fill:none}
svg .price{stroke:#1d2330;stroke-width:1;fill:none;stroke-linejoin:round}
svg.fb{vertical-align:middle;margin-left:4px;overflow:hidden}
svg.fb .iid{stroke:#2a5db0;stroke-width:3;stroke-linecap:round}
svg.fb .blk{stroke:#7a8699;stroke-width:1.2}
svg.fb .pt{fill:#1d2330}
svg.fb{background:#f3f5f9}
svg.fb.small .iid{stroke:#d9a400}
svg .roc{stroke:#2a5db0;stroke-width:1.8;fill:none}
svg .cal{fill:#2a5db0;fill-opacity:.75;stroke:#fff;stroke-width:.5}
figure{margin:0}
figure.mini{width:${MINI_W}px}
figure.chart{margin:10px 0 18px}
figcaption{color:var(--muted);font-size:12.5px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12.5px;color:var(--muted);margin:4px 0}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-2px;margin-right:4px;border:1px solid rgba(0,0,0,.15)}
.o-durable{fill:${OUTCOME_COLOUR.durable};background:${OUTCOME_COLOUR.durable};stroke:${OUTCOME_COLOUR.durable}}
.o-stalled{fill:${OUTCOME_COLOUR.stalled};background:${OUTCOME_COLOUR.stalled};stroke:${OUTCOME_COLOUR.stalled}}
.o-failed{fill:${OUTCOME_COLOUR.failed};background:${OUTCOME_COLOUR.failed};stroke:${OUTCOME_COLOUR.failed}}
.o-censored{fill:${OUTCOME_COLOUR.censored};background:${OUTCOME_COLOUR.censored};stroke:${OUTCOME_COLOUR.censored}}
svg .band{stroke:none;fill-opacity:.2}
svg .lane rect{stroke:none}
svg .dec{stroke:#1d2330;stroke-width:1.2;fill:none}
svg .decdot{stroke:#fff;stroke-width:.8}
${SCORE_COLOURS.map((col, i) => `.b${i}{stroke:${col};background:${col}}`).join('\n')}
.bA{stroke:${ABSTAIN_COLOUR};background:${ABSTAIN_COLOUR}}
.bF{stroke:${FAILED_COLOUR};background:${FAILED_COLOUR}}
svg.hm-body .cells path{fill:none;stroke-width:1}
svg.hm-body path.op{stroke:none}
.gridwrap{max-height:78vh;overflow:auto;border:1px solid var(--line);border-radius:4px;background:#fff}
.gridwrap svg{display:block;max-width:none}
.gridwrap .hm-head{position:sticky;top:0;background:#fff;z-index:1;border-bottom:1px solid var(--line)}
.readout{font-size:12.5px;min-height:1.5em;color:var(--fg);background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:2px 8px;margin:4px 0}
details.crit{border:1px solid var(--line);border-radius:6px;margin:4px 0;background:#fff}
details.crit>summary{cursor:pointer;padding:5px 10px;list-style-position:inside}
details.crit[open]>summary{border-bottom:1px solid var(--line);background:var(--panel)}
.crit-body{display:flex;flex-wrap:wrap;gap:14px 26px;padding:10px 12px}
.crit-body table{font-size:12.5px}
table.cm td{text-align:center;min-width:70px}
table.kv th{background:none;font-weight:400;color:var(--muted)}
details.more{margin:6px 0}
details.more>summary{cursor:pointer;color:var(--accent)}
pre{background:var(--panel);border:1px solid var(--line);padding:8px;overflow:auto;max-height:420px;font-size:12px}
.toolbar{margin:4px 0}
.toolbar button{font:inherit;font-size:12.5px;margin-right:6px;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:var(--panel);cursor:pointer}
.power-sentences li{margin:2px 0}
footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
.muted{color:var(--muted)}
`;

/** The one inline script. It reads everything it needs from the DOM. */
const SCRIPT = `(function () {
  'use strict';
  var doc = document;
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function key(row, ci, numeric) {
    var cell = row.cells[ci];
    if (!cell) return null;
    var v = cell.getAttribute('data-v');
    if (v === null) v = cell.textContent || '';
    if (!numeric) return v;
    if (v === '') return null;
    var x = Number(v);
    return x === x ? x : null;
  }
  each(doc.querySelectorAll('table.sortable'), function (table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) return;
    each(head.cells, function (th, ci) {
      var type = th.getAttribute('data-type');
      if (!type) return;
      var btn = doc.createElement('button');
      btn.type = 'button';
      btn.className = 'sort';
      btn.title = 'Sort by this column';
      while (th.firstChild) btn.appendChild(th.firstChild);
      th.appendChild(btn);
      btn.addEventListener('click', function () {
        var numeric = type === 'num';
        var cur = th.getAttribute('aria-sort');
        var dir = cur === 'descending' ? 1 : cur === 'ascending' ? -1 : numeric ? -1 : 1;
        var rows = Array.prototype.map.call(body.rows, function (r) {
          return { r: r, k: key(r, ci, numeric), i: Number(r.getAttribute('data-i')) };
        });
        rows.sort(function (a, b) {
          if (a.k === null || b.k === null) {
            if (a.k === b.k) return a.i - b.i;
            return a.k === null ? 1 : -1;
          }
          if (a.k < b.k) return -dir;
          if (a.k > b.k) return dir;
          return a.i - b.i;
        });
        each(head.cells, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        rows.forEach(function (o) { body.appendChild(o.r); });
      });
    });
  });
  each(doc.querySelectorAll('.toolbar'), function (bar) {
    var scope = bar.closest('section') || doc;
    [['Expand all criteria', true], ['Collapse all', false]].forEach(function (spec) {
      var b = doc.createElement('button');
      b.type = 'button';
      b.textContent = spec[0];
      b.addEventListener('click', function () {
        each(scope.querySelectorAll('details.crit'), function (d) { d.open = spec[1]; });
      });
      bar.appendChild(b);
    });
    bar.hidden = false;
  });
  each(doc.querySelectorAll('svg.hm-body'), function (svg) {
    var wrap = svg.closest('.callgrid');
    if (!wrap) return;
    var out = wrap.querySelector('.readout');
    var tip = svg.querySelector('title.tip');
    var labels = svg.querySelectorAll('text.rl');
    var cols = wrap.querySelectorAll('svg.hm-head text.cl');
    var x0 = Number(svg.getAttribute('data-x0'));
    var cw = Number(svg.getAttribute('data-cw'));
    var rh = Number(svg.getAttribute('data-rh'));
    if (out) out.hidden = false;
    svg.addEventListener('mousemove', function (e) {
      var box = svg.getBoundingClientRect();
      var col = Math.floor((e.clientX - box.left - x0) / cw);
      var row = Math.floor((e.clientY - box.top) / rh);
      if (row < 0 || row >= labels.length) return;
      var lab = labels[row];
      var rowText = lab.firstElementChild ? lab.firstElementChild.textContent : '';
      var text = rowText;
      if (col >= 0 && col < cols.length) {
        var code = (lab.getAttribute('data-s') || '').substr(col * 3, 3);
        var what = code === '---' ? 'abstained' : code === '!!!' ? 'job failed' : /^[0-9]{3}$/.test(code) ? 'score ' + (Number(code) / 100).toFixed(2) : 'no prediction';
        var colText = cols[col].firstElementChild ? cols[col].firstElementChild.textContent : '';
        text = rowText + '  \\u00d7  ' + colText + ': ' + what;
      }
      if (out) out.textContent = text;
      if (tip) tip.textContent = text;
    });
  });
  function openHash() {
    var id = location.hash.slice(1);
    var el = id ? doc.getElementById(id) : null;
    if (el && el.tagName === 'DETAILS') el.open = true;
  }
  window.addEventListener('hashchange', openHash);
  openHash();
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT, 'utf8').digest('base64');
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'`;

/** Number of <script> elements every report contains (for tests that look for injected ones). */
export const REPORT_SCRIPT_ELEMENTS = 1;

// ---------------------------------------------------------------------------
// Small HTML helpers
// ---------------------------------------------------------------------------

/** Shortened hash with the full value in a title attribute. */
function shortHash(h: string, n = 12): string {
  const s = str(h);
  if (s.length <= n) return `<code>${esc(s)}</code>`;
  return `<code title="${esc(s)}">${esc(s.slice(0, n))}\u2026</code>`;
}

function jsonValue(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NaN';
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function paramList(params: unknown): string {
  if (params === null || typeof params !== 'object') return esc(jsonValue(params));
  const keys = Object.keys(params as Record<string, unknown>).sort(cmp);
  if (keys.length === 0) return '<span class="muted">(none)</span>';
  return keys.map((k) => `<code>${esc(k)}=${esc(jsonValue((params as Record<string, unknown>)[k]))}</code>`).join(', ');
}

function ciText(ci: Interval | undefined, digits = 3): string {
  if (!ci) return DASH;
  const lo = num(ci.lo);
  const hi = num(ci.hi);
  if (Number.isNaN(lo) && Number.isNaN(hi)) return DASH;
  return `${fx(lo, digits)}\u2013${fx(hi, digits)}`;
}

function metricWithCi(label: string, v: number, ci: Interval | undefined, block: Interval | undefined, digits = 3): string {
  return `<tr><th>${label}</th><td class="n">${fx(v, digits)}</td><td class="ci">95% ${ciText(ci, digits)}; block ${ciText(block, digits)}</td></tr>`;
}

// ---------------------------------------------------------------------------
// Forest-plot bar for the leaderboard
// ---------------------------------------------------------------------------

function forestBar(label: string, v: number, ci: Interval | undefined, block: Interval | undefined, small: boolean): string {
  const W = 80;
  const x = linearScale(0, 1, 3, W - 3);
  const clamp = (t: number): number => Math.min(1, Math.max(0, t));
  let s = `<svg class="fb${small ? ' small' : ''}" width="${W}" height="16" role="img">`;
  s += `<title>${esc(label)} ${fx(v, 3)}; 95% bootstrap ${ciText(ci)}; year-block ${ciText(block)}${small ? '; small sample' : ''}</title>`;
  s += `<line class="ref" x1="${c(x(0.5))}" y1="1" x2="${c(x(0.5))}" y2="15"/>`;
  if (block && Number.isFinite(num(block.lo)) && Number.isFinite(num(block.hi))) {
    s += `<line class="blk" x1="${c(x(clamp(num(block.lo))))}" y1="12.5" x2="${c(x(clamp(num(block.hi))))}" y2="12.5"/>`;
  }
  if (ci && Number.isFinite(num(ci.lo)) && Number.isFinite(num(ci.hi))) {
    s += `<line class="iid" x1="${c(x(clamp(num(ci.lo))))}" y1="7" x2="${c(x(clamp(num(ci.hi))))}" y2="7"/>`;
  }
  if (Number.isFinite(v)) s += `<circle class="pt" cx="${c(x(clamp(v)))}" cy="7" r="3"/>`;
  return `${s}</svg>`;
}

// ---------------------------------------------------------------------------
// Per-criterion charts
// ---------------------------------------------------------------------------

const MINI = { size: MINI_W, left: 38, top: 8, plot: 136 };

/** The axes, grid, diagonal and labels shared by every ROC / calibration chart (drawn once, reused with <use>). */
function miniFrame(id: string, xLabel: string, yLabel: string): string {
  const { left, top, plot } = MINI;
  const x = linearScale(0, 1, left, left + plot);
  const y = linearScale(0, 1, top + plot, top);
  let grid = '';
  for (const t of [0.25, 0.5, 0.75]) grid += `M${c(x(t))} ${top}V${top + plot}M${left} ${c(y(t))}H${left + plot}`;
  let s = `<g id="${id}" font-size="10" fill="#3b4250"><path d="${grid}" stroke="#e6e9ef" fill="none"/>`;
  s += `<rect x="${left}" y="${top}" width="${plot}" height="${plot}" stroke="#8c95a3" fill="none"/>`;
  s += `<path d="M${left} ${top + plot}L${left + plot} ${top}" stroke="#9aa3b2" stroke-dasharray="3 3" fill="none"/>`;
  for (const t of [0, 0.5, 1]) {
    s += `<text x="${c(x(t))}" y="${top + plot + 12}" text-anchor="middle">${t}</text>`;
    s += `<text x="${left - 4}" y="${c(y(t) + 3)}" text-anchor="end">${t}</text>`;
  }
  s += `<text x="${left + plot / 2}" y="${top + plot + 25}" text-anchor="middle">${xLabel}</text>`;
  s += `<text transform="translate(10 ${top + plot / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text></g>`;
  return s;
}

/** Hidden SVG holding the shared chart frames. */
function sharedDefs(): string {
  return `<svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false"><defs>${miniFrame('f-roc', 'false positive rate', 'true positive rate')}${miniFrame('f-cal', 'mean score', 'observed durable rate')}</defs></svg>`;
}

function rocSvg(row: MetricsRow): string {
  const { left, top, plot, size } = MINI;
  const x = linearScale(0, 1, left, left + plot);
  const y = linearScale(0, 1, top + plot, top);
  const fpr = row.roc?.fpr ?? [];
  const tpr = row.roc?.tpr ?? [];
  let s = `<svg width="${size}" height="${size + 6}" viewBox="0 0 ${size} ${size + 6}" role="img" aria-label="ROC curve"><title>ROC curve (diagonal = chance). AUC ${fx(row.auc, 3)}</title>`;
  s += '<use href="#f-roc"/>';
  const n = Math.min(fpr.length, tpr.length);
  if (n >= 2) {
    const pts: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) pts.push([x(num(fpr[i])), y(num(tpr[i]))]);
    s += `<path class="roc" d="${linePath(simplifyAxisRuns(pts))}"/>`;
    // The operating point of the binary call (score >= threshold), from the confusion matrix.
    const opF = num(row.fp) / (num(row.fp) + num(row.tn));
    const opT = num(row.tp) / (num(row.tp) + num(row.fn));
    if (Number.isFinite(opF) && Number.isFinite(opT)) {
      s += `<circle cx="${c(x(opF))}" cy="${c(y(opT))}" r="3.2" fill="#fff" stroke="#d55e00" stroke-width="1.6"><title>call threshold: FPR ${fx(opF, 2)}, TPR ${fx(opT, 2)}</title></circle>`;
    }
    s += `<text x="${left + plot - 4}" y="${top + plot - 6}" text-anchor="end">AUC ${fx(row.auc, 3)}</text>`;
  } else {
    s += `<text x="${left + plot / 2}" y="${top + plot / 2}" text-anchor="middle">no curve: one class empty</text>`;
  }
  return `${s}</svg>`;
}

function calibrationSvg(row: MetricsRow): string {
  const { left, top, plot, size } = MINI;
  const x = linearScale(0, 1, left, left + plot);
  const y = linearScale(0, 1, top + plot, top);
  const bins = (row.calibration ?? []).filter((b) => num(b.n) > 0 && Number.isFinite(num(b.meanScore)) && Number.isFinite(num(b.observedRate)));
  const maxN = bins.reduce((m, b) => Math.max(m, num(b.n)), 0);
  let s = `<svg width="${size}" height="${size + 6}" viewBox="0 0 ${size} ${size + 6}" role="img" aria-label="Calibration plot"><title>Calibration: observed durable rate against mean score per bin; dot area proportional to episodes; dashed diagonal = perfect calibration</title>`;
  s += '<use href="#f-cal"/>';
  const br = num(row.baseRate);
  if (Number.isFinite(br)) s += `<path class="grid" style="stroke:#c9a227;stroke-dasharray:1 2" d="M${left} ${c(y(br))}H${left + plot}"/>`;
  for (const b of bins) {
    const r = 1.8 + 6 * Math.sqrt(num(b.n) / (maxN || 1));
    s += `<circle class="cal" cx="${c(x(num(b.meanScore)))}" cy="${c(y(num(b.observedRate)))}" r="${c(r)}"><title>${fx(b.lo, 1)}\u2013${fx(b.hi, 1)}: n ${fint(b.n)}, mean ${fx(b.meanScore, 2)}, observed ${fx(b.observedRate, 2)}</title></circle>`;
  }
  if (bins.length === 0) s += `<text x="${left + plot / 2}" y="${top + plot / 2}" text-anchor="middle">no scored episodes</text>`;
  return `${s}</svg>`;
}

function confusionTable(row: MetricsRow): string {
  return `<table class="cm"><caption class="muted">Confusion matrix (call = score \u2265 threshold)</caption><thead><tr><th></th><th>called durable</th><th>called not</th></tr></thead><tbody><tr><th>durable</th><td>${fint(row.tp)} <span class="muted">TP</span></td><td>${fint(row.fn)} <span class="muted">FN</span></td></tr><tr><th>not durable</th><td>${fint(row.fp)} <span class="muted">FP</span></td><td>${fint(row.tn)} <span class="muted">TN</span></td></tr></tbody></table>`;
}

function tradingTable(row: MetricsRow): string {
  const tv = row.trading;
  if (!tv) return '';
  const hs = (tv.horizons ?? []).map((h) => String(h));
  const line = (label: string, g: ReturnGroup | undefined): string => {
    if (!g) return '';
    const cells = hs.map((h) => `<td class="n">${fpct(g.mean?.[h], 1, true)}</td>`).join('') + hs.map((h) => `<td class="n">${fpct(g.median?.[h], 1, true)}</td>`).join('');
    return `<tr><th>${label}</th><td class="n">${fint(g.n)}</td>${cells}</tr>`;
  };
  const head = hs.map((h) => `<th class="n">mean ${esc(h)}d</th>`).join('') + hs.map((h) => `<th class="n">median ${esc(h)}d</th>`).join('');
  return `<table class="trading"><caption class="muted">Trading view: forward returns from the decision close</caption><thead><tr><th></th><th class="n">n</th>${head}</tr></thead><tbody>${line('called durable', tv.calledDurable)}${line('called not durable', tv.calledNot)}${line('all scored (buy every episode)', tv.all)}</tbody></table>`;
}

function excessFwd(row: MetricsRow): { v: number; h: string } {
  const tv = row.trading;
  if (!tv) return { v: NaN, h: '' };
  const hs = (tv.horizons ?? []).map(String);
  const h = hs.includes('63') ? '63' : (hs[0] ?? '');
  return { v: num(tv.calledDurable?.mean?.[h]) - num(tv.all?.mean?.[h]), h };
}

// ---------------------------------------------------------------------------
// Price history
// ---------------------------------------------------------------------------

interface Span {
  ep: Episode;
  x0: number;
  x1: number;
  xd: number;
  yd: number;
  onPrice: boolean;
}

function yearStep(years: number): number {
  for (const s of [1, 2, 5, 10, 20, 25, 50, 100, 200, 500]) if (years / s <= 12) return s;
  return 1000;
}

function priceChart(track: PriceTrack, episodes: Episode[], chartIndex: number): string {
  const dates = (track.dates ?? []).map(str);
  const closes = (track.close ?? []).map(num);
  const n = Math.min(dates.length, closes.length);
  const W = 1180;
  const M = { left: 58, right: 14, top: 10 };
  const PH = 300;
  const plotW = W - M.left - M.right;
  const days = new Float64Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    days[i] = isoDay(dates[i]!);
    const v = closes[i]!;
    if (v > 0 && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const valid = Number.isFinite(lo) && n > 0;
  let dMin = NaN;
  let dMax = NaN;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(days[i]!)) {
      if (Number.isNaN(dMin)) dMin = days[i]!;
      dMax = days[i]!;
    }
  }
  if (!valid || Number.isNaN(dMin)) {
    return `<p class="muted">No positive prices to draw for this dataset.</p>`;
  }
  if (dMax === dMin) dMax = dMin + 1;
  const pad = Math.max(0.02, Math.log(hi / lo) * 0.04);
  const yLo = lo * Math.exp(-pad);
  const yHi = hi * Math.exp(pad);
  const x = linearScale(dMin, dMax, M.left, M.left + plotW);
  const y = logScale(yLo, yHi, M.top + PH, M.top);

  // Episode spans on this calendar.
  const posOf = (idx: number | undefined, date: string): number => {
    if (idx !== undefined && idx >= 0 && idx < n && dates[idx] === date) return idx;
    const k = lowerBound(dates, date);
    return Math.min(n - 1, k);
  };
  const aligned = (ep: Episode): boolean => ep.decisionIndex >= 0 && ep.decisionIndex < n && dates[ep.decisionIndex] === ep.decisionDate;
  const spans: Span[] = [];
  for (const ep of episodes) {
    const di = posOf(ep.decisionIndex, str(ep.decisionDate));
    let si = posOf(ep.refLowIndex, str(ep.refLowDate));
    if (ep.windowStartIndex !== undefined && aligned(ep)) si = Math.max(0, Math.min(n - 1, ep.windowStartIndex));
    const H = Number.isFinite(num(ep.horizon)) ? num(ep.horizon) : 0;
    const ei = Math.min(n - 1, di + H);
    const xs = x(days[Math.min(si, di)]!);
    const xe = x(days[Math.max(ei, di)]!);
    const xd = x(days[di]!);
    if (!Number.isFinite(xs) || !Number.isFinite(xe) || !Number.isFinite(xd)) continue;
    spans.push({ ep, x0: xs, x1: Math.max(xe, xs + 1), xd, yd: y(closes[di]!), onPrice: str(ep.priceColumn) === str(track.column) });
  }

  // Lanes per kind, packed first-fit into at most 6 rows.
  const kinds = [...new Set(episodes.map((e) => str(e.kind)))].sort(kindCmp);
  const SUB = 6;
  const ROWH = 6;
  let laneY = M.top + PH + 30;
  let lanes = '';
  for (const kind of kinds) {
    const ks = spans.filter((s) => str(s.ep.kind) === kind);
    const ends: number[] = [];
    const rowOf: number[] = [];
    for (const s of ks) {
      let r = ends.findIndex((e) => e < s.x0 - 1);
      if (r < 0 && ends.length < SUB) r = ends.push(-Infinity) - 1;
      if (r < 0) {
        r = 0;
        for (let k = 1; k < ends.length; k++) if (ends[k]! < ends[r]!) r = k;
      }
      ends[r] = Math.max(ends[r]!, s.x1);
      rowOf.push(r);
    }
    const rows = Math.max(1, ends.length);
    const h = rows * (ROWH + 1);
    lanes += `<text x="${M.left - 6}" y="${c(laneY + h / 2 + 3)}" text-anchor="end">${esc(kind)}</text>`;
    lanes += `<rect x="${M.left}" y="${c(laneY - 1)}" width="${plotW}" height="${c(h + 1)}" fill="#f3f5f9"/>`;
    lanes += '<g class="lane">';
    let ticks = '';
    ks.forEach((s, i) => {
      const yy = laneY + rowOf[i]! * (ROWH + 1);
      lanes += `<rect class="o-${outcomeClass(str(s.ep.outcome))}" x="${c(s.x0)}" y="${c(yy)}" width="${c(s.x1 - s.x0)}" height="${ROWH}"><title>${esc(s.ep.id)} \u00b7 ${esc(s.ep.outcome)} \u00b7 low ${esc(s.ep.refLowDate)} \u2192 decision ${esc(s.ep.decisionDate)} (+${fint(s.ep.horizon)} days)${s.ep.sector !== undefined ? ` \u00b7 sector ${esc(s.ep.sector)}` : ''}${s.ep.window !== undefined ? ` \u00b7 window ${esc(s.ep.window)}` : ''}</title></rect>`;
      ticks += `M${c(s.xd)} ${c(yy - 0.5)}v${ROWH + 1}`;
    });
    lanes += `</g><path class="dec" d="${ticks}"/>`;
    laneY += h + 8;
  }
  const H = laneY + 18;

  let s = `<svg class="pricechart" width="${W}" height="${c(H)}" viewBox="0 0 ${W} ${c(H)}" role="img" aria-labelledby="pc-${chartIndex}-t"><title id="pc-${chartIndex}-t">Price history of ${esc(track.dataset)} (${esc(track.column)}), log scale, with episodes shaded by outcome</title>`;
  // Axes and grid.
  const yt = logTicks(yLo, yHi);
  for (const t of yt) {
    const yy = c(y(t));
    s += `<path class="grid" d="M${M.left} ${yy}H${M.left + plotW}"/><text x="${M.left - 6}" y="${c(y(t) + 3)}" text-anchor="end">${esc(tickLabel(t))}</text>`;
  }
  const y0 = Number(dates[0]!.slice(0, 4));
  const y1 = Number(dates[n - 1]!.slice(0, 4));
  const step = yearStep(y1 - y0 + 1);
  for (let yr = Math.ceil(y0 / step) * step; yr <= y1; yr += step) {
    const d = yearStartDay(yr);
    if (d < dMin || d > dMax) continue;
    const xx = c(x(d));
    s += `<path class="grid" d="M${xx} ${M.top}V${M.top + PH}"/><text x="${xx}" y="${M.top + PH + 14}" text-anchor="middle">${yr}</text>`;
  }
  // Bands on the price (episodes on this column), one path per outcome.
  for (const o of OUTCOMES) {
    const d = rectsPath(spans.filter((sp) => sp.onPrice && outcomeClass(str(sp.ep.outcome)) === o).map((sp) => ({ x: sp.x0, y: M.top, w: sp.x1 - sp.x0, h: PH })));
    if (d) s += `<path class="band o-${o}" d="${d}"/>`;
  }
  s += `<rect class="ax" x="${M.left}" y="${M.top}" width="${plotW}" height="${PH}"/>`;
  // Price line, decimated min/max per pixel bucket.
  // Min/max per pixel bucket: at most 2 points per bucket (a bucket split by a data gap may hold 4), ~2000 in all.
  const idx = decimateMinMax(days, closes.map((v) => (v > 0 ? v : NaN)), Math.min(990, plotW));
  const pts: Array<[number, number]> = idx.map((i) => (i < 0 ? [NaN, NaN] : [x(days[i]!), y(closes[i]!)]));
  s += `<path class="price" d="${linePath(pts)}"/>`;
  // Decision markers on the price.
  for (const o of OUTCOMES) {
    const d = dotsPath(spans.filter((sp) => sp.onPrice && outcomeClass(str(sp.ep.outcome)) === o).map((sp) => [sp.xd, sp.yd] as [number, number]), 2.6);
    if (d) s += `<path class="decdot o-${o}" d="${d}"/>`;
  }
  s += `<text transform="translate(12 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle">${esc(track.column)} (log scale)</text>`;
  s += lanes;
  return `${s}</svg>`;
}

function outcomeLegend(): string {
  return `<div class="legend">${OUTCOMES.map((o) => `<span><span class="sw o-${o}"></span>${o}</span>`).join('')}<span>\u25cf decision (on the price) / \u2502 decision tick (in the lanes)</span></div>`;
}

// ---------------------------------------------------------------------------
// Call grid
// ---------------------------------------------------------------------------

function callGrid(kindEpisodes: Episode[], preds: Prediction[], gridIndex: number): string {
  const rows = kindEpisodes;
  const colKeys = new Map<string, number>();
  const colList: Array<{ criterion: string; params: string; abstain: Map<string, number> }> = [];
  const pairs = new Set<string>();
  for (const p of preds) pairs.add(JSON.stringify([str(p.criterion), str(p.params)]));
  const sortedPairs = [...pairs].map((k) => JSON.parse(k) as [string, string]).sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
  for (const [cr, pa] of sortedPairs) {
    colKeys.set(`${cr}\u0000${pa}`, colList.length);
    colList.push({ criterion: cr, params: pa, abstain: new Map() });
  }
  const R = rows.length;
  const C = colList.length;
  if (R === 0 || C === 0) return `<p class="muted">No predictions for these episodes.</p>`;
  const rowOf = new Map<string, number>();
  rows.forEach((e, i) => rowOf.set(str(e.id), i));
  // Cell codes: -1 none, -2 abstain, -3 failed, 0..100 score in hundredths; bucket 0..9, 10 abstain, 11 failed, -1 none.
  const code = new Int16Array(R * C).fill(-1);
  const bucket = new Int8Array(R * C).fill(-1);
  for (const p of preds) {
    const r = rowOf.get(str(p.episodeId));
    const col = colKeys.get(`${str(p.criterion)}\u0000${str(p.params)}`);
    if (r === undefined || col === undefined) continue;
    const k = r * C + col;
    const sc = num(p.score);
    if (str(p.error) !== '') {
      code[k] = -3;
      bucket[k] = 11;
    } else if (!Number.isFinite(sc)) {
      code[k] = -2;
      bucket[k] = 10;
      const why = str(p.abstainReason) || 'abstained';
      const m = colList[col]!.abstain;
      m.set(why, (m.get(why) ?? 0) + 1);
    } else {
      const v = Math.min(1, Math.max(0, sc));
      code[k] = Math.round(v * 100);
      bucket[k] = Math.min(9, Math.floor(v * 10));
    }
  }
  const cw = C <= 40 ? 14 : C <= 110 ? 10 : 8;
  // Rotated column labels: steep and smaller when columns are narrow so neighbours do not overlap.
  const angle = cw >= 14 ? -62 : -90;
  const headFont = cw >= 14 ? 10 : cw >= 10 ? 9 : 7;
  const rh = 12;
  const labelW = 270;
  const width = labelW + C * cw;
  const headH = 150;

  // Header: rotated column labels.
  let head = `<svg class="hm-head" width="${width}" height="${headH}" viewBox="0 0 ${width} ${headH}">`;
  head += `<text x="4" y="${headH - 6}" class="muted">episode (decision date, id) \u2193 \u00b7 criterion (params) \u2192</text>`;
  colList.forEach((col, i) => {
    const full = `${col.criterion}${col.params ? ` (${col.params})` : ''}`;
    const ab = [...col.abstain.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
    const abText = ab.length ? ` \u00b7 abstained: ${ab.slice(0, 3).map(([w, k]) => `${w} (${k})`).join('; ')}` : '';
    const cx = labelW + i * cw + cw / 2 + (angle === -90 ? headFont / 3 : 3);
    head += `<text class="cl" font-size="${headFont}" style="font-size:${headFont}px" transform="translate(${c(cx)} ${headH - 4}) rotate(${angle})"><title>${esc(full + abText)}</title>${esc(clip(full, 26))}</text>`;
  });
  head += '</svg>';

  // Body: one stroked path per colour bucket, cells as runs in unit coordinates.
  const parts: string[][] = Array.from({ length: 12 }, () => []);
  const lastRow = new Int32Array(12).fill(-1);
  const penX = new Int32Array(12);
  for (let r = 0; r < R; r++) {
    let col = 0;
    while (col < C) {
      const b = bucket[r * C + col]!;
      let end = col + 1;
      while (end < C && bucket[r * C + end] === b) end++;
      if (b >= 0) {
        const len = end - col;
        if (lastRow[b] !== r) parts[b]!.push(`M${col} ${r}.5h${len}`);
        else parts[b]!.push(`m${col - penX[b]!} 0h${len}`);
        lastRow[b] = r;
        penX[b] = end;
      }
      col = end;
    }
  }
  const height = R * rh;
  let body = `<svg class="hm-body" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-x0="${labelW}" data-cw="${cw}" data-rh="${rh}" role="img" aria-label="episode by criterion call grid"><title class="tip">Call grid: rows are episodes, columns are criteria; colour = score</title>`;
  // Outcome squares.
  for (const o of OUTCOMES) {
    const d = rectsPath(rows.map((e, r) => ({ e, r })).filter(({ e }) => outcomeClass(str(e.outcome)) === o).map(({ r }) => ({ x: 2, y: r * rh + 1.5, w: 9, h: 9 })));
    if (d) body += `<path class="op o-${o}" d="${d}"/>`;
  }
  // Row labels carrying the call codes for the hover read-out.
  rows.forEach((e, r) => {
    let sCodes = '';
    for (let col = 0; col < C; col++) {
      const v = code[r * C + col]!;
      sCodes += v === -1 ? '...' : v === -2 ? '---' : v === -3 ? '!!!' : String(v).padStart(3, '0');
    }
    body += `<text class="rl" x="15" y="${r * rh + 9.5}" data-s="${sCodes}"><title>${esc(e.id)} \u00b7 decision ${esc(e.decisionDate)} \u00b7 ${esc(e.outcome)}</title>${esc(e.decisionDate)} ${esc(clip(str(e.id), 34))}</text>`;
  });
  body += `<g class="cells" transform="translate(${labelW} 0) scale(${cw} ${rh})" shape-rendering="crispEdges">`;
  for (let b = 0; b < 12; b++) {
    if (parts[b]!.length === 0) continue;
    const cls = b < 10 ? `b${b}` : b === 10 ? 'bA' : 'bF';
    body += `<path class="${cls}" d="${parts[b]!.join('')}"/>`;
  }
  body += '</g></svg>';

  const legend = `<div class="legend"><span>score:</span>${SCORE_COLOURS.map((_, i) => `<span title="${(i / 10).toFixed(1)}\u2013${((i + 1) / 10).toFixed(1)}"><span class="sw b${i}"></span>${i === 0 ? '0' : i === 5 ? '0.5' : i === 9 ? '\u21921' : ''}</span>`).join('')}<span><span class="sw bA"></span>abstained</span><span><span class="sw bF"></span>job failed</span><span><span class="sw" style="background:#fff"></span>no prediction</span><span>row marker = outcome:</span>${OUTCOMES.map((o) => `<span><span class="sw o-${o}"></span>${o}</span>`).join('')}</div>`;
  return `<div class="callgrid" id="grid-${gridIndex}">${legend}<div class="readout" aria-live="polite" hidden>Hover a cell to read episode, criterion and score.</div><div class="gridwrap">${head}${body}</div><p class="muted">${R} episodes \u00d7 ${C} criterion/parameter columns. Without scripting, hover a row label for the episode and a column label for the criterion.</p></div>`;
}

// ---------------------------------------------------------------------------
// Leaderboard and details
// ---------------------------------------------------------------------------

function leaderboardOrder(a: MetricsRow, b: MetricsRow): number {
  const aa = num(a.auc);
  const bb = num(b.auc);
  const an = Number.isNaN(aa);
  const bn = Number.isNaN(bb);
  if (an !== bn) return an ? 1 : -1;
  if (!an && aa !== bb) return bb - aa;
  return cmp(str(a.criterion), str(b.criterion)) || cmp(str(a.params), str(b.params)) || cmp(str(a.dataset), str(b.dataset));
}

interface RowRef {
  row: MetricsRow;
  anchor: string;
}

function leaderboard(rows: RowRef[]): string {
  const cols: Array<[string, string, string, string]> = [
    // label, type, class, title
    ['#', 'num', 'n', 'Default rank: AUC descending, ties by criterion id'],
    ['Dataset', 'text', '', ''],
    ['Criterion', 'text', '', ''],
    ['Params', 'text', '', ''],
    ['n', 'num', 'n', 'Episodes scored (not censored, abstained or failed)'],
    ['Abst.', 'num', 'n', 'Abstentions (and episodes lost to failed jobs)'],
    ['Base rate', 'num', 'n', 'Share of scored episodes that were durable'],
    ['AUC (95% CI)', 'num', '', 'ROC AUC; bar: thick = bootstrap interval resampling episodes, thin = resampling calendar years; dashed = 0.5'],
    ['Bal. acc. (95% CI)', 'num', '', 'Balanced accuracy; bar as for AUC'],
    ['MCC', 'num', 'n', 'Matthews correlation coefficient'],
    ['Brier', 'num', 'n', 'Brier score (lower is better)'],
    ['Lift', 'num', 'n', 'Precision / base rate'],
    ['p', 'num', 'n', 'One-sided permutation p-value, AUC > 0.5'],
    ['q', 'num', 'n', 'Benjamini-Hochberg q-value across all rows of the run'],
    ['\u0394 fwd', 'num', 'n', 'Mean forward return (63 days) of episodes called durable minus that of all scored episodes'],
    ['Sample', 'text', '', 'Small-sample flag'],
  ];
  let s = '<div class="tablewrap"><table class="leaderboard sortable"><thead><tr>';
  cols.forEach(([label, type, cls, title], i) => {
    s += `<th data-type="${type}"${cls ? ` class="${cls}"` : ''}${title ? ` title="${esc(title)}"` : ''}${i === 7 ? ' aria-sort="descending"' : ''}>${esc(label)}</th>`;
  });
  s += '</tr></thead><tbody>';
  rows.forEach(({ row, anchor }, i) => {
    const small = str(row.smallSample) !== '';
    const crit = str(row.criterion);
    const ex = excessFwd(row);
    s += `<tr data-i="${i}"${small ? ' class="small"' : ''}>`;
    s += `<td class="n" data-v="${i + 1}">${i + 1}</td>`;
    s += `<td data-v="${esc(row.dataset)}">${esc(row.dataset)}</td>`;
    s += `<td class="crit" data-v="${esc(crit)}"><a href="#${anchor}">${esc(crit)}</a>${BASELINES.has(crit) ? '<span class="badge">baseline</span>' : ''}</td>`;
    // Long parameter lists (e.g. consensus members) are clipped in the table; the full text is in the title.
    s += `<td class="par" data-v="${esc(row.params)}">${row.params ? `<code class="params" title="${esc(row.params)}">${esc(clip(row.params, 48))}</code>` : ''}</td>`;
    s += `<td class="n" data-v="${sortKey(row.n)}">${fint(row.n)}</td>`;
    const failed = num(row.failed);
    s += `<td class="n" data-v="${sortKey(row.abstentions)}">${fint(row.abstentions)}${failed > 0 ? ` <span class="badge warn" title="episodes lost to failed jobs">+${fint(failed)} failed</span>` : ''}</td>`;
    s += `<td class="n" data-v="${sortKey(row.baseRate)}">${fx(row.baseRate, 2)}</td>`;
    s += `<td data-v="${sortKey(row.auc)}" class="n fbc">${fx(row.auc, 3)}${forestBar('AUC', num(row.auc), row.aucCI, row.aucBlockCI, small)}<span class="ci">${ciText(row.aucCI, 2)}</span></td>`;
    s += `<td data-v="${sortKey(row.balancedAccuracy)}" class="n fbc">${fx(row.balancedAccuracy, 3)}${forestBar('Balanced accuracy', num(row.balancedAccuracy), row.balancedAccuracyCI, row.balancedAccuracyBlockCI, small)}<span class="ci">${ciText(row.balancedAccuracyCI, 2)}</span></td>`;
    s += `<td class="n" data-v="${sortKey(row.mcc)}">${fx(row.mcc, 3)}</td>`;
    s += `<td class="n" data-v="${sortKey(row.brier)}">${fx(row.brier, 3)}</td>`;
    s += `<td class="n" data-v="${sortKey(row.lift)}">${fx(row.lift, 2)}</td>`;
    s += `<td class="n" data-v="${sortKey(row.pValue)}">${fpH(row.pValue)}</td>`;
    s += `<td class="n" data-v="${sortKey(row.qValue)}">${fpH(row.qValue)}</td>`;
    s += `<td class="n" data-v="${sortKey(ex.v)}">${fpct(ex.v, 1, true)}</td>`;
    s += `<td class="flag" data-v="${esc(row.smallSample)}">${small ? `\u26a0 ${esc(row.smallSample)}` : ''}</td>`;
    s += '</tr>';
  });
  s += '</tbody></table></div>';
  return s;
}

function abstainSummary(reasons: Map<string, number> | undefined): string {
  if (!reasons || reasons.size === 0) return '';
  const list = [...reasons.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  const shown = list.slice(0, 4).map(([w, k]) => `${esc(w)} <span class="muted">(${k})</span>`);
  return `<p><b>Abstention reasons:</b> ${shown.join('; ')}${list.length > 4 ? `; and ${list.length - 4} more` : ''}</p>`;
}

function criterionDetails(ref: RowRef, reasons: Map<string, number> | undefined, claim: string): string {
  const row = ref.row;
  const small = str(row.smallSample) !== '';
  let s = `<details class="crit" id="${ref.anchor}"><summary><b>${esc(row.criterion)}</b> ${row.params ? `<code class="params">${esc(row.params)}</code> ` : ''}<span class="muted">\u00b7 ${esc(row.dataset)} \u00b7 n ${fint(row.n)} \u00b7 AUC ${fx(row.auc, 3)} [${ciText(row.aucCI, 2)}]</span>${small ? ` <span class="badge warn">\u26a0 small sample: ${esc(row.smallSample)}</span>` : ''}</summary><div class="crit-body">`;
  s += `<figure class="mini">${rocSvg(row)}<figcaption>ROC (diagonal = chance; \u25cb = the call)</figcaption></figure>`;
  s += `<figure class="mini">${calibrationSvg(row)}<figcaption>Calibration (dot area \u221d n; dotted = base rate)</figcaption></figure>`;
  s += '<div>';
  s += confusionTable(row);
  s += '<table class="kv"><tbody>';
  s += `<tr><th>scored / durable / not</th><td class="n">${fint(row.n)} / ${fint(row.positives)} / ${fint(row.negatives)}</td><td class="ci">abstained ${fint(row.abstentions)}, failed ${fint(row.failed)}, censored ${fint(row.censored)}</td></tr>`;
  s += metricWithCi('AUC', num(row.auc), row.aucCI, row.aucBlockCI);
  s += metricWithCi('balanced accuracy', num(row.balancedAccuracy), row.balancedAccuracyCI, row.balancedAccuracyBlockCI);
  s += metricWithCi('Brier', num(row.brier), row.brierCI, row.brierBlockCI);
  s += `<tr><th>precision / recall / specificity</th><td class="n">${fx(row.precision, 3)} / ${fx(row.recall, 3)} / ${fx(row.specificity, 3)}</td><td></td></tr>`;
  s += `<tr><th>F1 / accuracy / MCC</th><td class="n">${fx(row.f1, 3)} / ${fx(row.accuracy, 3)} / ${fx(row.mcc, 3)}</td><td></td></tr>`;
  s += `<tr><th>PR AUC / base rate / lift</th><td class="n">${fx(row.prAuc, 3)} / ${fx(row.baseRate, 3)} / ${fx(row.lift, 2)}</td><td></td></tr>`;
  s += `<tr><th>p / q</th><td class="n">${fpH(row.pValue)} / ${fpH(row.qValue)}</td><td></td></tr>`;
  s += '</tbody></table></div>';
  s += `<div>${tradingTable(row)}${abstainSummary(reasons)}${claim ? `<p class="muted">Claim tested: ${esc(claim)}</p>` : ''}</div>`;
  s += '</div></details>';
  return s;
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

function provenance(sm: RunSummary): string {
  let s = '<section id="provenance"><h2>Provenance</h2><dl class="facts">';
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
  s += '</dl>';

  const failures = [...(sm.failures ?? [])].sort((a, b) => cmp(str(a.jobKey), str(b.jobKey)) || cmp(str(a.reason), str(b.reason)));
  if (failures.length > 0) {
    s += `<div class="failures" id="failures"><h3>\u2716 ${failures.length} failed job${failures.length === 1 ? '' : 's'}</h3><p>These jobs crashed; their episodes are excluded from the metrics of their rows (counted as "failed"), the rest of the run completed.</p><div class="tablewrap"><table><thead><tr><th>Job</th><th>Dataset</th><th>Kind</th><th>Criterion</th><th>Params</th><th>Reason</th></tr></thead><tbody>`;
    for (const f of failures) {
      s += `<tr><td><code>${esc(f.jobKey)}</code></td><td>${esc(f.dataset)}</td><td>${esc(f.kind)}</td><td>${esc(f.criterion)}</td><td>${f.params ? `<code>${esc(f.params)}</code>` : ''}</td><td>${esc(f.reason)}</td></tr>`;
    }
    s += '</tbody></table></div></div>';
  }

  const data = [...(sm.data ?? [])].sort((a, b) => cmp(str(a.dataset), str(b.dataset)) || cmp(str(a.role), str(b.role)) || cmp(str(a.file), str(b.file)));
  s += '<h3>Data files</h3>';
  if (data.length === 0) s += '<p class="muted">No data files recorded.</p>';
  else {
    s += '<div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Role</th><th>File</th><th>sha256</th><th class="n">Rows</th><th class="n">Missing</th><th class="n">Rejected</th><th>Series</th><th>Notes</th></tr></thead><tbody>';
    for (const d of data) {
      s += `<tr><td>${esc(d.dataset)}</td><td>${esc(d.role)}</td><td><code>${esc(d.file)}</code></td><td>${shortHash(d.sha256)}</td><td class="n">${fint(d.rows)}</td><td class="n">${fint(d.missing)}</td><td class="n">${fint(d.rejected)}</td><td>${esc(clip((d.series ?? []).map(str).join(', '), 120))}</td><td>${(d.notes ?? []).map((x) => esc(x)).join('<br>')}</td></tr>`;
    }
    s += '</tbody></table></div>';
  }

  const ds = [...(sm.datasets ?? [])].sort((a, b) => cmp(str(a.id), str(b.id)));
  if (ds.length > 0) {
    s += '<h3>Datasets</h3><div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Start</th><th>End</th><th class="n">Bars</th><th>Columns</th></tr></thead><tbody>';
    for (const d of ds) {
      s += `<tr><td>${esc(d.id)}</td><td>${esc(d.start)}</td><td>${esc(d.end)}</td><td class="n">${fint(d.bars)}</td><td>${esc(clip((d.columns ?? []).map(str).join(', '), 160))}</td></tr>`;
    }
    s += '</tbody></table></div>';
  }

  const defs = [...(sm.definitions ?? [])].sort((a, b) => kindCmp(str(a.kind), str(b.kind)) || cmp(str(a.version), str(b.version)));
  s += '<h3>Episode definitions</h3>';
  if (defs.length === 0) s += '<p class="muted">No definitions recorded.</p>';
  else {
    s += '<table><thead><tr><th>Kind</th><th>Version</th><th>Parameters</th></tr></thead><tbody>';
    for (const d of defs) s += `<tr><td>${esc(d.kind)}</td><td>${esc(d.version)}</td><td>${paramList(d.params)}</td></tr>`;
    s += '</tbody></table>';
  }

  const crit = [...(sm.criteria ?? [])].sort((a, b) => cmp(str(a.id), str(b.id)));
  if (crit.length > 0) {
    const sets = crit.reduce((k, x) => k + (x.paramSets?.length ?? 0), 0);
    s += `<details class="more"><summary>${crit.length} criteria, ${sets} parameter sets</summary><div class="tablewrap"><table><thead><tr><th>Criterion</th><th>Source</th><th>Claim</th><th>Needs</th><th>Scoring</th><th>Parameter sets</th></tr></thead><tbody>`;
    for (const cr of crit) {
      s += `<tr><td>${esc(cr.id)}</td><td>${esc(cr.source)}</td><td>${esc(cr.claim)}</td><td>${esc((cr.needs ?? []).map(str).join(', '))}</td><td>${esc(cr.scoring)}</td><td>${(cr.paramSets ?? []).map((p) => (str(p) === '' ? '<span class="muted">(none)</span>' : `<code>${esc(p)}</code>`)).join('<br>')}</td></tr>`;
    }
    s += '</tbody></table></div></details>';
  }
  if (sm.config !== undefined) {
    let text: string;
    try {
      text = JSON.stringify(sm.config, null, 2) ?? String(sm.config);
    } catch {
      text = String(sm.config);
    }
    s += `<details class="more"><summary>Run configuration (JSON)</summary><pre>${esc(text)}</pre></details>`;
  }
  s += '</section>';
  return s;
}

function notes(sm: RunSummary, metrics: MetricsRow[]): string {
  const st = sm.statistics;
  const flagged = metrics.filter((m) => str(m.smallSample) !== '').length;
  const level = st ? fint(num(st.level) * 100) : '95';
  let s = '<section class="notes" id="notes"><h2>Reading these numbers honestly</h2><ul>';
  if (metrics.length === 0) s += '<li><b>No result rows:</b> nothing was scored in this run.</li>';
  else if (flagged > 0) {
    s += `<li><b>\u26a0 ${flagged} of ${metrics.length} result rows have a small sample</b> (fewer than 30 scored episodes or fewer than 5 of a class). They are flagged \u26a0 in every table: their intervals are wide and their point estimates should not be trusted.</li>`;
  } else s += `<li>No result row is flagged as a small sample (every row has at least 30 scored episodes and 5 of each class).</li>`;
  s += `<li><b>Intervals</b> are ${level}% bootstrap <i>percentile</i> intervals${st ? ` from ${fint(st.bootstrap)} resamples` : ''}, drawn with the run seed. The thick bar resamples episodes independently; the thin bar is a <i>block</i> bootstrap that resamples whole calendar years of decisions, so episodes clustered in one year move together. When the two disagree, trust the wider one.</li>`;
  s += `<li><b>p-values</b> are one-sided permutation tests of AUC &gt; 0.5${st ? ` (${fint(st.permutations)} label shuffles)` : ''}; <b>q-values</b> are Benjamini\u2013Hochberg adjusted across all ${metrics.length} rows this run tested. With many criteria some p &lt; 0.05 arise by chance alone: read q.</li>`;
  s += `<li>Durable = 1; stalled and failed = 0. A criterion <i>calls</i> durable when its score \u2265 ${st ? fx(st.threshold, 2) : 'the threshold'}. Censored episodes are listed but never scored; abstentions and failed jobs are left out of n. Compare every criterion with the <b>baselines</b> (always-durable, coin-flip).</li>`;
  s += '</ul></section>';
  return s;
}

function powerSection(rows: PowerRow[]): string {
  const sorted = [...rows].sort((a, b) => cmp(str(a.dataset), str(b.dataset)) || kindCmp(str(a.kind), str(b.kind)));
  const keys = [...new Set(sorted.flatMap((r) => Object.keys(r.power ?? {})))].sort((a, b) => Number(a) - Number(b) || cmp(a, b));
  let s = '<section id="power"><h2>Statistical power</h2><p>How large an AUC this many episodes can reveal: the minimum AUC the permutation test detects with 80% probability, and the power at a few true AUCs.</p>';
  s += '<ul class="power-sentences">';
  for (const r of sorted) {
    const mda = num(r.minDetectableAuc);
    const who = `<b>${esc(r.dataset)}</b>, ${esc(kindTitle(str(r.kind)).toLowerCase())}`;
    s += Number.isFinite(mda)
      ? `<li>${who}: with ${fint(r.n)} episodes (${fint(r.positives)} durable, ${fint(r.negatives)} not), only AUC above ~${fx(mda, 2)} is detectable (80% power, \u03b1 = ${fx(r.alpha, 2)}).</li>`
      : `<li>${who}: with ${fint(r.n)} episodes (${fint(r.positives)} durable, ${fint(r.negatives)} not), no AUC up to 0.99 is reliably detectable: every AUC here is anecdotal.</li>`;
  }
  s += '</ul><div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Kind</th><th class="n">n</th><th class="n">Positives</th><th class="n">Negatives</th><th class="n">\u03b1</th><th class="n">Min. detectable AUC</th>';
  for (const k of keys) s += `<th class="n">Power at ${esc(k)}</th>`;
  s += '</tr></thead><tbody>';
  for (const r of sorted) {
    s += `<tr><td>${esc(r.dataset)}</td><td>${esc(r.kind)}</td><td class="n">${fint(r.n)}</td><td class="n">${fint(r.positives)}</td><td class="n">${fint(r.negatives)}</td><td class="n">${fx(r.alpha, 2)}</td><td class="n">${fx(r.minDetectableAuc, 2)}</td>`;
    for (const k of keys) s += `<td class="n">${fpct(r.power?.[k], 0)}</td>`;
    s += '</tr>';
  }
  s += '</tbody></table></div></section>';
  return s;
}

function outcomeCounts(episodes: Episode[]): string {
  const byDs = new Map<string, Episode[]>();
  for (const e of episodes) {
    const k = str(e.market);
    let l = byDs.get(k);
    if (!l) byDs.set(k, (l = []));
    l.push(e);
  }
  let s = '<table><thead><tr><th>Dataset</th><th class="n">Episodes</th>';
  for (const o of OUTCOMES) s += `<th class="n"><span class="sw o-${o}"></span>${o}</th>`;
  s += '<th class="n">Durable share (scored)</th></tr></thead><tbody>';
  for (const ds of [...byDs.keys()].sort(cmp)) {
    const l = byDs.get(ds)!;
    const count = (o: string): number => l.filter((e) => outcomeClass(str(e.outcome)) === o).length;
    const scored = l.length - count('censored');
    s += `<tr><td>${esc(ds)}</td><td class="n">${l.length}</td>${OUTCOMES.map((o) => `<td class="n">${count(o)}</td>`).join('')}<td class="n">${scored > 0 ? fx(count('durable') / scored, 2) : DASH}</td></tr>`;
  }
  s += '</tbody></table>';
  return s;
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/** Render a finished run as one self-contained, deterministic HTML document. */
export function renderHtml(result: RunResult): string {
  const sm = result.summary;
  const metrics = [...(sm.metrics ?? [])];
  const episodes = [...(result.episodes ?? [])].sort(
    (a, b) => cmp(str(a.market), str(b.market)) || cmp(str(a.decisionDate), str(b.decisionDate)) || cmp(str(a.id), str(b.id)),
  );
  const predictions = result.predictions ?? [];
  const epById = new Map<string, Episode>();
  for (const e of episodes) epById.set(str(e.id), e);

  const claims = new Map<string, string>();
  for (const cr of sm.criteria ?? []) if (!claims.has(str(cr.id))) claims.set(str(cr.id), str(cr.claim));

  const kinds = [...new Set([...episodes.map((e) => str(e.kind)), ...metrics.map((m) => str(m.kind))])].sort(kindCmp);

  // Predictions by kind; abstention reasons per metrics key.
  const predsByKind = new Map<string, Prediction[]>();
  const reasons = new Map<string, Map<string, number>>();
  for (const p of predictions) {
    const ep = epById.get(str(p.episodeId));
    if (!ep) continue;
    const k = str(ep.kind);
    let l = predsByKind.get(k);
    if (!l) predsByKind.set(k, (l = []));
    l.push(p);
    if (str(p.error) === '' && !Number.isFinite(num(p.score)) && ep.label !== null) {
      const key = JSON.stringify([str(ep.market), k, str(p.criterion), str(p.params)]);
      let m = reasons.get(key);
      if (!m) reasons.set(key, (m = new Map()));
      const why = str(p.abstainReason) || 'abstained';
      m.set(why, (m.get(why) ?? 0) + 1);
    }
  }

  const title = `Rally replay report \u2014 ${str(sm.engine?.name)} ${str(sm.engine?.version)}`;
  let html = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">';
  html += `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">`;
  html += '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><meta name="referrer" content="no-referrer">';
  html += `<title>${esc(title)}</title><style>${CSS}</style></head><body>`;

  html += `<header><h1>Rally replay report</h1><p class="sub">${esc(sm.engine?.name)} ${esc(sm.engine?.version)} \u00b7 config ${shortHash(sm.runConfigHash, 12)} \u00b7 seed <code>${esc(sm.seed)}</code>${sm.shard !== undefined ? ` \u00b7 shard <code>${esc(sm.shard)}</code>` : ''} \u00b7 ${fint(sm.counts?.episodes ?? episodes.length)} episodes \u00b7 ${metrics.length} result rows${(sm.failures?.length ?? 0) > 0 ? ` \u00b7 <a href="#failures">${sm.failures.length} failed job${sm.failures.length === 1 ? '' : 's'}</a>` : ''}</p></header>`;

  html += '<nav class="toc"><b>Contents:</b> <a href="#notes">Reading the numbers</a><a href="#provenance">Provenance</a><a href="#prices">Price history</a>';
  kinds.forEach((k, i) => (html += `<a href="#kind-${i}">${esc(kindTitle(k))}</a>`));
  if ((sm.power ?? []).length > 0) html += '<a href="#power">Power</a>';
  html += '</nav>';

  html += sharedDefs();
  html += notes(sm, metrics);
  html += provenance(sm);

  // Price history per dataset.
  html += '<section id="prices"><h2>Price history</h2><p>Log scale. Shaded bands: episodes on this price series, from the reference low (or the seasonal window\u2019s start) to the decision plus the horizon, coloured by outcome; dots mark decisions. The lanes below show every episode of each kind on this dataset (sector-led episodes follow their sector\u2019s index, not this line). Hover a lane bar for the episode.</p>';
  html += outcomeLegend();
  const tracks = [...(result.prices ?? [])].sort((a, b) => cmp(str(a.dataset), str(b.dataset)) || cmp(str(a.column), str(b.column)));
  if (tracks.length === 0) html += '<p class="muted">No price tracks in this run.</p>';
  tracks.forEach((tr, i) => {
    const eps = episodes.filter((e) => str(e.market) === str(tr.dataset));
    const nb = Math.min(tr.dates?.length ?? 0, tr.close?.length ?? 0);
    html += `<figure class="chart"><h3>${esc(tr.dataset)} <span class="muted">\u00b7 ${esc(tr.column)} \u00b7 ${nb > 0 ? `${esc(tr.dates[0])} to ${esc(tr.dates[nb - 1])}` : 'empty'} \u00b7 ${nb} bars \u00b7 ${eps.length} episodes</span></h3>${priceChart(tr, eps, i)}</figure>`;
  });
  html += '</section>';

  // One section per episode kind.
  let anchor = 0;
  kinds.forEach((kind, ki) => {
    const kEps = episodes.filter((e) => str(e.kind) === kind);
    const kRows = metrics.filter((m) => str(m.kind) === kind).sort(leaderboardOrder);
    const refs: RowRef[] = kRows.map((row) => ({ row, anchor: `m-${anchor++}` }));
    const def = (sm.definitions ?? []).filter((d) => str(d.kind) === kind);
    html += `<section class="kind" id="kind-${ki}" data-kind="${esc(kind)}"><h2>${esc(kindTitle(kind))}</h2>`;
    for (const d of def) html += `<p class="muted">Definition <code>${esc(d.kind)}</code> (${esc(d.version)}): ${paramList(d.params)}</p>`;
    html += kEps.length > 0 ? outcomeCounts(kEps) : '<p class="muted">No episodes of this kind.</p>';
    const flagged = kRows.filter((r) => str(r.smallSample) !== '').length;
    html += `<h3>Leaderboard</h3><p class="muted">${kRows.length} rows (criterion \u00d7 parameters \u00d7 dataset), ordered by AUC; click a header to sort. Bars: \u25cf point estimate, thick line = ${fint(num(sm.statistics?.level ?? 0.95) * 100)}% bootstrap interval, thin line = calendar-year block interval, dashed = 0.5; amber bars and \u26a0 mark small samples.${flagged > 0 ? ` <b class="badge warn">\u26a0 ${flagged} small-sample row${flagged === 1 ? '' : 's'}</b>` : ''}</p>`;
    html += kRows.length > 0 ? leaderboard(refs) : '<p class="muted">No scored rows for this kind.</p>';
    if (refs.length > 0) {
      html += `<h3>Criteria in detail</h3><div class="toolbar" hidden></div>`;
      for (const ref of refs) {
        const key = JSON.stringify([str(ref.row.dataset), kind, str(ref.row.criterion), str(ref.row.params)]);
        html += criterionDetails(ref, reasons.get(key), claims.get(str(ref.row.criterion)) ?? '');
      }
    }
    html += `<h3>Call grid</h3>`;
    html += callGrid(kEps, predsByKind.get(kind) ?? [], ki);
    html += '</section>';
  });

  if ((sm.power ?? []).length > 0) html += powerSection(sm.power);

  html += `<footer>Generated by ${esc(sm.engine?.name)} ${esc(sm.engine?.version)} from run config ${shortHash(sm.runConfigHash, 12)}, seed <code>${esc(sm.seed)}</code>. This file is self-contained (no network requests) and byte-identical for the same inputs and seed.</footer>`;
  html += `<script>${SCRIPT}</script></body></html>\n`;
  return html;
}
