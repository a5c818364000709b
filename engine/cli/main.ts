/**
 * The `rally` command line. Every command has --help with examples. User
 * errors (bad files, configs, flags) print one line and exit 2; a run that
 * completed with failed jobs exits 3; a failed regression check exits 1.
 */
import yargs, { type Argv } from 'yargs';
import { isUserError, UsageError } from '../errors.ts';
import { EXIT } from '../vocabulary.ts';
import { episodesCommand } from './episodes-command.ts';
import { runCommand } from './run-command.ts';
import { mergeCommand } from './merge-command.ts';
import { listCommand } from './list-command.ts';
import { baselineCommand, checkCommand } from './gate-commands.ts';
import { powerCommand } from './power-command.ts';
import { simulateCommand } from './simulate-command.ts';

export interface CommandModule {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  /** Returns the exit code. */
  handler: (args: Record<string, unknown>) => Promise<number>;
}

const COMMANDS: CommandModule[] = [runCommand, episodesCommand, listCommand, mergeCommand, baselineCommand, checkCommand, powerCommand, simulateCommand];

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const y = yargs(argv)
    .scriptName('rally')
    .usage('rally <command> [options]\n\nReplay historical rallies against criteria and report which predicted durability.')
    .strict()
    .demandCommand(1, 'name a command, e.g. `rally run` (see rally --help)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilog('Exit codes: 0 ok, 1 regression check failed, 2 bad input or usage, 3 run completed with failed jobs.')
    .fail((msg, err) => {
      // Throwing here stops yargs before any handler runs (an unknown flag must not write anything).
      if (err) throw err;
      throw new UsageError(msg);
    })
    .help()
    .alias('h', 'help')
    .version(false);
  for (const c of COMMANDS) {
    y.command(c.command, c.describe, c.builder, async (args) => {
      code = await c.handler(args as Record<string, unknown>);
    });
  }
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
