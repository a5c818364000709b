/**
 * Where the real market history lives for tests (../shared/data beside the
 * project). Suites that need it use `describeShared`, which skips with a
 * clear message when the folder is absent.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = resolve(ROOT, '..', 'shared', 'data');
export const hasShared = existsSync(join(SHARED, 'sp500', 'GSPC.csv'));

export function shared(...parts: string[]): string {
  return join(SHARED, ...parts);
}

export const describeShared: typeof describe.skipIf extends (c: boolean) => infer R ? R : never =
  describe.skipIf(!hasShared);

if (!hasShared) {
  console.warn(`[rally-replay tests] ${SHARED} not found: real-data suites are SKIPPED (place the shared data beside the project to run them).`);
}
