/**
 * Start-up cost of the shipped faces: wall time from spawning `node dist/<face>/index.js` to its
 * first line of work — an action's `::debug::running <verb>` line, printed once its inputs are
 * parsed and its verb's code is loaded; the CLI's `--version` — next to a bare `node -e 0` in the
 * same run, plus the size of dist/. Targets (issue 8): dist/ ≤ 4 MB, an action ≤ 2× bare node.
 * BENCH_DIST=DIR measures another build (e.g. the previous dist/ for before/after).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { du } from './fs-helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = process.env.BENCH_DIST ?? join(ROOT, 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const NODE = process.env.BENCH_NODE ?? process.execPath;

/** Inputs that get each action past validation to its verb (the verb then fails fast: nothing is reachable). */
const INPUTS: Record<string, Record<string, string>> = {
  'promote-dev': { 'env-repo': '/nonexistent/env', app: 'payments', tag: 'v1.2.3' },
  'open-promotion-pr': { 'env-repo': '/nonexistent/env', app: 'payments', env: 'staging', tag: 'v1.2.3' },
  rollback: { 'env-repo': '/nonexistent/env', app: 'payments', env: 'dev' },
  'wait-healthy': { url: 'http://127.0.0.1:9/health', timeout: '1s' },
  'build-tag': { strategy: 'dev', dir: '/nonexistent' },
  'retag-image': { image: '127.0.0.1:9/x', from: 'a', to: 'b' },
  status: { 'env-repo': '/nonexistent/env' },
  release: {},
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeExit(args: string[]): number {
  const t = performance.now();
  spawnSync(NODE, args, { stdio: 'ignore' });
  return performance.now() - t;
}

/** Milliseconds until a line matching `marker` appears on stdout (the process is then killed). */
function timeToLine(args: string[], env: NodeJS.ProcessEnv, marker: RegExp): Promise<number> {
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(NODE, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(performance.now() - t);
      child.kill('SIGKILL');
    };
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (marker.test(out)) finish();
    });
    child.on('close', finish);
  });
}

const bare = median(Array.from({ length: RUNS }, () => timeExit(['-e', '0'])));
const rows: string[] = [];
for (const face of readdirSync(DIST)
  .filter((d) => d !== 'bundle' && existsSync(join(DIST, d, 'index.js')))
  .sort()) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (face === 'cli') times.push(timeExit([join(DIST, face, 'index.js'), '--version']));
    else {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTIONS: 'true', RUNNER_TEMP: '/tmp' };
      for (const [k, v] of Object.entries(INPUTS[face] ?? {})) env[`INPUT_${k.toUpperCase()}`] = v;
      times.push(await timeToLine([join(DIST, face, 'index.js')], env, /::debug::running |::error::/));
    }
  }
  const ms = median(times);
  rows.push(`| ${face} | ${ms.toFixed(0)} ms | ${(ms / bare).toFixed(2)}× |`);
}
const size = await du(DIST);
process.stdout.write(`## start-up and size of dist/

Median of ${RUNS} spawns each on ${spawnSync(NODE, ['--version']).stdout.toString().trim()}. An action's first line of work is its
\`::debug::running <verb>\` line (inputs parsed, the verb's code loaded); the CLI runs \`--version\`. Bare
\`node -e 0\` in the same run: **${bare.toFixed(0)} ms**. dist/ on disk: **${(size / 1024 / 1024).toFixed(1)} MB**.

| face | start → first line of work | × bare node |
|---|---|---|
${rows.join('\n')}
`);
