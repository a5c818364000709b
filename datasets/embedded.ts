/**
 * The embedded default data: the daily S&P 500 of 2000-01-03..2020-04-17 that
 * the `vega-datasets` npm package ships as `data/sp500-2000.csv`
 * (BSD-3-Clause). It is read from node_modules at run time, never copied
 * into this repository.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const EMBEDDED_ID = 'SP500-2000';
export const EMBEDDED_LABEL = 'vega-datasets/data/sp500-2000.csv';

/** Absolute path of the embedded S&P 500 file. */
export function embeddedPricePath(): string {
  // The package's exports map hides package.json; resolve its entry point and
  // walk up to the package root that holds data/.
  let dir = dirname(require.resolve('vega-datasets'));
  for (let k = 0; k < 4; k++) {
    const p = join(dir, 'data', 'sp500-2000.csv');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error('vega-datasets is installed without data/sp500-2000.csv; run npm ci');
}
