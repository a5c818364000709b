/**
 * What runs inside a plugin worker process (engine/run/plugin-worker.mjs
 * loads this before it locks the process down). It answers two things:
 * `inspect` — evaluate a compiled plugin in a sandbox and report its
 * metadata — and the job protocol of worker-task.ts. For every job each
 * plugin criterion is a fresh sandboxed instance (plugin-sandbox.ts), seeing
 * copying views only; built-in criteria a plugin job reaches (a plugin's
 * `view.evaluate`, a consensus of plugins) are the engine's own.
 */
import type { Criterion } from '../criterion.ts';
import { runJob, type JobOutput, type JobSpec, type ReplayContext } from './replay.ts';
import { contextFromInit } from './context.ts';
import type { CriterionSource, WorkerInit } from './worker-init.ts';
import { metaOf, type PluginInspection } from './plugin-shape.ts';
import type { ScoreResult } from '../types.ts';
import { explainSandboxError, inert, instantiatePlugin, ShapeError } from './plugin-sandbox.ts';
import { serve, type JobRunner, type WorkerIo } from './worker-task.ts';

function inspect(code: string, label: string): PluginInspection {
  try {
    return { meta: metaOf(instantiatePlugin(code, label)) };
  } catch (e) {
    if (e instanceof ShapeError) return { invalid: e.message };
    return { broken: `threw while loading: ${explainSandboxError(e)}` };
  }
}

/** A plugin's answer as plain data: its score as given, an abstain reason or error made inert (no control characters, bounded). */
function plainResult(r: unknown): ScoreResult {
  if (!r || typeof r !== 'object') return r as ScoreResult; // the engine says what is wrong with it
  if ('abstain' in r) return { abstain: inert((r as { abstain: unknown }).abstain || 'abstained', 500) };
  return { score: (r as { score: number }).score };
}

/** A plugin criterion for one job: its metadata now, its sandboxed instance on first use. */
function sandboxed(src: Extract<CriterionSource, { kind: 'plugin' }>): Criterion {
  let instance: Criterion | null = null;
  const label = src.file.split(/[\\/]/).pop()!;
  return {
    ...src.meta,
    score(view, params) {
      if (src.broken !== undefined) throw new Error(`plugin could not be loaded: ${src.broken}`);
      try {
        instance ??= instantiatePlugin(src.code, label);
        return plainResult(instance.score(view, params));
      } catch (e) {
        throw new Error(explainSandboxError(e));
      }
    },
  };
}

interface PluginContext {
  base: ReplayContext;
  sources: CriterionSource[];
}

const runner: JobRunner<PluginContext> = {
  async context(init: WorkerInit) {
    return { base: await contextFromInit(init, { formulas: false }), sources: init.criteria };
  },
  run(ctx: PluginContext, job: JobSpec): JobOutput {
    const criteria = ctx.sources.map((s, i) => (s.kind === 'plugin' ? sandboxed(s) : ctx.base.criteria[i]!));
    return runJob({ ...ctx.base, criteria }, job);
  },
  base: (ctx) => ctx.base,
};

/** Serve the pool (`io` is this process's IPC channel). */
export function servePlugins(io: WorkerIo): void {
  serve(io, runner, (m) => {
    if (m.type === 'inspect') io.send({ type: 'inspected', request: m.request, result: inspect(m.code, m.label) });
  });
}
