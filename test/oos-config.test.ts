/** The run config's `evaluation.periods`: validated with the config keys, recorded in the config (and its hash) only when given. */
import { describe, expect, it } from 'vitest';
import { parseRunConfig, recordedConfig, runConfigHash } from '../engine/config.ts';
import { inPeriod } from '../engine/evaluation.ts';

const base = { criteria: ['always-durable'] };
const parse = (evaluation: unknown) => parseRunConfig({ ...base, evaluation }, 'run.json', '/tmp');
const PERIODS = [{ name: 'discovery', to: '1989-12-31' }, { name: 'confirmation', from: '1990-01-01' }];

describe('evaluation periods in the run config', () => {
  it('parses, records and hashes the periods; a config without them is unchanged', () => {
    const cfg = parse({ periods: PERIODS });
    expect(cfg.evaluation.periods).toEqual(PERIODS);
    expect(recordedConfig(cfg).evaluation).toEqual({ periods: PERIODS });
    const plain = parseRunConfig(base, 'run.json', '/tmp');
    expect(plain.evaluation.periods).toEqual([]);
    expect('evaluation' in recordedConfig(plain)).toBe(false);
    expect(runConfigHash(cfg)).not.toBe(runConfigHash(plain));
  });

  it.each([
    [{ periods: [] }, 'evaluation.periods', /non-empty list/],
    [{ periods: [{ name: 'a' }] }, 'evaluation.periods[0]', /give 'from', 'to' or both/],
    [{ periods: [{ name: 'all', to: '2000-01-01' }] }, 'evaluation.periods[0].name', /reserved/],
    [{ periods: [{ name: 'a', to: '2000-02-30' }] }, 'evaluation.periods[0].to', /expected a date/],
    [{ periods: [{ name: 'a', from: '2001-01-01', to: '2000-01-01' }] }, 'evaluation.periods[0].to', /before 'from'/],
    [{ periods: [{ name: 'a', to: '2000-01-01', until: 1 }] }, 'evaluation.periods[0].until', /unknown key/],
    [{ periods: [{ name: 'a', to: '2000-01-01' }, { name: 'a', from: '2001-01-01' }] }, 'evaluation.periods[1].name', /duplicate/],
    [{ periods: [{ name: 'a', to: '2000-06-30' }, { name: 'b', from: '2000-01-01' }] }, 'evaluation.periods[1]', /overlaps period 'a'/],
    [{ windows: 3 }, 'evaluation.windows', /unknown key/],
  ])('rejects %j at %s', (evaluation, key, detail) => {
    let err: unknown;
    try { parse(evaluation); } catch (e) { err = e; }
    expect(err).toMatchObject({ name: 'ConfigError', key, source: 'run.json' });
    expect((err as Error).message).toMatch(detail);
  });

  it('a period holds the decision dates from its first to its last day, both included', () => {
    expect(inPeriod('1989-12-31', PERIODS[0]!)).toBe(true);
    expect(inPeriod('1990-01-01', PERIODS[0]!)).toBe(false);
    expect(inPeriod('1990-01-01', PERIODS[1]!)).toBe(true);
  });
});
