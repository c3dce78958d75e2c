/**
 * Run the git program: an argument array, never a shell; optional stdin; stdout back.
 * Failures become GitProcessError (a RemoteError, exit 1) whose message and stderr have gone
 * through the Redactor, so a token can never leak through an error.
 */
import { spawn } from 'node:child_process';
import { RemoteError } from '../errors.js';
import { Redactor } from '../report.js';

export interface GitRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to git's stdin, then stdin is closed. */
  input?: string | Buffer;
  /** Secrets to remove from any text we surface. */
  redactor?: Redactor;
  /** Kill git after this many milliseconds. */
  timeoutMs?: number;
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
    const a = args[i]!;
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

/** The most useful line of git's stderr: the first `fatal:`/`error:` line, else the first line. */
export function firstMeaningfulLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(hint:|warning: This repository uses promisor remotes)/.test(l));
  return lines.find((l) => /^(fatal|error|ssh|remote: error|ERROR):?/i.test(l)) ?? lines[0] ?? '';
}

/** Run git; resolve with stdout, stderr and exit code whatever the exit code is. */
export function spawnGit(args: readonly string[], opts: GitRunOptions = {}): Promise<GitRunResult> {
  for (const l of listeners) l(args);
  const redactor = opts.redactor ?? new Redactor();
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: opts.timeoutMs,
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => {});
    child.on('error', (e) => reject(new RemoteError(`cannot run git: ${redactor.redact(e.message)}`, 'install git 2.29 or later')));
    child.on('close', (code, signal) => {
      resolve({
        stdout: Buffer.concat(out),
        stderr: redactor.redact(Buffer.concat(err).toString('utf8')) + (signal ? `\nkilled by ${signal}` : ''),
        code: code ?? 128,
      });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Run git and return stdout as a Buffer; throw GitProcessError on a non-zero exit. */
export async function runGitBuffer(args: readonly string[], opts: GitRunOptions = {}): Promise<Buffer> {
  const r = await spawnGit(args, opts);
  if (r.code !== 0) {
    const redactor = opts.redactor ?? new Redactor();
    throw new GitProcessError(args.map((a) => redactor.redact(a)), r.code, r.stderr, redactor.redact(r.stdout.toString('utf8')));
  }
  return r.stdout;
}

/** Run git and return stdout as text; throw GitProcessError on a non-zero exit. */
export async function runGit(args: readonly string[], opts: GitRunOptions = {}): Promise<string> {
  return (await runGitBuffer(args, opts)).toString('utf8');
}
