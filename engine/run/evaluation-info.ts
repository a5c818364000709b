/** The summary's `evaluation`: what a run was configured to check out of sample, and the rules the reports state. */
import type { EvaluationConfig } from '../evaluation.ts';
import type { EvaluationInfo } from '../results.ts';
import { VERDICT_RULE } from '../stats/verdict.ts';
import { REPLICATION_RULE } from './replication.ts';
import { WALK_FORWARD_RULE } from './walk-forward.ts';

/** `{evaluation}` when the run has periods, walk-forward selection or replication; else nothing. */
export function evaluationInfo(e: EvaluationConfig): { evaluation?: EvaluationInfo } {
  if (!e.periods.length && !e.walkForward && !e.replication) return {};
  return {
    evaluation: {
      periods: e.periods.map((p) => ({ ...p })), verdictRule: VERDICT_RULE,
      ...(e.walkForward ? { walkForward: { ...e.walkForward, rule: WALK_FORWARD_RULE } } : {}),
      ...(e.replication ? { replication: { ...e.replication, rule: REPLICATION_RULE } } : {}),
    },
  };
}
