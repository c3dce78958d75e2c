/**
 * Open the env repo named by `--env-repo` / `env-repo` with the right adapter and the
 * credentials the ecosystem's own tools read from the environment:
 *   github  GITHUB_TOKEN (or GH_TOKEN)          REST, no clone
 *   gitlab  GITLAB_TOKEN, else CI_JOB_TOKEN     REST, no clone
 *   git     the token matching the host, given to git out of argv; ssh and local paths as is
 * Without --forge the forge is inferred: github.com → github, gitlab.com or GitLab CI's own
 * server (CI_SERVER_URL) → gitlab, anything else → git.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { GitEnvRepo } from './git.js';
import { openGitHubRepo } from './github.js';
import { openGitLabRepo } from './gitlab.js';
import { parseRepoRef } from './forge-common.js';
import type { EnvRepo, ForgeKind } from './port.js';

type Env = Record<string, string | undefined>;

export interface OpenEnvRepoOptions {
  envRepo: string;
  forge?: ForgeKind;
  apiUrl?: string;
  /** The branch verbs will work on; the git adapter fetches it first. */
  branch?: string;
  env: Env;
}

const FORGES: readonly ForgeKind[] = ['git', 'github', 'gitlab'];

function hostOf(url: string): string | undefined {
  try {
    return /^https?:\/\//i.test(url) ? new URL(url).hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export function inferForge(envRepo: string, env: Env): ForgeKind {
  const host = hostOf(envRepo);
  if (!host) return 'git';
  if (host === 'github.com') return 'github';
  if (host === 'gitlab.com') return 'gitlab';
  const ciHost = env.CI_SERVER_URL ? hostOf(env.CI_SERVER_URL) : undefined;
  if (ciHost && ciHost === host) return 'gitlab';
  return 'git';
}

/** Token and username for git over HTTPS, chosen by host. */
export function gitCredentials(envRepo: string, env: Env): { token?: string; username?: string } {
  const host = hostOf(envRepo);
  if (!host) return {};
  const gitlabish = inferForge(envRepo, env) === 'gitlab' || host.includes('gitlab');
  const github = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (gitlabish || !github) {
    if (env.GITLAB_TOKEN) return { token: env.GITLAB_TOKEN, username: 'oauth2' };
    if (env.CI_JOB_TOKEN) return { token: env.CI_JOB_TOKEN, username: 'gitlab-ci-token' };
  }
  return github ? { token: github, username: 'x-access-token' } : {};
}

export async function openEnvRepo(opts: OpenEnvRepoOptions): Promise<EnvRepo> {
  if (!opts.envRepo) throw new InputError('--env-repo is required', 'pass a git URL, a local path, or OWNER/NAME with --forge');
  if (opts.forge && !FORGES.includes(opts.forge)) {
    throw new InputError(`--forge ${opts.forge} is not one of ${FORGES.join(', ')}`);
  }
  const forge = opts.forge ?? inferForge(opts.envRepo, opts.env);
  const { env } = opts;
  if (forge === 'github') {
    const ref = parseRepoRef(opts.envRepo, 'github', opts.apiUrl);
    // GitHub asks for a second between writes (secondary rate limits); GITOPS_WRITE_INTERVAL_MS tunes it.
    const writeIntervalMs = env.GITOPS_WRITE_INTERVAL_MS ? Number(env.GITOPS_WRITE_INTERVAL_MS) : undefined;
    return openGitHubRepo({ repo: ref.path, token: env.GITHUB_TOKEN ?? env.GH_TOKEN, apiUrl: ref.apiUrl, writeIntervalMs });
  }
  if (forge === 'gitlab') {
    const ref = parseRepoRef(opts.envRepo, 'gitlab', opts.apiUrl ?? (env.CI_API_V4_URL || undefined));
    const job = !env.GITLAB_TOKEN && env.CI_JOB_TOKEN;
    return openGitLabRepo({
      project: ref.path,
      token: env.GITLAB_TOKEN ?? env.CI_JOB_TOKEN,
      tokenKind: job ? 'job' : 'private',
      apiUrl: ref.apiUrl,
    });
  }
  if (!opts.forge && /^[\w.-]+(\/[\w.-]+)+$/.test(opts.envRepo) && !existsSync(opts.envRepo)) {
    throw new InputError(`--env-repo ${opts.envRepo} is neither a local repository nor a URL`, 'for OWNER/NAME pass --forge github or --forge gitlab');
  }
  return GitEnvRepo.open({ url: opts.envRepo, branch: opts.branch, ...gitCredentials(opts.envRepo, env) });
}
