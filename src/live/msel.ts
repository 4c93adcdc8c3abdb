/**
 * An injects list (MSEL) for a live game: read from its file, its shape validated by the schema
 * and every name in it checked against the game (facts the model knows, rungs, organisations, the
 * game's seats, a time before the horizon), each problem an {@link InputError} naming the file,
 * the item's path and what was expected. A game records the file and its content hash, and a
 * resumed game refuses a file that changed since. The same checks refuse an item the control cell
 * adds or edits during play.
 */
import { join } from 'node:path';
import type { Model } from '../model/model.js';
import { InputError, formatPath, type InputIssue } from '../scenario/errors.js';
import { contentHash } from '../scenario/hash.js';
import { parseYaml, readInputFile } from '../scenario/text.js';
import {
  InjectsFileSchema,
  type InjectsFile,
  type ScheduleItem,
} from '../scenario/injectsSchema.js';
import { LOG_FILE, type GameSettings, type Inject } from './gameLog.js';
import { CONTROL } from './seats.js';
import { knownFacts } from './injects.js';

/** What an item is checked against: the model and the game's seats (the control cell's among them). */
export interface ItemContext {
  readonly model: Model;
  readonly seats: readonly string[];
}

/** A loaded injects list: its items and the hash of its content. */
export interface LoadedInjects {
  readonly file: string;
  readonly items: readonly ScheduleItem[];
  readonly hash: string;
}

/** The seats a message can go to: every player seat, or `all` of them. */
export const recipientsOf = (seats: readonly string[]): string[] => [
  ...seats.filter((s) => s !== CONTROL),
  'all',
];

/** Simulated minutes as a duration the files take (`1d6h30m`). */
export function durationText(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = +(minutes % 60).toFixed(3);
  const text = `${days ? `${days}d` : ''}${hours ? `${hours}h` : ''}${rest ? `${rest}m` : ''}`;
  return text || '0m';
}

/**
 * What is wrong with one item in this game, each problem with the path of its field inside the
 * item; empty when it is fine.
 */
export function itemProblems(
  context: ItemContext,
  item: ScheduleItem,
): Array<{ readonly path: string; readonly message: string }> {
  const { model } = context;
  const problems: Array<{ path: string; message: string }> = [];
  if (item.at >= model.horizon)
    problems.push({
      path: 'at',
      message: `expected a time before the horizon (${durationText(model.horizon)}), not ${durationText(item.at)}`,
    });
  switch (item.kind) {
    case 'fact': {
      const facts = knownFacts(model);
      if (!facts.includes(item.fact))
        problems.push({
          path: 'fact',
          message: `unknown fact "${item.fact}": expected one the model knows (${facts.join(', ')})`,
        });
      break;
    }
    case 'message': {
      const recipients = recipientsOf(context.seats);
      if (!recipients.includes(item.to))
        problems.push({
          path: 'to',
          message: `no seat "${item.to}" in this game: expected one of ${recipients.join(', ')}`,
        });
      break;
    }
    case 'move':
      if (!model.rungIndex.has(item.rung))
        problems.push({
          path: 'rung',
          message: `unknown rung "${item.rung}": expected one of ${[...model.rungIndex.keys()].join(', ')}`,
        });
      break;
    case 'organisation':
      if (!model.organisations.has(item.org))
        problems.push({
          path: 'org',
          message: `unknown organisation "${item.org}": expected one of ${[...model.organisations.keys()].join(', ')}`,
        });
      break;
  }
  return problems;
}

/** The injects an item makes when it fires: a message to `all` is one message to each player seat. */
export function injectsOfItem(item: ScheduleItem, seats: readonly string[]): Inject[] {
  switch (item.kind) {
    case 'fact':
      return [{ type: 'fact', fact: item.fact, side: item.to }];
    case 'message':
      return (item.to === 'all' ? recipientsOf(seats).slice(0, -1) : [item.to]).map((to) => ({
        type: 'message',
        to,
        text: item.text,
      }));
    case 'move':
      return [{ type: 'move', to: item.rung }];
    case 'organisation':
      return [
        {
          type: 'organisation',
          org: item.org,
          ...(item.capacity === undefined ? {} : { capacity: item.capacity }),
          ...(item.delayFactor === undefined ? {} : { delayFactor: item.delayFactor }),
        },
      ];
  }
}

/** The file's shape, validated; problems name the file and the path inside it. */
function parseInjectsFile(file: string): InjectsFile {
  const data = parseYaml(readInputFile(file), file);
  const result = InjectsFileSchema.safeParse(data);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((issue) => ({
      file,
      path: formatPath(issue.path),
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
          : issue.message,
    })),
  );
}

/**
 * Loads the injects list `file` for a game of `model` with these seats: every problem in it an
 * {@link InputError} naming the file, the item's path and what was expected.
 */
export function loadInjects(file: string, context: ItemContext): LoadedInjects {
  const parsed = parseInjectsFile(file);
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  parsed.injects.forEach((item, i) => {
    if (seen.has(item.id))
      issues.push({ file, path: `injects[${i}].id`, message: `"${item.id}" is used twice` });
    seen.add(item.id);
    for (const p of itemProblems(context, item))
      issues.push({ file, path: `injects[${i}].${p.path}`, message: p.message });
  });
  if (issues.length > 0) throw new InputError(issues);
  return { file, items: parsed.injects, hash: contentHash(parsed) };
}

/**
 * The injects list of a resumed game, as its settings name it (none when they name none); refused,
 * naming the log, when the file changed since the game started.
 */
export function injectsOfGame(
  folder: string,
  settings: GameSettings,
  context: ItemContext,
): LoadedInjects | undefined {
  if (settings.injectsFile === undefined) return undefined;
  const loaded = loadInjects(settings.injectsFile, context);
  if (loaded.hash !== settings.injectsHash)
    throw new InputError([
      {
        file: join(folder, LOG_FILE),
        path: 'line 1',
        message: `the injects file ${settings.injectsFile} changed since the game started (hash ${settings.injectsHash ?? '(none)'}, now ${loaded.hash}): restore it to resume the game`,
      },
    ]);
  return loaded;
}
