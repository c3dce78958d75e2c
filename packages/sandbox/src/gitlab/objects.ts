/**
 * GitLab REST v4 response objects (user, commit, project, commit status, merge request), shaped
 * after GitLab's API answers.
 */
import type { BareRepo, GitCommitInfo } from '../bare-repo.js';
import type { MergeRequestRecord, StatusRecord } from '../forge-state.js';
import type { GlReq } from './context.js';

export function userObj(r: GlReq, login: string) {
  const u = r.state.user(login);
  return {
    id: u.id,
    username: login,
    name: login,
    state: 'active',
    locked: false,
    avatar_url: `${r.web}/uploads/-/system/user/avatar/${u.id}/avatar.png`,
    web_url: `${r.web}/${login}`,
  };
}

export function commitObj(r: GlReq, repoName: string, c: GitCommitInfo) {
  const title = c.message.split('\n')[0] ?? '';
  return {
    id: c.sha,
    short_id: c.sha.slice(0, 8),
    created_at: c.committer.date,
    parent_ids: c.parents,
    title,
    message: c.message,
    author_name: c.author.name,
    author_email: c.author.email,
    authored_date: c.author.date,
    committer_name: c.committer.name,
    committer_email: c.committer.email,
    committed_date: c.committer.date,
    trailers: {},
    extended_trailers: {},
    web_url: `${r.web}/${repoName}/-/commit/${c.sha}`,
  };
}

export function projectObj(r: GlReq, repoName: string, defaultBranchName: string) {
  const parts = repoName.split('/');
  const path = parts.pop()!;
  const ns = parts.join('/');
  return {
    id: r.state.projectId(repoName),
    description: null,
    name: path,
    name_with_namespace: [...parts, path].join(' / '),
    path,
    path_with_namespace: repoName,
    created_at: '2024-01-01T00:00:00.000Z',
    default_branch: defaultBranchName,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@127.0.0.1:${repoName}.git`,
    http_url_to_repo: `${r.web}/${repoName}.git`,
    web_url: `${r.web}/${repoName}`,
    readme_url: null,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: '2024-01-01T00:00:00.000Z',
    namespace: {
      id: 1,
      name: ns,
      path: ns.split('/').pop(),
      kind: 'group',
      full_path: ns,
      parent_id: null,
      avatar_url: null,
      web_url: `${r.web}/groups/${ns}`,
    },
    visibility: 'private',
    empty_repo: false,
    archived: false,
    merge_method: 'merge',
    only_allow_merge_if_pipeline_succeeds: false,
  };
}

export function statusObj(r: GlReq, s: StatusRecord, ref: string | null) {
  const gl = s.gitlabState ?? { success: 'success', failure: 'failed', error: 'canceled', pending: 'pending' }[s.state];
  return {
    id: s.id,
    sha: s.sha,
    ref,
    status: gl,
    name: s.context,
    target_url: s.targetUrl,
    description: s.description,
    created_at: s.createdAt,
    started_at: gl === 'pending' ? null : s.createdAt,
    finished_at: ['success', 'failed', 'canceled'].includes(gl) ? s.updatedAt : null,
    allow_failure: false,
    coverage: null,
    pipeline_id: null,
    author: userObj(r, s.creator),
  };
}

export async function mrLive(r: GlReq, repo: BareRepo, mr: MergeRequestRecord) {
  const sha = (mr.state === 'opened' ? await repo.refSha(`refs/heads/${mr.sourceBranch}`) : null) ?? mr.headSha ?? '';
  const target = (await repo.refSha(`refs/heads/${mr.targetBranch}`)) ?? '';
  let conflicts = false;
  if (sha && target && mr.state === 'opened') conflicts = (await repo.mergeTree(target, sha)) === null;
  const latest = sha ? r.state.latestStatuses(mr.repo, sha) : [];
  return {
    sha,
    target,
    conflicts,
    pending: latest.some((s) => s.state === 'pending'),
    failed: latest.some((s) => s.state === 'failure' || s.state === 'error'),
  };
}

export async function mrObj(r: GlReq, repo: BareRepo, mr: MergeRequestRecord) {
  const l = await mrLive(r, repo, mr);
  const pid = r.state.projectId(mr.repo);
  const users = (ids: number[]) =>
    ids
      .map((id) => r.state.userById(id))
      .filter((u) => u !== undefined)
      .map((u) => userObj(r, u.login));
  const assignees = users(mr.assigneeIds);
  const detailed =
    mr.state !== 'opened'
      ? 'not_open'
      : mr.draft
        ? 'draft_status'
        : l.conflicts
          ? 'broken_status'
          : l.pending
            ? 'ci_still_running'
            : l.failed
              ? 'ci_must_pass'
              : 'mergeable';
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: pid,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    merged_by: mr.state === 'merged' ? userObj(r, mr.author) : null,
    merge_user: mr.state === 'merged' ? userObj(r, mr.author) : null,
    merged_at: mr.mergedAt,
    closed_by: mr.state === 'closed' ? userObj(r, mr.author) : null,
    closed_at: mr.closedAt,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: 0,
    upvotes: 0,
    downvotes: 0,
    author: userObj(r, mr.author),
    assignees,
    assignee: assignees[0] ?? null,
    reviewers: users(mr.reviewerIds),
    source_project_id: pid,
    target_project_id: pid,
    labels: mr.labels,
    draft: mr.draft,
    work_in_progress: mr.draft,
    milestone: null,
    merge_when_pipeline_succeeds: mr.autoMerge,
    merge_status: l.conflicts ? 'cannot_be_merged' : 'can_be_merged',
    detailed_merge_status: detailed,
    sha: l.sha,
    merge_commit_sha: mr.mergeCommitSha,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: false,
    prepared_at: mr.createdAt,
    reference: `!${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${mr.repo}!${mr.iid}` },
    web_url: `${r.web}/${mr.repo}/-/merge_requests/${mr.iid}`,
    time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
    squash: false,
    squash_on_merge: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: l.conflicts,
    blocking_discussions_resolved: true,
    approvals_before_merge: null,
  };
}
