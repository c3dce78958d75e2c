import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Fixture directory; jest runs from the repository root. */
export const FIXTURES = join(process.cwd(), 'packages/core/test/fixtures/manifests');

/** A fixture's exact text (BOM and CRLF kept: Node keeps U+FEFF when decoding utf8). */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/**
 * Offset of `old` in 1-based line `line` of `text`, found independently of the code under test.
 * `old` must occur exactly once on that line.
 */
export function offsetOn(text: string, line: number, old: string): number {
  const lines = text.split('\n');
  if (line < 1 || line > lines.length) throw new Error(`line ${line} out of range`);
  const lineText = lines[line - 1];
  const at = lineText.indexOf(old);
  if (at < 0) throw new Error(`${JSON.stringify(old)} not on line ${line}: ${JSON.stringify(lineText)}`);
  if (lineText.indexOf(old, at + 1) >= 0 && old.length > 0) throw new Error(`${JSON.stringify(old)} twice on line ${line}`);
  let offset = 0;
  for (let i = 0; i < line - 1; i += 1) offset += lines[i].length + 1;
  return offset + at;
}

/** `text` with exactly `old` (at `line`) replaced by `replacement`. */
export function spliceOn(text: string, line: number, old: string, replacement: string): string {
  const at = offsetOn(text, line, old);
  return text.slice(0, at) + replacement + text.slice(at + old.length);
}

/** Indexes of lines (split on \n, so \r stays part of a line) that differ. */
export function changedLines(a: string, b: string): number[] {
  const x = a.split('\n');
  const y = b.split('\n');
  const out: number[] = [];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) if (x[i] !== y[i]) out.push(i + 1);
  return out;
}
