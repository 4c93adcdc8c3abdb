/**
 * Input files as text, and that text as plain data: a stated size limit checked before reading,
 * YAML aliases bounded, and keys that JavaScript objects treat specially refused. Every problem
 * is an `InputError` naming the file, so a hostile or mistaken file never crashes a command.
 */
import { closeSync, readSync } from 'node:fs';
import { NotRegularFileError, openRegularFile } from '../io/regularFile.js';
import { parseDocument } from 'yaml';
import { InputError, formatPath, type InputIssue } from './errors.js';
import { RESERVED_NAMES } from './schema.js';
import { parsedOnce } from './parsedCache.js';

/** The largest input file read, in bytes (4 MiB; the reference scenario is about 40 KB). */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** The most alias expansions a YAML file may make (a "billion laughs" file makes billions). */
const MAX_YAML_ALIASES = 100;

const CHUNK_BYTES = 64 * 1024;

function unreadable(file: string, code: string | undefined): InputError {
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a directory, expected a file'
        : `cannot be read (${code ?? 'unknown error'})`;
  return new InputError([{ file, path: '', message: why }]);
}

/** `bytes` undefined: a pipe or device that went on past the limit. */
function tooLarge(file: string, bytes: number | undefined, limit: number): InputError {
  const size =
    bytes === undefined ? 'is larger than' : `is ${bytes.toLocaleString('en')} bytes, larger than`;
  return new InputError([
    {
      file,
      path: '',
      message: `${size} the limit of ${limit.toLocaleString('en')} bytes for an input file`,
    },
  ]);
}

/**
 * Reads a regular file as UTF-8 text, naming it in the error if it cannot be read, is not a
 * regular file (a FIFO, which would block for ever, a folder, a device) or is larger than `limit`
 * bytes (checked before reading, and again while reading in case it grows).
 */
export function readInputFile(file: string, limit = MAX_INPUT_BYTES): string {
  let fd: number;
  let size: number;
  try {
    ({ fd, size } = openRegularFile(file));
  } catch (error) {
    if (error instanceof NotRegularFileError)
      throw new InputError([{ file, path: '', message: error.what }]);
    throw unreadable(file, (error as NodeJS.ErrnoException).code);
  }
  try {
    if (size > limit) throw tooLarge(file, size, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw tooLarge(file, undefined, limit);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw error instanceof InputError || code === undefined ? error : unreadable(file, code);
  } finally {
    closeSync(fd);
  }
}

/**
 * Keys named `__proto__`, `constructor` or `prototype` anywhere in parsed data, each with its
 * path. A record would drop `__proto__` without a word, and the others pass `in` checks as ids.
 */
export function reservedKeyIssues(data: unknown, file: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown, path: PropertyKey[]): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    for (const key of Object.keys(value)) {
      if (RESERVED_NAMES.has(key)) {
        issues.push({
          file,
          path: formatPath([...path, key]),
          message: `"${key}" is not allowed as a key (every object has a property of that name, so it would be dropped or mistaken for one); rename it`,
        });
      } else visit((value as Record<string, unknown>)[key], [...path, key]);
    }
  };
  visit(data, []);
  return issues;
}

/** Turns the parsed document into plain data; aliases that expand too far are an input error. */
function toPlainData(doc: ReturnType<typeof parseDocument>, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // yaml throws ReferenceError for aliases only: an unknown anchor, or too many expansions
    if (!(error instanceof ReferenceError)) throw error;
    const message = /excessive alias count/i.test(error.message)
      ? `YAML aliases (*name) expand to more than ${MAX_YAML_ALIASES} copies (a resource exhaustion attack, or a file to write out in full)`
      : `not valid YAML: ${error.message}`;
    throw new InputError([{ file, path: '', message }]);
  }
}

/**
 * Parses YAML or JSON text into plain data, reporting syntax errors with line and column.
 * Duplicate keys, excessive aliases and reserved keys (`__proto__`…) are errors. The data of a
 * text parsed before is taken from `parsedCache.ts`.
 */
export function parseYaml(text: string, file: string): unknown {
  return parsedOnce(text, () => parseYamlText(text, file));
}

/** {@link parseYaml} without keeping the result. */
function parseYamlText(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e) => ({
        file,
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '',
        message: `not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  const data = toPlainData(doc, file);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError([
      { file, path: '', message: 'expected a YAML mapping (key: value pairs) at the top level' },
    ]);
  }
  const reserved = reservedKeyIssues(data, file);
  if (reserved.length > 0) throw new InputError(reserved);
  return data;
}
