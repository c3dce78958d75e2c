export const id = 963;
export const ids = [963];
export const modules = {

/***/ 1367:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ ciLinks)
/* harmony export */ });
function ciLinks(env) {
    if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) {
        const repo = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
        return {
            source: env.GITHUB_SHA ? `${repo}/commit/${env.GITHUB_SHA}` : undefined,
            run: env.GITHUB_RUN_ID ? `${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
        };
    }
    if (env.GITLAB_CI === 'true' && env.CI_PROJECT_URL) {
        return {
            source: env.CI_COMMIT_SHA ? `${env.CI_PROJECT_URL}/-/commit/${env.CI_COMMIT_SHA}` : undefined,
            run: env.CI_JOB_URL ?? env.CI_PIPELINE_URL,
        };
    }
    return {};
}


/***/ }),

/***/ 5963:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rollbackRunner: () => (/* binding */ rollbackRunner)
/* harmony export */ });
/* harmony import */ var _ci_context_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1367);
/* harmony import */ var _verbs_plan_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8657);
/* harmony import */ var _verbs_promote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2700);
/* harmony import */ var _verbs_rollback_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9274);
/* harmony import */ var _outcome_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7569);
/* harmony import */ var _env_repo_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3802);
/** rollback from its inputs. */






const rollbackRunner = {
    run: (v, ctx) => (0,_env_repo_js__WEBPACK_IMPORTED_MODULE_3__/* .withEnvRepo */ .g)(v, ctx, async (repo) => {
        const r = await (0,_verbs_rollback_js__WEBPACK_IMPORTED_MODULE_2__/* .rollback */ .dU)({
            repo,
            app: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_4__/* .str */ .gx)(v, 'app'),
            env: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_4__/* .str */ .gx)(v, 'env'),
            to: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_4__/* .str */ .gx)(v, 'to'),
            failedTag: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_4__/* .str */ .gx)(v, 'failedTag'),
            force: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_4__/* .bool */ .lc)(v, 'force'),
            depth: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_4__/* .num */ .bu)(v, 'depth'),
            overrides: (0,_env_repo_js__WEBPACK_IMPORTED_MODULE_3__/* .targetOverrides */ .p)(v),
            dryRun: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_4__/* .bool */ .lc)(v, 'dryRun'),
            editAnchor: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_4__/* .bool */ .lc)(v, 'editAnchor'),
            pullRequest: { labels: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_4__/* .strs */ .TD)(v, 'labels'), reviewers: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_4__/* .strs */ .TD)(v, 'reviewers') },
            links: (0,_ci_context_js__WEBPACK_IMPORTED_MODULE_5__/* .ciLinks */ .w)(ctx.env),
            reporter: ctx.reporter,
        });
        if (r.operation === 'dry-run')
            ctx.reporter.info(r.diff || '(no change)');
        ctx.reporter.summary((0,_verbs_promote_js__WEBPACK_IMPORTED_MODULE_1__/* .promoteSummary */ .h0)(r));
        const { diff: _d, ...json } = r;
        const what = r.pullRequest ? r.pullRequest.url : (r.commit ?? r.operation);
        return { json, human: `rollback ${r.env}(${r.app}): ${(0,_verbs_plan_js__WEBPACK_IMPORTED_MODULE_0__/* .showTag */ .sN)(r.from)} → ${(0,_verbs_plan_js__WEBPACK_IMPORTED_MODULE_0__/* .showTag */ .sN)(r.rolledBackTo)}: ${what}`, outputs: (0,_verbs_rollback_js__WEBPACK_IMPORTED_MODULE_2__/* .rollbackOutputs */ .Hj)(r) };
    }),
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
