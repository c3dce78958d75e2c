/**
 * Edit safety through the bundled CLI, on real repositories served over git smart HTTP (and the
 * sandbox GitHub/GitLab APIs for links): a tag shared through an anchor is not moved for other
 * environments unless asked; bytes that cannot be kept, symlinks, submodules, huge, deep and
 * alias-bomb files are refused with exit 2 and one clear line, and the remote's refs are unchanged.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { allRefs, createBareRepo, git, startForge, startSandbox, tempDir, type ForgeServer, type SandboxServer } from '@gitops-actions/sandbox';
import { GITOPS_YAML, valuesYaml } from './support/env-repo.js';
import { runCli } from './support/faces.js';

const run = promisify(execFile);
const DEV = 'overlays/dev/payments/values.yaml';
const TOKEN = 'ghp_editSafetyTOKEN_123456';
type Entry = string | Buffer | { symlink: string } | { submodule: string };

/**
 * A bare repo whose one commit holds `files`: text, raw bytes, symlinks and gitlinks (submodule
 * entries, mode 160000), built through a work tree and git itself.
 */
async function repoWith(root: string, name: string, files: Record<string, Entry>): Promise<string> {
  const bare = await createBareRepo(root, name, {});
  const work = await mkdtemp(join(tmpdir(), 'edit-safety-'));
  const g = (args: string[]) => git(work, args);
  try {
    await g(['init', '--quiet', '--initial-branch', 'main']);
    for (const [path, entry] of Object.entries(files)) {
      if (typeof entry === 'object' && 'submodule' in entry) {
        await g(['update-index', '--add', '--cacheinfo', `160000,${entry.submodule},${path}`]);
        continue;
      }
      await mkdir(dirname(join(work, path)), { recursive: true });
      if (typeof entry === 'object' && 'symlink' in entry) await symlink(entry.symlink, join(work, path));
      else await writeFile(join(work, path), entry);
      await g(['add', '--', path]);
    }
    await g(['commit', '--quiet', '-m', 'initial']);
    await g(['push', '--quiet', bare, 'HEAD:refs/heads/main']);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return bare;
}

/** gitops.yaml for one app whose dev and prod live at `dev.<key>` / `prod.<key>` of one shared file. */
function sharedFileConfig(file: string, key: string): string {
  return `apps:\n  payments:\n    environments:\n      dev: { file: ${file}, key: dev.${key}, mode: push }\n      prod: { file: ${file}, key: prod.${key}, mode: push }\n`;
}

const blob = async (bare: string, path: string): Promise<Buffer> =>
  (await run('git', ['cat-file', 'blob', `main:${path}`], { cwd: bare, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })).stdout;

/** stderr is one line: `error: …`. */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('edit safety through the bundled CLI (git smart HTTP)', () => {
  let root: string;
  let sandbox: SandboxServer;
  let n = 0;
  const url = (bare: string) => `${sandbox.url}/${bare.slice(root.length + 1).replace(/\.git$/, '')}.git`;
  const promote = (bare: string, env: string, tag: string, ...more: string[]) =>
    runCli(['promote', '--env-repo', url(bare), '--app', 'payments', '--env', env, '--tag', tag, ...more], {
      GITHUB_TOKEN: TOKEN,
      GITOPS_TOKEN_HOST: '127.0.0.1',
    });

  beforeAll(async () => {
    root = await tempDir();
    sandbox = await startSandbox({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });

  describe('anchors and merge keys', () => {
    const VALUES =
      '# one file, two environments\nbase: &base\n  image:\n    repository: ghcr.io/acme/payments\n    tag: v1.0.0\ndev:\n  <<: *base\nprod:\n  <<: *base\n';

    it('promoting dev through <<: *base is refused (prod would move): exit 2, names the anchor and its users, nothing pushed', async () => {
      const bare = await repoWith(root, `acme/anchor${++n}`, { 'gitops.yaml': sharedFileConfig('values.yaml', 'image.tag'), 'values.yaml': VALUES });
      const refs = await allRefs(bare);
      const r = await promote(bare, 'dev', 'v1.1.0');
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(
        /^error: values\.yaml:5:10: the value comes from the merge key <<: \*base, so it is shared: &base \(line 2\) is used by dev\.<< \(line 7\), prod\.<< \(line 9\); editing it would change all of them \(path dev\.image\.tag\).*--edit-anchor/,
      );
      expect(await allRefs(bare)).toEqual(refs);
    });

    it('--edit-anchor (or GITOPS_EDIT_ANCHOR) changes the anchored value, for everyone, and only that', async () => {
      const bare = await repoWith(root, `acme/anchor${++n}`, { 'gitops.yaml': sharedFileConfig('values.yaml', 'image.tag'), 'values.yaml': VALUES });
      const r = await promote(bare, 'dev', 'v1.1.0', '--edit-anchor', '--json');
      expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(r.json).toMatchObject({ changed: true, previousTag: 'v1.0.0', tag: 'v1.1.0' });
      expect((await blob(bare, 'values.yaml')).toString()).toBe(VALUES.replace('tag: v1.0.0', 'tag: v1.1.0'));

      const viaEnv = await runCli(['promote', '--env-repo', url(bare), '--app', 'payments', '--env', 'prod', '--tag', 'v1.2.0', '--json'], {
        GITHUB_TOKEN: TOKEN,
        GITOPS_TOKEN_HOST: '127.0.0.1',
        GITOPS_EDIT_ANCHOR: 'true',
      });
      expect(viaEnv.code).toBe(0);
      expect((await blob(bare, 'values.yaml')).toString()).toBe(VALUES.replace('tag: v1.0.0', 'tag: v1.2.0'));
    });

    it('a scalar anchor that other keys alias is refused', async () => {
      const values = 'dev:\n  tag: &tag v1.0.0\nprod:\n  tag: *tag\n';
      const bare = await repoWith(root, `acme/anchor${++n}`, { 'gitops.yaml': sharedFileConfig('values.yaml', 'tag'), 'values.yaml': values });
      const refs = await allRefs(bare);
      const r = await promote(bare, 'dev', 'v1.1.0');
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/carries the anchor &tag, so it is shared: &tag \(line 2\) is used by prod\.tag \(line 4\)/);
      expect(await allRefs(bare)).toEqual(refs);
      // The alias itself is never edited (it has no value of its own).
      const viaAlias = await promote(bare, 'prod', 'v1.1.0', '--edit-anchor');
      expect(viaAlias.code).toBe(2);
      expect(oneLine(viaAlias.stderr)).toMatch(/the value is an alias \(\*tag\) of the anchor &tag/);
      expect(await allRefs(bare)).toEqual(refs);
    });
  });

  describe('bytes', () => {
    it('a file that is not UTF-8 is refused, naming file and line, never rewritten', async () => {
      // Latin-1 "café" in the first line's comment; the rest is a valid values file.
      const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${valuesYaml('v1.2.2')}`)]);
      const bare = await repoWith(root, `acme/bytes${++n}`, { 'gitops.yaml': GITOPS_YAML, [DEV]: latin1 });
      const refs = await allRefs(bare);
      const r = await promote(bare, 'dev', 'v1.2.3');
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(
        new RegExp(`^error: ${DEV} in .* is not UTF-8 text \\(line 1 holds bytes that are not UTF-8\\).*convert the file to UTF-8`),
      );
      expect(await allRefs(bare)).toEqual(refs);
    });

    it('a UTF-8 file with a BOM and multi-byte characters is kept byte for byte', async () => {
      const text =
        '\uFEFF# Wert für café ☕ — 日本語 👩‍💻 e\u0301\nimage:\n  repository: ghcr.io/acme/payments # «prod» 🚀\n  tag: "v1.2.2"\nnote: "ünïcödé ✓"\n';
      const before = Buffer.from(text, 'utf8');
      const bare = await repoWith(root, `acme/bytes${++n}`, { 'gitops.yaml': GITOPS_YAML, [DEV]: before });
      const r = await promote(bare, 'dev', 'v1.2.3');
      expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
      const after = await blob(bare, DEV);
      expect(after.equals(Buffer.from(text.replace('"v1.2.2"', '"v1.2.3"'), 'utf8'))).toBe(true);
      expect(after.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    });
  });

  describe('symlinks and submodules', () => {
    it('a symlinked values file is refused as a link (not a YAML error) and never replaced by a regular file', async () => {
      const bare = await repoWith(root, `acme/link${++n}`, {
        'gitops.yaml': GITOPS_YAML,
        'shared/values.yaml': valuesYaml('v1.2.2'),
        [DEV]: { symlink: '../../../shared/values.yaml' },
      });
      const refs = await allRefs(bare);
      const r = await promote(bare, 'dev', 'v1.2.3');
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(new RegExp(`^error: ${DEV} in .* is a symbolic link; gitops-actions edits regular files only`));
      expect(await allRefs(bare)).toEqual(refs);
      expect((await git(bare, ['ls-tree', 'main', '--', DEV])).split(' ')[0]).toBe('120000');
    });

    it('a path through a symlinked directory is refused as such', async () => {
      const bare = await repoWith(root, `acme/link${++n}`, {
        'gitops.yaml': GITOPS_YAML,
        'overlays/staging/payments/values.yaml': valuesYaml('v1.2.2'),
        'overlays/dev': { symlink: 'staging' },
      });
      const refs = await allRefs(bare);
      const r = await promote(bare, 'dev', 'v1.2.3');
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(new RegExp(`^error: ${DEV} in .* lies inside overlays/dev, which is a symbolic link`));
      expect(await allRefs(bare)).toEqual(refs);
    });

    it('a path inside a submodule, or the submodule itself, is refused as such', async () => {
      const sub = 'a'.repeat(40);
      const bare = await repoWith(root, `acme/sub${++n}`, { 'gitops.yaml': GITOPS_YAML, 'overlays/dev': { submodule: sub }, vendored: { submodule: sub } });
      const refs = await allRefs(bare);
      const inside = await promote(bare, 'dev', 'v1.2.3');
      expect(inside.code).toBe(2);
      expect(oneLine(inside.stderr)).toMatch(new RegExp(`^error: ${DEV} in .* lies inside overlays/dev, which is a git submodule`));
      const itself = await promote(bare, 'dev', 'v1.2.3', '--file', 'vendored', '--key', 'image.tag');
      expect(itself.code).toBe(2);
      expect(oneLine(itself.stderr)).toMatch(/^error: vendored in .* is a git submodule/);
      expect(await allRefs(bare)).toEqual(refs);
    });
  });

  describe('limits', () => {
    async function refused(files: Record<string, Entry>, message: RegExp, env = 'dev'): Promise<void> {
      const bare = await repoWith(root, `acme/limit${++n}`, files);
      const refs = await allRefs(bare);
      const r = await promote(bare, env, 'v1.2.3');
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|Maximum call stack/);
      expect(await allRefs(bare)).toEqual(refs);
    }

    it('a values file over 8 MB', async () => {
      const huge = valuesYaml('v1.2.2') + `padding: "${'x'.repeat(8 * 1024 * 1024)}"\n`;
      await refused({ 'gitops.yaml': GITOPS_YAML, [DEV]: huge }, new RegExp(`^error: ${DEV} in .* is 8 MB \\(\\d+ bytes\\), over the 8 MB limit`));
    });

    it('nesting deeper than 200 levels (block and flow)', async () => {
      const flow = valuesYaml('v1.2.2') + `deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
      await refused({ 'gitops.yaml': GITOPS_YAML, [DEV]: flow }, new RegExp(`^error: ${DEV}:11:\\d+: nesting deeper than 200 levels`));
      const block = valuesYaml('v1.2.2') + 'deep:\n' + Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n') + ' v\n';
      await refused({ 'gitops.yaml': GITOPS_YAML, [DEV]: block }, /nesting deeper than 200 levels/);
    });

    it('an alias bomb', async () => {
      const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 9; i++) {
        const prev = String.fromCharCode(96 + i);
        const name = String.fromCharCode(97 + i);
        levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
      }
      const bomb = valuesYaml('v1.2.2') + levels.join('\n') + '\n';
      await refused({ 'gitops.yaml': GITOPS_YAML, [DEV]: bomb }, new RegExp(`^error: ${DEV}:\\d+:\\d+: the aliases expand to more than 1000000 nodes`));
    });

    it('the same limits guard gitops.yaml', async () => {
      const deep = GITOPS_YAML + `x-deep: ${'{a: '.repeat(300)}1${'}'.repeat(300)}\n`;
      await refused({ 'gitops.yaml': deep, [DEV]: valuesYaml('v1.2.2') }, /^error: gitops\.yaml:\d+:\d+: nesting deeper than 200 levels/);
      const bomb =
        GITOPS_YAML +
        'x-a: &a [1,1,1,1,1,1,1,1,1,1]\n' +
        Array.from(
          { length: 8 },
          (_, i) =>
            `x-${i}: &b${i} [${Array(10)
              .fill(i ? `*b${i - 1}` : '*a')
              .join(',')}]`,
        ).join('\n') +
        '\n';
      await refused({ 'gitops.yaml': bomb, [DEV]: valuesYaml('v1.2.2') }, /^error: gitops\.yaml:\d+:\d+: the aliases expand to more than 1000000 nodes/);
    });
  });
});

describe('symlinks over the forge APIs (sandbox GitHub and GitLab)', () => {
  let root: string;
  let forge: ForgeServer;
  let n = 0;
  beforeAll(async () => {
    root = await tempDir();
    forge = await startForge({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });

  const files = (): Record<string, Entry> => ({
    'gitops.yaml': GITOPS_YAML,
    'shared/values.yaml': valuesYaml('v1.2.2'),
    [DEV]: { symlink: '../../../shared/values.yaml' },
  });

  it.each([
    ['github', 'api/v3', { GITHUB_TOKEN: TOKEN }],
    ['gitlab', 'api/v4', { GITLAB_TOKEN: TOKEN }],
  ] as const)('%s: a symlinked values file is refused, nothing written', async (kind, api, env) => {
    const name = `acme/${kind}-link${++n}`;
    const bare = await repoWith(root, name, files());
    const refs = await allRefs(bare);
    const r = await runCli(
      ['promote', '--env-repo', name, '--forge', kind, '--api-url', `${forge.url}/${api}`, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3'],
      {
        ...env,
        GITOPS_WRITE_INTERVAL_MS: '0',
      },
    );
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`^error: ${DEV} in .* is a symbolic link`));
    expect(await allRefs(bare)).toEqual(refs);
  });

  it.each([
    ['github', 'api/v3', { GITHUB_TOKEN: TOKEN }],
    ['gitlab', 'api/v4', { GITLAB_TOKEN: TOKEN }],
  ] as const)('%s: a path inside a submodule or through a symlinked directory is refused as such (the API only says 404)', async (kind, api, env) => {
    for (const [entry, says] of [
      [{ submodule: 'c'.repeat(40) }, 'a git submodule'],
      [{ symlink: 'staging' }, 'a symbolic link'],
    ] as const) {
      const name = `acme/${kind}-parent${++n}`;
      const bare = await repoWith(root, name, {
        'gitops.yaml': GITOPS_YAML,
        'overlays/staging/payments/values.yaml': valuesYaml('v1.2.2'),
        'overlays/dev': entry,
      });
      const refs = await allRefs(bare);
      const r = await runCli(
        ['promote', '--env-repo', name, '--forge', kind, '--api-url', `${forge.url}/${api}`, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3'],
        {
          ...env,
          GITOPS_WRITE_INTERVAL_MS: '0',
        },
      );
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(new RegExp(`^error: ${DEV} in .* lies inside overlays/dev, which is ${says}`));
      expect(await allRefs(bare)).toEqual(refs);
    }
  });

  it('github: a submodule path is refused as a submodule', async () => {
    const name = `acme/github-sub${++n}`;
    const bare = await repoWith(root, name, { 'gitops.yaml': GITOPS_YAML, vendored: { submodule: 'b'.repeat(40) } });
    const refs = await allRefs(bare);
    const r = await runCli(
      [
        'promote',
        '--env-repo',
        name,
        '--forge',
        'github',
        '--api-url',
        `${forge.url}/api/v3`,
        '--app',
        'payments',
        '--env',
        'dev',
        '--tag',
        'v1.2.3',
        '--file',
        'vendored',
        '--key',
        'image.tag',
      ],
      { GITHUB_TOKEN: TOKEN },
    );
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^error: vendored in .* is a git submodule/);
    expect(await allRefs(bare)).toEqual(refs);
  });
});
