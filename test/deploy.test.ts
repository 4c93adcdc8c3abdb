/**
 * The example deployment files agree with themselves and with the command line: as many shards
 * as the array engine starts tasks, indices numbered as --shard auto reads them, every option one
 * the command takes; the container's image, built by running its Dockerfile's lines here, runs
 * the compiled command line.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from './command.js';
import { buildWithoutDocker, type Image } from './dockerfile.js';

/** The `--option`s of a command line, and its `--shard auto/N`'s N. */
function options(command: string): { names: string[]; shards: number | undefined } {
  const names = [...command.matchAll(/(?:^|\s)(--[a-z-]+)/g)].map((m) => m[1]!);
  const shard = /--shard auto\/(\d+)/.exec(command);
  return { names, shards: shard ? Number(shard[1]) : undefined };
}

const help = (command: string) => runCommand(command, ['--help']).stdout;

describe('deploy/', () => {
  it('kubernetes: an Indexed Job with one pod per shard, and a merge of the same folders', () => {
    const job = parse(readFileSync('deploy/kubernetes/study-job.yaml', 'utf8'));
    expect(job.spec.completionMode).toBe('Indexed');
    const command = job.spec.template.spec.containers[0].args.join(' ');
    const { names, shards } = options(command);
    expect(shards).toBe(job.spec.completions);
    expect(command).toContain('$JOB_COMPLETION_INDEX');
    const batchHelp = help('batch');
    for (const name of names) expect(batchHelp, name).toContain(name);
    const merge = parse(
      readFileSync('deploy/kubernetes/merge-job.yaml', 'utf8'),
    ).spec.template.spec.containers[0].args.join(' ');
    expect(merge).toContain('merge /data/study/shard-*');
    expect(command).toContain('--out /data/study/shard-');
  }, 30_000);

  it('slurm: an array numbered from 0 with as many tasks as shards, and a merge after every shard succeeded', () => {
    const study = readFileSync('deploy/slurm/study.sbatch', 'utf8');
    const array = /#SBATCH --array=0-(\d+)/.exec(study);
    // the srun command line, its continued lines joined
    const command = study.slice(study.indexOf('srun ')).replace(/\\\n/g, ' ');
    const { names, shards } = options(command);
    expect(Number(array![1]) + 1).toBe(shards);
    const batchHelp = help('batch');
    for (const name of names) expect(batchHelp, name).toContain(name);
    expect(readFileSync('deploy/slurm/submit.sh', 'utf8')).toMatch(
      /--dependency=afterok:"\$array" .*merge\.sbatch/,
    );
    expect(readFileSync('deploy/slurm/merge.sbatch', 'utf8')).toContain(
      'merge "$STUDY"/shard-* --out "$STUDY/all"',
    );
  }, 30_000);

  it('the container: built on the official Node image in two stages, it runs the compiled command line with runtime dependencies only', () => {
    const dockerfile = readFileSync('deploy/Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20[\w.-]* AS build$/m);
    expect(dockerfile).toMatch(/^RUN .*npm ci --omit=dev --ignore-scripts/m);
    expect(dockerfile).toContain('COPY --from=build /app/dist ./dist');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/rungs.mjs"]');
    expect(dockerfile.indexOf('USER node')).toBeGreaterThan(dockerfile.lastIndexOf('RUN '));
  });
});

describe('deploy/Dockerfile, built without Docker', () => {
  let image: Image;
  beforeAll(() => {
    image = buildWithoutDocker(readFileSync('deploy/Dockerfile', 'utf8'));
  }, 300_000);
  afterAll(() => image?.remove());

  it('the image holds the compiled package, its runtime dependencies and the files its COPY lines name, nothing else', () => {
    const app = image.workdir;
    expect(readdirSync(app).sort()).toEqual([
      'bin',
      'dist',
      'node_modules',
      'package-lock.json',
      'package.json',
      'scenarios',
      'schemas',
    ]);
    expect(existsSync(join(app, 'dist', 'cli', 'batch.js'))).toBe(true);
    for (const tool of ['typescript', 'tsx', 'esbuild', 'vitest'])
      expect(existsSync(join(app, 'node_modules', tool)), tool).toBe(false);
  });

  it('runs its entry point: --help by default, and a batch as a user who cannot write the image', () => {
    const help = image.run([]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: rungs <command>/);
    // the image runs as its node user, which cannot write /app; here nobody stands for it
    expect(image.user).toBe('node');
    const out = mkdtempSync(join(tmpdir(), 'rungs-image-out-'));
    chmodSync(out, 0o777);
    const batch = image.run(
      [
        'batch',
        '--scenario',
        'scenarios/senkaku-gray-zone.yaml',
        '--design',
        'parallel,acm-2015',
        '--seeds',
        '1..5',
        '--out',
        join(out, 'b'),
      ],
      'nobody',
    );
    try {
      expect(batch.status, batch.stderr).toBe(0);
      expect(readdirSync(join(out, 'b'))).toContain('summary.json');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
