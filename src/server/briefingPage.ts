/**
 * A seat's read-in page (`/briefing?token=…`): the scenario's title and situation, and for the
 * seat's side (the control cell: every side) its objectives, what it knows at the start, its
 * organisations and the decisions the seat answers, by name. A plain page: no script.
 */
import type { BriefingView, SideBriefing } from '../live/briefing.js';
import { escape } from '../report/html.js';

const list = (items: readonly string[], empty: string) =>
  items.length
    ? `<ul>${items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>`
    : `<p>${empty}</p>`;

function sidePart(side: SideBriefing): string {
  return `<section data-side="${escape(side.side)}"><h2>${escape(side.name)}</h2>
<h3>Objectives</h3>${list(side.objectives, 'The scenario states none.')}
<h3>What you know</h3><p>${side.knows ? escape(side.knows) : 'The scenario states nothing more than its situation.'}</p>
<h3>What you know now</h3>${list(side.now, '')}
<h3>Your organisations</h3>${list(side.organisations, 'None of your own.')}
<h3>Decisions that are yours</h3>${list(side.decisions, 'None: the engine or another seat answers them.')}
</section>`;
}

/** The read-in page of a seat. */
export function briefingPage(view: BriefingView, token: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Read-in: ${escape(view.seatName)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/game.css">
</head><body>
<h1>Read-in for ${escape(view.seatName)}</h1>
<p><a href="/?token=${encodeURIComponent(token)}">Back to your board</a></p>
<h2>${escape(view.title)}</h2>
${view.description ? `<p data-testid="situation">${escape(view.description)}</p>` : ''}
${view.sides.map(sidePart).join('\n')}
</body></html>`;
}
