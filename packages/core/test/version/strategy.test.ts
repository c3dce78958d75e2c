/**
 * The tag strategies on real git repositories: a repo without tags, conventional commits since
 * the latest stable tag, pre-release tags present, a shallow tagless clone (as actions/checkout
 * makes) that must fetch its tags and history, and the input errors.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '../../src/errors.js';
import { buildTag } from '../../src/version/build-tag.js';
import { sourceUrl } from '../../src/version/image-metadata.js';
import { computeVersion } from '../../src/version/strategy.js';

const exec = promisify(execFile);
const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' };
const NOW = new Date('2026-11-30T07:05:09.123Z');

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await exec('git', ['-C', dir, ...args], { env: ENV })).stdout.trim();
}

let root: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'build-tag-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A repo whose history is the given steps: a commit message, or `tag:NAME` / `annotated:NAME` on the last commit. */
async function repo(steps: string[]): Promise<{ dir: string; head: string }> {
  const dir = join(root, `r${++n}`);
  await exec('git', ['init', '-q', '-b', 'main', dir]);
  let i = 0;
  for (const s of steps) {
    if (s.startsWith('tag:')) await git(dir, 'tag', s.slice(4));
    else if (s.startsWith('annotated:')) await git(dir, 'tag', '-a', '-m', 'release', s.slice(10));
    else {
      await writeFile(join(dir, 'f.txt'), `${++i}\n`);
      await git(dir, 'add', 'f.txt');
      await git(dir, 'commit', '-q', '-m', s);
    }
  }
  return { dir, head: await git(dir, 'rev-parse', 'HEAD') };
}

const rc = (dir: string) => computeVersion({ strategy: 'rc', dir, now: NOW });

describe('rc / stable from conventional commits', () => {
  test.each([
    ['no tag yet → v0.1.0', ['feat: first', 'fix: second'], '0.1.0'],
    ['fix → patch', ['init', 'tag:v1.2.0', 'fix: null check'], '1.2.1'],
    ['feat → minor', ['init', 'tag:v1.2.0', 'fix: a', 'feat(api): b', 'chore: c'], '1.3.0'],
    ['other types → patch', ['init', 'tag:v1.2.0', 'docs: readme', 'Update deps'], '1.2.1'],
    ['type! → major', ['init', 'tag:v1.2.0', 'feat(api)!: drop v1'], '2.0.0'],
    ['BREAKING CHANGE footer → major', ['init', 'tag:v1.2.0', 'fix: x\n\nBREAKING CHANGE: config renamed'], '2.0.0'],
    ['only commits since the tag count', ['feat!: old', 'tag:v3.0.0', 'fix: new'], '3.0.1'],
    ['highest stable tag wins, with or without v', ['a', 'tag:1.9.0', 'b', 'tag:v1.10.0', 'feat: c'], '1.11.0'],
    ['pre-release tags are never the latest stable', ['a', 'tag:v1.2.0', 'feat: b', 'tag:v1.3.0-rc.1', 'tag:v2.0.0-beta.1', 'fix: c'], '1.3.0'],
    ['annotated tags count like lightweight ones', ['a', 'annotated:v4.1.0', 'feat: b'], '4.2.0'],
    ['non-semver tags are ignored', ['a', 'tag:v1.0.0', 'tag:latest', 'tag:release-7', 'fix: b'], '1.0.1'],
  ])('%s', async (_name, steps, next) => {
    const { dir, head } = await repo(steps);
    const r = await rc(dir);
    expect(r).toMatchObject({ strategy: 'rc', tag: `v${next}-rc.${head.slice(0, 7)}`, version: `${next}-rc.${head.slice(0, 7)}`, sha: head });
    const stable = await computeVersion({ strategy: 'stable', dir });
    expect(stable.tag).toBe(`v${next}`);
  });

  test('stable: the stable tag on the commit wins over the next version; a pre-release tag on it does not', async () => {
    const { dir, head } = await repo(['a', 'tag:v1.2.0', 'feat: b', 'tag:v1.3.0']);
    expect(await computeVersion({ strategy: 'stable', dir })).toMatchObject({ tag: 'v1.3.0', version: '1.3.0', sha: head, base: 'v1.3.0' });
    const pre = await repo(['a', 'tag:v1.2.0', 'feat: b', 'tag:v1.3.0-rc.1']);
    expect((await computeVersion({ strategy: 'stable', dir: pre.dir })).tag).toBe('v1.3.0');
    // rc on a tagged commit still follows the release (patch), so it sorts after it.
    expect((await rc(dir)).tag).toBe(`v1.3.1-rc.${head.slice(0, 7)}`);
  });

  test('--sha: the version of an older commit, counting only the commits up to it', async () => {
    const { dir } = await repo(['a', 'tag:v1.0.0', 'fix: b']);
    const fixSha = await git(dir, 'rev-parse', 'HEAD');
    await writeFile(join(dir, 'g.txt'), 'x');
    await git(dir, 'add', 'g.txt');
    await git(dir, 'commit', '-q', '-m', 'feat: later');
    expect((await computeVersion({ strategy: 'rc', dir, sha: fixSha })).tag).toBe(`v1.0.1-rc.${fixSha.slice(0, 7)}`);
    expect((await computeVersion({ strategy: 'rc', dir, sha: fixSha.slice(0, 7) })).sha).toBe(fixSha);
    expect((await rc(dir)).tag).toMatch(/^v1\.1\.0-rc\./);
  });

  test('gitflow: a release tagged on main that develop never merged back still counts', async () => {
    const { dir } = await repo(['init', 'tag:v1.0.0']);
    await git(dir, 'checkout', '-q', '-b', 'develop');
    await writeFile(join(dir, 'dev.txt'), '1');
    await git(dir, 'add', 'dev.txt');
    await git(dir, 'commit', '-q', '-m', 'feat: on develop');
    await git(dir, 'checkout', '-q', 'main');
    await writeFile(join(dir, 'hot.txt'), '1');
    await git(dir, 'add', 'hot.txt');
    await git(dir, 'commit', '-q', '-m', 'fix: hotfix');
    await git(dir, 'tag', 'v1.0.1');
    await git(dir, 'checkout', '-q', 'develop');
    // Above every release (v1.0.1), sized by develop's own commits (feat → minor).
    expect((await rc(dir)).tag).toMatch(/^v1\.1\.0-rc\.[0-9a-f]{7}$/);
  });
});

describe('shallow clones', () => {
  test('a depth-1 tagless clone fetches tags and history, then computes what the full repo computes', async () => {
    const upstream = await repo(['a', 'tag:v2.4.0', 'feat: b', 'tag:v2.5.0-rc.1', 'fix: c', 'fix: d']);
    const clone = join(root, `shallow${++n}`);
    await exec('git', ['clone', '-q', '--depth', '1', '--no-tags', `file://${upstream.dir}`, clone]);
    expect(await git(clone, 'rev-parse', '--is-shallow-repository')).toBe('true');
    expect(await git(clone, 'tag', '--list')).toBe('');

    const r = await rc(clone);
    expect(r.tag).toBe(`v2.5.0-rc.${upstream.head.slice(0, 7)}`);
    expect(r).toMatchObject({ base: 'v2.4.0', bump: 'minor' });
    expect(await git(clone, 'rev-parse', '--is-shallow-repository')).toBe('false');
    expect((await rc(upstream.dir)).tag).toBe(r.tag);
  });

  test('dev needs no history: a shallow clone stays shallow', async () => {
    const upstream = await repo(['a', 'b']);
    const clone = join(root, `shallow${++n}`);
    await exec('git', ['clone', '-q', '--depth', '1', `file://${upstream.dir}`, clone]);
    const r = await computeVersion({ strategy: 'dev', dir: clone, now: NOW });
    expect(r.tag).toBe(`dev-${upstream.head.slice(0, 7)}-20261130070509`);
    expect(r.version).toBe(r.tag);
    expect(await git(clone, 'rev-parse', '--is-shallow-repository')).toBe('true');
  });
});

describe('semver from the pushed tag ref', () => {
  test.each([
    ['refs/tags/v1.2.3', 'v1.2.3', '1.2.3'],
    ['v1.2.3', 'v1.2.3', '1.2.3'],
    ['refs/tags/2.0.0-rc.1', '2.0.0-rc.1', '2.0.0-rc.1'],
  ])('%s → tag %s, version %s', async (ref, tag, version) => {
    const { dir, head } = await repo(['a']);
    expect(await computeVersion({ strategy: 'semver', dir, ref })).toMatchObject({ tag, version, sha: head });
  });

  test.each([
    [undefined, /--strategy semver needs --ref/],
    ['refs/heads/main', /--ref refs\/heads\/main is not a tag ref/],
    ['refs/tags/v1.2', /"v1.2" is not a semantic version/],
    ['refs/tags/v01.2.3', /"v01.2.3" is not a semantic version/],
    ['refs/tags/release-7', /is not a semantic version/],
  ])('ref %s is an input error', async (ref, message) => {
    const { dir } = await repo(['a']);
    const p = computeVersion({ strategy: 'semver', dir, ref });
    await expect(p).rejects.toThrow(InputError);
    await expect(computeVersion({ strategy: 'semver', dir, ref })).rejects.toThrow(message);
  });
});

describe('input errors', () => {
  test('unknown strategy, bad sha, unknown sha, not a checkout', async () => {
    const { dir } = await repo(['a']);
    await expect(computeVersion({ strategy: 'nightly', dir })).rejects.toMatchObject({
      message: '--strategy "nightly" is not a tag strategy',
      fix: 'use one of semver, rc, stable, dev',
    });
    await expect(computeVersion({ strategy: 'dev', dir, sha: '--upload-pack=x' })).rejects.toThrow(/--sha "--upload-pack=x" is not a commit SHA/);
    await expect(computeVersion({ strategy: 'dev', dir, sha: 'deadbeefdeadbeef' })).rejects.toThrow(/--sha deadbeefdeadbeef is not a commit in/);
    const notRepo = await mkdtemp(join(tmpdir(), 'not-a-repo-'));
    await expect(computeVersion({ strategy: 'dev', dir: notRepo })).rejects.toThrow(/is not a git checkout/);
    await rm(notRepo, { recursive: true });
  });
});

describe('metadata-action outputs', () => {
  test('tags per image, OCI labels and manifest annotations; credentials in the remote URL are dropped', async () => {
    const { dir, head } = await repo(['a', 'tag:v1.0.0', 'feat: b']);
    await git(dir, 'remote', 'add', 'origin', 'https://gitlab-ci-token:glcbt-SECRET@gitlab.example.com/acme/payments.git');
    const r = await buildTag({ strategy: 'rc', dir, now: NOW, images: ['ghcr.io/acme/payments', 'registry.example.com:5000/acme/payments'], env: {} });
    const tag = `v1.1.0-rc.${head.slice(0, 7)}`;
    expect(r.tags).toEqual([`ghcr.io/acme/payments:${tag}`, `registry.example.com:5000/acme/payments:${tag}`]);
    expect(r.labels).toEqual({
      'org.opencontainers.image.created': '2026-11-30T07:05:09.123Z',
      'org.opencontainers.image.title': 'payments',
      'org.opencontainers.image.revision': head,
      'org.opencontainers.image.source': 'https://gitlab.example.com/acme/payments',
      'org.opencontainers.image.url': 'https://gitlab.example.com/acme/payments',
      'org.opencontainers.image.version': tag.slice(1),
    });
    expect(r.annotations).toContain(`manifest:org.opencontainers.image.revision=${head}`);
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  test('GitHub Actions: the source is the workflow repository', async () => {
    const { dir } = await repo(['a']);
    const r = await buildTag({ strategy: 'dev', dir, now: NOW, env: { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/orders' } });
    expect(r.labels['org.opencontainers.image.source']).toBe('https://github.com/acme/orders');
    expect(r.tags).toEqual([r.tag]);
  });

  test.each([
    ['git@github.com:acme/orders.git', 'https://github.com/acme/orders'],
    ['ssh://git@gitlab.example.com:2222/acme/orders.git', 'https://gitlab.example.com/acme/orders'],
    ['https://user:secret@git.example.com:8443/acme/orders.git', 'https://git.example.com:8443/acme/orders'],
    ['http://127.0.0.1:3000/acme/orders.git', 'http://127.0.0.1:3000/acme/orders'],
    ['/srv/git/orders.git', undefined],
  ])('the source of remote %s outside CI is %s', (remote, expected) => {
    expect(sourceUrl({}, remote)).toBe(expected);
  });

  test('an invalid image name is an input error before any git work', async () => {
    await expect(buildTag({ strategy: 'dev', dir: '/nonexistent', images: ['GHCR.io/Acme/App:v1'] })).rejects.toThrow(
      /--image \(item 1\) "GHCR.io\/Acme\/App:v1" is not an image name/,
    );
  });
});
