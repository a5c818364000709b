// The plain-JS build the CLI and workers load: complete, with no TypeScript import left,
// remade when a source changes, and equivalent to the sources (a small tree is built and run).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error plain JS module without type declarations
import { ensureBuild, sourceFingerprint } from '../engine/cli/build.mjs';
import { ROOT } from './support/shared-data.ts';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

function fakeTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'rally-build-'));
  writeFileSync(join(root, 'package.json'), '{"name":"fake","version":"1.2.3","type":"module"}');
  for (const f of ['engine', 'datasets', 'strategies', 'reports']) mkdirSync(join(root, f));
  mkdirSync(join(root, 'engine', 'cli'));
  writeFileSync(join(root, 'engine', 'seam.ts'), 'export interface Shape { n: number }\nexport const twice = (x: number): number => 2 * x;\n');
  writeFileSync(join(root, 'strategies', 'one.ts'), "import { twice, type Shape } from '../engine/seam.ts';\nexport const value = (s: Shape): number => twice(s.n);\n");
  writeFileSync(join(root, 'engine', 'cli', 'main.ts'), "export async function main(): Promise<number> { const { value } = await import('../../strategies/one.ts'); return value({ n: 21 }); }\n");
  return root;
}

describe('plain-JS build', () => {
  it('transpiles every source one to one and rewrites relative .ts imports', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'rally-cache-'));
    const dir: string = await ensureBuild(ROOT, cache);
    const sources = ['engine', 'datasets', 'strategies', 'reports'].flatMap((f) => listFiles(join(ROOT, f)))
      .filter((f) => /\.(ts|mts|mjs)$/.test(f)).map((f) => relative(ROOT, f));
    expect(sources.length).toBeGreaterThan(60);
    const built = new Set(listFiles(dir).map((f) => relative(dir, f)));
    for (const s of sources) expect(built.has(s.replace(/\.mts$/, '.mjs').replace(/\.ts$/, '.js')), s).toBe(true);
    const leftovers = [...built].filter((f) => f.endsWith('.js'))
      .filter((f) => /(?:from|import\()\s*["']\.{1,2}\/[^"']+\.m?ts["']/.test(readFileSync(join(dir, f), 'utf8')));
    expect(leftovers).toEqual([]);
  }, 60_000);

  it('runs the built code, reuses a fresh build and rebuilds when a source changes', async () => {
    const root = fakeTree();
    const cache = mkdtempSync(join(tmpdir(), 'rally-cache-'));
    const first: string = await ensureBuild(root, cache);
    const { main } = await import(pathToFileURL(join(first, 'engine', 'cli', 'main.js')).href);
    expect(await main()).toBe(42);
    expect(await ensureBuild(root, cache)).toBe(first);
    const before = sourceFingerprint(root);
    writeFileSync(join(root, 'engine', 'seam.ts'), 'export interface Shape { n: number }\nexport const twice = (x: number): number => 3 * x;\n');
    utimesSync(join(root, 'engine', 'seam.ts'), new Date(), new Date(Date.now() + 5_000));
    expect(sourceFingerprint(root)).not.toBe(before);
    const second: string = await ensureBuild(root, cache);
    expect(second).not.toBe(first);
    const again = await import(pathToFileURL(join(second, 'engine', 'cli', 'main.js')).href);
    expect(await again.main()).toBe(63);
  });
});
