/**
 * GitLab's project releases endpoints for the sandbox: POST /projects/:id/releases and GET
 * /projects/:id/releases/:tag_name, with GitLab's answers (201, 404, 409 "Release already exists",
 * 422 for a missing ref).
 */
import type { IncomingMessage } from 'node:http';
import { type BareRepo, type ForgeState, readJson } from '../forge.js';
import { createRelease, releasesOf, type ReleaseRecord } from '../releases.js';

export interface Reply {
  status: number;
  body: unknown;
}

function releaseObj(web: string, repoName: string, r: ReleaseRecord, author: unknown) {
  const project = `${web}/${repoName}`;
  return {
    tag_name: r.tag,
    name: r.name ?? r.tag,
    description: r.body,
    created_at: r.createdAt,
    released_at: r.createdAt,
    upcoming_release: false,
    author,
    commit: { id: r.sha, short_id: r.sha.slice(0, 8) },
    commit_path: `/${repoName}/-/commit/${r.sha}`,
    tag_path: `/${repoName}/-/tags/${encodeURIComponent(r.tag)}`,
    assets: { count: 0, sources: [], links: [] },
    _links: { self: `${project}/-/releases/${encodeURIComponent(r.tag)}`, edit_url: `${project}/-/releases/${encodeURIComponent(r.tag)}/edit` },
  };
}

/** The reply to a releases request, or null when `rest` is not one. */
export async function gitlabReleaseRoute(
  state: ForgeState,
  r: { method: string; req: IncomingMessage; query: URLSearchParams; web: string; login: string },
  repo: BareRepo,
  repoName: string,
  rest: string,
  user: (login: string) => unknown,
): Promise<Reply | null> {
  const byTag = /^\/releases\/([^/]+)$/.exec(rest);
  if (byTag && r.method === 'GET') {
    const tag = decodeURIComponent(byTag[1]);
    const rec = releasesOf(state, repoName).find((x) => x.tag === tag);
    return rec ? { status: 200, body: releaseObj(r.web, repoName, rec, user(rec.author)) } : { status: 404, body: { message: '404 Not Found' } };
  }
  if (rest !== '/releases' || r.method !== 'POST') return null;
  const body = (await readJson(r.req)) ?? {};
  for (const [k, v] of r.query) if (!(k in body)) body[k] = v;
  const tag = typeof body.tag_name === 'string' ? body.tag_name : '';
  if (!tag) return { status: 400, body: { error: 'tag_name is missing' } };
  const out = await createRelease(state, repo, repoName, {
    tag,
    target: typeof body.ref === 'string' ? body.ref : '',
    name: typeof body.name === 'string' ? body.name : null,
    body: typeof body.description === 'string' ? body.description : null,
    author: r.login,
    // GitLab wants `ref` unless the tag exists already: no fallback to the default branch.
    defaultBranch: '',
  });
  if ('ok' in out) return { status: 201, body: releaseObj(r.web, repoName, out.ok, user(out.ok.author)) };
  if (out.error === 'exists') return { status: 409, body: { message: 'Release already exists' } };
  if (out.error === 'invalid-target') return { status: 422, body: { message: 'Ref is not specified or not found' } };
  return { status: 400, body: { message: 'Tag name invalid' } };
}
