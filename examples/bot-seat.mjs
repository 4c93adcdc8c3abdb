#!/usr/bin/env node
/**
 * A bot that plays one seat of a live game through the facilitator's JSON API (plain Node 20, no
 * dependencies):
 *
 *   node examples/bot-seat.mjs http://127.0.0.1:8080/?token=… [--every 2] [--rationale "bot"]
 *
 * It reads its seat's pending points, answers each with the engine's policy's likelier answer
 * (approve when the policy would approve with probability 0.5 or more, else the other option; a
 * point without such a probability, like an adversary's move, takes its first option), and polls
 * again every few seconds until the game ends. Given the control cell's link it answers only the
 * control cell's own points (the Diet's votes) and does not run the clock.
 */

const args = process.argv.slice(2);
const link = args.find((a) => !a.startsWith('--'));
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
if (!link) {
  console.error(
    'usage: node examples/bot-seat.mjs <seat link with ?token=…> [--every seconds] [--rationale text]',
  );
  process.exit(2);
}
let url;
try {
  url = new URL(link);
} catch {
  console.error(
    `error: "${link}" is not a link (expected the seat's link, http://host:port/?token=…)`,
  );
  process.exit(2);
}
const token = url.searchParams.get('token');
const everySeconds = Number(option('every', '2'));
const rationale = option(
  'rationale',
  "answered by examples/bot-seat.mjs: the policy's likelier answer",
);
if (!token || !(everySeconds > 0)) {
  console.error('error: expected a link with ?token= and --every a positive number of seconds');
  process.exit(2);
}

/** A request to the API with the seat's token; the JSON it answers, or an error naming the refusal. */
async function call(path, body) {
  const response = await fetch(new URL(path, url.origin), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  return { status: response.status, json };
}

/** The rule: the policy's likelier answer, else the first option. */
function choose(point) {
  if (point.policyApprove === undefined || !point.options.includes('approve'))
    return point.options[0];
  return point.policyApprove >= 0.5 ? 'approve' : point.options.find((o) => o !== 'approve');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

for (;;) {
  const { status, json } = await call('/api/pending');
  if (status !== 200) {
    console.error(`error: ${json.error} (${status})`);
    process.exit(1);
  }
  if (json.finished) {
    console.log(`the game has ended at T+${Math.round(json.time)} min`);
    break;
  }
  const mine = json.pending.filter((p) => p.seat === json.seat);
  for (const point of mine) {
    const answer = choose(point);
    const sent = await call('/api/answer', {
      point: point.id,
      answer,
      version: json.version,
      rationale,
    });
    // 409: the point was answered or overtaken meanwhile, or the game moved on; the next poll sees why
    if (sent.status === 200) console.log(`${point.id} (${point.label}): ${answer}`);
    else console.log(`${point.id}: not taken (${sent.status}: ${sent.json.error})`);
  }
  if (mine.length === 0) await sleep(everySeconds * 1000);
}
