/**
 * The source files under a folder, recursively: the files of the tree-wide
 * checks (code shape, import rules, documented module lists).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir` whose name matches `pattern` (default: TypeScript and ES module sources). */
export function sourceFiles(dir: string, pattern = /\.(ts|mts|mjs)$/): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p, pattern));
    else if (pattern.test(name)) out.push(p);
  }
  return out;
}
