/**
 * What a game's replay checks of each logged input beyond its effect on the trace: an answer was
 * given by a seat of the game that owned its point (or by the control cell), for a point then
 * pending, with the time it was asked at and the policy's approval probability the game would have
 * recorded; what only the control cell does was done by it; a note's seat is one of the game's;
 * a thinking time is never negative. Each problem is a line naming the log's line.
 */
import type { GameEntry } from './gameLog.js';
import type { GameRun } from './gameRun.js';
import { policyOf } from './answers.js';
import { CONTROL } from './seats.js';

/** An answer checked against the points pending when it took effect; its problems, in words. */
function answerProblems(entry: GameEntry & { kind: 'answer' }, run: GameRun): string[] {
  const point = run.pending().find((p) => p.id === entry.point);
  // a point no longer pending fails the replay itself, which names the line
  if (!point) return [];
  const problems: string[] = [];
  if (entry.seat !== point.seat && entry.seat !== CONTROL)
    problems.push(
      `answered by seat "${entry.seat}", but ${entry.point} belongs to seat "${point.seat}"`,
    );
  if (entry.askedAt !== point.time)
    problems.push(
      `askedAt ${entry.askedAt ?? 'missing'}, but ${entry.point} was asked at ${point.time}`,
    );
  const policy = policyOf(run.model, (side) => run.simulation.picture(side), point).policyApprove;
  if (entry.policyApprove !== policy)
    problems.push(
      `policyApprove ${entry.policyApprove ?? 'missing'}, but the policy's approval probability there is ${policy ?? 'none'}`,
    );
  return problems;
}

/** The inputs only the control cell makes. */
const CONTROL_ONLY: ReadonlySet<string> = new Set(['clock', 'pace', 'inject', 'handover', 'end']);

/** Problems of an entry that need no replay: who made it, and its wall-clock times. */
function entryProblems(entry: GameEntry, seats: readonly string[]): string[] {
  const problems: string[] = [];
  const seat = 'seat' in entry ? entry.seat : undefined;
  if (seat !== undefined && !seats.includes(seat))
    problems.push(`seat "${seat}" is not a seat of the game (${seats.join(', ')})`);
  else if (CONTROL_ONLY.has(entry.kind) && seat !== CONTROL)
    problems.push(`a ${entry.kind} by seat "${seat}": only the control cell does that`);
  if (entry.kind === 'answer' && entry.shownWall !== undefined) {
    const thinking = Date.parse(entry.wall) - Date.parse(entry.shownWall);
    if (!(thinking >= 0))
      problems.push(`shown at ${entry.shownWall}, after it was answered (${entry.wall})`);
  }
  return problems;
}

/**
 * A checker of a game's inputs for `LiveGame.resume`'s `onReplay`, over the log's `entries` and
 * the game's `seats`; `problems()` lists what it found, each line naming the log's line.
 */
export function inputChecker(
  file: string,
  entries: readonly GameEntry[],
  seats: readonly string[],
): {
  onReplay: (entry: GameEntry, run: GameRun, index: number) => void;
  problems: () => string[];
} {
  const found: string[] = [];
  // entry i is the log's line i + 2: the settings are line 1
  const onReplay = (entry: GameEntry, run: GameRun, i: number) => {
    if (entry.kind === 'answer')
      for (const p of answerProblems(entry, run)) found.push(`${file}: line ${i + 2}: ${p}`);
  };
  const problems = () => [
    ...entries.flatMap((e, i) =>
      entryProblems(e, seats).map((p) => `${file}: line ${i + 2}: ${p}`),
    ),
    ...found,
  ];
  return { onReplay, problems };
}
