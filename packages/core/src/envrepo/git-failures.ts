/**
 * What a failed git network command (fetch, push) means for the person running us: the token was
 * refused, the repository is not there, the remote is unreachable, or something else — each as a
 * RemoteError with the fix. stderr is redacted before anything is read from it.
 */
import { RemoteError } from '../errors.js';
import type { Redactor } from '../redaction.js';
import type { GitRemote } from './repo-ref.js';
import { firstMeaningfulLine } from './git-process.js';

/** Classify a failed network command: auth, not found, unreachable, or other. */
export function remoteFailure(remote: GitRemote, redactor: Redactor, stderr: string, what: string): RemoteError {
  const text = redactor.redact(stderr);
  const detail = firstMeaningfulLine(text);
  const repo = remote.display;
  const tokenHint = tokenFix(remote);
  if (
    /returned error: 403|HTTP Basic: Access denied|403 Forbidden|Permission to .* denied|write access .* not granted|read-only/i.test(text) &&
    what.startsWith('push')
  ) {
    return new RemoteError(`the token may not push to ${repo} (${detail})`, 'use a token with write access (GitHub contents: write, GitLab write_repository)', {
      status: 403,
    });
  }
  if (
    /Authentication failed|could not read (Username|Password)|terminal prompts disabled|HTTP Basic: Access denied|returned error: 40[13]|Invalid username or password|Permission denied \(publickey|Host key verification failed|invalid credentials|Bad credentials/i.test(
      text,
    )
  ) {
    return new RemoteError(`authentication to ${repo} failed (${detail})`, tokenHint, { status: /403/.test(text) ? 403 : 401 });
  }
  if (
    /repository .*not found|Repository not found|does not appear to be a git repository|returned error: 404|project you were looking for could not be found|not a git repository|No such file or directory/i.test(
      text,
    )
  ) {
    const fix =
      remote.kind === 'local' || remote.kind === 'file'
        ? 'check --env-repo: there is no git repository at that path'
        : 'check --env-repo; a private repository also answers "not found" without a valid token';
    return new RemoteError(`repository ${repo} not found (${detail})`, fix, { status: 404 });
  }
  if (/returned error: 30[1278]\b/.test(text) && remote.token) {
    return new RemoteError(
      `${repo} redirected elsewhere (${detail})`,
      'pass the URL it redirects to: with a token, git follows no redirects (a token never goes to another host)',
    );
  }
  if (
    /Could not resolve host|Failed to connect|Connection refused|Couldn't connect|timed out|Connection reset|Network is unreachable|Empty reply|unable to access|Could not read from remote|hung up|early EOF|SSL|certificate/i.test(
      text,
    )
  ) {
    return new RemoteError(`cannot reach ${repo} (${detail})`, 'check the URL, the network and any proxy settings');
  }
  return new RemoteError(`git ${what} failed for ${repo}: ${detail || 'no output'}`);
}

/** A failed fetch of a commit by SHA: the remote does not have it, or a remote failure. */
export function commitFetchFailure(remote: GitRemote, redactor: Redactor, sha: string, stderr: string): RemoteError {
  if (/not our ref|no such remote ref|unadvertised object|not a valid object/i.test(stderr)) {
    return new RemoteError(`commit ${sha} not found in ${remote.display}`, 'check the commit SHA and that it was pushed to this repository');
  }
  return remoteFailure(remote, redactor, stderr, `fetch commit ${sha.slice(0, 12)}`);
}

/** The fix for a refused credential: which token (or key) to check, and what was sent. */
function tokenFix(remote: GitRemote): string {
  if (remote.kind === 'ssh') return 'check that the SSH key (ssh-agent, GIT_SSH_COMMAND) has access to the repository';
  if (remote.kind !== 'http') return 'check the path and its permissions';
  const host = remote.origin ?? '';
  const which = /gitlab/i.test(host) ? 'GITLAB_TOKEN or CI_JOB_TOKEN' : /github/i.test(host) ? 'GITHUB_TOKEN' : 'GITHUB_TOKEN, GITLAB_TOKEN or CI_JOB_TOKEN';
  const fix = remote.token
    ? `the token was refused: check that ${which} is valid and can access the repository`
    : `set ${which} to a token that can access the repository`;
  return remote.credentialNote ? `${remote.credentialNote}; ${fix}` : fix;
}
