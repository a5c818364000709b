/**
 * `--help` text, made from the command specs (command.ts): usage, the
 * description, positionals, options with their type, default and choices,
 * examples and the epilog, wrapped to the terminal's width. Pure.
 */
import { EXIT } from '../vocabulary.ts';
import type { AnyOptions, FlagSpec, PositionalSpec } from './spec.ts';

/** `text` cut into lines of at most `width` characters at spaces (a longer word stands alone). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    const indent = /^ */.exec(para)![0];
    let line = '';
    for (const word of para.slice(indent.length).split(' ')) {
      if (line !== '' && indent.length + line.length + 1 + word.length > width) { out.push(indent + line); line = word; } else line = line === '' ? word : `${line} ${word}`;
    }
    out.push(indent + line);
  }
  return out;
}

/** Rows of `left`, a wrapped description and right-aligned tags, the left column `leftWidth` wide. */
function table(rows: ReadonlyArray<readonly [string, string, string]>, leftWidth: number, width: number): string[] {
  const descWidth = Math.max(20, width - leftWidth);
  const out: string[] = [];
  for (const [left, desc, tags] of rows) {
    const lines = wrap(desc, descWidth);
    const leftLines = left.length <= leftWidth - 4 ? [left] : wrap(left, leftWidth - 4);
    if (tags) {
      const last = lines[lines.length - 1]!;
      if (last.length + 1 + tags.length <= descWidth) lines[lines.length - 1] = last + tags.padStart(descWidth - last.length);
      else lines.push(tags.padStart(descWidth));
    }
    const n = Math.max(lines.length, leftLines.length);
    for (let k = 0; k < n; k++) out.push(`  ${(leftLines[k] ?? '').padEnd(leftWidth - 2)}${lines[k] ?? ''}`.trimEnd());
  }
  return out;
}

const HELP_FLAG: FlagSpec = { type: 'boolean', describe: 'Show help', alias: 'h' };
const quoted = (xs: readonly string[]): string => xs.map((x) => JSON.stringify(x)).join(', ');

function tagsOf(f: FlagSpec | PositionalSpec, required: boolean): string {
  const type = 'type' in f ? (f.array ? 'array' : f.type) : f.array ? 'array' : 'string';
  const tags = [`[${type}]`];
  if (required) tags.push('[required]');
  if (f.choices) tags.push(`[choices: ${quoted(f.choices)}]`);
  if ('default' in f && f.default !== undefined) tags.push(`[default: ${JSON.stringify(f.default)}]`);
  return tags.join(' ');
}

function optionRows(flags: Readonly<Record<string, FlagSpec>>): Array<[string, string, string]> {
  const all = [...Object.entries(flags), ['help', HELP_FLAG] as const];
  const anyAlias = all.some(([name, f]) => f.alias !== undefined && name.length > 1);
  return all.map(([name, f]) => {
    const long = name.length === 1 ? `-${name}` : `--${name}`;
    const left = f.alias ? `-${f.alias}, ${long}` : anyAlias && name.length > 1 ? `    ${long}` : long;
    return [left, f.describe, tagsOf(f, f.required === true)];
  });
}

function section(title: string, rows: ReadonlyArray<readonly [string, string, string]>, width: number, leftWidth?: number): string[] {
  if (!rows.length) return [];
  const lw = leftWidth ?? 2 + Math.max(...rows.map((r) => r[0].length)) + 2;
  return ['', `${title}:`, ...table(rows, lw, width)];
}

/** Every exit code, for `rally --help` and each command's help (README: "Exit codes"). */
export const EXIT_CODES_TEXT = `Exit codes: ${EXIT.ok} ok, ${EXIT.checkFailed} regression check failed, ${EXIT.usage} bad input or usage, ${EXIT.jobsFailed} run completed with failed jobs, ${EXIT.internal} internal error (a bug: please report it).`;

/** `rally NAME --help`. */
export function commandHelp(command: string, describe: string, o: AnyOptions, width: number): string {
  const positionals = Object.entries(o.positionals ?? {}).map(([k, p]): [string, string, string] => [k, p.describe, tagsOf(p, true)]);
  const options = optionRows(o.flags);
  const exampleLeft = Math.min(2 + Math.max(...o.examples.map(([c]) => c.length)) + 2, Math.floor(width / 2) + 3);
  const lines = [
    `rally ${command}`, '', ...wrap(describe, width),
    ...section('Positionals', positionals, width),
    ...section('Options', options, width),
    ...section('Examples', o.examples.map(([c, d]) => [c, d, ''] as const), width, exampleLeft),
  ];
  if (o.epilog) lines.push('', ...wrap(o.epilog, width));
  lines.push('', ...wrap(EXIT_CODES_TEXT, width));
  return `${lines.join('\n')}\n`;
}

/** `rally --help`: the commands, then `epilog`. */
export function globalHelp(usage: string, commands: ReadonlyArray<{ command: string; describe: string }>, epilog: string, width: number): string {
  const lines = [
    ...usage.split('\n'),
    ...section('Commands', commands.map((c) => [`rally ${c.command}`, c.describe, ''] as const), width),
    ...section('Options', optionRows({}), width),
    '', ...wrap(epilog, width),
  ];
  return `${lines.join('\n')}\n`;
}
