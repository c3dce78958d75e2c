/**
 * The build-tag and retag-image faces: the bundled actions run as the GitHub runner runs them
 * (INPUT_*, GITHUB_OUTPUT), the build-tag component under gitlab-ci-local, over a real git
 * checkout; retag-image against the real docker-registry on loopback with basic auth.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dockerRegistryBinary, git as sandboxGit, startDockerRegistry, type DockerRegistry } from '@gitops-actions/sandbox';
import { adminClient, pushImage } from '../packages/core/test/registry/images.js';
import { runAction } from './support/faces.js';
import { CLI_INPUT, dotenvReport, gitlabProject, runJob } from './support/gitlab.js';

const exec = promisify(execFile);
/** git in `dir` with a committer identity (the sandbox's), trimmed. */
const git = async (dir: string, ...args: string[]) => (await sandboxGit(dir, args)).trim();

let root: string;
let app: string;
let head: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'build-tag-faces-'));
  app = join(root, 'app');
  await exec('git', ['init', '-q', '-b', 'main', app]);
  for (const [i, msg] of ['chore: init', 'fix: rounding', 'feat: refunds'].entries()) {
    await writeFile(join(app, 'f'), String(i));
    await git(app, 'add', 'f');
    await git(app, 'commit', '-q', '-m', msg);
    if (i === 0) await git(app, 'tag', 'v2.0.0');
  }
  head = await git(app, 'rev-parse', 'HEAD');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('actions/build-tag', () => {
  test('rc: docker/metadata-action outputs from a real checkout', async () => {
    const r = await runAction('build-tag', { strategy: 'rc', dir: app, image: 'ghcr.io/acme/payments\nquay.io/acme/payments' });
    expect({ code: r.code, err: r.code ? r.stdout : '' }).toEqual({ code: 0, err: '' });
    const tag = `v2.1.0-rc.${head.slice(0, 7)}`;
    expect(r.outputs.version).toBe(tag.slice(1));
    expect(r.outputs.tags).toBe(`ghcr.io/acme/payments:${tag}\nquay.io/acme/payments:${tag}`);
    expect(r.outputs.labels).toContain(`org.opencontainers.image.revision=${head}`);
    expect(JSON.parse(r.outputs.json)).toMatchObject({ tags: [`ghcr.io/acme/payments:${tag}`, `quay.io/acme/payments:${tag}`] });
  });

  test('semver reads the pushed tag from GITHUB_REF; a branch ref fails the step', async () => {
    const ok = await runAction('build-tag', { strategy: 'semver', dir: app }, { GITHUB_REF: 'refs/tags/v2.0.1' });
    expect(ok.code).toBe(0);
    expect(ok.outputs.version).toBe('2.0.1');
    const bad = await runAction('build-tag', { strategy: 'semver', dir: app }, { GITHUB_REF: 'refs/heads/main' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/::error::.*refs\/heads\/main/);
  });
});

describe('templates/build-tag.yml under gitlab-ci-local', () => {
  test('stable version in the dotenv report; inputs reach the CLI as GITOPS_*', async () => {
    const dir = await gitlabProject(`stages: [build]
include:
  - local: templates/build-tag.yml
    inputs:
      strategy: stable
      dir: ${app}
      image: registry.example/acme/payments
      cli: ${CLI_INPUT}
`);
    const r = await runJob(dir, 'build-tag');
    expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
    const dotenv = await dotenvReport(dir, 'build-tag', 'gitops-build-tag.env');
    // HEAD carries no tag: stable is the next version, v2.1.0 after a feat.
    expect(dotenv).toContain('GITOPS_OUT_VERSION=2.1.0\n');
    expect(dotenv).toContain('GITOPS_OUT_TAGS=registry.example/acme/payments:v2.1.0\n');
    await rm(dir, { recursive: true, force: true });
  });
});

const HAVE_REGISTRY = dockerRegistryBinary() !== null;
const IN_CI = process.env.CI === 'true';
if (!HAVE_REGISTRY && !IN_CI) console.warn('SKIPPED retag-image action tests: docker-registry is not installed; CI=true fails instead');
const PASSWORD = 'faces-registry-p4ss';

(HAVE_REGISTRY || IN_CI ? describe : describe.skip)('actions/retag-image', () => {
  let reg: DockerRegistry;
  let image: string;
  let digest: string;
  beforeAll(async () => {
    const htpasswd = spawnSync('htpasswd', ['-Bbn', 'ci', PASSWORD], { encoding: 'utf8' }).stdout;
    reg = await startDockerRegistry({ auth: { htpasswd } });
    image = `${reg.host}/acme/payments`;
    const admin = adminClient(reg.host, ['acme/payments'], { username: 'ci', password: PASSWORD });
    digest = (await pushImage(admin, 'acme/payments', 'v2.1.0-rc.abc1234')).digest;
    await pushImage(admin, 'acme/payments', 'taken');
  });
  afterAll(() => reg?.stop());

  test('credentials from inputs; digest and tags as outputs; the password never printed', async () => {
    const inputs = {
      image,
      from: 'v2.1.0-rc.abc1234',
      to: 'v2.1.0, production-latest',
      moving: 'production-latest',
      'plain-http': 'true',
      'registry-username': 'ci',
      'registry-password': PASSWORD,
    };
    const r = await runAction('retag-image', inputs);
    expect({ code: r.code, err: r.code ? r.stdout : '' }).toEqual({ code: 0, err: '' });
    expect(r.outputs).toMatchObject({ digest, changed: 'true', tags: `${image}:v2.1.0\n${image}:production-latest` });
    const client = adminClient(reg.host, ['acme/payments'], { username: 'ci', password: PASSWORD });
    expect(await client.manifestDigest('acme/payments', 'production-latest')).toBe(digest);
    // Masked first (the runner hides the value from then on), printed nowhere else.
    expect(r.stdout).toContain(`::add-mask::${PASSWORD}`);
    expect((r.stdout + r.stderr + r.summary).replaceAll(`::add-mask::${PASSWORD}`, '')).not.toContain(PASSWORD);
  });

  test('a tag on another image fails the step and writes nothing', async () => {
    const r = await runAction('retag-image', {
      image,
      from: 'v2.1.0-rc.abc1234',
      to: 'fresh-tag,taken',
      'plain-http': 'true',
      'registry-username': 'ci',
      'registry-password': PASSWORD,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::.*taken \(sha256:[0-9a-f]{64}\) already points at another image/);
    const client = adminClient(reg.host, ['acme/payments'], { username: 'ci', password: PASSWORD });
    expect(await client.manifestDigest('acme/payments', 'fresh-tag')).toBeNull();
  });
});
