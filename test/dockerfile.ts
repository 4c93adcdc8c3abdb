/**
 * Builds a Dockerfile's image without Docker, for the few instructions `deploy/Dockerfile` uses:
 * each stage (FROM) is a temporary folder standing for the container's file system; COPY copies
 * exactly the files it names, from the build context (the repository) or from an earlier stage
 * (`--from=`); RUN runs its command with `sh` in the stage's WORKDIR (BuildKit's `--mount` flags
 * are dropped: a cache mount only speeds a build up). The base image's Node is this machine's.
 * Anything else is refused, so that a Dockerfile this cannot follow fails the test.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT } from './command.js';

interface Stage {
  readonly name: string | undefined;
  /** The folder standing for the stage's `/`. */
  readonly root: string;
  workdir: string;
  user: string | undefined;
  entrypoint: string[];
  cmd: string[];
}

/** The image a Dockerfile built: its last stage. */
export interface Image {
  /** The last stage's WORKDIR, on this machine. */
  readonly workdir: string;
  /** The USER it runs as, if any. */
  readonly user: string | undefined;
  /** Runs ENTRYPOINT with `args` (CMD when none), as `as` (a user of this machine) if given. */
  run(args: readonly string[], as?: string): SpawnSyncReturns<string>;
  /** Removes every stage's folder. */
  remove(): void;
}

/** The Dockerfile's instructions: continued lines joined, comments and blank lines left out. */
function instructions(text: string): Array<{ keyword: string; rest: string }> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), rest: rest.join(' ') };
    });
}

/** Where a path inside the stage's file system is on this machine. */
function inside(stage: Stage, path: string): string {
  return path.startsWith('/') ? join(stage.root, path) : join(stage.workdir, path);
}

function copy(stage: Stage, rest: string, stages: readonly Stage[]): void {
  const words = rest.split(/\s+/);
  const from = /^--from=(.+)$/.exec(words[0]!)?.[1];
  if (from !== undefined) words.shift();
  const dest = words.pop()!;
  const source = from === undefined ? undefined : stages.find((s) => s.name === from);
  if (from !== undefined && source === undefined)
    throw new Error(`COPY --from=${from}: no such stage`);
  for (const name of words) {
    const path = source ? inside(source, name) : join(ROOT, name);
    const target = dest.endsWith('/')
      ? join(inside(stage, dest), basename(name))
      : inside(stage, dest);
    cpSync(path, target, { recursive: statSync(path).isDirectory() });
  }
}

/** Runs a RUN line's command in the stage; npm takes what this machine's cache has first. */
function run(stage: Stage, rest: string): void {
  const command = rest.replace(/^(--mount=\S+\s+)+/, '');
  execFileSync('sh', ['-c', command], {
    cwd: stage.workdir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_prefer_offline: 'true' },
  });
}

/** Builds `dockerfile` (its text); the build context is the repository. */
export function buildWithoutDocker(dockerfile: string): Image {
  const stages: Stage[] = [];
  for (const { keyword, rest } of instructions(dockerfile)) {
    const stage = stages.at(-1);
    if (keyword === 'FROM') {
      const root = mkdtempSync(join(tmpdir(), 'rungs-image-'));
      chmodSync(root, 0o755);
      const name = / AS (\S+)$/i.exec(rest)?.[1];
      stages.push({ name, root, workdir: root, user: undefined, entrypoint: [], cmd: [] });
    } else if (stage === undefined) throw new Error(`${keyword} before FROM`);
    else if (keyword === 'WORKDIR') {
      stage.workdir = inside(stage, rest);
      mkdirSync(stage.workdir, { recursive: true, mode: 0o755 });
    } else if (keyword === 'COPY') copy(stage, rest, stages);
    else if (keyword === 'RUN') run(stage, rest);
    else if (keyword === 'USER') stage.user = rest;
    else if (keyword === 'ENTRYPOINT') stage.entrypoint = JSON.parse(rest) as string[];
    else if (keyword === 'CMD') stage.cmd = JSON.parse(rest) as string[];
    else throw new Error(`${keyword}: not an instruction this test follows`);
  }
  const last = stages.at(-1)!;
  return {
    workdir: last.workdir,
    user: last.user,
    run(args, as) {
      const [program, ...first] = last.entrypoint;
      const line = [program === 'node' ? process.execPath : program!, ...first];
      const all = [...line, ...(args.length > 0 ? args : last.cmd)];
      const [file, ...rest] = as === undefined ? all : ['runuser', '-u', as, '--', ...all];
      return spawnSync(file!, rest, { cwd: last.workdir, encoding: 'utf8' });
    },
    remove() {
      for (const s of stages) rmSync(s.root, { recursive: true, force: true });
    },
  };
}
