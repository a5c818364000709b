/**
 * Step 1 of a run: every data bundle loaded, aligned and prepared for
 * point-in-time views. A universe's member files are read (and their closes
 * scanned) by the pool's threads when it has started some, a chunk at a time,
 * while this thread reads the universe's shared files; the rest of the
 * loading is as without threads, and so are the data and any error
 * (thread-tasks.ts).
 */
import { ConfigError } from '../errors.ts';
import { checkReplicationDatasets } from '../out-of-sample-spec.ts';
import type { RunConfig } from '../config.ts';
import type { DataFileInfo } from '../results.ts';
import { prepare, type PreparedDataset } from '../data/view.ts';
import { loadUniverse, universeId, type SharedRead, type UniverseData } from '../../datasets/universe.ts';
import { loadBundle, readSharedSeries } from '../../datasets/bundle.ts';
import { membersOf, readUniverseFile, universeFiles, type MemberSeries, type ReadFile } from '../../datasets/universe-files.ts';
import { ReadBuffer } from '../../datasets/readers/source.ts';
import type { BundleSpec } from '../bundle-spec.ts';
import type { JobPool } from './pool.ts';
import { receivedFile, type ReadFilesInput, type SentFile } from './thread-tasks.ts';

export interface RunData {
  /** By dataset id, in config order (a universe's members in member order, at its place, then its groups dataset if any). */
  prepared: Map<string, PreparedDataset>;
  /** Provenance of every file read. */
  files: DataFileInfo[];
  /** The universes among the datasets, in config order. */
  universes: UniverseData[];
}

/** Chunks of a universe's files per reading thread. */
const CHUNKS_PER_THREAD = 4;

type UniverseReads = { members: () => MemberSeries[]; shared: () => SharedRead };

/** What `f` returns or throws, to return or throw later. */
function later<T>(f: () => T): () => T {
  try {
    const r = f();
    return () => r;
  } catch (e) {
    return () => { throw e; };
  }
}

/**
 * A universe's members read by the pool's threads, and its shared files read here meanwhile, for loadUniverse
 * to take where it would read them (so any error is the one a serial read raises); undefined without threads.
 */
async function readByThreads(spec: BundleSpec, baseDir: string, key: string, pool: JobPool): Promise<UniverseReads | undefined> {
  const u = spec.universe!;
  let files: string[];
  try {
    files = universeFiles(u.prices, baseDir, `${key}.universe.prices`);
  } catch {
    return undefined; // loadUniverse raises it, where it would
  }
  if (pool.preparers === 0) return undefined;
  // Chunks of files, each taken by the next free thread: a few per thread, so that none waits long for another.
  const size = Math.max(1, Math.ceil(files.length / (CHUNKS_PER_THREAD * pool.preparers)));
  const shares = Array.from({ length: Math.ceil(files.length / size) }, (_, i): ReadFilesInput => ({ files: files.slice(i * size, (i + 1) * size), baseDir, ticker: u.ticker }));
  const reading = pool.tasks('read-files', shares);
  const shared = later(() => readSharedSeries(spec, baseDir, key, universeId(spec, u)));
  const read = new Map<string, ReadFile>();
  for (const r of await reading) {
    if ('output' in r) for (const f of r.output as SentFile[]) read.set(f.file, receivedFile(f));
  }
  // Files of a thread that failed (crashed) are read here.
  const into = new ReadBuffer();
  return { members: () => membersOf(u, key, files.map((f) => read.get(f) ?? readUniverseFile(f, baseDir, u.ticker, into))), shared };
}

export async function loadRunData(cfg: RunConfig, pool?: JobPool): Promise<RunData> {
  const prepared = new Map<string, PreparedDataset>();
  const files: DataFileInfo[] = [];
  const universes: UniverseData[] = [];
  const ids = new Set<string>();
  const claim = (id: string, key: string, what: string): void => {
    if (ids.has(id)) throw new ConfigError(key, `two datasets named '${id}'${what}; give each an "id"`);
    ids.add(id);
  };
  for (const b of cfg.datasets) {
    if (b.spec.universe !== undefined) {
      // Sector-lead episodes inside a universe are found on its groups (datasets/universe-groups.ts).
      const reads = pool ? await readByThreads(b.spec, cfg.baseDir, b.key, pool) : undefined;
      const u = loadUniverse(b.spec, cfg.baseDir, b.key, { groups: cfg.episodes.some((e) => e.kind === 'sector-lead'), ...reads });
      claim(u.id, `${b.key}.id`, '');
      for (const m of u.members) {
        claim(m.id, `${b.key}.universe`, ` (a member of the universe '${u.id}')`);
        prepared.set(m.id, prepare(m.dataset));
      }
      if (u.groups) prepared.set(u.id, prepare(u.groups));
      universes.push(u);
      files.push(...u.files);
      continue;
    }
    const { dataset, files: f } = loadBundle(b.spec, cfg.baseDir, b.key);
    claim(dataset.id, `${b.key}.id`, '');
    prepared.set(dataset.id, prepare(dataset));
    files.push(...f);
  }
  checkReplicationDatasets(cfg.evaluation.replication, ids, cfg.evaluation.periods.map((p) => p.name), cfg.source || 'config');
  return { prepared, files, universes };
}
