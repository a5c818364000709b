/**
 * The `rally` command line. Every command has --help with examples. User
 * errors (bad files, configs, flags) print one line and exit 2; a run that
 * completed with failed jobs exits 3; a failed regression check exits 1.
 */
import yargs from 'yargs';
import { isUserError, UsageError } from '../errors.ts';
import { EXIT, type ExitCode } from '../vocabulary.ts';
import type { RegisteredCommand } from './command.ts';
import { episodesCommand } from './episodes-command.ts';
import { runCommand } from './run-command.ts';
import { mergeCommand } from './merge-command.ts';
import { listCommand } from './list-command.ts';
import { baselineCommand } from './baseline-command.ts';
import { checkCommand } from './check-command.ts';
import { powerCommand } from './power-command.ts';
import { simulateCommand } from './simulate-command.ts';

const COMMANDS: readonly RegisteredCommand[] = [runCommand, episodesCommand, listCommand, mergeCommand, baselineCommand, checkCommand, powerCommand, simulateCommand];

export async function main(argv: string[]): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const y = yargs(argv)
    .scriptName('rally')
    .usage('rally <command> [options]\n\nReplay historical rallies against criteria and report which predicted durability.')
    .strict()
    .demandCommand(1, 'name a command, e.g. `rally run` (see rally --help)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilog(`Exit codes: ${EXIT.ok} ok, ${EXIT.checkFailed} regression check failed, ${EXIT.usage} bad input or usage, ${EXIT.jobsFailed} run completed with failed jobs.`)
    .fail((msg, err) => {
      // Throwing here stops yargs before any handler runs (an unknown flag must not write anything).
      if (err) throw err;
      throw new UsageError(msg);
    })
    .help()
    .alias('h', 'help')
    .version(false);
  for (const c of COMMANDS) c.register(y, (exit) => { code = exit; });
  try {
    await y.parseAsync();
  } catch (e) {
    if (isUserError(e)) { process.stderr.write(`rally: ${e.message}\n`); return EXIT.usage; }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`rally: internal error: ${msg}\n`);
    if (process.env.RALLY_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return EXIT.internal;
  }
  return code;
}
