/**
 * Pure helpers for the report's inline SVG: coordinates, linear and log
 * scales, tick choice, min/max decimation and compact path data. No DOM, no
 * clocks, no locale: the same input always gives the same text.
 */

/** An SVG coordinate rounded to 0.1 (short, deterministic, no "-0"). */
export function c(x: number): string {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? '0' : String(r);
}

// ---------------------------------------------------------------------------
// Scales and ticks
// ---------------------------------------------------------------------------

export type Scale = (x: number) => number;

/** Linear map of [d0, d1] onto [r0, r1]; a degenerate domain maps to the range's middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0;
  if (span === 0 || !Number.isFinite(span)) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / span;
  return (x) => r0 + (x - d0) * k;
}

/** Log map of [d0, d1] (both > 0) onto [r0, r1]. Non-positive inputs give NaN. */
export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const lin = linearScale(Math.log(d0), Math.log(d1), r0, r1);
  return (x) => (x > 0 ? lin(Math.log(x)) : NaN);
}

/** About `count` round ticks covering [lo, hi] (steps 1, 2, 2.5 or 5 times a power of ten). */
function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  const step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  for (let i = first; i <= last && out.length < 1000; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/**
 * Ticks for a log axis over [lo, hi] (> 0): powers of ten, adding 2x and 5x
 * when there are few decades, or round linear ticks inside one decade.
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  const decades = Number.isFinite(hi / lo) ? Math.log10(hi / lo) : Math.log10(hi) - Math.log10(lo);
  if (decades < 0.7) return niceTicks(lo, hi, 5).filter((t) => t > 0 && Number.isFinite(t));
  const mults = decades > 5 ? [1] : decades > 2.5 ? [1, 3] : [1, 2, 5];
  // Past a dozen decades, every k-th power of ten (at most about 12 ticks for any finite range).
  const stride = Math.max(1, Math.ceil(decades / 12));
  const out: number[] = [];
  for (let e = Math.ceil(e0 / stride) * stride; e <= e1; e += stride) {
    for (const m of mults) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t > 0 && Number.isFinite(t) && t >= lo * 0.999999 && t <= hi * 1.000001) out.push(t);
    }
  }
  return out;
}

/** Short tick label without grouping separators: 1200 -> "1200", 0.05 -> "0.05", 25000 -> "25k". */
export function tickLabel(t: number): string {
  const a = Math.abs(t);
  if (a >= 1e6) return `${Number((t / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((t / 1e3).toPrecision(3))}k`;
  return String(Number(t.toPrecision(4)));
}

// ---------------------------------------------------------------------------
// Decimation and paths
// ---------------------------------------------------------------------------

/**
 * Deterministic min/max decimation for drawing: split the x range into
 * `buckets` equal pixel buckets and keep, per bucket, the indices of the
 * lowest and highest valid y (in index order). At most 2 * buckets indices.
 * Points with a non-finite x or y are gaps: a gap is kept as index -1 so the
 * caller can break the line there. `xs` must be non-decreasing.
 */
export function decimateMinMax(xs: ArrayLike<number>, ys: ArrayLike<number>, buckets: number): number[] {
  const n = Math.min(xs.length, ys.length);
  const out: number[] = [];
  if (n === 0) return out;
  let x0 = NaN;
  let x1 = NaN;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(xs[i]!)) {
      if (Number.isNaN(x0)) x0 = xs[i]!;
      x1 = xs[i]!;
    }
  }
  if (Number.isNaN(x0)) return out;
  const span = x1 - x0 || 1;
  const nb = Math.max(1, Math.floor(buckets));
  let cur = -1;
  let iMin = -1;
  let iMax = -1;
  const flush = (): void => {
    if (iMin < 0) return;
    if (iMin === iMax) out.push(iMin);
    else if (iMin < iMax) out.push(iMin, iMax);
    else out.push(iMax, iMin);
    iMin = -1;
    iMax = -1;
  };
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      flush();
      if (out.length > 0 && out[out.length - 1] !== -1) out.push(-1);
      continue;
    }
    const b = Math.min(nb - 1, Math.floor(((x - x0) / span) * nb));
    if (b !== cur) {
      flush();
      cur = b;
    }
    if (iMin < 0 || y < ys[iMin]!) iMin = i;
    if (iMax < 0 || y > ys[iMax]!) iMax = i;
  }
  flush();
  while (out.length > 0 && out[out.length - 1] === -1) out.pop();
  return out;
}

/**
 * Path data through points; a non-finite coordinate breaks the line (the next
 * valid point starts a new subpath). Consecutive duplicates (after rounding)
 * are dropped.
 */
export function linePath(points: ReadonlyArray<readonly [number, number]>): string {
  const parts: string[] = [];
  let pen = false;
  let last = '';
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    const xy = `${c(x)} ${c(y)}`;
    if (pen && xy === last) continue;
    parts.push(`${pen ? 'L' : 'M'}${xy}`);
    pen = true;
    last = xy;
  }
  return parts.join('');
}

/**
 * Drop interior points of straight horizontal or vertical runs after rounding
 * to 0.1 px (ROC step curves have many). Keeps the first and last point.
 */
export function simplifyAxisRuns(points: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const r: Array<[number, number]> = [];
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const p: [number, number] = [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
    const prev = r[r.length - 1];
    if (prev && prev[0] === p[0] && prev[1] === p[1]) continue;
    if (r.length >= 2) {
      const a = r[r.length - 2]!;
      const b = r[r.length - 1]!;
      if ((a[0] === b[0] && b[0] === p[0]) || (a[1] === b[1] && b[1] === p[1])) {
        r[r.length - 1] = p;
        continue;
      }
    }
    r.push(p);
  }
  return r;
}

/** Path data for axis-aligned rectangles (one subpath each): compact for many shaded bands. */
export function rectsPath(rects: ReadonlyArray<{ x: number; y: number; w: number; h: number }>): string {
  let d = '';
  for (const r of rects) {
    if (!(r.w > 0) || !(r.h > 0)) continue;
    d += `M${c(r.x)} ${c(r.y)}h${c(r.w)}v${c(r.h)}h${c(-r.w)}z`;
  }
  return d;
}

/** Path data for small circles of radius r at each point (one subpath each). */
export function dotsPath(points: ReadonlyArray<readonly [number, number]>, r: number): string {
  let d = '';
  const rr = c(r);
  const dd = c(2 * r);
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    d += `M${c(x - r)} ${c(y)}a${rr} ${rr} 0 1 0 ${dd} 0a${rr} ${rr} 0 1 0 ${c(-2 * r)} 0`;
  }
  return d;
}
