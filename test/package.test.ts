/**
 * The npm package as a stranger gets it: `npm pack`, then install the tarball into an empty folder
 * with an empty npm cache and no registry (offline, registry pointed at a closed port), then run the
 * installed `gitops-actions` through npx: --version, and a promote against a real bare repo.
 * The tarball is packed from the bundle under test (GITOPS_TEST_DIST) with the root's package.json,
 * so its `files`, `bin` and empty `dependencies` are the ones that ship.
 */
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEnvRepo } from './support/env-repo.js';
import { git, showFile, tempDir } from '@gitops-actions/sandbox';
import { DIST, ROOT, cleanEnv, runProcess } from './support/faces.js';

const rootPkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));

/** npm without the settings `npm test` passes down, with a private empty cache and no reachable registry. */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
  return { ...env, npm_config_cache: cache, npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
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
    const r = await runProcess('npx', ['--offline', 'gitops-actions', 'promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3', '--json'], {
      cwd: consumer,
      env,
    });
    expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: true, previousTag: 'v1.2.2', tag: 'v1.2.3' });
    expect(await showFile(bare, 'main', 'overlays/dev/payments/values.yaml')).toBe(before!.replace('tag: "v1.2.2"', 'tag: "v1.2.3"'));
    expect((await git(bare, ['log', '-1', '--format=%s', 'main'])).trim()).toBe('dev(payments): v1.2.3');
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
