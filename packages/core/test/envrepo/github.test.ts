import { rm } from 'node:fs/promises';
import { createBareRepo, commitFiles, git, refSha, showFile, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';
import { ConflictError, RemoteError, messageOf } from '../../src/errors.js';
import { openGitHubRepo, type GitHubRepoOptions } from '../../src/envrepo/github.js';

const TOKEN = 'ghp_sandboxToken0123456789';
const READ_ONLY = 'ghp_readOnly0123456789';
const FILE = 'overlays/dev/payments/values.yaml';

/** `n` commits on `branch` each rewriting `file`, in one `git fast-import`. */
async function fastCommits(bareDir: string, branch: string, n: number, file: string): Promise<void> {
  const base = await refSha(bareDir, branch);
  let s = '';
  for (let i = 1; i <= n; i++) {
    const m = `bump ${i}`;
    const c = `n: ${i}\n`;
    s += `commit refs/heads/${branch}\ncommitter t <t@t.invalid> ${1_700_000_000 + i} +0000\ndata ${Buffer.byteLength(m)}\n${m}\n`;
    if (i === 1 && base) s += `from ${base}\n`;
    s += `M 100644 inline ${file}\ndata ${Buffer.byteLength(c)}\n${c}\n`;
  }
  await git(bareDir, ['fast-import', '--quiet'], s);
}

describe('GitHub EnvRepo over the sandbox forge', () => {
  let root: string;
  let bare: string;
  let forge: ForgeServer;

  const open = (o: Partial<GitHubRepoOptions> = {}) =>
    openGitHubRepo({
      repo: 'acme/env',
      token: TOKEN,
      apiUrl: `${forge.url}/api/v3`,
      retryBaseMs: 1,
      retryAfterUnitMs: 20,
      writeIntervalMs: 0,
      retries: 6,
      ...o,
    });

  beforeAll(async () => {
    root = await tempDir('gh-adapter-');
    bare = await createBareRepo(root, 'acme/env', { [FILE]: 'image:\n  tag: v1.0.0\n', 'README.md': '# env\n' });
    forge = await startForge({ root, tokens: [TOKEN], readOnlyTokens: [READ_ONLY], protectedBranches: ['locked'] });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => forge.clearFaults());

  it('reads and commits with CAS in at most 6 requests; the commit is real git', async () => {
    const repo = open();
    const head = await repo.head('main');
    expect(head).toBe(await refSha(bare, 'main'));
    expect(await repo.readFile(FILE, head!)).toBe('image:\n  tag: v1.0.0\n');
    expect(await repo.readFile('missing.yaml', head!)).toBeNull();
    expect(await repo.head('no-such-branch')).toBeNull();
    const before = repo.requestCount;

    const fresh = open();
    const h = (await fresh.head('main'))!;
    const text = (await fresh.readFile(FILE, h))!;
    const res = await fresh.commit({
      branch: 'main',
      parent: h,
      files: [{ path: FILE, content: text.replace('v1.0.0', 'v1.1.0') }],
      message: 'dev(payments): v1.1.0',
    });
    expect(fresh.requestCount).toBeLessThanOrEqual(6);
    expect(res.url).toBe(`${forge.url}/acme/env/commit/${res.sha}`);
    expect(before).toBeGreaterThan(0);

    expect(await refSha(bare, 'main')).toBe(res.sha);
    expect(await showFile(bare, 'main', FILE)).toBe('image:\n  tag: v1.1.0\n');
    expect(await showFile(bare, 'main', 'README.md')).toBe('# env\n');
    expect((await git(bare, ['log', '-1', '--format=%s%n%P', 'main'])).trim()).toBe(`dev(payments): v1.1.0\n${h}`);
    expect(await repo.history(FILE, 'main', 10)).toMatchObject([
      // entries also carry the commit date
      { sha: res.sha, message: 'dev(payments): v1.1.0' },
      { sha: h, message: 'initial' },
    ]);
  });

  it('refuses a commit whose file moved since its parent, with ConflictError and no write request', async () => {
    const repo = open();
    const stale = (await repo.head('main'))!;
    const text = (await repo.readFile(FILE, stale))!;
    const outside = await commitFiles(bare, 'main', { [FILE]: text.replace(/tag: .*/, 'tag: v8') }, 'someone else');
    const from = forge.requests.length;
    await expect(
      repo.commit({ branch: 'main', parent: stale, files: [{ path: FILE, content: 'image:\n  tag: v9\n' }], message: 'late' }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(forge.requests.slice(from).filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect(await refSha(bare, 'main')).toBe(outside);
    expect(await git(bare, ['log', '--format=%s', 'main'])).not.toContain('late');
  });

  it('per-file compare-and-swap: a branch that moved elsewhere takes the commit on its new head, in one write', async () => {
    const repo = open();
    const parent = (await repo.head('main'))!;
    const text = (await repo.readFile(FILE, parent))!;
    const outside = await commitFiles(bare, 'main', { 'other.txt': 'x\n' }, 'someone else');
    const from = forge.requests.length;
    const res = await repo.commit({ branch: 'main', parent, files: [{ path: FILE, content: text.replace(/tag: .*/, 'tag: v9') }], message: 'on top' });
    expect(forge.requests.slice(from).filter((r) => !r.startsWith('GET'))).toEqual(['POST /api/graphql']);
    expect((await git(bare, ['log', '-1', '--format=%P', 'main'])).trim()).toBe(outside);
    expect(await refSha(bare, 'main')).toBe(res.sha);
    expect(await showFile(bare, 'main', 'other.txt')).toBe('x\n');
    expect(await showFile(bare, 'main', FILE)).toContain('tag: v9');
  });

  it('creates branches (ConflictError when they exist) and force-moves branches it owns', async () => {
    const repo = open();
    const main = (await repo.head('main'))!;
    const a = await repo.commit({ branch: 'promote-a', parent: main, createBranch: true, files: [{ path: FILE, content: 'a\n' }], message: 'a' });
    expect(await refSha(bare, 'promote-a')).toBe(a.sha);
    await expect(
      repo.commit({ branch: 'promote-a', parent: main, createBranch: true, files: [{ path: FILE, content: 'b\n' }], message: 'b' }),
    ).rejects.toBeInstanceOf(ConflictError);
    const b = await repo.commit({ branch: 'promote-a', parent: main, force: true, files: [{ path: FILE, content: 'b\n' }], message: 'b' });
    expect(await refSha(bare, 'promote-a')).toBe(b.sha);
    expect((await git(bare, ['rev-parse', `${b.sha}^`])).trim()).toBe(main);
    // force on a branch that does not exist creates it
    const c = await repo.commit({ branch: 'promote-new', parent: main, force: true, files: [{ path: 'new/dir/file.yaml', content: 'n: 1\n' }], message: 'c' });
    expect(await showFile(bare, 'promote-new', 'new/dir/file.yaml')).toBe('n: 1\n');
    expect(await refSha(bare, 'promote-new')).toBe(c.sha);
  });

  it('pages through history beyond 100 commits', async () => {
    await createBareRepo(root, 'acme/long', { 'f.yaml': 'n: 0\n' });
    await fastCommits(`${root}/acme/long.git`, 'main', 104, 'f.yaml');
    const repo = openGitHubRepo({ repo: 'acme/long', token: TOKEN, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0 });
    const h = await repo.history('f.yaml', 'main', 103);
    expect(h).toHaveLength(103);
    expect(h[0].message).toBe('bump 104');
    expect(h[102].message).toBe('bump 2');
    expect(repo.requestCount).toBe(2);
    expect(await repo.history('f.yaml', 'main', 1000)).toHaveLength(105);
  });

  it('records verifications as commit statuses, latest per context', async () => {
    const repo = open();
    const head = (await repo.head('main'))!;
    await repo.recordVerification(head, { context: 'gitops/payments/dev', state: 'pending', description: 'waiting' });
    await repo.recordVerification(head, {
      context: 'gitops/payments/dev',
      state: 'success',
      description: 'Healthy at ' + head.slice(0, 7),
      targetUrl: 'https://argocd.example/applications/payments-dev',
    });
    await repo.recordVerification(head, { context: 'gitops/payments/staging', state: 'failure' });
    const v = await repo.verifications(head);
    expect(v).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          context: 'gitops/payments/dev',
          state: 'success',
          description: 'Healthy at ' + head.slice(0, 7),
          targetUrl: 'https://argocd.example/applications/payments-dev',
        }),
        expect.objectContaining({ context: 'gitops/payments/staging', state: 'failure' }),
      ]),
    );
    expect(v).toHaveLength(2);
    expect(forge.forge.statuses('acme/env', head)).toHaveLength(3);
  });

  it('opens a pull request, adopts it on a duplicate create, updates it', async () => {
    const repo = open();
    const crs = repo.changeRequests;
    const main = (await repo.head('main'))!;
    await repo.commit({
      branch: 'promote-payments-v2-staging',
      parent: main,
      createBranch: true,
      files: [{ path: FILE, content: 'image:\n  tag: v2\n' }],
      message: 'staging(payments): v2',
    });
    const input = {
      sourceBranch: 'promote-payments-v2-staging',
      targetBranch: 'main',
      title: 'staging(payments): v2',
      body: 'body <!-- marker -->',
      labels: ['promotion', 'staging'],
      reviewers: ['alice'],
      assignees: ['bob'],
    };
    const first = await crs.create(input);
    expect(first).toMatchObject({ adopted: false, sourceBranch: input.sourceBranch, targetBranch: 'main', title: input.title, body: input.body });
    expect(first.url).toBe(`${forge.url}/acme/env/pull/${first.number}`);
    const again = await crs.create(input);
    expect(again).toMatchObject({ adopted: true, number: first.number });
    const pr = forge.forge.pulls('acme/env').find((p) => p.number === first.number)!;
    expect(pr.labels).toEqual(['promotion', 'staging']);
    expect(pr.reviewers).toEqual(['alice']);
    expect(pr.assignees).toEqual(['bob']);
    expect(forge.forge.pulls('acme/env').filter((p) => p.state === 'open' && p.head === input.sourceBranch)).toHaveLength(1);

    const open1 = await crs.listOpen('main');
    expect(open1.map((c) => c.number)).toContain(first.number);
    expect(await crs.listOpen('nope')).toEqual([]);
    const upd = await crs.update(first.number, { title: 'staging(payments): v2 (again)', labels: ['extra'] });
    expect(upd.title).toBe('staging(payments): v2 (again)');
    expect(pr.labels).toEqual(['promotion', 'staging', 'extra']);
  });

  it('lists every open pull request across pages', async () => {
    await createBareRepo(root, 'acme/many', { 'a.txt': '0\n' });
    const many = openGitHubRepo({ repo: 'acme/many', token: TOKEN, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0 });
    const main = (await many.head('main'))!;
    await git(
      `${root}/acme/many.git`,
      ['fast-import', '--quiet'],
      Array.from({ length: 105 }, (_, i) => `reset refs/heads/pr-${i}\nfrom ${main}\n\n`).join(''),
    );
    for (let i = 0; i < 105; i++) {
      forge.forge.pulls('acme/many').push({
        repo: 'acme/many',
        number: i + 1,
        id: 10_000 + i,
        title: `pr ${i}`,
        body: null,
        head: `pr-${i}`,
        base: 'main',
        state: 'open',
        draft: false,
        merged: false,
        mergeCommitSha: null,
        mergedAt: null,
        closedAt: null,
        createdAt: '2024-01-01T00:00:00Z',
        updatedAt: '2024-01-01T00:00:00Z',
        labels: [],
        reviewers: [],
        assignees: [],
        autoMerge: null,
        user: 'x',
      });
    }
    const before = many.requestCount;
    const list = await many.changeRequests.listOpen('main');
    expect(list).toHaveLength(105);
    expect(new Set(list.map((l) => l.number)).size).toBe(105);
    expect(many.requestCount - before).toBe(2);
  });

  it('auto-merge: merges a clean PR, enables on a protected base, unsupported when not allowed', async () => {
    const repo = open();
    const crs = repo.changeRequests;
    const main = (await repo.head('main'))!;
    await repo.commit({ branch: 'am-clean', parent: main, createBranch: true, files: [{ path: 'am.txt', content: 'clean\n' }], message: 'am clean' });
    const clean = await crs.create({ sourceBranch: 'am-clean', targetBranch: 'main', title: 'clean', body: '' });
    expect(await crs.enableAutoMerge(clean.number)).toBe('merged');
    const mainNow = (await refSha(bare, 'main'))!;
    expect((await git(bare, ['rev-list', '--parents', '-n', '1', mainNow])).trim().split(' ')).toHaveLength(3);
    expect(await showFile(bare, 'main', 'am.txt')).toBe('clean\n');

    // A pending check: GitHub accepts auto-merge and merges when the check passes.
    await repo.commit({ branch: 'am-pending', parent: mainNow, createBranch: true, files: [{ path: 'am.txt', content: 'pending\n' }], message: 'am pending' });
    const pending = await crs.create({ sourceBranch: 'am-pending', targetBranch: 'main', title: 'pending', body: '' });
    const headSha = (await refSha(bare, 'am-pending'))!;
    await repo.recordVerification(headSha, { context: 'ci', state: 'pending' });
    expect(await crs.enableAutoMerge(pending.number)).toBe('enabled');
    expect(forge.forge.pulls('acme/env').find((p) => p.number === pending.number)!.autoMerge).not.toBeNull();
    await repo.recordVerification(headSha, { context: 'ci', state: 'success' });
    expect(forge.forge.pulls('acme/env').find((p) => p.number === pending.number)!.merged).toBe(true);
    expect(await showFile(bare, 'main', 'am.txt')).toBe('pending\n');

    forge.forge.allowAutoMerge = false;
    try {
      const m2 = (await refSha(bare, 'main'))!;
      await repo.commit({ branch: 'am-no', parent: m2, createBranch: true, files: [{ path: 'am.txt', content: 'no\n' }], message: 'am no' });
      const no = await crs.create({ sourceBranch: 'am-no', targetBranch: 'main', title: 'no', body: '' });
      await repo.recordVerification((await refSha(bare, 'am-no'))!, { context: 'ci', state: 'pending' });
      expect(await crs.enableAutoMerge(no.number)).toBe('unsupported');
    } finally {
      forge.forge.allowAutoMerge = true;
    }
  });

  // 50 concurrent promotions through the verb's own retry loop: test/verbs/promote-concurrency.test.ts

  it.each(['graphql', 'rest'] as const)(
    '%s: under 5xx, a secondary rate limit and a connection reset, every commit lands exactly once',
    async (commitApi) => {
      await createBareRepo(root, `acme/faults-${commitApi}`, { 'log.txt': '' });
      const fBare = `${root}/acme/faults-${commitApi}.git`;
      forge.inject({
        match: /^\/api\//,
        kind: 'status',
        status: 403,
        times: 1,
        headers: { 'retry-after': '1' },
        body: {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
      });
      forge.inject({ match: /^\/api\/(v3\/.*\/git\/(trees|commits)|graphql)$/, kind: 'reset', times: 1 });
      forge.inject({ match: /^\/api\//, kind: 'status', status: 502, rate: 0.1, body: { message: 'Server Error' } });
      const repo = openGitHubRepo({
        repo: `acme/faults-${commitApi}`,
        token: TOKEN,
        apiUrl: `${forge.url}/api/v3`,
        writeIntervalMs: 0,
        retryBaseMs: 1,
        retryAfterUnitMs: 20,
        retries: 8,
        commitApi,
      });
      const start = Number((await git(fBare, ['rev-list', '--count', 'main'])).trim());
      for (let i = 0; i < 15; i++) {
        for (;;) {
          const head = (await repo.head('main'))!;
          const text = (await repo.readFile('log.txt', head)) ?? '';
          if (text.includes(`line ${i}\n`)) break; // an earlier attempt landed
          try {
            await repo.commit({ branch: 'main', parent: head, files: [{ path: 'log.txt', content: `${text}line ${i}\n` }], message: `line ${i}` });
            break;
          } catch (e) {
            if (!(e instanceof ConflictError)) throw e;
          }
        }
      }
      forge.clearFaults();
      expect(Number((await git(fBare, ['rev-list', '--count', 'main'])).trim())).toBe(start + 15);
      const subjects = (await git(fBare, ['log', '--format=%s', 'main'])).trim().split('\n');
      for (let i = 0; i < 15; i++) expect(subjects.filter((s) => s === `line ${i}`)).toHaveLength(1);
      const writes = forge.requests.filter((r) => (commitApi === 'rest' ? r.startsWith('PATCH') : r === 'POST /api/graphql'));
      expect(writes.length).toBeGreaterThanOrEqual(15);
    },
    120_000,
  );

  it('explains 404, 401, 403 and protected branches without leaking the token', async () => {
    const errors: unknown[] = [];
    const missing = openGitHubRepo({ repo: 'acme/missing', token: TOKEN, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0 });
    const e404 = await missing.head('main').catch((e: unknown) => e);
    expect(e404).toBeInstanceOf(RemoteError);
    expect(messageOf(e404)).toBe(`repository acme/missing not found at ${forge.url}/api/v3 (check --env-repo and that the token can see it)`);
    errors.push(e404, await missing.readFile('x', 'a'.repeat(40)).catch((e: unknown) => e));

    const bad = open({ token: 'ghp_wrongToken0123456789' });
    const e401 = await bad.head('main').catch((e: unknown) => e);
    expect(e401).toBeInstanceOf(RemoteError);
    expect((e401 as RemoteError).status).toBe(401);
    expect(messageOf(e401)).toMatch(/GitHub rejected the token for acme\/env .*GITHUB_TOKEN/);
    expect(messageOf(e401)).not.toContain('ghp_wrongToken0123456789');
    errors.push(e401);

    const ro = open({ token: READ_ONLY });
    const head = (await ro.head('main'))!;
    const e403 = await ro.commit({ branch: 'main', parent: head, files: [{ path: 'x', content: 'y' }], message: 'm' }).catch((e: unknown) => e);
    expect(e403).toBeInstanceOf(RemoteError);
    expect((e403 as RemoteError).status).toBe(403);
    expect(messageOf(e403)).toMatch(/Resource not accessible/);
    errors.push(e403);

    const repo = open();
    await commitFiles(bare, 'locked', { 'l.txt': '1\n' }, 'locked branch');
    const lockedHead = (await repo.head('locked'))!;
    const eProt = await repo
      .commit({ branch: 'locked', parent: lockedHead, files: [{ path: 'l.txt', content: '2\n' }], message: 'm' })
      .catch((e: unknown) => e);
    expect(eProt).toBeInstanceOf(RemoteError);
    expect(eProt).not.toBeInstanceOf(ConflictError);
    expect(messageOf(eProt)).toMatch(/Protected branch update failed for refs\/heads\/locked.*Changes must be made through a pull request/);
    errors.push(eProt);

    const down = openGitHubRepo({ repo: 'acme/env', token: TOKEN, apiUrl: 'http://127.0.0.1:9/api/v3', retries: 1, retryBaseMs: 1 });
    const eNet = await down.head('main').catch((e: unknown) => e);
    expect(eNet).toBeInstanceOf(RemoteError);
    errors.push(eNet);

    for (const e of errors) {
      const all = `${messageOf(e)} ${String(e)} ${(e as Error).stack ?? ''} ${JSON.stringify(e)}`;
      expect(all).not.toContain(TOKEN);
      expect(all).not.toContain(READ_ONLY);
      expect(all).not.toContain('ghp_wrongToken0123456789');
    }
  });
});
