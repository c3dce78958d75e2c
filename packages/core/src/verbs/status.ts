/**
 * status: what runs where, and is it verified. For each app × environment of gitops.yaml: the
 * tag, the commit that set it and when, the verification verdict and when it was made, any open
 * promotion or rollback pull/merge request, and the tags blocked there (DESIGN.md principle 9).
 * Reads only: the branch head, gitops.yaml, each environment's file at the head and its history
 * (one request each in API mode), the records of the commits that decide a verdict, and the open
 * requests once per branch. No clone: the git adapter's partial fetches, as promote.
 */
import { assertRepoPath, resolveTarget, type EnvTarget, type GitopsConfig } from '../config/index.js';
import type { ChangeRequest, EnvRepo } from '../envrepo/port.js';
import { InputError, messageOf } from '../errors.js';
import { LIMITS, parseIntInRange } from '../input-values.js';
import { DEFAULT_TEMPLATES, branchPattern } from '../naming.js';
import { silentReporter, type Reporter } from '../report.js';
import { VerificationCache, changeRequestOf, currentPeriod, tagIn, verdictOf, type Verdict } from './env-timeline.js';
import { assertName, loadConfigAt, requireHead } from './plan.js';
import { blockedTags, type BlockedTag } from './verdicts.js';

export interface StatusInput {
  repo: EnvRepo;
  /** Only this app (default: every app of gitops.yaml). */
  app?: string;
  /** The branch gitops.yaml is read from (default main); environments may track their own. */
  branch?: string;
  /** Commits of each file's history read for the current period and blocked tags. */
  depth?: number;
  reporter?: Reporter;
}

export interface OpenRequest {
  kind: 'promotion' | 'rollback';
  number: number;
  url: string;
  title: string;
  /** The tag it proposes, when its body or title says. */
  tag?: string;
  draft?: boolean;
}

export interface Since {
  commit: string;
  date?: string;
  url?: string;
  /** The pull/merge request the commit message names (squash or merge commit). */
  pullRequest?: number;
  /** The commit was a rollback away from this tag. */
  rollbackOf?: string;
  /** The history window ended before the value changed: it was set at or before this commit. */
  beyondDepth?: boolean;
}

export interface EnvStatus {
  app: string;
  env: string;
  /** null: the value is YAML null or empty. */
  tag: string | null;
  file: string;
  key: string;
  branch: string;
  mode: EnvTarget['mode'];
  from?: string;
  since: Since | null;
  verdict: Verdict;
  openRequests: OpenRequest[];
  blocked: BlockedTag[];
  /** Why this environment could not be read (a missing file or key); the others still are. */
  error?: string;
}

export interface StatusResult {
  envRepo: string;
  branch: string;
  head: string;
  environments: EnvStatus[];
}

/** Environments read at once (the adapters bound their own concurrency; git runs them in turn). */
const PARALLEL = 4;

export async function status(input: StatusInput): Promise<StatusResult> {
  const reporter = input.reporter ?? silentReporter;
  if (input.app !== undefined) assertName(input.app, '--app');
  const depth = input.depth ?? 10;
  parseIntInRange(depth, '--depth', LIMITS.depth.min, LIMITS.depth.max);
  const repo = input.repo;
  const branch = input.branch ?? 'main';
  const head = await requireHead(repo, branch);
  const config = await loadConfigAt(repo, head);
  if (!config)
    throw new InputError(`status needs gitops.yaml at the root of ${repo.display} (${branch})`, 'add gitops.yaml listing the apps and their environments');
  const targets = targetsOf(config, input.app, input.branch);

  const heads = new Map<string, Promise<string>>([[branch, Promise.resolve(head)]]);
  const headOf = (b: string) => {
    let h = heads.get(b);
    if (!h) heads.set(b, (h = requireHead(repo, b)));
    return h;
  };
  const open = new Map<string, Promise<ChangeRequest[]>>();
  const openInto = (b: string) => {
    if (!repo.changeRequests) return Promise.resolve([]);
    let p = open.get(b);
    if (!p) open.set(b, (p = repo.changeRequests.listOpen(b)));
    return p;
  };
  const cache = new VerificationCache(repo);

  const rows = await pool(targets, PARALLEL, async (target) => {
    try {
      return await environmentStatus(repo, cache, target, await headOf(target.branch), depth, await openInto(target.branch));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      reporter.warn(`${target.env}(${target.app}): ${messageOf(err)}`);
      return { ...rowBase(target), tag: null, since: null, verdict: { state: 'unverified' as const }, openRequests: [], blocked: [], error: messageOf(err) };
    }
  });
  return { envRepo: repo.display, branch, head, environments: rows };
}

/** Every app × environment in gitops.yaml order; `--app` must name one of its apps. */
function targetsOf(config: GitopsConfig, app: string | undefined, branch: string | undefined): EnvTarget[] {
  const apps = Object.keys(config.apps);
  if (app !== undefined && !apps.includes(app)) {
    throw new InputError(`--app ${app} is not in gitops.yaml (apps: ${apps.join(', ')})`, 'pass one of those apps, or leave --app out for all');
  }
  const out: EnvTarget[] = [];
  for (const a of app !== undefined ? [app] : apps) {
    for (const env of Object.keys(config.apps[a].environments)) {
      // --branch names where gitops.yaml lives; an environment that tracks another branch keeps it.
      const t = resolveTarget(config, a, env, {});
      if (branch !== undefined && !config.apps[a].environments[env].branch) t.branch = branch;
      t.file = assertRepoPath(t.file, `gitops.yaml apps.${a}.environments.${env}.file`);
      out.push(t);
    }
  }
  return out;
}

function rowBase(t: EnvTarget) {
  return { app: t.app, env: t.env, file: t.file, key: t.key, branch: t.branch, mode: t.mode, ...(t.from ? { from: t.from } : {}) };
}

async function environmentStatus(
  repo: EnvRepo,
  cache: VerificationCache,
  target: EnvTarget,
  head: string,
  depth: number,
  open: ChangeRequest[],
): Promise<EnvStatus> {
  const text = await repo.readFile(target.file, head);
  if (text === null)
    throw new InputError(
      `${target.file} does not exist on ${target.branch} of ${repo.display}`,
      `fix apps.${target.app}.environments.${target.env}.file in gitops.yaml`,
    );
  const tag = tagIn(text, target.key, target.file);
  const history = await repo.history(target.file, head, depth);
  const period = await currentPeriod(repo, target, tag, history, depth);
  const verdict = period ? await verdictOf(cache, target.app, target.env, period.commits) : { state: 'unverified' as const };
  const blocked = await blockedTags(cache.repoView, target, head, { history });
  let since: Since | null = null;
  if (period) {
    const c = period.setBy;
    const url = repo.commitUrl?.(c.sha);
    const pr = changeRequestOf(c.message);
    since = {
      commit: c.sha,
      ...(c.date ? { date: c.date } : {}),
      ...(url ? { url } : {}),
      ...(pr !== undefined ? { pullRequest: pr } : {}),
      ...(c.rolledBackFrom ? { rollbackOf: c.rolledBackFrom } : {}),
      ...(period.beyondDepth ? { beyondDepth: true } : {}),
    };
  }
  return { ...rowBase(target), tag, since, verdict, openRequests: requestsFor(open, target), blocked };
}

const MARKER = /<!-- gitops-actions:(promote|rollback) app=(\S+) env=(\S+) -->/;

/** The open requests for app+env: by the marker our bodies carry, else by the default branch names. */
function requestsFor(open: readonly ChangeRequest[], t: EnvTarget): OpenRequest[] {
  const promoteBranch = branchPattern(DEFAULT_TEMPLATES.prBranch, { app: t.app, env: t.env });
  const rollbackBranch = branchPattern(DEFAULT_TEMPLATES.rollbackBranch, { app: t.app, env: t.env });
  const out: OpenRequest[] = [];
  for (const cr of open) {
    const m = MARKER.exec(cr.body);
    let kind: OpenRequest['kind'] | undefined;
    if (m) kind = m[2] === t.app && m[3] === t.env ? (m[1] === 'rollback' ? 'rollback' : 'promotion') : undefined;
    else if (rollbackBranch.test(cr.sourceBranch)) kind = 'rollback';
    else if (promoteBranch.test(cr.sourceBranch)) kind = 'promotion';
    if (!kind) continue;
    const tag = /→ `([^`\s]+)`/.exec(cr.body)?.[1];
    out.push({ kind, number: cr.number, url: cr.url, title: cr.title, ...(tag ? { tag } : {}), ...(cr.draft ? { draft: true } : {}) });
  }
  return out.sort((a, b) => a.number - b.number);
}

async function pool<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}
