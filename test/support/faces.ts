/**
 * Run the shipped faces the way users run them: the bundled CLI (`dist/cli/index.js`) as a
 * process, and a bundled action (`dist/<name>/index.js`) the way the GitHub runner does —
 * INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The bundles under test: dist/, or a private build (GITOPS_TEST_DIST) while dist/ is being rebuilt. */
export const DIST = process.env.GITOPS_TEST_DIST ?? join(ROOT, 'dist');

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runProcess(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Environment without CI or token variables of the machine running the tests. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(GITHUB_|GITLAB_|CI_|INPUT_|RUNNER_|ARGOCD_|GITOPS_|GH_)/.test(k) || k === 'CI') continue;
    env[k] = v;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<ProcessResult & { json?: any }> {
  const r = await runProcess(process.execPath, [join(DIST, 'cli/index.js'), ...args], { env: cleanEnv(env) });
  let json: unknown;
  if (args.includes('--json')) {
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = undefined;
    }
  }
  return { ...r, json };
}

export interface ActionRun extends ProcessResult {
  outputs: Record<string, string>;
  summary: string;
}

/** Parse GITHUB_OUTPUT's `name<<delimiter` blocks (what @actions/core writes). */
export function parseGithubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (m) {
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== m[2]) value.push(lines[i]);
      out[m[1]] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const [k, ...v] = lines[i].split('=');
      out[k] = v.join('=');
    }
  }
  return out;
}

/** Run dist/<name>/index.js as the runner would, with `with:` inputs and extra env. */
export async function runAction(
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
  opts: { cwd?: string } = {},
): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'runner-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const inputEnv: Record<string, string> = {};
  // The runner upper-cases the name and replaces spaces (not dashes) with underscores.
  for (const [k, v] of Object.entries(inputs)) inputEnv[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  try {
    const r = await runProcess(process.execPath, [join(DIST, name, 'index.js')], {
      cwd: opts.cwd,
      env: cleanEnv({
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_REPOSITORY: 'acme/payments',
        GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
        GITHUB_RUN_ID: '42',
        RUNNER_TEMP: dir,
        ...inputEnv,
        ...env,
      }),
    });
    return { ...r, outputs: parseGithubOutput(await readFile(outputFile, 'utf8')), summary: await readFile(summaryFile, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
