/**
 * A batch's report.html in a real browser (Debian's chromium): every chart is there and drawn,
 * and opening the page from disk makes no request at all beyond the file itself.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { runCommand } from '../command.js';

test('report.html of a small batch shows every chart, drawn, with no request leaving the page', async ({
  page,
}) => {
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
