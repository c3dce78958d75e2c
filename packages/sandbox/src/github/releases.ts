/**
 * GitHub's releases endpoints for the sandbox: POST /repos/{o}/{r}/releases and GET
 * /repos/{o}/{r}/releases/tags/{tag}, with github.com's answers (201, 404, 422 already_exists),
 * the `release` object shape checked against @octokit/openapi by the sandbox tests.
 */
import type { IncomingMessage } from 'node:http';
import { type BareRepo, type ForgeState, readJson } from '../forge.js';
import { createRelease, releasesOf, type ReleaseRecord } from '../releases.js';
import { type Ctx, simpleUser } from './objects.js';

const DOCS = 'https://docs.github.com/rest/releases/releases';

export interface Reply {
  status: number;
  body: unknown;
}

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

/** The reply to a releases request, or null when `rest` is not one. */
export async function githubReleaseRoute(
  state: ForgeState,
  r: { method: string; req: IncomingMessage; ctx: Ctx; login: string },
  repo: BareRepo,
  repoName: string,
  rest: string,
  defaultBranch: () => Promise<string>,
): Promise<Reply | null> {
  const byTag = /^\/releases\/tags\/(.+)$/.exec(rest);
  if (byTag && r.method === 'GET') {
    const tag = decodeURIComponent(byTag[1]);
    const rec = releasesOf(state, repoName).find((x) => x.tag === tag);
    return rec ? { status: 200, body: releaseObj(r.ctx, repoName, rec) } : error(404, 'Not Found');
  }
  if (rest !== '/releases' || r.method !== 'POST') return null;
  const body = await readJson(r.req);
  if (body === undefined) return error(400, 'Problems parsing JSON');
  const tag = typeof body.tag_name === 'string' ? body.tag_name : '';
  if (!tag) return error(422, 'Validation Failed', { errors: [{ resource: 'Release', code: 'missing_field', field: 'tag_name' }] });
  const out = await createRelease(state, repo, repoName, {
    tag,
    target: typeof body.target_commitish === 'string' ? body.target_commitish : undefined,
    name: typeof body.name === 'string' ? body.name : null,
    body: typeof body.body === 'string' ? body.body : null,
    author: r.login,
    defaultBranch: await defaultBranch(),
  });
  if ('ok' in out) return { status: 201, body: releaseObj(r.ctx, repoName, out.ok) };
  const field = out.error === 'invalid-target' ? 'target_commitish' : 'tag_name';
  const code = out.error === 'exists' ? 'already_exists' : 'invalid';
  return error(422, 'Validation Failed', { errors: [{ resource: 'Release', code, field }] });
}
