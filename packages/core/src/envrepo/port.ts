/**
 * EnvRepo port: the few operations on an environment repository that the verbs need.
 * Adapters: git (any remote, via partial clone + plumbing), github (REST), gitlab (REST).
 * Every write is compare-and-swap: it names the head it was computed from and fails with
 * ConflictError when the branch has moved, so the verb can re-read and re-apply its edit.
 */
export type ForgeKind = 'git' | 'github' | 'gitlab';

export interface FileChange {
  /** Repository-relative POSIX path, already validated (no `..`, not absolute). */
  path: string;
  content: string;
}

export interface CommitRequest {
  branch: string;
  /**
   * The commit the change was computed on. The branch must still point here (or, when
   * `createBranch` is set, must not exist yet); otherwise the adapter throws ConflictError.
   */
  parent: string;
  /** Create `branch` at the new commit; fail with ConflictError if it exists. */
  createBranch?: boolean;
  /** Move an existing branch we own regardless of where it points (PR branches). */
  force?: boolean;
  files: FileChange[];
  /** Full commit message, trailers included. */
  message: string;
}

export interface CommitResult {
  sha: string;
  /** Web URL of the commit where the forge has one. */
  url?: string;
}

export interface HistoryEntry {
  sha: string;
  message: string;
  /** Committer date (ISO 8601), where the adapter read it with the commit (no extra request). */
  date?: string;
  /** The commit's verification records, when the adapter read them with the commit (no verifications() call needed). */
  verifications?: Verification[];
}

/** What `historiesWithRecords` reads at one commit: several files' histories, and files' texts. */
export interface HistoriesRequest {
  /** Files whose history to list: newest first, at most `limit` commits each. */
  paths: readonly string[];
  limit: number;
  /** Files whose text to read at the same commit; readFile then answers them without a request. */
  read?: readonly string[];
}

/** A commit status / git note saying an environment was verified (or failed) at a commit. */
export interface Verification {
  /** `gitops/<app>/<env>` */
  context: string;
  state: 'success' | 'failure' | 'pending';
  description?: string;
  targetUrl?: string;
  /** When the record was made (ISO 8601), where the forge or the note says. */
  at?: string;
}

export interface HistoryOptions {
  until?: (entry: HistoryEntry) => boolean;
}

export interface EnvRepo {
  readonly forge: ForgeKind;
  /** Printable name of the repository, never containing credentials. */
  readonly display: string;
  /**
   * Head commit SHA of a branch, or null when the branch does not exist. Always fresh.
   * `prefetch`: files the caller will read at that head next; an adapter that can read them in
   * the same request (GitLab's file API answers with the ref's commit) does, others ignore it.
   */
  head(branch: string, opts?: { prefetch?: readonly string[] }): Promise<string | null>;
  /** The file's text at a commit, or null when the file does not exist there. */
  readFile(path: string, commit: string): Promise<string | null>;
  /** Atomic compare-and-swap commit of one or more files (see CommitRequest). */
  commit(req: CommitRequest): Promise<CommitResult>;
  /**
   * Commits reachable from `ref` that touched `path`, newest first, at most `limit`. `until`: the
   * caller needs nothing older than the first entry it accepts; an adapter whose reads grow with
   * depth (git: the walk over the wire) may end the list there, others may ignore it.
   */
  history(path: string, ref: string, limit: number, opts?: HistoryOptions): Promise<HistoryEntry[]>;
  /**
   * history() of several paths, each entry with its `verifications`, plus the texts of `read`, in
   * one request where the forge can (GitHub: one GraphQL query). null when it cannot here (no
   * such API, or a token that may not use it): use history() and verifications() instead.
   */
  historiesWithRecords?(ref: string, req: HistoriesRequest): Promise<Map<string, HistoryEntry[]> | null>;
  /** Record a verification against a commit (commit status, or a git note). */
  recordVerification(commit: string, v: Verification): Promise<void>;
  /** Verifications recorded against a commit. */
  verifications(commit: string): Promise<Verification[]>;
  /** Web URL of a commit, if the forge has one. */
  commitUrl?(sha: string): string | undefined;
  /** Release local resources (temporary clones). */
  close(): Promise<void>;
  /** Pull/merge requests; absent on plain git remotes. */
  readonly changeRequests?: ChangeRequests;
  /** Releases (GitHub releases, GitLab releases); absent on plain git remotes. */
  readonly releases?: Releases;
  /** API requests made so far (for benchmarks and cost reporting); git adapter counts round trips. */
  readonly requestCount?: number;
}

export interface ChangeRequest {
  /** PR number (GitHub) or MR iid (GitLab). */
  number: number;
  url: string;
  sourceBranch: string;
  targetBranch: string;
  title: string;
  body: string;
  headSha?: string;
  draft?: boolean;
}

export interface ChangeRequestInput {
  sourceBranch: string;
  targetBranch: string;
  title: string;
  body: string;
  draft?: boolean;
  labels?: string[];
  reviewers?: string[];
  assignees?: string[];
}

export interface ChangeRequests {
  /** Open PRs/MRs into targetBranch (all pages). */
  listOpen(targetBranch: string): Promise<ChangeRequest[]>;
  /**
   * Open one. When the forge answers that one already exists for this source branch
   * (GitHub 422, GitLab 409), adopt and return the existing one instead of failing.
   */
  create(input: ChangeRequestInput): Promise<ChangeRequest & { adopted: boolean }>;
  update(number: number, patch: { title?: string; body?: string; labels?: string[] }): Promise<ChangeRequest>;
  /** Ask the forge to merge when checks pass (GitHub auto-merge, GitLab auto_merge). */
  enableAutoMerge(number: number): Promise<'enabled' | 'merged' | 'unsupported'>;
  /** Web URL for a branch comparison or the CR, for summaries. */
}

export interface Release {
  tag: string;
  name: string;
  body: string;
  /** Web URL of the release. */
  url: string;
}

export interface ReleaseInput {
  tag: string;
  /** Commit SHA the tag is created at when it does not exist yet. */
  target: string;
  name: string;
  /** Markdown notes. */
  body: string;
}

export interface Releases {
  /** The release of a tag, or null when there is none. */
  get(tag: string): Promise<Release | null>;
  /** Create the release (and its tag at `target`, when the tag does not exist). */
  create(input: ReleaseInput): Promise<Release>;
}
