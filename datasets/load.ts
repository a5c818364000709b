/**
 * Loading a price file for a market: detects the format (OHLCV or a Ken
 * French returns file) and names the market after the file.
 */
import { basename, extname } from 'node:path';
import type { Dataset, Series } from '../engine/types.ts';
import { InputError } from '../engine/errors.ts';
import { buildDataset } from '../engine/data/dataset.ts';
import { parseOhlcv } from './readers/ohlcv.ts';
import { frenchSections } from './readers/french.ts';
import { readFileText } from './readers/table.ts';

/** Market id from a file name: `^GSPC.csv` → `GSPC`. */
export function marketId(file: string): string {
  return basename(file, extname(file)).replace(/^\^/, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'market';
}

export type PriceFormat = 'ohlcv' | 'french';

export function detectPriceFormat(lines: string[]): PriceFormat {
  const first = (lines[0] ?? '').toLowerCase();
  if (/(^|,)\s*(date|timestamp|time)\s*(,|$)/.test(first)) return 'ohlcv';
  return 'french';
}

/**
 * Read the price series of a file (OHLCV columns). Errors name the file as opened;
 * the series' provenance carries `label` (e.g. the path as a config gave it).
 */
export function readPriceSeries(file: string, label = file): Series[] {
  const ft = readFileText(file);
  if (detectPriceFormat(ft.lines) === 'french' && frenchSections(ft).length > 0) {
    throw new InputError(file, 1, 1, `this is a returns file (Ken French layout); use it as sector data (--kind sector-lead or the 'sectors' role)`);
  }
  return parseOhlcv(ft).map((s) => ({ ...s, source: s.source ? { file: label, sha256: s.source.sha256 } : null }));
}

export function loadPriceDataset(file: string, id = marketId(file), extras: Series[] = []): Dataset {
  return buildDataset(id, readPriceSeries(file), extras);
}
