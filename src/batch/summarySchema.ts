/**
 * The contract of a batch's `summary.json`: a zod schema of what it holds, every number described
 * with its unit (minutes of simulated time, a share from 0 to 1, or a count), exported as
 * `schemas/summary.schema.json`, and the `units` block the file carries itself. A number that is
 * not finite (an interval with no runs, a median not reached by the horizon) is written as null.
 */
import { z } from 'zod';

/** The version of summary.json's layout; raised when a field changes meaning or goes away. */
export const SUMMARY_SCHEMA_VERSION = 2;

/** Where the schema of summary.json is, in the rungs package. */
export const SUMMARY_SCHEMA = 'rungs/schemas/summary.schema.json';

/** The units of summary.json's numbers, by field (`[]`: every item of a list; `*`: every key). */
export const SUMMARY_UNITS = {
  minutes:
    'simulated minutes: horizonMinutes; latencies[].fromEvent, fromKnown (median, p90); latencies[].timeToDecision.median, restrictedMean; paired[] differences (meanDifference, meanLower, meanUpper, medianDifference, lower, upper; restrictedMean.estimate, lower, upper, standardError); timeAtObjectiveOrHigher',
  share:
    'a share from 0 to 1 (not percent): latencies[].timeToDecision.shareDecided; paired[].*.differingShare; faitAccompli and highestRung.* rate, lower, upper',
  count:
    'runs (or seeds, pairs, resamples): runs; latencies[] decided, notTriggered, closedUndecided, undecidedAtHorizon, undecided, reached, runs; timeToDecision.needed, decidedByHorizon; paired[] n, differing, restrictedMean.nA, nB, resamples, skipped; faitAccompli and highestRung.* count',
} as const;

const number = (unit: string) => z.number().nullable().describe(unit);
const minutes = number('minutes of simulated time (null: not finite or none)');
const share = number('share from 0 to 1 (null: no runs)');
const count = z.number().int().min(0).describe('count');

const interval = (n: z.ZodType) => z.strictObject({ estimate: n, lower: n, upper: n });
const quantiles = z.strictObject({ median: interval(minutes), p90: interval(minutes) });

const latency = z
  .object({
    decision: z.string(),
    runs: count,
    reached: count.describe('runs in which it came into force (latency measured)'),
    decided: count.describe('runs that put it in force'),
    notTriggered: count.describe('runs that never needed it (its event never happened)'),
    closedUndecided: count.describe(
      'runs that needed it but closed it before issue, never decided',
    ),
    undecidedAtHorizon: count.describe(
      'runs that needed it and still had it pending at the horizon',
    ),
    undecided: count.describe('notTriggered + undecidedAtHorizon (kept for older readers)'),
    fromEvent: quantiles,
    fromKnown: quantiles,
    timeToDecision: z.strictObject({
      needed: count,
      decidedByHorizon: count,
      shareDecided: interval(share),
      median: interval(minutes),
      restrictedMean: z.strictObject({ tau: minutes, estimate: minutes, standardError: minutes }),
    }),
  })
  .describe('decided + notTriggered + closedUndecided + undecidedAtHorizon = runs');

const pairedDifference = z.strictObject({
  n: count,
  meanDifference: minutes,
  meanLower: minutes,
  meanUpper: minutes,
  medianDifference: minutes,
  lower: minutes,
  upper: minutes,
  differing: count,
  differingShare: interval(share),
});

const paired = z.object({
  decision: z.string(),
  fromEvent: pairedDifference,
  fromKnown: pairedDifference,
  restrictedMean: z.strictObject({
    estimate: minutes,
    lower: minutes,
    upper: minutes,
    standardError: minutes,
    nA: count,
    nB: count,
    resamples: count,
    skipped: count,
  }),
});

const rate = z.strictObject({ count, rate: share, lower: share, upper: share });

const design = z.object({
  design: z.string(),
  runs: count,
  latencies: z.array(latency),
  paired: z.array(paired).nullable().describe('against the baseline; null for the baseline'),
  faitAccompli: rate,
  highestRung: z.record(z.string(), rate),
  timeAtObjectiveOrHigher: interval(minutes).describe('mean minutes per run, 95% interval'),
});

/** Every `--set`, `--with`, the posterior and the seeds the batch ran with. */
const provenance = z
  .object({
    overrides: z.array(
      z.object({
        set: z.string().describe('the option as given (ID=VALUE)'),
        id: z.string().describe('the register id or place it set'),
        values: z.array(z.string()),
        outsideRange: z
          .array(z.string())
          .optional()
          .describe('values outside the registered range, taken with --outside-range'),
      }),
    ),
    variants: z.array(z.string()).describe('design options each design also ran with (--with)'),
    posterior: z.object({ file: z.string(), sha256: z.string() }).optional(),
    seeds: z.string(),
  })
  .describe('what the batch ran with besides the files');

/** The bottom line of a sweep point: its sentences and the figures they state. */
const bottomLine = z
  .object({
    seeds: count,
    decisions: z.array(z.object({ decision: z.string() })),
    faitAccompli: z.object({}).nullable(),
    sentences: z.array(z.string()).describe('the bottom line in words, one sentence each'),
  })
  .describe('per key decision the fastest and slowest designs, and the fait-accompli comparison');

/** What summary.json holds (further fields may be added without a new version). */
const BatchSummarySchema = z
  .object({
    schema: z.literal(SUMMARY_SCHEMA),
    schemaVersion: z.literal(SUMMARY_SCHEMA_VERSION),
    units: z.strictObject({
      minutes: z.literal(SUMMARY_UNITS.minutes),
      share: z.literal(SUMMARY_UNITS.share),
      count: z.literal(SUMMARY_UNITS.count),
    }),
    scenario: z.object({ id: z.string(), title: z.string(), hash: z.string() }),
    baseline: z.string(),
    seeds: z.string().describe('the seed ranges, as given (1..200)'),
    runs: count,
    horizonMinutes: z.number().positive().describe('minutes of simulated time each run lasts'),
    posterior: z.strictObject({ file: z.string(), sha256: z.string() }).optional(),
    provenance: provenance.optional(),
    decisions: z.array(z.string()),
    rungs: z.array(z.string()),
    points: z.array(
      z.object({
        point: z.string(),
        scenarioHash: z.string(),
        designs: z.array(design),
        bottomLine: bottomLine.optional(),
      }),
    ),
  })
  .describe("A rungs batch's summary.json");

/** `schemas/summary.schema.json`: the JSON Schema of summary.json. */
export function summaryJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(BatchSummarySchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'rungs batch summary (summary.json)',
  };
}
