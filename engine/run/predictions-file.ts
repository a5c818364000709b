/**
 * Reading a finished run's predictions.csv back, for the regression gate's
 * per-episode scores. The file is the one reports/tables.ts writes (RFC 4180
 * quoting, header `episode_id,criterion,params,score,call,abstain_reason,error`).
 * Text cells that a spreadsheet would run as a formula were written with a
 * leading apostrophe (reports/csv.ts); `unneutralised` gives both readings so
 * the caller can match names against summary.json. Every malformation is an
 * InputError naming the file and line.
 */
import { InputError, printable } from '../errors.ts';
import { readTextFile } from '../files.ts';
import type { Prediction } from '../types.ts';

const HEADER = ['episode_id', 'criterion', 'params', 'score', 'call', 'abstain_reason', 'error'] as const;

/** The records of a CSV text with their 1-based starting line; throws a message on broken quoting. */
export function parseCsvRecords(text: string): Array<{ line: number; cells: string[] }> {
  const out: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let i = 0;
  const endRecord = (): void => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) out.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        quoted = false;
        i++;
        if (i < text.length && !',\r\n'.includes(text[i]!)) throw new Error(`line ${line}: text after a closing quote`);
        continue;
      }
      if (ch === '\n') line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') { quoted = true; i++; continue; }
    if (ch === ',') { cells.push(cell); cell = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { i++; continue; }
    if (ch === '\n') { endRecord(); line++; start = line; i++; continue; }
    if (ch === '"') throw new Error(`line ${line}: a quote inside an unquoted cell`);
    cell += ch;
    i++;
  }
  if (quoted) throw new Error(`line ${start}: a quoted cell is never closed`);
  if (cell !== '' || cells.length > 0) endRecord();
  return out;
}

/** A cell as written, and as it was before reports/csv.ts neutralised it (same text when it was not). */
export function unneutralised(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function numberCell(file: string, line: number, what: string, cell: string): number {
  if (cell === '') return NaN;
  if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(cell)) throw new InputError(file, line, 0, `not a rally predictions.csv: ${what} '${printable(cell, 20)}' is not a number`);
  return Number(cell);
}

/**
 * Read predictions.csv. Names are returned exactly as written (possibly
 * neutralised); scores are NaN when empty (abstained or failed).
 */
/** One line of predictions.csv: a Prediction and the line it starts on. */
export type PredictionRecord = Prediction & { line: number };

export function readPredictionsCsv(file: string): PredictionRecord[] {
  const text = readTextFile(file, 'predictions.csv');
  let records: Array<{ line: number; cells: string[] }>;
  try {
    records = parseCsvRecords(text);
  } catch (e) {
    throw new InputError(file, 0, 0, `not a rally predictions.csv: ${(e as Error).message}`);
  }
  const head = records.shift();
  if (!head || head.cells.join(',') !== HEADER.join(',')) throw new InputError(file, 1, 1, `not a rally predictions.csv: expected the header ${HEADER.join(',')}`);
  return records.map(({ line, cells }) => {
    if (cells.length !== HEADER.length) throw new InputError(file, line, 0, `not a rally predictions.csv: ${cells.length} cells, expected ${HEADER.length}`);
    const [episodeId, criterion, params, scoreText, callText, abstainReason, error] = cells as [string, string, string, string, string, string, string];
    const score = numberCell(file, line, 'score', scoreText);
    if (!Number.isNaN(score) && !(score >= 0 && score <= 1)) throw new InputError(file, line, 0, `not a rally predictions.csv: score ${scoreText} is outside [0, 1]`);
    if (!['', '0', '1'].includes(callText)) throw new InputError(file, line, 0, `not a rally predictions.csv: call '${printable(callText, 20)}' is not 0, 1 or empty`);
    const call = callText === '' ? null : callText === '1' ? 1 : 0;
    if ((call === null) !== Number.isNaN(score)) throw new InputError(file, line, 0, 'not a rally predictions.csv: a score without a call, or a call without a score');
    return { episodeId, criterion, params, score, call, abstainReason, error, line };
  });
}
