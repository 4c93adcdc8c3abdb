/** The default baseline of a comparison comes from the scenario (`report.baseline`), not from code. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultBaseline } from '../src/scenario/catalog.js';
import { REFERENCE, reference } from './helpers.js';
import { referenceData, runCommand, tempDir } from './inputCases.js';

const baselineOf = (args: readonly string[]) => {
  const cli = runCommand('compare', [...args, '--seeds', '1..2', '--json']);
  expect(cli.status, cli.stderr).toBe(0);
  return (JSON.parse(cli.stdout) as { baseline: string }).baseline;
};

describe('the default baseline', () => {
  it("is the scenario's report.baseline when it is among the designs, else the first design listed", () => {
    expect(reference.scenario.report?.baseline).toBe('parallel');
    expect(defaultBaseline(reference.scenario, ['acm-2015', 'parallel'])).toBe('parallel');
    expect(defaultBaseline(reference.scenario, ['acm-2015', 'bcm-1997'])).toBe('acm-2015');
    const { report, ...rest } = reference.scenario;
    expect(
      defaultBaseline({ ...rest, report: { keyDecisions: report!.keyDecisions } }, [
        'acm-2015',
        'parallel',
      ]),
    ).toBe('acm-2015');
  });

  it('is what compare uses unless --baseline says otherwise', () => {
    const noBaseline = join(tempDir(), 'no-baseline.yaml');
    const data = referenceData();
    delete data.report.baseline;
    writeFileSync(noBaseline, stringify(data));
    const designs = ['--designs', 'scenarios/c2/acm-2015.yaml,scenarios/c2/parallel.yaml'];
    expect(baselineOf(['--scenario', REFERENCE, ...designs])).toBe('parallel');
    expect(baselineOf(['--scenario', noBaseline, ...designs])).toBe('acm-2015');
    expect(baselineOf(['--scenario', REFERENCE, ...designs, '--baseline', 'acm-2015'])).toBe(
      'acm-2015',
    );
  }, 30_000);
});
