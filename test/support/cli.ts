/**
 * The command line, two ways.
 *
 * `rally(args)` spawns the real executable, as a user would: only the CLI
 * tests (cli-*.test.ts) use it, to check the wiring (commands registered,
 * flags, exit codes, files written, one-line errors). Each spawn costs about
 * a second (Node starts and tsx loads the sources), so they are few.
 *
 * `command(module, args)` runs ONE command module in this process: its own
 * spec parses the flags (defaults, types, unknown-flag checks) and its
 * handler runs, as engine/cli/main.ts runs it; a user error becomes exit 2
 * and `rally: <message>` as main.ts prints it. Tests of a command's
 * behaviour use this.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { vi } from 'vitest';
import { isUserError } from '../../engine/errors.ts';
import type { RegisteredCommand } from '../../engine/cli/command.ts';
import { ROOT } from './shared-data.ts';

export interface CliResult { code: number; stdout: string; stderr: string }

/** Run the real `rally` executable as a user would. */
export function rally(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'engine', 'cli', 'rally.mjs'), ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, ...opts.env }, timeout: 300_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Run one command module in this process (args start with the command's name, as on the command line). */
export async function command(module: RegisteredCommand, args: string[]): Promise<CliResult> {
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { stdout += String(s); return true; });
  const log = vi.spyOn(console, 'log').mockImplementation((...xs: unknown[]) => { stdout += `${xs.join(' ')}\n`; });
  try {
    try {
      return { code: await module.run(args.slice(1)), stdout, stderr: '' };
    } catch (e) {
      if (isUserError(e)) return { code: 2, stdout, stderr: `rally: ${e.message}` };
      throw e;
    }
  } finally {
    write.mockRestore();
    log.mockRestore();
  }
}
