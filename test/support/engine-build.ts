/**
 * Vitest global setup: find (or make) the plain-JS build of the current sources
 * (engine/cli/build.mjs) and name it in RALLY_ENGINE_BUILD, which the test
 * workers inherit. The worker threads and plugin processes that tests start
 * from the TypeScript sources then load the engine from it instead of each
 * registering tsx and loading the TypeScript again (engine/run/worker-load.mjs);
 * the tests' own modules are still the TypeScript sources. Not in watch mode,
 * where a source may change after the build was made, or when the build cannot
 * be made: there workers keep tsx.
 */
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain JS module without type declarations
import { ensureBuild } from '../../engine/cli/build.mjs';

export async function setup(project: TestProject): Promise<void> {
  if (project.config.watch || process.env.RALLY_NO_BUILD) return;
  try {
    process.env.RALLY_ENGINE_BUILD = (await ensureBuild()) as string;
  } catch (e) {
    // As `rally` does: without a build (e.g. no esbuild) the workers run the TypeScript under tsx.
    console.warn(`[rally-replay tests] plain-JS build unavailable (${(e as Error).message}); workers load the TypeScript under tsx`);
  }
}
