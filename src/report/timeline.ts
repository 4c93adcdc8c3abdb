/**
 * A readable timeline of a run: when (T+hh:mm, days once past 24 h), who, what — rungs with their
 * labels, legal states in words — and a last line saying why the run stopped.
 */
import type { TraceEntry } from '../engine/trace.js';
import type { DecisionMetric, Outcome } from '../engine/metrics.js';

const MINUTES_PER_DAY = 24 * 60;

/** Simulated minutes as T+hh:mm, or T+<days>d hh:mm from 24 hours on (T+5d13:57). */
export function formatTime(minutes: number): string {
  const total = Math.round(minutes);
  const days = Math.floor(total / MINUTES_PER_DAY);
  const h = Math.floor((total % MINUTES_PER_DAY) / 60);
  const m = total % 60;
  return `T+${days > 0 ? `${days}d` : ''}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Minutes as a short duration: 45m, 3h20m, 2d04h. */
export function formatDuration(minutes: number): string {
  const total = Math.round(minutes);
  if (total < 60) return `${total}m`;
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  return d > 0 ? `${d}d${String(h).padStart(2, '0')}h` : `${h}h${String(m).padStart(2, '0')}m`;
}

/** The regions of each side's legal posture, and their states, in words. */
const LEGAL_WORDS: Readonly<
  Record<string, { readonly name: string; readonly states: Readonly<Record<string, string>> }>
> = {
  recognition: {
    name: 'situation recognised',
    states: {
      normal: 'normal',
      grayZone: 'gray zone',
      anticipatedAttack: 'armed attack anticipated',
      armedAttack: 'armed attack',
    },
  },
  authority: {
    name: 'authority',
    states: {
      lawEnforcement: 'law enforcement',
      policing: 'police powers',
      defense: 'defence operation (use of force)',
    },
  },
  engagement: {
    name: 'response to hostile acts',
    states: {
      none: 'none',
      coastGuardResponse: 'coast guard response',
      policeWeaponsUse: 'weapons use under police powers',
      useOfForce: 'use of force',
    },
  },
  unitSelfDefense: { name: 'unit self-defence', states: { ready: 'ready', engaged: 'engaged' } },
  alliedDefense: {
    name: 'defence of allied units',
    states: {
      notAuthorised: 'not authorised',
      authorised: 'authorised',
      defendingAllies: 'defending allied units',
    },
  },
  activation: {
    name: 'alliance mechanism',
    states: { inactive: 'not activated', active: 'activated', standing: 'standing' },
  },
  command: { name: 'command', states: { national: 'national', integrated: 'integrated' } },
};

/** A decision's states in words; the sub-states of an order in force follow it in brackets. */
const DECISION_WORDS: Readonly<Record<string, string>> = {
  dormant: 'dormant',
  staffing: 'being staffed',
  standingBy: 'standing by',
  approving: 'being approved',
  issuing: 'being issued',
  blocked: 'blocked',
  inForce: 'in force',
  withdrawn: 'withdrawn',
  rejected: 'rejected',
  stoodDown: 'stood down',
  'diet.checking': 'Diet approval being checked',
  'diet.clockRunning': 'awaiting Diet approval',
  'diet.overdue': 'Diet approval overdue',
  'diet.approved': 'approved by the Diet',
  'operation.active': 'operation active',
  'operation.reviewing': 'operation under review',
};

/** camelCase as words, for a state no table names. */
const spaced = (id: string) =>
  id.replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`);

/** A decision's state (`inForce.diet.clockRunning,inForce.operation.active`) in words. */
function decisionState(state: string): string {
  const leaves = state.split(',');
  const main = leaves[0]!.split('.')[0]!;
  const inner = leaves.map((leaf) => leaf.split('.').slice(1).join('.')).filter(Boolean);
  const words = DECISION_WORDS[main] ?? spaced(main);
  return inner.length === 0
    ? words
    : `${words} (${inner.map((s) => DECISION_WORDS[s] ?? spaced(s)).join(', ')})`;
}

/** How a timeline shows a run beyond its trace. */
export interface TimelineOptions {
  /** Staff steps too. */
  readonly steps?: boolean;
  /** The ladder's rungs in order, to show each rung's label beside its id. */
  readonly rungs?: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  /** The run's horizon in minutes: the last line says the run stopped there. */
  readonly horizon?: number;
}

/** What a timeline needs of a model: its rungs and horizon. */
export function timelineOptionsOf(model: {
  readonly horizon: number;
  readonly scenario: {
    readonly ladder: {
      readonly rungs: ReadonlyArray<{ readonly id: string; readonly label: string }>;
    };
  };
}): TimelineOptions {
  return {
    rungs: model.scenario.ladder.rungs.map(({ id, label }) => ({ id, label })),
    horizon: model.horizon,
  };
}

function describe(e: TraceEntry, rung: (id: string) => string): string | undefined {
  switch (e.kind) {
    case 'state': {
      if (e.actor === 'adversary') return undefined;
      if (e.actor === 'ladder') return `ladder ${e.from} → ${rung(e.to)}`;
      const [region, to] = e.to.split('/') as [string, string];
      const from = e.from ? e.from.split('/')[1]! : '';
      if (e.from === '' && (to === 'dormant' || !to.startsWith('inForce'))) return undefined;
      const legal = LEGAL_WORDS[region];
      if (legal)
        return `${legal.name}: ${from ? (legal.states[from] ?? spaced(from)) : 'start'} → ${legal.states[to] ?? spaced(to)} [legal state]`;
      const changesForce = to.startsWith('inForce') || from.startsWith('inForce');
      return `${region}: ${from ? decisionState(from) : 'start'} → ${decisionState(to)}${changesForce ? ' [legal state]' : ''}`;
    }
    case 'decision':
      return `${e.event} answered: ${e.to}`;
    case 'consult':
      return `consultation on ${e.event} at ${e.actor}: ${e.to}`;
    case 'step':
      return `${e.actor} done with ${e.event}${e.cause ? ` (${e.cause})` : ''}`;
    case 'inject':
      return e.event === 'move'
        ? `control cell moves the adversary: rung ${e.from} → ${e.to}`
        : e.event === 'end'
          ? 'control cell ends the game'
          : `control cell changes ${e.actor}: ${e.to}`;
    default:
      return undefined;
  }
}

/** Why the run stopped, as the timeline's last line (without its time), and when. */
function ending(
  trace: readonly TraceEntry[],
  horizon: number | undefined,
): { t: number | undefined; what: string } {
  const last = trace.at(-1);
  if (last?.kind === 'inject' && last.event === 'end')
    return { t: last.t, what: 'the game ended: the control cell stopped it before the horizon' };
  if (horizon !== undefined)
    return {
      t: horizon,
      what: `the horizon (${formatDuration(horizon)}) is reached; the run stops`,
    };
  return { t: last?.t, what: 'the run stops at its horizon' };
}

/** Timeline lines, staff steps only when asked, and a last line saying why the run stopped. */
export function formatTimeline(
  trace: readonly TraceEntry[],
  options: TimelineOptions = {},
): string[] {
  const rungs = options.rungs ?? [];
  const rung = (id: string) => {
    const label = rungs.find((r) => r.id === id)?.label;
    return label === undefined ? id : `${id} (${label})`;
  };
  const rows: Array<[string, string, string]> = [];
  for (const e of trace) {
    if (e.kind === 'step' && !options.steps) continue;
    if (e.kind === 'decision' && e.actor === 'adversary' && e.to === 'hold') continue;
    // an inject names rungs by their number on the ladder
    const what =
      e.kind === 'inject' && e.event === 'move'
        ? describe({ ...e, from: rungAt(rungs, e.from), to: rung(rungAt(rungs, e.to)) }, rung)
        : describe(e, rung);
    if (what === undefined) continue;
    rows.push([formatTime(e.t), e.actor, what]);
  }
  const end = ending(trace, options.horizon);
  rows.push([end.t === undefined ? '' : formatTime(end.t), 'end', end.what]);
  const width = Math.max(8, ...rows.map((r) => r[0].length));
  return rows.map(([time, actor, what]) => `${time.padEnd(width)}  ${actor.padEnd(13)} ${what}`);
}

/** The id of the rung numbered `index` (from 0), or the number itself when the ladder is not known. */
function rungAt(rungs: ReadonlyArray<{ readonly id: string }>, index: string): string {
  return rungs[Number(index)]?.id ?? index;
}

/** What the latency columns of {@link formatDecisions} measure. */
const LATENCY_LEGEND =
  'from event = decided − the event that made it necessary (its rung entered, a decision in force); from known = decided − when its capital learned of it';

/** A table of decision times and latencies, then {@link LATENCY_LEGEND}. */
export function formatDecisions(decisions: readonly DecisionMetric[]): string[] {
  const time = (t: number | undefined) => (t === undefined ? '—' : formatTime(t));
  const latency = (d: DecisionMetric, x: number | undefined) =>
    d.standing ? 'standing' : x === undefined ? '' : formatDuration(x);
  const rows = decisions.map((d) => [
    d.id,
    d.side,
    time(d.eventAt),
    time(d.triggeredAt),
    d.decidedAt === undefined
      ? d.triggeredAt === undefined
        ? 'not triggered'
        : 'not decided'
      : formatTime(d.decidedAt),
    latency(d, d.latencyFromEvent),
    latency(d, d.latencyFromKnown),
  ]);
  const header = ['decision', 'side', 'event', 'known', 'decided', 'from event', 'from known'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), LATENCY_LEGEND];
}

/** One line on the outcome. */
export function formatOutcome(o: Outcome): string {
  const reached =
    o.objectiveReachedAt === undefined
      ? 'objective not reached'
      : `objective reached ${formatTime(o.objectiveReachedAt)}`;
  const response =
    o.responseInPlaceAt === undefined
      ? 'response never in place'
      : `response in place ${formatTime(o.responseInPlaceAt)}`;
  return `highest rung ${o.highestRung}, final rung ${o.finalRung}; ${reached}; ${response}; fait accompli: ${o.faitAccompli ? 'yes' : 'no'}`;
}

/**
 * A legal posture's region and state in words (`authority`, `defense` → "authority", "defence
 * operation (use of force)"); undefined for a region no table names.
 */
export function legalStateWords(
  region: string,
  state: string,
): { readonly region: string; readonly state: string } | undefined {
  const legal = LEGAL_WORDS[region];
  return legal && { region: legal.name, state: legal.states[state] ?? spaced(state) };
}
