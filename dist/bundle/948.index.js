export const id = 948;
export const ids = [948];
export const modules = {

/***/ 2182:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  x: () => (/* binding */ runActionFace)
});

// UNUSED EXPORTS: actionWording

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./packages/core/src/interface/index.ts + 6 modules
var src_interface = __webpack_require__(1058);
;// CONCATENATED MODULE: ./actions/face/reporter.ts
/** The GitHub Actions Reporter: workflow commands through @actions/core. */

class ActionsReporter {
    summaries = [];
    info(message) {
        core/* info */.pq(message);
    }
    warn(message) {
        core/* warning */.$e(message);
    }
    debug(message) {
        core/* debug */.Yz(message);
    }
    group(title, fn) {
        return core/* group */.Os(title, fn);
    }
    summary(markdown) {
        this.summaries.push(markdown);
    }
    mask(secret) {
        if (secret)
            core/* setSecret */.Pq(secret);
    }
    /** Write the job summary (GITHUB_STEP_SUMMARY) once at the end. */
    async flush() {
        if (this.summaries.length === 0 || !process.env.GITHUB_STEP_SUMMARY)
            return;
        await core/* summary */.z.addRaw(this.summaries.join('\n\n'), true).write();
        this.summaries.length = 0;
    }
}

;// CONCATENATED MODULE: ./actions/face/run.ts
/**
 * Running a verb as a GitHub Action, from its face spec: inputs in (validated by the core's one
 * parser), outputs out, secrets masked first, one plain failure line (`core.setFailed`) instead of
 * a stack trace. A cancelled job (SIGINT/SIGTERM) kills git and removes temporary repos; the run
 * has a deadline; every output is cut to MAX_OUTPUT_FIELD.
 */



/** Environment variables that hold secrets; their values are masked before anything runs. */
const SECRET_ENV = ['GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TOKEN', 'CI_JOB_TOKEN', 'ARGOCD_AUTH_TOKEN', 'REGISTRY_PASSWORD'];
/** Secret inputs the core reads from the environment, as the ecosystem's own tools do. */
function secretEnv(name, forge) {
    if (name === 'token')
        return forge === 'gitlab' ? 'GITLAB_TOKEN' : 'GITHUB_TOKEN';
    return { 'argocd-token': 'ARGOCD_AUTH_TOKEN', 'registry-password': 'REGISTRY_PASSWORD', 'registry-username': 'REGISTRY_USERNAME' }[name];
}
/** `with:` values as the runner passes them (INPUT_<NAME>); an empty one is not given. Aliases too. */
function rawInputs(inputs, preset) {
    const raw = {};
    for (const [name, value] of Object.entries(preset))
        raw[name] = { value, from: 'action' };
    for (const input of inputs) {
        const value = [input.name, ...(input.aliases ?? [])].map((n) => core/* getInput */.V4(n)).find((v) => v !== '');
        if (value !== undefined)
            raw[input.name] = { value, from: 'action' };
    }
    return raw;
}
async function runActionFace(name) {
    (0,src_interface/* installSignalHandlers */.Xd)((signal) => core/* setFailed */.C1(`interrupted by ${signal}; stopping git and removing temporary files`));
    const face = src_interface/* ACTIONS */.kl.find((a) => a.name === name);
    const reporter = new ActionsReporter();
    const redactor = new src_interface/* Redactor */.pO();
    const inputs = (0,src_interface/* faceInputs */.n9)(face, 'action');
    try {
        const raw = rawInputs(inputs, face.preset ?? {});
        // Secrets first: masked before any line is printed, then handed to the core through the environment.
        for (const input of inputs.filter((i) => i.secret || secretEnv(i.name, raw.forge?.value))) {
            const value = raw[input.name]?.value;
            const variable = secretEnv(input.name, raw.forge?.value);
            if (value && variable)
                process.env[variable] = value;
            delete raw[input.name];
        }
        for (const variable of SECRET_ENV) {
            const v = process.env[variable];
            if (v) {
                core/* setSecret */.Pq(v);
                redactor.add(v);
            }
        }
        const values = (0,src_interface/* parseInputs */.TL)(inputs.filter((i) => !i.secret && !secretEnv(i.name, undefined)), raw, 'action');
        const runner = await src_interface/* RUNNERS */.Ir[face.verb.command]();
        core/* debug */.Yz(`running ${face.verb.command}`); // the first line of work (bench/startup.bench.ts times it)
        const deadlineMs = values.deadline ?? runner.deadlineMs?.(values) ?? src_interface/* DEFAULT_DEADLINE_MS */.u8;
        const outcome = await (0,src_interface/* withDeadline */.NE)(deadlineMs, name, () => runner.run(values, { env: process.env, reporter, face: 'action' }));
        const redact = (t) => redactor.redact(t);
        for (const [k, v] of Object.entries((0,src_interface/* capOutputs */.bs)(outcome.outputs, redact)))
            core/* setOutput */.uH(k, v);
        await reporter.flush();
        if (outcome.failure)
            core/* setFailed */.C1((0,src_interface/* truncate */.xv)(redactor.redact(outcome.failure), src_interface/* MAX_OUTPUT_FIELD */.O4));
    }
    catch (err) {
        await reporter.flush().catch(() => { });
        core/* setFailed */.C1((0,src_interface/* truncate */.xv)(redactor.redact(actionWording((0,src_interface/* messageOf */.bD)(err), inputs)), src_interface/* MAX_OUTPUT_FIELD */.O4));
        if (err instanceof src_interface/* DeadlineError */.j3) {
            // The verb is still running (a request, a git child): stop it, clean up, and leave.
            await (0,src_interface/* cleanUp */.nY)();
            process.exit(1);
        }
    }
}
/** The core words messages for the command line (`--tag`); an action's user knows the input `tag`. */
function actionWording(message, inputs) {
    const names = new Set(inputs.map((i) => i.name));
    return message.replace(/(?<![\w-])--([a-z][a-z0-9-]*)/g, (flag, n) => (names.has(n) ? `input ${n}` : flag));
}


/***/ }),

/***/ 5948:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _face_run_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2182);

await (0,_face_run_js__WEBPACK_IMPORTED_MODULE_0__/* .runActionFace */ .x)('promote');

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

};
