/**
 * 50 promotions of 50 apps into one branch at once through the GitHub and the GitLab API
 * adapters: every one lands, history stays linear, no update is lost — the verb's
 * compare-and-swap loop at work — within the write economy of issue 12: at most 2 × 50
 * content-creating requests (timing is measured in bench/contention.bench.ts, not here). The
 * forge runs in its own process, as a real one does: the 50 clients here do not slow the server
 * they contend on.
 */
import { rm } from 'node:fs/promises';
import { openGitHubRepo, openGitLabRepo, promote, type EnvRepo } from '@gitops-actions/core';
import { createBareRepo, git, showFile, tempDir } from '@gitops-actions/sandbox';
import { startForgeProcess, type ForgeProcess } from './support/forge-process-client.js';

const TOKEN = 'ghp_concurrency_0123456789';

describe('concurrent API-mode promotions', () => {
  let root: string;
  let forge: ForgeProcess;
  beforeAll(async () => {
    root = await tempDir();
    forge = await startForgeProcess(root, TOKEN);
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });

  const apps = Array.from({ length: 50 }, (_, i) => `app${i}`);

  /** A repository of 50 apps, each at v1.0.0 in its own file; all promoted to v1.1.0 at once. */
  async function promoteAll(name: string, open: () => EnvRepo) {
    const files: Record<string, string> = {
      'gitops.yaml': `apps:\n${apps.map((a) => `  ${a}:\n    environments:\n      dev: { file: dev/${a}/values.yaml }\n`).join('')}`,
    };
    for (const a of apps) files[`dev/${a}/values.yaml`] = `image:\n  tag: v1.0.0 # ${a}\n`;
    const bare = await createBareRepo(root, name, files);
    const from = (await forge.requests()).length;
    const results = await Promise.all(apps.map((app) => promote({ repo: open(), app, env: 'dev', tag: 'v1.1.0' })));
    expect(results.every((r) => r.operation === 'pushed')).toBe(true);
    expect((await git(bare, ['rev-list', '--count', 'main'])).trim()).toBe('51');
    expect((await git(bare, ['rev-list', '--merges', '--count', 'main'])).trim()).toBe('0');
    for (const a of apps) expect(await showFile(bare, 'main', `dev/${a}/values.yaml`)).toBe(`image:\n  tag: v1.1.0 # ${a}\n`);
    const attempts = results.map((r) => r.attempts);
    const writes = (await forge.requests()).slice(from).filter((r) => !r.startsWith('GET') && !r.startsWith('HEAD'));
    process.stderr.write(`${name}: attempts max ${Math.max(...attempts)}, total ${attempts.reduce((a, b) => a + b, 0)}; write requests: ${writes.length}\n`);
    // They did meet: someone waited or lost a race.
    expect(Math.max(...attempts)).toBeGreaterThan(1);
    return writes;
  }

  it('50 apps promoted at once into main all land, linear, nothing lost, in at most 100 write requests (GitHub)', async () => {
    // A GraphQL query (the blocked-tag histories) is a POST too: tell queries from mutations by
    // what the clients sent, and check that against what the forge received.
    let mutations = 0;
    let queries = 0;
    const wrapFetch =
      (inner: typeof fetch): typeof fetch =>
      async (input, init) => {
        const body = typeof init?.body === 'string' ? init.body : '';
        if (init?.method === 'POST' && String(input instanceof Request ? input.url : input).endsWith('/graphql')) {
          if (/^\s*mutation\b/.test((JSON.parse(body) as { query?: string }).query ?? '')) mutations++;
          else queries++;
        }
        return inner(input, init);
      };
    const writes = await promoteAll('acme/busy', () =>
      openGitHubRepo({ repo: 'acme/busy', token: TOKEN, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0, retryBaseMs: 1, wrapFetch }),
    );
    process.stderr.write(`acme/busy: ${mutations} GraphQL mutations, ${queries} queries\n`);
    // Every POST is GraphQL, and every write a createCommitOnBranch (one request per try); at most one try in two is lost.
    expect(new Set(writes)).toEqual(new Set(['POST /api/graphql']));
    expect(mutations + queries).toBe(writes.length);
    expect(mutations).toBeGreaterThanOrEqual(apps.length);
    expect(mutations).toBeLessThanOrEqual(2 * apps.length);
  }, 400_000);

  it('the same on GitLab, in at most 100 write requests: RateLimit-Observed spreads the first writes', async () => {
    const writes = await promoteAll('acme/busy-gl', () =>
      openGitLabRepo({ project: 'acme/busy-gl', token: TOKEN, apiUrl: `${forge.url}/api/v4`, retryBaseMs: 1 }),
    );
    // Every write is one commits POST (the per-file check is GitLab's), and at most one in two is lost.
    expect(new Set(writes)).toEqual(new Set(['POST /api/v4/projects/acme%2Fbusy-gl/repository/commits']));
    expect(writes.length).toBeLessThanOrEqual(2 * apps.length);
  }, 400_000);
});
