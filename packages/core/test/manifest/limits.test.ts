/** Bounded YAML parsing: the limits trip with a clear problem, well-formed files pass, all in linear time. */
import { parseAllBounded, YamlLimitError, MAX_YAML_DEPTH } from '../../src/manifest/limits.js';
import { setScalar } from '../../src/manifest/edit.js';
import { InputError } from '../../src/errors.js';

function problemOf(text: string) {
  try {
    parseAllBounded(text);
  } catch (e) {
    if (e instanceof YamlLimitError) return e.problem;
    throw e;
  }
  return undefined;
}

describe('parseAllBounded', () => {
  it.each([
    ['flow sequences', (d: number) => `${'['.repeat(d)}x${']'.repeat(d)}`],
    ['flow maps', (d: number) => `${'{a: '.repeat(d)}x${'}'.repeat(d)}`],
    ['block maps', (d: number) => Array.from({ length: d }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x'],
    ['block sequences', (d: number) => Array.from({ length: d }, (_, i) => `${' '.repeat(i * 2)}-`).join('\n') + ' x'],
  ])('nesting of %s: the limit passes, one more level is refused, far deeper too', (_name, make) => {
    expect(problemOf(make(MAX_YAML_DEPTH))).toBeUndefined();
    const p = problemOf(make(MAX_YAML_DEPTH + 1));
    expect(p?.message).toBe(`nesting deeper than ${MAX_YAML_DEPTH} levels`);
    // a much deeper file fails the same way, not with a stack overflow
    expect(problemOf(make(2_000))?.message).toBe(`nesting deeper than ${MAX_YAML_DEPTH} levels`);
  });

  it('an alias bomb is refused; the same aliases without exponential fan-out pass', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    expect(problemOf(bomb.join('\n'))?.message).toMatch(/aliases expand to more than 1000000 nodes/);
    const flat = ['base: &base {tag: v1, repo: r}', ...Array.from({ length: 500 }, (_, i) => `s${i}: {<<: *base}`)].join('\n');
    expect(problemOf(flat)).toBeUndefined();
  });

  it('more than 10000 aliases are refused on the CST, before composing', () => {
    const many = ['a: &a 1', ...Array.from({ length: 10_001 }, (_, i) => `k${i}: *a`)].join('\n');
    expect(problemOf(many)?.message).toBe('more than 10000 aliases');
  });

  it('duplicate keys are still an error (checked in linear time), also in flow maps and nested', () => {
    expect(problemOf('a: 1\nb: 2\na: 3\n')).toMatchObject({ offset: 10, message: 'Map keys must be unique' });
    expect(problemOf('x: {a: 1, a: 2}\n')?.message).toBe('Map keys must be unique');
    expect(problemOf('x:\n  - {k: 1}\n  - y: 1\n    y: 2\n')?.message).toBe('Map keys must be unique');
    // equal text, different values: not duplicates (as yaml itself decides)
    expect(problemOf('1: a\n"1": b\n')).toBeUndefined();
  });

  it('a file over 8 MB is refused before parsing', () => {
    const p = problemOf(`a: "${'x'.repeat(8 * 1024 * 1024)}"\n`);
    expect(p?.message).toMatch(/^the file is 8 MB \(8388614 bytes\), over the 8 MB limit/);
  });
});

describe('setScalar under the limits', () => {
  it('reports a limit as an InputError at file:line:column', () => {
    const text = `image:\n  tag: v1\ndeep: ${'['.repeat(500)}${']'.repeat(500)}\n`;
    expect(() => setScalar(text, 'image.tag', 'v2', 'v.yaml')).toThrow(InputError);
    expect(() => setScalar(text, 'image.tag', 'v2', 'v.yaml')).toThrow(/^v\.yaml:3:\d+: nesting deeper than 200 levels \(path image\.tag\)$/);
  });

  it('is linear: 4x the keys costs about 4x the time, not 16x', () => {
    const file = (n: number) => ['image:', '  tag: v1', ...Array.from({ length: n }, (_, i) => `key${i}: value-${i}`)].join('\n') + '\n';
    const time = (text: string) => {
      const t = process.hrtime.bigint();
      setScalar(text, 'image.tag', 'v2', 'v.yaml');
      return Number(process.hrtime.bigint() - t);
    };
    const small = file(3_000);
    const large = file(12_000);
    time(small); // warm up
    const best = (text: string) => Math.min(time(text), time(text), time(text));
    const ratio = best(large) / best(small);
    // Quadratic would be ~16; allow noise from a shared machine.
    expect(ratio).toBeLessThan(8);
  });
});
