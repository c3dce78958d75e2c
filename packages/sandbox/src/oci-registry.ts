/**
 * An OCI distribution registry in process, in memory, on loopback: the part of the distribution
 * API that retag, release and image pushes use, answering as distribution 2.8 (Debian's
 * `docker-registry`) does — test/oci-registry.test.ts replays one retag against both and compares.
 * It exists so `npm run demo` runs where only Node and git are installed.
 *
 *   manifests  GET/HEAD/PUT by tag or digest: bytes kept as sent, Docker-Content-Digest, the media type
 *              they were put with; a PUT is refused when a blob or child manifest is not in the repository
 *   blobs      GET/HEAD; uploads POST (monolithic with ?digest=, cross-repository ?mount=&from=), PATCH, PUT, DELETE
 *   tags       GET /v2/<name>/tags/list (?n=&last=), and /v2/_catalog
 *   auth       optional: Bearer tokens from the registry's own `/token` (the docker token flow), granted
 *              to `users` by Basic auth, `pull` to anonymous callers when `anonymousPull`
 *
 * Blobs are linked per repository as in distribution: a blob pushed to one repository is unknown
 * in another until it is mounted there. Not served: schema1, manifest deletion, referrers, chunk
 * ranges checks, and the rewriting distribution does for clients that do not accept a Docker v2
 * manifest or a manifest list (those are served as stored).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from './loopback.js';
import { sha256 } from './oci-image.js';

export { ociImage, sha256, OCI_CONFIG, OCI_LAYER_GZIP, OCI_MANIFEST, type OciImage } from './oci-image.js';

const MANIFEST_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;
const KNOWN_TYPES: readonly string[] = Object.values(MANIFEST_TYPES);
const OCI_TYPES: readonly string[] = [MANIFEST_TYPES.ociManifest, MANIFEST_TYPES.ociIndex];
const INDEX_TYPES: readonly string[] = [MANIFEST_TYPES.ociIndex, MANIFEST_TYPES.dockerList];

// The distribution spec's own grammar (docs/spec/api.md, "Overview" and reference.go).
const NAME = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*';
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;
const ROUTES: { kind: string; re: RegExp }[] = [
  { kind: 'base', re: /^\/v2\/$/ },
  { kind: 'catalog', re: /^\/v2\/_catalog$/ },
  { kind: 'tags', re: new RegExp(`^/v2/(${NAME})/tags/list$`) },
  { kind: 'manifest', re: new RegExp(`^/v2/(${NAME})/manifests/([^/]+)$`) },
  { kind: 'upload', re: new RegExp(`^/v2/(${NAME})/blobs/uploads/([^/]*)$`) },
  { kind: 'blob', re: new RegExp(`^/v2/(${NAME})/blobs/([^/]+)$`) },
];

/** Bounds: the spec lets registries refuse manifests over 4 MiB; the sandbox's images are small. */
export const OCI_REGISTRY_LIMITS = { manifestBytes: 4 * 1024 * 1024, blobBytes: 32 * 1024 * 1024, uploads: 256 };

export interface OciRegistryOptions {
  /** username → password: every request then needs a Bearer token from `/token`. */
  users?: Record<string, string>;
  /** With users: anonymous token requests get `pull`. */
  anonymousPull?: boolean;
  /** The `service` of the token challenge (default oci-sandbox). */
  service?: string;
  port?: number;
  host?: string;
}

export interface OciRequestRecord {
  method: string;
  /** Path without query; upload session ids as `<upload>`. */
  path: string;
  status: number;
  /** The error code of a distribution error body, when one was sent. */
  error?: string;
}

interface Repository {
  blobs: Set<string>;
  manifests: Map<string, { bytes: Buffer; mediaType: string }>;
  tags: Map<string, string>;
}

interface Grant {
  /** `repository:acme/app` → actions */
  access: Map<string, Set<string>>;
  expires: number;
}

class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const TOKEN_TTL_S = 300;

export class OciRegistry {
  readonly service: string;
  /** Every request served, in order (token requests included, as GET /token). */
  readonly requests: OciRequestRecord[] = [];
  url = '';
  /** host:port, for image names (`${host}/acme/payments`). */
  host = '';
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly blobs = new Map<string, Buffer>();
  private readonly repos = new Map<string, Repository>();
  private readonly uploads = new Map<string, { repo: string; chunks: Buffer[]; size: number }>();
  private readonly grants = new Map<string, Grant>();

  constructor(private readonly opts: OciRegistryOptions = {}) {
    this.service = opts.service ?? 'oci-sandbox';
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) this.fail(req, res, new RegistryError(500, 'UNKNOWN', String(err instanceof Error ? err.message : err)));
        else res.destroy();
      });
    });
    const host = this.opts.host ?? '127.0.0.1';
    const port = await listenOnLoopback(this.server, this.opts.port ?? 0, this.sockets, host);
    this.host = `${host}:${port}`;
    this.url = `http://${this.host}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  /** The tags of a repository, sorted (as tags/list answers). */
  tags(repository: string): string[] {
    return [...(this.repos.get(repository)?.tags.keys() ?? [])].sort();
  }

  /** The digest a tag names, or undefined. */
  digestOf(repository: string, tag: string): string | undefined {
    return this.repos.get(repository)?.tags.get(tag);
  }

  /** A token, as `/token` would grant it to a user (for printed curl commands). */
  issueToken(scopes: string[], ttlSeconds = TOKEN_TTL_S): string {
    return this.grant(scopes.flatMap(parseScope), ttlSeconds);
  }

  private repo(name: string, create = false): Repository | undefined {
    let r = this.repos.get(name);
    if (!r && create) this.repos.set(name, (r = { blobs: new Set(), manifests: new Map(), tags: new Map() }));
    return r;
  }

  private grant(access: { resource: string; actions: string[] }[], ttlSeconds = TOKEN_TTL_S): string {
    const token = randomBytes(24).toString('base64url');
    const map = new Map<string, Set<string>>();
    for (const a of access) map.set(a.resource, new Set([...(map.get(a.resource) ?? []), ...a.actions]));
    this.grants.set(token, { access: map, expires: Date.now() + ttlSeconds * 1000 });
    return token;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://registry.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const record: OciRequestRecord = { method, path: url.pathname.replace(/\/blobs\/uploads\/[^/]+$/, '/blobs/uploads/<upload>'), status: 0 };
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    try {
      if (url.pathname === '/token' && method === 'GET') return this.token(req, res, url);
      const route = ROUTES.map((r) => ({ kind: r.kind, m: r.re.exec(url.pathname) })).find((r) => r.m);
      if (!route) throw new RegistryError(404, 'NOT_FOUND', '404 page not found');
      const [, name = '', ref = ''] = route.m!;
      this.authorize(req, route.kind, method, name, url);
      switch (route.kind) {
        case 'base':
          return this.send(res, 200, {});
        case 'catalog':
          return this.catalog(req, res, url);
        case 'tags':
          return this.tagList(req, res, name, url);
        case 'manifest':
          if (method === 'GET' || method === 'HEAD') return this.getManifest(req, res, name, decodeURIComponent(ref), method === 'HEAD');
          if (method === 'PUT') return await this.putManifest(req, res, name, decodeURIComponent(ref));
          break;
        case 'blob':
          if (method === 'GET' || method === 'HEAD') return this.getBlob(res, name, decodeURIComponent(ref), method === 'HEAD');
          break;
        case 'upload':
          return await this.upload(req, res, method, name, ref, url);
      }
      throw new RegistryError(405, 'UNSUPPORTED', 'The operation is unsupported.');
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      record.error = err.code;
      this.fail(req, res, err);
    }
  }

  private fail(req: IncomingMessage, res: ServerResponse, err: RegistryError): void {
    if (err.code === 'NOT_FOUND') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...err.headers }).end(req.method === 'HEAD' ? undefined : `${err.message}\n`);
      return;
    }
    this.send(res, err.status, { errors: [{ code: err.code, message: err.message, detail: err.detail ?? null }] }, err.headers, req.method === 'HEAD');
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, head = false): void {
    const text = `${JSON.stringify(body)}\n`; // Go's json.Encoder ends with a newline
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
    res.end(head ? undefined : text);
  }

  // ---- auth: the docker token flow, scopes checked per request as distribution's app.go derives them

  private authorize(req: IncomingMessage, kind: string, method: string, name: string, url: URL): void {
    if (!this.opts.users) return;
    const needed: { resource: string; actions: string[] }[] = [];
    if (kind === 'catalog') needed.push({ resource: 'registry:catalog', actions: ['*'] });
    else if (kind !== 'base') {
      const actions = method === 'GET' || method === 'HEAD' ? ['pull'] : method === 'DELETE' ? ['delete'] : ['pull', 'push'];
      needed.push({ resource: `repository:${name}`, actions });
      const from = url.searchParams.get('from');
      if (kind === 'upload' && method === 'POST' && url.searchParams.get('mount') && from) needed.push({ resource: `repository:${from}`, actions: ['pull'] });
    }
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const grant = m ? this.grants.get(m[1]) : undefined;
    const valid = grant !== undefined && grant.expires > Date.now();
    const missing = needed.filter((n) => !n.actions.every((a) => grant?.access.get(n.resource)?.has(a) || grant?.access.get(n.resource)?.has('*')));
    if (valid && missing.length === 0) return;
    const scope = needed.map((n) => `${n.resource}:${n.actions.join(',')}`).join(' ');
    const challenge = [`Bearer realm="${this.url}/token"`, `service="${this.service}"`, ...(scope ? [`scope="${scope}"`] : [])];
    if (valid) challenge.push('error="insufficient_scope"');
    else if (m) challenge.push('error="invalid_token"');
    throw new RegistryError(
      401,
      'UNAUTHORIZED',
      'authentication required',
      needed.flatMap((n) => n.actions.map((a) => ({ Type: n.resource.split(':')[0], Class: '', Name: n.resource.split(':')[1], Action: a }))),
      { 'WWW-Authenticate': challenge.join(',') },
    );
  }

  private token(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const auth = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    let user: string | undefined;
    if (auth) {
      const decoded = Buffer.from(auth[1], 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      const [name, password] = i < 0 ? [decoded, ''] : [decoded.slice(0, i), decoded.slice(i + 1)];
      if (this.opts.users?.[name] === undefined || this.opts.users[name] !== password) {
        return this.send(res, 401, { details: 'invalid username or password' }, { 'WWW-Authenticate': `Basic realm="${this.service}"` });
      }
      user = name;
    } else if (!this.opts.anonymousPull) {
      return this.send(res, 401, { details: 'authentication required' }, { 'WWW-Authenticate': `Basic realm="${this.service}"` });
    }
    if (url.searchParams.get('service') !== null && url.searchParams.get('service') !== this.service) {
      return this.send(res, 400, { details: `unknown service ${url.searchParams.get('service')}` });
    }
    const access = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .flatMap(parseScope)
      .map((a) => ({ ...a, actions: user ? a.actions : a.actions.filter((x) => x === 'pull') }));
    const token = this.grant(access);
    this.send(res, 200, { token, access_token: token, expires_in: TOKEN_TTL_S, issued_at: new Date().toISOString() });
  }

  // ---- manifests

  private resolve(repo: Repository | undefined, reference: string): { digest: string; bytes: Buffer; mediaType: string } {
    const isDigest = DIGEST.test(reference);
    if (!isDigest && !TAG.test(reference)) throw new RegistryError(404, 'NOT_FOUND', '404 page not found');
    const digest = isDigest ? reference : repo?.tags.get(reference);
    const m = digest ? repo?.manifests.get(digest) : undefined;
    if (!digest || !m) throw new RegistryError(404, 'MANIFEST_UNKNOWN', 'manifest unknown', isDigest ? { Digest: reference } : { Tag: reference });
    return { digest, ...m };
  }

  private getManifest(req: IncomingMessage, res: ServerResponse, name: string, reference: string, head: boolean): void {
    const m = this.resolve(this.repo(name), reference);
    // distribution 2.8 hides an OCI manifest or index from a client that does not list its type.
    const accepted = String(req.headers.accept ?? '')
      .split(',')
      .map((t) => t.split(';')[0].trim());
    if (OCI_TYPES.includes(m.mediaType) && !accepted.includes(m.mediaType)) {
      const what =
        m.mediaType === MANIFEST_TYPES.ociIndex
          ? 'OCI index found, but accept header does not support OCI indexes'
          : 'OCI manifest found, but accept header does not support OCI manifests';
      throw new RegistryError(404, 'MANIFEST_UNKNOWN', what);
    }
    res.writeHead(200, {
      'Content-Type': m.mediaType,
      'Content-Length': String(m.bytes.byteLength),
      'Docker-Content-Digest': m.digest,
      Etag: `"${m.digest}"`,
    });
    res.end(head ? undefined : m.bytes);
  }

  private async putManifest(req: IncomingMessage, res: ServerResponse, name: string, reference: string): Promise<void> {
    const byDigest = DIGEST.test(reference);
    if (!byDigest && !TAG.test(reference)) throw new RegistryError(400, 'TAG_INVALID', 'manifest tag did not match URI', { Tag: reference });
    const bytes = await readBody(req, OCI_REGISTRY_LIMITS.manifestBytes);
    const digest = sha256(bytes);
    if (byDigest && reference !== digest) throw new RegistryError(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
    let doc: { schemaVersion?: number; mediaType?: string; config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[] };
    try {
      doc = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new RegistryError(400, 'MANIFEST_INVALID', 'manifest invalid', 'invalid JSON');
    }
    const header = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const mediaType = header && header !== 'application/json' ? header : (doc.mediaType ?? '');
    if (!KNOWN_TYPES.includes(mediaType) || doc.schemaVersion !== 2) {
      throw new RegistryError(
        400,
        'MANIFEST_INVALID',
        'manifest invalid',
        `unsupported manifest media type and schema: ${mediaType || 'none'} ${doc.schemaVersion}`,
      );
    }
    if (doc.mediaType !== undefined && doc.mediaType !== mediaType) {
      throw new RegistryError(400, 'MANIFEST_INVALID', 'manifest invalid', `mediaType in manifest should be '${mediaType}' not '${doc.mediaType}'`);
    }
    const repo = this.repo(name);
    // Everything the manifest references must be in this repository already (a mount counts).
    const index = INDEX_TYPES.includes(mediaType);
    const refs = index ? (doc.manifests ?? []) : [...(doc.config ? [doc.config] : []), ...(doc.layers ?? []).filter((l) => !l.urls?.length)];
    if (!index && !doc.config) throw new RegistryError(400, 'MANIFEST_INVALID', 'manifest invalid', 'no config');
    for (const d of refs) {
      const known = typeof d.digest === 'string' && (index ? repo?.manifests.has(d.digest) : repo?.blobs.has(d.digest));
      if (!known) throw new RegistryError(400, 'MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', d.digest ?? null);
    }
    const r = this.repo(name, true)!;
    r.manifests.set(digest, { bytes, mediaType });
    if (!byDigest) r.tags.set(reference, digest);
    res.writeHead(201, { Location: `${origin(req)}/v2/${name}/manifests/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': '0' });
    res.end();
  }

  // ---- blobs and uploads

  private getBlob(res: ServerResponse, name: string, digest: string, head: boolean): void {
    if (!DIGEST.test(digest)) throw new RegistryError(404, 'NOT_FOUND', '404 page not found');
    if (!SHA256.test(digest)) throw new RegistryError(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
    const bytes = this.repo(name)?.blobs.has(digest) ? this.blobs.get(digest) : undefined;
    if (!bytes) throw new RegistryError(404, 'BLOB_UNKNOWN', 'blob unknown to registry', digest);
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(bytes.byteLength),
      'Docker-Content-Digest': digest,
      Etag: `"${digest}"`,
      'Cache-Control': 'max-age=31536000',
      'Accept-Ranges': 'bytes',
    });
    res.end(head ? undefined : bytes);
  }

  private store(name: string, bytes: Buffer, expected: string | null): string {
    const digest = sha256(bytes);
    if (!expected || !SHA256.test(expected) || expected !== digest)
      throw new RegistryError(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
    this.blobs.set(digest, bytes);
    this.repo(name, true)!.blobs.add(digest);
    return digest;
  }

  private created(req: IncomingMessage, res: ServerResponse, name: string, digest: string): void {
    res.writeHead(201, { Location: `${origin(req)}/v2/${name}/blobs/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': '0' });
    res.end();
  }

  private accepted(req: IncomingMessage, res: ServerResponse, status: 202 | 204, name: string, id: string): void {
    const size = this.uploads.get(id)?.size ?? 0;
    res.writeHead(status, {
      Location: `${origin(req)}/v2/${name}/blobs/uploads/${id}`,
      Range: `0-${Math.max(0, size - 1)}`,
      'Docker-Upload-UUID': id,
      'Content-Length': '0',
    });
    res.end();
  }

  private async upload(req: IncomingMessage, res: ServerResponse, method: string, name: string, id: string, url: URL): Promise<void> {
    if (id === '') {
      if (method !== 'POST') throw new RegistryError(405, 'UNSUPPORTED', 'The operation is unsupported.');
      const mount = url.searchParams.get('mount');
      const from = url.searchParams.get('from');
      if (mount && from && SHA256.test(mount) && this.repo(from)?.blobs.has(mount)) {
        this.repo(name, true)!.blobs.add(mount);
        return this.created(req, res, name, mount);
      }
      const digest = url.searchParams.get('digest');
      if (digest !== null) return this.created(req, res, name, this.store(name, await readBody(req, OCI_REGISTRY_LIMITS.blobBytes), digest));
      await readBody(req, 0);
      if (this.uploads.size >= OCI_REGISTRY_LIMITS.uploads) throw new RegistryError(429, 'TOOMANYREQUESTS', 'too many open uploads');
      const fresh = randomUUID();
      this.uploads.set(fresh, { repo: name, chunks: [], size: 0 });
      return this.accepted(req, res, 202, name, fresh);
    }
    const session = this.uploads.get(id);
    if (!session || session.repo !== name) throw new RegistryError(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry');
    switch (method) {
      case 'GET':
        return this.accepted(req, res, 204, name, id);
      case 'DELETE':
        this.uploads.delete(id);
        res.writeHead(204, { 'Content-Length': '0' }).end();
        return;
      case 'PATCH':
      case 'PUT': {
        const chunk = await readBody(req, OCI_REGISTRY_LIMITS.blobBytes - session.size);
        session.chunks.push(chunk);
        session.size += chunk.byteLength;
        if (method === 'PATCH') return this.accepted(req, res, 202, name, id);
        const digest = this.store(name, Buffer.concat(session.chunks), url.searchParams.get('digest'));
        this.uploads.delete(id);
        return this.created(req, res, name, digest);
      }
    }
    throw new RegistryError(405, 'UNSUPPORTED', 'The operation is unsupported.');
  }

  // ---- listings

  private tagList(req: IncomingMessage, res: ServerResponse, name: string, url: URL): void {
    const repo = this.repo(name);
    if (!repo) throw new RegistryError(404, 'NAME_UNKNOWN', 'repository name not known to registry', { name });
    this.page(res, url, this.tags(name), (items) => ({ name, tags: items }), `/v2/${name}/tags/list`);
  }

  private catalog(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const names = [...this.repos.keys()].sort();
    this.page(res, url, names, (items) => ({ repositories: items }), '/v2/_catalog');
  }

  /** `?n=&last=` pagination with an RFC 5988 Link to the next page, as distribution sends it. */
  private page(res: ServerResponse, url: URL, all: string[], body: (items: string[]) => unknown, path: string): void {
    const last = url.searchParams.get('last');
    const nRaw = url.searchParams.get('n');
    const n = nRaw === null ? Infinity : Number(nRaw);
    if (!Number.isInteger(n) && n !== Infinity) throw new RegistryError(400, 'PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n: nRaw });
    const after = last === null ? all : all.filter((t) => t > last);
    const items = after.slice(0, n);
    const headers: Record<string, string> = {};
    if (items.length < after.length) headers.Link = `<${path}?last=${encodeURIComponent(items.at(-1)!)}&n=${n}>; rel="next"`;
    this.send(res, 200, body(items), headers);
  }
}

interface Descriptor {
  digest?: string;
  urls?: string[];
}

/** Locations name the host the client addressed, as distribution builds them (a proxy in front stays in the path). */
function origin(req: IncomingMessage): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}

function parseScope(scope: string): { resource: string; actions: string[] }[] {
  const i = scope.lastIndexOf(':');
  if (i <= 0) return [];
  return [
    {
      resource: scope.slice(0, i),
      actions: scope
        .slice(i + 1)
        .split(',')
        .filter(Boolean),
    },
  ];
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).byteLength;
    if (size > max) {
      req.resume();
      throw new RegistryError(413, 'SIZE_INVALID', `the body is larger than the sandbox registry's ${max} bytes`);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Start an in-process registry on a free loopback port. */
export function startOciRegistry(opts: OciRegistryOptions = {}): Promise<OciRegistry> {
  return new OciRegistry(opts).start();
}
