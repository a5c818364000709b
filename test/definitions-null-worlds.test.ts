/**
 * Labelled episode definitions (several of one kind per run) and null worlds
 * (alternate histories that look like the market): config errors, rows per
 * definition, null-world episode counts close to a simulated market's, and
 * byte-identical null-world results for any worker count.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../engine/errors.ts';
import { parseRunConfig, runConfigHash } from '../engine/config.ts';
import { detectEpisodes } from '../engine/episodes/detect.ts';
import { nullWorldDataset, nullWorldDays, nullWorldYearDays } from '../engine/data/null-world.ts';
import { deriveSeed, FastRng } from '../engine/stats/random.ts';
import { rankInNull } from '../engine/stats/null-distribution.ts';
import { definitionSensitivity } from '../engine/stats/definition-sensitivity.ts';
import { assemble, executeRun } from '../engine/run/run.ts';
import { simCalendar } from '../datasets/simulate/calendar.ts';
import { simulateIndex } from '../datasets/simulate/price.ts';
import { simulateSectors } from '../datasets/simulate/sectors.ts';
import { Rng } from '../datasets/simulate/random.ts';
import { REBOUND_DEFAULTS } from '../engine/episodes/rebound.ts';
import { dataset as buildDataset, thrown } from './support/builders.ts';
import { writeRunOutputs } from '../reports/write.ts';
import { tempDir } from './support/runs.ts';
import { command } from './support/cli.ts';
import { runCommand } from '../engine/cli/run-command.ts';

const tmp = tempDir('defs-null-worlds');
const episodes = (list: unknown[]) => () => parseRunConfig({ episodes: list }, 'r.json', tmp);
const errorOf = (f: () => unknown): string => thrown(ConfigError, f).message;

describe('labelled definitions: config', () => {
  it('a repeated kind needs labels; labels are safe and unique', () => {
    expect(errorOf(episodes([{ kind: 'rebound' }, { kind: 'rebound', horizon: 63 }]))).toMatch(/r\.json: episodes\[0\]\.label: 2 'rebound' definitions: give each a "label"/);
    expect(errorOf(episodes([{ kind: 'rebound', label: 'a' }, { kind: 'rebound', horizon: 63 }]))).toMatch(/episodes\[1\]\.label/);
    expect(errorOf(episodes([{ kind: 'rebound', label: 'h63', horizon: 63 }, { kind: 'rebound', label: 'H63' }]))).toMatch(/episodes\[1\]\.label: duplicate label 'H63'/);
    expect(errorOf(episodes([{ kind: 'rebound', label: 'a b' }]))).toMatch(/episodes\[0\]\.label: 'a b' is not a safe name/);
    expect(errorOf(episodes([{ kind: 'rebound', label: 7 }]))).toMatch(/episodes\[0\]\.label: expected a short name/);
    expect(errorOf(episodes([{ kind: 'rebound', label: 'x', horizon: 0 }]))).toMatch(/episodes\[0\]\.horizon/);
    const ok = episodes([{ kind: 'rebound', label: 'h63', horizon: 63 }, { kind: 'rebound', label: 'h126' }, { kind: 'seasonal' }])();
    expect(ok.episodes.map((e) => e.label)).toEqual(['h63', 'h126', undefined]);
    // The label is part of what decides results: it changes the config hash; an unlabelled config's hash does not change.
    const plain = parseRunConfig({ episodes: [{ kind: 'rebound' }] }, 'r.json', tmp);
    const labelled = parseRunConfig({ episodes: [{ kind: 'rebound', label: 'x' }] }, 'r.json', tmp);
    expect(runConfigHash(plain)).not.toBe(runConfigHash(labelled));
  });

  it('null worlds: paths required, scheme and block checked', () => {
    const nw = (x: unknown) => () => parseRunConfig({ nullWorlds: x }, 'r.json', tmp);
    expect(errorOf(nw({}))).toMatch(/nullWorlds\.paths: expected a whole number/);
    expect(errorOf(nw({ paths: 2, scheme: 'months' }))).toMatch(/nullWorlds\.scheme/);
    expect(errorOf(nw({ paths: 2, block: 20 }))).toMatch(/nullWorlds\.block: the "years" scheme/);
    expect(errorOf(nw({ paths: 2, scheme: 'stationary', block: 0 }))).toMatch(/nullWorlds\.block/);
    expect(nw({ paths: 2, scheme: 'stationary' })().nullWorlds).toEqual({ paths: 2, scheme: 'stationary', block: 252 });
  });
});

describe('labelled definitions: rows per definition', () => {
  it('each definition has its own episodes and rows; definitions.csv lines follow config order', async () => {
    const cfg = parseRunConfig({
      seed: 1, datasets: [{ id: 'SP', price: '@embedded' }], criteria: ['golden-cross', 'above-200-day'],
      episodes: [{ kind: 'rebound', label: 'h63', horizon: 63 }, { kind: 'rebound', label: 'h252', horizon: 252 }],
      statistics: { bootstrap: 20, permutations: 20 },
    }, '', tmp);
    const r = assemble(await executeRun(cfg, { workers: 0 }));
    const s = r.summary;
    expect(s.definitions.map((d) => [d.label, d.params.horizon])).toEqual([['h63', 63], ['h252', 252]]);
    expect(s.metrics.map((m) => `${m.criterion}@${m.definition}`)).toEqual(['above-200-day@h63', 'golden-cross@h63', 'above-200-day@h252', 'golden-cross@h252']);
    const ids = r.episodes.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((i) => i.includes(':rebound@h63:')).length).toBe(ids.filter((i) => i.includes(':rebound@h252:')).length);
    expect(r.episodes.every((e) => e.horizon === (e.definition === 'h63' ? 63 : 252))).toBe(true);
    for (const m of s.metrics) {
      const scored = r.predictions.filter((p) => {
        const e = r.episodes.find((x) => x.id === p.episodeId)!;
        return p.criterion === m.criterion && p.call !== null && e.label !== null && e.definition === m.definition;
      });
      expect(scored.length).toBe(m.n);
    }
    const sens = definitionSensitivity(s.definitions, s.metrics);
    expect(sens.map((x) => `${x.criterion}:${x.definition}:${x.order}`)).toEqual(['above-200-day:h63:1', 'above-200-day:h252:2', 'golden-cross:h63:1', 'golden-cross:h252:2']);
    expect(sens[1]!.aucChange).toBeCloseTo(sens[1]!.auc - sens[0]!.auc, 12);
    const dir = join(tmp, 'defs-out');
    await writeRunOutputs(dir, r);
    const metrics = readFileSync(join(dir, 'metrics.csv'), 'utf8').split('\n');
    expect(metrics[0]!.endsWith(',definition')).toBe(true);
    expect(metrics[1]!.endsWith(',h63')).toBe(true);
    expect(readFileSync(join(dir, 'definitions.csv'), 'utf8').split('\n')[0]).toMatch(/^dataset,kind,criterion,params,definition,order,/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('id="definitions"');
  });
});

/** A simulated market (index with regimes, 10 sectors) as one dataset with close, market and sector columns. */
function simulatedMarket(seed: string, years: number) {
  const cal = simCalendar(2024 - years + 1, 2024);
  const n = cal.days.length;
  const index = simulateIndex(n, new Rng(seed, 'index'), new Rng(seed, 'latent'), 0.35, REBOUND_DEFAULTS);
  const sec = simulateSectors(index.close, index.variance, 10, new Rng(seed, 'sectors'));
  const cols: Record<string, Float64Array> = { close: index.close, market: index.close };
  sec.returns.forEach((r, j) => {
    const level = new Float64Array(n);
    level[0] = 1;
    for (let t = 1; t < n; t++) level[t] = level[t - 1]! * (1 + r[t]!);
    cols[`sector:${sec.names[j]!.trim()}`] = level;
  });
  return buildDataset(cal.days, cols, [], 'SIM');
}

describe('null worlds', () => {
  const ds = simulatedMarket('nw', 60);
  const specs = [{ kind: 'rebound' as const, params: {}, key: 'e0' }, { kind: 'sector-lead' as const, params: {}, key: 'e1' }, { kind: 'seasonal' as const, params: {}, key: 'e2' }];
  const count = (d: typeof ds) => specs.map((s) => detectEpisodes(d, s).episodes.length);

  it('keep episode counts per kind close to the real history (whole years resampled)', () => {
    const real = count(ds);
    const worlds = [1, 2, 3, 4, 5, 6].map((p) => count(nullWorldDataset(ds, nullWorldYearDays(ds.dates, 0, new FastRng(deriveSeed('t', `null-world|${p}|SIM`))))));
    specs.forEach((s, i) => {
      const mean = worlds.reduce((a, w) => a + w[i]!, 0) / worlds.length;
      expect(real[i], s.kind).toBeGreaterThan(20);
      expect(Math.abs(mean - real[i]!) / real[i]!, `${s.kind}: real ${real[i]}, null mean ${mean}`).toBeLessThan(0.25);
    });
  });

  it('a world keeps the calendar, the first level and the source returns; the same stream gives the same world', () => {
    const days = nullWorldDays(ds.dates.length, 0, 20, new FastRng('x'));
    const w = nullWorldDataset(ds, days);
    const c = ds.columns.get('close')!, wc = w.columns.get('close')!;
    expect(w.dates).toBe(ds.dates);
    expect(wc[0]).toBe(c[0]);
    for (const k of [1, 100, 5000]) expect(wc[k]! / wc[k - 1]!).toBeCloseTo(c[days[k]!]! / c[days[k]! - 1]!, 12);
    expect(nullWorldDays(ds.dates.length, 0, 20, new FastRng('x'))).toEqual(days);
    const y = nullWorldYearDays(ds.dates, 0, new FastRng('y'));
    // whole years: consecutive days inside a path year come from consecutive source days (or repeat a short year's last day)
    let breaks = 0;
    for (let k = 2; k < y.length; k++) if (y[k] !== y[k - 1]! + 1 && y[k] !== y[k - 1]) breaks++;
    expect(breaks).toBeLessThanOrEqual(61);
  });

  it('rally run --null-worlds: a bad count and --shard are refused (exit 2, naming the flag)', async () => {
    const bad = await command(runCommand, ['run', '--null-worlds', '0', '--workers', '0', '--out', join(tmp, 'never')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--null-worlds: expected a whole number of paths/);
    const sharded = await command(runCommand, ['run', '--null-worlds', '2', '--shard', '1/2', '--workers', '0', '--out', join(tmp, 'never2')]);
    expect(sharded.code).toBe(2);
    expect(sharded.stderr).toMatch(/--null-worlds needs the whole run: leave out --shard/);
  });

  it('rank in the null distribution: +1 corrected, two-sided by distance from 0.5', () => {
    const r = rankInNull(0.8, [0.4, 0.5, 0.6, 0.9, NaN]);
    expect(r.paths).toBe(4);
    expect(r.shareAtOrAbove).toBe(0.25);
    expect(r.rankP).toBe(2 / 5);
    expect(r.rankPTwoSided).toBe(2 / 5);
    expect(rankInNull(0.2, [0.4, 0.5]).rankPTwoSided).toBe(1 / 3);
    expect(rankInNull(NaN, [0.4]).rankP).toBeNaN();
  });

  it('the same null worlds for any worker count (byte-identical null-worlds.csv)', async () => {
    const cfg = parseRunConfig({
      seed: 5, datasets: [{ id: 'SP', price: '@embedded' }], criteria: ['golden-cross', 'coin-flip', 'oversold-bounce'],
      episodes: [{ kind: 'rebound' }], statistics: { bootstrap: 0, permutations: 0 }, nullWorlds: { paths: 3 },
    }, '', tmp);
    const texts: string[] = [];
    for (const workers of [0, 2]) {
      const r = assemble(await executeRun(cfg, { workers }));
      expect(r.summary.nullWorlds!.rows.length).toBe(3);
      expect(r.summary.nullWorlds!.counts[0]!.realEpisodes).toBe(27);
      const dir = join(tmp, `nw-${workers}`);
      await writeRunOutputs(dir, r);
      texts.push(readFileSync(join(dir, 'null-worlds.csv'), 'utf8') + JSON.stringify(r.summary.nullWorlds));
    }
    expect(texts[1]).toBe(texts[0]);
    expect(texts[0]).toMatch(/golden-cross/);
  }, 60_000);
});
