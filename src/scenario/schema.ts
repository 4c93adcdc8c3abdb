/**
 * zod schemas for scenario files and C2 design files. Durations are minutes; authors may write
 * numbers (minutes) or strings such as "45m", "3h", "2h30m", "2d". Cross-references (rung ids, decision
 * ids, organisation ids) are checked by `validate.ts` once both files are parsed. The schemas are
 * defined by part: primitives (`primitives.ts`), decisions (`decisionSchema.ts`), organisations
 * and links (`organisationSchema.ts`), scenarios (`scenarioSchema.ts`), designs (`designSchema.ts`).
 */
import type { z } from 'zod';
import type { Situation } from './primitives.js';
import type { ConditionSchema, DecisionSchema, StepSchema } from './decisionSchema.js';
import type { OrganisationSchema } from './organisationSchema.js';
import type { RungSchema, ScenarioSchema } from './scenarioSchema.js';
import type { ConsultationRuleSchema, DesignSchema } from './designSchema.js';

export {
  ACTIVATION_REQUESTED,
  Duration,
  LEGAL_STATES,
  NATIONS,
  POWERS,
  RESERVED_NAMES,
  RangeSchema,
  SITUATIONS,
  Nation,
  Power,
  Side,
} from './primitives.js';
export { RUN_LIMITS, ScenarioSchema } from './scenarioSchema.js';
export { DesignSchema } from './designSchema.js';

export type Condition = z.output<typeof ConditionSchema>;
export type Step = z.output<typeof StepSchema>;
export type Decision = z.output<typeof DecisionSchema>;
export type Organisation = z.output<typeof OrganisationSchema>;
export type Rung = z.output<typeof RungSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type Design = z.output<typeof DesignSchema>;
export type ConsultationRule = z.output<typeof ConsultationRuleSchema>;
export type SituationLevel = z.output<typeof Situation>;
