export const id = 49;
export const ids = [49];
export const modules = {

/***/ 2049:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _gitops_actions_core_interface__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1058);
/* harmony import */ var _program_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7451);


// Interrupted (Ctrl-C, a cancelled CI job): kill git, remove the temporary repo, exit 128+n.
(0,_gitops_actions_core_interface__WEBPACK_IMPORTED_MODULE_0__/* .installSignalHandlers */ .Xd)((signal) => {
    process.stderr.write(`error: interrupted by ${signal}; stopping git and removing temporary files\n`);
    if (process.argv.includes('--json'))
        process.stdout.write(`${JSON.stringify({ error: `interrupted by ${signal}`, exitCode: _gitops_actions_core_interface__WEBPACK_IMPORTED_MODULE_0__/* .SIGNAL_EXIT_CODES */ .td[signal] })}\n`);
});
await (0,_program_js__WEBPACK_IMPORTED_MODULE_1__/* .main */ .i)(process.argv);

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 7451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main)
});

// UNUSED EXPORTS: buildProgram

// EXTERNAL MODULE: ./packages/core/src/interface/index.ts + 6 modules
var src_interface = __webpack_require__(1058);
// EXTERNAL MODULE: ./node_modules/commander/esm.mjs
var esm = __webpack_require__(8179);
;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"0.1.0"};
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./packages/cli/src/output-file.ts
/**
 * Output files (`--dotenv`): checked before the verb runs, so an unwritable path is exit 2 with
 * nothing pushed, instead of exit 1 after a change has already landed (DESIGN.md principle 8).
 */


const WHY = {
    ENOENT: 'its directory does not exist',
    ENOTDIR: 'a parent is not a directory',
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENXIO: 'it is a pipe nobody reads',
};
/** Open `path` for appending (created if missing, then removed again); InputError naming `flag` if that fails. */
function assertWritable(path, flag) {
    const shown = JSON.stringify(path.length > 80 ? `${path.slice(0, 80)}…` : path);
    const cannot = (code) => new src_interface/* InputError */.dz(`${flag} ${shown} cannot be written: ${WHY[code] ?? code}`, 'pass a writable file path');
    if (path.trim() === '')
        throw new src_interface/* InputError */.dz(`${flag} is empty`, 'pass a file path, or leave the flag out');
    let existed;
    try {
        existed = true;
        if ((0,external_node_fs_.statSync)(path).isDirectory())
            throw cannot('EISDIR');
    }
    catch (err) {
        if (err instanceof src_interface/* InputError */.dz)
            throw err;
        existed = false;
    }
    let fd;
    try {
        // Non-blocking, so a FIFO without a reader fails (ENXIO) instead of hanging here.
        fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_APPEND | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_NONBLOCK, 0o644);
    }
    catch (err) {
        throw cannot(err.code ?? 'unknown error');
    }
    (0,external_node_fs_.closeSync)(fd);
    if (!existed)
        (0,external_node_fs_.rmSync)(path, { force: true });
}

;// CONCATENATED MODULE: ./packages/cli/src/reporter.ts
/**
 * The CLI's Reporter: logs go to stderr (stdout is for results), every line redacted.
 * Under GitLab CI groups become collapsible sections.
 */

/** Environment variables that hold secrets; their values never reach output. */
const SECRET_ENV = ['GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TOKEN', 'CI_JOB_TOKEN', 'ARGOCD_AUTH_TOKEN', 'REGISTRY_PASSWORD'];
class CliReporter {
    env;
    write;
    redactor = new src_interface/* Redactor */.pO();
    summaries = [];
    sections = 0;
    constructor(env = process.env, write = (t) => process.stderr.write(t)) {
        this.env = env;
        this.write = write;
        for (const name of SECRET_ENV)
            this.redactor.add(env[name]);
    }
    line(text) {
        this.write(`${this.redactor.redact(text)}\n`);
    }
    info(message) {
        this.line(message);
    }
    warn(message) {
        this.line(`warning: ${message}`);
    }
    debug(message) {
        if (this.env.GITOPS_DEBUG || this.env.RUNNER_DEBUG === '1' || this.env.CI_DEBUG_TRACE === 'true')
            this.line(`debug: ${message}`);
    }
    mask(secret) {
        this.redactor.add(secret);
    }
    summary(markdown) {
        this.summaries.push(markdown);
    }
    async group(title, fn) {
        const gitlab = this.env.GITLAB_CI === 'true';
        const name = `gitops_${++this.sections}`;
        const now = () => Math.floor(Date.now() / 1000);
        if (gitlab)
            this.write(`\x1b[0Ksection_start:${now()}:${name}[collapsed=true]\r\x1b[0K${this.redactor.redact(title)}\n`);
        else
            this.line(`── ${title}`);
        try {
            return await fn();
        }
        finally {
            if (gitlab)
                this.write(`\x1b[0Ksection_end:${now()}:${name}\r\x1b[0K\n`);
        }
    }
    /** Print the collected job summary at the end (a collapsible section on GitLab). */
    async flushSummary() {
        if (this.summaries.length === 0)
            return;
        const text = this.summaries.join('\n\n');
        this.summaries.length = 0;
        await this.group('summary', () => Promise.resolve(this.line(text)));
    }
}

;// CONCATENATED MODULE: ./packages/cli/src/run.ts
/**
 * Running one verb from the command line: results on stdout (`--json`: one JSON object),
 * outputs optionally as a dotenv file (GitLab `artifacts:reports:dotenv`), logs on stderr,
 * and the contract's exit codes: 0 ok, 1 operation failed, 2 invalid input.
 */




/** `commit-sha` → `GITOPS_OUT_COMMIT_SHA`: never an input's GITOPS_<NAME> (dotenv outranks job variables in GitLab). */
const dotenvName = src_interface/* outputEnvName */.Af;
function toDotenv(outputs) {
    return Object.entries(outputs)
        .map(([k, v]) => `${dotenvName(k)}=${v.replace(/\r?\n/g, ' ')}\n`)
        .join('');
}
async function runCommand(spec, values, env = process.env) {
    const reporter = new CliReporter(env);
    const json = values.json === true;
    const dotenv = values.dotenv;
    try {
        // Local checks come before the verb: a change that lands is then reported as landed.
        if (dotenv !== undefined)
            assertWritable(dotenv, '--dotenv');
        const runner = await src_interface/* RUNNERS */.Ir[spec.command]();
        const deadlineMs = values.deadline ?? runner.deadlineMs?.(values) ?? src_interface/* DEFAULT_DEADLINE_MS */.u8;
        const outcome = capOutcome(await (0,src_interface/* withDeadline */.NE)(deadlineMs, spec.command, () => runner.run(values, { env, reporter, face: 'cli' })), (t) => reporter.redactor.redact(t));
        await reporter.flushSummary();
        const r = reporter.redactor;
        if (dotenv) {
            try {
                (0,external_node_fs_.writeFileSync)(dotenv, r.redact(toDotenv(outcome.outputs)));
            }
            catch (err) {
                reporter.warn(`could not write --dotenv ${dotenv} (${(0,src_interface/* messageOf */.bD)(err)}); the result is on stdout`);
            }
        }
        process.stdout.write(r.redact(json ? `${JSON.stringify(outcome.json)}\n` : `${outcome.human}\n`));
        if (outcome.failure) {
            process.stderr.write(`error: ${r.redact(outcome.failure)}\n`);
            process.exitCode = 1;
        }
    }
    catch (err) {
        // Interrupted: the failure is ours (git was killed); the signal handler reports and exits.
        if ((0,src_interface/* interruptedBy */.kH)())
            return;
        await reporter.flushSummary();
        const code = (0,src_interface/* exitCodeOf */.FO)(err);
        const message = (0,src_interface/* truncate */.xv)(reporter.redactor.redact((0,src_interface/* messageOf */.bD)(err)), src_interface/* MAX_OUTPUT_FIELD */.O4);
        process.stderr.write(`error: ${message.split('\n')[0] ?? ''}\n`);
        if (env.GITOPS_DEBUG && err instanceof Error && err.stack)
            process.stderr.write(`${reporter.redactor.redact(err.stack)}\n`);
        if (json)
            process.stdout.write(`${JSON.stringify({ error: message, exitCode: code })}\n`);
        process.exitCode = code;
        if (err instanceof src_interface/* DeadlineError */.j3) {
            // The verb is still running (a request, a git child): stop it here, clean up, and leave.
            await (0,src_interface/* cleanUp */.nY)();
            process.exit(code);
        }
    }
}
/** Every field we echo (stdout, --json, --dotenv) redacted, then cut to MAX_OUTPUT_FIELD with a marker. */
function capOutcome(o, redact) {
    return {
        json: (0,src_interface/* capJson */.D1)(o.json, redact),
        human: (0,src_interface/* truncate */.xv)(redact(o.human), src_interface/* MAX_OUTPUT_FIELD */.O4),
        outputs: (0,src_interface/* capOutputs */.bs)(o.outputs, redact),
        ...(o.failure !== undefined ? { failure: (0,src_interface/* truncate */.xv)(redact(o.failure), src_interface/* MAX_OUTPUT_FIELD */.O4) } : {}),
    };
}

;// CONCATENATED MODULE: ./packages/cli/src/spec-command.ts
/**
 * A commander subcommand built from a verb's interface spec: one option per CLI input, each also
 * read from GITOPS_<NAME>. Commander only collects strings; types, ranges and required inputs are
 * checked by the core's parseInputs, so every face validates alike and messages name the flag
 * (or the variable) the value came from.
 */


function describe(input) {
    const extra = [];
    if (input.type === 'enum')
        extra.push(input.options.join('|'));
    if (input.default !== undefined && input.type !== 'boolean')
        extra.push(`default ${input.default}`);
    extra.push(`env ${(0,src_interface/* envName */.pD)(input.name)}`);
    return `${input.description} (${extra.join('; ')})`;
}
function spec_command_option(input) {
    if (input.type === 'boolean') {
        // A boolean that defaults to true is switched off with --no-<name>.
        const flags = input.default === 'true' ? `--no-${input.name}` : `--${input.name}`;
        return new esm/* Option */.c$(flags, describe(input));
    }
    return new esm/* Option */.c$(`--${input.name} ${input.placeholder ?? `<${input.type === 'list' ? 'list' : input.name}>`}`, describe(input));
}
/** Raw values: the command line first, then GITOPS_<NAME>; empty environment values count as not given. */
function rawInputs(inputs, flags, env) {
    const raw = {};
    for (const input of inputs) {
        const names = [input.name, ...(input.aliases ?? [])];
        const given = names.map((n) => flags[(0,src_interface/* camelName */.yp)(n)]).find((g) => g !== undefined);
        if (given !== undefined) {
            raw[input.name] = { value: typeof given === 'string' ? given : given === true ? 'true' : 'false', from: 'cli' };
            continue;
        }
        const fromEnv = names.map((n) => env[(0,src_interface/* envName */.pD)(n)]).find((e) => e !== undefined && e !== '');
        if (fromEnv !== undefined && fromEnv !== '')
            raw[input.name] = { value: fromEnv, from: 'env' };
    }
    return raw;
}
/** `gitops-actions <verb>` with the spec's CLI inputs; `run` gets the parsed, validated values. */
function specCommand(spec, run, env = process.env) {
    const cmd = new esm/* Command */.uB(spec.command).description(spec.summary);
    const inputs = (0,src_interface/* faceInputs */.n9)(spec, 'cli');
    for (const input of inputs) {
        // Not commander's envVar: it would set a boolean flag from any value ("False" too). rawInputs reads the environment.
        cmd.addOption(spec_command_option(input));
        for (const alias of input.aliases ?? [])
            cmd.addOption(spec_command_option({ ...input, name: alias, aliases: [] }).hideHelp());
    }
    return cmd.action(async (flags) => {
        // --no-x sets x=true by default in commander; only an explicit --no-x counts as given.
        for (const input of inputs) {
            if (input.type === 'boolean' && input.default === 'true' && flags[(0,src_interface/* camelName */.yp)(input.name)] === true)
                delete flags[(0,src_interface/* camelName */.yp)(input.name)];
        }
        await run((0,src_interface/* parseInputs */.TL)(inputs, rawInputs(inputs, flags, env), 'cli'));
    });
}

;// CONCATENATED MODULE: ./packages/cli/src/program.ts
/**
 * The `gitops-actions` command line: one subcommand per verb, built from the verb's interface
 * spec (DESIGN.md "Contracts"). Only the specs load at start; a verb's code loads when it runs.
 */





function buildProgram(env = process.env) {
    const program = new esm/* Command */.uB('gitops-actions')
        .description('GitOps promotion building blocks: build-tag, promote, wait-healthy, rollback, retag')
        .version(package_namespaceObject.rE)
        .showHelpAfterError(false)
        .exitOverride()
        .configureOutput({ outputError: (str, write) => write(`error: ${str.replace(/^error: /, '').trim()}\n`) });
    for (const spec of src_interface/* VERBS */.hU) {
        const cmd = specCommand(spec, (values) => runCommand(spec, values, env), env);
        cmd.exitOverride().configureOutput(program.configureOutput());
        program.addCommand(cmd);
    }
    return program;
}
/** Parse and run; flag errors exit 2 as the contract says (commander would use 1). */
async function main(argv) {
    const program = buildProgram();
    try {
        await program.parseAsync(argv);
    }
    catch (err) {
        if (err instanceof esm/* CommanderError */.b7) {
            process.exitCode = err.exitCode === 0 ? 0 : 2;
            return;
        }
        const code = (0,src_interface/* exitCodeOf */.FO)(err);
        process.stderr.write(`error: ${(0,src_interface/* messageOf */.bD)(err).split('\n')[0]}\n`);
        if (process.env.GITOPS_DEBUG && err instanceof Error && err.stack)
            process.stderr.write(`${err.stack}\n`);
        if (argv.includes('--json'))
            process.stdout.write(`${JSON.stringify({ error: (0,src_interface/* messageOf */.bD)(err), exitCode: code })}\n`);
        process.exitCode = code;
    }
}


/***/ })

};
