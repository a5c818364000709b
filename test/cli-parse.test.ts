/**
 * The command-line grammar every `rally` command shares (engine/cli/parse.ts,
 * flags.ts, help.ts), on a made-up command run in this process: the forms a
 * flag may take, what the handler receives (typed, camel-cased, defaults
 * filled in), the order usage mistakes are reported in, and the help text.
 */
import { describe, expect, it, vi } from 'vitest';
import { defineCommand } from '../engine/cli/command.ts';
import { EXIT } from '../engine/vocabulary.ts';
import { command } from './support/cli.ts';

let seen: Record<string, unknown> = {};
const probe = defineCommand({
  command: 'probe <what>',
  describe: 'a command for testing the grammar',
  options: async () => ({
    flags: {
      out: { alias: 'o', type: 'string', default: 'rally-out', describe: 'output folder' },
      workers: { alias: 'w', type: 'number', describe: 'a number' },
      'base-rate': { type: 'number', default: 0.3, describe: 'a kebab-case number' },
      criterion: { type: 'string', array: true, describe: 'a list' },
      all: { type: 'boolean', default: false, describe: 'a switch' },
      kind: { type: 'string', choices: ['a', 'b'], describe: 'a choice' },
      base: { type: 'string', required: true, describe: 'a required flag' },
      run: { type: 'string', describe: 'conflicts with --kind' },
    },
    positionals: { what: { choices: ['x', 'y'], describe: 'what' } },
    conflicts: [['run', ['kind']]],
    examples: [['rally probe x --base b', 'an example']],
    epilog: 'Text after the examples.\n  kept indented',
  }),
  handler: async (a) => { seen = { ...a }; return EXIT.ok; },
});
const probeLine = (...args: string[]) => command(probe, ['probe', ...args]);

describe('flag forms', () => {
  it('--name value, --name=value, -a value, -avalue, camelCase, greedy lists, switches, negative numbers, --', async () => {
    let r = await probeLine('x', '--base', 'b', '-w2', '--baseRate=0.5', '--criterion', 'a.ts', 'b.ts', '--all', 'false', '-o', 'dir', '--', '--not-a-flag');
    expect(r.code, r.stderr).toBe(0);
    expect(seen).toEqual({ what: 'x', base: 'b', workers: 2, baseRate: 0.5, criterion: ['a.ts', 'b.ts'], all: false, out: 'dir' });
    r = await probeLine('--base=b', 'y', '--workers', '-3', '--all', '--kind', 'a');
    expect(r.code, r.stderr).toBe(0);
    expect(seen).toEqual({ what: 'y', base: 'b', workers: -3, baseRate: 0.3, all: true, kind: 'a', out: 'rally-out' });
  });
});

describe('usage mistakes: exit 2, one line, in a fixed order', () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /Not enough non-option arguments: got 0, need at least 1 \(see rally probe --help\)/],
    [['x', '--workers'], /Not enough arguments following: workers/],
    [['x', '--bogus', 'v'], /Missing required argument: base/],
    [['x', '--base', 'b', '--bogus', 'v', 'extra'], /Unknown arguments: bogus, extra/],
    [['z', '--base', 'b'], /Invalid values: Argument: what, Given: "z", Choices: "x", "y"/],
    [['x', '--base', 'b', '--kind', 'c'], /Invalid values: Argument: kind, Given: "c", Choices: "a", "b"/],
    [['x', '--base', 'b', '--run', 'r', '--kind', 'a'], /Arguments run and kind are mutually exclusive/],
    [['x', '--base', 'b', '-w', '1', '--workers', '2'], /flags: --workers \(-w\): given 2 times \('1', '2'\); give it once/],
    [['x', '--base', 'b', '--no-out'], /flags: --out \(-o\): needs a value/],
    [['x', '--base', 'b', '--criterion'], /flags: --criterion: needs a value/],
    [['x', '--base', 'b', '--base-rate', '1e999'], /flags: --base-rate: expected a number, got '1e999'/],
    [['x', '--base', 'b', '--all=maybe'], /flags: --all: is a switch: give it alone \(or =true, =false\), not 'maybe'/],
  ];
  it.each(cases)('%j', async (args, message) => {
    seen = {};
    const r = await probeLine(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rally: [^\n]+$/);
    expect(r.stderr).toMatch(message);
    expect(seen).toEqual({});
  });
});

describe('--help', () => {
  it('anywhere on the line: usage, positionals, options with types, defaults and choices, examples, epilog; exit 0 without running', async () => {
    seen = {};
    const r = await probeLine('--bogus', '-h');
    expect(r.code).toBe(0);
    expect(seen).toEqual({});
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('rally probe <what>');
    expect(r.stdout).toMatch(/^Positionals:\n {2}what +what +\[string\] \[required\] \[choices: "x", "y"\]$/m);
    expect(r.stdout).toMatch(/^ {2}-o, --out +output folder +\[string\] \[default: "rally-out"\]$/m);
    expect(r.stdout).toMatch(/^ {6}--base-rate +a kebab-case number +\[number\] \[default: 0\.3\]$/m);
    expect(r.stdout).toMatch(/^ {6}--base +a required flag +\[string\] \[required\]$/m);
    expect(r.stdout).toMatch(/^ {2}-h, --help +Show help +\[boolean\]$/m);
    expect(r.stdout).toMatch(/^Examples:\n {2}rally probe x --base b +an example$/m);
    expect(r.stdout).toMatch(/^Text after the examples\.\n {2}kept indented$/m);
    // Every command's help ends with every exit code (they were listed by `rally --help` only).
    expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 regression check failed, 2 bad input or usage, 3 run completed with failed jobs,\s+70 internal error/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(110);
  });

  it('wraps to the width it is given', async () => {
    let out = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((x: string | Uint8Array) => { out += String(x); return true; });
    try {
      expect(await probe.run(['--help'], 60)).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(out).toMatch(/Examples:/);
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThanOrEqual(60);
  });
});
