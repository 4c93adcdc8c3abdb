/**
 * Vega-Lite specifications rendered to static SVG in Node: compiled to Vega and drawn by a
 * headless Vega view (no canvas, no browser, no network). The same specification gives the same
 * bytes every time.
 */
import type { TopLevelSpec } from 'vega-lite';
import { escape } from './html.js';

type Renderer = readonly [typeof import('vega'), typeof import('vega-lite')];
let renderer: Promise<Renderer> | null = null;

/**
 * Starts loading Vega and Vega-Lite (about 0.2 s of module loading) unless already started. They
 * are loaded on first use, so commands that draw no chart never load them; a command that will
 * draw once its workers are done starts the loading while it waits.
 */
export function loadRenderer(): Promise<Renderer> {
  renderer ??= Promise.all([import('vega'), import('vega-lite')]);
  return renderer;
}

/** The SVG of a Vega-Lite specification. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ logger, None, parse, View }, { compile }] = await loadRenderer();
  // Vega-Lite's warnings (about scale resolution in facets) are not the user's to act on
  const view = new View(parse(compile(spec, { logger: logger(None) }).spec), {
    renderer: 'none',
    logLevel: None,
  });
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

/**
 * Figures drawn once per name and specification: a report can start drawing the charts it has the
 * data for while the rest is computed, and take them when it is written.
 */
export class Figures {
  private readonly drawn = new Map<
    string,
    { readonly spec: string; readonly html: Promise<string> }
  >();

  /** The figure (see {@link figure}), drawn now unless already drawn from the same specification. */
  draw(name: string, spec: TopLevelSpec): Promise<string> {
    const key = JSON.stringify(spec);
    const found = this.drawn.get(name);
    if (found?.spec === key) return found.html;
    const html = figure(name, spec);
    // a figure drawn early may be awaited only later: its failure is reported then
    html.catch(() => undefined);
    this.drawn.set(name, { spec: key, html });
    return html;
  }
}
