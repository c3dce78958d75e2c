/**
 * Byte-exactness over a corpus of realistic manifests: for every case the expected output is
 * computed independently, as the input with only the old scalar's bytes replaced.
 */
import { readdirSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { readScalar, setScalar } from '../../src/manifest/edit.js';
import { cases } from './corpus-cases.js';
import { changedLines, FIXTURES, fixture, spliceOn } from './fixtures.js';

/** Column as a user sees it: 1-based, the BOM does not count. */
function columnOf(text: string, line: number, old: string): number {
  const lineText = text.split('\n')[line - 1];
  const bom = line === 1 && lineText.startsWith('\uFEFF') ? 1 : 0;
  const at = lineText.indexOf(old);
  if (at < 0) throw new Error(`${JSON.stringify(old)} not on line ${line}`);
  return at + 1 - bom;
}

describe('corpus: setScalar changes only the target scalar bytes', () => {
  it('the corpus has at least 18 fixtures and every one is used', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(18);
    const used = new Set(cases.map((c) => c.file));
    // The rest are used by the error and edge-case tests.
    const elsewhere = ['block-scalar.yaml', 'invalid.yaml', 'duplicate-images.yaml', 'empty-tag.yaml'];
    for (const f of files) expect(used.has(f) || elsewhere.includes(f)).toBe(true);
  });

  it('fixtures carry the bytes they claim (CRLF, BOM, no trailing newline, trailing spaces)', () => {
    expect(fixture('crlf-values.yaml')).toContain('tag: v1.2.3\r\n');
    expect(fixture('crlf-values.yaml').replace(/\r\n/g, '')).not.toContain('\n');
    expect(fixture('bom-values.yaml').charCodeAt(0)).toBe(0xfeff);
    expect(fixture('no-trailing-newline.yaml').endsWith('v1.2.3')).toBe(true);
    expect(fixture('trailing-whitespace.yaml')).toContain('tag: v1.2.3    \n');
    expect(fixture('multi-document.yaml')).toMatch(/\n\.\.\.\n---\n/);
  });

  it.each(cases)('$file $path = $value', (c) => {
    const text = fixture(c.file);

    const before = readScalar(text, c.path, c.file);
    expect(before).toMatchObject({
      value: c.read,
      line: c.line,
      column: columnOf(text, c.line, c.old),
      style: c.style,
      docIndex: c.docIndex ?? 0,
    });

    // A shared scalar (anchor, alias, merge key) is refused unless editAnchor says so.
    expect(before.anchor).toBe(c.shared);
    if (c.shared) {
      expect(() => setScalar(text, c.path, c.value, c.file)).toThrow(`&${c.shared} (line `);
    }
    const opts = { editAnchor: c.shared !== undefined };
    const out = setScalar(text, c.path, c.value, c.file, opts);
    expect(out).toBe(spliceOn(text, c.line, c.old, c.expected));
    expect(changedLines(text, out)).toEqual([c.line]);

    const after = readScalar(out, c.path, c.file);
    expect(after.value).toBe(c.value);
    expect(after.line).toBe(c.line);
    expect(after.docIndex).toBe(c.docIndex ?? 0);

    // An independent parse agrees: the new value is a string, every document still parses.
    const docs = parseAllDocuments(out);
    expect(Array.isArray(docs)).toBe(true);
    for (const d of docs as ReturnType<typeof parseAllDocuments> & unknown[]) expect(d.errors).toEqual([]);

    // Idempotent: setting the same value again changes nothing.
    expect(setScalar(out, c.path, c.value, c.file, opts)).toBe(out);
  });
});
