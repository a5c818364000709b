import { describe, expect, it } from 'vitest';
import { cellText, fmtNum, toCsv } from '../reports/csv.ts';
import { summaryJson, exactJson, parseExactJson } from '../reports/json.ts';

describe('CSV cells', () => {
  it('neutralises text cells that a spreadsheet would run as a formula', () => {
    for (const bad of ['=cmd|\' /C calc\'!A0', '+1+1', '-2+3', '@SUM(A1)']) expect(cellText(bad)).toBe(`'${bad}`);
    expect(cellText('plain')).toBe('plain');
  });
  it('writes numbers as numbers, deterministically', () => {
    expect(cellText(-0.05)).toBe('-0.05');
    expect(fmtNum(1 / 3)).toBe('0.3333333333');
    expect(fmtNum(NaN)).toBe('');
    expect(fmtNum(42)).toBe('42');
  });
  it('quotes commas, quotes and newlines', async () => {
    const csv = await toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', 1]]);
    expect(csv).toBe('a,b\n"x,y","say ""hi"""\n"line\nbreak",1\n');
  });
});

describe('JSON outputs', () => {
  it('summary.json writes non-finite numbers as null; shard files round-trip them exactly', () => {
    expect(summaryJson({ a: NaN, b: Infinity, c: 1.5 })).toBe('{\n  "a": null,\n  "b": null,\n  "c": 1.5\n}\n');
    const x = { a: NaN, b: -Infinity, c: [1, NaN] };
    const back = parseExactJson<typeof x>(exactJson(x));
    expect(Number.isNaN(back.a)).toBe(true);
    expect(back.b).toBe(-Infinity);
    expect(Number.isNaN(back.c[1]!)).toBe(true);
    // Text that merely looks like a marker stays text.
    const text = parseExactJson<{ s: string }>(exactJson({ s: '#NaN' }));
    expect(text.s).toBe('#NaN');
  });
});
