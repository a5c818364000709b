/**
 * File writers: each produces the text of one file in the layout of the real
 * download it imitates (see ../shared/data/PROVENANCE.md), so the project's
 * own readers load it unchanged.
 *
 *  - Yahoo OHLCV: `Date,Open,High,Low,Close,Adj Close,Volume`, ISO dates, LF.
 *  - VIX (CBOE via datasets/finance-vix): `DATE,OPEN,HIGH,LOW,CLOSE`, 6 decimals.
 *  - Breadth: `date,advn,decln,unchn,advv,declv,unchv`, integers.
 *  - Ken French daily returns: a free-text preamble, a section title, a
 *    `Date,NoDur,...` header, `YYYYMMDD` rows with percent returns padded to
 *    7 characters, CRLF line endings; a value-weighted and an equal-weighted
 *    section, separated by a blank line, then the copyright line.
 *  - FRED daily (`DATE,<ID>`): every weekday, `.` on market holidays. Values
 *    are written with 4 decimals (FRED publishes 2) so planted signals are
 *    not rounded into ties. FRED monthly (`Date,<ID>`): the 1st of each month.
 *  - Shiller monthly: `Date,SP500,Dividend,Earnings,Consumer Price Index,Long
 *    Interest Rate,Real Price,Real Dividend,Real Earnings,PE10`, 0.0 = missing.
 */
import { isoDate } from '../../engine/calendar.ts';
import type { Breadth } from './breadth.ts';
import type { Bars, Ohlc, Shiller } from './macro.ts';
import { fixedText, TextBuilder, type FileContent } from './text-builder.ts';


/** x with `digits` decimals (like toFixed, by integer arithmetic: fast for the millions of cells written). */
export const fixed = fixedText;

const COMMA = 44, LF = 10, CR = 13, DOT = 46;

function monthDate(key: number): string {
  const y = Math.floor(key / 12), m = (key % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}-01`;
}

export function yahooCsv(days: Int32Array, close: ArrayLike<number>, bars: Bars, decimals = 6): FileContent {
  const out = new TextBuilder(days.length * 96).text('Date,Open,High,Low,Close,Adj Close,Volume\n');
  for (let t = 0; t < days.length; t++) {
    const c = close[t]!;
    out.isoDate(days[t]!).char(COMMA).fixed(bars.open[t]!, decimals).char(COMMA).fixed(bars.high[t]!, decimals).char(COMMA)
      .fixed(bars.low[t]!, decimals).char(COMMA).fixed(c, decimals).char(COMMA).fixed(c, decimals).char(COMMA).fixed(bars.volume[t]!, 0).char(LF);
  }
  return out.content();
}

export function vixCsv(days: Int32Array, v: Ohlc, decimals = 6): FileContent {
  const out = new TextBuilder(days.length * 64).text('DATE,OPEN,HIGH,LOW,CLOSE\n');
  for (let t = 0; t < days.length; t++) {
    out.isoDate(days[t]!).char(COMMA).fixed(v.open[t]!, decimals).char(COMMA).fixed(v.high[t]!, decimals).char(COMMA).fixed(v.low[t]!, decimals).char(COMMA)
      .fixed(v.close[t]!, decimals).char(LF);
  }
  return out.content();
}

/** Breadth rows for days 1.. (day 0 has no returns). */
export function breadthCsv(days: Int32Array, b: Breadth): FileContent {
  const out = new TextBuilder(days.length * 64).text('date,advn,decln,unchn,advv,declv,unchv\n');
  for (let t = 1; t < days.length; t++) {
    out.isoDate(days[t]!).char(COMMA).int(b.adv[t]!).char(COMMA).int(b.dec[t]!).char(COMMA).int(b.unch[t]!).char(COMMA)
      .int(b.advVolume[t]!).char(COMMA).int(b.decVolume[t]!).char(COMMA).int(b.unchVolume[t]!).char(LF);
  }
  return out.content();
}

/** A fraction as a percent with 2 decimals, right-aligned in 7 characters (French layout). */
export function pct(r: number): string {
  const v = Math.round(r * 10000);
  const a = Math.abs(v);
  const f = a % 100;
  const text = `${v < 0 ? '-' : ''}${(a - f) / 100}.${f < 10 ? '0' : ''}${f}`;
  return text.length >= 7 ? text : '       '.slice(text.length) + text;
}

/** Ken French daily-returns text file (rows for days 1..; cells as pct writes them). */
export function frenchCsv(days: Int32Array, names: string[], valueWeighted: Float64Array[], equalWeighted: Float64Array[]): FileContent {
  const k = names.length;
  const out = new TextBuilder(2 * days.length * (10 + 8 * k) + 1024);
  const line = (text: string): TextBuilder => out.text(text).char(CR).char(LF);
  [
    'This file was created by rally simulate (a seeded synthetic market), in the layout of CMPT_IND_RETS_DAILY.',
    `It contains value- and equal-weighted returns for ${k} industry portfolios.`,
    '',
    'The portfolios are synthetic: returns load on the simulated index plus persistent sector drifts.',
    '',
    'Missing data are indicated by -99.99 or -999.',
    '',
    '',
  ].forEach(line);
  const section = (title: string, cols: Float64Array[]): void => {
    line(`  ${title}`);
    line(`Date,${names.join(',')}`);
    for (let t = 1; t < days.length; t++) {
      out.isoDate(days[t]!, false);
      for (let j = 0; j < k; j++) {
        const r = cols[j]![t]!;
        const v = Math.round(r * 10000);
        out.char(COMMA);
        if (Math.abs(v) <= 1e15) out.scaled(v, 2, 7);
        else out.text(pct(r));
      }
      out.char(CR).char(LF);
    }
  };
  section('Average Value Weighted Returns -- Daily', valueWeighted);
  line('');
  section('Average Equal Weighted Returns -- Daily', equalWeighted);
  line('');
  line('Synthetic data, no copyright.');
  return out.content();
}

/** A daily FRED file: every weekday from the first to the last trading day, `.` on holidays. */
export function fredDailyCsv(id: string, days: Int32Array, weekdays: Int32Array, values: ArrayLike<number>, decimals = 4): FileContent {
  const out = new TextBuilder(weekdays.length * 24).text(`DATE,${id}\n`);
  let t = 0;
  const first = days[0]!, last = days[days.length - 1]!;
  for (const d of weekdays) {
    if (d < first || d > last) continue;
    out.isoDate(d).char(COMMA);
    if (t < days.length && days[t] === d) { out.fixed(values[t]!, decimals); t++; } else out.char(DOT);
    out.char(LF);
  }
  return out.content();
}

export function fredMonthlyCsv(id: string, months: number[], values: ArrayLike<number>, decimals: number): string {
  const out: string[] = [`Date,${id}`];
  months.forEach((m, i) => out.push(`${monthDate(m)},${Number(fixed(values[i]!, decimals))}`));
  return `${out.join('\n')}\n`;
}

function shillerNum(x: number): string {
  return x === 0 ? '0.0' : String(Number(x.toFixed(2)));
}

export function shillerCsv(s: Shiller): string {
  const out: string[] = ['Date,SP500,Dividend,Earnings,Consumer Price Index,Long Interest Rate,Real Price,Real Dividend,Real Earnings,PE10'];
  s.months.forEach((m, i) => {
    const cells = [s.sp500, s.dividend, s.earnings, s.cpi, s.longRate, s.realPrice, s.realDividend, s.realEarnings, s.pe10].map((c) => shillerNum(c[i]!));
    out.push(`${monthDate(m)},${cells.join(',')}`);
  });
  return `${out.join('\n')}\n`;
}
