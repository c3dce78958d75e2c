/**
 * GitLab REST v4 subset (`/api/v4/...`) over the sandbox's real bare repositories. The commits
 * API follows GitLab's Commits::CreateService / Files::MultiService rules (start_sha on an
 * existing branch needs force, per-file `last_commit_id` checks, protected branches refuse).
 * Every endpoint is one row of GITLAB_ROUTES; anything else answers GitLab's 404. Every answer
 * carries the caller's RateLimit-* count (rate-limit.ts).
 */
import { createHash } from 'node:crypto';
import { match } from 'path-to-regexp';
import { type ForgeState, type MergeRequestRecord, type StatusRecord, nowIso } from '../forge-state.js';
import { paginate, parseRequest, requestBase, sendJson } from '../routing/http.js';
import { type Params, type RouteSpec, RouteTable } from '../routing/table.js';
import { SandboxServer, type Route } from '../server.js';
import { createCommit } from './commits.js';
import { type GlReq, HttpError, type ProjectReq, body, defaultBranch, fail, pageHeaders, toBool, toIds, toLabels, validFilePath } from './context.js';
import { mergeMr, runAutoMerge } from './merges.js';
import { commitObj, mrLive, mrObj, projectObj, statusObj, userObj } from './objects.js';
import { gitlabRateLimitHeaders } from './rate-limit.js';
import { getRelease, postRelease } from './releases.js';

const PROJECT = '/api/v4/projects/:id';

/** A route under /projects/:id: the project (numeric id or URL-encoded path) is resolved before `handler`. */
function project(method: string | string[], path: string, handler: (r: ProjectReq, p: Params) => Promise<void> | void): RouteSpec<GlReq> {
  return {
    method,
    path: PROJECT + path,
    handler: (r, p) => handler(resolveProject(r, p.id), p),
  };
}

function resolveProject(r: GlReq, encodedId: string): ProjectReq {
  const rawId = decodeURIComponent(encodedId);
  const repoName = /^\d+$/.test(rawId) ? r.state.projectPath(Number(rawId)) : rawId;
  const repo = repoName ? r.state.repo(repoName) : null;
  if (!repo || !repoName) throw fail(404, { message: '404 Project Not Found' });
  return { ...r, repo, repoName };
}

/** Every GitLab endpoint the sandbox serves, first match wins. */
export const GITLAB_ROUTES: readonly RouteSpec<GlReq>[] = [
  { method: 'GET', path: '/api/v4/users', handler: listUsers },
  { method: 'GET', path: '/api/v4/user', handler: (r) => sendJson(r.res, 200, userObj(r, r.login)) },
  project('GET', '', getProject),
  project('GET', '/repository/tree', getTree),
  project(['GET', 'HEAD'], '/repository/files/:path', (r, p) => getFile(r, p, false)),
  project(['GET', 'HEAD'], '/repository/files/:path/raw', (r, p) => getFile(r, p, true)),
  project('GET', '/repository/branches/*branch', getBranch),
  project('POST', '/repository/branches', createBranch),
  project('POST', '/repository/commits', createCommit),
  project('GET', '/repository/commits', listCommits),
  project('GET', '/repository/commits/:sha/statuses', listStatuses),
  project('GET', '/repository/commits/:sha', getCommit),
  project('POST', '/statuses/:sha', createStatus),
  project('GET', '/merge_requests', listMergeRequests),
  project('POST', '/merge_requests', createMergeRequest),
  project('GET', '/merge_requests/:iid', mergeRequest(getMergeRequest)),
  project('PUT', '/merge_requests/:iid', mergeRequest(updateMergeRequest)),
  project('PUT', '/merge_requests/:iid/merge', mergeRequest(acceptMergeRequest)),
  project('GET', '/releases/:tag', getRelease),
  project('POST', '/releases', postRelease),
];

const table = new RouteTable<GlReq>(GITLAB_ROUTES);
/** Any path under a project: unknown there, a missing project still answers "Project Not Found". */
const underProject = match([`${PROJECT}{/}`, `${PROJECT}/*rest`], { decode: false, sensitive: true, trailing: false });

export function gitlabRoute(state: ForgeState): Route {
  return async (req, res, sandbox) => {
    const { method, path, query } = parseRequest(req);
    if (!path.startsWith('/api/v4/')) return false;
    const web = requestBase(req);
    const r: GlReq = { req, res, method, query, web, api: `${web}/api/v4`, login: state.loginFor(SandboxServer.tokenOf(req)), state };
    // Every answer below (writeHead merges these in) carries the caller's rate-limit count.
    for (const [k, v] of Object.entries(gitlabRateLimitHeaders(state, req))) res.setHeader(k, v);
    try {
      const access = sandbox.access(req);
      if (access === 'none') throw fail(401, { message: '401 Unauthorized' });
      const write = method !== 'GET' && method !== 'HEAD';
      if (write && access === 'read') throw fail(403, { message: '403 Forbidden' });
      const found = table.find(method, path);
      if (found) {
        await found.route.handler(r, found.params);
      } else {
        const scope = underProject(path);
        if (scope) resolveProject(r, String(scope.params.id));
        throw fail(404, { error: '404 Not Found' });
      }
    } catch (e) {
      if (e instanceof HttpError) sendJson(res, e.status, e.body);
      else throw e;
    }
    return true;
  };
}

function listUsers(r: GlReq): void {
  const username = r.query.get('username');
  sendJson(r.res, 200, username ? [userObj(r, username)] : []);
}

const ok = (r: GlReq, status: number, b: unknown, headers: Record<string, string> = {}) => sendJson(r.res, status, b, headers);
const listPath = (r: ProjectReq, rest: string) => `/api/v4/projects/${encodeURIComponent(r.repoName)}${rest}`;

async function getProject(r: ProjectReq): Promise<void> {
  ok(r, 200, projectObj(r, r.repoName, await defaultBranch(r.repo)));
}

// --- tree (one level; entries carry the git mode, e.g. 120000 for a symlink) -------------

async function getTree(r: ProjectReq): Promise<void> {
  const { repo, query } = r;
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
  ok(r, 200, p.page, pageHeaders(r, listPath(r, '/repository/tree'), list.length, p.pageNo, p.perPage));
}

// --- files -------------------------------------------------------------------------------

async function getFile(r: ProjectReq, p: Params, raw: boolean): Promise<void> {
  const { repo, query, method, res } = r;
  const filePath = decodeURIComponent(p.path);
  const ref = query.get('ref') ?? (raw ? await defaultBranch(repo) : '');
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
  if (raw) {
    res.writeHead(200, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(content.length) });
    res.end(method === 'HEAD' ? undefined : content);
    return;
  }
  if (method === 'HEAD') {
    res.writeHead(200, headers).end();
    return;
  }
  ok(
    r,
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

// --- branches ----------------------------------------------------------------------------

async function branchObj(r: ProjectReq, name: string, sha: string) {
  const { repo, repoName } = r;
  const c = (await repo.readCommit(sha))!;
  const { web_url: _w, created_at: _c, ...commit } = commitObj(r, repoName, c);
  const def = await defaultBranch(repo);
  const prot = r.state.protectedBranches.has(name);
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
}

async function getBranch(r: ProjectReq, p: Params): Promise<void> {
  const name = decodeURIComponent(p.branch);
  const sha = await r.repo.refSha(`refs/heads/${name}`);
  if (!sha) throw fail(404, { message: '404 Branch Not Found' });
  ok(r, 200, await branchObj(r, name, sha));
}

async function createBranch(r: ProjectReq): Promise<void> {
  const b = await body(r);
  const name = String(b.branch ?? '');
  const ref = String(b.ref ?? '');
  if (!name) throw fail(400, { error: 'branch is missing' });
  if (!ref) throw fail(400, { error: 'ref is missing' });
  if (r.state.protectedBranches.has(name)) throw fail(403, { message: '403 Forbidden' });
  const sha = await r.repo.resolveCommit(ref);
  if (!sha) throw fail(400, { message: 'Invalid reference name: ' + ref });
  if (!(await r.repo.updateRef(`refs/heads/${name}`, sha, null))) throw fail(400, { message: 'Branch already exists' });
  ok(r, 201, await branchObj(r, name, sha));
}

// --- commits and statuses ----------------------------------------------------------------

async function listCommits(r: ProjectReq): Promise<void> {
  const { repo, repoName, query } = r;
  const ref = query.get('ref_name') || (await defaultBranch(repo));
  const path = query.get('path') ?? undefined;
  const commit = await repo.resolveCommit(ref);
  if (!commit) return ok(r, 200, [], pageHeaders(r, listPath(r, '/repository/commits'), 0, 1, 20));
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page')) || 20));
  const pageNo = Math.max(1, Number(query.get('page')) || 1);
  const total = await repo.count(commit, path);
  const items = await repo.log(commit, { path, skip: (pageNo - 1) * perPage, max: perPage });
  ok(
    r,
    200,
    items.map((c) => commitObj(r, repoName, c)),
    pageHeaders(r, listPath(r, '/repository/commits'), total, pageNo, perPage),
  );
}

async function listStatuses(r: ProjectReq, p: Params): Promise<void> {
  const { repo, repoName, query, state } = r;
  const sha = await repo.resolveCommit(decodeURIComponent(p.sha));
  if (!sha) throw fail(404, { message: '404 Commit Not Found' });
  const all = toBool(query.get('all'));
  const name = query.get('name');
  let list = all ? [...state.statuses(repoName, sha)].reverse() : state.latestStatuses(repoName, sha);
  if (name) list = list.filter((s) => s.context === name);
  const page = paginate(list, query, 20);
  ok(
    r,
    200,
    page.page.map((s) => statusObj(r, s, query.get('ref'))),
    pageHeaders(r, listPath(r, `/repository/commits/${sha}/statuses`), list.length, page.pageNo, page.perPage),
  );
}

async function getCommit(r: ProjectReq, p: Params): Promise<void> {
  const sha = await r.repo.resolveCommit(decodeURIComponent(p.sha));
  const c = sha ? await r.repo.readCommit(sha) : null;
  if (!c) throw fail(404, { message: '404 Commit Not Found' });
  ok(r, 200, { ...commitObj(r, r.repoName, c), stats: { additions: 0, deletions: 0, total: 0 }, status: null, last_pipeline: null });
}

async function createStatus(r: ProjectReq, p: Params): Promise<void> {
  const { repo, repoName, state } = r;
  const sha = await repo.resolveCommit(decodeURIComponent(p.sha));
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
  ok(r, 201, statusObj(r, rec, typeof b.ref === 'string' ? b.ref : null));
}

// --- merge requests ----------------------------------------------------------------------

async function listMergeRequests(r: ProjectReq): Promise<void> {
  const { repo, repoName, query, state } = r;
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
  ok(r, 200, items, pageHeaders(r, listPath(r, '/merge_requests'), list.length, p.pageNo, p.perPage));
}

async function createMergeRequest(r: ProjectReq): Promise<void> {
  const { repo, repoName, state } = r;
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
    ok(r, 201, await mrObj(r, repo, mr));
  });
}

/** A handler on one merge request, the record found ("404 Not found" when it is not). */
function mergeRequest(handler: (r: ProjectReq, mr: MergeRequestRecord) => Promise<void>): (r: ProjectReq, p: Params) => Promise<void> {
  return async (r, p) => {
    if (!/^\d+$/.test(p.iid)) throw fail(404, { error: '404 Not Found' });
    const mr = r.state.mergeRequests(r.repoName).find((x) => x.iid === Number(p.iid));
    if (!mr) throw fail(404, { message: '404 Not found' });
    await handler(r, mr);
  };
}

async function getMergeRequest(r: ProjectReq, mr: MergeRequestRecord): Promise<void> {
  ok(r, 200, await mrObj(r, r.repo, mr));
}

async function updateMergeRequest(r: ProjectReq, mr: MergeRequestRecord): Promise<void> {
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
    mr.headSha = (await r.repo.refSha(`refs/heads/${mr.sourceBranch}`)) ?? mr.headSha;
    mr.state = 'closed';
    mr.closedAt = nowIso();
    mr.autoMerge = false;
  } else if (b.state_event === 'reopen' && mr.state === 'closed') {
    mr.state = 'opened';
    mr.closedAt = null;
  }
  mr.updatedAt = nowIso();
  ok(r, 200, await mrObj(r, r.repo, mr));
}

async function acceptMergeRequest(r: ProjectReq, mr: MergeRequestRecord): Promise<void> {
  const b = await body(r);
  const l = await mrLive(r, r.repo, mr);
  if (mr.state !== 'opened' || mr.draft || l.conflicts) throw fail(405, { message: '405 Method Not Allowed' });
  if (typeof b.sha === 'string' && b.sha !== l.sha) throw fail(409, { message: `SHA does not match HEAD of source branch: ${l.sha}` });
  const auto = toBool(b.auto_merge) || toBool(b.merge_when_pipeline_succeeds);
  if (l.pending || l.failed) {
    if (!auto || l.failed) throw fail(405, { message: '405 Method Not Allowed' });
    mr.autoMerge = true;
    mr.updatedAt = nowIso();
    return ok(r, 200, await mrObj(r, r.repo, mr));
  }
  await mergeMr(r, r.repo, mr, typeof b.merge_commit_message === 'string' ? b.merge_commit_message : undefined);
  ok(r, 200, await mrObj(r, r.repo, mr));
}
