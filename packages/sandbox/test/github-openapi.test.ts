/**
 * Every GitHub REST response the sandbox produces during a scripted session — the adapter's own
 * calls and direct calls covering every endpoint and the error paths — is validated against
 * GitHub's OpenAPI description (@octokit/openapi), so the sandbox cannot drift into a GitHub of its own.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { rm } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { openGitHubRepo } from '../../core/src/envrepo/github.js';
import { allRefs, createBareRepo, refSha, startForge, tempDir, type ForgeServer } from '../src/index.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const require = createRequire(import.meta.url);

interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
}

const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as Spec;

/**
 * OpenAPI 3.0 `nullable` → JSON Schema (`type: [t, 'null']`, or anyOf with null). GitHub's `oneOf`s
 * overlap (a 422 body fits both validation-error and repository-rule-violation-error), so they are
 * read as `anyOf`.
 */
function openapiToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openapiToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'examples') continue;
    out[k === 'oneOf' ? 'anyOf' : k] = openapiToJsonSchema(v);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
    if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
    return { anyOf: [out, { type: 'null' }] };
  }
  delete out.nullable;
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'gh', components: { schemas: openapiToJsonSchema(spec.components.schemas) } });

const templates = Object.keys(spec.paths).map((t) => ({
  t,
  literal: t.replace(/\{[^}]+\}/g, '').length,
  re: new RegExp(`^${t.replace(/\{(path|ref)\}/g, '(.+)').replace(/\{[^}]+\}/g, '([^/]+)')}$`),
}));

function findTemplate(path: string): string | undefined {
  return templates.filter((x) => x.re.test(path)).sort((a, b) => b.literal - a.literal)[0]?.t;
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(schema: unknown): ValidateFunction {
  const text = JSON.stringify(schema).replace(/"#\/components\//g, '"gh#/components/');
  let v = validators.get(text);
  if (!v) validators.set(text, (v = ajv.compile(openapiToJsonSchema(JSON.parse(text)) as object)));
  return v;
}

/** The response schema GitHub documents for this operation and status (basic-error when undocumented). */
function schemaFor(method: string, template: string, status: number): { schema: unknown; documented: boolean } | null {
  const op = spec.paths[template]?.[method.toLowerCase()];
  if (!op) return null;
  let r = (op.responses?.[String(status)] ?? op.responses?.default) as { $ref?: string; content?: Record<string, { schema: unknown }> } | undefined;
  if (r?.$ref) r = spec.components.responses[r.$ref.split('/').pop()!];
  const schema = r?.content?.['application/json']?.schema;
  if (schema) return { schema, documented: true };
  if (status >= 400) return { schema: { $ref: '#/components/schemas/basic-error' }, documented: false };
  return { schema: undefined, documented: !!r };
}

interface Recorded {
  method: string;
  path: string;
  status: number;
  body: unknown;
  json: boolean;
}

const TOKEN = 'ghp_openapiSession0123456789';

describe('sandbox GitHub API conforms to the GitHub OpenAPI description', () => {
  let root: string;
  let forge: ForgeServer;
  const recorded: Recorded[] = [];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    root = await tempDir('gh-openapi-');
    await createBareRepo(root, 'acme/env', { 'overlays/dev/values.yaml': 'image:\n  tag: v1\n', 'README.md': 'x\n' });
    forge = await startForge({ root, tokens: [TOKEN], readOnlyTokens: ['ghp_ro0123456789'], protectedBranches: ['locked'] });
    globalThis.fetch = recording(realFetch);
  });
  /** A fetch that records every /api/v3 exchange (the test's own calls and, through wrapFetch, the adapter's). */
  function recording(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const res = await inner(input, init);
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      if (url.pathname.startsWith('/api/v3/')) {
        const text = await res.clone().text();
        const json = (res.headers.get('content-type') ?? '').includes('application/json');
        recorded.push({
          method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(),
          path: decodeURIComponent(url.pathname.slice('/api/v3'.length)),
          status: res.status,
          body: json && text ? JSON.parse(text) : text,
          json,
        });
      }
      return res;
    };
  }
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('validates every response of a scripted session', async () => {
    const api = `${forge.url}/api/v3`;
    const call = (method: string, path: string, body?: unknown, token = TOKEN, accept = 'application/vnd.github+json') =>
      fetch(`${api}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, accept, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });

    // The adapter's whole repertoire.
    const repo = openGitHubRepo({ repo: 'acme/env', token: TOKEN, apiUrl: api, writeIntervalMs: 0, retryBaseMs: 1, wrapFetch: recording });
    const head = (await repo.head('main'))!;
    await repo.readFile('overlays/dev/values.yaml', head);
    await repo.readFile('nope.yaml', head);
    await repo.head('nope');
    const c1 = await repo.commit({
      branch: 'main',
      parent: head,
      files: [{ path: 'overlays/dev/values.yaml', content: 'image:\n  tag: v2\n' }],
      message: 'dev: v2',
    });
    await repo.commit({ branch: 'main', parent: head, files: [{ path: 'x', content: 'y' }], message: 'stale' }).catch(() => undefined);
    await repo.commit({
      branch: 'pr-1',
      parent: c1.sha,
      createBranch: true,
      files: [{ path: 'overlays/dev/values.yaml', content: 'image:\n  tag: v3\n' }],
      message: 'pr',
    });
    await repo.commit({ branch: 'pr-1', parent: c1.sha, createBranch: true, files: [{ path: 'a', content: 'b' }], message: 'dup' }).catch(() => undefined);
    await repo.commit({
      branch: 'pr-1',
      parent: c1.sha,
      force: true,
      files: [{ path: 'overlays/dev/values.yaml', content: 'image:\n  tag: v4\n' }],
      message: 'pr again',
    });
    await repo.history('overlays/dev/values.yaml', 'main', 5);
    await repo.recordVerification(c1.sha, { context: 'gitops/app/dev', state: 'success', targetUrl: 'https://argocd.example/app' });
    await repo.verifications(c1.sha);
    const crs = repo.changeRequests;
    const pr = await crs.create({ sourceBranch: 'pr-1', targetBranch: 'main', title: 't', body: 'b', labels: ['l'], reviewers: ['alice'], assignees: ['bob'] });
    await crs.create({ sourceBranch: 'pr-1', targetBranch: 'main', title: 't', body: 'b' });
    await crs.listOpen('main');
    await crs.update(pr.number, { title: 't2', body: 'b2', labels: ['m'] });
    expect(await crs.enableAutoMerge(pr.number)).toBe('merged');
    // Releases (the release verb): missing, created with its tag, a duplicate adopted.
    expect(await repo.releases.get('v9.9.9')).toBeNull();
    const made = await repo.releases.create({ tag: 'v9.9.9', target: c1.sha, name: 'v9.9.9', body: 'notes' });
    expect(await repo.releases.create({ tag: 'v9.9.9', target: c1.sha, name: 'v9.9.9', body: 'other' })).toEqual(made);
    expect((await allRefs(`${root}/acme/env.git`))['refs/tags/v9.9.9']).toBe(c1.sha);

    // Direct calls for the rest, errors included.
    await call('GET', '/repos/acme/env');
    await call('GET', '/repos/acme/missing');
    await call('GET', '/repos/acme/env', undefined, 'wrong-token');
    await call('GET', '/repos/acme/env/contents/overlays');
    await call('GET', '/repos/acme/env/contents/overlays/dev/values.yaml?ref=main');
    await call('GET', '/repos/acme/env/contents/overlays/dev/values.yaml', undefined, TOKEN, 'application/vnd.github.raw+json');
    await call('GET', '/repos/acme/env/git/matching-refs/heads/pr');
    const blob = (await (await call('POST', '/repos/acme/env/git/blobs', { content: 'aGVsbG8=', encoding: 'base64' })).json()) as { sha: string };
    await call('GET', `/repos/acme/env/git/blobs/${blob.sha}`);
    await call('POST', '/repos/acme/env/git/blobs', { content: 'x', encoding: 'utf-16' });
    const main = (await refSha(`${root}/acme/env.git`, 'main'))!;
    await call('GET', `/repos/acme/env/git/commits/${main}`);
    await call('GET', `/repos/acme/env/git/commits/${'0'.repeat(40)}`);
    await call('POST', '/repos/acme/env/git/trees', { tree: [{ path: 'a/b/c.txt', mode: '100644', type: 'blob', sha: blob.sha }] });
    await call('POST', '/repos/acme/env/git/trees', { base_tree: 'f'.repeat(40), tree: [] });
    await call('POST', '/repos/acme/env/git/commits', { message: 'm', tree: 'f'.repeat(40), parents: [] });
    await call('PATCH', '/repos/acme/env/git/refs/heads/main', { sha: head, force: false });
    await call('PATCH', '/repos/acme/env/git/refs/heads/nope', { sha: main, force: true });
    await call('POST', '/repos/acme/env/git/refs', { ref: 'refs/heads/main', sha: main });
    await call('POST', '/repos/acme/env/git/refs', { ref: 'main', sha: main });
    await call('POST', '/repos/acme/env/git/refs', { ref: 'refs/heads/locked', sha: main });
    await call('PATCH', '/repos/acme/env/git/refs/heads/locked', { sha: main, force: true });
    await call('POST', '/repos/acme/env/git/refs', { ref: 'refs/heads/tmp', sha: main });
    await call('DELETE', '/repos/acme/env/git/refs/heads/tmp');
    await call('POST', '/repos/acme/env/git/refs', { ref: 'refs/heads/ro', sha: main }, 'ghp_ro0123456789');
    await call('GET', '/repos/acme/env/commits?per_page=1&page=2');
    await call('GET', '/repos/acme/env/commits?sha=nope');
    await call('POST', `/repos/acme/env/statuses/${main}`, { state: 'pending', context: 'ci', description: 'running' });
    await call('POST', `/repos/acme/env/statuses/${main}`, { state: 'bogus' });
    await call('GET', `/repos/acme/env/commits/${main}/status`);
    await call('GET', `/repos/acme/env/commits/main/statuses?per_page=1`);
    await call('GET', '/repos/acme/env/pulls?state=all&per_page=1');
    await call('GET', `/repos/acme/env/pulls/${pr.number}`);
    await call('GET', '/repos/acme/env/pulls/999');
    await call('POST', '/repos/acme/env/pulls', { title: 'x', head: 'no-such', base: 'main' });
    await call('POST', '/repos/acme/env/pulls', { title: 'x', head: 'main', base: 'main' });
    await call('PATCH', `/repos/acme/env/pulls/${pr.number}`, { state: 'closed' });
    await call('GET', `/repos/acme/env/issues/${pr.number}/labels`);
    await call('PUT', `/repos/acme/env/pulls/${pr.number}/merge`, {});
    await call('GET', `/repos/acme/env/pulls/${pr.number}/merge`);
    await call('GET', '/repos/acme/env/nothing-here');

    const failures: string[] = [];
    const seen = new Set<string>();
    for (const r of recorded) {
      if (!r.json) continue; // raw media type
      const template = findTemplate(r.path);
      if (!template) {
        // Paths GitHub does not have answer 404 basic-error.
        failures.push(...check(r, { $ref: '#/components/schemas/basic-error' }, `${r.method} ${r.path}`));
        continue;
      }
      const s = schemaFor(r.method, template, r.status);
      if (!s) {
        failures.push(`${r.method} ${template}: no such operation in the OpenAPI description`);
        continue;
      }
      seen.add(`${r.method} ${template} ${r.status}`);
      if (s.schema === undefined) {
        if (r.body !== '' && r.body !== undefined) failures.push(`${r.method} ${template} ${r.status}: documented without a body, got one`);
        continue;
      }
      failures.push(...check(r, s.schema, `${r.method} ${template} ${r.status}`));
    }
    expect(failures).toEqual([]);
    // The session covered what the adapters use, and the error paths.
    for (const k of [
      'GET /repos/{owner}/{repo} 200',
      'GET /repos/{owner}/{repo} 404',
      'GET /repos/{owner}/{repo}/contents/{path} 200',
      'GET /repos/{owner}/{repo}/contents/{path} 404',
      'GET /repos/{owner}/{repo}/commits/{ref} 200',
      'GET /repos/{owner}/{repo}/commits/{ref} 422',
      'POST /repos/{owner}/{repo}/git/trees 201',
      'POST /repos/{owner}/{repo}/git/commits 201',
      'PATCH /repos/{owner}/{repo}/git/refs/{ref} 200',
      'PATCH /repos/{owner}/{repo}/git/refs/{ref} 422',
      'POST /repos/{owner}/{repo}/git/refs 201',
      'POST /repos/{owner}/{repo}/git/refs 422',
      'GET /repos/{owner}/{repo}/git/commits/{commit_sha} 200',
      'GET /repos/{owner}/{repo}/commits 200',
      'POST /repos/{owner}/{repo}/statuses/{sha} 201',
      'GET /repos/{owner}/{repo}/commits/{ref}/status 200',
      'GET /repos/{owner}/{repo}/commits/{ref}/statuses 200',
      'GET /repos/{owner}/{repo}/pulls 200',
      'POST /repos/{owner}/{repo}/pulls 201',
      'POST /repos/{owner}/{repo}/pulls 422',
      'PATCH /repos/{owner}/{repo}/pulls/{pull_number} 200',
      'GET /repos/{owner}/{repo}/pulls/{pull_number} 200',
      'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge 200',
      'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge 405',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/labels 200',
      'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers 201',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/assignees 201',
      'GET /repos/{owner}/{repo}/releases/tags/{tag} 200',
      'GET /repos/{owner}/{repo}/releases/tags/{tag} 404',
      'POST /repos/{owner}/{repo}/releases 201',
      'POST /repos/{owner}/{repo}/releases 422',
    ]) {
      expect([...seen]).toContain(k);
    }
  });

  function check(r: Recorded, schema: unknown, label: string): string[] {
    const v = validatorFor(schema);
    if (v(r.body)) return [];
    return (v.errors ?? []).slice(0, 5).map((e) => `${label}: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
});
