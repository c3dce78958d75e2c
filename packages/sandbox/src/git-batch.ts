/**
 * Git processes for the sandbox forge: one-shot commands (counted, so benchmarks can report the
 * processes spawned per request) and one long-lived `git cat-file --batch-command` per repository
 * through which every object read goes. A long-lived cat-file sees objects and refs written after
 * it started (it stats loose objects, rescans packs on a miss and re-reads ref files), so it is
 * safe to keep across writes, pushes included.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

const spawnCounts: Record<string, number> = {};

/** Git processes the sandbox has spawned in this Node process, by subcommand. */
export function gitSpawnCounts(): Record<string, number> {
  return spawnCounts;
}

export function countGitSpawn(subcommand: string): void {
  spawnCounts[subcommand] = (spawnCounts[subcommand] ?? 0) + 1;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', GIT_CONFIG_NOSYSTEM: '1', LANG: 'C', ...extra };
}

/** Run one git command to completion (never throws on a non-zero exit). */
export function runGit(cwd: string, args: string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}): Promise<RunResult> {
  countGitSpawn(args[0] ?? '');
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(opts.env) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString(), code: code ?? 1 }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

export interface ObjectInfo {
  oid: string;
  type: string;
  size: number;
}

interface Pending {
  command: 'info' | 'contents';
  name: string;
  retried: boolean;
  resolve: (v: (ObjectInfo & { content?: Buffer }) | null) => void;
  reject: (e: Error) => void;
}

/** A request that sees no answer for this long means a wedged process: it is killed and restarted. */
const STALL_MS = 30_000;
/** An idle process is ended after this long (a test suite creates many short-lived repositories). */
const IDLE_MS = 5_000;
const HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) (\w+) (\d+)$/;

/**
 * `git cat-file --batch-command` kept running for one repository; requests are pipelined and
 * answered in order. Restarted on demand if it dies (requests in flight are re-sent once).
 */
export class CatFileBatch {
  private child: ChildProcessWithoutNullStreams | null = null;
  private queue: Pending[] = [];
  private buf: Buffer = Buffer.alloc(0);
  private stall: NodeJS.Timeout | null = null;
  private idle: NodeJS.Timeout | null = null;

  constructor(readonly cwd: string) {}

  /** Type and size of an object name (any revision git understands), or null when it is missing or ambiguous. */
  info(name: string): Promise<ObjectInfo | null> {
    return this.request('info', name);
  }

  /** Type, size and content of an object, or null. */
  contents(name: string): Promise<(ObjectInfo & { content: Buffer }) | null> {
    return this.request('contents', name) as Promise<(ObjectInfo & { content: Buffer }) | null>;
  }

  /** Process id of the running reader, if one runs (tests kill it to prove it comes back). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** End the process (it is started again by the next request). */
  close(): void {
    const child = this.child;
    const pending = this.queue;
    this.child = null;
    this.queue = [];
    this.buf = Buffer.alloc(0);
    if (child) child.stdin.end();
    for (const p of pending) this.send(p); // asked again of a fresh process
  }

  private request(command: 'info' | 'contents', name: string): Promise<(ObjectInfo & { content?: Buffer }) | null> {
    // One request per line: a name that could break the framing resolves to nothing, as git would.
    if (!name || /[\0\n\r]/.test(name) || name !== name.trim()) return Promise.resolve(null);
    return new Promise((resolve, reject) => this.send({ command, name, retried: false, resolve, reject }));
  }

  private send(p: Pending): void {
    const child = this.child ?? this.start();
    this.queue.push(p);
    child.stdin.write(`${p.command} ${p.name}\n`);
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.armStall();
  }

  private start(): ChildProcessWithoutNullStreams {
    countGitSpawn('cat-file --batch-command');
    const child = spawn('git', ['cat-file', '--batch-command'], { cwd: this.cwd, env: gitEnv() });
    this.child = child;
    this.buf = Buffer.alloc(0);
    // Never keep the sandbox's host process (a test runner) alive for an idle reader.
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr] as unknown as { unref?: () => void }[]) s.unref?.();
    child.stdout.on('data', (d: Buffer) => {
      if (this.child !== child) return;
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      this.drain();
    });
    child.stderr.resume();
    child.stdin.on('error', () => undefined);
    child.on('error', () => this.died(child));
    child.on('close', () => this.died(child));
    return child;
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const nl = this.buf.indexOf(10);
      if (nl < 0) return;
      const header = this.buf.subarray(0, nl).toString('latin1');
      const m = HEADER.exec(header);
      const p = this.queue[0];
      if (!m) {
        // "<name> missing" / "<name> ambiguous"
        this.buf = this.buf.subarray(nl + 1);
        this.queue.shift();
        p.resolve(null);
        continue;
      }
      const info: ObjectInfo = { oid: m[1], type: m[2], size: Number(m[3]) };
      if (p.command === 'info') {
        this.buf = this.buf.subarray(nl + 1);
        this.queue.shift();
        p.resolve(info);
        continue;
      }
      const end = nl + 1 + info.size;
      if (this.buf.length < end + 1) return; // content and its trailing newline not all here yet
      const content = Buffer.from(this.buf.subarray(nl + 1, end));
      this.buf = this.buf.subarray(end + 1);
      this.queue.shift();
      p.resolve({ ...info, content });
    }
    if (this.buf.length === 0) this.buf = Buffer.alloc(0);
    this.armStall();
  }

  private armStall(): void {
    if (this.stall) clearTimeout(this.stall);
    this.stall = null;
    if (this.queue.length > 0) {
      const child = this.child;
      this.stall = setTimeout(() => child?.kill('SIGKILL'), STALL_MS);
      this.stall.unref();
    } else {
      this.idle ??= setTimeout(() => this.close(), IDLE_MS);
      this.idle.unref();
    }
  }

  private died(child: ChildProcessWithoutNullStreams): void {
    // A process ended on purpose (idle) has nothing in flight; the queue belongs to its successor.
    if (this.child !== child) return;
    this.child = null;
    if (this.stall) clearTimeout(this.stall);
    this.stall = null;
    const pending = this.queue;
    this.queue = [];
    this.buf = Buffer.alloc(0);
    for (const p of pending) {
      if (p.retried) p.reject(new Error(`git cat-file in ${this.cwd} died twice while reading ${p.name}`));
      else this.send({ ...p, retried: true });
    }
  }
}

const batches = new Map<string, CatFileBatch>();

/** The shared reader for a repository path. */
export function catFile(repoPath: string): CatFileBatch {
  let b = batches.get(repoPath);
  if (!b) batches.set(repoPath, (b = new CatFileBatch(repoPath)));
  return b;
}
