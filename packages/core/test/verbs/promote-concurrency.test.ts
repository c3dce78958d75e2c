/**
 * 50 promotions of 50 apps into one branch at once through the GitHub API adapter: every one
 * lands, history stays linear, no update is lost — the verb's compare-and-swap loop at work.
 */
import { rm } from 'node:fs/promises';
import { openGitHubRepo, promote } from '@gitops-actions/core';
import { createBareRepo, git, showFile, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';

const TOKEN = 'ghp_concurrency_0123456789';

describe('concurrent API-mode promotions', () => {
  let root: string;
  let forge: ForgeServer;
  beforeAll(async () => {
    root = await tempDir();
    forge = await startForge({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('50 apps promoted at once into main all land, linear, nothing lost', async () => {
    const apps = Array.from({ length: 50 }, (_, i) => `app${i}`);
    const files: Record<string, string> = {
      'gitops.yaml': `apps:\n${apps.map((a) => `  ${a}:\n    environments:\n      dev: { file: dev/${a}/values.yaml }\n`).join('')}`,
    };
    for (const a of apps) files[`dev/${a}/values.yaml`] = `image:\n  tag: v1.0.0 # ${a}\n`;
    const bare = await createBareRepo(root, 'acme/busy', files);
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
    process.stderr.write(`attempts: max ${Math.max(...attempts)}, total ${attempts.reduce((a, b) => a + b, 0)}\n`);
    expect(Math.max(...attempts)).toBeGreaterThan(1);
  }, 400_000); // ~70 s alone on 2 cores: ~500 attempts, each a handful of sandbox git spawns
});
