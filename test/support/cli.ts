import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './shared-data.ts';

export interface CliResult { code: number; stdout: string; stderr: string }

/** Run the real `rally` executable as a user would. */
export function rally(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'engine', 'cli', 'rally.mjs'), ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, ...opts.env }, timeout: 300_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
