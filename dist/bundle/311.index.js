export const id = 311;
export const ids = [311];
export const modules = {

/***/ 294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ RevisionAcceptance)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _revision_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5827);
/**
 * Newer revisions that contain ours. In a busy env repo another pipeline often pushes an
 * unrelated commit right after ours, and the target then reports that commit, never ours. The
 * caller's `acceptRevision` predicate says whether a reported revision contains the expected one;
 * when it does, the gate evaluates exactly as if that revision were the expected one (every other
 * rule still applies to it), so stale status is still never trusted. The pure evaluators never see
 * the predicate: the gates resolve the effective expected revision first (this module).
 */


class RevisionAcceptance {
    o;
    expected;
    accept;
    /** One answer per reported revision: in flight (shared), final, or failed (retried later). */
    answers = new Map();
    retryAfterMs;
    constructor(o) {
        this.o = o;
        this.expected = o.revision;
        this.accept = o.revision ? o.acceptRevision : undefined;
        this.retryAfterMs = Math.max(5000, o.pollIntervalMs);
    }
    /**
     * Argo CD: the compared entries (one, or one per compared source). The effective revision is
     * the reported one when every entry names the same revision and the predicate accepts it;
     * otherwise the expected one (mixed entries keep waiting, as before).
     */
    async resolveAll(reported) {
        const expected = this.expected;
        if (!expected || !this.accept || reported.length === 0)
            return expected;
        if (reported.every((r) => (0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .sameRevision */ .Y6)(r, expected)))
            return expected;
        const differing = [...new Set(reported.filter((r) => !!r && !(0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .sameRevision */ .Y6)(r, expected)))];
        const answers = await Promise.all(differing.map((r) => this.accepted(r)));
        const only = differing[0];
        if (differing.length === 1 && only && answers[0] && reported.every((r) => r === only))
            return only;
        return expected;
    }
    /**
     * Flux: candidates newest first (last attempted, then last applied). The first that names the
     * expected revision keeps it; else the first the predicate accepts becomes the effective one.
     */
    async resolveFirst(candidates) {
        const expected = this.expected;
        if (!expected || !this.accept)
            return expected;
        for (const c of candidates) {
            if (!c)
                continue;
            if ((0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .sameRevision */ .Y6)(c, expected))
                return expected;
            if (await this.accepted(c))
                return c;
        }
        return expected;
    }
    /** The reason says which revision was accepted for ours. */
    annotate(ob, effective) {
        if (!this.expected || !effective || effective === this.expected)
            return ob;
        return { ...ob, reason: `${ob.reason} (${(0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .shortRevision */ .w7)(effective)} contains ${(0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .shortRevision */ .w7)(this.expected)})` };
    }
    /** The predicate's answer for `reported`: cached, one call in flight, errors → false (retried later). */
    async accepted(reported) {
        const accept = this.accept;
        const expected = this.expected;
        if (!accept || !expected)
            return false;
        const known = this.answers.get(reported);
        if (known?.kind === 'done')
            return known.accepted;
        if (known?.kind === 'failed' && Date.now() - known.at < this.retryAfterMs)
            return false;
        let promise;
        if (known?.kind === 'pending') {
            promise = known.promise;
        }
        else {
            promise = (async () => {
                try {
                    const yes = (await accept(reported)) === true;
                    this.answers.set(reported, { kind: 'done', accepted: yes });
                    if (yes)
                        this.o.log('info', `accepting ${(0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .shortRevision */ .w7)(reported)}, which contains ${(0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .shortRevision */ .w7)(expected)}`);
                    else
                        this.o.log('debug', `not accepting ${(0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .shortRevision */ .w7)(reported)}: it does not contain ${(0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .shortRevision */ .w7)(expected)}`);
                    return yes;
                }
                catch (err) {
                    this.answers.set(reported, { kind: 'failed', at: Date.now() });
                    this.o.log('debug', `could not tell whether ${(0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .shortRevision */ .w7)(reported)} contains ${(0,_revision_js__WEBPACK_IMPORTED_MODULE_1__/* .shortRevision */ .w7)(expected)} (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(err)}); not accepting it`);
                    return false;
                }
            })();
            this.answers.set(reported, { kind: 'pending', promise });
        }
        return untilAborted(promise, this.o.signal);
    }
}
/** The promise's value, or false as soon as the signal aborts (the caller's deadline wins). */
function untilAborted(p, signal) {
    if (signal.aborted)
        return Promise.resolve(false);
    return new Promise((resolve) => {
        const onAbort = () => resolve(false);
        signal.addEventListener('abort', onAbort, { once: true });
        p.then((v) => {
            signal.removeEventListener('abort', onAbort);
            resolve(v);
        }, () => {
            signal.removeEventListener('abort', onAbort);
            resolve(false);
        });
    });
}


/***/ }),

/***/ 6311:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ArgoCdGate: () => (/* binding */ ArgoCdGate)
});

// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(4995);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/redaction.ts
var redaction = __webpack_require__(3812);
// EXTERNAL MODULE: ./packages/core/src/retry.ts
var retry = __webpack_require__(9899);
// EXTERNAL MODULE: ./packages/core/src/health/accept.ts
var accept = __webpack_require__(294);
// EXTERNAL MODULE: ./packages/core/src/health/revision.ts
var revision = __webpack_require__(5827);
;// CONCATENATED MODULE: ./packages/core/src/health/argocd-eval.ts
/**
 * The Argo CD gate's verdict on one Application snapshot: pass, fail or wait. Pure (no I/O, no
 * clock of its own), so that the watch loop in argocd.ts and the tests feed it snapshots.
 * Passes only on the revision we pushed (DESIGN.md "Never trust stale status").
 */

const RUNNING_PHASES = new Set(['Running', 'Terminating']);
const FAILED_PHASES = new Set(['Failed', 'Error']);
function timeOf(s) {
    if (!s)
        return undefined;
    const t = Date.parse(s);
    return Number.isNaN(t) ? undefined : t;
}
/** The state shown to people, read from the Application object. */
function argoStateOf(app) {
    const st = app.status ?? {};
    const op = st.operationState;
    const resources = [];
    for (const r of st.resources ?? []) {
        const h = r.health?.status;
        if (h && h !== 'Healthy') {
            resources.push({
                kind: r.kind ?? '?',
                name: r.name ?? '?',
                ...(r.namespace ? { namespace: r.namespace } : {}),
                health: h,
                ...(r.health?.message ? { message: r.health.message } : {}),
            });
        }
    }
    const errors = (st.conditions ?? []).filter((c) => /Error$/.test(c.type ?? '')).map((c) => `${c.type}: ${c.message ?? ''}`);
    const message = [op && op.phase !== 'Succeeded' ? op.message : undefined, st.health?.message, ...errors].filter((m) => !!m).join('; ');
    const revisions = st.sync?.revisions;
    const state = {
        health: st.health?.status ?? 'Unknown',
        sync: st.sync?.status ?? 'Unknown',
        resources,
    };
    const revision = st.sync?.revision ?? (revisions && revisions.length > 0 ? revisions[0] : undefined);
    if (revision)
        state.revision = revision;
    if (revisions && revisions.length > 0)
        state.revisions = [...revisions];
    const phase = app.operation && !(op && RUNNING_PHASES.has(op.phase ?? '')) ? 'Pending' : op?.phase;
    if (phase)
        state.operation = phase;
    if (message)
        state.message = message;
    return state;
}
/** Indices of the sources we compare (multi-source apps with a repoURL filter). */
function comparedIndices(app, count, repoURL) {
    const all = [...Array(count).keys()];
    if (!repoURL)
        return all;
    const norm = (u) => (u ?? '')
        .replace(/\.git$/, '')
        .replace(/\/+$/, '')
        .toLowerCase();
    const picked = all.filter((i) => norm(app.spec?.sources?.[i]?.repoURL) === norm(repoURL));
    return picked.length > 0 ? picked : all;
}
/** The revisions Argo CD reports that the gate compares (`sync.revision`, or each compared source's). */
function reportedArgoRevisions(app, repoURL) {
    const single = app.status?.sync?.revision;
    const multi = app.status?.sync?.revisions;
    if (multi && multi.length > 0 && (app.spec?.sources?.length ?? 0) > 0) {
        return comparedIndices(app, multi.length, repoURL).map((i) => multi[i]);
    }
    return [single ?? multi?.[0]];
}
function allMatch(app, single, multi, expected, repoURL) {
    if (multi && multi.length > 0 && (app.spec?.sources?.length ?? 0) > 0) {
        return comparedIndices(app, multi.length, repoURL).every((i) => (0,revision/* sameRevision */.Y6)(multi[i], expected));
    }
    return (0,revision/* sameRevision */.Y6)(single ?? multi?.[0], expected);
}
/**
 * Decide pass / fail / wait for one Application snapshot. Pure apart from `mem` (grace timers).
 */
function evaluateArgoApp(app, opts, mem, now) {
    const state = argoStateOf(app);
    const st = app.status ?? {};
    const expected = opts.revision;
    const op = st.operationState;
    const health = state.health;
    const sync = state.sync;
    const want = expected ? (0,revision/* shortRevision */.w7)(expected) : 'the tracked revision';
    const atOurs = expected ? allMatch(app, st.sync?.revision, st.sync?.revisions, expected, opts.repoURL) : true;
    const opRevision = op?.syncResult?.revision ?? op?.operation?.sync?.revision;
    const opRevisions = op?.syncResult?.revisions ?? op?.operation?.sync?.revisions;
    const opForOurs = !!op && (expected ? allMatch(app, opRevision, opRevisions, expected, opts.repoURL) : true);
    const opRunning = !!app.operation || (!!op && RUNNING_PHASES.has(op.phase ?? ''));
    const finishedAt = timeOf(op?.finishedAt);
    const reconciledAt = timeOf(st.reconciledAt);
    const refreshedAfterOp = finishedAt === undefined || (reconciledAt !== undefined && reconciledAt >= finishedAt);
    // Missing: counted from the first time we see it, whatever the revision.
    if (health === 'Missing')
        mem.missingSince ??= now;
    else
        delete mem.missingSince;
    if (op && opForOurs && FAILED_PHASES.has(op.phase ?? '') && !opRunning) {
        return { state, verdict: 'fail', reason: `sync operation for ${want} ${op.phase}${op.message ? `: ${op.message}` : ''}` };
    }
    const opDone = !opRunning && refreshedAfterOp && (!op || !opForOurs || op.phase === 'Succeeded');
    const afterOurSync = atOurs && opDone && (sync === 'Synced' || (opForOurs && op?.phase === 'Succeeded'));
    if (health === 'Degraded' && afterOurSync) {
        mem.degradedSince ??= now;
        const grace = opts.degradedGraceMs ?? 0;
        if (now - mem.degradedSince >= grace) {
            return { state, verdict: 'fail', reason: `Degraded at ${want}${state.message ? `: ${state.message}` : ''}` };
        }
        return { state, verdict: 'wait', reason: `Degraded at ${want}; within the ${Math.round(grace / 1000)}s grace period` };
    }
    delete mem.degradedSince;
    if (mem.missingSince !== undefined) {
        const grace = opts.missingGraceMs ?? 30_000;
        if (now - mem.missingSince >= grace) {
            return { state, verdict: 'fail', reason: `Missing for ${Math.round((now - mem.missingSince) / 1000)}s: the application's resources do not exist` };
        }
    }
    if (!atOurs) {
        return { state, verdict: 'wait', reason: `waiting for Argo CD to report ${want} (reports ${(0,revision/* shortRevision */.w7)(state.revision)})` };
    }
    if (opRunning)
        return { state, verdict: 'wait', reason: `waiting for the sync operation (${state.operation ?? 'Running'})` };
    if (!refreshedAfterOp)
        return { state, verdict: 'wait', reason: 'waiting for a refresh after the sync operation finished' };
    if (op && opForOurs && op.phase !== 'Succeeded') {
        return { state, verdict: 'wait', reason: `waiting for the sync operation (${op.phase ?? 'unknown'})` };
    }
    if (sync !== 'Synced')
        return { state, verdict: 'wait', reason: `waiting for Synced (${sync})` };
    if (health === 'Healthy')
        return { state, verdict: 'pass', reason: `Healthy and Synced at ${want}` };
    if (health === 'Suspended') {
        const mode = opts.suspended ?? 'wait';
        if (mode === 'pass')
            return { state, verdict: 'pass', reason: `Suspended and Synced at ${want} (accepted)` };
        if (mode === 'fail')
            return { state, verdict: 'fail', reason: `Suspended at ${want}` };
    }
    return { state, verdict: 'wait', reason: `waiting for Healthy (${health})` };
}

// EXTERNAL MODULE: ./packages/core/src/health/transport.ts
var transport = __webpack_require__(7118);
;// CONCATENATED MODULE: ./packages/core/src/health/argocd.ts
/**
 * Argo CD health gate. GET the application once with `refresh=normal` (or `hard`), then follow
 * `/api/v1/stream/applications?name=` (NDJSON watch events), falling back to polling when the
 * stream is unavailable. Reconnects when the stream drops and rides out API outages until the
 * caller's deadline. Each snapshot is judged by evaluateArgoApp (argocd-eval.ts).
 */







/** Pause before reconnecting a stream that ended cleanly. */
const RECONNECT_MS = 250;
class ArgoCdGate {
    opts;
    kind = 'argocd';
    target;
    targetUrl;
    secrets;
    requestCount = 0;
    base;
    token;
    dispatcher;
    constructor(opts) {
        this.opts = opts;
        if (!opts.app)
            throw new errors/* InputError */.dz('Argo CD application name is empty', 'pass --argocd-app <name>');
        if (!opts.server)
            throw new errors/* InputError */.dz('Argo CD server is empty', 'pass --argocd-server <url> or set ARGOCD_SERVER');
        const server = /^https?:\/\//i.test(opts.server) ? opts.server : `https://${opts.server}`;
        let url;
        try {
            url = new URL(server);
        }
        catch {
            throw new errors/* InputError */.dz(`Argo CD server is not a URL: ${(0,redaction/* urlForMessage */.Og)(server)}`, 'use https://argocd.example.com');
        }
        if (url.username || url.password) {
            throw new errors/* InputError */.dz('Argo CD server URL must not carry credentials', 'pass the token in ARGOCD_AUTH_TOKEN');
        }
        this.base = url.toString().replace(/\/+$/, '');
        this.token = opts.token ?? (opts.env ?? process.env).ARGOCD_AUTH_TOKEN ?? undefined;
        this.secrets = this.token ? [this.token] : [];
        this.dispatcher = (0,transport/* createDispatcher */.SM)({ insecure: opts.insecure });
        this.target = `Argo CD application ${opts.appNamespace ? `${opts.appNamespace}/` : ''}${opts.app}`;
        this.targetUrl = `${this.base}/applications/${opts.appNamespace ? `${encodeURIComponent(opts.appNamespace)}/` : ''}${encodeURIComponent(opts.app)}`;
    }
    headers() {
        const h = { accept: 'application/json' };
        if (this.token)
            h.authorization = `Bearer ${this.token}`;
        return h;
    }
    query(extra) {
        const q = new URLSearchParams();
        for (const [k, v] of Object.entries(extra))
            if (v)
                q.set(k, v);
        if (this.opts.appNamespace)
            q.set('appNamespace', this.opts.appNamespace);
        if (this.opts.project)
            q.set('project', this.opts.project);
        const s = q.toString();
        return s ? `?${s}` : '';
    }
    /** Map a non-2xx answer to an error: permanent (RemoteError) or TransientError. */
    async failure(res, what) {
        const app = this.opts.app;
        const detail = await (0,transport/* errorText */.kc)(res);
        if (res.status === 401) {
            return new errors/* RemoteError */.Hi(`Argo CD at ${this.base} rejected the token (HTTP 401) while reading ${what}`, 'set ARGOCD_AUTH_TOKEN to a valid token (argocd account generate-token)', { status: 401 });
        }
        if (res.status === 403) {
            return new errors/* RemoteError */.Hi(`Argo CD denied access to application '${app}' (HTTP 403): it does not exist${this.opts.project ? ` in project '${this.opts.project}'` : ''}${this.opts.appNamespace ? ` in namespace '${this.opts.appNamespace}'` : ''}, or the token may not read it`, 'check the application name, appNamespace and project, and that the token\'s role allows "applications, get"', { status: 403 });
        }
        if (res.status === 404) {
            return new errors/* RemoteError */.Hi(`Argo CD at ${this.base} has no application '${app}' (HTTP 404)`, 'check the application name and the server URL (include the --rootpath if Argo CD has one)', { status: 404 });
        }
        if ((0,transport/* isTransientStatus */.Dm)(res.status))
            return new transport/* TransientError */.N_(`Argo CD answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`, res.status);
        return new errors/* RemoteError */.Hi(`Argo CD answered HTTP ${res.status} for ${what}${detail ? `: ${detail}` : ''}`, undefined, { status: res.status });
    }
    /** One GET of the application (transient failures throw TransientError). */
    async get(signal, refresh) {
        const url = `${this.base}/api/v1/applications/${encodeURIComponent(this.opts.app)}${this.query({ refresh })}`;
        this.requestCount++;
        const res = await (0,transport/* send */.tN)(url, { signal, dispatcher: this.dispatcher, headers: this.headers(), timeoutMs: this.opts.requestTimeoutMs ?? 30_000 });
        if (!res.ok)
            throw await this.failure(res, `application '${this.opts.app}'`);
        try {
            return (await res.json());
        }
        catch {
            throw new transport/* TransientError */.N_('Argo CD sent a response that is not JSON');
        }
    }
    /** GET with a few quick retries (p-retry); permanent errors abort at once. */
    getRetrying(signal, refresh) {
        return (0,p_retry/* default */.Ay)(async () => {
            try {
                return await this.get(signal, refresh);
            }
            catch (err) {
                if (err instanceof transport/* TransientError */.N_)
                    throw err;
                throw new p_retry/* AbortError */.lc(err);
            }
        }, { retries: 2, minTimeout: 200, maxTimeout: 1000, signal });
    }
    async *observe(o) {
        const { signal } = o;
        const evalOpts = { ...this.opts, ...(o.revision ? { revision: o.revision } : {}) };
        delete evalOpts.env;
        const mem = {};
        // A newer revision that contains ours (acceptRevision) is evaluated as if it were ours.
        const acceptance = new accept/* RevisionAcceptance */.x(o);
        const evaluate = async (a) => {
            const effective = await acceptance.resolveAll(reportedArgoRevisions(a, this.opts.repoURL));
            const opts = effective === evalOpts.revision ? evalOpts : { ...evalOpts, revision: effective };
            return acceptance.annotate(evaluateArgoApp(a, opts, mem, Date.now()), effective);
        };
        let app;
        const backoff = (0,transport/* outageBackoff */.EW)(o.pollIntervalMs);
        let outageSince;
        let lastGet = 0;
        const outage = (err) => {
            if (outageSince === undefined) {
                outageSince = Date.now();
                o.log('warn', `Argo CD unavailable (${err.message}); retrying until the timeout`);
            }
            else {
                o.log('debug', `Argo CD still unavailable (${err.message})`);
            }
        };
        const recovered = () => {
            if (outageSince !== undefined)
                o.log('warn', `Argo CD reachable again after ${((Date.now() - outageSince) / 1000).toFixed(1)}s`);
            outageSince = undefined;
            backoff.reset();
        };
        // 1. One GET asking Argo CD to refresh, so the comparison is redone against the new commit.
        const refresh = this.opts.refresh === false ? undefined : (this.opts.refresh ?? 'normal');
        while (!signal.aborted && !app) {
            try {
                app = await this.getRetrying(signal, refresh);
                lastGet = Date.now();
                recovered();
            }
            catch (err) {
                if (signal.aborted)
                    return;
                if (!(err instanceof transport/* TransientError */.N_))
                    throw err;
                outage(err);
                await backoff.wait(signal);
            }
        }
        if (!app)
            return;
        let ob = await evaluate(app);
        yield ob;
        if (ob.verdict !== 'wait')
            return;
        // 2. Stream (reconnecting), or poll.
        let streaming = this.opts.stream !== false;
        const resyncMs = this.opts.resyncMs ?? 30_000;
        while (!signal.aborted) {
            if (streaming) {
                const ctl = new AbortController();
                const streamSignal = AbortSignal.any([signal, ctl.signal]);
                try {
                    const url = `${this.base}/api/v1/stream/applications${this.query({ name: this.opts.app })}`;
                    this.requestCount++;
                    const res = await (0,transport/* send */.tN)(url, { signal: streamSignal, dispatcher: this.dispatcher, headers: this.headers(), timeoutMs: undefined });
                    if (!res.ok) {
                        const err = await this.failure(res, 'the application stream');
                        if (err instanceof transport/* TransientError */.N_)
                            throw err;
                        if (err instanceof errors/* RemoteError */.Hi && (res.status === 401 || res.status === 403))
                            throw err;
                        streaming = false;
                        o.log('warn', `Argo CD streaming unavailable (HTTP ${res.status}); polling every ${(o.pollIntervalMs / 1000).toFixed(1)}s`);
                        continue;
                    }
                    recovered();
                    o.log('debug', 'Argo CD stream connected');
                    const it = (0,transport/* ndjson */.zL)(res, streamSignal)[Symbol.asyncIterator]();
                    let next = it.next();
                    let gotEvent = false;
                    for (;;) {
                        const tick = (0,retry/* sleep */.yy)(o.pollIntervalMs, streamSignal).then(() => 'tick');
                        const r = await Promise.race([next, tick]);
                        if (signal.aborted)
                            return;
                        if (r === 'tick') {
                            if (Date.now() - lastGet >= resyncMs) {
                                try {
                                    app = await this.get(signal);
                                    lastGet = Date.now();
                                }
                                catch (err) {
                                    if (!(err instanceof transport/* TransientError */.N_))
                                        throw err;
                                    o.log('debug', `resync GET failed (${err.message})`);
                                }
                            }
                        }
                        else {
                            if (r.done)
                                break;
                            next = it.next();
                            const ev = r.value;
                            if (ev.error) {
                                const code = ev.error.http_code ?? 0;
                                if (code === 401 || code === 403 || code === 404)
                                    throw await this.failure({ status: code, text: () => Promise.resolve(ev.error?.message ?? '') }, 'the application stream');
                                throw new transport/* TransientError */.N_(`stream error: ${ev.error.message ?? code}`);
                            }
                            const a = ev.result?.application;
                            if (!a || ev.result?.type === 'DELETED') {
                                if (ev.result?.type === 'DELETED') {
                                    throw new errors/* RemoteError */.Hi(`Argo CD application '${this.opts.app}' was deleted while waiting`);
                                }
                                continue;
                            }
                            if (a.metadata?.name && a.metadata.name !== this.opts.app)
                                continue;
                            app = a;
                            gotEvent = true;
                        }
                        ob = await evaluate(app);
                        yield ob;
                        if (ob.verdict !== 'wait')
                            return;
                    }
                    if (signal.aborted)
                        return;
                    o.log('debug', `Argo CD stream ended${gotEvent ? '' : ' without an event'}; reconnecting`);
                    await (0,retry/* sleep */.yy)(RECONNECT_MS, signal);
                }
                catch (err) {
                    if (signal.aborted)
                        return;
                    if (!(err instanceof transport/* TransientError */.N_))
                        throw err;
                    outage(err);
                    // Keep grace timers moving while we cannot reach the API.
                    ob = await evaluate(app);
                    if (ob.verdict === 'fail') {
                        yield ob;
                        return;
                    }
                    await backoff.wait(signal);
                }
                finally {
                    ctl.abort();
                }
            }
            else {
                await (0,retry/* sleep */.yy)(o.pollIntervalMs, signal);
                if (signal.aborted)
                    return;
                try {
                    app = await this.get(signal);
                    lastGet = Date.now();
                    recovered();
                }
                catch (err) {
                    if (signal.aborted)
                        return;
                    if (!(err instanceof transport/* TransientError */.N_))
                        throw err;
                    outage(err);
                }
                ob = await evaluate(app);
                yield ob;
                if (ob.verdict !== 'wait')
                    return;
            }
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
