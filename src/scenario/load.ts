/**
 * Loading scenario and design files: YAML (or JSON) text → zod-validated object → cross-reference
 * checks. Every problem is reported with the file, the path inside it and what was expected.
 */
import type { z } from 'zod';
import { InputError, formatPath, type InputIssue } from './errors.js';
import { DesignSchema, ScenarioSchema, type Design, type Scenario } from './schema.js';
import { checkScenario } from './validate.js';
import { checkDesign } from './validateDesign.js';
import { contentHash } from './hash.js';
import { parseYaml, readInputFile, reservedKeyIssues } from './text.js';
import { attributeIssue, resolveExtends, type Origin } from './extend.js';
import { extendsADesign, resolveDesignExtends, type StatedDifference } from './designExtend.js';
import { collectRegister } from './register.js';
import { alternativeIssues } from './alternatives.js';
import { applyAlternative } from './paths.js';

export { MAX_INPUT_BYTES, parseYaml, readInputFile } from './text.js';

/** A validated scenario with the file it came from and the hash of its content. */
export interface LoadedScenario {
  readonly file: string;
  /** Hash of the resolved content (with every file it extends merged in). */
  readonly hash: string;
  readonly scenario: Scenario;
  /** Every file it was read from: `file` first, then the file it extends, and so on. */
  readonly files: readonly string[];
}

/** A validated C2 design with the file it came from and the hash of its content. */
export interface LoadedDesign {
  readonly file: string;
  /** Hash of the resolved design (with every design it extends merged in). */
  readonly hash: string;
  readonly design: Design;
  /** Every file it was read from: `file` first, then the design it extends, and so on. */
  readonly files: readonly string[];
  /** The design it extends (`extends`), if any: its id and file. */
  readonly parent?: { readonly id: string; readonly file: string };
  /** What it states makes it differ from its parent (none without `extends`). */
  readonly differences: readonly StatedDifference[];
}

/** `origin`: where each value of merged data came from, to name that file in an issue. */
function parseWith<S extends z.ZodType>(
  schema: S,
  data: unknown,
  file: string,
  origin: Origin = { file, path: [] },
): z.output<S> {
  // data that did not come through parseYaml (a sweep point, a test) is checked here too
  const reserved = reservedKeyIssues(data, file);
  if (reserved.length > 0) throw new InputError(reserved);
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issues: InputIssue[] = result.error.issues.map((issue) =>
    attributeIssue(
      { file, path: formatPath(issue.path), message: describeIssue(issue) },
      origin,
      issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined,
    ),
  );
  throw new InputError(issues);
}

function unionLeaves(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  return issue.code === 'invalid_union' ? issue.errors.flat().flatMap(unionLeaves) : [issue];
}

/** An issue that only says the input has another shape than this alternative of a union. */
function wrongAlternative(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'unrecognized_keys') return true;
  return issue.code === 'invalid_type' && (issue.path.length === 0 || issue.input === undefined);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `missing required field (expected ${issue.expected})`;
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_key')
    return `invalid key ${JSON.stringify(issue.input)}: ${issue.issues.map((i) => i.message).join('; ')}`;
  if (issue.code === 'invalid_union') {
    // a distribution is a union of a union: show what the alternatives that fit the shape expected
    const leaves = unionLeaves(issue);
    const specific = leaves.filter((e) => !wrongAlternative(e));
    const messages = new Set(
      (specific.length > 0 ? specific : leaves).map((e) =>
        e.message.replace(/^Invalid input: /, ''),
      ),
    );
    return `${issue.message}: ${[...messages].slice(0, 3).join('; ')}`;
  }
  return issue.message;
}

/** How far {@link parseScenario} and {@link parseDesign} check. */
export interface ParseOptions {
  /**
   * Also apply each structural alternative of the register (`choices`) alone and validate the
   * result, as loading a file does (default false: data made from a checked file, such as a point
   * of a study, need not repeat it).
   */
  readonly checkAlternatives?: boolean;
  /**
   * For a design: the scenario's folder of designs (`c2/`), where a parent a design names by id in
   * `extends` is looked for when the design's own folder has none.
   */
  readonly catalog?: string;
  /**
   * Let registered numbers lie outside their ranges (a study's search beyond the ranges): the
   * register does not check that its ranges hold the values; the schema's own checks still apply.
   */
  readonly beyondRanges?: boolean;
}

/** The scenario of merged data, validated, its issues addressed to the files that wrote them. */
function validScenario(data: unknown, file: string, origin: Origin, checkRanges = true): Scenario {
  const scenario = parseWith(ScenarioSchema, data, file, origin);
  const issues = checkScenario(scenario, file, checkRanges);
  if (issues.length > 0) throw new InputError(issues.map((issue) => attributeIssue(issue, origin)));
  return scenario;
}

/**
 * Validates scenario data already parsed from a file. Data that `extends` another scenario file
 * (a path relative to `file`) is merged over it first (see `extend.ts`), and validated as one.
 */
export function parseScenario(
  data: unknown,
  file: string,
  options: ParseOptions = {},
): LoadedScenario {
  const resolved = resolveExtends(data, file);
  const scenario = validScenario(resolved.data, file, resolved.origin, !options.beyondRanges);
  if (options.checkAlternatives) {
    const { sites } = collectRegister(scenario, file);
    const issues = alternativeIssues(
      resolved.data,
      file,
      sites,
      (d) => validScenario(d, file, resolved.origin),
      (draft, path, value) => applyAlternative(draft, path, value, file),
    );
    if (issues.length > 0)
      throw new InputError(issues.map((issue) => attributeIssue(issue, resolved.origin)));
  }
  // the briefing is text for players, not model: a run, its results and its hash never depend on it
  return {
    file,
    hash: contentHash({ ...scenario, briefing: undefined }),
    scenario,
    files: resolved.files,
  };
}

/** Design data validated against the scenario it will run on, its issues addressed to the files that wrote them. */
function validDesign(
  data: unknown,
  file: string,
  scenario: Scenario,
  origin: Origin,
  checkRanges = true,
): Design {
  const design = parseWith(DesignSchema, data, file, origin);
  const issues = checkDesign(design, scenario, file, checkRanges);
  if (issues.length > 0) throw new InputError(issues.map((issue) => attributeIssue(issue, origin)));
  return design;
}

/**
 * Validates design data against the scenario it will run on. Data that `extends` another design
 * is merged over it first (see `designExtend.ts`; `options.catalog`: the scenario's folder of
 * designs, where a parent named by id is looked for if the design's own folder has none), and
 * validated as one.
 */
export function parseDesign(
  data: unknown,
  file: string,
  scenario: Scenario,
  options: ParseOptions = {},
): LoadedDesign {
  const resolved = resolveDesignExtends(data, file, options.catalog);
  const design = validDesign(resolved.data, file, scenario, resolved.origin, !options.beyondRanges);
  if (options.checkAlternatives) {
    const issues = alternativeIssues(
      resolved.data,
      file,
      collectRegister(design, file).sites,
      (d) => validDesign(d, file, scenario, resolved.origin),
      (draft, path, value) => applyAlternative(draft, path, value, file),
    );
    if (issues.length > 0)
      throw new InputError(issues.map((issue) => attributeIssue(issue, resolved.origin)));
  }
  const { files, parent, differences } = resolved;
  return { file, hash: contentHash(design), design, files, differences, ...(parent && { parent }) };
}

/**
 * Loads and validates a scenario file (YAML or JSON).
 *
 * @example
 * ```ts
 * const { scenario, hash } = loadScenario('scenarios/senkaku-gray-zone.yaml');
 * console.log(scenario.title, hash);
 * ```
 */
export function loadScenario(file: string): LoadedScenario {
  return parseScenario(parseYaml(readInputFile(file), file), file, { checkAlternatives: true });
}

/**
 * Loads and validates a C2 design file against the scenario it will run on (`catalog`: as for
 * {@link parseDesign}).
 *
 * @example
 * ```ts
 * const loaded = loadScenario('scenarios/senkaku-gray-zone.yaml');
 * const { design } = loadDesign('scenarios/c2/acm-2015.yaml', loaded.scenario);
 * ```
 */
export function loadDesign(file: string, scenario: Scenario, catalog?: string): LoadedDesign {
  return parseDesign(parseYaml(readInputFile(file), file), file, scenario, {
    checkAlternatives: true,
    ...(catalog !== undefined && { catalog }),
  });
}

/**
 * Tells a design file from a scenario file by its top-level fields (a scenario may extend another
 * and write little else; a design that extends another states its differences).
 */
export function looksLikeDesign(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  return extendsADesign(data) || ('mechanism' in data && !('extends' in data));
}
