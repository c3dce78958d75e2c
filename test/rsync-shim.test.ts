/**
 * scripts/rsync-shim.mjs, the `rsync` gitlab-ci-local runs in these tests (so they need only Node
 * and git): each argument form gitlab-ci-local uses, on a tree with nested folders, an executable,
 * a symlink, untracked files and a stale destination — against fixed expectations, and byte for
 * byte against the real rsync where one is installed. Then a two-job pipeline under gitlab-ci-local
 * (artifacts, a dotenv report passed through `needs`) with the stand-in first on PATH.
 */
import { spawnSync } from 'node:child_process';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git, tempDir } from '@gitops-actions/sandbox';
import { ROOT, runProcess } from './support/faces.js';
import { gitlabCiLocalEnv } from './support/gitlab.js';

const SHIM = join(ROOT, 'scripts/rsync-shim.mjs');
const realRsync = spawnSync('rsync', ['--version'], { encoding: 'utf8' });
const haveRsync = realRsync.status === 0 && /^rsync\s+version/.test(realRsync.stdout);
const OLD = new Date('2024-01-02T03:04:05Z');
const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** Every entry under dir: path, kind, permission bits, mtime (s) and content or link target. */
async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string) {
    const path = join(dir, rel);
    const st = await lstat(path);
    const mode = (st.mode & 0o777).toString(8);
    if (st.isSymbolicLink()) out.push(`${rel} -> ${await readlink(path)}`);
    else if (st.isFile()) out.push(`${rel} ${mode} ${Math.floor(st.mtimeMs / 1000)} ${JSON.stringify(await readFile(path, 'utf8'))}`);
    else if (st.isDirectory()) {
      if (rel) out.push(`${rel}/ ${mode}`);
      for (const name of (await readdir(path)).sort()) await walk(rel ? `${rel}/${name}` : name);
    }
  }
  await walk('');
  return out;
}

async function put(root: string, files: Record<string, string>, mtime = OLD) {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    await writeFile(join(root, rel), content);
    await utimes(join(root, rel), mtime, mtime);
  }
}

/** A project folder as gitlab-ci-local sees it, and a stale earlier copy inside its state dir. */
async function project(): Promise<string> {
  const dir = await tempDir('rsync-');
  made.push(dir);
  await put(dir, {
    'a.txt': 'a\n',
    '.gitlab-ci.yml': 'job: {script: [true]}\n',
    'dir/b.txt': 'b\n',
    'dir/sub/run.sh': '#!/bin/sh\n',
    'dir/untracked.log': 'x\n',
    'untracked.log': 'x\n',
    'node_modules/x/index.js': 'x\n',
    'deep/keep/x': 'kept out\n',
    'deep/y': 'y\n',
    'reports/gitops.env': 'TAG=v1\n',
    'out/result.txt': 'r\n',
    'out/scratch.tmp': 't\n',
    '.gitlab-ci-local/x': 'state\n',
    '.gitlab-ci-local/builds/.docker/stale.txt': 'stale\n',
    '.gitlab-ci-local/builds/.docker/a.txt': 'old a, same size? no\n',
    '.gitlab-ci-local/builds/.docker/node_modules/old.js': 'old\n',
  });
  await chmod(join(dir, 'dir/sub/run.sh'), 0o755);
  await symlink('a.txt', join(dir, 'link'));
  // What `git ls-files -o --directory` prints for the untracked files, as gitlab-ci-local writes it.
  await writeFile(join(dir, 'exclude-list'), 'untracked.log\nnode_modules/\ndeep/keep/\n# a comment\n\n');
  return dir;
}

function shim(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [SHIM, ...args], { cwd, encoding: 'utf8' });
}

/** Run args with the stand-in in one copy of the project and the real rsync in another; same result. */
async function sameAsRsync(args: string[], dest: string, mkdirs: string[] = []): Promise<void> {
  if (!haveRsync) return;
  const a = await project();
  const b = await project();
  for (const d of mkdirs) for (const root of [a, b]) await mkdir(join(root, d), { recursive: true });
  const mine = shim(a, args);
  const theirs = spawnSync('rsync', args, { cwd: b, encoding: 'utf8' });
  expect(mine.status).toBe(theirs.status);
  expect(await listing(join(a, dest))).toEqual(await listing(join(b, dest)));
}

const MIRROR = [
  '-a',
  '--delete-excluded',
  '--delete',
  '--exclude-from=exclude-list',
  '--exclude',
  '.git/lfs',
  '--exclude',
  '.gitlab-ci-local/',
  './',
  '.gitlab-ci-local/builds/.docker/',
];

describe('scripts/rsync-shim.mjs', () => {
  it('mirrors the tracked files: excludes by name, by dir/ and by path, deletes stale and excluded files', async () => {
    const dir = await project();
    const r = shim(dir, MIRROR);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = await listing(join(dir, '.gitlab-ci-local/builds/.docker'));
    const names = got.map((l) => l.split(' ')[0]);
    expect(names).toEqual([
      '.gitlab-ci.yml',
      'a.txt',
      'deep/',
      'deep/y',
      'dir/',
      'dir/b.txt',
      'dir/sub/',
      'dir/sub/run.sh',
      'exclude-list',
      'link',
      'out/',
      'out/result.txt',
      'out/scratch.tmp',
      'reports/',
      'reports/gitops.env',
    ]);
    expect(got).toContain('a.txt 644 1704164645 "a\\n"');
    expect(got).toContain('dir/sub/run.sh 755 1704164645 "#!/bin/sh\\n"');
    expect(got).toContain('link -> a.txt');
    await sameAsRsync(MIRROR, '.gitlab-ci-local/builds/.docker');
  });

  it('without --delete-excluded an excluded file in the destination stays', async () => {
    const dir = await project();
    const args = MIRROR.filter((a) => a !== '--delete-excluded');
    expect(shim(dir, args).status).toBe(0);
    const names = (await listing(join(dir, '.gitlab-ci-local/builds/.docker'))).map((l) => l.split(' ')[0]);
    expect(names).toContain('node_modules/old.js');
    expect(names).not.toContain('stale.txt');
    await sameAsRsync(args, '.gitlab-ci-local/builds/.docker');
  });

  it('collects artifacts from a --files-from list with -rRa; a missing path is exit 23, the rest still copied', async () => {
    const dir = await project();
    await writeFile(join(dir, 'files'), './out\n./reports/gitops.env\n./.gitlab-ci-local/x\n./missing.txt\n');
    const args = ['--exclude', '.gitlab-ci-local/**', '-rRa', '--exclude', '*.tmp', '--files-from=files', '.', 'artifacts/job/.'];
    expect(shim(dir, args).status).toBe(11); // like rsync: DEST/. must exist (gitlab-ci-local makes it)
    await mkdir(join(dir, 'artifacts/job'), { recursive: true });
    const r = shim(dir, args);
    expect(r.status).toBe(23);
    expect(r.stderr).toMatch(/missing\.txt/);
    const names = (await listing(join(dir, 'artifacts/job'))).map((l) => l.split(' ')[0]);
    expect(names).toEqual(['out/', 'out/result.txt', 'reports/', 'reports/gitops.env']);
    await sameAsRsync(args, 'artifacts', ['artifacts/job']);
  });

  it('copies a dotenv report with its relative path (-Ra ./FILE DEST/.) and folders by contents (SRC/. DEST)', async () => {
    const dir = await project();
    await mkdir(join(dir, 'art/.gitlab-ci-reports/dotenv'), { recursive: true });
    expect(shim(dir, ['-Ra', './reports/gitops.env', 'art/.gitlab-ci-reports/dotenv/.']).status).toBe(0);
    expect(await readFile(join(dir, 'art/.gitlab-ci-reports/dotenv/reports/gitops.env'), 'utf8')).toBe('TAG=v1\n');
    await sameAsRsync(['-Ra', './reports/gitops.env', 'art/.gitlab-ci-reports/dotenv/.'], 'art', ['art/.gitlab-ci-reports/dotenv']);

    await put(dir, { 'art/out.txt': 'o\n' });
    expect(shim(dir, ['--exclude=/.gitlab-ci-reports/', '-a', 'art/.', 'back']).status).toBe(0);
    expect(await readdir(join(dir, 'back'))).toEqual(['out.txt']);
    await sameAsRsync(['--exclude=/dir/', '-a', '.gitlab-ci-local/builds/.docker/.', 'copy3'], 'copy3');
    await sameAsRsync(['-a', 'dir/.', 'copy'], 'copy');
    await sameAsRsync(['-a', 'dir', 'copy2/'], 'copy2');
  });

  it('refuses an option outside the subset with exit 1, naming it, and writes nothing', async () => {
    const dir = await project();
    const r = shim(dir, ['-az', './', 'elsewhere/']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unsupported option -z/);
    await expect(lstat(join(dir, 'elsewhere'))).rejects.toThrow();
    expect(shim(dir, ['-a', '--checksum', './', 'elsewhere/']).stderr).toMatch(/--checksum/);
  });

  it('carries artifacts and a dotenv report between two jobs under gitlab-ci-local', async () => {
    const dir = await tempDir('gcl-rsync-');
    made.push(dir);
    await writeFile(
      join(dir, '.gitlab-ci.yml'),
      `stages: [build, use]
produce:
  stage: build
  script:
    - mkdir -p out && echo built > out/result.txt && echo scratch > out/scratch.tmp
    - echo VERSION=1.2.3 > build.env
  artifacts:
    paths: [out/]
    exclude: ['out/*.tmp']
    reports:
      dotenv: build.env
consume:
  stage: use
  needs: [produce]
  script:
    - echo "version=$VERSION"
`,
    );
    await put(dir, { 'tracked.txt': 't\n' });
    await git(dir, ['init', '-q', '-b', 'main']);
    await git(dir, ['add', '-A']);
    await git(dir, ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'ci']);
    await put(dir, { 'untracked.txt': 'u\n' });
    const r = await runProcess(
      process.execPath,
      [join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js'), '--force-shell-executor', '--home', join(dir, '.gcl-home'), '--needs', 'consume'],
      { cwd: dir, env: await gitlabCiLocalEnv(dir), timeoutMs: 120_000 },
    );
    expect(r.stderr + r.stdout).not.toMatch(/rsync.*(not found|unsupported)/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('version=1.2.3');
    const artifacts = join(dir, '.gitlab-ci-local/artifacts/produce');
    expect(await readFile(join(artifacts, 'out/result.txt'), 'utf8')).toBe('built\n');
    await expect(lstat(join(artifacts, 'out/scratch.tmp'))).rejects.toThrow();
    expect(await readFile(join(artifacts, '.gitlab-ci-reports/dotenv/build.env'), 'utf8')).toBe('VERSION=1.2.3\n');
    const mirror = await readdir(join(dir, '.gitlab-ci-local/builds/.docker'));
    expect(mirror).toContain('tracked.txt');
    expect(mirror).not.toContain('untracked.txt');
    expect(mirror).not.toContain('.gcl-bin');
  });
});
