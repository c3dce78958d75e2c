/**
 * GitHub historiesWithRecords: several files' histories with each commit's statuses, and a file's
 * text, in one GraphQL request against the sandbox (which executes it against GitHub's published
 * schema); REST when GraphQL is refused or there is no token.
 */
import { rm } from 'node:fs/promises';
import { createBareRepo, commitFiles, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';
import { openGitHubRepo, type GitHubRepoOptions } from '../../src/envrepo/github.js';
import { historiesQuery } from '../../src/envrepo/github-histories.js';

const TOKEN = 'ghp_sandboxToken0123456789';
const DEV = 'overlays/dev/payments/values.yaml';
const STAGING = 'overlays/staging/payments/values.yaml';

describe('GitHub historiesWithRecords (one GraphQL query)', () => {
  let root: string;
  let bare: string;
  let forge: ForgeServer;
  const shas: Record<string, string> = {};

  const open = (o: Partial<GitHubRepoOptions> = {}) =>
    openGitHubRepo({ repo: 'acme/env', token: TOKEN, apiUrl: `${forge.url}/api/v3`, retryBaseMs: 1, writeIntervalMs: 0, retries: 1, ...o });

  beforeAll(async () => {
    root = await tempDir('gh-histories-');
    bare = await createBareRepo(root, 'acme/env', { [DEV]: 'image:\n  tag: v1.0.0\n', [STAGING]: 'image:\n  tag: v1.0.0\n' });
    forge = await startForge({ root, tokens: [TOKEN] });
    shas.dev1 = await commitFiles(
      bare,
      'main',
      { [DEV]: 'image:\n  tag: v1.1.0\n' },
      'dev(payments): v1.1.0\n\nGitops-App: payments\nGitops-Env: dev\nGitops-To: v1.1.0\n',
    );
    shas.other = await commitFiles(bare, 'main', { 'README.md': '# env\n' }, 'docs');
    shas.dev2 = await commitFiles(
      bare,
      'main',
      { [DEV]: 'image:\n  tag: v1.2.0\n' },
      'dev(payments): v1.2.0\n\nGitops-App: payments\nGitops-Env: dev\nGitops-To: v1.2.0\n',
    );
    shas.staging = await commitFiles(bare, 'main', { [STAGING]: 'image:\n  tag: v1.1.0\n' }, 'staging by hand');
    const repo = open();
    await repo.recordVerification(shas.dev1, { context: 'gitops/payments/dev', state: 'success', description: 'Healthy' });
    await repo.recordVerification(shas.dev2, { context: 'gitops/payments/dev', state: 'failure', description: 'Degraded', targetUrl: 'https://ci.example/1' });
  }, 60_000);
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => forge.clearFaults());

  it('reads two histories, their statuses and a file in one request; readFile then costs nothing', async () => {
    const repo = open();
    const before = repo.requestCount;
    const got = await repo.historiesWithRecords(shas.staging, { paths: [DEV, STAGING], limit: 30, read: [DEV] });
    expect(repo.requestCount - before).toBe(1);
    expect(got!.get(DEV)!.map((e) => e.sha)).toEqual([shas.dev2, shas.dev1, expect.any(String)]);
    expect(got!.get(STAGING)!.map((e) => e.sha)).toEqual([shas.staging, expect.any(String)]);
    const [dev2, dev1] = got!.get(DEV)!;
    expect(dev2.message).toMatch(/^dev\(payments\): v1\.2\.0\n\nGitops-App: payments/);
    expect(dev2.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(dev2.verifications).toEqual([
      { context: 'gitops/payments/dev', state: 'failure', description: 'Degraded', targetUrl: 'https://ci.example/1', at: expect.stringMatching(/Z$/) },
    ]);
    expect(dev1.verifications).toEqual([expect.objectContaining({ context: 'gitops/payments/dev', state: 'success' })]);
    expect(got!.get(STAGING)![0].verifications).toEqual([]);
    // The same as REST says, entry for entry.
    const rest = await open().history(DEV, shas.staging, 30);
    expect(got!.get(DEV)!.map(({ verifications: _v, ...e }) => e)).toEqual(rest);

    const after = repo.requestCount;
    expect(await repo.readFile(DEV, shas.staging)).toBe('image:\n  tag: v1.2.0\n');
    expect(repo.requestCount).toBe(after);
    // Not read through GraphQL: a REST request.
    expect(await repo.readFile(STAGING, shas.staging)).toBe('image:\n  tag: v1.1.0\n');
    expect(repo.requestCount).toBe(after + 1);
  });

  it('limits each history to `limit` commits', async () => {
    const got = await open().historiesWithRecords(shas.staging, { paths: [DEV], limit: 1 });
    expect(got!.get(DEV)!.map((e) => e.sha)).toEqual([shas.dev2]);
  });

  it('no token: no GraphQL request (GitHub requires one), null', async () => {
    const repo = open({ token: undefined });
    expect(await repo.historiesWithRecords(shas.staging, { paths: [DEV], limit: 30 })).toBeNull();
    expect(repo.requestCount).toBe(0);
  });

  it('a token GraphQL refuses: null, and no second try', async () => {
    forge.inject({ match: /\/api\/graphql/, kind: 'status', status: 403, body: { message: 'Resource not accessible by integration' } });
    const repo = open();
    expect(await repo.historiesWithRecords(shas.staging, { paths: [DEV], limit: 30 })).toBeNull();
    const after = repo.requestCount;
    expect(await repo.historiesWithRecords(shas.staging, { paths: [DEV], limit: 30 })).toBeNull();
    expect(repo.requestCount).toBe(after);
  });

  it('the query is valid against GitHub’s schema: the sandbox refuses a field GitHub does not have', async () => {
    const bad = historiesQuery(1, 0).replace('committedDate', 'commitedDate');
    const res = await fetch(`${forge.url}/api/graphql`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: bad, variables: { owner: 'acme', name: 'env', rev: 'main', limit: 1, p0: DEV } }),
    });
    const body = (await res.json()) as { errors?: { message: string }[] };
    expect(body.errors?.[0].message).toMatch(/Cannot query field "commitedDate" on type "Commit"/);
  });
});
