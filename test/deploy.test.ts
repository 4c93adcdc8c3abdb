/**
 * The example deployment files agree with themselves and with the command line: as many shards
 * as the array engine starts tasks, indices numbered as --shard auto reads them, every option one
 * the command takes, on the official Node image.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCommand } from './inputCases.js';

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

  it('the container is built on the official Node image, with the bundles built, and runs the rungs command line', () => {
    const dockerfile = readFileSync('deploy/Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20[\w.-]*$/m);
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/rungs.mjs"]');
    // the user the container runs as cannot write node_modules: the bundles are built before it takes over
    const build = dockerfile.indexOf('RUN node bin/rungs.mjs bundles');
    expect(build).toBeGreaterThan(dockerfile.indexOf('COPY src ./src'));
    expect(build).toBeLessThan(dockerfile.indexOf('USER node'));
  });
});
