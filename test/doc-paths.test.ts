/**
 * The READMEs name files that exist. Every path-like reference in every
 * README.md of the project (`dir/name.ts|mts|mjs|json|csv|md|gz|yml|yaml|sh`,
 * and `@corpus/<path>`) must resolve, relative to the project root or to the
 * README's own folder; paths inside a JSON block that is an example config
 * verbatim (datasets/examples/*.json) resolve relative to that config, as
 * the run would read them. Left out: globs, paths under ../shared when that
 * folder is absent, and what is clearly a user's own file or a command's
 * output (`./my-criterion.ts`, `rally-out/summary.json`, `sim/run.json`).
 *
 * Also: the folder READMEs of reports/, datasets/ and strategies/ name every
 * module of their folder by its path in that folder (engine/README.md's map
 * is checked by code-shape.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './support/shared-data.ts';
import { sourceFiles } from './support/source-files.ts';

const EXT = 'ts|mts|mjs|json|csv|md|gz|yml|yaml|sh';
/** A relative path with at least one folder; folders hold no dots (so `a.csv/b.csv` is two names, not a path). */
const PATH = new RegExp(`(?<![\\w@/.$<>-])((?:\\.\\.?/)*(?:[\\w*-]+/)+[\\w.*-]+\\.(?:${EXT}))(?![\\w/])`, 'g');
const CORPUS = /@corpus\/([\w./-]+\.(?:csv|csv\.gz|txt|gz))/g;
/** First folders of paths that are a command's output or the user's own files, not the project's. */
const OUTPUT_FOLDERS = new Set(['rally-out', 'sim', 'null-paths', 'shards', 'results', 'test-out', 'DIR']);
const SHARED_ROOT = resolve(ROOT, '..', 'shared');

function readmes(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || OUTPUT_FOLDERS.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) readmes(p, out);
    else if (name === 'README.md') out.push(p);
  }
  return out;
}

/** The example configs by their text, so that a README quoting one verbatim resolves its paths as the run does. */
function exampleConfigs(): Map<string, string> {
  const dir = join(ROOT, 'datasets', 'examples');
  return new Map(readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => [readFileSync(join(dir, n), 'utf8'), dir]));
}

export interface BrokenPath { readme: string; line: number; path: string }

/**
 * The references of one README (its path relative to the root) that resolve
 * nowhere. `exists` is injected so that the rule itself is tested on text.
 */
export function brokenPaths(readme: string, text: string, exists: (p: string) => boolean = existsSync,
  examples: Map<string, string> = new Map(), sharedPresent = existsSync(SHARED_ROOT)): BrokenPath[] {
  const folder = dirname(join(ROOT, readme));
  const broken: BrokenPath[] = [];
  const lines = text.split('\n');
  let inFence = false;
  let fenceBase: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      inFence = !inFence;
      if (inFence) {
        const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
        fenceBase = end > i ? examples.get(`${lines.slice(i + 1, end).join('\n')}\n`) ?? null : null;
      } else fenceBase = null;
      continue;
    }
    const bases = fenceBase ? [fenceBase] : [ROOT, folder];
    for (const m of line.matchAll(PATH)) {
      const ref = m[1]!;
      if (ref.includes('*') || ref.startsWith('./') || OUTPUT_FOLDERS.has(ref.split('/')[0]!)) continue;
      const candidates = bases.map((b) => resolve(b, ref));
      if (candidates.some((c) => exists(c))) continue;
      if (!sharedPresent && candidates.some((c) => c.startsWith(`${SHARED_ROOT}/`))) continue;
      broken.push({ readme, line: i + 1, path: ref });
    }
    for (const m of line.matchAll(CORPUS)) {
      if (!exists(join(ROOT, 'datasets', 'corpus', m[1]!))) broken.push({ readme, line: i + 1, path: `@corpus/${m[1]!}` });
    }
  }
  return broken;
}

describe('README paths', () => {
  it('every path a README names exists', () => {
    const examples = exampleConfigs();
    const found = readmes(ROOT).flatMap((f) => brokenPaths(relative(ROOT, f), readFileSync(f, 'utf8'), existsSync, examples));
    expect(found.map((b) => `${b.readme}:${b.line}: ${b.path}`)).toEqual([]);
  });

  it('reports a moved file, and leaves globs, outputs and user files alone', () => {
    const text = [
      'The leak test (`test/leak.test.ts`) and `datasets/ohlcv.ts`; `engine/config.ts` is fine.',
      'rally run --criterion ./my-criterion.ts --out rally-out; then rally-out/summary.json, sim/run.json',
      '"prices": "stocks/*.csv", "BAA10Y": "@corpus/fred/NOPE.csv.gz", "DGS10": "@corpus/fred/DGS10.csv.gz"',
      'trades.csv/trading.csv',
    ].join('\n');
    expect(brokenPaths('README.md', text).map((b) => `${b.line}: ${b.path}`))
      .toEqual(['1: test/leak.test.ts', '1: datasets/ohlcv.ts', '3: @corpus/fred/NOPE.csv.gz']);
  });

  it('resolves a verbatim example config\'s paths from the config\'s folder', () => {
    const cfg = '{ "plugin": "../../strategies/examples/ma-distance.ts" }\n';
    const examples = new Map([[cfg, join(ROOT, 'datasets', 'examples')]]);
    expect(brokenPaths('README.md', `\`\`\`json\n${cfg}\`\`\`\n`, existsSync, examples)).toEqual([]);
    expect(brokenPaths('README.md', `\`\`\`json\n${cfg}\`\`\`\n`, existsSync, new Map())).toHaveLength(1);
  });

  it('skips ../shared paths only when the shared folder is absent', () => {
    const text = 'from `../shared/data/no-such-file.csv`';
    expect(brokenPaths('README.md', text, existsSync, new Map(), false)).toEqual([]);
    expect(brokenPaths('README.md', text, existsSync, new Map(), true)).toHaveLength(1);
  });
});

describe('folder READMEs name every module of their folder', () => {
  for (const folder of ['reports', 'datasets', 'strategies']) {
    it(`${folder}/README.md`, () => {
      const readme = readFileSync(join(ROOT, folder, 'README.md'), 'utf8');
      const named = new Set([...readme.matchAll(/`([\w./-]+\.(?:ts|mts|mjs))`/g)].map((m) => m[1]!));
      const unnamed = sourceFiles(join(ROOT, folder)).map((f) => relative(join(ROOT, folder), f)).filter((f) => !named.has(f));
      expect(unnamed).toEqual([]);
    });
  }
});
