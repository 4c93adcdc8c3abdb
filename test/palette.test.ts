/**
 * The designs' palette read by a colour-blind reader: CIEDE2000 checked on Sharma, Wu & Dalal
 * (2005)'s published test pairs, then the minimum pairwise difference of the palette with
 * deuteranopia and protanopia simulated (Machado et al. 2009, severity 1.0).
 */
import { describe, expect, it } from 'vitest';
import { ciede2000, hexToLab, minimumDifference, type Lab } from './colourVision.js';
import { DASHES, PALETTE, designStyles } from '../src/report/palette.js';

/** Sharma, Wu & Dalal (2005), Table 1: L1 a1 b1, L2 a2 b2, ΔE00. */
const SHARMA: ReadonlyArray<readonly [Lab, Lab, number]> = [
  [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
  [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615],
  [[50, 2.8361, -74.02], [50, 0, -82.7485], 3.4412],
  [[50, -1.3802, -84.2814], [50, 0, -82.7485], 1.0],
  [[50, 0, 0], [50, -1, 2], 2.3669],
  [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792],
  [[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195],
  [[50, -0.001, 2.49], [50, 0.0009, -2.49], 4.8045],
  [[50, -0.001, 2.49], [50, 0.0011, -2.49], 4.7461],
  [[50, 2.5, 0], [50, 0, -2.5], 4.3065],
  [[50, 2.5, 0], [73, 25, -18], 27.1492],
  [[50, 2.5, 0], [61, -5, 29], 22.8977],
  [[50, 2.5, 0], [56, -27, -3], 31.903],
  [[50, 2.5, 0], [58, 24, 15], 19.4535],
  [[50, 2.5, 0], [50, 3.1736, 0.5854], 1.0],
  [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  [[63.0109, -31.0961, -5.8663], [62.8187, -29.7946, -4.0864], 1.263],
  [[61.2901, 3.7196, -5.3901], [61.4292, 2.248, -4.962], 1.8731],
  [[35.0831, -44.1164, 3.7933], [35.0232, -40.0716, 1.5901], 1.8645],
  [[22.7233, 20.0904, -46.694], [23.0331, 14.973, -42.5619], 2.0373],
  [[36.4612, 47.858, 18.3852], [36.2715, 50.5065, 21.2231], 1.4146],
  [[90.8027, -2.0831, 1.441], [91.1528, -1.6435, 0.0447], 1.4441],
  [[90.9257, -0.5406, -0.9208], [88.6381, -0.8985, -0.7239], 1.5381],
  [[6.7747, -0.2908, -2.4247], [5.8714, -0.0985, -2.2286], 0.6377],
  [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
];

/** Vega's default categorical scheme (tableau10), which the charts used before the palette. */
const OLD = [
  '#4c78a8',
  '#f58518',
  '#e45756',
  '#72b7b2',
  '#54a24b',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
];

describe('CIEDE2000', () => {
  it("gives Sharma, Wu & Dalal's published differences, symmetric in its arguments", () => {
    for (const [a, b, expected] of SHARMA) {
      expect(ciede2000(a, b)).toBeCloseTo(expected, 4);
      expect(ciede2000(b, a)).toBeCloseTo(expected, 4);
    }
  });

  it('puts white at L* 100 and black at 0 (the Lab conversion)', () => {
    const white = hexToLab('#ffffff');
    expect(white[0]).toBeCloseTo(100, 3);
    expect(Math.abs(white[1]) + Math.abs(white[2])).toBeLessThan(0.01);
    expect(hexToLab('#000000')).toEqual([0, 0, 0]);
  });
});

describe('the palette under colour-vision deficiency', () => {
  it('keeps every pair of designs at least ΔE00 10 apart with deuteranopia and protanopia simulated', () => {
    // measured: 11.6 (deuteranopia, orange vs yellow), 12.2 (protanopia, blue vs reddish purple), 21.7 normal vision
    expect(minimumDifference(PALETTE, 'deuteranopia').deltaE).toBeGreaterThan(10);
    expect(minimumDifference(PALETTE, 'protanopia').deltaE).toBeGreaterThan(10);
    expect(minimumDifference(PALETTE).deltaE).toBeGreaterThan(20);
  });

  it('is what the old scheme was not: tableau10 has a pair below ΔE00 2 for a deuteranope', () => {
    // measured 1.25: #e45756 (red) against #54a24b (green), the 3rd and 5th designs
    const old = minimumDifference(OLD, 'deuteranopia');
    expect(old.deltaE).toBeLessThan(2);
    expect(old.pair).toEqual(['#e45756', '#54a24b']);
  });

  it('gives each of eight designs its own colour and dash, the baseline black and solid', () => {
    const designs = ['base', 'a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const { colours, dashes } = designStyles(designs);
    expect(new Set(colours).size).toBe(8);
    expect(new Set(dashes.map((d) => d.join(','))).size).toBe(8);
    expect([colours[0], dashes[0]]).toEqual(['#000000', []]);
    expect(DASHES.length).toBe(PALETTE.length);
  });
});
