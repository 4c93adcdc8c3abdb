/**
 * A robustness study written out: a Markdown report (per output, the reference value and its
 * noise floor, the share of the parameter space where B is ahead, a tornado table of the
 * assumptions ranked by influence, and break-even values), the study as JSON, and SALib files
 * (problem, sample, one outputs file per output) to continue in SALib or the EMA Workbench.
 */
import { formatDuration } from '../report/timeline.js';
import type { Study } from './robustness.js';
import { numpyMatrixText, salibOutputsText, salibProblemJson } from './sensitivity/index.js';

/** How many assumptions a tornado table shows per output. */
export const TORNADO_ROWS = 15;

const signedDuration = (minutes: number) =>
  minutes < 0 ? `−${formatDuration(-minutes)}` : `+${formatDuration(minutes)}`;
const isRate = (name: string) => name.includes(' rate (B − A)');
const shown = (name: string, v: number) =>
  isRate(name) ? `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} pts` : signedDuration(v);
const value = (study: Study, id: string, v: number) => {
  const a = study.register.find((x) => x.id === id);
  if (a?.kind === 'choice') {
    // a flip between two alternatives falls between their indices
    const [below, above] = [Math.floor(v), Math.ceil(v)].map((i) => a.alternatives[i]?.name);
    return below === above ? String(below) : `between ${below} and ${above}`;
  }
  return a?.unit === 'minutes' ? formatDuration(v) : String(Math.round(v * 1000) / 1000);
};

/** What a study says of the posterior its seeds drew the fitted numbers from (empty without one). */
export function drawnNote(posterior: Study['posterior']): string {
  return posterior
    ? ` The fitted numbers are not varied: each seed draws them from the posterior ${posterior.file} (sha256 ${posterior.sha256}), the same draw for every design and point.`
    : '';
}

/**
 * What a seed-only change of `sd` does to a Morris elementary effect (a difference of two outputs,
 * divided by Δ): about √2·sd/Δ.
 */
function morrisNoise(delta: number, sd: number): number {
  return (Math.SQRT2 * sd) / delta;
}

/** The study as Markdown lines. */
export function sensitivityMarkdown(study: Study): string[] {
  const [a, b] = study.designs;
  const method =
    study.method.kind === 'morris'
      ? `Morris, ${study.method.trajectories} trajectories`
      : `Sobol' (Saltelli sampling, Jansen estimators), N = ${study.method.samples}`;
  const lines = [
    `# Robustness of ${b} against ${a}`,
    '',
    `${method}; ${study.parameters.length} assumptions varied over their registered ranges; ${study.sample.rows} points × ${study.seeds} seeds × 2 designs (common random numbers); parameter sample seed ${study.sampleSeed}.${drawnNote(study.posterior)}`,
    `Each output is B − A at one point: for a decision, the mean difference in the time it was put in force over the seeds in which both designs needed it (one needed but not in force by the horizon counts at the horizon); negative means ${b} is faster. For the fait-accompli and top-rung rates, negative means ${b} suffers fewer; for the time at the objective rung or higher, negative means the crisis stays there less long under ${b}.`,
    '',
  ];
  for (const r of study.results) {
    const noise = study.delta !== undefined ? morrisNoise(study.delta, r.noiseFloor) : undefined;
    lines.push(`## ${r.name}`, '');
    lines.push(
      `At the files' values: ${shown(r.name, r.reference)}; spread from seeds alone (sd over 10 blocks of ${study.seeds} seeds): ${shown(r.name, r.noiseFloor).replace(/^[+−]/, '±')}.`,
    );
    if (r.constant) {
      lines.push(
        `It is ${shown(r.name, r.reference)} at every sampled point: no assumption in the register moves it.`,
        '',
      );
      continue;
    }
    lines.push(`${b} is ahead at ${(r.shareBAhead * 100).toFixed(1)}% of the sampled points.`, '');
    if (study.method.kind === 'morris') {
      lines.push(`| assumption | μ* [± 95%] | μ | σ | |`, '|---|---|---|---|---|');
      for (const i of r.influences.slice(0, TORNADO_ROWS)) {
        const m = i.morris!;
        const flag = noise !== undefined && m.muStar <= noise ? 'within seed noise' : '';
        lines.push(
          `| \`${i.id}\` | ${shown(r.name, m.muStar).replace(/^\+/, '')} [± ${shown(r.name, m.muStarConf).replace(/^\+/, '')}] | ${shown(r.name, m.mu)} | ${shown(r.name, m.sigma).replace(/^\+/, '')} | ${flag} |`,
        );
      }
      if (noise !== undefined)
        lines.push(
          '',
          `Seed noise alone moves an elementary effect by about ${shown(r.name, noise).replace(/^\+/, '')}; a μ* at or below it is not distinguishable from noise.`,
        );
    } else {
      lines.push(
        '| assumption | first order S1 [± 95%] | total order ST [± 95%] |',
        '|---|---|---|',
      );
      for (const i of r.influences.slice(0, TORNADO_ROWS)) {
        const s = i.sobol!;
        lines.push(
          `| \`${i.id}\` | ${s.s1.toFixed(3)} [± ${s.s1Conf.toFixed(3)}] | ${s.st.toFixed(3)} [± ${s.stConf.toFixed(3)}] |`,
        );
      }
    }
    lines.push(
      '',
      "| break-even: assumption | output from its low to its high (others at the files' values) | ranking flips at |",
      '|---|---|---|',
    );
    for (const e of r.breakEvens) {
      const path = e.levels
        .map((l) => `${value(study, e.id, l.value)}: ${shown(r.name, l.output)}`)
        .join(' → ');
      lines.push(
        `| \`${e.id}\` | ${path} | ${e.crossings.length === 0 ? 'no flip within the range' : e.crossings.map((c) => value(study, e.id, c)).join(', ')} |`,
      );
    }
    lines.push('');
  }
  return lines;
}

/** The study as JSON (without the sample matrix, which the SALib files hold). */
export function sensitivityJson(study: Study): string {
  const { sample: _sample, outputs: _outputs, register, ...rest } = study;
  return JSON.stringify(
    { ...rest, assumptions: register.filter((a) => study.parameters.some((p) => p.name === a.id)) },
    (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
}

/** SALib files: name → text. */
export function salibFiles(study: Study): Record<string, string> {
  const files: Record<string, string> = {
    'problem.json': salibProblemJson(study.parameters),
    'sample.txt': numpyMatrixText(study.sample),
  };
  study.results.forEach((r, o) => {
    files[`outputs-${o + 1}.txt`] = salibOutputsText(study.outputs[o]!);
  });
  files['outputs.md'] =
    study.results.map((r, o) => `- outputs-${o + 1}.txt: ${r.name}`).join('\n') + '\n';
  return files;
}
