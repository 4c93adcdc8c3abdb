/**
 * What every chart of the reports shares: the Vega-Lite frame (schema, background, fonts), the
 * width, hours as a chart shows them, and the colour of each design. Chart builders are pure: data
 * in, specification out; rendering is `svg.ts`.
 */
import { designStyles } from './palette.js';

/** Hours with the precision a chart can show (a second is 0.0003 h). */
export const hours = (minutes: number) => Math.round((minutes / 60) * 1000) / 1000;

/** The width of a chart's plot, pixels. */
export const WIDTH = 560;
/**
 * The frame of every chart: schema, background and fonts, no text under 11 px as drawn (the
 * report shows charts at their own size), sub-titles at 12 px.
 */
export const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  config: {
    font: 'sans-serif',
    view: { stroke: '#ddd' },
    axis: { labelLimit: 320, labelFontSize: 11, titleFontSize: 12 },
    legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 300 },
    header: { labelFontSize: 12, titleFontSize: 12 },
    title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#444', anchor: 'start' },
    text: { fontSize: 11 },
  },
} as const;

/** The designs in the order the report lists them: the colour domain, so every chart colours a design alike. */
export const colour = (designs: readonly string[]) => ({
  field: 'design',
  type: 'nominal' as const,
  scale: { domain: [...designs], range: designStyles(designs).colours },
  title: 'design',
});
