/**
 * Where the head with its small files stops being fine, and the switch (issue 12 item 3): one
 * git-mode promotion on env repos with N values files at the head, this tree (a head fetch whose
 * server enumerates more than WIDE_HEAD_OBJECTS objects is stopped and made again with trees
 * only) against BENCH_WIDE_BASELINE (the same code without the switch: always trees + blobs ≤
 * 8 KiB), the sides interleaved in one run. Prints a markdown section for BENCHMARKS.md.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@gitops-actions/sandbox';
import { baselineDir, side } from './baseline.js';
import { envRepoFixture } from './env-repo-fixture.js';
import { mkdtemp, rm } from './fs-helpers.js';

const WORK = new URL('./.work/', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BASELINE = process.env.BENCH_WIDE_BASELINE ?? '8dacf28';
const WIDTHS = (process.env.BENCH_WIDTHS ?? '10000,30000,50000').split(',').map(Number);
/** Bytes of each values file (BENCH_VALUES_BYTES; 0: the fixture's ~25 bytes). */
const VALUES_BYTES = Number(process.env.BENCH_VALUES_BYTES ?? 1024);

const sandbox = await startSandbox({ root: WORK });
const sides = { switch: await side(), 'no switch': await side(await baselineDir(BASELINE)) };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let tag = 0;

async function promoteOnce(which: keyof typeof sides, url: string): Promise<{ ms: number; requests: number; filters: string[] }> {
  const { core, proc } = sides[which];
  const filters: string[] = [];
  const off = proc.onGitSpawn((argv) => filters.push(...argv.filter((a) => a.startsWith('--filter=')).map((a) => a.slice(9))));
  const from = sandbox.requests.length;
  const workDir = await mkdtemp(join(tmpdir(), 'bench-wide-'));
  const t = performance.now();
  try {
    const repo = await core.GitEnvRepo.open({ url, workDir });
    const r = await core.promote({ repo, app: 'payments', env: 'dev', tag: `v3.${Date.now()}.${++tag}`, allowDowngrade: true });
    if (r.operation !== 'pushed') throw new Error(`${which}: ${r.operation}`);
    await repo.close();
  } finally {
    off();
  }
  const ms = performance.now() - t;
  await rm(workDir, { recursive: true, force: true });
  return { ms, requests: sandbox.requests.length - from, filters };
}

const rows: string[] = [];
for (const files of WIDTHS) {
  process.stderr.write(`wide: ${files} files…\n`);
  const bare = await envRepoFixture(WORK, {
    name: `wide-${files}-${VALUES_BYTES}`,
    commits: 1,
    bytesPerCommit: 16,
    dirs: files,
    valuesBytes: VALUES_BYTES || undefined,
  });
  const url = `${sandbox.url}/${bare.slice(WORK.length)}`;
  const ms: Record<keyof typeof sides, number[]> = { switch: [], 'no switch': [] };
  const last: Partial<Record<keyof typeof sides, { requests: number; filters: string[] }>> = {};
  for (let i = 0; i < RUNS; i++) {
    for (const which of Object.keys(sides) as Array<keyof typeof sides>) {
      const s = await promoteOnce(which, url);
      ms[which].push(s.ms);
      last[which] = s;
    }
  }
  const ratio = median(ms.switch) / median(ms['no switch']);
  for (const which of Object.keys(sides) as Array<keyof typeof sides>) {
    const s = last[which]!;
    rows.push(
      `| ${files.toLocaleString('en')} | ${which} | ${median(ms[which]).toFixed(0)} ms${which === 'switch' ? ` (${ratio.toFixed(2)}×)` : ''} | ${s.requests} | ${s.filters.join(', ')} |`,
    );
  }
}
await sandbox.stop();

console.log(`## Wide env repos: the head fetch's switch to trees only

\`bench/wide-head.bench.ts\`, ${new Date().toISOString().slice(0, 16)} UTC: one git-mode dev promotion (open, the
check, commit, push, clean up) on env repos with N values files of ${VALUES_BYTES || 25} bytes at the head (one commit
each, plus the sandbox's env repo). **switch**: this tree — a head fetch whose server enumerates
more than 60,000 objects (WIDE_HEAD_OBJECTS) is stopped as soon as the count arrives and made again with trees only
(\`blob:none\`), the files read then come by id. **no switch**: ${BASELINE}, the same code before
the switch (always trees + blobs ≤ 8 KiB). Median of ${RUNS}, the sides interleaved; HTTP requests and
the fetch filters in order from the last run.

| files at the head | code | promotion | HTTP requests | fetch filters |
|---|---|---|---|---|
${rows.join('\n')}`);
