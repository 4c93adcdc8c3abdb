/**
 * `--set` and `--outside-range` as every command reads them (see `assumptions/setOption.ts`): the
 * same parser, the same checks and the same messages in batch, compare, sensitivity and ranking.
 */
import { assumptionSpace, type AssumptionSpace } from '../assumptions/space.js';
import { readSetOptions, type SetOverride } from '../assumptions/setOption.js';
import { listOption, type ParsedArgs } from './args.js';
import { UsageError } from './run.js';

/** The options every command that takes `--set` knows. */
export const SET_OPTIONS = { set: 'list', 'outside-range': 'flag' } as const;

/** The help lines of `--set` (one value) and `--outside-range`. */
export const SET_HELP = `  --set ID=VALUE         a registered assumption at another value (repeatable): ID a register id
                         (rungs assumptions lists them) or the one place a registered number is
                         stated, VALUE a number (a duration such as 2h for a duration), or a
                         structural choice's alternative by name; the outputs list every --set
  --outside-range        take a --set value outside its registered range (refused otherwise); the
                         outputs record it as outside`;

/**
 * The `--set` overrides of a command, read against the register of the scenario and designs
 * (`all`, or names separated by commas), with the space they were read in (undefined without
 * any `--set`). `sweep`: whether the command takes a list of values (batch only).
 */
export function setOverrides(
  args: ParsedArgs,
  scenarioFile: string,
  designSpec: string,
  sweep: boolean,
  outsideAllowed = true,
): { overrides: SetOverride[]; outsideRange: boolean; space: AssumptionSpace | undefined } {
  const texts = listOption(args, 'set');
  const outsideRange = args.options.has('outside-range');
  if (texts.length === 0) return { overrides: [], outsideRange, space: undefined };
  const space = assumptionSpace(scenarioFile, designSpec);
  return {
    overrides: readSetOptions(texts, space.register, { sweep, outsideRange, outsideAllowed }),
    outsideRange,
    space,
  };
}

/** The help lines of `--set` in a study, which holds an assumption instead of varying it. */
export const STUDY_SET_HELP = `  --set ID=VALUE         hold an assumption at a value instead of varying it (repeatable): ID a
                         register id (rungs assumptions lists them) or the one place a registered
                         number is stated, VALUE a number (a duration such as 2h for a duration),
                         or a structural choice's alternative by name; study.json and the reports
                         list every --set. Values outside the registered ranges are refused
  --outside-range        refused: a study stays within the registered ranges (batch and compare take it)`;

/**
 * A study's `--set` overrides (one value each, within the registered ranges: a study's points
 * stay within them, so `--outside-range` is refused with words).
 */
export function studySetOverrides(
  args: ParsedArgs,
  scenarioFile: string,
  designSpec: string,
): SetOverride[] {
  if (args.options.has('outside-range'))
    throw new UsageError(
      'a study varies the assumptions within their registered ranges and holds --set values within them too; run rungs batch or rungs compare with --outside-range for a value outside',
      '--outside-range',
    );
  return setOverrides(args, scenarioFile, designSpec, false, false).overrides;
}
