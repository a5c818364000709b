/**
 * The shape of a `rally` command's spec: its flags and positionals (type,
 * alias, default, choices, required), conflicts, examples and epilog, and the
 * handler's arguments typed from them (`--base-rate` → `baseRate: number`).
 * Types only: command.ts defines commands, parse.ts, flags.ts and help.ts read specs.
 */
export type FlagType = 'string' | 'number' | 'boolean';

/** One `--flag`. */
export interface FlagSpec {
  readonly type: FlagType;
  readonly describe: string;
  /** A one-letter alias (`-o` for `--out`). */
  readonly alias?: string;
  /** Repeatable and greedy (`--criterion a.ts b.ts`): the values in order. */
  readonly array?: boolean;
  readonly choices?: readonly string[];
  readonly default?: string | number | boolean | readonly string[];
  /** Must be given (help says `[required]`). */
  readonly required?: boolean;
}

/** One positional argument; required (`<what>`), or one or more (`<dirs..>`) when `array`. */
export interface PositionalSpec {
  readonly describe: string;
  readonly choices?: readonly string[];
  readonly array?: boolean;
}

/** What a command declares besides its name and handler. */
export interface CommandOptions<F extends Record<string, FlagSpec>, P extends Record<string, PositionalSpec>> {
  readonly flags: F;
  readonly positionals?: P;
  /** `[a, [b, c]]`: a may not be given with b or c. */
  readonly conflicts?: ReadonlyArray<readonly [keyof F & string, ReadonlyArray<keyof F & string>]>;
  readonly examples: ReadonlyArray<readonly [string, string]>;
  /** Text after the examples. */
  readonly epilog?: string;
}

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type Scalar<S> = S extends { readonly choices: ReadonlyArray<infer C> } ? C
  : S extends { readonly type: 'number' } ? number : S extends { readonly type: 'boolean' } ? boolean : string;
type ValueOf<S> = S extends { readonly array: true } ? Array<Scalar<S>> : Scalar<S>;
type AlwaysSet<S> = S extends { readonly default: unknown } ? true : S extends { readonly required: true } ? true : false;

/** The handler's arguments: camel-cased flag names (`--base-rate` → `baseRate`) and positionals. */
export type Args<F, P> =
  { -readonly [K in keyof F & string as Camel<K>]: AlwaysSet<F[K]> extends true ? ValueOf<F[K]> : ValueOf<F[K]> | undefined }
  & { -readonly [K in keyof P & string as Camel<K>]: P[K] extends { readonly array: true } ? string[] : Scalar<P[K]> };

/** The spec as the parser and help read it (no handler types). */
export interface AnyOptions {
  readonly flags: Readonly<Record<string, FlagSpec>>;
  readonly positionals?: Readonly<Record<string, PositionalSpec>>;
  readonly conflicts?: ReadonlyArray<readonly [string, ReadonlyArray<string>]>;
  readonly examples: ReadonlyArray<readonly [string, string]>;
  readonly epilog?: string;
}
