/**
 * One consistent command line: every command answers --help and -h without doing any work;
 * unknown and misspelled options, designs and commands are refused (exit 2) with a suggestion;
 * required options are required; --design is one name everywhere (--designs still works);
 * --out FILE writes what --json prints; the `rungs` executable; timelines a person can read.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { COMMANDS, findCommand, type CommandInfo } from '../src/cli/commands.js';
import { quietProgress } from '../src/cli/progress.js';
import { parseArgs } from '../src/cli/args.js';
import { compareDesigns } from '../src/analysis/compare.js';
import { formatTime, formatTimeline, timelineOptionsOf } from '../src/report/timeline.js';
import { simulate } from '../src/engine/simulation.js';
import type { TraceEntry } from '../src/engine/trace.js';
import { runCommand, tempDir } from './inputCases.js';
import { ROOT, runRungs } from './command.js';
import { REFERENCE, reference as referenceScenario, referenceModel } from './helpers.js';
import { compileModel } from '../src/model/compile.js';
import { loadDesign } from '../src/scenario/load.js';
import { withOptions } from '../src/scenario/variants.js';

/** `rungs …` as a user runs it (from `cwd`, the repository by default). */
const rungs = (args: readonly string[], cwd?: string) => runRungs(args, cwd);

/**
 * Runs a command's module in this process with `args`, as `rungs` runs it (the module of a
 * command of the package from its sources, a tool's from its file): what it wrote on stdout and
 * stderr and its exit code. Everything it changes in the process is put back.
 */
async function inProcess(
  c: CommandInfo,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = c.tool
    ? join(ROOT, c.module)
    : join(ROOT, 'src/cli', c.module.replace(/\.js$/, '.ts'));
  const saved = { argv: process.argv, out: process.stdout.write, err: process.stderr.write };
  // runCli's handlers of uncaught errors and of a closed pipe, which this process must not keep
  const watched: Array<[NodeJS.EventEmitter, string]> = [
    [process, 'uncaughtException'],
    [process, 'unhandledRejection'],
    [process.stdout, 'error'],
    [process.stderr, 'error'],
  ];
  const before = watched.map(([emitter, event]) => emitter.listeners(event));
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((text: string) => (
    (stdout += text),
    true
  )) as typeof process.stdout.write;
  process.stderr.write = ((text: string) => (
    (stderr += text),
    true
  )) as typeof process.stderr.write;
  process.argv = [process.execPath, file, ...args];
  process.exitCode = undefined;
  try {
    vi.resetModules();
    await import(file);
    // an asynchronous body sets the exit code once its promise settles
    await new Promise((r) => setImmediate(r));
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    Object.assign(process, { argv: saved.argv, exitCode: undefined });
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    watched.forEach(([emitter, event], i) => {
      for (const l of emitter.listeners(event))
        if (!before[i]!.includes(l)) emitter.off(event, l as (...a: unknown[]) => void);
    });
  }
}

const reference = parse(readFileSync(REFERENCE, 'utf8')) as {
  horizon: string;
  report: { baseline: string };
  ladder: { rungs: Array<{ id: string; label: string }> };
};

describe('--help and -h', () => {
  it('every command prints its usage on stdout and exits 0, doing nothing else', async () => {
    const watched = [
      'schemas/scenario.schema.json',
      'schemas/design.schema.json',
      'test/expected-hashes.json',
    ].map((f) => [f, statSync(f).mtimeMs] as const);
    for (const c of COMMANDS)
      for (const flag of ['--help', '-h']) {
        const run = await inProcess(c, [flag]);
        const what = `${c.name} ${flag}`;
        expect(run.code, `${what}: ${run.stderr}`).toBe(0);
        expect(run.stdout, what).toMatch(new RegExp(`^usage: rungs ${c.name}\\b`));
        expect(run.stderr, what).toBe('');
        expect(run.stdout, what).not.toMatch(/^wrote /m);
      }
    for (const [file, mtime] of watched) expect(statSync(file).mtimeMs, file).toBe(mtime);
  }, 60_000);

  it('every command is an npm script of the same name, run through bin/rungs.mjs with the same Node flags; a tool builds dist/ first', () => {
    const scripts = (
      JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    for (const c of COMMANDS) {
      const run =
        c.nodeFlags.length > 0
          ? `node ${c.nodeFlags.join(' ')} bin/rungs.mjs ${c.name}`
          : `node bin/rungs.mjs ${c.name}`;
      expect(scripts[c.name], c.name).toBe(c.tool ? `npm run -s build && ${run}` : run);
    }
  });
});

describe('options', () => {
  it('a misspelled option: exit 2 with a suggestion, also with one dash (-seed 5)', () => {
    const misspelled = runCommand('sim', ['--scenario', REFERENCE, '--sed', '5']);
    expect(misspelled.status).toBe(2);
    expect(misspelled.stderr).toBe('error: --sed: unknown option; did you mean --seed?\n');
    const oneDash = runCommand('sim', ['--scenario', REFERENCE, '-seed', '5']);
    expect(oneDash.status).toBe(2);
    expect(oneDash.stderr).toBe('error: -seed: unknown option; did you mean --seed?\n');
    expect(oneDash.stdout).toBe('');
  }, 30_000);

  it('parse as before: --name=value, flags, values after --, and a flag given a value is refused', () => {
    const args = parseArgs(['--seeds=1..3', 'file', '--json', '--', '--not-an-option'], {
      seeds: 'value',
      json: 'flag',
    });
    expect(args.options.get('seeds')).toBe('1..3');
    expect(args.options.get('json')).toBe(true);
    expect(args.positional).toEqual(['file', '--not-an-option']);
    expect(() => parseArgs(['--json=yes'], { json: 'flag' })).toThrow(
      expect.objectContaining({ option: '--json', message: 'takes no value' }),
    );
    expect(() => parseArgs(['--seeds', '--json'], { seeds: 'value', json: 'flag' })).toThrow(
      expect.objectContaining({ option: '--seeds', message: 'expected a value' }),
    );
    expect(() => parseArgs(['-x'], { seeds: 'value' })).toThrow(
      expect.objectContaining({ option: '-x', message: 'unknown option (known: --seeds)' }),
    );
  });

  it('--design and its old name --designs are the same option; both at once is refused', () => {
    const asNew = parseArgs(['--design', 'a,b'], { design: 'value' });
    const asOld = parseArgs(['--designs', 'a,b'], { design: 'value' });
    expect(asNew.options.get('design')).toBe('a,b');
    expect(asOld.options.get('design')).toBe('a,b');
    expect(asOld.given.get('design')).toBe('--designs');
    expect(() => parseArgs(['--design', 'a', '--designs', 'b'], { design: 'value' })).toThrow(
      /given twice \(as --design and --designs\)/,
    );
  });

  it('an unknown design gets a suggestion', () => {
    const cli = runCommand('sim', ['--scenario', REFERENCE, '--design', 'paralel', '--seed', '1']);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(
      /^error: scenarios\/c2: unknown design "paralel" \(known: .*\); did you mean parallel\?\n$/,
    );
    const several = runCommand('compare', [
      '--scenario',
      REFERENCE,
      '--design',
      'parallel,acm2015',
      '--seeds',
      '1',
    ]);
    expect(several.status).toBe(2);
    expect(several.stderr).toMatch(/unknown design "acm2015" .*; did you mean acm-2015\?/);
  }, 30_000);

  it('sim without --seed exits 2 naming --seed; without --design it runs the baseline and says so', () => {
    const noSeed = runCommand('sim', ['--scenario', REFERENCE, '--design', 'parallel']);
    expect(noSeed.status).toBe(2);
    expect(noSeed.stderr).toMatch(/^error: --seed: is required/);
    expect(noSeed.stdout).toBe('');
    const noDesign = runCommand('sim', ['--scenario', REFERENCE, '--seed', '3']);
    expect(noDesign.status, noDesign.stderr).toBe(0);
    expect(noDesign.stderr).toBe(
      `note: no --design given; running the scenario's baseline design ${reference.report.baseline} (report.baseline)\n`,
    );
    expect(noDesign.stdout).toContain(`design ${reference.report.baseline} — `);
  }, 30_000);

  it('--with takes design options by name, with a suggestion for a misspelled one', () => {
    const cli = runCommand('compare', [
      '--scenario',
      REFERENCE,
      '--design',
      'parallel',
      '--seeds',
      '1',
      '--with',
      'liasonOfficers',
    ]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(
      /^error: --with: unknown option "liasonOfficers" \(known: .*\); did you mean liaisonOfficers\?\n$/,
    );
  }, 30_000);
});

describe('the rungs executable', () => {
  it('lists every command with one line; runs a command; helps with one; suggests for an unknown one', () => {
    const help = rungs(['--help']);
    expect(help.status, help.stderr).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${c.name} +\\S`, 'm'));
    const sim = rungs(['sim', '--help']);
    expect(sim.status).toBe(0);
    expect(sim.stdout).toMatch(/^usage: rungs sim /);
    expect(rungs(['help', 'sim']).stdout).toBe(sim.stdout);
    const unknown = rungs(['simm', '--seed', '1']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(
      'error: unknown command "simm"; did you mean sim? (rungs --help lists the commands)\n',
    );
    const none = rungs([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^error: give a command/);
  }, 30_000);

  it('runs from another folder: schemas --check there finds no schemas, writes nothing, exits 1', () => {
    const dir = tempDir();
    const check = rungs(['schemas', '--check'], dir);
    expect(check.status, check.stderr).toBe(1);
    expect(check.stderr).toMatch(/^schemas\/scenario\.schema\.json is missing/);
    expect(readdirSync(dir)).toEqual([]);
    const extra = rungs(['schemas', 'now'], dir);
    expect(extra.status).toBe(2);
    expect(extra.stderr).toBe('error: unexpected argument "now"\n');
    expect(rungs(['schemas', '--check']).status).toBe(0);
  }, 30_000);

  it('runs a batch (restarted with the batch Node flags), taking --design for several designs', () => {
    const out = join(tempDir(), 'b');
    const cli = rungs([
      'batch',
      '--scenario',
      REFERENCE,
      '--design',
      'parallel,acm-2015',
      '--seeds',
      '1..3',
      '--out',
      out,
      '--workers',
      '1',
    ]);
    expect(cli.status, cli.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      status: string;
      designs: Array<{ id: string }>;
      runs: number;
    };
    expect(manifest.status).toBe('complete');
    expect(manifest.designs.map((d) => d.id)).toEqual(['acm-2015', 'parallel']);
    expect(manifest.runs).toBe(6);
  }, 60_000);
});

describe('batch --with', () => {
  it('runs each design and its variant with the option on, as compare does, and replays it', () => {
    const out = join(tempDir(), 'b');
    const cli = runCommand('batch', [
      '--scenario',
      REFERENCE,
      '--design',
      'parallel',
      '--seeds',
      '1..3',
      '--out',
      out,
      '--with',
      'liaisonOfficers',
    ]);
    expect(cli.status, cli.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      designs: Array<{ id: string }>;
      variants: string[];
    };
    expect(manifest.designs.map((d) => d.id)).toEqual(['parallel', 'parallel+liaisonOfficers']);
    expect(manifest.variants).toEqual(['liaisonOfficers']);
    // independently: the design with the option switched on, run on the same seeds
    const variant = compileModel(
      referenceScenario.scenario,
      withOptions(loadDesign('scenarios/c2/parallel.yaml', referenceScenario.scenario).design, [
        'liaisonOfficers',
      ]),
    );
    const rows = readFileSync(join(out, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { design: string; seed: number; traceHash: string });
    for (const row of rows.filter((r) => r.design === 'parallel+liaisonOfficers'))
      expect(row.traceHash, `seed ${row.seed}`).toBe(
        simulate(variant, { seed: row.seed }).traceHash,
      );
    expect(rows.filter((r) => r.design === 'parallel+liaisonOfficers')).toHaveLength(3);
    const replayed = runCommand('replay', [out]);
    expect(replayed.status, replayed.stdout + replayed.stderr).toBe(0);
  }, 90_000);
});

describe('--out FILE', () => {
  it('writes exactly what --json prints, and prints nothing then (sim, compare, assumptions)', () => {
    const dir = tempDir();
    const cases: Array<[string, string[]]> = [
      ['sim', ['--scenario', REFERENCE, '--design', 'acm-2015', '--seed', '7', '--json']],
      [
        'compare',
        ['--scenario', REFERENCE, '--design', 'parallel,acm-2015', '--seeds', '1..3', '--json'],
      ],
      ['assumptions', ['--designs', 'parallel', '--json']],
    ];
    for (const [name, args] of cases) {
      const printed = runCommand(name, args);
      expect(printed.status, printed.stderr).toBe(0);
      const file = join(dir, `${name}.json`);
      const written = runCommand(name, [...args, '--out', file]);
      expect(written.status, written.stderr).toBe(0);
      expect(written.stdout, name).toBe('');
      // progress lines are stderr's too when the machine is slow enough for one to fall due
      const progress = new RegExp(`^${name}: \\d+/\\d+ `);
      const said = written.stderr.split('\n').filter((l) => !progress.test(l));
      expect(said.join('\n'), name).toBe(`wrote ${file}\n`);
      expect(readFileSync(file, 'utf8'), name).toBe(printed.stdout);
      expect(
        readdirSync(dir).filter((f) => f.includes('.tmp-')),
        name,
      ).toEqual([]);
    }
  }, 60_000);

  it('into a folder that does not exist: exit 2 naming --out, before any run', () => {
    const cli = runCommand('sim', [
      '--scenario',
      REFERENCE,
      '--seed',
      '1',
      '--json',
      '--out',
      join(tempDir(), 'no', 'run.json'),
    ]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/^error: --out: cannot write .*run\.json: no folder /);
  }, 30_000);
});

describe('progress', () => {
  it('compare with progress gives the same comparison as without, on any number of workers, counting every run', async () => {
    const models = ['parallel', 'acm-2015'].map(referenceModel);
    const seeds = Array.from({ length: 60 }, (_, i) => i + 1);
    const counts: number[] = [];
    const watched = await compareDesigns(models, seeds, 'parallel', {
      workers: 2,
      onRun: (done) => counts.push(done),
    });
    expect(watched).toEqual(await compareDesigns(models, seeds, 'parallel', { workers: 1 }));
    // a request's runs are counted when it is answered: 25 seeds of a design at a time
    expect(counts).toHaveLength(6);
    expect(counts.at(-1)).toBe(120);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
  });

  it('off a terminal: a line once the interval has passed, and nothing for work quicker than that', async () => {
    const lines: string[] = [];
    const stream = {
      isTTY: false,
      write: (text: string) => lines.push(text),
    } as unknown as NodeJS.WriteStream;
    const quick = quietProgress(10, 'quick', { stream, intervalMs: 200 });
    quick.update(10);
    quick.finish();
    expect(lines).toEqual([]);
    const slow = quietProgress(10, 'slow', { stream, intervalMs: 20 });
    await new Promise((r) => setTimeout(r, 40));
    slow.update(4);
    await new Promise((r) => setTimeout(r, 40));
    slow.finish();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^slow: 4\/10 \(40\.0%\), /);
    expect(lines[1]).toMatch(/^slow: 4\/10 \(40\.0%\), [\d.]+ s elapsed\n$/);
  });
});

describe('memory-check', () => {
  it('refuses bad arguments with exit 2 and no stack trace', async () => {
    const memoryCheck = findCommand('memory-check')!;
    const runs = [
      await inProcess(memoryCheck, ['many']),
      await inProcess(memoryCheck, ['2000', '200']),
      await inProcess(memoryCheck, ['--design', 'paralel']),
    ];
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(runs[0]!.stderr).toBe(
      'error: SMALL is a number of runs from 1 to 10,000,000, got "many"\n',
    );
    expect(runs[1]!.stderr).toBe('error: SMALL (2000) must be fewer runs than LARGE (200)\n');
    expect(runs[2]!.stderr).toMatch(/did you mean parallel\?\n$/);
    for (const run of runs) expect(run.stderr).not.toMatch(/NaN|\n\s+at /);
  }, 30_000);
});

describe('timelines', () => {
  const entry = (
    t: number,
    kind: TraceEntry['kind'],
    actor: string,
    event: string,
    from: string,
    to: string,
  ): TraceEntry => ({ t, kind, actor, event, from, to, cause: '' });

  it('show days past 24 h, rung labels, legal states in words, and why the run stopped', () => {
    const trace = [
      entry(0, 'state', 'ladder', 'START', 'idle', 'R0'),
      entry(90.4, 'state', 'japan', 'KNOW', 'authority/lawEnforcement', 'authority/policing'),
      entry(
        1499.6,
        'state',
        'japan',
        'ISSUE',
        'jp.mso/staffing',
        'jp.mso/inForce.diet.clockRunning',
      ),
      entry(1500, 'decision', 'adversary', 'adversary.move#1', '', 'advance'),
      entry(1500, 'state', 'ladder', 'MOVE', 'R0', 'R1'),
      entry(
        2 * 1440 + 13 * 60 + 57,
        'state',
        'unitedStates',
        'KNOW',
        'alliedDefense/notAuthorised',
        'alliedDefense/authorised',
      ),
    ];
    const lines = formatTimeline(trace, {
      rungs: [
        { id: 'R0', label: 'Calm' },
        { id: 'R1', label: 'Ships in the waters' },
      ],
      horizon: 3 * 1440 + 30,
    });
    expect(lines).toEqual([
      'T+00:00    ladder        ladder idle → R0 (Calm)',
      'T+01:30    japan         authority: law enforcement → police powers [legal state]',
      'T+1d01:00  japan         jp.mso: being staffed → in force (awaiting Diet approval) [legal state]',
      'T+1d01:00  adversary     adversary.move#1 answered: advance',
      'T+1d01:00  ladder        ladder R0 → R1 (Ships in the waters)',
      'T+2d13:57  unitedStates  defence of allied units: not authorised → authorised [legal state]',
      'T+3d00:30  end           the horizon (3d00h) is reached; the run stops',
    ]);
    const ended = formatTimeline(
      [...trace.slice(0, 2), entry(200, 'inject', 'control', 'end', '', 'ended')],
      { horizon: 3 * 1440 },
    );
    expect(ended.at(-2)).toBe('T+03:20   control       control cell ends the game');
    expect(ended.at(-1)).toBe(
      'T+03:20   end           the game ended: the control cell stopped it before the horizon',
    );
  });

  it('of a real run: each rung change with the label the scenario gives it, and the end at the horizon', () => {
    const model = referenceModel('parallel');
    const { trace } = simulate(model, { seed: 5, keepTrace: true });
    const lines = formatTimeline(trace!, timelineOptionsOf(model));
    const labels = new Map(reference.ladder.rungs.map((r) => [r.id, r.label]));
    const pad2 = (n: number) => String(n).padStart(2, '0');
    const clock = (minutes: number) => {
      const m = Math.round(minutes);
      const days = Math.floor(m / 1440);
      return `T+${days > 0 ? `${days}d` : ''}${pad2(Math.floor((m % 1440) / 60))}:${pad2(m % 60)}`;
    };
    const moves = trace!.filter((e) => e.kind === 'state' && e.actor === 'ladder');
    expect(moves.some((e) => e.t >= 1440)).toBe(true);
    const shown = lines.filter((l) => / ladder +ladder /.test(l));
    expect(shown).toHaveLength(moves.length);
    moves.forEach((e, i) => {
      expect(shown[i]!.startsWith(`${clock(e.t)} `)).toBe(true);
      expect(shown[i]!.endsWith(`ladder ${e.from} → ${e.to} (${labels.get(e.to)})`)).toBe(true);
    });
    const days = Number(/^(\d+)d$/.exec(reference.horizon)![1]);
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^T\\+${days}d00:00 +end +the horizon \\(${days}d00h\\) is reached; the run stops$`,
      ),
    );
    expect(formatTime(days * 1440)).toBe(`T+${days}d00:00`);
    expect(lines.join('\n')).not.toMatch(/T\+\d{3,}:/);
  });
});
