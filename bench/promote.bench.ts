/**
 * promote (git mode) over git smart HTTP on a small and a large env repo, in one run: today's
 * code, an earlier commit's (BENCH_BASELINE, extracted with `git archive`), the plumbing floor
 * (depth-1 treeless fetch, one commit-tree, the push: the least any git write costs) and the
 * seeds' way (full `git clone`, edit, commit, push). Counts HTTP requests (the sandbox's log)
 * and git processes (each side's own onGitSpawn). Targets (issue 12): ≤ 8 requests, ≤ 20
 * processes, ≤ 1.5 × the floor on both repos, no slower than the seed on the small one.
 * Prints a markdown section for BENCHMARKS.md.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mkdtemp, rm, readFile, writeFile, du } from './fs-helpers.js';
import { git, startSandbox } from '@gitops-actions/sandbox';
import { baselineDir, side } from './baseline.js';
import { envRepoFixture, type FixtureSpec } from './env-repo-fixture.js';

const run = promisify(execFile);
const WORK = new URL('./.work/', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The code before issue 12 item 3's git economy. */
const BASELINE = process.env.BENCH_BASELINE ?? '548433d';

/** BENCH_REPOS=large: only the named env repos (comma-separated). */
const ONLY = process.env.BENCH_REPOS?.split(',').filter(Boolean);
const SPECS: FixtureSpec[] = [
  { name: 'small', commits: 10, bytesPerCommit: 1024, dirs: 5 },
  { name: 'large', commits: 20_000, bytesPerCommit: 10_240, dirs: 2_000 },
].filter((s) => !ONLY || ONLY.includes(s.name));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Sample {
  ms: number;
  requests: number;
  processes: number;
  disk?: number;
}

const sandbox = await startSandbox({ root: WORK });
const sides = { now: await side(), previous: await side(await baselineDir(BASELINE)) };
let tag = 0;

/** One promotion by `which` side's code, counted. */
async function ours(which: keyof typeof sides, url: string): Promise<Sample> {
  const { core, proc } = sides[which];
  let processes = 0;
  const off = proc.onGitSpawn(() => processes++);
  const from = sandbox.requests.length;
  const workDir = await mkdtemp(join(tmpdir(), 'bench-'));
  let disk: number | undefined;
  const t = performance.now();
  try {
    const repo = await core.GitEnvRepo.open({ url, workDir });
    // The fixtures persist across runs: every run promotes a newer tag.
    const r = await core.promote({ repo, app: 'payments', env: 'dev', tag: `v2.${Date.now()}.${++tag}`, allowDowngrade: true });
    if (r.operation !== 'pushed') throw new Error(`${which}: ${r.operation}`);
    disk = await du(workDir); // the partial clone, before clean-up
    await repo.close();
  } finally {
    off();
  }
  const ms = performance.now() - t;
  await rm(workDir, { recursive: true, force: true });
  return { ms, requests: sandbox.requests.length - from, processes, disk };
}

/** The least any git write costs: learn the head (depth 1, no trees), make a commit on it, push it. */
async function floor(url: string): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-floor-'));
  const from = sandbox.requests.length;
  const t = performance.now();
  await run('git', ['init', '--bare', '--quiet', dir]);
  await run('git', ['-C', dir, 'fetch', '--quiet', '--depth=1', '--filter=tree:0', url, '+refs/heads/main:refs/heads/main']);
  const head = (await run('git', ['-C', dir, 'rev-parse', 'main'])).stdout.trim();
  const tree = (await run('git', ['-C', dir, 'rev-parse', 'main^{tree}'])).stdout.trim();
  const env = { ...process.env, GIT_AUTHOR_NAME: 'ci', GIT_AUTHOR_EMAIL: 'ci@acme', GIT_COMMITTER_NAME: 'ci', GIT_COMMITTER_EMAIL: 'ci@acme' };
  const commit = (await run('git', ['-C', dir, 'commit-tree', tree, '-p', head, '-m', 'floor'], { env })).stdout.trim();
  await run('git', ['-C', dir, 'push', '--quiet', `--force-with-lease=refs/heads/main:${head}`, url, `${commit}:refs/heads/main`]);
  const ms = performance.now() - t;
  await rm(dir, { recursive: true, force: true });
  return { ms, requests: sandbox.requests.length - from, processes: 6 };
}

/** seeds/: full clone, edit, commit, push. */
async function seed(url: string): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-seed-'));
  const from = sandbox.requests.length;
  const t = performance.now();
  await run('git', ['clone', '--quiet', url, dir]);
  const file = join(dir, 'overlays/dev/payments/values.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace(/tag: ".*"/, `tag: "v2.seed.${++tag}"`));
  await git(dir, ['-c', 'user.name=ci-bot', '-c', 'user.email=ci@acme', 'commit', '-qam', `dev(payments): v2.seed.${tag}`]);
  await git(dir, ['push', '--quiet', 'origin', 'HEAD:main']);
  const ms = performance.now() - t;
  await rm(dir, { recursive: true, force: true });
  return { ms, requests: sandbox.requests.length - from, processes: 4 };
}

/**
 * A fresh bare repo on the fixture's generated history, its objects borrowed (alternates): every
 * run starts from a history we never wrote to (no ledger: the first promotion's blocked-tag check
 * walks the large repo's 20,000 commits), and the cached fixture itself is never written to.
 */
async function pristine(bare: string, name: string): Promise<string> {
  const base = (await git(bare, ['log', '-1', '--format=%H', '--committer=bench@example.invalid', 'main'])).trim();
  const dir = join(WORK, `${name}-run.git`);
  await rm(dir, { recursive: true, force: true });
  await git(WORK, ['init', '--bare', '--quiet', '--initial-branch', 'main', dir]);
  for (const [k, v] of [
    ['uploadpack.allowFilter', 'true'],
    ['uploadpack.allowAnySHA1InWant', 'true'],
    ['http.receivepack', 'true'],
  ]) {
    await git(dir, ['config', k, v]);
  }
  await writeFile(join(dir, 'objects', 'info', 'alternates'), `${join(bare, 'objects')}\n`);
  await git(dir, ['update-ref', 'refs/heads/main', base]);
  return dir;
}

const rows: string[] = [];
const ratios: string[] = [];
for (const spec of SPECS) {
  process.stderr.write(`generating ${spec.name} (${spec.commits} commits)…\n`);
  const bare = await envRepoFixture(WORK, spec);
  const size = await du(join(bare, 'objects'));
  const url = `${sandbox.url}/${spec.name}-run.git`;
  const samples: Record<'first' | 'now' | 'previous' | 'floor' | 'seed', Sample[]> = { first: [], now: [], previous: [], floor: [], seed: [] };
  // Interleaved, so that load on this shared machine falls on every side alike.
  const previousRuns = Number(process.env.BENCH_PREVIOUS_RUNS ?? RUNS);
  for (let i = 0; i < RUNS; i++) {
    process.stderr.write(`${spec.name}: run ${i + 1}/${RUNS}\n`);
    // Our first promotion into the generated history, then (after the floor's commit) the next:
    // the file's newest change of ours now carries a ledger (Gitops-Earlier-Tags).
    await pristine(bare, spec.name);
    samples.first.push(await ours('now', url));
    samples.floor.push(await floor(url));
    samples.now.push(await ours('now', url));
    if (i < previousRuns) samples.previous.push(await ours('previous', url));
    // The seed's full clone takes seconds on the large repo: 3 runs there, as many as ours elsewhere.
    if (i < 3 || spec.commits <= 1000) samples.seed.push(await seed(url));
  }
  const m = (k: keyof typeof samples) => median(samples[k].map((s) => s.ms));
  const last = (k: keyof typeof samples) => samples[k].at(-1)!;
  const cell = (k: keyof typeof samples, label: string) => {
    const s = last(k);
    return `| ${spec.name} | ${label} | ${m(k).toFixed(0)} ms (${(m(k) / m('floor')).toFixed(2)} × floor) | ${s.requests} | ${k === 'floor' || k === 'seed' ? `${s.processes} (commands)` : s.processes} | ${s.disk ? `${(s.disk / 1e3).toFixed(0)} kB` : '—'} |`;
  };
  // BENCH_PREVIOUS_RUNS=0: no previous side at all.
  const previous = samples.previous.length > 0;
  rows.push(
    `| **${spec.name}**: ${spec.commits.toLocaleString('en')} commits, ${(size / 1e6).toFixed(0)} MB packed | | | | | |`,
    cell('first', `ours, now: first promotion into this history (no ledger yet; median of ${RUNS})`),
    cell('now', `ours, now: the next promotion (median of ${RUNS})`),
    ...(previous ? [cell('previous', `ours, previous ${BASELINE} (median of ${samples.previous.length})`)] : []),
    cell('floor', `floor: depth-1 treeless fetch + commit-tree + push (median of ${RUNS})`),
    cell('seed', `seed: full clone + edit + push (median of ${samples.seed.length})`),
  );
  ratios.push(
    `${spec.name}: now ${(m('now') / m('floor')).toFixed(2)} × floor, ${(m('now') / m('seed')).toFixed(2)} × seed` +
      ` (first promotion: ${(m('first') / m('floor')).toFixed(2)} × floor, ${(m('first') / m('seed')).toFixed(2)} × seed)` +
      (previous ? `, ${(m('previous') / m('now')).toFixed(1)}× faster than previous` : ''),
  );
}
await sandbox.stop();

console.log(`## promote (git mode) vs the seeds' clone + edit + push

Over git smart HTTP (sandbox, \`git http-backend\`, loopback), one run of \`bench/promote.bench.ts\` on
this shared 2-core machine (${new Date().toISOString().slice(0, 16)} UTC), the sides interleaved. "ours" = the
promote verb in-process: open a partial clone, read gitops.yaml and the values file, the blocked-tag
check (the file's history), commit, compare-and-swap push, clean up. Each run starts from the
generated history: our **first promotion** there walks the file's history (on the large repo, all
20,000 commits); **the next** stops at the first one's ledger (\`Gitops-Earlier-Tags\`), with the
floor's and others' commits on top. **previous** is commit
${BASELINE} extracted with \`git archive\`. HTTP requests from the sandbox's log,
git processes from each side's onGitSpawn (the last run).

| env repo | code | time | HTTP requests (target ≤ 8) | git processes (target ≤ 20) | clone on disk |
|---|---|---|---|---|---|
${rows.join('\n')}

${ratios.map((r) => `- ${r}`).join('\n')}
`);
