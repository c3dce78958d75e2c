/**
 * An OCI distribution client for retagging: manifests and blob mounts only, never a layer's
 * bytes. Authentication follows the registry's `WWW-Authenticate` challenge: Bearer (token from
 * the realm for the operation's scopes, anonymous or with credentials) or Basic. Every request
 * of one client uses the same scope set, so one token serves a whole retag.
 */
import { createHash } from 'node:crypto';
import { RemoteError } from '../errors.js';
import { type Reporter, silentReporter } from '../report.js';
import { mayReceiveRegistryCredentials, type RegistryCredential } from './credentials.js';
import { newWireCounter, REGISTRY_TIMEOUT_MS, registryFetch, type RegistryRequest, type RegistryResponse, type WireCounter } from './http.js';
import { isLoopback } from '../credentials.js';
import { registryHostname } from './reference.js';

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;
export const MANIFEST_MEDIA_TYPES: readonly string[] = Object.values(MEDIA_TYPES);
const ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');
const MAX_TOKEN_BYTES = 1024 * 1024;

export function isIndexMediaType(t: string): boolean {
  return t === MEDIA_TYPES.ociIndex || t === MEDIA_TYPES.dockerList;
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export interface Manifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

export interface RegistryClientOptions {
  /** host[:port] */
  registry: string;
  /** Every request's scopes, e.g. `repository:acme/app:pull,push`. */
  scopes: string[];
  plainHttp?: boolean;
  credential?: RegistryCredential;
  timeoutMs?: number;
  reporter?: Reporter;
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="…",service="…",scope="a b"` → scheme and parameters. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
  }
  return { scheme: m[1].toLowerCase(), params };
}

/** Scopes with one entry per resource (`repository:acme/app:pull` folds into `…:pull,push`), first-seen order. */
export function mergeScopes(scopes: string[]): string[] {
  const byResource = new Map<string, Set<string>>();
  for (const s of scopes) {
    const i = s.lastIndexOf(':');
    const resource = i > 0 ? s.slice(0, i) : s;
    const actions = byResource.get(resource) ?? new Set<string>();
    for (const a of i > 0 ? s.slice(i + 1).split(',') : []) if (a) actions.add(a);
    byResource.set(resource, actions);
  }
  return [...byResource].map(([r, a]) => (a.size ? `${r}:${[...a].join(',')}` : r));
}

export class RegistryClient {
  readonly wire: WireCounter = newWireCounter();
  private authorization?: string;
  private readonly base: URL;
  private readonly reporter: Reporter;
  private readonly timeoutMs: number;

  constructor(private readonly opts: RegistryClientOptions) {
    this.base = new URL(`${opts.plainHttp ? 'http' : 'https'}://${opts.registry}`);
    this.reporter = opts.reporter ?? silentReporter;
    this.timeoutMs = opts.timeoutMs ?? REGISTRY_TIMEOUT_MS;
    if (opts.plainHttp && !isLoopback(registryHostname(opts.registry))) {
      this.reporter.warn(`plain http to ${opts.registry}: nothing is encrypted, and no credentials are sent`);
    }
  }

  get registry(): string {
    return this.opts.registry;
  }

  /** A request on the registry; on a 401 challenge, authenticate once and repeat it. */
  async send(path: string, req: RegistryRequest): Promise<RegistryResponse> {
    const url = new URL(path, this.base);
    const withAuth = () => ({ ...req, headers: { ...(req.headers ?? {}), ...(this.authorization ? { Authorization: this.authorization } : {}) } });
    let res = await registryFetch(url, withAuth(), this.wire, this.timeoutMs);
    if (res.status !== 401) return res;
    const challenge = parseChallenge(res.headers.get('www-authenticate'));
    const had = this.authorization;
    this.authorization = await this.authorize(challenge);
    if (this.authorization === had) throw this.refused(res.status);
    res = await registryFetch(url, withAuth(), this.wire, this.timeoutMs);
    if (res.status === 401) throw this.refused(401);
    return res;
  }

  private refused(status: number): RemoteError {
    const cred = this.opts.credential;
    return new RemoteError(
      `${this.registry} refused the request (${status})${cred ? ` with the credentials from ${cred.source}` : ' without credentials'}`,
      cred ? 'check that they may pull and push this repository' : 'set REGISTRY_USERNAME/REGISTRY_PASSWORD, or docker login',
      { status },
    );
  }

  private async authorize(challenge: Challenge | undefined): Promise<string | undefined> {
    const cred = this.opts.credential;
    if (challenge?.scheme === 'basic') {
      if (!cred) return undefined;
      if (!mayReceiveRegistryCredentials(this.registry, this.base)) {
        throw new RemoteError(
          `${this.registry} asks for a password over plain http; refusing to send one`,
          'use https, or a loopback registry for --plain-http',
        );
      }
      return `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
    }
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) {
      throw new RemoteError(`${this.registry} answered 401 without a Bearer or Basic challenge`, 'check the registry address');
    }
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm);
    } catch {
      throw new RemoteError(`${this.registry} named an invalid token realm`);
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') throw new RemoteError(`${this.registry} named a ${realm.protocol} token realm`);
    const scopes = mergeScopes([...this.opts.scopes, ...(challenge.params.scope ?? '').split(' ').filter(Boolean)]);
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    for (const s of scopes) realm.searchParams.append('scope', s);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (cred) {
      if (mayReceiveRegistryCredentials(this.registry, realm)) {
        headers.Authorization = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
      } else {
        this.reporter.warn(`token realm ${realm.host} is not ${this.registry}'s host or site (or is plain http): asking it anonymously`);
      }
    }
    const res = await registryFetch(realm, { method: 'GET', headers, maxBytes: MAX_TOKEN_BYTES }, this.wire, this.timeoutMs);
    if (res.status !== 200) {
      throw new RemoteError(
        `the token service ${realm.host} refused ${headers.Authorization ? `the credentials from ${cred!.source}` : 'an anonymous token'} (${res.status})`,
        headers.Authorization ? 'check the registry credentials' : 'set REGISTRY_USERNAME/REGISTRY_PASSWORD, or docker login',
        { status: res.status },
      );
    }
    let token: string | undefined;
    try {
      const body = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string };
      token = body.token ?? body.access_token;
    } catch {
      /* handled below */
    }
    if (!token || /[\r\n]/.test(token)) throw new RemoteError(`the token service ${realm.host} answered without a token`);
    this.reporter.mask(token);
    return `Bearer ${token}`;
  }

  private fail(what: string, res: RegistryResponse): RemoteError {
    let detail = '';
    try {
      const errors = (JSON.parse(res.body.toString('utf8')) as { errors?: { code?: string; message?: string }[] }).errors;
      if (errors?.length)
        detail = `: ${errors
          .map((e) => [e.code, e.message].filter(Boolean).join(' '))
          .join('; ')
          .slice(0, 300)}`;
    } catch {
      /* not a distribution error body */
    }
    return new RemoteError(`${what} failed (${res.status})${detail}`, undefined, { status: res.status });
  }

  /** GET a manifest by tag or digest: the exact bytes, their media type and their sha256 digest. */
  async getManifest(repository: string, reference: string): Promise<Manifest> {
    const res = await this.send(`/v2/${repository}/manifests/${reference}`, { method: 'GET', headers: { Accept: ACCEPT } });
    if (res.status === 404)
      throw new RemoteError(
        `${this.registry}/${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference} does not exist`,
        'check --image and --from',
        { status: 404 },
      );
    if (res.status !== 200) throw this.fail(`GET manifest ${repository}:${reference}`, res);
    const digest = sha256Digest(res.body);
    const declared = res.headers.get('docker-content-digest');
    if (declared && declared.startsWith('sha256:') && declared !== digest) {
      throw new RemoteError(`${this.registry} sent a manifest whose bytes hash to ${digest}, not the ${declared} it declared`);
    }
    let mediaType = res.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    if (!MANIFEST_MEDIA_TYPES.includes(mediaType)) {
      try {
        mediaType = (JSON.parse(res.body.toString('utf8')) as { mediaType?: string }).mediaType ?? mediaType;
      } catch {
        /* reported below */
      }
    }
    if (!MANIFEST_MEDIA_TYPES.includes(mediaType)) {
      throw new RemoteError(
        `${repository}:${reference} is a ${mediaType || 'manifest of unknown type'}; only OCI and Docker v2 manifests and indexes can be retagged`,
      );
    }
    return { bytes: res.body, mediaType, digest };
  }

  /** The digest a tag points at, or null when the tag does not exist. */
  async manifestDigest(repository: string, reference: string): Promise<string | null> {
    const res = await this.send(`/v2/${repository}/manifests/${reference}`, { method: 'HEAD', headers: { Accept: ACCEPT } });
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.fail(`HEAD manifest ${repository}:${reference}`, res);
    const digest = res.headers.get('docker-content-digest');
    return digest ?? (await this.getManifest(repository, reference)).digest;
  }

  /** PUT the exact bytes under a tag (or their digest) with their media type; checks the registry's digest. */
  async putManifest(repository: string, reference: string, m: Manifest): Promise<void> {
    const res = await this.send(`/v2/${repository}/manifests/${reference}`, { method: 'PUT', headers: { 'Content-Type': m.mediaType }, body: m.bytes });
    if (res.status !== 201 && res.status !== 200) throw this.fail(`PUT manifest ${repository}:${reference}`, res);
    const digest = res.headers.get('docker-content-digest');
    if (digest && digest !== m.digest) throw new RemoteError(`${this.registry} stored ${repository}:${reference} as ${digest}, not ${m.digest}`);
  }

  async blobExists(repository: string, digest: string): Promise<boolean> {
    const res = await this.send(`/v2/${repository}/blobs/${digest}`, { method: 'HEAD' });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw this.fail(`HEAD blob ${repository}@${digest}`, res);
  }

  /** Cross-repository mount; false when the registry declined (it opened an upload instead, which we cancel). */
  async mountBlob(repository: string, digest: string, from: string): Promise<boolean> {
    const q = new URLSearchParams({ mount: digest, from });
    const res = await this.send(`/v2/${repository}/blobs/uploads/?${q.toString()}`, { method: 'POST', headers: { 'Content-Length': '0' } });
    if (res.status === 201) return true;
    if (res.status === 202) {
      const location = res.headers.get('location');
      if (location) await this.send(new URL(location, this.base).pathname + new URL(location, this.base).search, { method: 'DELETE' }).catch(() => undefined);
      return false;
    }
    throw this.fail(`mount blob ${digest} from ${from} into ${repository}`, res);
  }

  /** Monolithic upload of a small blob (configs, test images): POST, then PUT with the digest. */
  async pushBlob(repository: string, bytes: Uint8Array): Promise<string> {
    const digest = sha256Digest(bytes);
    if (await this.blobExists(repository, digest)) return digest;
    const start = await this.send(`/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: { 'Content-Length': '0' } });
    const location = start.headers.get('location');
    if (start.status !== 202 || !location) throw this.fail(`start upload to ${repository}`, start);
    const url = new URL(location, this.base);
    if (url.origin !== this.base.origin) throw new RemoteError(`${this.registry} sent the upload to another origin (${url.host}); refusing`);
    url.searchParams.set('digest', digest);
    const res = await this.send(url.pathname + url.search, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.byteLength) },
      body: bytes,
      maxBytes: 64 * 1024,
    });
    if (res.status !== 201) throw this.fail(`upload blob to ${repository}`, res);
    return digest;
  }
}
