/**
 * The default corpus (datasets/corpus/) and the default run on it (`npm start`):
 * the shipped files are the public copies' bytes (gzip without name or time),
 * only the redistributable ones, each attributed; `@corpus/...` resolves from
 * any folder; the default run, started from an empty folder outside the clone,
 * has all three kinds since 1928 and scores every criterion whose data is
 * shipped, and names the role and file of what a criterion lacks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { CORPUS_FILES, corpusBundle, corpusRef } from '../engine/default-corpus.ts';
import { missingData, missingDataText, unscoredForData } from '../engine/data-needs.ts';
import { defaultRunConfig } from '../engine/config.ts';
import type { RunSummary } from '../engine/results.ts';
import { dataPath } from '../datasets/corpus.ts';
import { loadBundle } from '../datasets/bundle.ts';
import { BUILTIN_CRITERIA } from '../strategies/registry.ts';
import { command, rally } from './support/cli.ts';
import { checkCommand } from '../engine/cli/check-command.ts';
import { hasShared, ROOT, shared, SHARED } from './support/shared-data.ts';
import { tempDir } from './support/runs.ts';

const CORPUS = join(ROOT, 'datasets', 'corpus');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe('the shipped corpus', () => {
  it('holds exactly the listed files, gzip with no name or time in the header, a few MB in all, each attributed', async () => {
    const gz = filesUnder(CORPUS).filter((f) => f.endsWith('.gz')).map((f) => relative(CORPUS, f)).sort();
    expect(gz).toEqual(CORPUS_FILES.map((f) => `${f.path}.gz`).sort());
    // datasets/corpus/rebuild.mjs rebuilds the same list
    const rebuild = await import(pathToFileURL(join(CORPUS, 'rebuild.mjs')).href) as { CORPUS_FILES: string[] };
    expect([...rebuild.CORPUS_FILES].sort()).toEqual(CORPUS_FILES.map((f) => f.path).sort());
    let total = 0;
    for (const f of gz) {
      const bytes = readFileSync(join(CORPUS, f));
      total += bytes.length;
      expect([bytes[0], bytes[1], bytes[2]], f).toEqual([0x1f, 0x8b, 8]); // gzip, deflate
      expect(bytes[3]! & 0x08, `${f}: no file name`).toBe(0);
      expect(bytes.readUInt32LE(4), `${f}: no modification time`).toBe(0);
    }
    expect(total).toBeLessThan(3 * 1024 * 1024);
    const attribution = readFileSync(join(CORPUS, 'ATTRIBUTION.md'), 'utf8');
    for (const f of CORPUS_FILES) expect(attribution, f.path).toContain(f.path.split('/').pop()!);
    expect(attribution).toMatch(/Kenneth R\. French/);
    // Not redistributable (../shared/data/PROVENANCE.md): never shipped.
    expect(gz.filter((f) => /breadth|BAA10Y/i.test(f))).toEqual([]);
  });

  describe.skipIf(!hasShared)(`is byte-identical inside to ${SHARED} (skipped when that folder is absent)`, () => {
    it('every file uncompressed has the sha256 of the public copy in ../shared/data', () => {
      for (const f of CORPUS_FILES) {
        expect(sha256(gunzipSync(readFileSync(join(CORPUS, `${f.path}.gz`)))), f.path).toBe(sha256(readFileSync(shared(f.path))));
      }
    });
  });

  it('@corpus/<path> resolves to the package copy from any folder; anything else under @corpus is a config error', () => {
    const far = tempDir('corpus-far');
    expect(dataPath('@corpus/sp500/GSPC.csv.gz', far)).toBe(join(CORPUS, 'sp500', 'GSPC.csv.gz'));
    expect(dataPath('x.csv', far)).toBe(join(far, 'x.csv'));
    expect(() => dataPath('@corpus/../../package.json', far, 'datasets[0]')).toThrow(/datasets\[0\]: '@corpus\/\.\.\/\.\.\/package\.json' is not a file of the default corpus/);
    expect(() => dataPath('@corpus/fred/BAA10Y.csv.gz', far, 'datasets[0]')).toThrow(/no file '@corpus\/fred\/BAA10Y\.csv\.gz' in the default corpus/);
    const { files } = loadBundle({ price: corpusRef('sp500/GSPC.csv'), series: { DGS2: corpusRef('fred/DGS2.csv') } }, far);
    expect(files.map((f) => f.file)).toEqual(['@corpus/sp500/GSPC.csv.gz', '@corpus/fred/DGS2.csv.gz']); // named as the config names them
  });

  it('the default run config names only shipped files, the three kinds and every built-in, whatever the folder', () => {
    const cfg = defaultRunConfig();
    expect(cfg.datasets.map((d) => d.spec)).toEqual([corpusBundle()]);
    expect(JSON.stringify(cfg.datasets)).not.toMatch(/shared|\.\.\//);
    expect(cfg.episodes.map((e) => e.kind)).toEqual(['rebound', 'sector-lead', 'seasonal']);
    expect(cfg.criteria).toEqual([{ type: 'all' }]);
  });

  it('a missing need is named as the role that supplies it and a file for it', () => {
    const cols = ['close', 'volume', 'vix', 'sector:HiTec', 'FEDFUNDS'];
    expect(missingData(['price', 'volume', 'vix', 'sectors', 'FEDFUNDS', 'calendar', 'none'], cols)).toEqual([]);
    const lack = missingData(['breadth', 'BAA10Y', 'shiller', 'T10Y2Y', 'XYZ'], cols);
    expect(lack.map((m) => m.role)).toEqual(['breadth', 'series.BAA10Y', 'shiller', 'series.T10Y2Y', 'series.XYZ']);
    const text = missingDataText(lack);
    expect(text).toContain("role 'breadth': an NYSE advance/decline file");
    expect(text).toContain('breadth/NYSE-breadth-daily.csv (not shipped: no stated terms)');
    expect(text).toContain("role 'series.BAA10Y': FRED BAA10Y");
    expect(text).toContain("role 'shiller': @corpus/shiller/shiller-monthly.csv.gz (in the default corpus)");
    expect(text).toContain("role 'series.XYZ': a file with the XYZ series (FRED layout: DATE,XYZ)");
  });

  it('a row is unscored for want of data only where the criterion applies and its data is absent', () => {
    const row = (criterion: string, kind: string, n: number) => ({ criterion, kind, n, dataset: 'X', params: '' });
    const s = {
      datasets: [{ id: 'X', columns: ['close', 'volume'] }], data: [],
      criteria: [{ id: 'credit-spreads', needs: ['BAA10Y'] }, { id: 'follow-through-day', needs: ['price', 'vix'] }, { id: 'golden-cross', needs: ['price'] }],
      metrics: [row('credit-spreads', 'rebound', 0), row('credit-spreads', 'seasonal', 0), row('follow-through-day', 'rebound', 5),
        row('follow-through-day', 'seasonal', 0), row('golden-cross', 'seasonal', 0)],
    } as unknown as RunSummary;
    const seasonalNotApplicable = (m: { criterion: string; kind: string }): boolean => !(m.criterion === 'follow-through-day' && m.kind === 'seasonal');
    expect(unscoredForData(s, seasonalNotApplicable).map((u) => [u.criterion, u.kinds, u.missing.map((m) => m.role)])).toEqual([
      ['credit-spreads', ['rebound', 'seasonal'], ['series.BAA10Y']],
    ]);
    expect(unscoredForData(s).map((u) => u.criterion)).toEqual(['credit-spreads', 'follow-through-day']);
  });
});

describe('npm start: the default run on the corpus, from an empty folder outside the clone', () => {
  const dir = tempDir('corpus-start');
  let stdout = '';
  let s: RunSummary;
  beforeAll(() => {
    writeFileSync(join(dir, 'marker'), ''); // not the clone, no ../shared beside it
    const r = rally(['run', '--out', 'out'], { cwd: dir }); // as `npm start` runs it (no --workers: by the jobs' cost)
    expect(r.code, r.stderr).toBe(0);
    stdout = r.stdout;
    s = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as RunSummary;
  }, 600_000);

  it('dogfood, as .ci/run: it passes `rally check` against the committed baseline; JUnit has a case for the data, each episode set and each criterion × kind', async () => {
    const committed = join(ROOT, 'test', 'fixtures', 'baseline-default.json');
    // The check command in this process (its executable's wiring: cli-gate.test.ts).
    const r = await command(checkCommand, ['check', '--baseline', committed, '--current', join(dir, 'out'), '--junit', join(dir, 'check.xml')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^rally check: PASS \(0 rows failed, 0 episodes changed, 0 data files changed\)/);
    const junit = readFileSync(join(dir, 'check.xml'), 'utf8');
    expect(junit).toMatch(/failures="0"/);
    expect((junit.match(/<testcase /g) ?? []).length).toBe(1 + 3 + s.criteria.length * 3);
  });

  it('reads only the shipped files, and finds rebound, sector-lead and seasonal episodes since 1928', () => {
    expect(s.data.map((f) => f.file).sort()).toEqual(CORPUS_FILES.map((f) => corpusRef(f.path)).sort());
    for (const kind of ['rebound', 'sector-lead', 'seasonal']) {
      const eps = s.episodes.filter((e) => e.kind === kind);
      expect(eps.length, kind).toBeGreaterThan(50);
      expect(eps[0]!.decisionDate < '1930', `${kind} starts ${eps[0]!.decisionDate}`).toBe(true);
    }
    expect(existsSync(join(dir, 'out', 'report.html'))).toBe(true);
  });

  it('scores every built-in whose data is shipped; only breadth and BAA10Y are lacking, and it says so with role and file', () => {
    const lacking = unscoredForData(s);
    expect(lacking.map((u) => `${u.criterion}: ${u.missing.map((m) => m.role).join(', ')}`).sort()).toEqual([
      'breadth-thrust: breadth', 'credit-spreads: series.BAA10Y', 'flow-stability: breadth',
    ]);
    for (const c of BUILTIN_CRITERIA) {
      const rows = s.metrics.filter((m) => m.criterion === c.id);
      expect(rows.map((m) => m.kind).sort(), c.id).toEqual(['rebound', 'seasonal', 'sector-lead']);
      for (const m of rows) {
        if (m.n > 0) continue;
        // Not scored: either it lacks data, or it does not apply to the kind.
        const why = lacking.some((u) => u.criterion === c.id && u.kinds.includes(m.kind)) || (c.kinds !== undefined && !c.kinds.includes(m.kind));
        expect(why, `${c.id} on ${m.kind}: n = 0 without a reason`).toBe(true);
      }
      if (!['breadth-thrust', 'credit-spreads'].includes(c.id)) expect(rows.some((m) => m.n > 0), `${c.id} scored somewhere`).toBe(true);
    }
    expect(stdout.startsWith('VERDICT')).toBe(true);
    expect(stdout).toMatch(/^ {2}breadth-thrust \(rebound, sector-lead, seasonal\): lacks role 'breadth': an NYSE advance\/decline file .*NYSE-breadth-daily\.csv/m);
    expect(stdout).toMatch(/^ {2}credit-spreads \(rebound, sector-lead, seasonal\): lacks role 'series\.BAA10Y': FRED BAA10Y .*fred\/BAA10Y\.csv/m);
    expect(stdout).not.toMatch(/known by …/);
    // The report says the same, in its notes.
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toMatch(/Not scored for want of data.*<li>breadth-thrust \(rebound, sector-lead, seasonal\): lacks role &#39;breadth&#39;: an NYSE advance\/decline file/s);
    expect(html).toMatch(/<li>credit-spreads \(rebound, sector-lead, seasonal\): lacks role &#39;series\.BAA10Y&#39;: FRED BAA10Y/);
  });
});
