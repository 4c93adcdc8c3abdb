/**
 * Runs the flip searches of a study (see `studyFlip.ts`): for each output the designs differ on at
 * the files' values beyond noise, its `flipTop` most influential findings, each at its levels
 * within and beyond its range, on the study's pool. A level the files refuse is named with the
 * reason.
 */
import { InputError } from '../scenario/errors.js';
import { filesAt } from '../assumptions/space.js';
import { flipValues, flipVerdict, Z95, type Flip, type FlipLevel } from './studyFlip.js';
import type { Influence, StudyOptions } from './studyOptions.js';
import type { StudySample } from './studySample.js';
import { listOf, type StudyPool } from './studyPoints.js';

/** Why the files refuse a point (the first issue), or undefined if they do not. */
function refusal(sample: StudySample, values: ReadonlyMap<string, number>): string {
  try {
    filesAt(sample.space, values, { beyondRanges: true });
    return 'the files refuse this value';
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const first = error.issues[0]!;
    return `${first.path}: ${first.message}`;
  }
}

/** The ids searched per output: its most influential findings, where the reference is resolved. */
function searchedIds(
  influences: readonly (readonly Influence[])[],
  reference: readonly number[],
  top: number,
): string[][] {
  const m = influences.length;
  return influences.map((list, o) => {
    const resolved = Math.abs(reference[o]!) > Z95 * reference[m + o]!;
    return resolved
      ? list
          .filter((i) => i.finding)
          .slice(0, top)
          .map((i) => i.id)
      : [];
  });
}

/** Each output's flips (see the module comment); `reference` is the files' values' output vector. */
export async function flipSearches(
  pool: StudyPool,
  sample: StudySample,
  options: StudyOptions,
  influences: readonly (readonly Influence[])[],
  reference: readonly number[],
): Promise<Flip[][]> {
  const perOutput = searchedIds(influences, reference, options.flipTop ?? 3);
  const ids = [...new Set(perOutput.flat())].sort();
  const byName = new Map(sample.parameters.map((p) => [p.name, p]));
  const byId = new Map(sample.space.register.map((a) => [a.id, a]));
  const searches = ids.map((id) => {
    const base = sample.base.get(id)!;
    const values = flipValues(byName.get(id)!, byId.get(id), base);
    return { id, base, values, points: values.map((v) => new Map(sample.base).set(id, v)) };
  });
  const points = searches.flatMap((s) => s.points);
  const results = await pool.evaluate(
    listOf(points),
    options.seeds,
    (done) => options.onProgress?.(done, points.length, 'flip'),
    { beyondRanges: true },
  );
  const m = reference.length / 2;
  const offsets: number[] = [];
  searches.reduce((next, s) => (offsets.push(next), next + s.values.length), 0);
  const refused = searches.map((s, k) =>
    s.values.map((_, j) =>
      results[offsets[k]! + j]!.length === 0 ? refusal(sample, s.points[j]!) : undefined,
    ),
  );
  return perOutput.map((list, o) =>
    list.map((id) => {
      const k = ids.indexOf(id);
      const s = searches[k]!;
      const p = byName.get(id)!;
      const levels = s.values.map((value, j): FlipLevel => {
        const r = results[offsets[k]! + j]!;
        const within = value >= p.low && value <= p.high;
        return r.length === 0
          ? { value, within, invalid: refused[k]![j]! }
          : { value, within, output: r[o]!, se: r[m + o]! };
      });
      return flipVerdict(id, p, levels, s.base);
    }),
  );
}
