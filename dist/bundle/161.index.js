export const id = 161;
export const ids = [161];
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

/***/ 4161:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  FLUX_KINDS: () => (/* binding */ FLUX_KINDS),
  FluxGate: () => (/* binding */ FluxGate),
  RECONCILE_ANNOTATION: () => (/* binding */ RECONCILE_ANNOTATION)
});

// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./packages/core/src/health/kubeconfig.ts
/**
 * Where the Kubernetes API is and how to authenticate, as kubectl and client-go find it:
 * an explicit kubeconfig path, else KUBECONFIG, else the in-cluster service account
 * (token file + CA under /var/run/secrets/kubernetes.io/serviceaccount with
 * KUBERNETES_SERVICE_HOST/PORT), else ~/.kube/config.
 */





const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
function readText(path, what) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        throw new errors/* InputError */.dz(`cannot read ${what} ${path}`, 'check KUBECONFIG / the file path');
    }
}
function loadKubeConnection(opts = {}) {
    const env = opts.env ?? process.env;
    const explicit = opts.kubeconfig ?? env.KUBECONFIG?.split(':').find((p) => p && (0,external_node_fs_.existsSync)(p));
    if (explicit)
        return fromKubeconfig(explicit, opts.context);
    const saDir = opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
    if (env.KUBERNETES_SERVICE_HOST && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(saDir, 'token'))) {
        const host = env.KUBERNETES_SERVICE_HOST;
        const port = env.KUBERNETES_SERVICE_PORT ?? '443';
        const hostPart = host.includes(':') ? `[${host}]` : host;
        const tokenPath = (0,external_node_path_.join)(saDir, 'token');
        const caPath = (0,external_node_path_.join)(saDir, 'ca.crt');
        return {
            server: `https://${hostPart}:${port}`,
            tls: (0,external_node_fs_.existsSync)(caPath) ? { ca: (0,external_node_fs_.readFileSync)(caPath) } : {},
            source: 'in-cluster service account',
            token: () => readText(tokenPath, 'service account token').trim(),
        };
    }
    const home = (0,external_node_path_.join)(env.HOME ?? (0,external_node_os_.homedir)(), '.kube', 'config');
    if ((0,external_node_fs_.existsSync)(home))
        return fromKubeconfig(home, opts.context);
    throw new errors/* InputError */.dz('no Kubernetes credentials: KUBECONFIG is not set, ~/.kube/config does not exist, and this is not a pod', 'set KUBECONFIG (or run inside the cluster with a service account)');
}
function fromKubeconfig(path, contextName) {
    let cfg;
    try {
        cfg = ((0,dist/* parse */.qg)(readText(path, 'kubeconfig')) ?? {});
    }
    catch (err) {
        if (err instanceof errors/* InputError */.dz)
            throw err;
        throw new errors/* InputError */.dz(`kubeconfig ${path} is not valid YAML`);
    }
    const base = (0,external_node_path_.dirname)(path);
    const file = (p) => (0,external_node_fs_.readFileSync)((0,external_node_path_.isAbsolute)(p) ? p : (0,external_node_path_.join)(base, p));
    const name = contextName ?? cfg['current-context'];
    const ctx = cfg.contexts?.find((c) => c.name === name);
    if (!ctx?.context) {
        throw new errors/* InputError */.dz(`kubeconfig ${path} has no context '${name ?? '(current-context unset)'}'`, 'pass --kube-context or set current-context');
    }
    const cluster = cfg.clusters?.find((c) => c.name === ctx.context?.cluster)?.cluster;
    if (!cluster?.server)
        throw new errors/* InputError */.dz(`kubeconfig ${path}: cluster '${ctx.context.cluster}' has no server`);
    const user = cfg.users?.find((u) => u.name === ctx.context?.user)?.user ?? {};
    if (user.exec || user['auth-provider']) {
        throw new errors/* InputError */.dz(`kubeconfig ${path}: user '${ctx.context.user}' uses an exec/auth-provider plugin, which wait-healthy does not run`, 'use a kubeconfig with a token or client certificate (e.g. a ServiceAccount token)');
    }
    const tls = {};
    if (cluster['insecure-skip-tls-verify'])
        tls.insecure = true;
    if (cluster['certificate-authority-data'])
        tls.ca = Buffer.from(cluster['certificate-authority-data'], 'base64');
    else if (cluster['certificate-authority'])
        tls.ca = file(cluster['certificate-authority']);
    if (user['client-certificate-data'])
        tls.cert = Buffer.from(user['client-certificate-data'], 'base64');
    else if (user['client-certificate'])
        tls.cert = file(user['client-certificate']);
    if (user['client-key-data'])
        tls.key = Buffer.from(user['client-key-data'], 'base64');
    else if (user['client-key'])
        tls.key = file(user['client-key']);
    const tokenFile = user.tokenFile ? ((0,external_node_path_.isAbsolute)(user.tokenFile) ? user.tokenFile : (0,external_node_path_.join)(base, user.tokenFile)) : undefined;
    const conn = {
        server: cluster.server.replace(/\/+$/, ''),
        tls,
        source: `kubeconfig context '${name}'`,
        token: () => user.token ?? (tokenFile ? readText(tokenFile, 'token file').trim() : undefined),
    };
    if (user.username && user.password)
        conn.basic = Buffer.from(`${user.username}:${user.password}`).toString('base64');
    return conn;
}

// EXTERNAL MODULE: ./packages/core/src/health/accept.ts
var accept = __webpack_require__(294);
;// CONCATENATED MODULE: ./packages/core/src/health/helm-remediation.ts
/** Released / TestSuccess reasons of a failed Helm action. */
const ACTION_FAILED = new Set(['InstallFailed', 'UpgradeFailed', 'TestFailed']);
const REMEDIATION_REASONS = new Set(['RollbackSucceeded', 'RollbackFailed', 'UninstallSucceeded', 'UninstallFailed']);
/** Ready=False reasons that only mirror Released / Remediated / TestSuccess (judged here, not by reason alone). */
const HELM_ACTION_REASONS = new Set([...ACTION_FAILED, ...REMEDIATION_REASONS]);
/** `Helm upgrade failed for release ns/x.v2 with chart x@0.1.0+abc: context deadline exceeded` */
function parseHelmMessage(message) {
    if (!message)
        return {};
    const m = /^Helm (install|upgrade|test) failed for release \S+ with chart (\S+): ([\s\S]*)$/.exec(message.trim());
    if (m)
        return { action: m[1], chart: chartVersionOf(m[2]), cause: firstLine(m[3]) };
    const ok = /^Helm (install|upgrade|test) succeeded for release \S+ with chart (\S+?)(?:$|\s)/.exec(message.trim());
    if (ok)
        return { action: ok[1], chart: chartVersionOf(ok[2]) };
    return {};
}
/** `Helm rollback to previous release ns/x.v1 with chart x@0.1.0+abc succeeded` (or `failed: <cause>`) */
function parseRollbackMessage(message) {
    const m = /^Helm rollback to previous release \S+ with chart (\S+) (?:succeeded|failed: ([\s\S]*))$/.exec(message?.trim() ?? '');
    return m ? { to: chartVersionOf(m[1]), ...(m[2] ? { cause: firstLine(m[2]) } : {}) } : {};
}
/** `name@version` → version (chart names may not contain '@'). */
function chartVersionOf(versioned) {
    const at = versioned.lastIndexOf('@');
    return at >= 0 ? versioned.slice(at + 1) || undefined : undefined;
}
function firstLine(s) {
    const line = s.trim().split('\n')[0].trim();
    return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
function cond(obj, type) {
    return obj.status?.conditions?.find((c) => c.type === type);
}
/**
 * Our attempt failed, or undefined when nothing says so. `ours` tells whether a chart version is
 * our revision (absent when chart versions do not carry it: then only the conditions count);
 * `attemptedOurs` that the last attempt was ours (lastAttemptedRevision, or our handled reconcile
 * request).
 */
function helmFailureOf(obj, o) {
    const { ours, attemptedOurs } = o;
    const st = obj.status ?? {};
    const history = st.history ?? [];
    const released = cond(obj, 'Released');
    const tested = cond(obj, 'TestSuccess');
    const remediated = cond(obj, 'Remediated');
    const stalled = cond(obj, 'Stalled');
    const reconciling = cond(obj, 'Reconciling');
    const releasedMsg = parseHelmMessage(released?.message);
    // A condition is about our attempt when its message names our chart (or names none and we attempted last).
    const aboutOurs = (c) => {
        const named = parseHelmMessage(c?.message).chart;
        return !!c && (ours && named ? ours(named) : attemptedOurs);
    };
    const failedCond = [released, tested].find((c) => c?.status === 'False' && ACTION_FAILED.has(c.reason ?? '') && aboutOurs(c));
    const failedMsg = parseHelmMessage(failedCond?.message);
    const idx = ours ? history.findIndex((h) => ours(h.chartVersion)) : -1;
    const mine = idx >= 0 ? history[idx] : undefined;
    const top = history[0];
    const notOurs = (v) => (ours && v && !ours(v) ? v : undefined);
    // Ours was released, then replaced by a release helm-controller did not attempt as a new revision: a rollback.
    const replaced = idx > 0 && attemptedOurs && !!notOurs(top?.chartVersion) && top?.status === 'deployed';
    const remediatedOurs = !!remediated && REMEDIATION_REASONS.has(remediated.reason ?? '') && attemptedOurs && !(ours && releasedMsg.chart && !ours(releasedMsg.chart));
    // Our newest release failed and nothing replaced it yet: its remediation (if any) is still to come.
    const unremediated = idx === 0 && mine?.status === 'failed';
    const inRelease = mine?.status === 'failed' || mine?.status === 'uninstalled';
    if (!failedCond && !inRelease && !replaced && !remediatedOurs)
        return undefined;
    const action = failedMsg.action ?? (failedCond?.type === 'TestSuccess' ? 'test' : st.lastAttemptedReleaseAction === 'install' ? 'install' : 'upgrade');
    const chart = mine?.chartVersion ?? failedMsg.chart ?? releasedMsg.chart ?? st.lastAttemptedRevision;
    const cause = failedMsg.cause ?? (failedCond?.message ? firstLine(failedCond.message) : undefined);
    // Retries: upgrade.remediation / install.remediation of the spec against the failure counters.
    const spec = action === 'install' ? obj.spec?.install?.remediation : obj.spec?.upgrade?.remediation;
    const retries = spec?.retries ?? 0;
    const failures = (action === 'install' ? st.installFailures : st.upgradeFailures) ?? 1;
    const exhausted = retries >= 0 && failures > retries;
    const remediateLast = spec?.remediateLastFailure ?? retries > 0;
    const strategy = action === 'install' ? 'uninstall' : (spec?.strategy ?? 'rollback');
    const willRemediate = stalled?.status !== 'True' && (!exhausted || remediateLast) && (retries !== 0 || remediateLast);
    let remediation;
    if (remediatedOurs && !unremediated) {
        const kind = remediated.reason.startsWith('Rollback') ? 'rollback' : 'uninstall';
        const ok = remediated.status === 'True' && remediated.reason.endsWith('Succeeded');
        const parsed = parseRollbackMessage(remediated.message);
        const to = parsed.to ?? notOurs(top?.chartVersion);
        remediation = {
            kind,
            phase: 'done',
            ok,
            ...(to ? { to } : {}),
            ...(!ok ? { cause: parsed.cause ?? (remediated.message ? firstLine(remediated.message) : undefined) } : {}),
        };
    }
    else if (replaced) {
        remediation = { kind: 'rollback', phase: 'done', ok: true, to: top.chartVersion };
    }
    else if (mine?.status === 'uninstalled') {
        remediation = { kind: 'uninstall', phase: 'done', ok: true };
    }
    else if (willRemediate || /Running '(rollback|uninstall)' action/.test(reconciling?.message ?? '')) {
        // Configured and not run yet: helm-controller runs it next (or is running it).
        const prev = history.slice(idx >= 0 ? idx + 1 : 1).find((h) => (!ours || !ours(h.chartVersion)) && (h.status === 'deployed' || h.status === 'superseded'));
        remediation = { kind: strategy, phase: 'pending', ...(strategy === 'rollback' && prev?.chartVersion ? { to: prev.chartVersion } : {}) };
    }
    const stalledTrue = stalled?.status === 'True' ? stalled : undefined;
    const gaveUp = !!stalledTrue || (remediation?.phase === 'done' && remediation.ok === false) || (remediation?.phase !== 'pending' && exhausted);
    const out = { action, gaveUp, retries };
    if (chart)
        out.chart = chart;
    if (cause)
        out.cause = cause;
    if (remediation)
        out.remediation = remediation;
    if (stalledTrue)
        out.stalled = stalledTrue;
    if (!gaveUp && retries >= 0)
        out.retriesLeft = Math.max(0, retries - failures + 1);
    return out;
}
/** `upgrade to 0.1.0+2222222 failed (context deadline exceeded); Helm rolled back to 0.1.0+1111111` and what comes next. */
function describeHelmFailure(f) {
    const what = f.action === 'upgrade' ? `upgrade to ${f.chart ?? 'our revision'}` : `${f.action} of ${f.chart ?? 'our revision'}`;
    const parts = [`${what} failed${f.cause ? ` (${f.cause})` : ''}`];
    const r = f.remediation;
    if (r?.kind === 'rollback') {
        if (r.phase === 'pending')
            parts.push(`helm-controller is rolling back${r.to ? ` to ${r.to}` : ''}`);
        else if (r.ok)
            parts.push(`Helm rolled back${r.to ? ` to ${r.to}` : ''}`);
        else
            parts.push(`Helm rollback${r.to ? ` to ${r.to}` : ''} failed${r.cause ? ` (${r.cause})` : ''}`);
    }
    else if (r?.kind === 'uninstall') {
        if (r.phase === 'pending')
            parts.push('helm-controller is uninstalling the release');
        else if (r.ok)
            parts.push('Helm uninstalled the release');
        else
            parts.push(`Helm uninstall failed${r.cause ? ` (${r.cause})` : ''}`);
    }
    if (f.stalled)
        parts.push(`helm-controller gave up (${f.stalled.reason ?? 'Stalled'}${f.stalled.message ? `: ${f.stalled.message}` : ''})`);
    else if (f.gaveUp && r?.phase === 'done' && r.ok === false)
        parts.push('helm-controller gave up');
    else if (f.gaveUp)
        parts.push('no retries left');
    else if (r?.phase !== 'pending')
        parts.push(f.retriesLeft === undefined
            ? 'helm-controller will retry (unlimited retries)'
            : `helm-controller will retry (${f.retriesLeft} of ${f.retries} ${f.retries === 1 ? 'retry' : 'retries'} left)`);
    return parts.join('; ');
}

// EXTERNAL MODULE: ./packages/core/src/health/revision.ts
var revision = __webpack_require__(5827);
;// CONCATENATED MODULE: ./packages/core/src/health/flux-eval.ts
/**
 * The Flux gate's verdict on one Kustomization (kustomize.toolkit.fluxcd.io/v1) or HelmRelease
 * (helm.toolkit.fluxcd.io/v2) snapshot: pass, fail or wait. Pure, so that the watch loop in
 * flux.ts and the tests feed it snapshots.
 */


/** Ready=False reasons that will not fix themselves for this revision. */
const TERMINAL_REASONS = [
    'BuildFailed',
    'HealthCheckFailed',
    'ArtifactFailed',
    'ReconciliationFailed',
    'PruneFailed',
    'InstallFailed',
    'UpgradeFailed',
    'TestFailed',
    'RollbackFailed',
    'UninstallFailed',
    'RetriesExceeded',
];
function flux_eval_cond(obj, type) {
    return obj.status?.conditions?.find((c) => c.type === type);
}
function fluxStateOf(obj, kind) {
    const ready = flux_eval_cond(obj, 'Ready');
    const stalled = flux_eval_cond(obj, 'Stalled');
    const reconciling = flux_eval_cond(obj, 'Reconciling');
    const st = obj.status ?? {};
    const gen = obj.metadata?.generation;
    const current = gen === undefined || st.observedGeneration === gen;
    let health;
    if (stalled?.status === 'True')
        health = 'Stalled';
    else if (ready?.status === 'True' && current)
        health = 'Healthy';
    else if (ready?.status === 'False')
        health = 'Degraded';
    else
        health = reconciling?.status === 'True' || ready?.status === 'Unknown' || !current ? 'Progressing' : 'Unknown';
    const revision = kind === 'Kustomization' ? st.lastAppliedRevision : (st.history?.[0]?.chartVersion ?? st.lastAttemptedRevision);
    const attempted = st.lastAttemptedRevision;
    const top = st.history?.[0];
    // A failed or pending Helm release of the attempted chart is not applied.
    const applied = kind === 'Kustomization' ? st.lastAppliedRevision : top && (!top.status || top.status === 'deployed') ? top.chartVersion : undefined;
    const state = {
        health,
        sync: current && attempted !== undefined && applied === attempted ? 'Synced' : 'OutOfSync',
        resources: [],
    };
    if (revision)
        state.revision = revision;
    const reason = stalled?.status === 'True' ? stalled.reason : ready?.reason;
    if (reason)
        state.operation = reason;
    const message = stalled?.status === 'True' ? stalled.message : ready?.message;
    if (message)
        state.message = message;
    return state;
}
/** Pass / fail / wait for one Kustomization or HelmRelease snapshot. Pure. */
function evaluateFluxObject(obj, opts) {
    const state = fluxStateOf(obj, opts.kind);
    const st = obj.status ?? {};
    const ready = flux_eval_cond(obj, 'Ready');
    const stalled = flux_eval_cond(obj, 'Stalled');
    const gen = obj.metadata?.generation;
    const current = (gen === undefined || st.observedGeneration === gen) && (ready?.observedGeneration === undefined || gen === undefined || ready.observedGeneration === gen);
    const expected = opts.revision;
    const want = expected ? (0,revision/* shortRevision */.w7)(expected) : 'the current revision';
    const failReasons = new Set(opts.failReasons ?? TERMINAL_REASONS);
    const handledOurRequest = !!opts.requestedAt && st.lastHandledReconcileAt === opts.requestedAt;
    let attemptedOurs;
    let appliedOurs;
    let waitingFor;
    let carried = false;
    if (!expected) {
        attemptedOurs = true;
        appliedOurs = true;
        waitingFor = '';
    }
    else if (opts.kind === 'Kustomization') {
        attemptedOurs = (0,revision/* sameRevision */.Y6)(st.lastAttemptedRevision, expected);
        appliedOurs = (0,revision/* sameRevision */.Y6)(st.lastAppliedRevision, expected);
        waitingFor = `waiting for lastAppliedRevision ${want} (is ${(0,revision/* shortRevision */.w7)(st.lastAppliedRevision)})`;
    }
    else {
        // HelmRelease: the chart version carries the source revision with reconcileStrategy Revision
        // (`0.1.0+<sha12>`); otherwise our handled reconcile request is the evidence.
        carried = [st.lastAttemptedRevision, st.history?.[0]?.chartVersion].some((r) => !!r && /\+[0-9a-f]{7,}$/i.test(r));
        if (carried) {
            attemptedOurs = (0,revision/* sameRevision */.Y6)(st.lastAttemptedRevision, expected);
            // Released means history[0] is ours *and* deployed (not failed, superseded or pending).
            const top = st.history?.[0];
            appliedOurs = attemptedOurs && (0,revision/* sameRevision */.Y6)(top?.chartVersion ?? st.lastAttemptedRevision, expected) && (!top?.status || top.status === 'deployed');
            waitingFor = `waiting for the release of ${want} (last attempted ${(0,revision/* shortRevision */.w7)(st.lastAttemptedRevision)})`;
        }
        else if (opts.requestedAt) {
            attemptedOurs = handledOurRequest && opts.sourceAtRevision !== false;
            const status = st.history?.[0]?.status;
            appliedOurs = attemptedOurs && (!status || status === 'deployed');
            waitingFor = opts.sourceAtRevision === false ? `waiting for the source to fetch ${want}` : 'waiting for the HelmRelease to handle our reconcile request';
        }
        else {
            attemptedOurs = false;
            appliedOurs = false;
            waitingFor = 'the HelmRelease does not carry the source revision: enable reconcile so the gate can tell our revision was released';
        }
    }
    if (opts.kind === 'HelmRelease') {
        // Every sign that helm-controller attempted our revision and a Helm action failed (Released /
        // TestSuccess False, Remediated, our chart version failed or rolled back in history).
        const ours = carried && expected ? (v) => (0,revision/* sameRevision */.Y6)(v, expected) : undefined;
        const failure = helmFailureOf(obj, { ...(ours ? { ours } : {}), attemptedOurs });
        if (failure) {
            const reason = describeHelmFailure(failure);
            if (failure.gaveUp)
                return { state, verdict: 'fail', reason };
            // The remediation's outcome (rolled back, or not) is part of the verdict: it is what runs now.
            if (failure.remediation?.phase === 'pending')
                return { state, verdict: 'wait', reason };
            return { state, verdict: opts.retries === 'wait' ? 'wait' : 'fail', reason };
        }
    }
    if (stalled?.status === 'True' && attemptedOurs) {
        return { state, verdict: 'fail', reason: `Stalled at ${want}: ${stalled.reason ?? ''}${stalled.message ? ` — ${stalled.message}` : ''}` };
    }
    // A HelmRelease's Ready only mirrors Released / Remediated, judged above (a stale pair may name another revision).
    const mirrored = opts.kind === 'HelmRelease' && HELM_ACTION_REASONS.has(ready?.reason ?? '') && !!(flux_eval_cond(obj, 'Released') ?? flux_eval_cond(obj, 'Remediated'));
    if (ready?.status === 'False' && attemptedOurs && current && !mirrored && failReasons.has(ready.reason ?? '')) {
        return { state, verdict: 'fail', reason: `Ready=False (${ready.reason}) at ${want}${ready.message ? `: ${ready.message}` : ''}` };
    }
    if (!current)
        return { state, verdict: 'wait', reason: `waiting for observedGeneration ${gen} (is ${st.observedGeneration ?? '-'})` };
    if (!appliedOurs)
        return { state, verdict: 'wait', reason: waitingFor };
    if (ready?.status === 'True')
        return { state, verdict: 'pass', reason: `Ready at ${want}${ready.message ? `: ${ready.message}` : ''}` };
    return { state, verdict: 'wait', reason: `waiting for Ready=True (${ready?.status ?? 'no Ready condition'}${ready?.reason ? `, ${ready.reason}` : ''})` };
}
/**
 * The revisions a Flux object reports, newest first: the last attempted one, then the last
 * applied one (HelmRelease: only chart versions carrying the source revision, `0.1.0+<sha>`,
 * as with reconcileStrategy Revision).
 */
function reportedFluxRevisions(obj, kind) {
    const st = obj.status ?? {};
    if (kind === 'Kustomization')
        return [st.lastAttemptedRevision, st.lastAppliedRevision];
    // Without the source revision in the chart version there is nothing to compare.
    return [st.lastAttemptedRevision, st.history?.[0]?.chartVersion].map((r) => (r && /\+[0-9a-f]{7,}$/i.test(r) ? r : undefined));
}

// EXTERNAL MODULE: ./packages/core/src/retry.ts
var retry = __webpack_require__(9899);
// EXTERNAL MODULE: ./packages/core/src/health/transport.ts
var transport = __webpack_require__(7118);
;// CONCATENATED MODULE: ./packages/core/src/health/flux.ts
/**
 * Flux health gate: a Kustomization (kustomize.toolkit.fluxcd.io/v1) or HelmRelease
 * (helm.toolkit.fluxcd.io/v2) read through the Kubernetes API. List + watch by field selector
 * (resuming from resourceVersion, re-listing on 410 Gone), falling back to polling. Optionally
 * requests a reconcile the way `flux reconcile --with-source` does: a merge-patch of the
 * `reconcile.fluxcd.io/requestedAt` annotation on the GitRepository source, then on the object.
 * Each snapshot is judged by evaluateFluxObject (flux-eval.ts).
 */







const FLUX_KINDS = {
    Kustomization: { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' },
    HelmRelease: { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases' },
    GitRepository: { group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'gitrepositories' },
};
const RECONCILE_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';
class FluxGate {
    opts;
    kind = 'flux';
    target;
    secrets;
    requestCount = 0;
    conn;
    dispatcher;
    ns;
    constructor(opts) {
        this.opts = opts;
        if (!FLUX_KINDS[opts.fluxKind] || opts.fluxKind === 'GitRepository') {
            throw new errors/* InputError */.dz(`unknown Flux kind '${opts.fluxKind}'`, 'use --flux-kind Kustomization or HelmRelease');
        }
        if (!opts.name)
            throw new errors/* InputError */.dz('Flux object name is empty', 'pass --flux-name');
        if (opts.retries !== undefined && opts.retries !== 'fail' && opts.retries !== 'wait') {
            throw new errors/* InputError */.dz(`--flux-retries "${String(opts.retries)}" is not fail or wait`, 'use --flux-retries fail (default) or --flux-retries wait');
        }
        this.ns = opts.namespace ?? 'flux-system';
        this.conn = opts.connection ?? loadKubeConnection(opts);
        const token = this.conn.token();
        this.secrets = [token, this.conn.basic].filter((s) => !!s);
        this.dispatcher = (0,transport/* createDispatcher */.SM)(this.conn.tls);
        this.target = `Flux ${opts.fluxKind} ${this.ns}/${opts.name}`;
    }
    path(kind, ns, name) {
        const k = FLUX_KINDS[kind];
        return `${this.conn.server}/apis/${k.group}/${k.version}/namespaces/${encodeURIComponent(ns)}/${k.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
    }
    headers(extra = {}) {
        const h = { accept: 'application/json', ...extra };
        const token = this.conn.token();
        if (token)
            h.authorization = `Bearer ${token}`;
        else if (this.conn.basic)
            h.authorization = `Basic ${this.conn.basic}`;
        return h;
    }
    async failure(res, what) {
        const detail = await (0,transport/* errorText */.kc)(res);
        if (res.status === 401)
            return new errors/* RemoteError */.Hi(`Kubernetes API rejected the credentials from ${this.conn.source} (HTTP 401) reading ${what}`, 'check KUBECONFIG / the service account token', { status: 401 });
        if (res.status === 403)
            return new errors/* RemoteError */.Hi(`Kubernetes API denied ${what} (HTTP 403)${detail ? `: ${detail}` : ''}`, 'grant get/list/watch (and patch for reconcile) on the Flux resources', { status: 403 });
        if (res.status === 404)
            return new errors/* RemoteError */.Hi(`${what} not found (HTTP 404)`, 'check --flux-kind, --flux-name and --flux-namespace, and that Flux is installed', {
                status: 404,
            });
        if ((0,transport/* isTransientStatus */.Dm)(res.status))
            return new transport/* TransientError */.N_(`Kubernetes API answered HTTP ${res.status}`, res.status);
        return new errors/* RemoteError */.Hi(`Kubernetes API answered HTTP ${res.status} for ${what}${detail ? `: ${detail}` : ''}`, undefined, { status: res.status });
    }
    async getObject(kind, ns, name, signal) {
        this.requestCount++;
        const res = await (0,transport/* send */.tN)(this.path(kind, ns, name), {
            signal,
            dispatcher: this.dispatcher,
            headers: this.headers(),
            timeoutMs: this.opts.requestTimeoutMs ?? 30_000,
        });
        if (!res.ok)
            throw await this.failure(res, `${kind} ${ns}/${name}`);
        return (await res.json());
    }
    async annotate(kind, ns, name, value, signal) {
        this.requestCount++;
        const res = await (0,transport/* send */.tN)(this.path(kind, ns, name), {
            method: 'PATCH',
            signal,
            dispatcher: this.dispatcher,
            headers: this.headers({ 'content-type': 'application/merge-patch+json' }),
            body: JSON.stringify({ metadata: { annotations: { [RECONCILE_ANNOTATION]: value } } }),
            timeoutMs: this.opts.requestTimeoutMs ?? 30_000,
        });
        if (!res.ok)
            throw await this.failure(res, `patching ${kind} ${ns}/${name}`);
        await res.arrayBuffer();
    }
    /** Retry transient failures until the signal aborts. */
    async patiently(fn, o) {
        const backoff = (0,transport/* outageBackoff */.EW)(o.pollIntervalMs);
        let warned = false;
        while (!o.signal.aborted) {
            try {
                return await fn();
            }
            catch (err) {
                if (o.signal.aborted)
                    return undefined;
                if (!(err instanceof transport/* TransientError */.N_))
                    throw err;
                if (!warned)
                    o.log('warn', `Kubernetes API unavailable (${err.message}); retrying until the timeout`);
                warned = true;
                await backoff.wait(o.signal);
            }
        }
        return undefined;
    }
    async *observe(o) {
        const { signal } = o;
        const { name, fluxKind } = this.opts;
        const evalOpts = {
            kind: fluxKind,
            ...(o.revision ? { revision: o.revision } : {}),
            ...(this.opts.failReasons ? { failReasons: this.opts.failReasons } : {}),
            ...(this.opts.retries ? { retries: this.opts.retries } : {}),
        };
        // A newer revision that contains ours (acceptRevision) is evaluated as if it were ours.
        const acceptance = new accept/* RevisionAcceptance */.x(o);
        const evaluate = async (x) => {
            const effective = await acceptance.resolveFirst(reportedFluxRevisions(x, fluxKind));
            const opts = effective === evalOpts.revision ? evalOpts : { ...evalOpts, revision: effective };
            return acceptance.annotate(evaluateFluxObject(x, opts), effective);
        };
        let obj = await this.patiently(() => this.getObject(fluxKind, this.ns, name, signal), o);
        if (!obj)
            return;
        if (this.opts.reconcile) {
            const ref = fluxKind === 'Kustomization' ? obj.spec?.sourceRef : obj.spec?.chart?.spec?.sourceRef;
            const requestedAt = new Date().toISOString();
            if (ref?.kind === 'GitRepository' && ref.name) {
                const srcNs = ref.namespace ?? this.ns;
                try {
                    await this.patiently(() => this.annotate('GitRepository', srcNs, ref.name, requestedAt, signal), o);
                    o.log('debug', `requested reconcile of GitRepository ${srcNs}/${ref.name}`);
                    if (fluxKind === 'HelmRelease' && o.revision) {
                        // As `flux reconcile hr --with-source`: the release is reconciled once the source has our commit.
                        evalOpts.sourceAtRevision = false;
                        yield {
                            state: fluxStateOf(obj, fluxKind),
                            verdict: 'wait',
                            reason: `waiting for GitRepository ${srcNs}/${ref.name} to fetch ${(0,revision/* shortRevision */.w7)(o.revision)}`,
                        };
                        while (!signal.aborted) {
                            const src = await this.patiently(() => this.getObject('GitRepository', srcNs, ref.name, signal), o);
                            const fetched = src?.status?.artifact?.revision;
                            if (fetched && ((0,revision/* sameRevision */.Y6)(fetched, o.revision) || (await acceptance.accepted(fetched))))
                                break;
                            await (0,retry/* sleep */.yy)(Math.min(o.pollIntervalMs, 1000), signal);
                        }
                        if (signal.aborted)
                            return;
                        evalOpts.sourceAtRevision = true;
                    }
                }
                catch (err) {
                    if (!(err instanceof errors/* RemoteError */.Hi) || err.status !== 403)
                        throw err;
                    o.log('warn', `not allowed to request a reconcile of GitRepository ${srcNs}/${ref.name} (403); waiting for its interval`);
                }
            }
            try {
                await this.patiently(() => this.annotate(fluxKind, this.ns, name, requestedAt, signal), o);
                evalOpts.requestedAt = requestedAt;
                o.log('debug', `requested reconcile of ${fluxKind} ${this.ns}/${name} at ${requestedAt}`);
            }
            catch (err) {
                if (!(err instanceof errors/* RemoteError */.Hi) || err.status !== 403)
                    throw err;
                o.log('warn', `not allowed to request a reconcile of ${fluxKind} ${this.ns}/${name} (403); waiting for its interval`);
            }
        }
        if (fluxKind === 'HelmRelease' && o.revision && !evalOpts.requestedAt) {
            o.log('debug', 'HelmRelease: relying on the chart version carrying the source revision (reconcileStrategy: Revision)');
        }
        let ob = await evaluate(obj);
        yield ob;
        if (ob.verdict !== 'wait')
            return;
        let watching = this.opts.watch !== false;
        let resourceVersion;
        const selector = `fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`;
        const backoff = (0,transport/* outageBackoff */.EW)(o.pollIntervalMs);
        let outage = false;
        while (!signal.aborted) {
            if (!watching) {
                await (0,retry/* sleep */.yy)(o.pollIntervalMs, signal);
                if (signal.aborted)
                    return;
                const fresh = await this.patiently(() => this.getObject(fluxKind, this.ns, name, signal), o);
                if (!fresh)
                    return;
                obj = fresh;
                ob = await evaluate(obj);
                yield ob;
                if (ob.verdict !== 'wait')
                    return;
                continue;
            }
            const ctl = new AbortController();
            const s = AbortSignal.any([signal, ctl.signal]);
            try {
                if (!resourceVersion) {
                    // List to get a resourceVersion to watch from (and the current object).
                    this.requestCount++;
                    const res = await (0,transport/* send */.tN)(`${this.path(fluxKind, this.ns)}?${selector}`, {
                        signal,
                        dispatcher: this.dispatcher,
                        headers: this.headers(),
                        timeoutMs: this.opts.requestTimeoutMs ?? 30_000,
                    });
                    if (!res.ok)
                        throw await this.failure(res, `${fluxKind} list in ${this.ns}`);
                    const list = (await res.json());
                    resourceVersion = list.metadata?.resourceVersion;
                    const item = list.items?.find((i) => i.metadata?.name === name);
                    if (!item)
                        throw new errors/* RemoteError */.Hi(`${fluxKind} ${this.ns}/${name} not found`, 'check --flux-name and --flux-namespace');
                    obj = item;
                    ob = await evaluate(obj);
                    yield ob;
                    if (ob.verdict !== 'wait')
                        return;
                }
                this.requestCount++;
                const url = `${this.path(fluxKind, this.ns)}?${selector}&watch=1&allowWatchBookmarks=true&timeoutSeconds=300${resourceVersion ? `&resourceVersion=${encodeURIComponent(resourceVersion)}` : ''}`;
                const res = await (0,transport/* send */.tN)(url, { signal: s, dispatcher: this.dispatcher, headers: this.headers() });
                if (!res.ok) {
                    const err = await this.failure(res, `watch of ${fluxKind} ${this.ns}/${name}`);
                    if (err instanceof transport/* TransientError */.N_)
                        throw err;
                    if (res.status === 401 || res.status === 403)
                        throw err;
                    watching = false;
                    o.log('warn', `Kubernetes watch unavailable (HTTP ${res.status}); polling every ${(o.pollIntervalMs / 1000).toFixed(1)}s`);
                    continue;
                }
                if (outage)
                    o.log('warn', 'Kubernetes API reachable again');
                outage = false;
                backoff.reset();
                for await (const raw of (0,transport/* ndjson */.zL)(res, s)) {
                    const ev = raw;
                    if (ev.type === 'ERROR') {
                        if (ev.object?.code === 410) {
                            o.log('debug', 'watch resourceVersion expired (410 Gone); listing again');
                            resourceVersion = undefined;
                            break;
                        }
                        throw new transport/* TransientError */.N_(`watch error: ${ev.object?.message ?? 'unknown'}`);
                    }
                    if (ev.object?.metadata?.resourceVersion)
                        resourceVersion = ev.object.metadata.resourceVersion;
                    if (ev.type === 'BOOKMARK')
                        continue;
                    if (ev.type === 'DELETED')
                        throw new errors/* RemoteError */.Hi(`${fluxKind} ${this.ns}/${name} was deleted while waiting`);
                    if (!ev.object || ev.object.metadata?.name !== name)
                        continue;
                    obj = ev.object;
                    ob = await evaluate(obj);
                    yield ob;
                    if (ob.verdict !== 'wait')
                        return;
                }
                if (signal.aborted)
                    return;
                o.log('debug', 'watch ended; watching again');
            }
            catch (err) {
                if (signal.aborted)
                    return;
                if (!(err instanceof transport/* TransientError */.N_))
                    throw err;
                if (!outage)
                    o.log('warn', `Kubernetes API unavailable (${err.message}); retrying until the timeout`);
                outage = true;
                await backoff.wait(signal);
            }
            finally {
                ctl.abort();
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
