/**
 * One `rally` command: its yargs builder declares the flags, and the
 * handler's arguments are typed from that builder (no casts). Each command
 * file is thin: flags → one call into engine/run → print. Registration adds
 * what every command shares: a value-taking flag must have its value, and
 * flags.ts refuses the misuse yargs lets through (a flag given twice, a
 * number that is not one) before the handler runs.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { ExitCode } from '../vocabulary.ts';
import { checkFlags, declaredOptions, positionalNames, type DeclaredOptions } from './flags.ts';

export interface Command<A> {
  command: string;
  describe: string;
  /**
   * Declares the flags. Keep it static and cheap: heavy modules load in the handler
   * (`await import(...)`); a builder that needs a heavy module's values may be async.
   */
  builder: (y: Argv) => Argv<A> | Promise<Argv<A>>;
  /** Returns the exit code. */
  handler: (args: ArgumentsCamelCase<A>) => Promise<ExitCode>;
}

export interface RegisteredCommand {
  /**
   * Add the command to a yargs instance; `done` receives the handler's exit code; `argv` is the
   * raw command line (for messages quoting what was typed, and `--switch=value` checks).
   */
  register(y: Argv, done: (code: ExitCode) => void, argv?: readonly string[]): void;
}

/** A command whose handler's flags are inferred from its builder. */
export function defineCommand<A>(c: Command<A>): Command<A> & RegisteredCommand {
  return {
    ...c,
    register(y, done, argv = []) {
      let declared: DeclaredOptions | null = null;
      const positional = positionalNames(c.command);
      const finish = (built: Argv<A>): Argv<A> => {
        declared = declaredOptions(built);
        const valued = declared ? Object.keys(declared.key).filter((k) => k !== 'help' && k !== 'version' && !positional.has(k) && !declared!.boolean.includes(k) && !declared!.array.includes(k)) : [];
        return valued.length ? built.requiresArg(valued) : built;
      };
      const builder = (yy: Argv): Argv<A> | Promise<Argv<A>> => {
        const built = c.builder(yy);
        return built instanceof Promise ? built.then(finish) : finish(built);
      };
      y.command(c.command, c.describe, builder, async (args) => {
        if (declared) checkFlags(args, declared, argv, positional);
        done(await c.handler(args));
      });
    },
  };
}
