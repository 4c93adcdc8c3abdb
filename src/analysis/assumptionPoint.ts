/**
 * The assumptions a study varies and the values `--set` holds: `ID=VALUE` read as a register id
 * and a number (or `ID=NAME`, a structural choice's alternative), and the part of an assumption
 * space (see `assumptions/space.ts`) a study varies.
 */
import { InputError } from '../scenario/errors.js';
import { Duration } from '../scenario/schema.js';
import { assumptionSpace, type AssumptionSpace } from '../assumptions/space.js';
import type { Assumption, ChoiceAssumption } from '../scenario/register.js';
import type { LoadedPosterior } from '../assumptions/posterior.js';
import { checkNotHeld, checkPosteriorIds } from '../assumptions/draws.js';
import type { Parameter } from './sensitivity/index.js';

/** The alternatives' names of a choice, for a message. */
const namesOf = (choice: ChoiceAssumption) => choice.alternatives.map((a) => a.name).join(', ');

/**
 * Reads `ID=VALUE` as `--set` takes it for assumptions: a register id and a number, or a duration
 * such as `2h` (minutes); for a structural choice of `register`, the name of one of its
 * alternatives, read as its index. Bad text, or a name the choice does not have, is an
 * {@link InputError} naming the option.
 */
export function parseAssumptionSet(
  text: string,
  register: readonly Assumption[] = [],
): [string, number] {
  const eq = text.indexOf('=');
  const id = text.slice(0, eq).trim();
  const value = text.slice(eq + 1).trim();
  const choice = register.find((a): a is ChoiceAssumption => a.kind === 'choice' && a.id === id);
  if (eq > 0 && choice) {
    const index = choice.alternatives.findIndex((a) => a.name === value);
    if (index < 0)
      throw new InputError([
        {
          file: '--set',
          path: text,
          message: `expected ${id}=NAME with NAME one of the choice's alternatives: ${namesOf(choice)}`,
        },
      ]);
    return [id, index];
  }
  const number = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  const duration = number === undefined ? Duration.safeParse(value) : undefined;
  const minutes = number ?? (duration?.success ? duration.data : undefined);
  if (eq <= 0 || minutes === undefined)
    throw new InputError([
      {
        file: '--set',
        path: text,
        message:
          'expected ID=VALUE with a number or a duration such as 2h, or ID=NAME with an alternative of a structural choice (ids from npm run assumptions)',
      },
    ]);
  return [id, minutes];
}

/**
 * The values `--set ID=VALUE` texts hold (see {@link parseAssumptionSet}), read against the register
 * of the scenario and designs (`all`, or ids separated by commas), which is read only when there
 * is a text to read.
 */
export function heldAssumptions(
  texts: readonly string[],
  scenarioFile: string,
  designSpec: string,
): Map<string, number> {
  if (texts.length === 0) return new Map();
  const { register } = assumptionSpace(scenarioFile, designSpec);
  return new Map(texts.map((text) => parseAssumptionSet(text, register)));
}

/**
 * What a study varies: every assumption of the space not held by `fixed`, and the point of the
 * files' (or the held) values. A structural choice is a discrete parameter: its indices 0 … n − 1,
 * each alternative equally likely.
 */
export interface VariedSpace {
  readonly parameters: readonly Parameter[];
  readonly base: ReadonlyMap<string, number>;
  /** The point with the varied parameters at `row`'s values (in the order of `parameters`), the others at `base`. */
  pointAt(row: ArrayLike<number>): Map<string, number>;
}

/**
 * The varied part of a space; a held assumption that is not in the register is an
 * {@link InputError} naming `--set`. The ids a posterior draws seed by seed are not varied either
 * (each must be in the register, and not held).
 */
export function variedSpace(
  space: AssumptionSpace,
  fixed: ReadonlyMap<string, number>,
  posterior?: LoadedPosterior,
): VariedSpace {
  const unknown = [...fixed.keys()].filter((id) => !space.register.some((a) => a.id === id));
  if (unknown.length > 0)
    throw new InputError(
      unknown.map((id) => ({
        file: '--set',
        path: id,
        message: 'not an assumption of the register (npm run assumptions lists them)',
      })),
    );
  const drawn = new Set<string>();
  if (posterior) {
    checkPosteriorIds(posterior, space.register, space.scenarioFile);
    checkNotHeld(posterior, fixed.keys());
    for (const p of posterior.posterior.parameters) drawn.add(p.id);
  }
  const parameters: Parameter[] = space.register
    .filter((a) => !fixed.has(a.id) && !drawn.has(a.id))
    .map((a): Parameter =>
      a.kind === 'choice'
        ? { name: a.id, low: 0, high: a.high, levels: a.alternatives.length }
        : { name: a.id, low: a.low, high: a.high, scale: a.scale },
    );
  const base = new Map(space.register.map((a) => [a.id, fixed.get(a.id) ?? a.value]));
  return {
    parameters,
    base,
    pointAt(row) {
      const values = new Map(base);
      parameters.forEach((p, j) => values.set(p.name, row[j]!));
      return values;
    },
  };
}
