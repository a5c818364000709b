import { describe, expect, it } from 'vitest';
import { progressReporter } from '../engine/cli/progress.ts';

function fakeStream(isTTY: boolean): { isTTY: boolean; out: string[]; write: (s: string) => boolean } {
  const out: string[] = [];
  return { isTTY, out, write: (s: string) => { out.push(s); return true; } };
}

describe('progress', () => {
  it('on a TTY shows jobs done / total, rate and ETA, and ends the line', () => {
    const s = fakeStream(true);
    const p = progressReporter('rally run', s as never);
    p(5, 10);
    p(10, 10);
    p.end();
    const text = s.out.join('');
    expect(text).toMatch(/rally run: 10\/10 jobs\s+[\d.]+ jobs\/s\s+ETA \d+s/);
    expect(text.endsWith('\n')).toBe(true);
  });
  it('is silent when not a TTY', () => {
    const s = fakeStream(false);
    const p = progressReporter('rally run', s as never);
    p(1, 2);
    p(2, 2);
    p.end();
    expect(s.out).toEqual([]);
  });
});
