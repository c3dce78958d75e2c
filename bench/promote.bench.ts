/**
 * promote (git mode) against a small and a large env repo over git smart HTTP, next to the
 * seeds' way: full `git clone`, edit, commit, push. Target: large costs at most 2× small.
 * Prints a markdown section for BENCHMARKS.md.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, readFile, writeFile, du } from './fs-helpers.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GitEnvRepo, promote } from '@gitops-actions/core';
import { git, startSandbox } from '@gitops-actions/sandbox';
import { envRepoFixture, type FixtureSpec } from './env-repo-fixture.js';

const run = promisify(execFile);
const WORK = new URL('./.work/', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const SPECS: FixtureSpec[] = [
  { name: 'small', commits: 10, bytesPerCommit: 1024, dirs: 5 },
  { name: 'large', commits: 20_000, bytesPerCommit: 10_240, dirs: 2_000 },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const sandbox = await startSandbox({ root: WORK });
const rows: string[] = [];
let tag = 0;
const results: Record<string, { ours: number; seed: number; fetched: number; trips: number }> = {};
for (const spec of SPECS) {
  process.stderr.write(`generating ${spec.name} (${spec.commits} commits)…\n`);
  const bare = await envRepoFixture(WORK, spec);
  const size = await du(join(bare, 'objects'));
  const url = `${sandbox.url}/${spec.name}.git`;

  const ours: number[] = [];
  let fetched = 0;
  let trips = 0;
  for (let i = 0; i < RUNS; i++) {
    const workDir = await mkdtemp(join(tmpdir(), 'bench-'));
    ours.push(
      await timeIt(async () => {
        const repo = await GitEnvRepo.open({ url, workDir });
        await promote({ repo, app: 'payments', env: 'dev', tag: `v2.0.${++tag}`, allowDowngrade: true }); // fixtures persist across runs
        trips = repo.requestCount;
        fetched = await du(workDir); // the partial clone, before clean-up
        await repo.close();
      }),
    );
    await rm(workDir, { recursive: true, force: true });
  }

  const seed: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const dir = await mkdtemp(join(tmpdir(), 'bench-seed-'));
    seed.push(
      await timeIt(async () => {
        await run('git', ['clone', '--quiet', url, dir]);
        const file = join(dir, 'overlays/dev/payments/values.yaml');
        await writeFile(file, (await readFile(file, 'utf8')).replace(/tag: ".*"/, `tag: "v2.0.${++tag}"`));
        await git(dir, ['-c', 'user.name=ci-bot', '-c', 'user.email=ci@acme', 'commit', '-qam', `dev(payments): v2.0.${tag}`]);
        await git(dir, ['push', '--quiet', 'origin', 'HEAD:main']);
      }),
    );
    await rm(dir, { recursive: true, force: true });
  }
  results[spec.name] = { ours: median(ours), seed: median(seed), fetched, trips };
  rows.push(
    `| ${spec.name} | ${spec.commits.toLocaleString('en')} | ${(size / 1e6).toFixed(0)} MB | ${median(ours).toFixed(0)} ms | ${trips} | ${(fetched / 1e3).toFixed(0)} kB | ${median(seed).toFixed(0)} ms |`,
  );
}
await sandbox.stop();

const ratio = results.large.ours / results.small.ours;
console.log(`## promote (git mode) vs the seeds' clone + edit + push

Over git smart HTTP (sandbox, \`git http-backend\`, loopback), median of ${RUNS} runs (seed: of ${Math.min(RUNS, 3)}).
"ours" = open a treeless depth-1 partial clone, read gitops.yaml and the values file, commit with
plumbing, compare-and-swap push, clean up (in-process; the CLI adds ~0.2 s of Node start-up).

| env repo | commits | packed size | promote (ours) | git round trips | partial clone on disk | seed: full clone + edit + push |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Large / small for ours: **${ratio.toFixed(2)}×** (target ≤ 2×).
`);
