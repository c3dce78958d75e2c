/**
 * One side of bench/contention.bench.ts, in its own process so that the code under test (today's,
 * or an earlier commit's extracted from git) never shares an event loop with the sandbox forge:
 *   tsx contention-child.ts <core index.ts> <forge url> <github|gitlab|git> <repo> <writers> <solo runs>
 * Prints one JSON line: the median time of an uncontended promotion, the wall time of `writers`
 * concurrent promotions of different apps into one branch, and their attempts.
 */
export {};
const [corePath, forgeUrl, kind, repoName, writersArg, soloArg] = process.argv.slice(2);
const core = (await import(corePath)) as typeof import('../packages/core/src/index.js');
const writers = Number(writersArg);
const solo = Number(soloArg);
const TOKEN = process.env.BENCH_TOKEN ?? '';

async function open(): Promise<import('../packages/core/src/index.js').EnvRepo> {
  if (kind === 'github') return core.openGitHubRepo({ repo: repoName, token: TOKEN, apiUrl: `${forgeUrl}/api/v3`, writeIntervalMs: 0, retryBaseMs: 1 });
  if (kind === 'gitlab') return core.openGitLabRepo({ project: repoName, token: TOKEN, apiUrl: `${forgeUrl}/api/v4` });
  return core.GitEnvRepo.open({ url: `${forgeUrl}/${repoName}.git`, token: TOKEN });
}

async function promoteOne(app: string) {
  const repo = await open();
  try {
    return await core.promote({ repo, app, env: 'dev', tag: 'v1.1.0' });
  } finally {
    await repo.close();
  }
}

// Apps 0…solo-1 alone, one after the other; then the rest all at once.
const times: number[] = [];
for (let i = 0; i < solo; i++) {
  const t = performance.now();
  await promoteOne(`app${i}`);
  times.push(performance.now() - t);
}
process.stdout.write(`${JSON.stringify({ phase: 'solo-done' })}\n`);
// Wait for the parent to mark where the concurrent requests start.
await new Promise<void>((r) => process.stdin.once('data', () => r()));
const t0 = performance.now();
const settled = await Promise.allSettled(Array.from({ length: writers }, (_, i) => promoteOne(`app${solo + i}`)));
const wall = performance.now() - t0;
const results = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
const failures = settled.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message ?? r.reason)] : []));
const attempts = results.map((r) => r.attempts);
const sorted = [...times].sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    phase: 'done',
    soloMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    wallMs: wall,
    pushed: results.filter((r) => r.operation === 'pushed').length,
    attempts: attempts.reduce((a, b) => a + b, 0),
    maxAttempts: Math.max(0, ...attempts),
    failed: failures.length,
    firstFailure: failures[0],
  })}\n`,
);
