/**
 * EnvRepo over plain git: any remote git can talk to (local path, file://, http(s)://, ssh).
 *
 * Fetch only what is needed. The local repository is a bare, shallow, treeless partial clone
 * (`--depth 1 --filter=tree:0`) in a temporary directory. Every object beyond the commits is
 * fetched explicitly by id (one round trip per tree level of the path we touch), never by
 * git's own lazy fetch, which would ask for *every* tree below the missing one
 * (`--filter=blob:none`). Local commands run with `protocol.allow=never` so an unexpected lazy
 * fetch fails loudly instead of silently downloading the repository.
 *
 * Writes are plumbing only: `hash-object -w --stdin` for blobs, `ls-tree`/`mktree --missing`
 * for the trees along the changed paths, `commit-tree -p <parent>` with the message on stdin,
 * then `push --force-with-lease=<ref>:<parent>` so a moved branch is a ConflictError.
 *
 * Verifications are git notes under refs/notes/gitops: one JSON object per line, the latest
 * line per context wins; the notes ref is pushed with compare-and-swap and concurrent writers
 * re-apply their line on the fresh note (p-retry, jittered backoff).
 */
import { mkdir, mkdtemp, readFile as readFsFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pRetry from 'p-retry';
import { ConflictError, InputError, RemoteError } from '../errors.js';
import { Redactor, silentReporter, type Reporter } from '../report.js';
import type { CommitRequest, CommitResult, EnvRepo, FileChange, HistoryEntry, Verification } from './port.js';
import { authConfig, authHeader, gitEnv, parseRemote, type GitRemote } from './git-credentials.js';
import { firstMeaningfulLine, gitTimeoutMs, runGit, runGitBuffer, spawnGit, stallConfig, type GitRunResult } from './git-process.js';
import { trackTempDir } from '../lifecycle.js';
import { decodeFile, specialFileError } from './file-content.js';

export interface GitEnvRepoOptions {
  /** Git URL (http(s), ssh, file://) or local path. Credentials in an http(s) URL are taken out and used as the token. */
  url: string;
  /** The token credentials.ts chose for this host (openEnvRepo). Sent as a Basic auth header, never in argv. */
  token?: string;
  /** credentials.ts's sentence on what is sent and why, for the 401/403 hint. */
  credentialNote?: string;
  /** Basic-auth username for the token: `x-access-token` (default, GitHub), `oauth2` (GitLab), `gitlab-ci-token` (CI_JOB_TOKEN). */
  username?: string;
  /** Default branch for `history` when `ref` is empty. */
  branch?: string;
  /** Parent directory for the temporary clone (default: the OS temp dir). */
  workDir?: string;
  /** Author and committer of our commits (default: GIT_AUTHOR_NAME/EMAIL, else gitops-actions). */
  author?: { name: string; email: string };
  /** Receives warnings (e.g. the remote does not support partial clone). */
  reporter?: Reporter;
  /** Environment git inherits (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Longest one fetch/push may take before git is killed (default: GITOPS_GIT_TIMEOUT_MS, else 5 min). */
  gitTimeoutMs?: number;
}

export const NOTES_REF = 'refs/notes/gitops';
export const DEFAULT_AUTHOR = { name: 'gitops-actions', email: 'gitops-actions@users.noreply.github.com' };
/** Where fetched branch tips are kept locally (not refs/remotes: push must not touch them). */
const LOCAL_HEADS = 'refs/gitops/heads/';
const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const FILTER_IGNORED = /filtering not recognized by server/i;
const MISSING_REF = /couldn't find remote ref/i;
const SYMLINK_MODE = '120000';

interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  name: string;
}

type Change = { kind: 'file'; content: string } | { kind: 'dir'; children: Map<string, Change> };

type Lease = { expect: string } | 'force';

export class GitEnvRepo implements EnvRepo {
  readonly forge = 'git' as const;
  readonly display: string;
  private requests = 0;
  /** Objects known to be in the local object store (cache; refreshed from disk on a miss). */
  private readonly present = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private filterWarned = false;
  /** Set when a fetch may have brought objects we did not ask for by id (refresh `present` on a miss). */
  private unknownArrivals = true;
  private closed = false;

  private constructor(
    private readonly tmp: string,
    private readonly gitDir: string,
    private readonly remote: GitRemote,
    private readonly redactor: Redactor,
    /** For fetch/ls-remote. */
    private readonly netEnv: NodeJS.ProcessEnv,
    /**
     * Pushes run here: a plain (not partial) bare repo borrowing the clone's objects through
     * objects/info/alternates. In a partial clone, pack-objects would lazily fetch (and die on)
     * trees of other remote tips it only needs to mark uninteresting; here they are simply
     * missing, which git tolerates on the uninteresting side.
     */
    private readonly pushDir: string,
    /** For local plumbing: no transport at all. */
    private readonly localEnv: NodeJS.ProcessEnv,
    private readonly commitEnv: NodeJS.ProcessEnv,
    private readonly reporter: Reporter,
    private readonly defaultBranch: string | undefined,
    /** Per fetch/push: the watchdog in git-process kills git after this long. */
    private readonly timeoutMs: number,
    /** Forget the temporary directory in the signal cleanup registry once close() removed it. */
    private readonly untrackTmp: () => void,
  ) {
    this.display = remote.display;
  }

  /** fetch/push/ls-remote invocations so far (git's round trips). */
  get requestCount(): number {
    return this.requests;
  }

  static async open(opts: GitEnvRepoOptions): Promise<GitEnvRepo> {
    const remote = parseRemote(opts.url, { token: opts.token, username: opts.username, credentialNote: opts.credentialNote });
    const redactor = new Redactor();
    redactor.add(remote.token);
    redactor.add(opts.token);
    const header = authHeader(remote);
    if (header) {
      redactor.add(header.slice('Basic '.length));
      redactor.add(`${remote.username}:${remote.token}`);
    }
    const baseEnv = opts.env ?? process.env;
    const timeoutMs = opts.gitTimeoutMs ?? gitTimeoutMs(baseEnv);
    const parent = opts.workDir ?? tmpdir();
    await mkdir(parent, { recursive: true });
    const tmp = await mkdtemp(join(parent, 'gitops-envrepo-'));
    // Removed by close(), or by the signal/deadline cleanup if the run is cut short.
    const untrackTmp = trackTempDir(tmp);
    const gitDir = join(tmp, 'repo.git');
    try {
      const common: Array<[string, string]> = [
        ...authConfig(remote),
        // Nobody's hooks run in our clone (a global core.hooksPath would apply to pushes).
        ['core.hooksPath', join(tmp, 'no-hooks')],
        // A server that accepts and then stalls must not hang us (the watchdog bounds the rest).
        ...stallConfig(timeoutMs),
      ];
      const netEnv = gitEnv(common, baseEnv);
      const localEnv = { ...gitEnv([...common, ['protocol.allow', 'never']], baseEnv), GIT_NO_LAZY_FETCH: '1' };
      const author = opts.author ??
        (baseEnv.GIT_AUTHOR_NAME && baseEnv.GIT_AUTHOR_EMAIL
          ? { name: baseEnv.GIT_AUTHOR_NAME, email: baseEnv.GIT_AUTHOR_EMAIL }
          : DEFAULT_AUTHOR);
      const committer = opts.author
        ? opts.author
        : baseEnv.GIT_COMMITTER_NAME && baseEnv.GIT_COMMITTER_EMAIL
          ? { name: baseEnv.GIT_COMMITTER_NAME, email: baseEnv.GIT_COMMITTER_EMAIL }
          : author;
      const commitEnv: NodeJS.ProcessEnv = {
        ...localEnv,
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
      };
      const pushDir = join(tmp, 'push.git');
      await runGit(['init', '--bare', '--quiet', gitDir], { env: localEnv, redactor });
      await writeFile(join(gitDir, 'config'), localConfig(remote.url));
      await runGit(['init', '--bare', '--quiet', pushDir], { env: localEnv, redactor });
      await writeFile(join(pushDir, 'config'), pushConfig());
      await writeFile(join(pushDir, 'objects', 'info', 'alternates'), `${join(gitDir, 'objects')}\n`);
      return new GitEnvRepo(tmp, gitDir, remote, redactor, netEnv, pushDir, localEnv, commitEnv, opts.reporter ?? silentReporter, opts.branch, timeoutMs, untrackTmp);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      untrackTmp();
      throw err;
    }
  }

  // ---------------------------------------------------------------- EnvRepo

  async head(branch: string): Promise<string | null> {
    checkBranch(branch);
    return this.serial(() => this.fetchBranch(branch));
  }

  async readFile(path: string, commit: string): Promise<string | null> {
    const parts = splitPath(path);
    return this.serial(async () => {
      const sha = await this.resolveCommit(commit);
      if (!sha) return null;
      const entry = await this.entryAt(await this.treeOf(sha), parts);
      if (entry && (entry.mode === SYMLINK_MODE || entry.type === 'commit')) {
        throw specialFileError(path, this.display, entry.type === 'commit' ? 'submodule' : 'symlink');
      }
      if (!entry || entry.type !== 'blob') return null;
      return decodeFile(await this.readBlob(entry.oid), path, this.display);
    });
  }

  async commit(req: CommitRequest): Promise<CommitResult> {
    checkBranch(req.branch);
    const changes = changeTree(req.files);
    if (req.parent && !FULL_SHA.test(req.parent)) throw new InputError(`commit parent must be a full commit SHA, got "${req.parent}"`);
    return this.serial(async () => {
      const parent = req.parent || null;
      if (parent) await this.ensureCommit(parent);
      const baseTree = parent ? await this.treeOf(parent) : null;
      const tree = await this.writeTree(baseTree, changes);
      if (parent && tree === baseTree && !req.createBranch && !req.force) {
        // Nothing to change: no empty commit. Still honour compare-and-swap.
        const head = await this.fetchBranch(req.branch);
        if (head !== parent) throw this.moved(req.branch, parent, head);
        return { sha: parent };
      }
      const sha = await this.commitTree(tree, parent ? [parent] : [], req.message);
      const lease: Lease = req.force ? 'force' : { expect: req.createBranch ? '' : (parent ?? '') };
      await this.pushRef(sha, `refs/heads/${req.branch}`, lease);
      await this.local(['update-ref', `${LOCAL_HEADS}${req.branch}`, sha]);
      return { sha };
    });
  }

  async history(path: string, ref: string, limit: number): Promise<HistoryEntry[]> {
    const parts = splitPath(path);
    const want = Math.floor(limit);
    if (!(want > 0)) return [];
    return this.serial(async () => {
      // A full SHA (any commit, e.g. one a health gate reports) is fetched with its history by the
      // first deepening fetch below: no separate depth-1 fetch of the commit first.
      const bySha = FULL_SHA.test(ref);
      const tip = bySha ? ref : await this.resolveCommit(ref || this.defaultBranch || 'HEAD');
      if (!tip) return [];
      // Deepen until `want` commits are certain: start near what a busy env repo needs, then
      // extrapolate from the hit rate so far (at least doubling) — a few round trips even on 20k commits.
      let depth = Math.max(100, want * 20);
      for (;;) {
        const r = await this.fetch([`--depth=${depth}`], [tip]);
        if (r.code !== 0) throw bySha ? this.commitFetchFailure(tip, r.stderr) : this.remoteFailure(r.stderr, 'fetch history');
        const commits = (await this.local(['log', '--format=%H %T', tip])).split('\n').filter(Boolean);
        const roots = commits.map((l) => l.split(' ')[1]!);
        await this.ensurePathTrees(roots, parts.slice(0, -1));
        const shallow = await this.shallowCommits();
        const out = await this.local(['--literal-pathspecs', 'log', '-z', '--format=%H%x1f%cI%x1f%B', tip, '--', parts.join('/')]);
        const result: HistoryEntry[] = [];
        let uncertain = false;
        for (const rec of out.split('\0')) {
          if (!rec) continue;
          const i = rec.indexOf('\x1f');
          const j = rec.indexOf('\x1f', i + 1);
          const sha = rec.slice(0, i).trim();
          // A shallow boundary commit looks like a root commit: whether it touched the path is unknown.
          if (shallow.has(sha)) {
            uncertain = true;
            break;
          }
          result.push({ sha, message: rec.slice(j + 1).replace(/\n+$/, ''), date: rec.slice(i + 1, j) });
          if (result.length >= want) return result;
        }
        const complete = !commits.some((l) => shallow.has(l.slice(0, l.indexOf(' '))));
        if (complete || (!uncertain && result.length >= want)) return result.slice(0, want);
        const estimate = result.length > 0 ? Math.ceil(((commits.length * want) / result.length) * 1.5) : commits.length * 10;
        depth = Math.max(depth * 2, estimate);
      }
    });
  }

  async recordVerification(commit: string, v: Verification): Promise<void> {
    if (!FULL_SHA.test(commit)) throw new InputError(`a verification needs a full commit SHA, got "${commit}"`);
    if (!v.context) throw new InputError('a verification needs a context (gitops/<app>/<env>)');
    const record: Record<string, string> = { context: v.context, state: v.state };
    if (v.description !== undefined) record.description = v.description;
    if (v.targetUrl !== undefined) record.targetUrl = this.redactor.redact(v.targetUrl);
    record.at = new Date().toISOString();
    const line = JSON.stringify(record);
    return this.serial(() =>
      pRetry(
        async () => {
          const notes = await this.fetchRef(NOTES_REF, NOTES_REF, 'tree:1');
          const baseTree = notes ? await this.treeOf(notes) : null;
          const existing = baseTree ? await this.findNote(baseTree, commit) : null;
          const old = existing ? (await this.readBlob(existing.oid)).toString('utf8') : '';
          const text = mergeNote(old, v.context, line);
          const tree = await this.writeTree(baseTree, changeTree([{ path: existing?.path ?? commit, content: text }]));
          const sha = await this.commitTree(tree, notes ? [notes] : [], `Notes added by gitops-actions\n`);
          await this.pushRef(sha, NOTES_REF, { expect: notes ?? '' });
          await this.local(['update-ref', NOTES_REF, sha]);
        },
        {
          // Jittered (randomize: ×1..2) so racing writers spread out; bounded so a busy notes ref
          // still settles within seconds.
          retries: 20,
          minTimeout: 20,
          maxTimeout: 500,
          factor: 1.4,
          randomize: true,
          shouldRetry: ({ error }) => error instanceof ConflictError,
        },
      ),
    );
  }

  async verifications(commit: string): Promise<Verification[]> {
    if (!FULL_SHA.test(commit)) throw new InputError(`verifications need a full commit SHA, got "${commit}"`);
    return this.serial(async () => {
      const notes = await this.fetchRef(NOTES_REF, NOTES_REF, 'tree:1');
      if (!notes) return [];
      const note = await this.findNote(await this.treeOf(notes), commit);
      if (!note) return [];
      return parseNote((await this.readBlob(note.oid)).toString('utf8'));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => {});
    await rm(this.tmp, { recursive: true, force: true });
    this.untrackTmp();
  }

  // ---------------------------------------------------------------- remote

  /** One operation at a time on the local clone (git's own locks on shallow/refs would race). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`GitEnvRepo for ${this.display} is closed`));
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** git fetch from origin, partial (tree:0); resolves whatever the exit code. */
  private async fetch(options: string[], refspecs: string[], input?: string, filter = 'tree:0'): Promise<GitRunResult> {
    const args = [
      ...(input !== undefined ? ['-c', 'fetch.negotiationAlgorithm=noop'] : []),
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-write-fetch-head',
      '--recurse-submodules=no',
      `--filter=${filter}`,
      ...options,
      ...(input !== undefined ? ['--stdin'] : []),
      'origin',
      ...refspecs,
    ];
    this.requests++;
    const r = await spawnGit(args, { cwd: this.gitDir, env: this.netEnv, input, redactor: this.redactor, timeoutMs: this.timeoutMs, remote: this.display });
    const filterIgnored = FILTER_IGNORED.test(r.stderr);
    // A fetch by object id (input) brings exactly those objects unless the filter was ignored.
    if (input === undefined || filterIgnored) this.unknownArrivals = true;
    if (!this.filterWarned && filterIgnored) {
      this.filterWarned = true;
      this.reporter.warn(
        `${this.display} does not support partial clone (uploadpack.allowFilter): fetching whole trees, which is slower on large repositories`,
      );
    }
    return r;
  }

  private async fetchOrThrow(options: string[], refspecs: string[], what: string, input?: string): Promise<void> {
    const r = await this.fetch(options, refspecs, input);
    if (r.code !== 0) throw this.remoteFailure(r.stderr, what);
  }

  /**
   * Fetch a ref's tip (depth 1) into the same local name; null when the remote lacks it.
   * `tree:1` also brings the root tree (one round trip less for the notes ref).
   */
  private async fetchRef(ref: string, local = ref, filter = 'tree:0'): Promise<string | null> {
    const r = await this.fetch(['--depth=1'], [`+${ref}:${local}`], undefined, filter);
    if (r.code !== 0) {
      if (MISSING_REF.test(r.stderr)) {
        await spawnGit(['update-ref', '-d', local], { cwd: this.gitDir, env: this.localEnv });
        return null;
      }
      throw this.remoteFailure(r.stderr, `fetch ${ref}`);
    }
    const sha = (await this.local(['rev-parse', '--verify', '--end-of-options', `${local}^{commit}`])).trim();
    this.present.add(sha);
    return sha;
  }

  private fetchBranch(branch: string): Promise<string | null> {
    return this.fetchRef(`refs/heads/${branch}`, `${LOCAL_HEADS}${branch}`);
  }

  /** A full SHA (fetched if not local) or a branch name (its fresh head); null if the branch is missing. */
  private async resolveCommit(commitish: string): Promise<string | null> {
    if (FULL_SHA.test(commitish)) {
      await this.ensureCommit(commitish);
      return commitish;
    }
    const branch = commitish.replace(/^refs\/heads\//, '');
    if (branch === 'HEAD') return this.fetchRef('HEAD', `${LOCAL_HEADS}HEAD`);
    checkBranch(branch);
    return this.fetchBranch(branch);
  }

  private async ensureCommit(sha: string): Promise<void> {
    if (this.present.has(sha)) return;
    if (this.unknownArrivals) await this.refreshPresent();
    if (this.present.has(sha)) return;
    const r = await this.fetch(['--depth=1'], [sha]);
    if (r.code !== 0) throw this.commitFetchFailure(sha, r.stderr);
    this.present.add(sha);
  }

  /** A failed fetch of a commit by SHA: the remote does not have it, or a remote failure. */
  private commitFetchFailure(sha: string, stderr: string): RemoteError {
    if (/not our ref|no such remote ref|unadvertised object|not a valid object/i.test(stderr)) {
      return new RemoteError(`commit ${sha} not found in ${this.display}`, 'check the commit SHA and that it was pushed to this repository');
    }
    return this.remoteFailure(stderr, `fetch commit ${sha.slice(0, 12)}`);
  }

  /** Make sure objects are local, fetching the missing ones by id in one round trip. */
  private async ensureObjects(oids: Iterable<string>): Promise<void> {
    let missing = [...new Set(oids)].filter((o) => !this.present.has(o));
    if (missing.length === 0) return;
    if (this.unknownArrivals) {
      await this.refreshPresent();
      missing = missing.filter((o) => !this.present.has(o));
    }
    if (missing.length === 0) return;
    await this.fetchOrThrow([], [], 'fetch objects', missing.join('\n') + '\n');
    for (const o of missing) this.present.add(o);
  }

  private async refreshPresent(): Promise<void> {
    this.unknownArrivals = false;
    const out = await this.local(['cat-file', '--batch-check=%(objectname)', '--batch-all-objects']);
    for (const oid of out.split('\n')) if (oid) this.present.add(oid);
  }

  private async pushRef(sha: string, ref: string, lease: Lease): Promise<void> {
    const leaseArg = lease === 'force' ? '--force' : `--force-with-lease=${ref}:${lease.expect}`;
    this.requests++;
    // From the push repo (see pushDir) to the URL; --no-thin: no delta bases to look up.
    const r = await spawnGit(
      ['push', '--porcelain', '--no-thin', '--no-verify', '--no-signed', leaseArg, '--', this.remote.url, `${sha}:${ref}`],
      { cwd: this.pushDir, env: this.netEnv, redactor: this.redactor, timeoutMs: this.timeoutMs, remote: this.display },
    );
    const stdout = this.redactor.redact(r.stdout.toString('utf8'));
    const line = stdout.split('\n').find((l) => l.includes(`:${ref}\t`));
    const flag = line?.[0];
    if (r.code === 0 && line && flag !== '!') return;
    if (line && flag === '!') {
      const summary = line.split('\t')[2] ?? '';
      const what = ref.startsWith('refs/heads/') ? `branch ${ref.slice('refs/heads/'.length)}` : ref;
      if (/^\[rejected\] \((stale info|fetch first|non-fast-forward|already exists)\)/.test(summary)) {
        if (lease !== 'force' && lease.expect === '') {
          throw new ConflictError(`${what} already exists on ${this.display}`, 'pick another branch name or update the existing one');
        }
        throw new ConflictError(
          `${what} moved on ${this.display} (expected ${lease === 'force' ? 'any' : lease.expect.slice(0, 12)})`,
          're-read the branch and re-apply the change',
        );
      }
      const reason = /\((.*)\)\s*$/.exec(summary)?.[1] ?? summary;
      // Lost the race on the server: the ref changed between the advertisement and our update.
      const lostRace =
        /cannot lock ref|failed to lock|incorrect old value|but expected|reference already exists/i.test(reason) ||
        (/failed to update ref/i.test(reason) && /but expected|cannot lock ref|unable to lock|File exists|reference already exists/i.test(r.stderr));
      if (lostRace) {
        throw new ConflictError(`${what} moved on ${this.display} while pushing (${reason})`, 're-read the branch and re-apply the change');
      }
      const remoteSays = r.stderr
        .split('\n')
        .filter((l) => /^remote:/.test(l))
        .map((l) => l.replace(/^remote:\s*/, '').trim())
        .filter(Boolean)
        .join(' ');
      throw new RemoteError(
        `${this.display} refused the push to ${what}: ${reason}${remoteSays ? ` — ${remoteSays}` : ''}`,
        /protected|GH006|pre-receive|not allowed/i.test(reason + remoteSays)
          ? 'the branch is protected: use --mode pull-request or allow the token to push'
          : undefined,
      );
    }
    throw this.remoteFailure(r.stderr, `push to ${ref}`);
  }

  /** Classify a failed network command: auth, not found, unreachable, or other. */
  private remoteFailure(stderr: string, what: string): RemoteError {
    const text = this.redactor.redact(stderr);
    const detail = firstMeaningfulLine(text);
    const repo = this.display;
    const tokenHint = tokenFix(this.remote);
    if (
      /returned error: 403|HTTP Basic: Access denied|403 Forbidden|Permission to .* denied|write access .* not granted|read-only/i.test(text) &&
      what.startsWith('push')
    ) {
      return new RemoteError(`the token may not push to ${repo} (${detail})`, 'use a token with write access (GitHub contents: write, GitLab write_repository)', { status: 403 });
    }
    if (
      /Authentication failed|could not read (Username|Password)|terminal prompts disabled|HTTP Basic: Access denied|returned error: 40[13]|Invalid username or password|Permission denied \(publickey|Host key verification failed|invalid credentials|Bad credentials/i.test(
        text,
      )
    ) {
      return new RemoteError(`authentication to ${repo} failed (${detail})`, tokenHint, { status: /403/.test(text) ? 403 : 401 });
    }
    if (/repository .*not found|Repository not found|does not appear to be a git repository|returned error: 404|project you were looking for could not be found|not a git repository|No such file or directory/i.test(text)) {
      const fix = this.remote.kind === 'local' || this.remote.kind === 'file'
        ? 'check --env-repo: there is no git repository at that path'
        : 'check --env-repo; a private repository also answers "not found" without a valid token';
      return new RemoteError(`repository ${repo} not found (${detail})`, fix, { status: 404 });
    }
    if (/returned error: 30[1278]\b/.test(text) && this.remote.token) {
      return new RemoteError(`${repo} redirected elsewhere (${detail})`, 'pass the URL it redirects to: with a token, git follows no redirects (a token never goes to another host)');
    }
    if (/Could not resolve host|Failed to connect|Connection refused|Couldn't connect|timed out|Connection reset|Network is unreachable|Empty reply|unable to access|Could not read from remote|hung up|early EOF|SSL|certificate/i.test(text)) {
      return new RemoteError(`cannot reach ${repo} (${detail})`, 'check the URL, the network and any proxy settings');
    }
    return new RemoteError(`git ${what} failed for ${repo}: ${detail || 'no output'}`);
  }

  private moved(branch: string, expected: string, actual: string | null): ConflictError {
    return new ConflictError(
      `branch ${branch} moved on ${this.display} (expected ${expected.slice(0, 12)}, found ${actual ? actual.slice(0, 12) : 'no branch'})`,
      're-read the branch and re-apply the change',
    );
  }

  // ---------------------------------------------------------------- local plumbing

  private local(args: string[], input?: string): Promise<string> {
    return runGit(args, { cwd: this.gitDir, env: this.localEnv, input, redactor: this.redactor });
  }

  private async treeOf(commit: string): Promise<string> {
    const raw = await this.local(['cat-file', 'commit', commit]);
    const m = /^tree ([0-9a-f]+)/.exec(raw);
    if (!m) throw new RemoteError(`commit ${commit} in ${this.display} has no tree`);
    return m[1]!;
  }

  private async readBlob(oid: string): Promise<Buffer> {
    await this.ensureObjects([oid]);
    return runGitBuffer(['cat-file', 'blob', oid], { cwd: this.gitDir, env: this.localEnv, redactor: this.redactor });
  }

  private async readTree(oid: string): Promise<TreeEntry[]> {
    return (await this.readTrees([oid])).get(oid)!;
  }

  /** Several trees in one `cat-file --batch`, fetched first if missing. */
  private async readTrees(oids: string[]): Promise<Map<string, TreeEntry[]>> {
    const unique = [...new Set(oids)];
    await this.ensureObjects(unique);
    const out = await runGitBuffer(['cat-file', '--batch'], {
      cwd: this.gitDir,
      env: this.localEnv,
      input: unique.join('\n') + '\n',
      redactor: this.redactor,
    });
    const trees = new Map<string, TreeEntry[]>();
    let pos = 0;
    for (const oid of unique) {
      const nl = out.indexOf(10, pos);
      const header = out.subarray(pos, nl).toString('latin1').split(' ');
      if (header[1] !== 'tree') throw new RemoteError(`object ${oid} in ${this.display} is not a tree (${header.slice(1).join(' ')})`);
      const size = Number(header[2]);
      trees.set(oid, parseTree(out.subarray(nl + 1, nl + 1 + size), oid.length / 2));
      pos = nl + 1 + size + 1;
    }
    return trees;
  }

  /** The entry at `parts` below a tree, walking (and fetching) one level at a time. */
  private async entryAt(tree: string, parts: string[]): Promise<TreeEntry | null> {
    let current = tree;
    for (let i = 0; i < parts.length; i++) {
      const entry = (await this.readTree(current)).find((e) => e.name === parts[i]);
      if (!entry) return null;
      if (i === parts.length - 1) return entry;
      if (entry.mode === SYMLINK_MODE || entry.type === 'commit') {
        // The tree entry's mode says it, at no extra cost: refuse rather than report "no such file".
        throw specialFileError(parts.join('/'), this.display, entry.type === 'commit' ? 'submodule' : 'symlink', parts.slice(0, i + 1).join('/'));
      }
      if (entry.type !== 'tree') return null;
      current = entry.oid;
    }
    return null;
  }

  /** Make the trees along `dirs` local for every root tree, one round trip per level. */
  private async ensurePathTrees(roots: string[], dirs: string[]): Promise<void> {
    let level = [...new Set(roots)];
    for (let i = 0; level.length > 0; i++) {
      if (i === dirs.length) {
        await this.ensureObjects(level);
        return;
      }
      const trees = await this.readTrees(level);
      const next = new Set<string>();
      for (const entries of trees.values()) {
        const e = entries.find((x) => x.name === dirs[i] && x.type === 'tree');
        if (e) next.add(e.oid);
      }
      level = [...next];
    }
  }

  private async hashBlob(content: string): Promise<string> {
    const oid = (await this.local(['hash-object', '-w', '--stdin'], content)).trim();
    this.present.add(oid);
    return oid;
  }

  /** Write the tree `base` with `changes` applied; only the trees along changed paths are read. */
  private async writeTree(base: string | null, changes: Map<string, Change>): Promise<string> {
    const entries = new Map<string, TreeEntry>();
    if (base) for (const e of await this.readTree(base)) entries.set(e.name, e);
    for (const [name, change] of changes) {
      const existing = entries.get(name);
      if (existing && (existing.mode === SYMLINK_MODE || existing.type === 'commit')) {
        // Never turn a link or a submodule into a regular file (readFile refuses them first).
        throw specialFileError(name, this.display, existing.type === 'commit' ? 'submodule' : 'symlink');
      }
      if (change.kind === 'file') {
        const oid = await this.hashBlob(change.content);
        const mode = existing?.type === 'blob' && existing.mode === '100755' ? '100755' : '100644';
        entries.set(name, { mode, type: 'blob', oid, name });
      } else {
        const sub = await this.writeTree(existing?.type === 'tree' ? existing.oid : null, change.children);
        entries.set(name, { mode: '040000', type: 'tree', oid: sub, name });
      }
    }
    const input = [...entries.values()].map((e) => `${e.mode} ${e.type} ${e.oid}\t${e.name}\0`).join('');
    const oid = (await this.local(['mktree', '-z', '--missing'], input)).trim();
    this.present.add(oid);
    return oid;
  }

  private async commitTree(tree: string, parents: string[], message: string): Promise<string> {
    const args = ['commit-tree', tree];
    for (const p of parents) args.push('-p', p);
    const text = message.endsWith('\n') ? message : `${message}\n`;
    const oid = (await runGit(args, { cwd: this.gitDir, env: this.commitEnv, input: text, redactor: this.redactor })).trim();
    this.present.add(oid);
    return oid;
  }

  private async shallowCommits(): Promise<Set<string>> {
    try {
      return new Set((await readFsFile(join(this.gitDir, 'shallow'), 'utf8')).split('\n').filter(Boolean));
    } catch {
      return new Set();
    }
  }

  /** A note's blob for `commit` in a notes tree, flat (`<sha>`) or fanned out (`ab/cdef…`). */
  private async findNote(tree: string, commit: string): Promise<{ path: string; oid: string } | null> {
    let current = tree;
    let prefix = '';
    let rest = commit;
    for (;;) {
      const entries = await this.readTree(current);
      const flat = entries.find((e) => e.name === rest && e.type === 'blob');
      if (flat) return { path: prefix + rest, oid: flat.oid };
      const fan = entries.find((e) => e.name === rest.slice(0, 2) && e.type === 'tree');
      if (!fan || rest.length <= 2) return null;
      prefix += `${rest.slice(0, 2)}/`;
      rest = rest.slice(2);
      current = fan.oid;
    }
  }
}

// -------------------------------------------------------------------- helpers

function localConfig(url: string): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return [
    '[core]',
    '\trepositoryformatversion = 1',
    '\tbare = true',
    '\tlogAllRefUpdates = false',
    '[extensions]',
    '\tpartialClone = origin',
    '[remote "origin"]',
    `\turl = ${q(url)}`,
    '\tpromisor = true',
    '\tpartialCloneFilter = tree:0',
    '[gc]',
    '\tauto = 0',
    '[maintenance]',
    '\tauto = false',
    '[fetch]',
    '\twriteCommitGraph = false',
    '\trecurseSubmodules = false',
    '[pack]',
    '\tuseSparse = true',
    '[push]',
    '\tgpgSign = false',
    '\tuseForceIfIncludes = false',
    '[commit]',
    '\tgpgSign = false',
    '',
  ].join('\n');
}

function pushConfig(): string {
  return ['[core]', '\trepositoryformatversion = 0', '\tbare = true', '\tlogAllRefUpdates = false', '[gc]', '\tauto = 0', '[maintenance]', '\tauto = false', '[push]', '\tgpgSign = false', ''].join('\n');
}

function tokenFix(remote: GitRemote): string {
  if (remote.kind === 'ssh') return 'check that the SSH key (ssh-agent, GIT_SSH_COMMAND) has access to the repository';
  if (remote.kind !== 'http') return 'check the path and its permissions';
  const host = remote.origin ?? '';
  const which = /gitlab/i.test(host)
    ? 'GITLAB_TOKEN or CI_JOB_TOKEN'
    : /github/i.test(host)
      ? 'GITHUB_TOKEN'
      : 'GITHUB_TOKEN, GITLAB_TOKEN or CI_JOB_TOKEN';
  const fix = remote.token
    ? `the token was refused: check that ${which} is valid and can access the repository`
    : `set ${which} to a token that can access the repository`;
  return remote.credentialNote ? `${remote.credentialNote}; ${fix}` : fix;
}

function checkBranch(branch: string): void {
  if (
    !branch ||
    branch.startsWith('-') ||
    branch.startsWith('/') ||
    branch.endsWith('/') ||
    branch.endsWith('.lock') ||
    branch.endsWith('.') ||
    /\.\.|@\{|\/\/|\/\.|[\s~^:?*[\\\x00-\x1f\x7f]/.test(branch)
  ) {
    throw new InputError(`invalid branch name "${branch}"`, 'use a valid git branch name');
  }
}

function splitPath(path: string): string[] {
  const parts = path.split('/');
  if (!path || path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0'))) {
    throw new InputError(`invalid path in repository: "${path}"`, 'use a relative path like overlays/dev/values.yaml');
  }
  if (parts.some((p) => p.toLowerCase() === '.git')) throw new InputError(`path inside .git: "${path}"`);
  return parts;
}

function changeTree(files: FileChange[]): Map<string, Change> {
  const root = new Map<string, Change>();
  for (const f of files) {
    const parts = splitPath(f.path);
    let dir = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const name = parts[i]!;
      let next = dir.get(name);
      if (!next) {
        next = { kind: 'dir', children: new Map() };
        dir.set(name, next);
      }
      if (next.kind !== 'dir') throw new InputError(`"${parts.slice(0, i + 1).join('/')}" is both a file and a directory in one commit`);
      dir = next.children;
    }
    const leaf = parts[parts.length - 1]!;
    if (dir.get(leaf)?.kind === 'dir') throw new InputError(`"${f.path}" is both a file and a directory in one commit`);
    dir.set(leaf, { kind: 'file', content: f.content });
  }
  return root;
}

function parseTree(buf: Buffer, hashBytes: number): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const sp = buf.indexOf(32, pos);
    const nul = buf.indexOf(0, sp);
    const mode = buf.subarray(pos, sp).toString('latin1').padStart(6, '0');
    const name = buf.subarray(sp + 1, nul).toString('utf8');
    const oid = buf.subarray(nul + 1, nul + 1 + hashBytes).toString('hex');
    const type = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    entries.push({ mode, type, oid, name });
    pos = nul + 1 + hashBytes;
  }
  return entries;
}

/** Replace this context's line (if any) and append the new one: one line per context. */
export function mergeNote(old: string, context: string, line: string): string {
  const kept = old.split('\n').filter((l) => {
    if (!l.trim()) return false;
    try {
      return (JSON.parse(l) as { context?: unknown }).context !== context;
    } catch {
      return true; // someone else's text: keep it
    }
  });
  return [...kept, line].join('\n') + '\n';
}

/** The latest record per context, in first-seen order. */
export function parseNote(text: string): Verification[] {
  const byContext = new Map<string, Verification>();
  for (const l of text.split('\n')) {
    if (!l.trim()) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(l) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof o.context !== 'string' || !['success', 'failure', 'pending'].includes(o.state as string)) continue;
    const v: Verification = { context: o.context, state: o.state as Verification['state'] };
    if (typeof o.description === 'string') v.description = o.description;
    if (typeof o.targetUrl === 'string') v.targetUrl = o.targetUrl;
    if (typeof o.at === 'string') v.at = o.at;
    byContext.delete(o.context);
    byContext.set(o.context, v);
  }
  return [...byContext.values()];
}
