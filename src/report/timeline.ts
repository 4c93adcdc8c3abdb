/** A readable timeline of a run: T+hh:mm, who, what, which legal state changed. */
import type { TraceEntry } from '../engine/trace.js';
import type { DecisionMetric, Outcome } from '../engine/metrics.js';

/** Simulated minutes as T+hh:mm (hours grow past 24). */
export function formatTime(minutes: number): string {
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `T+${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
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

const LEGAL_REGIONS = new Set(['recognition', 'authority', 'engagement', 'unitSelfDefense', 'alliedDefense', 'activation', 'command']);

function describe(e: TraceEntry): string | undefined {
  switch (e.kind) {
    case 'state': {
      if (e.actor === 'adversary') return undefined;
      if (e.actor === 'ladder') return `ladder ${e.from} → ${e.to}`;
      const [region, to] = e.to.split('/') as [string, string];
      const from = e.from ? e.from.split('/')[1] : 'start';
      if (e.from === '' && (to === 'dormant' || !to.startsWith('inForce'))) return undefined;
      const legal = LEGAL_REGIONS.has(region) || to.startsWith('inForce') || from?.startsWith('inForce') ? ' [legal state]' : '';
      return `${region}: ${from} → ${to}${legal}`;
    }
    case 'decision':
      return `${e.event} answered: ${e.to}`;
    case 'consult':
      return `consultation on ${e.event} at ${e.actor}: ${e.to}`;
    case 'step':
      return `${e.actor} done with ${e.event}${e.cause ? ` (${e.cause})` : ''}`;
    case 'inject':
      return e.event === 'move' ? `control cell moves the adversary: rung ${e.from} → ${e.to}` : e.event === 'end' ? 'control cell ends the game' : `control cell changes ${e.actor}: ${e.to}`;
    default:
      return undefined;
  }
}

/** Timeline lines; staff steps only when asked. */
export function formatTimeline(trace: readonly TraceEntry[], options: { steps?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const e of trace) {
    if (e.kind === 'step' && !options.steps) continue;
    if (e.kind === 'decision' && e.actor === 'adversary' && e.to === 'hold') continue;
    const what = describe(e);
    if (what === undefined) continue;
    lines.push(`${formatTime(e.t).padEnd(9)} ${e.actor.padEnd(13)} ${what}`);
  }
  return lines;
}

/** What the latency columns of {@link formatDecisions} measure. */
export const LATENCY_LEGEND =
  'from event = decided − the event that made it necessary (its rung entered, a decision in force); from known = decided − when its capital learned of it';

/** A table of decision times and latencies, then {@link LATENCY_LEGEND}. */
export function formatDecisions(decisions: readonly DecisionMetric[]): string[] {
  const time = (t: number | undefined) => (t === undefined ? '—' : formatTime(t));
  const latency = (d: DecisionMetric, x: number | undefined) => (d.standing ? 'standing' : x === undefined ? '' : formatDuration(x));
  const rows = decisions.map((d) => [
    d.id,
    d.side,
    time(d.eventAt),
    time(d.triggeredAt),
    d.decidedAt === undefined ? (d.triggeredAt === undefined ? 'not triggered' : 'not decided') : formatTime(d.decidedAt),
    latency(d, d.latencyFromEvent),
    latency(d, d.latencyFromKnown),
  ]);
  const header = ['decision', 'side', 'event', 'known', 'decided', 'from event', 'from known'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), LATENCY_LEGEND];
}

/** One line on the outcome. */
export function formatOutcome(o: Outcome): string {
  const reached = o.objectiveReachedAt === undefined ? 'objective not reached' : `objective reached ${formatTime(o.objectiveReachedAt)}`;
  const response = o.responseInPlaceAt === undefined ? 'response never in place' : `response in place ${formatTime(o.responseInPlaceAt)}`;
  return `highest rung ${o.highestRung}, final rung ${o.finalRung}; ${reached}; ${response}; fait accompli: ${o.faitAccompli ? 'yes' : 'no'}`;
}
