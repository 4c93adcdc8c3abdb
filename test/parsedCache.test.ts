import { existsSync, rmSync } from 'node:fs';
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
