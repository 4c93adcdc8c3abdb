/**
 * The parameters of a sensitivity analysis and the map between the unit hypercube [0, 1]^k,
 * where the samplers work, and parameter values. A linear parameter is uniform on [low, high]; a
 * log parameter is uniform in log space (log-uniform, SALib's `logunif`), so each decade of its
 * range gets the same share of the sample. A discrete parameter (a structural choice) takes each of
 * its levels with equal probability.
 */
import { createMatrix, type Matrix } from './matrix.js';

/** How a parameter's range is spread over the unit interval. */
export type ParameterScale = 'linear' | 'log';

/** One uncertain input: a name and a range [low, high], uniform in the given scale. */
export interface Parameter {
  readonly name: string;
  readonly low: number;
  readonly high: number;
  /** Default `'linear'`. `'log'` needs `low > 0`. */
  readonly scale?: ParameterScale;
  /**
   * A discrete input (a structural choice): this many values equally spaced from low to high, each
   * equally likely. Unit coordinate u gives level `min(levels − 1, floor(u · levels))`, and a level
   * maps back to the middle of its cell. An integer >= 2, on the linear scale.
   */
  readonly levels?: number;
}

/**
 * Checks a parameter list: at least one parameter; names non-empty and unique; `low` and `high`
 * finite with `low < high`; scale `'linear'` or `'log'`, and `low > 0` for `'log'`.
 * @throws RangeError naming the first offending parameter.
 */
export function validateParameters(parameters: readonly Parameter[]): void {
  if (parameters.length === 0) throw new RangeError('parameters: need at least one parameter');
  const seen = new Set<string>();
  parameters.forEach((p, i) => {
    if (typeof p.name !== 'string' || p.name === '')
      throw new RangeError(`parameters[${i}]: name must be a non-empty string`);
    const label = `parameter ${JSON.stringify(p.name)}`;
    if (seen.has(p.name)) throw new RangeError(`${label}: duplicate name`);
    seen.add(p.name);
    if (!Number.isFinite(p.low) || !Number.isFinite(p.high)) {
      throw new RangeError(
        `${label}: low and high must be finite numbers, got low ${p.low}, high ${p.high}`,
      );
    }
    if (!(p.low < p.high))
      throw new RangeError(`${label}: need low < high, got low ${p.low}, high ${p.high}`);
    const scale = p.scale ?? 'linear';
    if (scale !== 'linear' && scale !== 'log')
      throw new RangeError(`${label}: scale must be 'linear' or 'log', got ${String(scale)}`);
    if (scale === 'log' && !(p.low > 0))
      throw new RangeError(`${label}: a log-scale parameter needs low > 0, got low ${p.low}`);
    if (p.levels !== undefined && !(Number.isInteger(p.levels) && p.levels >= 2))
      throw new RangeError(`${label}: levels must be an integer >= 2, got ${p.levels}`);
    if (p.levels !== undefined && scale !== 'linear')
      throw new RangeError(`${label}: a discrete parameter (levels) is on the linear scale`);
  });
}

// Clamped: low + 1 * (high - low) can round to one ulp above high, and a value just outside its
// declared range could be refused by whatever validates the simulation's inputs.
function clamp(x: number, low: number, high: number): number {
  return x < low ? low : x > high ? high : x;
}

/** The value of a discrete parameter's level. */
function levelValue(p: Parameter, levels: number, level: number): number {
  if (level === 0) return p.low;
  if (level === levels - 1) return p.high;
  return p.low + (level * (p.high - p.low)) / (levels - 1);
}

/** Unit coordinate to value for one (already validated) parameter; SALib's `u * (high - low) + low` for linear. */
function unitToValue(p: Parameter, u: number): number {
  if (p.levels !== undefined)
    return levelValue(p, p.levels, Math.min(p.levels - 1, Math.floor(u * p.levels)));
  // The Morris grid includes both ends; exp(log(high)) need not round back to high.
  if (u === 0) return p.low;
  if (u === 1) return p.high;
  if (p.scale === 'log') {
    const lo = Math.log(p.low);
    return clamp(Math.exp(lo + u * (Math.log(p.high) - lo)), p.low, p.high);
  }
  return clamp(u * (p.high - p.low) + p.low, p.low, p.high);
}

function valueToUnit(p: Parameter, x: number): number {
  if (p.levels !== undefined) {
    const level = Math.round(((x - p.low) / (p.high - p.low)) * (p.levels - 1));
    return (level + 0.5) / p.levels;
  }
  if (x === p.low) return 0;
  if (x === p.high) return 1;
  if (p.scale === 'log') {
    const lo = Math.log(p.low);
    return clamp((Math.log(x) - lo) / (Math.log(p.high) - lo), 0, 1);
  }
  return clamp((x - p.low) / (p.high - p.low), 0, 1);
}

function checkLength(
  parameters: readonly Parameter[],
  point: ArrayLike<number>,
  name: string,
): void {
  if (point.length !== parameters.length) {
    throw new RangeError(
      `${name}: expected ${parameters.length} coordinates (one per parameter), got ${point.length}`,
    );
  }
}

/**
 * Maps a point of the unit hypercube to parameter values: coordinate j in [0, 1] goes to
 * `low + u (high - low)` (linear) or `low (high / low)^u` (log), clamped to [low, high]; 0 and 1
 * give low and high exactly. A discrete parameter goes to the value of level
 * `min(levels − 1, floor(u · levels))`.
 * @throws RangeError on invalid parameters, a point of the wrong length, or a coordinate outside [0, 1].
 */
export function fromUnit(parameters: readonly Parameter[], point: ArrayLike<number>): number[] {
  validateParameters(parameters);
  checkLength(parameters, point, 'fromUnit');
  return parameters.map((p, j) => {
    const u = point[j]!;
    if (!(u >= 0 && u <= 1))
      throw new RangeError(`fromUnit: coordinate ${j} (${p.name}) must be in [0, 1], got ${u}`);
    return unitToValue(p, u);
  });
}

/**
 * The inverse of {@link fromUnit}: parameter values to the unit hypercube (up to rounding); a
 * discrete parameter's value goes to the middle of its level's cell.
 * @throws RangeError on invalid parameters, values of the wrong length, or a value outside its [low, high].
 */
export function toUnit(parameters: readonly Parameter[], values: ArrayLike<number>): number[] {
  validateParameters(parameters);
  checkLength(parameters, values, 'toUnit');
  return parameters.map((p, j) => {
    const x = values[j]!;
    if (!(x >= p.low && x <= p.high))
      throw new RangeError(
        `toUnit: value ${j} (${p.name}) must be in [${p.low}, ${p.high}], got ${x}`,
      );
    return valueToUnit(p, x);
  });
}

/**
 * Applies {@link fromUnit} to every row of a unit-hypercube matrix (a sampler's `unit`), giving
 * the points at which to run the model, in the same row order.
 * @throws RangeError on invalid parameters, a column count other than the number of parameters, or an entry outside [0, 1].
 */
export function toParameterMatrix(parameters: readonly Parameter[], unit: Matrix): Matrix {
  validateParameters(parameters);
  const k = parameters.length;
  if (unit.columns !== k)
    throw new RangeError(
      `toParameterMatrix: expected ${k} columns (one per parameter), got ${unit.columns}`,
    );
  const out = createMatrix(unit.rows, k);
  for (let i = 0; i < unit.rows; i++) {
    for (let j = 0; j < k; j++) {
      const u = unit.data[i * k + j]!;
      if (!(u >= 0 && u <= 1))
        throw new RangeError(`toParameterMatrix: entry (${i}, ${j}) must be in [0, 1], got ${u}`);
      out.data[i * k + j] = unitToValue(parameters[j]!, u);
    }
  }
  return out;
}
