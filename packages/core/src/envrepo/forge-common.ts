/**
 * What the GitHub and GitLab adapters share: the repository they name (repo-ref.ts), the
 * user-facing errors for the usual refusals, and keeping tokens out of every message.
 */
import { RemoteError } from '../errors.js';
import type { Verification } from './port.js';

export { parseRepoRef, webUrlOf, type ApiForge, type RepoRef } from './repo-ref.js';

/** Replace every occurrence of the secrets in a message (the forge clients' name for it). */
export { redactSecrets as redact } from '../redaction.js';

export interface ForgeErrorContext {
  forgeName: 'GitHub' | 'GitLab';
  /** owner/name */
  display: string;
  apiUrl: string;
  /** What we were doing, e.g. "update refs/heads/main". */
  op: string;
  tokenEnv: string;
  hasToken: boolean;
  /** credentials.ts's sentence on what was sent and why (never the value). */
  credentialNote?: string;
}

/** The hint for a refusal, led by what credential was sent and why. */
function authHint(c: ForgeErrorContext, fix: string): string {
  return c.credentialNote ? `${c.credentialNote}; ${fix}` : fix;
}

/** The RemoteError for an HTTP refusal, with the fix where we know it. Never carries the token. */
export function remoteErrorFor(status: number | undefined, forgeMessage: string, c: ForgeErrorContext): RemoteError {
  const msg = forgeMessage.trim().replace(/\s+/g, ' ').slice(0, 300);
  if (status === 401) {
    return new RemoteError(
      c.hasToken
        ? `${c.forgeName} rejected the token for ${c.display} (401 ${msg || 'Unauthorized'})`
        : `${c.forgeName} requires a token for ${c.display} (401 ${msg || 'Unauthorized'})`,
      authHint(c, c.hasToken ? `check that ${c.tokenEnv} is valid and not expired` : `set ${c.tokenEnv}, or bind it to this host with --token-host`),
      { status },
    );
  }
  if (status === 404) {
    return new RemoteError(`repository ${c.display} not found at ${c.apiUrl} (check --env-repo and that the token can see it)`, c.credentialNote, { status });
  }
  if (status === 403) {
    return new RemoteError(
      `${c.forgeName} refused to ${c.op} on ${c.display}: ${msg || 'Forbidden'} (403)`,
      authHint(
        c,
        c.hasToken
          ? `check that ${c.tokenEnv} may write to ${c.display} and that the branch is not protected`
          : `set ${c.tokenEnv}, or bind it to this host with --token-host`,
      ),
      { status },
    );
  }
  if (status === undefined || status === 0) {
    return new RemoteError(`could not reach ${c.forgeName} at ${c.apiUrl} to ${c.op}: ${msg}`, undefined, {});
  }
  return new RemoteError(`${c.forgeName} refused to ${c.op} on ${c.display}: ${msg || 'error'} (${status})`, undefined, { status });
}

/** `gitops/<app>/<env>` states ↔ forge states (GitHub's are ours; GitLab says failed). */
export function fromGithubState(s: string): Verification['state'] {
  return s === 'success' ? 'success' : s === 'pending' ? 'pending' : 'failure';
}

export function gitlabState(v: Verification['state']): 'success' | 'failed' | 'pending' {
  return v === 'failure' ? 'failed' : v;
}

export function fromGitlabState(s: string): Verification['state'] {
  if (s === 'success') return 'success';
  if (s === 'failed' || s === 'canceled') return 'failure';
  return 'pending';
}

/** The GitLab client's wait for a retry-after. */
export { sleep } from '../retry.js';
