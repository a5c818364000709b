/**
 * The self-contained HTML report (reports/html/): contents, section order,
 * determinism, no network references, escaping of hostile names, and size at scale.
 */
import { describe, expect, it } from 'vitest';
import { REPORT_SCRIPT_ELEMENTS, SECTIONS, renderHtml } from '../reports/html/report.ts';
import { HOSTILE, fakeRun } from './support/fake-run.ts';

/** Real start tags in the document (escaped text never contains a raw '<'). */
function startTags(html: string): Array<{ name: string; attrs: string }> {
  const out: Array<{ name: string; attrs: string }> = [];
  const re = /<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html)) !== null) out.push({ name: m[1]!.toLowerCase(), attrs: m[2]! });
  return out;
}

/** Attribute values of `name` across all start tags. */
function attrValues(html: string, name: string): string[] {
  const vals: string[] = [];
  for (const t of startTags(html)) {
    const re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*"([^"]*)"`, 'gi');
    let m: RegExpExecArray | null;
    while ((m = re.exec(t.attrs)) !== null) vals.push(m[1]!);
  }
  return vals;
}

function count(hay: string, needle: string): number {
  return hay.split(needle).length - 1;
}

/** Text between the first leaderboard's <tbody> and </tbody>, split in rows. */
function firstLeaderboardRows(html: string): string[] {
  const start = html.indexOf('<table class="leaderboard sortable">');
  const body = html.slice(html.indexOf('<tbody>', start) + 7, html.indexOf('</tbody>', start));
  return body.split('</tr>').filter((r) => r.startsWith('<tr'));
}

describe('renderHtml: contents', () => {
  const run = fakeRun({ episodes: 150, criteria: 24, seed: 7 });
  const html = renderHtml(run);
  const kinds = [...new Set(run.episodes.map((e) => e.kind))];

  it('is one complete HTML document', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
    expect(count(html, '<style>')).toBe(1);
    expect(count(html, '<script')).toBe(REPORT_SCRIPT_ELEMENTS);
    expect(html).toContain('http-equiv="Content-Security-Policy"');
  });

  it('has the provenance header', () => {
    const s = run.summary;
    expect(html).toContain(`${s.engine.name} ${s.engine.version}`);
    expect(html).toContain(`title="${s.runConfigHash}"`);
    expect(html).toContain(`<code>${s.seed}</code>`);
    for (const d of s.data) {
      expect(html).toContain(`<code title="${d.sha256}">${d.sha256.slice(0, 12)}\u2026</code>`);
      expect(html).toContain(d.file);
    }
    for (const d of s.definitions) expect(html).toContain(`<code>${d.kind}</code> (${d.version})`);
    expect(html).toContain(`${s.statistics.bootstrap} bootstrap resamples`);
    expect(s.failures.length).toBeGreaterThan(0);
    expect(html).toContain('failed job');
    expect(html).toContain(s.failures[0]!.reason.replace(/"/g, '&quot;'));
  });

  it('draws the price history of each dataset on a log scale with episodes by outcome', () => {
    expect(count(html, '<svg class="pricechart"')).toBe(run.prices.length);
    expect(html).toContain('(log scale)');
    for (const o of ['durable', 'stalled', 'failed']) expect(html).toContain(`<path class="band o-${o}"`);
    expect(html).toMatch(/<path class="decdot o-durable"/);
    // Decimated: the price line has at most ~2000 vertices per dataset.
    const lines = [...html.matchAll(/<path class="price" d="([^"]*)"/g)].map((m) => m[1]!);
    expect(lines.length).toBe(run.prices.length);
    for (const d of lines) expect((d.match(/[ML]/g) ?? []).length).toBeLessThanOrEqual(2000);
  });

  it('has one section per episode kind, each with leaderboard, details and call grid', () => {
    expect(count(html, '<section class="kind"')).toBe(kinds.length);
    for (const k of kinds) expect(html).toContain(`data-kind="${k}"`);
    expect(count(html, '<table class="leaderboard sortable">')).toBe(kinds.length);
    expect(count(html, '<svg class="hm-body"')).toBe(kinds.length);
    const rows = run.summary.metrics.length;
    expect(count(html, '<details class="crit"')).toBe(rows);
    expect(count(html, 'aria-label="ROC curve"')).toBe(rows);
    expect(count(html, 'aria-label="Calibration plot"')).toBe(rows);
    expect(count(html, '<table class="cm">')).toBe(rows);
    expect(count(html, '<table class="trading">')).toBe(rows);
  });

  it('orders each leaderboard by AUC descending, NaN last, ties by criterion id', () => {
    const rows = firstLeaderboardRows(html);
    expect(rows.length).toBeGreaterThan(5);
    const keys = rows.map((r) => {
      const cells = [...r.matchAll(/<td[^>]*data-v="([^"]*)"/g)].map((m) => m[1]!);
      return { crit: cells[2]!, auc: cells[7] === '' ? NaN : Number(cells[7]) };
    });
    for (let i = 1; i < keys.length; i++) {
      const a = keys[i - 1]!;
      const b = keys[i]!;
      if (Number.isNaN(b.auc)) continue;
      expect(Number.isNaN(a.auc)).toBe(false);
      expect(a.auc).toBeGreaterThanOrEqual(b.auc);
      if (a.auc === b.auc) expect(a.crit <= b.crit).toBe(true);
    }
  });

  it('states the honest-numbers notes, small-sample flags and power', () => {
    expect(html).toContain('bootstrap <i>percentile</i> intervals');
    expect(html).toContain('resamples whole calendar years');
    const flagged = run.summary.metrics.filter((m) => m.smallSample !== '').length;
    expect(flagged).toBeGreaterThan(0);
    expect(html).toContain(`${flagged} of ${run.summary.metrics.length} result rows have a small sample`);
    expect(html).toContain('<tr data-i="0"');
    expect(html).toMatch(/<tr data-i="\d+" class="small">/);
    expect(html).toContain('id="power"');
    expect(html).toMatch(/with \d+ episodes \(\d+ durable, \d+ not\), only AUC above ~0\.\d\d is detectable/);
  });

  it('shows the trading view per row', () => {
    expect(html).toContain('called durable</th>');
    expect(html).toContain('all scored (buy every episode)');
    expect(html).toMatch(/<th class="n">mean 63d<\/th>/);
    expect(html).toMatch(/<th class="n">median 126d<\/th>/);
  });
});

describe('renderHtml: section order', () => {
  const run = fakeRun({ episodes: 40, criteria: 4, seed: 5 });
  /** Anchors in the order the body shows them, and in the order the contents link to them. */
  const order = (html: string): { body: string[]; toc: string[] } => {
    const nav = html.slice(html.indexOf('<nav class="toc">'), html.indexOf('</nav>'));
    const toc = [...nav.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    const rest = html.slice(html.indexOf('</nav>'));
    const body = [...rest.matchAll(/<section[^>]* id="([^"]+)"/g)].map((m) => m[1]!);
    return { body, toc };
  };

  it('draws SECTIONS top to bottom and the contents follow them', () => {
    // The verdict first, the caveats next, provenance last.
    expect(SECTIONS.map((s) => s.id)).toEqual(['verdict', 'caveats', 'universe', 'kinds', 'definitions', 'null-worlds', 'out-of-sample', 'selection', 'combine', 'survival', 'fans', 'trading', 'grids', 'sectors', 'prices', 'power', 'provenance']);
    const { body, toc } = order(renderHtml(run));
    expect(body.slice(0, 2)).toEqual(['verdict', 'notes']);
    expect(body.at(-1)).toBe('provenance');
    expect(toc).toEqual(body);
  });

  it('moves a section, and its contents link, when the list is reordered', () => {
    const byId = (id: string): (typeof SECTIONS)[number] => SECTIONS.find((x) => x.id === id)!;
    const reordered = [byId('power'), byId('kinds'), byId('caveats'), byId('provenance'), byId('prices')];
    const { body, toc } = order(renderHtml(run, reordered));
    expect(body[0]).toBe('power');
    expect(body.at(-1)).toBe('prices');
    expect(toc).toEqual(body);
  });
});

describe('renderHtml: determinism', () => {
  it('gives byte-identical output for the same run, and for a rebuilt run with the same seed', () => {
    const a = renderHtml(fakeRun({ episodes: 90, criteria: 15, seed: 3 }));
    const b = renderHtml(fakeRun({ episodes: 90, criteria: 15, seed: 3 }));
    const run = fakeRun({ episodes: 90, criteria: 15, seed: 3 });
    expect(b).toBe(a);
    expect(renderHtml(run)).toBe(renderHtml(run));
    expect(renderHtml(fakeRun({ episodes: 90, criteria: 15, seed: 4 }))).not.toBe(a);
  }, 60_000);

  it('does not depend on the order of episodes, predictions, metrics and prices', () => {
    const run = fakeRun({ episodes: 60, criteria: 10, seed: 11, shard: '2/3' });
    const shuffled = structuredClone(run);
    shuffled.episodes.reverse();
    shuffled.predictions.reverse();
    shuffled.prices.reverse();
    shuffled.summary.metrics.reverse();
    shuffled.summary.data.reverse();
    shuffled.summary.power.reverse();
    const html = renderHtml(run);
    expect(renderHtml(shuffled)).toBe(html);
    expect(html).toContain('<code>2/3</code>');
  });
});

describe('renderHtml: no network', () => {
  for (const hostile of [false, true]) {
    it(`references no remote resource (hostile=${hostile})`, () => {
      const html = renderHtml(fakeRun({ episodes: 80, criteria: 12, hostile }));
      if (!hostile) expect(html).not.toMatch(/https?:\/\//i);
      expect(html).not.toMatch(/@import/i);
      expect(html).not.toMatch(/url\s*\(/i);
      for (const name of ['src', 'srcset', 'action', 'formaction', 'poster', 'data', 'background', 'xlink:href', 'ping', 'manifest']) {
        expect(attrValues(html, name)).toEqual([]);
      }
      for (const href of attrValues(html, 'href')) expect(href.startsWith('#')).toBe(true);
      const tags = new Set(startTags(html).map((t) => t.name));
      for (const t of ['img', 'link', 'iframe', 'object', 'embed', 'video', 'audio', 'source', 'image', 'form', 'base', 'meta-refresh']) {
        expect(tags.has(t)).toBe(false);
      }
    });
  }
});

describe('renderHtml: hostile names', () => {
  const run = fakeRun({ episodes: 80, criteria: 12, hostile: true });
  const html = renderHtml(run);

  it('prints no raw markup from the run', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(count(html, '<script')).toBe(REPORT_SCRIPT_ELEMENTS);
    expect(count(html, '</style>')).toBe(1);
    expect(count(html, '</textarea>')).toBe(0);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&amp;amp;');
    expect(html).toContain('=cmd|&#39; /C calc&#39;!A0');
    expect(html).toContain('&quot;quotes&#39;');
    expect(html).not.toContain(HOSTILE.quotes);
  });

  it('keeps every start tag well-formed (no attribute breakout, no event handlers)', () => {
    const tags = startTags(html);
    expect(tags.length).toBeGreaterThan(100);
    const attrsRe = /^(\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(="[^"<>]*")?)*\s*\/?$/;
    for (const t of tags) {
      expect(t.attrs, `<${t.name}${t.attrs}>`).toMatch(attrsRe);
      expect(t.attrs.replace(/"[^"]*"/g, '""')).not.toMatch(/\son[a-z]+\s*=/i);
    }
    // The run's strings never reach the script element.
    const script = html.slice(html.indexOf('<script>'), html.indexOf('</script>'));
    expect(script).not.toContain('alert');
    expect(script).not.toContain('GSPC');
  });

  it('builds element ids from indices only', () => {
    for (const id of attrValues(html, 'id')) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
  });
});

describe('renderHtml: scale', () => {
  it('renders 1000 episodes x 100 criteria in a file under 5 MB', () => {
    const run = fakeRun({ episodes: 1000, criteria: 100, seed: 1 });
    const t0 = performance.now();
    const html = renderHtml(run);
    const ms = performance.now() - t0;
    const bytes = Buffer.byteLength(html, 'utf8');
    console.log(
      `[html-report] 1000 episodes x 100 criteria (${run.summary.metrics.length} result rows, ${run.predictions.length} predictions): ${(bytes / 1e6).toFixed(2)} MB in ${ms.toFixed(0)} ms`,
    );
    // Budget: the call grid costs ~6 bytes of path per cell plus a 3-character
    // hover code (100k cells: ~0.9 MB) and ~0.2 KB per episode row label; each
    // result row costs ~1.5 KB in its leaderboard and ~5 KB in its closed
    // <details> (ROC, calibration, confusion, trading view): 400 rows ~2.6 MB;
    // the decimated price charts ~0.3 MB. About 4 MB, so 5 MB holds with room.
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    expect(count(html, '<svg class="hm-body"')).toBe(3);
    // The grid is paths, not one element per cell.
    expect(count(html, '<rect')).toBeLessThan(5000);
  }, 120_000);
});

describe('renderHtml: degenerate input', () => {
  it('renders an empty run and a summary.json round trip (NaN as null) without NaN or undefined', () => {
    const empty = renderHtml(fakeRun({ episodes: 0, criteria: 0 }));
    expect(empty).toContain('No result rows');
    const tiny = renderHtml(fakeRun({ episodes: 3, criteria: 2 }));
    const roundTrip = renderHtml(JSON.parse(JSON.stringify(fakeRun({ episodes: 50, criteria: 8 }))));
    for (const html of [empty, tiny, roundTrip]) {
      expect(html).not.toMatch(/NaN|undefined|\[object Object\]/);
      expect(html.endsWith('</html>\n')).toBe(true);
    }
  });
});
