/**
 * A batch's report.html in a real browser (Debian's chromium): every chart is there and drawn,
 * opening the page from disk makes no request at all beyond the file itself, and at a 1280 px wide
 * window no chart text is drawn under 10 px and no table wraps.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { runCommand } from '../command.js';

/** A small batch's folder, written once for the tests of this file. */
let written: string | undefined;
function smallBatch(): string {
  if (written) return written;
  const dir = join(mkdtempSync(join(tmpdir(), 'rungs-browser-report-')), 'batch');
  const batch = runCommand('batch', [
    '--scenario',
    'scenarios/senkaku-gray-zone.yaml',
    '--design',
    'parallel,acm-2015,bcm-1997',
    '--seeds',
    '1..60',
    '--out',
    dir,
  ]);
  expect(batch.status, batch.stderr).toBe(0);
  written = dir;
  return dir;
}

test('report.html of a small batch shows every chart, drawn, with no request leaving the page', async ({
  page,
}) => {
  const dir = smallBatch();
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
    decisions: string[];
  };

  const url = pathToFileURL(join(dir, 'report.html')).href;
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await page.goto(url);

  // one empirical CDF per key decision, then the forest plot, the outcomes, the highest rung and one run's timeline
  const expected = [
    ...summary.decisions.map((d) => `ecdf-${d}`),
    'forest',
    'outcomes',
    'highest-rung',
    'timeline',
  ];
  await expect(page.locator('figure.chart')).toHaveCount(expected.length);
  expect(
    await page
      .locator('figure.chart')
      .evaluateAll((figures) => figures.map((f) => f.getAttribute('data-chart'))),
  ).toEqual(expected);
  for (const name of expected) {
    const chart = page.locator(`figure.chart[data-chart="${name}"] svg`);
    const box = await chart.boundingBox();
    expect(box!.width, name).toBeGreaterThan(200);
    expect(box!.height, name).toBeGreaterThan(100);
    // drawn: it holds data marks (lines, symbols, rules or bars), not only axes
    const marks = await chart
      .locator('g.mark-line path, g.mark-symbol path, g.mark-rule line, g.mark-rect path')
      .count();
    expect(marks, name).toBeGreaterThan(0);
  }
  expect(requests).toEqual([]);
});

test('report.html at 1280 px: no chart text under 10 px, no table cell wrapping or cut', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(join(smallBatch(), 'report.html')).href);
  // each SVG text's rendered font size: its font-size times the SVG's on-screen scale
  const sizes = await page.locator('figure.chart svg').evaluateAll((svgs) =>
    svgs.flatMap((svg) => {
      const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute('width'));
      return [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() !== '')
        .map((t) => ({
          text: t.textContent,
          px: parseFloat(getComputedStyle(t).fontSize) * scale,
          height: t.getBoundingClientRect().height,
        }));
    }),
  );
  expect(sizes.length).toBeGreaterThan(100);
  const small = sizes.filter((s) => s.px < 10 || s.height < 10);
  expect(small, JSON.stringify(small.slice(0, 5))).toEqual([]);

  const cells = await page.locator('table td, table th').evaluateAll((all) =>
    all.map((c) => {
      const style = getComputedStyle(c);
      const lineHeight =
        style.lineHeight === 'normal'
          ? parseFloat(style.fontSize) * 1.4
          : parseFloat(style.lineHeight);
      const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
      return {
        text: c.textContent,
        lines: (c.clientHeight - padding) / lineHeight,
        cut: c.scrollWidth > c.clientWidth,
        right: c.getBoundingClientRect().right,
      };
    }),
  );
  expect(cells.length).toBeGreaterThan(20);
  const wrapped = cells.filter((c) => c.lines >= 1.9 || c.cut || c.right > 1280);
  expect(wrapped, JSON.stringify(wrapped.slice(0, 5))).toEqual([]);
});
