/**
 * Pieces of a run's preparation that worker threads do while the main
 * thread waits, before the jobs start (the pool's threads are started
 * then and would otherwise idle): reading a universe's member files and
 * scanning their closes (hygiene); computing the indicators of many
 * datasets (a universe's members), a share of the datasets each, so that
 * every indicator is computed once and shared with every thread. Each task is plain data in, plain data
 * out; an error a task meets travels back as data (user errors keep their
 * class, file:line:column or config key) and is raised by the main thread at
 * the place a serial read would raise it, so outputs and messages are the
 * same for any number of threads.
 */
import { ConfigError, InputError } from '../errors.ts';
import { scanPrices } from '../data/hygiene.ts';
import { ReadBuffer } from '../../datasets/readers/source.ts';
import { readUniverseFile, type ReadFile } from '../../datasets/universe-files.ts';
import type { Dataset, Episode } from '../types.ts';
import type { Params } from '../criterion.ts';
import { cachedIndicators, createView, prepare, scoreAt } from '../data/view.ts';
import type { CriterionSource } from './worker-init.ts';
import { instantiate } from './criteria-set.ts';

/** An error as it crosses a thread boundary. */
export type SentError =
  | { kind: 'input'; file: string; line: number; column: number; detail: string }
  | { kind: 'config'; key: string; detail: string; source: string }
  | { kind: 'other'; message: string };

export function sendError(e: unknown): SentError {
  if (e instanceof InputError) return { kind: 'input', file: e.file, line: e.line, column: e.column, detail: e.detail };
  if (e instanceof ConfigError) return { kind: 'config', key: e.key, detail: e.detail, source: e.source };
  return { kind: 'other', message: e instanceof Error ? e.message : String(e) };
}

export function receivedError(e: SentError): Error {
  if (e.kind === 'input') return new InputError(e.file, e.line, e.column, e.detail);
  if (e.kind === 'config') return new ConfigError(e.key, e.detail, e.source);
  return new Error(e.message);
}

/** Some of a universe's price files (as the config names them), to read in a thread. */
export interface ReadFilesInput {
  files: string[];
  baseDir: string;
  ticker?: string;
}

/** A ReadFile as sent back (its error as data). */
export type SentFile = Omit<ReadFile, 'failed'> & { failed?: { error: SentError } };

/** Read the files and scan each member's closes. */
export function readFilesTask(input: ReadFilesInput): SentFile[] {
  const into = new ReadBuffer();
  return input.files.map((f) => {
    const r = readUniverseFile(f, input.baseDir, input.ticker, into);
    for (const p of r.parts) {
      const close = p.price.find((s) => s.name === 'close');
      if (close) p.flags = scanPrices(close.dates, close.values);
    }
    const { failed, ...read } = r;
    return { ...read, ...(failed ? { failed: { error: sendError(failed.error) } } : {}) };
  });
}

export function receivedFile(f: SentFile): ReadFile {
  const { failed, ...read } = f;
  return { ...read, ...(failed ? { failed: { error: receivedError(failed.error) } } : {}) };
}

/** Some datasets, and the evaluations that compute their indicators: criterion `criterion` with `params` at `at` (an episode on one of them). */
export interface WarmInput {
  datasets: Dataset[];
  criteria: CriterionSource[];
  baseDir: string;
  evaluations: Array<{ criterion: number; params: Params; at: Episode }>;
}

export type Indicators = Array<{ dataset: string; key: string; values: Float64Array }>;

/** The indicators the evaluations compute (SharedArrayBuffer-backed); an evaluation that throws only computes less. */
export async function warmTask(input: WarmInput): Promise<Indicators> {
  const prepared = new Map(input.datasets.map((d) => [d.id, prepare(d)] as const));
  const criteria = new Map<number, Awaited<ReturnType<typeof instantiate>>>();
  for (const { criterion, params, at } of input.evaluations) {
    try {
      if (!criteria.has(criterion)) criteria.set(criterion, await instantiate(input.criteria[criterion]!, input.baseDir));
      scoreAt(criteria.get(criterion)!, createView(prepared.get(at.market)!, at, { copy: false, seed: 'warm-up' }), params);
    } catch {
      // the job itself fails or abstains there, later
    }
  }
  return [...prepared.values()].flatMap(cachedIndicators);
}

/** The tasks a thread can be given, by name. */
export const THREAD_TASKS: Record<string, (input: never) => unknown> = {
  'read-files': readFilesTask,
  'warm': warmTask,
};
