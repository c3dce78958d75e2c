/**
 * Run a GitLab CI job with the real gitlab-ci-local (shell executor): a throwaway project that
 * includes this repo's templates/ with `include: local`, as a consumer would include them.
 */
import { chmod, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { git, tempDir } from '@gitops-actions/sandbox';
import { DIST, ROOT, cleanEnv, runProcess, type ProcessResult } from './faces.js';

/** The bundled CLI as a template's `cli:` input. */
export const CLI_INPUT = `${process.execPath} ${join(DIST, 'cli/index.js')}`;

export async function gitlabProject(ciYaml: string): Promise<string> {
  const dir = await tempDir('gcl-');
  await mkdir(join(dir, 'templates'));
  await cp(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, '.gitlab-ci.yml'), ciYaml);
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['add', '-A']);
  await git(dir, ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'ci']);
  await git(dir, ['remote', 'add', 'origin', 'https://gitlab.example/acme/project.git']);
  return dir;
}

/**
 * The environment gitlab-ci-local runs in: `rsync` on PATH is scripts/rsync-shim.mjs (gitlab-ci-local
 * shells out to rsync to mirror files and collect artifacts), so these tests need only Node and git.
 * The bin folder sits in the untracked .gcl-bin/ of the project, which gitlab-ci-local never copies.
 */
export async function gitlabCiLocalEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const bin = join(dir, '.gcl-bin');
  await mkdir(bin, { recursive: true });
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  await writeFile(join(bin, 'rsync'), `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(join(ROOT, 'scripts/rsync-shim.mjs'))} "$@"\n`);
  await chmod(join(bin, 'rsync'), 0o755);
  return cleanEnv({ PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` });
}

/** Run one job; `variables` are CI/CD variables (e.g. masked tokens). */
export async function runJob(dir: string, job: string, variables: Record<string, string> = {}): Promise<ProcessResult> {
  const vars = Object.entries(variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]);
  return runProcess(
    process.execPath,
    [join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js'), '--force-shell-executor', '--home', join(dir, '.gcl-home'), ...vars, job],
    { cwd: dir, env: await gitlabCiLocalEnv(dir), timeoutMs: 120_000 },
  );
}

/** The job's dotenv report (artifacts dir, or the project dir when copied back). */
export function dotenvReport(dir: string, job: string, file: string): Promise<string> {
  return readFile(join(dir, '.gitlab-ci-local/artifacts', job, file), 'utf8').catch(() => readFile(join(dir, file), 'utf8'));
}
