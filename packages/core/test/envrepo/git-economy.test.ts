/**
 * What git mode costs, as counts: HTTP requests the sandbox's smart-HTTP server received and git
 * processes the adapter started (issue 12, item 3: a dev promotion in ≤ 8 requests and ≤ 20
 * processes). Real bare repos, real `git http-backend`, the real promote verb.
 */
import { execFile } from 'node:child_process';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { commitFiles, createEnvRepo, git, showFile, startSandbox, tempDir, type SandboxServer } from '@gitops-actions/sandbox';
import { GitEnvRepo } from '../../src/envrepo/git.js';
import { onGitSpawn } from '../../src/envrepo/git-process.js';
import { startFastImport } from '../../src/envrepo/git-fast-import.js';
import { pendingCleanup } from '../../src/lifecycle.js';
import { Redactor } from '../../src/report.js';
import { promote } from '../../src/verbs/promote.js';

const FILE = 'overlays/dev/payments/values.yaml';

describe('git mode economy over smart HTTP', () => {
  let root: string;
  let sandbox: SandboxServer;
  let n = 0;
  beforeAll(async () => {
    root = await tempDir('git-economy-');
    sandbox = await startSandbox({ root });
  });
  afterAll(async () => {
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });

  /** A 10-commit env repo (gitops.yaml, three environments, other files changing). */
  async function tenCommits(): Promise<{ bare: string; url: string }> {
    const name = `acme/economy${++n}`;
    const bare = await createEnvRepo(root, name);
    for (let i = 0; i < 9; i++) await commitFiles(bare, 'main', { [`apps/dev/other${i}.yaml`]: `n: ${i}\n` }, `other ${i}`);
    return { bare, url: `${sandbox.url}/${name}.git` };
  }

  /** Requests and git processes while `fn` runs. */
  async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; requests: string[]; processes: string[] }> {
    const processes: string[] = [];
    const off = onGitSpawn((argv) => processes.push(argv.filter((a, i) => a !== '-c' && argv[i - 1] !== '-c')[0] ?? ''));
    const from = sandbox.requests.length;
    try {
      const value = await fn();
      return { value, requests: sandbox.requests.slice(from), processes };
    } finally {
      off();
    }
  }

  it('a dev promotion (with the blocked-tag check) takes ≤ 8 HTTP requests and ≤ 20 git processes', async () => {
    const { bare, url } = await tenCommits();
    const before = (await git(bare, ['rev-parse', 'main'])).trim();
    const {
      value: result,
      requests,
      processes,
    } = await counted(async () => {
      const repo = await GitEnvRepo.open({ url });
      try {
        return await promote({ repo, app: 'payments', env: 'dev', tag: 'v1.3.0' });
      } finally {
        await repo.close();
      }
    });
    expect(result.operation).toBe('pushed');
    // Landed on the remote, on the head we read.
    expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(result.commit);
    expect((await git(bare, ['rev-parse', 'main^'])).trim()).toBe(before);
    expect(await showFile(bare, 'main', FILE)).toContain('v1.3.0');
    // The head and its recent history with their trees and small files (3 requests), the push (2).
    expect(requests.length).toBeLessThanOrEqual(8);
    expect(requests.filter((r) => r.endsWith('/git-upload-pack'))).toHaveLength(2);
    expect(requests.filter((r) => r.endsWith('/git-receive-pack'))).toEqual([`POST /acme/economy${n}.git/git-receive-pack`]);
    expect(processes.length).toBeLessThanOrEqual(20);
    // One process per kind of work: no git per object read, none per tree written.
    const perKind = (k: string) => processes.filter((p) => p === k).length;
    expect(perKind('cat-file')).toBe(1);
    expect(perKind('fast-import')).toBe(1);
    expect(perKind('push')).toBe(1);
    expect(perKind('hash-object') + perKind('mktree') + perKind('commit-tree') + perKind('init')).toBe(0);
    process.stderr.write(`git economy: dev promotion ${requests.length} HTTP requests, ${processes.length} git processes (${processes.join(' ')})\n`);
  });

  it('a run that reads only: the fast-import started during the head fetch ends unused, the clone is removed', async () => {
    const { url } = await tenCommits();
    const workDir = await tempDir('git-economy-work-');
    const { processes } = await counted(async () => {
      const repo = await GitEnvRepo.open({ url, workDir });
      try {
        expect(await repo.readFile(FILE, (await repo.head('main'))!)).toContain('tag:');
      } finally {
        await repo.close();
      }
    });
    expect(processes.filter((p) => p === 'fast-import')).toHaveLength(1);
    expect(await readdir(workDir)).toEqual([]);
    expect(pendingCleanup().children).toBe(0);
    await rm(workDir, { recursive: true, force: true });
  });

  it('a fast-import told `done` without a commit writes nothing', async () => {
    const { bare } = await tenCommits();
    const before = await git(bare, ['for-each-ref']);
    const packs = await readdir(join(bare, 'objects', 'pack'));
    const r = await startFastImport({ gitDir: bare, env: process.env, redactor: new Redactor(), timeoutMs: 30_000 }).finish('done\n');
    expect(r.code).toBe(0);
    expect(await readdir(join(bare, 'objects', 'pack'))).toEqual(packs);
    expect(await git(bare, ['for-each-ref'])).toBe(before);
  });

  it('concurrent reads share round trips: 12 files over the size limit in one fetch, 12 commits’ notes in one', async () => {
    const { bare, url } = await tenCommits();
    const big = (i: number) => `# ${i}\n${'x'.repeat(9000)}\n`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`dashboards/d${i}.json`] = big(i);
    const shas = [await commitFiles(bare, 'main', files, 'dashboards')];
    for (let i = 0; i < 11; i++) shas.push(await commitFiles(bare, 'main', { [`apps/dev/more${i}.yaml`]: `m: ${i}\n` }, `more ${i}`));
    // Records on every one of the 12 commits, written by someone else.
    const writer = await GitEnvRepo.open({ url });
    try {
      for (const sha of shas) await writer.recordVerification(sha, { context: 'gitops/payments/dev', state: 'success', description: sha.slice(0, 7) });
    } finally {
      await writer.close();
    }
    const repo = await GitEnvRepo.open({ url });
    try {
      const head = (await repo.head('main'))!;
      const afterHead = repo.requestCount;
      const { value: texts, requests } = await counted(() => Promise.all(Object.keys(files).map((p) => repo.readFile(p, head))));
      expect(texts).toEqual(Object.values(files));
      // Larger than the head fetch's blob limit: fetched by id, all twelve in one fetch (2 requests).
      expect(repo.requestCount - afterHead).toBe(1);
      expect(requests).toHaveLength(2);
      const { value: records, requests: noteRequests } = await counted(() => Promise.all(shas.map((s) => repo.verifications(s))));
      expect(records.map((r) => r.map((v) => v.description))).toEqual(shas.map((s) => [s.slice(0, 7)]));
      // The notes ref with its trees and note blobs, once (3 requests).
      expect(repo.requestCount - afterHead).toBe(2);
      expect(noteRequests).toHaveLength(3);
      // Read again in the same run: all local.
      await repo.verifications(shas[0]);
      expect(repo.requestCount - afterHead).toBe(2);
    } finally {
      await repo.close();
    }
  });

  it('a process that goes on after close() is not ended by the idle reader (two promotions in a row)', async () => {
    // The long-lived cat-file is unref'd while idle; close() must hold Node up until it ends, or a
    // script that promotes twice dies in the first close() with its top-level await unsettled.
    const { bare, url } = await tenCommits();
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    const script = join(root, `two-in-a-row-${n}.mts`);
    await writeFile(
      script,
      `import { GitEnvRepo } from ${JSON.stringify(`${src}envrepo/git.js`)};
import { promote } from ${JSON.stringify(`${src}verbs/promote.js`)};
for (const tag of ['v1.4.0', 'v1.5.0']) {
  const repo = await GitEnvRepo.open({ url: ${JSON.stringify(url)} });
  try {
    console.log((await promote({ repo, app: 'payments', env: 'dev', tag })).operation);
  } finally {
    await repo.close();
  }
}
console.log('after');
`,
    );
    const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
    const { stdout } = await promisify(execFile)(tsx, [script], { cwd: root, timeout: 60_000 });
    expect(stdout.trim().split('\n')).toEqual(['pushed', 'pushed', 'after']);
    expect(await showFile(bare, 'main', FILE)).toContain('v1.5.0');
  });
  it('a wide env repo (more objects at the head than WIDE_HEAD_OBJECTS): the head fetch switches to trees only, for the rest of the run', async () => {
    const name = `acme/wide${++n}`;
    const bare = await createEnvRepo(root, name);
    // 31,000 small files, each in a directory of its own: ~62,000 objects with their trees.
    const chunks = ['commit refs/heads/main\ncommitter sandbox <sandbox@example.invalid> 1700000000 +0000\ndata 5\nwide\n'];
    chunks.push(`from ${(await git(bare, ['rev-parse', 'main'])).trim()}\n`);
    for (let i = 0; i < 31_000; i++) chunks.push(`M 100644 inline apps/a${i}/values.yaml\ndata ${`n: ${i}\n`.length}\nn: ${i}\n\n`);
    await git(bare, ['fast-import', '--quiet', '--force'], chunks.join('') + '\n');
    const url = `${sandbox.url}/${name}.git`;
    const filters: string[] = [];
    const off = onGitSpawn((argv) => filters.push(...argv.filter((a) => a.startsWith('--filter='))));
    const repo = await GitEnvRepo.open({ url });
    try {
      const r = await promote({ repo, app: 'payments', env: 'dev', tag: 'v1.2.3' });
      expect(r.operation).toBe('pushed');
      // Stopped once the server had counted the objects, then trees only; the files came by id.
      expect(filters.slice(0, 2)).toEqual(['--filter=blob:limit=8192', '--filter=blob:none']);
      expect(await showFile(bare, 'main', FILE)).toContain('tag: "v1.2.3"');
      // The next head fetch of this run takes trees only at once.
      filters.length = 0;
      expect(await repo.head('main')).toBe(r.commit);
      expect(filters).toEqual(['--filter=blob:none']);
    } finally {
      off();
      await repo.close();
    }
  }, 60_000);
});
