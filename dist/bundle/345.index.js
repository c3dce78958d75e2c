export const id = 345;
export const ids = [345];
export const modules = {

/***/ 5827:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C7: () => (/* binding */ formatElapsed),
/* harmony export */   Y6: () => (/* binding */ sameRevision),
/* harmony export */   w7: () => (/* binding */ shortRevision),
/* harmony export */   ye: () => (/* binding */ shaOf)
/* harmony export */ });
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/** Revision comparison shared by the gates. */

/**
 * Short form for log lines: the first 7 characters of a SHA, other revisions unchanged. Helm
 * chart versions stay whole (`0.1.0+<sha12>` is the chart that was released, not a commit).
 */
function shortRevision(rev) {
    if (!rev)
        return '-';
    if (semver__WEBPACK_IMPORTED_MODULE_0___default().valid(rev) && rev.length <= 100)
        return rev;
    const sha = shaOf(rev);
    if (sha)
        return sha.slice(0, 7);
    return rev.length > 20 ? `${rev.slice(0, 20)}…` : rev;
}
/** The hex SHA inside `main@sha1:<sha>`, `sha1:<sha>`, `0.1.0+<sha>` or a bare SHA. */
function shaOf(rev) {
    const m = /(?:^|[:@+])([0-9a-f]{7,64})$/i.exec(rev.trim());
    return m ? m[1].toLowerCase() : undefined;
}
/**
 * True when `reported` names the expected commit. Full SHAs compare exactly; an abbreviated
 * SHA (7+ characters) on either side compares as a prefix. Flux forms (`main@sha1:<sha>`) and
 * Helm chart versions carrying the revision (`0.1.0+<sha12>`) are understood.
 */
function sameRevision(reported, expected) {
    if (!reported)
        return false;
    const a = shaOf(reported);
    const b = shaOf(expected);
    if (a && b) {
        if (a.length >= 40 && b.length >= 40)
            return a === b;
        return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
    }
    return reported.trim() === expected.trim();
}
/** Elapsed milliseconds as `12.3s`. */
function formatElapsed(ms) {
    return `${(ms / 1000).toFixed(1)}s`;
}


/***/ }),

/***/ 5345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  waitHealthyRunner: () => (/* binding */ waitHealthyRunner)
});

// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/health/revision.ts
var revision = __webpack_require__(5827);
// EXTERNAL MODULE: ./packages/core/src/duration.ts
var duration = __webpack_require__(9713);
// EXTERNAL MODULE: ./packages/core/src/input-values.ts
var input_values = __webpack_require__(9496);
// EXTERNAL MODULE: ./packages/core/src/verbs/plan.ts
var plan = __webpack_require__(8657);
// EXTERNAL MODULE: ./packages/core/src/verbs/rollback.ts
var rollback = __webpack_require__(9274);
;// CONCATENATED MODULE: ./packages/core/src/health/factory.ts
function once(load) {
    let loaded;
    return () => (loaded ??= load());
}
/**
 * Each gate's module, imported on first use and then reused: one dynamic import per process, so a
 * gate created later (a second gate, a test running beside others) never starts another import.
 */
const gateModules = {
    argocd: once(() => __webpack_require__.e(/* import() */ 311).then(__webpack_require__.bind(__webpack_require__, 6311))),
    flux: once(() => __webpack_require__.e(/* import() */ 161).then(__webpack_require__.bind(__webpack_require__, 4161))),
    http: once(() => __webpack_require__.e(/* import() */ 722).then(__webpack_require__.bind(__webpack_require__, 2722))),
};
async function createHealthGate(config) {
    switch (config.kind) {
        case 'argocd':
            return new (await gateModules.argocd()).ArgoCdGate(config);
        case 'flux':
            return new (await gateModules.flux()).FluxGate(config);
        case 'http':
            return new (await gateModules.http()).HttpGate(config);
    }
}

// EXTERNAL MODULE: ./packages/core/src/output-limits.ts
var output_limits = __webpack_require__(9585);
;// CONCATENATED MODULE: ./packages/core/src/verbs/wait-healthy.ts
/**
 * waitHealthy: wait until the environment runs the commit we pushed, healthy, or fail fast.
 * Owns the clock (timeout), the progress lines, the job summary and the verification record;
 * the HealthGate only observes.
 */





function isGate(g) {
    return typeof g.observe === 'function';
}
/** `Progressing / Synced @ 1a2b3c4 (op Running)` */
function formatState(s) {
    const revs = s.revisions && s.revisions.length > 1 ? s.revisions.map(revision/* shortRevision */.w7).join(',') : (0,revision/* shortRevision */.w7)(s.revision);
    const at = s.revision || s.revisions?.length ? ` @ ${revs}` : '';
    return `${s.health} / ${s.sync}${at}${s.operation ? ` (op ${s.operation})` : ''}`;
}
function resourceLines(s) {
    return s.resources.map((r) => `    ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${r.health}${r.message ? ` — ${r.message}` : ''}`);
}
/**
 * An observation with every text that came from the remote system cut to a sane length, before
 * it reaches a log line, the summary, the result or an output (a status message can be huge).
 */
function boundObservation(ob) {
    const s = ob.state;
    const word = (x) => (0,output_limits/* truncate */.xv)(x, output_limits/* MAX_REMOTE_WORD */.Lt);
    const resource = (r) => ({
        ...r,
        kind: word(r.kind),
        name: word(r.name),
        health: word(r.health),
        ...(r.namespace !== undefined ? { namespace: word(r.namespace) } : {}),
        ...(r.message !== undefined ? { message: (0,output_limits/* truncate */.xv)(r.message, output_limits/* MAX_REMOTE_MESSAGE */.Un) } : {}),
    });
    const state = {
        ...s,
        health: word(s.health),
        sync: word(s.sync),
        resources: s.resources.slice(0, output_limits/* MAX_RESOURCES */.DM).map(resource),
        ...(s.revision !== undefined ? { revision: word(s.revision) } : {}),
        ...(s.revisions !== undefined ? { revisions: s.revisions.slice(0, output_limits/* MAX_RESOURCES */.DM).map(word) } : {}),
        ...(s.operation !== undefined ? { operation: word(s.operation) } : {}),
        ...(s.message !== undefined ? { message: (0,output_limits/* truncate */.xv)(s.message, output_limits/* MAX_REMOTE_MESSAGE */.Un) } : {}),
    };
    return { ...ob, state, reason: (0,output_limits/* truncate */.xv)(ob.reason, output_limits/* MAX_REMOTE_MESSAGE */.Un) };
}
function cell(s) {
    return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
async function waitHealthy(input) {
    const { reporter } = input;
    const gate = isGate(input.gate) ? input.gate : await createHealthGate(input.gate);
    for (const s of gate.secrets)
        reporter.mask(s);
    const pollIntervalMs = (0,duration/* pollPeriod */.JC)(input.pollIntervalMs, 5000);
    // A timer past 2^31-1 ms fires at once: the wait would "time out" immediately.
    if (!(input.timeoutMs > 0 && input.timeoutMs <= duration/* DURATION_BOUNDS */.Rx.max)) {
        throw new errors/* InputError */.dz(`timeout ${input.timeoutMs} ms is out of range`, `use a timeout from 1ms to ${(0,duration/* formatDuration */.a3)(duration/* DURATION_BOUNDS */.Rx.max)}`);
    }
    const started = Date.now();
    const elapsed = () => Date.now() - started;
    if (!input.revision && gate.kind !== 'http') {
        reporter.warn(`No revision given: ${gate.target} may report Healthy for the previous commit. Pass --revision <sha>.`);
    }
    reporter.info(`Waiting up to ${(0,revision/* formatElapsed */.C7)(input.timeoutMs)} for ${gate.target}${input.revision ? ` at ${(0,revision/* shortRevision */.w7)(input.revision)}` : ''}`);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('timeout')), input.timeoutMs);
    const signal = input.signal ? AbortSignal.any([input.signal, timeout.signal]) : timeout.signal;
    let last;
    let lastLine = '';
    let final;
    try {
        for await (const raw of gate.observe({
            revision: input.revision,
            ...(input.acceptRevision ? { acceptRevision: input.acceptRevision } : {}),
            signal,
            pollIntervalMs,
            log: (level, message) => level === 'warn' ? reporter.warn(message) : level === 'info' ? reporter.info(`[${(0,revision/* formatElapsed */.C7)(elapsed())}] ${message}`) : reporter.debug(message),
        })) {
            const ob = boundObservation(raw);
            last = ob;
            const line = formatState(ob.state) + (ob.state.resources.length ? `\n${resourceLines(ob.state).join('\n')}` : '');
            if (line !== lastLine) {
                lastLine = line;
                reporter.info(`[${(0,revision/* formatElapsed */.C7)(elapsed())}] ${line}`);
                reporter.debug(ob.reason);
            }
            if (ob.verdict !== 'wait') {
                final = ob;
                break;
            }
            if (signal.aborted)
                break;
        }
    }
    finally {
        clearTimeout(timer);
    }
    const elapsedMs = elapsed();
    let outcome;
    let reason;
    if (final) {
        outcome = final.verdict === 'pass' ? 'passed' : 'failed';
        reason = final.reason;
    }
    else if (input.signal?.aborted) {
        outcome = 'cancelled';
        reason = `cancelled after ${(0,revision/* formatElapsed */.C7)(elapsedMs)}`;
    }
    else {
        outcome = 'timed-out';
        reason = `timed out after ${(0,revision/* formatElapsed */.C7)(elapsedMs)}; last state: ${last ? `${formatState(last.state)}${last.state.message ? ` — ${last.state.message}` : ''} (${last.reason})` : 'none (the target never answered)'}`;
    }
    const lastState = last?.state ?? null;
    const result = {
        healthy: outcome === 'passed',
        health: lastState?.health ?? 'Unknown',
        sync: lastState?.sync ?? 'Unknown',
        revision: lastState?.revision ?? null,
        reason,
        elapsedMs,
        lastState,
        outcome,
        requests: gate.requestCount,
    };
    if (result.healthy)
        reporter.info(`[${(0,revision/* formatElapsed */.C7)(elapsedMs)}] ${gate.target} healthy: ${reason}`);
    else
        reporter.warn(`[${(0,revision/* formatElapsed */.C7)(elapsedMs)}] ${gate.target} not healthy: ${reason}`);
    const rows = [
        ['target', gate.targetUrl ? `[${gate.target}](${gate.targetUrl})` : gate.target],
        ['expected revision', input.revision ? `\`${(0,revision/* shortRevision */.w7)(input.revision)}\`` : '(not given)'],
        ['result', result.healthy ? '✅ healthy' : `❌ ${outcome}`],
        ['health / sync', `${result.health} / ${result.sync}`],
        ['reported revision', result.revision ? `\`${(0,revision/* shortRevision */.w7)(result.revision)}\`` : '-'],
        ['reason', reason],
        ['elapsed', (0,revision/* formatElapsed */.C7)(elapsedMs)],
        ['API requests', String(gate.requestCount)],
    ];
    reporter.summary(`### wait-healthy: ${cell(gate.target)}\n\n| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${cell(v)} |`).join('\n')}\n` +
        (lastState && lastState.resources.length
            ? `\n| resource | health | message |\n|---|---|---|\n${lastState.resources.map((r) => `| ${cell(`${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`)} | ${cell(r.health)} | ${cell(r.message ?? '')} |`).join('\n')}\n`
            : ''));
    if (input.record && outcome !== 'cancelled') {
        try {
            await input.record.repo.recordVerification(input.record.commit, {
                context: input.record.context,
                state: result.healthy ? 'success' : 'failure',
                description: `${result.healthy ? 'healthy' : outcome}: ${reason}`.slice(0, 140),
                ...(gate.targetUrl ? { targetUrl: gate.targetUrl } : {}),
            });
        }
        catch (err) {
            reporter.warn(`Could not record the verification on ${input.record.commit.slice(0, 7)}: ${(0,errors/* messageOf */.bD)(err)}`);
        }
    }
    return result;
}

;// CONCATENATED MODULE: ./packages/core/src/verbs/gate-environment.ts







const FULL_SHA = /^[0-9a-f]{40}$/;
async function gateEnvironment(input) {
    const { reporter } = input;
    const er = input.envRepo;
    if (er) {
        (0,plan/* assertName */.I1)(er.app, '--app');
        (0,plan/* assertName */.I1)(er.env, '--env');
    }
    if (input.rollbackOnFailure && !er) {
        throw new errors/* InputError */.dz('--rollback-on-failure needs --env-repo, --app and --env', 'pass them, or drop --rollback-on-failure');
    }
    // Given but blank (an empty --revision, a CI variable that expanded to nothing) is a mistake:
    // treating it as not given would let the gate pass on the status of an older commit.
    if (input.revision !== undefined && input.revision.trim() === '') {
        throw new errors/* InputError */.dz('--revision is blank', 'pass the commit SHA that must be running, or leave --revision out');
    }
    let gate = input.gate;
    let revision = input.revision?.trim();
    let targetFile;
    if (er && (!gate || !revision)) {
        const head = await (0,plan/* requireHead */.EU)(er.repo, er.overrides?.branch ?? 'main');
        const { target } = await (0,plan/* resolveAt */.ip)(er.repo, head, er.app, er.env, er.overrides ?? {});
        targetFile = target.file;
        // The env repo's head is what the environment should run now (we, or the merge, just pushed it).
        const branchHead = target.branch === (er.overrides?.branch ?? 'main') ? head : await (0,plan/* requireHead */.EU)(er.repo, target.branch);
        revision ??= branchHead;
        if (!gate && target.argocd) {
            if (!input.argocdServer)
                throw new errors/* InputError */.dz('--argocd-server is required (or set ARGOCD_SERVER)');
            gate = {
                ...input.argocdOptions,
                kind: 'argocd',
                server: input.argocdServer,
                app: target.argocd.name,
                appNamespace: target.argocd.namespace,
                project: target.argocd.project,
            };
        }
        else if (!gate && target.flux) {
            gate = { ...input.fluxOptions, kind: 'flux', fluxKind: target.flux.kind, name: target.flux.name, namespace: target.flux.namespace };
        }
    }
    if (!gate) {
        throw new errors/* InputError */.dz('nothing to watch: pass --argocd-app, --flux-kind/--flux-name or --url', 'or give --env-repo, --app and --env with argocd: or flux: in gitops.yaml');
    }
    // Decide the rollback now, with reads only: once the gate has recorded its verdict nothing may
    // exit 2 ("nothing written"), and a bad candidate must not surface after the wait.
    const rollbackInput = er && input.rollbackOnFailure ? { repo: er.repo, app: er.app, env: er.env, overrides: er.overrides, depth: input.rollbackDepth, reporter } : undefined;
    let rollbackPlan;
    let noRollback;
    if (rollbackInput) {
        try {
            rollbackPlan = await (0,rollback/* planRollback */.II)(rollbackInput, { currentFailed: true });
            // The rollback is keyed to the tag gated (rollback --failed-tag): if the environment runs
            // something else by the time the gate fails, or a re-run of this job gets here, it does nothing.
            if (rollbackPlan.from !== null)
                rollbackInput.failedTag = rollbackPlan.from;
        }
        catch (err) {
            if (!(err instanceof errors/* OperationError */.OK))
                throw err;
            noRollback = (0,errors/* messageOf */.bD)(err);
            reporter.warn(`a failure will not be rolled back: ${noRollback}`);
        }
    }
    // The verdict is recorded on the commit we waited for, even when a newer one was accepted —
    // and also on the commit that last changed the environment's file (the promotion, not a merge
    // commit or another app's commit on top), where rollback and blocked-tag checks read it.
    const record = er && revision && FULL_SHA.test(revision)
        ? {
            repo: {
                recordVerification: async (commit, v) => {
                    await er.repo.recordVerification(commit, v);
                    const path = targetFile ?? (await (0,plan/* resolveAt */.ip)(er.repo, commit, er.app, er.env, er.overrides ?? {})).target.file;
                    const setBy = (await er.repo.history(path, commit, 1))[0]?.sha;
                    if (setBy && setBy !== commit)
                        await er.repo.recordVerification(setBy, v);
                },
            },
            commit: revision,
            context: (0,rollback/* verificationContext */.de)(er.app, er.env),
        }
        : undefined;
    const acceptRevision = er && revision && FULL_SHA.test(revision)
        ? containsChangeTo(er.repo, revision, async () => {
            // Flags gave both the gate and the revision: resolve the file only if it is ever needed.
            targetFile ??= (await (0,plan/* resolveAt */.ip)(er.repo, revision, er.app, er.env, er.overrides ?? {})).target.file;
            return targetFile;
        })
        : undefined;
    const result = await waitHealthy({
        gate,
        revision,
        ...(acceptRevision ? { acceptRevision } : {}),
        timeoutMs: input.timeoutMs,
        pollIntervalMs: input.pollIntervalMs,
        reporter,
        signal: input.signal,
        record,
    });
    const out = { ...result, expectedRevision: revision ?? null };
    if (!result.healthy && rollbackInput && input.signal?.aborted !== true) {
        if (rollbackPlan) {
            const plan = rollbackPlan;
            // The verdict is already recorded: a rollback that fails now is reported, not thrown.
            try {
                out.rollback = await reporter.group(`rollback ${er.env}(${er.app})`, () => (0,rollback/* applyRollback */.Pw)(rollbackInput, plan));
            }
            catch (err) {
                out.rollbackError = (0,errors/* messageOf */.bD)(err);
                reporter.warn(`rollback failed: ${out.rollbackError}`);
            }
        }
        else {
            out.rollbackError = noRollback;
        }
    }
    return out;
}
/**
 * `acceptRevision` for the gate, over the EnvRepo port only. A reported revision contains our
 * change to this environment's file when the last commit that touched the file is the same seen
 * from both revisions:
 *
 *   history(file, reported, 1)[0].sha === history(file, expected, 1)[0].sha
 *
 * History only walks a revision's ancestors, so the reported revision descends from that change
 * (it is not older than it), and nothing after it changed the file: the environment runs exactly
 * the version of the file we pushed. Another app's promotion pushed right after ours passes; an
 * older revision (before our change) or a newer one where the file was changed again (another
 * tag, a rollback) does not. When the expected commit did not touch the file itself (no
 * --revision, and the head is another app's commit), any revision between the last change to the
 * file and it runs the same file and passes too. Only the file is compared, not the rest of the
 * application's path. Reported revisions that are not full SHAs (short SHAs, Helm chart versions)
 * are never accepted. The expected side is computed once; failures are retried on a later ask.
 */
function containsChangeTo(repo, expected, file) {
    let expectedTouch;
    return async (reported) => {
        const sha = (0,revision/* shaOf */.ye)(reported);
        if (!sha || !FULL_SHA.test(sha))
            return false;
        const path = await file();
        expectedTouch ??= repo.history(path, expected, 1).then((h) => h[0]?.sha, (err) => {
            expectedTouch = undefined;
            throw err;
        });
        const mine = await expectedTouch;
        // The file does not exist at the expected commit: nothing to compare.
        if (!mine)
            return false;
        const theirs = (await repo.history(path, sha, 1))[0]?.sha;
        return theirs === mine;
    };
}
/** A grace period: already milliseconds (parsed by the interface), or text from a library caller. */
function graceMs(value, flag) {
    if (value === undefined || value === '')
        return undefined;
    return typeof value === 'number' ? value : (0,duration/* parseDuration */.E9)(value, flag, { min: 0 });
}
/** A gate fully given by options, or undefined to derive it from gitops.yaml. */
function gateFromOptions(o) {
    if (o.argocdApp) {
        if (!o.argocdServer)
            throw new errors/* InputError */.dz('--argocd-server is required (or set ARGOCD_SERVER)');
        return {
            kind: 'argocd',
            server: o.argocdServer,
            app: o.argocdApp,
            appNamespace: o.argocdAppNamespace,
            project: o.argocdProject,
            refresh: o.refresh === 'none' ? false : (o.refresh ?? 'normal'),
            stream: o.stream,
            insecure: o.insecure,
            degradedGraceMs: graceMs(o.degradedGrace, '--degraded-grace'),
            missingGraceMs: graceMs(o.missingGrace, '--missing-grace'),
            suspended: o.suspended,
        };
    }
    if (o.fluxKind || o.fluxName) {
        if (!o.fluxName)
            throw new errors/* InputError */.dz('--flux-name is required with --flux-kind');
        return {
            kind: 'flux',
            fluxKind: o.fluxKind ?? 'Kustomization',
            name: o.fluxName,
            namespace: o.fluxNamespace,
            reconcile: o.fluxReconcile,
            retries: o.fluxRetries,
            kubeconfig: o.kubeconfig,
            context: o.context,
        };
    }
    if (o.url)
        return {
            kind: 'http',
            url: o.url,
            successes: o.successes === undefined ? undefined : (0,input_values/* parseIntInRange */.fY)(o.successes, '--successes', input_values/* LIMITS */.b1.successes.min, input_values/* LIMITS */.b1.successes.max),
            insecure: o.insecure,
        };
    return undefined;
}
/** The gate's outputs under the shared kebab-case names (action outputs, GitLab dotenv). */
function gateOutputs(r) {
    return {
        healthy: String(r.healthy),
        health: r.health,
        sync: r.sync,
        revision: r.revision ?? '',
        outcome: r.outcome,
        'rolled-back-to': r.rollback?.rolledBackTo ?? '',
    };
}
/** The DESIGN.md JSON result: {healthy, health, sync, revision} and details. */
function gateJson(r) {
    const rb = r.rollback;
    return {
        healthy: r.healthy,
        health: r.health,
        sync: r.sync,
        revision: r.revision,
        expectedRevision: r.expectedRevision,
        outcome: r.outcome,
        reason: r.reason,
        elapsedMs: r.elapsedMs,
        requests: r.requests,
        ...(rb ? { rollback: { changed: rb.changed, commit: rb.commit, from: rb.from, rolledBackTo: rb.rolledBackTo, source: rb.source, url: rb.url } } : {}),
        ...(r.rollbackError ? { rollbackError: r.rollbackError } : {}),
    };
}

// EXTERNAL MODULE: ./packages/core/src/interface/outcome.ts
var outcome = __webpack_require__(7569);
// EXTERNAL MODULE: ./packages/core/src/interface/run/env-repo.ts
var env_repo = __webpack_require__(3802);
;// CONCATENATED MODULE: ./packages/core/src/interface/run/wait-healthy.ts
/** wait-healthy from its inputs: the gate from the flags, or derived from gitops.yaml with an env repo. */





/** The deadline's room beyond the wait: reading the env repo, recording the verdict, rolling back. */
const DEADLINE_MARGIN_MS = 15 * 60_000;
function gateOptions(v, env) {
    return {
        argocdServer: (0,outcome/* str */.gx)(v, 'argocdServer') ?? env.ARGOCD_SERVER,
        argocdApp: (0,outcome/* str */.gx)(v, 'argocdApp'),
        argocdAppNamespace: (0,outcome/* str */.gx)(v, 'argocdAppNamespace'),
        argocdProject: (0,outcome/* str */.gx)(v, 'argocdProject'),
        refresh: (0,outcome/* str */.gx)(v, 'refresh'),
        stream: (0,outcome/* bool */.lc)(v, 'stream'),
        insecure: (0,outcome/* bool */.lc)(v, 'insecure'),
        degradedGrace: (0,outcome/* num */.bu)(v, 'degradedGrace'),
        missingGrace: (0,outcome/* num */.bu)(v, 'missingGrace'),
        suspended: (0,outcome/* str */.gx)(v, 'suspended'),
        fluxKind: (0,outcome/* str */.gx)(v, 'fluxKind'),
        fluxName: (0,outcome/* str */.gx)(v, 'fluxName'),
        fluxNamespace: (0,outcome/* str */.gx)(v, 'fluxNamespace'),
        fluxReconcile: (0,outcome/* bool */.lc)(v, 'fluxReconcile'),
        fluxRetries: (0,outcome/* str */.gx)(v, 'fluxRetries'),
        kubeconfig: (0,outcome/* str */.gx)(v, 'kubeconfig'),
        context: (0,outcome/* str */.gx)(v, 'context'),
        url: (0,outcome/* str */.gx)(v, 'url'),
        successes: (0,outcome/* num */.bu)(v, 'successes'),
    };
}
const waitHealthyRunner = {
    deadlineMs: (v) => (0,outcome/* num */.bu)(v, 'timeout') + DEADLINE_MARGIN_MS,
    run: async (v, ctx) => {
        const o = gateOptions(v, ctx.env);
        const gate = gateFromOptions(o);
        const app = (0,outcome/* str */.gx)(v, 'app');
        const env = (0,outcome/* str */.gx)(v, 'env');
        if ((0,outcome/* str */.gx)(v, 'envRepo') && (!app || !env))
            throw new errors/* InputError */.dz('--env-repo needs --app and --env', 'pass both, or drop --env-repo');
        const once = async (repo) => {
            const r = await gateEnvironment({
                gate,
                argocdServer: o.argocdServer,
                argocdOptions: { insecure: o.insecure, refresh: o.refresh === 'none' ? false : o.refresh, stream: o.stream },
                fluxOptions: { kubeconfig: o.kubeconfig, context: o.context, reconcile: o.fluxReconcile, retries: o.fluxRetries },
                envRepo: repo ? { repo, app: app, env: env, overrides: { branch: (0,outcome/* str */.gx)(v, 'branch') } } : undefined,
                revision: (0,outcome/* str */.gx)(v, 'revision'),
                timeoutMs: (0,outcome/* num */.bu)(v, 'timeout'),
                pollIntervalMs: (0,outcome/* num */.bu)(v, 'pollInterval'),
                rollbackOnFailure: (0,outcome/* bool */.lc)(v, 'rollbackOnFailure'),
                rollbackDepth: (0,outcome/* num */.bu)(v, 'rollbackDepth'),
                reporter: ctx.reporter,
            });
            const rolled = r.rollback ? `; rolled back to ${r.rollback.rolledBackTo}` : r.rollbackError ? `; not rolled back: ${r.rollbackError}` : '';
            return {
                json: gateJson(r),
                outputs: gateOutputs(r),
                human: `${r.healthy ? 'healthy' : 'NOT healthy'}: ${r.health} / ${r.sync} @ ${(0,revision/* shortRevision */.w7)(r.revision ?? undefined)} (${r.reason})${rolled}`,
                failure: r.healthy ? undefined : `${r.reason}${rolled}`,
            };
        };
        return (0,outcome/* str */.gx)(v, 'envRepo') ? (0,env_repo/* withEnvRepo */.g)(v, ctx, once) : once();
    },
};


/***/ }),

/***/ 9274:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hj: () => (/* binding */ rollbackOutputs),
/* harmony export */   II: () => (/* binding */ planRollback),
/* harmony export */   Pw: () => (/* binding */ applyRollback),
/* harmony export */   dU: () => (/* binding */ rollback),
/* harmony export */   de: () => (/* reexport safe */ _verdicts_js__WEBPACK_IMPORTED_MODULE_9__.de)
/* harmony export */ });
/* unused harmony export findRollbackTag */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _input_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9496);
/* harmony import */ var _manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9082);
/* harmony import */ var _manifest_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6274);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2019);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5189);
/* harmony import */ var _version_tag_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(118);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8657);
/* harmony import */ var _promote_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2700);
/* harmony import */ var _verdicts_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4144);











/**
 * Walk the file's history, newest first, for the tag to put back: the newest one, other than
 * `current`, whose commit carries a success record; else the newest unverified one. Never a
 * value that is not a valid image tag, one whose verification failed, or one a later rollback
 * rolled away from (its `Gitops-Rollback-Of` trailer). When the current value is itself the
 * result of a rollback that nothing says failed, the choice is `settled` — unless
 * `currentFailed` (the gate just saw it fail).
 */
async function findRollbackTag(repo, head, target, current, depth, reporter, opts = {}) {
    const context = (0,_verdicts_js__WEBPACK_IMPORTED_MODULE_9__/* .verificationContext */ .de)(target.app, target.env);
    const commits = await repo.history(target.file, head, depth);
    const blocked = new Set();
    if (opts.currentFailed && current !== null)
        blocked.add(current);
    let previous = null;
    let nullAt;
    for (const [i, { sha, message }] of commits.entries()) {
        const rolledAwayFrom = (0,_verdicts_js__WEBPACK_IMPORTED_MODULE_9__/* .trailerEvent */ .e2)(message, target.app, target.env).rolledBackFrom;
        const verdict = (await repo.verifications(sha)).find((v) => v.context === context)?.state;
        let tag;
        const text = await repo.readFile(target.file, sha);
        try {
            tag = text === null ? undefined : (0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .tagOf */ .cO)((0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_3__/* .readScalar */ .$t)(text, target.key, target.file));
        }
        catch {
            tag = undefined; // the key did not exist yet, or the file was broken then
        }
        if (i === 0 && rolledAwayFrom && tag === current && verdict !== 'failure' && !opts.currentFailed) {
            return { kind: 'settled', commit: sha, rolledAwayFrom };
        }
        // Older commits cannot bring back what this one rolled away from, nor a tag that failed here.
        if (rolledAwayFrom)
            blocked.add(rolledAwayFrom);
        if (tag === undefined || tag === current)
            continue;
        if (tag === null) {
            // YAML null / empty: no tag to put back (writing it would make the string "null").
            nullAt ??= sha;
            reporter.debug(`skipping the null value at ${sha.slice(0, 7)}: no tag`);
            continue;
        }
        if (verdict === 'failure')
            blocked.add(tag);
        if (blocked.has(tag))
            continue;
        if (!(0,_version_tag_js__WEBPACK_IMPORTED_MODULE_6__/* .isValidTag */ .r_)(tag)) {
            reporter.debug(`skipping ${JSON.stringify(tag.slice(0, 60))} at ${sha.slice(0, 7)}: not a valid image tag`);
            continue;
        }
        if (verdict === 'success')
            return { kind: 'candidate', tag, source: 'verified', commit: sha };
        previous ??= { tag, commit: sha };
    }
    if (previous) {
        reporter.warn(`no verified tag in the last ${commits.length} commits of ${target.file}; using the previous tag ${previous.tag}`);
        return { kind: 'candidate', ...previous, source: 'history' };
    }
    return { kind: 'none', searched: commits.length, ...(nullAt ? { nullAt } : {}) };
}
/**
 * Decide the rollback with reads only: inputs, the target, the tag to put back. Everything that
 * can make the rollback exit 2 happens here, so a caller (the health gate) can plan it before it
 * writes anything. `currentFailed`: the current tag is known to be failing.
 */
async function planRollback(input, opts = {}) {
    const reporter = input.reporter ?? _report_js__WEBPACK_IMPORTED_MODULE_4__/* .silentReporter */ .P;
    (0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .assertName */ .I1)(input.app, '--app');
    (0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .assertName */ .I1)(input.env, '--env');
    for (const [value, flag] of [
        [input.to, '--to'],
        [input.failedTag, '--failed-tag'],
    ]) {
        if (value === undefined)
            continue;
        (0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .assertNotNullWord */ .VY)(value, flag);
        (0,_version_tag_js__WEBPACK_IMPORTED_MODULE_6__/* .assertTag */ .DD)(value, flag);
    }
    const depth = input.depth ?? 30;
    (0,_input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .parseIntInRange */ .fY)(depth, '--depth', _input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.depth.min, _input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.depth.max);
    (0,_naming_js__WEBPACK_IMPORTED_MODULE_5__/* .assertTemplates */ .OB)(input.templates);
    const overrides = input.overrides ?? {};
    const head = await (0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .requireHead */ .EU)(input.repo, overrides.branch ?? 'main');
    const { target } = await (0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .resolveAt */ .ip)(input.repo, head, input.app, input.env, overrides);
    const { tag: current, ref } = await (0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .readTag */ .zW)(input.repo, head, target);
    // The failed tag is the re-run key: once the environment runs something else, we are done.
    if (input.failedTag !== undefined && current !== input.failedTag) {
        reporter.info(`${input.env}(${input.app}) runs ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .showTag */ .sN)(current)}, not the failed tag ${input.failedTag}; nothing to roll back`);
        return { target, from: current, to: current, source: 'not-running' };
    }
    const currentFailed = opts.currentFailed === true || input.failedTag !== undefined;
    if (input.to !== undefined) {
        const ranAt = input.to !== current && !input.force ? await assertRanHere(input.repo, head, { ...target, app: input.app, env: input.env }, input.to, depth) : undefined;
        return { target, from: current, to: input.to, source: 'explicit', ...(ref ? { digest: ranAt ? await digestAt(input.repo, ranAt, target) : null } : {}) };
    }
    const found = await findRollbackTag(input.repo, head, { ...target, app: input.app, env: input.env }, current, depth, reporter, { currentFailed });
    if (found.kind === 'settled') {
        reporter.info(`${input.env}(${input.app}) is already rolled back: ${found.commit.slice(0, 7)} replaced ${found.rolledAwayFrom} with ${current}; nothing to do (pass --to <tag> to go further back)`);
        return { target, from: current, to: current, source: 'already-rolled-back' };
    }
    if (found.kind === 'none') {
        const nullNote = found.nullAt ? `; the value at ${found.nullAt.slice(0, 7)} was YAML null (no tag), which rollback does not write` : '';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OperationError */ .OK(`no earlier tag of ${input.app} in ${input.env} to roll back to (${found.searched} commits of ${target.file} ${target.key} searched${nullNote})`, found.nullAt ? `pass --to <tag>, or restore the null value by hand` : 'pass --to <tag>');
    }
    reporter.info(`rolling ${input.env}(${input.app}) back from ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .showTag */ .sN)(current)} to ${found.tag} (${found.source === 'verified' ? 'last verified' : 'previous in history'} at ${found.commit.slice(0, 7)})`);
    return { target, from: current, to: found.tag, source: found.source, ...(ref ? { digest: await digestAt(input.repo, found.commit, target) } : {}) };
}
/** The digest the image reference at the key pinned at commit `sha` (null: none, or not a reference then). */
async function digestAt(repo, sha, target) {
    const text = await repo.readFile(target.file, sha);
    try {
        return (text === null ? null : (0,_manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageRef */ .Q)((0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_3__/* .readScalar */ .$t)(text, target.key, target.file).value)?.digest) ?? null;
    }
    catch {
        return null; // the key did not exist then
    }
}
/**
 * `rollback --to` guard: the tag must have run in this environment (a typo would otherwise deploy
 * a tag nobody tested here). Commits carrying our trailers say their tag; others are read.
 */
async function assertRanHere(repo, head, target, to, depth) {
    const commits = await repo.history(target.file, head, depth);
    for (const c of commits)
        if ((0,_verdicts_js__WEBPACK_IMPORTED_MODULE_9__/* .trailerEvent */ .e2)(c.message, target.app, target.env).to === to)
            return c.sha;
    for (const c of commits) {
        if ((0,_verdicts_js__WEBPACK_IMPORTED_MODULE_9__/* .trailerEvent */ .e2)(c.message, target.app, target.env).to !== undefined)
            continue;
        const text = await repo.readFile(target.file, c.sha);
        try {
            if (text !== null && (0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .tagOf */ .cO)((0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_3__/* .readScalar */ .$t)(text, target.key, target.file)) === to)
                return c.sha;
        }
        catch {
            // the key did not exist then
        }
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`--to ${to} never ran in ${target.env}(${target.app}): not in the last ${commits.length} commits of ${target.file} ${target.key}`, 'check the tag for a typo, raise --depth, or pass --force to roll back to it anyway');
}
/**
 * Carry out a planned rollback. When the environment no longer runs `plan.from` (someone
 * promoted meanwhile) it refuses rather than roll back a tag nobody checked — or, with
 * --failed-tag, does nothing: the failed tag is gone already.
 */
async function applyRollback(input, plan) {
    if (plan.to === plan.from || plan.to === null) {
        return {
            app: input.app,
            env: input.env,
            tag: plan.to,
            previousTag: plan.from,
            file: plan.target.file,
            key: plan.target.key,
            mode: plan.target.mode,
            changed: false,
            operation: 'unchanged',
            commit: null,
            diff: '',
            attempts: 0,
            from: plan.from,
            rolledBackTo: plan.to,
            source: plan.source,
        };
    }
    const result = await (0,_promote_js__WEBPACK_IMPORTED_MODULE_8__/* .promote */ .pt)({
        ...input,
        tag: plan.to,
        digest: plan.digest,
        purpose: 'rollback',
        allowDowngrade: true,
        skipPrecondition: true,
        force: true,
        expectCurrent: plan.from,
        skipIfNotCurrent: input.failedTag !== undefined,
    });
    if (!result.changed && result.previousTag !== plan.from) {
        return { ...result, from: result.previousTag, rolledBackTo: result.previousTag, source: 'not-running' };
    }
    return { ...result, from: result.previousTag, rolledBackTo: plan.to, source: plan.source };
}
async function rollback(input) {
    return applyRollback(input, await planRollback(input));
}
function rollbackOutputs(r) {
    return {
        changed: String(r.changed),
        operation: r.operation,
        'commit-sha': r.commit ?? '',
        from: r.from ?? '',
        'rolled-back-to': r.rolledBackTo ?? '',
        source: r.source,
        'pr-number': r.pullRequest ? String(r.pullRequest.number) : '',
        'pr-url': r.pullRequest?.url ?? '',
    };
}


/***/ })

};
