/**
 * `gitops-actions release` end to end through the bundled CLI: the sandbox forge (GitHub and
 * GitLab APIs over real bare repositories), the real docker-registry on loopback, an env repo
 * whose staging runs a tag a gate verified (commit status gitops/payments/staging), and a real
 * app repository with conventional commits. Checks what each system holds afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createBareRepo,
  dockerRegistryBinary,
  git,
  showFile,
  startDockerRegistry,
  startForge,
  tempDir,
  type DockerRegistry,
  type ForgeServer,
  git as sandboxGit,
} from '@gitops-actions/sandbox';
import { adminClient, pushImage } from '../packages/core/test/registry/images.js';
import { GITOPS_YAML } from './support/env-repo.js';
import { runCli } from './support/faces.js';

const exec = promisify(execFile);
/** git in `dir` with a committer identity (the sandbox's), trimmed. */
const sh = async (dir: string, ...args: string[]) => (await sandboxGit(dir, args)).trim();

const TOKEN = 'ghp_releaseTOKEN_abcdef123456';
const FAST = { GITOPS_WRITE_INTERVAL_MS: '0' };
const PROD = 'overlays/prod/payments/values.yaml';

const HAVE_REGISTRY = dockerRegistryBinary() !== null;
const IN_CI = process.env.CI === 'true';
// stderr, not console.warn: jest drops the console output of a suite whose tests are all skipped.
if (!HAVE_REGISTRY && !IN_CI)
  process.stderr.write('SKIPPED release tests: docker-registry is not installed (apt-get install docker-registry); CI=true fails instead\n');

/** Helm values with the tag and a digest beside it (image.digest wins over the tag in most charts). */
function values(tag: string, digest = ''): string {
  return `# Helm values for payments
image:
  repository: ghcr.io/acme/payments  # pushed by CI
  tag: "${tag}"
  digest: "${digest}"
replicaCount: 2
`;
}

(HAVE_REGISTRY || IN_CI ? describe : describe.skip)('release: verified staging tag → retag → prod PR → release', () => {
  let root: string;
  let forge: ForgeServer;
  let reg: DockerRegistry;
  let image: string;
  let checkout: string;
  let rcSha: string;
  let rcTag: string;
  let digest: string;
  let oldDigest: string;
  const shas: Record<string, string> = {};
  let n = 0;

  beforeAll(async () => {
    root = await tempDir('release-');
    forge = await startForge({ root, tokens: [TOKEN] });
    reg = await startDockerRegistry();
    image = `${reg.host}/acme/payments`;

    // The app repository: v1.2.0 in production, then conventional commits; the rc was built from HEAD~1.
    checkout = join(root, 'app-checkout');
    await exec('git', ['init', '-q', '-b', 'main', checkout]);
    const commits = [
      'chore: init',
      'feat: old feature before v1.2.0',
      'feat(api): refunds',
      'fix: rounding of totals',
      'docs: README',
      'feat!: drop the v1 endpoints',
      'feat: after the rc',
    ];
    for (const [i, msg] of commits.entries()) {
      await writeFile(join(checkout, 'f'), String(i));
      await sh(checkout, 'add', 'f');
      await sh(checkout, 'commit', '-q', '-m', msg);
      shas[msg] = await sh(checkout, 'rev-parse', 'HEAD');
      if (msg.startsWith('feat: old')) await sh(checkout, 'tag', 'v1.2.0');
    }
    rcSha = shas['feat!: drop the v1 endpoints']!;
    rcTag = `v1.3.0-rc.${rcSha.slice(0, 7)}`;
    // Its forge copy (where the release goes), served by the sandbox.
    await mkdir(join(root, 'acme'), { recursive: true });
    await exec('git', ['clone', '-q', '--bare', checkout, join(root, 'acme/payments.git')]);

    const admin = adminClient(reg.host, ['acme/payments']);
    digest = (await pushImage(admin, 'acme/payments', rcTag)).digest;
    oldDigest = (await pushImage(admin, 'acme/payments', 'v1.2.0')).digest;
    await admin.putManifest('acme/payments', 'production-latest', await admin.getManifest('acme/payments', 'v1.2.0'));
  }, 60_000);
  afterAll(async () => {
    await forge?.stop();
    await reg?.stop();
    await rm(root, { recursive: true, force: true });
  });

  /** An env repo where staging runs `staging` (verified when asked) and prod runs v1.2.0. */
  async function envRepo(staging: string, verified: 'success' | 'failure' | null, api: 'v3' | 'v4' = 'v3') {
    const name = `acme/release-env${++n}`;
    const bare = await createBareRepo(root, name, {
      'gitops.yaml': GITOPS_YAML,
      'overlays/dev/payments/values.yaml': values(staging),
      'overlays/staging/payments/values.yaml': values(staging),
      [PROD]: values('v1.2.0', oldDigest),
    });
    const head = (await git(bare, ['rev-parse', 'main'])).trim();
    if (verified) {
      // What wait-healthy records when the gate passes (or fails) for staging at that commit.
      const url =
        api === 'v3' ? `${forge.url}/api/v3/repos/${name}/statuses/${head}` : `${forge.url}/api/v4/projects/${encodeURIComponent(name)}/statuses/${head}`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          state: verified === 'success' ? 'success' : api === 'v3' ? 'failure' : 'failed',
          context: 'gitops/payments/staging',
          name: 'gitops/payments/staging',
        }),
      });
      expect(res.status).toBe(201);
    }
    return { name, bare };
  }

  const gh = (name: string, ...args: string[]) => [
    'release',
    '--env-repo',
    name,
    '--forge',
    'github',
    '--api-url',
    `${forge.url}/api/v3`,
    '--app',
    'payments',
    '--image',
    image,
    '--plain-http',
    '--release-repo',
    'acme/payments',
    '--dir',
    checkout,
    ...args,
    '--json',
  ];
  const registry = () => adminClient(reg.host, ['acme/payments']);
  const githubRelease = async (tag: string) => {
    const res = await fetch(`${forge.url}/api/v3/repos/acme/payments/releases/tags/${tag}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return res.status === 200 ? ((await res.json()) as { body: string; tag_name: string; html_url: string }) : null;
  };

  test('GitHub: the verified image ships — retag by digest, prod PR with tag and digest, release with grouped notes; a second run changes nothing', async () => {
    const { name, bare } = await envRepo(rcTag, 'success');
    const r = await runCli(gh(name, '--tag', rcTag, '--digest-key', 'image.digest', '--labels', 'release'), { GITHUB_TOKEN: TOKEN, ...FAST });
    expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(r.json).toMatchObject({
      version: 'v1.3.0',
      digest,
      previousTag: 'v1.2.0',
      fromEnv: 'staging',
      changed: true,
      tags: [`${image}:v1.3.0`, `${image}:production-latest`],
    });
    expect(r.json.retag.changes).toEqual({ 'v1.3.0': 'created', 'production-latest': 'moved' });

    // The registry: the version and the moving tag name the staging digest.
    expect(await registry().manifestDigest('acme/payments', 'v1.3.0')).toBe(digest);
    expect(await registry().manifestDigest('acme/payments', 'production-latest')).toBe(digest);

    // The prod PR: tag and digest in one commit; main untouched until it merges.
    const prs = forge.forge.pulls(name).filter((p) => p.state === 'open');
    expect(prs).toHaveLength(1);
    const pr = prs[0];
    expect(pr.title).toBe('prod(payments): v1.3.0');
    expect(pr.labels).toEqual(['release']);
    expect(pr.body).toContain(digest);
    expect(await showFile(bare, pr.head, PROD)).toBe(values('v1.3.0', digest));
    expect(await showFile(bare, 'main', PROD)).toBe(values('v1.2.0', oldDigest));
    expect(r.json.promotion.pullRequest.number).toBe(pr.number);

    // The release: at the rc's commit, notes = commits after v1.2.0 up to it, grouped.
    const rel = await githubRelease('v1.3.0');
    expect(rel).not.toBeNull();
    expect(r.json.release).toEqual({ tag: 'v1.3.0', url: rel!.html_url, operation: 'created' });
    expect((await git(join(root, 'acme/payments.git'), ['rev-parse', 'refs/tags/v1.3.0'])).trim()).toBe(rcSha);
    const short = (m: string) => shas[m].slice(0, 7);
    expect(rel!.body).toContain(`${image}@${digest}`);
    expect(rel!.body).toContain('Changes since v1.2.0:');
    expect(rel!.body).toContain(`### Breaking changes\n\n- drop the v1 endpoints (${short('feat!: drop the v1 endpoints')})`);
    expect(rel!.body).toContain(`### Features\n\n- **api:** refunds (${short('feat(api): refunds')})`);
    expect(rel!.body).toContain(`### Fixes\n\n- rounding of totals (${short('fix: rounding of totals')})`);
    expect(rel!.body).toContain(`### Other changes\n\n- README (${short('docs: README')})`);
    expect(rel!.body).not.toContain('old feature before v1.2.0');
    expect(rel!.body).not.toContain('after the rc');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);

    const again = await runCli(gh(name, '--tag', rcTag, '--digest-key', 'image.digest'), { GITHUB_TOKEN: TOKEN, ...FAST });
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ changed: false, retag: { changed: false }, release: { operation: 'unchanged' }, promotion: { operation: 'unchanged' } });
    expect(forge.forge.pulls(name).filter((p) => p.state === 'open')).toHaveLength(1);
  }, 90_000);

  test.each([
    [
      'staging never verified it',
      null,
      /refusing to release payments v1\.4\.0-rc\.[0-9a-f]{7}: staging never verified it \(no gitops\/payments\/staging success/,
    ],
    ['its verification failed', 'failure', /refusing to release payments v1\.4\.0-rc\.[0-9a-f]{7}: its verification in staging failed/],
  ] as const)(
    'refused when %s: exit 1, nothing written anywhere',
    async (_what, verdict, message) => {
      const tag = `v1.4.0-rc.${shas['feat: after the rc'].slice(0, 7)}`;
      await pushImage(registry(), 'acme/payments', tag);
      const { name, bare } = await envRepo(tag, verdict);
      const before = (await git(bare, ['rev-parse', 'main'])).trim();
      const r = await runCli(gh(name, '--tag', tag), { GITHUB_TOKEN: TOKEN, ...FAST });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/run wait-healthy for staging and release once it passes/);
      expect(await registry().manifestDigest('acme/payments', 'v1.4.0')).toBeNull();
      expect(forge.forge.pulls(name)).toHaveLength(0);
      expect(await githubRelease('v1.4.0')).toBeNull();
      expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(before);
    },
    60_000,
  );

  test('refused when staging runs another tag; bad input is exit 2', async () => {
    const { name } = await envRepo(rcTag, 'success');
    const other = await runCli(gh(name, '--tag', 'v1.3.0-rc.fffffff'), { GITHUB_TOKEN: TOKEN, ...FAST });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(
      /refusing to release payments v1\.3\.0-rc\.fffffff: staging runs v1\.3\.0-rc\.[0-9a-f]{7} \(overlays\/staging\/payments\/values\.yaml image\.tag\), not v1\.3\.0-rc\.fffffff/,
    );
    const notSemver = await runCli(gh(name, '--tag', 'build-42'), { GITHUB_TOKEN: TOKEN, ...FAST });
    expect(notSemver.code).toBe(2);
    expect(notSemver.stderr).toMatch(/--tag build-42 is not a semantic version.*pass --version/);
    const badKey = await runCli(gh(name, '--tag', rcTag, '--digest-key', 'image.nope'), { GITHUB_TOKEN: TOKEN, ...FAST });
    expect(badKey.code).toBe(2);
    expect(forge.forge.pulls(name)).toHaveLength(0);
  }, 60_000);

  test('gitless: production-latest moves to the verified digest; no PR, no release', async () => {
    const tag = `v1.3.1-rc.${rcSha.slice(0, 7)}`;
    const d = (await pushImage(registry(), 'acme/payments', tag)).digest;
    const { name, bare } = await envRepo(tag, 'success');
    const before = (await git(bare, ['rev-parse', 'main'])).trim();
    const r = await runCli(gh(name, '--tag', tag, '--gitless'), { GITHUB_TOKEN: TOKEN, ...FAST });
    expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(r.json).toMatchObject({ gitless: true, version: 'v1.3.1', digest: d, previousTag: null });
    expect(r.json.promotion).toBeUndefined();
    expect(await registry().manifestDigest('acme/payments', 'production-latest')).toBe(d);
    expect(forge.forge.pulls(name)).toHaveLength(0);
    expect(await githubRelease('v1.3.1')).toBeNull();
    expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(before);
  }, 60_000);

  test('GitLab: prod MR and a GitLab release', async () => {
    const tag = `v1.5.0-rc.${rcSha.slice(0, 7)}`;
    const d = (await pushImage(registry(), 'acme/payments', tag)).digest;
    const { name, bare } = await envRepo(tag, 'success', 'v4');
    const args = ['release', '--env-repo', name, '--forge', 'gitlab', '--api-url', `${forge.url}/api/v4`, '--app', 'payments', '--tag', tag];
    const r = await runCli(
      [...args, '--image', image, '--plain-http', '--release-repo', 'acme/payments', '--dir', checkout, '--moving', 'gitlab-latest', '--json'],
      { GITLAB_TOKEN: TOKEN },
    );
    expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(r.json).toMatchObject({ version: 'v1.5.0', digest: d, release: { operation: 'created' } });
    const mrs = forge.forge.mergeRequests(name).filter((m) => m.state === 'opened');
    expect(mrs).toHaveLength(1);
    expect(await showFile(bare, mrs[0].sourceBranch, PROD)).toContain('tag: "v1.5.0"');
    const res = await fetch(`${forge.url}/api/v4/projects/${encodeURIComponent('acme/payments')}/releases/v1.5.0`, { headers: { 'private-token': TOKEN } });
    expect(res.status).toBe(200);
    const rel = (await res.json()) as { description: string; tag_name: string; commit: { id: string } };
    expect(rel.commit.id).toBe(rcSha);
    expect(rel.description).toContain('### Breaking changes');
    expect(await registry().manifestDigest('acme/payments', 'gitlab-latest')).toBe(d);
  }, 60_000);
});
