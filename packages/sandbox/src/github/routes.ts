/**
 * GitHub REST v3 subset (GitHub Enterprise layout: `/api/v3/...`, GraphQL at `/api/graphql`)
 * over the sandbox's real bare repositories. Behaviour follows github.com where the adapters
 * depend on it: fast-forward-only ref updates, 422 on duplicates, Link pagination, rate-limit headers.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix } from 'node:path';
import {
  type BareRepo,
  type ForgeState,
  type PullRequestRecord,
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
import * as o from './objects.js';
import { githubReleaseRoute } from './releases.js';
import { compareCommits, createCommitOnBranch, violatesSignedCommits } from './commit-on-branch.js';

const DOCS = 'https://docs.github.com/rest';

interface GhReq {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  query: URLSearchParams;
  ctx: o.Ctx;
  headers: Record<string, string>;
  login: string;
  access: 'none' | 'read' | 'write';
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const notFound = () => new HttpError(404, 'Not Found');
const validation = (message: string, errors?: unknown[]) => new HttpError(422, message, errors ? { errors } : {});

function rateHeaders(state: ForgeState, token: string | undefined): Record<string, string> {
  const key = token ?? '';
  const used = (state.rateUsed.get(key) ?? 0) + 1;
  state.rateUsed.set(key, used);
  const limit = token ? 5000 : 60;
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(Math.max(0, limit - used)),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': String(used),
    'x-ratelimit-resource': 'core',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': randomUUID().toUpperCase().slice(0, 23),
  };
}

function sendError(r: { res: ServerResponse; headers: Record<string, string> }, e: HttpError): void {
  sendJson(r.res, e.status, { message: e.message, documentation_url: DOCS, status: String(e.status), ...e.extra }, r.headers);
}

async function defaultBranch(repo: BareRepo): Promise<string> {
  const refs = await repo.refs('refs/heads/');
  // HEAD of a bare repo names the default branch.
  const { readFile } = await import('node:fs/promises');
  const head = (await readFile(`${repo.path}/HEAD`, 'utf8').catch(() => '')).trim();
  const m = /^ref: refs\/heads\/(.+)$/.exec(head);
  if (m && refs.has(`refs/heads/${m[1]}`)) return m[1];
  if (m && refs.size === 0) return m[1];
  return [...refs.keys()][0]?.slice('refs/heads/'.length) ?? 'main';
}

/** Mergeability of a pull request, computed from the real repository. */
async function live(state: ForgeState, repo: BareRepo, pr: PullRequestRecord, heads?: Map<string, string>): Promise<o.PrLive> {
  const ref = async (b: string) => (heads ? heads.get(`refs/heads/${b}`) : await repo.refSha(`refs/heads/${b}`)) ?? null;
  const headSha = (pr.state === 'open' ? await ref(pr.head) : null) ?? pr.headSha ?? '';
  const baseSha = (await ref(pr.base)) ?? '';
  let mergeableState = 'unknown';
  let mergeable: boolean | null = null;
  let commits = 0;
  let changedFiles = 0;
  // Lists (pull-request-simple) carry no mergeability: skip the expensive part.
  if (headSha && baseSha && !heads) {
    const mb = await repo.mergeBase(baseSha, headSha);
    commits = (await repo.log(mb ? `${mb}..${headSha}` : headSha)).length;
    changedFiles = mb ? (await repo.changedPaths(mb, headSha)).length : 0;
    if (pr.state === 'open') {
      const tree = await repo.mergeTree(baseSha, headSha);
      mergeable = tree !== null;
      const latest = state.latestStatuses(pr.repo, headSha);
      if (pr.draft) mergeableState = 'draft';
      else if (!mergeable) mergeableState = 'dirty';
      else if (state.protectedBranches.has(pr.base) || latest.some((s) => s.state !== 'success')) mergeableState = 'blocked';
      else mergeableState = 'clean';
    }
  }
  return { headSha, baseSha, mergeableState, mergeable, commits, changedFiles };
}

/** Merge a pull request for real (merge commit, or one squashed commit for squash/rebase). */
export async function mergePullRequest(
  state: ForgeState,
  repo: BareRepo,
  pr: PullRequestRecord,
  opts: { method?: string; title?: string; message?: string; sha?: string; by: string },
): Promise<string> {
  return state.exclusive(`${pr.repo}:merge`, async () => {
    if (pr.state !== 'open') throw new HttpError(405, 'Pull Request is not mergeable');
    const headSha = await repo.refSha(`refs/heads/${pr.head}`);
    const baseSha = await repo.refSha(`refs/heads/${pr.base}`);
    if (!headSha || !baseSha) throw new HttpError(405, 'Pull Request is not mergeable');
    if (opts.sha && opts.sha !== headSha) throw new HttpError(409, 'Head branch was modified. Review and try again.');
    if (pr.draft) throw new HttpError(405, 'Pull Request is still a draft');
    const tree = await repo.mergeTree(baseSha, headSha);
    if (!tree) throw new HttpError(405, 'Pull Request is not mergeable');
    const method = opts.method ?? 'merge';
    const owner = pr.repo.split('/')[0];
    const who = { name: opts.by, email: `${opts.by}@users.noreply.sandbox.invalid` };
    const sha =
      method === 'merge'
        ? await repo.commitTree(
            tree,
            [baseSha, headSha],
            `${opts.title ?? `Merge pull request #${pr.number} from ${owner}/${pr.head}`}\n\n${opts.message ?? pr.title}\n`,
            who,
          )
        : await repo.commitTree(tree, [baseSha], `${opts.title ?? `${pr.title} (#${pr.number})`}\n\n${opts.message ?? pr.body ?? ''}\n`, who);
    if (!(await repo.updateRef(`refs/heads/${pr.base}`, sha, baseSha))) {
      throw new HttpError(405, 'Base branch was modified. Review and try again.');
    }
    const now = nowIso();
    Object.assign(pr, { state: 'closed', merged: true, mergeCommitSha: sha, mergedAt: now, closedAt: now, updatedAt: now, headSha, autoMerge: null });
    return sha;
  });
}

/** Merge pull requests whose auto-merge is on and whose requirements now pass. */
async function runAutoMerge(state: ForgeState, repo: BareRepo, repoName: string): Promise<void> {
  for (const pr of state.pulls(repoName)) {
    if (pr.state !== 'open' || !pr.autoMerge) continue;
    const l = await live(state, repo, pr);
    if (l.mergeableState !== 'clean') continue;
    await mergePullRequest(state, repo, pr, { method: pr.autoMerge.method, by: pr.autoMerge.by }).catch(() => undefined);
  }
}

function decodePath(encoded: string): string {
  return encoded
    .split('/')
    .map((s) => decodeURIComponent(s))
    .join('/');
}

function validRepoPath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.split('/').some((s) => s === '' || s === '.' || s === '..' || s === '.git');
}

export function githubRoute(state: ForgeState): Route {
  return async (req, res, sandbox) => {
    const { method, path, query } = parseRequest(req);
    const isGraphql = path === '/api/graphql';
    if (!isGraphql && !path.startsWith('/api/v3/')) return false;
    const token = SandboxServer.tokenOf(req);
    const headers = rateHeaders(state, token);
    const web = requestBase(req);
    const ctx: o.Ctx = { state, web, api: `${web}/api/v3` };
    const access = sandbox.access(req);
    const r: GhReq = { req, res, method, query, ctx, headers, login: state.loginFor(token), access };
    try {
      if (access === 'none') throw new HttpError(401, token ? 'Bad credentials' : 'Requires authentication');
      if (isGraphql) {
        await graphql(state, r);
        return true;
      }
      const write = method !== 'GET' && method !== 'HEAD';
      if (write && access === 'read') throw new HttpError(403, 'Resource not accessible by personal access token');
      const m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
      if (!m) throw notFound();
      const repoName = `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`;
      const repo = state.repo(repoName);
      if (!repo) throw notFound();
      await repoRoute(state, r, repo, repoName, m[3] ?? '');
    } catch (e) {
      if (e instanceof HttpError) sendError(r, e);
      else throw e;
    }
    return true;
  };
}

async function repoRoute(state: ForgeState, r: GhReq, repo: BareRepo, repoName: string, rest: string): Promise<void> {
  const { method, query, ctx, res, headers } = r;
  const ok = (status: number, body: unknown, extra: Record<string, string> = {}) => sendJson(res, status, body, { ...headers, ...extra });
  let m: RegExpExecArray | null;

  if (rest === '' && method === 'GET') return ok(200, o.repository(ctx, repoName, await defaultBranch(repo)));

  // --- contents -------------------------------------------------------------------------
  if ((m = /^\/contents(?:\/(.*))?$/.exec(rest)) && method === 'GET') {
    const path = decodePath(m[1] ?? '').replace(/\/$/, '');
    const ref = query.get('ref') || (await defaultBranch(repo));
    const commit = await repo.resolveCommit(ref);
    if (!commit) throw new HttpError(404, `No commit found for the ref ${ref}`);
    if (path === '') {
      const entries = await repo.listTree(commit, '');
      return ok(
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
        200,
        entries.map((e) => o.contentEntry(ctx, repoName, ref, e)),
      );
    }
    if (entry.type === 'commit') return ok(200, { ...o.contentEntry(ctx, repoName, ref, { ...entry, path }), type: 'submodule', submodule_git_url: null });
    let content = (await repo.readBlob(entry.sha)) ?? Buffer.alloc(0);
    if (entry.mode === '120000') {
      // As GitHub: a symlink to a regular file in the repository answers with that file (its own
      // path and content); any other symlink answers with an object describing the link.
      const target = posix.normalize(posix.join(posix.dirname(path), content.toString('utf8')));
      const resolved = validRepoPath(target) ? await repo.entryAt(commit, target) : null;
      if (!resolved || resolved.type !== 'blob' || resolved.mode === '120000') {
        return ok(200, { ...o.contentEntry(ctx, repoName, ref, { ...entry, path }), type: 'symlink', target: content.toString('utf8') });
      }
      content = (await repo.readBlob(resolved.sha)) ?? Buffer.alloc(0);
      return ok(200, o.contentFile(ctx, repoName, ref, target, resolved.sha, content), { etag: `"${resolved.sha}"` });
    }
    const accept = String(r.req.headers.accept ?? '');
    if (/vnd\.github(\.v3)?\.raw/.test(accept)) {
      res.writeHead(200, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(content.length), etag: `"${entry.sha}"` });
      res.end(content);
      return;
    }
    return ok(200, o.contentFile(ctx, repoName, ref, path, entry.sha, content), { etag: `"${entry.sha}"` });
  }

  // --- refs -----------------------------------------------------------------------------
  if ((m = /^\/git\/ref\/(.+)$/.exec(rest)) && method === 'GET') {
    const ref = `refs/${decodePath(m[1])}`;
    const sha = await repo.refSha(ref);
    if (!sha || !/^refs\/(heads|tags)\//.test(ref)) throw notFound();
    return ok(200, o.gitRef(ctx, repoName, ref, sha));
  }
  if ((m = /^\/git\/matching-refs\/(.*)$/.exec(rest)) && method === 'GET') {
    const prefix = `refs/${decodePath(m[1])}`;
    const refs = await repo.refs('refs/');
    return ok(
      200,
      [...refs].filter(([n]) => n.startsWith(prefix)).map(([n, s]) => o.gitRef(ctx, repoName, n, s)),
    );
  }
  if (rest === '/git/refs' && method === 'POST') {
    const body = await jsonBody(r);
    const ref = String(body.ref ?? '');
    const sha = String(body.sha ?? '');
    if (!/^refs\/.+\/.+/.test(ref)) throw validation("Reference name must start with 'refs/' and have at least two slashes.");
    if ((await repo.objectType(sha)) !== 'commit') throw validation('Object does not exist');
    if (!(await repo.updateRef(ref, sha, null))) throw validation('Reference already exists');
    return ok(201, o.gitRef(ctx, repoName, ref, sha), { location: `${ctx.api}/repos/${repoName}/git/${ref}` });
  }
  if ((m = /^\/git\/refs\/(.+)$/.exec(rest)) && (method === 'PATCH' || method === 'DELETE')) {
    const ref = `refs/${decodePath(m[1])}`;
    const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
    if (method === 'DELETE') {
      if (!(await repo.refSha(ref))) throw validation('Reference does not exist');
      if (branch && state.protectedBranches.has(branch)) throw validation(`Cannot delete protected branch`);
      await repo.deleteRef(ref);
      res.writeHead(204, headers).end();
      return;
    }
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
    if (branch && state.pulls(repoName).some((p) => p.autoMerge)) await runAutoMerge(state, repo, repoName);
    return ok(200, o.gitRef(ctx, repoName, ref, sha));
  }

  // --- git objects ----------------------------------------------------------------------
  if (rest === '/git/blobs' && method === 'POST') {
    const body = await jsonBody(r);
    if (typeof body.content !== 'string') throw validation('Invalid request.\n\n"content" wasn\'t supplied.');
    const enc = body.encoding ?? 'utf-8';
    if (enc !== 'utf-8' && enc !== 'utf8' && enc !== 'base64') throw validation(`encoding must be either "utf-8" or "base64"`);
    const sha = await repo.writeBlob(enc === 'base64' ? Buffer.from(body.content, 'base64') : body.content);
    return ok(201, { sha, url: `${ctx.api}/repos/${repoName}/git/blobs/${sha}` }, { location: `${ctx.api}/repos/${repoName}/git/blobs/${sha}` });
  }
  if ((m = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(rest)) && method === 'GET') {
    const content = (await repo.objectType(m[1])) === 'blob' ? await repo.readBlob(m[1]) : null;
    if (!content) throw notFound();
    return ok(200, {
      sha: m[1],
      node_id: `B_${m[1]}`,
      size: content.length,
      url: `${ctx.api}/repos/${repoName}/git/blobs/${m[1]}`,
      content: content.toString('base64'),
      encoding: 'base64',
    });
  }
  if ((m = /^\/git\/commits\/([0-9a-fA-F]{4,40})$/.exec(rest)) && method === 'GET') {
    const c = await repo.readCommit(m[1]);
    if (!c) throw notFound();
    return ok(200, o.gitCommit(ctx, repoName, c));
  }
  if (rest === '/git/trees' && method === 'POST') {
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
    return ok(
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
  if (rest === '/git/commits' && method === 'POST') {
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
    return ok(201, o.gitCommit(ctx, repoName, c!), { location: `${ctx.api}/repos/${repoName}/git/commits/${sha}` });
  }

  // --- commits and statuses ---------------------------------------------------------------
  if ((m = /^\/compare\/(.+)$/.exec(rest)) && method === 'GET') {
    const cmp = await compareCommits(ctx, repo, repoName, decodePath(m[1]));
    if (!cmp) throw notFound();
    return ok(200, cmp);
  }
  if (rest === '/commits' && method === 'GET') {
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
    return ok(
      200,
      items.map((c) => o.commit(ctx, repoName, c)),
      link ? { link } : {},
    );
  }
  if ((m = /^\/statuses\/([^/]+)$/.exec(rest)) && method === 'POST') {
    const sha = await repo.resolveCommit(decodeURIComponent(m[1]));
    if (!sha) throw validation(`No commit found for SHA: ${decodeURIComponent(m[1])}`);
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
    return ok(201, o.status(ctx, repoName, rec), { location: `${ctx.api}/repos/${repoName}/statuses/${sha}` });
  }
  if ((m = /^\/commits\/(.+)\/(status|statuses)$/.exec(rest)) && method === 'GET') {
    const ref = decodePath(m[1]);
    const sha = await repo.resolveCommit(ref);
    if (!sha) throw new HttpError(404, `No commit found for SHA: ${ref}`);
    if (m[2] === 'statuses') {
      const all = [...state.statuses(repoName, sha)].reverse();
      const p = paginate(all, query);
      const link = linkHeader(ctx.web, `/api/v3/repos/${repoName}/commits/${m[1]}/statuses`, query, p.pageNo, p.totalPages);
      return ok(
        200,
        p.page.map((s) => o.status(ctx, repoName, s)),
        link ? { link } : {},
      );
    }
    const latest = state.latestStatuses(repoName, sha);
    const p = paginate(latest, query, 100);
    const repoObj = o.repository(ctx, repoName, await defaultBranch(repo));
    return ok(200, {
      state: o.combinedState(latest),
      statuses: p.page.map((s) => {
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

  if ((m = /^\/commits\/(.+)$/.exec(rest)) && method === 'GET') {
    // One commit by SHA, branch (`heads/main`) or tag; what the adapter reads a head with.
    const ref = decodePath(m[1]);
    const sha = await repo.resolveCommit(ref);
    if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`);
    const [c] = await repo.log(sha, { max: 1 });
    return ok(200, o.commit(ctx, repoName, c));
  }

  // --- pull requests ----------------------------------------------------------------------
  if (rest === '/pulls' && method === 'GET') {
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
    return ok(200, items, link ? { link } : {});
  }
  if (rest === '/pulls' && method === 'POST') {
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
      return ok(201, o.pullRequest(ctx, pr, await live(state, repo, pr), def, true), {
        location: `${ctx.api}/repos/${repoName}/pulls/${pr.number}`,
      });
    });
  }
  if ((m = /^\/(pulls|issues)\/(\d+)(\/.*)?$/.exec(rest))) {
    const pr = state.pulls(repoName).find((p) => p.number === Number(m![2]));
    if (!pr) throw notFound();
    const sub = m[3] ?? '';
    const kind = m[1];
    const def = await defaultBranch(repo);
    const full = async () => o.pullRequest(ctx, pr, await live(state, repo, pr), def, true);
    if (kind === 'pulls' && sub === '' && method === 'GET') return ok(200, await full());
    if (kind === 'pulls' && sub === '' && method === 'PATCH') {
      const body = await jsonBody(r);
      if (typeof body.title === 'string') pr.title = body.title;
      if (typeof body.body === 'string') pr.body = body.body;
      if (typeof body.base === 'string') {
        if (!(await repo.refSha(`refs/heads/${body.base}`)))
          throw validation('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
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
      return ok(200, await full());
    }
    if (kind === 'pulls' && sub === '/merge' && method === 'PUT') {
      const body = await jsonBody(r);
      const mm = typeof body.merge_method === 'string' ? body.merge_method : 'merge';
      if (!['merge', 'squash', 'rebase'].includes(mm))
        throw validation('Validation Failed', [{ resource: 'PullRequest', field: 'merge_method', code: 'invalid' }]);
      if (state.latestStatuses(repoName, (await repo.refSha(`refs/heads/${pr.head}`)) ?? '').some((s) => s.state !== 'success')) {
        throw new HttpError(405, 'Required status check is expected.');
      }
      const sha = await mergePullRequest(state, repo, pr, {
        method: mm,
        title: typeof body.commit_title === 'string' ? body.commit_title : undefined,
        message: typeof body.commit_message === 'string' ? body.commit_message : undefined,
        sha: typeof body.sha === 'string' ? body.sha : undefined,
        by: r.login,
      });
      return ok(200, { sha, merged: true, message: 'Pull Request successfully merged' });
    }
    if (kind === 'pulls' && sub === '/merge' && method === 'GET') {
      res.writeHead(pr.merged ? 204 : 404, headers).end();
      return;
    }
    if (kind === 'pulls' && sub === '/requested_reviewers' && method === 'POST') {
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
      return ok(201, o.pullRequest(ctx, pr, await live(state, repo, pr), def, false));
    }
    if (kind === 'issues' && sub === '/labels' && (method === 'POST' || method === 'PUT')) {
      const raw = await readJson(r.req);
      if (raw === undefined) throw new HttpError(400, 'Problems parsing JSON');
      const labels = (Array.isArray(raw.labels) ? raw.labels : []).map((l: unknown) =>
        typeof l === 'string' ? l : String((l as { name?: unknown }).name ?? ''),
      );
      if (method === 'PUT') pr.labels = [];
      for (const l of labels) if (l && !pr.labels.includes(l)) pr.labels.push(l);
      pr.updatedAt = nowIso();
      return ok(
        200,
        pr.labels.map((l) => o.label(ctx, repoName, l)),
      );
    }
    if (kind === 'issues' && sub === '/labels' && method === 'GET')
      return ok(
        200,
        pr.labels.map((l) => o.label(ctx, repoName, l)),
      );
    if (kind === 'issues' && sub === '/assignees' && method === 'POST') {
      const body = await jsonBody(r);
      for (const a of Array.isArray(body.assignees) ? body.assignees.map(String) : []) if (!pr.assignees.includes(a)) pr.assignees.push(a);
      pr.updatedAt = nowIso();
      return ok(201, o.issue(ctx, pr));
    }
    if (kind === 'issues' && sub === '' && method === 'GET') return ok(200, o.issue(ctx, pr));
  }
  const release = await githubReleaseRoute(state, r, repo, repoName, rest, () => defaultBranch(repo));
  if (release) return ok(release.status, release.body);
  throw notFound();
}

async function jsonBody(r: GhReq): Promise<Record<string, unknown>> {
  const body = await readJson(r.req);
  if (body === undefined) throw new HttpError(400, 'Problems parsing JSON');
  return body;
}

// --- GraphQL (just enough for auto-merge) ------------------------------------------------

async function graphql(state: ForgeState, r: GhReq): Promise<void> {
  const body = await readJson(r.req);
  const q = typeof body?.query === 'string' ? body.query : '';
  const vars = (body?.variables ?? {}) as Record<string, unknown>;
  const send = (data: unknown, errors?: unknown[]) => sendJson(r.res, 200, errors ? { data, errors } : { data }, r.headers);
  if (/enablePullRequestAutoMerge/.test(q)) {
    const inline = /pullRequestId:\s*"([^"]+)"/.exec(q)?.[1];
    const id = String(Object.values(vars).find((v) => typeof v === 'string' && v.startsWith('PR_')) ?? inline ?? '');
    const methodVar = Object.values(vars).find((v) => typeof v === 'string' && /^(MERGE|SQUASH|REBASE)$/.test(v));
    const method = String(methodVar ?? /mergeMethod:\s*(MERGE|SQUASH|REBASE)/.exec(q)?.[1] ?? 'MERGE').toLowerCase() as 'merge';
    const err = (message: string, type = 'UNPROCESSABLE') =>
      send({ enablePullRequestAutoMerge: null }, [{ type, path: ['enablePullRequestAutoMerge'], locations: [{ line: 2, column: 3 }], message }]);
    const ref = o.parsePrNodeId(id);
    const pr = ref ? state.pulls(ref.repo).find((p) => p.number === ref.number) : undefined;
    const repo = ref ? state.repo(ref.repo) : null;
    if (!pr || !repo) return err(`Could not resolve to a node with the global id of '${id}'`, 'NOT_FOUND');
    if (r.access === 'read') return err('Resource not accessible by personal access token', 'FORBIDDEN');
    if (pr.state !== 'open') return err('Pull request is not open');
    if (!state.allowAutoMerge) return err('Pull request Auto merge is not allowed for this repository');
    const l = await live(state, repo, pr);
    if (l.mergeableState === 'clean') return err('Pull request Pull request is in clean status');
    if (l.mergeableState === 'dirty') return err('Pull request Pull request is not mergeable');
    pr.autoMerge = { method, by: r.login };
    pr.updatedAt = nowIso();
    return send({
      enablePullRequestAutoMerge: {
        pullRequest: { id, number: pr.number, autoMergeRequest: { enabledAt: pr.updatedAt, mergeMethod: method.toUpperCase() } },
      },
    });
  }
  if (/createCommitOnBranch/.test(q)) {
    const a = await createCommitOnBranch({ state, login: r.login, access: r.access, web: r.ctx.web }, vars.input);
    return send(a.data, a.errors);
  }
  send(null, [{ type: 'UNSUPPORTED', message: 'The sandbox GraphQL endpoint only supports enablePullRequestAutoMerge and createCommitOnBranch' }]);
}
