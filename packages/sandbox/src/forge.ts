/**
 * Sandbox forge: GitHub (REST v3 + a sliver of GraphQL) and GitLab (REST v4) subsets served over
 * the same real bare repositories that the git smart-HTTP routes serve. Every git object the API
 * writes is a real object written with git plumbing, so a commit made through the API is one a
 * clone sees, and a push is visible through the API. Pull/merge requests, commit statuses and
 * labels live in memory, per server.
 *
 *   const forge = await startForge({ root, tokens: ['t'] });
 *   // GitHub: new Octokit({ baseUrl: `${forge.url}/api/v3` })   GitLab: `${forge.url}/api/v4`
 *   forge.forge.pulls('acme/env')   // inspect state in tests
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { githubRoute } from './github/routes.js';
import { gitlabRoute } from './gitlab/routes.js';
import { SandboxServer, type Route } from './server.js';

// ---------------------------------------------------------------------------------------------
// git plumbing over one bare repository

export interface GitPerson {
  name: string;
  email: string;
  /** ISO 8601 */
  date: string;
}

export interface GitCommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  message: string;
}

export interface TreeChange {
  path: string;
  /** '100644' | '100755' | '040000' | '160000' | '120000' */
  mode: string;
  /** Object SHA, or null to delete the path. */
  sha: string | null;
}

const ZERO = '0'.repeat(40);

interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

function runGit(cwd: string, args: string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        GIT_CONFIG_NOSYSTEM: '1',
        LANG: 'C',
        ...opts.env,
      },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString(), code: code ?? 1 }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

function parsePerson(line: string): GitPerson {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m) return { name: line, email: '', date: new Date(0).toISOString() };
  return { name: m[1]!, email: m[2]!, date: new Date(Number(m[3]) * 1000).toISOString().replace('.000Z', 'Z') };
}

/** Results about immutable objects (by full SHA), shared by every BareRepo of a path. */
const objectCaches = new Map<string, { types: Map<string, string>; commits: Map<string, GitCommitInfo>; entries: Map<string, { mode: string; type: string; sha: string; size: number } | null>; blobs: Map<string, Buffer> }>();

/** A bare repository driven with git plumbing. */
export class BareRepo {
  private readonly cache: { types: Map<string, string>; commits: Map<string, GitCommitInfo>; entries: Map<string, { mode: string; type: string; sha: string; size: number } | null>; blobs: Map<string, Buffer> };

  constructor(readonly path: string) {
    let c = objectCaches.get(path);
    if (!c) objectCaches.set(path, (c = { types: new Map(), commits: new Map(), entries: new Map(), blobs: new Map() }));
    if (c.commits.size > 5000 || c.entries.size > 5000 || c.blobs.size > 2000) {
      c.commits.clear();
      c.entries.clear();
      c.blobs.clear();
      c.types.clear();
    }
    this.cache = c;
  }

  private async git(args: string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}): Promise<string> {
    const r = await runGit(this.path, args, opts);
    if (r.code !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr.trim()}`);
    return r.stdout.toString();
  }

  /** Commit SHA a revision (branch name, full ref or SHA) resolves to, or null. */
  async resolveCommit(rev: string): Promise<string | null> {
    if (!rev || rev.startsWith('-')) return null;
    if (/^[0-9a-f]{40}$/.test(rev) && this.cache.types.get(rev) === 'commit') return rev;
    const r = await runGit(this.path, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }

  /** SHA of a full ref (refs/heads/x), or null. */
  async refSha(ref: string): Promise<string | null> {
    const r = await runGit(this.path, ['for-each-ref', '--format=%(objectname)', ref]);
    const out = r.stdout.toString().trim().split('\n')[0] ?? '';
    return out || null;
  }

  /** Refs under a prefix (e.g. refs/heads/), name → sha. */
  async refs(prefix = 'refs/'): Promise<Map<string, string>> {
    const out = await this.git(['for-each-ref', '--format=%(refname) %(objectname)', prefix]);
    const map = new Map<string, string>();
    for (const line of out.split('\n').filter(Boolean)) {
      const i = line.lastIndexOf(' ');
      map.set(line.slice(0, i), line.slice(i + 1));
    }
    return map;
  }

  async objectType(sha: string): Promise<string | null> {
    if (!/^[0-9a-f]{4,64}$/i.test(sha)) return null;
    const known = this.cache.types.get(sha);
    if (known) return known;
    const r = await runGit(this.path, ['cat-file', '-t', sha]);
    const type = r.code === 0 ? r.stdout.toString().trim() : null;
    if (type && sha.length === 40) this.cache.types.set(sha, type);
    return type;
  }

  async readCommit(sha: string): Promise<GitCommitInfo | null> {
    if (!/^[0-9a-f]{4,64}$/i.test(sha)) return null;
    const known = this.cache.commits.get(sha);
    if (known) return known;
    const info = await this.readCommitUncached(sha);
    if (info) {
      this.cache.commits.set(info.sha, info);
      this.cache.types.set(info.sha, 'commit');
      this.cache.types.set(info.tree, 'tree');
    }
    return info;
  }

  private async readCommitUncached(sha: string): Promise<GitCommitInfo | null> {
    const r = await runGit(this.path, ['cat-file', 'commit', sha]);
    if (r.code !== 0) return null;
    const text = r.stdout.toString();
    const sep = text.indexOf('\n\n');
    const headers = (sep < 0 ? text : text.slice(0, sep)).split('\n');
    const message = sep < 0 ? '' : text.slice(sep + 2);
    const info: GitCommitInfo = {
      sha: /^[0-9a-f]{40}$/.test(sha) ? sha : (await this.git(['rev-parse', sha])).trim(),
      tree: '',
      parents: [],
      author: parsePerson(''),
      committer: parsePerson(''),
      message,
    };
    for (const h of headers) {
      const i = h.indexOf(' ');
      const key = h.slice(0, i);
      const value = h.slice(i + 1);
      if (key === 'tree') info.tree = value;
      else if (key === 'parent') info.parents.push(value);
      else if (key === 'author') info.author = parsePerson(value);
      else if (key === 'committer') info.committer = parsePerson(value);
    }
    return info;
  }

  /** The entry at `path` in a commit or tree, or null. */
  async entryAt(treeish: string, path: string): Promise<{ mode: string; type: string; sha: string; size: number } | null> {
    const immutable = /^[0-9a-f]{40}$/.test(treeish);
    const key = `${treeish}\0${path}`;
    if (immutable && this.cache.entries.has(key)) return this.cache.entries.get(key)!;
    const r = await runGit(this.path, ['ls-tree', '-z', '--long', '--end-of-options', treeish, '--', path]);
    if (r.code !== 0) return null;
    const line = r.stdout.toString().split('\0')[0];
    const m = line ? /^(\d+) (\w+) ([0-9a-f]+)\s+(-|\d+)\t(.*)$/s.exec(line) : null;
    const entry = !m || m[5] !== path ? null : { mode: m[1]!, type: m[2]!, sha: m[3]!, size: m[4] === '-' ? 0 : Number(m[4]) };
    if (immutable) this.cache.entries.set(key, entry);
    return entry;
  }

  async listTree(treeish: string, path: string): Promise<{ mode: string; type: string; sha: string; size: number; path: string }[]> {
    const spec = path ? `${treeish}:${path}` : treeish;
    const r = await runGit(this.path, ['ls-tree', '-z', '--long', '--end-of-options', spec]);
    if (r.code !== 0) return [];
    return r.stdout
      .toString()
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const m = /^(\d+) (\w+) ([0-9a-f]+)\s+(-|\d+)\t(.*)$/s.exec(line)!;
        return { mode: m[1]!, type: m[2]!, sha: m[3]!, size: m[4] === '-' ? 0 : Number(m[4]), path: path ? `${path}/${m[5]}` : m[5]! };
      });
  }

  async readBlob(sha: string): Promise<Buffer | null> {
    const known = this.cache.blobs.get(sha);
    if (known) return known;
    const r = await runGit(this.path, ['cat-file', 'blob', sha]);
    if (r.code !== 0) return null;
    if (/^[0-9a-f]{40}$/.test(sha) && r.stdout.length < 1 << 20) this.cache.blobs.set(sha, r.stdout);
    return r.stdout;
  }

  async writeBlob(content: Buffer | string): Promise<string> {
    const sha = (await this.git(['hash-object', '-w', '--stdin'], { input: content })).trim();
    this.cache.types.set(sha, 'blob');
    return sha;
  }

  /** Commits reachable from `rev` touching `path` (all when empty), newest first. */
  async log(rev: string, opts: { path?: string; skip?: number; max?: number } = {}): Promise<GitCommitInfo[]> {
    const args = ['log', '-z', '--format=%H%x01%T%x01%P%x01%an%x01%ae%x01%at%x01%cn%x01%ce%x01%ct%x01%B'];
    if (opts.skip) args.push(`--skip=${opts.skip}`);
    if (opts.max !== undefined) args.push(`--max-count=${opts.max}`);
    args.push('--end-of-options', rev, '--');
    if (opts.path) args.push(opts.path);
    const r = await runGit(this.path, args);
    if (r.code !== 0) return [];
    const iso = (s: string) => new Date(Number(s) * 1000).toISOString().replace('.000Z', 'Z');
    return r.stdout
      .toString()
      .split('\0')
      .filter(Boolean)
      .map((rec) => {
        const f = rec.split('\x01');
        return {
          sha: f[0]!,
          tree: f[1]!,
          parents: f[2] ? f[2].split(' ') : [],
          author: { name: f[3]!, email: f[4]!, date: iso(f[5]!) },
          committer: { name: f[6]!, email: f[7]!, date: iso(f[8]!) },
          message: f.slice(9).join('\x01'),
        };
      });
  }

  async count(rev: string, path?: string): Promise<number> {
    const args = ['rev-list', '--count', '--end-of-options', rev, '--'];
    if (path) args.push(path);
    const r = await runGit(this.path, args);
    return r.code === 0 ? Number(r.stdout.toString().trim()) : 0;
  }

  /** Last commit reachable from `rev` that touched `path`, or null. */
  async lastCommitFor(rev: string, path: string): Promise<string | null> {
    const r = await runGit(this.path, ['rev-list', '--max-count=1', '--end-of-options', rev, '--', path]);
    const out = r.stdout.toString().trim();
    return r.code === 0 && out ? out : null;
  }

  /** A new tree: `base` (a tree SHA, or null for empty) with `changes` applied (nested paths). */
  async buildTree(base: string | null, changes: TreeChange[]): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'forge-idx-'));
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    try {
      await this.git(base ? ['read-tree', base] : ['read-tree', '--empty'], { env });
      if (changes.length > 0) {
        const lines = changes.map((c) => (c.sha ? `${c.mode} ${c.sha}\t${c.path}` : `0 ${ZERO}\t${c.path}`)).join('\n') + '\n';
        // Deleting a directory path removes everything under it.
        const dirs = changes.filter((c) => !c.sha).map((c) => c.path);
        if (dirs.length > 0) {
          const listed = await this.git(['ls-files', '-z'], { env });
          const extra = listed
            .split('\0')
            .filter((p) => p && dirs.some((d) => p.startsWith(`${d}/`)))
            .map((p) => `0 ${ZERO}\t${p}`);
          if (extra.length > 0) await this.git(['update-index', '--index-info'], { env, input: extra.join('\n') + '\n' });
        }
        await this.git(['update-index', '--add', '--index-info'], { env, input: lines });
      }
      const tree = (await this.git(['write-tree', '--missing-ok'], { env })).trim();
      this.cache.types.set(tree, 'tree');
      return tree;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async commitTree(
    tree: string,
    parents: string[],
    message: string,
    author: Partial<GitPerson> = {},
    committer: Partial<GitPerson> = author,
  ): Promise<string> {
    const env: Record<string, string> = {
      GIT_AUTHOR_NAME: author.name ?? 'sandbox',
      GIT_AUTHOR_EMAIL: author.email ?? 'sandbox@example.invalid',
      GIT_COMMITTER_NAME: committer.name ?? author.name ?? 'sandbox',
      GIT_COMMITTER_EMAIL: committer.email ?? author.email ?? 'sandbox@example.invalid',
    };
    if (author.date) env.GIT_AUTHOR_DATE = author.date;
    if (committer.date) env.GIT_COMMITTER_DATE = committer.date;
    const args = ['commit-tree', tree];
    for (const p of parents) args.push('-p', p);
    args.push('-F', '-');
    const sha = (await this.git(args, { env, input: message })).trim();
    this.cache.types.set(sha, 'commit');
    return sha;
  }

  /**
   * Atomic compare-and-swap of a ref: moves `ref` to `next` only if it points at `expected`
   * (null: must not exist). False when it lost the race (or the ref is locked by another writer).
   */
  async updateRef(ref: string, next: string, expected: string | null): Promise<boolean> {
    const r = await runGit(this.path, ['update-ref', '-m', 'sandbox forge API', ref, next, expected ?? ZERO]);
    return r.code === 0;
  }

  async deleteRef(ref: string, expected?: string): Promise<boolean> {
    const args = ['update-ref', '-d', ref];
    if (expected) args.push(expected);
    return (await runGit(this.path, args)).code === 0;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const r = await runGit(this.path, ['merge-base', '--is-ancestor', ancestor, descendant]);
    return r.code === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const r = await runGit(this.path, ['merge-base', a, b]);
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }

  /** Tree of merging `theirs` into `ours`, or null on conflicts. */
  async mergeTree(ours: string, theirs: string): Promise<string | null> {
    const r = await runGit(this.path, ['merge-tree', '--write-tree', ours, theirs]);
    if (r.code !== 0) return null;
    return r.stdout.toString().split('\n')[0]!.trim();
  }

  /** Paths that differ between two commits. */
  async changedPaths(from: string, to: string): Promise<{ status: string; path: string }[]> {
    const r = await runGit(this.path, ['diff-tree', '-r', '-z', '--no-commit-id', '--name-status', from, to]);
    const parts = r.stdout.toString().split('\0').filter(Boolean);
    const out: { status: string; path: string }[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) out.push({ status: parts[i]!, path: parts[i + 1]! });
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// in-memory forge state

export interface ForgeUser {
  id: number;
  login: string;
}

export interface PullRequestRecord {
  repo: string;
  number: number;
  id: number;
  title: string;
  body: string | null;
  head: string;
  base: string;
  /** Head SHA captured when merged/closed; live otherwise. */
  headSha?: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergeCommitSha: string | null;
  mergedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  labels: string[];
  reviewers: string[];
  assignees: string[];
  autoMerge: { method: 'merge' | 'squash' | 'rebase'; by: string } | null;
  user: string;
}

export interface MergeRequestRecord {
  repo: string;
  iid: number;
  id: number;
  title: string;
  description: string | null;
  sourceBranch: string;
  targetBranch: string;
  state: 'opened' | 'closed' | 'merged';
  draft: boolean;
  labels: string[];
  reviewerIds: number[];
  assigneeIds: number[];
  autoMerge: boolean;
  mergeCommitSha: string | null;
  headSha?: string;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  author: string;
}

export interface StatusRecord {
  id: number;
  sha: string;
  /** GitHub context / GitLab name. */
  context: string;
  /** Stored in GitHub vocabulary: success | failure | error | pending (GitLab running→pending, failed→failure, canceled→error). */
  state: 'success' | 'failure' | 'error' | 'pending';
  /** The GitLab state as posted, when posted through GitLab. */
  gitlabState?: string;
  description: string | null;
  targetUrl: string | null;
  createdAt: string;
  updatedAt: string;
  creator: string;
}

export interface ForgeOptions {
  /** Directory holding `<owner>/<name>.git` bare repositories (owner may be `group/sub`). */
  root: string;
  tokens?: string[];
  readOnlyTokens?: string[];
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** Branch names refusing direct writes through the API (every repository). Mutable later. */
  protectedBranches?: string[];
  /** GitHub repository setting "Allow auto-merge" (default true). */
  allowAutoMerge?: boolean;
  /** Login the sandbox reports for a token (default "sandbox-bot"). */
  users?: Record<string, string>;
  port?: number;
}

/** Forge state shared by the GitHub and GitLab routes; inspect it from tests. */
export class ForgeState {
  readonly root: string;
  protectedBranches: Set<string>;
  allowAutoMerge: boolean;
  private readonly pullsByRepo = new Map<string, PullRequestRecord[]>();
  private readonly mrsByRepo = new Map<string, MergeRequestRecord[]>();
  private readonly statusesByRepo = new Map<string, StatusRecord[]>();
  private readonly projectIds = new Map<string, number>();
  private readonly usersByLogin = new Map<string, ForgeUser>();
  private readonly tokenUsers: Record<string, string>;
  private seq = 1000;
  private readonly locks = new Map<string, Promise<void>>();
  /** GitHub rate-limit bookkeeping per token. */
  readonly rateUsed = new Map<string, number>();

  constructor(opts: ForgeOptions) {
    this.root = opts.root;
    this.protectedBranches = new Set(opts.protectedBranches ?? []);
    this.allowAutoMerge = opts.allowAutoMerge ?? true;
    this.tokenUsers = opts.users ?? {};
  }

  nextId(): number {
    return ++this.seq;
  }

  /** `owner/name` → bare repo, or null when it does not exist. */
  repo(fullName: string): BareRepo | null {
    if (!/^[\w.-]+(\/[\w.-]+)+$/.test(fullName) || fullName.split('/').some((s) => s === '..' || s === '.')) return null;
    const path = join(this.root, `${fullName}.git`);
    return existsSync(path) ? new BareRepo(path) : null;
  }

  /** Stable numeric id for a repository path (GitLab project id, GitHub repo id). */
  projectId(fullName: string): number {
    let id = this.projectIds.get(fullName);
    if (id === undefined) {
      id = this.projectIds.size + 1;
      this.projectIds.set(fullName, id);
    }
    return id;
  }

  /** Path of the project with this numeric id (scans the root for repositories not seen yet). */
  projectPath(id: number): string | null {
    for (const [name, pid] of this.projectIds) if (pid === id) return name;
    const walk = (dir: string, prefix: string): void => {
      for (const e of readdirSync(dir)) {
        const full = join(dir, e);
        if (!statSync(full).isDirectory()) continue;
        if (e.endsWith('.git')) this.projectId(`${prefix}${e.slice(0, -4)}`);
        else walk(full, `${prefix}${e}/`);
      }
    };
    walk(this.root, '');
    for (const [name, pid] of this.projectIds) if (pid === id) return name;
    return null;
  }

  user(login: string): ForgeUser {
    let u = this.usersByLogin.get(login);
    if (!u) {
      u = { id: this.usersByLogin.size + 1, login };
      this.usersByLogin.set(login, u);
    }
    return u;
  }

  userById(id: number): ForgeUser | undefined {
    for (const u of this.usersByLogin.values()) if (u.id === id) return u;
    return undefined;
  }

  loginFor(token: string | undefined): string {
    return (token && this.tokenUsers[token]) || 'sandbox-bot';
  }

  /** Serialise writes per key (a repository): PR numbering, merges. */
  async exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const chained = prev.then(() => next);
    this.locks.set(key, chained);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.locks.get(key) === chained) this.locks.delete(key);
    }
  }

  // -- inspection helpers for tests -------------------------------------------------------

  /** GitHub pull requests of a repository (live records). */
  pulls(repo: string): PullRequestRecord[] {
    let list = this.pullsByRepo.get(repo);
    if (!list) this.pullsByRepo.set(repo, (list = []));
    return list;
  }

  /** GitLab merge requests of a project (live records). */
  mergeRequests(repo: string): MergeRequestRecord[] {
    let list = this.mrsByRepo.get(repo);
    if (!list) this.mrsByRepo.set(repo, (list = []));
    return list;
  }

  /** Commit statuses of a repository, oldest first (all of them, GitHub and GitLab). */
  statuses(repo: string, sha?: string): StatusRecord[] {
    let list = this.statusesByRepo.get(repo);
    if (!list) this.statusesByRepo.set(repo, (list = []));
    return sha ? list.filter((s) => s.sha === sha) : list;
  }

  /** Latest status per context for a commit, newest first. */
  latestStatuses(repo: string, sha: string): StatusRecord[] {
    const seen = new Set<string>();
    const out: StatusRecord[] = [];
    for (const s of [...this.statuses(repo, sha)].reverse()) {
      if (seen.has(s.context)) continue;
      seen.add(s.context);
      out.push(s);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers shared by the routes

export interface ParsedRequest {
  method: string;
  path: string;
  /** Path segments, still percent-encoded. */
  query: URLSearchParams;
}

export function parseRequest(req: IncomingMessage): ParsedRequest {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  return { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** JSON or form body as an object; `undefined` when it is not valid JSON. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const raw = (await readBody(req)).toString();
  if (!raw.trim()) return {};
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Page through a list: GitHub/GitLab `page` (1-based) and `per_page` (max 100). */
export function paginate<T>(items: T[], query: URLSearchParams, defaultPerPage = 30): { page: T[]; pageNo: number; perPage: number; totalPages: number } {
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page')) || defaultPerPage));
  const pageNo = Math.max(1, Number(query.get('page')) || 1);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  return { page: items.slice((pageNo - 1) * perPage, pageNo * perPage), pageNo, perPage, totalPages };
}

/** RFC 8288 Link header for a paginated list (next/last/first/prev as GitHub and GitLab send). */
export function linkHeader(baseUrl: string, path: string, query: URLSearchParams, pageNo: number, totalPages: number): string {
  const link = (page: number, rel: string) => {
    const q = new URLSearchParams(query);
    q.set('page', String(page));
    return `<${baseUrl}${path}?${q.toString()}>; rel="${rel}"`;
  };
  const parts: string[] = [];
  if (pageNo > 1) parts.push(link(pageNo - 1, 'prev'));
  if (pageNo < totalPages) parts.push(link(pageNo + 1, 'next'));
  if (pageNo < totalPages) parts.push(link(totalPages, 'last'));
  if (pageNo > 1) parts.push(link(1, 'first'));
  return parts.join(', ');
}

/** The external base URL of a request (for Link headers and *_url fields). */
export function requestBase(req: IncomingMessage): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---------------------------------------------------------------------------------------------

export type ForgeServer = SandboxServer & { forge: ForgeState };

/** Routes of both forges over `state`; mount them on any SandboxServer. */
export function forgeRoutes(state: ForgeState): Route[] {
  return [githubRoute(state), gitlabRoute(state)];
}

/**
 * Start a sandbox serving git smart HTTP at `/<owner>/<name>.git`, the GitHub REST subset at
 * `/api/v3` (GraphQL at `/api/graphql`, as GitHub Enterprise) and the GitLab REST subset at `/api/v4`.
 */
export async function startForge(opts: ForgeOptions): Promise<ForgeServer> {
  const state = new ForgeState(opts);
  const server = new SandboxServer({
    root: opts.root,
    tokens: opts.tokens,
    readOnlyTokens: opts.readOnlyTokens,
    routes: forgeRoutes(state),
    port: opts.port,
    host: opts.host,
  });
  await server.start();
  return Object.assign(server, { forge: state });
}
