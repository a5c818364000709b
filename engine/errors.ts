/**
 * Errors a user can act on. The CLI prints `message` as one line and exits 2;
 * never a stack trace. Everything that is the user's input (files, configs,
 * flags) fails through one of these.
 */

/** Bad input in a file: `file:line:column: what is wrong`. Line and column are 1-based; 0 = unknown. */
export class InputError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly detail: string;
  constructor(file: string, line: number, column: number, detail: string) {
    super(`${file}:${line}:${column}: ${detail}`);
    this.name = 'InputError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}

/** Bad configuration: names the config key (a dotted path such as `criteria[2].params.fast`). */
export class ConfigError extends Error {
  readonly key: string;
  readonly detail: string;
  readonly source: string;
  constructor(key: string, detail: string, source = 'config') {
    super(`${source}: ${key}: ${detail}`);
    this.name = 'ConfigError';
    this.key = key;
    this.detail = detail;
    this.source = source;
  }
}

/** Name the config file in errors raised without it (deep code knows the key, not the file). */
export function attributeTo<T>(source: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (source && e instanceof ConfigError && e.source === 'config') throw new ConfigError(e.key, e.detail, source);
    throw e;
  }
}

export async function attributeToAsync<T>(source: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (source && e instanceof ConfigError && e.source === 'config') throw new ConfigError(e.key, e.detail, source);
    throw e;
  }
}

/** A command-line usage mistake (unknown flag, missing argument), as engine/cli/parse.ts words it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function isUserError(e: unknown): e is InputError | ConfigError | UsageError {
  return e instanceof InputError || e instanceof ConfigError || e instanceof UsageError;
}

/** Control, format (bidi, zero-width, BOM) and separator characters, and lone surrogates. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;

/**
 * Text quoted from user input (a cell, a name, a path) made safe for a one-line
 * terminal message: at most `max` characters (then `…`), and every control,
 * format or separator character — terminal escapes, NUL, CR, bidi overrides —
 * shown as a visible escape (`\x1b`, `\u{202e}`) instead of being written.
 */
export function printable(text: string, max = 40): string {
  let cut = text;
  if (text.length > max) {
    const points = Array.from(text.slice(0, 2 * max));
    if (points.length > max || text.length > 2 * max) cut = `${points.slice(0, max).join('')}…`;
  }
  return cut.replace(UNPRINTABLE, (c) => {
    const p = c.codePointAt(0)!;
    return p < 0x100 ? `\\x${p.toString(16).padStart(2, '0')}` : `\\u{${p.toString(16)}}`;
  });
}
