/**
 * build-tag's outputs in docker/metadata-action's shape, so they plug straight into
 * docker/build-push-action: `tags` (full references, one per line), `labels` and `annotations`
 * (the OCI `org.opencontainers.image.*` keys; annotations prefixed with their level, `manifest:`),
 * `version`, and `json`.
 */
import { parseImageName } from '../registry/reference.js';
import type { ComputedVersion } from './strategy.js';

export interface ImageMetadata {
  /** `image:tag` per image, or the bare tag when no image was given. */
  tags: string[];
  labels: Record<string, string>;
  /** `manifest:key=value`, metadata-action's default annotation level. */
  annotations: string[];
}

export interface MetadataInput {
  images?: string[];
  /** The source repository's web URL (credentials are never kept). */
  source?: string;
  title?: string;
  created: Date;
}

/** The repo's web URL from the CI run, else from a git remote URL (userinfo always dropped). */
export function sourceUrl(env: Record<string, string | undefined>, remote?: string): string | undefined {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
  if (env.CI_PROJECT_URL) return env.CI_PROJECT_URL;
  if (!remote) return undefined;
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(remote); // git@host:org/repo.git
  let url: URL;
  try {
    url = new URL(scp ? `https://${scp[1]}/${scp[2]}` : remote);
  } catch {
    return undefined; // a local path: no public source
  }
  if (!/^(https?|ssh|git):$/.test(url.protocol)) return undefined;
  // ssh and git remotes become the forge's web URL (https); an http remote stays http (its server has no TLS).
  const scheme = url.protocol === 'http:' ? 'http' : 'https';
  return `${scheme}://${url.hostname}${url.port && url.protocol !== 'ssh:' ? `:${url.port}` : ''}${url.pathname.replace(/\.git\/?$/, '').replace(/\/$/, '')}`;
}

export function imageMetadata(v: ComputedVersion, input: MetadataInput): ImageMetadata {
  const images = (input.images ?? []).map((i, n) => parseImageName(i, `--image (item ${n + 1})`).name);
  const tags = images.length ? images.map((i) => `${i}:${v.tag}`) : [v.tag];
  const title = input.title ?? input.source?.split('/').filter(Boolean).pop();
  const labels: Record<string, string> = { 'org.opencontainers.image.created': input.created.toISOString() };
  if (title) labels['org.opencontainers.image.title'] = title;
  labels['org.opencontainers.image.revision'] = v.sha;
  if (input.source) {
    labels['org.opencontainers.image.source'] = input.source;
    labels['org.opencontainers.image.url'] = input.source;
  }
  labels['org.opencontainers.image.version'] = v.version;
  const annotations = Object.entries(labels).map(([k, val]) => `manifest:${k}=${val}`);
  return { tags, labels, annotations };
}

/** Action outputs / dotenv (kebab-case, multi-line values one item per line). */
export function metadataOutputs(v: ComputedVersion, m: ImageMetadata): Record<string, string> {
  return {
    tag: v.tag,
    version: v.version,
    sha: v.sha,
    tags: m.tags.join('\n'),
    labels: Object.entries(m.labels)
      .map(([k, val]) => `${k}=${val}`)
      .join('\n'),
    annotations: m.annotations.join('\n'),
    json: JSON.stringify({ tags: m.tags, labels: m.labels, annotations: m.annotations }),
  };
}
