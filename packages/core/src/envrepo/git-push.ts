/**
 * Pushing one ref with compare-and-swap, and what the answer means: `--force-with-lease` against
 * the tip we read, so a branch that moved (or a name that already exists) is a ConflictError the
 * caller can re-read and retry; a refusal by the server (protected branch, hook) is a RemoteError
 * with its reason; anything else goes through remoteFailure.
 */
import { ConflictError, RemoteError } from '../errors.js';
import type { Redactor } from '../redaction.js';
import type { GitRemote } from './repo-ref.js';
import { remoteFailure } from './git-failures.js';
import { spawnGit } from './git-process.js';

/** What the ref must point at on the remote for the push to land ('' = must not exist), or force. */
export type Lease = { expect: string } | 'force';

export interface PushTarget {
  remote: GitRemote;
  /** Pushes run from this repo (GitEnvRepo's pushDir). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  redactor: Redactor;
  timeoutMs: number;
}

export async function pushRef(target: PushTarget, sha: string, ref: string, lease: Lease): Promise<void> {
  const { remote, redactor } = target;
  const display = remote.display;
  const leaseArg = lease === 'force' ? '--force' : `--force-with-lease=${ref}:${lease.expect}`;
  // --no-thin: no delta bases to look up.
  const r = await spawnGit(['push', '--porcelain', '--no-thin', '--no-verify', '--no-signed', leaseArg, '--', remote.url, `${sha}:${ref}`], {
    cwd: target.cwd,
    env: target.env,
    redactor,
    timeoutMs: target.timeoutMs,
    remote: display,
  });
  const stdout = redactor.redact(r.stdout.toString('utf8'));
  const line = stdout.split('\n').find((l) => l.includes(`:${ref}\t`));
  const flag = line?.[0];
  if (r.code === 0 && line && flag !== '!') return;
  if (line && flag === '!') {
    const summary = line.split('\t')[2] ?? '';
    const what = ref.startsWith('refs/heads/') ? `branch ${ref.slice('refs/heads/'.length)}` : ref;
    if (/^\[rejected\] \((stale info|fetch first|non-fast-forward|already exists)\)/.test(summary)) {
      if (lease !== 'force' && lease.expect === '') {
        throw new ConflictError(`${what} already exists on ${display}`, 'pick another branch name or update the existing one');
      }
      throw new ConflictError(
        `${what} moved on ${display} (expected ${lease === 'force' ? 'any' : lease.expect.slice(0, 12)})`,
        're-read the branch and re-apply the change',
      );
    }
    const reason = /\((.*)\)\s*$/.exec(summary)?.[1] ?? summary;
    // Lost the race on the server: the ref changed between the advertisement and our update.
    const lostRace =
      /cannot lock ref|failed to lock|incorrect old value|but expected|reference already exists/i.test(reason) ||
      (/failed to update ref/i.test(reason) && /but expected|cannot lock ref|unable to lock|File exists|reference already exists/i.test(r.stderr));
    if (lostRace) {
      throw new ConflictError(`${what} moved on ${display} while pushing (${reason})`, 're-read the branch and re-apply the change');
    }
    const remoteSays = r.stderr
      .split('\n')
      .filter((l) => /^remote:/.test(l))
      .map((l) => l.replace(/^remote:\s*/, '').trim())
      .filter(Boolean)
      .join(' ');
    throw new RemoteError(
      `${display} refused the push to ${what}: ${reason}${remoteSays ? ` — ${remoteSays}` : ''}`,
      /protected|GH006|pre-receive|not allowed/i.test(reason + remoteSays)
        ? 'the branch is protected: use --mode pull-request or allow the token to push'
        : undefined,
    );
  }
  throw remoteFailure(remote, redactor, r.stderr, `push to ${ref}`);
}

/** A branch that is not where we read it (found by a fetch rather than a refused push). */
export function branchMoved(display: string, branch: string, expected: string, actual: string | null): ConflictError {
  return new ConflictError(
    `branch ${branch} moved on ${display} (expected ${expected.slice(0, 12)}, found ${actual ? actual.slice(0, 12) : 'no branch'})`,
    're-read the branch and re-apply the change',
  );
}
