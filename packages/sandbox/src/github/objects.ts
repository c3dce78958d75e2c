/**
 * GitHub REST response objects, shaped after GitHub's OpenAPI description (the schema test
 * validates every one of them against @octokit/openapi).
 */
import type { GitCommitInfo } from '../bare-repo.js';
import type { ForgeState, PullRequestRecord, StatusRecord } from '../forge-state.js';

export interface Ctx {
  state: ForgeState;
  /** e.g. http://127.0.0.1:1234 */
  web: string;
  /** e.g. http://127.0.0.1:1234/api/v3 */
  api: string;
}

const iso = (d: string) => d.replace(/\.\d{3}Z$/, 'Z');
const nodeId = (kind: string, key: string) => `${kind}_${Buffer.from(key).toString('base64url')}`;

export function prNodeId(repo: string, number: number): string {
  return nodeId('PR', `${repo}#${number}`);
}

export function parsePrNodeId(id: string): { repo: string; number: number } | null {
  if (!id.startsWith('PR_')) return null;
  const raw = Buffer.from(id.slice(3), 'base64url').toString();
  const i = raw.lastIndexOf('#');
  if (i < 0) return null;
  return { repo: raw.slice(0, i), number: Number(raw.slice(i + 1)) };
}

export function simpleUser(ctx: Ctx, login: string) {
  const u = ctx.state.user(login);
  const url = `${ctx.api}/users/${login}`;
  return {
    login,
    id: u.id,
    node_id: nodeId('U', login),
    avatar_url: `${ctx.web}/avatars/u/${u.id}`,
    gravatar_id: '',
    url,
    html_url: `${ctx.web}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: login.endsWith('[bot]') || login.endsWith('-bot') ? 'Bot' : 'User',
    site_admin: false,
    user_view_type: 'public',
  };
}

/** A repository object carrying the union of fields of full-repository, repository and minimal-repository. */
export function repository(ctx: Ctx, fullName: string, defaultBranch: string) {
  const [owner = '', name = ''] = fullName.split('/');
  const url = `${ctx.api}/repos/${fullName}`;
  const html = `${ctx.web}/${fullName}`;
  const created = '2024-01-01T00:00:00Z';
  return {
    id: ctx.state.projectId(fullName),
    node_id: nodeId('R', fullName),
    name,
    full_name: fullName,
    owner: simpleUser(ctx, owner),
    private: true,
    html_url: html,
    description: null,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `${html.replace(/^http/, 'git')}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@127.0.0.1:${fullName}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 1,
    default_branch: defaultBranch,
    open_issues_count: ctx.state.pulls(fullName).filter((p) => p.state === 'open').length,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    pushed_at: created,
    created_at: created,
    updated_at: created,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_auto_merge: ctx.state.allowAutoMerge,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    delete_branch_on_merge: false,
    license: null,
    forks: 0,
    open_issues: ctx.state.pulls(fullName).filter((p) => p.state === 'open').length,
    watchers: 0,
    network_count: 0,
    subscribers_count: 0,
  };
}

export function gitRef(ctx: Ctx, repo: string, ref: string, sha: string) {
  return {
    ref,
    node_id: nodeId('REF', `${repo}:${ref}`),
    url: `${ctx.api}/repos/${repo}/git/${ref}`,
    object: { sha, type: 'commit', url: `${ctx.api}/repos/${repo}/git/commits/${sha}` },
  };
}

const verification = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

export function gitCommit(ctx: Ctx, repo: string, c: GitCommitInfo) {
  return {
    sha: c.sha,
    node_id: nodeId('C', `${repo}:${c.sha}`),
    url: `${ctx.api}/repos/${repo}/git/commits/${c.sha}`,
    html_url: `${ctx.web}/${repo}/commit/${c.sha}`,
    author: { ...c.author, date: iso(c.author.date) },
    committer: { ...c.committer, date: iso(c.committer.date) },
    tree: { sha: c.tree, url: `${ctx.api}/repos/${repo}/git/trees/${c.tree}` },
    message: c.message.replace(/\n$/, ''),
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${ctx.api}/repos/${repo}/git/commits/${p}`,
      html_url: `${ctx.web}/${repo}/commit/${p}`,
    })),
    verification,
  };
}

/** Item of GET /repos/{o}/{r}/commits. */
export function commit(ctx: Ctx, repo: string, c: GitCommitInfo) {
  return {
    url: `${ctx.api}/repos/${repo}/commits/${c.sha}`,
    sha: c.sha,
    node_id: nodeId('C', `${repo}:${c.sha}`),
    html_url: `${ctx.web}/${repo}/commit/${c.sha}`,
    comments_url: `${ctx.api}/repos/${repo}/commits/${c.sha}/comments`,
    commit: {
      url: `${ctx.api}/repos/${repo}/git/commits/${c.sha}`,
      author: { ...c.author, date: iso(c.author.date) },
      committer: { ...c.committer, date: iso(c.committer.date) },
      message: c.message.replace(/\n$/, ''),
      comment_count: 0,
      tree: { sha: c.tree, url: `${ctx.api}/repos/${repo}/git/trees/${c.tree}` },
      verification,
    },
    author: null,
    committer: null,
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${ctx.api}/repos/${repo}/commits/${p}`,
      html_url: `${ctx.web}/${repo}/commit/${p}`,
    })),
  };
}

export function contentFile(ctx: Ctx, repo: string, ref: string, path: string, sha: string, content: Buffer) {
  const name = path.split('/').pop() ?? path;
  const self = `${ctx.api}/repos/${repo}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${ctx.api}/repos/${repo}/git/blobs/${sha}`;
  const html = `${ctx.web}/${repo}/blob/${ref}/${path}`;
  // GitHub wraps base64 at 60 columns.
  const b64 = content.toString('base64').replace(/(.{60})/g, '$1\n');
  return {
    name,
    path,
    sha,
    size: content.length,
    url: self,
    html_url: html,
    git_url: git,
    download_url: `${ctx.web}/raw/${repo}/${ref}/${path}`,
    type: 'file',
    content: b64.endsWith('\n') ? b64 : `${b64}\n`,
    encoding: 'base64',
    _links: { self, git, html },
  };
}

export function contentEntry(ctx: Ctx, repo: string, ref: string, e: { path: string; type: string; sha: string; size: number }) {
  const self = `${ctx.api}/repos/${repo}/contents/${e.path}?ref=${encodeURIComponent(ref)}`;
  const git = `${ctx.api}/repos/${repo}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`;
  const html = `${ctx.web}/${repo}/${e.type === 'tree' ? 'tree' : 'blob'}/${ref}/${e.path}`;
  return {
    type: e.type === 'tree' ? 'dir' : e.type === 'commit' ? 'submodule' : 'file',
    size: e.size,
    name: e.path.split('/').pop() ?? e.path,
    path: e.path,
    sha: e.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: e.type === 'blob' ? `${ctx.web}/raw/${repo}/${ref}/${e.path}` : null,
    _links: { self, git, html },
  };
}

export function label(ctx: Ctx, repo: string, name: string) {
  const hash = [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  return {
    id: hash,
    node_id: nodeId('LA', `${repo}:${name}`),
    url: `${ctx.api}/repos/${repo}/labels/${encodeURIComponent(name)}`,
    name,
    color: (hash & 0xffffff).toString(16).padStart(6, '0'),
    default: false,
    // pull-request-simple declares a label's description as a string (label allows null)
    description: '',
  };
}

export function status(ctx: Ctx, repo: string, s: StatusRecord) {
  const u = simpleUser(ctx, s.creator);
  return {
    url: `${ctx.api}/repos/${repo}/statuses/${s.sha}`,
    avatar_url: u.avatar_url,
    id: s.id,
    node_id: nodeId('SC', `${repo}:${s.id}`),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    creator: u,
  };
}

export function combinedState(statuses: StatusRecord[]): 'success' | 'failure' | 'pending' {
  if (statuses.some((s) => s.state === 'failure' || s.state === 'error')) return 'failure';
  if (statuses.length === 0 || statuses.some((s) => s.state === 'pending')) return 'pending';
  return 'success';
}

export interface PrLive {
  headSha: string;
  baseSha: string;
  mergeableState: string;
  mergeable: boolean | null;
  commits: number;
  changedFiles: number;
}

/** A pull request; `full` adds the fields of `pull-request` over `pull-request-simple`. */
export function pullRequest(ctx: Ctx, pr: PullRequestRecord, live: PrLive, defaultBranch: string, full: boolean) {
  const repo = pr.repo;
  const owner = repo.split('/')[0] ?? '';
  const url = `${ctx.api}/repos/${repo}/pulls/${pr.number}`;
  const html = `${ctx.web}/${repo}/pull/${pr.number}`;
  const issue = `${ctx.api}/repos/${repo}/issues/${pr.number}`;
  const statuses = `${ctx.api}/repos/${repo}/statuses/${live.headSha}`;
  const repoObj = repository(ctx, repo, defaultBranch);
  const ownerUser = simpleUser(ctx, owner);
  const assignees = pr.assignees.map((a) => simpleUser(ctx, a));
  const o: Record<string, unknown> = {
    url,
    id: pr.id,
    node_id: prNodeId(repo, pr.number),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${ctx.api}/repos/${repo}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: statuses,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: simpleUser(ctx, pr.user),
    body: pr.body,
    labels: pr.labels.map((l) => label(ctx, repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: pr.reviewers.map((r) => simpleUser(ctx, r)),
    requested_teams: [],
    head: { label: `${owner}:${pr.head}`, ref: pr.head, sha: live.headSha, user: ownerUser, repo: repoObj },
    base: { label: `${owner}:${pr.base}`, ref: pr.base, sha: live.baseSha, user: ownerUser, repo: repoObj },
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${ctx.api}/repos/${repo}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: statuses },
    },
    author_association: 'MEMBER',
    auto_merge: pr.autoMerge
      ? {
          enabled_by: simpleUser(ctx, pr.autoMerge.by),
          merge_method: pr.autoMerge.method,
          commit_title: `${pr.title} (#${pr.number})`,
          commit_message: pr.body ?? '',
        }
      : null,
    draft: pr.draft,
  };
  if (full) {
    Object.assign(o, {
      merged: pr.merged,
      mergeable: live.mergeable,
      rebaseable: live.mergeable,
      mergeable_state: live.mergeableState,
      merged_by: pr.merged ? simpleUser(ctx, pr.user) : null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: live.commits,
      additions: 0,
      deletions: 0,
      changed_files: live.changedFiles,
    });
  }
  return o;
}

export function issue(ctx: Ctx, pr: PullRequestRecord) {
  const repo = pr.repo;
  const url = `${ctx.api}/repos/${repo}/issues/${pr.number}`;
  const assignees = pr.assignees.map((a) => simpleUser(ctx, a));
  return {
    id: pr.id,
    node_id: nodeId('I', `${repo}#${pr.number}`),
    url,
    repository_url: `${ctx.api}/repos/${repo}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${ctx.web}/${repo}/pull/${pr.number}`,
    number: pr.number,
    state: pr.state,
    title: pr.title,
    body: pr.body,
    user: simpleUser(ctx, pr.user),
    labels: pr.labels.map((l) => label(ctx, repo, l)),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    pull_request: {
      url: `${ctx.api}/repos/${repo}/pulls/${pr.number}`,
      html_url: `${ctx.web}/${repo}/pull/${pr.number}`,
      diff_url: `${ctx.web}/${repo}/pull/${pr.number}.diff`,
      patch_url: `${ctx.web}/${repo}/pull/${pr.number}.patch`,
      merged_at: pr.mergedAt,
    },
    closed_at: pr.closedAt,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    author_association: 'MEMBER',
  };
}
