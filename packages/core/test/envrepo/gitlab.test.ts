import { rm } from 'node:fs/promises';
import { createBareRepo, commitFiles, git, refSha, showFile, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';
import { ConflictError, RemoteError, messageOf } from '../../src/errors.js';
import { openGitLabRepo, type GitLabRepoOptions } from '../../src/envrepo/gitlab.js';

const TOKEN = 'glpat-sandboxToken0123456789';
const JOB = 'glcbt-jobToken0123456789';
const READ_ONLY = 'glpat-readOnly0123456789';
const FILE = 'overlays/dev/payments/values.yaml';

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

describe('GitLab EnvRepo over the sandbox forge', () => {
  let root: string;
  let bare: string;
  let forge: ForgeServer;

  const open = (o: Partial<GitLabRepoOptions> = {}) =>
    openGitLabRepo({ project: 'acme/platform/env', token: TOKEN, apiUrl: `${forge.url}/api/v4`, retryBaseMs: 1, retryAfterUnitMs: 20, retries: 6, ...o });

  beforeAll(async () => {
    root = await tempDir('gl-adapter-');
    bare = await createBareRepo(root, 'acme/platform/env', { [FILE]: 'image:\n  tag: v1.0.0\n', 'README.md': '# env\n' });
    forge = await startForge({ root, tokens: [TOKEN, JOB], readOnlyTokens: [READ_ONLY], protectedBranches: ['locked'] });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => forge.clearFaults());

  it('reads and commits in 3 requests per dev promotion; the commit is real git', async () => {
    const repo = open();
    const head = (await repo.head('main'))!;
    expect(head).toBe(await refSha(bare, 'main'));
    const text = (await repo.readFile(FILE, head))!;
    expect(text).toBe('image:\n  tag: v1.0.0\n');
    const res = await repo.commit({
      branch: 'main',
      parent: head,
      files: [{ path: FILE, content: text.replace('v1.0.0', 'v1.1.0') }],
      message: 'dev(payments): v1.1.0',
    });
    expect(repo.requestCount).toBe(3);
    expect(res.url).toBe(`${forge.url}/acme/platform/env/-/commit/${res.sha}`);
    expect(repo.commitUrl(res.sha)).toBe(res.url);
    expect(await refSha(bare, 'main')).toBe(res.sha);
    expect(await showFile(bare, 'main', FILE)).toBe('image:\n  tag: v1.1.0\n');
    expect(await showFile(bare, 'main', 'README.md')).toBe('# env\n');
    expect((await git(bare, ['log', '-1', '--format=%s%n%P', 'main'])).trim()).toBe(`dev(payments): v1.1.0\n${head}`);
    expect(await repo.readFile('missing.yaml', head)).toBeNull();
    expect(await repo.head('no-such-branch')).toBeNull();
    expect(await repo.history(FILE, 'main', 10)).toMatchObject([
      // entries also carry the commit date
      { sha: res.sha, message: 'dev(payments): v1.1.0' },
      { sha: head, message: 'initial\n' },
    ]);
  });

  it('refuses a commit over a file changed since it was read (ConflictError), writes nothing', async () => {
    const repo = open();
    const stale = (await repo.head('main'))!;
    const before = (await repo.readFile(FILE, stale))!;
    const outside = await commitFiles(bare, 'main', { [FILE]: before.replace(/tag: .*/, 'tag: v7') }, 'someone else');
    await expect(
      repo.commit({ branch: 'main', parent: stale, files: [{ path: FILE, content: 'image:\n  tag: v9\n' }], message: 'late' }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await refSha(bare, 'main')).toBe(outside);
    // a file created meanwhile is a conflict too
    const h = (await repo.head('main'))!;
    expect(await repo.readFile('new.yaml', h)).toBeNull();
    await commitFiles(bare, 'main', { 'new.yaml': 'x: 1\n' }, 'created elsewhere');
    await expect(repo.commit({ branch: 'main', parent: h, files: [{ path: 'new.yaml', content: 'x: 2\n' }], message: 'late create' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await git(bare, ['log', '--format=%s', 'main'])).not.toMatch(/^late/m);
  });

  it('creates branches with start_sha (ConflictError when they exist) and force-moves branches it owns', async () => {
    const repo = open();
    const main = (await repo.head('main'))!;
    const a = await repo.commit({ branch: 'promote-a', parent: main, createBranch: true, files: [{ path: FILE, content: 'a\n' }], message: 'a' });
    expect(await refSha(bare, 'promote-a')).toBe(a.sha);
    await expect(
      repo.commit({ branch: 'promote-a', parent: main, createBranch: true, files: [{ path: FILE, content: 'b\n' }], message: 'b' }),
    ).rejects.toBeInstanceOf(ConflictError);
    const b = await repo.commit({
      branch: 'promote-a',
      parent: main,
      force: true,
      files: [
        { path: FILE, content: 'b\n' },
        { path: 'deep/new/file.yaml', content: 'n: 1\n' },
      ],
      message: 'b',
    });
    expect(await refSha(bare, 'promote-a')).toBe(b.sha);
    expect((await git(bare, ['rev-parse', `${b.sha}^`])).trim()).toBe(main);
    expect(await showFile(bare, 'promote-a', 'deep/new/file.yaml')).toBe('n: 1\n');
  });

  it('pages through history with x-next-page', async () => {
    await createBareRepo(root, 'acme/long', { 'f.yaml': 'n: 0\n' });
    await fastCommits(`${root}/acme/long.git`, 'main', 104, 'f.yaml');
    const repo = openGitLabRepo({ project: 'acme/long', token: TOKEN, apiUrl: `${forge.url}/api/v4` });
    const h = await repo.history('f.yaml', 'main', 103);
    expect(h).toHaveLength(103);
    expect(h[0].message).toBe('bump 104');
    expect(h[102].message).toBe('bump 2');
    expect(repo.requestCount).toBe(2);
    expect(await repo.history('f.yaml', 'main', 1000)).toHaveLength(105);
  });

  it('records verifications as commit statuses (name = context), latest per name', async () => {
    const repo = open();
    const head = (await repo.head('main'))!;
    await repo.recordVerification(head, { context: 'gitops/payments/dev', state: 'pending' });
    await repo.recordVerification(head, {
      context: 'gitops/payments/dev',
      state: 'success',
      description: 'Healthy',
      targetUrl: 'https://argocd.example/applications/payments-dev',
    });
    await repo.recordVerification(head, { context: 'gitops/payments/staging', state: 'failure' });
    const v = await repo.verifications(head);
    expect(v).toHaveLength(2);
    expect(v).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          context: 'gitops/payments/dev',
          state: 'success',
          description: 'Healthy',
          targetUrl: 'https://argocd.example/applications/payments-dev',
        }),
        expect.objectContaining({ context: 'gitops/payments/staging', state: 'failure' }),
      ]),
    );
    expect(forge.forge.statuses('acme/platform/env', head).map((s) => s.gitlabState)).toEqual(['pending', 'success', 'failed']);
  });

  it('opens a merge request, adopts it on 409, updates it, auto-merges', async () => {
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
      body: 'body',
      labels: ['promotion'],
      reviewers: ['alice'],
      assignees: ['bob'],
    };
    const first = await crs.create(input);
    expect(first).toMatchObject({ adopted: false, sourceBranch: input.sourceBranch, targetBranch: 'main', title: input.title, body: 'body' });
    expect(first.url).toBe(`${forge.url}/acme/platform/env/-/merge_requests/${first.number}`);
    const again = await crs.create({ ...input, labels: ['again'] });
    expect(again).toMatchObject({ adopted: true, number: first.number });
    const mr = forge.forge.mergeRequests('acme/platform/env').find((m) => m.iid === first.number)!;
    expect(mr.labels).toEqual(['promotion', 'again']);
    expect(mr.reviewerIds.map((id) => forge.forge.userById(id)!.login)).toEqual(['alice']);
    expect(mr.assigneeIds.map((id) => forge.forge.userById(id)!.login)).toEqual(['bob']);
    expect((await crs.listOpen('main')).map((c) => c.number)).toEqual([first.number]);
    const upd = await crs.update(first.number, { title: 'staging(payments): v2 (again)', body: 'new body' });
    expect(upd).toMatchObject({ title: 'staging(payments): v2 (again)', body: 'new body' });

    // A running pipeline: auto-merge is set; it merges when the status turns green.
    const head = (await repo.head(input.sourceBranch))!;
    await repo.recordVerification(head, { context: 'ci', state: 'pending' });
    expect(await crs.enableAutoMerge(first.number)).toBe('enabled');
    expect(mr.autoMerge).toBe(true);
    await repo.recordVerification(head, { context: 'ci', state: 'success' });
    expect(mr.state).toBe('merged');
    expect(await showFile(bare, 'main', FILE)).toBe('image:\n  tag: v2\n');

    // Nothing to wait for: GitLab merges at once.
    const m2 = (await repo.head('main'))!;
    await repo.commit({ branch: 'draft-one', parent: m2, createBranch: true, files: [{ path: 'd.txt', content: 'd\n' }], message: 'd' });
    const draft = await crs.create({ sourceBranch: 'draft-one', targetBranch: 'main', title: 'draft one', body: '', draft: true });
    expect(draft).toMatchObject({ draft: true, title: 'draft one' });
    expect(await crs.enableAutoMerge(draft.number)).toBe('unsupported'); // drafts cannot merge
    await crs.update(draft.number, { title: 'draft one v2' });
    expect(forge.forge.mergeRequests('acme/platform/env').find((m) => m.iid === draft.number)!.title).toBe('Draft: draft one v2');
    await repo.commit({ branch: 'ready-one', parent: m2, createBranch: true, files: [{ path: 'r.txt', content: 'r\n' }], message: 'r' });
    const ready = await crs.create({ sourceBranch: 'ready-one', targetBranch: 'main', title: 'ready', body: '' });
    expect(await crs.enableAutoMerge(ready.number)).toBe('merged');
    expect(await showFile(bare, 'main', 'r.txt')).toBe('r\n');
  });

  it('uses JOB-TOKEN for CI_JOB_TOKEN and numeric project ids', async () => {
    const job = openGitLabRepo({ project: 'acme/platform/env', token: JOB, tokenKind: 'job', apiUrl: `${forge.url}/api/v4` });
    expect(await job.head('main')).toBe(await refSha(bare, 'main'));
    const id = forge.forge.projectId('acme/platform/env');
    const byId = openGitLabRepo({ project: id, token: TOKEN, apiUrl: `${forge.url}/api/v4` });
    expect(await byId.head('main')).toBe(await refSha(bare, 'main'));
    expect(byId.commitUrl('abc')).toBeUndefined();
  });

  it('under 5xx, a 429 with Retry-After and a connection reset, every commit lands exactly once', async () => {
    await createBareRepo(root, 'acme/faults', { 'log.txt': '' });
    const fBare = `${root}/acme/faults.git`;
    forge.inject({ match: /^\/api\/v4\//, kind: 'status', status: 429, times: 1, headers: { 'retry-after': '1' }, body: { message: '429 Too Many Requests' } });
    forge.inject({ match: /^\/api\/v4\/.*\/repository\/commits$/, kind: 'reset', times: 1 });
    forge.inject({ match: /^\/api\/v4\//, kind: 'status', status: 503, rate: 0.1, body: { message: '503 Service Unavailable' } });
    const repo = openGitLabRepo({ project: 'acme/faults', token: TOKEN, apiUrl: `${forge.url}/api/v4`, retryBaseMs: 1, retryAfterUnitMs: 20, retries: 8 });
    for (let i = 0; i < 15; i++) {
      for (;;) {
        const head = (await repo.head('main'))!;
        const text = (await repo.readFile('log.txt', head)) ?? '';
        if (text.includes(`line ${i}\n`)) break;
        try {
          await repo.commit({ branch: 'main', parent: head, files: [{ path: 'log.txt', content: `${text}line ${i}\n` }], message: `line ${i}` });
          break;
        } catch (e) {
          if (!(e instanceof ConflictError)) throw e;
        }
      }
    }
    forge.clearFaults();
    const subjects = (await git(fBare, ['log', '--format=%s', 'main'])).trim().split('\n');
    expect(subjects).toHaveLength(16);
    for (let i = 0; i < 15; i++) expect(subjects.filter((s) => s === `line ${i}`)).toHaveLength(1);
  });

  it('a 429 with only RateLimit-Reset waits for the reset when it is near, and fails at once when it is not', async () => {
    const repo = open({ maxRetryAfterSeconds: 60 });
    const inSeconds = (s: number) => String(Math.floor(Date.now() / 1000) + s);
    forge.inject({
      match: /^\/api\/v4\//,
      kind: 'status',
      status: 429,
      times: 1,
      headers: { 'ratelimit-reset': inSeconds(3) },
      body: { message: '429 Too Many Requests' },
    });
    const from = forge.requests.length;
    expect(await repo.head('main')).toBe(await refSha(`${root}/acme/platform/env.git`, 'main'));
    expect(forge.requests.length - from).toBe(2);
    forge.inject({
      match: /^\/api\/v4\//,
      kind: 'status',
      status: 429,
      times: 5,
      headers: { 'ratelimit-reset': inSeconds(600) },
      body: { message: '429 Too Many Requests' },
    });
    const at = forge.requests.length;
    await expect(repo.head('main')).rejects.toThrow(/429/);
    // Not hammered: one request, no retries into a closed window.
    expect(forge.requests.length - at).toBe(1);
  });

  it('explains 404, 401, 403 and protected branches without leaking the token', async () => {
    const errors: unknown[] = [];
    const missing = openGitLabRepo({ project: 'acme/missing', token: TOKEN, apiUrl: `${forge.url}/api/v4` });
    const e404 = await missing.head('main').catch((e: unknown) => e);
    expect(e404).toBeInstanceOf(RemoteError);
    expect(messageOf(e404)).toBe(`repository acme/missing not found at ${forge.url}/api/v4 (check --env-repo and that the token can see it)`);
    errors.push(e404);

    const bad = open({ token: 'glpat-wrongToken0123456789' });
    const e401 = await bad.head('main').catch((e: unknown) => e);
    expect((e401 as RemoteError).status).toBe(401);
    expect(messageOf(e401)).toMatch(/GitLab rejected the token for acme\/platform\/env .*GITLAB_TOKEN/);
    errors.push(e401);
    const badJob = open({ token: 'glcbt-wrongJob0123456789', tokenKind: 'job' });
    const e401j = await badJob.head('main').catch((e: unknown) => e);
    expect(messageOf(e401j)).toMatch(/CI_JOB_TOKEN/);
    errors.push(e401j);

    const ro = open({ token: READ_ONLY });
    const head = (await ro.head('main'))!;
    const e403 = await ro.commit({ branch: 'main', parent: head, files: [{ path: 'x', content: 'y' }], message: 'm' }).catch((e: unknown) => e);
    expect((e403 as RemoteError).status).toBe(403);
    errors.push(e403);

    const repo = open();
    await commitFiles(bare, 'locked', { 'l.txt': '1\n' }, 'locked branch');
    const lockedHead = (await repo.head('locked'))!;
    const eProt = await repo
      .commit({ branch: 'locked', parent: lockedHead, files: [{ path: 'l.txt', content: '2\n' }], message: 'm' })
      .catch((e: unknown) => e);
    expect(eProt).toBeInstanceOf(RemoteError);
    expect(eProt).not.toBeInstanceOf(ConflictError);
    expect(messageOf(eProt)).toMatch(/You are not allowed to push into this branch \(403\)/);
    errors.push(eProt);

    const down = openGitLabRepo({ project: 'acme/env', token: TOKEN, apiUrl: 'http://127.0.0.1:9/api/v4', retries: 1, retryBaseMs: 1 });
    const eNet = await down.head('main').catch((e: unknown) => e);
    expect(eNet).toBeInstanceOf(RemoteError);
    expect(messageOf(eNet)).toMatch(/could not reach GitLab at http:\/\/127\.0\.0\.1:9\/api\/v4/);
    errors.push(eNet);

    for (const e of errors) {
      const all = `${messageOf(e)} ${String(e)} ${(e as Error).stack ?? ''} ${JSON.stringify(e)}`;
      for (const t of [TOKEN, JOB, READ_ONLY, 'glpat-wrongToken0123456789', 'glcbt-wrongJob0123456789']) expect(all).not.toContain(t);
    }
  });
});
