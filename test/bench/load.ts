/** How long reading every file of ../shared/data takes (about 130k rows), through the project's readers. */
import { join } from 'node:path';
import { readOhlcv } from '../../datasets/readers/ohlcv.ts';
import { readFred } from '../../datasets/readers/fred.ts';
import { readShiller } from '../../datasets/readers/shiller.ts';
import { readFrench } from '../../datasets/readers/french.ts';
import { readBreadth } from '../../datasets/readers/breadth.ts';

export function loadAllShared(shared: string): { ms: number; rows: number } {
  const t0 = performance.now();
  let rows = 0;
  rows += readOhlcv(join(shared, 'sp500', 'GSPC.csv'))[0]!.stats.rows;
  rows += readOhlcv(join(shared, 'vix', 'vix-daily.csv'))[0]!.stats.rows;
  for (const f of ['DGS10', 'DGS2', 'DGS3MO', 'BAA10Y', 'T10Y2Y', 'FEDFUNDS', 'CPIAUCSL', 'UNRATE']) rows += readFred(join(shared, 'fred', `${f}.csv`)).stats.rows;
  rows += readShiller(join(shared, 'shiller', 'shiller-monthly.csv'))[0]!.stats.rows;
  rows += readFrench(join(shared, 'famafrench', '10_Industry_Portfolios_Daily.csv'))[0]!.stats.rows;
  rows += readBreadth(join(shared, 'breadth', 'NYSE-breadth-daily.csv'))[0]!.stats.rows;
  return { ms: performance.now() - t0, rows };
}
