/**
 * The review as one self-contained HTML document a facilitator briefs from (no script, no
 * network): who decided each key decision, latencies against the batch with a chart each, the
 * outcome, the answers against the policy, the control cell's interventions, and the merged
 * timeline of what happened against what each side believed. Wide enough that its tables do not
 * wrap at 1280 px; printed, it drops forms, starts each section on a page, and shows link targets.
 */
import { formatDuration } from '../report/timeline.js';
import { gameAgainstBatchChart } from '../report/runCharts.js';
import { figure } from '../report/svg.js';
import { escape } from '../report/html.js';
import type { Review } from './reviewData.js';
import { answerWords, realSeconds, seatName, simTime } from './reviewNames.js';
import { TIMELINE_COLUMNS } from './reviewTimeline.js';

const STYLE = `body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:110rem;color:#111;background:#fff}
table{border-collapse:collapse;margin-bottom:1rem;width:100%}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.t,td.n{white-space:nowrap}.against{background:#fde}
.charts{display:flex;flex-wrap:wrap;gap:1rem}.charts figure{margin:0}
.timeline td{width:22%}.timeline td.t{width:7rem}
@media print{
form,button,input,select,textarea,nav{display:none}
body{margin:0;max-width:none;color:#000;background:#fff;font-size:10pt}
h2{break-before:page}h1+p+h2{break-before:auto}
th{background:#fff}.against{background:#fff;font-weight:bold}
tr{break-inside:avoid}
a[href]::after{content:" (" attr(href) ")"}
}`;

/** Minutes as a short duration, or a dash. */
const duration = (m: number | undefined) => (m === undefined ? '—' : formatDuration(m));
const when = (m: number | undefined) => (m === undefined ? '—' : simTime(m));
const pct = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(0)}%`;

/** Real time between two wall-clock stamps, as 4m05s; a dash when either is missing. */
function realTime(from: string | undefined, to: string): string {
  const s = realSeconds(from, to);
  return s === undefined ? '—' : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

const row = (cells: readonly string[], attrs = '') => `<tr${attrs}>${cells.join('')}</tr>`;
const td = (text: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${escape(text)}</td>`;
const th = (headings: readonly string[]) =>
  `<tr>${headings.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>`;

function keyDecisionsSection(r: Review): string {
  const rows = r.keyDecisions.map((k) =>
    row([
      td(k.label),
      td(k.decidedBy ?? 'never asked'),
      td(k.answer === undefined ? '—' : answerWords(k.answer)),
      td(when(k.answeredAt), 't'),
      td(k.inForceAt === undefined ? 'never' : simTime(k.inForceAt), 't'),
      // who gave each answer only where it is not who decided
      td(
        k.history
          .map(
            (h) =>
              `${simTime(h.t)} ${answerWords(h.answer)}${h.by === k.decidedBy ? '' : ` by ${h.by}`}`,
          )
          .join('; '),
      ),
    ]),
  );
  return `<h2>Who decided each key decision</h2>
<p>“Engine's policy” means the engine answered with the scenario's policy, as in the batch runs: no seat owned the point, or the control cell had handed the seat over. “Control cell (for …)” means the control cell answered a seat's point in its place.</p>
<table>${th(['decision', 'decided by', 'answer', 'answered', 'in force from', 'every answer to it'])}
${rows.join('\n')}</table>`;
}

async function latencySection(r: Review): Promise<string> {
  const charts: string[] = [];
  for (const d of r.decisions)
    if (d.steps.length > 0)
      charts.push(await figure(`latency-${d.id}`, gameAgainstBatchChart(d.label, d.steps, d.game)));
  const rows = r.decisions.map(
    (d) =>
      `<tr><td>${escape(d.label)}</td><td class="n">${duration(d.game)}</td><td class="n">${duration(d.p10)} / ${duration(d.p50)} / ${duration(d.p90)}</td><td class="n">${d.batchDecided}/${r.batchRuns}</td><td class="n">${pct(d.percentile)}</td></tr>`,
  );
  return `<h2>Decision latency, from the event to the order</h2>
<table>${th(['decision', 'this game', 'batch p10 / p50 / p90', 'batch runs that decided it', "game's percentile (share of batch runs as fast or faster)"])}
${rows.join('\n')}</table>
<div class="charts">${charts.join('\n')}</div>`;
}

function outcomeSection(r: Review): string {
  const o = r.outcome;
  return `<h2>Outcome</h2>
<p>This game: the crisis reached “${escape(o.highestRung)}” at its highest; ${o.game.faitAccompli ? 'a fait accompli' : 'no fait accompli'}. Batch: fait accompli ${pct(o.faitAccompli.rate)} [${pct(o.faitAccompli.lower)}–${pct(o.faitAccompli.upper)}]; objective reached ${pct(o.reachedObjective.rate)} [${pct(o.reachedObjective.lower)}–${pct(o.reachedObjective.upper)}].</p>`;
}

function answersSection(r: Review): string {
  const rows = r.answers.map((a) =>
    row(
      [
        td(simTime(a.time), 't'),
        td(a.by),
        td(a.label),
        td(answerWords(a.answer)),
        td(a.askedAt === undefined ? '—' : duration(a.time - a.askedAt), 'n'),
        td(realTime(a.shownWall, a.wall)),
        td(a.policyApprove === undefined ? '—' : pct(a.policyApprove), 'n'),
        td(a.againstPolicy ? 'against the policy' : ''),
        td(a.rationale ?? ''),
      ],
      a.againstPolicy ? ' class="against"' : '',
    ),
  );
  return `<h2>Answers (highlighted where the players went against the policy's likelier answer)</h2>
<table>${th(['time', 'decided by', 'decision', 'answer', 'waited (simulated)', 'took (real time)', "policy's approval probability", '', 'rationale'])}
${rows.join('\n')}</table>`;
}

function interventionsSection(r: Review): string {
  return `<h2>The control cell's interventions</h2>
${r.interventions.length === 0 ? "<p>None: the run differs from the batch only by the players' answers.</p>" : `<p>The batch runs have none of these, so latencies after them compare a changed crisis with the model's.</p><ul>${r.interventions.map((i) => `<li>${simTime(i.t)}: ${escape(i.text)}</li>`).join('')}</ul>`}`;
}

function timelineSection(r: Review): string {
  const rows = r.timeline.map((line) =>
    row([
      td(simTime(line.t), 't'),
      ...TIMELINE_COLUMNS.map(({ column }) =>
        column === line.column
          ? `<td><b>${escape(line.who)}</b>: ${escape(line.text)}</td>`
          : '<td></td>',
      ),
    ]),
  );
  return `<h2>Timeline: what happened, and what each side believed when</h2>
<table class="timeline">${th(['time', ...TIMELINE_COLUMNS.map((c) => c.heading)])}
${rows.join('\n')}</table>`;
}

function messagesSection(r: Review): string {
  const delivered = (m: Review['messages'][number]) =>
    m.status === 'in transit'
      ? `in transit until ${simTime(m.deliverAt)}`
      : m.status === 'not delivered'
        ? 'not delivered before the end'
        : simTime(m.deliverAt);
  const rows = r.messages.map((m) =>
    row([
      td(simTime(m.sentAt), 't'),
      td(m.fromLabel),
      td(m.toLabel),
      td(m.channelLabel),
      td(delivered(m)),
      td(m.text),
    ]),
  );
  return `<h2>Messages</h2>${
    rows.length === 0
      ? '<p>None.</p>'
      : `<table>${th(['sent', 'from', 'to', 'over', 'delivered', 'text'])}\n${rows.join('\n')}</table>`
  }`;
}

function notesSection(r: Review): string {
  return `<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${simTime(n.time)} ${escape(seatName(n.seat))}: ${escape(n.text)}</li>`).join('')}</ul>`;
}

/** The review as one self-contained HTML document, with a chart per decision the batch reached. */
export async function reviewHtml(r: Review): Promise<string> {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>After-action review: ${escape(r.id)}</title>
<style>${STYLE}</style>
</head><body>
<h1>After-action review: ${escape(r.id)}</h1>
<p>${escape(r.scenario)}, under ${escape(r.designLabel)}; seed ${r.seed}; game time ${simTime(r.time)}${r.finished ? ' (ended)' : ' (in progress)'}. Set against ${r.batchRuns} runs of the same scenario and design in which the engine's policy made every decision. The answers and the timeline are also in answers.csv and timeline.csv beside this file.</p>
${keyDecisionsSection(r)}
${await latencySection(r)}
${outcomeSection(r)}
${answersSection(r)}
${interventionsSection(r)}
${messagesSection(r)}
${timelineSection(r)}
${notesSection(r)}
</body></html>
`;
}
