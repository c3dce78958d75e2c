/**
 * Credentials and remote failures of the git adapter: the token reaches git only through the
 * environment, never argv, a stored URL or an error message; failures are RemoteErrors that
 * say what went wrong (auth vs unreachable vs not found vs refused) and how to fix it.
 */
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { allRefs, createBareRepo, startSandbox, tempDir, type SandboxServer } from '@gitops-actions/sandbox';
import { ConflictError, RemoteError } from '../../src/errors.js';
import { GitEnvRepo } from '../../src/envrepo/git.js';
import { onGitSpawn, subcommandOf } from '../../src/envrepo/git-process.js';

const TOKEN = 's3cret-token-9b2d61f0';
const RO_TOKEN = 'read-only-token-77a1c3';
const WRONG = 'wrong-token-0c4e8d2a';
const DEEP = 'overlays/dev/payments/values.yaml';

let root: string;
let sandbox: SandboxServer;
let bare: string;
let url: string;

beforeAll(async () => {
  root = await tempDir('gitops-git-auth-');
  bare = await createBareRepo(root, 'acme/env', { [DEEP]: 'image:\n  tag: v1\n', 'README.md': 'x\n' });
  sandbox = await startSandbox({ root, tokens: [TOKEN], readOnlyTokens: [RO_TOKEN] });
  url = `${sandbox.url}/acme/env.git`;
});
afterAll(async () => {
  await sandbox.stop();
  await rm(root, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<RemoteError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RemoteError);
  return err as RemoteError;
}

function allText(err: RemoteError): string {
  return `${err.message}\n${err.userMessage}\n${err.stack ?? ''}\n${JSON.stringify(err)}`;
}

describe('git adapter credentials', () => {
  it('never puts the token in argv, a stored URL or the clone config, across every operation', async () => {
    const argvs: string[][] = [];
    const off = onGitSpawn((a) => argvs.push([...a]));
    const workDir = await tempDir('gitops-auth-wd-');
    const repo = await GitEnvRepo.open({ url, token: TOKEN, workDir });
    try {
      const head = (await repo.head('main'))!;
      await repo.readFile(DEEP, head);
      const { sha } = await repo.commit({ branch: 'main', parent: head, files: [{ path: DEEP, content: 'image:\n  tag: v2\n' }], message: 'dev: v2' });
      await repo.recordVerification(sha, { context: 'gitops/payments/dev', state: 'success' });
      expect(await repo.verifications(sha)).toHaveLength(1);
      expect(await repo.history(DEEP, 'main', 2)).toHaveLength(2);
      expect(repo.display).toBe(url);
      // Inspect what git stored on disk while the clone still exists.
      const [clone] = await readdir(workDir);
      for (const f of ['repo.git/config', 'push.git/config']) {
        const text = await readFile(join(workDir, clone, f), 'utf8');
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
      }
    } finally {
      off();
      await repo.close();
      await rm(workDir, { recursive: true, force: true });
    }
    // Every kind of git process the adapter starts was seen (and checked below).
    const kinds = new Set(argvs.map((a) => subcommandOf(a)));
    for (const k of ['fetch', 'push', 'fast-import', 'cat-file', 'log']) expect(kinds).toContain(k);
    const b64 = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    for (const argv of argvs)
      for (const a of argv) {
        expect(a).not.toContain(TOKEN);
        expect(a).not.toContain(b64);
      }
  });

  it('takes credentials out of a URL, uses them, and never shows them', async () => {
    const argvs: string[][] = [];
    const off = onGitSpawn((a) => argvs.push([...a]));
    const withCreds = url.replace('http://', `http://x-access-token:${TOKEN}@`);
    const repo = await GitEnvRepo.open({ url: withCreds });
    try {
      expect(repo.display).toBe(url);
      expect(await repo.head('main')).toBeTruthy();
    } finally {
      off();
      await repo.close();
    }
    expect(argvs.flat().join(' ')).not.toContain(TOKEN);
  });

  it('reports a wrong token as an authentication failure, without the token', async () => {
    const repo = await GitEnvRepo.open({ url, token: WRONG });
    try {
      const err = await failure(repo.head('main'));
      expect(err.message).toMatch(/authentication to .*acme\/env\.git failed/);
      expect(err.fix).toMatch(/token was refused/);
      expect(allText(err)).not.toContain(WRONG);
    } finally {
      await repo.close();
    }
  });

  it('reports a missing token as an authentication failure and names the variable to set', async () => {
    const repo = await GitEnvRepo.open({ url });
    try {
      const err = await failure(repo.head('main'));
      expect(err.message).toMatch(/authentication/);
      expect(err.fix).toMatch(/set GITHUB_TOKEN/);
    } finally {
      await repo.close();
    }
  });

  it('reports a wrong token in the URL without printing it', async () => {
    const repo = await GitEnvRepo.open({ url: url.replace('http://', `http://oauth2:${WRONG}@`) });
    try {
      const err = await failure(repo.head('main'));
      expect(err.message).toMatch(/authentication/);
      expect(allText(err)).not.toContain(WRONG);
    } finally {
      await repo.close();
    }
  });

  it('tells a read-only token from a conflict: RemoteError about write access, remote unchanged', async () => {
    const repo = await GitEnvRepo.open({ url, token: RO_TOKEN });
    try {
      const head = (await repo.head('main'))!;
      const before = await allRefs(bare);
      const err = await failure(repo.commit({ branch: 'main', parent: head, files: [{ path: DEEP, content: 'x\n' }], message: 'x' }));
      expect(err).not.toBeInstanceOf(ConflictError);
      expect(err.message).toMatch(/may not push/);
      expect(allText(err)).not.toContain(RO_TOKEN);
      expect(await allRefs(bare)).toEqual(before);
    } finally {
      await repo.close();
    }
  });
});

describe('git adapter remote failures', () => {
  it('reports an unreachable remote', async () => {
    const repo = await GitEnvRepo.open({ url: 'http://127.0.0.1:1/x.git', token: TOKEN });
    try {
      const err = await failure(repo.head('main'));
      expect(err.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1\/x\.git/);
      expect(err.message).not.toMatch(/authentication/);
      expect(allText(err)).not.toContain(TOKEN);
    } finally {
      await repo.close();
    }
  });

  it('reports a repository that does not exist (HTTP and local path)', async () => {
    for (const u of [`${sandbox.url}/acme/missing.git`, join(root, 'acme/missing.git')]) {
      const repo = await GitEnvRepo.open({ url: u, token: TOKEN });
      try {
        const err = await failure(repo.head('main'));
        expect(err.message).toMatch(/not found|cannot reach/);
        expect(err.message).toContain('missing.git');
      } finally {
        await repo.close();
      }
    }
  });

  it('reports a server error injected on push as a RemoteError, not a conflict', async () => {
    const repo = await GitEnvRepo.open({ url, token: TOKEN });
    try {
      const head = (await repo.head('main'))!;
      sandbox.inject({ kind: 'status', status: 500, match: /git-receive-pack/ });
      const err = await failure(repo.commit({ branch: 'main', parent: head, files: [{ path: DEEP, content: 'y\n' }], message: 'y' }));
      expect(err).not.toBeInstanceOf(ConflictError);
    } finally {
      sandbox.clearFaults();
      await repo.close();
    }
  });

  it("passes on a hook's refusal (protected branch) as a RemoteError with the remote's message", async () => {
    const hooked = await createBareRepo(root, 'acme/protected', { [DEEP]: 'tag: v1\n' });
    const hook = join(hooked, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "GL-HOOK-ERR: You are not allowed to push code to protected branches on this project." >&2\nexit 1\n');
    await chmod(hook, 0o755);
    for (const u of [hooked, `${sandbox.url}/acme/protected.git`]) {
      const repo = await GitEnvRepo.open({ url: u, token: TOKEN });
      try {
        const head = (await repo.head('main'))!;
        const before = await allRefs(hooked);
        const err = await failure(repo.commit({ branch: 'main', parent: head, files: [{ path: DEEP, content: 'z\n' }], message: 'z' }));
        expect(err).not.toBeInstanceOf(ConflictError);
        expect(err.message).toMatch(/refused the push/);
        expect(err.message).toMatch(/not allowed to push code to protected branches/);
        expect(err.fix).toMatch(/protected/);
        expect(await allRefs(hooked)).toEqual(before);
      } finally {
        await repo.close();
      }
    }
  });
});
