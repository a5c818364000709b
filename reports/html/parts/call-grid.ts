/**
 * The episode x criterion call grid of one kind: one SVG row per episode, one
 * column per criterion/parameter pair, each cell coloured by score bucket.
 * Light at scale: one stroked <path> per colour bucket, cells as runs in unit
 * coordinates. Each row label carries its cells as 3-character codes in data-s
 * for the script's hover read-out ("..." none, "---" abstained, "!!!" failed,
 * else the score in hundredths).
 */
import type { Episode, Prediction } from '../../../engine/types.ts';
import { clip, cmp, esc, num, str } from '../format.ts';
import { c, rectsPath } from '../svg.ts';
import { OUTCOMES, SCORE_COLOURS, outcomeClass } from '../vocabulary.ts';

interface Column {
  criterion: string;
  params: string;
  /** Abstention reasons in this column, with counts. */
  abstain: Map<string, number>;
}

/** Cell codes: -1 none, -2 abstain, -3 failed, 0..100 score in hundredths. Buckets: 0..9 score, 10 abstain, 11 failed, -1 none. */
interface Cells {
  code: Int16Array;
  bucket: Int8Array;
}

const BUCKETS = 12;
const ROW_H = 12;
const LABEL_W = 270;
const HEAD_H = 150;

const columnKey = (criterion: string, params: string): string => `${criterion}\u0000${params}`;

/** One column per distinct criterion/parameter pair, in code-point order. */
function callColumns(preds: Prediction[]): Column[] {
  const pairs = new Set<string>();
  for (const p of preds) pairs.add(JSON.stringify([str(p.criterion), str(p.params)]));
  const sortedPairs = [...pairs].map((k) => JSON.parse(k) as [string, string]).sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
  return sortedPairs.map(([criterion, params]) => ({ criterion, params, abstain: new Map() }));
}

/** Fill the cells from the predictions (and count each column's abstention reasons). */
function callCells(rows: Episode[], cols: Column[], preds: Prediction[]): Cells {
  const C = cols.length;
  const colOf = new Map<string, number>();
  cols.forEach((col, i) => colOf.set(columnKey(col.criterion, col.params), i));
  const rowOf = new Map<string, number>();
  rows.forEach((e, i) => rowOf.set(str(e.id), i));
  const code = new Int16Array(rows.length * C).fill(-1);
  const bucket = new Int8Array(rows.length * C).fill(-1);
  for (const p of preds) {
    const r = rowOf.get(str(p.episodeId));
    const col = colOf.get(columnKey(str(p.criterion), str(p.params)));
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
      const m = cols[col]!.abstain;
      m.set(why, (m.get(why) ?? 0) + 1);
    } else {
      const v = Math.min(1, Math.max(0, sc));
      code[k] = Math.round(v * 100);
      bucket[k] = Math.min(9, Math.floor(v * 10));
    }
  }
  return { code, bucket };
}

/** Header: rotated column labels, steep and smaller when columns are narrow so neighbours do not overlap. */
function gridHead(cols: Column[], cw: number, width: number): string {
  const angle = cw >= 14 ? -62 : -90;
  const headFont = cw >= 14 ? 10 : cw >= 10 ? 9 : 7;
  let head = `<svg class="hm-head" width="${width}" height="${HEAD_H}" viewBox="0 0 ${width} ${HEAD_H}">`;
  head += `<text x="4" y="${HEAD_H - 6}" class="muted">episode (decision date, id) \u2193 \u00b7 criterion (params) \u2192</text>`;
  cols.forEach((col, i) => {
    const full = `${col.criterion}${col.params ? ` (${col.params})` : ''}`;
    const ab = [...col.abstain.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
    const abText = ab.length ? ` \u00b7 abstained: ${ab.slice(0, 3).map(([w, k]) => `${w} (${k})`).join('; ')}` : '';
    const cx = LABEL_W + i * cw + cw / 2 + (angle === -90 ? headFont / 3 : 3);
    head += `<text class="cl" font-size="${headFont}" style="font-size:${headFont}px" transform="translate(${c(cx)} ${HEAD_H - 4}) rotate(${angle})"><title>${esc(full + abText)}</title>${esc(clip(full, 26))}</text>`;
  });
  return `${head}</svg>`;
}

/** Path data per colour bucket: each row's runs of equal cells as horizontal strokes. */
function bucketPaths(bucket: Int8Array, R: number, C: number): string[][] {
  const parts: string[][] = Array.from({ length: BUCKETS }, () => []);
  const lastRow = new Int32Array(BUCKETS).fill(-1);
  const penX = new Int32Array(BUCKETS);
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
  return parts;
}

/** The row label of an episode, carrying its call codes for the hover read-out. */
function rowLabel(e: Episode, r: number, code: Int16Array, C: number): string {
  let sCodes = '';
  for (let col = 0; col < C; col++) {
    const v = code[r * C + col]!;
    sCodes += v === -1 ? '...' : v === -2 ? '---' : v === -3 ? '!!!' : String(v).padStart(3, '0');
  }
  return `<text class="rl" x="15" y="${r * ROW_H + 9.5}" data-s="${sCodes}"><title>${esc(e.id)} \u00b7 decision ${esc(e.decisionDate)} \u00b7 ${esc(e.outcome)}</title>${esc(e.decisionDate)} ${esc(clip(str(e.id), 34))}</text>`;
}

/** Body: outcome squares, row labels, then the cells. */
function gridBody(rows: Episode[], cells: Cells, C: number, cw: number, width: number): string {
  const height = rows.length * ROW_H;
  let body = `<svg class="hm-body" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-x0="${LABEL_W}" data-cw="${cw}" data-rh="${ROW_H}" role="img" aria-label="episode by criterion call grid"><title class="tip">Call grid: rows are episodes, columns are criteria; colour = score</title>`;
  for (const o of OUTCOMES) {
    const d = rectsPath(rows.map((e, r) => ({ e, r })).filter(({ e }) => outcomeClass(str(e.outcome)) === o).map(({ r }) => ({ x: 2, y: r * ROW_H + 1.5, w: 9, h: 9 })));
    if (d) body += `<path class="op o-${o}" d="${d}"/>`;
  }
  rows.forEach((e, r) => (body += rowLabel(e, r, cells.code, C)));
  body += `<g class="cells" transform="translate(${LABEL_W} 0) scale(${cw} ${ROW_H})" shape-rendering="crispEdges">`;
  const parts = bucketPaths(cells.bucket, rows.length, C);
  for (let b = 0; b < BUCKETS; b++) {
    if (parts[b]!.length === 0) continue;
    const cls = b < 10 ? `b${b}` : b === 10 ? 'bA' : 'bF';
    body += `<path class="${cls}" d="${parts[b]!.join('')}"/>`;
  }
  return `${body}</g></svg>`;
}

function gridLegend(): string {
  return `<div class="legend"><span>score:</span>${SCORE_COLOURS.map((_, i) => `<span title="${(i / 10).toFixed(1)}\u2013${((i + 1) / 10).toFixed(1)}"><span class="sw b${i}"></span>${i === 0 ? '0' : i === 5 ? '0.5' : i === 9 ? '\u21921' : ''}</span>`).join('')}<span><span class="sw bA"></span>abstained</span><span><span class="sw bF"></span>job failed</span><span><span class="sw" style="background:#fff"></span>no prediction</span><span>row marker = outcome:</span>${OUTCOMES.map((o) => `<span><span class="sw o-${o}"></span>${o}</span>`).join('')}</div>`;
}

export function callGrid(kindEpisodes: Episode[], preds: Prediction[], gridIndex: number): string {
  const rows = kindEpisodes;
  const cols = callColumns(preds);
  const R = rows.length;
  const C = cols.length;
  if (R === 0 || C === 0) return `<p class="muted">No predictions for these episodes.</p>`;
  const cells = callCells(rows, cols, preds);
  const cw = C <= 40 ? 14 : C <= 110 ? 10 : 8;
  const width = LABEL_W + C * cw;
  const grid = gridHead(cols, cw, width) + gridBody(rows, cells, C, cw, width);
  return `<div class="callgrid" id="grid-${gridIndex}">${gridLegend()}<div class="readout" aria-live="polite" hidden>Hover a cell to read episode, criterion and score.</div><div class="gridwrap">${grid}</div><p class="muted">${R} episodes \u00d7 ${C} criterion/parameter columns. Without scripting, hover a row label for the episode and a column label for the criterion.</p></div>`;
}
