/**
 * The manifest editor's property, shared by the fast test (fixed seed) and the long bench run:
 * a random corpus document, a random existing scalar path, a random tag. setScalar's result must
 * re-parse, hold the tag at that path, equal the input with only that scalar's bytes replaced,
 * and agree with an independent edit (the `yaml` library's own setIn on the parsed document) on
 * every value. The target and its source range are found with `yaml` directly, not with the code
 * under test.
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Scalar } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { setScalar } from '../../src/manifest/edit.js';
import { formatPath, type PathSegment } from '../../src/manifest/path.js';
import { cases } from './corpus-cases.js';
import { FIXTURES, fixture } from './fixtures.js';

export interface Target {
  file: string;
  text: string;
  path: string;
  segments: (string | number)[];
  docIndex: number;
  range: [number, number];
}

/** Every scalar a path can name in a document: string keys and list indexes, no merge keys or aliases, no tags, no block scalars. */
function scalarPaths(doc: Document.Parsed): { segments: (string | number)[]; node: Scalar }[] {
  const out: { segments: (string | number)[]; node: Scalar }[] = [];
  const walk = (node: unknown, at: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || pair.key.value === '<<' || pair.key.value === '') continue;
        walk(pair.value, [...at, pair.key.value]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...at, i]));
    } else if (isScalar(node) && at.length > 0 && !node.tag && node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') {
      out.push({ segments: at, node });
    }
  };
  walk(doc.contents, []);
  return out;
}

function toPath(segments: (string | number)[]): string {
  return formatPath(segments.map((s): PathSegment => (typeof s === 'number' ? { kind: 'index', index: s } : { kind: 'key', key: s })));
}

/** All targets of the corpus: each scalar path, in the first document that holds the path (DESIGN.md). */
export function corpusTargets(): Target[] {
  const files = new Set([...readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml') && f !== 'invalid.yaml'), ...cases.map((c) => c.file)]);
  const targets: Target[] = [];
  for (const file of [...files].sort()) {
    const text = fixture(file);
    const docs = parseAllDocuments(text) as Document.Parsed[];
    if (docs.some((d) => d.errors.length > 0)) continue;
    docs.forEach((doc, d) => {
      for (const { segments, node } of scalarPaths(doc)) {
        const first = docs.findIndex((x) => x.contents !== null && x.hasIn(segments));
        if (first !== d) continue;
        // A key with a dot or bracket needs quoting: formatPath does it; keys with characters the
        // path grammar cannot carry at all are skipped.
        const path = toPath(segments);
        targets.push({ file, text, path, segments, docIndex: d, range: [node.range![0], node.range![1]] });
      }
    });
  }
  return targets;
}

/** Tag-like values, YAML look-alikes (1.1 booleans, numbers, dates, null) and arbitrary printable text. */
export function valueArbitrary(): fc.Arbitrary<string> {
  const printable = fc.string({
    unit: fc.oneof(fc.constantFrom(...'abcxyzABC019.-_:/@#&*!|>\'"%`{}[],? ~=+'.split('')), fc.constantFrom('é', 'ß', '日', '☕', '👩‍💻', '\u00a0')),
    minLength: 1,
    maxLength: 24,
  });
  const tag = fc.stringMatching(/^v?[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(-rc\.[0-9a-f]{7})?$/);
  const lookalike = fc.constantFrom(
    'yes',
    'No',
    'on',
    'OFF',
    'y',
    '~',
    'null',
    'true',
    '1.10',
    '010',
    '0x1F',
    '1e3',
    '.inf',
    '1:20',
    '2024-01-01',
    '',
    ' v1',
    'v1 ',
    '- a',
    'a: b',
    'a #b',
  );
  return fc.oneof(tag, lookalike, printable);
}

/** Checks one edit; returns a description of what is wrong, or undefined. */
export function checkEdit(t: Target, value: string): string | undefined {
  const out = setScalar(t.text, t.path, value, t.file, { editAnchor: true });
  const [start, end] = t.range;
  // Every byte before and after the old scalar is kept (an empty value may gain separating spaces).
  const suffix = t.text.length - end;
  if (out.slice(0, start) !== t.text.slice(0, start)) return 'bytes before the scalar changed';
  if (out.slice(out.length - suffix) !== t.text.slice(end)) return 'bytes after the scalar changed';
  // Setting the value a scalar already shows is a no-op (even a plain 1.10 that reads as a number).
  if (out === t.text) return scalarShows(t, value) ? undefined : 'nothing changed';
  // Re-parses, with the value at the path as a string.
  const docs = parseAllDocuments(out) as Document.Parsed[];
  for (const d of docs) if (d.errors.length > 0) return `does not re-parse: ${d.errors[0].message}`;
  const got = docs[t.docIndex]?.getIn(t.segments);
  if (got !== value) return `reads back ${JSON.stringify(got)}`;
  // Exactly that one scalar differs: the independent edit agrees on every document.
  const expected = parseAllDocuments(t.text) as Document.Parsed[];
  expected[t.docIndex].setIn(t.segments, value);
  const want = expected.map((d) => d.toJS({ maxAliasCount: -1 }) as unknown);
  const have = docs.map((d) => d.toJS({ maxAliasCount: -1 }) as unknown);
  if (!isDeepStrictEqual(want, have)) return 'another value changed';
  return undefined;
}

/** A no-op is right only when the scalar already shows the value. */
function scalarShows(t: Target, value: string): boolean {
  const src = t.text.slice(t.range[0], t.range[1]);
  return src === value || src === `"${value}"` || src === `'${value}'`;
}

/** The property, for fc.assert. */
export function editProperty(targets: Target[]) {
  return fc.property(fc.constantFrom(...targets), valueArbitrary(), (t, value) => {
    const problem = checkEdit(t, value);
    if (problem) throw new Error(`${t.file} ${t.path} = ${JSON.stringify(value)}: ${problem}`);
  });
}
