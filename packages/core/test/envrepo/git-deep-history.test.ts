/**
 * GitEnvRepo.history() on a long history where the file rarely changes (git-history.ts): below
 * the commits the clone has with their trees, the walk goes on over commits only and lists our
 * commits (trailers) that changed the file. The blocked-tag check still finds a rollback and a
 * failed verification thousands of commits down, in a handful of fetches.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { commitFiles, createEnvRepo, git, startSandbox, tempDir, type SandboxServer } from '@gitops-actions/sandbox';
import { GitEnvRepo } from '../../src/envrepo/git.js';
import { hasOurTrailers, mergeByDate, touched } from '../../src/envrepo/git-history.js';
import { onGitSpawn } from '../../src/envrepo/git-process.js';
import { blockedTags } from '../../src/verbs/verdicts.js';
import { promote } from '../../src/verbs/promote.js';

const FILE = 'overlays/dev/payments/values.yaml';
const ORDERS = 'overlays/dev/orders/values.yaml';
/** Commits appended to the env repo (its first commit is the sandbox's env repo). */
const N = 30_000;

const values = (tag: string, note = '') => `# Helm values for payments${note}\nimage:\n  repository: ghcr.io/acme/payments\n  tag: "${tag}"\n`;
const trailers = (t: Record<string, string>) =>
  Object.entries(t)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
const ours = (subject: string, t: Record<string, string>) => `${subject}\n\n${trailers({ 'Gitops-App': 'payments', 'Gitops-Env': 'dev', ...t })}`;

interface Special {
  files: Record<string, string>;
  message: string;
}

/** What the commit at index i (0 = oldest appended) is, when not an unrelated change. */
const SPECIAL = new Map<number, Special>([
  // Below the first commits-only round (2 × the window's estimate: 27,000): found by a second one.
  [5, { files: { [FILE]: values('v1.3.0') }, message: ours('dev(payments): v1.3.0', { 'Gitops-To': 'v1.3.0' }) }],
  [
    10,
    {
      files: { [FILE]: values('v1.2.2') },
      message: ours('rollback dev(payments): v1.3.0 → v1.2.2', { 'Gitops-To': 'v1.2.2', 'Gitops-Rollback-Of': 'v1.3.0' }),
    },
  ],
  // Thousands of commits below the head, above the second round.
  [15_000, { files: { [FILE]: values('v1.6.0') }, message: ours('dev(payments): v1.6.0', { 'Gitops-To': 'v1.6.0' }) }],
  [19_990, { files: { [FILE]: values('v1.4.0') }, message: ours('dev(payments): v1.4.0', { 'Gitops-To': 'v1.4.0' }) }],
  [
    20_000,
    {
      files: { [FILE]: values('v1.2.2') },
      message: ours('rollback dev(payments): v1.4.0 → v1.2.2', { 'Gitops-To': 'v1.2.2', 'Gitops-Rollback-Of': 'v1.4.0' }),
    },
  ],
  // A hand edit of the file (no trailers): below the window, not listed.
  [20_100, { files: { [FILE]: values('v1.2.2', ' (by hand)') }, message: 'tweak payments values by hand' }],
  // Ours, for another file and for none of the file's changes: not listed.
  [20_200, { files: { [ORDERS]: 'image:\n  tag: v9.0.0\n' }, message: ours('dev(orders): v9.0.0', { 'Gitops-App': 'orders', 'Gitops-To': 'v9.0.0' }) }],
  [20_300, { files: { 'notes/payments.txt': 'v1.9.9\n' }, message: ours('dev(payments): note', { 'Gitops-To': 'v1.9.9' }) }],
  // In the window (the head's 600 commits with their trees): exact, hand edits included.
  [N - 100, { files: { [FILE]: values('v1.5.0') }, message: ours('dev(payments): v1.5.0', { 'Gitops-To': 'v1.5.0' }) }],
  [N - 50, { files: { [FILE]: values('v1.5.0', ' (by hand)') }, message: 'comment on payments values' }],
]);

/** Append N commits in one fast-import; the SHAs of the special ones by index. */
async function appendHistory(bare: string): Promise<Map<number, string>> {
  const parent = (await git(bare, ['rev-parse', 'refs/heads/main'])).trim();
  const chunks: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  let t = 1_700_000_000;
  for (let i = 0; i < N; i++) {
    const s = SPECIAL.get(i) ?? { files: { [`history/h${i % 50}/x.txt`]: `${i}\n` }, message: `change ${i}` };
    chunks.push(`commit refs/heads/main\nmark :${i + 1}\ncommitter sandbox <sandbox@example.invalid> ${t++} +0000\n`, data(s.message));
    if (i === 0) chunks.push(`from ${parent}\n`);
    for (const [path, content] of Object.entries(s.files)) chunks.push(`M 100644 inline ${path}\n${data(content)}`);
    chunks.push('\n');
  }
  await git(bare, ['fast-import', '--quiet', '--force', `--export-marks=${join(bare, 'marks')}`], chunks.join(''));
  const shas = new Map<number, string>();
  for (const line of (await readFile(join(bare, 'marks'), 'utf8')).split('\n').filter(Boolean)) {
    const [mark, sha] = line.split(' ');
    const i = Number(mark.slice(1)) - 1;
    if (SPECIAL.has(i)) shas.set(i, sha);
  }
  return shas;
}

describe('GitEnvRepo history below the window (commits only)', () => {
  let root: string;
  let sandbox: SandboxServer;
  let bare: string;
  let url: string;
  let sha: Map<number, string>;

  beforeAll(async () => {
    root = await tempDir('git-deep-history-');
    sandbox = await startSandbox({ root });
    bare = await createEnvRepo(root, 'acme/deep');
    await git(bare, ['config', 'uploadpack.allowFilter', 'true']);
    await git(bare, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
    sha = await appendHistory(bare);
    url = `${sandbox.url}/acme/deep.git`;
    // A failed verification recorded on the v1.6.0 promotion, 15,000 commits down.
    const writer = await GitEnvRepo.open({ url });
    try {
      await writer.recordVerification(sha.get(15_000)!, { context: 'gitops/payments/dev', state: 'failure', description: 'smoke tests failed' });
    } finally {
      await writer.close();
    }
  }, 120_000);
  afterAll(async () => {
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('lists the window exactly, then our commits that changed the file, in a handful of fetches', async () => {
    const repo = await GitEnvRepo.open({ url });
    const processes: string[] = [];
    const off = onGitSpawn((argv) => processes.push(argv.filter((a, i) => a !== '-c' && argv[i - 1] !== '-c')[0] ?? ''));
    try {
      const from = sandbox.requests.length;
      const h = await repo.history(FILE, 'main', 30);
      expect(h.map((e) => e.sha)).toEqual([N - 50, N - 100, 20_000, 19_990, 15_000, 10, 5].map((i) => sha.get(i)));
      expect(h[2].message).toContain('Gitops-Rollback-Of: v1.4.0');
      expect(h[2].date).toMatch(/^\d{4}-\d\d-\d\dT/);
      // The head (1), two commits-only rounds (the first 27,000 deep), the path trees of each round's commits (2).
      expect(repo.requestCount).toBe(5);
      expect(sandbox.requests.length - from).toBeLessThanOrEqual(12);
      // One log of each round's new commits, and of the parents' trees: no process per commit.
      expect(processes.filter((p) => p === 'log').length).toBeLessThanOrEqual(5);
      expect(processes.filter((p) => p === 'fetch').length).toBe(5);
      process.stderr.write(
        `git deep history: ${repo.requestCount} fetches, ${sandbox.requests.length - from} HTTP requests, ${processes.length} git processes\n`,
      );

      // A deep commit's file (what rollback reads): fetched by id.
      expect(await repo.readFile(FILE, h[4].sha)).toContain('tag: "v1.6.0"');

      // Another file at the same head: the commits read are reused, its own trees verified.
      const before = repo.requestCount;
      expect((await repo.history(ORDERS, 'main', 30)).map((e) => e.sha)).toEqual([sha.get(20_200)]);
      expect(repo.requestCount - before).toBeLessThanOrEqual(2);
      // Fewer wanted than the window holds: the window alone, exactly.
      expect((await repo.history(FILE, 'main', 2)).map((e) => e.sha)).toEqual([N - 50, N - 100].map((i) => sha.get(i)));
    } finally {
      off();
      await repo.close();
    }
  }, 60_000);

  it('the blocked-tag check finds the rollbacks and the failed verification far below the head', async () => {
    const repo = await GitEnvRepo.open({ url });
    try {
      const head = (await repo.head('main'))!;
      const target = { app: 'payments', env: 'dev', file: FILE, key: 'image.tag', branch: 'main' };
      const blocked = await blockedTags(repo, target, head);
      expect(blocked.map((b) => [b.tag, b.reason, b.commit])).toEqual([
        ['v1.4.0', 'rolled-back', sha.get(20_000)],
        ['v1.6.0', 'failed-verification', sha.get(15_000)],
        ['v1.3.0', 'rolled-back', sha.get(10)],
      ]);
      expect(blocked[1].description).toBe('smoke tests failed');
      // Not blocked: the in-window promotion, the hand-edited file's tag, ours that did not change the file.
      expect(await blockedTags(repo, target, head, { tag: 'v1.5.0' })).toEqual([]);
      expect(await blockedTags(repo, target, head, { tag: 'v1.9.9' })).toEqual([]);
    } finally {
      await repo.close();
    }
  }, 60_000);

  it('promote refuses a tag rolled back 29,990 commits down', async () => {
    const repo = await GitEnvRepo.open({ url });
    try {
      await expect(promote({ repo, app: 'payments', env: 'dev', tag: 'v1.3.0', allowDowngrade: true })).rejects.toThrow(/rolled back from v1\.3\.0/);
    } finally {
      await repo.close();
    }
  }, 60_000);

  // Writes to the env repo: after the read-only tests above.
  it('the ledger: after our first commit to the file, the check of a new tag stops there; a listed tag is still walked to', async () => {
    const lastMessage = async () => (await git(bare, ['log', '-1', '--format=%B', 'main'])).trim();
    const promoteIn = async (tag: string) => {
      const repo = await GitEnvRepo.open({ url });
      try {
        const r = await promote({ repo, app: 'payments', env: 'dev', tag, allowDowngrade: true });
        return { r, fetches: repo.requestCount };
      } finally {
        await repo.close();
      }
    };
    // The first commit of ours walks the history once (the deep rounds) and writes what it found;
    // no shallow round for a ledger first (no commit in the window has one).
    const depths: string[] = [];
    const off = onGitSpawn((argv) => depths.push(...argv.filter((a) => a.startsWith('--depth='))));
    const first = await promoteIn('v2.0.0').finally(off);
    expect(first.fetches).toBeGreaterThan(3);
    expect(depths).not.toContain('--depth=2500');
    expect(await lastMessage()).toMatch(/\nGitops-Earlier-Tags: v1\.5\.0 v1\.2\.2 v1\.4\.0 v1\.6\.0 v1\.3\.0$/);
    // A hand edit on top has no ledger: the walk passes it and stops at ours below.
    await commitFiles(bare, 'main', { [FILE]: values('v2.0.0', ' (by hand again)') }, 'comment by hand');
    const next = await promoteIn('v2.1.0');
    expect(next.r.operation).toBe('pushed');
    // The head and the push: no history fetch at all.
    expect(next.fetches).toBe(2);
    expect(await lastMessage()).toMatch(/\nGitops-Earlier-Tags: v2\.0\.0 v1\.5\.0 v1\.2\.2 v1\.4\.0 v1\.6\.0 v1\.3\.0$/);
    // A tag the ledger lists is decided by walking on: still refused, 29,990 commits down.
    const repo = await GitEnvRepo.open({ url });
    try {
      await expect(promote({ repo, app: 'payments', env: 'dev', tag: 'v1.3.0', allowDowngrade: true })).rejects.toThrow(/rolled back from v1\.3\.0/);
      expect(repo.requestCount).toBeGreaterThan(2);
    } finally {
      await repo.close();
    }
  }, 60_000);

  it('a ledger below the window is found by one shallow commits-only round, not the whole history', async () => {
    // 1,500 commits of other files on top of the ledger test's promotions: ours is below the window.
    // Every 100th is our promotion of another app, with its ledger: we write to this repo.
    const chunks: string[] = [];
    const data = (x: string) => `data ${Buffer.byteLength(x)}\n${x}\n`;
    const parent = (await git(bare, ['rev-parse', 'refs/heads/main'])).trim();
    for (let i = 0; i < 1_500; i++) {
      const message =
        i % 100 === 0 ? ours(`dev(orders): v3.${i}`, { 'Gitops-App': 'orders', 'Gitops-To': `v3.${i}`, 'Gitops-Earlier-Tags': '(none)' }) : `later ${i}`;
      chunks.push(`commit refs/heads/main\ncommitter sandbox <sandbox@example.invalid> ${1_800_000_000 + i} +0000\n`, data(message));
      if (i === 0) chunks.push(`from ${parent}\n`);
      chunks.push(`M 100644 inline later/l${i % 40}.txt\n${data(`${i}\n`)}\n`);
    }
    await git(bare, ['fast-import', '--quiet', '--force'], chunks.join(''));
    const repo = await GitEnvRepo.open({ url });
    const depths: string[] = [];
    const off = onGitSpawn((argv) => depths.push(...argv.filter((a) => a.startsWith('--depth='))));
    try {
      const r = await promote({ repo, app: 'payments', env: 'dev', tag: 'v2.2.0', allowDowngrade: true });
      expect(r.operation).toBe('pushed');
      // The head's window, then one round of 2,500 commits: the walk stopped at our v2.1.0 commit.
      expect(depths).toEqual(['--depth=600', '--depth=2500']);
      expect((await git(bare, ['log', '-1', '--format=%B', 'main'])).trim()).toMatch(/\nGitops-Earlier-Tags: v2\.1\.0 v2\.0\.0 v1\.5\.0 /);
    } finally {
      off();
      await repo.close();
    }
  }, 60_000);

  it('our trailers and what counts as a change of the path', () => {
    expect(hasOurTrailers(ours('dev(payments): v1', { 'Gitops-To': 'v1' }))).toBe(true);
    expect(hasOurTrailers('rollback\n\nGitops-Rollback-Of: v1')).toBe(true);
    expect(hasOurTrailers('Gitops-To: v1')).toBe(false); // a subject alone has no trailers
    expect(hasOurTrailers('change\n\nSigned-off-by: someone')).toBe(false);
    expect(touched('100644 a', [])).toBe(true);
    expect(touched(null, [])).toBe(false);
    expect(touched('100644 a', ['100644 b'])).toBe(true);
    expect(touched('100644 a', ['100644 a'])).toBe(false);
    expect(touched(null, ['100644 a'])).toBe(true);
    expect(touched('100644 a', ['100644 a', '100644 b'])).toBe(false);
    expect(touched('100644 c', ['100644 a', '100644 b'])).toBe(true);
    const at = (sha: string, date: string) => ({ sha, date });
    const window = [at('w1', '2024-01-05T00:00:00Z'), at('w2', '2024-01-02T00:00:00Z')];
    const deep = [at('d1', '2024-01-03T00:00:00+01:00'), at('d2', '2024-01-02T00:00:00Z'), at('d3', '2024-01-01T00:00:00Z')];
    expect(mergeByDate(window, deep).map((e) => e.sha)).toEqual(['w1', 'd1', 'w2', 'd2', 'd3']);
  });
});
