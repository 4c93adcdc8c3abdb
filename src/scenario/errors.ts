/** One problem found in an input file: which file, where inside it, and what was expected. */
export interface InputIssue {
  readonly file: string;
  /** A path inside the file such as `decisions[3].requires.decided[0]`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** Thrown for bad input files; the CLI prints its issues and exits with code 2. */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** `file: path: message`, the form editors and terminals link to. */
export function formatIssue(issue: InputIssue): string {
  return issue.path
    ? `${issue.file}: ${issue.path}: ${issue.message}`
    : `${issue.file}: ${issue.message}`;
}

/** Renders a zod-style path (`['decisions', 3, 'id']`) as `decisions[3].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
