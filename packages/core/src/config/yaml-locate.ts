/**
 * Where a value is in the parsed gitops.yaml: the offset of the node (or key) at a path of
 * mapping keys and list indexes, following aliases, for `file:line:column:` messages.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/** Mapping keys and list indexes from the document's root. */
export type Path = readonly (string | number)[];

interface Located {
  /** The node at the path, or the deepest ancestor that exists. */
  node: Node | null;
  /** The key node of the pair holding `node`, when `node` is a mapping value. */
  key: Node | null;
  /** Whether the whole path was found. */
  found: boolean;
}

function locate(doc: Document, path: Path): Located {
  let node: Node | null = doc.contents;
  let key: Node | null = null;
  for (const segment of path) {
    const current = deref(doc, node);
    if (isMap(current)) {
      const pair = current.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (!pair) return { node: current, key, found: false };
      key = pair.key as Node | null;
      node = pair.value as Node | null;
      if (node === null) return { node: key, key, found: true };
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment];
      if (!item) return { node: current, key, found: false };
      key = null;
      node = item as Node;
    } else {
      return { node: current, key, found: false };
    }
  }
  return { node: deref(doc, node), key, found: true };
}

function deref(doc: Document, node: Node | null): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? node;
  return node;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

export function startOf(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

/** Offset of the value at `path` (or of its key when the value is empty). */
export function valueOffset(doc: Document, path: Path): number {
  const { node, key } = locate(doc, path);
  if (isScalar(node) && node.value === null && key) return startOf(key);
  return startOf(node ?? key);
}

/** Offset of the key naming the mapping at `path` (the mapping itself at the top level). */
export function keyOffset(doc: Document, path: Path): number {
  const { node, key } = locate(doc, path);
  return startOf(key ?? node);
}

/** Offset of the key `name` inside the mapping at `path`. */
export function childKeyOffset(doc: Document, path: Path, name: string): number {
  const { node, key, found } = locate(doc, [...path, name]);
  return found ? startOf(key ?? node) : startOf(node);
}

/** A path as people read it: `apps.payments.environments.dev`. */
export function label(path: Path): string {
  return path.length ? path.join('.') : 'the top level';
}
