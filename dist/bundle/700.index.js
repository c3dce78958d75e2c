export const id = 700;
export const ids = [700];
export const modules = {

/***/ 908:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   Jv: () => (/* binding */ registryHostname),
/* harmony export */   "if": () => (/* binding */ parseImageName)
/* harmony export */ });
/* unused harmony export SHA256_DIGEST */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/**
 * Image names as the distribution spec and the docker CLI read them: `[registry/]repository`,
 * where the first component is a registry when it has a `.` or a `:port` or is `localhost`;
 * otherwise the image lives on Docker Hub (`nginx` → `registry-1.docker.io/library/nginx`).
 */

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const DOCKER_HUB = 'registry-1.docker.io';
function parseImageName(value, input = '--image') {
    const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
    const bad = (why) => new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${input} ${shown} is not an image name: ${why}`, 'write registry/repository without tag or digest, e.g. ghcr.io/acme/payments');
    if (value.length === 0 || value.length > 255)
        throw bad('empty or longer than 255 characters');
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
        throw bad('no URL scheme (use --plain-http for http)');
    if (value.includes('@'))
        throw bad('no digest here');
    const parts = value.split('/');
    const first = parts[0];
    const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
    if (hasRegistry && !HOST.test(first))
        throw bad(`registry ${JSON.stringify(first)} is not a host[:port]`);
    const path = hasRegistry ? parts.slice(1) : parts;
    for (const c of path) {
        if (c.includes(':'))
            throw bad('no tag here (pass it with --from/--to)');
        if (!COMPONENT.test(c))
            throw bad(`path component ${JSON.stringify(c)} must be lowercase letters, digits and . _ - separators`);
    }
    const registry = hasRegistry ? first : DOCKER_HUB;
    const repository = !hasRegistry && path.length === 1 ? `library/${path[0]}` : path.join('/');
    return { registry: registry === 'docker.io' || registry === 'index.docker.io' ? DOCKER_HUB : registry, repository, name: value };
}
/** `sha256:` + 64 lowercase hex: the only digest algorithm registries are required to support. */
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
function isDigest(value) {
    return SHA256_DIGEST.test(value);
}
/** The hostname of a `host[:port]` registry (brackets of IPv6 removed), lowercased. */
function registryHostname(registry) {
    const m = /^\[([^\]]+)\](?::\d+)?$/.exec(registry);
    if (m)
        return m[1].toLowerCase();
    return registry.replace(/:\d+$/, '').toLowerCase();
}


/***/ }),

/***/ 2700:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h0: () => (/* binding */ promoteSummary),
/* harmony export */   nM: () => (/* binding */ promoteHeadline),
/* harmony export */   pt: () => (/* binding */ promote),
/* harmony export */   xo: () => (/* binding */ promoteJson),
/* harmony export */   zo: () => (/* binding */ promoteOutputs)
/* harmony export */ });
/* unused harmony export DEFAULT_RETRY */
/* harmony import */ var p_retry__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(4995);
/* harmony import */ var _config_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7084);
/* harmony import */ var _envrepo_contention_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9388);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _manifest_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6274);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2019);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5189);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(908);
/* harmony import */ var _version_tag_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(118);
/* harmony import */ var _version_tag_order_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1543);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8657);
/* harmony import */ var _verdicts_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(4144);
/**
 * promote: set one environment of one app to one image tag.
 *   mode push          commit straight to the branch the environment tracks (dev)
 *   mode pull-request  open, or update, the one PR/MR for this app+env (staging, prod)
 * Every write is compare-and-swap; on a lost race we re-read the branch and re-apply the
 * key-level edit (never a textual rebase), with bounded jittered retries.
 */












const DEFAULT_RETRY = { retries: 40, minTimeout: 200, maxTimeout: 30_000 };
async function promote(input) {
    // Validate everything that needs no remote first: nothing is written on exit 2.
    (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .assertName */ .I1)(input.app, '--app');
    (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .assertName */ .I1)(input.env, '--env');
    (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .assertNotNullWord */ .VY)(input.tag, '--tag');
    (0,_version_tag_js__WEBPACK_IMPORTED_MODULE_7__/* .assertTag */ .DD)(input.tag, '--tag', input.tagPattern);
    (0,_naming_js__WEBPACK_IMPORTED_MODULE_5__/* .assertTemplates */ .OB)(input.templates);
    assertDigest(input);
    const ctx = new PromoteContext(input);
    const first = await ctx.plan();
    if (input.expectCurrent !== undefined && first.current !== input.expectCurrent) {
        if (input.skipIfNotCurrent) {
            input.reporter?.info(`${input.env}(${input.app}) runs ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(first.current)} now, not ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(input.expectCurrent)}; nothing to roll back`);
            return ctx.result(first, 'unchanged');
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OperationError */ .OK(`${input.env} runs ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(first.current)} now, not ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(input.expectCurrent)} as planned; leaving it as it is`, 'check who changed it, then roll back with --to if still needed');
    }
    const mode = first.target.mode;
    const checkTarget = first.current !== input.tag && input.purpose !== 'rollback' && !input.force;
    // The precondition reads the `from` environment's file and (unless forced) checks its verdict:
    // read those with the target's history, in one request where the forge can.
    const from = mode === 'pull-request' && input.purpose !== 'rollback' && !input.skipPrecondition && input.repo.changeRequests ? first.target.from : undefined;
    const fromFile = from && !input.force ? (0,_config_index_js__WEBPACK_IMPORTED_MODULE_0__/* .resolveTarget */ .u1)(first.config, input.app, from, {}).file : undefined;
    if (checkTarget || fromFile) {
        ctx.histories = await (0,_verdicts_js__WEBPACK_IMPORTED_MODULE_10__/* .readVerdictHistories */ .e9)(input.repo, first.head, [...(checkTarget ? [first.target.file] : []), ...(fromFile ? [fromFile] : [])], fromFile ? [fromFile] : []);
    }
    if (checkTarget)
        ctx.keepHistory(first, await refuseBlocked(input, first, input.env, ctx.histories.get(first.target.file)));
    if (mode === 'pull-request' && !input.repo.changeRequests) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`--mode pull-request needs a forge API, but ${input.repo.display} is a plain git remote`, 'pass --forge github or --forge gitlab (with --api-url for self-hosted)');
    }
    return mode === 'push' ? ctx.push(first) : ctx.pullRequest(first);
}
class PromoteContext {
    input;
    reporter;
    retry;
    firstSeen;
    attempts = 0;
    /** Histories the blocked-tag checks need, read together (readVerdictHistories); by file. */
    histories = new Map();
    /** The target file's history last read at a head (the check's): what its ledger is built from. */
    known;
    constructor(input) {
        this.input = input;
        this.reporter = input.reporter ?? _report_js__WEBPACK_IMPORTED_MODULE_4__/* .silentReporter */ .P;
        this.retry = input.retry ?? DEFAULT_RETRY;
    }
    get branch() {
        return this.input.overrides?.branch ?? 'main';
    }
    async plan(head) {
        const { repo, app, env, tag } = this.input;
        const overrides = this.input.overrides ?? {};
        const edit = { editAnchor: this.input.editAnchor === true, also: this.input.also, digest: this.input.digest, digestKey: this.input.digestKey };
        let plan = await (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .planEdit */ .q3)(repo, head ?? (await (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .requireHead */ .EU)(repo, this.branch)), app, env, tag, overrides, edit);
        // gitops.yaml may say the environment tracks another branch: plan again there.
        if (!head && plan.target.branch !== this.branch) {
            plan = await (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .planEdit */ .q3)(repo, await (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .requireHead */ .EU)(repo, plan.target.branch), app, env, tag, overrides, edit);
        }
        this.firstSeen ??= plan.current;
        return plan;
    }
    /** Never move an environment backwards, nor over a value someone else just set, unless asked. */
    guard(plan) {
        const { tag, env, allowDowngrade } = this.input;
        if (allowDowngrade || plan.current === tag || plan.current === null)
            return;
        const cmp = (0,_version_tag_order_js__WEBPACK_IMPORTED_MODULE_8__/* .compareTagsBy */ .O6)(this.input.tagOrder ?? _version_tag_order_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_TAG_ORDER */ .w, tag, plan.current);
        const where = `${plan.target.file} ${plan.target.key}`;
        if (cmp !== null && cmp < 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OperationError */ .OK(`${env} runs ${plan.current}, which is newer than ${tag} (${where}); refusing to downgrade`, 'pass --allow-downgrade, or use rollback');
        }
        if (plan.current !== this.firstSeen && cmp === null) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OperationError */ .OK(`${where} changed from ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(this.firstSeen ?? null)} to ${plan.current} while promoting ${tag}; refusing to overwrite it`, 'check who promoted it, then re-run (or pass --allow-downgrade)');
        }
    }
    result(plan, operation, extra = {}) {
        const changed = operation === 'pushed' || operation === 'created' || operation === 'updated';
        return {
            app: this.input.app,
            env: this.input.env,
            tag: this.input.tag,
            previousTag: plan.current,
            file: plan.target.file,
            key: plan.target.key,
            mode: plan.target.mode,
            changed,
            operation,
            commit: null,
            diff: (0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_3__/* .diffManifest */ .Hq)(plan.oldText, plan.newText, plan.target.file),
            attempts: this.attempts,
            ...extra,
        };
    }
    keepHistory(plan, entries) {
        this.known = { head: plan.head, file: plan.target.file, entries };
    }
    /**
     * The commit message: the template, then our trailers, with the file's ledger (verdicts.ts
     * ledgerFor) when the check read the file's history at this head. Without that read (--force,
     * a rollback, a re-plan on a moved file) no ledger: never a request for it, and a reader's
     * walk passes this commit to the next ledger below.
     */
    message(plan) {
        const values = { app: this.input.app, env: this.input.env, tag: this.input.tag, from: plan.current };
        const rollback = this.input.purpose === 'rollback';
        const tpl = this.input.templates?.commitMessage ?? (rollback ? _naming_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_TEMPLATES */ .EE.rollbackMessage : _naming_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_TEMPLATES */ .EE.commitMessage);
        const known = this.known?.head === plan.head && this.known.file === plan.target.file ? this.known.entries : undefined;
        return `${(0,_naming_js__WEBPACK_IMPORTED_MODULE_5__/* .render */ .XX)(tpl, values, '--commit-message')}\n\n${(0,_naming_js__WEBPACK_IMPORTED_MODULE_5__/* .trailers */ .jR)(values, this.input.purpose, known && (0,_verdicts_js__WEBPACK_IMPORTED_MODULE_10__/* .ledgerFor */ .bC)(known))}\n`;
    }
    /**
     * Run `attempt` until it stops losing compare-and-swap races. After a lost race we re-plan; when
     * the adapter found the branch moved without touching our file (BranchMovedError, no write
     * made), the plan still holds and we only look again. The wait between is adaptive
     * (contention.ts): scaled to how long an attempt takes here and to the contention seen.
     */
    withRetries(attempt, first) {
        let plan = first;
        let last = first;
        let started = 0;
        const backoff = new _envrepo_contention_js__WEBPACK_IMPORTED_MODULE_1__/* .AdaptiveBackoff */ .pA(this.retry);
        return (0,p_retry__WEBPACK_IMPORTED_MODULE_11__/* ["default"] */ .Ay)(async () => {
            this.attempts++;
            started = performance.now();
            const current = plan ?? (await this.plan(await (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .requireHead */ .EU)(this.input.repo, first.target.branch)));
            plan = undefined;
            last = current;
            return attempt(current);
        }, {
            retries: this.retry.retries,
            // Backoff is ours (below), not p-retry's fixed exponential one.
            minTimeout: 0,
            maxTimeout: 0,
            shouldRetry: ({ error }) => error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConflictError */ .fK,
            onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
                if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConflictError */ .fK) || retriesLeft === 0)
                    return;
                backoff.observe(performance.now() - started);
                const keep = error instanceof _envrepo_contention_js__WEBPACK_IMPORTED_MODULE_1__/* .BranchMovedError */ .wk && error.keepPlan;
                if (keep)
                    plan = last;
                this.reporter.info(keep
                    ? `${first.target.branch} is busy (attempt ${attemptNumber}); our file is untouched, looking again shortly`
                    : `${first.target.branch} moved under us (attempt ${attemptNumber}); re-reading and re-applying`);
                const wait = backoff.next(error instanceof _envrepo_contention_js__WEBPACK_IMPORTED_MODULE_1__/* .BranchMovedError */ .wk ? error.seen : undefined);
                await new Promise((r) => setTimeout(r, wait));
            },
        }).catch((err) => {
            if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConflictError */ .fK) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConflictError */ .fK(`gave up after ${this.attempts} attempts: ${first.target.branch} of ${this.input.repo.display} kept moving`, 're-run the job');
            }
            throw err;
        });
    }
    async push(first) {
        return this.withRetries(async (plan) => {
            if (plan.newText === plan.oldText) {
                this.reporter.info(`${this.input.env} already runs ${this.input.tag}; nothing to do`);
                return this.result(plan, 'unchanged');
            }
            this.guard(plan);
            if (this.input.dryRun)
                return this.result(plan, 'dry-run');
            const { sha, url } = await this.input.repo.commit({
                branch: plan.target.branch,
                parent: plan.head,
                files: [{ path: plan.target.file, content: plan.newText }],
                message: this.message(plan),
            });
            this.reporter.info(`${this.input.env}(${this.input.app}): ${plan.current} → ${this.input.tag} in ${sha.slice(0, 7)}`);
            return this.result(plan, 'pushed', { commit: sha, url: url ?? this.input.repo.commitUrl?.(sha) });
        }, first);
    }
    /** Refuse to promote to an environment whose `from` environment does not run the tag. */
    async checkPrecondition(plan) {
        const from = plan.target.from;
        if (!from || this.input.skipPrecondition)
            return;
        const fromTarget = (0,_config_index_js__WEBPACK_IMPORTED_MODULE_0__/* .resolveTarget */ .u1)(plan.config, this.input.app, from, {});
        const { tag: fromTag } = await (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .readTag */ .zW)(this.input.repo, plan.head, fromTarget);
        if (fromTag !== this.input.tag) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OperationError */ .OK(`refusing to promote ${this.input.app} to ${this.input.env}: ${from} runs ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(fromTag)}, not ${this.input.tag}`, `promote ${this.input.tag} to ${from} first, or pass --skip-precondition`);
        }
        // Running it is not enough: it must not have failed there (even if set again by hand since).
        if (!this.input.force)
            await refuseBlocked(this.input, { ...plan, target: fromTarget }, from, this.histories.get(fromTarget.file));
    }
    async pullRequest(first) {
        const { repo, app, env, tag } = this.input;
        const crs = repo.changeRequests;
        const rollback = this.input.purpose === 'rollback';
        const branchTpl = this.input.templates?.prBranch ?? (rollback ? _naming_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_TEMPLATES */ .EE.rollbackBranch : _naming_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_TEMPLATES */ .EE.prBranch);
        const titleTpl = this.input.templates?.prTitle ?? (rollback ? _naming_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_TEMPLATES */ .EE.rollbackTitle : _naming_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_TEMPLATES */ .EE.prTitle);
        if (!rollback)
            await this.checkPrecondition(first);
        return this.withRetries(async (plan) => {
            const values = { app, env, tag, from: plan.current };
            const title = (0,_naming_js__WEBPACK_IMPORTED_MODULE_5__/* .render */ .XX)(titleTpl, values, '--title');
            if (plan.newText === plan.oldText) {
                this.reporter.info(`${env} already runs ${tag} on ${plan.target.branch}; no pull request needed`);
                return this.result(plan, 'unchanged');
            }
            this.guard(plan);
            if (this.input.dryRun)
                return this.result(plan, 'dry-run');
            const existing = await this.findOpen(crs, branchTpl, plan.target.branch);
            const body = promotionBody(plan, this.input, (0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_3__/* .diffManifest */ .Hq)(plan.oldText, plan.newText, plan.target.file));
            const files = [{ path: plan.target.file, content: plan.newText }];
            const message = this.message(plan);
            if (existing) {
                const prHead = await repo.head(existing.sourceBranch);
                const prText = prHead ? await repo.readFile(plan.target.file, prHead) : null;
                if (prText === plan.newText && existing.title === title) {
                    this.reporter.info(`#${existing.number} already proposes ${tag}; nothing to do`);
                    return this.result(plan, 'unchanged', {
                        pullRequest: { number: existing.number, url: existing.url, branch: existing.sourceBranch },
                        url: existing.url,
                        commit: prHead,
                    });
                }
                // Move the branch we own to the new tag, rebuilt on the current base.
                const c = await repo.commit({ branch: existing.sourceBranch, parent: plan.head, force: true, files, message });
                const updated = await crs.update(existing.number, { title, body });
                this.reporter.info(`updated #${updated.number}: ${title}`);
                return this.finish(plan, 'updated', c.sha, updated);
            }
            const branch = (0,_naming_js__WEBPACK_IMPORTED_MODULE_5__/* .render */ .XX)(branchTpl, values, '--branch-name');
            const stale = await repo.head(branch);
            const c = await repo.commit({ branch, parent: plan.head, files, message, ...(stale ? { force: true } : { createBranch: true }) });
            const pr = this.input.pullRequest ?? {};
            const created = await crs.create({
                sourceBranch: branch,
                targetBranch: plan.target.branch,
                title,
                body,
                draft: pr.draft,
                labels: pr.labels,
                reviewers: pr.reviewers,
                assignees: pr.assignees,
            });
            if (created.adopted && (created.title !== title || created.body !== body))
                await crs.update(created.number, { title, body });
            this.reporter.info(`${created.adopted ? 'adopted' : 'opened'} #${created.number}: ${title}`);
            return this.finish(plan, created.adopted ? 'updated' : 'created', c.sha, created);
        }, first);
    }
    async finish(plan, operation, sha, cr) {
        let autoMerge;
        if (this.input.pullRequest?.autoMerge) {
            // The request is open already: a failure here is reported with it, not as a failed promotion.
            try {
                autoMerge = await this.input.repo.changeRequests.enableAutoMerge(cr.number);
                this.reporter.info(`auto-merge for #${cr.number}: ${autoMerge}`);
            }
            catch (err) {
                this.reporter.warn(`#${cr.number} is ${operation}, but enabling auto-merge failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .messageOf */ .bD)(err)}`);
            }
        }
        return this.result(plan, operation, {
            commit: sha,
            url: cr.url,
            pullRequest: { number: cr.number, url: cr.url, branch: cr.sourceBranch, ...(autoMerge ? { autoMerge } : {}) },
        });
    }
    /** The one open PR/MR for this app+env into the branch: by our marker or by branch name. */
    async findOpen(crs, branchTpl, target) {
        const { app, env } = this.input;
        const pattern = (0,_naming_js__WEBPACK_IMPORTED_MODULE_5__/* .branchPattern */ .LX)(branchTpl, { app, env });
        const mark = marker(app, env, this.input.purpose);
        const mine = (await crs.listOpen(target)).filter((cr) => cr.body.includes(mark) || pattern.test(cr.sourceBranch)).sort((a, b) => a.number - b.number);
        if (mine.length > 1) {
            this.reporter.warn(`several open requests for ${app}/${env}: ${mine.map((c) => `#${c.number}`).join(', ')}; updating #${mine[0].number}`);
        }
        return mine[0];
    }
}
/** --digest is a sha256 digest; --digest-key comes with it. */
function assertDigest(input) {
    const { digest, digestKey } = input;
    if (typeof digest === 'string' && !(0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .isDigest */ .Bc)(digest)) {
        const shown = JSON.stringify(digest.length > 80 ? `${digest.slice(0, 80)}…` : digest);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`--digest ${shown} is not an image digest`, 'pass sha256: and its 64 lowercase hex digits, as the registry reports it');
    }
    if (digestKey !== undefined && typeof digest !== 'string')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('--digest-key means nothing without --digest', 'pass --digest sha256:…, or drop --digest-key');
}
/**
 * Refuse a tag that failed verification or was rolled back in `env` (exit 1): the next pipeline
 * must not put a bad release straight back. One history read of the file (plus the record of a
 * commit that set the tag when no rollback decided it), unless `history` came with its records.
 */
async function refuseBlocked(input, plan, env, given) {
    const t = plan.target;
    const history = given ?? (await (0,_verdicts_js__WEBPACK_IMPORTED_MODULE_10__/* .verdictHistory */ .e5)(input.repo, t.file, plan.head, input.tag));
    const [blocked] = await (0,_verdicts_js__WEBPACK_IMPORTED_MODULE_10__/* .blockedTags */ .Oh)(input.repo, { app: input.app, env, file: t.file, key: t.key, branch: t.branch }, plan.head, {
        tag: input.tag,
        history,
    });
    if (!blocked)
        return history;
    const into = env === input.env ? '' : ` (the precondition: ${env} must run it and not have failed it)`;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OperationError */ .OK(`refusing to promote ${input.app} ${input.tag} to ${input.env}${into}: ${(0,_verdicts_js__WEBPACK_IMPORTED_MODULE_10__/* .describeBlocked */ .G)(blocked, input.app, env)}`, 'promote a fixed tag, or pass --force to promote it anyway');
}
function marker(app, env, purpose = 'promote') {
    return `<!-- gitops-actions:${purpose} app=${app} env=${env} -->`;
}
function promotionBody(plan, input, diff) {
    const rows = [
        ['app', input.app],
        ['environment', input.env],
        ['from', `\`${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(plan.current)}\``],
        ['to', `\`${input.tag}\``],
        ['file', `\`${plan.target.file}\` (\`${plan.target.key}\`)`],
        ...(input.also ?? []).map((a) => [`\`${a.key}\``, `\`${a.value}\``]),
        ...(typeof input.digest === 'string' ? [['digest', `\`${input.digest}\``]] : []),
        ...(input.links?.source ? [['source', input.links.source]] : []),
        ...(input.links?.run ? [['CI run', input.links.run]] : []),
    ];
    const verb = input.purpose === 'rollback' ? 'Rolls back' : 'Promotes';
    return [
        `${verb} **${input.app}** in **${input.env}**: \`${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(plan.current)}\` → \`${input.tag}\``,
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
        '```diff',
        diff.trimEnd(),
        '```',
        '',
        marker(input.app, input.env, input.purpose),
    ].join('\n');
}
/** The verb's outputs under the shared kebab-case names (action outputs, GitLab dotenv). */
function promoteOutputs(r) {
    return {
        changed: String(r.changed),
        operation: r.operation,
        'commit-sha': r.commit ?? '',
        'previous-tag': r.previousTag ?? '',
        tag: r.tag,
        file: r.file,
        url: r.url ?? '',
        'pr-number': r.pullRequest ? String(r.pullRequest.number) : '',
        'pr-url': r.pullRequest?.url ?? '',
        branch: r.pullRequest?.branch ?? '',
    };
}
/** The DESIGN.md JSON result: {changed, commit, previousTag, tag, file, url?} and details. */
function promoteJson(r) {
    const { diff: _diff, ...rest } = r;
    return rest;
}
function promoteSummary(r) {
    const link = r.pullRequest
        ? `[#${r.pullRequest.number}](${r.pullRequest.url})`
        : r.commit
            ? r.url
                ? `[${r.commit.slice(0, 7)}](${r.url})`
                : r.commit.slice(0, 7)
            : '—';
    return [
        `### ${r.env}(${r.app}): ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(r.previousTag)} → ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(r.tag)}`,
        '',
        '| app | env | from | to | result | commit / PR |',
        '|---|---|---|---|---|---|',
        `| ${r.app} | ${r.env} | \`${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(r.previousTag)}\` | \`${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(r.tag)}\` | ${r.operation} | ${link} |`,
    ].join('\n');
}
function promoteHeadline(r) {
    const what = r.pullRequest ? `${r.operation} ${r.pullRequest.url}` : r.commit ? `${r.operation} ${r.commit}` : r.operation;
    return `${r.env}(${r.app}): ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .showTag */ .sN)(r.previousTag)} → ${r.tag}: ${what}`;
}


/***/ }),

/***/ 1543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MT: () => (/* binding */ parseTagOrder),
/* harmony export */   O6: () => (/* binding */ compareTagsBy),
/* harmony export */   w: () => (/* binding */ DEFAULT_TAG_ORDER)
/* harmony export */ });
/* unused harmony exports TAG_ORDERS, tagNumber, latestTag */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _tag_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(118);
/**
 * Tag ordering is a per-app policy, not always semver. Bitnami-style tags such as
 * `17.6.0-debian-12-r4` → `17.6.0-debian-12-r10` are an upgrade by build number, but semver
 * compares the pre-release `r10` < `r4` as text. The policies follow Flux ImagePolicy and Argo CD
 * Image Updater:
 *   semver        (default) `v1.2.3`, `1.2.3-rc.1`; other tags are not comparable
 *   numerical     the last run of digits, or the named group of an extract regex (`--tag-order-extract`)
 *   alphabetical  plain code-unit order (timestamps such as `2024-05-01T10-00`)
 *   none          never compared: any tag may follow any other
 * A comparison that cannot be made returns null; the caller decides what that means.
 */


const TAG_ORDERS = ['semver', 'numerical', 'alphabetical', 'none'];
const DEFAULT_TAG_ORDER = { order: 'semver' };
/** An extract regex longer than this is refused (it runs on every tag we compare). */
const MAX_EXTRACT_LENGTH = 512;
/** Validate `--tag-order` / `--tag-order-extract` (or gitops.yaml `tagOrder:`) into a policy. */
function parseTagOrder(order, extract, input = '--tag-order') {
    const name = (order ?? 'semver').trim().toLowerCase();
    if (!TAG_ORDERS.includes(name)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${input} ${JSON.stringify(order)} is not a tag order`, `use one of ${TAG_ORDERS.join(', ')}`);
    }
    if (extract === undefined || extract === '')
        return { order: name };
    if (name !== 'numerical') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`--tag-order-extract only applies to --tag-order numerical (got ${name})`, 'pass --tag-order numerical, or drop --tag-order-extract');
    }
    if (extract.length > MAX_EXTRACT_LENGTH) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`--tag-order-extract is longer than ${MAX_EXTRACT_LENGTH} characters`, 'use a shorter regular expression');
    }
    let re;
    try {
        re = new RegExp(extract);
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`--tag-order-extract ${JSON.stringify(extract)} is not a valid regular expression: ${err.message}`);
    }
    if (!/\(\?<[A-Za-z_$][\w$]*>/.test(extract)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`--tag-order-extract ${JSON.stringify(extract)} has no named group`, 'name the number to compare, e.g. ^build-(?<n>\\d+)$');
    }
    return { order: 'numerical', extract: re };
}
/** The number a tag carries under the numerical policy, or null when it has none. */
function tagNumber(tag, extract) {
    let digits;
    if (extract) {
        const groups = extract.exec(tag)?.groups;
        // The first named group that matched: one name is the documented form.
        digits = groups ? Object.values(groups).find((v) => v !== undefined) : undefined;
    }
    else {
        digits = /(\d+)(?!.*\d)/.exec(tag)?.[1];
    }
    // BigInt: build numbers and yyyymmddhhmmss timestamps may exceed 2^53.
    return digits !== undefined && /^\d+$/.test(digits) ? BigInt(digits) : null;
}
/** -1, 0, 1 under the policy; null when the two tags cannot be compared under it. */
function compareTagsBy(policy, a, b) {
    switch (policy.order) {
        case 'semver':
            return (0,_tag_js__WEBPACK_IMPORTED_MODULE_1__/* .compareTags */ .bb)(a, b);
        case 'numerical': {
            const na = tagNumber(a, policy.extract);
            const nb = tagNumber(b, policy.extract);
            if (na === null || nb === null)
                return null;
            return na < nb ? -1 : na > nb ? 1 : 0;
        }
        case 'alphabetical':
            return a < b ? -1 : a > b ? 1 : 0;
        case 'none':
            return null;
    }
}
/** The highest tag under the policy among those it can order (none for `none`). */
function latestTag(policy, tags) {
    let best;
    for (const t of tags) {
        if (compareTagsBy(policy, t, t) === null)
            continue; // not orderable under this policy
        if (best === undefined || compareTagsBy(policy, t, best) > 0)
            best = t;
    }
    return best;
}


/***/ }),

/***/ 118:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DD: () => (/* binding */ assertTag),
/* harmony export */   RQ: () => (/* binding */ tagVersion),
/* harmony export */   bb: () => (/* binding */ compareTags),
/* harmony export */   r_: () => (/* binding */ isValidTag)
/* harmony export */ });
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);
/**
 * Image tags: validation against the OCI distribution grammar and semver comparison
 * (for the downgrade guard). Tags like `v1.2.3`, `1.2.3`, `v1.3.0-rc.abc1234` compare as semver;
 * anything else (`dev-1a2b3c-1700000000`, `latest`) is not comparable.
 */


/** OCI distribution spec: `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`. */
const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** Whether `tag` is a valid image tag (OCI grammar): what rollback may put back from history. */
function isValidTag(tag) {
    return OCI_TAG.test(tag);
}
function assertTag(tag, input = '--tag', pattern) {
    if (!OCI_TAG.test(tag)) {
        const shown = JSON.stringify(tag.length > 60 ? `${tag.slice(0, 60)}…` : tag);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${input} ${shown} is not a valid image tag`, 'use letters, digits, _ . - only, at most 128 characters, not starting with . or -');
    }
    if (pattern !== undefined) {
        let re;
        try {
            re = new RegExp(pattern);
        }
        catch (err) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`--tag-pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${err.message}`);
        }
        if (!re.test(tag)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${input} ${tag} does not match --tag-pattern ${pattern}`, 'pass a tag of the expected form or change --tag-pattern');
        }
    }
    return tag;
}
/** Parsed semver of a tag (a leading `v` is allowed), or null when it is not semver. */
function tagVersion(tag) {
    return semver__WEBPACK_IMPORTED_MODULE_0___default().parse(tag.replace(/^v(?=\d)/, ''), { loose: false });
}
/** -1, 0, 1 when both tags are semver; null when they cannot be compared. */
function compareTags(a, b) {
    const va = tagVersion(a);
    const vb = tagVersion(b);
    if (!va || !vb)
        return null;
    return semver__WEBPACK_IMPORTED_MODULE_0___default().compare(va, vb);
}


/***/ })

};
