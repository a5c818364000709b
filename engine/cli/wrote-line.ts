/**
 * The terminal's last line after a run or a merge: the folder and the files
 * actually written there, named from what reports/write.ts returned (the one
 * home of which files a run writes), so the line cannot drift from the folder.
 */
import { basename } from 'node:path';

/** `wrote OUT/ (episodes.csv, …, report.html)`, the files in the order they were written. */
export function wroteLine(out: string, written: readonly string[]): string {
  return `wrote ${out}/ (${written.map((f) => basename(f)).join(', ')})\n`;
}
