/**
 * Shards of a robustness study: its sample points, numbered as the sample makes them, split into
 * N contiguous ranges (as a batch's runs are, see batch/shard.ts). A shard evaluates its range
 * and leaves `shard.json` (written whole at the end: a killed shard leaves none and is run again);
 * the merge checks the shards are one study's complete set, puts their outputs back in order and
 * finishes the study (noise floor, indices, findings, flip searches) as one machine does. The
 * outputs of a point are its values and their standard errors (format 2).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readRegularFile } from '../io/regularFile.js';
import { join, resolve } from 'node:path';
import { InputError, type InputIssue } from '../scenario/errors.js';
import { contentHash } from '../scenario/hash.js';
import { loadDesign, loadScenario } from '../scenario/load.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { engineVersion } from '../batch/manifest.js';
import { writeFileAtomic } from '../io/atomic.js';
import { parseSeeds, seedRanges } from '../batch/seeds.js';
import { shardRange, shardSetIssues, type Shard } from '../batch/shard.js';
import { loadPosterior, type LoadedPosterior } from '../assumptions/posterior.js';
import {
  evaluateStudyPoints,
  runStudy,
  studySampleSize,
  type Study,
  type StudyOptions,
} from './robustness.js';
import type { SeedChoice } from './studySeeds.js';

/** The file a study shard leaves in its folder. */
export const STUDY_SHARD_FILE = 'shard.json';

/** A study's options as a shard file keeps them (paths absolute, seeds as ranges). */
export interface StoredOptions {
  readonly scenarioFile: string;
  /** The scenario's path as the study was given it (what its report names). */
  readonly scenarioGiven: string;
  readonly designs: readonly [string, string];
  readonly decisions: readonly string[];
  readonly seeds: string;
  readonly method: StudyOptions['method'];
  readonly sampleSeed: number;
  readonly fixed: ReadonlyArray<readonly [string, number]>;
  /** The posterior each seed draws the fitted numbers from: its path (absolute, and as given) and SHA-256. */
  readonly posterior?: { readonly file: string; readonly given: string; readonly sha256: string };
  readonly noiseBlocks?: number;
  readonly noisePoints?: number;
  readonly flipTop?: number;
  /** How the pilot chose the seeds, when it did. */
  readonly seedChoice?: SeedChoice;
}

/** What `shard.json` holds. */
export interface StudyShardFile {
  readonly format: 'rungs-study-shard-2';
  /** The whole study's identity: every shard of one study has it. */
  readonly identity: string;
  readonly shard: Shard & { readonly from: number; readonly to: number };
  readonly options: StoredOptions;
  /** Each point's outputs, for the points [from, to) of the sample. */
  readonly outputs: ReadonlyArray<readonly number[]>;
}

function storedOptions(options: StudyOptions): StoredOptions {
  return {
    scenarioFile: resolve(options.scenarioFile),
    scenarioGiven: options.scenarioFile,
    designs: [options.designs[0], options.designs[1]],
    decisions: options.decisions,
    seeds: seedRanges([...options.seeds].sort((a, b) => a - b)),
    method: options.method,
    sampleSeed: options.sampleSeed,
    fixed: [...(options.fixed ?? new Map<string, number>())].sort(([a], [b]) => (a < b ? -1 : 1)),
    ...(options.posterior
      ? {
          posterior: {
            file: resolve(options.posterior.file),
            given: options.posterior.file,
            sha256: options.posterior.hash,
          },
        }
      : {}),
    ...(options.noiseBlocks === undefined ? {} : { noiseBlocks: options.noiseBlocks }),
    ...(options.noisePoints === undefined ? {} : { noisePoints: options.noisePoints }),
    ...(options.flipTop === undefined ? {} : { flipTop: options.flipTop }),
    ...(options.seedChoice ? { seedChoice: options.seedChoice } : {}),
  };
}

/** What makes a study what it is: its options, the content of its files, the engine and Node versions. */
function studyIdentity(stored: StoredOptions): string {
  const designFiles = resolveDesignFiles(stored.scenarioFile, stored.designs.join(','));
  const scenario = loadScenario(stored.scenarioFile);
  const { scenarioFile: _file, scenarioGiven: _given, posterior, ...facts } = stored;
  return contentHash({
    ...facts,
    // only with one, so that studies without a posterior keep the identity they had
    ...(posterior ? { posterior: posterior.sha256 } : {}),
    scenario: scenario.hash,
    designs: designFiles.map((f) => loadDesign(f, scenario.scenario).hash),
    engine: engineVersion(),
    node: process.version,
  });
}

/** Evaluates one shard of a study into `dir`/shard.json. */
export async function runStudyShard(
  options: StudyOptions,
  shard: Shard,
  dir: string,
): Promise<StudyShardFile> {
  const stored = storedOptions(options);
  const range = shardRange(studySampleSize(options), shard);
  const outputs = await evaluateStudyPoints(options, range.from, range.to);
  const file: StudyShardFile = {
    format: 'rungs-study-shard-2',
    identity: studyIdentity(stored),
    shard: { ...shard, ...range },
    options: stored,
    outputs,
  };
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, STUDY_SHARD_FILE), `${JSON.stringify(file)}\n`);
  return file;
}

/** Whether `dir` holds a study shard (rather than a batch's). */
export function isStudyShard(dir: string): boolean {
  return existsSync(join(dir, STUDY_SHARD_FILE));
}

/**
 * Reads and checks study shard folders: one study's complete set, each once; every problem is one
 * issue naming its folder.
 */
export function readStudyShards(dirs: readonly string[]): StudyShardFile[] {
  const issues: InputIssue[] = [];
  const files = dirs.map((dir): StudyShardFile | null => {
    const file = join(dir, STUDY_SHARD_FILE);
    if (!existsSync(file)) {
      issues.push({
        file: dir,
        path: '',
        message: `holds no ${STUDY_SHARD_FILE}: a study shard not finished (a killed one leaves none; run it again)`,
      });
      return null;
    }
    try {
      const data = JSON.parse(readRegularFile(file)) as StudyShardFile;
      if (data.format !== 'rungs-study-shard-2') throw new Error('format');
      return data;
    } catch {
      issues.push({ file, path: '', message: 'not a rungs study shard file' });
      return null;
    }
  });
  issues.push(
    ...shardSetIssues(
      files.map(
        (f, i) =>
          f && { dir: dirs[i]!, whole: f.identity, index: f.shard.index, count: f.shard.count },
      ),
      'study',
      'identity',
    ),
  );
  if (issues.length > 0) throw new InputError(issues);
  return (files as StudyShardFile[]).sort((a, b) => a.shard.index - b.shard.index);
}

/**
 * The posterior the shards drew from, named as they were given it; one whose bytes changed is an
 * {@link InputError}.
 */
function storedPosterior(stored: StoredOptions): LoadedPosterior | undefined {
  if (!stored.posterior) return undefined;
  const loaded = loadPosterior(stored.posterior.file);
  if (loaded.hash !== stored.posterior.sha256)
    throw new InputError([
      {
        file: stored.posterior.file,
        path: '',
        message: `the posterior the shards drew from changed since they were run: expected sha256 ${stored.posterior.sha256}, got ${loaded.hash}`,
      },
    ]);
  return { ...loaded, file: stored.posterior.given };
}

/** The study's options from its shards, with this machine's threads and progress. */
function optionsOf(
  stored: StoredOptions,
  run: Pick<StudyOptions, 'workers' | 'onProgress'>,
): StudyOptions {
  return {
    scenarioFile: stored.scenarioFile,
    designs: stored.designs,
    decisions: stored.decisions,
    seeds: parseSeeds(stored.seeds, { file: STUDY_SHARD_FILE, path: 'options.seeds' }),
    method: stored.method,
    sampleSeed: stored.sampleSeed,
    fixed: new Map(stored.fixed),
    ...(stored.posterior ? { posterior: storedPosterior(stored)! } : {}),
    ...(stored.noiseBlocks === undefined ? {} : { noiseBlocks: stored.noiseBlocks }),
    ...(stored.noisePoints === undefined ? {} : { noisePoints: stored.noisePoints }),
    ...(stored.flipTop === undefined ? {} : { flipTop: stored.flipTop }),
    ...(stored.seedChoice ? { seedChoice: stored.seedChoice } : {}),
    ...run,
  };
}

/** Merges study shards into the study one machine would have made (see the module comment). */
export async function mergeStudyShards(
  dirs: readonly string[],
  run: Pick<StudyOptions, 'workers' | 'onProgress'>,
): Promise<Study> {
  const shards = readStudyShards(dirs);
  const stored = shards[0]!.options;
  if (studyIdentity(stored) !== shards[0]!.identity) {
    throw new InputError([
      {
        file: dirs[0]!,
        path: 'identity',
        message:
          'the scenario or design files, the engine or the Node version changed since the shards were run: this machine would not make the study they belong to',
      },
    ]);
  }
  const study = await runStudy(
    optionsOf(stored, run),
    shards.flatMap((s) => s.outputs),
  );
  return { ...study, scenarioFile: stored.scenarioGiven };
}
