/**
 * Global sensitivity analysis, as a pure library: parameters and their unit-hypercube map, Morris
 * elementary effects, Saltelli sampling with Sobol' first- and total-order indices, and export to
 * SALib. Deterministic: all randomness comes from explicit integer seeds.
 */
export type { Matrix } from './matrix.js';
export { matrixRow } from './matrix.js';
export type { Parameter } from './parameters.js';
export { fromUnit, toParameterMatrix, toUnit, validateParameters } from './parameters.js';
export type { MorrisIndex } from './morris.js';
export { morrisAnalyze, morrisSample } from './morris.js';
export type { SobolIndex } from './sobol.js';
export { saltelliAbMatrix, saltelliSample, sobolAnalyze } from './sobol.js';
export {
  formatNumpy,
  numpyMatrixText,
  salibOutputsText,
  salibProblem,
  salibProblemJson,
  salibSampleText,
} from './salib.js';
