/**
 * The sandbox forge's route tables: every row is reachable (no earlier row shadows it), anything
 * not in a table answers that vendor's own 404, and the sandbox's modules import no cycle (the
 * forge used to import the routes that imported it back).
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type Token } from 'path-to-regexp';
import ts from 'typescript';
import { GITHUB_ROUTES } from '../src/github/routes.js';
import { GITLAB_ROUTES } from '../src/gitlab/routes.js';
import { RouteTable, type RouteSpec } from '../src/routing/table.js';
import { createBareRepo, startForge, tempDir, type ForgeServer } from '../src/index.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** A concrete path for a pattern: each parameter a sample segment, each wildcard two segments, each optional group present. */
function samplePath(pattern: string): string {
  const walk = (tokens: readonly Token[]): string =>
    tokens.map((t) => (t.type === 'text' ? t.value : t.type === 'param' ? `p-${t.name}` : t.type === 'wildcard' ? `w-${t.name}/x` : walk(t.tokens))).join('');
  return walk(parse(pattern).tokens);
}

const tableOf = <C>(routes: readonly RouteSpec<C>[]) => new RouteTable<C>(routes);

function unreachable<C>(routes: readonly RouteSpec<C>[]): string[] {
  const table = tableOf(routes);
  const out: string[] = [];
  for (const route of routes) {
    for (const method of [route.method].flat()) {
      for (const pattern of [route.path].flat()) {
        const path = samplePath(pattern);
        if (table.find(method, path)?.route !== route) out.push(`${method} ${pattern} (${path})`);
      }
    }
  }
  return out;
}

/** Relative imports of every .ts file under `dir`, then the first cycle found (as a list of files), or null. */
async function importCycle(dir: string): Promise<string[] | null> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(await readFile(file, 'utf8'), true, true);
    edges.set(
      file,
      importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => resolve(dirname(file), i.fileName).replace(/\.js$/, '.ts')),
    );
  }
  const done = new Set<string>();
  const visit = (file: string, stack: string[]): string[] | null => {
    const at = stack.indexOf(file);
    if (at >= 0) return [...stack.slice(at), file].map((f) => f.slice(dir.length + 1));
    if (done.has(file)) return null;
    for (const next of edges.get(file) ?? []) {
      const cycle = visit(next, [...stack, file]);
      if (cycle) return cycle;
    }
    done.add(file);
    return null;
  };
  for (const file of files) {
    const cycle = visit(file, []);
    if (cycle) return cycle;
  }
  return null;
}

describe('route tables', () => {
  it('reach every GitHub and GitLab row from a path of its own pattern', () => {
    expect(GITHUB_ROUTES.length).toBeGreaterThan(30);
    expect(GITLAB_ROUTES.length).toBeGreaterThan(15);
    expect(unreachable(GITHUB_ROUTES)).toEqual([]);
    expect(unreachable(GITLAB_ROUTES)).toEqual([]);
  });

  it('notice a row shadowed by an earlier, wider one', () => {
    const wide = GITHUB_ROUTES.findIndex((r) => [r.path].flat()[0].endsWith('/commits/*ref'));
    const reordered = [GITHUB_ROUTES[wide], ...GITHUB_ROUTES.filter((_, i) => i !== wide)];
    expect(unreachable(reordered)).toEqual([expect.stringContaining('/commits/*ref/statuses'), expect.stringContaining('/commits/*ref/status ')]);
  });

  it('match case-sensitively and without an implied trailing slash', () => {
    const table = tableOf(GITHUB_ROUTES);
    expect(table.find('GET', '/api/v3/repos/acme/env/pulls')).not.toBeNull();
    expect(table.find('GET', '/api/v3/repos/acme/env/pulls/')).toBeNull();
    expect(table.find('GET', '/api/v3/repos/acme/env/PULLS')).toBeNull();
    // Parameters stay percent-encoded: each vendor decodes them its own way.
    expect(tableOf(GITLAB_ROUTES).find('GET', '/api/v4/projects/acme%2Fenv/repository/files/a%2Fb.yaml/raw')?.params).toEqual({
      id: 'acme%2Fenv',
      path: 'a%2Fb.yaml',
    });
  });
});

describe('sandbox modules', () => {
  it('import no cycle', async () => {
    expect(await importCycle(SRC)).toBeNull();
  });

  it('the cycle check finds one when there is one', async () => {
    const dir = await tempDir('routes-cycle-');
    try {
      await mkdir(join(dir, 'github'));
      await writeFile(join(dir, 'forge.ts'), "import { githubRoute } from './github/routes.js';\nexport const x = githubRoute;\n");
      await writeFile(join(dir, 'github/routes.ts'), "import type { ForgeState } from '../forge.js';\nexport const githubRoute = (s: ForgeState) => s;\n");
      expect(await importCycle(dir)).toEqual(['forge.ts', 'github/routes.ts', 'forge.ts']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('unknown routes answer 404 the way each vendor does', () => {
  let root: string;
  let forge: ForgeServer;
  const TOKEN = 'routes-token';
  const call = async (method: string, path: string) => {
    const res = await fetch(`${forge.url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };

  beforeAll(async () => {
    root = await tempDir('forge-routes-');
    await createBareRepo(root, 'acme/env', { 'values.yaml': 'image:\n  tag: v1\n' });
    forge = await startForge({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('GitHub: its error body and rate-limit headers, for an unknown path and for a known path with another method', async () => {
    const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };
    for (const [method, path] of [
      ['GET', '/api/v3/repos/acme/env/no-such-thing'],
      ['DELETE', '/api/v3/repos/acme/env/pulls'],
      ['GET', '/api/v3/repos/acme/missing/pulls'],
      ['GET', '/api/v3/users/someone'],
    ] as const) {
      const r = await call(method, path);
      expect({ method, path, status: r.status, body: r.body }).toEqual({ method, path, status: 404, body: notFound });
      expect(r.headers.get('x-ratelimit-limit')).toBe('5000');
    }
    expect((await call('GET', '/api/v3/repos/acme/env/pulls')).status).toBe(200);
  });

  it('GitHub GraphQL: a query no resolver takes is named in a 200 answer with an UNSUPPORTED error', async () => {
    const res = await fetch(`${forge.url}/api/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { login } }' }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: unknown; errors: { type: string; message: string }[] };
    expect(body.data).toBeNull();
    expect(body.errors[0].type).toBe('UNSUPPORTED');
    expect(body.errors[0].message).toMatch(/enablePullRequestAutoMerge.*createCommitOnBranch/);
  });

  it('GitLab: "404 Not Found" for an unknown route, "404 Project Not Found" for any path under a missing project', async () => {
    expect(await call('GET', '/api/v4/projects/acme%2Fenv/no-such-thing')).toMatchObject({ status: 404, body: { error: '404 Not Found' } });
    expect(await call('DELETE', '/api/v4/projects/acme%2Fenv/merge_requests')).toMatchObject({ status: 404, body: { error: '404 Not Found' } });
    expect(await call('GET', '/api/v4/groups')).toMatchObject({ status: 404, body: { error: '404 Not Found' } });
    expect(await call('GET', '/api/v4/projects/acme%2Fmissing/no-such-thing')).toMatchObject({ status: 404, body: { message: '404 Project Not Found' } });
    expect(await call('GET', '/api/v4/projects/acme%2Fmissing/merge_requests')).toMatchObject({ status: 404, body: { message: '404 Project Not Found' } });
    expect(await call('GET', '/api/v4/projects/acme%2Fenv/merge_requests/7')).toMatchObject({ status: 404, body: { message: '404 Not found' } });
    // The same project by numeric id and by path.
    const byPath = (await call('GET', '/api/v4/projects/acme%2Fenv')).body as { id: number; path_with_namespace: string };
    expect((await call('GET', `/api/v4/projects/${byPath.id}`)).body).toMatchObject({ path_with_namespace: 'acme/env' });
  });
});
