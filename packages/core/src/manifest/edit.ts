/**
 * Locate and set one YAML scalar, keeping every other byte of the file (DESIGN.md, "An edit keeps
 * every other byte").
 *
 * How: the `yaml` package parses the text into Documents whose nodes carry source ranges
 * (offsets into the very string we were given, so CRLF, BOM and everything else line up). We find
 * the target scalar by path, render the new value as scalar source text, and splice it into the
 * original string over exactly that scalar's range. Nothing is ever re-stringified. The result is
 * re-parsed and verified before it is returned (verifyEdit: bytes outside the scalar identical, the
 * path reads back the new string, all documents structurally equal to the old ones with that value
 * set); a failure there is a ManifestVerifyError (a bug here, exit 1), never a silent bad write.
 *
 * Decisions:
 * - Quote style is kept. A plain scalar stays plain only if the new value, written plain, reads
 *   back as the same string under YAML 1.2 *and* YAML 1.1 (Kubernetes' Go YAML is 1.1-ish: `yes`,
 *   `on`, `1:20`, `2024-01-01` are not strings there) and is syntactically safe where it stands
 *   (no `: `, ` #`, leading indicator; no `,[]{}:` inside `{…}`/`[…]`, as libyaml-based parsers
 *   refuse `a:b` there). Otherwise it becomes
 *   double-quoted, so `tag: 1.10` set to `1.11` becomes `tag: "1.11"` (a string, as image tags are).
 *   Single-quoted values escape `'` as `''`; double-quoted values escape `\` and `"`.
 * - Setting a scalar to the value it already shows is a no-op: the text is returned unchanged
 *   (even for a plain `1.10` that YAML reads as a number — we do not churn files).
 * - Anchors and aliases: a path may pass *through* an alias (`app: *defaults`) or a merge key
 *   (`<<: *defaults`), or the target (or a map/list on the way) may carry an anchor that an alias
 *   refers to. The scalar is then shared: editing it changes every user of the anchor (promoting
 *   dev would move prod too). `ScalarHit.shared` says which anchor and who uses it; setScalar
 *   refuses such an edit (InputError naming both) unless `editAnchor` says to change it for
 *   everyone. A target that *is* an alias (`tag: *tag`) is always refused; the error points at the
 *   anchor.
 * - Bounded (limits.ts): file size, nesting depth, alias count and expansion are checked before
 *   anything recurses or expands; every step is linear in the file size.
 * - Block scalars (`|`, `>`) are read but not written (InputError): a one-line value cannot
 *   replace them without changing their chomping/indentation semantics byte-safely.
 * - A value containing a line break or any control character (tab, DEL, C1, U+2028/9) is refused.
 * - A target with an explicit core tag other than `!!str` (`!!int 3`) is refused; custom tags
 *   (`!Sub v1`) are kept. An empty value (`tag:`) is filled in with a separating space.
 * - Multi-document files: the first document in which the whole path resolves. A path that is
 *   ambiguous (a selector matching several items) or lands on a map/list/alias/block scalar in a
 *   document is an error right there; later documents are not searched.
 */
import { createTwoFilesPatch } from 'diff';
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parse, Scalar, YAMLMap, visit, YAMLSeq } from 'yaml';
import { InputError } from '../errors.js';
import { parseAllBounded, YamlLimitError } from './limits.js';
import { formatPath, parsePath, type PathSegment } from './path.js';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

export interface ScalarHit {
  /**
   * The scalar's string value: for plain scalars the text as written (`1.10`, not `1.1`), for
   * quoted and block scalars the decoded string. An empty value (`tag:`) reads as ''.
   */
  value: string;
  /** 1-based line and column of the scalar's first character (the quote, for quoted scalars). */
  line: number;
  column: number;
  style: ScalarStyle;
  /** 0-based index of the document (in a `---`-separated file) that holds the path. */
  docIndex: number;
  /**
   * Set when the scalar is shared through an anchor that some alias refers to (the scalar's own,
   * an anchored map/list on the way, or an alias/merge key followed on the way): editing it
   * changes the value everywhere that anchor is used. The innermost such anchor is named.
   */
  anchor?: string;
  /** Details of that sharing (set with `anchor`). */
  shared?: SharedThrough;
  /** [start, end) offsets of the scalar's source text in the file text. */
  range: [number, number];
}

export interface SharedThrough {
  anchor: string;
  /** How the path reaches the shared node: a merge key, an alias, the scalar's own anchor, an anchored map/list on the way. */
  through: 'merge' | 'alias' | 'anchor' | 'parent';
  /** What carries the anchor. */
  anchorOn: 'map' | 'list' | 'scalar';
  /** Where the anchor is defined (1-based). */
  line: number;
  column: number;
  /** Every alias of that anchor: its YAML path and line. */
  usedBy: { path: string; line: number }[];
}

export interface SetOptions {
  /** Edit a scalar shared through an anchor/alias/merge key, changing it for every user. */
  editAnchor?: boolean;
}

/** The edit could not be verified after splicing: a bug in this module, never the user's input. */
export class ManifestVerifyError extends Error {
  constructor(message: string) {
    super(`internal error: ${message}`);
    this.name = 'ManifestVerifyError';
  }
}

type YNode = Scalar | YAMLMap | YAMLSeq | Alias;
type Doc = Document.Parsed;

interface Ctx {
  text: string;
  file: string;
  path: string;
  lc: LineCounter;
}

interface Parsed {
  docs: Doc[];
  lc: LineCounter;
}

const BOM = '\uFEFF';
const CORE_TAG = 'tag:yaml.org,2002:';

function position(ctx: Pick<Ctx, 'lc' | 'text'>, offset: number): { line: number; column: number } {
  const { line, col } = ctx.lc.linePos(offset);
  // The BOM is not a character anyone sees: do not count it as column 1.
  const column = line === 1 && ctx.text.startsWith(BOM) && col > 1 ? col - 1 : col;
  return { line, column };
}

function inputError(ctx: Ctx, offset: number | undefined, what: string, fix?: string): InputError {
  const where =
    offset === undefined
      ? ctx.file
      : (() => {
          const p = position(ctx, offset);
          return `${ctx.file}:${p.line}:${p.column}`;
        })();
  return new InputError(`${where}: ${what} (path ${ctx.path})`, fix);
}

function parseText(text: string, file: string, path: string): Parsed {
  const lc = new LineCounter();
  const ctx: Ctx = { text, file, path, lc };
  let docs: Doc[];
  try {
    docs = parseAllBounded(text, { lineCounter: lc });
  } catch (e) {
    if (!(e instanceof YamlLimitError)) throw e;
    const what = e.problem.message === 'Map keys must be unique' ? `invalid YAML: ${e.problem.message}` : e.problem.message;
    throw inputError(ctx, e.problem.offset, what, e.problem.fix);
  }
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw inputError(ctx, err.pos[0], `invalid YAML: ${first}`, 'fix the YAML syntax first');
    }
  }
  return { docs: Array.isArray(docs) ? docs : [], lc };
}

function styleOf(node: Scalar): ScalarStyle {
  switch (node.type) {
    case 'QUOTE_SINGLE':
      return 'single';
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return 'block';
    default:
      return 'plain';
  }
}

/** What a user sees a scalar hold: a plain scalar's source text, or a quoted scalar's string. */
function scalarText(node: Scalar): string {
  if (styleOf(node) === 'plain') {
    const src = (node as Scalar & { source?: string }).source;
    if (typeof src === 'string') return src;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a scalar's value: string, number or boolean
    return node.value === null || node.value === undefined ? '' : String(node.value);
  }
  return String(node.value);
}

function describe(node: unknown): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isAlias(node)) return `an alias (*${node.source})`;
  if (isScalar(node)) {
    const t = scalarText(node);
    return t === '' ? 'an empty value' : `the scalar ${JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t)}`;
  }
  return 'nothing';
}

function startOf(node: unknown): number | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? r[0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Path resolution

interface Found {
  ok: true;
  node: YNode | null;
  /** Offset to report for the target when it is not a usable scalar. */
  at: number | undefined;
  /** The anchored node through which the target is shared (innermost), and how it was reached. */
  share?: Share;
  /** The target sits inside a flow collection (`{…}`, `[…]`). */
  inFlow: boolean;
}

interface Missed {
  ok: false;
  /** How many segments resolved before the failure (to pick the most helpful error). */
  depth: number;
  /** Ambiguity: the document holds the path, but not uniquely. Do not search further documents. */
  fatal: boolean;
  error: InputError;
}

function keyMatches(key: unknown, want: string): boolean {
  if (!isScalar(key)) return false;
  return scalarText(key) === want || String(key.value) === want;
}

interface Share {
  node: unknown;
  through: SharedThrough['through'];
}

interface Via {
  share?: Share;
}

/**
 * Anchors and aliases of one document, from one pass in document order (an alias refers to the
 * latest anchor of its name before it, as `yaml` resolves them): where each alias points, and
 * which aliases point at each anchored node. Alias.resolve() would rescan the document per call.
 */
interface AnchorIndex {
  target: Map<Alias, unknown>;
  uses: Map<unknown, { alias: Alias; ancestors: readonly unknown[] }[]>;
}

const indexCache = new WeakMap<Doc, AnchorIndex>();

function anchorIndex(doc: Doc): AnchorIndex {
  let index = indexCache.get(doc);
  if (!index) {
    const latest = new Map<string, unknown>();
    const built: AnchorIndex = { target: new Map(), uses: new Map() };
    visit(doc, {
      Node(_key, node, ancestors) {
        if (isAlias(node)) {
          const target = latest.get(node.source);
          if (target === undefined) return;
          built.target.set(node, target);
          const list = built.uses.get(target) ?? [];
          list.push({ alias: node, ancestors });
          built.uses.set(target, list);
        } else if (node.anchor) {
          latest.set(node.anchor, node);
        }
      },
    });
    index = built;
    indexCache.set(doc, index);
  }
  return index;
}

function resolveAlias(doc: Doc, alias: Alias): unknown {
  return anchorIndex(doc).target.get(alias);
}

/** Is `node` anchored and referred to by some alias? */
function isShared(doc: Doc, node: unknown): boolean {
  return (node as { anchor?: string } | null)?.anchor !== undefined && (anchorIndex(doc).uses.get(node)?.length ?? 0) > 0;
}

/** Follows an alias to its anchored node; other nodes are returned as they are. */
function deref(doc: Doc, node: unknown, via: Via): unknown {
  let n = node;
  for (let guard = 0; isAlias(n) && guard < 64; guard += 1) {
    const target = resolveAlias(doc, n);
    via.share = { node: target, through: 'alias' };
    n = target;
  }
  return n;
}

/** Map lookup honouring explicit keys first, then `<<` merge keys in order. */
function lookup(doc: Doc, map: YAMLMap, key: string, via: Via, seen = new Set<unknown>()): { value: unknown; found: boolean } {
  if (seen.has(map)) return { value: undefined, found: false };
  seen.add(map);
  for (const pair of map.items) {
    if (keyMatches(pair.key, key)) return { value: pair.value, found: true };
  }
  for (const pair of map.items) {
    if (!isScalar(pair.key) || pair.key.value !== '<<' || styleOf(pair.key) !== 'plain') continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const src of sources) {
      if (!isAlias(src)) continue;
      const target = resolveAlias(doc, src);
      if (!isMap(target)) continue;
      const inner: Via = {};
      const r = lookup(doc, target, key, inner, seen);
      if (r.found) {
        via.share = inner.share ?? { node: target, through: 'merge' };
        return r;
      }
    }
  }
  return { value: undefined, found: false };
}

function mapKeys(map: YAMLMap): string[] {
  return map.items.filter((p) => isScalar(p.key)).map((p) => scalarText(p.key as Scalar));
}

function listSummary(values: string[]): string {
  if (values.length === 0) return 'none';
  const shown = values.slice(0, 10).join(', ');
  return values.length > 10 ? `${shown}, … (${values.length} in all)` : shown;
}

function resolvePath(ctx: Ctx, doc: Doc, segments: PathSegment[]): Found | Missed {
  const via: Via = {};
  let node: unknown = doc.contents;
  let inFlow = false;
  const here = (i: number): string => (i === 0 ? 'the document root' : formatPath(segments.slice(0, i)));
  const miss = (i: number, at: number | undefined, what: string, fix?: string, fatal = false): Missed => ({
    ok: false,
    depth: i,
    fatal,
    error: inputError(ctx, at, what, fix),
  });

  for (let i = 0; i < segments.length; i += 1) {
    const seg = segments[i];
    node = deref(doc, node, via);
    if ((isMap(node) || isSeq(node)) && via.share?.node !== node && isShared(doc, node)) via.share = { node, through: 'parent' };
    const at = startOf(node) ?? startOf(doc.contents) ?? 0;
    if (seg.kind === 'key') {
      if (!isMap(node)) {
        return miss(i, at, `${here(i)} is ${describe(node)}, not a map, so key ${JSON.stringify(seg.key)} cannot be looked up`);
      }
      const r = lookup(doc, node, seg.key, via);
      if (!r.found) {
        return miss(
          i,
          at,
          `key ${JSON.stringify(seg.key)} not found in ${here(i)} (keys there: ${listSummary(mapKeys(node))})`,
          'check the path; a missing key is never created',
        );
      }
      inFlow = node.flow === true;
      node = r.value;
    } else if (seg.kind === 'index') {
      if (!isSeq(node)) {
        return miss(i, at, `${here(i)} is ${describe(node)}, not a list, so index [${seg.index}] does not apply`);
      }
      if (seg.index >= node.items.length) {
        return miss(i, at, `index [${seg.index}] out of range: ${here(i)} has ${node.items.length} item${node.items.length === 1 ? '' : 's'}`);
      }
      inFlow = node.flow === true;
      node = node.items[seg.index];
    } else {
      if (!isSeq(node)) {
        return miss(i, at, `${here(i)} is ${describe(node)}, not a list, so selector [${seg.key}=${seg.value}] does not apply`);
      }
      const matches: { item: unknown; at: number | undefined; via: Via }[] = [];
      const existing: string[] = [];
      for (const raw of node.items) {
        const itemVia: Via = {};
        const item = deref(doc, raw, itemVia);
        if (!isMap(item)) continue;
        const r = lookup(doc, item, seg.key, itemVia);
        if (!r.found) continue;
        const v = deref(doc, r.value, {});
        if (!isScalar(v)) continue;
        const text = scalarText(v);
        existing.push(text);
        if (text === seg.value || String(v.value) === seg.value) matches.push({ item, at: startOf(raw), via: itemVia });
      }
      if (matches.length === 0) {
        return miss(
          i,
          at,
          `no item of ${here(i)} has ${seg.key}=${seg.value} (${seg.key} values there: ${listSummary(existing)})`,
          'check the selector value; a missing item is never created',
        );
      }
      if (matches.length > 1) {
        const lines = matches.map((m) => (m.at === undefined ? '?' : String(position(ctx, m.at).line))).join(', ');
        return miss(
          i,
          matches[1].at ?? at,
          `selector [${seg.key}=${seg.value}] is ambiguous: ${matches.length} items of ${here(i)} match (lines ${lines})`,
          'use a list index or a selector on a key that is unique',
          true,
        );
      }
      const m = matches[0];
      if (m.via.share) via.share = m.via.share;
      inFlow = node.flow === true;
      node = m.item;
    }
  }
  if (isScalar(node) && via.share?.node !== node && isShared(doc, node)) via.share = { node, through: 'anchor' };
  return {
    ok: true,
    node: (node ?? null) as YNode | null,
    at: startOf(node),
    share: via.share,
    inFlow,
  };
}

interface Located {
  ctx: Ctx;
  parsed: Parsed;
  segments: PathSegment[];
  docIndex: number;
  node: Scalar;
  found: Found;
  hit: ScalarHit;
}

function locate(text: string, path: string, file: string): Located {
  if (typeof text !== 'string') throw new InputError(`${file}: file content is not text (path ${path})`);
  let segments: PathSegment[];
  try {
    segments = parsePath(path);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${file}: ${e.message}`, e.fix);
    throw e;
  }
  const parsed = parseText(text, file, path);
  const ctx: Ctx = { text, file, path, lc: parsed.lc };
  let best: Missed | undefined;
  let searched = 0;
  for (let d = 0; d < parsed.docs.length; d += 1) {
    const doc = parsed.docs[d];
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    searched += 1;
    const r = resolvePath(ctx, doc, segments);
    if (!r.ok) {
      if (r.fatal) throw r.error;
      if (!best || r.depth > best.depth) best = r;
      continue;
    }
    const node = checkTarget(ctx, doc, r);
    return { ctx, parsed, segments, docIndex: d, node, found: r, hit: hitOf(ctx, doc, d, node, r) };
  }
  if (!best) throw inputError(ctx, 0, 'the file holds no YAML document', 'point --file at a YAML manifest');
  if (searched > 1) {
    throw new InputError(`${best.error.message.replace(/ \(path [^)]*\)$/, '')} — in none of the ${searched} documents (path ${path})`, best.error.fix);
  }
  throw best.error;
}

function checkTarget(ctx: Ctx, doc: Doc, r: Found): Scalar {
  const node = r.node;
  const at = r.at;
  if (isAlias(node)) {
    const target = resolveAlias(doc, node);
    const where = startOf(target);
    const anchorAt = where === undefined ? '' : ` defined at ${position(ctx, where).line}:${position(ctx, where).column}`;
    throw inputError(
      ctx,
      at,
      `the value is an alias (*${node.source}) of the anchor &${node.source}${anchorAt}, not a scalar of its own`,
      'edit the anchored value (its path) instead, or replace the alias with a value',
    );
  }
  if (isMap(node) || isSeq(node)) {
    throw inputError(ctx, at, `the path points at ${describe(node)}, not a scalar`, 'extend the path to the scalar to set');
  }
  if (!isScalar(node)) throw inputError(ctx, at, 'the path points at a key with no value node');
  return node;
}

/** The YAML path of a node from its ancestors (as `visit` reports them). */
function pathOf(ancestors: readonly unknown[], node: unknown): string {
  const segs: PathSegment[] = [];
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i += 1) {
    const a = chain[i];
    if (isPair(a)) {
      if (chain[i + 1] === a.value) segs.push({ kind: 'key', key: isScalar(a.key) ? scalarText(a.key) : '?' });
    } else if (isSeq(a)) segs.push({ kind: 'index', index: a.items.indexOf(chain[i + 1]) });
  }
  return segs.length === 0 ? '(the document root)' : formatPath(segs);
}

function sharedThrough(ctx: Ctx, doc: Doc, share: Share): SharedThrough {
  const node = share.node as { anchor?: string; range?: [number, number, number] };
  // The node's range starts after its properties: find its `&name` just before it.
  const start = node.range?.[0] ?? 0;
  const amp = node.anchor ? ctx.text.lastIndexOf(`&${node.anchor}`, start) : -1;
  const at = position(ctx, amp >= 0 ? amp : start);
  const usedBy = (anchorIndex(doc).uses.get(share.node) ?? []).map((u) => ({
    path: pathOf(u.ancestors, u.alias),
    line: position(ctx, u.alias.range?.[0] ?? 0).line,
  }));
  const anchorOn = isMap(node) ? 'map' : isSeq(node) ? 'list' : 'scalar';
  return { anchor: node.anchor ?? '?', through: share.through, anchorOn, line: at.line, column: at.column, usedBy };
}

function hitOf(ctx: Ctx, doc: Doc, docIndex: number, node: Scalar, r: Found): ScalarHit {
  const range = node.range!;
  const { line, column } = position(ctx, range[0]);
  const hit: ScalarHit = {
    value: scalarText(node),
    line,
    column,
    style: styleOf(node),
    docIndex,
    range: [range[0], range[1]],
  };
  if (r.share) {
    hit.shared = sharedThrough(ctx, doc, r.share);
    hit.anchor = hit.shared.anchor;
  }
  return hit;
}

/** Reads the scalar at `path` (first document that holds it). Throws InputError otherwise. */
export function readScalar(text: string, path: string, file: string): ScalarHit {
  return locate(text, path, file).hit;
}

// ---------------------------------------------------------------------------------------------
// Writing

// C0 controls (tab included), DEL, C1 controls, and Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function resolvesAsSameString(value: string): boolean {
  for (const version of ['1.2', '1.1'] as const) {
    try {
      if (parse(value, { version }) !== value) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function sharedError(ctx: Ctx, at: number, s: SharedThrough): InputError {
  const how =
    s.through === 'merge'
      ? `comes from the merge key <<: *${s.anchor}`
      : s.through === 'alias'
        ? `is reached through the alias *${s.anchor}`
        : s.through === 'anchor'
          ? `carries the anchor &${s.anchor}`
          : `is inside the anchored ${s.anchorOn} &${s.anchor}`;
  const shown = s.usedBy
    .slice(0, 5)
    .map((u) => `${u.path} (line ${u.line})`)
    .join(', ');
  const more = s.usedBy.length > 5 ? ` and ${s.usedBy.length - 5} more` : '';
  return inputError(
    ctx,
    at,
    `the value ${how}, so it is shared: &${s.anchor} (line ${s.line}) is used by ${shown}${more}; editing it would change all of them`,
    `give ${ctx.path} its own value (write the key explicitly instead of sharing it), or pass --edit-anchor to change it for every user of &${s.anchor}`,
  );
}

/** Can `value` be written as a plain scalar here and read back as that exact string? */
export function isPlainSafe(value: string, inFlow: boolean): boolean {
  if (value === '' || value !== value.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (value.includes(': ') || value.includes(' #') || value.endsWith(':')) return false;
  if (inFlow && /[,[\]{}:]/.test(value)) return false; // ':' too: libyaml-based parsers (go-yaml, PyYAML) reject 'a:b' inside {…}/[…]
  return resolvesAsSameString(value);
}

function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function doubleQuoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Sets the scalar at `path` to the string `value` and returns the new file text. Only the scalar's
 * own source bytes change (see the module comment for quoting, anchors and block scalars).
 */
export function setScalar(text: string, path: string, value: string, file: string, options: SetOptions = {}): string {
  const loc = locate(text, path, file);
  const { ctx, node, hit } = loc;

  if (typeof value !== 'string') throw inputError(ctx, hit.range[0], 'the new value is not a string');
  const bad = FORBIDDEN.exec(value);
  if (bad) {
    const what =
      bad[0] === '\n' || bad[0] === '\r' ? 'a line break' : `the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw inputError(ctx, hit.range[0], `the new value ${JSON.stringify(value)} contains ${what}`, 'a scalar value must be one line of printable text');
  }
  // No-op: the scalar already shows this value (also for block scalars and tagged values).
  if (hit.value === value) return text;
  if (hit.shared && !options.editAnchor) throw sharedError(ctx, hit.range[0], hit.shared);
  if (hit.style === 'block') {
    throw inputError(
      ctx,
      hit.range[0],
      `the value is a block scalar (${text
        .slice(hit.range[0])
        .split(/[\r\n]/, 1)[0]
        .replace(/\s+#.*$/, '')
        .trim()}), which cannot be rewritten byte-safely`,
      'write it as a plain or quoted scalar on one line, then promote again',
    );
  }
  if (node.tag && node.tag.startsWith(CORE_TAG) && node.tag !== `${CORE_TAG}str`) {
    throw inputError(
      ctx,
      hit.range[0],
      `the value carries the explicit tag ${node.tag.replace(CORE_TAG, '!!')}, so it cannot hold the string ${JSON.stringify(value)}`,
      'remove the tag from the manifest (values are set as strings)',
    );
  }

  const [start, end] = hit.range;
  const before = text.slice(0, start);
  const after = text.slice(end);
  // An empty value (`tag:` or `tag: # comment`) has a zero-length range: keep it separated on
  // both sides (`:v2` would not be a value, `v2#c` would not be a comment).
  const lead = start === end && start > 0 && !/[ \t]/.test(text[start - 1]) ? ' ' : '';
  const trail = start === end && start < text.length && !/[\s,\]}]/.test(text[start]) ? ' ' : '';

  const candidates: string[] = [];
  if (hit.style === 'single') candidates.push(singleQuoted(value));
  else if (hit.style === 'double') candidates.push(doubleQuoted(value));
  else {
    if (isPlainSafe(value, loc.found.inFlow)) candidates.push(value);
    candidates.push(doubleQuoted(value));
  }

  let lastProblem = '';
  for (const rendered of candidates) {
    // A plain candidate that does not survive the check falls back to double quotes.
    const next = before + lead + rendered + trail + after;
    const problem = compareEdit(loc, next, value);
    if (problem === undefined) return next;
    lastProblem = problem;
  }
  throw new ManifestVerifyError(`${file}: the edit of ${path} to ${JSON.stringify(value)} ${lastProblem}`);
}

/**
 * Why `newText` is not `loc`'s text with only the target scalar set to `value` — or undefined when
 * it is: every byte before and after the old scalar is kept, the path reads back `value` as a
 * string in the same document, at the spliced place, with no new YAML warning, and all documents
 * are structurally equal to the old ones with that one value set (aliases of it follow).
 */
function compareEdit(loc: Located, newText: string, value: string): string | undefined {
  const oldText = loc.ctx.text;
  let again: Located;
  try {
    again = locate(newText, loc.ctx.path, loc.ctx.file);
  } catch (e) {
    return `does not read back: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (again.docIndex !== loc.docIndex) return `moved the path from document ${loc.docIndex} to ${again.docIndex}`;
  if (again.node.value !== value) return `reads back as ${JSON.stringify(again.node.value)}`;
  const warned = again.parsed.docs[again.docIndex].warnings;
  if (warned.length > loc.parsed.docs[loc.docIndex].warnings.length) {
    return `adds a YAML warning: ${warned[warned.length - 1].message.split('\n')[0]}`;
  }
  const [start, end] = loc.hit.range;
  const suffix = oldText.length - end;
  const [ns, ne] = again.hit.range;
  if (
    newText.slice(0, start) !== oldText.slice(0, start) ||
    newText.slice(newText.length - suffix) !== oldText.slice(end) ||
    ns < start ||
    ne > newText.length - suffix ||
    newText.slice(start, newText.length - suffix).trim() !== newText.slice(ns, ne)
  ) {
    return 'changed bytes outside the scalar';
  }
  const [olds, news] = [loc.parsed.docs, again.parsed.docs];
  if (olds.length !== news.length) return 'changed the number of documents';
  for (let d = 0; d < olds.length; d += 1) {
    if (!sameNode(olds[d].contents, news[d].contents, loc.node, value)) return 'changed more than that one value';
  }
  return undefined;
}

/**
 * Structural equality of two node trees, `target` (in the old tree) counting as holding `value`.
 * Aliases compare by name, never expanded (an alias-heavy file stays linear); anchors and explicit
 * tags must match too. Recursion is bounded by the nesting limit (limits.ts).
 */
function sameNode(a: unknown, b: unknown, target: Scalar, value: string): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const na = a as { anchor?: string; tag?: string };
  const nb = b as { anchor?: string; tag?: string };
  if (na.anchor !== nb.anchor) return false;
  if (isAlias(a)) return isAlias(b) && a.source === b.source;
  if (isScalar(a)) {
    if (!isScalar(b)) return false;
    if (a === target) return na.tag === nb.tag && b.value === value;
    return na.tag === nb.tag && Object.is(a.value, b.value);
  }
  if (na.tag !== nb.tag) return false;
  if (isMap(a)) {
    if (!isMap(b) || a.items.length !== b.items.length || !!a.flow !== !!b.flow) return false;
    return a.items.every((p, i) => sameNode(p.key, b.items[i].key, target, value) && sameNode(p.value, b.items[i].value, target, value));
  }
  if (isSeq(a)) {
    if (!isSeq(b) || a.items.length !== b.items.length || !!a.flow !== !!b.flow) return false;
    return a.items.every((x, i) => sameNode(x, b.items[i], target, value));
  }
  return false;
}

/**
 * Checks, independently of how `newText` was produced, that it is `oldText` with only the scalar at
 * `path` changed, to `value` (see compareEdit). Throws ManifestVerifyError otherwise (InputError if
 * `oldText` itself cannot be read at `path`). setScalar runs the same check on its own result.
 */
export function verifyEdit(oldText: string, newText: string, path: string, value: string, file: string): void {
  const problem = compareEdit(locate(oldText, path, file), newText, value);
  if (problem !== undefined) {
    throw new ManifestVerifyError(`${file}: the edit of ${path} to ${JSON.stringify(value)} ${problem}`);
  }
}

/** A unified diff (`--- a/file`, `+++ b/file`) of an edit; '' when nothing changed. */
export function diffManifest(oldText: string, newText: string, file: string): string {
  if (oldText === newText) return '';
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, oldText, newText, undefined, undefined, { context: 3 });
  return patch.replace(/^=+\n/, '');
}
