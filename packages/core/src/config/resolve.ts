/**
 * app + env → EnvTarget: gitops.yaml (already validated by parseConfig) merged with the values
 * given as flags / action inputs, which always win. Defaults: key `image.tag` (the app's `key`
 * first), mode `push`, branch `main`, Flux namespace `flux-system`.
 */
import { InputError } from '../errors.js';
import { CONFIG_FILE } from './load.js';
import { assertRepoPath } from './repo-path.js';
import type { AppConfig, EnvConfig, EnvTarget, GitopsConfig, TargetOverrides } from './types.js';

export const DEFAULT_KEY = 'image.tag';
export const DEFAULT_MODE: EnvTarget['mode'] = 'push';
export const DEFAULT_BRANCH = 'main';
export const DEFAULT_FLUX_NAMESPACE = 'flux-system';

const MODES: readonly EnvTarget['mode'][] = ['push', 'pull-request'];

/**
 * Merge gitops.yaml and overrides into the target of one environment of one app.
 *
 * An override that is `undefined` or an empty string counts as not given (GitHub Actions passes
 * `''` for inputs left out).
 *
 * @throws InputError for an unknown app (`--app`) or env (`--env`), listing the known ones; when
 *   there is no gitops.yaml and no `--file`; for an invalid `--file`, `--mode`, `--key`,
 *   `--branch` or `--from`.
 */
export function resolveTarget(config: GitopsConfig | null, app: string, env: string, overrides: TargetOverrides): EnvTarget {
  const given = compact(overrides);
  requireName(app, '--app');
  requireName(env, '--env');

  let appConfig: AppConfig | undefined;
  let envConfig: EnvConfig = {};
  if (config) {
    appConfig = appOf(config, app);
    envConfig = envOf(appConfig, app, env);
  }

  let file: string;
  if (given.file !== undefined) {
    file = assertRepoPath(given.file, '--file');
  } else if (envConfig.file !== undefined) {
    file = assertRepoPath(envConfig.file, `${CONFIG_FILE} apps.${app}.environments.${env}.file`);
  } else if (config) {
    // parseConfig guarantees a file; a hand-built config may not.
    throw new InputError(
      `${CONFIG_FILE} gives no file for apps.${app}.environments.${env}`,
      `pass --file or add "file:" to apps.${app}.environments.${env} in ${CONFIG_FILE}`,
    );
  } else {
    throw new InputError(
      `no ${CONFIG_FILE} in the env repo and no --file: cannot tell which file holds the tag of ${app} in ${env}`,
      `pass --file and --key or add ${CONFIG_FILE}`,
    );
  }

  const key = given.key ?? envConfig.key ?? appConfig?.key ?? DEFAULT_KEY;
  if (key.trim() === '') throw new InputError('--key is empty', `give the YAML path of the tag, e.g. ${DEFAULT_KEY}`);

  const mode = given.mode ?? envConfig.mode ?? DEFAULT_MODE;
  if (!MODES.includes(mode)) {
    throw new InputError(`--mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  }

  const branch = given.branch ?? envConfig.branch ?? DEFAULT_BRANCH;
  assertBranch(branch, given.branch !== undefined ? '--branch' : `${CONFIG_FILE} apps.${app}.environments.${env}.branch`);

  const from = given.from ?? envConfig.from;
  if (given.from !== undefined && appConfig && !Object.hasOwn(appConfig.environments, given.from)) {
    throw new InputError(
      `--from ${JSON.stringify(given.from)} is not an environment of app ${app}`,
      `use one of: ${Object.keys(appConfig.environments).join(', ')}`,
    );
  }

  const image = given.image ?? appConfig?.image;

  const target: EnvTarget = { app, env, file, key, mode, branch };
  if (image !== undefined) target.image = image;
  if (from !== undefined) target.from = from;
  if (envConfig.argocd !== undefined) {
    const a = envConfig.argocd;
    target.argocd = typeof a === 'string' ? { name: a } : { ...a };
  }
  if (envConfig.flux !== undefined) {
    target.flux = { ...envConfig.flux, namespace: envConfig.flux.namespace ?? DEFAULT_FLUX_NAMESPACE };
  }
  return target;
}

/** The environments of `app` in gitops.yaml order; [] without a config. */
export function listEnvironments(config: GitopsConfig | null, app: string): string[] {
  if (!config) return [];
  return Object.keys(appOf(config, app).environments);
}

/** The environment `env` is promoted from (its `from`), or undefined for the first one. */
export function previousEnv(config: GitopsConfig | null, app: string, env: string): string | undefined {
  if (!config) return undefined;
  return envOf(appOf(config, app), app, env).from;
}

function appOf(config: GitopsConfig, app: string): AppConfig {
  const apps = config.apps ?? {};
  const found = Object.hasOwn(apps, app) ? apps[app] : undefined;
  if (!found) {
    const known = Object.keys(apps);
    throw new InputError(
      `--app ${JSON.stringify(app)} is not in ${CONFIG_FILE}` + (known.length ? ` (known apps: ${known.join(', ')})` : ''),
      `pass one of the known apps to --app, or add apps.${app} to ${CONFIG_FILE}`,
    );
  }
  return found;
}

function envOf(appConfig: AppConfig, app: string, env: string): EnvConfig {
  const envs = appConfig.environments ?? {};
  const found = Object.hasOwn(envs, env) ? envs[env] : undefined;
  if (!found) {
    const known = Object.keys(envs);
    throw new InputError(
      `--env ${JSON.stringify(env)} is not an environment of app ${app} in ${CONFIG_FILE}` + (known.length ? ` (known environments: ${known.join(', ')})` : ''),
      `pass one of the known environments to --env, or add apps.${app}.environments.${env} to ${CONFIG_FILE}`,
    );
  }
  return found;
}

/** Drop overrides that are undefined or empty strings. */
function compact(overrides: TargetOverrides): TargetOverrides {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (typeof v === 'string' && v !== '') out[k] = v;
  }
  return out;
}

function requireName(value: string, input: '--app' | '--env'): void {
  const what = input === '--app' ? 'app' : 'environment';
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${input} is required`, `pass the ${what} name, as in ${CONFIG_FILE}`);
  }
  // Names end up in branch names and commit messages: keep them to safe characters.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) {
    throw new InputError(`${input} ${JSON.stringify(value)} is not a valid ${what} name`, 'use letters, digits, ".", "_" and "-"');
  }
}

/** git check-ref-format rules that matter for a user-given branch. */
function assertBranch(branch: string, input: string): void {
  const bad =
    branch.trim() === '' ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0020\u007f~^:?*[\\]/.test(branch) ||
    branch.startsWith('-') ||
    branch.startsWith('/') ||
    branch.endsWith('/') ||
    branch.endsWith('.') ||
    branch.endsWith('.lock') ||
    branch.includes('..') ||
    branch.includes('//') ||
    branch.includes('@{') ||
    branch === '@' ||
    branch.split('/').some((part) => part.startsWith('.'));
  if (bad) {
    throw new InputError(`${input} ${JSON.stringify(branch)} is not a valid branch name`, 'give a branch name such as main');
  }
}
