/**
 * The sandbox forge under load: 50 concurrent API-mode promotions of 50 apps into one branch (GitHub
 * and GitLab), one uncontended promotion, and a burst of sequential reads. Reports wall time, REST
 * requests and the git processes the sandbox spawned per request (its own counter), so the cost of
 * the sandbox is visible apart from the client's. Prints a markdown section for BENCHMARKS.md.
 *
 * BENCH_RUNS (default 3) runs per scenario, median reported; each run uses a fresh repository.
 */
import { rm } from 'node:fs/promises';
import { openGitHubRepo, openGitLabRepo, promote, type EnvRepo } from '@gitops-actions/core';
import * as sandbox from '@gitops-actions/sandbox';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const APPS = Array.from({ length: 50 }, (_, i) => `app${i}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spawns = () => Object.values(sandbox.gitSpawnCounts()).reduce((a, b) => a + b, 0);

const root = await sandbox.tempDir('sandbox-load-');
const forge = await sandbox.startForge({ root });
const apiRequests = () => forge.requests.filter((r) => / \/api\//.test(r)).length;
let seq = 0;
/** Promotions that did not land (the forge gave up on a contended write): reported, not hidden. */
let failed = 0;
let firstFailure: string | undefined;

async function freshRepo(): Promise<string> {
  const files: Record<string, string> = {
    'gitops.yaml': `apps:\n${APPS.map((a) => `  ${a}:\n    environments:\n      dev: { file: dev/${a}/values.yaml }\n`).join('')}`,
  };
  for (const a of APPS) files[`dev/${a}/values.yaml`] = `image:\n  tag: v1.0.0 # ${a}\n`;
  const name = `acme/busy${++seq}`;
  await sandbox.createBareRepo(root, name, files);
  return name;
}

const open = (kind: 'github' | 'gitlab', name: string): EnvRepo =>
  kind === 'github'
    ? openGitHubRepo({ repo: name, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0, retryBaseMs: 1 })
    : openGitLabRepo({ project: name, apiUrl: `${forge.url}/api/v4`, retryBaseMs: 1 });

interface Sample {
  ms: number;
  requests: number;
  spawns: number;
  attempts: number;
}

async function sample(fn: () => Promise<number>): Promise<Sample> {
  const r0 = apiRequests();
  const s0 = spawns();
  const t = performance.now();
  const attempts = await fn();
  return { ms: performance.now() - t, requests: apiRequests() - r0, spawns: spawns() - s0, attempts };
}

async function promotions(kind: 'github' | 'gitlab', apps: string[]): Promise<number> {
  const name = await freshRepo();
  const settled = await Promise.allSettled(apps.map((app) => promote({ repo: open(kind, name), app, env: 'dev', tag: 'v1.1.0' })));
  const landed = settled.flatMap((r) => (r.status === 'fulfilled' && r.value.operation === 'pushed' ? [r.value] : []));
  failed += apps.length - landed.length;
  for (const r of settled) if (r.status === 'rejected') firstFailure ??= String((r.reason as Error).message ?? r.reason).split('\n')[0];
  return landed.reduce((a, r) => a + r.attempts, 0);
}

/** Sequential reads as an adapter makes them: ref, file contents, commit, directory listing. */
async function reads(n: number): Promise<number> {
  const name = await freshRepo();
  const api = `${forge.url}/api/v3/repos/${name}`;
  const get = async (path: string) => {
    const res = await fetch(`${api}${path}`, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  for (let i = 0; i < n; i++) {
    const ref = (await get('/git/ref/heads/main')) as { object: { sha: string } };
    await get(`/contents/dev/app${i % 50}/values.yaml?ref=main`);
    await get(`/git/commits/${ref.object.sha}`);
    await get('/contents/dev?ref=main');
  }
  return 0;
}

const rows: string[] = [];
const row = (label: string, xs: Sample[], extra = '') => {
  const m = (f: (s: Sample) => number) => median(xs.map(f));
  rows.push(
    `| ${label} | ${m((s) => s.ms).toFixed(0)} ms | ${m((s) => s.requests)} | ${m((s) => s.spawns)} | ${m((s) => s.spawns / s.requests).toFixed(2)} |${extra}`,
  );
};

/** BENCH_ONLY=github|gitlab|reads runs one scenario group. */
const only = process.env.BENCH_ONLY;
// Reads first: a contended write the client gave up on may still be running in the forge afterwards.
const readSamples: Sample[] = [];
for (let i = 0; i < RUNS && (!only || only === 'reads'); i++) readSamples.push(await sample(() => reads(50)));
if (readSamples.length) row('200 sequential reads (ref, file, commit, dir)', readSamples, ' |');

for (const kind of (['github', 'gitlab'] as const).filter((k) => !only || only === k)) {
  const one: Sample[] = [];
  const many: Sample[] = [];
  const before = failed;
  for (let i = 0; i < RUNS; i++) {
    one.push(await sample(() => promotions(kind, ['app0'])));
    many.push(await sample(() => promotions(kind, APPS)));
  }
  row(`${kind}: 1 promotion`, one, ' |');
  row(`${kind}: 50 concurrent promotions`, many, ` ${median(many.map((s) => s.attempts))} |`);
  if (failed > before) rows.push(`| ↳ ${kind}: promotions that failed, all runs: ${failed - before} (first: ${firstFailure}) | | | | | |`);
  firstFailure = undefined;
}
await forge.stop();
await rm(root, { recursive: true, force: true });

console.log(`## sandbox forge under load

Median of ${RUNS} runs; git processes are counted by the sandbox itself (API routes and \`git http-backend\`).

| scenario | wall time | REST requests | git processes | per request | attempts |
|---|---|---|---|---|---|
${rows.join('\n')}`);
