/** `promote --tag-order` through the bundled CLI: the Bitnami bump goes through under numerical; a bad policy is exit 2. */
import { rm } from 'node:fs/promises';
import { createBareRepo, git, tempDir } from '@gitops-actions/sandbox';
import { runCli } from './support/faces.js';

let root: string;
let bare: string;
beforeAll(async () => {
  root = await tempDir();
  bare = await createBareRepo(root, 'acme/env', { 'dev/values.yaml': 'image:\n  tag: 17.6.0-debian-12-r4\n' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const base = () => [
  'promote',
  '--env-repo',
  bare,
  '--app',
  'postgresql',
  '--env',
  'dev',
  '--file',
  'dev/values.yaml',
  '--key',
  'image.tag',
  '--tag',
  '17.6.0-debian-12-r10',
];

test('semver refuses (exit 1), numerical promotes (exit 0)', async () => {
  const refused = await runCli(base());
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/refusing to downgrade/);
  const ok = await runCli([...base(), '--json'], { GITOPS_TAG_ORDER: 'numerical' });
  expect(ok.code).toBe(0);
  expect(ok.json).toMatchObject({ changed: true, previousTag: '17.6.0-debian-12-r4' });
  expect(await git(bare, ['cat-file', 'blob', 'main:dev/values.yaml'])).toContain('tag: 17.6.0-debian-12-r10');
});

test.each([
  [['--tag-order', 'newest'], /--tag-order "newest" is not one of semver, numerical, alphabetical, none/],
  [['--tag-order', 'numerical', '--tag-order-extract', '\\d+'], /--tag-order-extract "\\\\d\+" has no named group/],
])('%j → exit 2, nothing written', async (args, message) => {
  const before = await git(bare, ['rev-parse', 'main']);
  const r = await runCli([...base(), ...args]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(await git(bare, ['rev-parse', 'main'])).toBe(before);
});
