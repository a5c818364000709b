/** The document around the sections: <head> with the CSP, title and style; the closing script. */
import type { RunSummary } from '../../../engine/results.ts';
import { esc, str } from '../format.ts';
import { CSP, SCRIPT } from '../script.ts';
import { CSS } from '../styles.ts';

/** Everything up to and including <body>. */
export function documentStart(sm: RunSummary): string {
  const title = `Rally replay report \u2014 ${str(sm.engine?.name)} ${str(sm.engine?.version)}`;
  let html = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">';
  html += `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">`;
  html += '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><meta name="referrer" content="no-referrer">';
  html += `<title>${esc(title)}</title><style>${CSS}</style></head><body>`;
  return html;
}

/** The script and the closing tags. */
export function documentEnd(): string {
  return `<script>${SCRIPT}</script></body></html>\n`;
}
