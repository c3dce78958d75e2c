/**
 * Images made by the tests, written straight through the distribution API: config and layer
 * blobs, then an OCI or Docker v2 manifest, or an index / manifest list over several platforms.
 * Layers are random bytes (the registry stores blobs without looking inside).
 */
import { randomBytes } from 'node:crypto';
import { MEDIA_TYPES, type Manifest, RegistryClient, sha256Digest } from '../../src/registry/client.js';

export type Flavour = 'oci' | 'docker';

export function adminClient(registry: string, repos: string[], credential?: { username: string; password: string }): RegistryClient {
  return new RegistryClient({
    registry,
    plainHttp: true,
    scopes: repos.map((r) => `repository:${r}:pull,push`),
    credential: credential ? { ...credential, source: 'test' } : undefined,
  });
}

export async function pushImage(
  client: RegistryClient,
  repository: string,
  tag: string,
  opts: { flavour?: Flavour; layerBytes?: number; layers?: number; platform?: { os: string; architecture: string } } = {},
): Promise<Manifest> {
  const flavour = opts.flavour ?? 'oci';
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' };
  const layers: { mediaType: string; digest: string; size: number }[] = [];
  for (let i = 0; i < (opts.layers ?? 2); i++) {
    const bytes = randomBytes(opts.layerBytes ?? 64 * 1024);
    const digest = await client.pushBlob(repository, bytes);
    layers.push({
      mediaType: flavour === 'oci' ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip',
      digest,
      size: bytes.byteLength,
    });
  }
  const config = Buffer.from(
    JSON.stringify({ ...platform, created: new Date().toISOString(), config: {}, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } }),
  );
  const configDigest = await client.pushBlob(repository, config);
  const mediaType = flavour === 'oci' ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest;
  const doc = {
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: flavour === 'oci' ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json',
      digest: configDigest,
      size: config.byteLength,
    },
    layers,
  };
  // Two-space indentation on purpose: byte-exact retag must keep whitespace a re-serialisation would lose.
  const bytes = Buffer.from(JSON.stringify(doc, null, 2));
  const m = { bytes, mediaType, digest: sha256Digest(bytes) };
  await client.putManifest(repository, tag, m);
  return m;
}

/** A multi-arch image: one manifest per platform (pushed by digest), then the index under `tag`. */
export async function pushIndex(
  client: RegistryClient,
  repository: string,
  tag: string,
  flavour: Flavour = 'oci',
): Promise<{ index: Manifest; children: Manifest[] }> {
  const platforms = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  ];
  const children: Manifest[] = [];
  for (const p of platforms) {
    const child = await pushImage(client, repository, `tmp-${p.architecture}`, { flavour, platform: { os: p.os, architecture: p.architecture } });
    children.push(child);
  }
  const mediaType = flavour === 'oci' ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.dockerList;
  const doc = {
    schemaVersion: 2,
    mediaType,
    manifests: children.map((c, i) => ({ mediaType: c.mediaType, digest: c.digest, size: c.bytes.byteLength, platform: platforms[i] })),
  };
  const bytes = Buffer.from(JSON.stringify(doc));
  const index = { bytes, mediaType, digest: sha256Digest(bytes) };
  await client.putManifest(repository, tag, index);
  return { index, children };
}
