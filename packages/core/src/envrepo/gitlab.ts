/**
 * EnvRepo over the GitLab REST API v4 (gitlab.com or self-managed): no clone on the runner.
 *
 * A commit is one POST /repository/commits. GitLab has no "expected branch head" parameter, so
 * the compare-and-swap is per file, the way GitLab's own web editor does it: each `update`
 * action carries the `last_commit_id` of the file as read at the parent, and GitLab refuses
 * ("The file has changed since you started editing it") when someone changed that file since;
 * `create` actions are refused when the file appeared meanwhile. A new branch is created with
 * `start_sha` (refused when the branch exists), a branch we own is moved with `start_sha` +
 * `force`. A dev promotion costs 3 requests: GET branch, GET file (JSON, carries last_commit_id),
 * POST commit.
 *
 * Under contention (see contention.ts): the per-file check means a branch moved by other apps
 * takes our commit all the same, so there is no look before writing — a branch GET could not
 * tell a write that will pass from one that will lose. What loses is the ref update itself, when
 * another commit lands while the server makes ours ("Could not update refs/heads/main. Please
 * refresh and try again."). Where GitLab counts our requests in `RateLimit-Observed` (GitLab.com;
 * self-managed with the API throttle on), that count moving faster than ours while we planned
 * says how many clients share the credential: the first write then waits a random share of
 * (write time × SPREAD × writers), and a lost ref race keeps the plan and waits again. Without
 * the header, a lost race re-plans at once, as before.
 *
 * Transport: plain fetch with p-retry rather than @gitbeaker/rest, whose built-in retry covers
 * only 429/502 with a fixed sub-second backoff, ignores Retry-After and does not retry connection
 * resets or 500/503/504 — and cannot be configured. The types of the responses we read are
 * @gitbeaker's own schemas, so the shapes stay those of the maintained client. Every request
 * goes through boundedFetch: timeouts, a 32 MB response cap, and no PRIVATE-TOKEN / JOB-TOKEN /
 * Authorization across a redirect to another origin.
 */
import type { BranchSchema, CommitSchema, CommitStatusSchema, MergeRequestSchema, RepositoryFileExpandedSchema, SimpleUserSchema } from '@gitbeaker/rest';
import pRetry from 'p-retry';
import type { Dispatcher } from 'undici';
import { boundedDispatcher, boundedFetch, HttpBoundError } from '../bounded-fetch.js';
import { ConflictError, RemoteError } from '../errors.js';
import { BranchMovedError, ContentionMeter, heldForTurn, SPREAD, WriteTurn } from './contention.js';
import { fromGitlabState, gitlabState, redact, remoteErrorFor, sleep, webUrlOf } from './forge-common.js';
import { decodeFile, refuseSpecialParent, specialFileError } from './file-content.js';
import { GitLabReleases } from './gitlab-releases.js';
import type { ChangeRequest, ChangeRequestInput, ChangeRequests, CommitRequest, CommitResult, EnvRepo, HistoryEntry, Releases, Verification } from './port.js';

export interface GitLabRepoOptions {
  /** `group/sub/name` or the numeric project id. */
  project: string | number;
  token?: string;
  /** `private` (GITLAB_TOKEN, PRIVATE-TOKEN header; default), `job` (CI_JOB_TOKEN, JOB-TOKEN header), `oauth` (Bearer). */
  tokenKind?: 'private' | 'job' | 'oauth';
  /** REST v4 base; default https://gitlab.com/api/v4 (self-managed: https://HOST/api/v4, as CI_API_V4_URL). */
  apiUrl?: string;
  /** Retries of 5xx / 429 / connection failures (default 4). */
  retries?: number;
  /** First backoff in ms, doubled per retry (default 500). Tests set it low. */
  retryBaseMs?: number;
  /** Longest Retry-After we wait for, in seconds (default 120). */
  maxRetryAfterSeconds?: number;
  /** Milliseconds per second of Retry-After (default 1000). Tests set it low. */
  retryAfterUnitMs?: number;
  /** Connect / headers / body-silence timeout per request in ms (default 30 s, GITOPS_HTTP_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The variable the token came from, for hints (default by tokenKind). */
  tokenEnv?: string;
  /** What credentials.ts decided and why, for the 401/403 hints. */
  credentialNote?: string;
}

class TransientError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

interface Reply<T> {
  status: number;
  data: T;
  headers: Headers;
}

type FileState = { exists: false } | { exists: true; lastCommitId: string };

const DRAFT = /^\s*(\[draft\]|\(draft\)|draft:|draft\s-\s)\s*/i;

function messageOf(body: unknown): string {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') return body;
  const b = body as { message?: unknown; error?: unknown };
  const m = b.message ?? b.error;
  if (typeof m === 'string') return m;
  if (Array.isArray(m)) return m.map(String).join('; ');
  if (m && typeof m === 'object') {
    return Object.entries(m)
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`)
      .join('; ');
  }
  return JSON.stringify(body).slice(0, 200);
}

/**
 * Before our first write, a commit through the commits API is taken to cost four reads of a
 * branch or a file (it builds a tree and a commit and moves a ref); the measured write time
 * replaces this after a write.
 */
const WRITE_PER_READ = 4;
// The queue's spacing is half GitHub's: there a write is exposed from our look to the end of our
// write (a cycle); here only inside the server, between its read of the branch and its ref update
// (about half the request), so half the spacing loses as often (see SPREAD).

export class GitLabEnvRepo implements EnvRepo {
  readonly forge = 'gitlab' as const;
  readonly display: string;
  readonly changeRequests: ChangeRequests;
  readonly releases: Releases;
  private readonly apiUrl: string;
  private readonly webUrl: string;
  private readonly projectKey: string;
  private readonly token?: string;
  private readonly authHeader: Record<string, string>;
  private readonly opts: GitLabRepoOptions;
  private readonly dispatcher: Dispatcher;
  private requests = 0;
  /** `${commit}\0${path}` → what we know of the file at that commit. */
  private readonly files = new Map<string, FileState>();
  /** File texts already read, by `commit\0path` (commits are immutable). */
  private readonly contents = new Map<string, string>();
  private readonly contention = new ContentionMeter();
  /** Set when the first write was held back: clients seen at work then, and the meter's counts. */
  private held: { writers: number; foreign: number; own: number } | undefined;
  private readonly turn = new WriteTurn(Math.random, SPREAD / 2, true);
  /** Writes to an existing branch tried so far. */
  private writes = 0;

  constructor(opts: GitLabRepoOptions) {
    this.opts = opts;
    this.projectKey = String(opts.project)
      .replace(/^\/+|\/+$/g, '')
      .replace(/\.git$/, '');
    this.display = this.projectKey;
    this.apiUrl = (opts.apiUrl ?? 'https://gitlab.com/api/v4').replace(/\/+$/, '');
    this.webUrl = webUrlOf('gitlab', this.apiUrl);
    this.token = opts.token || undefined;
    const kind = opts.tokenKind ?? 'private';
    this.authHeader = !this.token
      ? {}
      : kind === 'job'
        ? { 'JOB-TOKEN': this.token }
        : kind === 'oauth'
          ? { authorization: `Bearer ${this.token}` }
          : { 'PRIVATE-TOKEN': this.token };
    this.dispatcher = boundedDispatcher({ timeoutMs: opts.timeoutMs });
    this.changeRequests = new GitLabMergeRequests(this);
    this.releases = new GitLabReleases(this);
  }

  get requestCount(): number {
    return this.requests;
  }

  private tokenEnv(): string {
    if (this.opts.tokenEnv) return this.opts.tokenEnv;
    return this.opts.tokenKind === 'job' ? 'CI_JOB_TOKEN' : 'GITLAB_TOKEN';
  }

  /** @internal An error for a refused request; never carries the token. */
  error(status: number | undefined, message: string, op: string): RemoteError {
    const msg = redact(message, [this.token]);
    if (status === 404 && !/project not found/i.test(msg) && msg !== '404 Not Found' && msg !== '') {
      return new RemoteError(`GitLab could not find what "${op}" needs in ${this.display}: ${msg}`, undefined, { status });
    }
    return remoteErrorFor(status, msg, {
      forgeName: 'GitLab',
      display: this.display,
      apiUrl: this.apiUrl,
      op,
      tokenEnv: this.tokenEnv(),
      hasToken: !!this.token,
      credentialNote: this.opts.credentialNote,
    });
  }

  /**
   * @internal One API request under the project (`path` starts with `/`, or is `''`), or at the
   * API root when `root` is set. Retries transient failures; returns non-2xx replies to `handle`
   * first, then throws the mapped RemoteError.
   */
  async request<T>(
    op: string,
    method: string,
    path: string,
    opts: { query?: Record<string, string | number | boolean | undefined>; json?: unknown; root?: boolean; raw?: boolean } = {},
    handle?: (status: number, message: string) => T | undefined,
  ): Promise<Reply<T>> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) q.set(k, String(v));
    const base = opts.root ? this.apiUrl : `${this.apiUrl}/projects/${encodeURIComponent(this.projectKey)}`;
    const url = `${base}${path}${q.size ? `?${q.toString()}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'gitops-actions', ...this.authHeader };
    if (opts.json !== undefined) headers['content-type'] = 'application/json';
    const unit = this.opts.retryAfterUnitMs ?? 1000;
    const maxWait = (this.opts.maxRetryAfterSeconds ?? 120) * unit;
    let res: Response;
    try {
      res = await pRetry(
        async () => {
          this.requests++;
          let r: Response;
          const t = performance.now();
          try {
            r = await boundedFetch(
              url,
              { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) },
              { dispatcher: this.dispatcher, timeoutMs: this.opts.timeoutMs },
            );
            this.contention.observe(r.headers, performance.now() - t, method !== 'GET' && method !== 'HEAD');
          } catch (e) {
            // Our own bounds (timeout, size, redirects) are final: not retried.
            if (e instanceof HttpBoundError) throw e;
            const cause = (e as { cause?: { code?: string; message?: string } }).cause;
            throw new TransientError(cause?.code ?? cause?.message ?? (e as Error).message, undefined);
          }
          if (r.status === 429 || r.status >= 500) {
            const text = await r.text().catch(() => '');
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              /* plain text */
            }
            // Retry-After, else (a 429 from GitLab's rate limiter) RateLimit-Reset: when the window opens again.
            let ra = Number(r.headers.get('retry-after'));
            const reset = Number(r.headers.get('ratelimit-reset'));
            if (!(ra > 0) && r.status === 429 && reset > 0) ra = Math.max(1, Math.ceil(reset - Date.now() / 1000));
            throw new TransientError(messageOf(body) || r.statusText, r.status, Number.isFinite(ra) && ra > 0 ? ra * unit : 0);
          }
          return r;
        },
        {
          retries: this.opts.retries ?? 4,
          minTimeout: this.opts.retryBaseMs ?? 500,
          factor: 2,
          randomize: true,
          shouldRetry: ({ error }) => error instanceof TransientError && error.retryAfterMs <= maxWait,
          onFailedAttempt: async ({ error, retriesLeft }) => {
            if (error instanceof TransientError && error.retryAfterMs > 0 && error.retryAfterMs <= maxWait && retriesLeft > 0) {
              await sleep(error.retryAfterMs);
            }
          },
        },
      );
    } catch (e) {
      if (e instanceof TransientError) throw this.error(e.status, e.message, op);
      throw this.error(undefined, (e as Error).message, op);
    }
    if (res.ok) {
      if (opts.raw) return { status: res.status, data: (await res.text()) as T, headers: res.headers };
      const text = await res.text();
      return { status: res.status, data: (text ? JSON.parse(text) : null) as T, headers: res.headers };
    }
    const text = await res.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* plain text */
    }
    const message = redact(messageOf(body) || res.statusText, [this.token]);
    if (handle) {
      const handled = handle(res.status, message);
      if (handled !== undefined) return { status: res.status, data: handled, headers: res.headers };
    }
    throw this.error(res.status, message, op);
  }

  /** @internal Every page of a list (x-next-page). */
  async all<T>(op: string, path: string, query: Record<string, string | number | boolean | undefined>, limit = Infinity): Promise<T[]> {
    const out: T[] = [];
    let page: string | null = '1';
    while (page && out.length < limit) {
      const r: Reply<T[]> = await this.request<T[]>(op, 'GET', path, { query: { ...query, page } });
      out.push(...r.data);
      page = r.headers.get('x-next-page') || null;
      if (r.data.length === 0) break;
    }
    return out.slice(0, limit);
  }

  async head(branch: string, opts?: { prefetch?: readonly string[] }): Promise<string | null> {
    // GET files/<path>?ref=<branch> answers with the branch's commit_id too: one request gives
    // the head and the first file the verb reads (gitops.yaml), so a dev promotion is 3 calls.
    const first = opts?.prefetch?.[0];
    if (first) {
      const file = await this.fetchFile(first, branch);
      if (file) {
        this.remember(first, file.commit_id, file);
        return file.commit_id;
      }
      // No such file (or branch): the branch endpoint tells which.
    }
    const r = await this.request<BranchSchema | null>(`read branch ${branch}`, 'GET', `/repository/branches/${encodeURIComponent(branch)}`, {}, (status, m) =>
      status === 404 && /branch not found/i.test(m) ? null : undefined,
    );
    return r.data ? String(r.data.commit.id) : null;
  }

  async readFile(path: string, commit: string): Promise<string | null> {
    let text = this.contents.get(`${commit}\0${path}`);
    if (text === undefined) {
      const file = await this.fetchFile(path, commit);
      if (!file) {
        this.files.set(`${commit}\0${path}`, { exists: false });
        await refuseSpecialParent(path, this.display, async (dir) => {
          const mode = await this.treeMode(dir, commit);
          return mode === '040000' ? 'dir' : mode === '160000' ? 'submodule' : mode === '120000' ? 'symlink' : undefined;
        });
        return null;
      }
      text = this.remember(path, commit, file);
    }
    // The file API serves a symlink as its target path and says nothing of its mode. A link's
    // text is one short line, so only such a text costs one tree request to tell a link from a file.
    if (!text.includes('\n') && text.length <= 4096 && (await this.treeMode(path, commit)) === '120000') {
      throw specialFileError(path, this.display, 'symlink');
    }
    return text;
  }

  /** The git mode of `path` at `commit`, from its directory's tree listing. */
  private async treeMode(path: string, commit: string): Promise<string | undefined> {
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    const entries = await this.all<{ name: string; mode: string }>(`list ${dir || '/'} at ${commit.slice(0, 7)}`, '/repository/tree', {
      path: dir || undefined,
      ref: commit,
      per_page: 100,
    });
    return entries.find((e) => e.name === path.slice(slash + 1))?.mode;
  }

  private async fetchFile(path: string, ref: string): Promise<RepositoryFileExpandedSchema | null> {
    const r = await this.request<RepositoryFileExpandedSchema | null>(
      `read ${path} at ${ref.length === 40 ? ref.slice(0, 7) : ref}`,
      'GET',
      `/repository/files/${encodeURIComponent(path)}`,
      { query: { ref } },
      (status, m) => (status === 404 && /file not found|commit not found/i.test(m) ? null : undefined),
    );
    return r.data;
  }

  /** Cache a file read at a commit (content, and the last_commit_id a later update must carry). */
  private remember(path: string, commit: string, file: RepositoryFileExpandedSchema): string {
    const text = decodeFile(Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8'), path, this.display);
    this.files.set(`${commit}\0${path}`, { exists: true, lastCommitId: file.last_commit_id });
    this.contents.set(`${commit}\0${path}`, text);
    return text;
  }

  /** Whether the file exists at `commit` and the last commit that touched it (HEAD request when unknown). */
  private async fileState(path: string, commit: string): Promise<FileState> {
    const key = `${commit}\0${path}`;
    const known = this.files.get(key);
    if (known) return known;
    const r = await this.request<string | null>(
      `read ${path} at ${commit.slice(0, 7)}`,
      'HEAD',
      `/repository/files/${encodeURIComponent(path)}`,
      { query: { ref: commit }, raw: true },
      (status) => (status === 404 ? null : undefined),
    );
    const last = r.status === 200 ? r.headers.get('x-gitlab-last-commit-id') : null;
    const state: FileState = last ? { exists: true, lastCommitId: last } : { exists: false };
    this.files.set(key, state);
    return state;
  }

  async commit(req: CommitRequest): Promise<CommitResult> {
    const existing = !req.createBranch && !req.force;
    if (existing && this.writes === 0) await this.awaitTurn(req);
    const actions = [];
    for (const f of req.files) {
      const st = await this.fileState(f.path, req.parent);
      actions.push(
        st.exists
          ? { action: 'update', file_path: f.path, content: f.content, last_commit_id: st.lastCommitId }
          : { action: 'create', file_path: f.path, content: f.content },
      );
    }
    const body = {
      branch: req.branch,
      commit_message: req.message,
      actions,
      ...(req.createBranch || req.force ? { start_sha: req.parent } : {}),
      ...(req.force ? { force: true } : {}),
    };
    const conflict =
      /has changed since you started editing|already exists|doesn't exist|does not exist|refresh and try again|only create or edit files when you are on a branch/i;
    if (existing) this.writes++;
    const r = await this.request<CommitSchema>(`commit to ${req.branch}`, 'POST', '/repository/commits', { json: body }, (status, m) => {
      if ((status === 400 || status === 409) && conflict.test(m)) {
        const message = `${req.branch} of ${this.display} moved since ${req.parent.slice(0, 7)}: ${m}`;
        // Our files passed last_commit_id; only the ref moved under the server's write. With a
        // crowd measured, the plan holds and the verb waits its share; else re-plan, as before.
        if (existing && /refresh and try again/i.test(m) && this.contention.counting) {
          const writers = this.writersLeft();
          throw new BranchMovedError(`${message}; waiting before the next try`, 'look again', req.parent, undefined, true, {
            writers,
            cycleMs: this.contention.freshCycleMs(false, WRITE_PER_READ),
            lost: true,
            waitMs: this.turn.lostWait(writers),
          });
        }
        throw new ConflictError(message, 're-read and re-apply');
      }
      return undefined;
    });
    const sha = String(r.data.id);
    for (const f of req.files) this.files.set(`${sha}\0${f.path}`, { exists: true, lastCommitId: sha });
    return { sha, url: typeof r.data.web_url === 'string' ? r.data.web_url : this.commitUrl(sha) };
  }

  /**
   * Before the first write to an existing branch: if other clients were at work on the credential
   * while we planned, all of them are about to write and most would race each other's ref update —
   * BranchMovedError (the plan holds) makes the verb wait until our place in their queue
   * (WriteTurn) comes up. Then one read of the branch times the forge as it is now, and the write
   * waits on if that says our place is still ahead.
   */
  private async awaitTurn(req: CommitRequest): Promise<void> {
    const first = !this.held;
    if (first) {
      const writers = this.contention.writersWhilePlanning();
      this.held = { writers, foreign: this.contention.foreign(), own: this.contention.ownRequests() };
      if (writers < 2) return;
    } else if (this.turn.waiting) {
      await this.head(req.branch);
    } else return;
    const fresh = this.contention.freshCycleMs(false, WRITE_PER_READ) ?? 0;
    const wait = this.turn.at(first, this.held!.writers, fresh);
    if (wait === 0) return;
    const where = { branch: req.branch, display: this.display, head: req.parent };
    throw heldForTurn(where, this.held!.writers, { writers: this.writersLeft(), cycleMs: fresh, lost: false, waitMs: wait });
  }

  /**
   * Writers still to land: those seen when we held the first write, less the promotions the others'
   * requests since then amount to (a promotion of theirs costs about what ours did: our requests
   * until the first write, and the write).
   */
  private writersLeft(): number {
    if (!this.held) return 1;
    const perPromotion = this.held.own + 1;
    const landed = (this.contention.foreign() - this.held.foreign) / perPromotion;
    return Math.max(1, this.held.writers - landed);
  }

  async history(path: string, ref: string, limit: number): Promise<HistoryEntry[]> {
    if (limit <= 0) return [];
    const list = await this.all<CommitSchema>(`list commits of ${path}`, '/repository/commits', { ref_name: ref, path, per_page: Math.min(100, limit) }, limit);
    return list.map((c) => ({ sha: String(c.id), message: String(c.message), ...(c.committed_date ? { date: String(c.committed_date) } : {}) }));
  }

  async recordVerification(commit: string, v: Verification): Promise<void> {
    await this.request<CommitStatusSchema | null>(
      `set status ${v.context} on ${commit.slice(0, 7)}`,
      'POST',
      `/statuses/${commit}`,
      {
        json: {
          state: gitlabState(v.state),
          name: v.context,
          ...(v.description !== undefined ? { description: v.description.slice(0, 255) } : {}),
          ...(v.targetUrl !== undefined ? { target_url: v.targetUrl } : {}),
        },
      },
      // Posting the state a status already has: GitLab refuses the no-op transition.
      (status, m) => (status === 400 && /cannot transition status/i.test(m) ? null : undefined),
    );
  }

  async verifications(commit: string): Promise<Verification[]> {
    const list = await this.all<CommitStatusSchema>(`read statuses of ${commit.slice(0, 7)}`, `/repository/commits/${commit}/statuses`, { per_page: 100 });
    return list.map((s) => ({
      context: String(s.name),
      state: fromGitlabState(String(s.status)),
      ...(s.description ? { description: String(s.description) } : {}),
      ...(s.target_url ? { targetUrl: String(s.target_url) } : {}),
      ...(s.finished_at || s.created_at ? { at: String(s.finished_at ?? s.created_at) } : {}),
    }));
  }

  commitUrl(sha: string): string | undefined {
    if (/^\d+$/.test(this.projectKey)) return undefined;
    return `${this.webUrl}/${this.projectKey}/-/commit/${sha}`;
  }

  async close(): Promise<void> {}
}

function toChangeRequest(mr: MergeRequestSchema): ChangeRequest {
  return {
    number: mr.iid,
    url: mr.web_url,
    sourceBranch: mr.source_branch,
    targetBranch: mr.target_branch,
    title: mr.title.replace(DRAFT, ''),
    body: mr.description ?? '',
    headSha: mr.sha,
    draft: mr.draft,
  };
}

class GitLabMergeRequests implements ChangeRequests {
  private readonly userIds = new Map<string, number>();
  private readonly drafts = new Map<number, boolean>();

  constructor(private readonly gl: GitLabEnvRepo) {}

  private remember(mr: MergeRequestSchema): ChangeRequest {
    this.drafts.set(mr.iid, mr.draft);
    return toChangeRequest(mr);
  }

  async listOpen(targetBranch: string): Promise<ChangeRequest[]> {
    const list = await this.gl.all<MergeRequestSchema>(`list merge requests into ${targetBranch}`, '/merge_requests', {
      state: 'opened',
      target_branch: targetBranch,
      per_page: 100,
    });
    return list.map((mr) => this.remember(mr));
  }

  private async ids(usernames: string[] | undefined): Promise<number[]> {
    const out: number[] = [];
    for (const name of usernames ?? []) {
      let id = this.userIds.get(name);
      if (id === undefined) {
        const r = await this.gl.request<Pick<SimpleUserSchema, 'id' | 'username'>[]>(`look up user ${name}`, 'GET', '/users', {
          root: true,
          query: { username: name },
        });
        const u = r.data.find((x) => x.username.toLowerCase() === name.toLowerCase());
        if (!u) throw new RemoteError(`GitLab has no user ${name}`, 'check the reviewers and assignees');
        id = u.id;
        this.userIds.set(name, id);
      }
      out.push(id);
    }
    return out;
  }

  async create(input: ChangeRequestInput): Promise<ChangeRequest & { adopted: boolean }> {
    const reviewerIds = await this.ids(input.reviewers);
    const assigneeIds = await this.ids(input.assignees);
    const title = input.draft && !DRAFT.test(input.title) ? `Draft: ${input.title}` : input.title;
    let duplicate = false;
    const r = await this.gl.request<MergeRequestSchema | null>(
      `open a merge request from ${input.sourceBranch}`,
      'POST',
      '/merge_requests',
      {
        json: {
          source_branch: input.sourceBranch,
          target_branch: input.targetBranch,
          title,
          description: input.body,
          remove_source_branch: true,
          ...(input.labels?.length ? { labels: input.labels.join(',') } : {}),
          ...(reviewerIds.length ? { reviewer_ids: reviewerIds } : {}),
          ...(assigneeIds.length ? { assignee_ids: assigneeIds } : {}),
        },
      },
      (status, m) => (status === 409 && /already exists/i.test(m) ? ((duplicate = true), null) : undefined),
    );
    if (!duplicate && r.data) return { ...this.remember(r.data), adopted: false };
    const existing = (
      await this.gl.request<MergeRequestSchema[]>(`find the merge request from ${input.sourceBranch}`, 'GET', '/merge_requests', {
        query: { state: 'opened', source_branch: input.sourceBranch, target_branch: input.targetBranch, per_page: 100 },
      })
    ).data[0];
    if (!existing) {
      throw new RemoteError(
        `GitLab says a merge request from ${input.sourceBranch} already exists in ${this.gl.display}, but none is open into ${input.targetBranch}`,
        `close or retarget the merge request from ${input.sourceBranch}`,
      );
    }
    const union = (have: { id: number }[] | null | undefined, add: number[]) => [...new Set([...(have ?? []).map((u) => u.id), ...add])];
    const needs = (input.labels?.length ?? 0) > 0 || reviewerIds.length > 0 || assigneeIds.length > 0;
    if (needs) {
      const upd = await this.gl.request<MergeRequestSchema>(`update !${existing.iid}`, 'PUT', `/merge_requests/${existing.iid}`, {
        json: {
          ...(input.labels?.length ? { add_labels: input.labels.join(',') } : {}),
          ...(reviewerIds.length ? { reviewer_ids: union(existing.reviewers, reviewerIds) } : {}),
          ...(assigneeIds.length ? { assignee_ids: union(existing.assignees, assigneeIds) } : {}),
        },
      });
      return { ...this.remember(upd.data), adopted: true };
    }
    return { ...this.remember(existing), adopted: true };
  }

  async update(number: number, patch: { title?: string; body?: string; labels?: string[] }): Promise<ChangeRequest> {
    const title = patch.title !== undefined && this.drafts.get(number) && !DRAFT.test(patch.title) ? `Draft: ${patch.title}` : patch.title;
    const r = await this.gl.request<MergeRequestSchema>(`update !${number}`, 'PUT', `/merge_requests/${number}`, {
      json: {
        ...(title !== undefined ? { title } : {}),
        ...(patch.body !== undefined ? { description: patch.body } : {}),
        ...(patch.labels?.length ? { add_labels: patch.labels.join(',') } : {}),
      },
    });
    return this.remember(r.data);
  }

  async enableAutoMerge(number: number): Promise<'enabled' | 'merged' | 'unsupported'> {
    const r = await this.gl.request<MergeRequestSchema | null>(
      `merge !${number} when checks pass`,
      'PUT',
      `/merge_requests/${number}/merge`,
      // `auto_merge` since GitLab 17.x; `merge_when_pipeline_succeeds` before (still accepted).
      { json: { auto_merge: true, merge_when_pipeline_succeeds: true } },
      (status) => ([405, 406, 409, 422].includes(status) ? null : undefined),
    );
    if (!r.data) return 'unsupported';
    if (r.data.state === 'merged') return 'merged';
    return r.data.merge_when_pipeline_succeeds ? 'enabled' : 'unsupported';
  }
}

/** Open a GitLab project through the REST API. */
export function openGitLabRepo(opts: GitLabRepoOptions): GitLabEnvRepo {
  return new GitLabEnvRepo(opts);
}
