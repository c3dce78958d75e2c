/**
 * Planning an edit: at one commit of the env repo, resolve app+env to a file and key
 * (gitops.yaml + flags), read the current tag and compute the new file text. Pure reads;
 * the verbs decide what to write. Re-run after every lost compare-and-swap.
 */
import { CONFIG_FILE, assertRepoPath, parseConfig, resolveTarget, type EnvTarget, type GitopsConfig, type TargetOverrides } from '../config/index.js';
import type { EnvRepo } from '../envrepo/port.js';
import { InputError } from '../errors.js';
import { readScalar, setScalar, type ScalarHit, type SetOptions } from '../manifest/index.js';

export interface EditPlan {
  /** The commit the plan was computed at. */
  head: string;
  target: EnvTarget;
  config: GitopsConfig | null;
  /** Tag the environment is at now; null when the value is YAML null or empty (no tag). */
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
 * these as "no tag" (the chart's default), never as an image tag named `null`.
 */
export function tagOf(hit: Pick<ScalarHit, 'value' | 'style'>): string | null {
  if (hit.value === '') return null;
  if (hit.style === 'plain' && NULL_WORDS.has(hit.value)) return null;
  return hit.value;
}

/** A tag the user gave that YAML would read as null: refused, so no verb writes the string "null". */
export function assertNotNullWord(tag: string, input: string): void {
  if (NULL_WORDS.has(tag)) {
    throw new InputError(
      `${input} ${tag} is YAML's null, not an image tag (a manifest would get the string "${tag}")`,
      `pass a real tag`,
    );
  }
}

/** How a tag prints in messages: null values as `null (no tag)`. */
export function showTag(tag: string | null): string {
  return tag === null ? 'null (no tag)' : tag;
}

/** The tag `target` is at in `head` (null: no tag): the file must exist and hold the key. */
export async function readTag(repo: EnvRepo, head: string, target: Pick<EnvTarget, 'file' | 'key' | 'branch'>) {
  const text = await repo.readFile(target.file, head);
  if (text === null) {
    throw new InputError(
      `--file ${target.file} does not exist on ${target.branch} of ${repo.display}`,
      'check --file or the file: of this environment in gitops.yaml',
    );
  }
  const hit = readScalar(text, target.key, target.file);
  return { text, tag: tagOf(hit), hit };
}

export async function planEdit(
  repo: EnvRepo,
  head: string,
  app: string,
  env: string,
  tag: string,
  overrides: TargetOverrides,
  edit: SetOptions & { also?: readonly { key: string; value: string }[] } = {},
): Promise<EditPlan> {
  const { config, target } = await resolveAt(repo, head, app, env, overrides);
  const { text, tag: current } = await readTag(repo, head, target);
  let newText = current === tag ? text : setScalar(text, target.key, tag, target.file, edit);
  // Scalars set beside the tag in the same commit (release: the digest); each must exist, like the tag.
  for (const a of edit.also ?? []) {
    if (readScalar(newText, a.key, target.file).value !== a.value) newText = setScalar(newText, a.key, a.value, target.file, edit);
  }
  return { head, target, config, current, oldText: text, newText };
}
