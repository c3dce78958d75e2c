/**
 * Bounded runs through the bundled CLI (issue 7, "Hangs" and "Cleanup"): a git server that
 * accepts and never answers, or trickles forever, fails promote in bounded time; --deadline
 * bounds the whole verb; durations outside 1 s … 24 h are exit 2; a huge Argo CD status
 * message does not reach stdout or the dotenv file whole; SIGTERM/SIGINT/SIGHUP mid-fetch
 * kill git and remove the temporary repository, exit 143/130/129. Each run gets a private
 * TMPDIR so "no temporary repo left" is an empty directory, and no process whose argv names
 * the test's remote may be alive afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allRefs, startSandbox, tempDir, type SandboxServer } from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { DIST, cleanEnv, runProcess, type ProcessResult } from './support/faces.js';

const TOKEN = 'ghp_sandboxTOKEN1234567890';
const CLI = join(DIST, 'cli/index.js');

/** Processes (not zombies) whose command line contains `needle` — git and its remote helper carry the URL. */
async function aliveWith(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const cmd = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      if (!cmd.includes(needle)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && state !== 'X') found.push(`${pid} ${state} ${cmd.trim()}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Poll until `fn` holds or `ms` passed (processes take a moment to be reaped). */
async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `p`, or 'hung' after `ms` (the timer does not outlive the race). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A TCP server on loopback; `onConnection` decides what (not) to answer. */
async function tcpServer(onConnection: (socket: Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    onConnection(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('bounded runs (bundled CLI)', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'bounded-tmpdir-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  function cli(args: string[], env: Record<string, string> = {}, timeoutMs = 90_000): Promise<ProcessResult & { ms: number }> {
    const started = Date.now();
    return runProcess(process.execPath, [CLI, ...args], { env: cleanEnv({ TMPDIR: tmp, ...env }), timeoutMs }).then((r) => ({
      ...r,
      ms: Date.now() - started,
    }));
  }

  it('a git server that accepts and never answers: promote fails in bounded time, exit 1, one plain line', async () => {
    const silent = await tcpServer((s) => s.on('data', () => {}));
    try {
      const url = `http://127.0.0.1:${silent.port}/acme/env.git`;
      const r = await cli(['promote', '--env-repo', url, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3'], {
        GITHUB_TOKEN: TOKEN,
        GITOPS_GIT_TIMEOUT_MS: '3000',
      });
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
      expect(r.stderr).toMatch(new RegExp(`^error: cannot reach ${url.replace(/[.]/g, '\\.')} .*(Operation too slow|did not finish)`));
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toContain(TOKEN);
      expect(r.ms).toBeLessThan(45_000); // 3 s bound; generous for a loaded machine
      expect(await readdir(tmp)).toEqual([]);
      expect(
        await eventually(
          () => aliveWith(`127.0.0.1:${silent.port}`),
          (a) => a.length === 0,
        ),
      ).toEqual([]);
    } finally {
      await silent.close();
    }
  }, 120_000);

  it('a server that trickles (3 KB/s, above the low-speed limit) forever: the watchdog kills git at GITOPS_GIT_TIMEOUT_MS', async () => {
    const timers = new Set<NodeJS.Timeout>();
    const trickle = await tcpServer((s) => {
      s.once('data', () => {
        // git reads the whole ref advertisement before parsing it: a body that never ends.
        s.write('HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-advertisement\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = `12c\r\n${'a'.repeat(300)}\r\n`;
        const t = setInterval(() => s.write(chunk), 100);
        timers.add(t);
        s.on('close', () => clearInterval(t));
      });
    });
    try {
      const url = `http://127.0.0.1:${trickle.port}/acme/env.git`;
      const r = await cli(['promote', '--env-repo', url, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3'], { GITOPS_GIT_TIMEOUT_MS: '3000' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^error: git fetch \(http:\/\/127\.0\.0\.1:\d+\/acme\/env\.git\) did not finish within 3s: the remote stopped answering \(.*GITOPS_GIT_TIMEOUT_MS raises the limit\)\n$/,
      );
      expect(r.ms).toBeLessThan(45_000);
      expect(await readdir(tmp)).toEqual([]);
      expect(
        await eventually(
          () => aliveWith(`127.0.0.1:${trickle.port}`),
          (a) => a.length === 0,
        ),
      ).toEqual([]);
    } finally {
      for (const t of timers) clearInterval(t);
      await trickle.close();
    }
  }, 120_000);

  it('--deadline bounds the whole verb (git itself would wait longer); out-of-range values are exit 2', async () => {
    const silent = await tcpServer((s) => s.on('data', () => {}));
    try {
      const url = `http://127.0.0.1:${silent.port}/acme/env.git`;
      const args = ['promote', '--env-repo', url, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3'];
      const r = await cli([...args, '--deadline', '2s', '--json'], { GITOPS_GIT_TIMEOUT_MS: '120000' });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('error: promote did not finish within its 2s deadline (raise --deadline, or check that the remotes answer)\n');
      expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 1 });
      expect(r.ms).toBeLessThan(45_000);
      expect(await readdir(tmp)).toEqual([]);
      expect(
        await eventually(
          () => aliveWith(`127.0.0.1:${silent.port}`),
          (a) => a.length === 0,
        ),
      ).toEqual([]);

      for (const d of ['0', '500ms', '25h']) {
        const bad = await cli([...args, '--deadline', d]);
        expect({ d, code: bad.code, err: bad.stderr }).toEqual({
          d,
          code: 2,
          err: `error: --deadline "${d}" is out of range (use a duration from 1s to 24h)\n`,
        });
      }
      const env = await cli(args, { GITOPS_GIT_TIMEOUT_MS: 'soon' });
      expect(env.code).toBe(2);
      expect(env.stderr).toMatch(/^error: GITOPS_GIT_TIMEOUT_MS "soon" is out of range/);
    } finally {
      await silent.close();
    }
  }, 120_000);

  describe('wait-healthy against a small Argo CD stand-in', () => {
    const SHA = 'a'.repeat(40);
    let server: HttpServer;
    let url: string;
    let requests = 0;
    let app: (now: number) => object;

    beforeAll(async () => {
      server = createHttpServer((req, res) => {
        requests++;
        if (!req.url?.startsWith('/api/v1/applications/payments-dev')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":5,"message":"Not Found"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(app(Date.now())));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    beforeEach(() => {
      requests = 0;
    });

    /** An application synced to SHA by a finished operation, with this health. */
    function application(health: { status: string; message?: string }, resourceMessage?: string) {
      return (now: number) => ({
        metadata: { name: 'payments-dev', namespace: 'argocd' },
        spec: { project: 'default', source: { repoURL: 'https://git.example/acme/env.git' } },
        status: {
          sync: { status: 'Synced', revision: SHA },
          health,
          reconciledAt: new Date(now).toISOString(),
          operationState: {
            phase: 'Succeeded',
            startedAt: new Date(now - 60_000).toISOString(),
            finishedAt: new Date(now - 30_000).toISOString(),
            syncResult: { revision: SHA },
          },
          resources: resourceMessage
            ? [{ kind: 'Deployment', name: 'payments', namespace: 'apps', status: 'Synced', health: { status: 'Degraded', message: resourceMessage } }]
            : [],
        },
      });
    }

    it('a huge status message is cut before it reaches stdout, --json and the dotenv file', async () => {
      const huge = `crashloop ${'x'.repeat(4 * 1024 * 1024)} END-OF-MESSAGE`;
      app = application({ status: 'Degraded', message: huge }, huge);
      const dotenv = join(tmp, 'out.env');
      const r = await cli(
        [
          'wait-healthy',
          '--argocd-server',
          url,
          '--argocd-app',
          'payments-dev',
          '--revision',
          SHA,
          '--no-stream',
          '--timeout',
          '20s',
          '--json',
          '--dotenv',
          dotenv,
        ],
        { ARGOCD_AUTH_TOKEN: 'argo-token-0123456789' },
      );
      expect(r.code).toBe(1);
      // Sizes first: a failure here must not print megabytes.
      expect(r.stdout.length).toBeLessThan(16 * 1024);
      // Logs (state line, resource line, summary, error line) are bounded too.
      expect(r.stderr.length).toBeLessThan(64 * 1024);
      const env = await readFile(dotenv, 'utf8');
      expect(env.length).toBeLessThan(16 * 1024);
      expect(env).toMatch(/^GITOPS_OUT_HEALTH=Degraded$/m);
      const json = JSON.parse(r.stdout);
      expect(json).toMatchObject({ healthy: false, health: 'Degraded', outcome: 'failed' });
      expect(json.reason).toMatch(/^Degraded at aaaaaaa: crashloop x+… \[cut: \d+ characters\]$/);
      expect(r.stderr).toMatch(/^error: Degraded at aaaaaaa: crashloop x+… \[cut: \d+ characters\]$/m);
    }, 90_000);

    it('--timeout 700h and --poll-interval 0 are exit 2 naming the flag, before any request; the 1 s floor bounds the rate', async () => {
      app = application({ status: 'Progressing' });
      const base = ['wait-healthy', '--argocd-server', url, '--argocd-app', 'payments-dev', '--revision', SHA, '--no-stream'];
      const env = { ARGOCD_AUTH_TOKEN: 'argo-token-0123456789' };
      const long = await cli([...base, '--timeout', '700h'], env);
      expect({ code: long.code, err: long.stderr }).toEqual({ code: 2, err: 'error: --timeout "700h" is out of range (use a duration from 1s to 24h)\n' });
      const zero = await cli([...base, '--poll-interval', '0'], env);
      expect({ code: zero.code, err: zero.stderr }).toEqual({ code: 2, err: 'error: --poll-interval "0" is out of range (use a duration from 1s to 24h)\n' });
      const viaEnv = await cli(base, { ...env, GITOPS_POLL_INTERVAL: '10ms' });
      expect(viaEnv.code).toBe(2);
      expect(viaEnv.stderr).toMatch(/^error: GITOPS_POLL_INTERVAL "10ms" is out of range/);
      const grace = await cli([...base, '--degraded-grace', '1000h'], env);
      expect(grace.code).toBe(2);
      expect(grace.stderr).toMatch(/^error: --degraded-grace "1000h" is out of range/);
      expect(requests).toBe(0);
      // A grace period of 0 (fail at once on Degraded, the default) is valid input.
      const zeroGrace = await cli([...base, '--degraded-grace', '0s', '--missing-grace', '0', '--timeout', '1s', '--json'], env);
      expect({ code: zeroGrace.code, outcome: JSON.parse(zeroGrace.stdout).outcome }).toEqual({ code: 1, outcome: 'timed-out' });
      requests = 0;

      // At the floor: a 4 s wait polls a handful of times, not hundreds.
      const r = await cli([...base, '--poll-interval', '1s', '--timeout', '4s', '--json'], env);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'timed-out' });
      expect(requests).toBeGreaterThanOrEqual(2);
      expect(requests).toBeLessThanOrEqual(10);
    }, 90_000);
  });

  describe('signals mid-fetch', () => {
    let root: string;
    let sandbox: SandboxServer;
    let n = 0;
    beforeAll(async () => {
      root = await tempDir();
      sandbox = await startSandbox({ root });
    });
    afterAll(async () => {
      await sandbox.stop();
      await rm(root, { recursive: true, force: true });
    });

    it.each([
      ['SIGTERM', 143],
      ['SIGINT', 130],
      ['SIGHUP', 129],
    ] as const)(
      '%s: git is killed, the temporary repo removed, exit %i, nothing written',
      async (signal, code) => {
        const name = `acme/signal${++n}`;
        const bare = await createEnvRepo(root, name);
        const refs = await allRefs(bare);
        const url = `${sandbox.url}/${name}.git`;
        // The ref advertisement is served; the pack request then stalls until the test releases it.
        let stalled!: () => void;
        const reached = new Promise<void>((r) => (stalled = r));
        // Released by failing the hook: the sandbox answers 500 to the (dead) client instead of serving it.
        let release!: () => void;
        const held = new Promise<void>((_, reject) => (release = () => reject(new Error('released'))));
        sandbox.inject({ kind: 'hook', match: new RegExp(`${name}\\.git/git-upload-pack$`), times: 1, hook: () => (stalled(), held) });

        const child = spawn(process.execPath, [CLI, 'promote', '--env-repo', url, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3'], {
          env: cleanEnv({ TMPDIR: tmp, GITOPS_GIT_TIMEOUT_MS: '120000' }),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
        try {
          await reached;
          // git is running now, in the middle of the fetch, with its temporary repo on disk.
          expect((await aliveWith(url)).length).toBeGreaterThan(0);
          expect(await readdir(tmp)).toHaveLength(1);
          const sent = Date.now();
          child.kill(signal);
          const exitCode = await within(exited, 30_000);
          expect({ exitCode, stderr }).toEqual({ exitCode: code, stderr: `error: interrupted by ${signal}; stopping git and removing temporary files\n` });
          expect(Date.now() - sent).toBeLessThan(30_000);
          expect(await readdir(tmp)).toEqual([]);
          expect(
            await eventually(
              () => aliveWith(url),
              (a) => a.length === 0,
            ),
          ).toEqual([]);
          expect(await allRefs(bare)).toEqual(refs);
        } finally {
          release();
          sandbox.clearFaults();
          child.kill('SIGKILL');
        }
      },
      90_000,
    );

    it('the promote-dev action, cancelled mid-fetch (SIGINT, as the runner sends): git killed, temporary repo removed, exit 130', async () => {
      const name = `acme/signal${++n}`;
      const bare = await createEnvRepo(root, name);
      const refs = await allRefs(bare);
      const url = `${sandbox.url}/${name}.git`;
      let stalled!: () => void;
      const reached = new Promise<void>((r) => (stalled = r));
      // Released by failing the hook: the sandbox answers 500 to the (dead) client instead of serving it.
      let release!: () => void;
      const held = new Promise<void>((_, reject) => (release = () => reject(new Error('released'))));
      sandbox.inject({ kind: 'hook', match: new RegExp(`${name}\\.git/git-upload-pack$`), times: 1, hook: () => (stalled(), held) });
      const output = join(tmp, '..', `${tmp.split('/').pop()}-output`);
      await writeFile(output, '');
      const child = spawn(process.execPath, [join(DIST, 'promote-dev/index.js')], {
        env: cleanEnv({
          TMPDIR: tmp,
          GITHUB_ACTIONS: 'true',
          GITHUB_OUTPUT: output,
          GITOPS_GIT_TIMEOUT_MS: '120000',
          'INPUT_ENV-REPO': url,
          INPUT_FORGE: 'git',
          INPUT_APP: 'payments',
          INPUT_ENV: 'dev',
          INPUT_TAG: 'v1.2.3',
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
      try {
        await reached;
        expect(await readdir(tmp)).toHaveLength(1);
        child.kill('SIGINT');
        const exitCode = await within(exited, 30_000);
        expect(exitCode).toBe(130);
        expect(stdout).toContain('::error::interrupted by SIGINT; stopping git and removing temporary files');
        expect(await readdir(tmp)).toEqual([]);
        expect(
          await eventually(
            () => aliveWith(url),
            (a) => a.length === 0,
          ),
        ).toEqual([]);
        expect(await allRefs(bare)).toEqual(refs);
      } finally {
        release();
        sandbox.clearFaults();
        child.kill('SIGKILL');
        await rm(output, { force: true });
      }
    }, 90_000);
  });
});
