/**
 * YAML paths as DESIGN.md defines them ("YAML paths"):
 *
 *   image.tag                                       dot-separated map keys
 *   spec.template.spec.containers[0].image          list index
 *   images[name=ghcr.io/acme/payments].newTag       list selector: the one item whose `name` is that value
 *   images[name="ghcr.io/acme/payments"].digest     selector value quoted ("…" or '…')
 *   metadata.labels["app.kubernetes.io/version"]    bracket-quoted key (may hold dots, brackets, `=`)
 *
 * Grammar (whitespace is significant except around `=` and inside brackets' edges):
 *   path     := first rest*
 *   first    := key | bracket
 *   rest     := '.' key | bracket
 *   key      := one or more characters other than `.`, `[`, `]`
 *   bracket  := '[' ( digits | quoted | name '=' (quoted | raw) ) ']'
 *   quoted   := '"' (char | '\"' | '\\')* '"'  |  "'" (char | "''")* "'"
 *   raw      := one or more characters other than `]` (dots, slashes, colons are fine)
 */
import { InputError } from '../errors.js';

export type PathSegment =
  /** A map key. */
  | { kind: 'key'; key: string }
  /** A zero-based list index. */
  | { kind: 'index'; index: number }
  /** The single list item that is a map whose `key` holds the scalar `value`. */
  | { kind: 'select'; key: string; value: string };

function bad(path: string, at: number, what: string): InputError {
  return new InputError(
    `invalid YAML path ${JSON.stringify(path)} at character ${at + 1}: ${what}`,
    'write keys as a.b, list items as a[0] or a[name=value], keys with dots as a["x.y"]',
  );
}

/** Reads a quoted string starting at `path[i]` (a quote); returns the string and the index after it. */
function readQuoted(path: string, i: number): { text: string; end: number } {
  const quote = path[i];
  let text = '';
  let j = i + 1;
  while (j < path.length) {
    const c = path[j];
    if (quote === '"' && c === '\\') {
      const next = path[j + 1];
      if (next !== '"' && next !== '\\') throw bad(path, j, 'only \\" and \\\\ escapes are allowed in "…"');
      text += next;
      j += 2;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && path[j + 1] === "'") {
        text += "'";
        j += 2;
        continue;
      }
      return { text, end: j + 1 };
    }
    text += c;
    j += 1;
  }
  throw bad(path, i, `unterminated ${quote}…${quote}`);
}

/** Parses a DESIGN.md YAML path. Throws InputError naming the path and what is wrong. */
export function parsePath(path: string): PathSegment[] {
  if (typeof path !== 'string' || path.length === 0) throw bad(String(path), 0, 'the path is empty');
  const segments: PathSegment[] = [];
  let i = 0;
  let expectKey = true; // at the start, or right after a '.'
  while (i < path.length) {
    const c = path[i];
    if (c === '[') {
      if (expectKey && segments.length > 0) throw bad(path, i, "'.' must be followed by a key, not '['");
      i = parseBracket(path, i, segments);
      expectKey = false;
      if (i < path.length && path[i] !== '.' && path[i] !== '[') {
        throw bad(path, i, `expected '.' or '[' after ']', found ${JSON.stringify(path[i])}`);
      }
      if (path[i] === '.') {
        i += 1;
        expectKey = true;
        if (i === path.length) throw bad(path, i - 1, 'the path ends with a dot');
      }
      continue;
    }
    if (!expectKey) throw bad(path, i, `expected '.' or '['`);
    if (c === '.') throw bad(path, i, 'empty key (two dots, or a leading dot)');
    if (c === ']') throw bad(path, i, "unexpected ']'");
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[' && path[j] !== ']') j += 1;
    if (path[j] === ']') throw bad(path, j, 'unexpected \']\' (use ["…"] for keys containing brackets)');
    segments.push({ kind: 'key', key: path.slice(i, j) });
    i = j;
    expectKey = false;
    if (path[i] === '.') {
      i += 1;
      expectKey = true;
      if (i === path.length) throw bad(path, i - 1, 'the path ends with a dot');
    }
  }
  return segments;
}

/** Parses `[ … ]` at `path[open]`, pushes one segment, returns the index after `]`. */
function parseBracket(path: string, open: number, out: PathSegment[]): number {
  let i = open + 1;
  const skipSpaces = (): void => {
    while (path[i] === ' ') i += 1;
  };
  const close = (): number => {
    skipSpaces();
    if (path[i] !== ']') {
      throw bad(path, i, i >= path.length ? "missing ']'" : `expected ']', found ${JSON.stringify(path[i])}`);
    }
    return i + 1;
  };
  skipSpaces();
  const c = path[i];
  if (c === undefined) throw bad(path, open, "missing ']'");
  if (c === ']') throw bad(path, open, 'empty brackets []');
  if (c === '"' || c === "'") {
    const q = readQuoted(path, i);
    i = q.end;
    skipSpaces();
    if (path[i] === '=') {
      // ["quoted.name"=value]
      i += 1;
      return selectorValue(path, open, q.text, i, out);
    }
    out.push({ kind: 'key', key: q.text });
    return close();
  }
  // index, or selector name
  let j = i;
  while (j < path.length && path[j] !== ']' && path[j] !== '=') j += 1;
  if (j >= path.length) throw bad(path, open, "missing ']'");
  const head = path.slice(i, j).trim();
  if (path[j] === ']') {
    if (!/^\d+$/.test(head)) {
      const what = /^-\d+$/.test(head)
        ? 'negative list indexes are not supported'
        : `${JSON.stringify(head)} is not a list index (use [0], [name=value] or ["key"])`;
      throw bad(path, i, what);
    }
    const index = Number(head);
    if (!Number.isSafeInteger(index)) throw bad(path, i, 'list index too large');
    out.push({ kind: 'index', index });
    return j + 1;
  }
  // selector: name=value
  if (head.length === 0) throw bad(path, i, 'selector needs a key before "=" as in [name=value]');
  return selectorValue(path, open, head, j + 1, out);
}

function selectorValue(path: string, open: number, key: string, start: number, out: PathSegment[]): number {
  let i = start;
  while (path[i] === ' ') i += 1;
  const c = path[i];
  if (c === '"' || c === "'") {
    const q = readQuoted(path, i);
    i = q.end;
    while (path[i] === ' ') i += 1;
    if (path[i] !== ']') throw bad(path, i, i >= path.length ? "missing ']'" : `expected ']' after the quoted value`);
    out.push({ kind: 'select', key, value: q.text });
    return i + 1;
  }
  let j = i;
  while (j < path.length && path[j] !== ']') j += 1;
  if (j >= path.length) throw bad(path, open, "missing ']'");
  const value = path.slice(i, j).trimEnd();
  if (value.length === 0) throw bad(path, i, `selector [${key}=] has no value (use [${key}=""] for an empty one)`);
  out.push({ kind: 'select', key, value });
  return j + 1;
}

const PLAIN_KEY = /^[^.[\]"'=\s][^.[\]]*$/;

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Renders segments back to a path string that `parsePath` reads as the same segments. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (s.kind === 'index') out += `[${s.index}]`;
    else if (s.kind === 'select') {
      const key = /^[^\]="'\s][^\]=]*$/.test(s.key) && s.key.trim() === s.key ? s.key : quote(s.key);
      const value = /^[^\]"'\s]([^\]]*[^\]\s])?$/.test(s.value) ? s.value : quote(s.value);
      out += `[${key}=${value}]`;
    } else if (PLAIN_KEY.test(s.key)) out += out.length === 0 ? s.key : `.${s.key}`;
    else out += `[${quote(s.key)}]`;
  }
  return out;
}
