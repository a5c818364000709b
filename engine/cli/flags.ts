/**
 * Flag misuse yargs lets through, refused with one line (exit 2) before a
 * command runs: a single-value flag given twice (`--data a.csv --data
 * b.csv`), a flag without its value (`--config` last, `--out=`, `--no-out`),
 * a number flag that is not a number (`--workers abc`), a boolean flag with
 * a value other than true/false (`--all=maybe`), an empty value in a list
 * flag. Pure: the declared options and the parsed and raw arguments in, the
 * problem (or null) out.
 */
import { ConfigError } from '../errors.ts';

/** What a command declared, as yargs' getOptions() reports it. */
export interface DeclaredOptions {
  string: string[];
  number: string[];
  boolean: string[];
  array: string[];
  alias: Record<string, string[]>;
  key: Record<string, unknown>;
}

const IGNORED = new Set(['help', 'version', '_', '$0']);

/** `--name`, or `--name (-n)` when it has one-letter aliases. */
function shown(name: string, opts: DeclaredOptions): string {
  const short = (opts.alias[name] ?? []).filter((a) => a.length === 1).map((a) => `-${a}`);
  return `--${name}${short.length ? ` (${short.join(', ')})` : ''}`;
}

/** The values given for `name` (or an alias) in the raw arguments, as typed. */
export function rawValues(argv: readonly string[], name: string, opts: DeclaredOptions): string[] {
  const names = [name, ...(opts.alias[name] ?? [])];
  const flags = new Set(names.map((n) => (n.length === 1 ? `-${n}` : `--${n}`)));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (t === '--') break;
    const eq = t.indexOf('=');
    if (eq > 0 && flags.has(t.slice(0, eq))) out.push(t.slice(eq + 1));
    else if (flags.has(t) && i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) out.push(argv[i + 1]!);
  }
  return out;
}

/** Values attached with `=` to a switch that are not true/false (yargs would read them as false). */
function badSwitchValues(argv: readonly string[], name: string, opts: DeclaredOptions): string[] {
  const flags = new Set([name, ...(opts.alias[name] ?? [])].map((n) => (n.length === 1 ? `-${n}` : `--${n}`)));
  return argv.flatMap((t) => {
    const eq = t.indexOf('=');
    return eq > 0 && flags.has(t.slice(0, eq)) && !['true', 'false'].includes(t.slice(eq + 1)) ? [t.slice(eq + 1)] : [];
  });
}

function problemOf(name: string, value: unknown, opts: DeclaredOptions, argv: readonly string[]): string | null {
  if (opts.boolean.includes(name)) {
    const bad = badSwitchValues(argv, name, opts);
    return bad.length ? `is a switch: give it alone (or =true, =false), not '${bad[0]}'` : null;
  }
  const isArray = opts.array.includes(name);
  const typed = rawValues(argv, name, opts);
  if (isArray) {
    if (!Array.isArray(value)) return null;
    return value.length === 0 || value.some((v) => v === '' || typeof v === 'boolean') ? 'needs a value' : null;
  }
  if (Array.isArray(value)) return `given ${value.length} times (${value.map((v) => `'${String(v)}'`).join(', ')}); give it once`;
  if (typeof value === 'boolean' || value === '') return 'needs a value';
  if (opts.number.includes(name) && (typeof value !== 'number' || !Number.isFinite(value))) {
    return `expected a number, got '${typed[0] ?? String(value)}'`;
  }
  return null;
}

/** Throw a ConfigError (exit 2) naming the first misused flag; positional arguments are not flags. */
export function checkFlags(args: Record<string, unknown>, opts: DeclaredOptions, argv: readonly string[], positional: ReadonlySet<string>): void {
  for (const name of Object.keys(opts.key)) {
    if (IGNORED.has(name) || positional.has(name) || args[name] === undefined) continue;
    const p = problemOf(name, args[name], opts, argv);
    if (p) throw new ConfigError(shown(name, opts), p, 'flags');
  }
}

const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.every((v) => typeof v === 'string');

/**
 * The options a yargs builder declared. yargs keeps them behind getOptions(),
 * which its typings omit: read at run time and shape-checked (null if absent).
 */
export function declaredOptions(y: object): DeclaredOptions | null {
  const get: unknown = Reflect.get(y, 'getOptions');
  if (typeof get !== 'function') return null;
  const o: unknown = get.call(y);
  if (typeof o !== 'object' || o === null) return null;
  const f = (k: string): unknown => Reflect.get(o, k);
  const string = f('string'), number = f('number'), boolean = f('boolean'), array = f('array'), alias = f('alias'), key = f('key');
  if (!isStringList(string) || !isStringList(number) || !isStringList(boolean) || !isStringList(array)) return null;
  if (typeof alias !== 'object' || alias === null || typeof key !== 'object' || key === null) return null;
  return {
    string, number, boolean, array,
    alias: Object.fromEntries(Object.entries(alias).map(([k, v]) => [k, isStringList(v) ? v : []])), key: { ...key },
  };
}

/** Names of the positional arguments in a yargs command string (`merge <dirs..>` → dirs). */
export function positionalNames(command: string): Set<string> {
  return new Set([...command.matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((m) => m[1]!));
}
