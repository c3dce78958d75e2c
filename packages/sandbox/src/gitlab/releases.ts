/**
 * GitLab's project releases endpoints for the sandbox: POST /projects/:id/releases and GET
 * /projects/:id/releases/:tag_name, with GitLab's answers (201, 404, 409 "Release already exists",
 * 422 for a missing ref).
 */
import { createRelease, releasesOf, type ReleaseRecord } from '../releases.js';
import { readJson, sendJson } from '../routing/http.js';
import type { Params } from '../routing/table.js';
import type { ProjectReq } from './context.js';
import { userObj } from './objects.js';

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

/** GET /projects/:id/releases/:tag_name */
export function getRelease(r: ProjectReq, p: Params): void {
  const tag = decodeURIComponent(p.tag);
  const rec = releasesOf(r.state, r.repoName).find((x) => x.tag === tag);
  if (!rec) return sendJson(r.res, 404, { message: '404 Not Found' });
  sendJson(r.res, 200, releaseObj(r.web, r.repoName, rec, userObj(r, rec.author)));
}

/** POST /projects/:id/releases */
export async function postRelease(r: ProjectReq): Promise<void> {
  const body = (await readJson(r.req)) ?? {};
  for (const [k, v] of r.query) if (!(k in body)) body[k] = v;
  const tag = typeof body.tag_name === 'string' ? body.tag_name : '';
  if (!tag) return sendJson(r.res, 400, { error: 'tag_name is missing' });
  const out = await createRelease(r.state, r.repo, r.repoName, {
    tag,
    target: typeof body.ref === 'string' ? body.ref : '',
    name: typeof body.name === 'string' ? body.name : null,
    body: typeof body.description === 'string' ? body.description : null,
    author: r.login,
    // GitLab wants `ref` unless the tag exists already: no fallback to the default branch.
    defaultBranch: '',
  });
  if ('ok' in out) return sendJson(r.res, 201, releaseObj(r.web, r.repoName, out.ok, userObj(r, out.ok.author)));
  if (out.error === 'exists') return sendJson(r.res, 409, { message: 'Release already exists' });
  if (out.error === 'invalid-target') return sendJson(r.res, 422, { message: 'Ref is not specified or not found' });
  sendJson(r.res, 400, { message: 'Tag name invalid' });
}
