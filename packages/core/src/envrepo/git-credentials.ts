/**
 * How a remote and its credentials reach git. The token never goes into argv or into a URL
 * that git stores or prints: it travels in the environment as GIT_CONFIG_COUNT/KEY/VALUE
 * entries setting `http.<origin>/.extraHeader = Authorization: Basic base64(user:token)`,
 * scoped to the remote's origin, the way actions/checkout hands its token to git. Which token
 * (if any) is credentials.ts's decision; here it is only handed over.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { urlCredentials } from '../credentials.js';
import { InputError } from '../errors.js';
import { stripUrlCredentials } from '../redaction.js';

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

/** The Authorization header value for a remote, or undefined when it carries no token. */
export function authHeader(remote: GitRemote): string | undefined {
  if (!remote.token || remote.kind !== 'http') return undefined;
  return `Basic ${Buffer.from(`${remote.username}:${remote.token}`).toString('base64')}`;
}

/**
 * Config entries (key, value) that make git authenticate to this remote with our token. Without
 * a token nothing is set, so git's own credential helpers (e.g. a checkout's persisted
 * credentials) still work; GIT_TERMINAL_PROMPT=0 keeps git from asking anyone either way.
 */
export function authConfig(remote: GitRemote): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  const header = authHeader(remote);
  if (header && remote.origin) {
    // With our token, stored credentials must not "fix" a wrong one (nor be written to).
    entries.push(['credential.helper', ''], ['core.askPass', '']);
    // An empty value resets inherited extra headers (e.g. a stale one from the CI's config).
    entries.push([`http.${remote.origin}.extraHeader`, '']);
    entries.push([`http.${remote.origin}.extraHeader`, `Authorization: ${header}`]);
    // With followRedirects=initial git re-targets every later request of the session at the
    // redirect's host and still adds our extraHeader there: no redirects while we hold a token.
    entries.push(['http.followRedirects', 'false']);
  }
  return entries;
}

/** Variables git must not inherit from the caller (we may run inside a hook or another repo). */
const INHERITED_GIT_VARS = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
  'GIT_COMMON_DIR',
  'GIT_QUARANTINE_PATH',
  'GIT_SHALLOW_FILE',
  'GIT_REPLACE_REF_BASE',
  'GIT_NO_REPLACE_OBJECTS',
];

/**
 * The environment for a git process: the caller's, minus repository-selecting variables,
 * plus no prompts, the C locale (we parse messages) and `config` appended after any
 * GIT_CONFIG_COUNT entries the caller already had.
 */
export function gitEnv(config: Array<[string, string]>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const k of INHERITED_GIT_VARS) delete env[k];
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_ASKPASS = '';
  env.SSH_ASKPASS = '';
  env.GCM_INTERACTIVE = 'never';
  env.LC_ALL = 'C';
  env.LANG = 'C';
  env.LANGUAGE = 'C';
  let n = Number.parseInt(base.GIT_CONFIG_COUNT ?? '0', 10);
  if (!Number.isInteger(n) || n < 0) n = 0;
  for (const [k, v] of config) {
    env[`GIT_CONFIG_KEY_${n}`] = k;
    env[`GIT_CONFIG_VALUE_${n}`] = v;
    n++;
  }
  env.GIT_CONFIG_COUNT = String(n);
  return env;
}
