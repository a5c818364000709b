// How a worker entry loads the engine (engine/run/worker-load.mjs): the plain-JS module beside it
// (inside the build), else the build named by RALLY_ENGINE_BUILD (unless RALLY_NO_BUILD), else
// the TypeScript under tsx (checked in a child process: tsx's hooks would stay in this one).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './support/shared-data.ts';
import { tempDir } from './support/runs.ts';

/** A folder with a copy of worker-load.mjs and the given modules beside it (under test-out/, where tsx resolves). */
function entryDir(modules: Record<string, string>): string {
  mkdirSync(join(ROOT, 'test-out'), { recursive: true });
  const dir = join(mkdtempSync(join(ROOT, 'test-out', 'worker-load-')), 'engine', 'run');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(ROOT, 'engine', 'run', 'worker-load.mjs'), join(dir, 'worker-load.mjs'));
  for (const [name, text] of Object.entries(modules)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Where `probe` was loaded from, by a fresh Node process (worker-load in `dir`, env as given). */
function whereFrom(dir: string, env: Record<string, string>): string {
  const script = `const { loadRunModule } = await import(${JSON.stringify(pathToFileURL(join(dir, 'worker-load.mjs')).href)});
    process.stdout.write((await loadRunModule('probe')).where);`;
  const base = { ...process.env };
  delete base.RALLY_ENGINE_BUILD;
  delete base.RALLY_NO_BUILD;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('worker-load: which engine a worker loads', () => {
  const ts = "export const where: string = 'typescript';\n";

  it('inside the build, the .js beside it, whatever the environment says', () => {
    const dir = entryDir({ 'probe.js': "export const where = 'beside';\n", 'probe.ts': ts });
    expect(whereFrom(dir, { RALLY_ENGINE_BUILD: '/nowhere' })).toBe('beside');
  });

  it('from the sources, the build RALLY_ENGINE_BUILD names; tsx without one or with RALLY_NO_BUILD', () => {
    const build = tempDir('worker-load-build');
    mkdirSync(join(build, 'engine', 'run'), { recursive: true });
    writeFileSync(join(build, 'engine', 'run', 'probe.js'), "export const where = 'build';\n");
    const dir = entryDir({ 'probe.ts': ts });
    expect(whereFrom(dir, { RALLY_ENGINE_BUILD: build })).toBe('build');
    expect(whereFrom(dir, { RALLY_ENGINE_BUILD: build, RALLY_NO_BUILD: '1' })).toBe('typescript');
    expect(whereFrom(dir, {})).toBe('typescript');
  });
});
