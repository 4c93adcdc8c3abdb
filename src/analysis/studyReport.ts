/**
 * A robustness study written out: a Markdown report (per output, the reference value with its
 * interval and the noise floor, the share of the parameter space where B is ahead, a tornado table
 * of the assumptions ranked by influence with the findings marked, and how far the most
 * influential must move to flip the ordering), the study as JSON, and SALib files
 * (problem, sample, one outputs file per output) to continue in SALib or the EMA Workbench.
 */
import { overriddenTitle, provenanceNote } from '../report/provenance.js';
import { formatDuration } from '../report/timeline.js';
import type { Influence, OutputStudy, Study } from './robustness.js';
import { Z95, type Flip } from './studyFlip.js';
import { numpyMatrixText, salibOutputsText, salibProblemJson } from './sensitivity/index.js';

/** How many assumptions a tornado table shows per output. */
export const TORNADO_ROWS = 15;

const signedDuration = (minutes: number) =>
  minutes < 0 ? `−${formatDuration(-minutes)}` : `+${formatDuration(minutes)}`;
const isRate = (name: string) => name.includes(' rate (B − A)');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
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

/** A value of an assumption in words: a duration, a number, or a structural choice's alternative. */
function valueText(study: Study, id: string, v: number): string {
  const a = study.register.find((x) => x.id === id);
  if (a?.kind === 'choice') return a.alternatives?.[Math.round(v)]?.name ?? String(v);
  return value(study, id, v);
}

const unsigned = (name: string, v: number) => shown(name, v).replace(/^[+−]/, '');

/** The files' values' output with its interval, and whether seeds resolve it. */
function referenceLine(study: Study, r: OutputStudy): string {
  const half = Z95 * r.referenceSe;
  const resolved = Math.abs(r.reference) > half;
  const spread = r.noise.byPoint.map((x) => unsigned(r.name, x)).join(', ');
  return [
    `At the files' values: ${shown(r.name, r.reference)} [${shown(r.name, r.reference - half)}, ${shown(r.name, r.reference + half)}] (95%, ${study.seeds} seeds)${resolved ? '' : `: **${study.designs[1]} and ${study.designs[0]} cannot be told apart here at ${study.seeds} seeds**`}.`,
    `Seeds alone move it by ±${unsigned(r.name, r.noise.sd)} (sd over ${r.noise.blocks} blocks of ${study.seeds} seeds, pooled over ${r.noise.byPoint.length} points: ${spread}).`,
  ].join(' ');
}

/** Where B is ahead over the sample, in all and beyond each point's noise. */
function shareLine(study: Study, r: OutputStudy, o: number): string {
  const errors = [...study.standardErrors[o]!].sort((x, y) => x - y);
  const median = errors[Math.floor(errors.length / 2)] ?? 0;
  return `${study.designs[1]} is ahead at ${pct(r.shareBAhead)} of the sampled points; beyond each point's 95% interval ahead at ${pct(r.shareBAheadResolved)} and behind at ${pct(r.shareBBehindResolved)}. A point's standard error: median ${unsigned(r.name, median)}, largest ${unsigned(r.name, errors.at(-1) ?? 0)}.`;
}

/** The tornado table of one output, its findings marked. */
function influenceLines(study: Study, r: OutputStudy): string[] {
  const findings = r.influences.filter((i) => i.finding).length;
  const floor = (i: Influence) =>
    i.floor === undefined || !Number.isFinite(i.floor)
      ? '—'
      : study.method.kind === 'morris'
        ? unsigned(r.name, i.floor)
        : i.floor.toFixed(3);
  const verdict = (i: Influence) => (i.finding ? 'yes' : 'within seed noise');
  const lines: string[] = [];
  if (study.method.kind === 'morris') {
    lines.push(
      `| assumption | μ* [± 95%] | μ | σ | seeds alone give | finding |`,
      '|---|---|---|---|---|---|',
    );
    for (const i of r.influences.slice(0, TORNADO_ROWS)) {
      const m = i.morris!;
      lines.push(
        `| \`${i.id}\` | ${unsigned(r.name, m.muStar)} [± ${unsigned(r.name, m.muStarConf)}] | ${shown(r.name, m.mu)} | ${unsigned(r.name, m.sigma)} | ${floor(i)} | ${verdict(i)} |`,
      );
    }
  } else {
    lines.push(
      '| assumption | first order S1 [± 95%] | total order ST [± 95%] | seeds alone give ST | finding |',
      '|---|---|---|---|---|',
    );
    for (const i of r.influences.slice(0, TORNADO_ROWS)) {
      const x = i.sobol!;
      lines.push(
        `| \`${i.id}\` | ${x.s1.toFixed(3)} [± ${x.s1Conf.toFixed(3)}] | ${x.st.toFixed(3)} [± ${x.stConf.toFixed(3)}] | ${floor(i)} | ${verdict(i)} |`,
      );
    }
  }
  lines.push(
    '',
    findings === 0
      ? `No assumption clears what seeds alone give its index: nothing here is a finding at ${study.seeds} seeds.`
      : `${findings} assumption${findings === 1 ? '' : 's'} clear${findings === 1 ? 's' : ''} what seeds alone can give ${findings === 1 ? 'its' : 'their'} index: measured from the study's own points, each also run on the two halves of its seeds, at a 5% level shared by the ${study.parameters.length} assumptions.`,
  );
  return lines;
}

/** A flip search's verdict in words. */
function flipText(study: Study, f: Flip): string {
  const v = (x: number) => valueText(study, f.id, x);
  const first = f.levels.findIndex((l) => l.output !== undefined);
  const last =
    f.levels.length - 1 - [...f.levels].reverse().findIndex((l) => l.output !== undefined);
  const refused = [f.levels[first - 1], f.levels[last + 1]].filter((l) => l?.invalid);
  const stop = refused.map((l) => `; the files refuse ${v(l!.value)} (${l!.invalid})`).join('');
  const valid = [f.levels[first]!, f.levels[last]!];
  switch (f.verdict) {
    case 'flips': {
      const where =
        f.beyond === 'high'
          ? `${f.multiple!.toFixed(1)}× the upper bound`
          : f.beyond === 'low'
            ? `1/${f.multiple!.toFixed(1)} of the lower bound`
            : 'within the range';
      return `flips between ${v(f.from!)} and ${v(f.to!)} (at about ${v(f.at!)}, ${where})`;
    }
    case 'unresolved':
      return `the sign changes, but not beyond the noise: not resolvable at ${study.seeds} seeds${stop}`;
    case 'holds':
      return `no flip from ${v(valid[0]!.value)} to ${v(valid.at(-1)!.value)}${stop}`;
    default:
      return `not searched: the designs cannot be told apart at the files' values`;
  }
}

/** The flip searches of one output. */
function flipLines(study: Study, r: OutputStudy): string[] {
  if (r.flips.length === 0)
    return [
      '',
      Math.abs(r.reference) <= Z95 * r.referenceSe
        ? `How far to flip: not searched, the designs cannot be told apart at the files' values at ${study.seeds} seeds.`
        : 'How far to flip: not searched, no assumption here is a finding.',
    ];
  const lines = [
    '',
    "| how far to flip: assumption | files' value | registered range | verdict |",
    '|---|---|---|---|',
  ];
  for (const f of r.flips) {
    const p = study.parameters.find((x) => x.name === f.id)!;
    const base = f.levels.find((l) => l.within && l.output !== undefined);
    lines.push(
      `| \`${f.id}\` | ${base ? valueText(study, f.id, study.register.find((a) => a.id === f.id)?.value ?? base.value) : ''} | ${valueText(study, f.id, p.low)} – ${valueText(study, f.id, p.high)} | ${flipText(study, f)} |`,
    );
  }
  return lines;
}

/** How the seeds per point were chosen. */
function seedsLine(study: Study): string {
  const c = study.seedChoice;
  if (!c) return `${study.seeds} seeds per point, as given.`;
  return `${study.seeds} seeds per point, chosen by a pilot of ${c.pilotSeeds} seeds at the files' values for a standard error within ${c.precision * 100}% of each effect the pilot resolved${c.capped ? ` (capped at ${c.maxSeeds}: some effect needs more)` : ''}.`;
}

/** The study as Markdown lines. */
export function sensitivityMarkdown(study: Study): string[] {
  const [a, b] = study.designs;
  const method =
    study.method.kind === 'morris'
      ? `Morris, ${study.method.trajectories} trajectories`
      : `Sobol' (Saltelli sampling, Jansen estimators), N = ${study.method.samples}`;
  const choices = study.register.filter(
    (x) => x.kind === 'choice' && study.parameters.some((p) => p.name === x.id),
  ).length;
  const lines = [
    `# ${overriddenTitle(`Robustness of ${b} against ${a}`, study.provenance?.overrides ?? [])}`,
    '',
    `${method}; ${study.parameters.length} assumptions varied over their registered ranges (${choices} of them structural choices, each alternative equally likely); ${study.sample.rows} points × ${study.seeds} seeds × 2 designs (common random numbers); parameter sample seed ${study.sampleSeed}. ${seedsLine(study)}${drawnNote(study.posterior)}${study.provenance ? ` ${provenanceNote(study.provenance)}` : ''}`,
    `Each output is B − A at one point. For a decision: the difference in restricted mean time to the order (RMST up to the horizon: the area under the Kaplan–Meier curve of the time from the event that made it necessary, a decision still pending at the horizon censored there, over the seeds in which each design needed it); negative means ${b} is faster. For the fait-accompli and top-rung rates, negative means ${b} suffers fewer; for the time at the objective rung or higher, negative means the crisis stays there less long under ${b}.`,
    '',
  ];
  study.results.forEach((r, o) => {
    lines.push(`## ${r.name}`, '', referenceLine(study, r));
    if (r.constant) {
      lines.push(
        '',
        `It is ${shown(r.name, r.reference)} at every sampled point: no assumption in the register moves it.`,
        '',
      );
      return;
    }
    lines.push(
      '',
      shareLine(study, r, o),
      '',
      ...influenceLines(study, r),
      ...flipLines(study, r),
      '',
    );
  });
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
