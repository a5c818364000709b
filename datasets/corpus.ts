/**
 * The default corpus shipped with the package (datasets/corpus/, sources and
 * terms in its ATTRIBUTION.md; its files by role in engine/default-corpus.ts):
 * a config names its files as `@corpus/<path>`
 * (e.g. `@corpus/sp500/GSPC.csv.gz`), resolved here to the package's copy, so
 * such configs run from any folder and the outputs name the file the same way
 * on every machine.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../engine/errors.ts';
import { CORPUS_PREFIX } from '../engine/default-corpus.ts';

let found: string | undefined;

/**
 * The package's datasets/corpus folder: under the clone the `rally` launcher
 * names (RALLY_PACKAGE_ROOT), else found by walking up from this module (the
 * sources run in place under tsx, or the plain-JS build under
 * node_modules/.cache/rally-replay/, which holds no data).
 */
export function corpusDir(): string {
  if (found) return found;
  const root = process.env.RALLY_PACKAGE_ROOT;
  if (root && existsSync(join(root, 'datasets', 'corpus', 'ATTRIBUTION.md'))) return (found = join(root, 'datasets', 'corpus'));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 8; k++) {
    const p = join(dir, 'datasets', 'corpus');
    if (existsSync(join(p, 'ATTRIBUTION.md'))) return (found = p);
    dir = dirname(dir);
  }
  throw new Error('the default corpus (datasets/corpus/) is missing from this installation; reinstall the package');
}

/** Is this file reference a corpus file (`@corpus/...`)? */
export function isCorpusFile(file: string): boolean {
  return file.startsWith(CORPUS_PREFIX);
}

/**
 * A data file's path as a config names it → the file to open: `@corpus/<path>`
 * from the package's corpus, an absolute path as is, else relative to `baseDir`
 * (the config's folder).
 */
export function dataPath(file: string, baseDir: string, key = '(file)'): string {
  if (!isCorpusFile(file)) return isAbsolute(file) ? file : resolve(baseDir, file);
  const rel = file.slice(CORPUS_PREFIX.length);
  const root = corpusDir();
  const abs = resolve(root, rel);
  if (rel === '' || !abs.startsWith(root + sep)) throw new ConfigError(key, `'${file}' is not a file of the default corpus (datasets/corpus/)`);
  if (!existsSync(abs)) throw new ConfigError(key, `no file '${file}' in the default corpus (datasets/corpus/; see its ATTRIBUTION.md for the list)`);
  return abs;
}
