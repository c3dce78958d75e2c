/**
 * GitHub REST v3 subset (GitHub Enterprise layout: `/api/v3/...`, GraphQL at `/api/graphql`)
 * over the sandbox's real bare repositories. Behaviour follows github.com where the adapters
 * depend on it: fast-forward-only ref updates, 422 on duplicates, Link pagination, rate-limit headers.
 * Every endpoint is one row of GITHUB_ROUTES; anything else answers GitHub's 404.
 */
import { posix } from 'node:path';
import type { TreeChange } from '../bare-repo.js';
import { type ForgeState, type PullRequestRecord, nowIso } from '../forge-state.js';
import { linkHeader, paginate, parseRequest, readJson, requestBase } from '../routing/http.js';
import { type Params, type RouteSpec, RouteTable } from '../routing/table.js';
import { SandboxServer, type Route } from '../server.js';
import { compareCommits, violatesSignedCommits } from './commit-on-branch.js';
import {
  type GhReq,
  HttpError,
  type RepoReq,
  decodePath,
  defaultBranch,
  jsonBody,
  notFound,
  ok,
  rateHeaders,
  sendError,
  validRepoPath,
  validation,
} from './context.js';
import { graphql } from './graphql.js';
import * as o from './objects.js';
import { live, mergePullRequest, runAutoMerge } from './pulls.js';
import { getReleaseByTag, postRelease } from './releases.js';

const GRAPHQL = '/api/graphql';
const REPO = '/api/v3/repos/:owner/:repo';

interface GhRoute extends RouteSpec<GhReq> {
  /** The handler answers a read-only token itself (GraphQL: 200 with a FORBIDDEN error), not 403. */
  checksAccess?: boolean;
}

/** A route under /repos/{owner}/{repo}: the repository is resolved (404 when missing) before `handler`. */
function repo(method: string | string[], path: string | string[], handler: (r: RepoReq, p: Params) => Promise<void> | void): GhRoute {
  return {
    method,
    path: [path].flat().map((s) => REPO + s),
    handler: (r, p) => {
      const repoName = `${decodeURIComponent(p.owner)}/${decodeURIComponent(p.repo)}`;
      const bare = r.ctx.state.repo(repoName);
      if (!bare) throw notFound();
      return handler({ ...r, repo: bare, repoName }, p);
    },
  };
}

/** Every GitHub endpoint the sandbox serves, first match wins. */
export const GITHUB_ROUTES: readonly GhRoute[] = [
  { method: 'POST', path: GRAPHQL, handler: (r) => graphql(r.ctx.state, r), checksAccess: true },
  repo('GET', '', getRepository),
  repo('GET', ['/contents{/}', '/contents/*path'], getContents),
  // git database: refs
  repo('GET', '/git/ref/*ref', getRef),
  repo('GET', '/git/matching-refs/{*prefix}', listMatchingRefs),
  repo('POST', '/git/refs', createRef),
  repo('PATCH', '/git/refs/*ref', updateRef),
  repo('DELETE', '/git/refs/*ref', deleteRef),
  // git database: objects
  repo('POST', '/git/blobs', createBlob),
  repo('GET', '/git/blobs/:sha', getBlob),
  repo('GET', '/git/commits/:sha', getGitCommit),
  repo('POST', '/git/trees', createTree),
  repo('POST', '/git/commits', createGitCommit),
  // commits and statuses
  repo('GET', '/compare/*basehead', compare),
  repo('GET', '/commits', listCommits),
  repo('POST', '/statuses/:sha', createStatus),
  repo('GET', '/commits/*ref/statuses', listStatuses),
  repo('GET', '/commits/*ref/status', combinedStatus),
  repo('GET', '/commits/*ref', getCommit),
  // pull requests and their issue side
  repo('GET', '/pulls', listPulls),
  repo('POST', '/pulls', createPull),
  repo('GET', '/pulls/:number', pull(getPull)),
  repo('PATCH', '/pulls/:number', pull(updatePull)),
  repo('PUT', '/pulls/:number/merge', pull(mergePull)),
  repo('GET', '/pulls/:number/merge', pull(isMerged)),
  repo('POST', '/pulls/:number/requested_reviewers', pull(requestReviewers)),
  repo(['POST', 'PUT'], '/issues/:number/labels', pull(setLabels)),
  repo('GET', '/issues/:number/labels', pull(listLabels)),
  repo('POST', '/issues/:number/assignees', pull(addAssignees)),
  repo('GET', '/issues/:number', pull(getIssue)),
  // releases
  repo('POST', '/releases', postRelease),
  repo('GET', '/releases/tags/*tag', getReleaseByTag),
];

const table = new RouteTable<GhReq, GhRoute>(GITHUB_ROUTES);

export function githubRoute(state: ForgeState): Route {
  return async (req, res, sandbox) => {
    const { method, path, query } = parseRequest(req);
    if (path !== GRAPHQL && !path.startsWith('/api/v3/')) return false;
    const token = SandboxServer.tokenOf(req);
    const headers = rateHeaders(state, token);
    const web = requestBase(req);
    const access = sandbox.access(req);
    const r: GhReq = { req, res, method, query, ctx: { state, web, api: `${web}/api/v3` }, headers, login: state.loginFor(token), access };
    try {
      if (access === 'none') throw new HttpError(401, token ? 'Bad credentials' : 'Requires authentication');
      const found = table.find(method, path);
      const write = method !== 'GET' && method !== 'HEAD';
      if (write && access === 'read' && !found?.route.checksAccess) throw new HttpError(403, 'Resource not accessible by personal access token');
      if (!found) throw notFound();
      await found.route.handler(r, found.params);
    } catch (e) {
      if (e instanceof HttpError) sendError(r, e);
      else throw e;
    }
    return true;
  };
}

// --- repository and contents -------------------------------------------------------------

async function getRepository(r: RepoReq): Promise<void> {
  ok(r, 200, o.repository(r.ctx, r.repoName, await defaultBranch(r.repo)));
}

async function getContents(r: RepoReq, p: Params): Promise<void> {
  const { repo, repoName, ctx, query } = r;
  const path = decodePath(p.path ?? '').replace(/\/$/, '');
  const ref = query.get('ref') || (await defaultBranch(repo));
  const commit = await repo.resolveCommit(ref);
  if (!commit) throw new HttpError(404, `No commit found for the ref ${ref}`);
  if (path === '') {
    const entries = await repo.listTree(commit, '');
    return ok(
      r,
      200,
      entries.map((e) => o.contentEntry(ctx, repoName, ref, e)),
    );
  }
  if (!validRepoPath(path)) throw notFound();
  const entry = await repo.entryAt(commit, path);
  if (!entry) throw notFound();
  if (entry.type === 'tree') {
    const entries = await repo.listTree(commit, path);
    return ok(
      r,
      200,
      entries.map((e) => o.contentEntry(ctx, repoName, ref, e)),
    );
  }
  if (entry.type === 'commit') return ok(r, 200, { ...o.contentEntry(ctx, repoName, ref, { ...entry, path }), type: 'submodule', submodule_git_url: null });
  let content = (await repo.readBlob(entry.sha)) ?? Buffer.alloc(0);
  if (entry.mode === '120000') {
    // As GitHub: a symlink to a regular file in the repository answers with that file (its own
    // path and content); any other symlink answers with an object describing the link.
    const target = posix.normalize(posix.join(posix.dirname(path), content.toString('utf8')));
    const resolved = validRepoPath(target) ? await repo.entryAt(commit, target) : null;
    if (!resolved || resolved.type !== 'blob' || resolved.mode === '120000') {
      return ok(r, 200, { ...o.contentEntry(ctx, repoName, ref, { ...entry, path }), type: 'symlink', target: content.toString('utf8') });
    }
    content = (await repo.readBlob(resolved.sha)) ?? Buffer.alloc(0);
    return ok(r, 200, o.contentFile(ctx, repoName, ref, target, resolved.sha, content), { etag: `"${resolved.sha}"` });
  }
  const accept = String(r.req.headers.accept ?? '');
  if (/vnd\.github(\.v3)?\.raw/.test(accept)) {
    r.res.writeHead(200, { ...r.headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(content.length), etag: `"${entry.sha}"` });
    r.res.end(content);
    return;
  }
  ok(r, 200, o.contentFile(ctx, repoName, ref, path, entry.sha, content), { etag: `"${entry.sha}"` });
}

// --- refs --------------------------------------------------------------------------------

async function getRef(r: RepoReq, p: Params): Promise<void> {
  const ref = `refs/${decodePath(p.ref)}`;
  const sha = await r.repo.refSha(ref);
  if (!sha || !/^refs\/(heads|tags)\//.test(ref)) throw notFound();
  ok(r, 200, o.gitRef(r.ctx, r.repoName, ref, sha));
}

async function listMatchingRefs(r: RepoReq, p: Params): Promise<void> {
  const prefix = `refs/${decodePath(p.prefix ?? '')}`;
  const refs = await r.repo.refs('refs/');
  ok(
    r,
    200,
    [...refs].filter(([n]) => n.startsWith(prefix)).map(([n, s]) => o.gitRef(r.ctx, r.repoName, n, s)),
  );
}

async function createRef(r: RepoReq): Promise<void> {
  const { repo, repoName, ctx } = r;
  const body = await jsonBody(r);
  const ref = String(body.ref ?? '');
  const sha = String(body.sha ?? '');
  if (!/^refs\/.+\/.+/.test(ref)) throw validation("Reference name must start with 'refs/' and have at least two slashes.");
  if ((await repo.objectType(sha)) !== 'commit') throw validation('Object does not exist');
  if (!(await repo.updateRef(ref, sha, null))) throw validation('Reference already exists');
  ok(r, 201, o.gitRef(ctx, repoName, ref, sha), { location: `${ctx.api}/repos/${repoName}/git/${ref}` });
}

async function deleteRef(r: RepoReq, p: Params): Promise<void> {
  const ref = `refs/${decodePath(p.ref)}`;
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
  if (!(await r.repo.refSha(ref))) throw validation('Reference does not exist');
  if (branch && r.ctx.state.protectedBranches.has(branch)) throw validation(`Cannot delete protected branch`);
  await r.repo.deleteRef(ref);
  r.res.writeHead(204, r.headers).end();
}

async function updateRef(r: RepoReq, p: Params): Promise<void> {
  const { repo, repoName, ctx } = r;
  const state = ctx.state;
  const ref = `refs/${decodePath(p.ref)}`;
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
  const body = await jsonBody(r);
  const sha = String(body.sha ?? '');
  const force = body.force === true || body.force === 'true';
  if (!/^[0-9a-f]{40}$/.test(sha) || (force && (await repo.objectType(sha)) !== 'commit')) throw validation('Object does not exist');
  if (branch && state.protectedBranches.has(branch)) {
    throw new HttpError(422, `Protected branch update failed for ${ref}.`, {
      errors: [{ resource: 'Ref', field: 'ref', code: 'custom', message: 'Changes must be made through a pull request.' }],
    });
  }
  if (branch && violatesSignedCommits(state, branch, sha)) {
    throw new HttpError(422, `Protected branch update failed for ${ref}.`, {
      errors: [{ resource: 'Ref', field: 'ref', code: 'custom', message: 'Commits must have verified signatures.' }],
    });
  }
  for (let attempt = 0; ; attempt++) {
    const current = await repo.refSha(ref);
    if (!current) throw validation('Reference does not exist');
    if (current === sha) break;
    if (!force && !(await repo.isAncestor(current, sha))) {
      if ((await repo.objectType(sha)) !== 'commit') throw validation('Object does not exist');
      throw validation('Update is not a fast forward');
    }
    if (await repo.updateRef(ref, sha, current)) break;
    // Lost a race with another writer: re-evaluate against the new head.
    if (attempt > 20) throw new HttpError(409, 'Reference update failed');
  }
  if (branch && state.pulls(repoName).some((pr) => pr.autoMerge)) await runAutoMerge(state, repo, repoName);
  ok(r, 200, o.gitRef(ctx, repoName, ref, sha));
}

// --- git objects -------------------------------------------------------------------------

async function createBlob(r: RepoReq): Promise<void> {
  const { ctx, repoName } = r;
  const body = await jsonBody(r);
  if (typeof body.content !== 'string') throw validation('Invalid request.\n\n"content" wasn\'t supplied.');
  const enc = body.encoding ?? 'utf-8';
  if (enc !== 'utf-8' && enc !== 'utf8' && enc !== 'base64') throw validation(`encoding must be either "utf-8" or "base64"`);
  const sha = await r.repo.writeBlob(enc === 'base64' ? Buffer.from(body.content, 'base64') : body.content);
  ok(r, 201, { sha, url: `${ctx.api}/repos/${repoName}/git/blobs/${sha}` }, { location: `${ctx.api}/repos/${repoName}/git/blobs/${sha}` });
}

async function getBlob(r: RepoReq, { sha }: Params): Promise<void> {
  if (!/^[0-9a-f]{40}$/.test(sha)) throw notFound();
  const content = (await r.repo.objectType(sha)) === 'blob' ? await r.repo.readBlob(sha) : null;
  if (!content) throw notFound();
  ok(r, 200, {
    sha,
    node_id: `B_${sha}`,
    size: content.length,
    url: `${r.ctx.api}/repos/${r.repoName}/git/blobs/${sha}`,
    content: content.toString('base64'),
    encoding: 'base64',
  });
}

async function getGitCommit(r: RepoReq, { sha }: Params): Promise<void> {
  if (!/^[0-9a-fA-F]{4,40}$/.test(sha)) throw notFound();
  const c = await r.repo.readCommit(sha);
  if (!c) throw notFound();
  ok(r, 200, o.gitCommit(r.ctx, r.repoName, c));
}

async function createTree(r: RepoReq): Promise<void> {
  const { repo, repoName, ctx } = r;
  const body = await jsonBody(r);
  const entries = Array.isArray(body.tree) ? (body.tree as Record<string, unknown>[]) : null;
  if (!entries) throw validation('Invalid request.\n\n"tree" wasn\'t supplied.');
  let base: string | null = null;
  if (body.base_tree !== undefined && body.base_tree !== null) {
    const t = String(body.base_tree);
    const type = await repo.objectType(t);
    if (type !== 'tree') throw validation('Invalid tree info', [{ resource: 'Tree', field: 'base_tree', code: 'invalid' }]);
    base = t;
  }
  const changes: TreeChange[] = [];
  for (const e of entries) {
    const path = String(e.path ?? '');
    const mode = String(e.mode ?? '');
    if (!validRepoPath(path) || !/^(100644|100755|040000|160000|120000)$/.test(mode)) {
      throw validation('GitRPC::BadObjectState');
    }
    if (e.content !== undefined) {
      if (typeof e.content !== 'string') throw validation('Invalid tree info');
      changes.push({ path, mode, sha: await repo.writeBlob(e.content) });
    } else if (e.sha === null) {
      changes.push({ path, mode, sha: null });
    } else {
      const sha = String(e.sha ?? '');
      const type = await repo.objectType(sha);
      if (!type && mode !== '160000') throw validation('Invalid tree info', [{ resource: 'Tree', field: 'sha', code: 'invalid' }]);
      changes.push({ path, mode, sha });
    }
  }
  const tree = await repo.buildTree(base, changes);
  const listed = await repo.listTree(tree, '');
  ok(
    r,
    201,
    {
      sha: tree,
      url: `${ctx.api}/repos/${repoName}/git/trees/${tree}`,
      tree: listed.map((e) => ({
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(e.type === 'blob' ? { size: e.size } : {}),
        url: `${ctx.api}/repos/${repoName}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
      })),
      truncated: false,
    },
    { location: `${ctx.api}/repos/${repoName}/git/trees/${tree}` },
  );
}

async function createGitCommit(r: RepoReq): Promise<void> {
  const { repo, repoName, ctx } = r;
  const body = await jsonBody(r);
  if (typeof body.message !== 'string') throw validation('Invalid request.\n\n"message" wasn\'t supplied.');
  const tree = String(body.tree ?? '');
  const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
  if (!/^[0-9a-f]{40}$/.test(tree) || (await repo.objectType(tree)) !== 'tree') throw validation('Tree SHA does not exist');
  for (const p of parents) {
    if (!/^[0-9a-f]{40}$/.test(p)) throw validation('Parent SHA does not exist or is not a commit object');
  }
  const person = (v: unknown) => {
    const p = (v ?? {}) as Record<string, unknown>;
    return {
      name: typeof p.name === 'string' ? p.name : r.login,
      email: typeof p.email === 'string' ? p.email : `${r.login}@users.noreply.sandbox.invalid`,
      date: typeof p.date === 'string' ? p.date : undefined,
    };
  };
  const author = person(body.author);
  const committer = body.committer ? person(body.committer) : author;
  const sha = await repo.commitTree(tree, parents, body.message, author, committer).catch(() => {
    throw validation('Parent SHA does not exist or is not a commit object');
  });
  const c = await repo.readCommit(sha);
  ok(r, 201, o.gitCommit(ctx, repoName, c!), { location: `${ctx.api}/repos/${repoName}/git/commits/${sha}` });
}

// --- commits and statuses ----------------------------------------------------------------

async function compare(r: RepoReq, p: Params): Promise<void> {
  const cmp = await compareCommits(r.ctx, r.repo, r.repoName, decodePath(p.basehead));
  if (!cmp) throw notFound();
  ok(r, 200, cmp);
}

async function listCommits(r: RepoReq): Promise<void> {
  const { repo, repoName, ctx, query } = r;
  const ref = query.get('sha') || (await defaultBranch(repo));
  const path = query.get('path') ?? undefined;
  const commit = await repo.resolveCommit(ref);
  if (!commit) throw new HttpError(404, `No commit found for SHA: ${ref}`);
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page')) || 30));
  const pageNo = Math.max(1, Number(query.get('page')) || 1);
  const total = await repo.count(commit, path);
  const items = await repo.log(commit, { path, skip: (pageNo - 1) * perPage, max: perPage });
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const link = linkHeader(ctx.web, `/api/v3/repos/${repoName}/commits`, query, pageNo, totalPages);
  ok(
    r,
    200,
    items.map((c) => o.commit(ctx, repoName, c)),
    link ? { link } : {},
  );
}

async function createStatus(r: RepoReq, p: Params): Promise<void> {
  const { repo, repoName, ctx } = r;
  const state = ctx.state;
  const sha = await repo.resolveCommit(decodeURIComponent(p.sha));
  if (!sha) throw validation(`No commit found for SHA: ${decodeURIComponent(p.sha)}`);
  const body = await jsonBody(r);
  const st = String(body.state ?? '');
  if (!['error', 'failure', 'pending', 'success'].includes(st)) {
    throw validation('Validation Failed', [{ resource: 'Status', field: 'state', code: 'custom', message: 'state is not included in the list' }]);
  }
  const now = nowIso();
  const rec = {
    id: state.nextId(),
    sha,
    context: typeof body.context === 'string' && body.context ? body.context : 'default',
    state: st as 'success',
    description: typeof body.description === 'string' ? body.description : null,
    targetUrl: typeof body.target_url === 'string' ? body.target_url : null,
    createdAt: now,
    updatedAt: now,
    creator: r.login,
  };
  state.statuses(repoName).push(rec);
  await runAutoMerge(state, repo, repoName);
  ok(r, 201, o.status(ctx, repoName, rec), { location: `${ctx.api}/repos/${repoName}/statuses/${sha}` });
}

async function resolveRef(r: RepoReq, encoded: string): Promise<string> {
  const ref = decodePath(encoded);
  const sha = await r.repo.resolveCommit(ref);
  if (!sha) throw new HttpError(404, `No commit found for SHA: ${ref}`);
  return sha;
}

async function listStatuses(r: RepoReq, p: Params): Promise<void> {
  const { repoName, ctx, query } = r;
  const sha = await resolveRef(r, p.ref);
  const all = [...ctx.state.statuses(repoName, sha)].reverse();
  const page = paginate(all, query);
  const link = linkHeader(ctx.web, `/api/v3/repos/${repoName}/commits/${p.ref}/statuses`, query, page.pageNo, page.totalPages);
  ok(
    r,
    200,
    page.page.map((s) => o.status(ctx, repoName, s)),
    link ? { link } : {},
  );
}

async function combinedStatus(r: RepoReq, p: Params): Promise<void> {
  const { repo, repoName, ctx, query } = r;
  const sha = await resolveRef(r, p.ref);
  const latest = ctx.state.latestStatuses(repoName, sha);
  const page = paginate(latest, query, 100);
  const repoObj = o.repository(ctx, repoName, await defaultBranch(repo));
  ok(r, 200, {
    state: o.combinedState(latest),
    statuses: page.page.map((s) => {
      const full = o.status(ctx, repoName, s);
      const { creator: _c, ...simple } = full;
      return simple;
    }),
    sha,
    total_count: latest.length,
    repository: repoObj,
    commit_url: `${ctx.api}/repos/${repoName}/commits/${sha}`,
    url: `${ctx.api}/repos/${repoName}/commits/${sha}/status`,
  });
}

/** One commit by SHA, branch (`heads/main`) or tag; what the adapter reads a head with. */
async function getCommit(r: RepoReq, p: Params): Promise<void> {
  const ref = decodePath(p.ref);
  const sha = await r.repo.resolveCommit(ref);
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  const [c] = await r.repo.log(sha, { max: 1 });
  ok(r, 200, o.commit(r.ctx, r.repoName, c));
}

// --- pull requests -----------------------------------------------------------------------

async function listPulls(r: RepoReq): Promise<void> {
  const { repo, repoName, ctx, query } = r;
  const state = ctx.state;
  const st = query.get('state') ?? 'open';
  const base = query.get('base');
  const head = query.get('head');
  const owner = repoName.split('/')[0];
  const list = state
    .pulls(repoName)
    .filter((p) => st === 'all' || p.state === st)
    .filter((p) => !base || p.base === base)
    .filter((p) => {
      if (!head) return true;
      const [ho, hb] = head.includes(':') ? head.split(':', 2) : [head, undefined];
      return ho === owner && (hb === undefined || p.head === hb);
    })
    .sort((a, b) => (query.get('direction') === 'asc' ? a.number - b.number : b.number - a.number));
  const p = paginate(list, query);
  const def = await defaultBranch(repo);
  const heads = await repo.refs('refs/heads/');
  const items = [];
  for (const pr of p.page) items.push(o.pullRequest(ctx, pr, await live(state, repo, pr, heads), def, false));
  const link = linkHeader(ctx.web, `/api/v3/repos/${repoName}/pulls`, query, p.pageNo, p.totalPages);
  ok(r, 200, items, link ? { link } : {});
}

async function createPull(r: RepoReq): Promise<void> {
  const { repo, repoName, ctx } = r;
  const state = ctx.state;
  const body = await jsonBody(r);
  const owner = repoName.split('/')[0];
  const title = typeof body.title === 'string' ? body.title : '';
  let head = String(body.head ?? '');
  if (head.includes(':')) {
    const [ho, hb] = head.split(':', 2);
    if (ho !== owner) throw validation('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    head = hb!;
  }
  const base = String(body.base ?? '');
  if (!title) throw validation('Validation Failed', [{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
  return state.exclusive(`${repoName}:pulls`, async () => {
    const headSha = await repo.refSha(`refs/heads/${head}`);
    const baseSha = await repo.refSha(`refs/heads/${base}`);
    if (!headSha) throw validation('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (!baseSha) throw validation('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    const dup = state.pulls(repoName).find((p) => p.state === 'open' && p.head === head && p.base === base);
    if (dup) {
      throw validation('Validation Failed', [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${head}.` }]);
    }
    if (await repo.isAncestor(headSha, baseSha)) {
      throw validation('Validation Failed', [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }]);
    }
    const now = nowIso();
    const pr: PullRequestRecord = {
      repo: repoName,
      number: state.pulls(repoName).length + 1,
      id: state.nextId(),
      title,
      body: typeof body.body === 'string' ? body.body : null,
      head,
      base,
      state: 'open',
      draft: body.draft === true,
      merged: false,
      mergeCommitSha: null,
      mergedAt: null,
      closedAt: null,
      createdAt: now,
      updatedAt: now,
      labels: [],
      reviewers: [],
      assignees: [],
      autoMerge: null,
      user: r.login,
    };
    state.pulls(repoName).push(pr);
    const def = await defaultBranch(repo);
    ok(r, 201, o.pullRequest(ctx, pr, await live(state, repo, pr), def, true), {
      location: `${ctx.api}/repos/${repoName}/pulls/${pr.number}`,
    });
  });
}

/** A request on one pull request (or its issue), the record found (404 when it is not). */
interface PullReq extends RepoReq {
  pr: PullRequestRecord;
  defaultBranch: string;
  /** The full pull-request object, mergeability included. */
  full: () => Promise<unknown>;
}

function pull(handler: (r: PullReq) => Promise<void> | void): (r: RepoReq, p: Params) => Promise<void> {
  return async (r, p) => {
    const pr = /^\d+$/.test(p.number) ? r.ctx.state.pulls(r.repoName).find((x) => x.number === Number(p.number)) : undefined;
    if (!pr) throw notFound();
    const def = await defaultBranch(r.repo);
    await handler({ ...r, pr, defaultBranch: def, full: async () => o.pullRequest(r.ctx, pr, await live(r.ctx.state, r.repo, pr), def, true) });
  };
}

async function getPull(r: PullReq): Promise<void> {
  ok(r, 200, await r.full());
}

async function updatePull(r: PullReq): Promise<void> {
  const { pr, repo } = r;
  const body = await jsonBody(r);
  if (typeof body.title === 'string') pr.title = body.title;
  if (typeof body.body === 'string') pr.body = body.body;
  if (typeof body.base === 'string') {
    if (!(await repo.refSha(`refs/heads/${body.base}`))) throw validation('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    pr.base = body.base;
  }
  if (body.state === 'closed' && pr.state === 'open') {
    pr.headSha = (await repo.refSha(`refs/heads/${pr.head}`)) ?? pr.headSha;
    pr.state = 'closed';
    pr.closedAt = nowIso();
    pr.autoMerge = null;
  } else if (body.state === 'open' && pr.state === 'closed' && !pr.merged) {
    pr.state = 'open';
    pr.closedAt = null;
  }
  pr.updatedAt = nowIso();
  ok(r, 200, await r.full());
}

async function mergePull(r: PullReq): Promise<void> {
  const { pr, repo, repoName } = r;
  const body = await jsonBody(r);
  const mm = typeof body.merge_method === 'string' ? body.merge_method : 'merge';
  if (!['merge', 'squash', 'rebase'].includes(mm)) throw validation('Validation Failed', [{ resource: 'PullRequest', field: 'merge_method', code: 'invalid' }]);
  if (r.ctx.state.latestStatuses(repoName, (await repo.refSha(`refs/heads/${pr.head}`)) ?? '').some((s) => s.state !== 'success')) {
    throw new HttpError(405, 'Required status check is expected.');
  }
  const sha = await mergePullRequest(r.ctx.state, repo, pr, {
    method: mm,
    title: typeof body.commit_title === 'string' ? body.commit_title : undefined,
    message: typeof body.commit_message === 'string' ? body.commit_message : undefined,
    sha: typeof body.sha === 'string' ? body.sha : undefined,
    by: r.login,
  });
  ok(r, 200, { sha, merged: true, message: 'Pull Request successfully merged' });
}

function isMerged(r: PullReq): void {
  r.res.writeHead(r.pr.merged ? 204 : 404, r.headers).end();
}

async function requestReviewers(r: PullReq): Promise<void> {
  const { pr, repoName } = r;
  const body = await jsonBody(r);
  const reviewers = Array.isArray(body.reviewers) ? body.reviewers.map(String) : [];
  if (reviewers.includes(pr.user)) {
    throw validation(
      'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ' +
        `${repoName} repository.`,
    );
  }
  for (const rv of reviewers) if (!pr.reviewers.includes(rv)) pr.reviewers.push(rv);
  pr.updatedAt = nowIso();
  ok(r, 201, o.pullRequest(r.ctx, pr, await live(r.ctx.state, r.repo, pr), r.defaultBranch, false));
}

/** POST adds labels, PUT replaces them. */
async function setLabels(r: PullReq): Promise<void> {
  const { pr } = r;
  const raw = await readJson(r.req);
  if (raw === undefined) throw new HttpError(400, 'Problems parsing JSON');
  const labels = (Array.isArray(raw.labels) ? raw.labels : []).map((l: unknown) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name ?? '')));
  if (r.method === 'PUT') pr.labels = [];
  for (const l of labels) if (l && !pr.labels.includes(l)) pr.labels.push(l);
  pr.updatedAt = nowIso();
  listLabels(r);
}

function listLabels(r: PullReq): void {
  ok(
    r,
    200,
    r.pr.labels.map((l) => o.label(r.ctx, r.repoName, l)),
  );
}

async function addAssignees(r: PullReq): Promise<void> {
  const { pr } = r;
  const body = await jsonBody(r);
  for (const a of Array.isArray(body.assignees) ? body.assignees.map(String) : []) if (!pr.assignees.includes(a)) pr.assignees.push(a);
  pr.updatedAt = nowIso();
  ok(r, 201, o.issue(r.ctx, pr));
}

function getIssue(r: PullReq): void {
  ok(r, 200, o.issue(r.ctx, r.pr));
}
