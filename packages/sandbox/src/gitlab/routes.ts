/**
 * GitLab REST v4 subset (`/api/v4/...`) over the sandbox's real bare repositories. The commits
 * API follows GitLab's Commits::CreateService / Files::MultiService rules (start_sha on an
 * existing branch needs force, per-file `last_commit_id` checks, protected branches refuse).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type BareRepo,
  type ForgeState,
  type GitCommitInfo,
  type MergeRequestRecord,
  type StatusRecord,
  type TreeChange,
  linkHeader,
  nowIso,
  paginate,
  parseRequest,
  readJson,
  requestBase,
  sendJson,
} from '../forge.js';
import { SandboxServer, type Route } from '../server.js';
import { gitlabReleaseRoute } from './releases.js';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}
const fail = (status: number, message: unknown) => new HttpError(status, message);

interface GlReq {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  query: URLSearchParams;
  web: string;
  api: string;
  login: string;
  state: ForgeState;
}

async function defaultBranch(repo: BareRepo): Promise<string> {
  const head = (await readFile(`${repo.path}/HEAD`, 'utf8').catch(() => '')).trim();
  return /^ref: refs\/heads\/(.+)$/.exec(head)?.[1] ?? 'main';
}

function userObj(r: GlReq, login: string) {
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

function commitObj(r: GlReq, repoName: string, c: GitCommitInfo) {
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

function projectObj(r: GlReq, repoName: string, defaultBranchName: string) {
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

function statusObj(r: GlReq, s: StatusRecord, ref: string | null) {
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

async function mrLive(r: GlReq, repo: BareRepo, mr: MergeRequestRecord) {
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

async function mrObj(r: GlReq, repo: BareRepo, mr: MergeRequestRecord) {
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

/** Paged list headers as GitLab sends them (offset pagination). */
function pageHeaders(r: GlReq, path: string, total: number, pageNo: number, perPage: number): Record<string, string> {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const h: Record<string, string> = {
    'x-page': String(pageNo),
    'x-per-page': String(perPage),
    'x-next-page': pageNo < totalPages ? String(pageNo + 1) : '',
    'x-prev-page': pageNo > 1 ? String(pageNo - 1) : '',
    'x-total': String(total),
    'x-total-pages': String(totalPages),
  };
  const link = linkHeader(r.web, path, r.query, pageNo, totalPages);
  if (link) h.link = link;
  return h;
}

function toBool(v: unknown): boolean {
  return v === true || v === 'true' || v === 1 || v === '1';
}

function toIds(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number).filter((n) => Number.isInteger(n));
  if (typeof v === 'string' || typeof v === 'number')
    return String(v)
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  return [];
}

function toLabels(v: unknown): string[] {
  if (Array.isArray(v))
    return v
      .map(String)
      .map((s) => s.trim())
      .filter(Boolean);
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

function validFilePath(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.split('/').some((s) => s === '' || s === '.' || s === '..' || s === '.git');
}

export function gitlabRoute(state: ForgeState): Route {
  return async (req, res, sandbox) => {
    const { method, path, query } = parseRequest(req);
    if (!path.startsWith('/api/v4/')) return false;
    const web = requestBase(req);
    const r: GlReq = { req, res, method, query, web, api: `${web}/api/v4`, login: state.loginFor(SandboxServer.tokenOf(req)), state };
    try {
      const access = sandbox.access(req);
      if (access === 'none') throw fail(401, { message: '401 Unauthorized' });
      const write = method !== 'GET' && method !== 'HEAD';
      if (write && access === 'read') throw fail(403, { message: '403 Forbidden' });
      if (path === '/api/v4/users' && method === 'GET') {
        const username = query.get('username');
        const list = username ? [userObj(r, username)] : [];
        return (sendJson(res, 200, list), true);
      }
      if (path === '/api/v4/user' && method === 'GET') return (sendJson(res, 200, userObj(r, r.login)), true);
      const m = /^\/api\/v4\/projects\/([^/]+)(\/.*)?$/.exec(path);
      if (!m) throw fail(404, { error: '404 Not Found' });
      const rawId = decodeURIComponent(m[1]);
      const repoName = /^\d+$/.test(rawId) ? state.projectPath(Number(rawId)) : rawId;
      const repo = repoName ? state.repo(repoName) : null;
      if (!repo || !repoName) throw fail(404, { message: '404 Project Not Found' });
      await projectRoute(r, repo, repoName, m[2] ?? '');
    } catch (e) {
      if (e instanceof HttpError) sendJson(res, e.status, e.body);
      else throw e;
    }
    return true;
  };
}

async function body(r: GlReq): Promise<Record<string, unknown>> {
  const b = await readJson(r.req);
  if (b === undefined) throw fail(400, { error: 'Bad Request' });
  // GitLab also accepts parameters in the query string.
  for (const [k, v] of r.query) if (!(k in b)) b[k] = v;
  return b;
}

async function projectRoute(r: GlReq, repo: BareRepo, repoName: string, rest: string): Promise<void> {
  const { method, query, res, state } = r;
  const ok = (status: number, b: unknown, headers: Record<string, string> = {}) => sendJson(res, status, b, headers);
  let m: RegExpExecArray | null;

  if (rest === '' && method === 'GET') return ok(200, projectObj(r, repoName, await defaultBranch(repo)));

  // --- tree (one level; entries carry the git mode, e.g. 120000 for a symlink) -------------
  if (rest === '/repository/tree' && method === 'GET') {
    const ref = query.get('ref') || (await defaultBranch(repo));
    const commit = await repo.resolveCommit(ref);
    if (!commit) throw fail(404, { message: '404 Tree Not Found' });
    const dir = (query.get('path') ?? '').replace(/\/$/, '');
    if (dir && (await repo.entryAt(commit, dir))?.type !== 'tree') throw fail(404, { message: '404 Tree Not Found' });
    const list = (await repo.listTree(commit, dir)).map((e) => ({
      id: e.sha,
      name: e.path.split('/').pop()!,
      type: e.type,
      path: e.path,
      mode: e.mode,
    }));
    const p = paginate(list, query, 20);
    return ok(200, p.page, pageHeaders(r, `/api/v4/projects/${encodeURIComponent(repoName)}/repository/tree`, list.length, p.pageNo, p.perPage));
  }

  // --- files ------------------------------------------------------------------------------
  if ((m = /^\/repository\/files\/([^/]+)(\/raw)?$/.exec(rest)) && (method === 'GET' || method === 'HEAD')) {
    const filePath = decodeURIComponent(m[1]);
    const ref = query.get('ref') ?? (m[2] ? await defaultBranch(repo) : '');
    if (!ref) throw fail(400, { error: 'ref is missing' });
    if (!validFilePath(filePath)) throw fail(400, { error: 'file_path should be a valid file path' });
    const commit = await repo.resolveCommit(ref);
    if (!commit) throw fail(404, { message: '404 Commit Not Found' });
    const entry = await repo.entryAt(commit, filePath);
    if (!entry || entry.type !== 'blob') throw fail(404, { message: '404 File Not Found' });
    const content = (await repo.readBlob(entry.sha)) ?? Buffer.alloc(0);
    const last = (await repo.lastCommitFor(commit, filePath)) ?? commit;
    const sha256 = createHash('sha256').update(content).digest('hex');
    const headers = {
      'x-gitlab-blob-id': entry.sha,
      'x-gitlab-commit-id': commit,
      'x-gitlab-last-commit-id': last,
      'x-gitlab-content-sha256': sha256,
      'x-gitlab-encoding': 'base64',
      'x-gitlab-file-name': filePath.split('/').pop()!,
      'x-gitlab-file-path': filePath,
      'x-gitlab-ref': ref,
      'x-gitlab-size': String(content.length),
      'x-gitlab-execute-filemode': String(entry.mode === '100755'),
    };
    if (m[2]) {
      res.writeHead(200, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(content.length) });
      res.end(method === 'HEAD' ? undefined : content);
      return;
    }
    if (method === 'HEAD') {
      res.writeHead(200, headers).end();
      return;
    }
    return ok(
      200,
      {
        file_name: filePath.split('/').pop(),
        file_path: filePath,
        size: content.length,
        encoding: 'base64',
        content: content.toString('base64'),
        content_sha256: sha256,
        ref,
        blob_id: entry.sha,
        commit_id: commit,
        last_commit_id: last,
        execute_filemode: entry.mode === '100755',
      },
      headers,
    );
  }

  // --- branches ---------------------------------------------------------------------------
  const branchObj = async (name: string, sha: string) => {
    const c = (await repo.readCommit(sha))!;
    const { web_url: _w, created_at: _c, ...commit } = commitObj(r, repoName, c);
    const def = await defaultBranch(repo);
    const prot = state.protectedBranches.has(name);
    return {
      name,
      merged: false,
      protected: prot,
      default: name === def,
      developers_can_push: !prot,
      developers_can_merge: !prot,
      can_push: !prot,
      web_url: `${r.web}/${repoName}/-/tree/${encodeURIComponent(name)}`,
      commit: { ...commit, created_at: c.committer.date, web_url: `${r.web}/${repoName}/-/commit/${c.sha}` },
    };
  };
  if ((m = /^\/repository\/branches\/(.+)$/.exec(rest)) && method === 'GET') {
    const name = decodeURIComponent(m[1]);
    const sha = await repo.refSha(`refs/heads/${name}`);
    if (!sha) throw fail(404, { message: '404 Branch Not Found' });
    return ok(200, await branchObj(name, sha));
  }
  if (rest === '/repository/branches' && method === 'POST') {
    const b = await body(r);
    const name = String(b.branch ?? '');
    const ref = String(b.ref ?? '');
    if (!name) throw fail(400, { error: 'branch is missing' });
    if (!ref) throw fail(400, { error: 'ref is missing' });
    if (state.protectedBranches.has(name)) throw fail(403, { message: '403 Forbidden' });
    const sha = await repo.resolveCommit(ref);
    if (!sha) throw fail(400, { message: 'Invalid reference name: ' + ref });
    if (!(await repo.updateRef(`refs/heads/${name}`, sha, null))) throw fail(400, { message: 'Branch already exists' });
    return ok(201, await branchObj(name, sha));
  }

  // --- commits ----------------------------------------------------------------------------
  if (rest === '/repository/commits' && method === 'POST') return createCommit(r, repo, repoName);
  if (rest === '/repository/commits' && method === 'GET') {
    const ref = query.get('ref_name') || (await defaultBranch(repo));
    const path = query.get('path') ?? undefined;
    const commit = await repo.resolveCommit(ref);
    if (!commit) return ok(200, [], pageHeaders(r, `/api/v4/projects/${encodeURIComponent(repoName)}/repository/commits`, 0, 1, 20));
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page')) || 20));
    const pageNo = Math.max(1, Number(query.get('page')) || 1);
    const total = await repo.count(commit, path);
    const items = await repo.log(commit, { path, skip: (pageNo - 1) * perPage, max: perPage });
    return ok(
      200,
      items.map((c) => commitObj(r, repoName, c)),
      pageHeaders(r, `/api/v4/projects/${encodeURIComponent(repoName)}/repository/commits`, total, pageNo, perPage),
    );
  }
  if ((m = /^\/repository\/commits\/([^/]+)\/statuses$/.exec(rest)) && method === 'GET') {
    const sha = await repo.resolveCommit(decodeURIComponent(m[1]));
    if (!sha) throw fail(404, { message: '404 Commit Not Found' });
    const all = toBool(query.get('all'));
    const name = query.get('name');
    let list = all ? [...state.statuses(repoName, sha)].reverse() : state.latestStatuses(repoName, sha);
    if (name) list = list.filter((s) => s.context === name);
    const p = paginate(list, query, 20);
    return ok(
      200,
      p.page.map((s) => statusObj(r, s, query.get('ref'))),
      pageHeaders(r, `/api/v4/projects/${encodeURIComponent(repoName)}/repository/commits/${sha}/statuses`, list.length, p.pageNo, p.perPage),
    );
  }
  if ((m = /^\/repository\/commits\/([^/]+)$/.exec(rest)) && method === 'GET') {
    const sha = await repo.resolveCommit(decodeURIComponent(m[1]));
    const c = sha ? await repo.readCommit(sha) : null;
    if (!c) throw fail(404, { message: '404 Commit Not Found' });
    return ok(200, { ...commitObj(r, repoName, c), stats: { additions: 0, deletions: 0, total: 0 }, status: null, last_pipeline: null });
  }
  if ((m = /^\/statuses\/([^/]+)$/.exec(rest)) && method === 'POST') {
    const sha = await repo.resolveCommit(decodeURIComponent(m[1]));
    if (!sha) throw fail(404, { message: '404 Commit Not Found' });
    const b = await body(r);
    const st = String(b.state ?? '');
    const map: Record<string, StatusRecord['state']> = {
      pending: 'pending',
      running: 'pending',
      success: 'success',
      failed: 'failure',
      canceled: 'error',
      skipped: 'error',
    };
    if (!map[st]) throw fail(400, { error: 'state does not have a valid value' });
    const name = String(b.name ?? b.context ?? 'default');
    const now = nowIso();
    const rec: StatusRecord = {
      id: state.nextId(),
      sha,
      context: name,
      state: map[st],
      gitlabState: st,
      description: typeof b.description === 'string' ? b.description : null,
      targetUrl: typeof b.target_url === 'string' ? b.target_url : null,
      createdAt: now,
      updatedAt: now,
      creator: r.login,
    };
    state.statuses(repoName).push(rec);
    await runAutoMerge(r, repo, repoName);
    return ok(201, statusObj(r, rec, typeof b.ref === 'string' ? b.ref : null));
  }

  // --- merge requests ---------------------------------------------------------------------
  if (rest === '/merge_requests' && method === 'GET') {
    const st = query.get('state') ?? 'all';
    const list = state
      .mergeRequests(repoName)
      .filter((mr) => st === 'all' || mr.state === st)
      .filter((mr) => !query.get('source_branch') || mr.sourceBranch === query.get('source_branch'))
      .filter((mr) => !query.get('target_branch') || mr.targetBranch === query.get('target_branch'))
      .sort((a, b) => (query.get('sort') === 'asc' ? a.iid - b.iid : b.iid - a.iid));
    const p = paginate(list, query, 20);
    const items = [];
    for (const mr of p.page) items.push(await mrObj(r, repo, mr));
    return ok(200, items, pageHeaders(r, `/api/v4/projects/${encodeURIComponent(repoName)}/merge_requests`, list.length, p.pageNo, p.perPage));
  }
  if (rest === '/merge_requests' && method === 'POST') {
    const b = await body(r);
    const source = String(b.source_branch ?? '');
    const target = String(b.target_branch ?? '');
    let title = String(b.title ?? '');
    if (!source || !target || !title) throw fail(400, { error: 'source_branch, target_branch, title are missing' });
    return state.exclusive(`${repoName}:mrs`, async () => {
      const dup = state.mergeRequests(repoName).find((mr) => mr.state === 'opened' && mr.sourceBranch === source && mr.targetBranch === target);
      if (dup) throw fail(409, { message: [`Another open merge request already exists for this source branch: !${dup.iid}`] });
      if (!(await repo.refSha(`refs/heads/${source}`))) throw fail(400, { message: { source_branch: ['is invalid'] } });
      if (!(await repo.refSha(`refs/heads/${target}`))) throw fail(400, { message: { target_branch: ['is invalid'] } });
      let draft = false;
      const dm = /^\s*(\[draft\]|\(draft\)|draft:|draft\s-\s)\s*/i.exec(title);
      if (dm) draft = true;
      if (toBool(b.draft) && !draft) {
        draft = true;
        title = `Draft: ${title}`;
      }
      const now = nowIso();
      const mr: MergeRequestRecord = {
        repo: repoName,
        iid: state.mergeRequests(repoName).length + 1,
        id: state.nextId(),
        title,
        description: typeof b.description === 'string' ? b.description : null,
        sourceBranch: source,
        targetBranch: target,
        state: 'opened',
        draft,
        labels: toLabels(b.labels),
        reviewerIds: toIds(b.reviewer_ids),
        assigneeIds: toIds(b.assignee_ids ?? b.assignee_id),
        autoMerge: false,
        mergeCommitSha: null,
        createdAt: now,
        updatedAt: now,
        mergedAt: null,
        closedAt: null,
        author: r.login,
      };
      state.mergeRequests(repoName).push(mr);
      return ok(201, await mrObj(r, repo, mr));
    });
  }
  if ((m = /^\/merge_requests\/(\d+)(\/merge)?$/.exec(rest))) {
    const mr = state.mergeRequests(repoName).find((x) => x.iid === Number(m![1]));
    if (!mr) throw fail(404, { message: '404 Not found' });
    if (!m[2] && method === 'GET') return ok(200, await mrObj(r, repo, mr));
    if (!m[2] && method === 'PUT') {
      const b = await body(r);
      if (typeof b.title === 'string') {
        mr.title = b.title;
        mr.draft = /^\s*(\[draft\]|\(draft\)|draft:|draft\s-\s)/i.test(b.title);
      }
      if (typeof b.description === 'string') mr.description = b.description;
      if (typeof b.target_branch === 'string') mr.targetBranch = b.target_branch;
      if (b.labels !== undefined) mr.labels = toLabels(b.labels);
      for (const l of toLabels(b.add_labels)) if (!mr.labels.includes(l)) mr.labels.push(l);
      const remove = toLabels(b.remove_labels);
      mr.labels = mr.labels.filter((l) => !remove.includes(l));
      if (b.reviewer_ids !== undefined) mr.reviewerIds = toIds(b.reviewer_ids);
      if (b.assignee_ids !== undefined) mr.assigneeIds = toIds(b.assignee_ids);
      if (b.state_event === 'close' && mr.state === 'opened') {
        mr.headSha = (await repo.refSha(`refs/heads/${mr.sourceBranch}`)) ?? mr.headSha;
        mr.state = 'closed';
        mr.closedAt = nowIso();
        mr.autoMerge = false;
      } else if (b.state_event === 'reopen' && mr.state === 'closed') {
        mr.state = 'opened';
        mr.closedAt = null;
      }
      mr.updatedAt = nowIso();
      return ok(200, await mrObj(r, repo, mr));
    }
    if (m[2] && method === 'PUT') {
      const b = await body(r);
      const l = await mrLive(r, repo, mr);
      if (mr.state !== 'opened' || mr.draft || l.conflicts) throw fail(405, { message: '405 Method Not Allowed' });
      if (typeof b.sha === 'string' && b.sha !== l.sha) throw fail(409, { message: `SHA does not match HEAD of source branch: ${l.sha}` });
      const auto = toBool(b.auto_merge) || toBool(b.merge_when_pipeline_succeeds);
      if (l.pending || l.failed) {
        if (!auto || l.failed) throw fail(405, { message: '405 Method Not Allowed' });
        mr.autoMerge = true;
        mr.updatedAt = nowIso();
        return ok(200, await mrObj(r, repo, mr));
      }
      await mergeMr(r, repo, mr, typeof b.merge_commit_message === 'string' ? b.merge_commit_message : undefined);
      return ok(200, await mrObj(r, repo, mr));
    }
  }
  const release = await gitlabReleaseRoute(state, r, repo, repoName, rest, (login) => userObj(r, login));
  if (release) return ok(release.status, release.body);
  throw fail(404, { error: '404 Not Found' });
}

async function mergeMr(r: GlReq, repo: BareRepo, mr: MergeRequestRecord, message?: string): Promise<void> {
  await r.state.exclusive(`${mr.repo}:merge`, async () => {
    const source = await repo.refSha(`refs/heads/${mr.sourceBranch}`);
    const target = await repo.refSha(`refs/heads/${mr.targetBranch}`);
    if (!source || !target || mr.state !== 'opened') throw fail(405, { message: '405 Method Not Allowed' });
    const tree = await repo.mergeTree(target, source);
    if (!tree) throw fail(405, { message: '405 Method Not Allowed' });
    const msg = message ?? `Merge branch '${mr.sourceBranch}' into '${mr.targetBranch}'\n\n${mr.title}\n\nSee merge request ${mr.repo}!${mr.iid}\n`;
    const sha = await repo.commitTree(tree, [target, source], msg, { name: r.login, email: `${r.login}@sandbox.invalid` });
    if (!(await repo.updateRef(`refs/heads/${mr.targetBranch}`, sha, target)))
      throw fail(409, { message: 'Branch has been updated since the merge was requested' });
    const now = nowIso();
    Object.assign(mr, { state: 'merged', mergeCommitSha: sha, mergedAt: now, updatedAt: now, headSha: source, autoMerge: false });
  });
}

async function runAutoMerge(r: GlReq, repo: BareRepo, repoName: string): Promise<void> {
  for (const mr of r.state.mergeRequests(repoName)) {
    if (mr.state !== 'opened' || !mr.autoMerge) continue;
    const l = await mrLive(r, repo, mr);
    if (!l.pending && !l.failed && !l.conflicts) await mergeMr(r, repo, mr).catch(() => undefined);
  }
}

/** POST /projects/:id/repository/commits, after GitLab's Commits::CreateService + Files::MultiService. */
async function createCommit(r: GlReq, repo: BareRepo, repoName: string): Promise<void> {
  const b = await body(r);
  const branch = String(b.branch ?? '');
  const message = String(b.commit_message ?? '');
  const actions = Array.isArray(b.actions) ? (b.actions as Record<string, unknown>[]) : null;
  if (!branch) throw fail(400, { error: 'branch is missing' });
  if (!message) throw fail(400, { error: 'commit_message is missing' });
  if (!actions || actions.length === 0) throw fail(400, { error: 'actions is missing' });
  const startBranch = typeof b.start_branch === 'string' ? b.start_branch : undefined;
  const startSha = typeof b.start_sha === 'string' ? b.start_sha : undefined;
  const force = toBool(b.force);
  if (startBranch && startSha) throw fail(400, { message: "You can't pass both start_branch and start_sha" });
  if (r.state.protectedBranches.has(branch)) throw fail(403, { message: 'You are not allowed to push into this branch' });
  const empty = (await repo.refs('refs/heads/')).size === 0;

  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await repo.refSha(`refs/heads/${branch}`);
    const differentBranch = (startBranch !== undefined && startBranch !== branch) || startSha !== undefined;
    if (!empty && differentBranch && current && !force) {
      throw fail(400, { message: `A branch called '${branch}' already exists. Switch to that branch in order to make changes` });
    }
    let start: string | null;
    if (startSha) {
      start = await repo.resolveCommit(startSha);
      if (!start || !/^[0-9a-f]{7,40}$/.test(startSha)) throw fail(400, { message: `Cannot find start_sha '${startSha}'` });
    } else {
      const from = startBranch ?? branch;
      start = from === branch ? current : await repo.refSha(`refs/heads/${from}`);
      if (!start && !empty) throw fail(400, { message: 'You can only create or edit files when you are on a branch' });
    }
    const changes: TreeChange[] = [];
    for (const a of actions) {
      const action = String(a.action ?? '');
      const filePath = String(a.file_path ?? '');
      if (!validFilePath(filePath)) throw fail(400, { message: `Your changes could not be committed, because the file path ${filePath} is invalid` });
      const existing = start ? await repo.entryAt(start, filePath) : null;
      const exists = existing?.type === 'blob';
      const last = typeof a.last_commit_id === 'string' ? a.last_commit_id : undefined;
      if (action === 'create') {
        if (exists) throw fail(400, { message: 'A file with this name already exists' });
      } else if (action === 'update' || action === 'delete' || action === 'chmod') {
        if (!exists) throw fail(400, { message: "A file with this name doesn't exist" });
        if (last && action !== 'chmod' && (await repo.lastCommitFor(start!, filePath)) !== last) {
          throw fail(400, { message: `The file has changed since you started editing it: ${filePath}` });
        }
      } else {
        throw fail(400, { error: 'actions[0][action] does not have a valid value' });
      }
      if (action === 'delete') {
        changes.push({ path: filePath, mode: '100644', sha: null });
        continue;
      }
      if (action === 'chmod') {
        changes.push({ path: filePath, mode: toBool(a.execute_filemode) ? '100755' : '100644', sha: existing!.sha });
        continue;
      }
      const content = typeof a.content === 'string' ? a.content : '';
      const data = a.encoding === 'base64' ? Buffer.from(content, 'base64') : Buffer.from(content);
      changes.push({ path: filePath, mode: existing?.mode ?? '100644', sha: await repo.writeBlob(data) });
    }
    const baseTree = start ? (await repo.readCommit(start))!.tree : null;
    const tree = await repo.buildTree(baseTree, changes);
    const author = {
      name: typeof b.author_name === 'string' ? b.author_name : r.login,
      email: typeof b.author_email === 'string' ? b.author_email : `${r.login}@sandbox.invalid`,
    };
    const sha = await repo.commitTree(tree, start ? [start] : [], message, author, { name: r.login, email: `${r.login}@sandbox.invalid` });
    if (await repo.updateRef(`refs/heads/${branch}`, sha, current)) {
      const c = (await repo.readCommit(sha))!;
      const stats = { additions: 0, deletions: 0, total: changes.length };
      return sendJson(r.res, 201, { ...commitObj(r, repoName, c), stats, status: null, project_id: r.state.projectId(repoName), last_pipeline: null });
    }
    // Another writer moved the branch between our read and our write: re-validate on the new head.
  }
  throw fail(400, { message: `Could not update refs/heads/${branch}. Please refresh and try again.` });
}
