/**
 * A batch's `--set` checked as every command checks it (`assumptions/setOption.ts`): each ID a
 * register id or the one place of a registered number, each value readable and within its
 * registered range unless `--outside-range`; and what the batch's outputs record of them.
 */
import { parseDesign, type LoadedScenario } from '../scenario/load.js';
import { assumptionRegister } from '../scenario/register.js';
import { overrideRecords, readSetOptions, type OverrideRecord } from '../assumptions/setOption.js';

/**
 * The records of a batch's `--set` texts, read against the register of the scenario and the
 * designs (their data as the sweep varies it); a bad one is an `InputError` naming `--set` and its ID.
 */
export function checkedOverrides(
  sets: readonly string[],
  scenario: LoadedScenario,
  designs: ReadonlyArray<{ readonly id: string; readonly file: string; readonly data: unknown }>,
  outsideRange: boolean,
): OverrideRecord[] {
  if (sets.length === 0) return [];
  const register = assumptionRegister(
    scenario.scenario,
    designs.map((d) => ({ id: d.id, data: parseDesign(d.data, d.file, scenario.scenario).design })),
  );
  return overrideRecords(readSetOptions(sets, register, { sweep: true, outsideRange }));
}
