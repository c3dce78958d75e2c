/**
 * EnvRepo over plain git: any remote git can talk to (local path, file://, http(s)://, ssh).
 *
 * The local repository is a bare, shallow partial clone that fetches only what a call needs
 * (git-objects.ts): a dev promotion is two round trips (the head with its recent history's trees
 * and small files, so the file's history is local; the push). A commit is pushed with
 * `--force-with-lease=<ref>:<parent>`, so a moved branch is a ConflictError (git-push.ts).
 * Verifications are git notes under refs/notes/gitops (git-notes.ts).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, InputError } from '../errors.js';
import { BranchMovedError } from './contention.js';
import { Redactor, silentReporter, type Reporter } from '../report.js';
import type { CommitRequest, CommitResult, EnvRepo, HistoryEntry, HistoryOptions, Verification } from './port.js';
import { authConfig, authHeader, gitEnv } from './git-credentials.js';
import { parseRemote, type GitRemote } from './repo-ref.js';
import { gitTimeoutMs, stallConfig } from './git-process.js';
import { trackTempDir } from '../lifecycle.js';
import { decodeFile, specialFileError } from './file-content.js';
import { checkChanges, FULL_SHA, GitObjectStore, HEAD_FILTER, splitPath, SYMLINK_MODE } from './git-objects.js';
import { branchMoved, pushRef, type Lease } from './git-push.js';
import {
  DEEP_FIRST_DEPTH,
  DEEP_LEDGER_DEPTH,
  LEDGER_GREP,
  DEEP_LOG_FORMAT,
  hasOurTrailers,
  mergeByDate,
  OUR_TRAILERS_GREP,
  parseDeepLog,
  touched,
  type DeepHistory,
  type LoggedCommit,
} from './git-history.js';
import { locateNote, noteLine, parseNote, writeNote, type NotesStore } from './git-notes.js';

export { NOTES_REF, mergeNote, parseNote } from './git-notes.js';

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

export const DEFAULT_AUTHOR = { name: 'gitops-actions', email: 'gitops-actions@users.noreply.github.com' };
/** Where fetched branch tips are kept locally (not refs/remotes: push must not touch them). */
const LOCAL_HEADS = 'refs/gitops/heads/';
/**
 * A branch head is fetched with this many commits below it (with trees and small files): what a
 * verb's history read (30 commits touching a file: see history()) starts from, in the same request.
 */
const HEAD_DEPTH = 600;
/**
 * A history read deepens the head with all the commits' trees up to this many commits (one round
 * trip, and any file's history in them is local). Deeper, where every commit's trees would weigh
 * more than they are worth, the walk goes on over commits only (git-history.ts).
 */
const ALL_TREES_DEPTH = 1000;

export class GitEnvRepo implements EnvRepo {
  readonly forge = 'git' as const;
  readonly display: string;
  private pushes = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly notes: NotesStore;
  /** Paths read at each commit: a change computed on it depends on them. */
  private readonly readPaths = new Map<string, string[]>();
  /** branch + parent whose push lost: the next try of that change looks first (per-file compare-and-swap). */
  private readonly lostOn = new Set<string>();
  /** How deep the history below a commit is local (a head fetch: 1). */
  private readonly depths = new Map<string, number>();
  /** root tree + directory path whose trees are local (the deep history rounds). */
  private readonly pathTrees = new Set<string>();
  /** Per tip: the deep history read so far (deepRepo()). */
  private readonly deep = new Map<string, DeepHistory>();

  private constructor(
    private readonly tmp: string,
    private readonly objects: GitObjectStore,
    private readonly remote: GitRemote,
    private readonly redactor: Redactor,
    /** For push. */
    private readonly netEnv: NodeJS.ProcessEnv,
    /**
     * Pushes run here: a plain (not partial) bare repo borrowing the clone's objects through
     * objects/info/alternates. In a partial clone, pack-objects would lazily fetch (and die on)
     * trees of other remote tips it only needs to mark uninteresting; here they are simply
     * missing, which git tolerates on the uninteresting side.
     */
    private readonly pushDir: string,
    private readonly defaultBranch: string | undefined,
    /** Per push: the watchdog in git-process kills git after this long. */
    private readonly timeoutMs: number,
    /** Forget the temporary directory in the signal cleanup registry once close() removed it. */
    private readonly untrackTmp: () => void,
    /** The object store's way into our queue (batched fetches), bound here. */
    exclusive: { run?: <T>(fn: () => Promise<T>) => Promise<T> },
  ) {
    this.display = remote.display;
    this.notes = { objects, push: (sha, ref, lease) => this.pushRef(sha, ref, lease) };
    exclusive.run = (fn) => this.serial(fn);
  }

  /** fetch/push invocations so far (git's round trips). */
  get requestCount(): number {
    return this.objects.fetchCount + this.pushes;
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
        // A throw-away clone: no fsync of the packs fetch and fast-import write (git's default).
        ['core.fsync', 'none'],
      ];
      const netEnv = gitEnv(common, baseEnv);
      const localEnv = { ...gitEnv([...common, ['protocol.allow', 'never']], baseEnv), GIT_NO_LAZY_FETCH: '1' };
      const author =
        opts.author ??
        (baseEnv.GIT_AUTHOR_NAME && baseEnv.GIT_AUTHOR_EMAIL ? { name: baseEnv.GIT_AUTHOR_NAME, email: baseEnv.GIT_AUTHOR_EMAIL } : DEFAULT_AUTHOR);
      const committer = opts.author
        ? opts.author
        : baseEnv.GIT_COMMITTER_NAME && baseEnv.GIT_COMMITTER_EMAIL
          ? { name: baseEnv.GIT_COMMITTER_NAME, email: baseEnv.GIT_COMMITTER_EMAIL }
          : author;
      const pushDir = join(tmp, 'push.git');
      // Two bare repos written directly (HEAD, config, objects/, refs/): no git process for it.
      // Both settled before a failure is thrown: the clean-up below must not race a mkdir.
      const setup = await Promise.allSettled([
        initBare(gitDir, localConfig(remote.url)),
        initBare(pushDir, pushConfig()).then(() => writeFile(join(pushDir, 'objects', 'info', 'alternates'), `${join(gitDir, 'objects')}\n`)),
      ]);
      for (const s of setup) if (s.status === 'rejected') throw s.reason;
      const exclusive: { run?: <T>(fn: () => Promise<T>) => Promise<T> } = {};
      const objects = new GitObjectStore({
        gitDir,
        readerDir: pushDir,
        remote,
        redactor,
        netEnv,
        localEnv,
        author,
        committer,
        reporter: opts.reporter ?? silentReporter,
        timeoutMs,
        exclusive: (fn) => exclusive.run!(fn),
      });
      return new GitEnvRepo(tmp, objects, remote, redactor, netEnv, pushDir, opts.branch, timeoutMs, untrackTmp, exclusive);
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
    const read = await this.serial(async () => {
      const sha = await this.resolveCommit(commit);
      if (!sha) return null;
      // A commit on this parent depends on what was read here (see commit()).
      this.readPaths.set(sha, [...(this.readPaths.get(sha) ?? []), path]);
      const entry = await this.objects.entryAt(await this.objects.treeOf(sha), parts);
      if (entry && (entry.mode === SYMLINK_MODE || entry.type === 'commit')) {
        throw specialFileError(path, this.display, entry.type === 'commit' ? 'submodule' : 'symlink');
      }
      return entry?.type === 'blob' ? this.objects.blobReader(entry.oid) : null;
    });
    // Outside the queue: readers queued meanwhile share one fetch of the blobs they miss.
    return read ? decodeFile(await read(), path, this.display) : null;
  }

  async commit(req: CommitRequest): Promise<CommitResult> {
    checkBranch(req.branch);
    checkChanges(req.files);
    if (req.parent && !FULL_SHA.test(req.parent)) throw new InputError(`commit parent must be a full commit SHA, got "${req.parent}"`);
    return this.serial(async () => {
      const retry = req.parent && !req.createBranch && !req.force && this.lostOn.has(`${req.branch}\0${req.parent}`);
      // After a lost push the verb waited; look now, just before pushing again (a head fetched
      // before the wait would be stale by the end of it).
      const parent = retry ? await this.headWithoutOurFiles(req) : req.parent || null;
      if (parent) await this.objects.ensureCommit(parent);
      const sha = await this.objects.commitFiles(parent, req.files, req.message, { allowEmpty: req.createBranch || req.force });
      if (!sha) {
        // Nothing to change: no empty commit. Still honour compare-and-swap.
        const head = await this.fetchBranch(req.branch);
        if (head !== parent) throw branchMoved(this.display, req.branch, parent!, head);
        return { sha: parent! };
      }
      const lease: Lease = req.force ? 'force' : { expect: req.createBranch ? '' : (parent ?? '') };
      try {
        await this.pushRef(sha, `refs/heads/${req.branch}`, lease);
      } catch (e) {
        if (!(e instanceof ConflictError) || req.force || req.createBranch || !req.parent) throw e;
        // Lost the race. If one of our files moved, re-plan now (headWithoutOurFiles throws);
        // else keep the plan and wait — and the next try looks again first, as a head fetched
        // before the wait would be stale by its end. No measure of the crowd in git: the verb's
        // plain exponential backoff, over twice the window (one other writer at least got in).
        this.lostOn.add(`${req.branch}\0${req.parent}`);
        const now = await this.headWithoutOurFiles(req);
        throw new BranchMovedError(`${e.message}; our files did not move, waiting before the next push`, e.fix, now, undefined, true, {
          writers: 2,
          lost: true,
        });
      }
      await this.objects.writeRef(`${LOCAL_HEADS}${req.branch}`, sha);
      return { sha };
    });
  }

  /**
   * Where the branch is now, if none of the files the change was computed from moved since its
   * parent — those written and those read at the parent (GitLab's per-file \`last_commit_id\`
   * check, made here): the same change then applies on the new head. Else ConflictError, and the
   * verb re-reads and re-applies.
   */
  private async headWithoutOurFiles(req: CommitRequest): Promise<string> {
    const now = await this.fetchBranch(req.branch);
    if (!now) throw new ConflictError(`branch ${req.branch} no longer exists in ${this.display}`, 're-read and retry');
    if (now === req.parent) return now;
    const paths = new Set([...req.files.map((f) => f.path), ...(this.readPaths.get(req.parent) ?? [])]);
    const [before, after] = await Promise.all([this.objects.treeOf(req.parent), this.objects.treeOf(now)]);
    for (const p of paths) {
      const [a, b] = [await this.objects.entryAt(before, splitPath(p)), await this.objects.entryAt(after, splitPath(p))];
      if (a?.oid !== b?.oid || a?.mode !== b?.mode) {
        this.lostOn.delete(`${req.branch}\0${req.parent}`);
        throw branchMoved(this.display, req.branch, req.parent, now);
      }
    }
    return now;
  }

  /**
   * The `limit` newest commits that touched `path` below `ref`, newest first. Exact (`git log --
   * path`) over the commits the clone has with their trees: the head's HEAD_DEPTH, deepened with
   * trees up to ALL_TREES_DEPTH when that is predicted to be enough. Deeper (a file that rarely
   * changes on a long history), the walk goes on over commits only (git-history.ts) and lists
   * only commits with our trailers that changed the file: there, commits made by hand are not
   * listed (they decide nothing for the blocked-tag check; rollback, status and the history verb
   * see them in the window only), and side branches of merges are walked like the main line.
   * `opts.until`: the list ends at the first certain entry it accepts (a ledger that settles the
   * blocked-tag check), before any deeper fetch.
   */
  async history(path: string, ref: string, limit: number, opts: HistoryOptions = {}): Promise<HistoryEntry[]> {
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
      // extrapolate from the hit rate so far (at least quadrupling).
      let depth = Math.max(100, want * 20);
      for (;;) {
        if ((this.depths.get(tip) ?? 0) < depth) {
          const r = await this.objects.fetch([`--depth=${depth}`], [tip], undefined, 'blob:none');
          if (r.code !== 0) throw bySha ? this.objects.commitFailure(tip, r.stderr) : this.objects.failure(r.stderr, 'fetch history');
          this.depths.set(tip, depth);
        }
        const shallow = await this.objects.shallowCommits();
        const out = await this.objects.local(['--literal-pathspecs', 'log', '-z', '--format=%H%x1f%cI%x1f%B', tip, '--', parts.join('/')]);
        const result: HistoryEntry[] = [];
        // All the window's certain entries (the deep walk merges its own with them).
        const certain: HistoryEntry[] = [];
        let uncertain = false;
        for (const rec of out.split('\0')) {
          if (!rec) continue;
          const i = rec.indexOf('\x1f');
          const j = rec.indexOf('\x1f', i + 1);
          const sha = rec.slice(0, i).trim();
          // A shallow boundary commit looks like a root commit: whether it touched the path is unknown.
          if (shallow.has(sha)) {
            uncertain = true;
            continue;
          }
          certain.push({ sha, message: rec.slice(j + 1).replace(/\n+$/, ''), date: rec.slice(i + 1, j) });
          if (uncertain) continue;
          result.push(certain[certain.length - 1]);
          // The caller needs nothing older (a ledger settled its check): no deeper walk.
          if (result.length >= want || opts.until?.(certain[certain.length - 1])) return result;
        }
        // Fewer than wanted and no boundary commit in the file's log: complete when the walk
        // reached the real root (certain without asking when the clone has no boundary at all).
        if (!uncertain && shallow.size === 0) return result;
        const revList = async () => (await this.objects.local(['rev-list', tip])).split('\n').filter(Boolean);
        let window: string[] | undefined;
        if (!uncertain) {
          window = await revList();
          if (!window.some((c) => shallow.has(c))) return result;
        }
        const estimate = result.length > 0 ? Math.ceil(((depth * want) / result.length) * 1.5) : depth * 10;
        const next = Math.max(depth * 4, estimate);
        if (next > ALL_TREES_DEPTH) {
          window ??= await revList();
          const edges = new Set(window.filter((c) => shallow.has(c)));
          const known = new Set(window.filter((c) => !edges.has(c)));
          const first = Math.max(2 * estimate, DEEP_FIRST_DEPTH);
          // A shallow round for a ledger below the window only where the window shows ledgers at
          // all (we write to this repo): on a history we never wrote to, straight to the full walk.
          const seek = opts.until !== undefined && (await this.objects.local(['rev-list', '-1', '-E', `--grep=${LEDGER_GREP}`, tip])).trim() !== '';
          return this.deepHistory(tip, parts, want, certain, known, { first, start: seek ? Math.min(DEEP_LEDGER_DEPTH, first) : first }, opts.until);
        }
        depth = next;
      }
    });
  }

  /**
   * history() below the window (git-history.ts): `found` are the window's certain entries,
   * `known` the window's commits that are not on its boundary (judged already). Commits only are
   * fetched into a bare repo of their own, `depth` below the tip, then deeper until `want` entries
   * are certain or the root is reached; of those, the ones with our trailers are kept when their
   * trees along the path (and their parents') say they changed the file, newest first. The
   * first round is `depths.start` deep (shallow when looking for a ledger), later ones at least
   * `depths.first`; `until` ends the list at the first of ours it accepts.
   */
  private async deepHistory(
    tip: string,
    parts: string[],
    want: number,
    found: HistoryEntry[],
    known: Set<string>,
    depths: { first: number; start: number },
    until?: (entry: HistoryEntry) => boolean,
  ): Promise<HistoryEntry[]> {
    let depth = depths.start;
    const deep = await this.deepRepo(tip);
    const dirs = parts.slice(0, -1);
    const dirKey = dirs.join('/');
    for (;;) {
      if (deep.depth < depth) {
        // The first time nothing to negotiate (the repo is empty); then the tip there says what we have.
        const r = await this.objects.fetch([`--depth=${depth}`], [`+${tip}:refs/gitops/deep`], undefined, 'tree:0', deep.depth > 0, deep.dir);
        if (r.code !== 0) throw this.objects.failure(r.stderr, 'fetch history');
        // Only the commits new to us: below the former boundary (listed again, now with their parents).
        const from = deep.depth > 0 ? [...deep.boundary] : [tip];
        deep.depth = depth;
        deep.boundary = await this.objects.shallowCommits(deep.dir);
        if (from.length > 0) {
          const out = await this.objects.local(['log', '-z', `--format=${DEEP_LOG_FORMAT}`, '-E', `--grep=${OUR_TRAILERS_GREP}`, ...from], undefined, deep.dir);
          for (const c of parseDeepLog(out)) {
            if (!hasOurTrailers(c.message)) continue;
            if (!deep.ours.has(c.sha)) deep.order.push(c.sha);
            deep.ours.set(c.sha, c);
            deep.trees.set(c.sha, c.tree);
          }
        }
      }
      // Ours below the window, newest first, up to the first one on the boundary (parents unknown).
      const candidates: LoggedCommit[] = [];
      let boundaryCommit: LoggedCommit | undefined;
      for (const sha of deep.order) {
        if (known.has(sha)) continue;
        if (deep.boundary.has(sha)) {
          boundaryCommit = deep.ours.get(sha);
          break;
        }
        candidates.push(deep.ours.get(sha)!);
      }
      // The window's entries and ours that changed the file, in git log's date order. Settled when
      // `want` of them are newer than any commit of ours still unverified (an ancestor is older).
      const verified: HistoryEntry[] = [];
      let i = 0;
      const settled = () => {
        const merged = mergeByDate(found, verified);
        const next = i < candidates.length ? candidates[i] : boundaryCommit;
        return merged.length >= want && (next === undefined || Date.parse(next.date) <= Date.parse(merged[want - 1].date ?? ''));
      };
      while (i < candidates.length && !settled()) {
        // In batches a little larger than what is missing: one fetch of path trees each.
        const batch = candidates.slice(i, i + Math.max(2 * (want - found.length - verified.length), 16));
        i += batch.length;
        const key = (c: LoggedCommit) => `${c.sha}:${parts.join('/')}`;
        const todo = batch.filter((c) => !deep.touched.has(key(c)));
        const parents = [...new Set(todo.flatMap((c) => c.parents))].filter((p) => !deep.trees.has(p));
        if (parents.length > 0) {
          const out = await this.objects.local(['log', '--no-walk=unsorted', '--stdin', '--format=%H %T'], `${parents.join('\n')}\n`, deep.dir);
          for (const line of out.split('\n')) if (line) deep.trees.set(line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1));
        }
        const roots = [...new Set(todo.flatMap((c) => [c.tree, ...c.parents.map((p) => deep.trees.get(p)!)]))].filter(
          (t) => !this.pathTrees.has(`${t}:${dirKey}`),
        );
        await this.objects.ensurePathTrees(roots, dirs);
        for (const t of roots) this.pathTrees.add(`${t}:${dirKey}`);
        const entry = async (tree: string) => {
          const e = await this.objects.entryAt(tree, parts, false);
          return e ? `${e.mode} ${e.oid}` : null;
        };
        for (const c of todo) {
          deep.touched.set(key(c), touched(await entry(c.tree), await Promise.all(c.parents.map((p) => entry(deep.trees.get(p)!)))));
        }
        for (const c of batch) if (deep.touched.get(key(c))) verified.push({ sha: c.sha, message: c.message, date: c.date });
        // The caller needs nothing older than this one (a ledger that settles its check).
        const stop = until ? verified.findIndex(until) : -1;
        if (stop >= 0) return mergeByDate(found, verified.slice(0, stop + 1)).slice(0, want);
      }
      if (settled() || (!boundaryCommit && deep.boundary.size === 0)) return mergeByDate(found, verified).slice(0, want);
      depth = depth < depths.first ? depths.first : Math.max(depth, deep.depth) * 4;
    }
  }

  /** The commits-only bare repo of `tip`'s deep history (git-history.ts), created on first use. */
  private async deepRepo(tip: string): Promise<DeepHistory> {
    let deep = this.deep.get(tip);
    if (!deep) {
      deep = {
        dir: join(this.tmp, `history-${this.deep.size}.git`),
        depth: 0,
        boundary: new Set(),
        order: [],
        ours: new Map(),
        trees: new Map(),
        touched: new Map(),
      };
      await initBare(deep.dir, localConfig(this.remote.url));
      this.deep.set(tip, deep);
    }
    return deep;
  }

  async recordVerification(commit: string, v: Verification): Promise<void> {
    if (!FULL_SHA.test(commit)) throw new InputError(`a verification needs a full commit SHA, got "${commit}"`);
    if (!v.context) throw new InputError('a verification needs a context (gitops/<app>/<env>)');
    const line = noteLine(v, this.redactor);
    return this.serial(() => writeNote(this.notes, commit, v.context, line));
  }

  async verifications(commit: string): Promise<Verification[]> {
    if (!FULL_SHA.test(commit)) throw new InputError(`verifications need a full commit SHA, got "${commit}"`);
    const read = await this.serial(async () => {
      const oid = await locateNote(this.notes, commit);
      return oid ? this.objects.blobReader(oid) : null;
    });
    // Outside the queue: concurrent readers' note blobs come in one fetch.
    return read ? parseNote((await read()).toString('utf8')) : [];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => {});
    await this.objects.close(() => rm(this.tmp, { recursive: true, force: true }));
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

  /**
   * The branch tip and its recent history with all their trees and small files (HEAD_FILTER,
   * HEAD_DEPTH): one request, and gitops.yaml, the values files, every path lookup and the usual
   * history read are local from then on.
   */
  private async fetchBranch(branch: string): Promise<string | null> {
    const sha = await this.objects.fetchRef(`refs/heads/${branch}`, `${LOCAL_HEADS}${branch}`, HEAD_FILTER, HEAD_DEPTH);
    if (sha) this.depths.set(sha, Math.max(HEAD_DEPTH, this.depths.get(sha) ?? 0));
    return sha;
  }

  /** A full SHA (fetched if not local) or a branch name (its fresh head); null if the branch is missing. */
  private async resolveCommit(commitish: string): Promise<string | null> {
    if (FULL_SHA.test(commitish)) {
      await this.objects.ensureCommit(commitish);
      return commitish;
    }
    const branch = commitish.replace(/^refs\/heads\//, '');
    if (branch === 'HEAD') return this.objects.fetchRef('HEAD', `${LOCAL_HEADS}HEAD`, HEAD_FILTER);
    checkBranch(branch);
    return this.fetchBranch(branch);
  }

  /** From the push repo (see pushDir) to the URL. */
  private pushRef(sha: string, ref: string, lease: Lease): Promise<void> {
    this.pushes++;
    return pushRef({ remote: this.remote, cwd: this.pushDir, env: this.netEnv, redactor: this.redactor, timeoutMs: this.timeoutMs }, sha, ref, lease);
  }
}

// -------------------------------------------------------------------- helpers

/** A bare repository is HEAD, config, objects/ and refs/: written directly, no `git init` process. */
async function initBare(dir: string, config: string): Promise<void> {
  for (const sub of ['objects/info', 'objects/pack', 'refs/heads', 'refs/tags']) await mkdir(join(dir, sub), { recursive: true });
  await writeFile(join(dir, 'HEAD'), 'ref: refs/heads/main\n');
  await writeFile(join(dir, 'config'), config);
}

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
    '\tpartialCloneFilter = blob:none',
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
  return [
    '[core]',
    '\trepositoryformatversion = 0',
    '\tbare = true',
    '\tlogAllRefUpdates = false',
    '[gc]',
    '\tauto = 0',
    '[maintenance]',
    '\tauto = false',
    '[push]',
    '\tgpgSign = false',
    '',
  ].join('\n');
}

function checkBranch(branch: string): void {
  if (
    !branch ||
    branch.startsWith('-') ||
    branch.startsWith('/') ||
    branch.endsWith('/') ||
    branch.endsWith('.lock') ||
    branch.endsWith('.') ||
    // git refuses control characters in ref names (git check-ref-format).
    // eslint-disable-next-line no-control-regex
    /\.\.|@\{|\/\/|\/\.|[\s~^:?*[\\\x00-\x1f\x7f]/.test(branch)
  ) {
    throw new InputError(`invalid branch name "${branch}"`, 'use a valid git branch name');
  }
}
