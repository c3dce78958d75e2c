/**
 * What `--env-repo` names, read once here for every adapter: which forge serves it when --forge
 * is not given (inferForge), the REST forge's repository, API base and web base (parseRepoRef),
 * and the git remote with any credentials written in its URL (parseRemote).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { urlCredentials } from '../credentials.js';
import { InputError } from '../errors.js';
import { stripUrlCredentials } from '../redaction.js';
import type { ForgeKind } from './port.js';

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

/** `host[:port]` of any URL, lower case (undefined for what is not a URL). */
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
  const apiForge: ApiForge | undefined = api
    ? /\/api\/v4$/i.test(api)
      ? 'gitlab'
      : /\/api\/v3$|^https?:\/\/api\.github\.com$/i.test(api)
        ? 'github'
        : undefined
    : undefined;

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

// ---------------------------------------------------------------- forge inference

/** The host name of an http(s) URL, lower case, without port (undefined for anything else). */
export function httpHostname(url: string): string | undefined {
  try {
    return /^https?:\/\//i.test(url) ? new URL(url).hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** OWNER/NAME or GROUP/SUBGROUP/NAME: a forge path, unless a local directory has that name. */
const FORGE_PATH = /^[\w.-]+(\/[\w.-]+)+$/;

/** OWNER/NAME (or GROUP/…/NAME) that is not a local directory: a repository on some forge. */
export function isForgePath(envRepo: string): boolean {
  return FORGE_PATH.test(envRepo) && !existsSync(envRepo);
}

/**
 * The forge when --forge is not given, the same for every face: by the URL's host (github.com,
 * gitlab.com, the running CI's own server), and OWNER/NAME means the forge of the CI running us.
 */
export function inferForge(envRepo: string, env: Env): ForgeKind {
  const host = httpHostname(envRepo);
  if (!host) {
    if (isForgePath(envRepo)) {
      if (env.GITHUB_ACTIONS === 'true') return 'github';
      // GitLab CI always sets CI_API_V4_URL (gitlab-ci-local sets GITLAB_CI=false but the rest alike).
      if (env.GITLAB_CI === 'true' || env.CI_API_V4_URL) return 'gitlab';
    }
    return 'git';
  }
  if (host === 'github.com') return 'github';
  if (host === 'gitlab.com') return 'gitlab';
  const gitlabHost = env.CI_SERVER_URL ? httpHostname(env.CI_SERVER_URL) : undefined;
  if (gitlabHost && gitlabHost === host) return 'gitlab';
  // Inside GitHub Actions, a URL on the workflow's own server (GitHub Enterprise too) is that GitHub.
  const githubHost = env.GITHUB_ACTIONS === 'true' && env.GITHUB_SERVER_URL ? httpHostname(env.GITHUB_SERVER_URL) : undefined;
  if (githubHost && githubHost === host) return 'github';
  return 'git';
}

// ---------------------------------------------------------------- git remotes

export type RemoteKind = 'local' | 'file' | 'http' | 'ssh';

export interface GitRemote {
  kind: RemoteKind;
  /** What git fetches from / pushes to: no credentials in it. Absolute for local paths. */
  url: string;
  /** Printable name: the URL without credentials, or the path. */
  display: string;
  /** `scheme://host[:port]/` for http(s) remotes: the scope of the auth header. */
  origin?: string;
  token?: string;
  username: string;
  /** What credential is sent and why (credentials.ts), for the 401/403 hint. Never the value. */
  credentialNote?: string;
}

/** Default Basic-auth username for a token (GitHub accepts any; x-access-token is its convention). */
export const DEFAULT_USERNAME = 'x-access-token';

const SCP_LIKE = /^[^/\\:@]+@[^/\\:]+:/; // git@github.com:owner/repo.git
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A URL (any scheme) or scp-like `user@host:path`: a remote, not a local path. */
export function isRemoteUrl(envRepo: string): boolean {
  return HAS_SCHEME.test(envRepo) || SCP_LIKE.test(envRepo);
}

/**
 * Parse what the user gave as the env repo. Credentials embedded in an http(s) URL are removed
 * from it and used as the token (and username): they win over a token passed in.
 */
export function parseRemote(raw: string, opts: { token?: string; username?: string; cwd?: string; credentialNote?: string } = {}): GitRemote {
  const input = raw.trim();
  if (!input) throw new InputError('the env repo is empty', 'pass a git URL or a local path');
  if (HAS_SCHEME.test(input)) {
    let u: URL;
    try {
      u = new URL(input);
    } catch {
      throw new InputError(`the env repo is not a valid URL: ${stripUrlCredentials(input)}`);
    }
    const scheme = u.protocol.slice(0, -1).toLowerCase();
    if (scheme === 'file') {
      const path = fileURLToPath(u);
      return { kind: 'file', url: u.href, display: path, username: opts.username ?? DEFAULT_USERNAME };
    }
    if (scheme === 'http' || scheme === 'https') {
      const embedded = urlCredentials(u);
      u.username = '';
      u.password = '';
      const url = u.href;
      // The URL's own credentials win (the user wrote them for this very URL).
      const token = embedded.token ?? opts.token;
      const username = embedded.token ? embedded.username : (embedded.username ?? opts.username);
      return {
        kind: 'http',
        url,
        display: url,
        origin: `${u.protocol}//${u.host}/`,
        token: token || undefined,
        username: username || DEFAULT_USERNAME,
        credentialNote: embedded.token ? 'sent the credentials written in the URL' : opts.credentialNote,
      };
    }
    // ssh://, git://, and anything else git understands: passed through untouched.
    return { kind: 'ssh', url: input, display: stripUrlCredentials(input), username: opts.username ?? DEFAULT_USERNAME };
  }
  if (SCP_LIKE.test(input) && !isAbsolute(input)) {
    return { kind: 'ssh', url: input, display: input, username: opts.username ?? DEFAULT_USERNAME };
  }
  const path = resolve(opts.cwd ?? process.cwd(), input);
  return { kind: 'local', url: path, display: path, username: opts.username ?? DEFAULT_USERNAME };
}
