/**
 * File IO shared by every layer: atomic writes (a temp file beside the
 * target, then a rename over it) and JSON reads whose every failure is an
 * InputError naming the file (and, for malformed JSON, line and column).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { InputError } from './errors.ts';
import { jsonErrorOffset, lineColumn } from './json-position.ts';

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The text of a file, without a byte-order mark; `what` names it in the error ("summary.json"). */
export function readTextFile(file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, 0, 0, `cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parse JSON text from `file`; on a syntax error, an InputError at the line
 * and column where the text first goes wrong. `parse` may be a JSON.parse
 * with a reviver (e.g. one that restores non-finite numbers).
 */
export function parseJsonText(text: string, file: string, parse: (text: string) => unknown = JSON.parse): unknown {
  try {
    return parse(text);
  } catch (e) {
    const at = jsonErrorOffset(text);
    const { line, column } = lineColumn(text, Math.max(0, at));
    const near = text.slice(Math.max(0, at), Math.max(0, at) + 12).split('\n')[0];
    throw new InputError(file, line, column, at >= 0 && near ? `invalid JSON near '${near}'` : `invalid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Read and parse a JSON file (see readTextFile and parseJsonText). */
export function readJsonFile(file: string, what: string, parse?: (text: string) => unknown): unknown {
  return parseJsonText(readTextFile(file, what), file, parse);
}
