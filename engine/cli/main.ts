/**
 * The `rally` command line. Every command has --help with examples. User
 * errors (bad files, configs, flags) print one line and exit 2; a run that
 * completed with failed jobs exits 3; a failed regression check exits 1; a
 * bug in rally itself exits 70 (README: "Exit codes").
 */
import { isUserError, UsageError } from '../errors.ts';
import { EXIT, type ExitCode } from '../vocabulary.ts';
import { helpWidth, type RegisteredCommand } from './command.ts';
import { EXIT_CODES_TEXT, globalHelp } from './help.ts';
import { episodesCommand } from './episodes-command.ts';
import { runCommand } from './run-command.ts';
import { mergeCommand } from './merge-command.ts';
import { listCommand } from './list-command.ts';
import { baselineCommand } from './baseline-command.ts';
import { checkCommand } from './check-command.ts';
import { powerCommand } from './power-command.ts';
import { simulateCommand } from './simulate-command.ts';

const COMMANDS: readonly RegisteredCommand[] = [runCommand, episodesCommand, listCommand, mergeCommand, baselineCommand, checkCommand, powerCommand, simulateCommand];
const USAGE = 'rally <command> [options]\n\nReplay historical rallies against criteria and report which predicted durability.';

const isHelpFlag = (t: string): boolean => t === '--help' || t === '-h';

export async function main(argv: string[]): Promise<ExitCode> {
  try {
    return await dispatch(argv);
  } catch (e) {
    if (isUserError(e)) { process.stderr.write(`rally: ${e.message}\n`); return EXIT.usage; }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`rally: internal error: ${msg}\n`);
    if (process.env.RALLY_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return EXIT.internal;
  }
}

/** The command named first runs on the rest of the line; `rally --help` (or `rally help`) lists the commands. */
async function dispatch(argv: readonly string[]): Promise<ExitCode> {
  const dash = argv.indexOf('--');
  const flagsPart = dash < 0 ? argv : argv.slice(0, dash);
  const at = flagsPart.findIndex((t) => !t.startsWith('-'));
  const name = at < 0 ? undefined : flagsPart[at]!;
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd) return cmd.run([...argv.slice(0, at), ...argv.slice(at + 1)]);
  if (name === 'help' || flagsPart.some(isHelpFlag)) {
    process.stdout.write(globalHelp(USAGE, COMMANDS, EXIT_CODES_TEXT, helpWidth()));
    return EXIT.ok;
  }
  if (name === undefined) throw new UsageError('name a command, e.g. `rally run` (see rally --help)');
  throw new UsageError(unknownCommand(name));
}

function unknownCommand(name: string): string {
  const names = COMMANDS.map((c) => c.name);
  const near = closest(name, names);
  return `unknown command '${name}'${near ? ` (did you mean ${near}?)` : ''}; commands: ${names.join(', ')}`;
}

/** The command at the smallest edit distance (transpositions count once), if at most 3; longer names win ties. */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 4;
  for (const c of [...candidates].sort((a, b) => b.length - a.length)) {
    const d = editDistance(word, c);
    if (d < bestDistance) { bestDistance = d; best = c; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const m: number[][] = Array.from({ length: b.length + 1 }, (_, i) => [i]);
  for (let j = 0; j <= a.length; j++) m[0]![j] = j;
  for (let i = 1; i <= b.length; i++) {
    for (let j = 1; j <= a.length; j++) {
      const row = m[i]!, prev = m[i - 1]!;
      if (b[i - 1] === a[j - 1]) row[j] = prev[j - 1]!;
      else if (i > 1 && j > 1 && b[i - 2] === a[j - 1] && b[i - 1] === a[j - 2]) row[j] = m[i - 2]![j - 2]! + 1;
      else row[j] = Math.min(prev[j - 1]! + 1, row[j - 1]! + 1, prev[j]! + 1);
    }
  }
  return m[b.length]![a.length]!;
}
