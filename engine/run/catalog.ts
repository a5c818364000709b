/** The criteria a run can use, as `rally list criteria` shows them: every built-in, then the given plugin files. */
import { BUILTIN_CRITERIA, criterionTable } from '../../strategies/registry.ts';
import { loadPlugin } from './plugins.ts';

/** The table of criteria (id, claim, data needed, parameters); plugin files are resolved against `baseDir`. */
export async function criteriaCatalog(pluginFiles: readonly string[], baseDir: string): Promise<string> {
  const plugins = [];
  for (const [i, f] of pluginFiles.entries()) plugins.push(await loadPlugin(f, baseDir, `--criterion[${i}]`));
  return criterionTable([...BUILTIN_CRITERIA, ...plugins]);
}
