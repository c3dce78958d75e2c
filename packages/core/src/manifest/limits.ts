/**
 * Bounded YAML parsing, shared by the manifest editor and gitops.yaml (DESIGN.md principle 7).
 *
 * - Size: a file over MAX_YAML_BYTES is refused before anything parses it.
 * - Nesting depth: measured on the CST, which `yaml` builds iteratively, before the composer (which
 *   recurses, and turns a stack overflow into a confusing "invalid YAML: Maximum call stack size
 *   exceeded") ever sees it.
 * - Aliases: the number of alias nodes is counted on the same CST walk (cheap pre-check), and the
 *   composed documents' alias expansion (nodes a consumer would see once every alias is followed,
 *   the "billion laughs" measure) is bounded too: Helm and kustomize do expand them.
 * - Duplicate keys: `yaml` checks them with a scan of the map per key (quadratic: a 4 MB mapping took
 *   half a minute), so we turn that off and check them here with one Set per map (linear).
 */
import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Parser,
  YAMLParseError,
  type Document,
  type DocumentOptions,
  type LineCounter,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';

export const MAX_YAML_BYTES = 8 * 1024 * 1024;
export const MAX_YAML_DEPTH = 200;
export const MAX_YAML_ALIASES = 10_000;
/** Nodes that aliases may add when expanded (beyond the nodes written in the file). */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** A limit or duplicate-key problem: `offset` into the text, a one-line message and its fix. */
export interface YamlProblem {
  offset: number;
  message: string;
  fix: string;
}

export class YamlLimitError extends Error {
  constructor(readonly problem: YamlProblem) {
    super(problem.message);
    this.name = 'YamlLimitError';
  }
}

function fail(offset: number, message: string, fix: string): never {
  throw new YamlLimitError({ offset, message, fix });
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** Size in UTF-8 bytes, refused over MAX_YAML_BYTES. */
export function checkYamlSize(text: string): void {
  // Cheap bound first: UTF-8 needs at least one byte per UTF-16 unit, at most three.
  if (text.length * 3 <= MAX_YAML_BYTES) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_YAML_BYTES) {
    fail(
      0,
      `the file is ${megabytes(bytes)} (${bytes} bytes), over the ${megabytes(MAX_YAML_BYTES)} limit for a YAML file`,
      'split it into smaller files (one per app or environment)',
    );
  }
}

type CstToken = { type: string; offset?: number; [k: string]: unknown };

function isToken(t: unknown): t is CstToken {
  return typeof t === 'object' && t !== null && typeof (t as { type?: unknown }).type === 'string';
}

/** Children of a CST token that can themselves hold nodes. */
function children(t: CstToken): unknown[] {
  switch (t.type) {
    case 'document':
      return [t.value];
    case 'block-map':
    case 'block-seq':
    case 'flow-collection': {
      const out: unknown[] = [];
      for (const it of t.items as { start?: unknown[]; key?: unknown; sep?: unknown[]; value?: unknown }[]) {
        out.push(it.key, it.value);
      }
      return out;
    }
    default:
      return [];
  }
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/**
 * Walks the CST of one document iteratively: collection nesting within MAX_YAML_DEPTH and at most
 * MAX_YAML_ALIASES aliases (counted across the file through `aliases`).
 */
function checkCst(token: CstToken, aliases: { count: number }): void {
  const stack: [CstToken, number][] = [[token, 0]];
  while (stack.length > 0) {
    const [t, depth] = stack.pop()!;
    let d = depth;
    if (COLLECTIONS.has(t.type)) {
      d += 1;
      if (d > MAX_YAML_DEPTH) {
        fail(t.offset ?? 0, `nesting deeper than ${MAX_YAML_DEPTH} levels`, `flatten the YAML (no real manifest nests more than a few dozen levels)`);
      }
    } else if (t.type === 'alias') {
      aliases.count += 1;
      if (aliases.count > MAX_YAML_ALIASES) {
        fail(t.offset ?? 0, `more than ${MAX_YAML_ALIASES} aliases`, 'write the values out instead of aliasing them');
      }
    }
    for (const c of children(t)) if (isToken(c)) stack.push([c, d]);
  }
}

/**
 * Expanded node count of a composed document: every node once, plus for each alias the expanded
 * size of its anchored node. Linear (anchored nodes are memoised); refused over the limit.
 */
function checkExpansion(doc: Document.Parsed): void {
  const anchors = new Map<string, unknown>();
  const sizes = new Map<unknown, number>();
  let added = 0;
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const n = target === undefined ? 1 : (sizes.get(target) ?? 1); // unset: a self-reference
      added += n;
      if (added > MAX_ALIAS_EXPANSION) {
        fail(
          node.range?.[0] ?? 0,
          `the aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?)`,
          'write the values out instead of nesting aliases of aliases',
        );
      }
      return n;
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, node);
    let n = 1;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        if (isPair(item)) n += size(item.key) + size(item.value);
        else n += size(item);
      }
    }
    if (anchor) sizes.set(node, n);
    return n;
  };
  size(doc.contents);
}

/** One Set per map: `yaml`'s own check is a scan per key. Same equality as `yaml` (scalar values). */
function checkDuplicateKeys(doc: Document.Parsed): void {
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && !(typeof key.value === 'number' && Number.isNaN(key.value))) {
          if (seen.has(key.value)) fail(key.range?.[0] ?? 0, 'Map keys must be unique', 'remove or rename the repeated key');
          seen.add(key.value);
        }
        walk(key);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
}

export type BoundedParseOptions = ParseOptions & DocumentOptions & SchemaOptions & { lineCounter?: LineCounter };

/**
 * parseAllDocuments within the limits above. Throws YamlLimitError; YAML syntax errors stay in
 * each document's `errors` as usual (duplicate keys are reported as YamlLimitError, once the
 * syntax is otherwise fine).
 */
export function parseAllBounded(text: string, options: BoundedParseOptions = {}): Document.Parsed[] {
  checkYamlSize(text);
  const tokens = Array.from(new Parser(options.lineCounter?.addNewLine).parse(text));
  const aliases = { count: 0 };
  for (const t of tokens) checkCst(t as unknown as CstToken, aliases);
  const uniqueKeys = options.uniqueKeys !== false;
  const composer = new Composer({ ...options, uniqueKeys: false });
  const docs: Document.Parsed[] = Array.from(composer.compose(tokens));
  for (const doc of docs) {
    if (doc.errors.length > 0) continue;
    checkExpansion(doc);
    if (uniqueKeys) checkDuplicateKeys(doc);
  }
  return docs;
}

/** parseDocument within the limits: the single document (a `MULTIPLE_DOCS` error on the first when there are more). */
export function parseOneBounded(text: string, options: BoundedParseOptions = {}): Document.Parsed {
  checkYamlSize(text);
  const tokens = Array.from(new Parser(options.lineCounter?.addNewLine).parse(text));
  const aliases = { count: 0 };
  for (const t of tokens) checkCst(t as unknown as CstToken, aliases);
  const uniqueKeys = options.uniqueKeys !== false;
  const composer = new Composer({ ...options, uniqueKeys: false });
  let doc: Document.Parsed | null = null;
  for (const d of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = d;
    else {
      doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  if (doc && doc.errors.length === 0) {
    checkExpansion(doc);
    if (uniqueKeys) checkDuplicateKeys(doc);
  }
  return doc!;
}
