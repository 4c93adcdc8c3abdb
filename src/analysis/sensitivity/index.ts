/**
 * Global sensitivity analysis, as a pure library: parameters and their unit-hypercube map, Morris
 * elementary effects, Saltelli sampling with Sobol' first- and total-order indices, and export to
 * SALib. Deterministic: all randomness comes from explicit integer seeds.
 */
export type { Matrix } from './matrix.js';
export { matrixRow, matrixToArrays } from './matrix.js';
export type { Parameter, ParameterScale } from './parameters.js';
export { fromUnit, toParameterMatrix, toUnit, validateParameters } from './parameters.js';
export type { AnalyzeOptions, Bounds } from './bootstrap.js';
export type {
  MorrisIndex,
  MorrisResult,
  MorrisSample,
  MorrisSampleOptions,
  MorrisStep,
} from './morris.js';
export { morrisAnalyze, morrisSample } from './morris.js';
export type { SaltelliSample, SaltelliSampleOptions, SobolIndex, SobolResult } from './sobol.js';
export { saltelliAbMatrix, saltelliSample, sobolAnalyze } from './sobol.js';
export type { SalibProblem } from './salib.js';
export {
  formatNumpy,
  numpyMatrixText,
  numpyRow,
  salibOutputsText,
  salibProblem,
  salibProblemJson,
  salibSampleText,
} from './salib.js';
