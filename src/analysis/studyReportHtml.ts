/**
 * `report.html` of a robustness study: the Markdown report's text and tables, with a tornado chart
 * of the most influential assumptions under each output's heading. Self-contained, rendered at
 * write time: the same study gives the same bytes.
 */
import { overriddenTitle } from '../report/provenance.js';
import type { TopLevelSpec } from 'vega-lite';
import { base, WIDTH } from '../report/chartSpec.js';
import { htmlPage, markdownToHtml } from '../report/html.js';
import { figure } from '../report/svg.js';
import type { Study } from './robustness.js';
import { sensitivityMarkdown, TORNADO_ROWS } from './studyReport.js';

/** One assumption's influence on an output: a statistic with its 95% interval. */
interface InfluenceRow {
  readonly assumption: string;
  readonly statistic: string;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  /** What seeds alone give the statistic (see `studyNoise.ts`); the first-order index has none. */
  readonly floor?: number;
}

/**
 * A tornado of the most influential assumptions on one output: each statistic (μ*, or S1 and ST)
 * with its interval, largest first.
 */
function influenceChart(title: string, unit: string, rows: readonly InfluenceRow[]): TopLevelSpec {
  const order = [...new Set(rows.map((r) => r.assumption))];
  const y = { field: 'assumption', type: 'nominal' as const, title: null, sort: order };
  return {
    ...base,
    title: {
      text: title,
      subtitle:
        'the most influential assumptions, with 95% bootstrap intervals; black tick: what seeds alone give the index',
    },
    width: WIDTH,
    data: { values: rows.map((r) => ({ ...r })) },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.7 },
        encoding: {
          y,
          yOffset: { field: 'statistic', type: 'nominal' },
          x: { field: 'value', type: 'quantitative', title: unit },
          color: { field: 'statistic', type: 'nominal', title: null },
        },
      },
      {
        mark: { type: 'rule', color: '#222' },
        encoding: {
          y,
          yOffset: { field: 'statistic', type: 'nominal' },
          x: { field: 'lower', type: 'quantitative' },
          x2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'tick', color: '#000', thickness: 2 },
        encoding: {
          y,
          yOffset: { field: 'statistic', type: 'nominal' },
          x: { field: 'floor', type: 'quantitative' },
        },
      },
    ],
  };
}

/** A row's floor, scaled, where it is a number. */
const floorOf = (floor: number | undefined, scale: number) =>
  floor !== undefined && Number.isFinite(floor) ? { floor: floor * scale } : {};

/** The tornado rows of one output: Morris μ* (in hours, or rate points), or Sobol' S1 and ST. */
function influenceRows(study: Study, o: number): { unit: string; rows: InfluenceRow[] } {
  const r = study.results[o]!;
  const rate = r.name.includes(' rate (B − A)');
  const scale = rate ? 100 : 1 / 60;
  const unit =
    study.method.kind === 'morris' ? (rate ? 'μ*, percentage points' : 'μ*, hours') : 'Sobol index';
  const rows = r.influences.slice(0, TORNADO_ROWS).flatMap((i): InfluenceRow[] => {
    if (i.morris) {
      const m = i.morris;
      return [
        {
          assumption: i.id,
          statistic: 'μ*',
          value: m.muStar * scale,
          lower: (m.muStar - m.muStarConf) * scale,
          upper: (m.muStar + m.muStarConf) * scale,
          ...floorOf(i.floor, scale),
        },
      ];
    }
    const s = i.sobol!;
    return [
      {
        assumption: i.id,
        statistic: 'first order S1',
        value: s.s1,
        lower: s.s1 - s.s1Conf,
        upper: s.s1 + s.s1Conf,
      },
      {
        assumption: i.id,
        statistic: 'total order ST',
        value: s.st,
        lower: s.st - s.stConf,
        upper: s.st + s.stConf,
        ...floorOf(i.floor, 1),
      },
    ];
  });
  return { unit, rows };
}

/** The study as one HTML page. */
export async function sensitivityReportHtml(study: Study): Promise<string> {
  const lines = sensitivityMarkdown(study);
  // the Markdown's sections: its preamble, then one per output in the order of the results
  const sections: string[][] = [[]];
  for (const line of lines) {
    if (line.startsWith('## ')) sections.push([]);
    sections.at(-1)!.push(line);
  }
  const body = [markdownToHtml(sections[0]!)];
  for (const [o, section] of sections.slice(1).entries()) {
    body.push(markdownToHtml(section.slice(0, 1)));
    const result = study.results[o]!;
    if (!result.constant && result.influences.length > 0) {
      const { unit, rows } = influenceRows(study, o);
      body.push(await figure(`influence-${o + 1}`, influenceChart(result.name, unit, rows)));
    }
    body.push(markdownToHtml(section.slice(1)));
  }
  const title = `Robustness of ${study.designs[1]} against ${study.designs[0]}`;
  return htmlPage(overriddenTitle(title, study.provenance?.overrides ?? []), body);
}
