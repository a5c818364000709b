/**
 * Hostile data files fail cleanly: every refusal is an InputError whose message
 * starts `file:line:column: ` (0:0 when the whole file is wrong), quotes at most
 * the one cell in question, printably; and the real data still loads.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readOhlcv } from '../datasets/readers/ohlcv.ts';
import { readFred } from '../datasets/readers/fred.ts';
import { readShiller } from '../datasets/readers/shiller.ts';
import { readFrench } from '../datasets/readers/french.ts';
import { readBreadth } from '../datasets/readers/breadth.ts';
import { readGeneric } from '../datasets/readers/generic.ts';
import { sectorLevelsFromFrench, sectorLevelsFromPriceFiles } from '../datasets/readers/sectors.ts';
import { DEFAULT_LAGS, defaultLag, knownLag } from '../datasets/readers/lags.ts';
import { MAX_DATA_BYTES, readDataBytes } from '../datasets/readers/source.ts';
import { MAX_LINE_CHARS, MAX_LINES, parseNumberCell } from '../datasets/readers/table.ts';
import { MAX_CELLS, MAX_COLUMNS } from '../datasets/readers/columns.ts';
import { readPriceSeries } from '../datasets/load.ts';
import { loadBundle } from '../datasets/bundle.ts';
import { ConfigError, InputError, printable } from '../engine/errors.ts';
import { describeShared, ROOT, SHARED, shared } from './support/shared-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'rally-hardening-'));
let k = 0;
function file(content: string | Buffer, name = `f${k++}.csv`): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
function inputError(fn: () => unknown): InputError {
  try { fn(); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}
/** The error of `fn`, checked to start `p:line:column: ` and to match `msg`. */
function errorAt(fn: () => unknown, p: string, line: number, column: number, msg: RegExp): InputError {
  const e = inputError(fn);
  expect(e.message.startsWith(`${p}:${line}:${column}: `), e.message).toBe(true);
  expect(e.message).toMatch(msg);
  return e;
}
const daily = (n: number, v = (i: number) => String(i + 1)): string =>
  Array.from({ length: n }, (_, i) => `2020-01-${String(i + 2).padStart(2, '0')},${v(i)}`).join('\n');

describe('numbers in data files are decimal or scientific only', () => {
  const bad = ['0x10', '0X1f', '0b11', '0o7', 'Infinity', '-Infinity', 'inf', '1_000', '12abc', ' 12abc', '1e5x',
    '--1', '+-1', '1.2.3', '1e', 'e5', '１２', '1,5'.replace(',', ';'), '12 34'];
  it.each(bad)('%j is refused at its line and column', (tok) => {
    const p = file(`Date,Open,Close\n2020-01-02,1,2\n2020-01-03,1,${tok}\n`);
    errorAt(() => readOhlcv(p), p, 3, 14, /non-numeric value .* in column 'Close' \(numbers are decimal/);
  });
  it.each(['1e999', '-1e101', '1e-400', '1e-101'])('%s is out of range (squares and reciprocals must stay finite)', (tok) => {
    const p = file(`Date,x\n2020-01-02,${tok}\n`);
    errorAt(() => readGeneric(p), p, 2, 12, /number '.*' in column 'x' is out of range/);
  });
  it.each([
    ['12', 12], ['12.', 12], ['.5', 0.5], ['+1.5', 1.5], ['-2.5e-3', -0.0025], ['1E3', 1000], ['  7  ', 7],
    ['"8"', 8], ['0.0e5', 0], ['1e100', 1e100], ['-1e-100', -1e-100],
  ])('%j reads as %d', (tok, v) => {
    expect(readGeneric(file(`Date,x\n2020-01-02,${tok}\n`))[0]!.values[0]).toBe(v);
  });
  it('exactly the decimal grammar is read, on 50,000 random strings of number-like characters', () => {
    const spec = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
    const alphabet = '0123456789.eE+-xXbBoOInfity_ ,';
    let seed = 12345;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const disagree: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const t = Array.from({ length: 1 + rand(6) }, () => alphabet[rand(alphabet.length)]).join('');
      const v = parseNumberCell(t);
      if (Number.isNaN(v)) continue; // a missing token ('', '.', '-')
      const x = Number(t.trim());
      const expected = spec.test(t.trim()) && (x === 0 ? !/[1-9]/.test(t.trim().split(/[eE]/)[0]!) : Math.abs(x) <= 1e100 && Math.abs(x) >= 1e-100);
      if ((v !== undefined) !== expected) disagree.push(t);
    }
    expect(disagree).toEqual([]);
  });
  it('-0 reads as 0, not negative zero', () => {
    expect(Object.is(readGeneric(file('Date,x\n2020-01-02,-0\n'))[0]!.values[0], 0)).toBe(true);
    expect(Object.is(readGeneric(file('Date,x\n2020-01-02,-0.00\n'))[0]!.values[0], 0)).toBe(true);
  });
  it('the documented missing tokens stay missing', () => {
    const toks = ['', '.', 'NA', 'n/a', '#N/A', 'null', 'NaN', 'nan', '-'];
    const s = readGeneric(file(`Date,x\n${daily(toks.length, (i) => toks[i]!)}\n`))[0]!;
    expect(s.stats.missing).toBe(toks.length);
    const fred = readFred(file('DATE,DGS10\n2020-01-02,1.5\n2020-01-03,.\n'));
    expect(fred.stats.missing).toBe(1);
    const sh = readShiller(file('Date,SP500,PE10\n1871-01-01,4.44,0.0\n1871-02-01,4.5,0\n'));
    expect(sh.find((x) => x.name === 'shiller.PE10')!.stats.rejected).toBe(2);
    const fr = readFrench(file('  Daily\nDate,A,B\n20200102, -99.99, 1.00\n20200103,  -999, 2.00\n'));
    expect(fr[0]!.stats.missing).toBe(2);
  });
});

describe('data paths must be regular files of bounded size', () => {
  it('a directory is refused, naming the path', () => {
    const d = join(dir, 'a-folder.csv');
    mkdirSync(d);
    errorAt(() => readOhlcv(d), d, 0, 0, /is a directory, expected a regular data file/);
  });
  it('a missing file and a path through a file are "file not found"', () => {
    const p = join(dir, 'nope.csv');
    errorAt(() => readOhlcv(p), p, 0, 0, /file not found/);
    const through = join(file('Date,Close\n2020-01-02,1\n'), 'x.csv');
    errorAt(() => readOhlcv(through), through, 0, 0, /file not found/);
  });
  it.skipIf(process.platform === 'win32')('a FIFO, /dev/zero, /dev/null, a symlink to /dev/zero and a socket are refused without waiting', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const link = join(dir, 'zero-link.csv');
    symlinkSync('/dev/zero', link);
    const sock = join(dir, 'sock.csv');
    const server = createServer().listen(sock);
    await once(server, 'listening');
    // The reader from the plain-JS build when there is one (support/engine-build.ts), else the TypeScript under tsx.
    const build = process.env.RALLY_NO_BUILD ? '' : process.env.RALLY_ENGINE_BUILD;
    const reader = build ? join(build, 'datasets/readers/ohlcv.js') : join(ROOT, 'datasets/readers/ohlcv.ts');
    const script = file(`import { readOhlcv } from ${JSON.stringify(reader)};
const out = {};
for (const p of JSON.parse(process.argv[2])) { try { readOhlcv(p); out[p] = 'read'; } catch (e) { out[p] = e.message; } }
console.log(JSON.stringify(out));`, build ? 'probe.mjs' : 'probe.mts');
    const paths = [fifo, '/dev/zero', '/dev/null', link, sock];
    // In a child with a timeout: a reader that opened the FIFO would wait for a writer forever.
    const r = spawnSync(process.execPath, [...(build ? [] : ['--import', 'tsx']), script, JSON.stringify(paths)], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    server.close();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(out[fifo]).toBe(`${fifo}:0:0: is a named pipe (FIFO), expected a regular data file`);
    expect(out['/dev/zero']).toBe('/dev/zero:0:0: is a character device, expected a regular data file');
    expect(out['/dev/null']).toBe('/dev/null:0:0: is a character device, expected a regular data file');
    expect(out[link]).toBe(`${link}:0:0: is a character device, expected a regular data file`);
    expect(out[sock]).toBe(`${sock}:0:0: is a socket, expected a regular data file`);
  });
  it('a file over the size bound is refused before it is read', () => {
    const p = file('');
    truncateSync(p, MAX_DATA_BYTES + 1); // sparse: no disk used, and never read
    errorAt(() => readOhlcv(p), p, 0, 0, /file is 256 MiB; data files are read whole and may be at most 256 MiB/);
  });
  it('more lines than the bound are refused before they are split', () => {
    const p = file(`Date,Close\n${'\n'.repeat(MAX_LINES)}`);
    errorAt(() => readOhlcv(p), p, 0, 0, /more than 5,000,000 lines/);
  });
  it('an overlong line is refused at its line', () => {
    const p = file(`Date,x\n2020-01-02,${'9'.repeat(MAX_LINE_CHARS)}\n`);
    errorAt(() => readGeneric(p), p, 2, MAX_LINE_CHARS + 1, /line is 1,000,011 characters long; a data line may have at most 1,000,000/);
  });
  it('a header of more than MAX_COLUMNS columns is refused at the first column too many', () => {
    const names = Array.from({ length: MAX_COLUMNS + 5 }, (_, i) => `c${i}`);
    const p = file(`Date,${names.join(',')}\n`);
    const e = errorAt(() => readGeneric(p), p, 1, `Date,${names.slice(0, MAX_COLUMNS - 1).join(',')},`.length + 1, /header has 10006 columns; a data file may have at most 10000/);
    expect(e.message.length).toBeLessThan(p.length + 120);
  });
  it('a table of more than MAX_CELLS values is refused before it is allocated', () => {
    const cols = 5000, rows = MAX_CELLS / cols + 1;
    const p = file(`Date,${Array.from({ length: cols }, (_, i) => `c${i}`).join(',')}\n${'x\n'.repeat(rows)}`);
    errorAt(() => readGeneric(p), p, 1, 1, /4001 rows of 5000 numeric columns are 20005000 values; a data file may hold at most 20,000,000/);
  });
});

describe('Ken French returns are plausible', () => {
  const french = (a: string, b: string): string => file(`Preamble\n\n  Average Value Weighted Returns -- Daily\nDate,A,B\n20200102,   1.00,   2.00\n20200103, ${a}, ${b}\n`);
  it.each([['-150.00', /return -150% in column 'B' is at or below -100%/], ['-100.00', /return -100% .* at or below -100%/],
    ['1500.00', /return 1500% in column 'B' is above 1000% in one period \(is this a section of returns/]])('%s is refused at its line and column', (v, msg) => {
    const p = french('  1.00', v);
    errorAt(() => readFrench(p), p, 6, 18, msg);
    errorAt(() => sectorLevelsFromFrench(p), p, 6, 18, msg);
  });
  it('1e308% is out of range as a number', () => {
    const p = french('  1.00', '1e308');
    errorAt(() => readFrench(p), p, 6, 18, /number '1e308' in column 'B' is out of range/);
  });
  it('large but possible returns and the sentinels load', () => {
    const s = readFrench(french('-99.98', ' 999.00'));
    expect(s[0]!.values[1]).toBeCloseTo(-0.9998, 12);
    expect(s[1]!.values[1]).toBeCloseTo(9.99, 12);
    expect(Number.isNaN(readFrench(french('-99.99', '-999'))[1]!.values[1]!)).toBe(true);
  });
});

describe('names from files never reach the prototype chain', () => {
  const hostile = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
  it.each(hostile)('a FRED series named %s gets a numeric default lag', (name) => {
    const s = readFred(file(`DATE,${name}\n${daily(10)}\n`));
    expect(s.name).toBe(name);
    expect(s.lagDays).toBe(1);
    const m = readFred(file(`DATE,${name}\n2020-01-01,1\n2020-02-01,2\n2020-03-01,3\n2020-04-01,4\n`));
    expect(m.lagDays).toBe(46);
  });
  it('generic columns with those names are ordinary series with their own values', () => {
    const s = readGeneric(file(`Date,${hostile.join(',')}\n2020-01-02,${hostile.map((_, i) => i + 1).join(',')}\n`));
    expect(s.map((x) => x.name)).toEqual(hostile);
    expect(s.map((x) => x.values[0])).toEqual(hostile.map((_, i) => i + 1));
    expect(s.every((x) => typeof x.lagDays === 'number')).toBe(true);
  });
  it('breadth, French, Shiller and OHLCV files with those column names load', () => {
    const b = readBreadth(file('date,advn,decln,__proto__,constructor\n2020-01-02,1,2,3,4\n'));
    expect(b.map((x) => x.name)).toEqual(['adv', 'dec', 'breadth.__proto__', 'breadth.constructor']);
    const f = readFrench(file('  Daily\n,constructor,__proto__\n20200102, 1.0, 2.0\n20200103, 1.0, 2.0\n'));
    expect(f.map((x) => [x.name, x.values[1]])).toEqual([['sector:constructor', 0.01], ['sector:__proto__', 0.02]]);
    const sh = readShiller(file('Date,SP500,__proto__,toString\n1871-01-01,4.44,1,2\n'));
    expect(sh.map((x) => [x.name, x.lagDays])).toEqual([['shiller.SP500', 32], ['shiller.__proto__', 46], ['shiller.toString', 46]]);
    expect(readOhlcv(file('Date,hasOwnProperty,Close\n2020-01-02,x,5\n'))[0]!.values[0]).toBe(5);
  });
  it('the lag table has no prototype', () => {
    expect(Object.getPrototypeOf(DEFAULT_LAGS)).toBeNull();
    for (const n of hostile) {
      expect(knownLag(n)).toBeUndefined();
      expect(DEFAULT_LAGS[n]).toBeUndefined();
      expect(defaultLag(n, 'daily')).toBe(0);
    }
    expect(knownLag('FEDFUNDS')).toBe(32);
  });
});

describe('error messages quote only the cell in question, printably', () => {
  it('printable shows control, bidi and separator characters as escapes and caps at 40 characters', () => {
    expect(printable('a\x1b[2Jb\r\n\0\u202e\u2028\x7f\u009b')).toBe('a\\x1b[2Jb\\x0d\\x0a\\x00\\u{202e}\\u{2028}\\x7f\\x9b');
    expect(printable('x'.repeat(41))).toBe(`${'x'.repeat(40)}…`);
    expect(printable('x'.repeat(40))).toBe('x'.repeat(40));
    expect(printable('😀'.repeat(50))).toBe(`${'😀'.repeat(40)}…`);
    expect(printable('\x1b'.repeat(100), 3)).toBe('\\x1b\\x1b\\x1b…');
  });
  it('terminal escapes and bidi overrides in a cell are shown, not sent', () => {
    const p = file('Date,Close\n2020-01-02,\x1b]0;pwned\x07\x1b[2J\u202e9\n');
    const e = errorAt(() => readOhlcv(p), p, 2, 12, /non-numeric value '\\x1b\]0;pwned\\x07\\x1b\[2J\\u\{202e\}9'/);
    expect(e.message).not.toMatch(/[\x00-\x1f\x7f\u202e]/);
  });
  it('a long cell is quoted to 40 characters', () => {
    const p = file(`Date,Close\n2020-01-02,${'y'.repeat(5000)}\n`);
    const e = errorAt(() => readOhlcv(p), p, 2, 12, new RegExp(`'${'y'.repeat(40)}…'`));
    expect(e.message.length).toBeLessThan(p.length + 160);
  });
  it('a file that is not a data table is never echoed, whatever reader opens it', () => {
    const p = file('root:x:0:0:SECRET-hash-$6$abc:/root:/bin/bash\ndaemon:SECRET2:1:1\n');
    for (const read of [readOhlcv, readPriceSeries, readFred, readGeneric, readBreadth, readShiller, readFrench, sectorLevelsFromFrench]) {
      const e = inputError(() => read(p));
      expect(e.message.startsWith(`${p}:1:1: `)).toBe(true);
      expect(e.message).not.toMatch(/SECRET|root|daemon/);
    }
  });
  it('missing-column and missing-section errors do not list the file\'s header or titles', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => readOhlcv(file('Date,SecretA\n2020-01-02,1\n')), /missing Close column: no column is named Close, Adj Close, Last or Price \(2 in the header\)/],
      [() => readFred(file('DATE,SecretA,SecretB\n2020-01-02,1,2\n')), /found 2 value columns/],
      [() => readBreadth(file('date,SecretA\n2020-01-02,1\n')), /needs advancers and decliners/],
      [() => readFrench(file('  Secret title\nDate,A\n20200102,1\n'), { section: 'equal' }), /section titles are on lines 1$/],
      [() => readGeneric(file('Secret,Other\n2020-01-02,1\n')), /missing date column: no column is named Date, DATE or observation_date \(2 in the header\)/],
    ];
    for (const [fn, msg] of cases) {
      const e = inputError(fn);
      expect(e.message).toMatch(msg);
      expect(e.message).not.toMatch(/Secret/);
    }
  });
  it('a NUL byte is binary data, reported at its line and column', () => {
    const p = file('Date,Close\r\n2020-01-02,1\0\r\n');
    errorAt(() => readOhlcv(p), p, 2, 13, /NUL byte: this is binary data/);
  });
  it('a header name with a control or invisible character is refused, shown escaped', () => {
    const p = file('Date,Open,Clo\x1b[8mse\n2020-01-02,1,2\n');
    errorAt(() => readOhlcv(p), p, 1, 11, /column name 'Clo\\x1b\[8mse' contains a control or invisible character/);
    const q = file('Date,A\u200bB\n2020-01-02,1\n');
    errorAt(() => readGeneric(q), q, 1, 6, /'A\\u\{200b\}B'/);
  });
  it('an overlong column name is refused', () => {
    const p = file(`Date,${'n'.repeat(201)}\n2020-01-02,1\n`);
    errorAt(() => readGeneric(p), p, 1, 6, /is 201 characters long; names may have at most 200/);
  });
  it('a hostile sector name in a config is quoted printably', () => {
    const e = (() => { try { sectorLevelsFromPriceFiles({ 'a\x1bb': 'x.csv' }); } catch (x) { return x as ConfigError; } throw new Error('no error'); })();
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain("invalid sector name 'a\\x1bb'");
    expect(e.message).not.toContain('\x1b');
  });
});

describe('.csv.gz files read like the plain file', () => {
  const text = 'Date,Open,Close,Volume\n2020-01-02,1,2,100\n2020-01-03,2,3,0\n2020-01-06,3,4,50\n';
  it('same series; the provenance hash is of the stored (compressed) bytes', () => {
    const gz = gzipSync(Buffer.from(text));
    const a = readOhlcv(file(text));
    const p = file(gz, 'prices.csv.gz');
    const b = readOhlcv(p);
    expect(b.map((s) => [s.name, Array.from(s.dates), Array.from(s.values), s.stats])).toEqual(a.map((s) => [s.name, Array.from(s.dates), Array.from(s.values), s.stats]));
    expect(b[0]!.source!.sha256).toBe(createHash('sha256').update(gz).digest('hex'));
  });
  it('same error positions as the plain file', () => {
    const bad = 'Date,Close\r\n2020-01-02,1\r\n\r\n2020-01-03,0x10\r\n';
    const plain = inputError(() => readOhlcv(file(bad)));
    const gz = inputError(() => readOhlcv(file(gzipSync(bad), 'bad.csv.gz')));
    expect([gz.line, gz.column, gz.detail]).toEqual([plain.line, plain.column, plain.detail]);
    expect([gz.line, gz.column]).toEqual([3, 1]);
    const later = 'Date,Close\n2020-01-02,1\n2020-01-03,0x10\n';
    const g2 = inputError(() => readOhlcv(file(gzipSync(later), 'later.csv.gz')));
    expect([g2.line, g2.column]).toEqual([3, 12]);
  });
  it('gzip is recognised by its bytes whatever the name; French and FRED files too', () => {
    expect(readOhlcv(file(gzipSync(text), 'no-extension.csv'))[0]!.values.length).toBe(3);
    expect(readFred(file(gzipSync('DATE,DGS10\n2020-01-02,1.5\n'), 'DGS10.csv.GZ')).values[0]).toBe(1.5);
    expect(readFrench(file(gzipSync('  Daily\r\n,A\r\n20200102, 1.0\r\n'), 'ff.csv.gz'))[0]!.values[0]).toBe(0.01);
  });
  it('a .gz name without gzip bytes, corrupt, truncated and doubly compressed gzip are refused', () => {
    const gz = gzipSync(text);
    const corrupt = Buffer.from(gz);
    corrupt[12] = corrupt[12]! ^ 0xff;
    const cases: Array<[Buffer | string, RegExp]> = [
      [text, /named \.gz but is not gzip data/],
      [corrupt, /corrupt or truncated gzip data/],
      [gz.subarray(0, gz.length - 10), /corrupt or truncated gzip data/],
      [gzipSync(gz), /compressed twice/],
    ];
    for (const [content, msg] of cases) {
      const p = file(content, `g${k++}.csv.gz`);
      errorAt(() => readOhlcv(p), p, 0, 0, msg);
    }
  });
  it('decompression is bounded (a gzip bomb stops at the bound)', () => {
    const p = file(gzipSync(Buffer.alloc(1 << 20)), 'bomb.csv.gz');
    errorAt(() => readDataBytes(p, 1 << 16), p, 0, 0, /decompresses to more than 0\.1 MiB/);
    expect(readDataBytes(p, 1 << 21).content.length).toBe(1 << 20);
  });
  it.each([
    [[0x50, 0x4b, 0x03, 0x04, 0x14], /a zip archive/], [[0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], /bzip2-compressed/],
    [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], /xz-compressed/], [[0x28, 0xb5, 0x2f, 0xfd], /zstd-compressed/],
    [[0xff, 0xfe, 0x44, 0x00], /UTF-16 text: save it as UTF-8/],
  ])('unreadable format %j is named', (bytes, msg) => {
    const p = file(Buffer.from(bytes));
    errorAt(() => readOhlcv(p), p, 0, 0, msg);
  });
});

describe('other hostile shapes fail at their position', () => {
  it('a BOM and mixed line endings (CRLF, LF, lone CR) keep positions', () => {
    const p = file('\ufeffDate,Close\r\n2020-01-02,1\n2020-01-03,2\r2020-01-06,x\r\n');
    errorAt(() => readOhlcv(p), p, 4, 12, /non-numeric value 'x'/);
  });
  it('a header-only file has no data rows', () => {
    const p = file('Date,Close\r\n\r\n  \n');
    errorAt(() => readOhlcv(p), p, 2, 1, /no data rows after the header/);
  });
  it('duplicate and ambiguous column names are refused at the header', () => {
    const p = file('Date,A,a\n2020-01-02,1,2\n');
    errorAt(() => readGeneric(p), p, 1, 8, /duplicate column 'a'/);
    const q = file('Date,Close,Price\n2020-01-02,1,2\n');
    errorAt(() => readOhlcv(q), q, 1, 12, /columns 'Close' and 'Price' could both be the close: keep one/);
  });
  it.each(['2020-02-30', '2021-02-29', '2020-13-01', '20200230', '2020-01-02 junk', '2020-01-02T99'])('impossible date %s is refused', (d) => {
    const p = file(`Date,Close\n${d},1\n`);
    errorAt(() => readOhlcv(p), p, 2, 1, /invalid date/);
  });
  it.each(['2020-01-02T10:30:00Z', '2020-01-02 16:00', '2020-01-02T16:00:00.000-05:00'])('a date with a time of day %s reads as its day', (d) => {
    expect(readOhlcv(file(`Date,Close\n${d},1\n`))[0]!.dates[0]).toBe(18263);
  });
  it('columns of quoted lines are counted as the cells are read', () => {
    const p = file('"Date","Name","Close"\n"2020-01-02","a,b","x"\n');
    errorAt(() => readOhlcv(p), p, 2, 20, /non-numeric value 'x' in column 'Close'/);
  });
  it('negative breadth counts point at their cell', () => {
    const p = file('date,advn,decln\n2020-01-02,1,2\n2020-01-03,3,-4\n');
    errorAt(() => readBreadth(p), p, 3, 14, /negative count -4 in column 'decln'/);
  });
});

const READERS: Record<string, (f: string) => unknown> = {
  sp500: (f) => readPriceSeries(f), vix: (f) => readOhlcv(f), breadth: (f) => readBreadth(f),
  famafrench: (f) => sectorLevelsFromFrench(f), shiller: (f) => readShiller(f), fred: (f) => readFred(f),
  'stocks-5yr': (f) => readPriceSeries(f),
};

function dataFiles(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? dataFiles(join(d, e.name)) : /\.csv(\.gz)?$/i.test(e.name) ? [join(d, e.name)] : []));
}

describeShared('every file in ../shared/data still loads through the readers the bundles use', () => {
  it('each file by the reader of its folder', () => {
    const files = dataFiles(SHARED);
    expect(files.length).toBeGreaterThan(10);
    const failed: string[] = [];
    for (const f of files) {
      const folder = relative(SHARED, f).split(/[\\/]/)[0]!;
      const read = Object.hasOwn(READERS, folder) ? READERS[folder]! : null;
      if (!read) { failed.push(`${f}: no reader for folder '${folder}'`); continue; }
      try { read(f); } catch (e) { failed.push((e as Error).message); }
    }
    expect(failed).toEqual([]);
  });
  it('the full shared bundle loads', () => {
    const spec = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/shared-bundle.json'), 'utf8'));
    const b = loadBundle(spec, join(ROOT, 'test/fixtures'));
    expect(b.files.length).toBeGreaterThan(10);
  });
  it('GSPC read from a .csv.gz equals the plain read', () => {
    const plain = shared('sp500', 'GSPC.csv');
    const gz = file(gzipSync(readFileSync(plain)), 'GSPC.csv.gz');
    const a = readPriceSeries(plain), b = readPriceSeries(gz);
    expect(b.map((s) => [s.name, s.stats, Buffer.from(s.values.buffer).equals(Buffer.from(a.find((x) => x.name === s.name)!.values.buffer))]))
      .toEqual(a.map((s) => [s.name, s.stats, true]));
  });
});
