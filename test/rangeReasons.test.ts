/**
 * Honest ranges (issue 22): every range in the assumption register of the reference scenario with
 * every bundled design states why it is as wide as it is (what its low and high stand for, the
 * source that bounds it, or what it is anchored to when no source gives anything), not only that its
 * number is a parameter.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { assumptionRegister } from '../src/scenario/register.js';
import { oneLine } from '../src/scenario/assumption.js';
import { loadDesign } from '../src/scenario/load.js';
import { resolveDesignFiles } from '../src/scenario/catalog.js';
import { REFERENCE, reference } from './helpers.js';

/** A bound or an anchor: a number, a source key, or a word for a size or a time. */
const NAMES_A_BOUND =
  /\d|\[[A-Z][A-Za-z0-9-]*\]|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|half|double|twice|third|quarter|minutes?|hours?|days?|weeks?|months?|overnight|night|morning)\b/i;

/** A reason that says only that the number is a parameter (or an assumption). */
const ONLY_A_PARAMETER = /\b(is|are) (an? )?(parameters?|assumptions?)\b/i;

/**
 * What the register falls back on when a range states no reason of its own: the first sentence of
 * its object's inference, else of its source. Collected from the files as written.
 */
function fallbacks(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => fallbacks(item, into));
  else if (typeof node === 'object' && node !== null) {
    const o = node as Record<string, unknown>;
    if ('ranges' in o) {
      const text = typeof o.inference === 'string' ? o.inference : o.source;
      if (typeof text === 'string') into.add(oneLine(text));
    }
    Object.values(o).forEach((child) => fallbacks(child, into));
  }
  return into;
}

/** Why a reason does not say why its range is as wide as it is, or undefined if it does. */
function weakReason(reason: string, inherited: ReadonlySet<string>): string | undefined {
  if (inherited.has(reason))
    return "the range states no reason of its own (the register fell back on its object's inference)";
  if (ONLY_A_PARAMETER.test(reason)) return 'it says only that the number is a parameter';
  if (reason.length < 30) return 'too short to say what the low and the high stand for';
  if (!NAMES_A_BOUND.test(reason)) return 'it names no bound, anchor or source';
  return undefined;
}

describe('the reasons of the assumption register', () => {
  const designFiles = resolveDesignFiles(REFERENCE, 'all');
  const register = assumptionRegister(
    reference.scenario,
    designFiles.map((file) => {
      const design = loadDesign(file, reference.scenario).design;
      return { id: design.id, data: design };
    }),
  ).filter((a) => a.kind === 'number');
  const inherited = new Set<string>();
  for (const file of [REFERENCE, ...designFiles])
    fallbacks(parse(readFileSync(file, 'utf8')), inherited);

  it('the rule refuses what the register said before: a number that is only a parameter', () => {
    for (const generic of [
      'processing time is a parameter',
      'probability is a parameter',
      'Dwell times and move probabilities are parameters: no source gives them',
      'deliberation time and vote are parameters',
      'how often the U.S',
      'the size of each effect is a parameter',
      'That an urgent order may be decided by circulation (ministers signing in turn) when the telephone Cabinet does not serve are assumptions: no official figure',
    ])
      expect(weakReason(generic, new Set()), generic).toBeDefined();
    expect(
      weakReason(
        'half to double 2h, from within the hour (1h) to half a working day (4h)',
        new Set(),
      ),
    ).toBeUndefined();
  });

  it('every range of the reference and its designs says why it is as wide as it is', () => {
    expect(register.length).toBeGreaterThan(200);
    const weak = register.flatMap((a) => {
      const why = weakReason(a.reason, inherited);
      return why ? [`${a.id}: ${why} ("${a.reason}")`] : [];
    });
    expect(weak).toEqual([]);
  });
});
