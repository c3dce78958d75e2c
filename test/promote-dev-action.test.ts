/** dist/promote-dev run the way the GitHub runner runs it: INPUT_* env, output and summary files. */
import { rm } from 'node:fs/promises';
import { allRefs, git, showFile, startSandbox, tempDir, type SandboxServer } from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { runAction } from './support/faces.js';

const TOKEN = 'ghs_actionTOKEN0987654321';

describe('actions/promote-dev (bundled)', () => {
  let root: string;
  let sandbox: SandboxServer;
  beforeAll(async () => {
    root = await tempDir();
    sandbox = await startSandbox({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('commits the tag and sets outputs and the job summary; the token is masked', async () => {
    const bare = await createEnvRepo(root, 'acme/action-env');
    const r = await runAction('promote-dev', {
      'env-repo': `${sandbox.url}/acme/action-env.git`,
      forge: 'git',
      app: 'payments',
      env: 'dev',
      tag: 'v1.2.3',
      token: TOKEN,
      // The sandbox is not this workflow's forge: the token goes there only because we say so.
      'token-host': '127.0.0.1',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(r.stdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
    const head = (await git(bare, ['rev-parse', 'main'])).trim();
    expect(r.outputs).toMatchObject({ changed: 'true', 'commit-sha': head, 'previous-tag': 'v1.2.2', operation: 'pushed' });
    expect(r.summary).toContain('dev(payments): v1.2.2 → v1.2.3');
    expect(r.summary).toContain(head.slice(0, 7));
    expect(await showFile(bare, 'main', 'overlays/dev/payments/values.yaml')).toContain('tag: "v1.2.3"');

    const again = await runAction('promote-dev', { 'env-repo': bare, forge: 'git', app: 'payments', env: 'dev', tag: 'v1.2.3' });
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ changed: 'false', 'commit-sha': '', operation: 'unchanged' });
  });

  it('fails the step with one ::error:: line and writes nothing on bad input', async () => {
    const bare = await createEnvRepo(root, 'acme/action-bad');
    const refs = await allRefs(bare);
    const r = await runAction('promote-dev', { 'env-repo': bare, forge: 'git', app: 'payments', env: 'dev', tag: 'v1 && curl evil' });
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/input tag .* is not a valid image tag/); // named the way the action calls it
    expect(await allRefs(bare)).toEqual(refs);
  });
});
