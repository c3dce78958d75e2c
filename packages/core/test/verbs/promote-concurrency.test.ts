/**
 * 50 promotions of 50 apps into one branch at once through the GitHub API adapter: every one
 * lands, history stays linear, no update is lost — the verb's compare-and-swap loop at work —
 * within GitHub's write economy: at most 2 × 50 content-creating requests (issue 12; timing is
 * measured in bench/contention.bench.ts, not here). The forge runs in its own process, as a real
 * one does: the 50 clients here do not slow the server they contend on.
 */
import { rm } from 'node:fs/promises';
import { openGitHubRepo, promote } from '@gitops-actions/core';
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

  it('50 apps promoted at once into main all land, linear, nothing lost, in at most 100 write requests', async () => {
    const apps = Array.from({ length: 50 }, (_, i) => `app${i}`);
    const files: Record<string, string> = {
      'gitops.yaml': `apps:\n${apps.map((a) => `  ${a}:\n    environments:\n      dev: { file: dev/${a}/values.yaml }\n`).join('')}`,
    };
    for (const a of apps) files[`dev/${a}/values.yaml`] = `image:\n  tag: v1.0.0 # ${a}\n`;
    const bare = await createBareRepo(root, 'acme/busy', files);
    const from = (await forge.requests()).length;
    const results = await Promise.all(
      apps.map((app) =>
        promote({
          repo: openGitHubRepo({ repo: 'acme/busy', token: TOKEN, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0, retryBaseMs: 1 }),
          app,
          env: 'dev',
          tag: 'v1.1.0',
        }),
      ),
    );
    expect(results.every((r) => r.operation === 'pushed')).toBe(true);
    expect((await git(bare, ['rev-list', '--count', 'main'])).trim()).toBe('51');
    expect((await git(bare, ['rev-list', '--merges', '--count', 'main'])).trim()).toBe('0');
    for (const a of apps) expect(await showFile(bare, 'main', `dev/${a}/values.yaml`)).toBe(`image:\n  tag: v1.1.0 # ${a}\n`);
    const attempts = results.map((r) => r.attempts);
    const writes = (await forge.requests()).slice(from).filter((r) => !r.startsWith('GET'));
    process.stderr.write(`attempts: max ${Math.max(...attempts)}, total ${attempts.reduce((a, b) => a + b, 0)}; write requests: ${writes.length}\n`);
    // They did meet: someone waited or lost a race.
    expect(Math.max(...attempts)).toBeGreaterThan(1);
    // Every write is a createCommitOnBranch (one request per try), and at most one try in two is lost.
    expect(new Set(writes)).toEqual(new Set(['POST /api/graphql']));
    expect(writes.length).toBeLessThanOrEqual(2 * apps.length);
  }, 400_000);
});
