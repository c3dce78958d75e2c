export const id = 722;
export const ids = [722];
export const modules = {

/***/ 2722:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HttpGate: () => (/* binding */ HttpGate)
/* harmony export */ });
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9713);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);
/* harmony import */ var _redaction_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3812);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9899);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7118);
/**
 * HTTP health gate: a URL (e.g. the app's `/health`) that must answer 2xx `successes` times in a
 * row, `intervalMs` apart; each request gives up after `requestTimeoutMs`. Any non-2xx or network
 * error resets the streak; the verb's timeout decides when to give up.
 */





class HttpGate {
    opts;
    kind = 'http';
    target;
    targetUrl;
    secrets;
    requestCount = 0;
    dispatcher;
    url;
    constructor(opts) {
        this.opts = opts;
        let u;
        try {
            u = new URL(opts.url);
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`health URL is not a URL: ${(0,_redaction_js__WEBPACK_IMPORTED_MODULE_3__/* .urlForMessage */ .Og)(opts.url)}`, 'use http(s)://host/health');
        }
        if (!/^https?:$/.test(u.protocol))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`health URL must be http or https: ${(0,_redaction_js__WEBPACK_IMPORTED_MODULE_3__/* .urlForMessage */ .Og)(opts.url)}`);
        const secrets = Object.values(opts.headers ?? {});
        if (u.password)
            secrets.push(decodeURIComponent(u.password));
        this.secrets = secrets;
        this.url = u.toString();
        this.target = `HTTP ${(0,_redaction_js__WEBPACK_IMPORTED_MODULE_3__/* .urlForMessage */ .Og)(this.url)}`;
        this.targetUrl = (0,_redaction_js__WEBPACK_IMPORTED_MODULE_3__/* .urlForMessage */ .Og)(this.url);
        this.dispatcher = (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .createDispatcher */ .SM)({ insecure: opts.insecure });
        if ((opts.successes ?? 3) < 1)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('successes must be at least 1');
    }
    async *observe(o) {
        const need = this.opts.successes ?? 3;
        const interval = (0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .pollPeriod */ .JC)(this.opts.intervalMs ?? o.pollIntervalMs, 5000);
        let streak = 0;
        for (let first = true; !o.signal.aborted; first = false) {
            if (!first)
                await (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(interval, o.signal);
            if (o.signal.aborted)
                return;
            let health;
            let message;
            this.requestCount++;
            try {
                const u = new URL(this.url);
                const headers = { ...this.opts.headers };
                if (u.username || u.password) {
                    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
                    u.username = '';
                    u.password = '';
                }
                const res = await (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .send */ .tN)(u.toString(), {
                    signal: o.signal,
                    dispatcher: this.dispatcher,
                    headers,
                    timeoutMs: this.opts.requestTimeoutMs ?? 5000,
                });
                await res.arrayBuffer().catch(() => undefined);
                if (res.status >= 200 && res.status < 300) {
                    streak++;
                    health = 'Healthy';
                }
                else {
                    streak = 0;
                    health = 'Degraded';
                    message = `HTTP ${res.status}`;
                }
                message = message ?? `HTTP ${res.status}`;
            }
            catch (err) {
                if (o.signal.aborted)
                    return;
                streak = 0;
                health = 'Unreachable';
                message = err instanceof Error ? err.message : String(err);
            }
            const state = { health, sync: `${streak}/${need} in a row`, resources: [], message };
            if (streak >= need) {
                yield { state, verdict: 'pass', reason: `${need} consecutive 2xx answers from ${this.targetUrl}` };
                return;
            }
            yield { state, verdict: 'wait', reason: `waiting for ${need} consecutive 2xx answers (${streak} so far; last ${message})` };
        }
    }
}


/***/ }),

/***/ 7118:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dm: () => (/* binding */ isTransientStatus),
/* harmony export */   EW: () => (/* binding */ outageBackoff),
/* harmony export */   N_: () => (/* binding */ TransientError),
/* harmony export */   SM: () => (/* binding */ createDispatcher),
/* harmony export */   kc: () => (/* binding */ errorText),
/* harmony export */   tN: () => (/* binding */ send),
/* harmony export */   zL: () => (/* binding */ ndjson)
/* harmony export */ });
/* harmony import */ var _bounded_fetch_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9109);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(655);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _redaction_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3812);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9899);





function createDispatcher(tls = {}, env = process.env) {
    return (0,_bounded_fetch_js__WEBPACK_IMPORTED_MODULE_0__/* .boundedDispatcher */ .j)({
        timeoutMs: (0,_bounded_fetch_js__WEBPACK_IMPORTED_MODULE_0__/* .httpTimeoutMs */ .C)(env),
        // A stream may stay silent for minutes; the gate decides when to give up (and GETs carry their own timeout).
        stream: true,
        tls: {
            rejectUnauthorized: !tls.insecure,
            ...(tls.ca ? { ca: tls.ca } : {}),
            ...(tls.cert ? { cert: tls.cert } : {}),
            ...(tls.key ? { key: tls.key } : {}),
        },
    });
}
/** A failure that waiting may fix: connection refused/reset, 5xx, 429, a dropped stream. */
class TransientError extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
        this.name = 'TransientError';
    }
}
function isTransientStatus(status) {
    return status === 408 || status === 425 || status === 429 || status >= 500;
}
/**
 * fetch that turns network errors into TransientError (never echoing headers), and honours
 * both the caller's signal and a per-request timeout. With a timeout the body is read whole
 * (capped); without one it is a stream, read through ndjson (lines capped).
 */
async function send(url, req) {
    if (Object.keys(req.headers ?? {}).some((k) => _credentials_js__WEBPACK_IMPORTED_MODULE_1__/* .CREDENTIAL_HEADERS */ .zt.includes(k.toLowerCase())))
        (0,_credentials_js__WEBPACK_IMPORTED_MODULE_1__/* .assertSecretTransport */ .a4)(url, 'credentials');
    const signals = [req.signal];
    if (req.timeoutMs)
        signals.push(AbortSignal.timeout(req.timeoutMs));
    try {
        return await (0,_bounded_fetch_js__WEBPACK_IMPORTED_MODULE_0__/* .boundedFetch */ .A)(url, { method: req.method ?? 'GET', headers: req.headers, body: req.body, signal: signals.length > 1 ? AbortSignal.any(signals) : req.signal }, { dispatcher: req.dispatcher, timeoutMs: req.timeoutMs ?? (0,_bounded_fetch_js__WEBPACK_IMPORTED_MODULE_0__/* .httpTimeoutMs */ .C)(), stream: !req.timeoutMs });
    }
    catch (err) {
        if (req.signal.aborted)
            throw req.signal.reason ?? err;
        // Too large or a refused redirect will not change on a retry; silence might.
        if (err instanceof _bounded_fetch_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpBoundError */ .fU && err.bound !== 'timeout')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi(`${err.message} (${(0,_redaction_js__WEBPACK_IMPORTED_MODULE_3__/* .urlForMessage */ .Og)(url)})`);
        throw new TransientError(`${err instanceof _bounded_fetch_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpBoundError */ .fU ? err.message : describeNetworkError(err)} (${(0,_redaction_js__WEBPACK_IMPORTED_MODULE_3__/* .urlForMessage */ .Og)(url)})`);
    }
}
function describeNetworkError(err) {
    const code = err?.cause?.code;
    if (!code && err instanceof Error && err.name === 'TimeoutError')
        return 'request timed out';
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .networkErrorText */ .Mi)(err);
}
/** Read a response body as JSON objects, one per line (each at most maxLineBytes). Ends when the stream ends. */
async function* ndjson(res, signal, maxLineBytes = _bounded_fetch_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_JSON_BYTES */ .E7) {
    if (!res.body)
        return;
    const decoder = new TextDecoder();
    let buf = '';
    try {
        for await (const chunk of res.body) {
            // Only the new text is searched for newlines, so a long line costs linear time.
            let from = buf.length;
            buf += decoder.decode(chunk, { stream: true });
            let nl;
            while ((nl = buf.indexOf('\n', from)) >= 0) {
                const line = buf.slice(0, nl).trim();
                buf = buf.slice(nl + 1);
                from = 0;
                if (line)
                    yield JSON.parse(line);
            }
            // An event still open past the cap is refused (its UTF-16 length never exceeds its bytes).
            if (buf.length > maxLineBytes) {
                await res.body.cancel().catch(() => undefined);
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi(`a stream event from ${(0,_redaction_js__WEBPACK_IMPORTED_MODULE_3__/* .urlForMessage */ .Og)(res.url)} is larger than ${Math.round(maxLineBytes / (1024 * 1024))} MB`);
            }
        }
    }
    catch (err) {
        if (signal.aborted)
            return;
        if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi)
            throw err;
        if (err instanceof SyntaxError)
            throw new TransientError(`stream sent a line that is not JSON`);
        throw new TransientError(`stream dropped: ${describeNetworkError(err)}`);
    }
    const rest = buf.trim();
    if (rest) {
        try {
            yield JSON.parse(rest);
        }
        catch {
            /* a cut-off last line: the stream dropped mid-event */
        }
    }
}
/** How long a gate waits between attempts while its API is unreachable: 250 ms doubling up to the poll interval (at most 5 s). */
function outageBackoff(pollIntervalMs) {
    return new _retry_js__WEBPACK_IMPORTED_MODULE_4__/* .Backoff */ .nO(250, Math.max(250, Math.min(pollIntervalMs, 5000)));
}
/** Body text of an error response, trimmed, for messages (never includes request headers). */
async function errorText(res) {
    try {
        const text = (await res.text()).trim();
        try {
            const j = JSON.parse(text);
            return (j.message ?? j.error ?? text).slice(0, 300);
        }
        catch {
            return text.slice(0, 300);
        }
    }
    catch {
        return '';
    }
}


/***/ })

};
