import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/scenario/errors.js';
import { loadScenario, parseDesign } from '../src/scenario/load.js';
import { toJsonSchemas } from '../src/scenario/jsonSchema.js';
import { REFERENCE, reference } from './helpers.js';
import { referenceData, tempDir } from './inputCases.js';
import { runCommand } from './command.js';

const dir = tempDir();

/** Bad scenario files, each with the path its error must name and words from the message. */
const cases: Array<{ name: string; make: () => string; path: string; says: RegExp }> = [
  {
    name: 'wrong-type',
    make: () => stringify({ ...referenceData(), jcgCapacity: 'six' }),
    path: 'jcgCapacity',
    says: /expected number, received string/,
  },
  {
    name: 'unknown-rung',
    make: () => {
      const d = referenceData();
      d.decisions[1].trigger = { rungAtLeast: 'R42' };
      return stringify(d);
    },
    path: 'decisions[1].trigger.rungAtLeast',
    says: /unknown rung "R42"/,
  },
  {
    name: 'negative-delay',
    make: () => {
      const d = referenceData();
      d.organisations[0].processing = { lognormal: { median: -5, p90: 30 } };
      return stringify(d);
    },
    path: 'organisations[0].processing',
    says: /duration of zero or more/,
  },
  {
    name: 'cycle',
    make: () => {
      const d = referenceData();
      const mso = d.decisions.find((x: { id: string }) => x.id === 'jp.mso');
      const ps = d.decisions.find((x: { id: string }) => x.id === 'jp.publicSecurity');
      mso.requires = { ...mso.requires, decided: ['jp.publicSecurity'] };
      ps.requires = { ...ps.requires, decided: ['jp.mso'] };
      return stringify(d);
    },
    path: 'requires.decided',
    says: /cycle: jp\.\w+ → jp\.\w+ → jp\.\w+/,
  },
  {
    name: 'missing-field',
    make: () => {
      const d = referenceData();
      delete d.ladder.start;
      return stringify(d);
    },
    path: 'ladder.start',
    says: /missing required field/,
  },
  {
    name: 'not-yaml',
    make: () => 'id: [unclosed\n  title: {\n',
    path: 'line ',
    says: /not valid YAML/,
  },
  { name: 'not-a-mapping', make: () => '- just\n- a list\n', path: '', says: /YAML mapping/ },
  {
    name: 'misspelt-power',
    make: () => {
      const d = referenceData();
      d.decisions.find((x: { id: string }) => x.id === 'jp.defenseOperation').effects.powers = [
        'useOfForse',
      ];
      return stringify(d);
    },
    path: '.effects.powers[0]',
    says: /unknown power "useOfForse" \(expected one of: policing, assetProtection, useOfForce, collectiveSelfDefense, collectiveDefense\)/,
  },
  {
    name: 'unknown-use-of-force-state',
    make: () => {
      const d = referenceData();
      d.outcome.useOfForce = [{ nation: 'japan', state: 'engagement/force' }];
      return stringify(d);
    },
    path: 'outcome.useOfForce[0].state',
    says: /unknown state of japan's legal posture "engagement\/force" \(expected one of: .*engagement\/useOfForce/,
  },
];

const files = cases.map((c) => {
  const file = join(dir, `${c.name}.yaml`);
  writeFileSync(file, c.make());
  return file;
});

describe('bad input files', () => {
  it('names the file, the path inside it and what was expected, exits 2 without a stack trace', () => {
    const cli = runCommand('validate', files);
    expect(cli.status).toBe(2);
    expect(cli.stderr).not.toMatch(/\n\s+at |Error:/);
    const lines = cli.stderr.split('\n');
    cases.forEach((c, i) => {
      const mine = lines.filter((l) => l.startsWith(`error: ${files[i]}:`));
      expect(mine.length, c.name).toBeGreaterThan(0);
      expect(
        mine.some((l) => l.includes(c.path) && c.says.test(l)),
        `${c.name}: ${mine.join(' | ')}`,
      ).toBe(true);
    });
  }, 30_000);

  it('exits 2 from sim on a bad scenario, with the same message', () => {
    const cli = runCommand('sim', ['--scenario', files[1]!, '--design', 'parallel', '--seed', '1']);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('decisions[1].trigger.rungAtLeast');
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('reports a missing file and an unknown design by name', () => {
    expect(() => loadScenario(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: no such file/);
    const cli = runCommand('sim', [
      '--scenario',
      REFERENCE,
      '--design',
      'no-such-design',
      '--seed',
      '1',
    ]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/unknown design "no-such-design" \(known: .*parallel/);
  }, 30_000);

  it('checks a design against the scenario: unknown organisations and decisions', () => {
    const design = {
      id: 'broken',
      label: 'broken',
      source: 'test',
      mechanism: {
        activation: { decision: 'alliance.nothing', source: 'test' },
        consultation: [
          {
            categories: ['operational'],
            via: 'no.such.body',
            mode: 'consensus',
            concur: { japan: 'jp.cas' },
            source: 'test',
          },
        ],
      },
    };
    try {
      parseDesign(design, 'broken.yaml', reference.scenario);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const text = (error as InputError).issues.map((i) => `${i.path}: ${i.message}`).join('\n');
      expect(text).toMatch(
        /mechanism\.activation\.decision: unknown alliance decision of this design "alliance\.nothing"/,
      );
      expect(text).toMatch(
        /mechanism\.consultation\[0\]\.via: unknown organisation "no\.such\.body"/,
      );
    }
  });
});

describe('a triggered mechanism that would wait for itself', () => {
  it('is refused: its activation decision would be consulted through a body that needs the activation', () => {
    const activation = {
      id: 'alliance.activate',
      side: 'alliance',
      label: 'activate',
      category: 'operational',
      trigger: { facts: ['activationRequested'] },
      chains: {
        japan: [{ org: 'jp.pm', approval: true, political: true }],
        unitedStates: [{ org: 'us.president', approval: true, political: true }],
      },
      approve: { probability: 0.5, reconsider: '1d', source: 'test' },
      source: 'test',
    };
    const design = {
      id: 'self-waiting',
      label: 'self-waiting',
      source: 'test',
      organisations: [
        {
          id: 'body',
          side: 'bilateral',
          label: 'body',
          capacity: 1,
          processing: '1h',
          source: 'test',
        },
      ],
      decisions: [activation],
      mechanism: {
        bodies: ['body'],
        activation: { decision: 'alliance.activate', source: 'test' },
        consultation: [
          {
            categories: ['operational'],
            via: 'body',
            mode: 'consensus',
            concur: { japan: 'jp.cas' },
            requiresActive: true,
            source: 'test',
          },
        ],
      },
    };
    expect(() => parseDesign(design, 'self.yaml', reference.scenario)).toThrow(
      /mechanism\.consultation\[0\]: the activation decision "alliance\.activate" .* would be consulted through a body that waits for that very activation/,
    );
  });
});

describe('JSON Schemas shipped for editors', () => {
  it('match the zod schemas (run `npm run schemas` after changing them)', () => {
    for (const [name, schema] of Object.entries(toJsonSchemas())) {
      expect(JSON.parse(readFileSync(join('schemas', name), 'utf8')), name).toEqual(schema);
    }
  });
});
