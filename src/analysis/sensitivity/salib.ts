/**
 * Export for SALib and the EMA Workbench: the problem definition as SALib's dict (JSON), and the
 * sample and outputs as the text `numpy.savetxt` writes with its defaults (`fmt='%.18e'`,
 * `delimiter=' '`, `newline='\n'`), which `numpy.loadtxt` reads back bit for bit. Pure: strings
 * in memory, no file I/O.
 */
import type { Matrix } from './matrix.js';
import { toParameterMatrix, validateParameters, type Parameter } from './parameters.js';

/** SALib's problem dict. `dists` is present only when some parameter is log-scale. */
export interface SalibProblem {
  readonly num_vars: number;
  readonly names: readonly string[];
  readonly bounds: ReadonlyArray<readonly [number, number]>;
  /** Per parameter: `'unif'` (linear) or `'logunif'` (log): SALib's names for the same distributions. */
  readonly dists?: ReadonlyArray<'unif' | 'logunif'>;
}

/**
 * The SALib problem for these parameters: `{ num_vars, names, bounds: [[low, high], …] }`, plus
 * `dists` (`'unif'` / `'logunif'`, log-uniform on [low, high] as in SALib's `scale_samples`) when
 * any parameter is log-scale, so that SALib resampling the problem draws from the same
 * distributions. A discrete parameter (`levels`) keeps its bounds and takes only its levels in the
 * sample; SALib has no discrete distribution, so resampling the problem in SALib would draw it
 * continuously.
 * @throws RangeError on invalid parameters.
 */
export function salibProblem(parameters: readonly Parameter[]): SalibProblem {
  validateParameters(parameters);
  const problem: SalibProblem = {
    num_vars: parameters.length,
    names: parameters.map((p) => p.name),
    bounds: parameters.map((p): readonly [number, number] => [p.low, p.high]),
  };
  if (!parameters.some((p) => p.scale === 'log')) return problem;
  return { ...problem, dists: parameters.map((p) => (p.scale === 'log' ? 'logunif' : 'unif')) };
}

/** {@link salibProblem} as JSON text (two-space indent, trailing newline), e.g. for `problem.json`. */
export function salibProblemJson(parameters: readonly Parameter[]): string {
  return `${JSON.stringify(salibProblem(parameters), null, 2)}\n`;
}

const SIGNIFICANT = 19; // '%.18e': one digit before the point, 18 after

/** The exact decimal digits of a finite non-zero |x| and the power of ten of its last digit. */
function exactDecimal(x: number): { digits: string; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const power = (biased === 0 ? 1 : biased) - 1075;
  if (power >= 0) return { digits: (mantissa << BigInt(power)).toString(), exponent: 0 };
  // m / 2^p = m 5^p / 10^p
  return { digits: (mantissa * 5n ** BigInt(-power)).toString(), exponent: power };
}

/** '%.18e' by exact decimal expansion, rounding half to even as Python does. */
function formatExact(x: number): string {
  const { digits: all, exponent } = exactDecimal(x);
  const digits = all.replace(/0+$/, '');
  let exp10 = exponent + (all.length - digits.length) + digits.length - 1;
  let kept = digits.slice(0, SIGNIFICANT).padEnd(SIGNIFICANT, '0');
  const rest = digits.slice(SIGNIFICANT);
  if (rest !== '') {
    const half =
      rest[0]! > '5' ||
      (rest[0] === '5' && (rest.length > 1 || Number(kept[SIGNIFICANT - 1]) % 2 === 1));
    if (half) {
      const up = (BigInt(kept) + 1n).toString();
      if (up.length > SIGNIFICANT) exp10 += 1;
      kept = up.slice(0, SIGNIFICANT);
    }
  }
  const sign = x < 0 ? '-' : '';
  const e = Math.abs(exp10).toString().padStart(2, '0');
  return `${sign}${kept[0]}.${kept.slice(1)}e${exp10 < 0 ? '-' : '+'}${e}`;
}

/**
 * One number as numpy's default `savetxt` format `'%.18e'` writes it (Python's correctly
 * rounded formatting): `1` → `1.000000000000000000e+00`, `-0` → `-0.000000000000000000e+00`,
 * NaN → `nan`, ±Infinity → `inf` / `-inf`.
 */
export function formatNumpy(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.000000000000000000e+00' : '0.000000000000000000e+00';
  // toExponential is correctly rounded too, but rounds exact ties up where Python rounds them to
  // even; a tie at the 19th digit shows as a 5 in the 20th, so only those take the exact path.
  const wide = x.toExponential(SIGNIFICANT);
  if (wide[wide.indexOf('e') - 1] === '5') return formatExact(x);
  const s = x.toExponential(SIGNIFICANT - 1);
  const e = s.indexOf('e');
  const exp = s.slice(e + 2);
  return `${s.slice(0, e + 1)}${s[e + 1]}${exp.length < 2 ? `0${exp}` : exp}`;
}

/** One row as `savetxt` writes it: formatted values joined by single spaces, then `\n`. */
function numpyRow(values: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let j = 0; j < values.length; j++) parts.push(formatNumpy(values[j]!));
  return `${parts.join(' ')}\n`;
}

/** A matrix as `numpy.savetxt(f, m)` writes it. */
export function numpyMatrixText(m: Matrix): string {
  let out = '';
  for (let i = 0; i < m.rows; i++)
    out += numpyRow(m.data.subarray(i * m.columns, (i + 1) * m.columns));
  return out;
}

/**
 * The sample as SALib's `X`: a unit-hypercube sample (`MorrisSample.unit` or
 * `SaltelliSample.unit`) mapped to parameter values, one row per model run in the sample's row
 * order, as `numpy.savetxt` text (load with `numpy.loadtxt`).
 * @throws RangeError on invalid parameters or a matrix that does not fit them.
 */
export function salibSampleText(parameters: readonly Parameter[], unit: Matrix): string {
  return numpyMatrixText(toParameterMatrix(parameters, unit));
}

/** The outputs as SALib's `Y`: one value per line, as `numpy.savetxt` writes a 1-D array. */
export function salibOutputsText(outputs: readonly number[]): string {
  let out = '';
  for (const y of outputs) out += `${formatNumpy(y)}\n`;
  return out;
}
