/**
 * Where the Kubernetes API is and how to authenticate, as kubectl and client-go find it:
 * an explicit kubeconfig path, else KUBECONFIG, else the in-cluster service account
 * (token file + CA under /var/run/secrets/kubernetes.io/serviceaccount with
 * KUBERNETES_SERVICE_HOST/PORT), else ~/.kube/config.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../errors.js';
import type { TlsOptions } from './transport.js';

export interface KubeConnection {
  /** API server base URL, no trailing slash. */
  server: string;
  tls: TlsOptions;
  /** Where the credentials came from (for messages). */
  source: string;
  /** Current bearer token (re-read from a token file each call: projected tokens rotate). */
  token(): string | undefined;
  /** Basic auth header value, when the kubeconfig uses username/password. */
  basic?: string;
}

export interface KubeConnectionOptions {
  kubeconfig?: string;
  context?: string;
  env?: Record<string, string | undefined>;
  /** Directory of the in-cluster service account (tests). */
  serviceAccountDir?: string;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

interface KubeconfigFile {
  'current-context'?: string;
  contexts?: { name: string; context?: { cluster?: string; user?: string; namespace?: string } }[];
  clusters?: {
    name: string;
    cluster?: {
      server?: string;
      'certificate-authority'?: string;
      'certificate-authority-data'?: string;
      'insecure-skip-tls-verify'?: boolean;
    };
  }[];
  users?: {
    name: string;
    user?: {
      token?: string;
      tokenFile?: string;
      'client-certificate'?: string;
      'client-certificate-data'?: string;
      'client-key'?: string;
      'client-key-data'?: string;
      username?: string;
      password?: string;
      exec?: unknown;
      'auth-provider'?: unknown;
    };
  }[];
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`cannot read ${what} ${path}`, 'check KUBECONFIG / the file path');
  }
}

export function loadKubeConnection(opts: KubeConnectionOptions = {}): KubeConnection {
  const env = opts.env ?? process.env;
  const explicit = opts.kubeconfig ?? env.KUBECONFIG?.split(':').find((p) => p && existsSync(p));
  if (explicit) return fromKubeconfig(explicit, opts.context);
  const saDir = opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  if (env.KUBERNETES_SERVICE_HOST && existsSync(join(saDir, 'token'))) {
    const host = env.KUBERNETES_SERVICE_HOST;
    const port = env.KUBERNETES_SERVICE_PORT ?? '443';
    const hostPart = host.includes(':') ? `[${host}]` : host;
    const tokenPath = join(saDir, 'token');
    const caPath = join(saDir, 'ca.crt');
    return {
      server: `https://${hostPart}:${port}`,
      tls: existsSync(caPath) ? { ca: readFileSync(caPath) } : {},
      source: 'in-cluster service account',
      token: () => readText(tokenPath, 'service account token').trim(),
    };
  }
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return fromKubeconfig(home, opts.context);
  throw new InputError(
    'no Kubernetes credentials: KUBECONFIG is not set, ~/.kube/config does not exist, and this is not a pod',
    'set KUBECONFIG (or run inside the cluster with a service account)',
  );
}

export function fromKubeconfig(path: string, contextName?: string): KubeConnection {
  let cfg: KubeconfigFile;
  try {
    cfg = (parse(readText(path, 'kubeconfig')) ?? {}) as KubeconfigFile;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`kubeconfig ${path} is not valid YAML`);
  }
  const base = dirname(path);
  const file = (p: string) => readFileSync(isAbsolute(p) ? p : join(base, p));
  const name = contextName ?? cfg['current-context'];
  const ctx = cfg.contexts?.find((c) => c.name === name);
  if (!ctx?.context) {
    throw new InputError(`kubeconfig ${path} has no context '${name ?? '(current-context unset)'}'`, 'pass --kube-context or set current-context');
  }
  const cluster = cfg.clusters?.find((c) => c.name === ctx.context?.cluster)?.cluster;
  if (!cluster?.server) throw new InputError(`kubeconfig ${path}: cluster '${ctx.context.cluster}' has no server`);
  const user = cfg.users?.find((u) => u.name === ctx.context?.user)?.user ?? {};
  if (user.exec || user['auth-provider']) {
    throw new InputError(
      `kubeconfig ${path}: user '${ctx.context.user}' uses an exec/auth-provider plugin, which wait-healthy does not run`,
      'use a kubeconfig with a token or client certificate (e.g. a ServiceAccount token)',
    );
  }
  const tls: TlsOptions = {};
  if (cluster['insecure-skip-tls-verify']) tls.insecure = true;
  if (cluster['certificate-authority-data']) tls.ca = Buffer.from(cluster['certificate-authority-data'], 'base64');
  else if (cluster['certificate-authority']) tls.ca = file(cluster['certificate-authority']);
  if (user['client-certificate-data']) tls.cert = Buffer.from(user['client-certificate-data'], 'base64');
  else if (user['client-certificate']) tls.cert = file(user['client-certificate']);
  if (user['client-key-data']) tls.key = Buffer.from(user['client-key-data'], 'base64');
  else if (user['client-key']) tls.key = file(user['client-key']);
  const tokenFile = user.tokenFile ? (isAbsolute(user.tokenFile) ? user.tokenFile : join(base, user.tokenFile)) : undefined;
  const conn: KubeConnection = {
    server: cluster.server.replace(/\/+$/, ''),
    tls,
    source: `kubeconfig context '${name}'`,
    token: () => user.token ?? (tokenFile ? readText(tokenFile, 'token file').trim() : undefined),
  };
  if (user.username && user.password) conn.basic = Buffer.from(`${user.username}:${user.password}`).toString('base64');
  return conn;
}
