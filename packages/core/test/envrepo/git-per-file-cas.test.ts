/**
 * Git mode's compare-and-swap is per file: a push that lost to a commit touching other files is
 * re-made on the then newest head without re-planning (the verb's plan holds, and the next try
 * looks again after its wait); a commit that touched a file ours was computed from is a
 * ConflictError to re-plan. Real bare repos over git smart HTTP.
 */
import { rm } from 'node:fs/promises';
import { commitFiles, createBareRepo, git, refSha, showFile, startSandbox, tempDir, type SandboxServer } from '@gitops-actions/sandbox';
import { ConflictError } from '../../src/errors.js';
import { BranchMovedError } from '../../src/envrepo/contention.js';
import { GitEnvRepo } from '../../src/envrepo/git.js';

const FILE = 'dev/payments/values.yaml';

describe('git mode: per-file compare-and-swap', () => {
  let root: string;
  let sandbox: SandboxServer;
  let n = 0;
  beforeAll(async () => {
    root = await tempDir('git-cas-');
    sandbox = await startSandbox({ root });
  });
  afterAll(async () => {
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function fresh() {
    const name = `cas${++n}`;
    const bare = await createBareRepo(root, name, {
      'gitops.yaml': 'apps: {}\n',
      [FILE]: 'image:\n  tag: v1\n',
      'dev/orders/values.yaml': 'image:\n  tag: v1\n',
    });
    const repo = await GitEnvRepo.open({ url: `${sandbox.url}/${name}.git` });
    const head = (await repo.head('main'))!;
    await repo.readFile('gitops.yaml', head);
    await repo.readFile(FILE, head);
    return { bare, repo, head };
  }

  it('another app moved the branch: the lost push is re-made on the new head, keeping their commit', async () => {
    const { bare, repo, head } = await fresh();
    try {
      const theirs = await commitFiles(bare, 'main', { 'dev/orders/values.yaml': 'image:\n  tag: v2\n' }, 'orders v2');
      const change = { branch: 'main', parent: head, files: [{ path: FILE, content: 'image:\n  tag: v2\n' }], message: 'payments v2' };
      const lost = await repo.commit(change).catch((e: unknown) => e);
      expect(lost).toBeInstanceOf(BranchMovedError);
      expect((lost as BranchMovedError).keepPlan).toBe(true);
      expect(await refSha(bare, 'main')).toBe(theirs);
      const res = await repo.commit(change);
      expect(await refSha(bare, 'main')).toBe(res.sha);
      expect((await git(bare, ['log', '-1', '--format=%P', 'main'])).trim()).toBe(theirs);
      expect(await showFile(bare, 'main', 'dev/orders/values.yaml')).toBe('image:\n  tag: v2\n');
      expect(await showFile(bare, 'main', FILE)).toBe('image:\n  tag: v2\n');
    } finally {
      await repo.close();
    }
  });

  it('the try after the wait looks again: a commit that landed during the wait is built on, not lost to', async () => {
    const { bare, repo, head } = await fresh();
    try {
      await commitFiles(bare, 'main', { 'dev/orders/values.yaml': 'image:\n  tag: v2\n' }, 'orders v2');
      const change = { branch: 'main', parent: head, files: [{ path: FILE, content: 'image:\n  tag: v4\n' }], message: 'payments v4' };
      expect(await repo.commit(change).catch((e: unknown) => e)).toBeInstanceOf(BranchMovedError);
      // Another app lands while we wait.
      const during = await commitFiles(bare, 'main', { 'dev/orders/values.yaml': 'image:\n  tag: v3\n' }, 'orders v3');
      const res = await repo.commit(change);
      expect((await git(bare, ['log', '-1', '--format=%P', 'main'])).trim()).toBe(during);
      expect(await refSha(bare, 'main')).toBe(res.sha);
      expect(await showFile(bare, 'main', 'dev/orders/values.yaml')).toBe('image:\n  tag: v3\n');
    } finally {
      await repo.close();
    }
  });

  it('our file (or gitops.yaml) moved: a ConflictError to re-plan, and nothing is pushed on top', async () => {
    for (const moved of [FILE, 'gitops.yaml']) {
      const { bare, repo, head } = await fresh();
      try {
        const theirs = await commitFiles(bare, 'main', { [moved]: 'changed: true\n' }, 'someone');
        const change = { branch: 'main', parent: head, files: [{ path: FILE, content: 'image:\n  tag: v3\n' }], message: 'payments v3' };
        const lost = await repo.commit(change).catch((e: unknown) => e);
        expect(lost).toBeInstanceOf(ConflictError);
        expect(lost).not.toBeInstanceOf(BranchMovedError);
        await expect(repo.commit(change)).rejects.toBeInstanceOf(ConflictError);
        expect(await refSha(bare, 'main')).toBe(theirs);
      } finally {
        await repo.close();
      }
    }
  });
});
