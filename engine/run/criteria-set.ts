/**
 * Resolving a run config's criteria into runnable criteria with their
 * parameter sets. A resolved criterion is described by a serialisable source
 * (built-in id, formula, or plugin) so workers can rebuild it. A plugin's
 * source carries its compiled script and the metadata its plugin worker
 * reported: outside plugin workers a plugin criterion is that metadata only.
 */
import { basename, resolve, isAbsolute } from 'node:path';
import { ConfigError } from '../errors.ts';
import type { CriterionRef } from '../config.ts';
import { checkParams, columnSymbol, paramsKey, withDefaults, type Criterion, type Params } from '../criterion.ts';
import type { PreparedDataset } from '../data/view.ts';
import { BUILTIN_CRITERIA, getBuiltin } from '../../strategies/registry.ts';
import { loadPluginSource } from './plugins.ts';
import { pluginStub } from './plugin-shape.ts';
import type { CriterionSource } from './worker-init.ts';

export type { CriterionSource } from './worker-init.ts';

export interface ResolvedCriterion {
  source: CriterionSource;
  criterion: Criterion;
  /** Full parameter sets (defaults filled in), unique, in canonical key order. */
  paramSets: Params[];
}

/** Build the Criterion object for a source (used in the main thread and in workers; a plugin: its metadata only). */
export async function instantiate(src: CriterionSource, baseDir: string): Promise<Criterion> {
  switch (src.kind) {
    case 'builtin': {
      const c = getBuiltin(src.id);
      if (!c) throw new Error(`unknown built-in criterion '${src.id}'`);
      return c;
    }
    case 'expr': {
      // mathjs takes about a second to load: only pay for it when a formula is used.
      const { makeExpressionCriterion } = await import('../../strategies/expression.ts');
      return makeExpressionCriterion({ id: src.id, expr: src.expr, threshold: src.threshold, key: src.key, source: src.source });
    }
    case 'plugin':
      return pluginStub(src.meta);
  }
}

/** Unique parameter sets in canonical key order. */
function uniqueSorted(sets: Params[]): Params[] {
  const byKey = new Map<string, Params>();
  for (const p of sets) if (!byKey.has(paramsKey(p))) byKey.set(paramsKey(p), p);
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

/** `loadTimeoutMs`: how long a plugin may take to load in its worker (the run's per-job timeout). */
export async function resolveCriteria(
  refs: readonly CriterionRef[], baseDir: string, extraPlugins: string[] = [], configSource = 'config', loadTimeoutMs?: number,
): Promise<ResolvedCriterion[]> {
  const out = new Map<string, ResolvedCriterion>();
  const add = (src: CriterionSource, c: Criterion, grid: Params[], key: string): void => {
    const prev = out.get(c.id);
    if (prev && JSON.stringify(prev.source) !== JSON.stringify(src)) {
      throw new ConfigError(key, `criterion id '${c.id}' is already used by another criterion (${prev.source.kind})`, configSource);
    }
    const entry = prev ?? { source: src, criterion: c, paramSets: [] };
    // A plugin that could not be loaded has no parameter specs: its sets are taken as given (its jobs fail, saying why).
    const broken = src.kind === 'plugin' && src.broken !== undefined;
    const full = grid.map((g) => (broken ? { ...g } : withDefaults(c, g)));
    for (const p of broken ? [] : full) {
      // THE parameter validation of a run: every parameter set of every criterion passes here, once.
      // (When engine/criterion.ts gains the validation of typed parameters, call it here instead.)
      const bad = checkParams(c, p);
      if (bad) throw new ConfigError(`${key}.params`, bad, configSource);
    }
    entry.paramSets = uniqueSorted([...entry.paramSets, ...full]);
    out.set(c.id, entry);
  };
  const addPlugin = async (file: string, grid: Params[], key: string): Promise<void> => {
    const src: CriterionSource = { kind: 'plugin', key, ...(await loadPluginSource(file, baseDir, key, loadTimeoutMs)) };
    add(src, pluginStub(src.meta), grid, key);
  };
  for (const r of refs) {
    if (r.type === 'all') {
      for (const c of BUILTIN_CRITERIA) add({ kind: 'builtin', id: c.id }, c, [{}], 'criteria');
    } else if (r.type === 'builtin') {
      const c = getBuiltin(r.id);
      if (!c) {
        throw new ConfigError(`${r.key}.id`, `unknown criterion '${r.id}' (built-ins: ${BUILTIN_CRITERIA.map((x) => x.id).join(', ')}; or give {"expr": ...} or {"plugin": ...})`, configSource);
      }
      add({ kind: 'builtin', id: c.id }, c, r.grid, r.key);
    } else if (r.type === 'expr') {
      // Only the file's name: abstain reasons end up in the outputs, which must not depend on where the config lives.
      const src: CriterionSource = { kind: 'expr', id: r.id, expr: r.expr, threshold: r.threshold, key: r.key, source: basename(configSource) };
      add(src, await instantiate(src, baseDir), [{}], r.key);
    } else {
      await addPlugin(isAbsolute(r.file) ? r.file : resolve(baseDir, r.file), r.grid, r.key);
    }
  }
  for (const [i, f] of extraPlugins.entries()) await addPlugin(resolve(f), [{}], `--criterion[${i}]`);
  // Canonical order: by id.
  return [...out.values()].sort((a, b) => (a.criterion.id < b.criterion.id ? -1 : a.criterion.id > b.criterion.id ? 1 : 0));
}

/** A formula naming a series that no dataset has is a typo, not an abstention: refuse it before the run. */
export function checkFormulaSeries(criteria: readonly ResolvedCriterion[], prepared: ReadonlyMap<string, PreparedDataset>): void {
  const symbols = new Set([...prepared.values()].flatMap((p) => [...p.dataset.columns.keys()].map(columnSymbol)));
  for (const rc of criteria) {
    if (rc.source.kind !== 'expr') continue;
    const unknown = rc.criterion.needs.filter((n) => n !== 'calendar' && n !== 'none' && !symbols.has(n));
    if (unknown.length) {
      throw new ConfigError(`${rc.source.key}.expr`, `no dataset has ${unknown.map((u) => `'${u}'`).join(', ')} (series here: ${[...symbols].sort().join(', ')})`);
    }
  }
}
