/**
 * How a remote and its credentials reach git. The token never goes into argv or into a URL
 * that git stores or prints: it travels in the environment as GIT_CONFIG_COUNT/KEY/VALUE
 * entries setting `http.<origin>/.extraHeader = Authorization: Basic base64(user:token)`,
 * scoped to the remote's origin, the way actions/checkout hands its token to git. Which token
 * (if any) is credentials.ts's decision; here it is only handed over.
 */
import type { GitRemote } from './repo-ref.js';

/** The remote itself is parsed in repo-ref.ts (with everything else --env-repo can name). */
export { DEFAULT_USERNAME, parseRemote, type GitRemote, type RemoteKind } from './repo-ref.js';

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
