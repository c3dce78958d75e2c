/**
 * What the blocked-tag check costs inside promote, counted as the forge's requests, against the
 * sandbox GitHub and GitLab APIs over real bare repos: the same promotion checked and with
 * --force (no check) on identically prepared env repos. And that the check still decides as
 * before: rollbacks and failed verifications named with their commit and date, the `from`
 * environment's failure refused even after the tag was set there again by hand, --force overrides.
 */
import { rm } from 'node:fs/promises';
import { commitFiles, createEnvRepo, showFile, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';
import type { EnvRepo } from '../../src/envrepo/port.js';
import { openGitHubRepo } from '../../src/envrepo/github.js';
import { openGitLabRepo } from '../../src/envrepo/gitlab.js';
import { OperationError } from '../../src/errors.js';
import { promote, type PromoteInput } from '../../src/verbs/promote.js';
import { rollback } from '../../src/verbs/rollback.js';

type Forge = 'github' | 'gitlab';
const TOKEN = 'sandbox-token-0123456789';
const DEV_FILE = 'overlays/dev/payments/values.yaml';

describe('the blocked-tag check within budget (API mode)', () => {
  let root: string;
  let forge: ForgeServer;
  let n = 0;

  beforeAll(async () => {
    root = await tempDir('blocked-budget-');
    forge = await startForge({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });

  function opener(kind: Forge, name: string): () => EnvRepo {
    return kind === 'github'
      ? () => openGitHubRepo({ repo: name, token: TOKEN, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0, retryBaseMs: 1 })
      : () => openGitLabRepo({ project: name, token: TOKEN, apiUrl: `${forge.url}/api/v4`, retryBaseMs: 1 });
  }

  /** dev ran v1.2.3 (verified), v1.4.0 (rolled back), v1.5.0 (failed), then v1.5.1. */
  async function prepared(kind: Forge): Promise<{ open: () => EnvRepo; bare: string; failed: string; rolledBack: string }> {
    const name = `acme/budget${++n}`;
    const bare = await createEnvRepo(root, name);
    const open = opener(kind, name);
    const repo = open();
    const dev = (tag: string) => promote({ repo, app: 'payments', env: 'dev', tag, allowDowngrade: true });
    const ok = await dev('v1.2.3');
    await repo.recordVerification(ok.commit!, { context: 'gitops/payments/dev', state: 'success' });
    await dev('v1.4.0');
    const rolledBack = (await rollback({ repo, app: 'payments', env: 'dev', failedTag: 'v1.4.0' })).commit!;
    const bad = await dev('v1.5.0');
    await repo.recordVerification(bad.commit!, { context: 'gitops/payments/dev', state: 'failure', description: 'Degraded' });
    const good = await dev('v1.5.1');
    await repo.recordVerification(good.commit!, { context: 'gitops/payments/dev', state: 'success' });
    await repo.close();
    return { open, bare, failed: bad.commit!, rolledBack };
  }

  async function cost(open: () => EnvRepo, input: Omit<PromoteInput, 'repo' | 'app'>): Promise<{ calls: number; error?: unknown; operation?: string }> {
    const repo = open();
    try {
      const r = await promote({ repo, app: 'payments', ...input });
      return { calls: repo.requestCount!, operation: r.operation };
    } catch (error) {
      return { calls: repo.requestCount!, error };
    }
  }

  it.each(['github', 'gitlab'] as const)(
    '%s: a push-mode dev promotion costs at most one request more than with --force',
    async (kind) => {
      const checked = await cost((await prepared(kind)).open, { env: 'dev', tag: 'v1.6.0' });
      const forced = await cost((await prepared(kind)).open, { env: 'dev', tag: 'v1.6.0', force: true });
      expect([checked.operation, forced.operation]).toEqual(['pushed', 'pushed']);
      expect(checked.calls - forced.calls).toBeLessThanOrEqual(1);
      // Re-promoting a tag set before (by the rollback, unverified, and by the verified promotion):
      // on GitHub their records come with the history; GitLab reads each one's statuses.
      const again = await cost((await prepared(kind)).open, { env: 'dev', tag: 'v1.2.3', allowDowngrade: true });
      const againForced = await cost((await prepared(kind)).open, { env: 'dev', tag: 'v1.2.3', allowDowngrade: true, force: true });
      expect([again.operation, againForced.operation]).toEqual(['pushed', 'pushed']);
      expect(again.calls - againForced.calls).toBeLessThanOrEqual(kind === 'github' ? 1 : 3);
    },
    120_000,
  );

  it.each(['github', 'gitlab'] as const)(
    '%s: a pull-request promotion with `from` (checks staging and dev) within budget',
    async (kind) => {
      const checked = await cost((await prepared(kind)).open, { env: 'staging', tag: 'v1.5.1' });
      const forced = await cost((await prepared(kind)).open, { env: 'staging', tag: 'v1.5.1', force: true });
      expect([checked.operation, forced.operation]).toEqual(['created', 'created']);
      // GitHub: one GraphQL query reads both histories with their statuses and dev's file (the
      // precondition's read). GitLab's REST has no multi-path history nor statuses with commits.
      expect(checked.calls - forced.calls).toBeLessThanOrEqual(kind === 'github' ? 1 : 3);
    },
    120_000,
  );

  it.each(['github', 'gitlab'] as const)(
    '%s: refusals name the rollback / failed verification and its date; --force overrides',
    async (kind) => {
      const p = await prepared(kind);
      const rolled = await cost(p.open, { env: 'dev', tag: 'v1.4.0', allowDowngrade: true });
      expect(rolled.error).toBeInstanceOf(OperationError);
      expect(String(rolled.error)).toMatch(new RegExp(`rolled back from v1\\.4\\.0 by ${p.rolledBack.slice(0, 7)} on \\d{4}-\\d\\d-\\d\\dT`));
      const failed = await cost(p.open, { env: 'dev', tag: 'v1.5.0', allowDowngrade: true });
      expect(String(failed.error)).toMatch(
        new RegExp(`v1\\.5\\.0 failed verification gitops/payments/dev at ${p.failed.slice(0, 7)} on \\d{4}-.*\\(Degraded\\)`),
      );
      expect((failed.error as OperationError).fix).toMatch(/--force/);
      // dev set to the failed v1.5.0 again by hand: staging still refuses it (the precondition's verdict).
      const text = (await showFile(p.bare, 'main', DEV_FILE))!.replace('v1.5.1', 'v1.5.0');
      await commitFiles(p.bare, 'main', { [DEV_FILE]: text }, 'hotfix by hand');
      const staging = await cost(p.open, { env: 'staging', tag: 'v1.5.0' });
      expect(String(staging.error)).toMatch(/precondition: dev must run it and not have failed it\): v1\.5\.0 failed verification gitops\/payments\/dev/);
      const forced = await cost(p.open, { env: 'staging', tag: 'v1.5.0', force: true });
      expect(forced.operation).toBe('created');
    },
    120_000,
  );

  it('github: with GraphQL refused to the token, the check reads over REST and decides the same', async () => {
    const p = await prepared('github');
    const text = (await showFile(p.bare, 'main', DEV_FILE))!.replace('v1.5.1', 'v1.5.0');
    await commitFiles(p.bare, 'main', { [DEV_FILE]: text }, 'hotfix by hand');
    forge.inject({ match: /\/api\/graphql/, kind: 'status', status: 403, body: { message: 'Resource not accessible by integration' } });
    try {
      const refused = await cost(p.open, { env: 'staging', tag: 'v1.5.0' });
      expect(String(refused.error)).toMatch(/precondition: dev must run it and not have failed it\): v1\.5\.0 failed verification gitops\/payments\/dev/);
      // head, gitops.yaml, staging's file; the refused query; then REST: staging's history, dev's
      // file, dev's history, and the statuses of the commit that set v1.5.0 there.
      expect(refused.calls).toBe(3 + 1 + 4);
    } finally {
      forge.clearFaults();
    }
  }, 120_000);
});
