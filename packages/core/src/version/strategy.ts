/**
 * The tag strategies of seeds/003:
 *   semver  the version of a pushed tag ref (`refs/tags/v1.2.3`), validated
 *   rc      `v{next}-rc.{sha7}`: next = latest stable tag bumped by the conventional commits since
 *   stable  the stable tag on the commit, else `v{next}`
 *   dev     `dev-{sha7}-{yyyymmddhhmmss}` (UTC)
 * Pre-release tags never count as the latest stable. With no stable tag yet, next is v0.1.0.
 */
import semver from 'semver';
import { InputError } from '../errors.js';
import { type Reporter, silentReporter } from '../report.js';
import { type Bump, bumpOfAll, FIRST_VERSION, nextVersion } from './conventional.js';
import { Checkout } from './history.js';
import { assertTag, tagVersion } from './tag.js';

export const TAG_STRATEGIES = ['semver', 'rc', 'stable', 'dev'] as const;
export type TagStrategy = (typeof TAG_STRATEGIES)[number];

export interface VersionInput {
  strategy: string;
  /** Local checkout of the app repo (default: the working directory). */
  dir?: string;
  /** semver: the pushed tag ref, `refs/tags/v1.2.3` (or the bare tag). */
  ref?: string;
  /** The commit to tag (default HEAD of dir). */
  sha?: string;
  /** dev timestamps; tests pin it. */
  now?: Date;
  reporter?: Reporter;
  env?: NodeJS.ProcessEnv;
}

export interface ComputedVersion {
  strategy: TagStrategy;
  /** The image tag, e.g. `v1.3.0-rc.abc1234`. */
  tag: string;
  /** The version it carries: semver without the `v`, or the tag itself for dev. */
  version: string;
  /** Full commit SHA. */
  sha: string;
  /** rc/stable: the latest stable tag the next version was computed from (null: none yet). */
  base?: string | null;
  /** rc/stable: the bump the commits since base asked for. */
  bump?: Bump;
}

const SHA = /^[0-9a-f]{7,64}$/i;

export function parseStrategy(value: string | undefined): TagStrategy {
  if (value && (TAG_STRATEGIES as readonly string[]).includes(value)) return value as TagStrategy;
  throw new InputError(`--strategy ${JSON.stringify(value ?? '')} is not a tag strategy`, `use one of ${TAG_STRATEGIES.join(', ')}`);
}

/** A pushed tag ref → its tag and semver; an input error for anything else. */
export function versionFromRef(ref: string | undefined): { tag: string; version: semver.SemVer } {
  if (!ref)
    throw new InputError('--strategy semver needs --ref', 'pass the pushed tag ref, e.g. --ref refs/tags/v1.2.3 (GITHUB_REF / CI_COMMIT_TAG are read in CI)');
  if (/^refs\//.test(ref) && !ref.startsWith('refs/tags/')) {
    throw new InputError(`--ref ${ref} is not a tag ref`, 'semver builds run on a pushed tag (refs/tags/v1.2.3); use --strategy rc or dev for branches');
  }
  const tag = ref.replace(/^refs\/tags\//, '');
  const version = tagVersion(tag);
  if (!version)
    throw new InputError(`--ref ${ref}: ${JSON.stringify(tag)} is not a semantic version`, 'tag releases as v1.2.3 (MAJOR.MINOR.PATCH, optional -prerelease)');
  assertTag(tag, '--ref');
  return { tag, version };
}

/** The tag ref of the CI run: GitHub `GITHUB_REF` when it is a tag, GitLab `CI_COMMIT_TAG`. */
export function refFromCi(env: Record<string, string | undefined>): string | undefined {
  if (env.GITHUB_REF?.startsWith('refs/tags/')) return env.GITHUB_REF;
  if (env.CI_COMMIT_TAG) return `refs/tags/${env.CI_COMMIT_TAG}`;
  return env.GITHUB_REF || undefined;
}

/** Stable (no pre-release) semver tags, highest first. */
export function stableTags(tags: readonly string[]): { tag: string; version: semver.SemVer }[] {
  return tags
    .map((tag) => ({ tag, version: tagVersion(tag) }))
    .filter((t): t is { tag: string; version: semver.SemVer } => t.version !== null && t.version.prerelease.length === 0)
    .sort((a, b) => semver.rcompare(a.version, b.version) || (a.tag.startsWith('v') ? -1 : 1));
}

export function devTag(sha: string, now: Date): string {
  const ts = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `dev-${sha.slice(0, 7)}-${ts}`;
}

export async function computeVersion(input: VersionInput): Promise<ComputedVersion> {
  const strategy = parseStrategy(input.strategy);
  // Input first: a bad ref or sha is exit 2 before any git work.
  const fromRef = strategy === 'semver' ? versionFromRef(input.ref) : undefined;
  if (input.sha !== undefined && !SHA.test(input.sha)) {
    throw new InputError(`--sha ${JSON.stringify(input.sha)} is not a commit SHA`, 'pass 7 to 64 hex digits, e.g. the CI commit SHA');
  }
  const checkout = new Checkout(input.dir ?? process.cwd(), input.reporter ?? silentReporter, input.env);
  await checkout.assertRepo();
  if (strategy === 'rc' || strategy === 'stable') await checkout.ensureHistory();
  const sha = await checkout.commit(input.sha ?? 'HEAD', input.sha ? '--sha' : 'HEAD');

  if (fromRef) return { strategy, tag: fromRef.tag, version: fromRef.version.version, sha };
  if (strategy === 'dev') {
    const tag = devTag(sha, input.now ?? new Date());
    return { strategy, tag, version: tag, sha };
  }
  if (strategy === 'stable') {
    const onCommit = stableTags(await checkout.tagsAt(sha))[0];
    if (onCommit) return { strategy, tag: onCommit.tag, version: onCommit.version.version, sha, base: onCommit.tag };
  }
  const latest = stableTags(await checkout.tags())[0];
  let next = FIRST_VERSION;
  let bump: Bump | undefined;
  if (latest) {
    bump = bumpOfAll(await checkout.messagesSince(latest.tag, sha));
    next = nextVersion(latest.version, bump);
  }
  // A sha7 of only digits with a leading zero is not a valid semver identifier; the tag is still a
  // valid image tag, and `version` then says so by being the tag without its `v`.
  const tag = strategy === 'rc' ? `v${next}-rc.${sha.slice(0, 7)}` : `v${next}`;
  return { strategy, tag, version: tag.slice(1), sha, base: latest?.tag ?? null, ...(bump ? { bump } : {}) };
}
