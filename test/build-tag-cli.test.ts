/**
 * `gitops-actions build-tag` through the bundled CLI: results on a real shallow checkout, the
 * GITOPS_* / CI variables, and exit 2 with one clear line for invalid refs and versions.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { git as sandboxGit } from '@gitops-actions/sandbox';
import { runCli } from './support/faces.js';

const exec = promisify(execFile);
/** git in `dir` with a committer identity (the sandbox's), trimmed. */
const git = async (dir: string, ...args: string[]) => (await sandboxGit(dir, args)).trim();

let root: string;
let upstream: string;
let clone: string;
let head: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'build-tag-cli-'));
  upstream = join(root, 'app');
  await exec('git', ['init', '-q', '-b', 'main', upstream]);
  for (const [i, msg] of ['chore: init', 'feat: payments', 'fix: rounding'].entries()) {
    await writeFile(join(upstream, 'f'), String(i));
    await git(upstream, 'add', 'f');
    await git(upstream, 'commit', '-q', '-m', msg);
    if (i === 0) await git(upstream, 'tag', 'v1.4.2');
  }
  head = await git(upstream, 'rev-parse', 'HEAD');
  clone = join(root, 'checkout');
  await exec('git', ['clone', '-q', '--depth', '1', '--no-tags', `file://${upstream}`, clone]);
});
afterAll(() => rm(root, { recursive: true, force: true }));

test('rc in a shallow tagless checkout: JSON result, metadata-action outputs in the dotenv file', async () => {
  const dotenv = join(root, 'build.env');
  const r = await runCli(['build-tag', '--strategy', 'rc', '--dir', clone, '--image', 'ghcr.io/acme/payments', '--json', '--dotenv', dotenv]);
  expect(r.code).toBe(0);
  const tag = `v1.5.0-rc.${head.slice(0, 7)}`;
  expect(r.json).toMatchObject({
    strategy: 'rc',
    tag,
    version: tag.slice(1),
    sha: head,
    base: 'v1.4.2',
    bump: 'minor',
    tags: [`ghcr.io/acme/payments:${tag}`],
  });
  expect(r.json.labels['org.opencontainers.image.revision']).toBe(head);
  const env = await readFile(dotenv, 'utf8');
  expect(env).toContain(`GITOPS_OUT_TAG=${tag}\n`);
  expect(env).toContain(`GITOPS_OUT_TAGS=ghcr.io/acme/payments:${tag}\n`);
});

test('semver from GitHub Actions: GITHUB_REF of a pushed tag; every flag as GITOPS_*', async () => {
  const r = await runCli(['build-tag', '--json'], {
    GITOPS_STRATEGY: 'semver',
    GITOPS_DIR: clone,
    GITHUB_REF: 'refs/tags/v1.5.0',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/payments',
  });
  expect(r.code).toBe(0);
  expect(r.json).toMatchObject({ tag: 'v1.5.0', version: '1.5.0' });
  expect(r.json.labels['org.opencontainers.image.source']).toBe('https://github.com/acme/payments');
});

test('GitLab: CI_COMMIT_TAG', async () => {
  const r = await runCli(['build-tag', '--strategy', 'semver', '--dir', clone], { CI_COMMIT_TAG: 'v2.0.0-rc.1' });
  expect(r.code).toBe(0);
  expect(r.stdout.trim()).toBe('v2.0.0-rc.1');
});

test.each([
  [['--strategy', 'nightly'], /^error: --strategy "nightly" is not one of semver, rc, stable, dev$/],
  [['--strategy', 'semver', '--ref', 'refs/heads/main'], /^error: --ref refs\/heads\/main is not a tag ref/],
  [['--strategy', 'semver', '--ref', 'refs/tags/v1.2'], /^error: --ref refs\/tags\/v1\.2: "v1\.2" is not a semantic version/],
  [['--strategy', 'semver', '--ref', 'refs/tags/1.2.3.4'], /is not a semantic version/],
  [['--strategy', 'semver'], /^error: --strategy semver needs --ref/],
  [['--strategy', 'dev', '--sha', 'not-a-sha'], /^error: --sha "not-a-sha" is not a commit SHA/],
  [['--strategy', 'dev', '--sha', 'abcdef1234567'], /^error: --sha abcdef1234567 is not a commit in /],
  [['--strategy', 'dev', '--image', 'ghcr.io/acme/payments:v1'], /^error: --image \(item 1\) "ghcr.io\/acme\/payments:v1" is not an image name: no tag here/],
])('%j → exit 2, one line', async (args, message) => {
  const r = await runCli(['build-tag', '--dir', clone, ...args, '--json']);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n').at(-1)).toMatch(message);
  expect(r.json).toMatchObject({ exitCode: 2 });
});

test('not a checkout → exit 2', async () => {
  const r = await runCli(['build-tag', '--strategy', 'dev', '--dir', root]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/is not a git checkout/);
});
