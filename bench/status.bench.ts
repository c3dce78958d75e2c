/**
 * status cost over 10 apps × 3 environments: REST calls (GitHub, GitLab) and git round trips
 * (git mode, partial clone over smart HTTP; also HTTP requests from the sandbox's log), and the
 * time, against the sandbox. Each environment's file has the initial value and two promotions,
 * both with a success record — what a steady pipeline leaves. `history` for one environment too.
 * Git mode also with an earlier commit's code (BENCH_BASELINE, extracted with `git archive`, as
 * bench/promote.bench.ts does), in the same run. BENCH_KINDS=git,github,gitlab picks rows.
 * Prints a markdown section for BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitEnvRepo, openGitHubRepo, openGitLabRepo, trailers, type EnvRepo } from '@gitops-actions/core';
import { commitFiles, createBareRepo, startForge, startSandbox } from '@gitops-actions/sandbox';
import { history } from '../packages/core/src/verbs/history.js';
import { status } from '../packages/core/src/verbs/status.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BASELINE = process.env.BENCH_BASELINE ?? '548433d';
const ROOT = new URL('..', import.meta.url).pathname;
const KINDS = (process.env.BENCH_KINDS ?? 'github,gitlab,git').split(',');

/** The baseline commit's core (its GitEnvRepo, status and history), extracted once under bench/.work. */
async function baseline(): Promise<{ GitEnvRepo: typeof GitEnvRepo; status: typeof status; history: typeof history }> {
  const dir = join(ROOT, 'bench/.work', `baseline-${BASELINE}`);
  if (!existsSync(join(dir, 'packages/core/src/index.ts'))) {
    await mkdir(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', BASELINE, 'packages/core/src'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  }
  const src = join(dir, 'packages/core/src');
  return {
    GitEnvRepo: ((await import(join(src, 'index.ts'))) as { GitEnvRepo: typeof GitEnvRepo }).GitEnvRepo,
    status: ((await import(join(src, 'verbs/status.ts'))) as { status: typeof status }).status,
    history: ((await import(join(src, 'verbs/history.ts'))) as { history: typeof history }).history,
  };
}
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
const previous = KINDS.includes('git') ? await baseline() : undefined;
type Kind = 'git' | 'git-previous' | 'github' | 'gitlab';
const openers: Record<Kind, () => Promise<EnvRepo>> = {
  git: () => GitEnvRepo.open({ url: `${git.url}/${name}.git` }),
  'git-previous': () => previous!.GitEnvRepo.open({ url: `${git.url}/${name}.git` }),
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
const kinds: Kind[] = (['github', 'gitlab', 'git', 'git-previous'] as const).filter((k) => KINDS.includes(k.replace('-previous', '')));
for (const kind of kinds) {
  const times: number[] = [];
  let calls = 0;
  let historyCalls = 0;
  let http = 0;
  const runStatus = kind === 'git-previous' ? previous!.status : status;
  const runHistory = kind === 'git-previous' ? previous!.history : history;
  // The previous git code took minutes per run: once is enough to show it.
  for (let i = 0; i < (kind === 'git-previous' ? 1 : RUNS); i++) {
    const repo = await openers[kind]();
    const from = git.requests.length;
    const t = performance.now();
    const r = await runStatus({ repo });
    times.push(performance.now() - t);
    calls = repo.requestCount ?? 0;
    http = git.requests.length - from;
    await repo.close();
    const verified = r.environments.filter((e) => e.tag === 'v1.2.0' && e.verdict.state === 'success').length;
    if (verified !== 30) throw new Error(`${kind}: ${verified} of 30 environments read as verified v1.2.0`);
    const one = await openers[kind]();
    await runHistory({ repo: one, app: 'app0', env: 'dev' });
    historyCalls = one.requestCount ?? 0;
    await one.close();
  }
  const unit = kind.startsWith('git') ? `git round trips (${http} HTTP requests)` : 'REST calls';
  const label = kind === 'git-previous' ? `git, previous ${BASELINE}` : kind;
  rows.push(`| ${label} | ${calls} ${unit} | ${(calls / 30).toFixed(1)} | ${median(times).toFixed(0)} ms | ${historyCalls} |`);
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
