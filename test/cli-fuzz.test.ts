/**
 * Fuzzing the CLI's inputs (issue 7 "Fuzz it"): random flag values and GITOPS_* booleans for
 * promote, rollback and wait-healthy, run through the bundled CLI against a real bare repo (by
 * path and over the sandbox's git smart HTTP). Whatever the input: the exit code is 0, 1 or 2;
 * stderr never shows a stack trace; `--json` prints one JSON object; and on exit 2 nothing was
 * written — the remote's refs (notes included) and the --dotenv file are as before.
 * Fixed seed, ~50 runs in `npm test`; GITOPS_FUZZ_RUNS / GITOPS_FUZZ_SEED for a longer run.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { allRefs, startHealthEndpoint, startSandbox, tempDir, type HealthEndpoint, type SandboxServer } from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { DIST, cleanEnv, runProcess } from './support/faces.js';

const TOKEN = 'ghp_fuzzTOKEN_0123456789abcdef';
const GIT_AUTH = {
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'credential.helper',
  GIT_CONFIG_VALUE_0: `!f() { echo username=x-access-token; echo password=${TOKEN}; }; f`,
};
const SEED = Number(process.env.GITOPS_FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.GITOPS_FUZZ_RUNS ?? 0);

/** A frame of a stack trace, or the first line of an uncaught error. */
const STACK = /^\s+at .+:\d+:\d+\)?$|^\w*Error\b|node:internal/m;

/** Values people (and attackers) type: empty, blank, signs, huge, paths, placeholders, shell, unicode. */
const hostile = fc
  .oneof(
    fc.constantFrom(
      '',
      ' ',
      '\t',
      '-',
      '-1',
      '0',
      '1e9',
      '1000000000',
      '99999999999999999999',
      'NaN',
      '1.5',
      '0x10',
      '../../etc/passwd',
      '/etc/passwd',
      'a/../../b',
      '{foo}',
      '{app}-{tag}',
      '{}',
      '%s%n',
      '$(id)',
      '`id`',
      "'; rm -rf / #",
      'a\nb',
      'a\rb',
      '\u001b[31m',
      'é',
      '🙂',
      '\u202e',
      'x'.repeat(300),
      '[0]',
      'a..b',
      '*',
      '~',
      'HEAD',
      '@{u}',
      'true',
      'False',
    ),
    fc.string({ maxLength: 16 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
  )
  .map((s) => s.replace(/\0/g, '')); // argv cannot carry NUL

const semverTag = fc.tuple(fc.nat(3), fc.nat(9), fc.nat(20)).map(([a, b, c]) => `v${a}.${b}.${c}`);
const bool = fc.oneof(
  { arbitrary: fc.constantFrom('true', 'FALSE', 'Yes', 'no', 'on', 'OFF', '1', '0'), weight: 5 },
  { arbitrary: fc.constantFrom('maybe', ' ', 'tru'), weight: 1 },
);

/** Mostly a value that passes validation, sometimes a hostile one: so runs get past the checks too. */
const mostly = (valid: fc.Arbitrary<string>) => fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: hostile, weight: 1 });
/** `--flag=value` (so a value starting with "-" stays a value), absent two times in three. */
function flag(name: string, value: fc.Arbitrary<string>): fc.Arbitrary<string[]> {
  return fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 2 }, { arbitrary: value.map((v) => [`--${name}=${v}`]), weight: 1 });
}
const sw = (name: string) => fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 3 }, { arbitrary: fc.constant([`--${name}`]), weight: 1 });

describe('CLI fuzz (fast-check, fixed seed)', () => {
  let root: string;
  let sandbox: SandboxServer;
  let health: HealthEndpoint;
  let bare: string;
  let url: string;
  let scratch: string;
  let run = 0;
  /** Exit codes seen per verb: printed, so a run shows it reached past input validation. */
  const codes: Record<string, number> = {};

  beforeAll(async () => {
    root = await tempDir();
    sandbox = await startSandbox({ root, tokens: [TOKEN] });
    health = await startHealthEndpoint();
    bare = await createEnvRepo(root, 'acme/fuzz');
    url = `${sandbox.url}/acme/fuzz.git`;
    scratch = join(root, 'cwd');
    await mkdir(scratch);
  });
  afterAll(async () => {
    process.stderr.write(`CLI fuzz exit codes (verb:code → runs): ${JSON.stringify(codes)}\n`);
    await health.stop();
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });

  const envRepo = () =>
    fc.oneof(
      { arbitrary: fc.constantFrom(bare, url), weight: 8 },
      { arbitrary: fc.constantFrom('', 'acme/fuzz', 'http://127.0.0.1:1/x.git', 'file:///nonexistent/x.git', '-x'), weight: 1 },
      { arbitrary: hostile, weight: 1 },
    );
  const app = fc.oneof({ arbitrary: fc.constant('payments'), weight: 8 }, { arbitrary: hostile, weight: 1 });
  const env = fc.oneof({ arbitrary: fc.constantFrom('dev', 'dev', 'dev', 'staging'), weight: 8 }, { arbitrary: hostile, weight: 1 });
  const maybeBool = fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: bool, weight: 1 });
  const envBools = fc.record({ GITOPS_ALLOW_DOWNGRADE: maybeBool, GITOPS_DRY_RUN: maybeBool, GITOPS_JSON: maybeBool });
  const dotenv = fc.option(fc.oneof({ arbitrary: fc.constant('fresh'), weight: 3 }, { arbitrary: hostile, weight: 1 }), { nil: undefined, freq: 3 });

  /** Run one generated command line and check the contract. */
  async function check(args: string[], extraEnv: Record<string, string | undefined>, dotenvValue: string | undefined): Promise<void> {
    const out = join(root, `out${++run}.env`);
    const dotenvArgs = dotenvValue === undefined ? [] : [`--dotenv=${dotenvValue === 'fresh' ? out : dotenvValue}`];
    const argv = [...args, ...dotenvArgs, '--json'];
    const before = await allRefs(bare);
    // In a scratch directory: a relative --dotenv path lands there, not in the checkout.
    const r = await runProcess(process.execPath, [join(DIST, 'cli/index.js'), ...argv], {
      env: cleanEnv({ ...GIT_AUTH, ...extraEnv }),
      cwd: scratch,
      timeoutMs: 60_000,
    });
    const seen = { argv, env: extraEnv, code: r.code, stderr: r.stderr.slice(0, 2000) };
    codes[`${args[0]}:${r.code}`] = (codes[`${args[0]}:${r.code}`] ?? 0) + 1;
    if (process.env.GITOPS_FUZZ_LOG) process.stderr.write(`${r.code} ${JSON.stringify(argv.slice(1))} → ${/^error: .*$/m.exec(r.stderr)?.[0] ?? ''}\n`);
    expect({ ...seen, okCode: [0, 1, 2].includes(r.code) }).toEqual({ ...seen, okCode: true });
    expect({ ...seen, stack: STACK.exec(r.stderr)?.[0] ?? null }).toEqual({ ...seen, stack: null });
    let json: unknown;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = undefined;
    }
    expect({ ...seen, stdout: r.stdout.slice(0, 500), object: typeof json === 'object' && json !== null }).toEqual({
      ...seen,
      stdout: r.stdout.slice(0, 500),
      object: true,
    });
    if (r.code === 2) {
      expect({ ...seen, refs: await allRefs(bare), dotenv: existsSync(out) }).toEqual({ ...seen, refs: before, dotenv: false });
    }
  }

  it('promote: exit 0/1/2 only, no stack trace, nothing written on 2', async () => {
    const argsArb = fc.tuple(
      envRepo(),
      app,
      env,
      mostly(semverTag),
      flag('file', mostly(fc.constant('overlays/dev/payments/values.yaml'))),
      flag('key', mostly(fc.constantFrom('image.tag', 'image.repository', 'images[name=x].newTag', 'a["b.c"]'))),
      flag('mode', mostly(fc.constantFrom('push', 'pull-request'))),
      flag('branch', mostly(fc.constant('main'))),
      flag('tag-pattern', mostly(fc.constantFrom('^v\\d', '(', '.*'))),
      flag('commit-message', mostly(fc.constantFrom('{env}: {tag}', 'deploy {app} {from}→{tag}'))),
      fc.tuple(sw('dry-run'), sw('allow-downgrade'), sw('skip-gate')),
    );
    await fc.assert(
      fc.asyncProperty(argsArb, envBools, dotenv, async ([repo, a, e, tag, file, key, mode, branch, pattern, message, switches], envs, dot) => {
        const args = [
          'promote',
          `--env-repo=${repo}`,
          `--app=${a}`,
          `--env=${e}`,
          `--tag=${tag}`,
          ...file,
          ...key,
          ...mode,
          ...branch,
          ...pattern,
          ...message,
          ...switches.flat(),
        ];
        await check(args, envs, dot);
      }),
      { seed: SEED, numRuns: RUNS || 22, endOnFailure: true },
    );
  }, 300_000);

  it('rollback: exit 0/1/2 only, no stack trace, nothing written on 2', async () => {
    const argsArb = fc.tuple(
      envRepo(),
      app,
      env,
      flag('to', mostly(semverTag)),
      flag('depth', mostly(fc.constantFrom('1', '30', '10000', '10001'))),
      flag('mode', mostly(fc.constant('push'))),
      flag('key', mostly(fc.constant('image.tag'))),
      sw('dry-run'),
    );
    await fc.assert(
      fc.asyncProperty(argsArb, envBools, dotenv, async ([repo, a, e, to, depth, mode, key, dry], envs, dot) => {
        await check(['rollback', `--env-repo=${repo}`, `--app=${a}`, `--env=${e}`, ...to, ...depth, ...mode, ...key, ...dry], envs, dot);
      }),
      { seed: SEED + 1, numRuns: RUNS || 14, endOnFailure: true },
    );
  }, 300_000);

  it('wait-healthy: exit 0/1/2 only, no stack trace, nothing written on 2', async () => {
    // Durations stay short or invalid: a valid long --timeout would only make the run slow.
    const argsArb = fc.tuple(
      fc.oneof(
        { arbitrary: fc.constant([`--url=${health.url}`]), weight: 3 },
        { arbitrary: hostile.map((v) => [`--url=${v}`]), weight: 1 },
        { arbitrary: fc.constant(['--argocd-server=http://127.0.0.1:1', '--argocd-app=payments-dev']), weight: 1 },
        { arbitrary: fc.constant([]), weight: 1 },
      ),
      flag(
        'successes',
        fc.oneof(
          { arbitrary: fc.constantFrom('1', '2'), weight: 4 },
          { arbitrary: hostile.filter((v) => !/^\s*\d+\s*$/.test(v)), weight: 1 },
          { arbitrary: fc.constant('100000'), weight: 1 },
        ),
      ),
      fc.oneof(
        { arbitrary: fc.constantFrom('--timeout=2s', '--timeout=3s'), weight: 4 },
        { arbitrary: fc.constantFrom('--timeout=0', '--timeout=abc', '--timeout=-1s', '--timeout=999999h', '--timeout=', '--timeout=1e3'), weight: 1 },
      ),
      fc.oneof(
        { arbitrary: fc.constantFrom('--poll-interval=1s', '--poll-interval=2s'), weight: 4 },
        { arbitrary: fc.constantFrom('--poll-interval=0', '--poll-interval=10ms', '--poll-interval=x'), weight: 1 },
      ),
      flag('revision', mostly(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 40, maxLength: 40 }))),
      fc.option(
        fc.tuple(envRepo(), app, env).map(([r, a, e]) => [`--env-repo=${r}`, `--app=${a}`, `--env=${e}`]),
        { nil: [] as string[] },
      ),
      sw('rollback-on-failure'),
      fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
    );
    await fc.assert(
      fc.asyncProperty(argsArb, envBools, dotenv, async ([gate, successes, timeout, poll, revision, repo, rb, healthy], envs, dot) => {
        health.setHealthy(healthy); // unhealthy: the gate times out (exit 1), and may roll back
        await check(['wait-healthy', ...gate, ...successes, timeout, poll, ...revision, ...repo, ...rb], envs, dot);
      }),
      { seed: SEED + 2, numRuns: RUNS || 14, endOnFailure: true },
    );
  }, 300_000);
});
