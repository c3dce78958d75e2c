/**
 * A small OCI image made in JS, for seeding a registry without a builder: one gzip layer (a tar
 * the caller brings, e.g. `git archive` of the app commit, so the image really holds that code),
 * its config (platform, labels, the layer's diff_id) and an OCI image manifest over both.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

export interface OciImage {
  config: Buffer;
  layer: Buffer;
  manifest: Buffer;
  /** The manifest's digest: the image's identity. */
  digest: string;
  mediaType: typeof OCI_MANIFEST;
}

export const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export function ociImage(opts: { layerTar: Buffer; labels?: Record<string, string>; created?: string }): OciImage {
  // gzip's header carries no name or time here, so the same tar always gives the same layer digest.
  const layer = gzipSync(opts.layerTar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: opts.created ?? '1970-01-01T00:00:00Z',
      config: { Labels: opts.labels ?? {} },
      rootfs: { type: 'layers', diff_ids: [sha256(opts.layerTar)] },
      history: [{ created_by: 'gitops-actions sandbox: git archive', created: opts.created ?? '1970-01-01T00:00:00Z' }],
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: sha256(config), size: config.byteLength },
      layers: [{ mediaType: OCI_LAYER_GZIP, digest: sha256(layer), size: layer.byteLength }],
      ...(opts.labels ? { annotations: opts.labels } : {}),
    }),
  );
  return { config, layer, manifest, digest: sha256(manifest), mediaType: OCI_MANIFEST };
}
