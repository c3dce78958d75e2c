/**
 * Start-up cost of the shipped faces: wall time from spawning `node dist/<face>/index.js` until it
 * exits at its first line of work (reading its first input; the CLI: `--version`), next to a bare
 * `node -e 0` in the same run, plus the size of dist/. Target (issue 8): dist/ ≤ 4 MB, an action's
 * start ≤ 2× bare node. BENCH_DIST=DIR measures another build (e.g. an older dist/ for before/after).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { du } from './fs-helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = process.env.BENCH_DIST ?? join(ROOT, 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const env = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTIONS: 'true' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeRun(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    times.push(performance.now() - t);
  }
  return median(times);
}

const bare = timeRun(['-e', '0']);
const rows: string[] = [];
for (const face of readdirSync(DIST).filter((d) => d !== 'bundle').sort()) {
  const args = face === 'cli' ? [join(DIST, face, 'index.js'), '--version'] : [join(DIST, face, 'index.js')];
  const ms = timeRun(args);
  rows.push(`| ${face} | ${ms.toFixed(0)} ms | ${(ms / bare).toFixed(2)}× |`);
}
const size = await du(DIST);
process.stdout.write(`## start-up and size of dist/

Median of ${RUNS} spawns each, Node ${process.version}; an action exits at its first input read (no inputs given),
the CLI runs \`--version\`. Bare \`node -e 0\` in the same run: **${bare.toFixed(0)} ms**. dist/ on disk: **${(size / 1024 / 1024).toFixed(1)} MB**.

| face | start → first line of work | × bare node |
|---|---|---|
${rows.join('\n')}
`);
