/**
 * The bounds in core: duration ranges, output caps, the deadline, and the cleanup registry
 * against real processes and directories.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, stat } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeadlineError,
  InputError,
  MAX_OUTPUT_FIELD,
  capJson,
  capOutputs,
  cleanUp,
  formatDuration,
  parseDuration,
  pendingCleanup,
  pollPeriod,
  trackChild,
  trackTempDir,
  truncate,
  withDeadline,
} from '../src/index.js';
import { GitTimeoutError, spawnGit } from '../src/envrepo/git-process.js';

describe('parseDuration', () => {
  it('accepts 1s … 24h and names the flag outside it', () => {
    expect(parseDuration('1s', '--timeout')).toBe(1000);
    expect(parseDuration('1h30m', '--timeout')).toBe(5_400_000);
    expect(parseDuration('24h', '--timeout')).toBe(86_400_000);
    for (const v of ['0', '999ms', '24h1s', '700h', '99999999999999999999h']) {
      expect(() => parseDuration(v, '--timeout')).toThrow(new InputError(`--timeout ${JSON.stringify(v)} is out of range`, 'use a duration from 1s to 24h'));
    }
    expect(() => parseDuration('soon', '--timeout')).toThrow(/is not a duration/);
  });

  it('takes other bounds (grace periods may be 0)', () => {
    expect(parseDuration('0s', '--degraded-grace', { min: 0 })).toBe(0);
    expect(() => parseDuration('25h', '--degraded-grace', { min: 0 })).toThrow('--degraded-grace "25h" is out of range');
  });

  it('formats durations the way they are typed', () => {
    expect([0, 500, 1000, 90_000, 900_000, 5_400_000, 86_400_000].map(formatDuration)).toEqual(['0s', '500ms', '1s', '1m30s', '15m', '1h30m', '24h']);
  });

  it('floors poll periods against busy loops', () => {
    expect(pollPeriod(0, 5000)).toBe(50);
    expect(pollPeriod(Number.NaN, 5000)).toBe(5000);
    expect(pollPeriod(undefined, 5000)).toBe(5000);
    expect(pollPeriod(2000, 5000)).toBe(2000);
  });
});

describe('output caps', () => {
  it('cuts long text with a marker and leaves short text alone', () => {
    expect(truncate('short', 100)).toBe('short');
    const cut = truncate('x'.repeat(1000), 100);
    expect(cut).toHaveLength(100);
    expect(cut).toMatch(/^x+… \[cut: 1000 characters\]$/);
  });

  it('does not split a surrogate pair', () => {
    const cut = truncate('😀'.repeat(100), 50);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('caps every output and every string in JSON, redacting before the cut', () => {
    const secret = 'SECRET-TOKEN-VALUE';
    // The secret straddles the cut: redacting after cutting would leave its first half.
    const long = `${'a'.repeat(MAX_OUTPUT_FIELD - 40)}${secret}${'b'.repeat(100)}`;
    const redact = (t: string) => t.split(secret).join('***');
    const outputs = capOutputs({ big: long, small: 'ok' }, redact);
    expect(outputs.small).toBe('ok');
    expect(outputs.big.length).toBeLessThanOrEqual(MAX_OUTPUT_FIELD);
    expect(outputs.big.includes('SECR')).toBe(false);
    expect(outputs.big.endsWith(`… [cut: ${MAX_OUTPUT_FIELD + 63} characters]`)).toBe(true);
    const json = capJson({ a: [long, 1, null], b: { c: long }, n: 3 }, redact);
    expect(String(json.a[0]).length).toBeLessThanOrEqual(MAX_OUTPUT_FIELD);
    expect(json.b.c.endsWith(`… [cut: ${MAX_OUTPUT_FIELD + 63} characters]`)).toBe(true);
    expect(json.a.slice(1)).toEqual([1, null]);
    expect(json.n).toBe(3);
  });
});

describe('deadline and cleanup', () => {
  it('withDeadline rejects with a DeadlineError naming the verb', async () => {
    await expect(withDeadline(50, 'promote', () => new Promise(() => {}))).rejects.toThrow(
      new DeadlineError('promote did not finish within its 50ms deadline'),
    );
    await expect(withDeadline(1000, 'promote', async () => 7)).resolves.toBe(7);
  });

  it('cleanUp kills tracked children with their process group and removes tracked directories', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lifecycle-'));
    const forget = trackTempDir(dir);
    // A shell that starts a grandchild: both must die.
    const child = spawn('sh', ['-c', 'sleep 60 & wait'], { detached: true, stdio: 'ignore' });
    trackChild(child);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
    expect(pendingCleanup().children).toBeGreaterThanOrEqual(1);
    await cleanUp();
    expect(await exited).toBe('SIGKILL');
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
    expect(pendingCleanup()).toEqual({ children: 0, tempDirs: [] });
    forget();
  });

  it("git's watchdog kills a stalled git after timeoutMs, with a plain GitTimeoutError", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((sock) => void sockets.push(sock.on('error', () => {})));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/x.git`;
    try {
      const started = Date.now();
      const err = await spawnGit(['ls-remote', url], { timeoutMs: 500, remote: url }).then(
        () => new Error('git finished'),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(GitTimeoutError);
      expect((err as Error).message).toBe(`git ls-remote (${url}) did not finish within 500ms: the remote stopped answering`);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(pendingCleanup().children).toBe(0);
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});
