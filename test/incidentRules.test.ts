/**
 * What keeps calibration honest: an incident file writes only the incident (its start, its rungs'
 * meaning, the adversary's documented moves, the procedures of its time, what was observed), never
 * a shared number, and no code of the engine or model knows which incident it runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const INCIDENTS = 'scenarios/incidents';
const files = readdirSync(INCIDENTS).filter((f) => f.endsWith('.yaml'));

/** The top-level fields an incident may write, and what it may write under the ladder and adversary. */
const INCIDENT_FIELDS = new Set([
  '$schema',
  'extends',
  'id',
  'title',
  'description',
  'horizon',
  'ladder',
  'adversary',
  'procedures',
  'observed',
  'counterfactual',
]);
const RUNG_FIELDS = new Set([
  'id',
  'label',
  'jcgLoad',
  'policeLoad',
  'hostileActs',
  'facts',
  'identify',
  'source',
  'inference',
  'ranges',
]);

describe('the bundled incidents', () => {
  it.each(files)('%s writes only the incident, no shared number', (file) => {
    const data = parse(readFileSync(join(INCIDENTS, file), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(data).filter((k) => !INCIDENT_FIELDS.has(k))).toEqual([]);
    const ladder = (data.ladder ?? {}) as { rungs?: Array<Record<string, unknown>> };
    expect(Object.keys(ladder).filter((k) => k !== 'start' && k !== 'rungs')).toEqual([]);
    for (const rung of ladder.rungs ?? [])
      expect(
        Object.keys(rung).filter((k) => !RUNG_FIELDS.has(k)),
        String(rung.id),
      ).toEqual([]);
    const adversary = (data.adversary ?? {}) as Record<string, unknown>;
    expect(Object.keys(adversary).filter((k) => k !== 'script')).toEqual([]);
  });

  it('are unknown to the mechanics: no file of the engine, model or scenario layers names an incident', () => {
    const ids = files.map((f) => f.replace(/\.yaml$/, ''));
    const names = [...ids, ...ids.map((id) => id.split('-')[0]!)].filter((n) => n.length > 3);
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? sources(join(dir, e.name))
          : e.name.endsWith('.ts')
            ? [join(dir, e.name)]
            : [],
      );
    for (const file of ['src/engine', 'src/model', 'src/scenario', 'src/math'].flatMap(sources)) {
      // comments may cite an incident as a source; code may not name one
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .toLowerCase();
      for (const name of names) expect(text.includes(name), `${file} names ${name}`).toBe(false);
    }
  });
});
