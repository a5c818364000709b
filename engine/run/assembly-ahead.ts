/**
 * Assembly work done while the jobs run. Assembly (assemble.ts) waits for
 * every job, then works alone on the main thread; but much of its work needs
 * only what is known before the jobs (power: the class counts and the seed)
 * or one job's own row (its scores aligned on its episode set, its stability
 * per decade, its share of its grid's family-wise permutations). The main
 * thread is mostly idle while worker threads run the jobs (on one worker, a
 * second core sits idle), so this does that work there and then, as each
 * job's output comes in, and assembly takes it instead of computing it.
 *
 * The same functions compute the same values: a row's entry is used only
 * when assembly would compute it from the same inputs (a plain job's row;
 * a grid whose every member was added here, in canonical order at the end).
 * A row its job traded also gets its trade records here (what assembly
 * rebuilds from its predictions). Runs whose jobs produce several rows
 * (universes), shards, and jobs run in the main thread itself (nothing to
 * overlap with) leave it all to assembly. Outputs are byte-identical either way (test/assembly-ahead.test.ts).
 */
import type { Episode } from '../types.ts';
import type { PowerRow, StatisticsSettings } from '../results.ts';
import { FamilyMaxima } from '../stats/family.ts';
import { decadeStability } from '../stats/stability.ts';
import { setIdentity } from '../definition-labels.ts';
import { alignedScores, episodeSets, familyKey, familySeed, type EpisodeSet, type RowAhead } from './derived.ts';
import type { JobOutput, JobSpec } from './replay.ts';
import { rowTradesAhead, tradingSets, type RowTradesAhead, type SetContext, type TradingInput } from './trading.ts';

/** Permutation entries (4 bytes each) kept for all of a run's grids at once: 64 MB. */
const ENTRIES_PER_RUN = 16_000_000;

export interface AheadInput {
  episodes: readonly Episode[];
  jobs: readonly JobSpec[];
  statistics: StatisticsSettings;
  seed: string;
  power: () => PowerRow[];
  /** The run's trading backtest input (absent when the config turns it off). */
  trading?: TradingInput;
}

export class AssemblyAhead {
  /** Prepared rows by job index. */
  readonly rows = new Map<number, RowAhead>();
  /** Grids' permutation maxima by family key (setIdentity|criterion), for grids of two or more jobs. */
  readonly families = new Map<string, FamilyMaxima>();
  /** Traded rows' predictions and trade records by job index (rows whose job traded them). */
  readonly trades = new Map<number, RowTradesAhead>();
  private tradingSets: Map<string, SetContext> | undefined;
  private powerRows: PowerRow[] | undefined;
  /** The run's labelled episode sets (made on the first output: runs whose jobs all run in the main thread never need them). */
  private sets: Map<string, EpisodeSet> | undefined;
  private readonly gridSizes = new Map<string, number>();
  /** Outputs not prepared yet, and the pending turn that takes the next one. */
  private readonly queue: JobOutput[] = [];
  private next = 0;
  private turn: NodeJS.Immediate | undefined;
  private abandoned = false;
  /** Permutation entries kept across the run's grids (ENTRIES_PER_RUN at most). */
  private entries = 0;

  constructor(private readonly input: AheadInput) {
    for (const j of input.jobs) {
      if (j.universe) continue;
      const k = familyKey(setIdentity(j.dataset, j.kind, j.definition), j.criterionId);
      this.gridSizes.set(k, (this.gridSizes.get(k) ?? 0) + 1);
    }
  }

  /** The run's power rows (computed now if they were not yet). */
  get power(): PowerRow[] {
    return (this.powerRows ??= this.input.power());
  }

  /**
   * Queue a finished job's output: it is prepared on a later turn of the
   * event loop, one output per turn, so that the workers' messages (a batch
   * done, the next one to send) are never kept waiting behind this work.
   */
  add(o: JobOutput): void {
    if (this.abandoned) return;
    this.queue.push(o);
    this.turn ??= setImmediate(() => this.step());
  }

  /** Prepare every output still queued (before assembly). */
  settle(): void {
    if (this.turn) { clearImmediate(this.turn); this.turn = undefined; }
    this.guarded(() => { while (this.next < this.queue.length) this.prepare(this.queue[this.next++]!); });
    this.queue.length = 0;
    this.next = 0;
  }

  private step(): void {
    this.turn = undefined;
    // Power on the first turn: after the workers have their context and the first job is in, not while the context is being built.
    this.guarded(() => {
      if (!this.powerRows) this.powerRows = this.input.power();
      else if (this.next < this.queue.length) this.prepare(this.queue[this.next++]!);
    });
    if (this.next < this.queue.length) this.turn = setImmediate(() => this.step());
    else { this.queue.length = 0; this.next = 0; }
  }

  /**
   * Work done here must never take the run down from an event-loop turn of
   * its own: if it throws, everything prepared is dropped and assembly
   * computes it all, as without this (and meets the error there, where the
   * run reports it).
   */
  private guarded(work: () => void): void {
    if (this.abandoned) return;
    try {
      work();
    } catch {
      this.abandoned = true;
      this.rows.clear();
      this.families.clear();
      this.trades.clear();
      this.powerRows = undefined;
      this.queue.length = 0;
      this.next = 0;
    }
  }

  /** Prepare a finished job's row. */
  private prepare(o: JobOutput): void {
    if (o.rows) return; // a universe job's rows: assembly's
    const m = o.metrics;
    const setKey = setIdentity(m.dataset, m.kind, m.definition);
    const set = (this.sets ??= episodeSets(this.input.episodes)).get(setKey);
    if (!set) return;
    const scores = alignedScores(set, o.predictions);
    const row: RowAhead = { scores, stability: decadeStability(m, set.years, set.labels, scores, this.input.statistics.threshold) };
    const family = this.family(familyKey(setKey, m.criterion), set);
    if (family) row.familyStatistic = family.add(scores);
    this.rows.set(o.index, row);
    const trading = this.input.trading;
    if (o.evidence?.trading && trading) {
      this.tradingSets ??= tradingSets(trading, this.input.episodes);
      const t = rowTradesAhead(this.tradingSets, trading.rules, m, o.predictions);
      if (t) this.trades.set(o.index, t);
    }
  }

  /** The grid's permutation maxima, started on its first row; undefined for a single row or a grid too large to keep. */
  private family(key: string, set: EpisodeSet): FamilyMaxima | undefined {
    const known = this.families.get(key);
    if (known) return known;
    if ((this.gridSizes.get(key) ?? 0) < 2) return undefined;
    const B = this.input.statistics.permutations;
    const entries = B * set.labels.length;
    // Grids kept until assembly, within a budget for the run: the ones past it are tested there, one at a time.
    if (entries > FamilyMaxima.MAX_ENTRIES || this.entries + entries > ENTRIES_PER_RUN) return undefined;
    this.entries += entries;
    const f = new FamilyMaxima(set.labels, B, familySeed(this.input.seed, key));
    this.families.set(key, f);
    return f;
  }
}
