/**
 * Image references at the key (a Deployment's `image:`), through the bundled CLI on real repos
 * served over git smart HTTP: --tag changes only the tag bytes, --digest only the digest, a
 * reference to another repository than the app's image is refused with nothing written,
 * rollback puts the old reference back, and a Kustomize images[] entry gets tag and digest in
 * one commit.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { allRefs, createBareRepo, git, startSandbox, tempDir, type SandboxServer } from '@gitops-actions/sandbox';
import { runCli } from './support/faces.js';

const run = promisify(execFile);
const TOKEN = 'ghp_imageRefTOKEN_1234567';
const DEPLOY = 'apps/app/deployment.yaml';
const KEY = 'spec.template.spec.containers[name=app].image';
const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const C = `sha256:${'c'.repeat(64)}`;

/** A Deployment with a sidecar from another repository and comments around the app's image. */
const deployment = (image: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: app # the app',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: sidecar',
    '          image: docker.io/library/nginx:1.25',
    '        - name: app',
    `          image: ${image}   # set by CI`,
    '          ports: [{ containerPort: 8080 }]',
    '',
  ].join('\r\n');

const config = (image: string, key = KEY, file = DEPLOY) =>
  `apps:\n  app:\n    image: ${image}\n    environments:\n      dev: { file: ${file}, key: '${key}', mode: push }\n`;

const blob = async (bare: string, path: string, ref = 'main'): Promise<Buffer> =>
  (await run('git', ['cat-file', 'blob', `${ref}:${path}`], { cwd: bare, encoding: 'buffer' })).stdout;

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('image references at the key, through the bundled CLI (git smart HTTP)', () => {
  let root: string;
  let sandbox: SandboxServer;
  let n = 0;
  async function fresh(files: Record<string, string>) {
    const name = `acme/imgref${++n}`;
    const bare = await createBareRepo(root, name, files);
    return { bare, url: `${sandbox.url}/${name}.git` };
  }
  const cli = (verb: string, url: string, ...more: string[]) =>
    runCli([verb, '--env-repo', url, '--app', 'app', '--env', 'dev', '--json', ...more], { GITHUB_TOKEN: TOKEN, GITOPS_TOKEN_HOST: '127.0.0.1' });
  const ok = (r: { code: number; stderr: string }) => expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });

  beforeAll(async () => {
    root = await tempDir();
    sandbox = await startSandbox({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('--tag changes only the tag bytes of registry.example:5000/acme/app:v1.0.0; the downgrade guard compares tags', async () => {
    const { bare, url } = await fresh({
      'gitops.yaml': config('registry.example:5000/acme/app'),
      [DEPLOY]: deployment('registry.example:5000/acme/app:v1.0.0'),
    });
    const r = await cli('promote', url, '--tag', 'v1.1.0');
    ok(r);
    expect(r.json).toMatchObject({ changed: true, operation: 'pushed', previousTag: 'v1.0.0', tag: 'v1.1.0', key: KEY });
    expect(await blob(bare, DEPLOY)).toEqual(Buffer.from(deployment('registry.example:5000/acme/app:v1.1.0')));
    expect((await git(bare, ['log', '-1', '--format=%B', 'main'])).trim()).toMatch(
      /^dev\(app\): v1\.1\.0\n\nGitops-App: app\nGitops-Env: dev\nGitops-From: v1\.0\.0\nGitops-To: v1\.1\.0\nGitops-Earlier-Tags: \(none\)$/,
    );

    const refs = await allRefs(bare);
    const older = await cli('promote', url, '--tag', 'v1.0.1');
    expect(older.code).toBe(1);
    expect(oneLine(older.stderr)).toMatch(/runs v1\.1\.0, which is newer than v1\.0\.1/);
    expect(await allRefs(bare)).toEqual(refs);

    const again = await cli('promote', url, '--tag', 'v1.1.0');
    ok(again);
    expect(again.json).toMatchObject({ changed: false, operation: 'unchanged', previousTag: 'v1.1.0' });
    expect(await allRefs(bare)).toEqual(refs);
  });

  it('--digest adds the digest, replaces it, and a pinned reference takes a new tag only with --digest', async () => {
    const { bare, url } = await fresh({
      'gitops.yaml': config('registry.example:5000/acme/app'),
      [DEPLOY]: deployment('registry.example:5000/acme/app:v1.0.0'),
    });
    ok(await cli('promote', url, '--tag', 'v1.1.0', '--digest', A));
    expect(await blob(bare, DEPLOY)).toEqual(Buffer.from(deployment(`registry.example:5000/acme/app:v1.1.0@${A}`)));

    // The old digest under a new tag would still run the old image: refused, nothing written.
    const refs = await allRefs(bare);
    const unpinned = await cli('promote', url, '--tag', 'v1.2.0');
    expect(unpinned.code).toBe(2);
    expect(oneLine(unpinned.stderr)).toMatch(
      /^error: apps\/app\/deployment\.yaml:12:18 \(spec\.template\.spec\.containers\[name=app\]\.image\) pins the image by digest .*--digest/,
    );
    const badDigest = await cli('promote', url, '--tag', 'v1.2.0', '--digest', 'sha256:abc');
    expect(badDigest.code).toBe(2);
    expect(oneLine(badDigest.stderr)).toMatch(/^error: --digest "sha256:abc" is not an image digest/);
    expect(await allRefs(bare)).toEqual(refs);

    const r = await cli('promote', url, '--tag', 'v1.2.0', '--digest', B);
    ok(r);
    expect(r.json).toMatchObject({ changed: true, previousTag: 'v1.1.0', tag: 'v1.2.0' });
    expect(await blob(bare, DEPLOY)).toEqual(Buffer.from(deployment(`registry.example:5000/acme/app:v1.2.0@${B}`)));

    // Same tag, new digest (a rebuilt image): a change, made.
    const rebuilt = await cli('promote', url, '--tag', 'v1.2.0', '--digest', C);
    ok(rebuilt);
    expect(rebuilt.json).toMatchObject({ changed: true, previousTag: 'v1.2.0', tag: 'v1.2.0' });
    expect(await blob(bare, DEPLOY)).toEqual(Buffer.from(deployment(`registry.example:5000/acme/app:v1.2.0@${C}`)));
    const same = await cli('promote', url, '--tag', 'v1.2.0', '--digest', C);
    ok(same);
    expect(same.json).toMatchObject({ changed: false, operation: 'unchanged' });
  });

  it("a reference to another repository than the app's image: is refused, exit 2, nothing written", async () => {
    const { bare, url } = await fresh({
      'gitops.yaml': config('registry.example:5000/acme/app'),
      [DEPLOY]: deployment('registry.example:5000/acme/app:v1.0.0'),
    });
    const refs = await allRefs(bare);
    const sidecar = await cli('promote', url, '--tag', 'v1.1.0', '--key', 'spec.template.spec.containers[name=sidecar].image');
    expect(sidecar.code).toBe(2);
    expect(oneLine(sidecar.stderr)).toMatch(
      /^error: apps\/app\/deployment\.yaml:10:18 \(spec\.template\.spec\.containers\[name=sidecar\]\.image\) holds an image of docker\.io\/library\/nginx, not of registry\.example:5000\/acme\/app .*point --key/,
    );
    // Same host and path, another port: another registry.
    const { bare: other, url: otherUrl } = await fresh({
      'gitops.yaml': config('registry.example:5001/acme/app'),
      [DEPLOY]: deployment('registry.example:5000/acme/app:v1.0.0'),
    });
    const otherRefs = await allRefs(other);
    const port = await cli('promote', otherUrl, '--tag', 'v1.1.0');
    expect(port.code).toBe(2);
    expect(oneLine(port.stderr)).toMatch(/holds an image of registry\.example:5000\/acme\/app, not of registry\.example:5001\/acme\/app/);
    expect(await allRefs(bare)).toEqual(refs);
    expect(await allRefs(other)).toEqual(otherRefs);
  });

  it('rollback puts the previous reference back, tag and digest, byte for byte', async () => {
    const original = deployment(`registry.example:5000/acme/app:v1.0.0@${A}`);
    const { bare, url } = await fresh({ 'gitops.yaml': config('registry.example:5000/acme/app'), [DEPLOY]: original });
    ok(await cli('promote', url, '--tag', 'v1.1.0', '--digest', B));
    expect(await blob(bare, DEPLOY)).toEqual(Buffer.from(deployment(`registry.example:5000/acme/app:v1.1.0@${B}`)));

    const r = await cli('rollback', url);
    ok(r);
    expect(r.json).toMatchObject({ changed: true, from: 'v1.1.0', rolledBackTo: 'v1.0.0', source: 'history' });
    expect(await blob(bare, DEPLOY)).toEqual(Buffer.from(original));

    // --to, explicitly, back to v1.1.0: its digest comes back with it.
    const to = await cli('rollback', url, '--to', 'v1.1.0');
    ok(to);
    expect(to.json).toMatchObject({ changed: true, from: 'v1.0.0', rolledBackTo: 'v1.1.0', source: 'explicit' });
    expect(await blob(bare, DEPLOY)).toEqual(Buffer.from(deployment(`registry.example:5000/acme/app:v1.1.0@${B}`)));
  });

  it('a Kustomize images[] entry gets tag and digest in one commit; status reads the tag', async () => {
    const kustomization = (tag: string, digest: string) =>
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\nimages:\n  - name: registry.example:5000/acme/app\n    newTag: ${tag} # release\n    digest: "${digest}"\n`;
    const file = 'overlays/dev/kustomization.yaml';
    const key = 'images[name=registry.example:5000/acme/app].newTag';
    const { bare, url } = await fresh({ 'gitops.yaml': config('registry.example:5000/acme/app', key, file), [file]: kustomization('v1.0.0', A) });
    const before = (await git(bare, ['rev-parse', 'main'])).trim();
    const r = await cli('promote', url, '--tag', 'v1.1.0', '--digest', B);
    ok(r);
    expect(r.json).toMatchObject({ changed: true, previousTag: 'v1.0.0', tag: 'v1.1.0' });
    expect(await blob(bare, file)).toEqual(Buffer.from(kustomization('v1.1.0', B)));
    expect((await git(bare, ['rev-parse', 'main~1'])).trim()).toBe(before);
    expect((await git(bare, ['diff', '--name-only', 'main~1', 'main'])).trim()).toBe(file);

    const status = await runCli(['status', '--env-repo', url, '--json'], { GITHUB_TOKEN: TOKEN, GITOPS_TOKEN_HOST: '127.0.0.1' });
    ok(status);
    expect(JSON.stringify(status.json)).toContain('"v1.1.0"');
    expect(JSON.stringify(status.json)).not.toContain(B);
  });

  it('Helm: image.tag with --digest sets image.digest beside it; a bare tag key without a digest key beside it is refused', async () => {
    const values = (tag: string, digest: string) =>
      `appVersion: v1.0.0\nimage:\n  repository: registry.example:5000/acme/app\n  tag: ${tag}\n  digest: "${digest}"\n`;
    const { bare, url } = await fresh({
      'gitops.yaml': config('registry.example:5000/acme/app', 'image.tag', 'values.yaml'),
      'values.yaml': values('v1.0.0', ''),
    });
    ok(await cli('promote', url, '--tag', 'v1.1.0', '--digest', A));
    expect(await blob(bare, 'values.yaml')).toEqual(Buffer.from(values('v1.1.0', A)));

    const refs = await allRefs(bare);
    const noKey = await cli('promote', url, '--tag', 'v1.2.0', '--digest', B, '--key', 'appVersion');
    expect(noKey.code).toBe(2);
    expect(oneLine(noKey.stderr)).toMatch(/^error: --digest: values\.yaml appVersion holds a bare tag.*--digest-key/);
    expect(await allRefs(bare)).toEqual(refs);
  });
});
