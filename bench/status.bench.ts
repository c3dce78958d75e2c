/**
 * status cost over 10 apps × 3 environments: REST calls (GitHub, GitLab) and git round trips
 * (git mode, partial clone over smart HTTP), and the time, against the sandbox. Each environment's
 * file has the initial value and two promotions, both with a success record — what a steady
 * pipeline leaves. `history` for one environment too. Prints a markdown section for BENCHMARKS.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitEnvRepo, openGitHubRepo, openGitLabRepo, trailers, type EnvRepo } from '@gitops-actions/core';
import { commitFiles, createBareRepo, startForge, startSandbox } from '@gitops-actions/sandbox';
import { history } from '../packages/core/src/verbs/history.js';
import { status } from '../packages/core/src/verbs/status.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const APPS = Array.from({ length: 10 }, (_, i) => `app${i}`);
const ENVS = ['dev', 'staging', 'prod'];
const file = (app: string, env: string) => `overlays/${env}/${app}/values.yaml`;
const values = (tag: string) => `image:\n  repository: ghcr.io/acme/app\n  tag: "${tag}"\nreplicas: 2\n`;

const root = await mkdtemp(join(tmpdir(), 'bench-status-'));
const name = 'acme/status-bench';
const config = `apps:\n${APPS.map(
  (a) =>
    `  ${a}:\n    environments:\n${ENVS.map((e, i) => `      ${e}: { file: ${file(a, e)}, mode: ${i === 0 ? 'push' : 'pull-request'}${i ? `, from: ${ENVS[i - 1]}` : ''} }`).join('\n')}`,
).join('\n')}\n`;
const files: Record<string, string> = { 'gitops.yaml': config };
for (const a of APPS) for (const e of ENVS) files[file(a, e)] = values('v1.0.0');
const bare = await createBareRepo(root, name, files);
const promoted: Array<{ sha: string; app: string; env: string }> = [];
for (const tag of ['v1.1.0', 'v1.2.0']) {
  for (const a of APPS) {
    for (const e of ENVS) {
      const from = tag === 'v1.1.0' ? 'v1.0.0' : 'v1.1.0';
      const sha = await commitFiles(bare, 'main', { [file(a, e)]: values(tag) }, `${e}(${a}): ${tag}\n\n${trailers({ app: a, env: e, tag, from })}\n`);
      promoted.push({ sha, app: a, env: e });
    }
  }
}

const forge = await startForge({ root });
const git = await startSandbox({ root });
const openers: Record<'git' | 'github' | 'gitlab', () => Promise<EnvRepo>> = {
  git: () => GitEnvRepo.open({ url: `${git.url}/${name}.git` }),
  github: async () => openGitHubRepo({ repo: name, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0 }),
  gitlab: async () => openGitLabRepo({ project: name, apiUrl: `${forge.url}/api/v4` }),
};

// Records: git notes for git mode; commit statuses (in the forge's memory) for both APIs.
for (const kind of ['git', 'github'] as const) {
  const repo = await openers[kind]();
  for (const p of promoted) await repo.recordVerification(p.sha, { context: `gitops/${p.app}/${p.env}`, state: 'success' });
  await repo.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: string[] = [];
for (const kind of ['github', 'gitlab', 'git'] as const) {
  const times: number[] = [];
  let calls = 0;
  let historyCalls = 0;
  for (let i = 0; i < RUNS; i++) {
    const repo = await openers[kind]();
    const t = performance.now();
    const r = await status({ repo });
    times.push(performance.now() - t);
    calls = repo.requestCount ?? 0;
    await repo.close();
    const verified = r.environments.filter((e) => e.tag === 'v1.2.0' && e.verdict.state === 'success').length;
    if (verified !== 30) throw new Error(`${kind}: ${verified} of 30 environments read as verified v1.2.0`);
    const one = await openers[kind]();
    await history({ repo: one, app: 'app0', env: 'dev' });
    historyCalls = one.requestCount ?? 0;
    await one.close();
  }
  const unit = kind === 'git' ? 'git round trips' : 'REST calls';
  rows.push(`| ${kind} | ${calls} ${unit} | ${(calls / 30).toFixed(1)} | ${median(times).toFixed(0)} ms | ${historyCalls} |`);
}
await forge.stop();
await git.stop();
await rm(root, { recursive: true, force: true });

process.stdout.write(`## status: 10 apps × 3 environments

\`status\` over an env repo of 10 apps × 3 environments (one values file each), each file with its
initial value and two promotions carrying success records; in-process against the sandbox
(loopback), median of ${RUNS}. Git mode: a treeless partial clone over smart HTTP (no full clone).

| mode | cost | per environment | time | \`history\` of one environment |
|---|---|---|---|---|
${rows.join('\n')}

Per environment: its file at the head (1 call), its history (1), and the verification records of
the commits that decide the verdict and the blocked tags (here 2: the current tag's and the one
before), once each — a commit carrying our trailers says which tag it set, so no file is read at an
older commit. Once for the run: the branch head, gitops.yaml, and the open PRs/MRs per branch. In
git mode every records read fetches the notes ref again (one round trip, plus one for the note) and
the tree of each file is fetched level by level.
`);
