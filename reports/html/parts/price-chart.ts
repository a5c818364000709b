/**
 * The price history of one dataset: a log-scale line (min/max-decimated to
 * ~2000 points), the episodes on this price shaded by outcome with dots at
 * their decisions, and below it one lane per episode kind holding every
 * episode of the dataset as a bar.
 */
import type { Episode } from '../../../engine/types.ts';
import type { PriceTrack } from '../../../engine/results.ts';
import { dayFromYmd, parseIsoDay } from '../../../engine/calendar.ts';
import { esc, fint, num, str } from '../format.ts';
import { type Scale, c, decimateMinMax, dotsPath, linePath, linearScale, logScale, logTicks, rectsPath, tickLabel } from '../svg.ts';
import { OUTCOMES, kindCmp, outcomeClass } from '../vocabulary.ts';

const W = 1180;
const M = { left: 72, right: 14, top: 10 };
/** Height of the price plot. */
const PH = 300;
const PLOT_W = W - M.left - M.right;
/** Lanes: at most SUB rows of bars per kind, each ROWH high. */
const SUB = 6;
const ROWH = 6;

/** The price series on its axes. */
interface Frame {
  dates: string[];
  closes: number[];
  n: number;
  /** Day numbers of the dates. */
  days: Float64Array;
  dMin: number;
  dMax: number;
  yLo: number;
  yHi: number;
  x: Scale;
  y: Scale;
}

/** An episode placed on the chart. */
interface Span {
  ep: Episode;
  x0: number;
  x1: number;
  xd: number;
  yd: number;
  onPrice: boolean;
}

/** Outcome swatches, and the two decision markers of the chart. */
export function outcomeLegend(): string {
  return `<div class="legend">${OUTCOMES.map((o) => `<span><span class="sw o-${o}"></span>${o}</span>`).join('')}<span>\u25cf decision (on the price) / \u2502 decision tick (in the lanes)</span></div>`;
}

/** Index of the first element of sorted `arr` that is >= `key` (arr.length if none). */
function lowerBound(arr: readonly string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function yearStep(years: number): number {
  for (const s of [1, 2, 5, 10, 20, 25, 50, 100, 200, 500]) if (years / s <= 12) return s;
  return 1000;
}

/** Scales for the track, or null when it has no positive price on a valid date. */
function priceFrame(track: PriceTrack): Frame | null {
  const dates = (track.dates ?? []).map(str);
  const closes = (track.close ?? []).map(num);
  const n = Math.min(dates.length, closes.length);
  const days = new Float64Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    days[i] = parseIsoDay(dates[i]!);
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
  if (!valid || Number.isNaN(dMin)) return null;
  if (dMax === dMin) dMax = dMin + 1;
  const pad = Math.max(0.02, Math.log(hi / lo) * 0.04);
  // Kept inside the finite positive numbers (a close of 1e308 or 1e-300 still has an axis).
  const yLo = Math.max(Number.MIN_VALUE, lo * Math.exp(-pad));
  const yHi = Math.min(Number.MAX_VALUE, hi * Math.exp(pad));
  const x = linearScale(dMin, dMax, M.left, M.left + PLOT_W);
  const y = logScale(yLo, yHi, M.top + PH, M.top);
  return { dates, closes, n, days, dMin, dMax, yLo, yHi, x, y };
}

/** Episodes on this calendar: from the reference low (or window start) to the decision plus the horizon. */
function episodeSpans(f: Frame, episodes: Episode[], column: string): Span[] {
  const { dates, n, days, x, y } = f;
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
    spans.push({ ep, x0: xs, x1: Math.max(xe, xs + 1), xd, yd: y(f.closes[di]!), onPrice: str(ep.priceColumn) === column });
  }
  return spans;
}

/** First-fit rows for spans sorted by start, at most SUB of them (overflow goes to the row that ends first). */
function packRows(spans: Span[]): { rowOf: number[]; rows: number } {
  const ends: number[] = [];
  const rowOf: number[] = [];
  for (const s of spans) {
    let r = ends.findIndex((e) => e < s.x0 - 1);
    if (r < 0 && ends.length < SUB) r = ends.push(-Infinity) - 1;
    if (r < 0) {
      r = 0;
      for (let k = 1; k < ends.length; k++) if (ends[k]! < ends[r]!) r = k;
    }
    ends[r] = Math.max(ends[r]!, s.x1);
    rowOf.push(r);
  }
  return { rowOf, rows: Math.max(1, ends.length) };
}

function laneTitle(ep: Episode): string {
  return `${esc(ep.id)} \u00b7 ${esc(ep.outcome)} \u00b7 low ${esc(ep.refLowDate)} \u2192 decision ${esc(ep.decisionDate)} (+${fint(ep.horizon)} days)${ep.sector !== undefined ? ` \u00b7 sector ${esc(ep.sector)}` : ''}${ep.window !== undefined ? ` \u00b7 window ${esc(ep.window)}` : ''}`;
}

/** One lane per kind under the price plot; returns the SVG and the y below the last lane. */
function episodeLanes(spans: Span[], episodes: Episode[]): { svg: string; bottom: number } {
  const kinds = [...new Set(episodes.map((e) => str(e.kind)))].sort(kindCmp);
  let laneY = M.top + PH + 30;
  let lanes = '';
  for (const kind of kinds) {
    const ks = spans.filter((s) => str(s.ep.kind) === kind);
    const { rowOf, rows } = packRows(ks);
    const h = rows * (ROWH + 1);
    lanes += `<text x="${M.left - 6}" y="${c(laneY + h / 2 + 3)}" text-anchor="end">${esc(kind)}</text>`;
    lanes += `<rect x="${M.left}" y="${c(laneY - 1)}" width="${PLOT_W}" height="${c(h + 1)}" fill="#f3f5f9"/>`;
    lanes += '<g class="lane">';
    let ticks = '';
    ks.forEach((s, i) => {
      const yy = laneY + rowOf[i]! * (ROWH + 1);
      lanes += `<rect class="o-${outcomeClass(str(s.ep.outcome))}" x="${c(s.x0)}" y="${c(yy)}" width="${c(s.x1 - s.x0)}" height="${ROWH}"><title>${laneTitle(s.ep)}</title></rect>`;
      ticks += `M${c(s.xd)} ${c(yy - 0.5)}v${ROWH + 1}`;
    });
    lanes += `</g><path class="dec" d="${ticks}"/>`;
    laneY += h + 8;
  }
  return { svg: lanes, bottom: laneY };
}

/** Horizontal grid at log ticks and vertical grid at round years, with labels. */
function priceAxes(f: Frame): string {
  const { dates, n, x, y } = f;
  let s = '';
  for (const t of logTicks(f.yLo, f.yHi)) {
    const yy = c(y(t));
    s += `<path class="grid" d="M${M.left} ${yy}H${M.left + PLOT_W}"/><text x="${M.left - 6}" y="${c(y(t) + 3)}" text-anchor="end">${esc(tickLabel(t))}</text>`;
  }
  const y0 = Number(dates[0]!.slice(0, 4));
  const y1 = Number(dates[n - 1]!.slice(0, 4));
  const step = yearStep(y1 - y0 + 1);
  for (let yr = Math.ceil(y0 / step) * step; yr <= y1; yr += step) {
    const d = dayFromYmd(yr, 1, 1);
    if (!(d >= f.dMin && d <= f.dMax)) continue;
    const xx = c(x(d));
    s += `<path class="grid" d="M${xx} ${M.top}V${M.top + PH}"/><text x="${xx}" y="${M.top + PH + 14}" text-anchor="middle">${yr}</text>`;
  }
  return s;
}

/** Above this share of the plot's width covered by episode bands, the bands would read as a barcode: ticks instead. */
const MAX_BAND_COVER = 0.3;
/** Height of the outcome ticks along the bottom of the plot. */
const TICK_H = 9;

/** Share of the plot's width that the on-price episode bands cover (overlaps counted once). */
function bandCover(spans: Span[]): number {
  const xs = spans.filter((sp) => sp.onPrice).map((sp) => [sp.x0, sp.x1] as const).sort((a, b) => a[0] - b[0]);
  let covered = 0, end = -Infinity;
  for (const [a, b] of xs) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  return covered / PLOT_W;
}

/**
 * Outcomes of the episodes on this price: full-height bands from the low to
 * the horizon when they leave most of the plot clear, else short ticks at the
 * decisions along the bottom of the plot (a century of episodes stays legible).
 */
function outcomeMarks(spans: Span[], onPrice: (o: string) => Span[]): string {
  let s = '';
  if (bandCover(spans) <= MAX_BAND_COVER) {
    for (const o of OUTCOMES) {
      const d = rectsPath(onPrice(o).map((sp) => ({ x: sp.x0, y: M.top, w: sp.x1 - sp.x0, h: PH })));
      if (d) s += `<path class="band o-${o}" d="${d}"/>`;
    }
    return s;
  }
  s += `<rect x="${M.left}" y="${M.top + PH - TICK_H - 2}" width="${PLOT_W}" height="${TICK_H + 2}" fill="#fff" fill-opacity=".85"/>`;
  for (const o of OUTCOMES) {
    const d = onPrice(o).map((sp) => `M${c(sp.xd)} ${M.top + PH - TICK_H - 1}v${TICK_H}`).join('');
    if (d) s += `<path class="otick o-${o}" d="${d}"/>`;
  }
  return s;
}

/** Outcome marks, decimated line and decision dots of the episodes on this price. */
function priceBody(f: Frame, spans: Span[]): string {
  const onPrice = (o: string): Span[] => spans.filter((sp) => sp.onPrice && outcomeClass(str(sp.ep.outcome)) === o);
  let s = outcomeMarks(spans, onPrice);
  s += `<rect class="ax" x="${M.left}" y="${M.top}" width="${PLOT_W}" height="${PH}"/>`;
  // Min/max per pixel bucket: at most 2 points per bucket (a bucket split by a data gap may hold 4), ~2000 in all.
  const idx = decimateMinMax(f.days, f.closes.map((v) => (v > 0 ? v : NaN)), Math.min(990, PLOT_W));
  const pts: Array<[number, number]> = idx.map((i) => (i < 0 ? [NaN, NaN] : [f.x(f.days[i]!), f.y(f.closes[i]!)]));
  s += `<path class="price" d="${linePath(pts)}"/>`;
  for (const o of OUTCOMES) {
    const d = dotsPath(onPrice(o).map((sp) => [sp.xd, sp.yd] as [number, number]), 2.6);
    if (d) s += `<path class="decdot o-${o}" d="${d}"/>`;
  }
  return s;
}

export function priceChart(track: PriceTrack, episodes: Episode[], chartIndex: number): string {
  const f = priceFrame(track);
  if (!f) return `<p class="muted">No positive prices to draw for this dataset.</p>`;
  const spans = episodeSpans(f, episodes, str(track.column));
  const lanes = episodeLanes(spans, episodes);
  const H = lanes.bottom + 18;
  let s = `<svg class="pricechart" width="${W}" height="${c(H)}" viewBox="0 0 ${W} ${c(H)}" role="img" aria-labelledby="pc-${chartIndex}-t"><title id="pc-${chartIndex}-t">Price history of ${esc(track.dataset)} (${esc(track.column)}), log scale, with episodes shaded by outcome</title>`;
  s += priceAxes(f);
  s += priceBody(f, spans);
  s += `<text transform="translate(12 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle">${esc(track.column)} (log scale)</text>`;
  return `${s}${lanes.svg}</svg>`;
}
