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

/** A command-line usage mistake (unknown flag, missing argument): yargs' own message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function isUserError(e: unknown): e is InputError | ConfigError | UsageError {
  return e instanceof InputError || e instanceof ConfigError || e instanceof UsageError;
}
