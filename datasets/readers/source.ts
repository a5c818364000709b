/**
 * Opening a data file safely: only a regular file is read (a FIFO, a device,
 * a directory or a socket is refused before it is read, and a FIFO is never
 * waited on), its size is bounded, and gzip data (`.csv.gz`) is decompressed
 * in memory under the same bound. Archives and encodings the readers cannot
 * read (zip, bzip2, xz, zstd, UTF-16) are named instead of being parsed as
 * garbage. Errors name the path as given.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../engine/errors.ts';

/**
 * The largest data file (after decompression) a reader accepts: 256 MiB.
 * A JavaScript string holds at most ~512 Mi characters, and a century of daily
 * rows is a few MB, so anything near this is not a daily table.
 */
export const MAX_DATA_BYTES = 256 * 1024 * 1024;

export interface DataBytes {
  /** The file's bytes as stored (what its sha256 is of). */
  stored: Buffer;
  /** The text bytes: `stored`, or its decompressed content for gzip. */
  content: Buffer;
  gzip: boolean;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

const MiB = (n: number): string => `${Math.round((n / 1048576) * 10) / 10} MiB`;

function statError(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const what = code === 'ENOENT' ? 'file not found'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ENOTDIR' ? 'file not found (a part of the path is not a folder)'
    : code === 'ELOOP' ? 'too many symbolic links' : `cannot read file (${code ?? 'unknown error'})`;
  return new InputError(file, 0, 0, what);
}

function requireRegular(file: string, st: Stats, maxBytes: number): void {
  if (!st.isFile()) throw new InputError(file, 0, 0, `is ${kindOf(st)}, expected a regular data file`);
  if (st.size > maxBytes) {
    throw new InputError(file, 0, 0, `file is ${MiB(st.size)}; data files are read whole and may be at most ${MiB(maxBytes)}`);
  }
}

/**
 * A buffer lent for reading many files one after another (a universe's
 * members): each read overwrites it, so what was read from the previous file
 * must be used up first. It spares the memory a fresh buffer per file costs.
 */
export class ReadBuffer {
  private buf = Buffer.alloc(0);
  take(n: number): Buffer {
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(n, 2 * this.buf.length));
    return this.buf.subarray(0, n);
  }
}

/** Read a regular file of at most `maxBytes` bytes; never opens anything else, never blocks on a FIFO. */
function readRegular(file: string, maxBytes: number, into?: ReadBuffer): Buffer {
  let st: Stats;
  try { st = statSync(file); } catch (e) { throw statError(file, e); }
  requireRegular(file, st, maxBytes);
  let fd: number;
  // O_NONBLOCK: if the path was swapped for a FIFO after the check, opening it does not wait for a writer.
  try { fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)); } catch (e) { throw statError(file, e); }
  try {
    const fst = fstatSync(fd);
    requireRegular(file, fst, maxBytes);
    const buf = into ? into.take(fst.size) : Buffer.allocUnsafe(fst.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === buf.length ? buf : buf.subarray(0, got);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw statError(file, e);
  } finally {
    closeSync(fd);
  }
}

/** Formats recognised by their first bytes that the readers do not read. */
const UNREADABLE: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (e.g. .zip or .xlsx): extract or export the CSV first; .csv.gz is read directly'],
  [[0x42, 0x5a, 0x68, -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 'bzip2-compressed: decompress it first, or recompress with gzip (.csv.gz is read directly)'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed: decompress it first, or recompress with gzip (.csv.gz is read directly)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed: decompress it first, or recompress with gzip (.csv.gz is read directly)'],
  [[0xff, 0xfe], 'UTF-16 text: save it as UTF-8'],
  [[0xfe, 0xff], 'UTF-16 text: save it as UTF-8'],
];

/** Whether `b` starts with `magic` (-1 = any byte). */
const startsWith = (b: Buffer, magic: number[]): boolean =>
  b.length >= magic.length && magic.every((x, i) => x < 0 || b[i] === x);

const isGzip = (b: Buffer): boolean => startsWith(b, [0x1f, 0x8b]);

function gunzip(file: string, stored: Buffer, maxBytes: number): Buffer {
  try {
    return gunzipSync(stored, { maxOutputLength: maxBytes });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InputError(file, 0, 0, `gzip data decompresses to more than ${MiB(maxBytes)}; data files may be at most that`);
    }
    throw new InputError(file, 0, 0, `corrupt or truncated gzip data (${code ?? 'unreadable'})`);
  }
}

/**
 * The bytes of a data file. Gzip data is recognised by its magic bytes (1f 8b)
 * and decompressed whatever the name; a `.gz` name without them is refused.
 */
export function readDataBytes(file: string, maxBytes = MAX_DATA_BYTES, into?: ReadBuffer): DataBytes {
  const stored = readRegular(file, maxBytes, into);
  const named = file.toLowerCase().endsWith('.gz');
  if (isGzip(stored)) {
    const content = gunzip(file, stored, maxBytes);
    checkReadable(file, content, true);
    return { stored, content, gzip: true };
  }
  if (named) throw new InputError(file, 0, 0, 'named .gz but is not gzip data (it does not start with the gzip bytes 1f 8b)');
  checkReadable(file, stored, false);
  return { stored, content: stored, gzip: false };
}

function checkReadable(file: string, b: Buffer, inGzip: boolean): void {
  for (const [magic, what] of UNREADABLE) {
    if (startsWith(b, magic)) throw new InputError(file, 0, 0, `${inGzip ? 'the gzip content is ' : 'is '}${what}`);
  }
  if (isGzip(b)) throw new InputError(file, 0, 0, 'compressed twice (gzip inside gzip): decompress it once');
}
