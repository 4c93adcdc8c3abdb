/**
 * Hostile or mistaken files: too large, alias bombs, keys that JavaScript objects treat
 * specially, duplicate keys. Each gives `error: <file>: …` and exit 2, never a crash.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/scenario/errors.js';
import { MAX_INPUT_BYTES, parseScenario } from '../src/scenario/load.js';
import { REFERENCE } from './helpers.js';
import {
  expectNamed,
  referenceData,
  referenceWith,
  runCommand,
  tempDir,
  writeCases,
  type BadFile,
} from './inputCases.js';

const dir = tempDir();

/** A key set as an own property, the way a YAML parser sets `__proto__: …`. */
function ownKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
}

/** Nine aliases of nine aliases of …: a few hundred bytes that expand to 9^6 copies. */
function aliasBomb(): string {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 6; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

const cases: BadFile[] = [
  {
    name: 'proto-in-rungs',
    text: referenceWith((d) =>
      ownKey(d.adversary.rungs, '__proto__', { dwell: '1h', advance: 1, stepDown: 0, source: 'x' }),
    ),
    path: 'adversary.rungs.__proto__',
    says: /"__proto__" is not allowed as a key .*rename it/,
  },
  {
    name: 'proto-in-chains',
    text: referenceWith((d) => ownKey(d.decisions[0].chains, '__proto__', [{ org: 'jp.pm' }])),
    path: 'decisions[0].chains.__proto__',
    says: /"__proto__" is not allowed as a key/,
  },
  {
    name: 'constructor-in-posture',
    text: referenceWith((d) => (d.adversary.posture.constructor = 3)),
    path: 'adversary.posture.constructor',
    says: /"constructor" is not allowed as a key/,
  },
  {
    name: 'reserved-rung-id',
    text: referenceWith((d) => (d.ladder.rungs[9].id = 'prototype')),
    path: 'ladder.rungs[9].id',
    says: /"prototype" is reserved/,
  },
  {
    name: 'alias-bomb',
    text: aliasBomb,
    path: '',
    says: /YAML aliases \(\*name\) expand to more than 100 copies/,
  },
  {
    name: 'unresolved-alias',
    text: () => 'id: *nowhere\n',
    path: '',
    says: /not valid YAML: Unresolved alias/,
  },
  {
    name: 'duplicate-key',
    text: () => 'id: a\ntitle: t\nid: b\n',
    path: 'line 3, column 1',
    says: /not valid YAML: Map keys must be unique/,
  },
  {
    name: 'oversized',
    text: () => `# ${'x'.repeat(MAX_INPUT_BYTES)}\nid: big\n`,
    path: '',
    says: new RegExp(
      `is ${(MAX_INPUT_BYTES + 11).toLocaleString('en')} bytes, larger than the limit of ${MAX_INPUT_BYTES.toLocaleString('en')} bytes`,
    ),
  },
];

describe('hostile input files', () => {
  it('each give error: <file>: <path>: <what> and exit 2 from validate', () => {
    const files = writeCases(dir, cases);
    expectNamed(runCommand('validate', files), files, cases);
  }, 30_000);

  it('give the same clean exit 2 from sim (an alias bomb as the scenario, an oversized script)', () => {
    const [bomb] = writeCases(
      dir,
      cases.filter((c) => c.name === 'alias-bomb'),
    );
    const asScenario = runCommand('sim', [
      '--scenario',
      bomb!,
      '--design',
      'parallel',
      '--seed',
      '1',
    ]);
    expect(asScenario.status).toBe(2);
    expect(asScenario.stderr).toMatch(new RegExp(`^error: ${bomb}: YAML aliases`));
    const script = join(dir, 'huge-script.yaml');
    writeFileSync(script, `a: ${'b'.repeat(MAX_INPUT_BYTES)}\n`);
    const bigScript = runCommand('sim', [
      '--scenario',
      REFERENCE,
      '--design',
      'parallel',
      '--seed',
      '1',
      '--script',
      script,
    ]);
    expect(bigScript.status).toBe(2);
    expect(bigScript.stderr).toMatch(
      new RegExp(`^error: ${script}: is [\\d,]+ bytes, larger than the limit`),
    );
    expect(bigScript.stderr).not.toMatch(/internal error|\n\s+at /);
  }, 30_000);

  it('reject a reserved key in data that never was YAML text (a sweep point), with its path', () => {
    const d = referenceData();
    ownKey(d.adversary.rungs, '__proto__', { dwell: '1h', advance: 1, stepDown: 0, source: 'x' });
    try {
      parseScenario(d, 'point.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues).toEqual([
        expect.objectContaining({ file: 'point.yaml', path: 'adversary.rungs.__proto__' }),
      ]);
    }
  });
});
