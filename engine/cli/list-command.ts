import type { Argv } from 'yargs';
import { ConfigError } from '../errors.ts';
import { BUILTIN_CRITERIA, criterionTable } from '../../strategies/registry.ts';
import { loadPlugin } from '../run/plugins.ts';
import type { CommandModule } from './main.ts';

export const listCommand: CommandModule = {
  command: 'list <what>',
  describe: 'List the built-in criteria (id, claim, data needed, parameters)',
  builder: (y: Argv) => y
    .positional('what', { type: 'string', choices: ['criteria'], describe: 'what to list' })
    .option('criterion', { type: 'string', array: true, describe: 'also list these plugin files' })
    .example('rally list criteria', 'every built-in criterion')
    .example('rally list criteria --criterion ./my-criterion.ts', 'built-ins plus your plugin'),
  handler: async (a) => {
    if (a.what !== 'criteria') throw new ConfigError('what', 'only `rally list criteria` is supported', 'flags');
    const plugins = [];
    for (const [i, f] of ((a.criterion as string[] | undefined) ?? []).entries()) plugins.push(await loadPlugin(f, process.cwd(), `--criterion[${i}]`));
    process.stdout.write(criterionTable([...BUILTIN_CRITERIA, ...plugins]));
    return 0;
  },
};
