/**
 * An earlier commit's core sources beside this tree's, for benchmarks that compare the two in one
 * run: extracted with `git archive` under bench/.work/ (cached), imported in-process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';

type Core = typeof import('../packages/core/src/index.js');
type GitProcess = typeof import('../packages/core/src/envrepo/git-process.js');

const ROOT = new URL('..', import.meta.url).pathname;
const WORK = new URL('./.work/', import.meta.url).pathname;

/** packages/core/src of `ref`, extracted once. */
export async function baselineDir(ref: string): Promise<string> {
  const dir = join(WORK, `baseline-${ref}`);
  if (!existsSync(join(dir, 'packages/core/src/index.ts'))) {
    await mkdir(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', ref, 'packages/core/src'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  }
  return dir;
}

/** The core and its git process counter, from a tree (ROOT or a baselineDir). */
export async function side(dir = ROOT): Promise<{ core: Core; proc: GitProcess }> {
  return {
    core: (await import(join(dir, 'packages/core/src/index.ts'))) as Core,
    proc: (await import(join(dir, 'packages/core/src/envrepo/git-process.ts'))) as GitProcess,
  };
}
