// The layers, enforced: reads every import (static, dynamic, type-only and re-exports) of the
// source folders and checks the import rule written in engine/README.md, and that no files
// import each other in a loop.
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './support/shared-data.ts';
import { sourceFiles } from './support/source-files.ts';

const SOURCE_FOLDERS = ['engine', 'datasets', 'strategies', 'reports'] as const;
const SOURCE = /\.(ts|mts|mjs|js)$/;

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Relative imports of one file, as repository-relative paths. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(IMPORT)) found.add(relative(ROOT, resolve(dirname(file), m[1]!)));
  return [...found];
}

const files = SOURCE_FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f), SOURCE)).map((f) => relative(ROOT, f));
const graph = new Map(files.map((f) => [f, importsOf(join(ROOT, f))]));

/** The run spec: config parsing sits above the seams, since it validates episode parameters. */
const CONFIG_FILES = new Set(['engine/config.ts', 'engine/bundle-spec.ts']);

/** The layer a file belongs to: a top folder, an engine sub-folder, the run spec, or the engine's seams. */
function layer(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'engine') return parts[0]!;
  if (CONFIG_FILES.has(file)) return 'engine-config';
  return parts.length === 2 ? 'engine-seams' : `engine/${parts[1]}`;
}

/** Which layers each layer may import (besides itself). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  'engine-seams': [],
  'engine/stats': ['engine-seams'],
  'engine/data': ['engine-seams', 'engine/stats'],
  'engine/episodes': ['engine-seams', 'engine/data'],
  'engine/trading': ['engine-seams', 'engine/stats'],
  'engine-config': ['engine-seams', 'engine/episodes'],
  'engine/run': ['engine-seams', 'engine-config', 'engine/data', 'engine/episodes', 'engine/stats', 'engine/trading', 'datasets', 'strategies'],
  'engine/cli': ['engine-seams', 'engine-config', 'engine/data', 'engine/episodes', 'engine/stats', 'engine/trading', 'engine/run', 'reports'],
  strategies: ['engine-seams'],
  datasets: ['engine-seams', 'engine-config', 'engine/data', 'engine/episodes', 'engine/stats'],
  reports: ['engine-seams', 'engine/stats'],
};

describe('import rule (engine/README.md)', () => {
  it('reads a non-trivial tree', () => {
    expect(files.length).toBeGreaterThan(60);
    expect(importsOf('x/a.ts', "import type { A } from './b.ts';\nexport { c } from '../c.ts';\nawait import('./d.mjs');"))
      .toEqual(['x/b.ts', 'c.ts', 'x/d.mjs']);
  });

  it('every import stays within the layers its layer may use', () => {
    const bad: string[] = [];
    for (const [from, targets] of graph) {
      const own = layer(from);
      const allowed = MAY_IMPORT[own];
      if (!allowed) { bad.push(`${from}: unknown layer ${own}`); continue; }
      for (const to of targets) {
        const theirs = layer(to);
        if (theirs !== own && !allowed.includes(theirs)) bad.push(`${from} -> ${to} (${own} may not import ${theirs})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('only engine/run imports datasets/ and strategies/; only engine/cli imports reports/; nothing imports engine/cli', () => {
    const bad: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) {
        const [a, b] = [layer(from), layer(to)];
        if (a === b) continue;
        if ((b === 'datasets' || b === 'strategies') && a !== 'engine/run') bad.push(`${from} -> ${to}`);
        if (b === 'reports' && a !== 'engine/cli') bad.push(`${from} -> ${to}`);
        if (b === 'engine/cli') bad.push(`${from} -> ${to}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('every import names a file that exists', () => {
    const missing = [...graph].flatMap(([from, ts]) => ts.filter((t) => !graph.has(t) && !existsFile(t)).map((t) => `${from} -> ${t}`));
    expect(missing).toEqual([]);
  });

  it('has no import cycles, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a planted cycle', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
  });
});

function existsFile(p: string): boolean {
  try { return statSync(join(ROOT, p)).isFile(); } catch { return false; }
}

/** Strongly connected components with more than one file (or a self-import): Tarjan's algorithm. */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || (g.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of [...g.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}
