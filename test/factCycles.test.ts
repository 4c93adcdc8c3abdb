/**
 * Decisions that need each other through facts (test/fixtures/factCycles/) are refused at
 * validation, naming the scenario file, the decisions of the ring and the facts that link them;
 * a ring that another source of a fact breaks (a decision that can be taken, a standing decision)
 * is a valid model.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { InputError, type InputIssue } from '../src/scenario/errors.js';
import { checkFactCycles } from '../src/scenario/factCycles.js';
import { runCommand } from './command.js';
import { REFERENCE } from './helpers.js';

const FIXTURES = 'test/fixtures/factCycles';
const ADVICE =
  ". Let something else establish one of these facts (a rung's facts, a procedure, a standing decision) or drop one of the needs";
const RING =
  'decisions need each other through facts that nothing else establishes, so none of them can ever be taken: ';

/** The issues loading `file` reports (none when it loads). */
function issuesOf(file: string): readonly InputIssue[] {
  try {
    loadScenario(file);
    return [];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.issues;
  }
}

describe('a ring of decisions through facts', () => {
  it.each([
    [
      'two.yaml',
      'decisions[0].requires',
      'jp.cycleA needs fact cycleB, which jp.cycleB establishes; jp.cycleB needs fact cycleA, which jp.cycleA establishes',
    ],
    [
      'three.yaml',
      'decisions[0].trigger',
      'jp.ringA needs fact ringC, which jp.ringC establishes; jp.ringC needs jp.ringB decided; jp.ringB needs fact ringA, which jp.ringA establishes',
    ],
    ['self.yaml', 'decisions[0].requires', 'jp.selfish needs fact selfish, which it establishes'],
  ])('%s is refused, naming the file, the decisions and the facts', (name, path, ring) => {
    const file = `${FIXTURES}/${name}`;
    expect(issuesOf(file)).toEqual([{ file, path, message: `${RING}${ring}${ADVICE}` }]);
  });

  it('is refused by rungs validate and by sim with exit 2', () => {
    const file = `${FIXTURES}/two.yaml`;
    const validate = runCommand('validate', [file]);
    expect(validate.status).toBe(2);
    expect(validate.stderr).toContain(`error: ${file}: decisions[0].requires: ${RING}jp.cycleA`);
    const sim = runCommand('sim', ['--scenario', file, '--design', 'parallel', '--seed', '1']);
    expect(sim.status).toBe(2);
    expect(sim.stderr).toContain(`error: ${file}: decisions[0].requires: ${RING}`);
  });

  it('is valid when another source establishes a fact: a decision that can be taken, or a standing one', () => {
    expect(issuesOf(`${FIXTURES}/broken.yaml`)).toEqual([]);
    const { scenario } = loadScenario(`${FIXTURES}/broken.yaml`);
    const found: string[] = [];
    const report = (path: string, message: string) => found.push(`${path}: ${message}`);
    const without = (...ids: string[]) => scenario.decisions.filter((d) => !ids.includes(d.id));
    // each source alone breaks the ring
    checkFactCycles(without('jp.other'), scenario, 'decisions', report);
    checkFactCycles(without('jp.standingA'), scenario, 'decisions', report);
    expect(found).toEqual([]);
    // without both, the ring is there; a design's standing decision breaks it too
    checkFactCycles(without('jp.other', 'jp.standingA'), scenario, 'decisions', report);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('jp.cycleA needs fact cycleB, which jp.cycleB establishes');
    found.length = 0;
    const standing = new Set(['jp.cycleB']);
    checkFactCycles(without('jp.other', 'jp.standingA'), scenario, 'decisions', report, standing);
    expect(found).toEqual([]);
  });

  it('finds no ring in the reference scenario', () => {
    const { scenario } = loadScenario(REFERENCE);
    const found: string[] = [];
    checkFactCycles(scenario.decisions, scenario, 'decisions', (p, m) => found.push(`${p}: ${m}`));
    expect(found).toEqual([]);
  });
});
