export const id = 886;
export const ids = [886];
export const modules = {

/***/ 1886:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  s: () => (/* binding */ retag)
});

// EXTERNAL MODULE: ./packages/core/src/bounded-fetch.ts
var bounded_fetch = __webpack_require__(9109);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/report.ts
var report = __webpack_require__(2019);
// EXTERNAL MODULE: ./packages/core/src/version/tag.ts
var tag = __webpack_require__(118);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/credentials.ts
var credentials = __webpack_require__(655);
// EXTERNAL MODULE: ./packages/core/src/registry/reference.ts
var reference = __webpack_require__(908);
;// CONCATENATED MODULE: ./packages/core/src/registry/credentials.ts
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






const MAX_DOCKER_CONFIG_BYTES = 1024 * 1024;
const DOCKER_HUB_KEYS = new Set(['index.docker.io', 'docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
/** The registrable part of a hostname, approximately: the last two labels, three under a two-letter ccTLD's co/com/org/… */
function site(hostname) {
    if (/^[\d.]+$/.test(hostname) || hostname.includes(':'))
        return undefined; // an IP: only itself
    const labels = hostname.split('.');
    if (labels.length < 2)
        return undefined;
    const n = labels.length >= 3 && /^[a-z]{2}$/.test(labels.at(-1)) && /^(co|com|net|org|gov|ac|edu|ne|or)$/.test(labels.at(-2)) ? 3 : 2;
    return labels.slice(-n).join('.');
}
/** May the credentials of `registry` be sent to `url` (the registry itself, or its token realm)? */
function mayReceiveRegistryCredentials(registry, url) {
    if (!(0,credentials/* transportAllowsSecrets */.dq)(url))
        return false;
    const target = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const own = (0,reference/* registryHostname */.Jv)(registry);
    if (target === own)
        return true;
    const a = site(own);
    return a !== undefined && a === site(target);
}
/** docker config keys are `host`, `host:port` or `https://host/v1/`; Docker Hub has several names. */
function configKeyHost(key) {
    const host = key
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
    return DOCKER_HUB_KEYS.has(host) ? 'registry-1.docker.io' : host;
}
function dockerConfigPath(env) {
    return (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker'), 'config.json');
}
function registryCredentialFor(registry, env, warn = () => { }) {
    const user = env.REGISTRY_USERNAME;
    const pass = env.REGISTRY_PASSWORD;
    if (user || pass) {
        if (!user || !pass)
            throw new errors/* InputError */.dz('REGISTRY_USERNAME and REGISTRY_PASSWORD go together; only one is set', 'set both, or neither (a docker config.json is read then)');
        return { username: user, password: pass, source: 'REGISTRY_USERNAME/REGISTRY_PASSWORD' };
    }
    const path = dockerConfigPath(env);
    let text;
    try {
        if ((0,external_node_fs_.statSync)(path).size > MAX_DOCKER_CONFIG_BYTES)
            throw new errors/* InputError */.dz(`${path} is larger than 1 MB`, 'point DOCKER_CONFIG at a directory with a small config.json');
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (err) {
        if (err instanceof errors/* InputError */.dz)
            throw err;
        return undefined; // no docker config: anonymous
    }
    let config;
    try {
        config = JSON.parse(text);
    }
    catch {
        throw new errors/* InputError */.dz(`${path} is not valid JSON`, 'fix it, or set REGISTRY_USERNAME/REGISTRY_PASSWORD');
    }
    const wanted = configKeyHost(registry);
    const entry = Object.entries(config.auths ?? {}).find(([k]) => configKeyHost(k) === wanted)?.[1];
    if (entry) {
        if (entry.auth) {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const i = decoded.indexOf(':');
            if (i > 0)
                return { username: decoded.slice(0, i), password: decoded.slice(i + 1), source: `${path} auths` };
        }
        if (entry.username && entry.password)
            return { username: entry.username, password: entry.password, source: `${path} auths` };
    }
    if (config.credHelpers?.[registry] || config.credsStore) {
        warn(`${path} names a credential helper for ${registry}; helpers are not run: set REGISTRY_USERNAME/REGISTRY_PASSWORD instead`);
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: ./packages/core/src/retry.ts
var retry = __webpack_require__(9899);
;// CONCATENATED MODULE: ./packages/core/src/registry/http.ts
/**
 * HTTP for the registry client: byte bodies (manifests are PUT byte for byte), a timeout on every
 * request (headers and body alike), a size cap on every response, redirects followed by hand with
 * the Authorization header dropped on any change of origin (registries send blob GETs to storage
 * hosts), and a count of the bytes that crossed the wire (bodies), for the benchmark.
 */




const REGISTRY_TIMEOUT_MS = 30_000;
/** The distribution spec lets registries refuse manifests over 4 MiB; we refuse to read more. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;
function newWireCounter() {
    return { requests: 0, bytesSent: 0, bytesReceived: 0 };
}
const agents = { http: new external_node_http_.Agent({ keepAlive: true }), https: new external_node_https_.Agent({ keepAlive: true }) };
/**
 * node:http, not fetch: a retag is three or four small requests, and in a fresh CLI process
 * fetch's first request costs 100–300 ms of set-up (its HTTP parser is WebAssembly compiled on
 * first use) against a few ms here.
 */
function once(url, req, headers, signal, maxBytes) {
    const mod = url.protocol === 'https:' ? external_node_https_.request : external_node_http_.request;
    return new Promise((resolve, reject) => {
        const r = mod(url, { method: req.method, headers, signal, agent: url.protocol === 'https:' ? agents.https : agents.http }, (res) => {
            const status = res.statusCode ?? 0;
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers))
                if (v !== undefined)
                    h.set(k, Array.isArray(v) ? v.join(', ') : v);
            const redirect = status >= 300 && status < 400 && h.has('location');
            const declared = Number(h.get('content-length'));
            if (!redirect && req.method !== 'HEAD' && Number.isFinite(declared) && declared > maxBytes) {
                res.destroy();
                reject(new errors/* RemoteError */.Hi(`the response from ${url.host} is larger than ${maxBytes} bytes`));
                return;
            }
            const chunks = [];
            let size = 0;
            res.on('data', (c) => {
                if (redirect)
                    return;
                size += c.length;
                if (size > maxBytes) {
                    res.destroy();
                    reject(new errors/* RemoteError */.Hi(`the response from ${url.host} is larger than ${maxBytes} bytes`));
                    return;
                }
                chunks.push(c);
            });
            res.on('end', () => resolve({ status, headers: h, body: Buffer.concat(chunks) }));
            res.on('error', reject);
        });
        r.on('error', reject);
        r.end(req.body);
    });
}
/** One request with our bounds. Network failures and bounds become RemoteError (exit 1), with no header values. */
async function registryFetch(url, req, counter, timeoutMs = REGISTRY_TIMEOUT_MS) {
    const maxBytes = req.maxBytes ?? MAX_MANIFEST_BYTES;
    const signal = AbortSignal.timeout(timeoutMs);
    let current = url;
    let headers = { ...(req.headers ?? {}) };
    if (req.body)
        headers['Content-Length'] = String(req.body.byteLength);
    for (let hop = 0;; hop++) {
        counter.requests++;
        counter.bytesSent += req.body?.byteLength ?? 0;
        let res;
        try {
            res = await once(current, req, headers, signal, maxBytes);
        }
        catch (err) {
            if (err instanceof errors/* RemoteError */.Hi)
                throw err;
            throw networkError(err, current, signal, timeoutMs);
        }
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location && req.method !== 'PUT' && req.method !== 'POST' && req.method !== 'PATCH') {
            if (hop >= MAX_REDIRECTS)
                throw new errors/* RemoteError */.Hi(`more than ${MAX_REDIRECTS} redirects from ${url.host}`);
            const next = new URL(location, current);
            if (next.protocol !== 'https:' && next.protocol !== 'http:')
                throw new errors/* RemoteError */.Hi(`${current.host} redirected to a ${next.protocol} URL`);
            // Credentials are for the registry's origin only: never to a storage host, never down to http.
            if (next.origin !== url.origin)
                headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
            current = next;
            continue;
        }
        counter.bytesReceived += res.body.byteLength;
        return { ...res, url: current };
    }
}
function networkError(err, url, signal, timeoutMs) {
    if (signal.aborted)
        return new errors/* RemoteError */.Hi(`no complete answer from ${url.host} within ${timeoutMs / 1000} s`, 'check the registry address, or raise GITOPS_HTTP_TIMEOUT_MS');
    const what = (0,retry/* networkErrorText */.Mi)(err);
    const tlsHint = /SSL|TLS|EPROTO|wrong version/i.test(what)
        ? 'for a plain-http registry pass --plain-http'
        : 'check the registry address and that it is reachable';
    return new errors/* RemoteError */.Hi(`cannot reach ${url.host}: ${what}`, tlsHint);
}

;// CONCATENATED MODULE: ./packages/core/src/registry/client.ts
/**
 * An OCI distribution client for retagging: manifests and blob mounts only, never a layer's
 * bytes. Authentication follows the registry's `WWW-Authenticate` challenge: Bearer (token from
 * the realm for the operation's scopes, anonymous or with credentials) or Basic. Every request
 * of one client uses the same scope set, so one token serves a whole retag.
 */







const MEDIA_TYPES = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
};
const MANIFEST_MEDIA_TYPES = Object.values(MEDIA_TYPES);
const ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');
const MAX_TOKEN_BYTES = 1024 * 1024;
function isIndexMediaType(t) {
    return t === MEDIA_TYPES.ociIndex || t === MEDIA_TYPES.dockerList;
}
function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
/** `Bearer realm="…",service="…",scope="a b"` → scheme and parameters. */
function parseChallenge(header) {
    if (!header)
        return undefined;
    const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
    if (!m)
        return undefined;
    const params = {};
    for (const p of m[2].matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
        params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
    }
    return { scheme: m[1].toLowerCase(), params };
}
/** Scopes with one entry per resource (`repository:acme/app:pull` folds into `…:pull,push`), first-seen order. */
function mergeScopes(scopes) {
    const byResource = new Map();
    for (const s of scopes) {
        const i = s.lastIndexOf(':');
        const resource = i > 0 ? s.slice(0, i) : s;
        const actions = byResource.get(resource) ?? new Set();
        for (const a of i > 0 ? s.slice(i + 1).split(',') : [])
            if (a)
                actions.add(a);
        byResource.set(resource, actions);
    }
    return [...byResource].map(([r, a]) => (a.size ? `${r}:${[...a].join(',')}` : r));
}
class RegistryClient {
    opts;
    wire = newWireCounter();
    authorization;
    base;
    reporter;
    timeoutMs;
    constructor(opts) {
        this.opts = opts;
        this.base = new URL(`${opts.plainHttp ? 'http' : 'https'}://${opts.registry}`);
        this.reporter = opts.reporter ?? report/* silentReporter */.P;
        this.timeoutMs = opts.timeoutMs ?? REGISTRY_TIMEOUT_MS;
        if (opts.plainHttp && !(0,credentials/* isLoopback */.U9)((0,reference/* registryHostname */.Jv)(opts.registry))) {
            this.reporter.warn(`plain http to ${opts.registry}: nothing is encrypted, and no credentials are sent`);
        }
    }
    get registry() {
        return this.opts.registry;
    }
    /** A request on the registry; on a 401 challenge, authenticate once and repeat it. */
    async send(path, req) {
        const url = new URL(path, this.base);
        const withAuth = () => ({ ...req, headers: { ...(req.headers ?? {}), ...(this.authorization ? { Authorization: this.authorization } : {}) } });
        let res = await registryFetch(url, withAuth(), this.wire, this.timeoutMs);
        if (res.status !== 401)
            return res;
        const challenge = parseChallenge(res.headers.get('www-authenticate'));
        const had = this.authorization;
        this.authorization = await this.authorize(challenge);
        if (this.authorization === had)
            throw this.refused(res.status);
        res = await registryFetch(url, withAuth(), this.wire, this.timeoutMs);
        if (res.status === 401)
            throw this.refused(401);
        return res;
    }
    refused(status) {
        const cred = this.opts.credential;
        return new errors/* RemoteError */.Hi(`${this.registry} refused the request (${status})${cred ? ` with the credentials from ${cred.source}` : ' without credentials'}`, cred ? 'check that they may pull and push this repository' : 'set REGISTRY_USERNAME/REGISTRY_PASSWORD, or docker login', { status });
    }
    async authorize(challenge) {
        const cred = this.opts.credential;
        if (challenge?.scheme === 'basic') {
            if (!cred)
                return undefined;
            if (!mayReceiveRegistryCredentials(this.registry, this.base)) {
                throw new errors/* RemoteError */.Hi(`${this.registry} asks for a password over plain http; refusing to send one`, 'use https, or a loopback registry for --plain-http');
            }
            return `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
        }
        if (challenge?.scheme !== 'bearer' || !challenge.params.realm) {
            throw new errors/* RemoteError */.Hi(`${this.registry} answered 401 without a Bearer or Basic challenge`, 'check the registry address');
        }
        let realm;
        try {
            realm = new URL(challenge.params.realm);
        }
        catch {
            throw new errors/* RemoteError */.Hi(`${this.registry} named an invalid token realm`);
        }
        if (realm.protocol !== 'https:' && realm.protocol !== 'http:')
            throw new errors/* RemoteError */.Hi(`${this.registry} named a ${realm.protocol} token realm`);
        const scopes = mergeScopes([...this.opts.scopes, ...(challenge.params.scope ?? '').split(' ').filter(Boolean)]);
        if (challenge.params.service)
            realm.searchParams.set('service', challenge.params.service);
        for (const s of scopes)
            realm.searchParams.append('scope', s);
        const headers = { Accept: 'application/json' };
        if (cred) {
            if (mayReceiveRegistryCredentials(this.registry, realm)) {
                headers.Authorization = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
            }
            else {
                this.reporter.warn(`token realm ${realm.host} is not ${this.registry}'s host or site (or is plain http): asking it anonymously`);
            }
        }
        const res = await registryFetch(realm, { method: 'GET', headers, maxBytes: MAX_TOKEN_BYTES }, this.wire, this.timeoutMs);
        if (res.status !== 200) {
            throw new errors/* RemoteError */.Hi(`the token service ${realm.host} refused ${headers.Authorization ? `the credentials from ${cred.source}` : 'an anonymous token'} (${res.status})`, headers.Authorization ? 'check the registry credentials' : 'set REGISTRY_USERNAME/REGISTRY_PASSWORD, or docker login', { status: res.status });
        }
        let token;
        try {
            const body = JSON.parse(res.body.toString('utf8'));
            token = body.token ?? body.access_token;
        }
        catch {
            /* handled below */
        }
        if (!token || /[\r\n]/.test(token))
            throw new errors/* RemoteError */.Hi(`the token service ${realm.host} answered without a token`);
        this.reporter.mask(token);
        return `Bearer ${token}`;
    }
    fail(what, res) {
        let detail = '';
        try {
            const errors = JSON.parse(res.body.toString('utf8')).errors;
            if (errors?.length)
                detail = `: ${errors
                    .map((e) => [e.code, e.message].filter(Boolean).join(' '))
                    .join('; ')
                    .slice(0, 300)}`;
        }
        catch {
            /* not a distribution error body */
        }
        return new errors/* RemoteError */.Hi(`${what} failed (${res.status})${detail}`, undefined, { status: res.status });
    }
    /** GET a manifest by tag or digest: the exact bytes, their media type and their sha256 digest. */
    async getManifest(repository, reference) {
        const res = await this.send(`/v2/${repository}/manifests/${reference}`, { method: 'GET', headers: { Accept: ACCEPT } });
        if (res.status === 404)
            throw new errors/* RemoteError */.Hi(`${this.registry}/${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference} does not exist`, 'check --image and --from', { status: 404 });
        if (res.status !== 200)
            throw this.fail(`GET manifest ${repository}:${reference}`, res);
        const digest = sha256Digest(res.body);
        const declared = res.headers.get('docker-content-digest');
        if (declared && declared.startsWith('sha256:') && declared !== digest) {
            throw new errors/* RemoteError */.Hi(`${this.registry} sent a manifest whose bytes hash to ${digest}, not the ${declared} it declared`);
        }
        let mediaType = res.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
        if (!MANIFEST_MEDIA_TYPES.includes(mediaType)) {
            try {
                mediaType = JSON.parse(res.body.toString('utf8')).mediaType ?? mediaType;
            }
            catch {
                /* reported below */
            }
        }
        if (!MANIFEST_MEDIA_TYPES.includes(mediaType)) {
            throw new errors/* RemoteError */.Hi(`${repository}:${reference} is a ${mediaType || 'manifest of unknown type'}; only OCI and Docker v2 manifests and indexes can be retagged`);
        }
        return { bytes: res.body, mediaType, digest };
    }
    /** The digest a tag points at, or null when the tag does not exist. */
    async manifestDigest(repository, reference) {
        const res = await this.send(`/v2/${repository}/manifests/${reference}`, { method: 'HEAD', headers: { Accept: ACCEPT } });
        if (res.status === 404)
            return null;
        if (res.status !== 200)
            throw this.fail(`HEAD manifest ${repository}:${reference}`, res);
        const digest = res.headers.get('docker-content-digest');
        return digest ?? (await this.getManifest(repository, reference)).digest;
    }
    /** PUT the exact bytes under a tag (or their digest) with their media type; checks the registry's digest. */
    async putManifest(repository, reference, m) {
        const res = await this.send(`/v2/${repository}/manifests/${reference}`, { method: 'PUT', headers: { 'Content-Type': m.mediaType }, body: m.bytes });
        if (res.status !== 201 && res.status !== 200)
            throw this.fail(`PUT manifest ${repository}:${reference}`, res);
        const digest = res.headers.get('docker-content-digest');
        if (digest && digest !== m.digest)
            throw new errors/* RemoteError */.Hi(`${this.registry} stored ${repository}:${reference} as ${digest}, not ${m.digest}`);
    }
    async blobExists(repository, digest) {
        const res = await this.send(`/v2/${repository}/blobs/${digest}`, { method: 'HEAD' });
        if (res.status === 200)
            return true;
        if (res.status === 404)
            return false;
        throw this.fail(`HEAD blob ${repository}@${digest}`, res);
    }
    /** Cross-repository mount; false when the registry declined (it opened an upload instead, which we cancel). */
    async mountBlob(repository, digest, from) {
        const q = new URLSearchParams({ mount: digest, from });
        const res = await this.send(`/v2/${repository}/blobs/uploads/?${q.toString()}`, { method: 'POST', headers: { 'Content-Length': '0' } });
        if (res.status === 201)
            return true;
        if (res.status === 202) {
            const location = res.headers.get('location');
            if (location)
                await this.send(new URL(location, this.base).pathname + new URL(location, this.base).search, { method: 'DELETE' }).catch(() => undefined);
            return false;
        }
        throw this.fail(`mount blob ${digest} from ${from} into ${repository}`, res);
    }
    /** Monolithic upload of a small blob (configs, test images): POST, then PUT with the digest. */
    async pushBlob(repository, bytes) {
        const digest = sha256Digest(bytes);
        if (await this.blobExists(repository, digest))
            return digest;
        const start = await this.send(`/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: { 'Content-Length': '0' } });
        const location = start.headers.get('location');
        if (start.status !== 202 || !location)
            throw this.fail(`start upload to ${repository}`, start);
        const url = new URL(location, this.base);
        if (url.origin !== this.base.origin)
            throw new errors/* RemoteError */.Hi(`${this.registry} sent the upload to another origin (${url.host}); refusing`);
        url.searchParams.set('digest', digest);
        const res = await this.send(url.pathname + url.search, {
            method: 'PUT',
            headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.byteLength) },
            body: bytes,
            maxBytes: 64 * 1024,
        });
        if (res.status !== 201)
            throw this.fail(`upload blob to ${repository}`, res);
        return digest;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/registry/retag.ts
/**
 * The retag verb: give the image behind one tag (or digest) more tags, by digest, without pulling
 * a layer. The manifest's bytes are PUT unchanged under each new tag with their media type, so the
 * digest is the same everywhere (an index keeps every platform). Into another repository of the
 * same registry, blobs are mounted and child manifests put first, then the manifest.
 * A target tag that already names another digest is refused (nothing is written) unless --force,
 * or unless it is declared moving (`--moving production-latest`).
 */








function plan(input) {
    const src = (0,reference/* parseImageName */["if"])(input.image, '--image');
    const dst = input.toImage ? (0,reference/* parseImageName */["if"])(input.toImage, '--to-image') : src;
    if (dst.registry !== src.registry) {
        throw new errors/* InputError */.dz(`--to-image ${input.toImage} is on another registry than --image ${input.image}`, 'retag stays on one registry (blob mounts); copy across registries with skopeo copy');
    }
    if (!(0,reference/* isDigest */.Bc)(input.from))
        (0,tag/* assertTag */.DD)(input.from, '--from');
    if (input.to.length === 0)
        throw new errors/* InputError */.dz('--to names no tag', 'pass one or more tags, comma-separated');
    const to = [...new Set(input.to.map((t) => (0,tag/* assertTag */.DD)(t, '--to')))];
    const moving = new Set((input.moving ?? []).map((t) => (0,tag/* assertTag */.DD)(t, '--moving')));
    return { src, dst, to, moving };
}
async function retag(input) {
    const reporter = input.reporter ?? report/* silentReporter */.P;
    const env = input.env ?? process.env;
    const p = plan(input); // input errors first: exit 2, nothing sent
    const timeoutMs = input.timeoutMs ?? (0,bounded_fetch/* httpTimeoutMs */.C)(env);
    const credential = registryCredentialFor(p.src.registry, env, (m) => reporter.warn(m));
    if (credential)
        reporter.mask(credential.password);
    const crossRepo = p.dst.repository !== p.src.repository;
    const scopes = [`repository:${p.dst.repository}:pull,push`, ...(crossRepo ? [`repository:${p.src.repository}:pull`] : [])];
    const client = new RegistryClient({ registry: p.src.registry, scopes, plainHttp: input.plainHttp, credential, reporter, timeoutMs });
    const source = await client.getManifest(p.src.repository, input.from);
    if ((0,reference/* isDigest */.Bc)(input.from) && source.digest !== input.from) {
        throw new errors/* OperationError */.OK(`${p.src.name}@${input.from} came back as ${source.digest}`, 'the registry returned other bytes than asked; retry');
    }
    reporter.info(`${p.src.name}:${input.from} is ${source.digest} (${source.mediaType})`);
    // Look at every target before writing any: a refusal writes nothing. (The distribution API has no
    // conditional tag PUT, so a tag moved by someone else between this look and our PUT is not caught.)
    const changes = {};
    const refused = [];
    for (const tag of p.to) {
        const current = await client.manifestDigest(p.dst.repository, tag);
        if (current === null)
            changes[tag] = 'created';
        else if (current === source.digest)
            changes[tag] = 'unchanged';
        else if (input.force || p.moving.has(tag))
            changes[tag] = 'moved';
        else
            refused.push(`${tag} (${current})`);
    }
    if (refused.length) {
        throw new errors/* OperationError */.OK(`${p.dst.name}: ${refused.join(', ')} already point${refused.length === 1 ? 's' : ''} at another image than ${source.digest}; nothing was retagged`, 'declare moving tags with --moving, or pass --force to move them');
    }
    const writes = p.to.filter((t) => changes[t] !== 'unchanged');
    let mounted = 0;
    if (!input.dryRun && writes.length) {
        if (crossRepo)
            mounted = await copyContent(client, p, source, reporter);
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
function parseJson(m) {
    try {
        return JSON.parse(m.bytes.toString('utf8'));
    }
    catch {
        throw new errors/* OperationError */.OK(`the manifest ${m.digest} is not JSON`);
    }
}
/** Everything a manifest references, into the target repository: blobs by mount, child manifests by digest. */
async function copyContent(client, p, m, reporter, depth = 0) {
    const doc = parseJson(m);
    let mounted = 0;
    if (isIndexMediaType(m.mediaType)) {
        if (depth > 0)
            throw new errors/* OperationError */.OK(`nested index ${m.digest} is not supported`);
        for (const child of doc.manifests ?? []) {
            if (!child.digest || !(0,reference/* isDigest */.Bc)(child.digest))
                throw new errors/* OperationError */.OK(`index ${m.digest} lists a manifest without a sha256 digest`);
            if ((await client.manifestDigest(p.dst.repository, child.digest)) === child.digest)
                continue;
            const bytes = await client.getManifest(p.src.repository, child.digest);
            if (bytes.digest !== child.digest)
                throw new errors/* OperationError */.OK(`child manifest ${child.digest} came back as ${bytes.digest}`);
            if (bytes.bytes.byteLength > MAX_MANIFEST_BYTES)
                throw new errors/* OperationError */.OK(`child manifest ${child.digest} is too large`);
            mounted += await copyContent(client, p, bytes, reporter, depth + 1);
            await client.putManifest(p.dst.repository, child.digest, bytes);
        }
        return mounted;
    }
    // Foreign layers (`urls`, e.g. Windows base layers) are not in the registry: nothing to mount.
    const blobs = [doc.config, ...(doc.layers ?? [])].filter((d) => !!d && !d.urls?.length);
    for (const b of blobs) {
        if (!b.digest || !(0,reference/* isDigest */.Bc)(b.digest))
            throw new errors/* OperationError */.OK(`manifest ${m.digest} references a blob without a sha256 digest`);
        if (await client.blobExists(p.dst.repository, b.digest))
            continue;
        if (!(await client.mountBlob(p.dst.repository, b.digest, p.src.repository))) {
            throw new errors/* OperationError */.OK(`${client.registry} declined to mount ${b.digest} from ${p.src.repository} into ${p.dst.repository}`, 'the credentials need pull on the source repository; without mounts, copy with skopeo copy');
        }
        mounted++;
    }
    reporter.debug(`mounted ${mounted} blob(s) of ${m.digest}`);
    return mounted;
}


/***/ })

};
