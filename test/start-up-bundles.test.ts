// The start-up bundles of the plain-JS build (engine/cli/build.mjs). The command line's own
// modules are bundled into one file (engine/cli/main.bundle.js, what `rally` starts from), and
// only those: every module outside engine/cli, and every module a command loads in its handler,
// is imported from the one-to-one build, so no engine module (an error class, the vocabularies)
// exists twice. Help and errors from the bundle are the sources'. A built-in worker thread loads
// engine/run/worker-task.bundle.js, which keeps formulas (mathjs) loaded on demand.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error plain JS module without type declarations
import { ensureBuild } from '../engine/cli/build.mjs';
import { ROOT } from './support/shared-data.ts';

async function output(main: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; text: string }> {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout), err = process.stderr.write.bind(process.stderr);
  const keep = (c: unknown): boolean => { chunks.push(String(c)); return true; };
  process.stdout.write = keep as typeof process.stdout.write;
  process.stderr.write = keep as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, text: chunks.join('') };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe('the command line bundle', () => {
  it('holds engine/cli only and imports everything else from the one-to-one build', async () => {
    const dir: string = await ensureBuild(ROOT);
    const text = readFileSync(join(dir, 'engine', 'cli', 'main.bundle.js'), 'utf8');
    expect(text).not.toMatch(/class (UsageError|ConfigError|DataError)\b/);
    const specifiers = [...text.matchAll(/(?:from|import\()\s*"(\.[^"]+)"/g)].map((m) => m[1]!);
    expect(specifiers.length).toBeGreaterThan(10);
    for (const s of specifiers) expect(s, s).toMatch(/\.m?js$/);
    expect(specifiers).toContain('../errors.js');
    expect(specifiers).toContain('../run/run.js');
  });

  it('prints the same help and the same usage error as the sources', async () => {
    const dir: string = await ensureBuild(ROOT);
    const bundled = (await import(pathToFileURL(join(dir, 'engine', 'cli', 'main.bundle.js')).href)).main;
    const sources = (await import('../engine/cli/main.ts')).main;
    for (const argv of [['--help'], ['run', '--help'], ['check', '--help'], ['run', '--workers', 'x'], ['nonsense']]) {
      const a = await output(bundled, argv), b = await output(sources, argv);
      expect(a, argv.join(' ')).toEqual(b);
    }
  });
});

describe('the worker thread bundle', () => {
  it('holds the job code, with formulas (mathjs) still imported on demand', async () => {
    const dir: string = await ensureBuild(ROOT);
    const text = readFileSync(join(dir, 'engine', 'run', 'worker-task.bundle.js'), 'utf8');
    const statics = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!);
    expect(statics.length).toBeGreaterThan(3);
    expect(statics.filter((s) => s.startsWith('.') || s === 'mathjs')).toEqual([]);
    expect(text).toContain('import("../../strategies/expression.js")');
    const mod = await import(pathToFileURL(join(dir, 'engine', 'run', 'worker-task.bundle.js')).href);
    expect(typeof mod.serveThread).toBe('function');
  });
});
