/**
 * GitHub's releases endpoints for the sandbox: POST /repos/{o}/{r}/releases and GET
 * /repos/{o}/{r}/releases/tags/{tag}, with github.com's answers (201, 404, 422 already_exists),
 * the `release` object shape checked against @octokit/openapi by the sandbox tests.
 */
import { createRelease, releasesOf, type ReleaseRecord } from '../releases.js';
import { readJson } from '../routing/http.js';
import type { Params } from '../routing/table.js';
import { defaultBranch, ok, type RepoReq } from './context.js';
import { type Ctx, simpleUser } from './objects.js';

const DOCS = 'https://docs.github.com/rest/releases/releases';

interface Reply {
  status: number;
  body: unknown;
}

const reply = (r: RepoReq, x: Reply) => ok(r, x.status, x.body);

function releaseObj(ctx: Ctx, repoName: string, r: ReleaseRecord) {
  const api = `${ctx.api}/repos/${repoName}`;
  const web = `${ctx.web}/${repoName}`;
  return {
    url: `${api}/releases/${r.id}`,
    html_url: `${web}/releases/tag/${encodeURIComponent(r.tag)}`,
    assets_url: `${api}/releases/${r.id}/assets`,
    upload_url: `${ctx.web}/uploads/repos/${repoName}/releases/${r.id}/assets{?name,label}`,
    tarball_url: `${api}/tarball/${encodeURIComponent(r.tag)}`,
    zipball_url: `${api}/zipball/${encodeURIComponent(r.tag)}`,
    id: r.id,
    node_id: Buffer.from(`Release:${r.id}`).toString('base64'),
    tag_name: r.tag,
    target_commitish: r.target,
    name: r.name,
    body: r.body,
    draft: false,
    prerelease: false,
    created_at: r.createdAt,
    published_at: r.createdAt,
    author: simpleUser(ctx, r.author),
    assets: [],
  };
}

const error = (status: number, message: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  body: { message, documentation_url: DOCS, status: String(status), ...extra },
});

/** GET /repos/{owner}/{repo}/releases/tags/{tag} */
export function getReleaseByTag(r: RepoReq, p: Params): void {
  const tag = decodeURIComponent(p.tag);
  const rec = releasesOf(r.ctx.state, r.repoName).find((x) => x.tag === tag);
  reply(r, rec ? { status: 200, body: releaseObj(r.ctx, r.repoName, rec) } : error(404, 'Not Found'));
}

/** POST /repos/{owner}/{repo}/releases */
export async function postRelease(r: RepoReq): Promise<void> {
  const body = await readJson(r.req);
  if (body === undefined) return reply(r, error(400, 'Problems parsing JSON'));
  const tag = typeof body.tag_name === 'string' ? body.tag_name : '';
  if (!tag) return reply(r, error(422, 'Validation Failed', { errors: [{ resource: 'Release', code: 'missing_field', field: 'tag_name' }] }));
  const out = await createRelease(r.ctx.state, r.repo, r.repoName, {
    tag,
    target: typeof body.target_commitish === 'string' ? body.target_commitish : undefined,
    name: typeof body.name === 'string' ? body.name : null,
    body: typeof body.body === 'string' ? body.body : null,
    author: r.login,
    defaultBranch: await defaultBranch(r.repo),
  });
  if ('ok' in out) return reply(r, { status: 201, body: releaseObj(r.ctx, r.repoName, out.ok) });
  const field = out.error === 'invalid-target' ? 'target_commitish' : 'tag_name';
  const code = out.error === 'exists' ? 'already_exists' : 'invalid';
  reply(r, error(422, 'Validation Failed', { errors: [{ resource: 'Release', code, field }] }));
}
