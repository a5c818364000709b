/**
 * The default corpus: the real data the package ships, compressed, in
 * datasets/corpus/ (sources and terms in its ATTRIBUTION.md; rebuilt from
 * ../shared/data by datasets/corpus/rebuild.mjs). A config names its files as
 * `@corpus/<path>`; datasets/corpus.ts resolves them to the package's copy.
 * `npm start` (the default run, engine/config.ts) runs on all of them.
 */
export const CORPUS_PREFIX = '@corpus/';

/** One shipped file: the role (and series name) it fills, its path under ../shared/data (stored as `<path>.gz`). */
export interface CorpusFile {
  role: 'price' | 'vix' | 'sectors' | 'shiller' | 'series';
  /** The series name, for role `series`. */
  name?: string;
  path: string;
}

export const CORPUS_FILES: readonly CorpusFile[] = [
  { role: 'price', path: 'sp500/GSPC.csv' },
  { role: 'vix', path: 'vix/vix-daily.csv' },
  { role: 'sectors', path: 'famafrench/10_Industry_Portfolios_Daily.csv' },
  { role: 'shiller', path: 'shiller/shiller-monthly.csv' },
  ...['FEDFUNDS', 'CPIAUCSL', 'UNRATE', 'DGS10', 'DGS2', 'DGS3MO', 'T10Y2Y'].map((name): CorpusFile => ({ role: 'series', name, path: `fred/${name}.csv` })),
];

/** A shipped file as a config names it: `@corpus/fred/DGS10.csv.gz`. */
export function corpusRef(path: string): string {
  return `${CORPUS_PREFIX}${path}.gz`;
}

/**
 * Every shipped file in one data bundle as a config writes it (engine/bundle-spec.ts checks it): the
 * S&P 500 since 1927 with VIX, yields, macro series, Shiller and the Ken French industries.
 */
export function corpusBundle(id = 'GSPC'): Record<string, string | Record<string, string>> {
  const spec: Record<string, string | Record<string, string>> = { id };
  const series: Record<string, string> = {};
  for (const f of CORPUS_FILES) {
    if (f.role === 'series') series[f.name!] = corpusRef(f.path);
    else spec[f.role] = corpusRef(f.path);
  }
  return { ...spec, series };
}
