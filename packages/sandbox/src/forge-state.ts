/**
 * The sandbox forge's in-memory state (pull/merge requests, commit statuses, users, project ids)
 * and its record types: what the GitHub and GitLab routes share and tests inspect. A module of
 * its own so that forge.ts (which mounts the routes) and the routes both import it, not each other.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BareRepo } from './bare-repo.js';

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
  /** GraphQL requests answered, by operation type: a mutation creates content, a query does not. */
  readonly graphqlOperations = { query: 0, mutation: 0 };

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

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
