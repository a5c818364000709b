/**
 * A command's line, read against its spec (command.ts). The grammar is the one
 * rally has always taken: `--name value`, `--name=value`, `-a value`, `-avalue`,
 * `--no-name` (false), a camel-cased `--baseRate` for `--base-rate`, greedy list
 * flags (`--criterion a.ts b.ts`), a switch optionally followed by `true` or
 * `false`, negative numbers as values, and `--` ending the flags. The usage
 * mistakes found here are refused in this order, each as one line ending
 * `(see rally NAME --help)`: too few positionals, a flag without its value,
 * a required flag missing, unknown flags or extra arguments, a value outside
 * the choices, conflicting flags. (flags.ts then checks the values.)
 * Pure: spec and arguments in, occurrences out (or a UsageError).
 */
import { UsageError } from '../errors.ts';
import type { AnyOptions, FlagSpec } from './spec.ts';

/** One use of a flag on the command line. */
export interface Occurrence {
  /** The name as typed, without dashes (`w`, `workers`, `baseRate`). */
  readonly typed: string;
  /** The values given (none for a bare flag; `''` for `--name=`). */
  readonly values: readonly string[];
  /** `--no-name`. */
  readonly negated: boolean;
  /** The value was attached with `=` (or to a one-letter flag, `-w2`). */
  readonly inline: boolean;
}

export interface ParsedLine {
  help: boolean;
  /** Declared flag name → its uses, in order. */
  flags: Map<string, Occurrence[]>;
  /** Positional name → value(s). */
  positionals: Map<string, string | string[]>;
}

const HELP = '\0help';
const NEGATIVE_NUMBER = /^-(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** A token that is a value, not a flag. */
const isValue = (t: string | undefined): boolean => t !== undefined && (!t.startsWith('-') || t === '-' || NEGATIVE_NUMBER.test(t));
const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function namesOf(flags: Readonly<Record<string, FlagSpec>>): Map<string, string> {
  const names = new Map<string, string>([['help', HELP], ['h', HELP]]);
  for (const [key, spec] of Object.entries(flags)) {
    names.set(key, key);
    names.set(camel(key), key);
    if (spec.alias) names.set(spec.alias, key);
  }
  return names;
}

interface Scan {
  help: boolean;
  uses: Map<string, Occurrence[]>;
  positionals: string[];
  /** Unknown flag names as typed. */
  unknown: string[];
  /** Flags typed without their value. */
  missing: string[];
  /** How many positionals came before `--` (extras after it are not complained of). */
  beforeDash: number;
}

/** `-abc` → the names and, for a value-taking letter, the rest as its value. */
function splitShort(body: string, flags: Readonly<Record<string, FlagSpec>>, names: Map<string, string>): Array<[string, string | undefined]> {
  if (body.length === 1 || body[1] === '=') return [[body[0]!, body[1] === '=' ? body.slice(2) : undefined]];
  const out: Array<[string, string | undefined]> = [];
  for (let k = 0; k < body.length; k++) {
    const key = names.get(body[k]!);
    const spec = key && key !== HELP ? flags[key] : undefined;
    if (spec && spec.type !== 'boolean' && k + 1 < body.length) return [...out, [body[k]!, body.slice(k + 1).replace(/^=/, '')]];
    out.push([body[k]!, undefined]);
  }
  return out;
}

/** One flag use: its values taken from `argv` from `i`; returns the next index. */
function takeFlag(s: Scan, spec: FlagSpec, key: string, typed: string, inline: string | undefined, negated: boolean, argv: readonly string[], i: number): number {
  const values: string[] = [];
  if (negated) {
    // --no-name: false, no value.
  } else if (inline !== undefined) {
    values.push(inline);
  } else if (spec.type === 'boolean') {
    if (argv[i] === 'true' || argv[i] === 'false') values.push(argv[i++]!);
  } else if (spec.array) {
    while (isValue(argv[i])) values.push(argv[i++]!);
  } else if (isValue(argv[i])) {
    values.push(argv[i++]!);
  } else {
    s.missing.push(typed);
  }
  const list = s.uses.get(key) ?? [];
  list.push({ typed, values, negated, inline: inline !== undefined });
  s.uses.set(key, list);
  return i;
}

function scan(o: AnyOptions, argv: readonly string[]): Scan {
  const names = namesOf(o.flags);
  const s: Scan = { help: false, uses: new Map(), positionals: [], unknown: [], missing: [], beforeDash: Infinity };
  let i = 0;
  while (i < argv.length) {
    const t = argv[i++]!;
    if (t === '--') { s.beforeDash = s.positionals.length; s.positionals.push(...argv.slice(i)); break; }
    if (isValue(t)) { s.positionals.push(t); continue; }
    const long = t.startsWith('--');
    const parts = long ? [[t.slice(2).split('=', 1)[0]!, t.includes('=') ? t.slice(t.indexOf('=') + 1) : undefined] as [string, string | undefined]]
      : splitShort(t.slice(1), o.flags, names);
    for (const [name, inline] of parts) {
      let key = names.get(name);
      let negated = false;
      if (key === undefined && name.startsWith('no-') && names.has(name.slice(3))) { key = names.get(name.slice(3)); negated = true; }
      if (key === HELP) { s.help = true; continue; }
      if (key === undefined) {
        s.unknown.push(name.replace(/^no-/, ''));
        if (inline === undefined && parts.length === 1 && isValue(argv[i])) i++; // an unknown flag's value is its own
        continue;
      }
      i = takeFlag(s, o.flags[key]!, key, name, inline, negated, argv, i);
    }
  }
  return s;
}

const quoted = (xs: readonly string[]): string => xs.map((x) => JSON.stringify(x)).join(', ');

/** The first usage mistake, in the order the module comment gives, or null. */
function mistake(o: AnyOptions, s: Scan): string | null {
  const pos = Object.entries(o.positionals ?? {});
  if (s.positionals.length < pos.length) return `Not enough non-option arguments: got ${s.positionals.length}, need at least ${pos.length}`;
  if (s.missing.length) return `Not enough arguments following: ${s.missing[0]}`;
  const required = Object.entries(o.flags).filter(([k, f]) => f.required && !s.uses.has(k)).map(([k]) => k);
  if (required.length) return `Missing required argument${required.length > 1 ? 's' : ''}: ${required.join(', ')}`;
  const extra = pos.some(([, p]) => p.array) ? [] : s.positionals.slice(pos.length, Math.max(pos.length, s.beforeDash));
  const unknown = [...s.unknown, ...extra];
  if (unknown.length) return `Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`;
  const invalid: string[] = [];
  for (const [k, f] of Object.entries(o.flags)) {
    const bad = f.choices ? (s.uses.get(k) ?? []).flatMap((u) => u.values).filter((v) => !f.choices!.includes(v)) : [];
    if (bad.length) invalid.push(`Argument: ${k}, Given: ${quoted(bad)}, Choices: ${quoted(f.choices!)}`);
  }
  pos.forEach(([k, p], n) => {
    const given = p.array ? s.positionals.slice(n) : [s.positionals[n]!];
    const bad = p.choices ? given.filter((v) => !p.choices!.includes(v)) : [];
    if (bad.length) invalid.push(`Argument: ${k}, Given: ${quoted(bad)}, Choices: ${quoted(p.choices!)}`);
  });
  if (invalid.length) return `Invalid values: ${invalid.join(' ')}`;
  for (const [a, others] of o.conflicts ?? []) {
    const clash = s.uses.has(a) ? others.find((b) => s.uses.has(b)) : undefined;
    if (clash) return `Arguments ${a} and ${clash} are mutually exclusive`;
  }
  return null;
}

/** Read `argv` (after the command's name) against the spec; usage mistakes throw (exit 2). */
export function parseCommandLine(name: string, o: AnyOptions, argv: readonly string[]): ParsedLine {
  const s = scan(o, argv);
  if (s.help) return { help: true, flags: s.uses, positionals: new Map() };
  const pos = Object.entries(o.positionals ?? {});
  const problem = mistake(o, s);
  if (problem) throw new UsageError(`${problem} (see rally ${name} --help)`);
  const positionals = new Map<string, string | string[]>(pos.map(([k, p], n) => [k, p.array ? s.positionals.slice(n) : s.positionals[n]!]));
  return { help: false, flags: s.uses, positionals };
}
