/**
 * Colour science for the palette test, computed from the published definitions: sRGB to linear
 * RGB, colour-vision deficiency simulated with Machado, Oliveira & Fernandes (2009) matrices at
 * severity 1.0 (applied in linear RGB, clipped to the gamut), CIE XYZ (D65) to CIELAB, and the
 * CIEDE2000 colour difference (Sharma, Wu & Dalal 2005).
 */

/** A CIELAB colour: L*, a*, b*. */
export type Lab = readonly [number, number, number];
type Matrix = readonly [
  readonly [number, number, number],
  readonly [number, number, number],
  readonly [number, number, number],
];

/** Machado et al. (2009), severity 1.0. */
export const MACHADO: Record<'deuteranopia' | 'protanopia' | 'tritanopia', Matrix> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const IDENTITY: Matrix = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const times = (m: Matrix, v: readonly number[]) =>
  m.map((row) => row[0] * v[0]! + row[1] * v[1]! + row[2] * v[2]!);

/** `#rrggbb` in CIELAB (D65), as seen with `deficiency` (normal vision without one). */
export function hexToLab(hex: string, deficiency?: keyof typeof MACHADO): Lab {
  const srgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const linear = times(deficiency ? MACHADO[deficiency] : IDENTITY, srgb.map(toLinear)).map((c) =>
    Math.min(1, Math.max(0, c)),
  );
  // sRGB (D65) to XYZ, IEC 61966-2-1
  const [x, y, z] = times(
    [
      [0.4124564, 0.3575761, 0.1804375],
      [0.2126729, 0.7151522, 0.072175],
      [0.0193339, 0.119192, 0.9503041],
    ],
    linear,
  );
  const white = [0.95047, 1, 1.08883];
  const f = (t: number) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
  const [fx, fy, fz] = [x! / white[0]!, y! / white[1]!, z! / white[2]!].map(f);
  return [116 * fy! - 16, 500 * (fx! - fy!), 200 * (fy! - fz!)];
}

const deg = (r: number) => (r * 180) / Math.PI;
const rad = (d: number) => (d * Math.PI) / 180;

/** The CIEDE2000 difference of two CIELAB colours, kL = kC = kH = 1 (Sharma, Wu & Dalal 2005). */
export function ciede2000([L1, a1, b1]: Lab, [L2, a2, b2]: Lab): number {
  const C1 = Math.hypot(a1, b1);
  const C2 = Math.hypot(a2, b2);
  const Cbar = (C1 + C2) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cbar ** 7 / (Cbar ** 7 + 25 ** 7)));
  const a1p = (1 + G) * a1;
  const a2p = (1 + G) * a2;
  const C1p = Math.hypot(a1p, b1);
  const C2p = Math.hypot(a2p, b2);
  const hue = (b: number, a: number) =>
    b === 0 && a === 0 ? 0 : (deg(Math.atan2(b, a)) + 360) % 360;
  const h1p = hue(b1, a1p);
  const h2p = hue(b2, a2p);
  const dLp = L2 - L1;
  const dCp = C2p - C1p;
  let dhp = 0;
  if (C1p * C2p !== 0) {
    dhp = h2p - h1p;
    if (dhp > 180) dhp -= 360;
    else if (dhp < -180) dhp += 360;
  }
  const dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin(rad(dhp / 2));
  const Lbarp = (L1 + L2) / 2;
  const Cbarp = (C1p + C2p) / 2;
  let hbarp = h1p + h2p;
  if (C1p * C2p !== 0) {
    if (Math.abs(h1p - h2p) <= 180) hbarp = (h1p + h2p) / 2;
    else hbarp = h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2;
  }
  const T =
    1 -
    0.17 * Math.cos(rad(hbarp - 30)) +
    0.24 * Math.cos(rad(2 * hbarp)) +
    0.32 * Math.cos(rad(3 * hbarp + 6)) -
    0.2 * Math.cos(rad(4 * hbarp - 63));
  const dTheta = 30 * Math.exp(-(((hbarp - 275) / 25) ** 2));
  const RC = 2 * Math.sqrt(Cbarp ** 7 / (Cbarp ** 7 + 25 ** 7));
  const SL = 1 + (0.015 * (Lbarp - 50) ** 2) / Math.sqrt(20 + (Lbarp - 50) ** 2);
  const SC = 1 + 0.045 * Cbarp;
  const SH = 1 + 0.015 * Cbarp * T;
  const RT = -Math.sin(rad(2 * dTheta)) * RC;
  return Math.sqrt(
    (dLp / SL) ** 2 + (dCp / SC) ** 2 + (dHp / SH) ** 2 + RT * (dCp / SC) * (dHp / SH),
  );
}

/** The smallest CIEDE2000 difference between any two colours, with the pair. */
export function minimumDifference(
  colours: readonly string[],
  deficiency?: keyof typeof MACHADO,
): { readonly deltaE: number; readonly pair: readonly [string, string] } {
  let best = { deltaE: Infinity, pair: ['', ''] as readonly [string, string] };
  for (let i = 0; i < colours.length; i++)
    for (let j = i + 1; j < colours.length; j++) {
      const d = ciede2000(hexToLab(colours[i]!, deficiency), hexToLab(colours[j]!, deficiency));
      if (d < best.deltaE) best = { deltaE: d, pair: [colours[i]!, colours[j]!] };
    }
  return best;
}
