export const id = 642;
export const ids = [642];
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

/***/ 8301:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BE: () => (/* binding */ startGit),
/* harmony export */   EO: () => (/* binding */ runGit),
/* harmony export */   Iz: () => (/* binding */ spawnGit),
/* harmony export */   J: () => (/* binding */ firstMeaningfulLine),
/* harmony export */   RP: () => (/* binding */ notifyGitSpawn),
/* harmony export */   Xi: () => (/* binding */ stallConfig),
/* harmony export */   sq: () => (/* binding */ gitTimeoutMs)
/* harmony export */ });
/* unused harmony exports DEFAULT_GIT_TIMEOUT_MS, GitTimeoutError, subcommandOf, isNetworkCommand, onGitSpawn, GitProcessError, runGitBuffer */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9713);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _lifecycle_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8845);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2019);
/**
 * Run the git program: an argument array, never a shell; optional stdin; stdout back.
 * Failures become GitProcessError (a RemoteError, exit 1) whose message and stderr have gone
 * through the Redactor, so a token can never leak through an error.
 */





/** One git operation may take this long before the watchdog kills it (GITOPS_GIT_TIMEOUT_MS overrides). */
const DEFAULT_GIT_TIMEOUT_MS = 5 * 60_000;
const MAX_GIT_TIMEOUT_MS = 24 * 3_600_000;
/** The per-operation git timeout from GITOPS_GIT_TIMEOUT_MS (milliseconds), else the default. */
function gitTimeoutMs(env = process.env) {
    const raw = env.GITOPS_GIT_TIMEOUT_MS?.trim();
    if (!raw)
        return DEFAULT_GIT_TIMEOUT_MS;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !(n >= 1000 && n <= MAX_GIT_TIMEOUT_MS)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`GITOPS_GIT_TIMEOUT_MS ${JSON.stringify(raw)} is out of range`, 'use milliseconds from 1000 to 86400000, or unset it (default 300000)');
    }
    return n;
}
/**
 * Config entries that make git's HTTP transport (curl) give up on a stalled connection: below
 * 1000 bytes/s for the low-speed time (30 s, shorter when the whole operation may take less, so
 * curl's own "Operation too slow" usually names the problem before the watchdog kills git).
 */
function stallConfig(timeoutMs) {
    const seconds = Math.max(1, Math.min(30, Math.floor(timeoutMs / 2000)));
    return [
        ['http.lowSpeedLimit', '1000'],
        ['http.lowSpeedTime', String(seconds)],
    ];
}
/** git ran longer than its per-operation timeout and was killed. Exit 1. */
class GitTimeoutError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi {
    args;
    timeoutMs;
    constructor(args, timeoutMs, remote) {
        super(`git ${subcommandOf(args) ?? ''}${remote ? ` (${remote})` : ''} did not finish within ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(timeoutMs)}: the remote stopped answering`, 'check the URL, the network and any proxy; GITOPS_GIT_TIMEOUT_MS raises the limit');
        this.args = args;
        this.timeoutMs = timeoutMs;
    }
}
/** git subcommands that talk to the remote (one round trip each, for cost reporting). */
const NETWORK_COMMANDS = new Set(['fetch', 'push', 'ls-remote', 'clone']);
/** The git subcommand in an argv (skipping global options such as `-c k=v` and `-C dir`). */
function subcommandOf(args) {
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '-c' || a === '-C' || a === '--git-dir' || a === '--work-tree') {
            i++;
            continue;
        }
        if (a.startsWith('-'))
            continue;
        return a;
    }
    return undefined;
}
function isNetworkCommand(args) {
    return NETWORK_COMMANDS.has(subcommandOf(args) ?? '');
}
const listeners = new Set();
function onGitSpawn(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
}
/** Tell the observers about a git process started elsewhere (the long-lived cat-file reader). */
function notifyGitSpawn(args) {
    for (const l of listeners)
        l(args);
}
/** A git command failed. Message and stderr are redacted. */
class GitProcessError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi {
    args;
    code;
    stderr;
    stdout;
    constructor(args, code, 
    /** Redacted stderr. */
    stderr, 
    /** Redacted stdout (push --porcelain reports rejections there). */
    stdout) {
        super(`git ${subcommandOf(args) ?? ''} failed (exit ${code}): ${firstMeaningfulLine(stderr) || 'no output'}`);
        this.args = args;
        this.code = code;
        this.stderr = stderr;
        this.stdout = stdout;
    }
}
const PROGRESS = /^(remote: )?(Enumerating|Counting|Compressing|Receiving|Resolving|Total|Unpacking) /;
/** The most useful line of git's stderr: the first `fatal:`/`error:` line, else the first line. */
function firstMeaningfulLine(stderr) {
    // Progress (a head fetch asks for it: git-objects.ts) is no reason: drop it, \r-separated updates too.
    const lines = stderr
        .split(/\r?\n|\r/)
        .map((l) => l.trim())
        .filter((l) => l && !/^(hint:|warning: This repository uses promisor remotes)/.test(l) && !PROGRESS.test(l));
    return lines.find((l) => /^(fatal|error|ssh|remote: error|ERROR):?/i.test(l)) ?? lines[0] ?? '';
}
/**
 * Run git; resolve with stdout, stderr and exit code whatever the exit code is. Reject with
 * GitTimeoutError when the watchdog had to kill it. git runs as a process-group leader so the
 * watchdog and the signal cleanup (lifecycle.ts) also reach its remote helper.
 */
function spawnGit(args, opts = {}) {
    return startGit(args, opts).finish(opts.input);
}
/**
 * Start git now and feed it later: its start-up (5–15 ms on a busy machine) then overlaps a
 * network wait. Until finish() it does not keep Node alive, and has no watchdog (it only waits
 * for stdin; a run that never feeds it closes stdin, or exits and git sees EOF).
 */
function startGit(args, opts = {}) {
    notifyGitSpawn(args);
    const redactor = opts.redactor ?? new _report_js__WEBPACK_IMPORTED_MODULE_4__/* .Redactor */ .p();
    const timeoutMs = opts.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', [...args], {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        windowsHide: true,
    });
    (0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_3__/* .trackChild */ .yH)(child);
    let timedOut = false;
    let watchdog;
    let ended = false;
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => {
        err.push(c);
        opts.onStderr?.(c.toString('utf8'), () => (0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_3__/* .killTree */ .TP)(child));
    });
    child.stdin.on('error', () => { });
    const result = new Promise((resolve, reject) => {
        child.on('error', (e) => {
            ended = true;
            clearTimeout(watchdog);
            reject(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi(`cannot run git: ${redactor.redact(e.message)}`, 'install git 2.29 or later'));
        });
        child.on('close', (code, signal) => {
            ended = true;
            clearTimeout(watchdog);
            if (timedOut) {
                reject(new GitTimeoutError(args.map((a) => redactor.redact(a)), timeoutMs, opts.remote && redactor.redact(opts.remote)));
                return;
            }
            resolve({
                stdout: Buffer.concat(out),
                stderr: redactor.redact(Buffer.concat(err).toString('utf8')) + (signal ? `\nkilled by ${signal}` : ''),
                code: code ?? 128,
            });
        });
    });
    // Reported by finish(); a process never fed has nobody to report to.
    result.catch(() => { });
    const handles = [child, child.stdin, child.stdout, child.stderr];
    for (const h of handles)
        h.unref();
    let fed = false;
    return {
        get ready() {
            return !ended && !fed;
        },
        finish(input) {
            if (!fed) {
                fed = true;
                for (const h of handles)
                    h.ref();
                if (!ended) {
                    watchdog = setTimeout(() => {
                        timedOut = true;
                        (0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_3__/* .killTree */ .TP)(child);
                    }, timeoutMs);
                }
                child.stdin.end(input ?? '');
            }
            return result;
        },
    };
}
/** Run git and return stdout as a Buffer; throw GitProcessError on a non-zero exit. */
async function runGitBuffer(args, opts = {}) {
    const r = await spawnGit(args, opts);
    if (r.code !== 0) {
        const redactor = opts.redactor ?? new _report_js__WEBPACK_IMPORTED_MODULE_4__/* .Redactor */ .p();
        throw new GitProcessError(args.map((a) => redactor.redact(a)), r.code, r.stderr, redactor.redact(r.stdout.toString('utf8')));
    }
    return r.stdout;
}
/** Run git and return stdout as text; throw GitProcessError on a non-zero exit. */
async function runGit(args, opts = {}) {
    return (await runGitBuffer(args, opts)).toString('utf8');
}


/***/ }),

/***/ 642:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  releaseRunner: () => (/* binding */ releaseRunner)
});

// EXTERNAL MODULE: ./packages/core/src/ci-context.ts
var ci_context = __webpack_require__(1367);
// EXTERNAL MODULE: ./packages/core/src/envrepo/open.ts
var envrepo_open = __webpack_require__(9889);
// EXTERNAL MODULE: ./packages/core/src/config/index.ts + 6 modules
var src_config = __webpack_require__(7084);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/input-values.ts
var input_values = __webpack_require__(9496);
// EXTERNAL MODULE: ./packages/core/src/manifest/index.ts + 1 modules
var manifest = __webpack_require__(6274);
// EXTERNAL MODULE: ./packages/core/src/registry/reference.ts
var reference = __webpack_require__(908);
// EXTERNAL MODULE: ./packages/core/src/registry/retag.ts + 3 modules
var retag = __webpack_require__(1886);
// EXTERNAL MODULE: ./packages/core/src/report.ts
var report = __webpack_require__(2019);
// EXTERNAL MODULE: ./packages/core/src/version/history.ts
var version_history = __webpack_require__(7202);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
// EXTERNAL MODULE: ./packages/core/src/envrepo/git-process.ts
var git_process = __webpack_require__(8301);
// EXTERNAL MODULE: ./packages/core/src/version/conventional.ts
var conventional = __webpack_require__(7890);
// EXTERNAL MODULE: ./packages/core/src/version/tag.ts
var version_tag = __webpack_require__(118);
;// CONCATENATED MODULE: ./packages/core/src/version/release-notes.ts
/**
 * Release notes from Conventional Commits: the commits since the previous production tag,
 * grouped as breaking changes, features, fixes and the rest, one line each with its short SHA.
 * Read from the app repository's checkout (git, argument arrays), or given by the caller.
 */






/** Commits listed at most; a bigger range says how many more there were. */
const MAX_NOTE_COMMITS = 500;
/** GitHub refuses release bodies over 125 000 characters; stay well below. */
const MAX_NOTES_CHARS = 100_000;
const HEADER = /^(?<type>[A-Za-z]+)(?:\((?<scope>[^()\r\n]*)\))?(?<bang>!)?:[ \t]+(?<subject>.+)$/;
/** One commit as a notes line: `**scope:** subject (abc1234)`; non-conventional subjects as they are. */
function line(c) {
    const first = c.message.trimStart().split('\n')[0].trim();
    const h = HEADER.exec(first)?.groups;
    const subject = h ? h.subject.trim() : first;
    const scope = h?.scope ? `**${h.scope}:** ` : '';
    const text = `${scope}${subject} (${c.sha.slice(0, 7)})`;
    if ((0,conventional/* bumpOf */.uM)(c.message) === 'major')
        return { group: 'breaking', text };
    const type = h?.type?.toLowerCase();
    return { group: type === 'feat' ? 'features' : type === 'fix' ? 'fixes' : 'other', text };
}
function groupCommits(commits) {
    const groups = { breaking: [], features: [], fixes: [], other: [] };
    for (const c of commits) {
        // Merge commits repeat what they merge.
        if (/^Merge (branch|pull request|remote-tracking branch) /.test(c.message))
            continue;
        const { group, text } = line(c);
        groups[group].push(text);
    }
    return groups;
}
const TITLES = { breaking: 'Breaking changes', features: 'Features', fixes: 'Fixes', other: 'Other changes' };
function renderNotes(opts) {
    const parts = [opts.intro];
    for (const k of Object.keys(TITLES)) {
        if (opts.groups[k].length)
            parts.push(`### ${TITLES[k]}\n\n${opts.groups[k].map((t) => `- ${t}`).join('\n')}`);
    }
    if (opts.omitted)
        parts.push(`…and ${opts.omitted} earlier commit${opts.omitted === 1 ? '' : 's'}.`);
    const text = `${parts.join('\n\n')}\n`;
    return text.length > MAX_NOTES_CHARS ? `${text.slice(0, MAX_NOTES_CHARS)}\n\n…(cut)\n` : text;
}
/**
 * Commits reachable from `sha` since `previous` (the previous production tag). When that tag is
 * not in the checkout, the newest stable semver tag below `version` that is an ancestor of `sha`.
 */
async function commitsSince(dir, sha, previous, version, reporter = report/* silentReporter */.P) {
    const checkout = new version_history/* Checkout */.R(dir, reporter);
    const git = (args) => (0,git_process/* runGit */.EO)(['-C', dir, ...args], { timeoutMs: 30_000 });
    const tags = await checkout.tags();
    const ancestor = async (t) => {
        try {
            await git(['merge-base', '--is-ancestor', `refs/tags/${t}`, sha]);
            return true;
        }
        catch {
            return false;
        }
    };
    let since = null;
    if (previous && tags.includes(previous) && (await ancestor(previous)))
        since = previous;
    else {
        const target = (0,version_tag/* tagVersion */.RQ)(version);
        const stable = tags
            .map((t) => ({ t, v: (0,version_tag/* tagVersion */.RQ)(t) }))
            .filter((x) => !!x.v && x.v.prerelease.length === 0 && (!target || semver_default().lt(x.v, target)))
            .sort((a, b) => semver_default().rcompare(a.v, b.v));
        for (const { t } of stable) {
            if (await ancestor(t)) {
                since = t;
                break;
            }
        }
        if (previous && since !== previous)
            reporter.info(`${previous} is not a tag of ${dir}; notes start after ${since ?? 'the first commit'}`);
    }
    const range = since ? [`refs/tags/${since}..${sha}`] : [sha];
    const total = Number((await git(['rev-list', '--count', ...range])).trim());
    const out = await git(['log', `--max-count=${MAX_NOTE_COMMITS}`, '--format=%H%x1f%B%x1e', ...range]);
    const commits = out
        .split('\x1e')
        .map((rec) => rec.trim())
        .filter(Boolean)
        .map((rec) => {
        const [s, message = ''] = rec.split('\x1f');
        return { sha: s.trim(), message: message.trim() };
    });
    return { since, commits, omitted: Math.max(0, total - commits.length) };
}

// EXTERNAL MODULE: ./packages/core/src/verbs/plan.ts
var plan = __webpack_require__(8657);
// EXTERNAL MODULE: ./packages/core/src/verbs/promote.ts
var promote = __webpack_require__(2700);
// EXTERNAL MODULE: ./packages/core/src/verbs/verdicts.ts
var verdicts = __webpack_require__(4144);
;// CONCATENATED MODULE: ./packages/core/src/verbs/release.ts
/**
 * release: ship to production the exact image staging ran and verified.
 *   1. staging (prod's `from`) runs the tag, and a wait-healthy gate verified it there
 *      (commit status / git note `gitops/<app>/<staging>` = success on a commit that holds it);
 *   2. the image is retagged by digest to the release version and the moving `production-latest`
 *      (manifest only; from staging's digest when the file pins one);
 *   3. prod gets the version (and the digest, under --digest-key) by its mode, usually a PR/MR;
 *   4. a GitHub/GitLab release with notes: the conventional commits since the previous
 *      production tag, grouped.
 * `gitless`: steps 1 and 2 only (Flux follows `production-latest`). Every check and read happens
 * before the first write: a refusal writes nothing.
 */













const DEFAULT_MOVING = ['production-latest'];
/** v1.3.0-rc.abc1234 → v1.3.0 (the `v` kept as the tag has it); a stable tag is its own version. */
function releaseVersion(tag) {
    const v = (0,version_tag/* tagVersion */.RQ)(tag);
    if (!v) {
        throw new errors/* InputError */.dz(`--tag ${tag} is not a semantic version, so the release version cannot be derived from it`, 'pass --version, e.g. --version v1.3.0');
    }
    return `${tag.startsWith('v') ? 'v' : ''}${v.major}.${v.minor}.${v.patch}`;
}
/** The short SHA an rc or dev tag carries (`-rc.<sha7>`, `dev-<sha7>-<ts>`). */
function shaInTag(tag) {
    return /-rc\.([0-9a-f]{7,40})$/.exec(tag)?.[1] ?? /^dev-([0-9a-f]{7,40})-\d{14}$/.exec(tag)?.[1];
}
/**
 * The newest verification of `tag` in `env`: walk the branch head and the file's history, newest
 * first, while the file holds the tag; the first decisive record (success or failure) decides.
 */
async function findVerification(repo, head, app, target, tag, depth) {
    const context = (0,verdicts/* verificationContext */.de)(app, target.env);
    const history = await repo.history(target.file, head, depth);
    const commits = [head, ...history.map((h) => h.sha).filter((s) => s !== head)];
    for (const sha of commits) {
        const text = await repo.readFile(target.file, sha);
        let value;
        try {
            value = text === null ? undefined : (0,plan/* tagOf */.cO)((0,manifest/* readScalar */.$t)(text, target.key, target.file));
        }
        catch {
            value = undefined;
        }
        if (value !== tag) {
            if (sha === head)
                continue; // a later commit elsewhere (head) is checked, but is not the run of the tag
            break;
        }
        const record = (await repo.verifications(sha)).find((v) => v.context === context && v.state !== 'pending');
        if (record?.state === 'success')
            return { commit: sha, url: record.targetUrl };
        if (record?.state === 'failure')
            return { failed: sha };
    }
    return null;
}
async function release(input) {
    const reporter = input.reporter ?? report/* silentReporter */.P;
    const { repo, app, tag } = input;
    const env = input.env ?? 'prod';
    const gitless = input.gitless === true;
    const wantRelease = !gitless && input.createRelease !== false;
    // Inputs first: exit 2 before any request.
    (0,plan/* assertName */.I1)(app, '--app');
    (0,plan/* assertName */.I1)(env, '--env');
    if (input.fromEnv !== undefined)
        (0,plan/* assertName */.I1)(input.fromEnv, '--from-env');
    (0,version_tag/* assertTag */.DD)(tag, '--tag');
    const version = input.version !== undefined ? (0,version_tag/* assertTag */.DD)(input.version, '--version') : releaseVersion(tag);
    const moving = (input.moving ?? DEFAULT_MOVING).map((t) => (0,version_tag/* assertTag */.DD)(t, '--moving'));
    const depth = (0,input_values/* parseIntInRange */.fY)(input.depth ?? 30, '--depth', input_values/* LIMITS */.b1.depth.min, input_values/* LIMITS */.b1.depth.max);
    if (gitless && input.digestKey)
        throw new errors/* InputError */.dz('--digest-key means nothing with --gitless', 'drop one of them');
    // Staging: runs the tag, verified.
    const overrides = input.overrides ?? {};
    const head = await (0,plan/* requireHead */.EU)(repo, overrides.branch ?? 'main');
    const config = await (0,plan/* loadConfigAt */.Qi)(repo, head);
    const fromEnv = input.fromEnv ?? (0,src_config/* previousEnv */.tB)(config, app, env) ?? 'staging';
    const fromTarget = (0,src_config/* resolveTarget */.u1)(config, app, fromEnv, {});
    const fromHead = fromTarget.branch === (overrides.branch ?? 'main') ? head : await (0,plan/* requireHead */.EU)(repo, fromTarget.branch);
    const staging = await (0,plan/* readTag */.zW)(repo, fromHead, fromTarget);
    const running = staging.tag;
    if (running !== tag) {
        throw new errors/* OperationError */.OK(`refusing to release ${app} ${tag}: ${fromEnv} runs ${running ?? 'no tag'} (${fromTarget.file} ${fromTarget.key}), not ${tag}`, `promote ${tag} to ${fromEnv} and let wait-healthy verify it there first`);
    }
    const found = await findVerification(repo, fromHead, app, fromTarget, tag, depth);
    if (!found || 'failed' in found) {
        const why = found
            ? `its verification in ${fromEnv} failed (${(0,verdicts/* verificationContext */.de)(app, fromEnv)} on ${found.failed.slice(0, 7)})`
            : `${fromEnv} never verified it (no ${(0,verdicts/* verificationContext */.de)(app, fromEnv)} success on the commits that set it, ${depth} searched)`;
        throw new errors/* OperationError */.OK(`refusing to release ${app} ${tag}: ${why}`, `run wait-healthy for ${fromEnv} and release once it passes`);
    }
    reporter.info(`${fromEnv} runs ${tag}, verified at ${found.commit.slice(0, 7)}`);
    // Production: the target, the digest key, the mode, no downgrade.
    let prodTarget;
    let previousTag = null;
    // prod's key holds an image reference pinned by digest: it gets the shipped digest with the version.
    let prodPinned = false;
    if (!gitless) {
        const prodHead = await (0,plan/* requireHead */.EU)(repo, overrides.branch ?? 'main');
        prodTarget = (await (0,plan/* resolveAt */.ip)(repo, prodHead, app, env, overrides)).target;
        const prodBranchHead = prodTarget.branch === (overrides.branch ?? 'main') ? prodHead : await (0,plan/* requireHead */.EU)(repo, prodTarget.branch);
        const prod = await (0,plan/* readTag */.zW)(repo, prodBranchHead, prodTarget);
        previousTag = prod.tag;
        prodPinned = prod.ref?.digest !== undefined;
        if (input.digestKey)
            (0,manifest/* readScalar */.$t)(prod.text, input.digestKey, prodTarget.file); // the key must exist (exit 2)
        if (prodTarget.mode === 'pull-request' && !repo.changeRequests) {
            throw new errors/* InputError */.dz(`${env} is promoted by pull request, but ${repo.display} is a plain git remote`, 'pass --forge github or --forge gitlab (with --api-url)');
        }
        const cmp = previousTag === null ? null : (0,version_tag/* compareTags */.bb)(version, previousTag);
        if (cmp !== null && cmp < 0) {
            throw new errors/* OperationError */.OK(`${env} runs ${previousTag}, which is newer than ${version}; refusing to release an older version`, 'release a newer staging tag');
        }
    }
    const image = input.image ?? prodTarget?.image ?? fromTarget.image;
    if (!image)
        throw new errors/* InputError */.dz(`no image for ${app}`, `pass --image or add image: to apps.${app} in gitops.yaml`);
    // The digest staging pins, when its file has one: that exact image, whatever the tag says now.
    let from = staging.ref?.digest !== undefined && (0,reference/* isDigest */.Bc)(staging.ref.digest) ? staging.ref.digest : tag;
    if (input.digestKey) {
        const stagingText = (await repo.readFile(fromTarget.file, fromHead)) ?? '';
        let pinned;
        try {
            pinned = (0,manifest/* readScalar */.$t)(stagingText, input.digestKey, fromTarget.file).value;
        }
        catch {
            pinned = undefined;
        }
        if (pinned && (0,reference/* isDigest */.Bc)(pinned))
            from = pinned;
    }
    // The release: where, at which commit, with which notes — decided before writing.
    let releasePlan;
    if (wantRelease) {
        const target = input.releaseRepo;
        if (!target?.releases) {
            throw new errors/* InputError */.dz(target ? `${target.display} has no releases API (a plain git remote)` : 'no repository to create the release in', 'pass --release-repo OWNER/NAME (a GitHub or GitLab project), or --create-release false');
        }
        const existing = await target.releases.get(version);
        const checkout = input.dir !== undefined || input.sha === undefined || input.notes === undefined
            ? await openCheckout(input.dir ?? '.', input.dir !== undefined, reporter)
            : null;
        const sha = await releaseCommit(checkout, input.sha, tag);
        let notes = input.notes;
        if (notes === undefined) {
            const intro = `Ships \`${image}@{digest}\` — the image ${fromEnv} ran and verified as \`${tag}\`${previousTag ? `; production ran \`${previousTag}\` before` : ''}.`;
            if (checkout) {
                const range = await commitsSince(checkout.dir, sha, previousTag, version, reporter);
                notes = renderNotes({
                    intro: `${intro}\n\nChanges since ${range.since ?? 'the first commit'}:`,
                    groups: groupCommits(range.commits),
                    omitted: range.omitted,
                });
            }
            else
                notes = `${intro}\n`;
        }
        releasePlan = { repo: target, sha, existing, notes };
    }
    // Writes: registry, env repo, release.
    const r = await (0,retag/* retag */.s)({ image, from, to: [version, ...moving], moving, plainHttp: input.plainHttp, dryRun: input.dryRun, env: input.registryEnv, reporter });
    let promotion;
    if (!gitless) {
        promotion = await (0,promote/* promote */.pt)({
            repo,
            app,
            env,
            tag: version,
            overrides,
            skipPrecondition: true, // checked above, on the staging tag (prod gets the version)
            dryRun: input.dryRun,
            editAnchor: input.editAnchor,
            also: input.digestKey ? [{ key: input.digestKey, value: r.digest }] : undefined,
            ...(prodPinned ? { digest: r.digest } : {}),
            pullRequest: input.pullRequest,
            links: input.links,
            reporter,
        });
    }
    let rel;
    let notes;
    if (releasePlan) {
        notes = releasePlan.notes.replace('{digest}', r.digest);
        if (releasePlan.existing) {
            reporter.info(`release ${version} exists already: ${releasePlan.existing.url}`);
            rel = { tag: version, url: releasePlan.existing.url, operation: 'unchanged' };
        }
        else if (input.dryRun) {
            rel = { tag: version, url: '', operation: 'dry-run' };
        }
        else {
            const made = await releasePlan.repo.releases.create({ tag: version, target: releasePlan.sha, name: version, body: notes });
            reporter.info(`release ${version}: ${made.url}`);
            rel = { tag: version, url: made.url, operation: 'created' };
        }
    }
    const { diff: _diff, ...promotionJson } = promotion ?? { diff: '' };
    return {
        app,
        tag,
        version,
        image,
        digest: r.digest,
        tags: r.tags,
        fromEnv,
        verified: found,
        gitless,
        previousTag,
        changed: r.changed || promotion?.changed === true || rel?.operation === 'created',
        retag: { changes: r.changes, changed: r.changed },
        ...(promotion ? { promotion: promotionJson } : {}),
        ...(rel ? { release: rel } : {}),
        ...(notes ? { notes } : {}),
    };
}
async function openCheckout(dir, explicit, reporter) {
    const checkout = new version_history/* Checkout */.R(dir, reporter);
    try {
        await checkout.assertRepo();
    }
    catch (err) {
        if (explicit)
            throw err;
        reporter.warn(`${dir} is not a git checkout of the app; release notes list no commits`);
        return null;
    }
    await checkout.ensureHistory();
    return checkout;
}
/** The commit the release tag is made at: --sha, else the tag's own commit, else the SHA an rc/dev tag names. */
async function releaseCommit(checkout, sha, tag) {
    if (sha !== undefined)
        return checkout ? checkout.commit(sha, '--sha') : assertSha(sha);
    if (checkout) {
        if ((await checkout.tags()).includes(tag))
            return checkout.commit(`refs/tags/${tag}`, '--tag');
        const short = shaInTag(tag);
        if (short)
            return checkout.commit(short, `the commit of --tag ${tag}`);
    }
    throw new errors/* InputError */.dz(`cannot tell which commit ${tag} was built from`, 'pass --sha (the app commit), or run in the app checkout (--dir)');
}
function assertSha(sha) {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha))
        throw new errors/* InputError */.dz(`--sha ${sha} is not a full commit SHA`, 'pass the 40-character SHA');
    return sha;
}
/** Kebab-case outputs (action outputs, GitLab dotenv). */
function releaseOutputs(r) {
    return {
        version: r.version,
        digest: r.digest,
        tags: r.tags.join('\n'),
        'previous-tag': r.previousTag ?? '',
        changed: String(r.changed),
        'commit-sha': r.promotion?.commit ?? '',
        'pr-number': r.promotion?.pullRequest ? String(r.promotion.pullRequest.number) : '',
        'pr-url': r.promotion?.pullRequest?.url ?? '',
        'release-url': r.release?.url ?? '',
    };
}
function releaseSummary(r) {
    const pr = r.promotion?.pullRequest ? `[#${r.promotion.pullRequest.number}](${r.promotion.pullRequest.url})` : (r.promotion?.operation ?? '—');
    const rel = r.release?.url ? `[${r.version}](${r.release.url})` : (r.release?.operation ?? '—');
    return [
        `### release ${r.app} ${r.version}`,
        '',
        '| staging tag | version | digest | prod before | prod | release |',
        '|---|---|---|---|---|---|',
        `| \`${r.tag}\` | \`${r.version}\` | \`${r.digest}\` | \`${r.previousTag ?? '—'}\` | ${r.gitless ? 'gitless' : pr} | ${rel} |`,
    ].join('\n');
}

// EXTERNAL MODULE: ./packages/core/src/interface/outcome.ts
var outcome = __webpack_require__(7569);
// EXTERNAL MODULE: ./packages/core/src/interface/run/env-repo.ts
var env_repo = __webpack_require__(3802);
;// CONCATENATED MODULE: ./packages/core/src/interface/run/release.ts
/** release from its inputs: the env repo, and the app repository that gets the release. */





/** The repository of the release: release-repo, else the repository this CI runs for, on the env repo's forge. */
async function openReleaseRepo(v, ctx, envRepo) {
    const name = (0,outcome/* str */.gx)(v, 'releaseRepo') ?? (ctx.env.GITHUB_ACTIONS === 'true' ? ctx.env.GITHUB_REPOSITORY : ctx.env.CI_PROJECT_PATH);
    if (!name)
        return undefined;
    const sameForge = envRepo.forge !== 'git';
    return (0,envrepo_open/* openEnvRepo */.$)({
        envRepo: name,
        forge: sameForge ? envRepo.forge : undefined,
        apiUrl: sameForge ? (0,outcome/* str */.gx)(v, 'apiUrl') : undefined,
        tokenHosts: (0,outcome/* strs */.TD)(v, 'tokenHost'),
        env: ctx.env,
    });
}
const releaseRunner = {
    run: (v, ctx) => (0,env_repo/* withEnvRepo */.g)(v, ctx, async (repo) => {
        const gitless = (0,outcome/* bool */.lc)(v, 'gitless');
        const wantRelease = !gitless && (0,outcome/* bool */.lc)(v, 'createRelease');
        const releaseRepo = wantRelease ? await openReleaseRepo(v, ctx, repo) : undefined;
        try {
            const r = await release({
                repo,
                app: (0,outcome/* str */.gx)(v, 'app'),
                tag: (0,outcome/* str */.gx)(v, 'tag'),
                env: (0,outcome/* str */.gx)(v, 'env'),
                fromEnv: (0,outcome/* str */.gx)(v, 'fromEnv'),
                version: (0,outcome/* str */.gx)(v, 'version'),
                image: (0,outcome/* str */.gx)(v, 'image'),
                moving: (0,outcome/* strs */.TD)(v, 'moving') ?? [],
                gitless,
                digestKey: (0,outcome/* str */.gx)(v, 'digestKey'),
                overrides: (0,env_repo/* targetOverrides */.p)(v),
                editAnchor: (0,outcome/* bool */.lc)(v, 'editAnchor'),
                depth: (0,outcome/* num */.bu)(v, 'depth'),
                createRelease: wantRelease,
                releaseRepo,
                notes: (0,outcome/* str */.gx)(v, 'notes'),
                dir: (0,outcome/* str */.gx)(v, 'dir'),
                sha: (0,outcome/* str */.gx)(v, 'sha'),
                plainHttp: (0,outcome/* bool */.lc)(v, 'plainHttp'),
                dryRun: (0,outcome/* bool */.lc)(v, 'dryRun'),
                pullRequest: { labels: (0,outcome/* strs */.TD)(v, 'labels'), reviewers: (0,outcome/* strs */.TD)(v, 'reviewers') },
                links: (0,ci_context/* ciLinks */.w)(ctx.env),
                registryEnv: ctx.env,
                reporter: ctx.reporter,
            });
            ctx.reporter.summary(releaseSummary(r));
            const where = r.gitless ? 'gitless' : (r.promotion?.pullRequest?.url ?? r.promotion?.commit ?? r.promotion?.operation);
            return {
                json: r,
                human: `${r.app} ${r.tag} → ${r.version} (${r.digest}): ${where}${r.release?.url ? `; ${r.release.url}` : ''}`,
                outputs: releaseOutputs(r),
            };
        }
        finally {
            await releaseRepo?.close();
        }
    }),
};


/***/ }),

/***/ 7890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Eg: () => (/* binding */ FIRST_VERSION),
/* harmony export */   X: () => (/* binding */ bumpOfAll),
/* harmony export */   uM: () => (/* binding */ bumpOf),
/* harmony export */   yU: () => (/* binding */ nextVersion)
/* harmony export */ });
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Conventional Commits → the size of the next release: `feat` → minor; `fix` and every other
 * message → patch; `type!:` or a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer → major.
 */

const HEADER = /^(?<type>[A-Za-z]+)(?:\([^()\r\n]*\))?(?<bang>!)?:[ \t]/;
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE:[ \t]/m;
const RANK = { patch: 0, minor: 1, major: 2 };
function bumpOf(message) {
    const header = HEADER.exec(message.trimStart());
    if (header?.groups?.bang || BREAKING_FOOTER.test(message))
        return 'major';
    return header?.groups?.type?.toLowerCase() === 'feat' ? 'minor' : 'patch';
}
/** The largest bump among the messages; patch when there are none (an rc still follows the release). */
function bumpOfAll(messages) {
    let bump = 'patch';
    for (const m of messages) {
        const b = bumpOf(m);
        if (RANK[b] > RANK[bump])
            bump = b;
        if (bump === 'major')
            break;
    }
    return bump;
}
/** The version after `current` (pre-release parts dropped), as `x.y.z`. */
function nextVersion(current, bump) {
    const base = new (semver__WEBPACK_IMPORTED_MODULE_0___default().SemVer)(`${current.major}.${current.minor}.${current.patch}`);
    return base.inc(bump).version;
}
/** No stable tag yet: the first version. */
const FIRST_VERSION = '0.1.0';


/***/ }),

/***/ 7202:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ Checkout)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2019);
/* harmony import */ var _envrepo_git_process_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8301);
/**
 * Reading the app repo's checkout for the tag strategies: commits, tags and messages via git
 * (argument arrays, no shell). CI checkouts are shallow and often tagless (actions/checkout
 * fetch-depth 1, GitLab GIT_DEPTH 20): such a checkout first fetches its tags and the history
 * behind them (`git fetch --tags --unshallow`).
 */



const GIT_TIMEOUT_MS = 30_000;
const FETCH_TIMEOUT_MS = 5 * 60_000;
/** Commit messages read per range; a bigger range still gets the largest bump seen within it. */
const MAX_COMMITS = 20_000;
class Checkout {
    dir;
    reporter;
    env;
    constructor(dir, reporter = _report_js__WEBPACK_IMPORTED_MODULE_1__/* .silentReporter */ .P, env = process.env) {
        this.dir = dir;
        this.reporter = reporter;
        this.env = env;
    }
    git(args, timeoutMs = GIT_TIMEOUT_MS) {
        return (0,_envrepo_git_process_js__WEBPACK_IMPORTED_MODULE_2__/* .runGit */ .EO)(['-C', this.dir, ...args], { timeoutMs, env: { ...this.env, GIT_TERMINAL_PROMPT: '0' } });
    }
    /** Fail as an input error (exit 2) when dir is not a git work tree. */
    async assertRepo() {
        const r = await (0,_envrepo_git_process_js__WEBPACK_IMPORTED_MODULE_2__/* .spawnGit */ .Iz)(['-C', this.dir, 'rev-parse', '--is-inside-work-tree'], { timeoutMs: GIT_TIMEOUT_MS });
        if (r.code !== 0 || r.stdout.toString().trim() !== 'true') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`--dir ${this.dir} is not a git checkout`, 'run in the app repository checkout, or pass --dir');
        }
    }
    async isShallow() {
        return (await this.git(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
    }
    /** Shallow checkout: fetch tags and the full history from its remote, once. */
    async ensureHistory() {
        if (!(await this.isShallow()))
            return;
        const remotes = (await this.git(['remote'])).split('\n').filter(Boolean);
        const remote = remotes.includes('origin') ? 'origin' : remotes[0];
        if (!remote) {
            this.reporter.warn(`${this.dir} is a shallow clone without a remote; versions come from the history it has`);
            return;
        }
        await this.reporter.group(`fetching tags and history from ${remote} (shallow clone)`, async () => {
            await this.git(['fetch', '--quiet', '--tags', '--unshallow', '--no-recurse-submodules', remote], FETCH_TIMEOUT_MS);
        });
    }
    /** The full SHA of a commit; an input error naming `input` when it is not one here. */
    async commit(rev, input) {
        const r = await (0,_envrepo_git_process_js__WEBPACK_IMPORTED_MODULE_2__/* .spawnGit */ .Iz)(['-C', this.dir, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { timeoutMs: GIT_TIMEOUT_MS });
        const sha = r.stdout.toString().trim();
        if (r.code !== 0 || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${input} ${rev} is not a commit in ${this.dir}`, 'pass a commit SHA that the checkout contains');
        }
        return sha;
    }
    async tags() {
        return (await this.git(['tag', '--list'])).split('\n').filter(Boolean);
    }
    async tagsAt(sha) {
        return (await this.git(['tag', '--list', '--points-at', sha])).split('\n').filter(Boolean);
    }
    /** Messages of the commits reachable from `to` and not from tag `from` (all of `to` without one). */
    async messagesSince(from, to) {
        const range = from ? [`refs/tags/${from}..${to}`] : [to];
        const out = await this.git(['log', `--max-count=${MAX_COMMITS}`, '--format=%B%x00', ...range]);
        return out
            .split('\0')
            .map((m) => m.trim())
            .filter(Boolean);
    }
    async remoteUrl() {
        const r = await (0,_envrepo_git_process_js__WEBPACK_IMPORTED_MODULE_2__/* .spawnGit */ .Iz)(['-C', this.dir, 'remote', 'get-url', 'origin'], { timeoutMs: GIT_TIMEOUT_MS });
        return r.code === 0 ? r.stdout.toString().trim() || undefined : undefined;
    }
}


/***/ })

};
