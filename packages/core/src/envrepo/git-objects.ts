/**
 * The object store behind GitEnvRepo: a bare, shallow partial clone in a temporary directory, and
 * the reads and writes on it.
 *
 * Fetch little, and rarely. A branch head comes with its recent history, their trees and small
 * blobs in one request (`--depth=600 --filter=blob:limit=8192`: gitops.yaml, the values files and
 * the history the blocked-tag check reads are there; large files are not). Anything else missing is
 * fetched by id, and what concurrent readers miss in one round trip (`want`). Never by git's own
 * lazy fetch (it would fetch one object per process): local commands run with
 * `protocol.allow=never`, and objects are read through one long-lived `cat-file --batch` in a repo
 * that is not a partial clone (git-catfile.ts), where a missing object is simply "missing".
 *
 * A commit is written by one `git fast-import` (git-fast-import.ts).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError, RemoteError } from '../errors.js';
import type { Redactor } from '../redaction.js';
import type { Reporter } from '../report.js';
import type { FileChange } from './port.js';
import type { GitRemote } from './repo-ref.js';
import { commitFetchFailure, remoteFailure } from './git-failures.js';
import { runGit, spawnGit, type GitRunOptions, type GitRunResult, type StartedGit } from './git-process.js';
import { specialFileError } from './file-content.js';
import { CatFile } from './git-catfile.js';
import { blobId, fastImportCommit, startFastImport, type Ident } from './git-fast-import.js';

export const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
export const SYMLINK_MODE = '120000';
/**
 * A head's blobs up to this size come with it. Env repo files (values, kustomizations,
 * gitops.yaml) are far smaller; a bigger file is fetched by id when read.
 */
export const HEAD_FILTER = 'blob:limit=8192';
/**
 * Where the head with its small files stops being fine (BENCHMARKS.md, "wide env repos"): with
 * values files of ~1 KiB, trees only plus the two files by id cost less from about 30,000 files
 * (60,000 objects with their directories) on, and more below. A head fetch whose server
 * enumerates more objects than this is stopped as soon as the count arrives and made again with
 * trees only (`blob:none`), and so is every later one in this run; the files read come by id.
 */
export const WIDE_HEAD_OBJECTS = 60_000;
const ENUMERATED = /Enumerating objects: (\d+)/g;
const FILTER_IGNORED = /filtering not recognized by server/i;
const MISSING_REF = /couldn't find remote ref/i;

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  name: string;
}

export interface GitObjectStoreOptions {
  gitDir: string;
  /** A plain (not partial) repo borrowing gitDir's objects: where cat-file runs (see git-catfile.ts). */
  readerDir: string;
  remote: GitRemote;
  redactor: Redactor;
  /** For fetch. */
  netEnv: NodeJS.ProcessEnv;
  /** For local plumbing: no transport at all. */
  localEnv: NodeJS.ProcessEnv;
  author: Ident;
  committer: Ident;
  /** Receives the warning that the remote does not support partial clone. */
  reporter: Reporter;
  /** Per fetch: the watchdog in git-process kills git after this long. */
  timeoutMs: number;
  /** Runs `fn` when no other operation is using the clone (GitEnvRepo's queue): batched fetches run there. */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
}

export class GitObjectStore {
  private fetches = 0;
  /** A head fetch found the repo wide (WIDE_HEAD_OBJECTS): later ones take trees only. */
  private wide = false;
  private filterWarned = false;
  private readonly cat: CatFile;
  /** Objects readers are waiting for, fetched together by the next batch. */
  private readonly wanted = new Set<string>();
  private batch?: Promise<void>;
  /** A fast-import started during a head fetch, for the commit that usually follows (commitFiles). */
  private importer?: StartedGit;
  private closed = false;

  constructor(private readonly o: GitObjectStoreOptions) {
    this.cat = new CatFile({ cwd: o.readerDir, env: o.localEnv, redactor: o.redactor, timeoutMs: o.timeoutMs });
  }

  /** fetch invocations so far (git's round trips). */
  get fetchCount(): number {
    return this.fetches;
  }

  /**
   * End the reader and an unused fast-import (told `done`, it writes nothing). `remove` (the
   * clone's removal) runs while the reader ends (it only reads), after the fast-import (one just
   * started may still create its temporary pack).
   */
  async close(remove: () => Promise<void> = () => Promise.resolve()): Promise<void> {
    this.closed = true;
    const importer = this.importer;
    this.importer = undefined;
    // However that fast-import ends (even killed by its watchdog), the clone is removed.
    const ended = importer?.ready ? importer.finish('done\n').catch(() => undefined) : undefined;
    await Promise.all([this.cat.close(), Promise.resolve(ended).then(remove)]);
  }

  /**
   * Start the processes the reads and the commit after a head fetch need while it waits on the
   * network (each start costs 5–15 ms here): cat-file once, fast-import when none is waiting.
   */
  private warm(): void {
    if (this.closed) return;
    this.cat.warm();
    if (!this.importer?.ready) {
      this.importer = startFastImport({ gitDir: this.o.gitDir, env: this.o.localEnv, redactor: this.o.redactor, timeoutMs: this.o.timeoutMs });
    }
  }

  // ---------------------------------------------------------------- fetching

  /**
   * git fetch from origin, partial; resolves whatever the exit code. `gitDir`: another bare partial
   * clone of the same remote (the deep history's commits-only repo, see git-history.ts).
   */
  async fetch(
    options: string[],
    refspecs: string[],
    input?: string,
    filter = 'blob:none',
    negotiate = input === undefined,
    gitDir = this.o.gitDir,
    onStderr?: GitRunOptions['onStderr'],
  ): Promise<GitRunResult> {
    const args = [
      // Without haves the request says "done" at once: one POST instead of two.
      ...(negotiate ? [] : ['-c', 'fetch.negotiationAlgorithm=noop']),
      'fetch',
      // A watcher reads the server's progress (how many objects it enumerated).
      onStderr ? '--progress' : '--quiet',
      '--no-tags',
      '--no-write-fetch-head',
      '--recurse-submodules=no',
      `--filter=${filter}`,
      ...options,
      ...(input !== undefined ? ['--stdin'] : []),
      'origin',
      ...refspecs,
    ];
    this.fetches++;
    const r = await spawnGit(args, {
      cwd: gitDir,
      env: this.o.netEnv,
      input,
      redactor: this.o.redactor,
      timeoutMs: this.o.timeoutMs,
      remote: this.o.remote.display,
      onStderr,
    });
    if (!this.filterWarned && FILTER_IGNORED.test(r.stderr)) {
      this.filterWarned = true;
      this.o.reporter.warn(
        `${this.o.remote.display} does not support partial clone (uploadpack.allowFilter): fetching whole trees, which is slower on large repositories`,
      );
    }
    return r;
  }

  /** The RemoteError for a failed network command (see git-failures.ts). */
  failure(stderr: string, what: string): RemoteError {
    return remoteFailure(this.o.remote, this.o.redactor, stderr, what);
  }

  /** The RemoteError for a failed fetch of a commit by SHA. */
  commitFailure(sha: string, stderr: string): RemoteError {
    return commitFetchFailure(this.o.remote, this.o.redactor, sha, stderr);
  }

  /** Fetch a ref's tip (and `depth` - 1 commits below it) into a local ref; null when the remote lacks it. */
  async fetchRef(ref: string, local = ref, filter = HEAD_FILTER, depth = 1): Promise<string | null> {
    // A ref fetched before in this run: what we have of it spares resending its trees; a first
    // fetch has nothing worth negotiating (the notes share nothing with a branch).
    const again = (await this.readRef(local)) !== null;
    // A wide repo's head: trees only (WIDE_HEAD_OBJECTS), decided by the first head fetch's count.
    const wide = filter === HEAD_FILTER && this.wide;
    let tooWide = false;
    let tail = '';
    const watch: GitRunOptions['onStderr'] | undefined =
      filter === HEAD_FILTER && !wide
        ? (chunk, kill) => {
            // A count may arrive split over two chunks.
            tail = (tail + chunk).slice(-256);
            for (const m of tail.matchAll(ENUMERATED)) {
              if (!tooWide && Number(m[1]) > WIDE_HEAD_OBJECTS) {
                tooWide = true;
                kill();
              }
            }
          }
        : undefined;
    const fetching = this.fetch([`--depth=${depth}`], [`+${ref}:${local}`], undefined, wide ? 'blob:none' : filter, again, undefined, watch);
    this.warm();
    let r = await fetching;
    if (tooWide) {
      this.wide = true;
      // The stopped fetch held the shallow file's lock (this clone is ours alone, and serialized).
      await rm(join(this.o.gitDir, 'shallow.lock'), { force: true });
      this.o.reporter.debug(`${this.o.remote.display}: more than ${WIDE_HEAD_OBJECTS} objects at the head; fetching trees only`);
      r = await this.fetch([`--depth=${depth}`], [`+${ref}:${local}`], undefined, 'blob:none', again);
    }
    if (r.code !== 0) {
      if (MISSING_REF.test(r.stderr)) {
        await this.deleteRef(local);
        return null;
      }
      throw this.failure(r.stderr, `fetch ${ref}`);
    }
    const sha = await this.readRef(local);
    if (!sha) throw new RemoteError(`fetch ${ref} from ${this.o.remote.display} left no ${local}`);
    return sha;
  }

  /** A commit (with its trees) local, fetched by id if missing. */
  async ensureCommit(sha: string): Promise<void> {
    if (await this.cat.read(sha)) return;
    const r = await this.fetch(['--depth=1'], [sha]);
    if (r.code !== 0) throw this.commitFailure(sha, r.stderr);
  }

  /** Fetch objects by id now, in one round trip (inside an exclusive operation). */
  async fetchObjects(oids: Iterable<string>): Promise<void> {
    const list = [...new Set(oids)];
    if (list.length === 0) return;
    const r = await this.fetch([], [], list.join('\n') + '\n');
    if (r.code !== 0) throw this.failure(r.stderr, 'fetch objects');
  }

  /**
   * Wait for objects to be fetched, together with whatever other readers want at the same time
   * (one round trip for all: status reads thirty files and sixty notes this way).
   */
  private want(oids: string[]): Promise<void> {
    for (const o of oids) this.wanted.add(o);
    this.batch ??= this.o.exclusive(async () => {
      this.batch = undefined;
      const list = [...this.wanted];
      this.wanted.clear();
      await this.fetchObjects(list);
    });
    return this.batch;
  }

  /** Make the trees along `dirs` local for every root tree, one round trip per level at most. */
  async ensurePathTrees(roots: string[], dirs: string[]): Promise<void> {
    let level = [...new Set(roots)];
    for (let i = 0; level.length > 0; i++) {
      const trees = await this.readTreesNow(level);
      if (i === dirs.length) return;
      const next = new Set<string>();
      for (const entries of trees.values()) {
        const e = entries.find((x) => x.name === dirs[i] && x.type === 'tree');
        if (e) next.add(e.oid);
      }
      level = [...next];
    }
  }

  /** Commits git marked as the shallow boundary (they look like root commits). */
  async shallowCommits(gitDir = this.o.gitDir): Promise<Set<string>> {
    try {
      return new Set((await readFile(join(gitDir, 'shallow'), 'utf8')).split('\n').filter(Boolean));
    } catch {
      return new Set();
    }
  }

  // ---------------------------------------------------------------- refs (files: no process)

  async readRef(name: string): Promise<string | null> {
    try {
      const text = (await readFile(join(this.o.gitDir, name), 'utf8')).trim();
      if (FULL_SHA.test(text)) return text;
    } catch {
      // not a loose ref: look in packed-refs (fetch may pack them)
    }
    try {
      for (const line of (await readFile(join(this.o.gitDir, 'packed-refs'), 'utf8')).split('\n')) {
        const [sha, ref] = line.split(' ');
        if (ref === name && FULL_SHA.test(sha)) return sha;
      }
    } catch {
      // no packed-refs
    }
    return null;
  }

  /** Point a local ref at `sha` (our own refs only: nothing else writes them meanwhile). */
  async writeRef(name: string, sha: string): Promise<void> {
    const path = join(this.o.gitDir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.lock`, `${sha}\n`);
    await rename(`${path}.lock`, path);
  }

  async deleteRef(name: string): Promise<void> {
    await rm(join(this.o.gitDir, name), { force: true });
  }

  // ---------------------------------------------------------------- reading

  local(args: string[], input?: string, gitDir = this.o.gitDir): Promise<string> {
    return runGit(args, { cwd: gitDir, env: this.o.localEnv, input, redactor: this.o.redactor });
  }

  async treeOf(commit: string): Promise<string> {
    const raw = await this.cat.read(commit);
    const m = raw?.type === 'commit' ? /^tree ([0-9a-f]+)/.exec(raw.data.toString('latin1')) : null;
    if (!m) throw new RemoteError(`commit ${commit} in ${this.o.remote.display} is not available or has no tree`);
    return m[1];
  }

  /**
   * Inside an exclusive operation: a blob's reader. Local, it is read now; missing, it joins the
   * next batched fetch, which the returned function awaits (call it after leaving the operation:
   * readers queued behind this one join the same fetch).
   */
  async blobReader(oid: string): Promise<() => Promise<Buffer>> {
    const now = await this.cat.read(oid);
    if (now) {
      const data = checkBlob(oid, now.type, now.data, this.o.remote.display);
      return () => Promise.resolve(data);
    }
    const batch = this.want([oid]);
    return () => this.blob(oid, () => batch);
  }

  /** A blob, fetched at once when it is not local: inside an exclusive operation. */
  readBlobNow(oid: string): Promise<Buffer> {
    return this.blob(oid, () => this.fetchObjects([oid]));
  }

  private async blob(oid: string, fetch: () => Promise<void>): Promise<Buffer> {
    let o = await this.cat.read(oid);
    if (!o) {
      await fetch();
      o = await this.cat.read(oid);
    }
    if (!o) throw new RemoteError(`object ${oid} is missing from ${this.o.remote.display}`);
    return checkBlob(oid, o.type, o.data, this.o.remote.display);
  }

  async readTree(oid: string): Promise<TreeEntry[]> {
    return (await this.readTreesNow([oid])).get(oid)!;
  }

  /** Several trees, the missing ones fetched first in one round trip (inside an exclusive operation). */
  private async readTreesNow(oids: string[]): Promise<Map<string, TreeEntry[]>> {
    const unique = [...new Set(oids)];
    let objs = await Promise.all(unique.map((o) => this.cat.read(o)));
    const missing = unique.filter((_, i) => !objs[i]);
    if (missing.length > 0) {
      await this.fetchObjects(missing);
      const before = objs;
      objs = await Promise.all(unique.map((o, i) => (before[i] ? Promise.resolve(before[i]) : this.cat.read(o))));
    }
    const trees = new Map<string, TreeEntry[]>();
    unique.forEach((oid, i) => {
      const obj = objs[i];
      if (!obj) throw new RemoteError(`tree ${oid} is missing from ${this.o.remote.display}`);
      if (obj.type !== 'tree') throw new RemoteError(`object ${oid} in ${this.o.remote.display} is not a tree (${obj.type})`);
      trees.set(oid, parseTree(obj.data, oid.length / 2));
    });
    return trees;
  }

  /**
   * The entry at `parts` below a tree, walking (and fetching, if missing) one level at a time. A
   * symlink or submodule on the way is refused, unless `refuseSpecial` is false (an old commit
   * read for history: there it only means the file was not there).
   */
  async entryAt(tree: string, parts: string[], refuseSpecial = true): Promise<TreeEntry | null> {
    let current = tree;
    for (let i = 0; i < parts.length; i++) {
      const entry = (await this.readTree(current)).find((e) => e.name === parts[i]);
      if (!entry) return null;
      if (i === parts.length - 1) return entry;
      if (refuseSpecial && (entry.mode === SYMLINK_MODE || entry.type === 'commit')) {
        // The tree entry's mode says it, at no extra cost: refuse rather than report "no such file".
        throw specialFileError(parts.join('/'), this.o.remote.display, entry.type === 'commit' ? 'submodule' : 'symlink', parts.slice(0, i + 1).join('/'));
      }
      if (entry.type !== 'tree') return null;
      current = entry.oid;
    }
    return null;
  }

  // ---------------------------------------------------------------- writing

  /**
   * Commit `files` on `parent` (null: a root commit) with one fast-import; null when no file would
   * change (no empty commit). Links and submodules are never overwritten.
   */
  async commitFiles(parent: string | null, files: FileChange[], message: string, opts: { allowEmpty?: boolean } = {}): Promise<string | null> {
    const baseTree = parent ? await this.treeOf(parent) : null;
    const planned = [];
    let changed = !parent || opts.allowEmpty === true;
    for (const f of files) {
      const parts = splitPath(f.path);
      const existing = baseTree ? await this.entryAt(baseTree, parts) : null;
      if (existing && (existing.mode === SYMLINK_MODE || existing.type === 'commit')) {
        throw specialFileError(f.path, this.o.remote.display, existing.type === 'commit' ? 'submodule' : 'symlink');
      }
      const mode = existing?.type === 'blob' && existing.mode === '100755' ? '100755' : '100644';
      if (existing?.type !== 'blob' || existing.mode !== mode || existing.oid !== blobId(f.content, existing.oid.length)) changed = true;
      planned.push({ path: parts.join('/'), content: f.content, mode });
    }
    if (!changed) return null;
    const started = this.importer;
    this.importer = undefined;
    return fastImportCommit(
      { parent, files: planned, message, author: this.o.author, committer: this.o.committer },
      { gitDir: this.o.gitDir, env: this.o.localEnv, redactor: this.o.redactor, timeoutMs: this.o.timeoutMs, scratchRef: 'refs/gitops/written' },
      started,
    );
  }
}

/** A repository-relative path as its parts; refuses absolute, `..`, empty parts and `.git`. */
export function splitPath(path: string): string[] {
  const parts = path.split('/');
  if (!path || path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0'))) {
    throw new InputError(`invalid path in repository: "${path}"`, 'use a relative path like overlays/dev/values.yaml');
  }
  if (parts.some((p) => p.toLowerCase() === '.git')) throw new InputError(`path inside .git: "${path}"`);
  return parts;
}

/** Refuse a commit that names one path as both a file and a directory (before anything is written). */
export function checkChanges(files: FileChange[]): void {
  const seen = new Set(files.map((f) => splitPath(f.path).join('/')));
  for (const f of files) {
    const parts = splitPath(f.path);
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (seen.has(dir)) throw new InputError(`"${dir}" is both a file and a directory in one commit`);
    }
  }
}

function checkBlob(oid: string, type: string, data: Buffer, display: string): Buffer {
  if (type !== 'blob') throw new RemoteError(`object ${oid} in ${display} is not a file (${type})`);
  return data;
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
