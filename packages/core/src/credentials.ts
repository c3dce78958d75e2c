/**
 * Which secret may go to which host: the one place every client asks (git, GitHub, GitLab,
 * Argo CD, Kubernetes). A forge token from the environment is bound to hosts:
 *
 *   GITHUB_TOKEN / GH_TOKEN      github.com (+ api.github.com), GITHUB_SERVER_URL's host (+ api.HOST),
 *                                GITHUB_API_URL's host, the --api-url host of a github forge
 *   GITLAB_TOKEN / CI_JOB_TOKEN  gitlab.com, CI_SERVER_URL's host, CI_API_V4_URL's host,
 *                                the --api-url host of a gitlab forge
 *   either                       every host named by --token-host (GITOPS_TOKEN_HOST), on purpose
 *
 * An env token never goes to any other host, and never over plain http except to loopback.
 * Credentials written in the URL (https://user:token@host/…) are the user's own choice for that
 * URL and win over env tokens. A bound host without a port binds every port; HOST:PORT binds
 * that port only. Every decision carries a sentence saying what was sent and why (by variable
 * name, never the value), for the 401/403 hints.
 */
import { InputError } from './errors.js';

type Env = Record<string, string | undefined>;

export type TokenVariable = 'GITHUB_TOKEN' | 'GH_TOKEN' | 'GITLAB_TOKEN' | 'CI_JOB_TOKEN';
export type TokenFamily = 'github' | 'gitlab';

export interface Credential {
  /** The secret to send; absent when nothing may be sent. */
  token?: string;
  /** Where the secret came from: an environment variable, or the URL itself. */
  source?: TokenVariable | 'url';
  /** Basic-auth username for git (x-access-token, oauth2, gitlab-ci-token, or the URL's). */
  username?: string;
  /** One sentence: what was sent to which host and why, or why nothing was sent. Never the value. */
  reason: string;
}

export interface CredentialRequest {
  /** Where the requests go: the env repo URL (git) or the REST base (github/gitlab). */
  url: string;
  /** Which tokens may be considered: one family for a REST forge, either for git. */
  forge?: 'git' | TokenFamily;
  /** The forge's --api-url: binds that forge's token to its host. */
  apiUrl?: string;
  /** --token-host: more hosts the env token is bound to on purpose. */
  tokenHosts?: readonly string[];
  env: Env;
}

const FAMILY_VARS: Record<TokenFamily, readonly TokenVariable[]> = {
  github: ['GITHUB_TOKEN', 'GH_TOKEN'],
  gitlab: ['GITLAB_TOKEN', 'CI_JOB_TOKEN'],
};

const USERNAMES: Record<TokenVariable, string> = {
  GITHUB_TOKEN: 'x-access-token',
  GH_TOKEN: 'x-access-token',
  GITLAB_TOKEN: 'oauth2',
  CI_JOB_TOKEN: 'gitlab-ci-token',
};

/** Request headers that carry credentials: dropped on any change of origin. */
export const CREDENTIAL_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'private-token', 'job-token'];

/** 127.0.0.0/8, ::1 and localhost: plain http there never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(h)) return true;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  return !!m && m[1] === '127' && m.slice(2).every((x) => Number(x) <= 255);
}

/** May a secret travel to this URL at all? Only https, or plain http to loopback. */
export function transportAllowsSecrets(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopback(url.hostname);
}

const LONE_TOKEN_MIN = 20;
const CONVENTIONAL_USERS = new Set(['x-access-token', 'oauth2', 'gitlab-ci-token', 'git', 'x-token-auth']);

/**
 * Credentials written into an http(s) URL: `user:secret@`, or a lone token-like user
 * (`https://TOKEN@host`, as many docs show). A lone conventional name is only a username.
 */
export function urlCredentials(u: URL): { username?: string; token?: string } {
  const user = u.username ? decodeURIComponent(u.username) : undefined;
  const pass = u.password ? decodeURIComponent(u.password) : undefined;
  if (pass !== undefined) return { username: user || undefined, token: pass };
  if (user !== undefined && !CONVENTIONAL_USERS.has(user) && user.length >= LONE_TOKEN_MIN) return { token: user };
  return user !== undefined ? { username: user } : {};
}

interface Binding {
  hostname: string;
  port?: string;
  /** Why this host is bound, e.g. "GITHUB_SERVER_URL's host". */
  why: string;
}

function bindingOf(raw: string | undefined, why: string, withApi = false): Binding[] {
  if (!raw) return [];
  try {
    const u = new URL(raw);
    const port = u.port || undefined;
    const out: Binding[] = [{ hostname: u.hostname.toLowerCase(), port, why }];
    // GitHub serves its REST API from api.HOST for github.com and GHE.com.
    if (withApi && !/^\d+\.\d+\.\d+\.\d+$|^\[/.test(u.hostname)) out.push({ hostname: `api.${u.hostname.toLowerCase()}`, port, why: `the API host of ${why}` });
    return out;
  } catch {
    return [];
  }
}

/** `HOST` or `HOST:PORT` entries of --token-host; anything else is an input error. */
export function parseTokenHosts(value: string | readonly string[] | undefined, flag = '--token-host'): string[] {
  if (value === undefined) return [];
  const items = (typeof value === 'string' ? value.split(/[,\n]/) : value.flatMap((v) => v.split(/[,\n]/))).map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/i.test(item)) {
      throw new InputError(`${flag} ${JSON.stringify(item).slice(0, 80)} is not a host name`, `pass HOST or HOST:PORT, comma-separated (no scheme, no path)`);
    }
  }
  return items.map((s) => s.toLowerCase());
}

function tokenHostBindings(hosts: readonly string[]): Binding[] {
  return hosts.map((h) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h)!;
    return { hostname: m[1], port: m[2], why: '--token-host names it' };
  });
}

function bindingsFor(family: TokenFamily, req: CredentialRequest, tokenHosts: readonly string[]): Binding[] {
  const { env } = req;
  const api = req.forge === family ? bindingOf(req.apiUrl, 'the --api-url host') : [];
  const own =
    family === 'github'
      ? [
          ...bindingOf('https://github.com', 'github.com', true),
          ...bindingOf(env.GITHUB_SERVER_URL, "GITHUB_SERVER_URL's host", true),
          ...bindingOf(env.GITHUB_API_URL, "GITHUB_API_URL's host"),
        ]
      : [
          ...bindingOf('https://gitlab.com', 'gitlab.com'),
          ...bindingOf(env.CI_SERVER_URL, "CI_SERVER_URL's host"),
          ...bindingOf(env.CI_API_V4_URL, "CI_API_V4_URL's host"),
        ];
  return [...own, ...api, ...tokenHostBindings(tokenHosts)];
}

function effectivePort(u: URL): string {
  return u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
}

function matches(b: Binding, u: URL): boolean {
  return b.hostname === u.hostname.toLowerCase() && (b.port === undefined || b.port === effectivePort(u));
}

function hostLabel(u: URL): string {
  return u.host.toLowerCase();
}

/** The token families to consider, in order of preference. */
function familiesFor(req: CredentialRequest): TokenFamily[] {
  if (req.forge === 'github' || req.forge === 'gitlab') return [req.forge];
  // git: both; GitLab's own first inside GitLab CI.
  return req.env.GITLAB_CI ? ['gitlab', 'github'] : ['github', 'gitlab'];
}

/** The --token-host value from the request or GITOPS_TOKEN_HOST. */
function tokenHostsOf(req: CredentialRequest): string[] {
  return req.tokenHosts ? parseTokenHosts(req.tokenHosts) : parseTokenHosts(req.env.GITOPS_TOKEN_HOST, 'GITOPS_TOKEN_HOST');
}

/** Decide which credential (if any) goes to `req.url`, and say why. */
export function credentialFor(req: CredentialRequest): Credential {
  let u: URL;
  try {
    u = new URL(req.url);
  } catch {
    return { reason: 'sent no token: not an http(s) URL' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { reason: `sent no token: ${u.protocol.slice(0, -1)} is not http(s)` };
  const host = hostLabel(u);
  const own = urlCredentials(u);
  if (own.token)
    return {
      token: own.token,
      source: 'url',
      username: own.username,
      reason: `sent the credentials written in the URL to ${host} (they win over environment tokens)`,
    };

  const families = familiesFor(req);
  const candidates = families.flatMap((f) => FAMILY_VARS[f].filter((v) => req.env[v]).map((v) => ({ family: f, variable: v })));
  const names = families.flatMap((f) => FAMILY_VARS[f]).join(', ');
  if (candidates.length === 0) return { username: own.username, reason: `sent no token to ${host}: none of ${names} is set` };

  const tokenHosts = tokenHostsOf(req);
  for (const c of candidates) {
    const bound = bindingsFor(c.family, req, tokenHosts).find((b) => matches(b, u));
    if (!bound) continue;
    if (!transportAllowsSecrets(u)) {
      return {
        username: own.username,
        reason: `sent no token to ${host}: ${c.variable} never goes over plain http except to loopback (use https)`,
      };
    }
    return {
      token: req.env[c.variable],
      source: c.variable,
      username: own.username ?? USERNAMES[c.variable],
      reason: `sent ${c.variable} to ${host} because ${host} is ${bound.why === '--token-host names it' ? 'named by --token-host' : bound.why}`,
    };
  }
  const first = candidates[0];
  const boundTo = [...new Set(bindingsFor(first.family, req, tokenHosts).map((b) => (b.port ? `${b.hostname}:${b.port}` : b.hostname)))].join(', ');
  return {
    username: own.username,
    reason: `sent no token to ${host}: ${candidates.map((c) => c.variable).join(' and ')} ${candidates.length > 1 ? 'are' : 'is'} bound to ${boundTo} only (pass --token-host ${u.hostname} to send it there on purpose)`,
  };
}

/**
 * A secret configured for one server (Argo CD token, kubeconfig credentials, HTTP gate headers)
 * may go to that server's origin only, and over plain http only to loopback.
 */
export function assertSecretTransport(url: string, what: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return;
  }
  if (!transportAllowsSecrets(u)) {
    throw new InputError(
      `refusing to send ${what} over plain http to ${u.host} (a secret goes over plain http only to loopback)`,
      `use an https URL for ${u.host}`,
    );
  }
}

/** Control characters (newline, NUL, ESC…) in a flag value: never a valid URL, host or path. */
export function assertNoControlChars(value: string | undefined, flag: string): void {
  if (value === undefined) return;
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const i = value.search(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  if (i >= 0) {
    const code = value.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
    throw new InputError(`${flag} contains a control character (U+${code} at position ${i + 1})`, `remove newlines and control characters from ${flag}`);
  }
}
