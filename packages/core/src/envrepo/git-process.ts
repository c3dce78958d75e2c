/**
 * Run the git program: an argument array, never a shell; optional stdin; stdout back.
 * Failures become GitProcessError (a RemoteError, exit 1) whose message and stderr have gone
 * through the Redactor, so a token can never leak through an error.
 */
import { spawn } from 'node:child_process';
import { formatDuration } from '../duration.js';
import { InputError, RemoteError } from '../errors.js';
import { killTree, trackChild } from '../lifecycle.js';
import { Redactor } from '../report.js';

export interface GitRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to git's stdin, then stdin is closed. */
  input?: string | Buffer;
  /** Secrets to remove from any text we surface. */
  redactor?: Redactor;
  /** Kill git (and everything it started) after this many milliseconds (default DEFAULT_GIT_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Printable remote for the timeout message (no credentials). */
  remote?: string;
  /**
   * Each chunk of stderr as it comes (not yet redacted: read it, never surface it), and a way to
   * stop git early (its process group is killed; the result then says so).
   */
  onStderr?: (chunk: string, kill: () => void) => void;
}

/** One git operation may take this long before the watchdog kills it (GITOPS_GIT_TIMEOUT_MS overrides). */
export const DEFAULT_GIT_TIMEOUT_MS = 5 * 60_000;
const MAX_GIT_TIMEOUT_MS = 24 * 3_600_000;

/** The per-operation git timeout from GITOPS_GIT_TIMEOUT_MS (milliseconds), else the default. */
export function gitTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GITOPS_GIT_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_GIT_TIMEOUT_MS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !(n >= 1000 && n <= MAX_GIT_TIMEOUT_MS)) {
    throw new InputError(
      `GITOPS_GIT_TIMEOUT_MS ${JSON.stringify(raw)} is out of range`,
      'use milliseconds from 1000 to 86400000, or unset it (default 300000)',
    );
  }
  return n;
}

/**
 * Config entries that make git's HTTP transport (curl) give up on a stalled connection: below
 * 1000 bytes/s for the low-speed time (30 s, shorter when the whole operation may take less, so
 * curl's own "Operation too slow" usually names the problem before the watchdog kills git).
 */
export function stallConfig(timeoutMs: number): Array<[string, string]> {
  const seconds = Math.max(1, Math.min(30, Math.floor(timeoutMs / 2000)));
  return [
    ['http.lowSpeedLimit', '1000'],
    ['http.lowSpeedTime', String(seconds)],
  ];
}

/** git ran longer than its per-operation timeout and was killed. Exit 1. */
export class GitTimeoutError extends RemoteError {
  constructor(
    readonly args: readonly string[],
    readonly timeoutMs: number,
    remote: string | undefined,
  ) {
    super(
      `git ${subcommandOf(args) ?? ''}${remote ? ` (${remote})` : ''} did not finish within ${formatDuration(timeoutMs)}: the remote stopped answering`,
      'check the URL, the network and any proxy; GITOPS_GIT_TIMEOUT_MS raises the limit',
    );
  }
}

export interface GitRunResult {
  stdout: Buffer;
  /** Redacted. */
  stderr: string;
  code: number;
}

/** git subcommands that talk to the remote (one round trip each, for cost reporting). */
const NETWORK_COMMANDS = new Set(['fetch', 'push', 'ls-remote', 'clone']);

/** The git subcommand in an argv (skipping global options such as `-c k=v` and `-C dir`). */
export function subcommandOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-c' || a === '-C' || a === '--git-dir' || a === '--work-tree') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a;
  }
  return undefined;
}

export function isNetworkCommand(args: readonly string[]): boolean {
  return NETWORK_COMMANDS.has(subcommandOf(args) ?? '');
}

/** Observers of every git process we start (argv only); tests use it to prove no secret is in argv. */
type SpawnListener = (argv: readonly string[]) => void;
const listeners = new Set<SpawnListener>();
export function onGitSpawn(listener: SpawnListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tell the observers about a git process started elsewhere (the long-lived cat-file reader). */
export function notifyGitSpawn(args: readonly string[]): void {
  for (const l of listeners) l(args);
}

/** A git command failed. Message and stderr are redacted. */
export class GitProcessError extends RemoteError {
  constructor(
    readonly args: readonly string[],
    readonly code: number,
    /** Redacted stderr. */
    readonly stderr: string,
    /** Redacted stdout (push --porcelain reports rejections there). */
    readonly stdout: string,
  ) {
    super(`git ${subcommandOf(args) ?? ''} failed (exit ${code}): ${firstMeaningfulLine(stderr) || 'no output'}`);
  }
}

const PROGRESS = /^(remote: )?(Enumerating|Counting|Compressing|Receiving|Resolving|Total|Unpacking) /;

/** The most useful line of git's stderr: the first `fatal:`/`error:` line, else the first line. */
export function firstMeaningfulLine(stderr: string): string {
  // Progress (a head fetch asks for it: git-objects.ts) is no reason: drop it, \r-separated updates too.
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(hint:|warning: This repository uses promisor remotes)/.test(l) && !PROGRESS.test(l));
  return lines.find((l) => /^(fatal|error|ssh|remote: error|ERROR):?/i.test(l)) ?? lines[0] ?? '';
}

/**
 * Run git; resolve with stdout, stderr and exit code whatever the exit code is. Reject with
 * GitTimeoutError when the watchdog had to kill it. git runs as a process-group leader so the
 * watchdog and the signal cleanup (lifecycle.ts) also reach its remote helper.
 */
export function spawnGit(args: readonly string[], opts: GitRunOptions = {}): Promise<GitRunResult> {
  return startGit(args, opts).finish(opts.input);
}

/** A git process started ahead of its input (see startGit). */
export interface StartedGit {
  /** Running and not yet fed: finish() may still be given its input. */
  readonly ready: boolean;
  /** Write `input` to stdin and close it; resolves as spawnGit does. The watchdog runs from here. */
  finish(input?: string | Buffer): Promise<GitRunResult>;
}

/**
 * Start git now and feed it later: its start-up (5–15 ms on a busy machine) then overlaps a
 * network wait. Until finish() it does not keep Node alive, and has no watchdog (it only waits
 * for stdin; a run that never feeds it closes stdin, or exits and git sees EOF).
 */
export function startGit(args: readonly string[], opts: Omit<GitRunOptions, 'input'> = {}): StartedGit {
  notifyGitSpawn(args);
  const redactor = opts.redactor ?? new Redactor();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  const child = spawn('git', [...args], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    windowsHide: true,
  });
  trackChild(child);
  let timedOut = false;
  let watchdog: NodeJS.Timeout | undefined;
  let ended = false;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => {
    err.push(c);
    opts.onStderr?.(c.toString('utf8'), () => killTree(child));
  });
  child.stdin.on('error', () => {});
  const result = new Promise<GitRunResult>((resolve, reject) => {
    child.on('error', (e) => {
      ended = true;
      clearTimeout(watchdog);
      reject(new RemoteError(`cannot run git: ${redactor.redact(e.message)}`, 'install git 2.29 or later'));
    });
    child.on('close', (code, signal) => {
      ended = true;
      clearTimeout(watchdog);
      if (timedOut) {
        reject(
          new GitTimeoutError(
            args.map((a) => redactor.redact(a)),
            timeoutMs,
            opts.remote && redactor.redact(opts.remote),
          ),
        );
        return;
      }
      resolve({
        stdout: Buffer.concat(out),
        stderr: redactor.redact(Buffer.concat(err).toString('utf8')) + (signal ? `\nkilled by ${signal}` : ''),
        code: code ?? 128,
      });
    });
  });
  // Reported by finish(); a process never fed has nobody to report to.
  result.catch(() => {});
  const handles = [child, child.stdin, child.stdout, child.stderr] as Array<{ ref(): unknown; unref(): unknown }>;
  for (const h of handles) h.unref();
  let fed = false;
  return {
    get ready() {
      return !ended && !fed;
    },
    finish(input) {
      if (!fed) {
        fed = true;
        for (const h of handles) h.ref();
        if (!ended) {
          watchdog = setTimeout(() => {
            timedOut = true;
            killTree(child);
          }, timeoutMs);
        }
        child.stdin.end(input ?? '');
      }
      return result;
    },
  };
}

/** Run git and return stdout as a Buffer; throw GitProcessError on a non-zero exit. */
export async function runGitBuffer(args: readonly string[], opts: GitRunOptions = {}): Promise<Buffer> {
  const r = await spawnGit(args, opts);
  if (r.code !== 0) {
    const redactor = opts.redactor ?? new Redactor();
    throw new GitProcessError(
      args.map((a) => redactor.redact(a)),
      r.code,
      r.stderr,
      redactor.redact(r.stdout.toString('utf8')),
    );
  }
  return r.stdout;
}

/** Run git and return stdout as text; throw GitProcessError on a non-zero exit. */
export async function runGit(args: readonly string[], opts: GitRunOptions = {}): Promise<string> {
  return (await runGitBuffer(args, opts)).toString('utf8');
}
