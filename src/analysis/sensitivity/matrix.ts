/** The dense matrices the samplers return: rows of points, one column per parameter. */

/** A dense matrix of doubles stored row-major: entry (i, j) is `data[i * columns + j]`. */
export interface Matrix {
  readonly rows: number;
  readonly columns: number;
  readonly data: Float64Array;
}

/** A zero-filled `rows` × `columns` matrix. */
export function createMatrix(rows: number, columns: number): Matrix {
  return { rows, columns, data: new Float64Array(rows * columns) };
}

/**
 * Row `i` of `m` as a view that shares its storage (writing to it writes to the matrix).
 * @throws RangeError when `i` is not a row index of `m`.
 */
export function matrixRow(m: Matrix, i: number): Float64Array {
  if (!Number.isInteger(i) || i < 0 || i >= m.rows)
    throw new RangeError(`matrixRow: row ${i} out of range 0..${m.rows - 1}`);
  return m.data.subarray(i * m.columns, (i + 1) * m.columns);
}
