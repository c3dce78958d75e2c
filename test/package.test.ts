/**
 * The npm package as a stranger gets it: `npm pack`, then install the tarball into an empty folder
 * with an empty npm cache and no registry (offline, registry pointed at a closed port), then run the
 * installed `gitops-actions` through npx: --version, and a promote against a real bare repo.
 * The tarball is packed from the bundle under test (GITOPS_TEST_DIST) with the root's package.json,
 * so its `files`, `bin` and empty `dependencies` are the ones that ship. Then the image: its
 * entrypoint against the installed package, and the Dockerfile (no Docker engine here; hadolint is
 * in neither npm nor Debian, so dockerfile-utils, the VS Code Docker linter, lints it).
 */
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { createEnvRepo } from './support/env-repo.js';
import { git, showFile, tempDir } from '@gitops-actions/sandbox';
import { DIST, ROOT, cleanEnv, runProcess } from './support/faces.js';

const rootPkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));

/** npm without the settings `npm test` passes down, with a private empty cache and no reachable registry. */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
  return {
    ...env,
    npm_config_cache: cache,
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return runProcess('npm', args, { cwd, env, timeoutMs: 120_000 });
}

describe('the npm package', () => {
  let work: string;
  let consumer: string;
  let env: NodeJS.ProcessEnv;
  let packedFiles: string[] = [];

  beforeAll(async () => {
    work = await tempDir('pkg-');
    env = npmEnv(join(work, 'empty-cache'));
    // The root's package.json, LICENSE and README next to every face of the bundle under test:
    // `files` has to pick what runs.
    const stage = join(work, 'stage');
    await mkdir(stage);
    for (const f of ['package.json', 'LICENSE', 'README.md']) await cp(join(ROOT, f), join(stage, f));
    await cp(DIST, join(stage, 'dist'), { recursive: true });
    // --ignore-scripts: `prepare` is the checkout's own set-up (scripts/link-node.mjs), not the package's.
    const packed = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage, env);
    expect(packed.stderr).not.toMatch(/ERR/);
    expect(packed.code).toBe(0);
    const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    packedFiles = info.files.map((f) => f.path).sort();
    consumer = join(work, 'consumer');
    await mkdir(consumer);
    await writeFile(join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n');
    const installed = await npm(['install', '--no-save', join(work, info.filename)], consumer, env);
    expect({ code: installed.code, err: installed.code ? installed.stderr : '' }).toEqual({ code: 0, err: '' });
  }, 180_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('ships only what runs: the bundle, the CLI stub, LICENSE, README and package.json', () => {
    const paths = packedFiles;
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/cli/index.js', 'dist/bundle/index.js']));
    const stray = paths.filter((p) => !/^(LICENSE|README\.md|package\.json|dist\/bundle\/[^/]+|dist\/cli\/[^/]+)$/.test(p));
    expect(stray).toEqual([]);
  });

  it('declares no runtime dependencies, a node >= 20 engine, the bin, the licence, and is not private', async () => {
    const pkg = JSON.parse(await readFile(join(consumer, 'node_modules/gitops-actions/package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ 'gitops-actions': 'dist/cli/index.js' });
    expect(pkg.engines).toEqual({ node: '>=20' });
    expect(pkg.license).toBe('Apache-2.0');
    expect(pkg.publishConfig).toMatchObject({ provenance: true, access: 'public' });
    // Nothing besides the package itself came along.
    expect((await readdir(join(consumer, 'node_modules'))).filter((d) => !d.startsWith('.'))).toEqual(['gitops-actions']);
  });

  it('npx gitops-actions --version prints the package version, offline', async () => {
    const r = await npm(['exec', '--offline', '--', 'gitops-actions', '--version'], consumer, env);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(rootPkg.version);
  });

  it('npx gitops-actions promote commits the tag to a local bare env repo', async () => {
    const bare = await createEnvRepo(work, 'acme/env');
    const before = await showFile(bare, 'main', 'overlays/dev/payments/values.yaml');
    const r = await runProcess(
      'npx',
      ['--offline', 'gitops-actions', 'promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3', '--json'],
      {
        cwd: consumer,
        env,
      },
    );
    expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: true, previousTag: 'v1.2.2', tag: 'v1.2.3' });
    expect(await showFile(bare, 'main', 'overlays/dev/payments/values.yaml')).toBe(before!.replace('tag: "v1.2.2"', 'tag: "v1.2.3"'));
    expect((await git(bare, ['log', '-1', '--format=%s', 'main'])).trim()).toBe('dev(payments): v1.2.3');
  });

  it("the image's entrypoint runs the installed CLI, and a program the image has as given (GitLab's shell)", async () => {
    const entry = join(ROOT, 'scripts/docker-entrypoint.sh');
    expect((await stat(entry)).mode & 0o111).toBe(0o111);
    const path = { ...env, PATH: `${join(consumer, 'node_modules/.bin')}${delimiter}${env.PATH ?? ''}` };
    const run = (...args: string[]) => runProcess('sh', [entry, ...args], { cwd: consumer, env: path });
    expect((await run('--version')).stdout.trim()).toBe(rootPkg.version);
    const help = await run('promote', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--env-repo');
    expect((await run('sh', '-c', 'echo "in $0"')).stdout.trim()).toBe('in sh');
    expect((await run('git', '--version')).stdout).toMatch(/^git version /);
    // A shell builtin's name is not a program: it goes to the CLI (which does not know it).
    const builtin = await run('wait');
    expect(builtin.code).toBe(2);
    expect(builtin.stderr).toMatch(/unknown command 'wait'/);
  });

  it('the Dockerfile: node 24 alpine + git, installs the packed tarball globally, ENTRYPOINT in exec form, lints clean', async () => {
    const text = await readFile(join(ROOT, 'Dockerfile'), 'utf8');
    expect(validate(text)).toEqual([]);
    const file = DockerfileParser.parse(text);
    const froms = file.getFROMs();
    expect(froms.map((f) => `${f.getImageName()}:${f.getImageTag()}`)).toEqual(['node:24-alpine', 'node:24-alpine']);
    const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());
    const final = file.getInstructions().filter((i) => i.getRange().start.line > froms[1].getRange().start.line);
    const packStage = file.getInstructions().filter((i) => i.getRange().start.line < froms[1].getRange().start.line);
    // The pack stage copies exactly what the package's `files` ships, so the image runs the npm tarball.
    const copied = packStage.filter((i) => i.getKeyword() === 'COPY').flatMap((i) => args(i).slice(0, -1));
    expect(copied.filter((c) => c !== 'package.json').sort()).toEqual([...rootPkg.files].sort());
    expect(packStage.some((i) => i.getKeyword() === 'RUN' && /npm pack --ignore-scripts/.test(args(i).join(' ')))).toBe(true);
    const runs = final.filter((i) => i.getKeyword() === 'RUN').map((i) => args(i).join(' '));
    expect(runs.some((r) => /^apk add --no-cache git\b/.test(r))).toBe(true);
    expect(runs.some((r) => /npm install --global .*--ignore-scripts.* \/tmp\/gitops-actions\.tgz/.test(r))).toBe(true);
    const entrypoints = file.getENTRYPOINTs();
    expect(entrypoints).toHaveLength(1);
    expect(entrypoints[0].getJSONStrings().map((j) => j.getJSONValue())).toEqual(['gitops-actions-entrypoint']);
    expect(final.some((i) => i.getKeyword() === 'COPY' && args(i).join(' ') === 'scripts/docker-entrypoint.sh /usr/local/bin/gitops-actions-entrypoint')).toBe(
      true,
    );
    // .dockerignore lets in what the COPYs need and nothing else (no node_modules, no .git in the context).
    const ignore = (await readFile(join(ROOT, '.dockerignore'), 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    expect(ignore.slice(1).sort()).toEqual([...new Set([...copied, 'scripts/docker-entrypoint.sh'])].map((c) => `!${c}`).sort());
    // The linter is not blind: a second ENTRYPOINT is reported.
    expect(validate(`${text}\nENTRYPOINT ["sh"]\n`).length).toBeGreaterThan(0);
  });

  it('the GitLab components default to this package at the same major (0.x: major.minor)', async () => {
    const [major, minor] = (rootPkg.version as string).split('.');
    const want = major === '0' ? `${major}.${minor}` : major;
    const seen: string[] = [];
    for (const f of (await readdir(join(ROOT, 'templates'))).filter((n) => n.endsWith('.yml'))) {
      const text = await readFile(join(ROOT, 'templates', f), 'utf8');
      for (const m of text.matchAll(/^\s+cli:\n(?:\s+(?!default:)\S.*\n)*?\s+default: (.*)$/gm)) seen.push(`${f}: ${m[1]}`);
    }
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.filter((s) => !s.endsWith(`: npx --yes gitops-actions@${want}`))).toEqual([]);
  });
});
