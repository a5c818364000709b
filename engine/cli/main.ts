/**
 * The `rally` command line. Every command has --help with examples. User
 * errors (bad files, configs, flags) print one line and exit 2; a run that
 * completed with failed jobs exits 3; a failed regression check exits 1; a
 * bug in rally itself exits 70 (README: "Exit codes").
 */
import yargs from 'yargs';
import { isUserError, UsageError } from '../errors.ts';
import { EXIT, type ExitCode } from '../vocabulary.ts';
import { episodesCommand } from './episodes-command.ts';
import { runCommand } from './run-command.ts';
import { mergeCommand } from './merge-command.ts';
import { listCommand } from './list-command.ts';
import { baselineCommand } from './baseline-command.ts';
import { checkCommand } from './check-command.ts';
import { powerCommand } from './power-command.ts';
import { simulateCommand } from './simulate-command.ts';

const COMMANDS = [runCommand, episodesCommand, listCommand, mergeCommand, baselineCommand, checkCommand, powerCommand, simulateCommand] as const;
const COMMAND_NAMES: readonly string[] = COMMANDS.map((c) => c.command.split(' ')[0]!);

export async function main(argv: string[]): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const y = yargs(argv)
    .scriptName('rally')
    .usage('rally <command> [options]\n\nReplay historical rallies against criteria and report which predicted durability.')
    .strict()
    .demandCommand(1, 'name a command, e.g. `rally run` (see rally --help)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilog(`Exit codes: ${EXIT.ok} ok, ${EXIT.checkFailed} regression check failed, ${EXIT.usage} bad input or usage, ${EXIT.jobsFailed} run completed with failed jobs, ${EXIT.internal} internal error (a bug: please report it).`)
    .fail((msg, err) => {
      // Throwing here stops yargs before any handler runs (an unknown flag must not write anything).
      // yargs' own complaints (YError, e.g. a flag without its value) are usage errors too.
      if (err && err.name !== 'YError') throw err;
      throw new UsageError(usageText(msg || err?.message || 'bad usage', argv));
    })
    .help()
    .alias('h', 'help')
    .version(false);
  for (const c of COMMANDS) c.register(y, (exit) => { code = exit; }, argv);
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

/** yargs' complaint as one line, naming the command's help (and an unknown command by name). */
function usageText(msg: string, argv: readonly string[]): string {
  const line = msg.replace(/\s*\n\s*/g, ' ').trim();
  const first = argv.find((t) => !t.startsWith('-'));
  const known = first !== undefined && COMMAND_NAMES.includes(first);
  if (first !== undefined && !known && /^Did you mean|^Unknown argument/.test(line)) {
    return `unknown command '${first}'${line.startsWith('Did you mean') ? ` (d${line.slice(1)})` : ''}; commands: ${COMMAND_NAMES.join(', ')}`;
  }
  return `${line} (see rally ${known ? `${first} ` : ''}--help)`;
}
