/**
 * Writes under contention: N concurrent promotions of N different apps into one branch, on the
 * sandbox GitHub and GitLab APIs (N = 50) and over git smart HTTP (N = 20), today's code beside
 * an earlier commit's (BENCH_BASELINE, extracted with `git archive`), in the same run against the
 * same forge. Each side runs in its own process (contention-child.ts). Counts the write requests
 * the forge received (GitHub: POST/PATCH under /api, GraphQL mutations included, queries not; GitLab: POST/PUT
 * under /api/v4; git: receive-pack POSTs). Targets: writes ≤ 2 × N, wall time ≤ 1.5 × N × one
 * uncontended promotion. Prints a markdown section for BENCHMARKS.md. The sandbox GitLab sends
 * RateLimit-* headers as GitLab.com does; BENCH_GITLAB_RATELIMIT=off plays a self-managed instance
 * without them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createBareRepo, setGitlabRateLimitHeaders, startForge, type ForgeServer } from '@gitops-actions/sandbox';

const ROOT = new URL('..', import.meta.url).pathname;
const WORK = new URL('./.work/contention/', import.meta.url).pathname;
/** The code before issue 12 (write economy). */
const BASELINE = process.env.BENCH_BASELINE ?? '19225b1';
const SOLO = Number(process.env.BENCH_SOLO ?? 5);
const TOKEN = 'ghp_contention_bench_0123456789';
const TSX = join(ROOT, 'node_modules/.bin/tsx');

interface Outcome {
  failed: number;
  firstFailure?: string;
  soloMs: number;
  wallMs: number;
  pushed: number;
  attempts: number;
  maxAttempts: number;
  writes: number;
  requests: number;
}

async function baselineCore(): Promise<string> {
  const dir = join(WORK, `baseline-${BASELINE}`);
  const entry = join(dir, 'packages/core/src/index.ts');
  if (!existsSync(entry)) {
    await mkdir(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', BASELINE, 'packages/core/src'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  }
  return entry;
}

function fixture(apps: string[]): Record<string, string> {
  const files: Record<string, string> = {
    'gitops.yaml': `apps:\n${apps.map((a) => `  ${a}:\n    environments:\n      dev: { file: dev/${a}/values.yaml }\n`).join('')}`,
  };
  for (const a of apps) files[`dev/${a}/values.yaml`] = `image:\n  tag: v1.0.0 # ${a}\n`;
  return files;
}

function isWrite(kind: string, line: string): boolean {
  const [method, path = ''] = line.split(' ');
  if (kind === 'git') return method === 'POST' && path.endsWith('/git-receive-pack');
  if (kind === 'github') return method !== 'GET' && method !== 'HEAD' && path.startsWith('/api/') && !path.startsWith('/api/v4');
  return method !== 'GET' && method !== 'HEAD' && path.startsWith('/api/v4');
}

async function runSide(forge: ForgeServer, core: string, kind: 'github' | 'gitlab' | 'git', side: string, writers: number): Promise<Outcome> {
  const name = `acme/busy-${side}-${kind}`;
  const apps = Array.from({ length: SOLO + writers }, (_, i) => `app${i}`);
  await rm(join(WORK, 'repos', `${name}.git`), { recursive: true, force: true });
  await createBareRepo(join(WORK, 'repos'), name, fixture(apps));
  const child = spawn(TSX, [join(ROOT, 'bench/contention-child.ts'), core, forge.url, kind, name, String(writers), String(SOLO)], {
    cwd: ROOT,
    // Both sides get the same generous HTTP timeout: a loaded sandbox may take long to answer.
    env: { ...process.env, BENCH_TOKEN: TOKEN, GITOPS_HTTP_TIMEOUT_MS: process.env.GITOPS_HTTP_TIMEOUT_MS ?? '180000' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  let from = 0;
  let queriesFrom = 0;
  for await (const line of lines) {
    const msg = JSON.parse(line) as { phase: string } & Partial<Outcome>;
    if (msg.phase === 'solo-done') {
      from = forge.requests.length;
      queriesFrom = forge.forge.graphqlOperations.query;
      child.stdin.write('go\n');
    } else if (msg.phase === 'done') {
      const seen = forge.requests.slice(from);
      child.stdin.end();
      // A GraphQL query (the blocked-tag histories) is a POST as well, and creates nothing.
      const queries = kind === 'github' ? forge.forge.graphqlOperations.query - queriesFrom : 0;
      return { ...(msg as Outcome), writes: seen.filter((l) => isWrite(kind, l)).length - queries, requests: seen.length };
    }
  }
  throw new Error(`${side} ${kind}: the child ended without a result`);
}

await mkdir(join(WORK, 'repos'), { recursive: true });
const forge = await startForge({ root: join(WORK, 'repos'), tokens: [TOKEN] });
const gitlabHeaders = process.env.BENCH_GITLAB_RATELIMIT !== 'off';
setGitlabRateLimitHeaders(forge.forge, gitlabHeaders);
const sides = [
  { side: 'previous', core: process.env.BENCH_SIDES === 'now' ? '' : await baselineCore() },
  { side: 'now', core: join(ROOT, 'packages/core/src/index.ts') },
].filter((s) => !process.env.BENCH_SIDES || process.env.BENCH_SIDES === s.side);
const only = process.env.BENCH_KINDS?.split(',');
const rows: string[] = [];
for (const [kind, writers] of [
  ['github', 50],
  ['gitlab', 50],
  ['git', 20],
] as const) {
  if (only && !only.includes(kind)) continue;
  for (const { side, core } of sides) {
    process.stderr.write(`${kind} ${side}: ${writers} writers…\n`);
    const o = await runSide(forge, core, kind, side, writers);
    process.stderr.write(`${kind} ${side}: ${JSON.stringify(o)}\n`);
    const budget = 1.5 * writers * o.soloMs;
    rows.push(
      `| ${kind} | ${side} | ${writers} | ${o.pushed}/${writers}${o.failed ? ` (${o.failed} failed: ${o.firstFailure?.slice(0, 80)})` : ''} | **${o.writes}** (${(o.writes / writers).toFixed(1)} per promotion; target ≤ ${2 * writers}) | ${o.attempts} (max ${o.maxAttempts}) | ${o.soloMs.toFixed(0)} ms | ${(o.wallMs / 1000).toFixed(1)} s (${(o.wallMs / (writers * o.soloMs)).toFixed(2)} × N × solo; target ≤ 1.5, i.e. ${(budget / 1000).toFixed(1)} s) | ${o.requests} |`,
    );
  }
}
await forge.stop();

console.log(`## Writes under contention (issue 12)

N promotions of N different apps into one branch at once, against the sandbox forge (loopback,
GitHub write spacing off), each side in its own process; "previous" is commit ${BASELINE} (before
issue 12) run in the same run against the same forge. Writes = requests that create content:
GitHub POST/PATCH under \`/api\` (a createCommitOnBranch mutation is one), GitLab POST/PUT under
\`/api/v4\`, git receive-pack POSTs. Solo = median of ${SOLO} uncontended promotions just before.
GitLab ${gitlabHeaders ? 'sends RateLimit-* headers (as GitLab.com)' : 'sends no RateLimit-* headers (a self-managed instance without them)'}.

| mode | code | N | landed | write requests | attempts | solo promotion | wall time for N | all requests |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`);
