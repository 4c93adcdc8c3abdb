/**
 * The colours and dash patterns that tell designs apart in every chart: the Okabe–Ito palette
 * (Okabe & Ito 2008, "Color Universal Design"), black for the baseline and the seven others in a
 * fixed order for the other designs in report order, each with its own dash pattern so that curves
 * are told apart without colour too (and labelled at their ends by the charts).
 *
 * Measured by test/palette.test.ts (Machado, Oliveira & Fernandes 2009 simulation at severity 1.0
 * in linear RGB, CIEDE2000 in CIELAB): the minimum pairwise ΔE00 of these eight colours is 21.7
 * with normal vision (orange vs yellow), 11.6 under deuteranopia (orange vs yellow) and 12.2 under
 * protanopia (blue vs reddish purple); the test asserts > 10. Vega's default scheme (tableau10)
 * that the charts used before falls to 1.25 under deuteranopia (its 3rd and 5th colours, #e45756
 * and #54a24b, the acm-flexing against cfc-integrated).
 */

/** Okabe–Ito black: the baseline design. */
const BASELINE_COLOUR = '#000000';

/** The other Okabe–Ito colours, in the order they go to the non-baseline designs. */
export const DESIGN_COLOURS: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#56B4E9', // sky blue
  '#CC79A7', // reddish purple
  '#F0E442', // yellow
];

/** Dash patterns (Vega `strokeDash`), solid for the baseline, then one per design. */
export const DASHES: ReadonlyArray<readonly number[]> = [
  [],
  [8, 3],
  [2, 2],
  [8, 3, 2, 3],
  [12, 4],
  [4, 4],
  [8, 3, 2, 3, 2, 3],
  [1, 3],
];

/** The whole palette in assignment order: the baseline's colour first. */
export const PALETTE: readonly string[] = [BASELINE_COLOUR, ...DESIGN_COLOURS];

/**
 * The colour and dash of each design, in report order (the baseline first): the i-th design takes
 * the i-th colour and dash, cycling past the eighth, so a design looks alike in every chart.
 */
export function designStyles(designs: readonly string[]): {
  readonly colours: string[];
  readonly dashes: number[][];
} {
  return {
    colours: designs.map((_, i) => PALETTE[i % PALETTE.length]!),
    dashes: designs.map((_, i) => [...DASHES[i % DASHES.length]!]),
  };
}
