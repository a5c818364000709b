/**
 * One `rally` command: its yargs builder declares the flags, and the
 * handler's arguments are typed from that builder (no casts). Each command
 * file is thin: flags → one call into engine/run → print.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { ExitCode } from '../vocabulary.ts';

export interface Command<A> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<A>;
  /** Returns the exit code. */
  handler: (args: ArgumentsCamelCase<A>) => Promise<ExitCode>;
}

export interface RegisteredCommand {
  /** Add the command to a yargs instance; `done` receives the handler's exit code. */
  register(y: Argv, done: (code: ExitCode) => void): void;
}

/** A command whose handler's flags are inferred from its builder. */
export function defineCommand<A>(c: Command<A>): Command<A> & RegisteredCommand {
  return {
    ...c,
    register(y, done) {
      y.command(c.command, c.describe, c.builder, async (args) => { done(await c.handler(args)); });
    },
  };
}
