/**
 * Flag values, checked and typed: the misuse the grammar lets through is
 * refused with one line (exit 2) before a command runs — a single-value flag
 * given twice (`--data a.csv --data b.csv`), a flag without its value
 * (`--out=`, `--no-out`), a number flag that is not a finite number
 * (`--workers abc`), a switch with a value other than true/false
 * (`--all=maybe`), an empty value in a list flag. Then the handler's
 * arguments: camel-cased names, numbers as numbers, defaults filled in.
 * Pure: the spec and the parsed line in, the arguments (or a ConfigError) out.
 */
import { ConfigError } from '../errors.ts';
import type { AnyOptions, FlagSpec } from './spec.ts';
import type { Occurrence, ParsedLine } from './parse.ts';

/** `--name`, or `--name (-n)` when it has a one-letter alias. */
function shown(name: string, f: FlagSpec): string {
  return `--${name}${f.alias ? ` (-${f.alias})` : ''}`;
}

const valueOf = (u: Occurrence): string => (u.negated ? 'false' : u.values[0] ?? 'true');

/** What is wrong with a flag's uses, or null. */
export function flagProblem(f: FlagSpec, uses: readonly Occurrence[]): string | null {
  if (f.type === 'boolean') {
    const bad = uses.filter((u) => u.inline && !['true', 'false'].includes(u.values[0]!));
    return bad.length ? `is a switch: give it alone (or =true, =false), not '${bad[0]!.values[0]}'` : null;
  }
  if (f.array) return uses.some((u) => u.negated || u.values.length === 0 || u.values.includes('')) ? 'needs a value' : null;
  if (uses.length > 1) return `given ${uses.length} times (${uses.map((u) => `'${valueOf(u)}'`).join(', ')}); give it once`;
  const u = uses[0]!;
  if (u.negated || u.values.length === 0 || u.values[0] === '') return 'needs a value';
  if (f.type === 'number' && !Number.isFinite(Number(u.values[0]))) return `expected a number, got '${u.values[0]}'`;
  return null;
}

/** Throw a ConfigError (exit 2) naming the first misused flag, in declaration order. */
export function checkFlags(o: AnyOptions, parsed: ParsedLine): void {
  for (const [name, f] of Object.entries(o.flags)) {
    const uses = parsed.flags.get(name);
    const p = uses ? flagProblem(f, uses) : null;
    if (p) throw new ConfigError(shown(name, f), p, 'flags');
  }
}

function typed(f: FlagSpec, text: string): string | number | boolean {
  if (f.type === 'number') return Number(text);
  if (f.type === 'boolean') return text !== 'false';
  return text;
}

function valueOfUses(f: FlagSpec, uses: readonly Occurrence[] | undefined): unknown {
  if (!uses) return Array.isArray(f.default) ? [...f.default] : f.default;
  if (f.array) return uses.flatMap((u) => u.values.map((v) => typed(f, v)));
  const last = uses[uses.length - 1]!;
  if (f.type === 'boolean') return !last.negated && last.values[0] !== 'false';
  return typed(f, last.values[0]!);
}

const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** The handler's arguments (after checkFlags): camel-cased flags with their defaults, and the positionals. */
export function argumentsOf(o: AnyOptions, parsed: ParsedLine): Record<string, unknown> {
  checkFlags(o, parsed);
  const args: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(o.flags)) {
    const v = valueOfUses(f, parsed.flags.get(name));
    if (v !== undefined) args[camel(name)] = v;
  }
  for (const [name, v] of parsed.positionals) args[camel(name)] = v;
  return args;
}
