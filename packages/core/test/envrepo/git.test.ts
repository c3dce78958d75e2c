/**
 * GitEnvRepo against real bare repositories, reached as a local path and over git smart HTTP
 * (the sandbox, token auth). Asserts on the remote's refs and trees, not on our own view.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { allRefs, commitFiles, createBareRepo, git, refSha, showFile, startSandbox, tempDir, type SandboxServer } from '@gitops-actions/sandbox';
import { ConflictError, InputError } from '../../src/errors.js';
import { GitEnvRepo, type GitEnvRepoOptions } from '../../src/envrepo/git.js';
import type { EnvRepo } from '../../src/envrepo/port.js';
import type { Reporter } from '../../src/report.js';

export const TOKEN = 's3cret-token-4f1e9a7c';

/** Files of a typical env repo: a few apps × envs, plus unrelated directories. */
export function envRepoFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'README.md': '# env\n',
    'gitops.yaml': 'apps:\n  payments:\n    image: ghcr.io/acme/payments\n',
  };
  for (const env of ['dev', 'staging', 'prod']) {
    for (const app of ['payments', 'orders', 'billing']) {
      files[`overlays/${env}/${app}/values.yaml`] = `# ${app} in ${env}\nimage:\n  repository: ghcr.io/acme/${app}\n  tag: v1.0.0 # pinned\n`;
      files[`overlays/${env}/${app}/kustomization.yaml`] = `resources:\n  - ../../../base/${app}\n`;
    }
  }
  for (const app of ['payments', 'orders', 'billing']) files[`base/${app}/deployment.yaml`] = `kind: Deployment\nname: ${app}\n`;
  return files;
}

export interface SyntheticCommit {
  files: Record<string, string>;
  message: string;
}

/**
 * Append commits to `branch` of a bare repo in one `git fast-import` run (hundreds of commits
 * in milliseconds). Returns the SHAs, oldest first.
 */
export async function appendCommits(bare: string, branch: string, commits: SyntheticCommit[]): Promise<string[]> {
  const parent = (await git(bare, ['for-each-ref', '--format=%(objectname)', `refs/heads/${branch}`])).trim();
  const chunks: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  let t = 1_700_000_000;
  commits.forEach((c, i) => {
    chunks.push(`commit refs/heads/${branch}\nmark :${i + 1}\n`);
    chunks.push(`committer sandbox <sandbox@example.invalid> ${t++} +0000\n`);
    chunks.push(data(c.message));
    if (i === 0 && parent) chunks.push(`from ${parent}\n`);
    for (const [path, content] of Object.entries(c.files)) chunks.push(`M 100644 inline ${path}\n${data(content)}`);
    chunks.push('\n');
  });
  await git(bare, ['fast-import', '--quiet', '--force'], chunks.join(''));
  const marks = commits.map((_, i) => i);
  const out = await git(bare, ['rev-list', '--reverse', `-n${commits.length}`, `refs/heads/${branch}`]);
  const shas = out.split('\n').filter(Boolean);
  return marks.map((i) => shas[i]);
}

/** `git ls-tree -r` of a ref as path → "mode type oid". */
export async function treeListing(bare: string, ref: string): Promise<Map<string, string>> {
  const out = await git(bare, ['ls-tree', '-r', '-z', ref]);
  const m = new Map<string, string>();
  for (const rec of out.split('\0').filter(Boolean)) {
    const [meta, path] = rec.split('\t');
    m.set(path, meta);
  }
  return m;
}

const DEEP = 'overlays/dev/payments/values.yaml';

interface Transport {
  name: string;
  /** Options to open the repo `owner/name` under the test root. */
  opts(name: string): Partial<GitEnvRepoOptions> & { url: string };
}

let root: string;
let sandbox: SandboxServer;
let seq = 0;

beforeAll(async () => {
  root = await tempDir('gitops-git-test-');
  sandbox = await startSandbox({ root, tokens: [TOKEN] });
});
afterAll(async () => {
  await sandbox.stop();
  await rm(root, { recursive: true, force: true });
});

const transports: Transport[] = [
  { name: 'local path', opts: (name) => ({ url: join(root, `${name}.git`) }) },
  { name: 'file:// URL', opts: (name) => ({ url: `file://${join(root, `${name}.git`)}` }) },
  { name: 'smart HTTP with a token', opts: (name) => ({ url: `${sandbox.url}/${name}.git`, token: TOKEN }) },
];

/** A fresh bare repo with the env files; returns its path and name. */
async function freshRepo(files = envRepoFiles()): Promise<{ bare: string; name: string }> {
  const name = `acme/env-${++seq}`;
  const bare = await createBareRepo(root, name, files);
  return { bare, name };
}

describe.each(transports)('GitEnvRepo over $name', (transport) => {
  const open = async (name: string, extra: Partial<GitEnvRepoOptions> = {}) => GitEnvRepo.open({ ...transport.opts(name), ...extra });

  it('reads the head and files, null for a missing branch or file', async () => {
    const { bare, name } = await freshRepo();
    const repo = await open(name);
    try {
      expect(repo.forge).toBe('git');
      expect((repo as EnvRepo).changeRequests).toBeUndefined();
      const head = await repo.head('main');
      expect(head).toBe(await refSha(bare, 'main'));
      expect(await repo.readFile(DEEP, head!)).toBe(envRepoFiles()[DEEP]);
      expect(await repo.readFile('gitops.yaml', head!)).toBe(envRepoFiles()['gitops.yaml']);
      expect(await repo.readFile('overlays/dev/nope/values.yaml', head!)).toBeNull();
      expect(await repo.readFile('overlays/dev', head!)).toBeNull();
      expect(await repo.head('no-such-branch')).toBeNull();
      // A commit that is not local yet (pushed by someone else) is fetched on demand.
      const other = await commitFiles(bare, 'main', { 'overlays/prod/payments/values.yaml': 'image:\n  tag: v9\n' }, 'prod v9');
      expect(await repo.readFile('overlays/prod/payments/values.yaml', other)).toBe('image:\n  tag: v9\n');
      expect(await repo.readFile(DEEP, head!)).toBe(envRepoFiles()[DEEP]);
    } finally {
      await repo.close();
    }
  });

  it('commits one file deep in the tree and leaves every other path as it was', async () => {
    const { bare, name } = await freshRepo();
    const before = await treeListing(bare, 'main');
    const repo = await open(name);
    try {
      const parent = (await repo.head('main'))!;
      const content = envRepoFiles()[DEEP].replace('v1.0.0', 'v1.2.3');
      const { sha } = await repo.commit({ branch: 'main', parent, files: [{ path: DEEP, content }], message: 'dev(payments): v1.2.3\n\nPromoted-by: test\n' });
      expect(await refSha(bare, 'main')).toBe(sha);
      expect(await showFile(bare, 'main', DEEP)).toBe(content);
      const after = await treeListing(bare, 'main');
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [path, meta] of before) if (path !== DEEP) expect(after.get(path)).toBe(meta);
      expect(after.get(DEEP)).not.toBe(before.get(DEEP));
      expect((await git(bare, ['rev-parse', `${sha}^`])).trim()).toBe(parent);
      expect(await git(bare, ['log', '-1', '--format=%B', sha])).toBe('dev(payments): v1.2.3\n\nPromoted-by: test\n\n');
      expect((await git(bare, ['log', '-1', '--format=%an <%ae>|%cn <%ce>', sha])).trim()).toBe(
        'gitops-actions <gitops-actions@users.noreply.github.com>|gitops-actions <gitops-actions@users.noreply.github.com>',
      );
      expect((await git(bare, ['fsck', '--strict'])).trim()).toBe('');
      // The next read sees our commit.
      expect(await repo.head('main')).toBe(sha);
      expect(await repo.readFile(DEEP, sha)).toBe(content);
    } finally {
      await repo.close();
    }
  });

  it('commits several files, new directories included, with the given author', async () => {
    const { bare, name } = await freshRepo();
    const repo = await open(name, { author: { name: 'Promo Bot', email: 'bot@example.com' } });
    try {
      const parent = (await repo.head('main'))!;
      const { sha } = await repo.commit({
        branch: 'main',
        parent,
        files: [
          { path: 'overlays/dev/payments/values.yaml', content: 'a: 1\n' },
          { path: 'overlays/dev/orders/values.yaml', content: 'b: 2\n' },
          { path: 'overlays/qa/payments/values.yaml', content: 'c: 3\n' },
        ],
        message: 'several',
      });
      expect(await showFile(bare, sha, 'overlays/dev/payments/values.yaml')).toBe('a: 1\n');
      expect(await showFile(bare, sha, 'overlays/dev/orders/values.yaml')).toBe('b: 2\n');
      expect(await showFile(bare, sha, 'overlays/qa/payments/values.yaml')).toBe('c: 3\n');
      expect(await showFile(bare, sha, 'overlays/staging/payments/values.yaml')).toBe(envRepoFiles()['overlays/staging/payments/values.yaml']);
      expect((await git(bare, ['log', '-1', '--format=%an <%ae>', sha])).trim()).toBe('Promo Bot <bot@example.com>');
      expect((await git(bare, ['fsck', '--strict'])).trim()).toBe('');
    } finally {
      await repo.close();
    }
  });

  it('refuses to commit onto a branch that moved (ConflictError) and leaves the remote unchanged', async () => {
    const { bare, name } = await freshRepo();
    const repo = await open(name);
    try {
      const parent = (await repo.head('main'))!;
      await commitFiles(bare, 'main', { 'overlays/dev/orders/values.yaml': 'tag: other\n' }, 'someone else');
      const refsBefore = await allRefs(bare);
      await expect(repo.commit({ branch: 'main', parent, files: [{ path: DEEP, content: 'tag: mine\n' }], message: 'mine' })).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect(await allRefs(bare)).toEqual(refsBefore);
      // Re-read and re-apply: succeeds.
      const fresh = (await repo.head('main'))!;
      expect(fresh).toBe(refsBefore['refs/heads/main']);
      const { sha } = await repo.commit({ branch: 'main', parent: fresh, files: [{ path: DEEP, content: 'tag: mine\n' }], message: 'mine' });
      expect(await showFile(bare, sha, 'overlays/dev/orders/values.yaml')).toBe('tag: other\n');
      expect(await showFile(bare, sha, DEEP)).toBe('tag: mine\n');
    } finally {
      await repo.close();
    }
  });

  it('creates a branch, refuses to create it twice, and force-moves a branch it owns', async () => {
    const { bare, name } = await freshRepo();
    const repo = await open(name);
    try {
      const base = (await repo.head('main'))!;
      const branch = 'promote-payments-v1.2.3-staging';
      const first = await repo.commit({
        branch,
        parent: base,
        createBranch: true,
        files: [{ path: 'overlays/staging/payments/values.yaml', content: 'tag: v1.2.3\n' }],
        message: 'staging(payments): v1.2.3',
      });
      expect(await refSha(bare, branch)).toBe(first.sha);
      expect(await refSha(bare, 'main')).toBe(base);
      const refs = await allRefs(bare);
      await expect(repo.commit({ branch, parent: base, createBranch: true, files: [{ path: 'x.yaml', content: 'x\n' }], message: 'again' })).rejects.toThrow(
        /already exists/,
      );
      expect(await allRefs(bare)).toEqual(refs);
      const second = await repo.commit({
        branch,
        parent: base,
        force: true,
        files: [{ path: 'overlays/staging/payments/values.yaml', content: 'tag: v1.2.4\n' }],
        message: 'staging(payments): v1.2.4',
      });
      expect(await refSha(bare, branch)).toBe(second.sha);
      expect((await git(bare, ['rev-parse', `${second.sha}^`])).trim()).toBe(base);
      expect(await repo.head(branch)).toBe(second.sha);
    } finally {
      await repo.close();
    }
  });

  it('makes no empty commit when the content is unchanged', async () => {
    const { bare, name } = await freshRepo();
    const repo = await open(name);
    try {
      const parent = (await repo.head('main'))!;
      const r = await repo.commit({ branch: 'main', parent, files: [{ path: DEEP, content: envRepoFiles()[DEEP] }], message: 'noop' });
      expect(r.sha).toBe(parent);
      expect(await refSha(bare, 'main')).toBe(parent);
    } finally {
      await repo.close();
    }
  });

  it('records verifications as git notes and reads them back, latest per context wins', async () => {
    const { bare, name } = await freshRepo();
    const repo = await open(name);
    try {
      const head = (await repo.head('main'))!;
      expect(await repo.verifications(head)).toMatchObject([]);
      await repo.recordVerification(head, { context: 'gitops/payments/dev', state: 'pending' });
      await repo.recordVerification(head, {
        context: 'gitops/payments/dev',
        state: 'success',
        description: 'Healthy and Synced',
        targetUrl: 'https://argocd.example/applications/payments-dev',
      });
      await repo.recordVerification(head, { context: 'gitops/orders/dev', state: 'failure' });
      expect(await repo.verifications(head)).toMatchObject([
        { context: 'gitops/payments/dev', state: 'success', description: 'Healthy and Synced', targetUrl: 'https://argocd.example/applications/payments-dev' },
        { context: 'gitops/orders/dev', state: 'failure' },
      ]);
      // Plain git sees them too.
      const note = await git(bare, ['notes', '--ref=refs/notes/gitops', 'show', head]);
      expect(note.trim().split('\n')).toHaveLength(2);
      expect(JSON.parse(note.trim().split('\n')[0])).toMatchObject({ context: 'gitops/payments/dev', state: 'success' });
      expect(JSON.parse(note.trim().split('\n')[1])).toMatchObject({ context: 'gitops/orders/dev', state: 'failure' });
      // Another reader (fresh clone) sees the same.
      const other = await open(name);
      try {
        expect((await other.verifications(head)).map((v) => v.state)).toEqual(['success', 'failure']);
      } finally {
        await other.close();
      }
    } finally {
      await repo.close();
    }
  });
});

describe('GitEnvRepo compare-and-swap races and input checks', () => {
  it('lets exactly one of two concurrent writers from the same parent win; the other gets ConflictError', async () => {
    const { bare, name } = await freshRepo();
    const [a, b] = await Promise.all([0, 1].map(() => GitEnvRepo.open({ url: `${sandbox.url}/${name}.git`, token: TOKEN })));
    try {
      const parent = (await a.head('main'))!;
      expect(await b.head('main')).toBe(parent);
      const results = await Promise.allSettled(
        [a, b].map((r, i) => r.commit({ branch: 'main', parent, files: [{ path: DEEP, content: `tag: writer-${i}\n` }], message: `writer ${i}` })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(ConflictError);
      expect(await refSha(bare, 'main')).toBe((won[0] as PromiseFulfilledResult<{ sha: string }>).value.sha);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('rejects bad paths and branch names as InputError before touching the remote', async () => {
    const { bare, name } = await freshRepo();
    const repo = await GitEnvRepo.open({ url: join(root, `${name}.git`) });
    try {
      const head = (await repo.head('main'))!;
      const before = await allRefs(bare);
      const requests = repo.requestCount;
      await expect(repo.readFile('../etc/passwd', head)).rejects.toBeInstanceOf(InputError);
      await expect(repo.readFile('/abs', head)).rejects.toBeInstanceOf(InputError);
      await expect(repo.head('--upload-pack=evil')).rejects.toBeInstanceOf(InputError);
      await expect(repo.commit({ branch: 'main', parent: head, files: [{ path: 'a/../b', content: 'x' }], message: 'x' })).rejects.toBeInstanceOf(InputError);
      await expect(repo.commit({ branch: 'bad..name', parent: head, files: [{ path: 'a', content: 'x' }], message: 'x' })).rejects.toBeInstanceOf(InputError);
      await expect(repo.commit({ branch: 'main', parent: head, files: [{ path: '.git/config', content: 'x' }], message: 'x' })).rejects.toBeInstanceOf(
        InputError,
      );
      await expect(repo.recordVerification('HEAD', { context: 'gitops/a/dev', state: 'success' })).rejects.toBeInstanceOf(InputError);
      expect(repo.requestCount).toBe(requests);
      expect(await allRefs(bare)).toEqual(before);
    } finally {
      await repo.close();
    }
  });
});

describe('GitEnvRepo notes under concurrency', () => {
  it('keeps all 10 notes written concurrently by separate clones on different commits and contexts', async () => {
    const { bare, name } = await freshRepo();
    const shas = await appendCommits(
      bare,
      'main',
      Array.from({ length: 5 }, (_, i) => ({ files: { [`f${i}.txt`]: `${i}\n` }, message: `c${i}` })),
    );
    const writers = await Promise.all(Array.from({ length: 10 }, () => GitEnvRepo.open({ url: `${sandbox.url}/${name}.git`, token: TOKEN })));
    try {
      await Promise.all(
        writers.map((w, i) => w.recordVerification(shas[i % 5], { context: `gitops/app${i}/dev`, state: 'success', description: `writer ${i}` })),
      );
      const reader = writers[0];
      for (let c = 0; c < 5; c++) {
        const got = await reader.verifications(shas[c]);
        expect(got.map((v) => v.context).sort()).toEqual([`gitops/app${c}/dev`, `gitops/app${c + 5}/dev`].sort());
      }
      // The notes ref is a single linear history of 10 notes commits.
      expect((await git(bare, ['rev-list', '--count', 'refs/notes/gitops'])).trim()).toBe('10');
    } finally {
      await Promise.all(writers.map((w) => w.close()));
    }
  }, 180_000);

  it('serialises concurrent calls on one instance', async () => {
    const { name } = await freshRepo();
    const repo = await GitEnvRepo.open({ url: join(root, `${name}.git`) });
    try {
      const head = (await repo.head('main'))!;
      await Promise.all(Array.from({ length: 10 }, (_, i) => repo.recordVerification(head, { context: `gitops/app${i}/dev`, state: 'success' })));
      expect((await repo.verifications(head)).map((v) => v.context).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `gitops/app${i}/dev`).sort());
    } finally {
      await repo.close();
    }
  });
});

describe('GitEnvRepo history', () => {
  let bare: string;
  let name: string;
  let touching: string[];
  beforeAll(async () => {
    ({ bare, name } = await freshRepo());
    // 300 commits; every 10th changes the dev payments values, the rest touch other files.
    const commits = Array.from({ length: 300 }, (_, i): SyntheticCommit =>
      i % 10 === 0
        ? { files: { [DEEP]: `image:\n  tag: v1.${i}.0\n` }, message: `dev(payments): v1.${i}.0` }
        : { files: { [`overlays/dev/orders/values.yaml`]: `n: ${i}\n`, [`apps/a${i % 7}/x.txt`]: `${i}\n` }, message: `other ${i}` },
    );
    await appendCommits(bare, 'main', commits);
    touching = (await git(bare, ['log', '--format=%H', 'main', '--', DEEP])).split('\n').filter(Boolean);
    expect(touching).toHaveLength(31);
  });

  it.each([1, 5, 12])('returns the %i newest commits touching a path, cheaply', async (limit) => {
    const repo = await GitEnvRepo.open({ url: `${sandbox.url}/${name}.git`, token: TOKEN });
    try {
      const h = await repo.history(DEEP, 'main', limit);
      expect(h.map((e) => e.sha)).toEqual(touching.slice(0, limit));
      expect(h[0].message).toBe('dev(payments): v1.290.0');
      // A handful of round trips: head, one deepen, one fetch per tree level (4) and a re-deepen at most.
      expect(repo.requestCount).toBeLessThanOrEqual(12);
    } finally {
      await repo.close();
    }
  });

  it('walks the whole history when asked for more than exists', async () => {
    const repo = await GitEnvRepo.open({ url: join(root, `${name}.git`) });
    try {
      const h = await repo.history(DEEP, 'main', 100);
      expect(h.map((e) => e.sha)).toEqual(touching);
      expect(h.at(-1)!.message).toBe('initial');
      expect(await repo.history('overlays/dev/none.yaml', 'main', 3)).toEqual([]);
      const head = (await refSha(bare, 'main'))!;
      expect((await repo.history(DEEP, head, 2)).map((e) => e.sha)).toEqual(touching.slice(0, 2));
      expect(await repo.history(DEEP, 'no-such-branch', 2)).toEqual([]);
    } finally {
      await repo.close();
    }
  });
});

describe('GitEnvRepo fetches only what it needs', () => {
  it('fetches the head and its recent history with trees and small files only, in a repo with many directories', async () => {
    const files = envRepoFiles();
    for (let d = 0; d < 200; d++) for (let f = 0; f < 5; f++) files[`apps/app${d}/conf/f${f}.yaml`] = `app: ${d}\nf: ${f}\n`;
    // Larger than HEAD_FILTER's limit: stays on the remote until someone reads it.
    const big = `${'x'.repeat(20_000)}\n`;
    files['apps/app0/dashboard.json'] = big;
    const { bare, name } = await freshRepo(files);
    await appendCommits(bare, 'main', [{ files: { 'apps/app1/conf/f0.yaml': 'older: true\n' }, message: 'one more' }]);
    const bigOid = (await git(bare, ['rev-parse', 'main:apps/app0/dashboard.json'])).trim();
    const workDir = await tempDir('gitops-workdir-');
    const repo = await GitEnvRepo.open({ url: `${sandbox.url}/${name}.git`, token: TOKEN, workDir });
    try {
      const started = performance.now();
      const parent = (await repo.head('main'))!;
      const old = await repo.readFile(DEEP, parent);
      await repo.commit({ branch: 'main', parent, files: [{ path: DEEP, content: old!.replace('v1.0.0', 'v2.0.0') }], message: 'dev(payments): v2.0.0' });
      const elapsed = performance.now() - started;
      // The head with its trees and small files (the read is local), the push.
      expect(repo.requestCount).toBe(2);
      const [clone] = await readdir(workDir);
      const objects = (await git(join(workDir, clone, 'repo.git'), ['cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype)']))
        .split('\n')
        .filter(Boolean);
      // The recent history (here all: two commits) and our commit, but not the large file.
      expect(objects.filter((o) => o.endsWith(' commit'))).toHaveLength(3);
      expect(objects.map((o) => o.split(' ')[0])).not.toContain(bigOid);
      // Read on demand, by id.
      expect(await repo.readFile('apps/app0/dashboard.json', parent)).toBe(big);
      expect(repo.requestCount).toBe(3);
      process.stderr.write(`git adapter: promote on a ${objects.length}-object head: ${elapsed.toFixed(0)} ms\n`);
    } finally {
      await repo.close();
      expect(await readdir(workDir)).toEqual([]);
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it('still works when the remote does not allow partial clone, and says so', async () => {
    const { bare, name } = await freshRepo();
    await git(bare, ['config', 'uploadpack.allowFilter', 'false']);
    const warnings: string[] = [];
    const reporter: Reporter = { info() {}, warn: (m) => warnings.push(m), debug() {}, group: (_t, fn) => fn(), summary() {}, mask() {} };
    const repo = await GitEnvRepo.open({ url: `${sandbox.url}/${name}.git`, token: TOKEN, reporter });
    try {
      const parent = (await repo.head('main'))!;
      expect(await repo.readFile(DEEP, parent)).toBe(envRepoFiles()[DEEP]);
      const { sha } = await repo.commit({ branch: 'main', parent, files: [{ path: DEEP, content: 'tag: nofilter\n' }], message: 'x' });
      expect(await showFile(bare, sha, DEEP)).toBe('tag: nofilter\n');
      expect(warnings.join('\n')).toMatch(/partial clone/);
    } finally {
      await repo.close();
    }
  });
});
