import { describe, expect, it } from 'vitest';
import { getShortestPaths, toDirectedGraph, type DirectedGraphNode } from 'xstate/graph';
import { createMachine, type AnyStateMachine, type AnyStateNode } from 'xstate';
import type { ModelEvent } from '../src/model/types.js';
import { bundledDesigns, referenceModel } from './helpers.js';

/** Atomic states with no transition (own or inherited within the machine) that leaves them. */
function deadEnds(machine: AnyStateMachine): string[] {
  const atomic: DirectedGraphNode[] = [];
  const byId = new Map<string, DirectedGraphNode>();
  const walk = (n: DirectedGraphNode) => {
    byId.set(n.id, n);
    if (n.children.length === 0) atomic.push(n);
    n.children.forEach(walk);
  };
  walk(toDirectedGraph(machine));
  const isInside = (target: AnyStateNode, node: AnyStateNode) => {
    for (let t: AnyStateNode | undefined = target; t; t = t.parent) if (t === node) return true;
    return false;
  };
  const leaves = (node: AnyStateNode) => {
    for (let s: AnyStateNode | undefined = node; s && s.parent; s = s.parent) {
      const edges = byId.get(s.id)!.edges.map((e) => e.target);
      const always = (s.always ?? []).flatMap((t) => t.target ?? []);
      if ([...edges, ...always].some((t) => !isInside(t, node))) return true;
    }
    return false;
  };
  return atomic
    .filter(
      (n) =>
        !(n.stateNode.meta as { terminal?: boolean } | undefined)?.terminal && !leaves(n.stateNode),
    )
    .map((n) => n.id);
}

describe('state graphs of the reference model', () => {
  const model = referenceModel('parallel');

  it('reaches every rung of the reference ladder', () => {
    const rungs = model.scenario.ladder.rungs;
    const events: ModelEvent[] = [
      { type: 'START' } as ModelEvent,
      ...rungs.map((_, to) => ({ type: 'MOVE' as const, to })),
    ];
    const paths = getShortestPaths(model.machines.ladder, { events });
    const reached = new Set(paths.map((p) => p.state.value as unknown as string));
    for (const r of rungs) expect(reached, r.id).toContain(r.id);
    expect(reached.size).toBe(rungs.length + 1); // and the idle state before START
  });

  for (const design of bundledDesigns()) {
    it(`${design}: no authority state is a dead end`, () => {
      const m = referenceModel(design);
      const machines: Array<[string, unknown]> = [
        ['ladder', m.machines.ladder],
        ['adversary', m.machines.adversary],
        ...Object.entries(m.machines.legal),
        ...m.machines.decisions,
      ];
      for (const [name, machine] of machines)
        expect(deadEnds(machine as AnyStateMachine), name).toEqual([]);
    });
  }

  it('finds a dead end when there is one', () => {
    const trap = createMachine({
      id: 'trap',
      initial: 'a',
      states: { a: { on: { GO: 'b' } }, b: {}, c: { meta: { terminal: true } } },
    });
    expect(deadEnds(trap)).toEqual(['trap.b']);
  });
});
