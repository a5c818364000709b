/**
 * report.html in a real browser (Debian Chromium through playwright-core):
 * no console or page errors, no network request besides the file itself, the
 * leaderboard sorts on click, the call grid's read-out works, and hostile
 * names inject nothing. Skips when /usr/bin/chromium is absent. The reports
 * of fabricated runs are rendered in this process; the default run's is the
 * one `rally run` writes (run once, opened by two tests), its command run in
 * this process on the main thread (`command()` in support/cli.ts: the same
 * files for any worker count, determinism.test.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPORT_SCRIPT_ELEMENTS, renderHtml } from '../reports/html/report.ts';
import type { RunResult } from '../engine/results.ts';
import { HOSTILE, fakeRun } from './support/fake-run.ts';
import { command } from './support/cli.ts';
import { runCommand } from '../engine/cli/run-command.ts';
import { hasShared } from './support/shared-data.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test-out');
/** Explicit, so the suite also runs under vitest's defaults (5 s) without test/vitest.config.ts. */
const TIMEOUT = 120_000;

if (!hasChromium) {
  console.warn(`[rally-replay tests] ${CHROMIUM} not found: browser report tests are SKIPPED (install Debian's chromium to run them).`);
}

/**
 * The little of the DOM these tests touch inside page.evaluate (the project's
 * tsconfig has no DOM lib, and adding one would change every file's globals).
 */
interface El {
  textContent: string | null;
  scrollHeight: number;
  open: boolean;
  scrollTop: number;
  attributes: ArrayLike<{ name: string }>;
  cells: ArrayLike<El>;
  getAttribute(name: string): string | null;
  querySelector(sel: string): El | null;
  querySelectorAll(sel: string): ArrayLike<El>;
  scrollIntoView(opts?: { block?: string }): void;
}
interface Win {
  document: El & { body: El };
  scrollTo(x: number, y: number): void;
}
interface Box { top: number; bottom: number; right: number }
type Boxed = El & { getBoundingClientRect(): Box };

interface Opened {
  page: Page;
  url: string;
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  dialogs: string[];
}

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rally-report-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);

  async function open(run: RunResult, name: string): Promise<Opened> {
    const file = join(dir, name, 'report.html');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, renderHtml(run));
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const o: Opened = { page, url, consoleErrors: [], pageErrors: [], requests: [], dialogs: [] };
    page.on('console', (m) => {
      if (m.type() === 'error') o.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => o.pageErrors.push(String(e)));
    page.on('request', (r) => o.requests.push(r.url()));
    page.on('dialog', (d) => {
      o.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(200);
    return o;
  }

  async function columnTexts(page: Page, col: number): Promise<string[]> {
    return page.evaluate((ci) => {
      const t = (globalThis as unknown as Win).document.querySelector('table.leaderboard');
      return Array.from(t!.querySelectorAll('tbody tr')).map((r) => r.cells[ci]!.getAttribute('data-v') ?? '');
    }, col);
  }

  it('opens cleanly, makes no network requests, sorts the leaderboard and reads out the grid', async () => {
    const run = fakeRun({ episodes: 160, criteria: 24, seed: 5 });
    const o = await open(run, 'plain');
    const { page } = o;
    try {
      expect(o.consoleErrors).toEqual([]);
      expect(o.pageErrors).toEqual([]);
      expect(o.requests).toEqual([o.url]);

      expect(await page.locator('table.leaderboard').count()).toBe(new Set(run.episodes.map((e) => e.kind)).size);
      expect(await page.locator('svg.pricechart').first().isVisible()).toBe(true);
      expect(await page.locator('svg.fb').count()).toBeGreaterThan(10);
      expect(await page.locator('table.leaderboard').first().isVisible()).toBe(true);

      // Default order: AUC descending (column 7).
      const aucBefore = (await columnTexts(page, 7)).filter((v) => v !== '').map(Number);
      expect(aucBefore).toEqual([...aucBefore].sort((a, b) => b - a));

      // Click "Criterion": ascending by text.
      const lb = page.locator('table.leaderboard').first();
      const critBefore = await columnTexts(page, 2);
      await lb.locator('thead th', { hasText: 'Criterion' }).locator('button.sort').click();
      const critAfter = await columnTexts(page, 2);
      expect(critAfter).toEqual([...critBefore].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(critAfter).not.toEqual(critBefore);
      expect(await lb.locator('thead th[aria-sort="ascending"]').innerText()).toContain('Criterion');

      // Click "n" twice: descending, then ascending.
      const nHead = lb.locator('thead th').nth(4).locator('button.sort');
      await nHead.click();
      const nDesc = (await columnTexts(page, 4)).map(Number);
      expect(nDesc).toEqual([...nDesc].sort((a, b) => b - a));
      await nHead.click();
      const nAsc = (await columnTexts(page, 4)).map(Number);
      expect(nAsc).toEqual([...nAsc].sort((a, b) => a - b));

      // Expand all criteria in the first kind section, then a ROC chart is visible.
      await page.locator('section.kind').first().locator('.toolbar button', { hasText: 'Expand all' }).click();
      expect(await page.locator('section.kind').first().locator('details.crit svg[aria-label="ROC curve"]').first().isVisible()).toBe(true);
      await page.locator('section.kind').first().locator('.toolbar button', { hasText: 'Collapse all' }).click();

      // Hover a call-grid cell: the read-out names the cell.
      const grid = page.locator('svg.hm-body').first();
      await page.evaluate(() => {
        const wrap = (globalThis as unknown as Win).document.querySelector('.gridwrap')!;
        wrap.scrollTop = 0;
        wrap.scrollIntoView({ block: 'start' });
      });
      const x0 = Number(await grid.getAttribute('data-x0'));
      const cw = Number(await grid.getAttribute('data-cw'));
      const rh = Number(await grid.getAttribute('data-rh'));
      const box = (await grid.boundingBox())!;
      await page.mouse.move(box.x + x0 + cw * 2.5, box.y + rh * 1.5);
      const readout = await page.locator('.callgrid .readout').first().innerText();
      expect(readout).toMatch(/\u00d7 .*: (score \d\.\d\d|abstained|job failed|no prediction)/);

      await page.evaluate(() => (globalThis as unknown as Win).scrollTo(0, 0));
      mkdirSync(OUT, { recursive: true });
      // The top of the page: header, notes, provenance, price charts and the first leaderboard.
      const height = await page.evaluate(() => (globalThis as unknown as Win).document.body.scrollHeight);
      await page.screenshot({ path: join(OUT, 'report-screenshot.png'), fullPage: true, clip: { x: 0, y: 0, width: 1440, height: Math.min(height, 5200) } });

      expect(o.consoleErrors).toEqual([]);
      expect(o.pageErrors).toEqual([]);
      expect(o.requests).toEqual([o.url]);
    } finally {
      await page.close();
    }
  }, TIMEOUT);

  it('injects nothing from hostile names', async () => {
    const run = fakeRun({ episodes: 120, criteria: 16, hostile: true, seed: 9 });
    const o = await open(run, 'hostile');
    const { page } = o;
    try {
      // Open every details element and hover around, so any injected handler would fire.
      await page.evaluate(() => {
        for (const d of Array.from((globalThis as unknown as Win).document.querySelectorAll('details'))) d.open = true;
      });
      await page.locator('.gridwrap').first().scrollIntoViewIfNeeded();
      const box = (await page.locator('svg.hm-body').first().boundingBox())!;
      await page.mouse.move(box.x + 300, box.y + 20);
      await page.waitForTimeout(200);

      expect(o.dialogs).toEqual([]);
      expect(o.pageErrors).toEqual([]);
      expect(o.consoleErrors).toEqual([]);
      expect(o.requests).toEqual([o.url]);
      const dom = await page.evaluate(() => {
        const document = (globalThis as unknown as Win).document;
        const all = Array.from(document.querySelectorAll('*'));
        return {
          scripts: document.querySelectorAll('script').length,
          imgs: document.querySelectorAll('img, iframe, object, embed, link, base, form').length,
          handlers: all.filter((el) => Array.from(el.attributes).some((a) => a.name.toLowerCase().startsWith('on'))).length,
          text: document.body.textContent ?? '',
          svgTitles: Array.from(document.querySelectorAll('svg title')).map((el) => el.textContent ?? ''),
          dataV: Array.from(document.querySelectorAll('td[data-v]')).map((el) => el.getAttribute('data-v') ?? ''),
        };
      });
      expect(dom.scripts).toBe(REPORT_SCRIPT_ELEMENTS);
      expect(dom.imgs).toBe(0);
      expect(dom.handlers).toBe(0);
      // The hostile strings are shown as text, verbatim.
      expect(dom.text).toContain(HOSTILE.script);
      expect(dom.text).toContain(HOSTILE.quotes);
      expect(dom.text).toContain(HOSTILE.formula);
      expect(dom.text).toContain(HOSTILE.entity);
      expect(dom.text).toContain(HOSTILE.img);
      // ...and survive attribute and SVG <title> round trips intact.
      expect(dom.svgTitles.some((t) => t.includes(HOSTILE.script) && t.includes(HOSTILE.quotes))).toBe(true);
      expect(dom.dataV).toContain(HOSTILE.script);
      expect(dom.dataV).toContain(HOSTILE.formula);
      expect(dom.dataV).toContain(HOSTILE.entity);

      // Sorting still works with hostile names.
      await page.locator('table.leaderboard').first().locator('thead th', { hasText: 'Criterion' }).locator('button.sort').click();
      const crit = await columnTexts(page, 2);
      expect(crit).toEqual([...crit].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(o.dialogs).toEqual([]);
      expect(o.pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TIMEOUT);

  /** The default run, as `rally run` writes it: run once, when a test first needs it. */
  let defaultRun: Promise<{ out: string; stdout: string }> | undefined;
  function defaultRunFolder(): Promise<{ out: string; stdout: string }> {
    defaultRun ??= (async () => {
      const out = join(dir, 'first-default');
      const r = await command(runCommand, ['run', '--out', out, '--workers', '0']);
      expect(r.code, r.stderr).toBe(0);
      return { out, stdout: r.stdout };
    })();
    return defaultRun;
  }

  it('the report of a real run (the default job, as `rally run` writes it) opens offline with no errors', async () => {
    const { out } = await defaultRunFolder();
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { metrics: { kind: string }[] };
    const url = pathToFileURL(join(out, 'report.html')).href;
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (q) => requests.push(q.url()));
    try {
      await page.goto(url, { waitUntil: 'load' });
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      // One leaderboard per episode kind (the default run has all three), every row in one of them.
      expect(await page.locator('table.leaderboard').count()).toBe(new Set(summary.metrics.map((m) => m.kind)).size);
      expect(await page.locator('table.leaderboard tbody tr').count()).toBe(summary.metrics.length);
      expect(await page.locator('svg.pricechart').first().isVisible()).toBe(true);
      expect(await page.locator('#power').isVisible()).toBe(true);
      await page.screenshot({ path: join(OUT, 'default-run-report.png'), clip: { x: 0, y: 0, width: 1440, height: 2400 }, fullPage: true });
    } finally {
      await page.close();
    }
  }, TIMEOUT);

  /**
   * The first screen (1,400 x 900, no scrolling) of a real run's report: the
   * verdict's tables are all on it. Saves the screenshot; then, at 1,000 px
   * wide, the leaderboard's p and q columns are in view without scrolling.
   */
  async function firstScreen(out: string, png: string): Promise<void> {
    const url = pathToFileURL(join(out, 'report.html')).href;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    try {
      await page.goto(url, { waitUntil: 'load' });
      mkdirSync(OUT, { recursive: true });
      await page.screenshot({ path: join(OUT, png) });
      const boxes = await page.evaluate(() => Array.from((globalThis as unknown as Win).document.querySelectorAll('table.verdict'))
        .map((t) => { const r = (t as Boxed).getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; }));
      expect(boxes.length).toBeGreaterThan(0);
      for (const b of boxes) expect(b.bottom).toBeLessThanOrEqual(900);
      expect(await page.locator('#verdict .vsent').first().innerText()).toMatch(/better than chance after correction for \d+ tests?/);
      await page.setViewportSize({ width: 1000, height: 900 });
      const cols = await page.evaluate(() => {
        const t = (globalThis as unknown as Win).document.querySelector('table.leaderboard')!;
        const ths = Array.from(t.querySelectorAll('thead th')) as Boxed[];
        const wrap = (t as unknown as { parentElement: Boxed }).parentElement.getBoundingClientRect();
        const right = (label: string): number => ths.find((h) => (h.textContent ?? '').trim() === label)!.getBoundingClientRect().right;
        return { p: right('p'), q: right('q'), wrap: wrap.right };
      });
      expect(cols.q).toBeLessThanOrEqual(cols.wrap);
      expect(cols.p).toBeLessThanOrEqual(cols.wrap);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }

  it('the verdict is on the first screen of the default run (screenshot saved)', async () => {
    const { out, stdout } = await defaultRunFolder();
    expect(stdout.startsWith('VERDICT')).toBe(true);
    await firstScreen(out, 'first-screen-default.png');
  }, TIMEOUT);

  it.skipIf(!hasShared)('the verdict is on the first screen of a full-corpus run (screenshot saved)', async () => {
    const out = join(dir, 'first-full');
    const r = await command(runCommand, ['run', '--config', join(ROOT, 'test', 'fixtures', 'full-corpus-run.json'), '--out', out, '--workers', '0']);
    expect(r.code, r.stderr).toBe(0);
    await firstScreen(out, 'first-screen-full-corpus.png');
  }, TIMEOUT);
});
