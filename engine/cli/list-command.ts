import { ConfigError } from '../errors.ts';
import { EXIT } from '../vocabulary.ts';
import { defineCommand } from './command.ts';

export const listCommand = defineCommand({
  command: 'list <what>',
  describe: 'List the built-in criteria (id, claim, data needed, parameters)',
  options: {
    flags: {
      criterion: { type: 'string', array: true, describe: 'also list these plugin files' },
    },
    positionals: {
      what: { choices: ['criteria'], describe: 'what to list' },
    },
    examples: [
      ['rally list criteria', 'every built-in criterion'],
      ['rally list criteria --criterion ./my-criterion.ts', 'built-ins plus your plugin'],
    ],
  },
  handler: async (a) => {
    if (a.what !== 'criteria') throw new ConfigError('what', 'only `rally list criteria` is supported', 'flags');
    const { criteriaCatalog } = await import('../run/catalog.ts'); // loads every criterion: not at start-up
    process.stdout.write(await criteriaCatalog(a.criterion ?? [], process.cwd()));
    return EXIT.ok;
  },
});
