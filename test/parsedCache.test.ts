import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { keptFile, parsedOnce } from '../src/scenario/parsedCache.js';
import { parseYaml } from '../src/scenario/text.js';

const texts: string[] = [];
/** A text no other test parses, removed from the cache afterwards. */
const unique = (body: string) => {
  const text = `# parsedCache test ${process.pid} ${texts.length}\n${body}`;
  texts.push(text);
  return text;
};
afterAll(() => texts.forEach((t) => rmSync(keptFile(t), { force: true })));

describe('parsed YAML kept by content', () => {
  it('parses a text once: the second time its data is read back, equal to the first', () => {
    const text = unique('a: 1\nb: [x, {c: 2.5, d: null, e: true}]\n');
    let parses = 0;
    const first = parsedOnce(text, () => (parses++, parseYaml(text, 'x.yaml')));
    expect(existsSync(keptFile(text))).toBe(true);
    const second = parsedOnce(text, () => (parses++, null));
    expect(parses).toBe(1);
    expect(second).toEqual(first);
    expect(second).toEqual({ a: 1, b: ['x', { c: 2.5, d: null, e: true }] });
  });

  it('keeps a value aliases share as equal copies', () => {
    const text = unique('base: &b {x: 1, y: [2, 3]}\nuse: *b\n');
    const first = parseYaml(text, 'x.yaml') as { base: unknown; use: unknown };
    expect(first.base).toBe(first.use);
    let parses = 0;
    const kept = parsedOnce(text, () => (parses++, null)) as { base: unknown; use: unknown };
    expect(parses).toBe(0);
    expect(kept).toEqual(first);
  });

  it('keeps only what JSON gives back: not .inf, -0 or a value inside itself', () => {
    for (const body of ['a: .inf\n', 'a: -0.0\n', 'a: &x [1, *x]\n']) {
      const text = unique(body);
      const data = parseYaml(text, 'x.yaml');
      expect(existsSync(keptFile(text)), body).toBe(false);
      let parses = 0;
      expect(parsedOnce(text, () => (parses++, data))).toBe(data);
      expect(parses, body).toBe(1);
    }
  });

  it('never keeps a text that is not valid: its errors are reported every time', () => {
    const text = unique('a: [1, 2\n');
    expect(() => parseYaml(text, 'bad.yaml')).toThrow(/bad\.yaml/);
    expect(existsSync(keptFile(text))).toBe(false);
    expect(() => parseYaml(text, 'bad.yaml')).toThrow(/not valid YAML/);
  });
});

describe('a kept entry that does not verify is ignored', () => {
  const planted = (text: string, data: unknown, mac: string) =>
    writeFileSync(keptFile(text), `${mac}\n${JSON.stringify(data)}`);

  it('planted (another cache, or made by hand), truncated or edited: parsed again, then kept afresh', () => {
    const body = 'a: 1\nb: [x, y]\n';
    const truth = { a: 1, b: ['x', 'y'] };
    const forgeries: Array<[string, (text: string) => void]> = [
      ['plain JSON, as an earlier format kept it', (t) => writeFileSync(keptFile(t), '{"a":2}')],
      [
        'an HMAC under another key',
        (t) =>
          planted(t, { a: 2 }, createHmac('sha256', randomBytes(32)).update('x').digest('hex')),
      ],
      [
        'a SHA-256 of its data',
        (t) => planted(t, { a: 2 }, createHash('sha256').update('{"a":2}').digest('hex')),
      ],
    ];
    for (const [what, plant] of forgeries) {
      const text = unique(body);
      plant(text);
      expect(parseYaml(text, 'x.yaml'), what).toEqual(truth);
      let parses = 0;
      expect(
        parsedOnce(text, () => (parses++, null)),
        what,
      ).toEqual(truth);
      expect(parses, `${what}: kept afresh`).toBe(0);
    }
    for (const spoil of [(s: string) => s.slice(0, -3), (s: string) => s.replace('"x"', '"z"')]) {
      const text = unique(body);
      parseYaml(text, 'x.yaml');
      writeFileSync(keptFile(text), spoil(readFileSync(keptFile(text), 'utf8')));
      let parses = 0;
      expect(parsedOnce(text, () => (parses++, truth))).toEqual(truth);
      expect(parses).toBe(1);
    }
  });
});
