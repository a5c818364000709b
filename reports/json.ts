/**
 * JSON output. summary.json is standard JSON (NaN and infinities become null)
 * with 2-space indentation and the key order of the objects as built, so it
 * is byte-stable. Shard files need exact round trips, so they encode
 * non-finite numbers as tagged objects ({"$nf": "NaN"}) — never as strings,
 * which a criterion's own text could collide with — and decode them back.
 */
export function summaryJson(x: unknown): string {
  return `${JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

const TAG = '$nf';
const NONFINITE: Record<string, number> = { NaN, Inf: Infinity, '-Inf': -Infinity };

export function exactJson(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { [TAG]: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf' };
    return v;
  });
}

export function parseExactJson<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === TAG) {
        const tag = (v as Record<string, unknown>)[TAG];
        if (typeof tag === 'string' && tag in NONFINITE) return NONFINITE[tag];
      }
    }
    return v;
  }) as T;
}
