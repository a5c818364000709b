/**
 * One price file of a universe: the members it holds (one per ticker of its
 * ticker column, or one without a ticker) and their OHLCV series.
 *
 * A per-ticker file of plain shape (plain-table.ts: ASCII, no quotes, ISO
 * dates, the same ticker on every line) is read straight from its bytes;
 * any other file, and any file whose reading finds an error, is read by the
 * general path (its text, long-format.ts, ohlcv.ts), which gives the same
 * series or the error with its file:line:column.
 */
import { InputError } from '../../engine/errors.ts';
import type { Series } from '../../engine/types.ts';
import { atOriginalLines, isTicker, splitByTicker, tickerColumn } from './long-format.ts';
import { OHLCV_COLUMNS, ohlcvSeries, parseOhlcv } from './ohlcv.ts';
import { plainTable } from './plain-table.ts';
import { MAX_DATA_BYTES, readDataBytes, type DataBytes, type ReadBuffer } from './source.ts';
import { fileText, sha256Of } from './table.ts';

/** A member of a price file: its ticker (null when the file has no ticker column) and its series, read when asked. */
export interface FileMember {
  ticker: string | null;
  price: () => Series[];
}

/**
 * The members of price file `file` (read as the path is given); `ticker` names the ticker column when the config does.
 * With `into`, the file is read into that buffer: the members' series are read before the next file is.
 */
export function readMemberFile(file: string, ticker?: string, into?: ReadBuffer): FileMember[] {
  const bytes = readDataBytes(file, MAX_DATA_BYTES, into);
  const quick = plainMember(file, bytes, ticker);
  if (quick) return [quick];
  const ft = fileText(file, bytes);
  const col = tickerColumn(ft, ticker);
  if (col < 0) return [{ ticker: null, price: () => parseOhlcv(ft) }];
  return splitByTicker(ft, col).map((part) => ({ ticker: part.ticker, price: () => atOriginalLines(part, () => parseOhlcv(part.text)) }));
}

/** A plain per-ticker file's one member, or null (the general path reads the file). */
function plainMember(file: string, bytes: DataBytes, ticker?: string): FileMember | null {
  const sha256 = sha256Of(bytes.stored);
  const plain = plainTable(file, sha256, bytes.content, { only: OHLCV_COLUMNS, same: (header) => tickerColumn(header, ticker) });
  if (!plain || (plain.same !== null && !isTicker(plain.same))) return null;
  try {
    const price = ohlcvSeries({ file, sha256, lines: [] }, plain.table);
    return { ticker: plain.same, price: () => price };
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
}
