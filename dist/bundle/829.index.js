export const id = 829;
export const ids = [829];
export const modules = {

/***/ 9109:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ boundedFetch),
/* harmony export */   C: () => (/* binding */ httpTimeoutMs),
/* harmony export */   E7: () => (/* binding */ MAX_JSON_BYTES),
/* harmony export */   co: () => (/* binding */ boundedFetchFunction),
/* harmony export */   fU: () => (/* binding */ HttpBoundError),
/* harmony export */   j: () => (/* binding */ boundedDispatcher)
/* harmony export */ });
/* unused harmony exports DEFAULT_HTTP_TIMEOUT_MS, isHttpBoundError */
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6752);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(655);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9899);
/**
 * The one fetch every HTTP client of ours goes through (GitHub, GitLab, Argo CD, Kubernetes, the
 * HTTP gate): bounded and credential-safe.
 *   - connect, time-to-headers and body-silence timeouts (GITOPS_HTTP_TIMEOUT_MS, default 30 s),
 *     plus a deadline for reading a whole response;
 *   - a size cap on buffered bodies (32 MB by default), checked against Content-Length first;
 *   - redirects followed by hand: a request carrying credentials is not followed to another
 *     origin (nor down to http) at all — refused with a message naming both ends — so no token
 *     survives a cross-origin redirect (fetch's own follow drops Authorization but keeps
 *     PRIVATE-TOKEN / JOB-TOKEN); requests without credentials follow up to 5 hops.
 * Buffered responses come back as a plain `Response` over the bytes read, so callers (octokit,
 * the GitLab client, the gates) keep using `.json()` / `.text()`.
 */




const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
/** Cap on a JSON API response (GitHub, GitLab, Argo CD application, Kubernetes object). */
const MAX_JSON_BYTES = 32 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/** A whole buffered response must arrive within this many timeouts (a trickle never ends otherwise). */
const BODY_DEADLINE_FACTOR = 10;
/** GITOPS_HTTP_TIMEOUT_MS: milliseconds, 100 ms … 10 min. */
function httpTimeoutMs(env = process.env) {
    const raw = env.GITOPS_HTTP_TIMEOUT_MS;
    if (raw === undefined || raw.trim() === '')
        return DEFAULT_HTTP_TIMEOUT_MS;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 100 || n > 600_000) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`GITOPS_HTTP_TIMEOUT_MS ${JSON.stringify(raw.slice(0, 40))} is not a number of milliseconds between 100 and 600000`, 'unset it for the default of 30000');
    }
    return n;
}
/**
 * A request ran into one of our bounds (timeout, size cap, redirects). Named AbortError on
 * purpose: octokit passes aborts through untouched and its retry plugin does not retry them —
 * a server that went silent for a whole timeout is not asked again.
 */
class HttpBoundError extends Error {
    bound;
    constructor(message, 
    /** timeout: the server was silent too long; size / redirect: what it sent is refused. */
    bound) {
        super(message);
        this.bound = bound;
        this.name = 'AbortError';
    }
}
function isHttpBoundError(e) {
    return e instanceof HttpBoundError || e?.cause instanceof HttpBoundError;
}
function boundedDispatcher(opts = {}) {
    const t = opts.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    return new undici__WEBPACK_IMPORTED_MODULE_0__/* .Agent */ .g6({
        connect: { timeout: t, ...(opts.tls ?? {}) },
        headersTimeout: t,
        bodyTimeout: opts.stream ? 0 : t,
    });
}
function seconds(ms) {
    return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
function mb(bytes) {
    return `${Math.round(bytes / (1024 * 1024))} MB`;
}
const TIMEOUT_CODES = /UND_ERR_(HEADERS|BODY|CONNECT)_TIMEOUT|ETIMEDOUT|TimeoutError/;
/** fetch with our bounds; see the module comment. Network failures other than our bounds are rethrown as fetch throws them. */
async function boundedFetch(url, init, opts) {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    const maxBytes = opts.maxBytes ?? MAX_JSON_BYTES;
    const deadline = opts.stream ? undefined : AbortSignal.timeout(timeoutMs * BODY_DEADLINE_FACTOR);
    const signals = [init.signal, deadline].filter((s) => !!s);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const start = new URL(url);
    let current = start;
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body;
    let headers = { ...(init.headers ?? {}) };
    for (let hop = 0;; hop++) {
        let res;
        try {
            res = await (0,undici__WEBPACK_IMPORTED_MODULE_0__/* .fetch */ .hd)(current, { method, headers, body, signal, redirect: 'manual', dispatcher: opts.dispatcher });
        }
        catch (err) {
            if (init.signal?.aborted)
                throw err;
            const what = (0,_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .networkErrorText */ .Mi)(err);
            if (deadline?.aborted || TIMEOUT_CODES.test(what) || err?.name === 'TimeoutError') {
                throw new HttpBoundError(`no answer from ${current.host} within ${seconds(timeoutMs)}`, 'timeout');
            }
            throw err;
        }
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && res.status !== 304 && location) {
            await res.body?.cancel().catch(() => undefined);
            if (hop >= MAX_REDIRECTS)
                throw new HttpBoundError(`more than ${MAX_REDIRECTS} redirects from ${start.host}`, 'redirect');
            let next;
            try {
                next = new URL(location, current);
            }
            catch {
                throw new HttpBoundError(`${current.host} redirected to an invalid URL`, 'redirect');
            }
            if (next.protocol !== 'http:' && next.protocol !== 'https:')
                throw new HttpBoundError(`${current.host} redirected to a ${next.protocol} URL`, 'redirect');
            // Credentials belong to the origin they were configured for: never to another one, never down to http.
            const carries = Object.keys(headers).some((k) => _credentials_js__WEBPACK_IMPORTED_MODULE_1__/* .CREDENTIAL_HEADERS */ .zt.includes(k.toLowerCase()));
            if (carries && next.origin !== start.origin) {
                throw new HttpBoundError(`${start.host} redirected to ${next.origin}, another origin: not followed while carrying credentials (a token goes only to its own host)`, 'redirect');
            }
            if (res.status === 303 ? method !== 'HEAD' : (res.status === 301 || res.status === 302) && method === 'POST') {
                method = 'GET';
                body = undefined;
                headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)));
            }
            current = next;
            continue;
        }
        if (opts.stream)
            return res;
        return await buffered(res, current, maxBytes, timeoutMs, deadline);
    }
}
async function buffered(res, url, maxBytes, timeoutMs, deadline) {
    const tooLarge = () => new HttpBoundError(`the response from ${url.host} is larger than ${mb(maxBytes)}`, 'size');
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        throw tooLarge();
    }
    const chunks = [];
    let size = 0;
    if (res.body) {
        try {
            for await (const chunk of res.body) {
                size += chunk.byteLength;
                if (size > maxBytes) {
                    await res.body.cancel().catch(() => undefined);
                    throw tooLarge();
                }
                chunks.push(chunk);
            }
        }
        catch (err) {
            if (err instanceof HttpBoundError)
                throw err;
            const what = (0,_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .networkErrorText */ .Mi)(err);
            if (deadline?.aborted || TIMEOUT_CODES.test(what)) {
                throw new HttpBoundError(`the response from ${url.host} did not arrive in time (silent for ${seconds(timeoutMs)}, or longer than ${seconds(timeoutMs * BODY_DEADLINE_FACTOR)} in all)`, 'timeout');
            }
            throw err;
        }
    }
    const nullBody = res.status === 204 || res.status === 205 || res.status === 304;
    const out = new Response(nullBody ? null : Buffer.concat(chunks), { status: res.status, statusText: res.statusText, headers: res.headers });
    Object.defineProperty(out, 'url', { value: url.toString() });
    return out;
}
/** A fetch-compatible function over boundedFetch, for clients that take one (octokit). */
function boundedFetchFunction(opts, onRequest) {
    return async (input, init) => {
        onRequest?.();
        const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
        const headers = {};
        new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((v, k) => (headers[k] = v));
        const body = init?.body;
        if (body !== undefined && body !== null && typeof body !== 'string')
            throw new TypeError('boundedFetch sends string bodies only');
        return boundedFetch(url, { method: init?.method ?? 'GET', headers, body: body ?? undefined, signal: init?.signal }, opts);
    };
}


/***/ }),

/***/ 655:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FX: () => (/* binding */ credentialFor),
/* harmony export */   O4: () => (/* binding */ urlCredentials),
/* harmony export */   U9: () => (/* binding */ isLoopback),
/* harmony export */   _3: () => (/* binding */ assertNoControlChars),
/* harmony export */   a4: () => (/* binding */ assertSecretTransport),
/* harmony export */   dq: () => (/* binding */ transportAllowsSecrets),
/* harmony export */   gh: () => (/* binding */ parseTokenHosts),
/* harmony export */   zt: () => (/* binding */ CREDENTIAL_HEADERS)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/**
 * Which secret may go to which host: the one place every client asks (git, GitHub, GitLab,
 * Argo CD, Kubernetes). A forge token from the environment is bound to hosts:
 *
 *   GITHUB_TOKEN / GH_TOKEN      github.com (+ api.github.com), GITHUB_SERVER_URL's host (+ api.HOST),
 *                                GITHUB_API_URL's host, the --api-url host of a github forge
 *   GITLAB_TOKEN / CI_JOB_TOKEN  gitlab.com, CI_SERVER_URL's host, CI_API_V4_URL's host,
 *                                the --api-url host of a gitlab forge
 *   either                       every host named by --token-host (GITOPS_TOKEN_HOST), on purpose
 *
 * An env token never goes to any other host, and never over plain http except to loopback.
 * Credentials written in the URL (https://user:token@host/…) are the user's own choice for that
 * URL and win over env tokens. A bound host without a port binds every port; HOST:PORT binds
 * that port only. Every decision carries a sentence saying what was sent and why (by variable
 * name, never the value), for the 401/403 hints.
 */

const FAMILY_VARS = {
    github: ['GITHUB_TOKEN', 'GH_TOKEN'],
    gitlab: ['GITLAB_TOKEN', 'CI_JOB_TOKEN'],
};
const USERNAMES = {
    GITHUB_TOKEN: 'x-access-token',
    GH_TOKEN: 'x-access-token',
    GITLAB_TOKEN: 'oauth2',
    CI_JOB_TOKEN: 'gitlab-ci-token',
};
/** Request headers that carry credentials: dropped on any change of origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'private-token', 'job-token'];
/** 127.0.0.0/8, ::1 and localhost: plain http there never leaves the machine. */
function isLoopback(hostname) {
    const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
    if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1')
        return true;
    if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(h))
        return true;
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
    return !!m && m[1] === '127' && m.slice(2).every((x) => Number(x) <= 255);
}
/** May a secret travel to this URL at all? Only https, or plain http to loopback. */
function transportAllowsSecrets(url) {
    if (url.protocol === 'https:')
        return true;
    return url.protocol === 'http:' && isLoopback(url.hostname);
}
const LONE_TOKEN_MIN = 20;
const CONVENTIONAL_USERS = new Set(['x-access-token', 'oauth2', 'gitlab-ci-token', 'git', 'x-token-auth']);
/**
 * Credentials written into an http(s) URL: `user:secret@`, or a lone token-like user
 * (`https://TOKEN@host`, as many docs show). A lone conventional name is only a username.
 */
function urlCredentials(u) {
    const user = u.username ? decodeURIComponent(u.username) : undefined;
    const pass = u.password ? decodeURIComponent(u.password) : undefined;
    if (pass !== undefined)
        return { username: user || undefined, token: pass };
    if (user !== undefined && !CONVENTIONAL_USERS.has(user) && user.length >= LONE_TOKEN_MIN)
        return { token: user };
    return user !== undefined ? { username: user } : {};
}
function bindingOf(raw, why, withApi = false) {
    if (!raw)
        return [];
    try {
        const u = new URL(raw);
        const port = u.port || undefined;
        const out = [{ hostname: u.hostname.toLowerCase(), port, why }];
        // GitHub serves its REST API from api.HOST for github.com and GHE.com.
        if (withApi && !/^\d+\.\d+\.\d+\.\d+$|^\[/.test(u.hostname))
            out.push({ hostname: `api.${u.hostname.toLowerCase()}`, port, why: `the API host of ${why}` });
        return out;
    }
    catch {
        return [];
    }
}
/** `HOST` or `HOST:PORT` entries of --token-host; anything else is an input error. */
function parseTokenHosts(value, flag = '--token-host') {
    if (value === undefined)
        return [];
    const items = (typeof value === 'string' ? value.split(/[,\n]/) : value.flatMap((v) => v.split(/[,\n]/))).map((s) => s.trim()).filter(Boolean);
    for (const item of items) {
        if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/i.test(item)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${flag} ${JSON.stringify(item).slice(0, 80)} is not a host name`, `pass HOST or HOST:PORT, comma-separated (no scheme, no path)`);
        }
    }
    return items.map((s) => s.toLowerCase());
}
function tokenHostBindings(hosts) {
    return hosts.map((h) => {
        const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h);
        return { hostname: m[1], port: m[2], why: '--token-host names it' };
    });
}
function bindingsFor(family, req, tokenHosts) {
    const { env } = req;
    const api = req.forge === family ? bindingOf(req.apiUrl, 'the --api-url host') : [];
    const own = family === 'github'
        ? [
            ...bindingOf('https://github.com', 'github.com', true),
            ...bindingOf(env.GITHUB_SERVER_URL, "GITHUB_SERVER_URL's host", true),
            ...bindingOf(env.GITHUB_API_URL, "GITHUB_API_URL's host"),
        ]
        : [
            ...bindingOf('https://gitlab.com', 'gitlab.com'),
            ...bindingOf(env.CI_SERVER_URL, "CI_SERVER_URL's host"),
            ...bindingOf(env.CI_API_V4_URL, "CI_API_V4_URL's host"),
        ];
    return [...own, ...api, ...tokenHostBindings(tokenHosts)];
}
function effectivePort(u) {
    return u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
}
function matches(b, u) {
    return b.hostname === u.hostname.toLowerCase() && (b.port === undefined || b.port === effectivePort(u));
}
function hostLabel(u) {
    return u.host.toLowerCase();
}
/** The token families to consider, in order of preference. */
function familiesFor(req) {
    if (req.forge === 'github' || req.forge === 'gitlab')
        return [req.forge];
    // git: both; GitLab's own first inside GitLab CI.
    return req.env.GITLAB_CI ? ['gitlab', 'github'] : ['github', 'gitlab'];
}
/** The --token-host value from the request or GITOPS_TOKEN_HOST. */
function tokenHostsOf(req) {
    return req.tokenHosts ? parseTokenHosts(req.tokenHosts) : parseTokenHosts(req.env.GITOPS_TOKEN_HOST, 'GITOPS_TOKEN_HOST');
}
/** Decide which credential (if any) goes to `req.url`, and say why. */
function credentialFor(req) {
    let u;
    try {
        u = new URL(req.url);
    }
    catch {
        return { reason: 'sent no token: not an http(s) URL' };
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
        return { reason: `sent no token: ${u.protocol.slice(0, -1)} is not http(s)` };
    const host = hostLabel(u);
    const own = urlCredentials(u);
    if (own.token)
        return {
            token: own.token,
            source: 'url',
            username: own.username,
            reason: `sent the credentials written in the URL to ${host} (they win over environment tokens)`,
        };
    const families = familiesFor(req);
    const candidates = families.flatMap((f) => FAMILY_VARS[f].filter((v) => req.env[v]).map((v) => ({ family: f, variable: v })));
    const names = families.flatMap((f) => FAMILY_VARS[f]).join(', ');
    if (candidates.length === 0)
        return { username: own.username, reason: `sent no token to ${host}: none of ${names} is set` };
    const tokenHosts = tokenHostsOf(req);
    for (const c of candidates) {
        const bound = bindingsFor(c.family, req, tokenHosts).find((b) => matches(b, u));
        if (!bound)
            continue;
        if (!transportAllowsSecrets(u)) {
            return {
                username: own.username,
                reason: `sent no token to ${host}: ${c.variable} never goes over plain http except to loopback (use https)`,
            };
        }
        return {
            token: req.env[c.variable],
            source: c.variable,
            username: own.username ?? USERNAMES[c.variable],
            reason: `sent ${c.variable} to ${host} because ${host} is ${bound.why === '--token-host names it' ? 'named by --token-host' : bound.why}`,
        };
    }
    const first = candidates[0];
    const boundTo = [...new Set(bindingsFor(first.family, req, tokenHosts).map((b) => (b.port ? `${b.hostname}:${b.port}` : b.hostname)))].join(', ');
    return {
        username: own.username,
        reason: `sent no token to ${host}: ${candidates.map((c) => c.variable).join(' and ')} ${candidates.length > 1 ? 'are' : 'is'} bound to ${boundTo} only (pass --token-host ${u.hostname} to send it there on purpose)`,
    };
}
/**
 * A secret configured for one server (Argo CD token, kubeconfig credentials, HTTP gate headers)
 * may go to that server's origin only, and over plain http only to loopback.
 */
function assertSecretTransport(url, what) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return;
    }
    if (!transportAllowsSecrets(u)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`refusing to send ${what} over plain http to ${u.host} (a secret goes over plain http only to loopback)`, `use an https URL for ${u.host}`);
    }
}
/** Control characters (newline, NUL, ESC…) in a flag value: never a valid URL, host or path. */
function assertNoControlChars(value, flag) {
    if (value === undefined)
        return;
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const i = value.search(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    if (i >= 0) {
        const code = value.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${flag} contains a control character (U+${code} at position ${i + 1})`, `remove newlines and control characters from ${flag}`);
    }
}


/***/ }),

/***/ 7569:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TD: () => (/* binding */ strs),
/* harmony export */   bu: () => (/* binding */ num),
/* harmony export */   gx: () => (/* binding */ str),
/* harmony export */   lc: () => (/* binding */ bool)
/* harmony export */ });
/** Typed reads of parsed values (the spec guarantees the type). */
const str = (v, k) => v[k];
const bool = (v, k) => v[k] === true;
const num = (v, k) => v[k];
const strs = (v, k) => v[k];


/***/ }),

/***/ 9899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mi: () => (/* binding */ networkErrorText),
/* harmony export */   nO: () => (/* binding */ Backoff),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/**
 * Waiting between attempts, shared by every client that retries (the gates, the GitLab client):
 * an abortable sleep, doubling backoff, and the short name of a network failure for messages.
 * p-retry runs the bounded retry loops; these are the pieces the hand-written loops (a gate rides
 * out an outage until its deadline) and the error messages have in common.
 */
/** Sleep that resolves early (without throwing) when the signal aborts. */
function sleep(ms, signal) {
    return new Promise((resolve) => {
        if (signal?.aborted)
            return resolve();
        const t = setTimeout(done, ms);
        function done() {
            clearTimeout(t);
            signal?.removeEventListener('abort', done);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    });
}
/** Waits that double from `min` to `max` milliseconds; reset() once the other side answers again. */
class Backoff {
    min;
    max;
    current;
    constructor(min, max) {
        this.min = min;
        this.max = max;
        this.current = min;
    }
    /** Sleep the current wait (ending early on abort), then double it, up to max. */
    async wait(signal) {
        await sleep(this.current, signal);
        this.current = Math.min(this.current * 2, this.max);
    }
    reset() {
        this.current = this.min;
    }
}
/** What a failed fetch/request says went wrong: the system error code (ECONNREFUSED …) when there is one. */
function networkErrorText(err) {
    const cause = err?.cause;
    return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}


/***/ })

};
