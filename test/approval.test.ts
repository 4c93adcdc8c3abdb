/**
 * Approval policies that read the right thing: the U.S. its own readiness phase, not Japan's legal
 * situation; a procedure in force (the 2005 order-at-once policy) over the default; and the
 * checks that keep scenario authors from mixing them up.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { compileModel } from '../src/model/compile.js';
import { Duration } from '../src/scenario/schema.js';
import {
  expectNamed,
  referenceData,
  referenceWith,
  runCommand,
  tempDir,
  writeCases,
  type BadFile,
} from './inputCases.js';
import { referenceModel } from './helpers.js';

const decisionIndex = (id: string) => referenceData().decisions.findIndex((d: any) => d.id === id);

describe('approval policies', () => {
  const model = referenceModel('parallel');
  const { knowledge } = model;
  const rung = (id: string) => knowledge.withRung(knowledge.initial, model.rungIndex.get(id)!);

  it("give a U.S. decision the probability of the rung's phase, whatever Japan's situation", () => {
    // R6 (a gray zone) and R7 (an armed attack anticipated) are both phase 1 for the U.S.: hostilities, phase 2, begin at R8
    const data = referenceData();
    const reaffirm = data.decisions.find((d: any) => d.id === 'us.article5Reaffirmed');
    const phase = (id: string) => data.ladder.rungs.find((r: any) => r.id === id).phase;
    const p = model.decisionsById.get('us.article5Reaffirmed')!.approveProbability;
    expect(rung('R6').situation).not.toBe(rung('R7').situation);
    expect(phase('R6')).toBe(phase('R7'));
    expect(p(rung('R7'))).toBe(reaffirm.approve.byPhase[phase('R7')]);
    expect(p(rung('R6'))).toBe(p(rung('R7')));
    expect(p(rung('R8'))).toBe(reaffirm.approve.byPhase[phase('R8')]);
    expect(p(rung('R9'))).toBe(reaffirm.approve.byPhase[phase('R9')]);
  });

  it('take the probability of a procedure in force over the default, and the default once it is not', () => {
    const order = model.decisionsById.get('jp.msoSubmarine')!;
    const atOnce = rung('R5');
    expect(atOnce.facts.submarineOrderAtOnce).toBe(true);
    expect(order.approveProbability(atOnce)).toBe(1);
    const before2005 = parseScenario(referenceData(), 'ref.yaml').scenario;
    const off = compileModel(
      {
        ...before2005,
        procedures: {
          ...before2005.procedures,
          submarineOrderAtOnce: { inForce: false, source: 'test' },
        },
      },
      model.design,
    );
    const k = off.knowledge.withRung(off.knowledge.initial, off.rungIndex.get('R5')!);
    expect(off.decisionsById.get('jp.msoSubmarine')!.approveProbability(k)).toBe(
      referenceData().decisions[decisionIndex('jp.msoSubmarine')].approve.probability,
    );
  });

  it('read compound durations as their sum', () => {
    expect(Duration.parse('2h55m')).toBe(175);
    expect(Duration.parse('1d 6h')).toBe(1800);
    expect(Duration.safeParse('2h55').success).toBe(false);
  });
});

describe('npm run validate on approval policies', () => {
  const dir = tempDir();
  const us = decisionIndex('us.article5Reaffirmed');
  const jp = decisionIndex('jp.mso');
  const cases: BadFile[] = [
    {
      name: 'us-by-situation',
      text: referenceWith(
        (d) =>
          (d.decisions[us].approve = {
            ...d.decisions[us].approve,
            byPhase: undefined,
            bySituation: { grayZone: 0.5 },
          }),
      ),
      path: `decisions[${us}].approve.bySituation`,
      says: /U\.S\. decision reads the U\.S\. readiness phase/,
    },
    {
      name: 'both',
      text: referenceWith((d) => (d.decisions[jp].approve.byPhase = { 1: 0.5 })),
      path: `decisions[${jp}].approve`,
      says: /bySituation .* or byPhase .*, not both/,
    },
    {
      name: 'unknown-procedure',
      text: referenceWith((d) => (d.decisions[jp].approve.byProcedure = { telefoneCabinet: 1 })),
      path: `decisions[${jp}].approve.byProcedure.telefoneCabinet`,
      says: /unknown procedure .* telephoneCabinet/,
    },
    {
      name: 'undeclared-rung-fact',
      text: referenceWith((d) => (d.ladder.rungs[3].facts = ['submarineSighted'])),
      path: 'ladder.rungs[3].facts[0]',
      says: /unknown rung fact \(declared in ladder\.facts\) "submarineSighted"/,
    },
    {
      name: 'counterfactual-without-observed',
      text: referenceWith((d) => (d.counterfactual = { reform: 'a reform', source: 'test' })),
      path: 'counterfactual',
      says: /varies a historical incident/,
    },
  ];
  const files = writeCases(dir, cases);

  it('are refused with file, path and what was expected (exit 2)', () => {
    expectNamed(runCommand('validate', files), files, cases);
  });
});
