/**
 * Whole-path evidence of a finished run: what each episode's prices did after
 * its decision, time to failure (Kaplan-Meier) and forward-return fans. Part of
 * the run's shape (engine/results.ts re-exports it).
 */
import type { EpisodeKind } from './types.ts';
import type { DefinitionTagged } from './definition-labels.ts';

/**
 * What an episode's prices did after its decision (hindsight, by design):
 * engine/episodes/whole-path.ts.
 */
export interface EpisodePath {
  id: string;
  /** Trading days from the decision to the first close strictly below the reference low, within the horizon; NaN when none. */
  failureDay: number;
  /** Trading days observed after the decision, up to the horizon (the censoring time when there is no failure). */
  followUp: number;
  /** Cumulative return from the decision close at each of FAN_DAYS; NaN past the data. */
  returns: number[];
}

/** One step of a Kaplan-Meier curve (engine/stats/survival.ts). */
export interface SurvivalStep {
  /** Trading days after the decision. */
  time: number;
  /** Episodes still under observation just before `time`. */
  atRisk: number;
  events: number;
  censored: number;
  /** Kaplan-Meier estimate of P(no failure by `time`). */
  survival: number;
}

/** One group of a row's episodes (called durable, or not) and its survival curve. */
export interface SurvivalGroup {
  n: number;
  events: number;
  /** Restricted mean survival time up to the row's tau, in trading days. */
  rmst: number;
  steps: SurvivalStep[];
}

/** Time to failure of one metrics row's episodes: called durable vs called not durable. */
export interface SurvivalRow extends DefinitionTagged {
  dataset: string;
  kind: EpisodeKind;
  criterion: string;
  params: string;
  horizon: number;
  /** Restriction time of the RMST: the horizon, or the shorter follow-up of a group. */
  tau: number;
  called: SurvivalGroup;
  notCalled: SurvivalGroup;
  /** Log-rank chi-square (1 df) and its p-value; NaN when no failure or a group is empty. */
  logRankChiSquare: number;
  logRankP: number;
  /** RMST of the called minus RMST of the not called (trading days). */
  rmstDifference: number;
}

/** Median and interquartile range of cumulative forward returns at each fan day. */
export interface FanBand {
  /** 'called', 'not called', or 'Q1'..'Q5' (score quintiles, Q5 highest). */
  group: string;
  n: number;
  /** Episodes with a known return at each fan day. */
  count: number[];
  q25: number[];
  median: number[];
  q75: number[];
}

/** Forward-return fans of one metrics row. */
export interface FanRow extends DefinitionTagged {
  dataset: string;
  kind: EpisodeKind;
  criterion: string;
  params: string;
  days: number[];
  called: FanBand;
  notCalled: FanBand;
  /** Score quintiles (empty when the scores take fewer than 5 distinct values). */
  quintiles: FanBand[];
}
