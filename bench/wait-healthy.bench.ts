/**
 * wait-healthy benchmark: time from the Argo CD simulator reporting Healthy at the pushed
 * revision to the gate returning (p50/p95), streaming vs polling, next to seeds/002's loop
 * (`curl | jq` every 10 s, emulated with spawned curl + jq processes when installed, else fetch),
 * against the same simulator; requests per minute while waiting; and whether the seed loop
 * passes early on the stale status.
 *
 *   npx tsx bench/wait-healthy.bench.ts [runs=20]
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { ArgoCdSimulator, commitFiles, createBareRepo, tempDir } from '../packages/sandbox/src/index.js';
import { silentReporter } from '../packages/core/src/report.js';
import { waitHealthy } from '../packages/core/src/verbs/wait-healthy.js';

const run = promisify(execFile);
const RUNS = Number(process.argv[2] ?? 20);
const BATCH = 5;
const FILE = 'overlays/dev/payments/values.yaml';
const TOKEN = 'bench-token-0000';
// Simulated Argo CD timings: stale status for 2 s after the push, sync 0.5 s; the rollout takes a random
// 0.5–5.5 s per run (so a poller's phase relative to the Healthy moment is random, as in real life).
const SIM = { refreshDelayMs: 2000, syncDelayMs: 500, healthDelayMs: 1000, staleAfterSyncMs: 300, repoPollMs: 100 };
const POLL_MS = 5000; // the verb's default poll interval
const SEED_INTERVAL_MS = 10_000; // seeds/002: `sleep 10`

async function hasTool(name: string): Promise<boolean> {
  try {
    await run(name, ['--version']);
    return true;
  } catch {
    return false;
  }
}
const useProcesses = (await hasTool('curl')) && (await hasTool('jq'));

async function jq(filter: string, input: string): Promise<string> {
  const p = run('jq', ['-r', filter]);
  p.child.stdin?.end(input);
  return (await p).stdout.trim();
}

/** seeds/002 `wait_for_dev_healthy`: GET, read health and sync, exit on Healthy+Synced, else sleep 10. */
async function seedLoop(server: string, app: string, signal?: AbortSignal, maxIterations = 60): Promise<boolean> {
  for (let i = 0; i < maxIterations && !signal?.aborted; i++) {
    let s: string;
    if (useProcesses) {
      s = (await run('curl', ['-sk', '-H', `Authorization: Bearer ${TOKEN}`, `${server}/api/v1/applications/${app}`]).catch(() => ({ stdout: '' }))).stdout;
    } else {
      s = await fetch(`${server}/api/v1/applications/${app}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then(
        (r) => r.text(),
        () => '',
      );
    }
    let h: string;
    let y: string;
    if (useProcesses) {
      h = await jq('.status.health.status', s).catch(() => 'null');
      y = await jq('.status.sync.status', s).catch(() => 'null');
    } else {
      const j = JSON.parse(s || '{}') as { status?: { health?: { status?: string }; sync?: { status?: string } } };
      h = j.status?.health?.status ?? 'null';
      y = j.status?.sync?.status ?? 'null';
    }
    if (h === 'Healthy' && y === 'Synced') return true;
    await new Promise<void>((r) => {
      const t = setTimeout(r, SEED_INTERVAL_MS);
      signal?.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
    });
  }
  return false;
}

type Mode = 'stream' | 'poll' | 'seed';
interface Sample {
  latencyMs: number; // gate return − simulator Healthy at our revision (negative: passed early)
  early: boolean;
  requests: number;
  elapsedMs: number;
}

async function oneRun(mode: Mode, healthDelayMs = 500 + Math.random() * 5000): Promise<Sample & { sim: ArgoCdSimulator }> {
  const root = await tempDir('bench-');
  const repo = await createBareRepo(root, 'acme/env', { [FILE]: 'image:\n  tag: v1.0.0\n' });
  const sim = await new ArgoCdSimulator({ ...SIM, healthDelayMs, token: TOKEN, apps: [{ name: 'payments-dev', repo, path: 'overlays/dev/payments' }] }).start();
  try {
    const sha = await commitFiles(repo, 'main', { [FILE]: 'image:\n  tag: v1.1.0\n' }, 'dev(payments): v1.1.0');
    const start = Date.now();
    if (mode === 'seed') {
      await seedLoop(sim.url, 'payments-dev');
    } else {
      await waitHealthy({
        gate: { kind: 'argocd', server: sim.url, app: 'payments-dev', token: TOKEN, stream: mode === 'stream' },
        revision: sha,
        timeoutMs: 120_000,
        pollIntervalMs: POLL_MS,
        reporter: silentReporter,
      });
    }
    const done = Date.now();
    const healthyAt = sim.healthyAt('payments-dev', sha);
    const early = healthyAt === undefined || done < healthyAt;
    return { latencyMs: done - (healthyAt ?? done), early, requests: sim.requestCount, elapsedMs: done - start, sim };
  } finally {
    await sim.stop();
    await rm(root, { recursive: true, force: true });
  }
}

/** Requests per minute while the app stays Progressing for `windowMs` (steady-state cost). */
async function requestRate(mode: Mode, windowMs: number): Promise<number> {
  const root = await tempDir('bench-');
  const repo = await createBareRepo(root, 'acme/env', { [FILE]: 'image:\n  tag: v1.0.0\n' });
  const sim = await new ArgoCdSimulator({
    ...SIM,
    refreshDelayMs: 0,
    healthDelayMs: 10 * 60_000,
    token: TOKEN,
    apps: [{ name: 'payments-dev', repo, path: 'overlays/dev/payments' }],
  }).start();
  try {
    const sha = await commitFiles(repo, 'main', { [FILE]: 'image:\n  tag: v1.1.0\n' }, 'v1.1.0');
    await new Promise((r) => setTimeout(r, 1500)); // now Progressing: nobody passes
    const before = sim.requestCount;
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), windowMs);
    if (mode === 'seed') {
      // The seed loop never passes on Progressing; stop it after the window.
      await seedLoop(sim.url, 'payments-dev', ctl.signal);
    } else {
      await waitHealthy({
        gate: { kind: 'argocd', server: sim.url, app: 'payments-dev', token: TOKEN, stream: mode === 'stream' },
        revision: sha,
        timeoutMs: windowMs,
        pollIntervalMs: POLL_MS,
        reporter: silentReporter,
      });
    }
    return ((sim.requestCount - before) / windowMs) * 60_000;
  } finally {
    await sim.stop();
    await rm(root, { recursive: true, force: true });
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const rows: string[] = [];
const WINDOW = 60_000;
process.stderr.write(`measuring request rates over ${WINDOW / 1000}s (in the background)…\n`);
const rates = Promise.all((['stream', 'poll', 'seed'] as Mode[]).map((m) => requestRate(m, WINDOW)));
const results: Record<Mode, Sample[]> = { stream: [], poll: [], seed: [] };
for (const mode of ['stream', 'poll', 'seed'] as Mode[]) {
  for (let i = 0; i < RUNS; i += BATCH) {
    const n = Math.min(BATCH, RUNS - i);
    process.stderr.write(`${mode}: runs ${i + 1}–${i + n}\n`);
    results[mode].push(...(await Promise.all(Array.from({ length: n }, () => oneRun(mode)))));
  }
}
const [rStream, rPoll, rSeed] = await rates;
const label: Record<Mode, string> = {
  stream: 'wait-healthy, stream (`/api/v1/stream/applications`)',
  poll: `wait-healthy, polling every ${POLL_MS / 1000} s`,
  seed: `seeds/002 loop (${useProcesses ? 'spawned curl + jq' : 'fetch'}, every ${SEED_INTERVAL_MS / 1000} s)`,
};
const rate: Record<Mode, number> = { stream: rStream, poll: rPoll, seed: rSeed };
for (const mode of ['stream', 'poll', 'seed'] as Mode[]) {
  const xs = results[mode];
  const honest = xs.filter((x) => !x.early).map((x) => x.latencyMs);
  const early = xs.filter((x) => x.early).length;
  rows.push(
    `| ${label[mode]} | ${xs.length} | ${early}/${xs.length} | ${honest.length ? sec(pct(honest, 50)) : 'n/a (always early)'} | ${honest.length ? sec(pct(honest, 95)) : 'n/a'} | ${sec(
      pct(
        xs.map((x) => x.elapsedMs),
        50,
      ),
    )} | ${rate[mode].toFixed(1)} |`,
  );
}
console.log(`### wait-healthy: time to detect health (Argo CD simulator)

Simulator: stale Healthy/Synced at the old revision for ${SIM.refreshDelayMs / 1000} s after the push, sync ${SIM.syncDelayMs / 1000} s,
stale health after the sync ${SIM.staleAfterSyncMs / 1000} s, rollout uniformly 0.5–5.5 s. ${RUNS} runs per row (${BATCH} at a time), Node ${process.version}.
Latency = gate returned − simulator first reported Healthy+Synced at the pushed revision (operation done, refreshed).
Requests/min measured over ${WINDOW / 1000} s of waiting on an app that stays Progressing. No scaling: real 10 s seed interval.

| gate | runs | passed early on stale status | latency p50 | latency p95 | push → return p50 | requests/min while waiting |
|---|---|---|---|---|---|---|
${rows.join('\n')}

The seed loop's first request already sees Healthy + Synced (for the previous commit), so it "passes"
before Argo CD has even noticed the push; wait-healthy waits for \`sync.revision\` = the pushed SHA, a
finished operation and \`reconciledAt ≥ finishedAt\`.`);
