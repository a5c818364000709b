/**
 * The small run most tests need when they need "some run": the embedded S&P 500
 * 2000-2020 (`@embedded`, vega-datasets), rebounds, every built-in, seed 1 —
 * what `npm start` ran before the default corpus. Tests about the default run
 * itself use defaultRunConfig(); they are few (corpus.test.ts,
 * regression-gate.test.ts's dogfood, report-in-browser.test.ts).
 */
import { join } from 'node:path';
import { readRunConfig, type RunConfig } from '../../engine/config.ts';
import { ROOT } from './shared-data.ts';

/** The config file, for `rally run --config`. */
export const EMBEDDED_RUN = join(ROOT, 'test', 'fixtures', 'embedded-run.json');

/** The same run, in process. */
export function embeddedRunConfig(): RunConfig {
  return readRunConfig(EMBEDDED_RUN);
}
