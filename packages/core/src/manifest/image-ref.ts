/**
 * Image references as a manifest holds them (`image: quay.io/org/app:v3.1.8`), read by the
 * distribution reference grammar:
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component { "/" path-component }
 *   domain    := host [ ":" port ]          (the first component is one when it has a `.` or a
 *                                            `:`, is `localhost`, or has an uppercase letter)
 *
 * Pure: parse, and format with a new tag or digest. The name is kept as written, so setting a
 * tag changes only the tag's bytes.
 */

export interface ImageRef {
  /** `[domain/]path` exactly as written. */
  name: string;
  /** The domain as written, when the name has one. */
  domain?: string;
  /** The path after the domain, as written. */
  path: string;
  tag?: string;
  /** `algorithm:hex`, as written. */
  digest?: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** The distribution spec's limit on a name. */
const NAME_MAX = 255;

/**
 * Whether a manifest value is meant as an image reference rather than a bare tag: a tag has
 * no `/`, `:` or `@`, so a value with one of them is a reference (or a broken one).
 */
export function looksLikeImageRef(value: string): boolean {
  return /[/:@]/.test(value);
}

/** The reference `value` spells, or null when it is not one by the grammar. */
export function parseImageRef(value: string): ImageRef | null {
  const at = value.indexOf('@');
  const digest = at === -1 ? undefined : value.slice(at + 1);
  if (digest !== undefined && !DIGEST.test(digest)) return null;
  const rest = at === -1 ? value : value.slice(0, at);
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  const name = hasTag ? rest.slice(0, colon) : rest;
  const tag = hasTag ? rest.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag)) return null;
  if (name.length === 0 || name.length > NAME_MAX) return null;

  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasDomain = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase() || first.startsWith('['));
  if (hasDomain && !DOMAIN.test(first)) return null;
  const path = hasDomain ? name.slice(slash + 1) : name;
  if (!path.split('/').every((c) => PATH_COMPONENT.test(c))) return null;
  return { name, ...(hasDomain ? { domain: first } : {}), path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The reference as text: the name as written, then `:tag` and `@digest` when set. */
export function formatImageRef(ref: Pick<ImageRef, 'name' | 'tag' | 'digest'>): string {
  return `${ref.name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/**
 * The name as the docker CLI resolves it, for comparing two spellings of one repository:
 * no domain (or docker.io, index.docker.io) → `docker.io`, a one-component Hub path →
 * `library/…`, the domain lowercased (hostnames are case-insensitive; paths are not).
 */
export function canonicalImageName(ref: Pick<ImageRef, 'domain' | 'path'>): string {
  let domain = ref.domain?.toLowerCase() ?? 'docker.io';
  if (domain === 'index.docker.io' || domain === 'registry-1.docker.io') domain = 'docker.io';
  const path = domain === 'docker.io' && !ref.path.includes('/') ? `library/${ref.path}` : ref.path;
  return `${domain}/${path}`;
}
