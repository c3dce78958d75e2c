/**
 * Open the env repo named by `--env-repo` / `env-repo` with the right adapter and the
 * credentials the ecosystem's own tools read from the environment:
 *   github  GITHUB_TOKEN (or GH_TOKEN)          REST, no clone
 *   gitlab  GITLAB_TOKEN, else CI_JOB_TOKEN     REST, no clone
 *   git     the token matching the host, given to git out of argv; ssh and local paths as is
 * Which token may go to which host is credentials.ts's decision (tokens are bound to their
 * forge's hosts; --token-host / GITOPS_TOKEN_HOST binds more on purpose).
 * Without --forge the forge is inferred: github.com → github, gitlab.com or GitLab CI's own
 * server (CI_SERVER_URL) → gitlab, anything else → git.
 */
import { existsSync } from 'node:fs';
import { httpTimeoutMs } from '../bounded-fetch.js';
import { assertNoControlChars, credentialFor, parseTokenHosts, urlCredentials, type Credential } from '../credentials.js';
import { InputError } from '../errors.js';
import { httpHostname, inferForge, isForgePath, isRemoteUrl, parseRepoRef } from './repo-ref.js';
import type { EnvRepo, ForgeKind } from './port.js';

type Env = Record<string, string | undefined>;

export interface OpenEnvRepoOptions {
  envRepo: string;
  forge?: ForgeKind;
  apiUrl?: string;
  /** The branch verbs will work on; the git adapter fetches it first. */
  branch?: string;
  /** --token-host: hosts the env token is bound to on purpose (default GITOPS_TOKEN_HOST). */
  tokenHosts?: string | string[];
  env: Env;
}

const FORGES: readonly ForgeKind[] = ['git', 'github', 'gitlab'];

export { inferForge };

/** The REST base when --api-url is not given: the running CI's own API when the repo is on its forge. */
function defaultApiUrl(envRepo: string, forge: 'github' | 'gitlab', env: Env): string | undefined {
  const [api, server] = forge === 'github' ? [env.GITHUB_API_URL, env.GITHUB_SERVER_URL] : [env.CI_API_V4_URL, env.CI_SERVER_URL];
  if (!api) return undefined;
  const host = httpHostname(envRepo);
  return !host || (server && httpHostname(server) === host) ? api : undefined;
}

/** The credential for a REST forge: the env repo URL's own credentials if the API is on its host, else the policy's. */
function apiCredential(envRepo: string, apiBase: string, forge: 'github' | 'gitlab', opts: OpenEnvRepoOptions, tokenHosts: string[]): Credential {
  try {
    const repoUrl = new URL(envRepo.trim());
    const own = urlCredentials(repoUrl);
    if (own.token && /^https?:$/.test(repoUrl.protocol) && repoUrl.host.toLowerCase() === new URL(apiBase).host.toLowerCase()) {
      return { token: own.token, source: 'url', username: own.username, reason: `sent the credentials written in --env-repo to ${repoUrl.host}` };
    }
  } catch {
    /* OWNER/NAME or scp-like: no credentials in it */
  }
  return credentialFor({ url: apiBase, forge, apiUrl: opts.apiUrl, tokenHosts, env: opts.env });
}

export async function openEnvRepo(opts: OpenEnvRepoOptions): Promise<EnvRepo> {
  if (!opts.envRepo) throw new InputError('--env-repo is required', 'pass a git URL, a local path, or OWNER/NAME with --forge');
  if (opts.forge && !FORGES.includes(opts.forge)) {
    throw new InputError(`--forge ${opts.forge} is not one of ${FORGES.join(', ')}`);
  }
  // A newline or control character is never part of a URL, and git's config parser would choke on it.
  assertNoControlChars(opts.envRepo, '--env-repo');
  assertNoControlChars(opts.apiUrl, '--api-url');
  const { env } = opts;
  const tokenHosts = opts.tokenHosts !== undefined ? parseTokenHosts(opts.tokenHosts) : parseTokenHosts(env.GITOPS_TOKEN_HOST, 'GITOPS_TOKEN_HOST');
  const timeoutMs = httpTimeoutMs(env);
  const forge = opts.forge ?? inferForge(opts.envRepo, opts.env);
  if (forge === 'github') {
    const ref = parseRepoRef(opts.envRepo, 'github', opts.apiUrl ?? defaultApiUrl(opts.envRepo, 'github', env));
    const cred = apiCredential(opts.envRepo, ref.apiUrl, 'github', opts, tokenHosts);
    // GitHub asks for a second between writes (secondary rate limits); GITOPS_WRITE_INTERVAL_MS tunes it.
    const writeIntervalMs = env.GITOPS_WRITE_INTERVAL_MS ? Number(env.GITOPS_WRITE_INTERVAL_MS) : undefined;
    // Each adapter (and its client library) loads only when it is the one chosen.
    const { openGitHubRepo } = await import('./github.js');
    return openGitHubRepo({
      repo: ref.path,
      token: cred.token,
      tokenEnv: cred.source === 'url' ? 'the token in --env-repo' : (cred.source ?? 'GITHUB_TOKEN'),
      credentialNote: cred.reason,
      apiUrl: ref.apiUrl,
      writeIntervalMs,
      timeoutMs,
    });
  }
  if (forge === 'gitlab') {
    const ref = parseRepoRef(opts.envRepo, 'gitlab', opts.apiUrl ?? defaultApiUrl(opts.envRepo, 'gitlab', env));
    const cred = apiCredential(opts.envRepo, ref.apiUrl, 'gitlab', opts, tokenHosts);
    const kind =
      cred.source === 'CI_JOB_TOKEN' || (cred.source === 'url' && cred.username === 'gitlab-ci-token')
        ? 'job'
        : cred.source === 'url' && cred.username === 'oauth2'
          ? 'oauth'
          : 'private';
    const { openGitLabRepo } = await import('./gitlab.js');
    return openGitLabRepo({
      project: ref.path,
      token: cred.token,
      tokenKind: kind,
      tokenEnv: cred.source === 'url' ? 'the token in --env-repo' : (cred.source ?? 'GITLAB_TOKEN'),
      credentialNote: cred.reason,
      apiUrl: ref.apiUrl,
      timeoutMs,
    });
  }
  if (!opts.forge && isForgePath(opts.envRepo)) {
    throw new InputError(`--env-repo ${opts.envRepo} is neither a local repository nor a URL`, 'for OWNER/NAME pass --forge github or --forge gitlab');
  }
  if (!isRemoteUrl(opts.envRepo) && !existsSync(opts.envRepo)) {
    throw new InputError(
      `--env-repo ${opts.envRepo} is not a URL and no such local path exists`,
      'pass a git URL, OWNER/NAME with --forge, or the path of a local repository',
    );
  }
  const cred = credentialFor({ url: opts.envRepo.trim(), forge: 'git', tokenHosts, env });
  // Credentials written in the URL are parseRemote's to take out; env tokens only where bound.
  const { GitEnvRepo } = await import('./git.js');
  return GitEnvRepo.open({
    url: opts.envRepo,
    branch: opts.branch,
    token: cred.source === 'url' ? undefined : cred.token,
    username: cred.source === 'url' ? undefined : cred.username,
    credentialNote: cred.reason,
  });
}
