/**
 * One `rally` command: a typed spec of its flags and positionals, examples and
 * help text, and a handler whose arguments are typed from that spec (no casts).
 * Each command file is thin: flags → one call into engine/run → print.
 * `run` parses the command line (parse.ts), refuses misuse before the handler
 * runs (parse.ts: unknown or missing flags and values, choices, conflicts;
 * flags.ts: a flag given twice, a number that is not one, a switch given a
 * value), prints help (help.ts), or calls the handler. No yargs: start-up
 * loads only these small modules.
 */
import type { ExitCode } from '../vocabulary.ts';
import { EXIT } from '../vocabulary.ts';
import { parseCommandLine } from './parse.ts';
import { argumentsOf } from './flags.ts';
import { commandHelp } from './help.ts';
import type { AnyOptions, Args, CommandOptions, FlagSpec, PositionalSpec } from './spec.ts';

export interface CommandDefinition<F extends Record<string, FlagSpec>, P extends Record<string, PositionalSpec>> {
  /** Name and positionals as shown in help: `merge <dirs..>`. */
  command: string;
  describe: string;
  /**
   * The flags, examples and help text. Keep them static and cheap: heavy modules load in the
   * handler (`await import(...)`); options that need a heavy module's values may be loaded (async).
   */
  options: CommandOptions<F, P> | (() => Promise<CommandOptions<F, P>>);
  /** Returns the exit code. */
  handler: (args: Args<F, P>) => Promise<ExitCode>;
}

export interface RegisteredCommand {
  readonly command: string;
  readonly name: string;
  readonly describe: string;
  /**
   * Parse `argv` (what follows the command's name), then print help or run the handler.
   * Misuse throws a UsageError or ConfigError (exit 2) before the handler runs.
   */
  run(argv: readonly string[], width?: number): Promise<ExitCode>;
}

/** The terminal width help is wrapped to. */
export const helpWidth = (): number => Math.min(110, process.stdout.columns || 100);

/** A command whose handler's arguments are inferred from its flags. */
export function defineCommand<const F extends Record<string, FlagSpec>, const P extends Record<string, PositionalSpec> = Record<never, PositionalSpec>>(
  c: CommandDefinition<F, P>,
): RegisteredCommand {
  const name = c.command.split(' ')[0]!;
  const options = async (): Promise<AnyOptions> => {
    const o: AnyOptions = typeof c.options === 'function' ? await c.options() : c.options;
    return o;
  };
  return {
    command: c.command,
    name,
    describe: c.describe,
    async run(argv, width = helpWidth()) {
      const o = await options();
      const parsed = parseCommandLine(name, o, argv);
      if (parsed.help) {
        process.stdout.write(commandHelp(c.command, c.describe, o, width));
        return EXIT.ok;
      }
      return c.handler(argumentsOf(o, parsed) as Args<F, P>);
    },
  };
}
