// Rebuilds the default corpus (datasets/corpus/**.csv.gz) from ../shared/data:
// each file is the gzip of the public copy's bytes, unchanged, with no name or
// modification time in the gzip header, so the same input gives the same bytes.
// Only the files whose terms allow redistribution (../shared/data/PROVENANCE.md;
// attribution in ATTRIBUTION.md beside this script).
//
//   node datasets/corpus/rebuild.mjs [--from ../shared/data]   # write the corpus
//   node datasets/corpus/rebuild.mjs --check [--from DIR]       # verify it, write nothing
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

export const CORPUS_DIR = dirname(fileURLToPath(import.meta.url));

/** The shipped files, as paths under ../shared/data; each is stored as `<path>.gz` here. */
export const CORPUS_FILES = [
  'sp500/GSPC.csv',
  'vix/vix-daily.csv',
  'fred/DGS10.csv',
  'fred/DGS2.csv',
  'fred/DGS3MO.csv',
  'fred/T10Y2Y.csv',
  'fred/FEDFUNDS.csv',
  'fred/CPIAUCSL.csv',
  'fred/UNRATE.csv',
  'shiller/shiller-monthly.csv',
  'famafrench/10_Industry_Portfolios_Daily.csv',
];

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The deterministic gzip of a file's bytes (mtime 0, no name: zlib's gzip wrapper writes neither). */
export function corpusGzip(bytes) {
  return gzipSync(bytes, { level: 9 });
}

/** Check every corpus file against `from`: the uncompressed bytes must be the public copy's. */
export function checkCorpus(from) {
  const problems = [];
  for (const f of CORPUS_FILES) {
    const gz = join(CORPUS_DIR, `${f}.gz`);
    if (!existsSync(gz)) { problems.push(`${f}.gz: missing`); continue; }
    const inner = gunzipSync(readFileSync(gz));
    if (sha256(inner) !== sha256(readFileSync(join(from, f)))) problems.push(`${f}.gz: differs from ${join(from, f)}`);
  }
  return problems;
}

function main(argv) {
  const i = argv.indexOf('--from');
  const from = resolve(i >= 0 ? argv[i + 1] : join(CORPUS_DIR, '..', '..', '..', 'shared', 'data'));
  if (!existsSync(from)) { console.error(`no ${from}: give --from <folder holding sp500/, fred/, ...>`); process.exit(2); }
  if (argv.includes('--check')) {
    const problems = checkCorpus(from);
    for (const p of problems) console.error(p);
    console.log(problems.length ? `${problems.length} problem(s)` : `corpus matches ${from} (${CORPUS_FILES.length} files)`);
    process.exit(problems.length ? 1 : 0);
  }
  let total = 0;
  for (const f of CORPUS_FILES) {
    const bytes = readFileSync(join(from, f));
    const gz = corpusGzip(bytes);
    mkdirSync(dirname(join(CORPUS_DIR, f)), { recursive: true });
    writeFileSync(join(CORPUS_DIR, `${f}.gz`), gz);
    total += gz.length;
    console.log(`${f}.gz  ${bytes.length} -> ${gz.length} bytes  sha256(original) ${sha256(bytes)}`);
  }
  console.log(`${CORPUS_FILES.length} files, ${total} bytes compressed`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
