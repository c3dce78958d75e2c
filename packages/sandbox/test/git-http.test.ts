import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createBareRepo, refSha, startSandbox, tempDir, type SandboxServer } from '../src/index.js';

const run = promisify(execFile);

describe('sandbox git smart HTTP', () => {
  let root: string;
  let sandbox: SandboxServer;
  beforeAll(async () => {
    root = await tempDir();
    await createBareRepo(root, 'acme/env', { 'a.yaml': 'tag: v1\n' });
    sandbox = await startSandbox({ root, tokens: ['s3cret-token'] });
  });
  afterAll(async () => {
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a clone without a token and serves one with it', async () => {
    const dir = await tempDir();
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
    await expect(run('git', ['clone', `${sandbox.url}/acme/env.git`, `${dir}/a`], { env })).rejects.toThrow();
    const authed = sandbox.url.replace('http://', 'http://x:s3cret-token@');
    await run('git', ['clone', '--filter=tree:0', '--depth=1', `${authed}/acme/env.git`, `${dir}/b`], { env });
    const { stdout } = await run('git', ['-C', `${dir}/b`, 'show', 'HEAD:a.yaml']);
    expect(stdout).toBe('tag: v1\n');
    await run('git', ['-C', `${dir}/b`, 'commit', '--allow-empty', '-m', 'x'], {
      env: { ...env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
    });
    await run('git', ['-C', `${dir}/b`, 'push', 'origin', 'HEAD:main'], { env });
    const { stdout: head } = await run('git', ['-C', `${dir}/b`, 'rev-parse', 'HEAD']);
    expect(await refSha(`${root}/acme/env.git`, 'main')).toBe(head.trim());
    await rm(dir, { recursive: true, force: true });
  });
});
