/**
 * API mode cost: REST calls per dev promotion and per PR promotion on GitHub and GitLab, and
 * time against a small and a large env repo (no clone: it should be flat). Sandbox forge over
 * the same generated repos as promote.bench.ts. Prints a markdown section for BENCHMARKS.md.
 */
import { mkdir, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openGitHubRepo, openGitLabRepo, promote, type EnvRepo } from '@gitops-actions/core';
import { startForge } from '@gitops-actions/sandbox';
import { envRepoFixture, type FixtureSpec } from './env-repo-fixture.js';

const WORK = new URL('./.work/', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SPECS: FixtureSpec[] = [
  { name: 'small', commits: 10, bytesPerCommit: 1024, dirs: 5 },
  { name: 'large', commits: 20_000, bytesPerCommit: 10_240, dirs: 2_000 },
];

for (const spec of SPECS) {
  const bare = await envRepoFixture(WORK, spec);
  await mkdir(join(WORK, 'acme'), { recursive: true });
  if (!existsSync(join(WORK, 'acme', `${spec.name}.git`))) await symlink(bare, join(WORK, 'acme', `${spec.name}.git`));
}
const forge = await startForge({ root: WORK });
const open = (kind: 'github' | 'gitlab', name: string): EnvRepo =>
  kind === 'github'
    ? openGitHubRepo({ repo: `acme/${name}`, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0 })
    : openGitLabRepo({ project: `acme/${name}`, apiUrl: `${forge.url}/api/v4` });

let n = 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(kind: 'github' | 'gitlab', name: string, env: string, tag: () => string) {
  const times: number[] = [];
  let calls = 0;
  for (let i = 0; i < RUNS; i++) {
    const repo = open(kind, name);
    const t = performance.now();
    await promote({ repo, app: 'payments', env, tag: tag(), skipPrecondition: true, allowDowngrade: true }); // fixtures persist across runs
    times.push(performance.now() - t);
    calls = repo.requestCount ?? 0;
    await repo.close();
  }
  return { ms: median(times), calls };
}

const rows: string[] = [];
const costRows: string[] = [];
for (const kind of ['github', 'gitlab'] as const) {
  const small = await measure(kind, 'small', 'dev', () => `v3.0.${++n}`);
  const large = await measure(kind, 'large', 'dev', () => `v3.0.${++n}`);
  rows.push(`| ${kind} | dev (commit) | ${small.ms.toFixed(0)} ms | ${large.ms.toFixed(0)} ms | ${(large.ms / small.ms).toFixed(2)}× |`);

  // PR promotions: a new PR, the same again (unchanged), a newer tag (updated).
  const cost = async (tag: string) => {
    const repo = open(kind, 'small');
    const r = await promote({ repo, app: 'payments', env: 'staging', tag, skipPrecondition: true, allowDowngrade: true });
    const c = repo.requestCount ?? 0;
    await repo.close();
    return `${c} (${r.operation})`;
  };
  const base = ++n;
  const created = await cost(`v4.0.${base}`);
  const unchanged = await cost(`v4.0.${base}`);
  const updated = await cost(`v4.0.${base + 1}`);
  n++;
  costRows.push(`| ${kind} | ${small.calls} | ${created} | ${unchanged} | ${updated} |`);
}
await forge.stop();

console.log(`## promote by API (no clone)

REST calls made by the adapter for one \`promote\`, including reading gitops.yaml (targets: dev ≤ 6 on
GitHub, ≤ 3 on GitLab):

| forge | dev promotion | staging PR/MR: new | same again | newer tag |
|---|---|---|---|---|
${costRows.join('\n')}

Time for a dev promotion against the sandbox forge (loopback, GitHub write spacing off), median of ${RUNS}:

| forge | mode | small env repo (10 commits) | large env repo (20,000 commits, ~200 MB) | large / small |
|---|---|---|---|---|
${rows.join('\n')}

Both sides run on this machine: most of the time, and the difference between the small and the
large repo, is the sandbox forge's own git work (it builds trees with git plumbing); the client
makes the same calls and downloads the same bytes whatever the repo's size.

A GitLab dev promotion is GET file gitops.yaml at the branch (its answer carries the head commit),
GET file values.yaml at that commit, POST commit with \`last_commit_id\`. GitHub: GET commits/heads/main
(head and its tree), GET contents ×2, POST tree (contents inline), POST commit, PATCH ref. On real
GitHub, octokit's throttling spaces writes by 1 s (3 writes: ~2 s); \`GITOPS_WRITE_INTERVAL_MS\` tunes it.
`);
