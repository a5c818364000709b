/**
 * The shape of the results of choosing, then testing (engine/run/walk-forward.ts,
 * engine/run/replication.ts): walk-forward.csv and replication.csv, and the
 * summary's `walkForward` and `replication`. RunSummary (engine/results.ts) holds them.
 */
import type { EpisodeKind } from './types.ts';
import type { ReplicationSpec, WalkForwardSpec } from './out-of-sample-spec.ts';

/** The summary's evaluation.walkForward / .replication: the config's spec and the rule the reports state. */
export type WalkForwardInfo = WalkForwardSpec & { rule: string };
export type ReplicationInfo = ReplicationSpec & { rule: string };

/** One step of walk-forward selection (walk-forward.csv): chosen on the training episodes, scored on the test block. */
export interface WalkForwardStep {
  step: number;
  /** Decision dates of the first and last training episodes, and their count. */
  trainFrom: string;
  trainTo: string;
  trainN: number;
  testFrom: string;
  testTo: string;
  /** Test episodes the chosen set scored. */
  testN: number;
  /** The chosen parameter set ('' when no set could be chosen), its training objective and the call threshold applied. */
  chosenParams: string;
  trainObjective: number;
  threshold: number;
  testAuc: number;
  testBalancedAccuracy: number;
}

/** Walk-forward selection over one criterion's parameter grid on one kind and dataset (engine/run/walk-forward.ts). */
export interface WalkForwardRow {
  dataset: string;
  kind: EpisodeKind;
  /** The episode definition's label, when labelled. */
  definition?: string;
  criterion: string;
  sets: number;
  objective: string;
  steps: WalkForwardStep[];
  /** The procedure out of sample: every test block's episodes scored by the set chosen before it, pooled. */
  oosN: number;
  oosPositives: number;
  oosAuc: number;
  oosAucCI: { lo: number; hi: number };
  /** Two-sided permutation p of AUC = 0.5, and the one-sided p of AUC > 0.5. */
  oosP: number;
  oosPAbove: number;
  oosBalancedAccuracy: number;
  /** Distinct sets chosen across the steps. */
  distinctChoices: number;
  /** In sample: the set with the best objective on every episode, its AUC, own p and family-wise p; the grid's PBO. */
  bestParams: string;
  bestAuc: number;
  bestP: number;
  bestFamilyP: number;
  pbo: number;
  /** The in-sample best set's AUC on the same test episodes (chosen with hindsight). */
  bestOnTestAuc: number;
}

/** A replication row's figures on one dataset. */
export interface ReplicationCell {
  dataset: string;
  /** The evaluation period read (replication across periods); absent for the whole sample. */
  period?: string;
  n: number;
  positives: number;
  auc: number;
  aucCI: { lo: number; hi: number };
  pValue: number;
  /** One-sided p in the discovery direction (AUC above 0.5 when the discovery AUC was). */
  pSame: number;
  /** replicated / not replicated / reversed / not discovered / untested (engine/run/replication.ts). */
  status: string;
}

/** One criterion chosen on the discovery dataset (or period) and read with the same parameters on every other (replication.csv). */
export interface ReplicationRow {
  kind: EpisodeKind;
  criterion: string;
  sets: number;
  params: string;
  discovery: ReplicationCell;
  /** The discovery p: the family-wise p for a grid, the row's own p for one set; and its BH q across the kind's criteria. */
  discoveryP: number;
  discoveryQ: number;
  targets: ReplicationCell[];
}
