/**
 * The forge's git layer reads without spawning git and must still answer exactly what git answers:
 * trees built in JS equal what an index + write-tree builds (and fail where it fails), ref reads see
 * every writer at once (API, a local push, a packed ref), the long-lived cat-file comes back after
 * it dies, and the JS history walks agree with merge-base / rev-list.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { catFile } from '../src/git-batch.js';
import { BareRepo, commitFiles, createBareRepo, git, gitSpawnCounts, startForge, tempDir, type TreeChange } from '../src/index.js';

/** What the forge did before: the changes applied through a throwaway index, by git itself. */
async function treeByIndex(bare: string, base: string, changes: TreeChange[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'idx-'));
  const idx = { ...process.env, GIT_INDEX_FILE: join(dir, 'index') };
  const { execFile } = await import('node:child_process');
  const g = (args: string[], input?: string) =>
    new Promise<string>((resolve, reject) => {
      const p = execFile('git', args, { cwd: bare, env: idx }, (err, out) => (err ? reject(new Error(err.message)) : resolve(out)));
      p.stdin?.on('error', () => undefined); // git may refuse before reading its input
      p.stdin?.end(input ?? '');
    });
  try {
    await g(['read-tree', base]);
    const dirs = changes.filter((c) => !c.sha).map((c) => c.path);
    const under = (await g(['ls-files', '-z'])).split('\0').filter((p) => p && dirs.some((d) => p.startsWith(`${d}/`)));
    if (under.length) await g(['update-index', '--index-info'], under.map((p) => `0 ${'0'.repeat(40)}\t${p}\n`).join(''));
    await g(
      ['update-index', '--add', '--index-info'],
      changes.map((c) => (c.sha ? `${c.mode} ${c.sha}\t${c.path}\n` : `0 ${'0'.repeat(40)}\t${c.path}\n`)).join(''),
    );
    return (await g(['write-tree', '--missing-ok'])).trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('sandbox BareRepo', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempDir();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('builds the same tree as update-index + write-tree for random edits, and refuses what they refuse', async () => {
    const bare = await createBareRepo(root, 'acme/trees', {
      'a/x.yaml': 'x\n',
      'a/b/y.yaml': 'y\n',
      'a/b/c/z.yaml': 'z\n',
      'a-b': 'dash\n',
      'a.b': 'dot\n',
      'k/only': 'k\n',
      top: 't\n',
    });
    const repo = new BareRepo(bare);
    const base = (await repo.readCommit((await repo.refSha('refs/heads/main'))!))!.tree;
    const blobs = await Promise.all(['one\n', 'two\n', 'three\n'].map((c) => repo.writeBlob(c)));
    const path = fc.constantFrom(
      'a',
      'a/x.yaml',
      'a/b',
      'a/b/y.yaml',
      'a/b/c',
      'a/b/c/z.yaml',
      'a/new',
      'a-b',
      'a.b',
      'a/b/new/deep',
      'k',
      'k/only',
      'top',
      'top/under',
      'n/e/w',
    );
    const change = fc.record({
      path,
      mode: fc.constantFrom('100644', '100755', '120000'),
      sha: fc.option(fc.constantFrom(...blobs), { freq: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 5 }), async (changes) => {
        const expected = await treeByIndex(bare, base, changes).then(
          (t) => t,
          () => 'refused',
        );
        const actual = await repo.buildTree(base, changes).then(
          (t) => t,
          () => 'refused',
        );
        expect(actual).toBe(expected);
      }),
      { numRuns: 60, seed: 12 },
    );
  }, 180_000);

  it('writes blobs byte for byte as git hash-object -w does, readable by git', async () => {
    const bare = await createBareRepo(root, 'acme/blobs', { f: 'f\n' });
    const repo = new BareRepo(bare);
    const content = Buffer.from([0, 1, 2, 255, 10, 13, 10]);
    const sha = await repo.writeBlob(content);
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync('git', ['hash-object', '--stdin'], { input: content }).toString().trim()).toBe(sha);
    expect(execFileSync('git', ['cat-file', 'blob', sha], { cwd: bare }).equals(content)).toBe(true);
    expect(execFileSync('git', ['fsck', '--strict', '--no-dangling'], { cwd: bare }).toString()).toBe('');
  });

  it('sees refs and objects written by others at once: a local push, a packed ref, a pack', async () => {
    const bare = await createBareRepo(root, 'acme/fresh', { 'dev/values.yaml': 'tag: v1\n' });
    const repo = new BareRepo(bare);
    const first = await repo.resolveCommit('main');
    expect(await repo.readBlob((await repo.entryAt(first!, 'dev/values.yaml'))!.sha)).toEqual(Buffer.from('tag: v1\n'));
    const second = await commitFiles(bare, 'main', { 'dev/values.yaml': 'tag: v2\n' }, 'outside');
    expect(await repo.refSha('refs/heads/main')).toBe(second);
    expect(await repo.resolveCommit('main')).toBe(second);
    expect((await repo.readBlob((await repo.entryAt(second, 'dev/values.yaml'))!.sha))!.toString()).toBe('tag: v2\n');
    await git(bare, ['pack-refs', '--all']);
    await git(bare, ['update-ref', 'refs/heads/side', first!]);
    await git(bare, ['pack-refs', '--all']);
    expect(await repo.refSha('refs/heads/side')).toBe(first);
    expect([...(await repo.refs('refs/heads/'))]).toEqual([
      ['refs/heads/main', second],
      ['refs/heads/side', first],
    ]);
    const forEachRef = (await git(bare, ['for-each-ref', '--format=%(refname) %(objectname)'])).trim().split('\n');
    expect([...(await repo.refs('refs/'))].map(([n, s]) => `${n} ${s}`)).toEqual(forEachRef);
    // Many files: the push arrives as a pack, which the running cat-file has never seen.
    const many: Record<string, string> = {};
    for (let i = 0; i < 150; i++) many[`bulk/f${i}`] = `${i}\n`;
    const third = await commitFiles(bare, 'main', many, 'bulk');
    expect(await repo.resolveCommit('main')).toBe(third);
    expect((await repo.listTree(third, 'bulk')).length).toBe(150);
    expect(await repo.refSha('refs/heads/nope')).toBeNull();
    expect(await repo.refSha('refs/heads/../../config')).toBeNull();
  }, 60_000);

  it('restarts its cat-file when it dies, and reads on', async () => {
    const bare = await createBareRepo(root, 'acme/phoenix', { f: 'one\n' });
    const repo = new BareRepo(bare);
    const head = (await repo.resolveCommit('main'))!;
    const pid = catFile(bare).pid;
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    const tree = (await repo.readCommit(head))!.tree;
    expect((await repo.listTree(tree, '')).map((e) => e.path)).toEqual(['f']);
    expect(catFile(bare).pid).not.toBe(pid);
  });

  it('reads a repository deleted and made again at the same path afresh', async () => {
    const bare = await createBareRepo(root, 'acme/again', { f: 'old\n' });
    const old = new BareRepo(bare);
    expect((await old.listTree((await old.resolveCommit('main'))!, '')).map((e) => e.path)).toEqual(['f']);
    await rm(bare, { recursive: true, force: true });
    await createBareRepo(root, 'acme/again', { g: 'new\n' });
    const repo = new BareRepo(bare);
    const head = await repo.resolveCommit('main');
    expect(head).toBe(await repo.refSha('refs/heads/main'));
    expect((await repo.listTree(head!, '')).map((e) => e.path)).toEqual(['g']);
  });

  it('answers is-ancestor and last-commit-for-path as git does, merges included', async () => {
    const bare = await createBareRepo(root, 'acme/history', { 'a/f': '1\n', 'b/g': '1\n' });
    const repo = new BareRepo(bare);
    const c1 = (await repo.refSha('refs/heads/main'))!;
    const c2 = await commitFiles(bare, 'main', { 'b/g': '2\n' }, 'b');
    const c3 = await commitFiles(bare, 'main', { 'a/f': '3\n' }, 'a');
    await git(bare, ['branch', 'topic', c2]);
    const t1 = await commitFiles(bare, 'topic', { 'b/g': 't\n' }, 'topic');
    const tree = (await git(bare, ['merge-tree', '--write-tree', c3, t1])).split('\n')[0].trim();
    const merge = (await git(bare, ['commit-tree', tree, '-p', c3, '-p', t1, '-m', 'merge'])).trim();
    const c4 = (await git(bare, ['commit-tree', (await git(bare, ['rev-parse', `${merge}^{tree}`])).trim(), '-p', merge, '-m', 'empty'])).trim();
    const shas = [c1, c2, c3, t1, merge, c4];
    for (const a of shas) {
      for (const d of shas) {
        const byGit = await git(bare, ['merge-base', '--is-ancestor', a, d]).then(
          () => true,
          () => false,
        );
        expect([a, d, await repo.isAncestor(a, d)]).toEqual([a, d, byGit]);
      }
    }
    for (const rev of shas) {
      for (const path of ['a', 'a/f', 'b/g', 'b', 'missing']) {
        const byGit = (await git(bare, ['rev-list', '--max-count=1', rev, '--', path])).trim() || null;
        expect([rev, path, await repo.lastCommitFor(rev, path)]).toEqual([rev, path, byGit]);
      }
    }
  }, 60_000);

  it('walks a line of commits and diffs trees in JS exactly as git log and diff-tree do (the compare endpoint)', async () => {
    const bare = await createBareRepo(root, 'acme/compare', { 'a/x.yaml': 'x\n', 'a/b/y.yaml': 'y\n', 'a.b': 'dot\n', top: 't\n' });
    const repo = new BareRepo(bare);
    const blobs = await Promise.all(['one\n', 'two\n', 'three\n'].map((c) => repo.writeBlob(c)));
    const change = fc.record({
      path: fc.constantFrom('a', 'a/x.yaml', 'a/b', 'a/b/y.yaml', 'a/new', 'a.b', 'a/b/new/deep', 'top', 'top/under', 'n/e/w'),
      mode: fc.constantFrom('100644', '100755', '120000'),
      sha: fc.option(fc.constantFrom(...blobs), { freq: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }), async (steps) => {
        const line = [(await repo.refSha('refs/heads/main'))!];
        for (const changes of steps) {
          const parent = line[line.length - 1];
          const tree = await repo.buildTree((await repo.readCommit(parent))!.tree, changes).catch(() => null);
          if (tree) line.push(await repo.commitTree(tree, [parent], 'step\n'));
        }
        for (let i = 0; i < line.length; i++) {
          for (let j = i; j < line.length; j++) {
            const [base, head] = [line[i], line[j]];
            const byLog = (await git(bare, ['rev-list', `${base}..${head}`])).split('\n').filter(Boolean);
            expect((await repo.linearRange(base, head))?.map((c) => c.sha)).toEqual(byLog);
            const [from, to] = [(await repo.readCommit(base))!.tree, (await repo.readCommit(head))!.tree];
            expect(await repo.diffTrees(from, to)).toEqual(await repo.changedPaths(base, head));
          }
        }
        // Not a descendant: no line (git is asked).
        if (line.length > 1) expect(await repo.linearRange(line[1], line[0])).toBeUndefined();
      }),
      { numRuns: 25, seed: 7 },
    );
  }, 180_000);

  it('writes commits byte for byte as git commit-tree does, and moves refs as update-ref does (a lost race, a clash, a lock)', async () => {
    const bare = await createBareRepo(root, 'acme/commits', { 'a/x.yaml': 'x\n' });
    const repo = new BareRepo(bare);
    const head = (await repo.refSha('refs/heads/main'))!;
    const tree = (await repo.readCommit(head))!.tree;
    const spawned = gitSpawnCounts()['commit-tree'] ?? 0;
    for (const message of ['one line\n', 'no newline', 'subject\n\nbody\n\nGitops-To: v1\n', 'ünïcode ✓\n']) {
      const who = { name: 'Ada Lovelace', email: 'ada@example.invalid' };
      const sha = await repo.commitTree(tree, [head], message, who, { name: 'GitHub', email: 'noreply@github.com' });
      const raw = await git(bare, ['cat-file', 'commit', sha]);
      const when = /^author .* (\d+ [+-]\d{4})$/m.exec(raw)![1];
      const date = `@${when}`;
      const env = {
        ...process.env,
        GIT_AUTHOR_NAME: who.name,
        GIT_AUTHOR_EMAIL: who.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: 'GitHub',
        GIT_COMMITTER_EMAIL: 'noreply@github.com',
        GIT_COMMITTER_DATE: date,
      };
      const byGit = execFileSync('git', ['commit-tree', tree, '-p', head, '-F', '-'], { cwd: bare, env, input: message }).toString().trim();
      expect([message, sha]).toEqual([message, byGit]);
    }
    // No git process for a plain commit.
    expect((gitSpawnCounts()['commit-tree'] ?? 0) - spawned).toBe(0);
    const c1 = await repo.commitTree(tree, [head], 'c1\n');
    const c2 = await repo.commitTree(tree, [head], 'c2\n');
    // Two writers from the same head: exactly one wins.
    const won = await Promise.all([repo.updateRef('refs/heads/main', c1, head), repo.updateRef('refs/heads/main', c2, head)]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const now = (await git(bare, ['rev-parse', 'refs/heads/main'])).trim();
    expect(now).toBe(won[0] ? c1 : c2);
    // A stale expectation loses; a new ref must not exist yet; a ref under a ref clashes.
    expect(await repo.updateRef('refs/heads/main', c1, head)).toBe(false);
    expect(await repo.updateRef('refs/heads/new', c1, null)).toBe(true);
    expect(await repo.updateRef('refs/heads/new', c2, null)).toBe(false);
    expect(await repo.updateRef('refs/heads/new/deeper', c2, null)).toBe(false);
    expect((await git(bare, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/'])).trim().split('\n')).toEqual([
      `refs/heads/main ${now}`,
      `refs/heads/new ${c1}`,
    ]);
    // A packed ref is the old value too; a lock git holds makes us lose, not clobber.
    await git(bare, ['pack-refs', '--all']);
    expect(await repo.updateRef('refs/heads/new', c2, c1)).toBe(true);
    await writeFile(join(bare, 'refs/heads/main.lock'), `${c1}\n`);
    expect(await repo.updateRef('refs/heads/main', c2, now)).toBe(false);
    await rm(join(bare, 'refs/heads/main.lock'));
    expect(await repo.updateRef('refs/heads/main', c2, now)).toBe(true);
    expect((await git(bare, ['rev-parse', 'refs/heads/main', 'refs/heads/new'])).trim().split('\n')).toEqual([c2, c2]);
  }, 60_000);

  it('serves API reads (ref, file, commit, directory) without spawning a git process', async () => {
    const files: Record<string, string> = { 'gitops.yaml': 'apps: {}\n' };
    for (let i = 0; i < 20; i++) files[`dev/app${i}/values.yaml`] = `tag: v${i}\n`;
    await createBareRepo(root, 'acme/reads', files);
    const forge = await startForge({ root });
    try {
      const api = `${forge.url}/api/v3/repos/acme/reads`;
      const get = async (p: string) => {
        const res = await fetch(`${api}${p}`);
        expect(res.status).toBe(200);
        return (await res.json()) as { object: { sha: string } };
      };
      const ref = await get('/git/ref/heads/main');
      await get('/contents/gitops.yaml'); // starts the repository's cat-file
      const before = { ...gitSpawnCounts() };
      for (let i = 0; i < 20; i++) {
        await get('/git/ref/heads/main');
        await get(`/contents/dev/app${i}/values.yaml?ref=main`);
        await get(`/git/commits/${ref.object.sha}`);
        await get('/contents/dev?ref=main');
        await get(''); // the repository: its default branch from the refs
      }
      expect(gitSpawnCounts()).toEqual(before);
    } finally {
      await forge.stop();
    }
  });
});
