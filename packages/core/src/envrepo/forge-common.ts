/**
 * What the GitHub and GitLab adapters share: naming the repository (`--env-repo` + `--forge` +
 * `--api-url` → forge, path, API base, web base), the user-facing errors for the usual refusals,
 * and keeping tokens out of every message.
 */
import { InputError, RemoteError } from '../errors.js';
import { stripUrlCredentials } from '../redaction.js';
import type { Verification } from './port.js';

export type ApiForge = 'github' | 'gitlab';

export interface RepoRef {
  forge: ApiForge;
  /** GitHub `owner/name`; GitLab `group/sub/name` (or a numeric project id). */
  path: string;
  /** REST base: `https://api.github.com`, `https://HOST/api/v3`, `https://HOST/api/v4`. */
  apiUrl: string;
  /** Web base (`https://github.com`, `https://HOST`, `https://HOST/gitlab`). */
  webUrl: string;
}

type Env = Record<string, string | undefined>;

const GITHUB_API = 'https://api.github.com';
const GITLAB_API = 'https://gitlab.com/api/v4';

function stripSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/** The web base that goes with a REST base. */
export function webUrlOf(forge: ApiForge, apiUrl: string): string {
  const api = stripSlash(apiUrl);
  if (forge === 'github') {
    if (/^https?:\/\/api\.github\.com$/i.test(api)) return 'https://github.com';
    return api.replace(/\/api\/v3$/i, '');
  }
  return api.replace(/\/api\/v4$/i, '');
}


function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Infer forge, repository path and API base from what the user gave:
 *   https://github.com/o/n(.git)                → github, https://api.github.com
 *   https://gitlab.com/g/sub/n(.git)            → gitlab, https://gitlab.com/api/v4
 *   https://HOST/o/n with --forge github         → GitHub Enterprise, https://HOST/api/v3
 *   https://HOST/g/n with --forge gitlab         → https://HOST/api/v4
 *   a URL on GitLab CI's own server (CI_SERVER_URL) → gitlab, CI_API_V4_URL
 *   git@HOST:o/n.git                             → as the https form
 *   o/n or g/sub/n                               → needs --forge (or an --api-url ending /api/v3|/api/v4)
 * An explicit apiUrl always wins; for a GitLab under a relative URL root pass it so that the
 * path can be cut from the URL correctly.
 */
export function parseRepoRef(envRepo: string, forge?: ApiForge | 'git', apiUrl?: string, env: Env = process.env): RepoRef {
  const shown = stripUrlCredentials(envRepo.trim());
  if (forge === 'git') throw new InputError(`--forge git has no REST API to open ${shown} with`, 'use --forge github or --forge gitlab');
  let raw = envRepo.trim();
  if (!raw) throw new InputError('--env-repo is empty', 'pass https://HOST/OWNER/NAME.git, or OWNER/NAME with --forge');
  const api = apiUrl ? stripSlash(apiUrl.trim()) : undefined;
  if (api && !/^https?:\/\//i.test(api)) throw new InputError(`--api-url ${stripUrlCredentials(api)} is not an http(s) URL`);
  const apiForge: ApiForge | undefined = api ? (/\/api\/v4$/i.test(api) ? 'gitlab' : /\/api\/v3$|^https?:\/\/api\.github\.com$/i.test(api) ? 'github' : undefined) : undefined;

  // scp-like ssh: git@host:o/n.git
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(raw);
  if (scp && !/^[a-z]+:\/\//i.test(raw) && scp[1].includes('.')) raw = `https://${scp[1]}/${scp[2]}`;
  raw = raw.replace(/^ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\//i, 'https://$1/');

  let host: string | undefined;
  let origin = '';
  let pathPart = raw;
  if (/^https?:\/\//i.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new InputError(`--env-repo ${shown} is not a valid URL`);
    }
    host = url.host.toLowerCase();
    origin = `${url.protocol}//${url.host}`;
    pathPart = decodeURIComponent(url.pathname);
  }

  if (!host && /^(\/|\.{1,2}\/|~|file:)/i.test(raw)) {
    throw new InputError(`--env-repo ${shown} is a local path, which has no ${forge ?? 'forge'} API`, 'pass OWNER/NAME or a URL, or --forge git for a path');
  }

  const ciServer = env.CI_SERVER_URL ? stripSlash(env.CI_SERVER_URL) : undefined;
  let kind: ApiForge | undefined = forge ?? undefined;
  if (!kind && host) {
    if (host === 'github.com' || host === 'www.github.com') kind = 'github';
    else if (host === 'gitlab.com') kind = 'gitlab';
    else if (ciServer && hostOf(ciServer) === host) kind = 'gitlab';
    else if (api && hostOf(api) === host) kind = apiForge;
  }
  if (!kind && !host) kind = apiForge;
  if (!kind) {
    throw new InputError(
      host ? `cannot tell whether ${host} is GitHub or GitLab for --env-repo ${shown}` : `--env-repo ${shown} names no host, so the forge is ambiguous`,
      'pass --forge github or --forge gitlab (and --api-url for a self-hosted server)',
    );
  }

  // The REST base.
  let base = api;
  if (!base) {
    if (kind === 'github') base = !host || host === 'github.com' || host === 'www.github.com' ? GITHUB_API : `${origin}/api/v3`;
    else if (!host) base = env.CI_API_V4_URL ? stripSlash(env.CI_API_V4_URL) : ciServer ? `${ciServer}/api/v4` : GITLAB_API;
    else if (ciServer && hostOf(ciServer) === host) base = env.CI_API_V4_URL ? stripSlash(env.CI_API_V4_URL) : `${ciServer}/api/v4`;
    else base = `${origin}/api/v4`;
  }
  const webUrl = webUrlOf(kind, base);

  // Cut the web base's own path (GitLab at https://HOST/gitlab) off the repository path.
  let path = pathPart;
  if (host) {
    const webPath = (() => {
      try {
        const w = new URL(webUrl);
        return w.host.toLowerCase() === host ? stripSlash(w.pathname) : '';
      } catch {
        return '';
      }
    })();
    if (webPath && (path === webPath || path.startsWith(`${webPath}/`))) path = path.slice(webPath.length);
  }
  path = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/i, '');
  if (kind === 'gitlab') path = path.replace(/\/-(\/.*)?$/, '');
  let segments = path.split('/').filter(Boolean);
  if (kind === 'github' && host && segments.length > 2) segments = segments.slice(0, 2); // …/tree/main, …/pull/1
  const bad = segments.some((s) => s === '.' || s === '..' || !/^[\w.-]+$/.test(s));
  if (kind === 'gitlab' && segments.length === 1 && /^\d+$/.test(segments[0])) {
    return { forge: kind, path: segments[0], apiUrl: base, webUrl };
  }
  if (bad || segments.length < 2 || (kind === 'github' && segments.length !== 2)) {
    throw new InputError(
      `--env-repo ${shown} does not name a ${kind === 'github' ? 'GitHub repository (OWNER/NAME)' : 'GitLab project (GROUP/…/NAME)'}`,
      kind === 'github' ? 'pass https://HOST/OWNER/NAME.git or OWNER/NAME' : 'pass https://HOST/GROUP/NAME.git or GROUP/NAME',
    );
  }
  return { forge: kind, path: segments.join('/'), apiUrl: base, webUrl };
}

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
    return new RemoteError(
      `repository ${c.display} not found at ${c.apiUrl} (check --env-repo and that the token can see it)`,
      c.credentialNote,
      { status },
    );
  }
  if (status === 403) {
    return new RemoteError(`${c.forgeName} refused to ${c.op} on ${c.display}: ${msg || 'Forbidden'} (403)`, authHint(c, c.hasToken ? `check that ${c.tokenEnv} may write to ${c.display} and that the branch is not protected` : `set ${c.tokenEnv}, or bind it to this host with --token-host`), { status });
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
