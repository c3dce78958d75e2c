export const id = 79;
export const ids = [79];
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

/***/ 9079:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   promoteRunner: () => (/* binding */ promoteRunner)
/* harmony export */ });
/* harmony import */ var _ci_context_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1367);
/* harmony import */ var _verbs_promote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2700);
/* harmony import */ var _version_tag_order_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1543);
/* harmony import */ var _outcome_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7569);
/* harmony import */ var _env_repo_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3802);
/** promote from its inputs: the CLI verb, promote-dev and open-promotion-pr (a preset mode). */





const promoteRunner = {
    run: (v, ctx) => (0,_env_repo_js__WEBPACK_IMPORTED_MODULE_2__/* .withEnvRepo */ .g)(v, ctx, async (repo) => {
        const result = await (0,_verbs_promote_js__WEBPACK_IMPORTED_MODULE_0__/* .promote */ .pt)({
            repo,
            app: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'app'),
            env: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'env'),
            tag: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'tag'),
            digest: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'digest'),
            digestKey: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'digestKey'),
            overrides: (0,_env_repo_js__WEBPACK_IMPORTED_MODULE_2__/* .targetOverrides */ .p)(v),
            tagPattern: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'tagPattern'),
            allowDowngrade: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .bool */ .lc)(v, 'allowDowngrade'),
            tagOrder: (0,_version_tag_order_js__WEBPACK_IMPORTED_MODULE_1__/* .parseTagOrder */ .MT)((0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'tagOrder'), (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'tagOrderExtract')),
            skipPrecondition: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .bool */ .lc)(v, 'skipPrecondition'),
            force: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .bool */ .lc)(v, 'force'),
            editAnchor: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .bool */ .lc)(v, 'editAnchor'),
            dryRun: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .bool */ .lc)(v, 'dryRun'),
            templates: { commitMessage: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'commitMessage'), prBranch: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'branchName'), prTitle: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .str */ .gx)(v, 'title') },
            pullRequest: {
                labels: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .strs */ .TD)(v, 'labels'),
                reviewers: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .strs */ .TD)(v, 'reviewers'),
                assignees: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .strs */ .TD)(v, 'assignees'),
                draft: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .bool */ .lc)(v, 'draft'),
                autoMerge: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .bool */ .lc)(v, 'autoMerge'),
            },
            links: (0,_ci_context_js__WEBPACK_IMPORTED_MODULE_4__/* .ciLinks */ .w)(ctx.env),
            reporter: ctx.reporter,
        });
        if (result.operation === 'dry-run')
            ctx.reporter.info(result.diff || '(no change)');
        ctx.reporter.summary((0,_verbs_promote_js__WEBPACK_IMPORTED_MODULE_0__/* .promoteSummary */ .h0)(result));
        return { json: (0,_verbs_promote_js__WEBPACK_IMPORTED_MODULE_0__/* .promoteJson */ .xo)(result), human: (0,_verbs_promote_js__WEBPACK_IMPORTED_MODULE_0__/* .promoteHeadline */ .nM)(result), outputs: (0,_verbs_promote_js__WEBPACK_IMPORTED_MODULE_0__/* .promoteOutputs */ .zo)(result) };
    }),
};


/***/ })

};
