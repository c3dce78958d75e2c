/**
 * The object store behind GitEnvRepo: a bare, shallow, treeless partial clone
 * (`--depth 1 --filter=tree:0`) in a temporary directory, and the plumbing that reads and writes it.
 *
 * Fetch only what is needed. Every object beyond the commits is fetched explicitly by id (one
 * round trip per tree level of the path we touch), never by git's own lazy fetch, which would ask
 * for *every* tree below the missing one (`--filter=blob:none`). Local commands run with
 * `protocol.allow=never` so an unexpected lazy fetch fails loudly instead of silently
 * downloading the repository.
 *
 * Writes are plumbing only: `hash-object -w --stdin` for blobs, `ls-tree`/`mktree --missing` for
 * the trees along the changed paths, `commit-tree -p <parent>` with the message on stdin.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, RemoteError } from '../errors.js';
import type { Redactor } from '../redaction.js';
import type { Reporter } from '../report.js';
import type { FileChange } from './port.js';
import type { GitRemote } from './repo-ref.js';
import { commitFetchFailure, remoteFailure } from './git-failures.js';
import { runGit, runGitBuffer, spawnGit, type GitRunResult } from './git-process.js';
import { specialFileError } from './file-content.js';

export const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
export const SYMLINK_MODE = '120000';
const FILTER_IGNORED = /filtering not recognized by server/i;
const MISSING_REF = /couldn't find remote ref/i;

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  name: string;
}

/** The files of one commit as a tree of changes (what writeTree applies). */
export type Change = { kind: 'file'; content: string } | { kind: 'dir'; children: Map<string, Change> };

export interface GitObjectStoreOptions {
  gitDir: string;
  remote: GitRemote;
  redactor: Redactor;
  /** For fetch. */
  netEnv: NodeJS.ProcessEnv;
  /** For local plumbing: no transport at all. */
  localEnv: NodeJS.ProcessEnv;
  /** localEnv with the author and committer of our commits. */
  commitEnv: NodeJS.ProcessEnv;
  /** Receives the warning that the remote does not support partial clone. */
  reporter: Reporter;
  /** Per fetch: the watchdog in git-process kills git after this long. */
  timeoutMs: number;
}

export class GitObjectStore {
  private fetches = 0;
  /** Objects known to be in the local object store (cache; refreshed from disk on a miss). */
  private readonly present = new Set<string>();
  private filterWarned = false;
  /** Set when a fetch may have brought objects we did not ask for by id (refresh `present` on a miss). */
  private unknownArrivals = true;

  constructor(private readonly o: GitObjectStoreOptions) {}

  /** fetch invocations so far (git's round trips). */
  get fetchCount(): number {
    return this.fetches;
  }

  // ---------------------------------------------------------------- fetching

  /** git fetch from origin, partial (tree:0); resolves whatever the exit code. */
  async fetch(options: string[], refspecs: string[], input?: string, filter = 'tree:0'): Promise<GitRunResult> {
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
    this.fetches++;
    const r = await spawnGit(args, {
      cwd: this.o.gitDir,
      env: this.o.netEnv,
      input,
      redactor: this.o.redactor,
      timeoutMs: this.o.timeoutMs,
      remote: this.o.remote.display,
    });
    const filterIgnored = FILTER_IGNORED.test(r.stderr);
    // A fetch by object id (input) brings exactly those objects unless the filter was ignored.
    if (input === undefined || filterIgnored) this.unknownArrivals = true;
    if (!this.filterWarned && filterIgnored) {
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

  private async fetchOrThrow(options: string[], refspecs: string[], what: string, input?: string): Promise<void> {
    const r = await this.fetch(options, refspecs, input);
    if (r.code !== 0) throw this.failure(r.stderr, what);
  }

  /**
   * Fetch a ref's tip (depth 1) into the same local name; null when the remote lacks it.
   * `tree:1` also brings the root tree (one round trip less for the notes ref).
   */
  async fetchRef(ref: string, local = ref, filter = 'tree:0'): Promise<string | null> {
    const r = await this.fetch(['--depth=1'], [`+${ref}:${local}`], undefined, filter);
    if (r.code !== 0) {
      if (MISSING_REF.test(r.stderr)) {
        await spawnGit(['update-ref', '-d', local], { cwd: this.o.gitDir, env: this.o.localEnv });
        return null;
      }
      throw this.failure(r.stderr, `fetch ${ref}`);
    }
    const sha = (await this.local(['rev-parse', '--verify', '--end-of-options', `${local}^{commit}`])).trim();
    this.present.add(sha);
    return sha;
  }

  async ensureCommit(sha: string): Promise<void> {
    if (this.present.has(sha)) return;
    if (this.unknownArrivals) await this.refreshPresent();
    if (this.present.has(sha)) return;
    const r = await this.fetch(['--depth=1'], [sha]);
    if (r.code !== 0) throw this.commitFailure(sha, r.stderr);
    this.present.add(sha);
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

  /** Make the trees along `dirs` local for every root tree, one round trip per level. */
  async ensurePathTrees(roots: string[], dirs: string[]): Promise<void> {
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

  /** Commits git marked as the shallow boundary (they look like root commits). */
  async shallowCommits(): Promise<Set<string>> {
    try {
      return new Set((await readFile(join(this.o.gitDir, 'shallow'), 'utf8')).split('\n').filter(Boolean));
    } catch {
      return new Set();
    }
  }

  // ---------------------------------------------------------------- reading

  local(args: string[], input?: string): Promise<string> {
    return runGit(args, { cwd: this.o.gitDir, env: this.o.localEnv, input, redactor: this.o.redactor });
  }

  async treeOf(commit: string): Promise<string> {
    const raw = await this.local(['cat-file', 'commit', commit]);
    const m = /^tree ([0-9a-f]+)/.exec(raw);
    if (!m) throw new RemoteError(`commit ${commit} in ${this.o.remote.display} has no tree`);
    return m[1];
  }

  async readBlob(oid: string): Promise<Buffer> {
    await this.ensureObjects([oid]);
    return runGitBuffer(['cat-file', 'blob', oid], { cwd: this.o.gitDir, env: this.o.localEnv, redactor: this.o.redactor });
  }

  async readTree(oid: string): Promise<TreeEntry[]> {
    return (await this.readTrees([oid])).get(oid)!;
  }

  /** Several trees in one `cat-file --batch`, fetched first if missing. */
  private async readTrees(oids: string[]): Promise<Map<string, TreeEntry[]>> {
    const unique = [...new Set(oids)];
    await this.ensureObjects(unique);
    const out = await runGitBuffer(['cat-file', '--batch'], {
      cwd: this.o.gitDir,
      env: this.o.localEnv,
      input: unique.join('\n') + '\n',
      redactor: this.o.redactor,
    });
    const trees = new Map<string, TreeEntry[]>();
    let pos = 0;
    for (const oid of unique) {
      const nl = out.indexOf(10, pos);
      const header = out.subarray(pos, nl).toString('latin1').split(' ');
      if (header[1] !== 'tree') throw new RemoteError(`object ${oid} in ${this.o.remote.display} is not a tree (${header.slice(1).join(' ')})`);
      const size = Number(header[2]);
      trees.set(oid, parseTree(out.subarray(nl + 1, nl + 1 + size), oid.length / 2));
      pos = nl + 1 + size + 1;
    }
    return trees;
  }

  /** The entry at `parts` below a tree, walking (and fetching) one level at a time. */
  async entryAt(tree: string, parts: string[]): Promise<TreeEntry | null> {
    let current = tree;
    for (let i = 0; i < parts.length; i++) {
      const entry = (await this.readTree(current)).find((e) => e.name === parts[i]);
      if (!entry) return null;
      if (i === parts.length - 1) return entry;
      if (entry.mode === SYMLINK_MODE || entry.type === 'commit') {
        // The tree entry's mode says it, at no extra cost: refuse rather than report "no such file".
        throw specialFileError(parts.join('/'), this.o.remote.display, entry.type === 'commit' ? 'submodule' : 'symlink', parts.slice(0, i + 1).join('/'));
      }
      if (entry.type !== 'tree') return null;
      current = entry.oid;
    }
    return null;
  }

  // ---------------------------------------------------------------- writing

  private async hashBlob(content: string): Promise<string> {
    const oid = (await this.local(['hash-object', '-w', '--stdin'], content)).trim();
    this.present.add(oid);
    return oid;
  }

  /** Write the tree `base` with `changes` applied; only the trees along changed paths are read. */
  async writeTree(base: string | null, changes: Map<string, Change>): Promise<string> {
    const entries = new Map<string, TreeEntry>();
    if (base) for (const e of await this.readTree(base)) entries.set(e.name, e);
    for (const [name, change] of changes) {
      const existing = entries.get(name);
      if (existing && (existing.mode === SYMLINK_MODE || existing.type === 'commit')) {
        // Never turn a link or a submodule into a regular file (readFile refuses them first).
        throw specialFileError(name, this.o.remote.display, existing.type === 'commit' ? 'submodule' : 'symlink');
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

  async commitTree(tree: string, parents: string[], message: string): Promise<string> {
    const args = ['commit-tree', tree];
    for (const p of parents) args.push('-p', p);
    const text = message.endsWith('\n') ? message : `${message}\n`;
    const oid = (await runGit(args, { cwd: this.o.gitDir, env: this.o.commitEnv, input: text, redactor: this.o.redactor })).trim();
    this.present.add(oid);
    return oid;
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

export function changeTree(files: FileChange[]): Map<string, Change> {
  const root = new Map<string, Change>();
  for (const f of files) {
    const parts = splitPath(f.path);
    let dir = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const name = parts[i];
      let next = dir.get(name);
      if (!next) {
        next = { kind: 'dir', children: new Map() };
        dir.set(name, next);
      }
      if (next.kind !== 'dir') throw new InputError(`"${parts.slice(0, i + 1).join('/')}" is both a file and a directory in one commit`);
      dir = next.children;
    }
    const leaf = parts[parts.length - 1];
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
