/**
 * Image names as the distribution spec and the docker CLI read them: `[registry/]repository`,
 * where the first component is a registry when it has a `.` or a `:port` or is `localhost`;
 * otherwise the image lives on Docker Hub (`nginx` → `registry-1.docker.io/library/nginx`).
 */
import { InputError } from '../errors.js';

export interface ImageName {
  /** host[:port] as written (Docker Hub: registry-1.docker.io). */
  registry: string;
  /** Repository path inside the registry (`library/nginx`, `acme/payments`). */
  repository: string;
  /** What the user wrote, for messages and full references. */
  name: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const DOCKER_HUB = 'registry-1.docker.io';

export function parseImageName(value: string, input = '--image'): ImageName {
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  const bad = (why: string) =>
    new InputError(`${input} ${shown} is not an image name: ${why}`, 'write registry/repository without tag or digest, e.g. ghcr.io/acme/payments');
  if (value.length === 0 || value.length > 255) throw bad('empty or longer than 255 characters');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw bad('no URL scheme (use --plain-http for http)');
  if (value.includes('@')) throw bad('no digest here');
  const parts = value.split('/');
  const first = parts[0];
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
  if (hasRegistry && !HOST.test(first)) throw bad(`registry ${JSON.stringify(first)} is not a host[:port]`);
  const path = hasRegistry ? parts.slice(1) : parts;
  for (const c of path) {
    if (c.includes(':')) throw bad('no tag here (pass it with --from/--to)');
    if (!COMPONENT.test(c)) throw bad(`path component ${JSON.stringify(c)} must be lowercase letters, digits and . _ - separators`);
  }
  const registry = hasRegistry ? first : DOCKER_HUB;
  const repository = !hasRegistry && path.length === 1 ? `library/${path[0]}` : path.join('/');
  return { registry: registry === 'docker.io' || registry === 'index.docker.io' ? DOCKER_HUB : registry, repository, name: value };
}

/** `sha256:` + 64 lowercase hex: the only digest algorithm registries are required to support. */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

export function isDigest(value: string): boolean {
  return SHA256_DIGEST.test(value);
}

/** The hostname of a `host[:port]` registry (brackets of IPv6 removed), lowercased. */
export function registryHostname(registry: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(registry);
  if (m) return m[1].toLowerCase();
  return registry.replace(/:\d+$/, '').toLowerCase();
}
