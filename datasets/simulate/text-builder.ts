/**
 * An ASCII text builder for the simulator's writers: the millions of cells of
 * a long market go as bytes into one growing buffer, made into one string at
 * the end, instead of a short string per cell and per row to be joined (most
 * of the writers' time was spent there). Each method writes exactly the
 * characters the string formatting it replaces would: `fixed` as
 * writers.ts's `fixed`, `int` as String(x), `isoDate` as engine/calendar's
 * isoDate (writers.test in test/simulate.test.ts compares them).
 */
import { isoDate, ymdOf } from '../../engine/calendar.ts';

const ZERO = 48;
/** The ASCII digits of 00..99, two bytes each. */
/** 10^k for the decimals `fixed` writes by integer arithmetic (k <= 15). */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

export class TextBuilder {
  private buf: Buffer;
  private n = 0;
  /** The last date written (isoDate): its day number and its year, month and day. */
  private lastDay = NaN;
  private lastY = 0;
  private lastM = 0;
  private lastD = 0;

  constructor(capacity = 1 << 16) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + k));
    grown.set(this.buf.subarray(0, this.n)); // (a typed-array copy: Buffer.copy is much slower here)
    this.buf = grown;
  }

  /** ASCII text as it is. */
  text(s: string): this {
    this.room(s.length);
    this.n += this.buf.write(s, this.n, 'latin1');
    return this;
  }

  /** One character by its code (',' is 44, '\n' is 10). */
  char(code: number): this {
    this.room(1);
    this.buf[this.n++] = code;
    return this;
  }

  /**
   * A whole number >= 0 below 2^53, at least `width` digits (zeros in front): its length counted
   * first, then written from the right two digits at a time (PAIRS), straight into the buffer
   * (in 32-bit integer arithmetic while the number fits).
   */
  private digitsOf(a: number, width: number): void {
    let len = 1;
    for (let p = 10; p <= a && len < 16; p *= 10) len++;
    if (len < width) len = width;
    this.room(len);
    const buf = this.buf;
    let i = this.n + len;
    this.n = i;
    while (a > 0x7fffffff) {
      const q = Math.floor(a / 100);
      const r = (a - q * 100) * 2;
      buf[--i] = PAIRS[r + 1]!;
      buf[--i] = PAIRS[r]!;
      a = q;
    }
    let b = a | 0;
    while (b >= 100) {
      const q = (b / 100) | 0;
      const r = (b - q * 100) << 1;
      buf[--i] = PAIRS[r + 1]!;
      buf[--i] = PAIRS[r]!;
      b = q;
    }
    if (b >= 10) {
      buf[--i] = PAIRS[(b << 1) + 1]!;
      buf[--i] = PAIRS[b << 1]!;
    } else buf[--i] = ZERO + b;
    while (i > this.n - len) buf[--i] = ZERO;
  }

  /** x as String(x) writes it (a whole number below 2^53 digit by digit). */
  int(x: number): this {
    if (Number.isSafeInteger(x) && x >= 0) this.digitsOf(x, 1);
    else this.text(String(x));
    return this;
  }

  /** x with `digits` decimals, exactly as writers.ts's fixed(x, digits). */
  fixed(x: number, digits: number): this {
    const p = POW10[digits];
    const v = p === undefined ? NaN : Math.round(x * p);
    // (A NaN fails the test: non-finite x, and more than 15 decimals, take the reference's way.)
    if (!(Math.abs(v) <= 1e15)) return this.text(fixedText(x, digits));
    let a = v;
    if (v < 0) {
      this.char(45);
      a = -v;
    }
    const whole = Math.floor(a / p!);
    this.digitsOf(whole, 1);
    if (digits > 0) {
      this.char(46);
      this.digitsOf(a - whole * p!, digits);
    }
    return this;
  }

  /**
   * A whole number v (|v| <= 1e15) over 10^digits, as `${sign}${whole}.${fraction}` with `digits`
   * decimals, right-aligned with spaces in `width` characters (writers.ts's pct with v = round(r 10^4)).
   */
  scaled(v: number, digits: number, width = 0): this {
    const p = POW10[digits]!;
    const a = Math.abs(v);
    const whole = Math.floor(a / p);
    let len = 1;
    for (let q = 10; q <= whole && len < 16; q *= 10) len++;
    len += (v < 0 ? 1 : 0) + (digits > 0 ? digits + 1 : 0);
    for (; len < width; len++) this.char(32);
    if (v < 0) this.char(45);
    this.digitsOf(whole, 1);
    if (digits > 0) {
      this.char(46);
      this.digitsOf(a - whole * p, digits);
    }
    return this;
  }

  /**
   * A day number as YYYY-MM-DD, as isoDate writes it (YYYYMMDD without `dashes`). Rows go forward a
   * day or a few at a time, so a day up to 27 days after the previous one in the same month is dated
   * from it (every month has at least 28 days) instead of converting the day number again.
   */
  isoDate(day: number, dashes = true): this {
    const step = day - this.lastDay;
    if (step >= 0 && step < 28 && this.lastD + step <= 28) this.lastD += step;
    else {
      const { y, m, d } = ymdOf(day);
      this.lastY = y;
      this.lastM = m;
      this.lastD = d;
    }
    this.lastDay = day;
    const y = this.lastY, m = this.lastM, d = this.lastD;
    if (!(y >= 1000 && y <= 9999)) return this.text(dashes ? isoDate(day) : isoDate(day).replaceAll('-', ''));
    this.room(10);
    const buf = this.buf;
    let i = this.n;
    const hi = ((y / 100) | 0) << 1, lo = (y % 100) << 1;
    buf[i++] = PAIRS[hi]!;
    buf[i++] = PAIRS[hi + 1]!;
    buf[i++] = PAIRS[lo]!;
    buf[i++] = PAIRS[lo + 1]!;
    if (dashes) buf[i++] = 45;
    buf[i++] = PAIRS[m << 1]!;
    buf[i++] = PAIRS[(m << 1) + 1]!;
    if (dashes) buf[i++] = 45;
    buf[i++] = PAIRS[d << 1]!;
    buf[i++] = PAIRS[(d << 1) + 1]!;
    this.n = i;
    return this;
  }

  toString(): string {
    return this.buf.toString('latin1', 0, this.n);
  }

  /** What was written, as a file's content (its bytes; its text only when asked for). */
  content(): FileContent {
    return new FileContent(this.buf.subarray(0, this.n));
  }
}

/**
 * A rendered file's content: kept as bytes (a writer's TextBuilder's, or a string's UTF-8), its text
 * made on first use, so that a caller that only hashes or writes the bytes never builds the string.
 */
export class FileContent {
  private str: string | undefined;
  private raw: Buffer | undefined;

  constructor(content: Buffer | string) {
    if (typeof content === 'string') this.str = content;
    else this.raw = content;
  }

  get bytes(): Buffer {
    return (this.raw ??= Buffer.from(this.str!, 'utf8'));
  }

  /** The text (the builders write ASCII only, so their bytes read as latin1 are the text). */
  get text(): string {
    return (this.str ??= this.raw!.toString('latin1'));
  }
}

/** x with `digits` decimals (like toFixed, by integer arithmetic: the reference for TextBuilder.fixed). */
export function fixedText(x: number, digits: number): string {
  const v = Math.round(x * 10 ** digits);
  if (!Number.isSafeInteger(v) || Math.abs(v) > 1e15) return x.toFixed(digits);
  const a = Math.abs(v);
  let t = String(a);
  if (t.length <= digits) t = '0'.repeat(digits - t.length + 1) + t;
  const i = t.length - digits;
  return `${v < 0 ? '-' : ''}${t.slice(0, i)}${digits > 0 ? `.${t.slice(i)}` : ''}`;
}
