/**
 * One long-lived `git cat-file --batch` for every object read of a GitEnvRepo: one process for the
 * whole run instead of one per read. Requests are pipelined and answered in order.
 *
 * It runs in a repository that is *not* a partial clone (GitEnvRepo's push repo, which borrows the
 * clone's objects through alternates), so an object that is not local answers "missing" at once
 * instead of starting git's lazy fetch: the caller fetches what is missing, batched, itself.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { RemoteError } from '../errors.js';
import { killTree, trackChild } from '../lifecycle.js';
import type { Redactor } from '../redaction.js';
import { notifyGitSpawn } from './git-process.js';

export interface GitObject {
  type: 'blob' | 'tree' | 'commit' | 'tag';
  data: Buffer;
}

/** Largest object we read (a values file or a tree is far smaller; a notes blob too). */
const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

interface Pending {
  name: string;
  resolve: (o: GitObject | null) => void;
  reject: (e: Error) => void;
}

export class CatFile {
  private child?: ChildProcessWithoutNullStreams;
  /** Reads in flight, answered in order from `first` (an index: shift() is linear on long queues). */
  private pending: Pending[] = [];
  private first = 0;
  private buf: Buffer = Buffer.alloc(0);
  private stderr = '';
  private watchdog?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly opts: {
      /** A repository that sees the objects and never lazily fetches (see above). */
      cwd: string;
      env: NodeJS.ProcessEnv;
      redactor: Redactor;
      /** A read answered later than this kills the reader (it would only hang on a broken repo). */
      timeoutMs: number;
    },
  ) {}

  /** The object, or null when it is not in the local object store. */
  read(name: string): Promise<GitObject | null> {
    if (this.closed) return Promise.reject(new Error('cat-file reader is closed'));
    if (/[\n\r]/.test(name)) return Promise.reject(new Error(`invalid object name ${JSON.stringify(name)}`));
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ name, resolve, reject });
      this.arm();
      child.stdin.write(`${name}\n`);
    });
  }

  /** Start the reader ahead of the first read (it waits idle, not holding Node up). */
  warm(): void {
    if (this.closed || this.child) return;
    this.start();
    this.arm();
  }

  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    clearTimeout(this.watchdog);
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      // An idle reader is unref'd (see arm): waiting for its end must hold Node up, else a caller
      // that goes on after close() finds its process gone with this promise unsettled.
      for (const h of [child, child.stdout, child.stderr] as Array<{ ref(): unknown }>) h.ref();
      child.stdin.end();
      // cat-file ends on EOF; the kill is for one that does not.
      setTimeout(() => killTree(child), 2000).unref();
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const args = ['cat-file', '--batch'];
    notifyGitSpawn(args);
    const child = spawn('git', args, { cwd: this.opts.cwd, env: this.opts.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true, windowsHide: true });
    trackChild(child);
    this.child = child;
    this.buf = Buffer.alloc(0);
    child.stdin.on('error', () => {});
    child.stdout.on('data', (c: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : c;
      this.drain();
    });
    child.stderr.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString('utf8')).slice(-4096);
    });
    child.on('error', (e) => this.fail(new RemoteError(`cannot run git: ${this.opts.redactor.redact(e.message)}`, 'install git 2.29 or later')));
    child.on('close', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const why = this.opts.redactor.redact(this.stderr.trim().split('\n').pop() ?? '');
      this.fail(new RemoteError(`git cat-file ended (${signal ?? `exit ${code}`})${why ? `: ${why}` : ''}`));
    });
    return child;
  }

  /** Answer pending reads from the buffered output, in order. */
  private drain(): void {
    for (;;) {
      const head = this.pending[this.first];
      if (!head) return;
      const nl = this.buf.indexOf(10);
      if (nl < 0) return;
      const header = this.buf.subarray(0, nl).toString('latin1');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buf = this.buf.subarray(nl + 1);
        this.next();
        head.resolve(null);
        this.arm();
        continue;
      }
      const [, type, sizeText] = header.split(' ');
      const size = Number(sizeText);
      if (!Number.isSafeInteger(size) || !['blob', 'tree', 'commit', 'tag'].includes(type ?? '')) {
        this.fail(new RemoteError(`git cat-file answered ${JSON.stringify(header.slice(0, 100))} for ${head.name}`));
        if (this.child) killTree(this.child);
        return;
      }
      if (size > MAX_OBJECT_BYTES) {
        this.fail(new RemoteError(`object ${head.name} is ${size} bytes, over the ${MAX_OBJECT_BYTES}-byte limit`));
        if (this.child) killTree(this.child);
        return;
      }
      if (this.buf.length < nl + 1 + size + 1) return;
      const data = Buffer.from(this.buf.subarray(nl + 1, nl + 1 + size));
      this.buf = this.buf.subarray(nl + 1 + size + 1);
      this.next();
      head.resolve({ type: type as GitObject['type'], data });
      this.arm();
    }
  }

  private next(): void {
    this.first++;
    if (this.first === this.pending.length) {
      this.pending = [];
      this.first = 0;
    }
  }

  /**
   * (Re)start the watchdog while reads are outstanding. An idle reader does not keep Node alive
   * (a run that forgot close() still exits; cat-file then ends on its closed stdin).
   */
  private arm(): void {
    clearTimeout(this.watchdog);
    this.hold(this.first !== this.pending.length);
    if (this.first === this.pending.length) return;
    this.watchdog = setTimeout(() => {
      this.fail(new RemoteError(`git cat-file did not answer within ${this.opts.timeoutMs} ms`));
      if (this.child) killTree(this.child);
    }, this.opts.timeoutMs);
    this.watchdog.unref();
  }

  private hold(busy: boolean): void {
    const child = this.child;
    if (!child) return;
    for (const h of [child, child.stdout, child.stderr, child.stdin] as Array<{ ref(): unknown; unref(): unknown }>) {
      if (busy) h.ref();
      else h.unref();
    }
  }

  private fail(err: Error): void {
    clearTimeout(this.watchdog);
    const failed = this.pending.slice(this.first);
    this.pending = [];
    this.first = 0;
    for (const p of failed) p.reject(err);
  }
}
