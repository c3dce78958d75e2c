/**
 * `gitops-actions retag` through the bundled CLI against the real docker-registry on loopback:
 * the contract's `{digest, tags}`, exit 1 for a refused move, exit 2 (nothing written) for bad
 * input, and the password never in any output.
 */
import { spawnSync } from 'node:child_process';
import { dockerRegistryBinary, startDockerRegistry, type DockerRegistry } from '@gitops-actions/sandbox';
import { adminClient, pushImage } from '../packages/core/test/registry/images.js';
import { runCli } from './support/faces.js';

const HAVE_REGISTRY = dockerRegistryBinary() !== null;
const IN_CI = process.env.CI === 'true';
// stderr, not console.warn: jest drops the console output of a suite whose tests are all skipped.
if (!HAVE_REGISTRY && !IN_CI)
  process.stderr.write('SKIPPED retag CLI tests: docker-registry is not installed (apt-get install docker-registry); CI=true fails instead\n');

const PASSWORD = 'cli-registry-p4ssword';

(HAVE_REGISTRY || IN_CI ? describe : describe.skip)('retag CLI', () => {
  let reg: DockerRegistry;
  let image: string;
  let digest: string;
  const creds = { REGISTRY_USERNAME: 'ci', REGISTRY_PASSWORD: PASSWORD, HOME: '/nonexistent' };
  beforeAll(async () => {
    const htpasswd = spawnSync('htpasswd', ['-Bbn', 'ci', PASSWORD], { encoding: 'utf8' }).stdout;
    reg = await startDockerRegistry({ auth: { htpasswd } });
    image = `${reg.host}/acme/payments`;
    const admin = adminClient(reg.host, ['acme/payments'], { username: 'ci', password: PASSWORD });
    digest = (await pushImage(admin, 'acme/payments', 'v1.3.0-rc.abc1234')).digest;
    await pushImage(admin, 'acme/payments', 'other');
  });
  afterAll(() => reg?.stop());

  test('{digest, tags}; moving tag declared; a second run is unchanged', async () => {
    const args = [
      'retag',
      '--image',
      image,
      '--from',
      'v1.3.0-rc.abc1234',
      '--to',
      'v1.3.0,production-latest',
      '--moving',
      'production-latest',
      '--plain-http',
      '--json',
    ];
    const r = await runCli(args, creds);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ digest, tags: [`${image}:v1.3.0`, `${image}:production-latest`], changed: true });
    const again = await runCli(args, { ...creds, GITOPS_DEBUG: '1' });
    expect(again.json).toMatchObject({ digest, changed: false, changes: { 'v1.3.0': 'unchanged', 'production-latest': 'unchanged' } });
    expect(r.stdout + r.stderr + again.stdout + again.stderr).not.toContain(PASSWORD);
  });

  test('a tag on another image: exit 1, nothing written', async () => {
    const r = await runCli(['retag', '--image', image, '--from', 'v1.3.0-rc.abc1234', '--to', 'fresh,other', '--plain-http'], creds);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /other \(sha256:[0-9a-f]{64}\) already points at another image.*nothing was retagged \(declare moving tags with --moving, or pass --force/,
    );
    const check = await runCli(['retag', '--image', image, '--from', 'fresh', '--to', 'x', '--plain-http'], creds);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/acme\/payments:fresh does not exist/);
  });

  test.each([
    [['--to', 'bad tag'], /--to "bad tag" is not a valid image tag/],
    [['--to', 'ok', '--image', 'Acme/Payments'], /--image "Acme\/Payments" is not an image name/],
    [['--to', 'ok', '--moving', '-x'], /--moving "-x" is not a valid image tag/],
  ])('%j → exit 2', async (args, message) => {
    const base = ['retag', '--image', image, '--from', 'v1.3.0-rc.abc1234', '--plain-http'];
    const r = await runCli([...base, ...args], creds);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('wrong password: exit 1, a fix, no password', async () => {
    const r = await runCli(['retag', '--image', image, '--from', 'v1.3.0-rc.abc1234', '--to', 'y', '--plain-http'], {
      ...creds,
      REGISTRY_PASSWORD: 'nope-wrong-pass',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused the request \(401\) with the credentials from REGISTRY_USERNAME\/REGISTRY_PASSWORD/);
    expect(r.stderr).not.toContain('nope-wrong-pass');
  });
});
