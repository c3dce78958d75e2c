/**
 * Planning an edit: at one commit of the env repo, resolve app+env to a file and key
 * (gitops.yaml + flags), read the current tag and compute the new file text. Pure reads;
 * the verbs decide what to write. Re-run after every lost compare-and-swap.
 */
import { CONFIG_FILE, assertRepoPath, parseConfig, resolveTarget, type EnvTarget, type GitopsConfig, type TargetOverrides } from '../config/index.js';
import type { EnvRepo } from '../envrepo/port.js';
import { InputError } from '../errors.js';
import { canonicalImageName, formatImageRef, looksLikeImageRef, parseImageRef, type ImageRef } from '../manifest/image-ref.js';
import { readScalar, setScalar, type ScalarHit, type SetOptions } from '../manifest/index.js';

export interface EditPlan {
  /** The commit the plan was computed at. */
  head: string;
  target: EnvTarget;
  config: GitopsConfig | null;
  /** Tag the environment is at now (of an image reference: its tag); null when the value is YAML null or empty (no tag). */
  current: string | null;
  oldText: string;
  /** New file text; equal to oldText when already at the tag. */
  newText: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function assertName(value: string, input: string): string {
  if (!NAME.test(value)) {
    throw new InputError(`${input} ${JSON.stringify(value)} is not a valid name`, 'use letters, digits, . _ - (at most 63)');
  }
  return value;
}

/** The branch head, or an InputError naming --branch when it does not exist. */
export async function requireHead(repo: EnvRepo, branch: string): Promise<string> {
  const head = await repo.head(branch, { prefetch: [CONFIG_FILE] });
  if (!head) throw new InputError(`--branch ${branch} does not exist in ${repo.display}`, 'pass the branch the environment tracks');
  return head;
}

export async function loadConfigAt(repo: EnvRepo, head: string): Promise<GitopsConfig | null> {
  const text = await repo.readFile(CONFIG_FILE, head);
  return text === null ? null : parseConfig(text, CONFIG_FILE);
}

export async function resolveAt(repo: EnvRepo, head: string, app: string, env: string, overrides: TargetOverrides) {
  const config = await loadConfigAt(repo, head);
  const target = resolveTarget(config, app, env, overrides);
  target.file = assertRepoPath(target.file, '--file');
  return { config, target };
}

/** YAML's null words: a plain scalar spelled so is null, not a string. */
const NULL_WORDS = new Set(['null', 'Null', 'NULL', '~']);

/**
 * The tag a scalar holds, or null when it holds none: a plain YAML null (`null`, `~`, `Null`,
 * `NULL`), an empty value (`tag:`), or an empty string (`""`). Helm and Kustomize read all of
 * these as "no tag" (the chart's default), never as an image tag named `null`. Of an image
 * reference (`quay.io/org/app:v3.1.8`, a Deployment's `image:`) it is the tag part; a
 * reference pinned by digest alone has none.
 */
export function tagOf(hit: Pick<ScalarHit, 'value' | 'style'>): string | null {
  if (hit.value === '') return null;
  if (hit.style === 'plain' && NULL_WORDS.has(hit.value)) return null;
  const ref = looksLikeImageRef(hit.value) ? parseImageRef(hit.value) : null;
  if (ref) return ref.tag ?? null;
  return hit.value;
}

/** A tag the user gave that YAML would read as null: refused, so no verb writes the string "null". */
export function assertNotNullWord(tag: string, input: string): void {
  if (NULL_WORDS.has(tag)) {
    throw new InputError(`${input} ${tag} is YAML's null, not an image tag (a manifest would get the string "${tag}")`, `pass a real tag`);
  }
}

/** How a tag prints in messages: null values as `null (no tag)`. */
export function showTag(tag: string | null): string {
  return tag === null ? 'null (no tag)' : tag;
}

/** The tag `target` is at in `head` (null: no tag): the file must exist and hold the key. */
export async function readTag(repo: EnvRepo, head: string, target: Pick<EnvTarget, 'file' | 'key' | 'branch'> & Partial<Pick<EnvTarget, 'image'>>) {
  const text = await repo.readFile(target.file, head);
  if (text === null) {
    throw new InputError(
      `--file ${target.file} does not exist on ${target.branch} of ${repo.display}`,
      'check --file or the file: of this environment in gitops.yaml',
    );
  }
  const hit = readScalar(text, target.key, target.file);
  return { text, tag: tagOf(hit), hit, ref: imageRefOf(hit, target) };
}

/**
 * The image reference the value is (null: a bare tag or no tag). A value with `/`, `:` or `@`
 * that the reference grammar rejects, or a reference to another repository than the app's
 * `image:`, is refused: setting its tag would deploy something nobody asked for.
 */
export function imageRefOf(hit: ScalarHit, target: Pick<EnvTarget, 'file' | 'key'> & Partial<Pick<EnvTarget, 'image'>>): ImageRef | null {
  if (!looksLikeImageRef(hit.value)) return null;
  const where = `${target.file}:${hit.line}:${hit.column} (${target.key})`;
  const shown = JSON.stringify(hit.value.length > 100 ? `${hit.value.slice(0, 100)}…` : hit.value);
  const ref = parseImageRef(hit.value);
  if (!ref) {
    throw new InputError(`${where} holds ${shown}, which is neither an image tag nor an image reference`, 'fix the value, or point --key at the tag');
  }
  const app = target.image === undefined ? null : parseImageRef(target.image);
  if (app && canonicalImageName(app) !== canonicalImageName(ref)) {
    throw new InputError(
      `${where} holds an image of ${ref.name}, not of ${target.image} (the app's image: in gitops.yaml); refusing to set its tag`,
      "point --key at this app's image, or correct image: in gitops.yaml",
    );
  }
  return ref;
}

/**
 * Where a digest goes beside a bare tag: Kustomize `images[…].newTag` → `images[…].digest`,
 * Helm `image.tag` → `image.digest`.
 */
export function digestKeyBeside(key: string): string | null {
  if (/\.newTag$/.test(key)) return key.replace(/newTag$/, 'digest');
  if (/(^|\.)tag$/.test(key)) return key.replace(/tag$/, 'digest');
  return null;
}

/** What --digest changes besides the tag: the digest of an image reference, or a digest key beside a bare tag. */
export interface DigestEdit {
  /** The new digest; null (rollback): drop the digest an image reference pins. */
  digest?: string | null;
  /** YAML path of the digest beside a bare tag (default: digestKeyBeside(key)). */
  digestKey?: string;
}

/**
 * The reference with `tag` (and the digest asked for), its name bytes as written. Keeping a
 * pinned digest under a new tag would still run the old image, so that needs --digest.
 */
function retagRef(ref: ImageRef, tag: string, digest: DigestEdit['digest'], where: string): string {
  let pinned = ref.digest;
  if (digest !== undefined) pinned = digest ?? undefined;
  else if (pinned !== undefined && ref.tag !== tag) {
    throw new InputError(
      `${where} pins the image by digest (${formatImageRef(ref)}); under the tag ${tag} that digest would still run the old image`,
      'pass --digest sha256:… (the digest of the new tag) as well',
    );
  }
  return formatImageRef({ name: ref.name, tag, digest: pinned });
}

export async function planEdit(
  repo: EnvRepo,
  head: string,
  app: string,
  env: string,
  tag: string,
  overrides: TargetOverrides,
  edit: SetOptions & DigestEdit & { also?: readonly { key: string; value: string }[] } = {},
): Promise<EditPlan> {
  const { config, target } = await resolveAt(repo, head, app, env, overrides);
  const { text, tag: current, hit, ref } = await readTag(repo, head, target);
  // An image reference gets only its tag (and digest) replaced; a bare tag is replaced whole.
  const value = ref ? retagRef(ref, tag, edit.digest, `${target.file}:${hit.line}:${hit.column} (${target.key})`) : tag;
  let newText = hit.value === value ? text : setScalar(text, target.key, value, target.file, edit);
  const also = [...(edit.also ?? [])];
  if (typeof edit.digest === 'string' && (!ref || edit.digestKey !== undefined)) {
    const key = edit.digestKey ?? digestKeyBeside(target.key);
    if (key === null) {
      throw new InputError(
        `--digest: ${target.file} ${target.key} holds a bare tag, and no digest key goes with that key`,
        'pass --digest-key <yaml-path> (e.g. image.digest)',
      );
    }
    also.push({ key, value: edit.digest });
  }
  // Scalars set beside the tag in the same commit (the digest); each must exist, like the tag.
  for (const a of also) {
    if (readScalar(newText, a.key, target.file).value !== a.value) newText = setScalar(newText, a.key, a.value, target.file, edit);
  }
  return { head, target, config, current, oldText: text, newText };
}
