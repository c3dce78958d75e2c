/**
 * EnvRepo over the GitHub REST API (github.com or GitHub Enterprise): no clone on the runner.
 *
 * A commit to an existing branch is one write: GraphQL createCommitOnBranch with
 * `expectedHeadOid`, a compare-and-swap in one request (GitHub refuses it with STALE_DATA when the
 * branch moved → ConflictError). GitHub signs those commits (committer "GitHub", author the
 * token's owner: the App's bot, or the PAT's user), so a branch that requires signed commits
 * takes them. New branches, force-moved PR branches, commitApi 'rest' and a GitHub without the
 * mutation use REST: tree (contents inline) → commit → ref update (PATCH force:false, refused with
 * 422 "not a fast forward" when the branch moved) — three writes, unsigned.
 *
 * Just before writing, one look (GET compare parent...branch): a branch that moved without
 * touching the files the change was computed from takes the change on its new head (the per-file
 * check GitLab makes with `last_commit_id`); see contention.ts for waiting under contention.
 * A dev promotion costs 6 requests, one of them a write: GET commits/heads/main, GET contents ×2
 * (gitops.yaml, the file), POST graphql (blocked tags: the file's history with each commit's
 * statuses, historiesWithRecords), GET compare, POST graphql (the commit).
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
import { BranchMovedError, ContentionMeter, heldForTurn, WriteTurn } from './contention.js';
import { fromGithubState, redact, remoteErrorFor, webUrlOf, type ForgeErrorContext } from './forge-common.js';
import { checkFileSize, decodeFile, refuseSpecialParent, specialFileError } from './file-content.js';
import { MAX_HISTORY, historiesQuery, historiesVariables, parseHistories, type HistoriesAnswer } from './github-histories.js';
import { GitHubReleases } from './github-releases.js';
import type {
  ChangeRequest,
  ChangeRequestInput,
  ChangeRequests,
  CommitRequest,
  CommitResult,
  EnvRepo,
  HistoriesRequest,
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
  /**
   * How commits to an existing branch are written: 'graphql' (createCommitOnBranch, one request,
   * signed by GitHub), 'rest' (git database: tree, commit, ref), or 'auto' (default): GraphQL,
   * and REST from the first answer that says this GitHub has no such mutation.
   */
  commitApi?: 'auto' | 'graphql' | 'rest';
  userAgent?: string;
  /** Connect / headers / body-silence timeout per request in ms (default 30 s, GITOPS_HTTP_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The variable the token came from, for hints (default GITHUB_TOKEN). */
  tokenEnv?: string;
  /** What credentials.ts decided and why, for the 401/403 hints. */
  credentialNote?: string;
}

const ThrottledOctokit = Octokit.plugin(throttling, retry);

const COMMIT_ON_BRANCH = `mutation($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url } }
}`;
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

/**
 * Before our first write, a createCommitOnBranch is taken to cost two looks (it builds a tree and
 * a commit and moves a ref, where a compare reads a few commits: measured 2–8× a look on the
 * sandbox, where 1 lost a write in three and 4 spaced the queue twice too wide); the measured write
 * time replaces this after a write.
 */
const WRITE_PER_LOOK = 2;

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
  /** Paths read at each commit: a change computed on that commit depends on them. */
  private readonly readPaths = new Map<string, Set<string>>();
  private readonly commitApi: 'auto' | 'graphql' | 'rest';
  /** Whether createCommitOnBranch worked here (undefined: not tried yet). */
  private graphqlCommits: boolean | undefined;
  /** False once a GraphQL read failed here (no token, a token that may not use GraphQL): REST from then on. */
  private graphqlReads = true;
  /** File texts read through GraphQL, by `commit\0path` (commits are immutable). */
  private readonly texts = new Map<string, string>();
  /** Looks at a branch just before a write, so far. */
  private looks = 0;
  /** Clients seen at work when we first looked (us included), and how many of them are left to land. */
  private writersAtStart = 1;
  private writersLeft = 1;
  private readonly contention = new ContentionMeter();
  private readonly turn = new WriteTurn();
  /** By parent: the newest head a look found with none of the change's files moved, and the commits landed until then. */
  private readonly looked = new Map<string, { head: string; landed: number }>();

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
    this.commitApi = opts.commitApi ?? 'auto';
    const rateRetries = opts.rateLimitRetries ?? 3;
    const maxWait = opts.maxRateLimitWaitSeconds ?? 120;
    const onLimit = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < rateRetries && retryAfter <= maxWait;
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
    this.client.hook.wrap('request', async (request, options) => {
      const t = performance.now();
      // A GraphQL query is a read (a POST all the same); only mutations time a write.
      const write = options.method !== 'GET' && !(typeof options.query === 'string' && /^\s*(query\b|\{)/.test(options.query));
      try {
        const res = await request(options);
        this.contention.observe(res.headers, performance.now() - t, write);
        return res;
      } catch (e) {
        this.contention.observe((e as OctokitError).response?.headers, performance.now() - t, write);
        throw e;
      }
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
  async call<T, H = never>(op: string, fn: () => Promise<T>, handle?: (status: number | undefined, message: string) => H | undefined): Promise<T | H> {
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
    // A commit on this parent depends on what was read here (see baseForWrite).
    let read = this.readPaths.get(commit);
    if (!read) this.readPaths.set(commit, (read = new Set()));
    read.add(path);
    const known = this.texts.get(`${commit}\0${path}`);
    if (known !== undefined) return known;
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
    const c = (await this.call(
      `read commit ${commit.slice(0, 7)}`,
      () => this.client.rest.git.getCommit({ ...this.repoParams, commit_sha: commit }),
      (status) => {
        if (status === 404 || status === 422) throw new ConflictError(`commit ${commit.slice(0, 7)} is not in ${this.display}`, 're-read the branch');
        return undefined;
      },
    ))!;
    this.trees.set(commit, c.data.tree.sha);
    return c.data.tree.sha;
  }

  /**
   * One write where GitHub allows it: createCommitOnBranch (GraphQL) with `expectedHeadOid`, a
   * compare-and-swap in one request, whose commit GitHub signs. REST (tree, commit, ref: three
   * writes) for new and force-moved branches, with commitApi 'rest', and where GraphQL cannot
   * (a GitHub Enterprise Server without the mutation). Either way, first a look at the branch
   * (a read): see contention.ts.
   */
  async commit(req: CommitRequest): Promise<CommitResult> {
    if (req.createBranch || req.force) return this.commitByRest(req);
    const base = await this.baseForWrite(req);
    try {
      if (this.commitApi !== 'rest' && this.graphqlCommits !== false) {
        const done = await this.commitByGraphql(req, base);
        if (done) return done;
      }
      return await this.commitByRest({ ...req, parent: base });
    } catch (e) {
      if (!(e instanceof ConflictError) || e instanceof BranchMovedError) throw e;
      // Lost the race between our look and our write: another writer got in. Whether our files
      // moved, the next look (after a wait) tells; until then the plan holds.
      const writers = Math.max(1, this.writersLeft - 1);
      throw new BranchMovedError(`${e.message}; waiting before the next try`, e.fix, base, undefined, true, {
        writers,
        cycleMs: this.contention.freshCycleMs(true, WRITE_PER_LOOK),
        lost: true,
        waitMs: this.turn.lostWait(writers),
      });
    }
  }

  /**
   * Where to write, after one look at the branch (a read). The parent, if the branch still points
   * there; the current head, if the branch moved without touching any file the change was
   * computed from (those written, and those read at the parent: GitLab's per-file
   * \`last_commit_id\` check, made here). No write at all when one of those files moved
   * (ConflictError: re-plan). And not before our turn if other clients were at work on the same
   * credential while we planned: then all of them are about to write, and all but one would lose —
   * BranchMovedError (the plan holds) makes the verb wait until our place in their queue
   * (WriteTurn) comes up, re-timed at every look.
   */
  private async baseForWrite(req: CommitRequest): Promise<string> {
    const firstLook = this.looks++ === 0;
    if (firstLook) this.writersAtStart = this.contention.writersWhilePlanning();
    const deps = new Set([...req.files.map((f) => f.path), ...(this.readPaths.get(req.parent) ?? [])]);
    // Look on from the newest head an earlier look cleared: a short compare, not one from the
    // parent that grows with every commit others land meanwhile.
    const since = this.looked.get(req.parent);
    const look = await this.look(req.branch, since?.head ?? req.parent, deps);
    if (look.touched) {
      this.looked.delete(req.parent);
      throw new ConflictError(`${req.branch} of ${this.display} moved since ${req.parent.slice(0, 7)} and changed ${look.touched}`, 're-read and re-apply');
    }
    const landed = (since?.landed ?? 0) + look.landed;
    this.looked.set(req.parent, { head: look.head, landed });
    // Writers still to land: those seen at the start, less the commits that landed since.
    this.writersLeft = Math.max(1, this.writersAtStart - landed);
    if (firstLook && this.writersAtStart < 2) return look.head;
    if (!firstLook && !this.turn.waiting) return look.head;
    const fresh = this.contention.freshCycleMs(true, WRITE_PER_LOOK) ?? 0;
    const wait = this.turn.at(firstLook, this.writersAtStart, fresh);
    if (wait === 0) return look.head;
    const where = { branch: req.branch, display: this.display, head: look.head, landed };
    throw heldForTurn(where, this.writersAtStart, { writers: this.writersLeft, cycleMs: fresh, lost: false, waitMs: wait });
  }

  /**
   * One read: compare `parent...branch` says where the branch is (the last commit listed), how
   * many commits landed since the parent, and which files they changed — so the look leaves as
   * short a gap as possible before the write. A branch that no longer contains the parent, or
   * changes beyond what the API lists, count as touching our files.
   */
  private async look(branch: string, parent: string, paths: Set<string>): Promise<{ head: string; landed: number; touched?: string }> {
    let gone = false;
    const res = await this.call(
      `compare ${parent.slice(0, 7)}...${branch}`,
      () => this.client.rest.repos.compareCommitsWithBasehead({ ...this.repoParams, basehead: `${parent}...${branch}`, per_page: 100 }),
      (status) => (status === 404 || status === 422 ? ((gone = true), null) : undefined),
    );
    if (gone || !res) throw new ConflictError(`branch ${branch} no longer exists in ${this.display} (or lost ${parent.slice(0, 7)})`, 're-read and retry');
    const d = res.data;
    if (d.status === 'identical') return { head: parent, landed: 0 };
    const last = d.commits[d.commits.length - 1];
    if (d.status !== 'ahead' || !last || d.commits.length < d.ahead_by) {
      // Rewritten history, or more commits than one page lists: read the head, re-plan on it.
      const head = d.status === 'ahead' ? await this.head(branch) : null;
      return { head: head ?? parent, landed: d.ahead_by, touched: d.status === 'ahead' ? 'more commits than one look lists' : `history (${d.status})` };
    }
    this.trees.set(last.sha, last.commit.tree.sha);
    const files = (d.files ?? []).flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
    const touched =
      (d.files?.length ?? 0) >= 300
        ? 'more files than the API lists'
        : [...paths].map((p) => files.find((f) => f === p || p.startsWith(`${f}/`) || f.startsWith(`${p}/`))).find(Boolean);
    return { head: last.sha, landed: d.ahead_by, ...(touched ? { touched } : {}) };
  }

  /** createCommitOnBranch; undefined when this GitHub has no such mutation (then REST). */
  private async commitByGraphql(req: CommitRequest, expected: string): Promise<CommitResult | undefined> {
    const nl = req.message.indexOf('\n');
    const headline = nl < 0 ? req.message : req.message.slice(0, nl);
    const body =
      nl < 0
        ? ''
        : req.message
            .slice(nl + 1)
            .replace(/^\n+/, '')
            .replace(/\n+$/, '');
    const op = `commit to ${req.branch}`;
    let res: { createCommitOnBranch?: { commit?: { oid?: string; url?: string } } | null };
    try {
      res = await this.client.graphql(COMMIT_ON_BRANCH, {
        input: {
          branch: { repositoryNameWithOwner: this.display, branchName: req.branch },
          expectedHeadOid: expected,
          message: body ? { headline, body } : { headline },
          fileChanges: { additions: req.files.map((f) => ({ path: f.path, contents: Buffer.from(f.content, 'utf8').toString('base64') })) },
        },
      });
    } catch (e) {
      const errors = (e as { errors?: { type?: string; message?: string }[] }).errors;
      const status = statusOf(e);
      if (!errors) {
        // No GraphQL endpoint at all (an old GitHub Enterprise Server): REST from now on.
        if ((status === 404 || status === 410 || status === 501) && this.commitApi === 'auto') return this.noGraphql();
        throw this.error(status, redact(forgeMessage(e), [this.token]), op);
      }
      const message = redact(errors.map((x) => x.message ?? '').join('; '), [this.token]);
      const types = new Set(errors.map((x) => x.type ?? ''));
      if (types.has('STALE_DATA') || /expected branch to point to/i.test(message)) {
        throw new ConflictError(`${req.branch} of ${this.display} moved since ${expected.slice(0, 7)}`, 're-read and re-apply');
      }
      if (types.has('NOT_FOUND') && /ref|branch/i.test(message)) {
        throw new ConflictError(`branch ${req.branch} no longer exists in ${this.display}`, 're-read and retry');
      }
      const unsupported = types.has('UNSUPPORTED') || /doesn't exist on type|undefinedField|createCommitOnBranch.*(not|un)supported/i.test(message);
      if (unsupported && this.commitApi === 'auto') return this.noGraphql();
      throw this.error(types.has('FORBIDDEN') ? 403 : (status ?? 422), message, op);
    }
    this.graphqlCommits = true;
    const sha = res.createCommitOnBranch?.commit?.oid;
    if (!sha) throw new RemoteError(`GitHub answered the commit to ${req.branch} of ${this.display} without a commit id`);
    return { sha, url: this.commitUrl(sha) };
  }

  private noGraphql(): undefined {
    this.graphqlCommits = false;
    return undefined;
  }

  /** Blob-less REST commit: tree (contents inline), commit, then the ref — create, force, or fast-forward only. */
  private async commitByRest(req: CommitRequest): Promise<CommitResult> {
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
      await this.call(
        `create refs/heads/${req.branch}`,
        () => this.client.rest.git.createRef({ ...this.repoParams, ref: `refs/${ref}`, sha }),
        (status, m) => {
          if (status === 422 && /already exists/i.test(m))
            throw new ConflictError(`branch ${req.branch} already exists in ${this.display}`, 're-read and retry');
          return undefined;
        },
      );
    } else {
      let missing = false;
      await this.call(
        op,
        () => this.client.rest.git.updateRef({ ...this.repoParams, ref, sha, force: !!req.force }),
        (status, m) => {
          if ((status === 422 || status === 409) && isConflict(m)) {
            throw new ConflictError(`${req.branch} of ${this.display} moved since ${req.parent.slice(0, 7)}`, 're-read and re-apply');
          }
          if (status === 422 && /does not exist/i.test(m)) {
            if (!req.force) throw new ConflictError(`branch ${req.branch} no longer exists in ${this.display}`, 're-read and retry');
            missing = true;
            return null;
          }
          return undefined;
        },
      );
      if (missing) {
        await this.call(
          `create refs/heads/${req.branch}`,
          () => this.client.rest.git.createRef({ ...this.repoParams, ref: `refs/${ref}`, sha }),
          (status, m) => {
            if (status === 422 && /already exists/i.test(m)) throw new ConflictError(`branch ${req.branch} appeared while we wrote it`, 're-read and retry');
            return undefined;
          },
        );
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

  /**
   * One GraphQL query (github-histories.ts) for what REST needs a request per history, per
   * commit's statuses and per file for. GitHub's GraphQL API needs a token; without one, or when
   * it refuses (a token without access to it or to statuses, an old GitHub Enterprise Server),
   * null: the caller reads over REST, as before.
   */
  async historiesWithRecords(ref: string, req: HistoriesRequest): Promise<Map<string, HistoryEntry[]> | null> {
    if (!this.token || !this.graphqlReads || req.paths.length === 0 || req.limit < 1 || req.limit > MAX_HISTORY) return null;
    let data: HistoriesAnswer;
    try {
      data = await this.client.graphql<HistoriesAnswer>(
        historiesQuery(req.paths.length, req.read?.length ?? 0),
        historiesVariables(this.owner, this.name, ref, req),
      );
    } catch {
      this.graphqlReads = false;
      return null;
    }
    const parsed = parseHistories(data, req, this.display);
    if (!parsed) return null;
    this.seen = true;
    for (const [path, text] of parsed.texts) this.texts.set(`${ref}\0${path}`, text);
    return parsed.histories;
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
