/**
 * The downgrade guard follows the tag-order policy, on a real env repo: Bitnami's
 * `17.6.0-debian-12-r4` → `r10` is refused under semver (the pre-release `r10` < `r4` as text)
 * and goes through under numerical, which still refuses the real downgrade back to r4.
 */
import { rm } from 'node:fs/promises';
import { GitEnvRepo, OperationError, parseTagOrder, promote } from '@gitops-actions/core';
import { createBareRepo, git, tempDir } from '@gitops-actions/sandbox';

const values = (tag: string) => `image:\n  repository: bitnami/postgresql\n  tag: ${tag}\n`;

describe('promote downgrade guard under --tag-order', () => {
  let root: string;
  let bare: string;
  beforeAll(async () => {
    root = await tempDir();
    bare = await createBareRepo(root, 'acme/env', { 'dev/values.yaml': values('17.6.0-debian-12-r4') });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  async function run(tag: string, order?: string, extract?: string) {
    const repo = await GitEnvRepo.open({ url: bare });
    try {
      return await promote({
        repo,
        app: 'postgresql',
        env: 'dev',
        tag,
        overrides: { file: 'dev/values.yaml', key: 'image.tag' },
        tagOrder: order ? parseTagOrder(order, extract) : undefined,
      });
    } finally {
      await repo.close();
    }
  }
  const onRemote = async () => (await git(bare, ['cat-file', 'blob', 'main:dev/values.yaml'])).match(/tag: (.*)/)![1];

  test('semver (default) refuses r4 → r10 as a downgrade; numerical promotes it; numerical refuses r10 → r4', async () => {
    await expect(run('17.6.0-debian-12-r10')).rejects.toThrow(/runs 17\.6\.0-debian-12-r4, which is newer than 17\.6\.0-debian-12-r10/);
    expect(await onRemote()).toBe('17.6.0-debian-12-r4');

    const r = await run('17.6.0-debian-12-r10', 'numerical');
    expect(r).toMatchObject({ changed: true, previousTag: '17.6.0-debian-12-r4' });
    expect(await onRemote()).toBe('17.6.0-debian-12-r10');

    const back = run('17.6.0-debian-12-r4', 'numerical');
    await expect(back).rejects.toThrow(OperationError);
    expect(await onRemote()).toBe('17.6.0-debian-12-r10');
  });

  test('numerical with an extract group; none never refuses', async () => {
    // The named group is the number compared (here the same build number the last digits would give).
    const r = await run('17.6.0-debian-12-r11', 'numerical', '-r(?<build>\\d+)$');
    expect(r.changed).toBe(true);
    expect((await run('17.5.0-debian-12-r1', 'none')).changed).toBe(true);
    expect(await onRemote()).toBe('17.5.0-debian-12-r1');
  });
});
