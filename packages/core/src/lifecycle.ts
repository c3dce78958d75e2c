/**
 * What a run must undo when it is cut short — by SIGINT/SIGTERM/SIGHUP or by the verb's
 * deadline: the child processes it started (git, which carries the auth header in its
 * environment) and the temporary repositories it made. The git adapter registers both here;
 * the faces (CLI main, action entries) install the signal handlers and the deadline.
 */
import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { formatDuration } from './duration.js';
import { OperationError } from './errors.js';

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** Remember a running child until it exits. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', () => children.delete(child));
}

/** Remember a temporary directory; the returned function forgets it (after its owner removed it). */
export function trackTempDir(dir: string): () => void {
  tempDirs.add(dir);
  return () => tempDirs.delete(dir);
}

/** Children still running and temporary directories not yet removed (tests, diagnostics). */
export function pendingCleanup(): { children: number; tempDirs: string[] } {
  return { children: children.size, tempDirs: [...tempDirs] };
}

/**
 * Kill a child and everything it started. Children are spawned as process-group leaders
 * (`detached`), so the group holds git's remote helper and any ssh too.
 */
export function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Kill every tracked child, wait (bounded) until they are gone so none writes into a directory
 * being removed, then remove every tracked temporary directory. Never throws.
 */
export async function cleanUp(waitMs = 3000): Promise<void> {
  const running = [...children];
  for (const c of running) killTree(c);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(running.map(exited)),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    }),
  ]);
  clearTimeout(timer);
  const dirs = [...tempDirs];
  tempDirs.clear();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 }).catch(() => {})));
}

let stoppingOn: HandledSignal | undefined;

/** The signal we are stopping on, if any: the verb's own errors after it (git killed) are noise. */
export function interruptedBy(): HandledSignal | undefined {
  return stoppingOn;
}

/** Exit codes for the signals we handle: 128 + the signal number, as shells report them. */
export const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/**
 * On SIGINT/SIGTERM/SIGHUP: tell the user (`onSignal`), clean up, exit 128+n. A second signal
 * while cleaning up exits at once. Returns a function that removes the handlers.
 */
export function installSignalHandlers(onSignal: (signal: HandledSignal) => void = () => {}): () => void {
  const handler = (signal: HandledSignal) => {
    const code = SIGNAL_EXIT_CODES[signal];
    if (stoppingOn) process.exit(code);
    stoppingOn = signal;
    try {
      onSignal(signal);
    } catch {
      // reporting must not block the cleanup
    }
    void cleanUp().finally(() => process.exit(code));
  };
  const names = Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[];
  for (const s of names) process.on(s, handler);
  return () => {
    for (const s of names) process.off(s, handler);
  };
}

/** The verb ran past its deadline (`--deadline`). Exit 1; the face cleans up and exits. */
export class DeadlineError extends OperationError {}

/** Default deadline of a verb that only reads and writes the env repo (promote, rollback). */
export const DEFAULT_DEADLINE_MS = 15 * 60_000;

/**
 * Run `fn`, but give up after `ms`: the promise rejects with a DeadlineError naming `what`.
 * `fn` is not stopped (it cannot be, in general): the caller cleans up and exits.
 */
export async function withDeadline<T>(ms: number, what: string, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(`${what} did not finish within its ${formatDuration(ms)} deadline`, 'raise --deadline, or check that the remotes answer')),
      ms,
    );
  });
  try {
    return await Promise.race([fn(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
