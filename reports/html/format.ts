/**
 * Escaping and deterministic text for the HTML report. No clocks, no locale:
 * the same input always gives the same text, so report.html is byte-identical
 * for the same run.
 */
import type { Interval } from '../../engine/results.ts';

// ---------------------------------------------------------------------------
// Escaping and text
// ---------------------------------------------------------------------------

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escape a string for HTML text AND double- or single-quoted attribute
 * contexts (also inside inline SVG, which the HTML parser reads). Control
 * characters that HTML forbids become U+FFFD. Never use the result inside a
 * <script> or <style> element, or as an unquoted attribute value.
 */
export function esc(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** First `max` code points of `s`, with an ellipsis when cut (cut before escaping). */
export function clip(s: string, max: number): string {
  const cps = Array.from(s);
  return cps.length <= max ? s : `${cps.slice(0, Math.max(1, max - 1)).join('')}\u2026`;
}

/** A value as text: '' for null / undefined (summary.json read back may lack fields). */
export function str(x: unknown): string {
  return typeof x === 'string' ? x : x === null || x === undefined ? '' : String(x);
}

/** Code-point order (locale-independent, so output never depends on the machine). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/** A number, or NaN for null / undefined / non-numbers (summary.json writes NaN as null). */
export function num(x: unknown): number {
  return typeof x === 'number' ? x : NaN;
}

/** Placeholder shown for an undefined statistic. */
export const DASH = '\u2013';

function stripNegZero(s: string): string {
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Fixed decimals; DASH for NaN / null; "inf" / "-inf" for infinities. */
export function fx(x: unknown, digits: number): string {
  const v = num(x);
  if (Number.isNaN(v)) return DASH;
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return stripNegZero(v.toFixed(digits));
}

/** Integer with no grouping separators; DASH for NaN. */
export function fint(x: unknown): string {
  const v = num(x);
  if (!Number.isFinite(v)) return fx(v, 0);
  return stripNegZero(Math.round(v).toFixed(0));
}

/** A fraction as a percentage: 0.0532 -> "5.3%", with "+" for positives when signed. */
export function fpct(x: unknown, digits = 1, signed = false): string {
  const v = num(x);
  if (!Number.isFinite(v)) return fx(v, digits);
  const s = stripNegZero((v * 100).toFixed(digits));
  return `${signed && !s.startsWith('-') && Number(s) !== 0 ? '+' : ''}${s}%`;
}

/** p- or q-value: "<0.001" below a thousandth, else 3 decimals. */
export function fp(x: unknown): string {
  const v = num(x);
  if (Number.isNaN(v)) return DASH;
  if (v < 0.001) return '<0.001';
  return fx(v, 3);
}

/** p- or q-value as HTML text ("<0.001" needs escaping). */
export function fpHtml(x: unknown): string {
  return esc(fp(x));
}

/** Canonical text for a number used as a sort key in data-v: '' for NaN. */
export function sortKey(x: unknown): string {
  const v = num(x);
  if (Number.isNaN(v)) return '';
  if (!Number.isFinite(v)) return v > 0 ? '1e308' : '-1e308';
  return String(Number(v.toPrecision(12)));
}

/** An interval as "lo–hi", or DASH when undefined. */
export function ciText(ci: Interval | undefined, digits = 3): string {
  if (!ci) return DASH;
  const lo = num(ci.lo);
  const hi = num(ci.hi);
  if (Number.isNaN(lo) && Number.isNaN(hi)) return DASH;
  return `${fx(lo, digits)}\u2013${fx(hi, digits)}`;
}

// ---------------------------------------------------------------------------
// Small HTML snippets
// ---------------------------------------------------------------------------

/** Shortened hash with the full value in a title attribute. */
export function shortHash(h: string, n = 12): string {
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

/** An episode definition's parameters as `key=value` codes, keys in code-point order. */
export function paramList(params: unknown): string {
  if (params === null || typeof params !== 'object') return esc(jsonValue(params));
  const keys = Object.keys(params as Record<string, unknown>).sort(cmp);
  if (keys.length === 0) return '<span class="muted">(none)</span>';
  return keys.map((k) => `<code>${esc(k)}=${esc(jsonValue((params as Record<string, unknown>)[k]))}</code>`).join(', ');
}
