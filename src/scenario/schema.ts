/**
 * zod schemas for scenario files and C2 design files. Durations are minutes; authors may write
 * numbers (minutes) or strings such as "45m", "3h", "2h30m", "2d". Cross-references (rung ids, decision
 * ids, organisation ids) are checked by `validate.ts` once both files are parsed. The schemas are
 * defined by part: primitives (`primitives.ts`), decisions (`decisionSchema.ts`), organisations
 * and links (`organisationSchema.ts`), scenarios (`scenarioSchema.ts`), designs (`designSchema.ts`).
 */
import type { z } from 'zod';
import type { DistributionSchema, Situation } from './primitives.js';
import type { ConditionSchema, DecisionSchema, StepSchema } from './decisionSchema.js';
import type { LinkSchema, OrganisationSchema } from './organisationSchema.js';
import type { LimitsSchema, RungSchema, ScenarioSchema } from './scenarioSchema.js';
import type { ConsultationRuleSchema, DesignSchema } from './designSchema.js';

export {
  ACTIVATION_REQUESTED,
  CATEGORIES,
  DistributionSchema,
  Duration,
  LEGAL_STATES,
  NATIONS,
  POWERS,
  RESERVED_NAMES,
  RangeSchema,
  SIDES,
  SITUATIONS,
  Nation,
  Power,
  Side,
  Situation,
  canExceedZero,
} from './primitives.js';
export {
  ApprovalPolicySchema,
  ConditionSchema,
  DecisionSchema,
  EffectsSchema,
  StepSchema,
} from './decisionSchema.js';
export { LinkSchema, OrganisationSchema } from './organisationSchema.js';
export {
  AdversaryRungSchema,
  IntervalEndSchema,
  LimitsSchema,
  ObservedSchema,
  RUN_LIMITS,
  RungSchema,
  ScenarioSchema,
} from './scenarioSchema.js';
export { ConsultationRuleSchema, DesignSchema } from './designSchema.js';

export type DurationDistribution = z.output<typeof DistributionSchema>;
export type Condition = z.output<typeof ConditionSchema>;
export type Step = z.output<typeof StepSchema>;
export type Decision = z.output<typeof DecisionSchema>;
export type Organisation = z.output<typeof OrganisationSchema>;
export type Link = z.output<typeof LinkSchema>;
export type Rung = z.output<typeof RungSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type Limits = z.output<typeof LimitsSchema>;
export type Design = z.output<typeof DesignSchema>;
export type ConsultationRule = z.output<typeof ConsultationRuleSchema>;
export type SituationLevel = z.output<typeof Situation>;
