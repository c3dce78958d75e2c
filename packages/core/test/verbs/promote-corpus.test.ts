/**
 * The manifest corpus through the whole promote path on a real repository over git smart HTTP:
 * for every corpus case whose value is an image tag, the blob the remote ends up with is the
 * fixture with exactly the old scalar's bytes replaced (CRLF, BOM, anchors, flow… included).
 */
import { rm } from 'node:fs/promises';
import { GitEnvRepo, assertTag, promote } from '@gitops-actions/core';
import { createBareRepo, git, startSandbox, tempDir, type SandboxServer } from '@gitops-actions/sandbox';
import { cases } from '../manifest/corpus-cases.js';
import { fixture, spliceOn } from '../manifest/fixtures.js';

const tagCases = cases.filter((c) => {
  try {
    assertTag(c.value);
    return true;
  } catch {
    return false; // e.g. full image references: valid scalars, not image tags
  }
});

describe('promote over git smart HTTP keeps every other byte (corpus)', () => {
  let root: string;
  let sandbox: SandboxServer;
  let bare: string;
  beforeAll(async () => {
    root = await tempDir();
    const files: Record<string, string> = {};
    tagCases.forEach((c, i) => (files[`case${i}/${c.file}`] = fixture(c.file)));
    bare = await createBareRepo(root, 'acme/corpus', files);
    sandbox = await startSandbox({ root });
  });
  afterAll(async () => {
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('has enough tag cases to matter', () => {
    expect(tagCases.length).toBeGreaterThanOrEqual(20);
    expect(new Set(tagCases.map((c) => c.file)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(tagCases.map((c, i) => ({ ...c, i })))('case$i $file $path = $value', async (c) => {
    const repo = await GitEnvRepo.open({ url: `${sandbox.url}/acme/corpus.git` });
    try {
      const r = await promote({
        repo,
        app: 'corpus',
        env: 'dev',
        tag: c.value,
        overrides: { file: `case${c.i}/${c.file}`, key: c.path },
        allowDowngrade: true,
        editAnchor: c.shared !== undefined,
      });
      // An empty value is no tag: it reads as null (issue 9).
      expect(r).toMatchObject({ changed: true, previousTag: c.read === '' ? null : c.read });
    } finally {
      await repo.close();
    }
    // Read the blob straight from the remote's object store, as bytes.
    const blob = await git(bare, ['cat-file', 'blob', `main:case${c.i}/${c.file}`]);
    expect(blob).toBe(spliceOn(fixture(c.file), c.line, c.old, c.expected));
  });
});
