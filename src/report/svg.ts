/**
 * Vega-Lite specifications rendered to static SVG in Node: compiled to Vega and drawn by a
 * headless Vega view (no canvas, no browser, no network). The same specification gives the same
 * bytes every time.
 */
import { logger, None, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escape } from './html.js';

/** The SVG of a Vega-Lite specification. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Vega-Lite's warnings (about scale resolution in facets) are not the user's to act on
  const view = new View(parse(compile(spec, { logger: logger(None) }).spec), { renderer: 'none', logLevel: None });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A chart as a figure of a report page, named for tests and readers (`data-chart`). */
export async function figure(name: string, spec: TopLevelSpec): Promise<string> {
  return `<figure class="chart" data-chart="${escape(name)}">${await renderSvg(spec)}</figure>`;
}
