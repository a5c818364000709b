/**
 * A universe's member files read by the pool's threads (engine/run/data.ts,
 * thread-tasks.ts) give exactly the data of a serial read, and the same
 * error at the same place: the first bad file in file order, with its
 * file:line:column, or the config key. A run whose threads also compute the
 * members' indicators up front (execute.ts) writes the files of a run in
 * the main thread.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunConfig } from '../engine/config.ts';
import { dayFromYmd, isoDate } from '../engine/calendar.ts';
import { loadRunData, type RunData } from '../engine/run/data.ts';
import { JobPool } from '../engine/run/pool.ts';
import { outputFiles, runResult } from './support/runs.ts';

const dir = mkdtempSync(join(tmpdir(), 'rally-universe-threads-'));
const days = Array.from({ length: 400 }, (_, i) => dayFromYmd(2015, 1, 5) + i).filter((d) => ![0, 6].includes(new Date(d * 864e5).getUTCDay())).map(isoDate);

function member(folder: string, ticker: string, seed: number, from = 0, bad?: { row: number; cell: string }): void {
  mkdirSync(join(dir, folder), { recursive: true });
  const rows = days.slice(from).map((d, i) => {
    const c = (50 + seed) * (1 + 0.1 * Math.sin(i / (5 + seed))) * (i === 120 && seed === 2 ? 1.4 : 1);
    const close = bad && i === bad.row ? bad.cell : c.toFixed(4);
    return `${d},${c.toFixed(4)},${c.toFixed(4)},${c.toFixed(4)},${close},${1000 + i}`;
  });
  writeFileSync(join(dir, folder, `${ticker}_data.csv`), `date,open,high,low,close,volume\n${rows.join('\n')}\n`);
}

for (let i = 0; i < 7; i++) member('good', `M${i}`, i, i * 9);
for (let i = 0; i < 20; i++) member('many', `M${i}`, i % 9, (i % 5) * 7);
for (let i = 0; i < 5; i++) member('bad', `M${i}`, i, 0, i === 3 ? { row: 17, cell: 'oops' } : i === 4 ? { row: 2, cell: 'x' } : undefined);

const config = (folder: string, criteria: unknown[] = ['coin-flip']) => parseRunConfig({
  datasets: [{ id: 'U', universe: { prices: `${folder}/*_data.csv`, ids: 'file' } }],
  episodes: [{ kind: 'rebound', drawdown: 0.05, horizon: 20 }], criteria, statistics: { bootstrap: 20, permutations: 20 },
}, 'test', dir);

/** The loaded data as plain values: member ids, calendars, every column, flags, provenance. */
function digest(d: RunData): unknown {
  return {
    ids: [...d.prepared.keys()],
    data: [...d.prepared.values()].map((p) => ({ id: p.dataset.id, start: p.dataset.priceStart, dates: [...p.dataset.dates], columns: [...p.dataset.columns].map(([k, v]) => [k, [...v].map(String)]) })),
    flags: d.universes.map((u) => u.members.map((m) => m.flags)),
    files: d.files,
  };
}

async function failure(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; }
  return 'no error';
}

describe('a universe read by the pool threads', () => {
  const pool = new JobPool(2, () => undefined);
  afterAll(() => pool.destroy());

  it('gives the data of a serial read', async () => {
    expect(pool.preparers).toBeGreaterThan(0);
    const serial = await loadRunData(config('good'));
    const threads = await loadRunData(config('good'), pool);
    expect(digest(threads)).toEqual(digest(serial));
  });

  it('raises the first bad file\'s error (file order), as a serial read does', async () => {
    const serial = await failure(loadRunData(config('bad')));
    expect(serial).toMatch(/^InputError: .*M3_data\.csv:\d+:\d+: /);
    expect(await failure(loadRunData(config('bad'), pool))).toBe(serial);
  });
});

describe('a universe run whose threads read the members and compute their indicators', () => {
  it('writes the files of a run in the main thread', async () => {
    const cfg = config('many', ['above-200-day', 'golden-cross', 'oversold-bounce', 'coin-flip']);
    const threads = await outputFiles(await runResult(cfg, { workers: 2 }));
    expect(threads['predictions.csv'].split('\n').length).toBeGreaterThan(20);
    expect(threads).toEqual(await outputFiles(await runResult(cfg, { workers: 0 })));
  });
});
