/**
 * The retag verb: give the image behind one tag (or digest) more tags, by digest, without pulling
 * a layer. The manifest's bytes are PUT unchanged under each new tag with their media type, so the
 * digest is the same everywhere (an index keeps every platform). Into another repository of the
 * same registry, blobs are mounted and child manifests put first, then the manifest.
 * A target tag that already names another digest is refused (nothing is written) unless --force,
 * or unless it is declared moving (`--moving production-latest`).
 */
import { httpTimeoutMs } from '../bounded-fetch.js';
import { InputError, OperationError } from '../errors.js';
import { type Reporter, silentReporter } from '../report.js';
import { assertTag } from '../version/tag.js';
import { isIndexMediaType, type Manifest, RegistryClient } from './client.js';
import { registryCredentialFor } from './credentials.js';
import { MAX_MANIFEST_BYTES } from './http.js';
import { type ImageName, isDigest, parseImageName } from './reference.js';

export interface RetagInput {
  /** registry/repository of the source. */
  image: string;
  /** Source tag, or digest (`sha256:…`). */
  from: string;
  to: string[];
  /** Another repository on the same registry (default: image). */
  toImage?: string;
  force?: boolean;
  /** Tags that are meant to move (e.g. production-latest): retagged without --force. */
  moving?: string[];
  plainHttp?: boolean;
  dryRun?: boolean;
  env?: Record<string, string | undefined>;
  reporter?: Reporter;
  timeoutMs?: number;
}

export type TagChange = 'created' | 'moved' | 'unchanged';

export interface RetagResult {
  image: string;
  toImage: string;
  from: string;
  digest: string;
  mediaType: string;
  /** Full references of the target tags (`registry/repo:tag`). */
  tags: string[];
  changes: Record<string, TagChange>;
  changed: boolean;
  /** Cross-repository: blobs mounted into the target. */
  mounted: number;
  requests: number;
  bytesSent: number;
  bytesReceived: number;
}

interface Plan {
  src: ImageName;
  dst: ImageName;
  to: string[];
  moving: Set<string>;
}

function plan(input: RetagInput): Plan {
  const src = parseImageName(input.image, '--image');
  const dst = input.toImage ? parseImageName(input.toImage, '--to-image') : src;
  if (dst.registry !== src.registry) {
    throw new InputError(
      `--to-image ${input.toImage} is on another registry than --image ${input.image}`,
      'retag stays on one registry (blob mounts); copy across registries with skopeo copy',
    );
  }
  if (!isDigest(input.from)) assertTag(input.from, '--from');
  if (input.to.length === 0) throw new InputError('--to names no tag', 'pass one or more tags, comma-separated');
  const to = [...new Set(input.to.map((t) => assertTag(t, '--to')))];
  const moving = new Set((input.moving ?? []).map((t) => assertTag(t, '--moving')));
  return { src, dst, to, moving };
}

export async function retag(input: RetagInput): Promise<RetagResult> {
  const reporter = input.reporter ?? silentReporter;
  const env = input.env ?? process.env;
  const p = plan(input); // input errors first: exit 2, nothing sent
  const timeoutMs = input.timeoutMs ?? httpTimeoutMs(env);
  const credential = registryCredentialFor(p.src.registry, env, (m) => reporter.warn(m));
  if (credential) reporter.mask(credential.password);
  const crossRepo = p.dst.repository !== p.src.repository;
  const scopes = [`repository:${p.dst.repository}:pull,push`, ...(crossRepo ? [`repository:${p.src.repository}:pull`] : [])];
  const client = new RegistryClient({ registry: p.src.registry, scopes, plainHttp: input.plainHttp, credential, reporter, timeoutMs });

  const source = await client.getManifest(p.src.repository, input.from);
  if (isDigest(input.from) && source.digest !== input.from) {
    throw new OperationError(`${p.src.name}@${input.from} came back as ${source.digest}`, 'the registry returned other bytes than asked; retry');
  }
  reporter.info(`${p.src.name}:${input.from} is ${source.digest} (${source.mediaType})`);

  // Look at every target before writing any: a refusal writes nothing. (The distribution API has no
  // conditional tag PUT, so a tag moved by someone else between this look and our PUT is not caught.)
  const changes: Record<string, TagChange> = {};
  const refused: string[] = [];
  for (const tag of p.to) {
    const current = await client.manifestDigest(p.dst.repository, tag);
    if (current === null) changes[tag] = 'created';
    else if (current === source.digest) changes[tag] = 'unchanged';
    else if (input.force || p.moving.has(tag)) changes[tag] = 'moved';
    else refused.push(`${tag} (${current})`);
  }
  if (refused.length) {
    throw new OperationError(
      `${p.dst.name}: ${refused.join(', ')} already point${refused.length === 1 ? 's' : ''} at another image than ${source.digest}; nothing was retagged`,
      'declare moving tags with --moving, or pass --force to move them',
    );
  }

  const writes = p.to.filter((t) => changes[t] !== 'unchanged');
  let mounted = 0;
  if (!input.dryRun && writes.length) {
    if (crossRepo) mounted = await copyContent(client, p, source, reporter);
    for (const tag of writes) {
      await client.putManifest(p.dst.repository, tag, source);
      reporter.info(`${p.dst.name}:${tag} → ${source.digest} (${changes[tag]})`);
    }
  }
  return {
    image: p.src.name,
    toImage: p.dst.name,
    from: input.from,
    digest: source.digest,
    mediaType: source.mediaType,
    tags: p.to.map((t) => `${p.dst.name}:${t}`),
    changes,
    changed: writes.length > 0 && !input.dryRun,
    mounted,
    requests: client.wire.requests,
    bytesSent: client.wire.bytesSent,
    bytesReceived: client.wire.bytesReceived,
  };
}

interface Descriptor {
  digest?: string;
  mediaType?: string;
  urls?: string[];
}

function parseJson(m: Manifest): { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] } {
  try {
    return JSON.parse(m.bytes.toString('utf8'));
  } catch {
    throw new OperationError(`the manifest ${m.digest} is not JSON`);
  }
}

/** Everything a manifest references, into the target repository: blobs by mount, child manifests by digest. */
async function copyContent(client: RegistryClient, p: Plan, m: Manifest, reporter: Reporter, depth = 0): Promise<number> {
  const doc = parseJson(m);
  let mounted = 0;
  if (isIndexMediaType(m.mediaType)) {
    if (depth > 0) throw new OperationError(`nested index ${m.digest} is not supported`);
    for (const child of doc.manifests ?? []) {
      if (!child.digest || !isDigest(child.digest)) throw new OperationError(`index ${m.digest} lists a manifest without a sha256 digest`);
      if ((await client.manifestDigest(p.dst.repository, child.digest)) === child.digest) continue;
      const bytes = await client.getManifest(p.src.repository, child.digest);
      if (bytes.digest !== child.digest) throw new OperationError(`child manifest ${child.digest} came back as ${bytes.digest}`);
      if (bytes.bytes.byteLength > MAX_MANIFEST_BYTES) throw new OperationError(`child manifest ${child.digest} is too large`);
      mounted += await copyContent(client, p, bytes, reporter, depth + 1);
      await client.putManifest(p.dst.repository, child.digest, bytes);
    }
    return mounted;
  }
  // Foreign layers (`urls`, e.g. Windows base layers) are not in the registry: nothing to mount.
  const blobs = [doc.config, ...(doc.layers ?? [])].filter((d): d is Descriptor => !!d && !d.urls?.length);
  for (const b of blobs) {
    if (!b.digest || !isDigest(b.digest)) throw new OperationError(`manifest ${m.digest} references a blob without a sha256 digest`);
    if (await client.blobExists(p.dst.repository, b.digest)) continue;
    if (!(await client.mountBlob(p.dst.repository, b.digest, p.src.repository))) {
      throw new OperationError(
        `${client.registry} declined to mount ${b.digest} from ${p.src.repository} into ${p.dst.repository}`,
        'the credentials need pull on the source repository; without mounts, copy with skopeo copy',
      );
    }
    mounted++;
  }
  reporter.debug(`mounted ${mounted} blob(s) of ${m.digest}`);
  return mounted;
}
