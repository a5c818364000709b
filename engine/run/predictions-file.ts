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
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      if (text[i] === '"') {
        let cell = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) throw new Error(`line ${start}: a quoted cell is never closed`);
          cell += text.slice(from, q);
          if (text[q + 1] === '"') { cell += '"'; from = q + 2; continue; }
          i = q + 1;
          break;
        }
        for (const ch of cell) if (ch === '\n') line++;
        cells.push(cell);
        if (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) throw new Error(`line ${line}: text after a closing quote`);
      } else {
        let end = i;
        while (end < n && text[end] !== ',' && text[end] !== '\n') end++;
        const cell = text.slice(i, end).replace(/\r$/, '');
        if (cell.includes('"')) throw new Error(`line ${line}: a quote inside an unquoted cell`);
        cells.push(cell);
        i = end;
      }
      if (i >= n || text[i] === '\n' || text[i] === '\r') break;
      i++; // the comma
    }
    if (text[i] === '\r') i++;
    i++; // the newline
    line++;
    if (!(cells.length === 1 && cells[0] === '')) out.push({ line: start, cells });
  }
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
