/**
 * release: ship to production the exact image staging ran and verified.
 *   1. staging (prod's `from`) runs the tag, and a wait-healthy gate verified it there
 *      (commit status / git note `gitops/<app>/<staging>` = success on a commit that holds it);
 *   2. the image is retagged by digest to the release version and the moving `production-latest`
 *      (manifest only; from staging's digest when the file pins one);
 *   3. prod gets the version (and the digest, under --digest-key) by its mode, usually a PR/MR;
 *   4. a GitHub/GitLab release with notes: the conventional commits since the previous
 *      production tag, grouped.
 * `gitless`: steps 1 and 2 only (Flux follows `production-latest`). Every check and read happens
 * before the first write: a refusal writes nothing.
 */
import { previousEnv, resolveTarget, type EnvTarget, type TargetOverrides } from '../config/index.js';
import type { EnvRepo, Release } from '../envrepo/port.js';
import { InputError, OperationError } from '../errors.js';
import { LIMITS, parseIntInRange } from '../input-values.js';
import { readScalar } from '../manifest/index.js';
import { isDigest } from '../registry/reference.js';
import { retag, type RetagResult } from '../registry/retag.js';
import { silentReporter, type Reporter } from '../report.js';
import { Checkout } from '../version/history.js';
import { commitsSince, groupCommits, renderNotes } from '../version/release-notes.js';
import { assertTag, compareTags, tagVersion } from '../version/tag.js';
import { assertName, loadConfigAt, readTag, requireHead, resolveAt, tagOf } from './plan.js';
import { promote, type PromoteResult, type PullRequestOptions } from './promote.js';
import { verificationContext } from './verdicts.js';

export const DEFAULT_MOVING = ['production-latest'];

export interface ReleaseInput {
  repo: EnvRepo;
  app: string;
  /** The tag staging runs, e.g. v1.3.0-rc.abc1234. */
  tag: string;
  /** The production environment (default prod). */
  env?: string;
  /** The environment that must run and have verified the tag (default: prod's `from`, else staging). */
  fromEnv?: string;
  /** The release version (default: the tag without its pre-release part). */
  version?: string;
  /** registry/repository (default: gitops.yaml apps.<app>.image). */
  image?: string;
  /** Tags that follow every release (default production-latest). */
  moving?: string[];
  /** Retag only: no env repo change, no release. */
  gitless?: boolean;
  /** YAML path of an image digest beside the tag (e.g. image.digest, images[name=…].digest). */
  digestKey?: string;
  /** Create the GitHub/GitLab release (default true). */
  createRelease?: boolean;
  /** Where the release goes (the app repository), with its Releases port. */
  releaseRepo?: EnvRepo;
  /** Release notes as given (default: from the app checkout's conventional commits). */
  notes?: string;
  /** App repository checkout, for notes and the release commit. */
  dir?: string;
  /** The commit the release tag is made at (default: the commit of the tag in the checkout). */
  sha?: string;
  /** Commits of staging's file history searched for the verification (LIMITS.depth). */
  depth?: number;
  overrides?: TargetOverrides;
  /** Edit a tag shared through a YAML anchor (--edit-anchor). */
  editAnchor?: boolean;
  plainHttp?: boolean;
  dryRun?: boolean;
  pullRequest?: PullRequestOptions;
  links?: { source?: string; run?: string };
  /** Where registry credentials come from (REGISTRY_USERNAME/PASSWORD, DOCKER_CONFIG); default process.env. */
  registryEnv?: Record<string, string | undefined>;
  reporter?: Reporter;
}

export interface ReleaseResult {
  app: string;
  /** The staging tag shipped. */
  tag: string;
  version: string;
  image: string;
  digest: string;
  /** Full references of the new tags. */
  tags: string[];
  fromEnv: string;
  /** The commit whose verification allowed the release, and the record's link. */
  verified: { commit: string; url?: string };
  gitless: boolean;
  /** What production ran before (null: gitless, not read). */
  previousTag: string | null;
  changed: boolean;
  retag: Pick<RetagResult, 'changes' | 'changed'>;
  promotion?: Omit<PromoteResult, 'diff'>;
  release?: { tag: string; url: string; operation: 'created' | 'unchanged' | 'dry-run' };
  notes?: string;
}

/** v1.3.0-rc.abc1234 → v1.3.0 (the `v` kept as the tag has it); a stable tag is its own version. */
export function releaseVersion(tag: string): string {
  const v = tagVersion(tag);
  if (!v) {
    throw new InputError(`--tag ${tag} is not a semantic version, so the release version cannot be derived from it`, 'pass --version, e.g. --version v1.3.0');
  }
  return `${tag.startsWith('v') ? 'v' : ''}${v.major}.${v.minor}.${v.patch}`;
}

/** The short SHA an rc or dev tag carries (`-rc.<sha7>`, `dev-<sha7>-<ts>`). */
function shaInTag(tag: string): string | undefined {
  return /-rc\.([0-9a-f]{7,40})$/.exec(tag)?.[1] ?? /^dev-([0-9a-f]{7,40})-\d{14}$/.exec(tag)?.[1];
}

interface Verified {
  commit: string;
  url?: string;
}

/**
 * The newest verification of `tag` in `env`: walk the branch head and the file's history, newest
 * first, while the file holds the tag; the first decisive record (success or failure) decides.
 */
async function findVerification(
  repo: EnvRepo,
  head: string,
  app: string,
  target: EnvTarget,
  tag: string,
  depth: number,
): Promise<Verified | { failed: string } | null> {
  const context = verificationContext(app, target.env);
  const history = await repo.history(target.file, head, depth);
  const commits = [head, ...history.map((h) => h.sha).filter((s) => s !== head)];
  for (const sha of commits) {
    const text = await repo.readFile(target.file, sha);
    let value: string | null | undefined;
    try {
      value = text === null ? undefined : tagOf(readScalar(text, target.key, target.file));
    } catch {
      value = undefined;
    }
    if (value !== tag) {
      if (sha === head) continue; // a later commit elsewhere (head) is checked, but is not the run of the tag
      break;
    }
    const record = (await repo.verifications(sha)).find((v) => v.context === context && v.state !== 'pending');
    if (record?.state === 'success') return { commit: sha, url: record.targetUrl };
    if (record?.state === 'failure') return { failed: sha };
  }
  return null;
}

export async function release(input: ReleaseInput): Promise<ReleaseResult> {
  const reporter = input.reporter ?? silentReporter;
  const { repo, app, tag } = input;
  const env = input.env ?? 'prod';
  const gitless = input.gitless === true;
  const wantRelease = !gitless && input.createRelease !== false;
  // Inputs first: exit 2 before any request.
  assertName(app, '--app');
  assertName(env, '--env');
  if (input.fromEnv !== undefined) assertName(input.fromEnv, '--from-env');
  assertTag(tag, '--tag');
  const version = input.version !== undefined ? assertTag(input.version, '--version') : releaseVersion(tag);
  const moving = (input.moving ?? DEFAULT_MOVING).map((t) => assertTag(t, '--moving'));
  const depth = parseIntInRange(input.depth ?? 30, '--depth', LIMITS.depth.min, LIMITS.depth.max);
  if (gitless && input.digestKey) throw new InputError('--digest-key means nothing with --gitless', 'drop one of them');

  // Staging: runs the tag, verified.
  const overrides = input.overrides ?? {};
  const head = await requireHead(repo, overrides.branch ?? 'main');
  const config = await loadConfigAt(repo, head);
  const fromEnv = input.fromEnv ?? previousEnv(config, app, env) ?? 'staging';
  const fromTarget = resolveTarget(config, app, fromEnv, {});
  const fromHead = fromTarget.branch === (overrides.branch ?? 'main') ? head : await requireHead(repo, fromTarget.branch);
  const staging = await readTag(repo, fromHead, fromTarget);
  const running: string | null = staging.tag;
  if (running !== tag) {
    throw new OperationError(
      `refusing to release ${app} ${tag}: ${fromEnv} runs ${running ?? 'no tag'} (${fromTarget.file} ${fromTarget.key}), not ${tag}`,
      `promote ${tag} to ${fromEnv} and let wait-healthy verify it there first`,
    );
  }
  const found = await findVerification(repo, fromHead, app, fromTarget, tag, depth);
  if (!found || 'failed' in found) {
    const why = found
      ? `its verification in ${fromEnv} failed (${verificationContext(app, fromEnv)} on ${found.failed.slice(0, 7)})`
      : `${fromEnv} never verified it (no ${verificationContext(app, fromEnv)} success on the commits that set it, ${depth} searched)`;
    throw new OperationError(`refusing to release ${app} ${tag}: ${why}`, `run wait-healthy for ${fromEnv} and release once it passes`);
  }
  reporter.info(`${fromEnv} runs ${tag}, verified at ${found.commit.slice(0, 7)}`);

  // Production: the target, the digest key, the mode, no downgrade.
  let prodTarget: EnvTarget | undefined;
  let previousTag: string | null = null;
  // prod's key holds an image reference pinned by digest: it gets the shipped digest with the version.
  let prodPinned = false;
  if (!gitless) {
    const prodHead = await requireHead(repo, overrides.branch ?? 'main');
    prodTarget = (await resolveAt(repo, prodHead, app, env, overrides)).target;
    const prodBranchHead = prodTarget.branch === (overrides.branch ?? 'main') ? prodHead : await requireHead(repo, prodTarget.branch);
    const prod = await readTag(repo, prodBranchHead, prodTarget);
    previousTag = prod.tag;
    prodPinned = prod.ref?.digest !== undefined;
    if (input.digestKey) readScalar(prod.text, input.digestKey, prodTarget.file); // the key must exist (exit 2)
    if (prodTarget.mode === 'pull-request' && !repo.changeRequests) {
      throw new InputError(
        `${env} is promoted by pull request, but ${repo.display} is a plain git remote`,
        'pass --forge github or --forge gitlab (with --api-url)',
      );
    }
    const cmp = previousTag === null ? null : compareTags(version, previousTag);
    if (cmp !== null && cmp < 0) {
      throw new OperationError(
        `${env} runs ${previousTag}, which is newer than ${version}; refusing to release an older version`,
        'release a newer staging tag',
      );
    }
  }
  const image = input.image ?? prodTarget?.image ?? fromTarget.image;
  if (!image) throw new InputError(`no image for ${app}`, `pass --image or add image: to apps.${app} in gitops.yaml`);

  // The digest staging pins, when its file has one: that exact image, whatever the tag says now.
  let from = staging.ref?.digest !== undefined && isDigest(staging.ref.digest) ? staging.ref.digest : tag;
  if (input.digestKey) {
    const stagingText = (await repo.readFile(fromTarget.file, fromHead)) ?? '';
    let pinned: string | undefined;
    try {
      pinned = readScalar(stagingText, input.digestKey, fromTarget.file).value;
    } catch {
      pinned = undefined;
    }
    if (pinned && isDigest(pinned)) from = pinned;
  }

  // The release: where, at which commit, with which notes — decided before writing.
  let releasePlan: { repo: EnvRepo; sha: string; existing: Release | null; notes: string } | undefined;
  if (wantRelease) {
    const target = input.releaseRepo;
    if (!target?.releases) {
      throw new InputError(
        target ? `${target.display} has no releases API (a plain git remote)` : 'no repository to create the release in',
        'pass --release-repo OWNER/NAME (a GitHub or GitLab project), or --create-release false',
      );
    }
    const existing = await target.releases.get(version);
    const checkout =
      input.dir !== undefined || input.sha === undefined || input.notes === undefined
        ? await openCheckout(input.dir ?? '.', input.dir !== undefined, reporter)
        : null;
    const sha = await releaseCommit(checkout, input.sha, tag);
    let notes = input.notes;
    if (notes === undefined) {
      const intro = `Ships \`${image}@{digest}\` — the image ${fromEnv} ran and verified as \`${tag}\`${previousTag ? `; production ran \`${previousTag}\` before` : ''}.`;
      if (checkout) {
        const range = await commitsSince(checkout.dir, sha, previousTag, version, reporter);
        notes = renderNotes({
          intro: `${intro}\n\nChanges since ${range.since ?? 'the first commit'}:`,
          groups: groupCommits(range.commits),
          omitted: range.omitted,
        });
      } else notes = `${intro}\n`;
    }
    releasePlan = { repo: target, sha, existing, notes };
  }

  // Writes: registry, env repo, release.
  const r = await retag({ image, from, to: [version, ...moving], moving, plainHttp: input.plainHttp, dryRun: input.dryRun, env: input.registryEnv, reporter });
  let promotion: PromoteResult | undefined;
  if (!gitless) {
    promotion = await promote({
      repo,
      app,
      env,
      tag: version,
      overrides,
      skipPrecondition: true, // checked above, on the staging tag (prod gets the version)
      dryRun: input.dryRun,
      editAnchor: input.editAnchor,
      also: input.digestKey ? [{ key: input.digestKey, value: r.digest }] : undefined,
      ...(prodPinned ? { digest: r.digest } : {}),
      pullRequest: input.pullRequest,
      links: input.links,
      reporter,
    });
  }
  let rel: ReleaseResult['release'];
  let notes: string | undefined;
  if (releasePlan) {
    notes = releasePlan.notes.replace('{digest}', r.digest);
    if (releasePlan.existing) {
      reporter.info(`release ${version} exists already: ${releasePlan.existing.url}`);
      rel = { tag: version, url: releasePlan.existing.url, operation: 'unchanged' };
    } else if (input.dryRun) {
      rel = { tag: version, url: '', operation: 'dry-run' };
    } else {
      const made = await releasePlan.repo.releases!.create({ tag: version, target: releasePlan.sha, name: version, body: notes });
      reporter.info(`release ${version}: ${made.url}`);
      rel = { tag: version, url: made.url, operation: 'created' };
    }
  }
  const { diff: _diff, ...promotionJson } = promotion ?? ({ diff: '' } as PromoteResult);
  return {
    app,
    tag,
    version,
    image,
    digest: r.digest,
    tags: r.tags,
    fromEnv,
    verified: found,
    gitless,
    previousTag,
    changed: r.changed || promotion?.changed === true || rel?.operation === 'created',
    retag: { changes: r.changes, changed: r.changed },
    ...(promotion ? { promotion: promotionJson } : {}),
    ...(rel ? { release: rel } : {}),
    ...(notes ? { notes } : {}),
  };
}

async function openCheckout(dir: string, explicit: boolean, reporter: Reporter): Promise<Checkout | null> {
  const checkout = new Checkout(dir, reporter);
  try {
    await checkout.assertRepo();
  } catch (err) {
    if (explicit) throw err;
    reporter.warn(`${dir} is not a git checkout of the app; release notes list no commits`);
    return null;
  }
  await checkout.ensureHistory();
  return checkout;
}

/** The commit the release tag is made at: --sha, else the tag's own commit, else the SHA an rc/dev tag names. */
async function releaseCommit(checkout: Checkout | null, sha: string | undefined, tag: string): Promise<string> {
  if (sha !== undefined) return checkout ? checkout.commit(sha, '--sha') : assertSha(sha);
  if (checkout) {
    if ((await checkout.tags()).includes(tag)) return checkout.commit(`refs/tags/${tag}`, '--tag');
    const short = shaInTag(tag);
    if (short) return checkout.commit(short, `the commit of --tag ${tag}`);
  }
  throw new InputError(`cannot tell which commit ${tag} was built from`, 'pass --sha (the app commit), or run in the app checkout (--dir)');
}

function assertSha(sha: string): string {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) throw new InputError(`--sha ${sha} is not a full commit SHA`, 'pass the 40-character SHA');
  return sha;
}

/** Kebab-case outputs (action outputs, GitLab dotenv). */
export function releaseOutputs(r: ReleaseResult): Record<string, string> {
  return {
    version: r.version,
    digest: r.digest,
    tags: r.tags.join('\n'),
    'previous-tag': r.previousTag ?? '',
    changed: String(r.changed),
    'commit-sha': r.promotion?.commit ?? '',
    'pr-number': r.promotion?.pullRequest ? String(r.promotion.pullRequest.number) : '',
    'pr-url': r.promotion?.pullRequest?.url ?? '',
    'release-url': r.release?.url ?? '',
  };
}

export function releaseSummary(r: ReleaseResult): string {
  const pr = r.promotion?.pullRequest ? `[#${r.promotion.pullRequest.number}](${r.promotion.pullRequest.url})` : (r.promotion?.operation ?? '—');
  const rel = r.release?.url ? `[${r.version}](${r.release.url})` : (r.release?.operation ?? '—');
  return [
    `### release ${r.app} ${r.version}`,
    '',
    '| staging tag | version | digest | prod before | prod | release |',
    '|---|---|---|---|---|---|',
    `| \`${r.tag}\` | \`${r.version}\` | \`${r.digest}\` | \`${r.previousTag ?? '—'}\` | ${r.gitless ? 'gitless' : pr} | ${rel} |`,
  ].join('\n');
}
