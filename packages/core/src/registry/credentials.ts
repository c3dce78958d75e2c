/**
 * Registry credentials and where they may go. Sources, first found wins:
 *   REGISTRY_USERNAME + REGISTRY_PASSWORD   for the registry this run addresses (--image)
 *   docker config.json `auths[host]`        ($DOCKER_CONFIG/config.json, else ~/.docker/config.json):
 *                                           `auth` (base64 user:password) or username/password
 * They go only to their own registry host, and to its token realm when the realm is the same
 * host or the same site (registry-1.docker.io → auth.docker.io, registry.gitlab.com → gitlab.com):
 * never to another site, never over plain http except to loopback. The transport rule is the
 * project's (../credentials.ts); the binding to a registry and its realm is registry-specific.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { transportAllowsSecrets } from '../credentials.js';
import { InputError } from '../errors.js';
import { registryHostname } from './reference.js';

type Env = Record<string, string | undefined>;

export interface RegistryCredential {
  username: string;
  password: string;
  /** Where it came from, for messages (never the value). */
  source: string;
}

const MAX_DOCKER_CONFIG_BYTES = 1024 * 1024;
const DOCKER_HUB_KEYS = new Set(['index.docker.io', 'docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** The registrable part of a hostname, approximately: the last two labels, three under a two-letter ccTLD's co/com/org/… */
function site(hostname: string): string | undefined {
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':')) return undefined; // an IP: only itself
  const labels = hostname.split('.');
  if (labels.length < 2) return undefined;
  const n = labels.length >= 3 && /^[a-z]{2}$/.test(labels.at(-1)!) && /^(co|com|net|org|gov|ac|edu|ne|or)$/.test(labels.at(-2)!) ? 3 : 2;
  return labels.slice(-n).join('.');
}

/** May the credentials of `registry` be sent to `url` (the registry itself, or its token realm)? */
export function mayReceiveRegistryCredentials(registry: string, url: URL): boolean {
  if (!transportAllowsSecrets(url)) return false;
  const target = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const own = registryHostname(registry);
  if (target === own) return true;
  const a = site(own);
  return a !== undefined && a === site(target);
}

/** docker config keys are `host`, `host:port` or `https://host/v1/`; Docker Hub has several names. */
function configKeyHost(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return DOCKER_HUB_KEYS.has(host) ? 'registry-1.docker.io' : host;
}

export function dockerConfigPath(env: Env): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
}

export function registryCredentialFor(registry: string, env: Env, warn: (m: string) => void = () => {}): RegistryCredential | undefined {
  const user = env.REGISTRY_USERNAME;
  const pass = env.REGISTRY_PASSWORD;
  if (user || pass) {
    if (!user || !pass)
      throw new InputError('REGISTRY_USERNAME and REGISTRY_PASSWORD go together; only one is set', 'set both, or neither (a docker config.json is read then)');
    return { username: user, password: pass, source: 'REGISTRY_USERNAME/REGISTRY_PASSWORD' };
  }
  const path = dockerConfigPath(env);
  let text: string;
  try {
    if (statSync(path).size > MAX_DOCKER_CONFIG_BYTES)
      throw new InputError(`${path} is larger than 1 MB`, 'point DOCKER_CONFIG at a directory with a small config.json');
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    return undefined; // no docker config: anonymous
  }
  let config: { auths?: Record<string, { auth?: string; username?: string; password?: string }>; credHelpers?: Record<string, string>; credsStore?: string };
  try {
    config = JSON.parse(text);
  } catch {
    throw new InputError(`${path} is not valid JSON`, 'fix it, or set REGISTRY_USERNAME/REGISTRY_PASSWORD');
  }
  const wanted = configKeyHost(registry);
  const entry = Object.entries(config.auths ?? {}).find(([k]) => configKeyHost(k) === wanted)?.[1];
  if (entry) {
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i > 0) return { username: decoded.slice(0, i), password: decoded.slice(i + 1), source: `${path} auths` };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password, source: `${path} auths` };
  }
  if (config.credHelpers?.[registry] || config.credsStore) {
    warn(`${path} names a credential helper for ${registry}; helpers are not run: set REGISTRY_USERNAME/REGISTRY_PASSWORD instead`);
  }
  return undefined;
}
