/**
 * A simulated market's data bundle without the CSV round trip: the Dataset
 * (and the provenance of its files) that loading the written files gives
 * (datasets/bundle.ts over the readers), built from the simulated series
 * instead of parsing their text. For studies that simulate many markets and
 * run each (test/support/recovery-seeds.ts); `rally simulate` and every run
 * of files still go through the files.
 *
 * It covers one bundle, IN_MEMORY_BUNDLE: the index, VIX, breadth and the five
 * FRED files (no sectors, no Shiller). Each value is the written cell read
 * back: a cell written with d decimals is the integer m = round(x 10^d) over
 * 10^d, and m / 10^d (one correctly rounded division of exact doubles) is
 * what the reader parses (datasets/readers/fast-rows.ts); a `.` (a FRED
 * holiday) is missing. The readers' rules are applied as they apply them
 * (closes must be positive; a non-positive open, high or low and a zero volume
 * are missing and noted), and each file's sha256 is of its text. The
 * in-memory data equal the data read from the files exactly, dataset by
 * dataset and file by file (test/simulated-in-memory.test.ts compares them).
 */
import { createHash } from 'node:crypto';
import { dayFromYmd } from '../../engine/calendar.ts';
import { buildDatasetWithHistory } from '../../engine/data/history.ts';
import type { Dataset, Frequency, LoadStats, Series } from '../../engine/types.ts';
import type { DataFileInfo } from '../../engine/results.ts';
import { infos } from '../bundle.ts';
import { DEFAULT_LOOKBACK_YEARS } from '../../engine/bundle-spec.ts';
import { DAILY_PUBLICATION_LAG, DEFAULT_LAGS, defaultLag, inferFrequency } from '../readers/lags.ts';
import { missingNote, missingUnder, type OhlcvRule } from '../readers/ohlcv.ts';
import { FILES, WRITTEN_DECIMALS, type SimulatedMarket } from './market.ts';
import { fixedText } from './text-builder.ts';

/** The bundle (a config's dataset entry, without its id) whose data inMemoryBundle builds. */
export const IN_MEMORY_BUNDLE = {
  price: FILES.price, vix: FILES.vix, breadth: FILES.breadth,
  series: { FEDFUNDS: FILES.FEDFUNDS, CPIAUCSL: FILES.CPIAUCSL, DGS10: FILES.DGS10, BAA10Y: FILES.BAA10Y, T10Y2Y: FILES.T10Y2Y },
} as const;

/** The files IN_MEMORY_BUNDLE reads (simulateMarket must render them: their sha256 is of their text). */
export const IN_MEMORY_FILES: readonly string[] = [IN_MEMORY_BUNDLE.price, IN_MEMORY_BUNDLE.vix, IN_MEMORY_BUNDLE.breadth, ...Object.values(IN_MEMORY_BUNDLE.series)];

/** A value written with `digits` decimals (writers.ts's fixed), as the reader reads it back. */
export function readBack(x: number, digits: number): number {
  const p = 10 ** digits;
  const v = Math.round(x * p);
  // fixed's own fallback is toFixed's text, which the reader parses as Number does.
  if (!Number.isSafeInteger(v) || Math.abs(v) > 1e15 || digits > 15) return Number(fixedText(x, digits));
  return v === 0 ? 0 : v / p;
}

/** values[from..] as written with `digits` decimals and read back (readBack, with 10^digits computed once). */
function column(values: ArrayLike<number>, digits: number, from = 0): Float64Array {
  const out = new Float64Array(values.length - from);
  const p = 10 ** digits;
  for (let t = from; t < values.length; t++) {
    const x = values[t]!;
    const v = Math.round(x * p);
    out[t - from] = digits <= 15 && Math.abs(v) <= 1e15 ? (v === 0 ? 0 : v / p) : readBack(x, digits);
  }
  return out;
}

function stats(rows: number, missing = 0): LoadStats {
  return { rows, missing, rejected: 0, notes: [] };
}

function series(name: string, dates: Int32Array, values: Float64Array, frequency: Frequency, lagDays: number, file: string, sha256: string, st: LoadStats): Series {
  return { name, dates, values, frequency, lagDays, source: { file, sha256 }, stats: st };
}

/**
 * An OHLCV price column under the reader's rule for its role: a close must be positive (an error, as the
 * reader's); a non-positive open/high/low, or a zero volume, is missing, counted and noted (the reader's own
 * missingUnder and missingNote).
 */
function priceColumn(name: string, header: string, values: Float64Array, rule: OhlcvRule,
  dates: Int32Array, file: string, sha256: string): Series {
  const st = stats(values.length);
  let zeroed = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if ((rule === 'positive' && v <= 0) || (rule === 'volume' && v < 0)) throw new Error(`in-memory bundle: ${v} in '${header}' of ${file}, which the reader rejects`);
    if (missingUnder(rule, v)) { values[k] = NaN; zeroed++; }
  }
  if (zeroed > 0) {
    st.rejected = zeroed;
    st.notes.push(missingNote(rule, header, zeroed));
  }
  return series(name, dates, values, 'daily', 0, file, sha256, st);
}

/** The dates of a daily FRED file: every weekday from the first to the last trading day. */
function fredDates(m: SimulatedMarket): Int32Array {
  const { days, weekdays } = m.tables;
  const first = days[0]!, last = days[days.length - 1]!;
  let a = 0, b = weekdays.length;
  while (a < b && weekdays[a]! < first) a++;
  while (b > a && weekdays[b - 1]! > last) b--;
  return weekdays.slice(a, b);
}

/** A daily FRED series: a value on each trading day, `.` (missing) on the weekdays that are holidays. */
function fredDaily(name: string, m: SimulatedMarket, dates: Int32Array, values: Float64Array, file: string, sha256: string): Series {
  const days = m.tables.days;
  const written = column(values, WRITTEN_DECIMALS.fredDaily);
  const out = new Float64Array(dates.length);
  let t = 0, missing = 0;
  for (let i = 0; i < dates.length; i++) {
    if (t < days.length && days[t] === dates[i]) out[i] = written[t++]!;
    else { out[i] = NaN; missing++; }
  }
  return fredSeries(name, dates.slice(), out, file, sha256, missing);
}

function fredMonthly(name: string, m: SimulatedMarket, values: Float64Array, digits: number, file: string, sha256: string): Series {
  const months = m.tables.months;
  const dates = Int32Array.from(months, (k) => dayFromYmd(Math.floor(k / 12), (k % 12) + 1, 1));
  // The monthly writer writes Number(fixed(x)) (no trailing zeros): the same number.
  return fredSeries(name, dates, Float64Array.from(months, (_, i) => Number(fixedText(values[i]!, digits))), file, sha256, 0);
}

/** As readers/fred.ts reads it, named and lagged as bundle.ts names a `series.NAME` file. */
function fredSeries(name: string, dates: Int32Array, values: Float64Array, file: string, sha256: string, missing: number): Series {
  const frequency = inferFrequency(dates);
  const lag = DEFAULT_LAGS[name] ?? (frequency === 'daily' ? DAILY_PUBLICATION_LAG : defaultLag(name, frequency));
  return series(name, dates, values, frequency, lag, file, sha256, stats(dates.length, missing));
}

/**
 * The dataset and file provenance of IN_MEMORY_BUNDLE (with id m.marketId) over m's files: what
 * datasets/bundle.ts's loadBundle gives for the written files. m must have rendered IN_MEMORY_FILES.
 */
export function inMemoryBundle(m: SimulatedMarket): { dataset: Dataset; files: DataFileInfo[] } {
  const sha = new Map(m.files.map((f) => [f.name, createHash('sha256').update(f.bytes).digest('hex')]));
  const hash = (f: string): string => {
    const h = sha.get(f);
    if (h === undefined) throw new Error(`in-memory bundle: ${f} was not rendered (simulateMarket's output.files needs ${IN_MEMORY_FILES.join(', ')})`);
    return h;
  };
  const id = m.marketId, t = m.tables, D = WRITTEN_DECIMALS, B = IN_MEMORY_BUNDLE;
  const days = Int32Array.from(t.days);
  const p = B.price, ph = hash(p);
  // Yahoo columns: Date,Open,High,Low,Close,Adj Close,Volume (the adjusted close is `close`, the raw one `close_raw`).
  const price = [
    priceColumn('close', 'Adj Close', column(t.close, D.price), 'positive', days, p, ph),
    priceColumn('open', 'Open', column(t.bars.open, D.price), 'price-or-missing', days, p, ph),
    priceColumn('high', 'High', column(t.bars.high, D.price), 'price-or-missing', days, p, ph),
    priceColumn('low', 'Low', column(t.bars.low, D.price), 'price-or-missing', days, p, ph),
    priceColumn('close_raw', 'Close', column(t.close, D.price), 'price-or-missing', days, p, ph),
    priceColumn('volume', 'Volume', column(t.bars.volume, D.volume), 'volume', days, p, ph),
  ];
  const vix = priceColumn('vix', 'CLOSE', column(t.vix().close, D.vix), 'positive', Int32Array.from(t.days), B.vix, hash(B.vix));
  const b = t.breadth, bf = B.breadth, bh = hash(bf);
  const bDates = t.days.slice(1);
  const breadth = ([['adv', b.adv], ['dec', b.dec], ['unch', b.unch], ['adv_volume', b.advVolume], ['dec_volume', b.decVolume], ['unch_volume', b.unchVolume]] as const)
    .map(([name, v]) => series(name, bDates, column(v, 0, 1), 'daily', 0, bf, bh, stats(bDates.length)));
  const macro = t.macro, S = B.series;
  const daily = fredDates(m);
  const fred = [
    fredMonthly('FEDFUNDS', m, macro.fedfunds, D.FEDFUNDS, S.FEDFUNDS, hash(S.FEDFUNDS)),
    fredMonthly('CPIAUCSL', m, macro.cpi, D.CPIAUCSL, S.CPIAUCSL, hash(S.CPIAUCSL)),
    fredDaily('DGS10', m, daily, macro.dgs10, S.DGS10, hash(S.DGS10)),
    fredDaily('BAA10Y', m, daily, macro.baa10y, S.BAA10Y, hash(S.BAA10Y)),
    fredDaily('T10Y2Y', m, daily, macro.t10y2y, S.T10Y2Y, hash(S.T10Y2Y)),
  ];
  // Provenance as loadBundle states it (one entry per file of a role).
  const files = [...infos(id, 'price', price), ...infos(id, 'vix', [vix]), ...infos(id, 'breadth', breadth), ...fred.flatMap((s) => infos(id, s.name, [s]))];
  const dataset = buildDatasetWithHistory(id, price, [vix, ...breadth, ...fred], DEFAULT_LOOKBACK_YEARS);
  return { dataset, files };
}
