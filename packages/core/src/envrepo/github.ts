/**
 * EnvRepo over the GitHub REST API (github.com or GitHub Enterprise): no clone on the runner.
 *
 * A commit is blob-less: tree(base_tree, entries with `content`) → commit(parent) → ref update.
 * The ref update is the compare-and-swap: PATCH with force:false is refused by GitHub with 422
 * "Update is not a fast forward" when the branch moved past our parent → ConflictError.
 * A dev promotion costs 6 requests: GET ref, GET contents, GET git/commits (parent's tree),
 * POST git/trees, POST git/commits, PATCH git/refs.
 *
 * Transport: @octokit/rest with plugin-retry (5xx, resets) and plugin-throttling (primary and
 * secondary rate limits, honouring retry-after, a bounded number of times), over boundedFetch:
 * timeouts, a 32 MB response cap, and no token across a redirect to another origin.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { boundedDispatcher, boundedFetchFunction } from '../bounded-fetch.js';
import { ConflictError, RemoteError } from '../errors.js';
import { fromGithubState, redact, remoteErrorFor, webUrlOf, type ForgeErrorContext } from './forge-common.js';
import { checkFileSize, decodeFile, refuseSpecialParent, specialFileError } from './file-content.js';
import { GitHubReleases } from './github-releases.js';
import type {
  ChangeRequest,
  ChangeRequestInput,
  ChangeRequests,
  CommitRequest,
  CommitResult,
  EnvRepo,
  HistoryEntry,
  Releases,
  Verification,
} from './port.js';

export interface GitHubRepoOptions {
  /** `owner/name` */
  repo: string;
  /** Wraps the adapter's (bounded) fetch: tests record its exchanges, e.g. to check them against GitHub's OpenAPI description. */
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
  token?: string;
  /** REST base; default https://api.github.com (GitHub Enterprise: https://HOST/api/v3). */
  apiUrl?: string;
  /** Retries of 5xx / connection failures (default 4). */
  retries?: number;
  /** Base of the retry backoff in ms: waits base·n² (default 1000). Tests set it low. */
  retryBaseMs?: number;
  /** How many times a rate-limited request is retried (default 3). */
  rateLimitRetries?: number;
  /** Longest retry-after we wait for, in seconds (default 120); longer limits fail. */
  maxRateLimitWaitSeconds?: number;
  /** Milliseconds per second of retry-after (default 1000). Tests set it low. */
  retryAfterUnitMs?: number;
  /**
   * Spacing of mutating requests in ms. GitHub asks integrations to send writes one at a time,
   * a second apart, to stay clear of secondary rate limits; that is the default (1000; requests
   * that notify people — pull requests, reviewers — three times that). 0 turns spacing off.
   */
  writeIntervalMs?: number;
  userAgent?: string;
  /** Connect / headers / body-silence timeout per request in ms (default 30 s, GITOPS_HTTP_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The variable the token came from, for hints (default GITHUB_TOKEN). */
  tokenEnv?: string;
  /** What credentials.ts decided and why, for the 401/403 hints. */
  credentialNote?: string;
}

const ThrottledOctokit = Octokit.plugin(throttling, retry);
type Client = InstanceType<typeof ThrottledOctokit>;

interface OctokitError {
  status?: number;
  message?: string;
  response?: { data?: unknown; headers?: Record<string, string> };
}

function forgeMessage(e: unknown): string {
  const err = e as OctokitError;
  const data = err.response?.data as { message?: unknown; errors?: unknown[] } | undefined;
  const parts: string[] = [];
  if (data && typeof data.message === 'string') parts.push(data.message);
  for (const x of data?.errors ?? []) {
    if (typeof x === 'string') parts.push(x);
    else if (x && typeof (x as { message?: unknown }).message === 'string') parts.push((x as { message: string }).message);
  }
  if (parts.length === 0) parts.push(err.message ?? String(e));
  return parts.join(': ');
}

function statusOf(e: unknown): number | undefined {
  const s = (e as OctokitError).status;
  // Octokit reports network failures as status 500 without a response.
  if (s === 500 && !(e as OctokitError).response) return undefined;
  return typeof s === 'number' ? s : undefined;
}

interface PullLike {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  draft?: boolean;
  node_id?: string;
  head: { ref: string; sha: string };
  base: { ref: string };
}

function toChangeRequest(p: PullLike): ChangeRequest {
  return {
    number: p.number,
    url: p.html_url,
    sourceBranch: p.head.ref,
    targetBranch: p.base.ref,
    title: p.title,
    body: p.body ?? '',
    headSha: p.head.sha,
    draft: p.draft ?? false,
  };
}

export class GitHubEnvRepo implements EnvRepo {
  readonly forge = 'github' as const;
  readonly display: string;
  readonly changeRequests: ChangeRequests;
  readonly releases: Releases;
  private readonly owner: string;
  private readonly name: string;
  private readonly apiUrl: string;
  private readonly webUrl: string;
  private readonly client: Client;
  private readonly token?: string;
  private readonly tokenEnv: string;
  private readonly credentialNote?: string;
  private requests = 0;
  /** The repository answered at least once (so a 404 below it is about a path, not the repo). */
  private seen = false;
  /** commit SHA → tree SHA, for commits we read or made. */
  private readonly trees = new Map<string, string>();

  constructor(opts: GitHubRepoOptions) {
    const [owner, name, ...rest] = opts.repo.split('/');
    if (!owner || !name || rest.length > 0) throw new RemoteError(`not a GitHub repository name: ${opts.repo}`, 'use OWNER/NAME');
    this.owner = owner;
    this.name = name;
    this.display = `${owner}/${name}`;
    this.apiUrl = (opts.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    this.webUrl = webUrlOf('github', this.apiUrl);
    this.token = opts.token || undefined;
    this.tokenEnv = opts.tokenEnv ?? 'GITHUB_TOKEN';
    this.credentialNote = opts.credentialNote;
    const rateRetries = opts.rateLimitRetries ?? 3;
    const maxWait = opts.maxRateLimitWaitSeconds ?? 120;
    const onLimit = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
      retryCount < rateRetries && retryAfter <= maxWait;
    const writeInterval = opts.writeIntervalMs ?? 1000;
    const dispatcher = boundedDispatcher({ timeoutMs: opts.timeoutMs });
    const countingFetch = boundedFetchFunction({ dispatcher, timeoutMs: opts.timeoutMs }, () => this.requests++);
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    this.client = new ThrottledOctokit({
      auth: this.token,
      baseUrl: this.apiUrl,
      userAgent: opts.userAgent ?? 'gitops-actions',
      log: quiet,
      request: { fetch: opts.wrapFetch ? opts.wrapFetch(countingFetch) : countingFetch },
      retry: { retries: opts.retries ?? 4, retryAfterBaseValue: opts.retryBaseMs ?? 1000 },
      throttle: {
        onRateLimit: onLimit,
        onSecondaryRateLimit: onLimit,
        retryAfterBaseValue: opts.retryAfterUnitMs ?? 1000,
        fallbackSecondaryRateRetryAfter: 60,
        ...(writeInterval === 1000
          ? {}
          : {
              write: new Bottleneck.Group({ maxConcurrent: writeInterval > 0 ? 1 : null, minTime: writeInterval }),
              notifications: new Bottleneck.Group({ maxConcurrent: writeInterval > 0 ? 1 : null, minTime: writeInterval * 3 }),
            }),
      },
    });
    this.changeRequests = new GitHubPullRequests(this);
    this.releases = new GitHubReleases(this);
  }

  get requestCount(): number {
    return this.requests;
  }

  /** @internal */
  get octokit(): Client {
    return this.client;
  }

  /** @internal */
  get repoParams(): { owner: string; repo: string } {
    return { owner: this.owner, repo: this.name };
  }

  /** @internal Run one API call; map refusals to typed errors that never carry the token. */
  async call<T, H = never>(
    op: string,
    fn: () => Promise<T>,
    handle?: (status: number | undefined, message: string) => H | undefined,
  ): Promise<T | H> {
    try {
      const out = await fn();
      this.seen = true;
      return out;
    } catch (e) {
      const status = statusOf(e);
      const message = redact(forgeMessage(e), [this.token]);
      if (status !== undefined && status !== 401 && status !== 404) this.seen = true;
      if (handle) {
        const handled = handle(status, message);
        if (handled !== undefined) return handled;
      }
      throw this.error(status, message, op);
    }
  }

  /** @internal */
  error(status: number | undefined, message: string, op: string): RemoteError {
    const ctx: ForgeErrorContext = {
      forgeName: 'GitHub',
      display: this.display,
      apiUrl: this.apiUrl,
      op,
      tokenEnv: this.tokenEnv,
      hasToken: !!this.token,
      credentialNote: this.credentialNote,
    };
    if (status === 404 && this.seen) {
      return new RemoteError(`GitHub could not find what "${op}" needs in ${this.display}: ${message}`, undefined, { status });
    }
    return remoteErrorFor(status, message, ctx);
  }

  /** A 404 on a path below the repository: is it the path or the whole repository? */
  private async notFound(op: string): Promise<null> {
    if (this.seen) return null;
    await this.call(op, () => this.client.rest.repos.get(this.repoParams));
    return null;
  }

  async head(branch: string): Promise<string | null> {
    // GET commits/heads/<branch> answers the head SHA *and* its tree in one call, so a commit
    // on top of it needs no extra GET of the parent (a dev promotion stays at 6 calls).
    let missing = false;
    const res = await this.call(
      `read branch ${branch}`,
      () => this.client.rest.repos.getCommit({ ...this.repoParams, ref: `heads/${branch}`, per_page: 1 }),
      (status) => (status === 404 || status === 409 || status === 422 ? ((missing = true), null) : undefined),
    );
    if (missing || !res) return this.notFound(`read branch ${branch}`);
    this.trees.set(res.data.sha, res.data.commit.tree.sha);
    return res.data.sha;
  }

  async readFile(path: string, commit: string): Promise<string | null> {
    let missing = false;
    const res = await this.call(
      `read ${path} at ${commit.slice(0, 7)}`,
      () => this.client.rest.repos.getContent({ ...this.repoParams, path, ref: commit }),
      (status) => (status === 404 ? ((missing = true), null) : undefined),
    );
    if (missing || !res) {
      const none = await this.notFound(`read ${path}`);
      await refuseSpecialParent(path, this.display, (dir) => this.entryKind(dir, commit));
      return none;
    }
    const data = res.data as unknown as { type?: string; path?: string; content?: string; encoding?: string; sha?: string; size?: number };
    if (!Array.isArray(data) && (data.type === 'symlink' || data.type === 'submodule')) throw specialFileError(path, this.display, data.type);
    // A symlink to a file comes back as that file, under its own path: refuse, never edit through a link.
    if (!Array.isArray(data) && data.type === 'file' && typeof data.path === 'string' && data.path !== path) {
      throw specialFileError(path, this.display, 'symlink');
    }
    if (Array.isArray(data) || data.type !== 'file') return null;
    if (typeof data.size === 'number') checkFileSize(data.size, path, this.display);
    if (data.encoding === 'base64' && typeof data.content === 'string') return decodeFile(Buffer.from(data.content, 'base64'), path, this.display);
    // Files over 1 MB come without content: fetch the blob.
    const blob = await this.call(`read ${path}`, () => this.client.rest.git.getBlob({ ...this.repoParams, file_sha: data.sha! }));
    return decodeFile(Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8'), path, this.display);
  }

  /** What a directory of a missing path is: the contents API answers a submodule or a symlink as such. */
  private async entryKind(dir: string, commit: string): Promise<'dir' | 'symlink' | 'submodule' | undefined> {
    let missing = false;
    const res = await this.call(
      `read ${dir} at ${commit.slice(0, 7)}`,
      () => this.client.rest.repos.getContent({ ...this.repoParams, path: dir, ref: commit }),
      (status) => (status === 404 ? ((missing = true), null) : undefined),
    );
    if (missing || !res) return undefined;
    const data = res.data as unknown as { type?: string } | unknown[];
    if (Array.isArray(data)) return 'dir';
    return data.type === 'symlink' || data.type === 'submodule' ? data.type : undefined;
  }

  private async treeOf(commit: string): Promise<string> {
    const known = this.trees.get(commit);
    if (known) return known;
    const c = (await this.call(`read commit ${commit.slice(0, 7)}`, () => this.client.rest.git.getCommit({ ...this.repoParams, commit_sha: commit }), (status) => {
      if (status === 404 || status === 422) throw new ConflictError(`commit ${commit.slice(0, 7)} is not in ${this.display}`, 're-read the branch');
      return undefined;
    }))!;
    this.trees.set(commit, c.data.tree.sha);
    return c.data.tree.sha;
  }

  async commit(req: CommitRequest): Promise<CommitResult> {
    const ref = `heads/${req.branch}`;
    const baseTree = await this.treeOf(req.parent);
    const tree = await this.call(`write a tree for ${req.branch}`, () =>
      this.client.rest.git.createTree({
        ...this.repoParams,
        base_tree: baseTree,
        tree: req.files.map((f) => ({ path: f.path, mode: '100644' as const, type: 'blob' as const, content: f.content })),
      }),
    );
    const created = await this.call(`write a commit for ${req.branch}`, () =>
      this.client.rest.git.createCommit({ ...this.repoParams, message: req.message, tree: tree.data.sha, parents: [req.parent] }),
    );
    const sha = created.data.sha;
    this.trees.set(sha, tree.data.sha);
    const op = `update refs/heads/${req.branch}`;
    const isConflict = (m: string) => /not a fast.?forward|reference cannot be updated|reference update failed/i.test(m);
    if (req.createBranch) {
      await this.call(`create refs/heads/${req.branch}`, () => this.client.rest.git.createRef({ ...this.repoParams, ref: `refs/${ref}`, sha }), (status, m) => {
        if (status === 422 && /already exists/i.test(m)) throw new ConflictError(`branch ${req.branch} already exists in ${this.display}`, 're-read and retry');
        return undefined;
      });
    } else {
      let missing = false;
      await this.call(op, () => this.client.rest.git.updateRef({ ...this.repoParams, ref, sha, force: !!req.force }), (status, m) => {
        if ((status === 422 || status === 409) && isConflict(m)) {
          throw new ConflictError(`${req.branch} of ${this.display} moved since ${req.parent.slice(0, 7)}`, 're-read and re-apply');
        }
        if (status === 422 && /does not exist/i.test(m)) {
          if (!req.force) throw new ConflictError(`branch ${req.branch} no longer exists in ${this.display}`, 're-read and retry');
          missing = true;
          return null;
        }
        return undefined;
      });
      if (missing) {
        await this.call(`create refs/heads/${req.branch}`, () => this.client.rest.git.createRef({ ...this.repoParams, ref: `refs/${ref}`, sha }), (status, m) => {
          if (status === 422 && /already exists/i.test(m)) throw new ConflictError(`branch ${req.branch} appeared while we wrote it`, 're-read and retry');
          return undefined;
        });
      }
    }
    return { sha, url: this.commitUrl(sha) };
  }

  async history(path: string, ref: string, limit: number): Promise<HistoryEntry[]> {
    const out: HistoryEntry[] = [];
    if (limit <= 0) return out;
    const perPage = Math.min(100, limit);
    for (let page = 1; out.length < limit; page++) {
      let missing = false;
      const res = await this.call(
        `list commits of ${path}`,
        () => this.client.rest.repos.listCommits({ ...this.repoParams, sha: ref, path, per_page: perPage, page }),
        (status) => (status === 404 || status === 409 ? ((missing = true), null) : undefined),
      );
      if (missing || !res) {
        await this.notFound(`list commits of ${path}`);
        return out;
      }
      for (const c of res.data) {
        if (out.length >= limit) break;
        out.push({ sha: c.sha, message: c.commit.message, ...(c.commit.committer?.date ? { date: c.commit.committer.date } : {}) });
      }
      if (res.data.length < perPage || !/rel="next"/.test(res.headers.link ?? '')) break;
    }
    return out;
  }

  async recordVerification(commit: string, v: Verification): Promise<void> {
    await this.call(`set status ${v.context} on ${commit.slice(0, 7)}`, () =>
      this.client.rest.repos.createCommitStatus({
        ...this.repoParams,
        sha: commit,
        state: v.state,
        context: v.context,
        ...(v.description !== undefined ? { description: v.description.slice(0, 140) } : {}),
        ...(v.targetUrl !== undefined ? { target_url: v.targetUrl } : {}),
      }),
    );
  }

  async verifications(commit: string): Promise<Verification[]> {
    const out: Verification[] = [];
    for (let page = 1; ; page++) {
      const res = await this.call(`read statuses of ${commit.slice(0, 7)}`, () =>
        this.client.rest.repos.getCombinedStatusForRef({ ...this.repoParams, ref: commit, per_page: 100, page }),
      );
      for (const s of res.data.statuses) {
        out.push({
          context: s.context,
          state: fromGithubState(s.state),
          ...(s.description ? { description: s.description } : {}),
          ...(s.target_url ? { targetUrl: s.target_url } : {}),
          ...(s.updated_at ? { at: s.updated_at } : {}),
        });
      }
      if (res.data.statuses.length < 100 || out.length >= res.data.total_count) break;
    }
    return out;
  }

  commitUrl(sha: string): string {
    return `${this.webUrl}/${this.display}/commit/${sha}`;
  }

  async close(): Promise<void> {}
}

class GitHubPullRequests implements ChangeRequests {
  constructor(private readonly gh: GitHubEnvRepo) {}

  private get p() {
    return this.gh.repoParams;
  }

  private get c() {
    return this.gh.octokit;
  }

  async listOpen(targetBranch: string): Promise<ChangeRequest[]> {
    const out: ChangeRequest[] = [];
    for (let page = 1; ; page++) {
      const res = await this.gh.call(`list pull requests into ${targetBranch}`, () =>
        this.c.rest.pulls.list({ ...this.p, state: 'open', base: targetBranch, per_page: 100, page }),
      );
      out.push(...res.data.map((p) => toChangeRequest(p)));
      if (res.data.length < 100 || !/rel="next"/.test(res.headers.link ?? '')) break;
    }
    return out;
  }

  private async findOpen(source: string, target: string): Promise<ChangeRequest | undefined> {
    const res = await this.gh.call(`find the pull request from ${source}`, () =>
      this.c.rest.pulls.list({ ...this.p, state: 'open', head: `${this.p.owner}:${source}`, base: target, per_page: 100 }),
    );
    const pr = res.data.find((p) => p.head.ref === source);
    return pr ? toChangeRequest(pr) : undefined;
  }

  async create(input: ChangeRequestInput): Promise<ChangeRequest & { adopted: boolean }> {
    let duplicate = false;
    const res = await this.gh.call(
      `open a pull request from ${input.sourceBranch}`,
      () =>
        this.c.rest.pulls.create({
          ...this.p,
          title: input.title,
          body: input.body,
          head: input.sourceBranch,
          base: input.targetBranch,
          ...(input.draft ? { draft: true } : {}),
        }),
      (status, m) => (status === 422 && /already exists/i.test(m) ? ((duplicate = true), null) : undefined),
    );
    let cr: ChangeRequest;
    let adopted = false;
    if (duplicate || !res) {
      const existing = await this.findOpen(input.sourceBranch, input.targetBranch);
      if (!existing) {
        throw new RemoteError(
          `GitHub says a pull request from ${input.sourceBranch} already exists in ${this.gh.display}, but none is open into ${input.targetBranch}`,
          `close or retarget the pull request from ${input.sourceBranch}`,
        );
      }
      cr = existing;
      adopted = true;
    } else {
      cr = toChangeRequest(res.data);
    }
    await this.decorate(cr.number, input);
    return { ...cr, adopted };
  }

  private async decorate(number: number, input: Pick<ChangeRequestInput, 'labels' | 'reviewers' | 'assignees'>): Promise<void> {
    if (input.labels?.length) {
      await this.gh.call(`label #${number}`, () => this.c.rest.issues.addLabels({ ...this.p, issue_number: number, labels: input.labels! }));
    }
    if (input.reviewers?.length) {
      await this.gh.call(`request reviewers on #${number}`, () =>
        this.c.rest.pulls.requestReviewers({ ...this.p, pull_number: number, reviewers: input.reviewers! }),
      );
    }
    if (input.assignees?.length) {
      await this.gh.call(`assign #${number}`, () => this.c.rest.issues.addAssignees({ ...this.p, issue_number: number, assignees: input.assignees! }));
    }
  }

  async update(number: number, patch: { title?: string; body?: string; labels?: string[] }): Promise<ChangeRequest> {
    let cr: ChangeRequest | undefined;
    if (patch.title !== undefined || patch.body !== undefined) {
      const res = await this.gh.call(`update #${number}`, () =>
        this.c.rest.pulls.update({
          ...this.p,
          pull_number: number,
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.body !== undefined ? { body: patch.body } : {}),
        }),
      );
      cr = toChangeRequest(res.data);
    }
    if (patch.labels?.length) await this.decorate(number, { labels: patch.labels });
    if (!cr) {
      const res = await this.gh.call(`read #${number}`, () => this.c.rest.pulls.get({ ...this.p, pull_number: number }));
      cr = toChangeRequest(res.data);
    }
    return cr;
  }

  async enableAutoMerge(number: number): Promise<'enabled' | 'merged' | 'unsupported'> {
    const read = () => this.gh.call(`read #${number}`, () => this.c.rest.pulls.get({ ...this.p, pull_number: number }));
    let pr = (await read()).data;
    if (pr.merged) return 'merged';
    if (pr.state !== 'open') return 'unsupported';
    if (pr.auto_merge) return 'enabled';
    let refusal: string;
    try {
      await this.c.graphql(
        `mutation($id: ID!) {
  enablePullRequestAutoMerge(input: {pullRequestId: $id}) { pullRequest { autoMergeRequest { enabledAt } } }
}`,
        { id: pr.node_id },
      );
      return 'enabled';
    } catch (e) {
      const status = statusOf(e);
      const errors = (e as { errors?: { message?: string }[] }).errors;
      if (!errors) throw this.gh.error(status, redact(forgeMessage(e), []), `enable auto-merge on #${number}`);
      refusal = errors.map((x) => x.message ?? '').join('; ');
    }
    // GitHub refuses auto-merge when there is nothing to wait for ("clean status") or when the
    // repository does not allow it. Merge now if GitHub says the PR is ready; otherwise report.
    if (!/clean status|not allowed|protected branch rules/i.test(refusal)) return 'unsupported';
    if (pr.mergeable_state === 'unknown' || pr.mergeable === null) pr = (await read()).data;
    if (pr.mergeable_state !== 'clean') return 'unsupported';
    let refused = false;
    await this.gh.call(
      `merge #${number}`,
      () => this.c.rest.pulls.merge({ ...this.p, pull_number: number, sha: pr.head.sha }),
      (status) => (status === 405 || status === 409 ? ((refused = true), null) : undefined),
    );
    return refused ? 'unsupported' : 'merged';
  }
}

/** Open a GitHub repository through the REST API. */
export function openGitHubRepo(opts: GitHubRepoOptions): GitHubEnvRepo {
  return new GitHubEnvRepo(opts);
}
