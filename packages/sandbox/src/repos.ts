/**
 * Real bare repositories on disk for tests and the demo: create one from a map of files,
 * read refs, make commits from outside (as another pipeline would).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'sandbox',
  GIT_AUTHOR_EMAIL: 'sandbox@example.invalid',
  GIT_COMMITTER_NAME: 'sandbox',
  GIT_COMMITTER_EMAIL: 'sandbox@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export async function git(cwd: string, args: string[], input?: string): Promise<string> {
  const p = run('git', args, { cwd, env: GIT_ENV, maxBuffer: 256 * 1024 * 1024 });
  if (input !== undefined) {
    p.child.stdin?.end(input);
  }
  const { stdout } = await p;
  return stdout;
}

/**
 * Create `<root>/<name>.git` (name may be `owner/repo`) holding one commit on `branch` with
 * `files`. Partial clone is enabled as on GitHub/GitLab (uploadpack.allowFilter).
 */
export async function createBareRepo(
  root: string,
  name: string,
  files: Record<string, string>,
  opts: { branch?: string; message?: string } = {},
): Promise<string> {
  const branch = opts.branch ?? 'main';
  const bare = join(root, `${name}.git`);
  await mkdir(dirname(bare), { recursive: true });
  await git(root, ['init', '--bare', '--initial-branch', branch, bare]);
  await git(bare, ['config', 'uploadpack.allowFilter', 'true']);
  await git(bare, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  await git(bare, ['config', 'http.receivepack', 'true']);
  await git(bare, ['config', 'receive.denyNonFastForwards', 'false']);
  if (Object.keys(files).length > 0) await commitFiles(bare, branch, files, opts.message ?? 'initial');
  return bare;
}

/** Commit files onto a branch of a bare repo through a throwaway work tree. Returns the SHA. */
export async function commitFiles(bare: string, branch: string, files: Record<string, string>, message: string): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'sandbox-wt-'));
  try {
    const exists = (await git(bare, ['for-each-ref', `refs/heads/${branch}`])).trim() !== '';
    if (exists) {
      await git(work, ['clone', '--quiet', '--branch', branch, bare, '.']);
    } else {
      await git(work, ['init', '--quiet', '--initial-branch', branch]);
      await git(work, ['remote', 'add', 'origin', bare]);
    }
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(work, path)), { recursive: true });
      await writeFile(join(work, path), content);
    }
    await git(work, ['add', '-A']);
    await git(work, ['commit', '--quiet', '--allow-empty', '-m', message]);
    await git(work, ['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
    return (await git(work, ['rev-parse', 'HEAD'])).trim();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** SHA a branch points to, or null. */
export async function refSha(bare: string, branch: string): Promise<string | null> {
  const out = (await git(bare, ['for-each-ref', '--format=%(objectname)', `refs/heads/${branch}`])).trim();
  return out || null;
}

/** All refs of a bare repo as name → sha (tests compare before/after to prove nothing was written). */
export async function allRefs(bare: string): Promise<Record<string, string>> {
  const out = await git(bare, ['for-each-ref', '--format=%(refname) %(objectname)']);
  const refs: Record<string, string> = {};
  for (const line of out.split('\n').filter(Boolean)) {
    const [name, sha] = line.split(' ');
    refs[name] = sha!;
  }
  return refs;
}

/** A file's content at a ref of a bare repo, or null. */
export async function showFile(bare: string, ref: string, path: string): Promise<string | null> {
  try {
    return await git(bare, ['show', `${ref}:${path}`]);
  } catch {
    return null;
  }
}

/** A fresh temporary directory; remove it with `rm -rf` when done. */
export function tempDir(prefix = 'gitops-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
