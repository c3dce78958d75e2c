/**
 * .gitlab-ci.yml, the pipeline of a GitLab mirror, under gitlab-ci-local: the jobs it defines for a
 * branch and for a version tag, and the release-version job that turns v1.2.3 into the 1.2.3 the
 * CI/CD catalog release (the `release:` keyword) is named after.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, runProcess } from './support/faces.js';
import { dotenvReport, gitlabCiLocalEnv, gitlabProject, runJob } from './support/gitlab.js';

const text = await readFile(join(ROOT, '.gitlab-ci.yml'), 'utf8');

async function jobs(dir: string, variables: string[]): Promise<string[]> {
  const r = await runProcess(
    process.execPath,
    [join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js'), '--home', join(dir, '.gcl-home'), ...variables, '--list-json'],
    {
      cwd: dir,
      env: await gitlabCiLocalEnv(dir),
      timeoutMs: 60_000,
    },
  );
  expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
  return (JSON.parse(r.stdout) as { name: string; when: string }[])
    .filter((j) => j.when !== 'never')
    .map((j) => j.name)
    .sort();
}

describe('.gitlab-ci.yml (GitLab mirror)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await gitlabProject(text);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a branch pipeline tests the components; a version tag also releases them', async () => {
    expect(await jobs(dir, [])).toEqual(['components', 'test']);
    expect(await jobs(dir, ['--variable', 'CI_COMMIT_TAG=v1.2.3'])).toEqual(['components', 'release', 'release-version', 'test']);
    // The moved v1 tag and the 1.2.3 tag the release creates start no release of their own.
    expect(await jobs(dir, ['--variable', 'CI_COMMIT_TAG=1.2.3'])).not.toContain('release');
  });

  it('release-version names the catalog release 1.2.3 for the tag v1.2.3; release uses the release: keyword', async () => {
    const r = await runJob(dir, 'release-version', { CI_COMMIT_TAG: 'v1.2.3' });
    expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
    expect(await dotenvReport(dir, 'release-version', '.gitlab-ci-reports/dotenv/release.env')).toBe('VERSION=1.2.3\n');
    const release = parse(text).release;
    expect(release.needs).toEqual(['release-version']);
    expect(release.release).toMatchObject({ tag_name: '$VERSION', ref: '$CI_COMMIT_SHA' });
  });
});
