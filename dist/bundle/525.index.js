export const id = 525;
export const ids = [525];
export const modules = {

/***/ 9388:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pA: () => (/* binding */ AdaptiveBackoff),
/* harmony export */   rn: () => (/* binding */ ContentionMeter),
/* harmony export */   wk: () => (/* binding */ BranchMovedError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/**
 * Writing under contention: what an adapter tells the verb when the branch is busy, and how long
 * the verb waits before it looks again.
 *
 * A failed compare-and-swap costs a write request (GitHub counts those against its secondary
 * limits); looking at the branch costs none. So an adapter looks just before writing and writes
 * only when the branch is quiet. When it moved but none of the files the change was computed from
 * did (the per-file check GitLab's `last_commit_id` makes on the server), the change is still
 * right on the new head: the adapter says so with BranchMovedError (`keepPlan`) and the verb
 * waits and tries again with the same plan, reading nothing again.
 */

/** The branch is busy; `keepPlan`: none of our files moved, the edit still applies on the new head. */
class BranchMovedError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConflictError */ .fK {
    head;
    landed;
    keepPlan;
    seen;
    constructor(message, fix, 
    /** The head found just now. */
    head, 
    /** Commits that landed between our parent and that head, where the forge said. */
    landed, keepPlan, seen) {
        super(message, fix);
        this.head = head;
        this.landed = landed;
        this.keepPlan = keepPlan;
        this.seen = seen;
    }
}
/**
 * What an API client can see of others at no cost: GitHub's `x-ratelimit-used` counts every
 * request made with the same credential (an App installation, a PAT, a repository's
 * GITHUB_TOKEN), so the count moving by more than our own requests means other clients are at
 * work — during a release train, other promotions. And the latency of our own requests.
 */
class ContentionMeter {
    own = 0;
    maxUsed = -1;
    start = { used: -1, own: 0 };
    readMs;
    writeMs;
    /** One response (or error response) of ours, with its headers and how long it took. */
    observe(headers, ms, write) {
        if (write)
            this.writeMs = this.writeMs === undefined ? ms : 0.7 * this.writeMs + 0.3 * ms;
        else
            this.readMs = this.readMs === undefined ? ms : 0.7 * this.readMs + 0.3 * ms;
        const used = Number(headers?.['x-ratelimit-used']);
        const resource = headers?.['x-ratelimit-resource'];
        if (!Number.isFinite(used) || (resource !== undefined && resource !== 'core'))
            return;
        this.own++;
        if (this.start.used < 0)
            this.start = { used: used - 1, own: this.own - 1 };
        // A new rate-limit window starts the count again.
        if (used < this.maxUsed - 1000)
            this.start = { used: used - 1, own: this.own - 1 };
        this.maxUsed = Math.max(this.maxUsed, used);
    }
    /**
     * Clients at work since our first request, us included: the others did what we did meanwhile
     * (planned a promotion), so it is their requests over ours, plus one.
     */
    writersWhilePlanning() {
        if (this.start.used < 0)
            return 1;
        const ownSince = this.own - this.start.own;
        const foreign = Math.max(0, this.maxUsed - this.start.used - ownSince);
        return 1 + foreign / Math.max(1, ownSince);
    }
    /**
     * A look plus a write, at the latencies seen lately: how long a write of ours is exposed to
     * another's. Before our first write, a write is taken to cost four reads (it builds a tree and
     * a commit and moves a ref: on github.com a few hundred ms against tens for a read).
     */
    cycleMs() {
        if (this.readMs === undefined)
            return undefined;
        return this.readMs + (this.writeMs ?? 4 * this.readMs);
    }
}
/**
 * Full-jitter backoff whose unit is learned, not fixed: a look-and-write cycle against this
 * forge, as the adapter measured it (else how long our attempts took), times the writers still
 * to land — each gets SPREAD cycles of the window — doubled for every write we lost (the window
 * was too narrow for the crowd). A fast forge with two writers waits milliseconds; fifty writers
 * spread over some two hundred cycles, and most of them find the branch quiet when they look.
 */
/** Cycles of the window per writer: a look lands within a cycle of another's about 1 - e^(-2/SPREAD) of the time. */
const SPREAD = 4;
/** Longest window without a measured cycle (the earlier fixed policy's cap). */
const NO_MEASURE_CAP_MS = 5000;
class AdaptiveBackoff {
    policy;
    random;
    attemptMs;
    losses = 0;
    constructor(policy, random = Math.random) {
        this.policy = policy;
        this.random = random;
    }
    /** One attempt took `ms` (plan or look, and write). */
    observe(ms) {
        this.attemptMs = this.attemptMs === undefined ? ms : 0.7 * this.attemptMs + 0.3 * ms;
    }
    /** The wait before the next look. */
    next(seen) {
        if (!seen || seen.lost)
            this.losses++;
        if (!seen?.cycleMs) {
            // Nothing measured by the adapter: plain exponential full jitter from minTimeout, as short
            // waits as the branch allows (an attempt's own duration includes re-planning, so it is no unit).
            // With the plan kept (BranchMovedError), the re-read we skip would have spaced the tries
            // apart: wait that long instead (measured with 20 git writers: re-trying sooner collided more).
            const window = this.policy.minTimeout * 2 ** Math.min(this.losses, 10) * Math.max(seen?.writers ?? 1, 1) + (seen ? (this.attemptMs ?? 0) : 0);
            return Math.round(this.random() * Math.min(this.policy.maxTimeout, NO_MEASURE_CAP_MS, window));
        }
        const window = seen.cycleMs * SPREAD * Math.max(seen.writers, 1) * 2 ** Math.min(this.losses, 6);
        return Math.round(this.random() * Math.min(this.policy.maxTimeout, Math.max(this.policy.minTimeout / 4, window)));
    }
}


/***/ }),

/***/ 6167:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JG: () => (/* binding */ decodeFile),
/* harmony export */   aG: () => (/* binding */ specialFileError),
/* harmony export */   cz: () => (/* binding */ checkFileSize),
/* harmony export */   uk: () => (/* binding */ refuseSpecialParent)
/* harmony export */ });
/* unused harmony export MAX_FILE_BYTES */
/* harmony import */ var node_buffer__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4573);
/* harmony import */ var node_buffer__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_buffer__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);
/* harmony import */ var _manifest_limits_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(899);
/**
 * What EnvRepo.readFile may hand to the manifest editor: text that round-trips byte for byte.
 *
 * An edit writes back a JS string encoded as UTF-8, so a file that is not valid UTF-8 would come
 * back with U+FFFD where its odd bytes were (a silent change far from the edited scalar). Such a
 * file is refused instead of spliced as raw bytes: YAML itself must be Unicode, and the consumers
 * (go-yaml in Helm, kustomize, Argo CD, Flux) reject invalid UTF-8 too, so there is nothing to keep
 * that works. The BOM is kept (ignoreBOM), as the editor preserves it.
 *
 * Symlinks and submodules are refused, never read through or replaced: following a link would
 * edit another file (maybe another environment's), and writing over it would turn the link into
 * a regular file.
 */



/** Largest file readFile hands out (the YAML limit: every file read is a manifest or gitops.yaml). */
const MAX_FILE_BYTES = _manifest_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_YAML_BYTES */ .jl;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function megabytes(bytes) {
    return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
/** Refuses a file over MAX_FILE_BYTES (before its content is fetched, where the size is known first). */
function checkFileSize(size, path, where) {
    if (size > MAX_FILE_BYTES) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${path} in ${where} is ${megabytes(size)} (${size} bytes), over the ${megabytes(MAX_FILE_BYTES)} limit for a file gitops-actions edits`, 'split it into smaller files (one per app or environment)');
    }
}
/** The 1-based line holding the first byte sequence that is not UTF-8 (lines split at LF, which UTF-8 never uses inside a character). */
function firstBadLine(bytes) {
    let line = 1;
    let start = 0;
    for (;;) {
        const nl = bytes.indexOf(10, start);
        const end = nl < 0 ? bytes.length : nl;
        if (!(0,node_buffer__WEBPACK_IMPORTED_MODULE_0__.isUtf8)(bytes.subarray(start, end)))
            return line;
        if (nl < 0)
            return line;
        line += 1;
        start = nl + 1;
    }
}
/** The file's text, exactly as stored; InputError when it is too large or not UTF-8. */
function decodeFile(bytes, path, where) {
    checkFileSize(bytes.length, path, where);
    try {
        return decoder.decode(bytes);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${path} in ${where} is not UTF-8 text (line ${firstBadLine(bytes)} holds bytes that are not UTF-8)`, 'convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8); an edit would otherwise not keep those bytes');
    }
}
/**
 * For a path the forge says does not exist: walks its parent directories from the top and throws
 * the refusal when one is a symlink or a submodule (the forge's 404 would otherwise read as "no
 * such file"). Runs only on that failure path; stops at the first missing directory.
 */
async function refuseSpecialParent(path, where, kindOf) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i += 1) {
        const dir = parts.slice(0, i).join('/');
        const kind = await kindOf(dir);
        if (kind === 'symlink' || kind === 'submodule')
            throw specialFileError(path, where, kind, dir);
        if (kind !== 'dir')
            return;
    }
}
/**
 * The refusal for a path that is (or lies inside) a symlink or a submodule. `at` is the part of
 * the path that is one, when it is a parent directory.
 */
function specialFileError(path, where, kind, at = path) {
    const what = kind === 'symlink' ? 'a symbolic link' : 'a git submodule';
    const subject = at === path ? `${path} in ${where} is ${what}` : `${path} in ${where} lies inside ${at}, which is ${what}`;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${subject}; gitops-actions edits regular files only and never follows or replaces ${kind === 'symlink' ? 'links' : 'submodules'}`, kind === 'symlink'
        ? 'point --file (or file: in gitops.yaml) at the file the link points to'
        : "promote in the submodule's own repository (its env repo), or point --file at a file of this repository");
}


/***/ }),

/***/ 8301:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CO: () => (/* binding */ runGitBuffer),
/* harmony export */   EO: () => (/* binding */ runGit),
/* harmony export */   Iz: () => (/* binding */ spawnGit),
/* harmony export */   J: () => (/* binding */ firstMeaningfulLine),
/* harmony export */   Xi: () => (/* binding */ stallConfig),
/* harmony export */   sq: () => (/* binding */ gitTimeoutMs)
/* harmony export */ });
/* unused harmony exports DEFAULT_GIT_TIMEOUT_MS, GitTimeoutError, subcommandOf, isNetworkCommand, onGitSpawn, GitProcessError */
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
/** The most useful line of git's stderr: the first `fatal:`/`error:` line, else the first line. */
function firstMeaningfulLine(stderr) {
    const lines = stderr
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !/^(hint:|warning: This repository uses promisor remotes)/.test(l));
    return lines.find((l) => /^(fatal|error|ssh|remote: error|ERROR):?/i.test(l)) ?? lines[0] ?? '';
}
/**
 * Run git; resolve with stdout, stderr and exit code whatever the exit code is. Reject with
 * GitTimeoutError when the watchdog had to kill it. git runs as a process-group leader so the
 * watchdog and the signal cleanup (lifecycle.ts) also reach its remote helper.
 */
function spawnGit(args, opts = {}) {
    for (const l of listeners)
        l(args);
    const redactor = opts.redactor ?? new _report_js__WEBPACK_IMPORTED_MODULE_4__/* .Redactor */ .p();
    const timeoutMs = opts.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', [...args], {
            cwd: opts.cwd,
            env: opts.env ?? process.env,
            stdio: ['pipe', 'pipe', 'pipe'],
            detached: true,
            windowsHide: true,
        });
        (0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_3__/* .trackChild */ .yH)(child);
        let timedOut = false;
        const watchdog = setTimeout(() => {
            timedOut = true;
            (0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_3__/* .killTree */ .TP)(child);
        }, timeoutMs);
        const out = [];
        const err = [];
        child.stdout.on('data', (c) => out.push(c));
        child.stderr.on('data', (c) => err.push(c));
        child.stdin.on('error', () => { });
        child.on('error', (e) => {
            clearTimeout(watchdog);
            reject(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RemoteError */ .Hi(`cannot run git: ${redactor.redact(e.message)}`, 'install git 2.29 or later'));
        });
        child.on('close', (code, signal) => {
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
        child.stdin.end(opts.input ?? '');
    });
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

/***/ 5525:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GitEnvRepo: () => (/* binding */ GitEnvRepo)
});

// UNUSED EXPORTS: DEFAULT_AUTHOR, NOTES_REF, mergeNote, parseNote

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/envrepo/contention.ts
var contention = __webpack_require__(9388);
// EXTERNAL MODULE: ./packages/core/src/report.ts
var report = __webpack_require__(2019);
// EXTERNAL MODULE: ./packages/core/src/envrepo/repo-ref.ts
var repo_ref = __webpack_require__(5845);
;// CONCATENATED MODULE: ./packages/core/src/envrepo/git-credentials.ts
/** The remote itself is parsed in repo-ref.ts (with everything else --env-repo can name). */

/** The Authorization header value for a remote, or undefined when it carries no token. */
function authHeader(remote) {
    if (!remote.token || remote.kind !== 'http')
        return undefined;
    return `Basic ${Buffer.from(`${remote.username}:${remote.token}`).toString('base64')}`;
}
/**
 * Config entries (key, value) that make git authenticate to this remote with our token. Without
 * a token nothing is set, so git's own credential helpers (e.g. a checkout's persisted
 * credentials) still work; GIT_TERMINAL_PROMPT=0 keeps git from asking anyone either way.
 */
function authConfig(remote) {
    const entries = [];
    const header = authHeader(remote);
    if (header && remote.origin) {
        // With our token, stored credentials must not "fix" a wrong one (nor be written to).
        entries.push(['credential.helper', ''], ['core.askPass', '']);
        // An empty value resets inherited extra headers (e.g. a stale one from the CI's config).
        entries.push([`http.${remote.origin}.extraHeader`, '']);
        entries.push([`http.${remote.origin}.extraHeader`, `Authorization: ${header}`]);
        // With followRedirects=initial git re-targets every later request of the session at the
        // redirect's host and still adds our extraHeader there: no redirects while we hold a token.
        entries.push(['http.followRedirects', 'false']);
    }
    return entries;
}
/** Variables git must not inherit from the caller (we may run inside a hook or another repo). */
const INHERITED_GIT_VARS = [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_NAMESPACE',
    'GIT_PREFIX',
    'GIT_COMMON_DIR',
    'GIT_QUARANTINE_PATH',
    'GIT_SHALLOW_FILE',
    'GIT_REPLACE_REF_BASE',
    'GIT_NO_REPLACE_OBJECTS',
];
/**
 * The environment for a git process: the caller's, minus repository-selecting variables,
 * plus no prompts, the C locale (we parse messages) and `config` appended after any
 * GIT_CONFIG_COUNT entries the caller already had.
 */
function gitEnv(config, base = process.env) {
    const env = { ...base };
    for (const k of INHERITED_GIT_VARS)
        delete env[k];
    env.GIT_TERMINAL_PROMPT = '0';
    env.GIT_ASKPASS = '';
    env.SSH_ASKPASS = '';
    env.GCM_INTERACTIVE = 'never';
    env.LC_ALL = 'C';
    env.LANG = 'C';
    env.LANGUAGE = 'C';
    let n = Number.parseInt(base.GIT_CONFIG_COUNT ?? '0', 10);
    if (!Number.isInteger(n) || n < 0)
        n = 0;
    for (const [k, v] of config) {
        env[`GIT_CONFIG_KEY_${n}`] = k;
        env[`GIT_CONFIG_VALUE_${n}`] = v;
        n++;
    }
    env.GIT_CONFIG_COUNT = String(n);
    return env;
}

// EXTERNAL MODULE: ./packages/core/src/envrepo/git-process.ts
var git_process = __webpack_require__(8301);
// EXTERNAL MODULE: ./packages/core/src/lifecycle.ts
var lifecycle = __webpack_require__(8845);
// EXTERNAL MODULE: ./packages/core/src/envrepo/file-content.ts
var file_content = __webpack_require__(6167);
;// CONCATENATED MODULE: ./packages/core/src/envrepo/git-failures.ts
/**
 * What a failed git network command (fetch, push) means for the person running us: the token was
 * refused, the repository is not there, the remote is unreachable, or something else — each as a
 * RemoteError with the fix. stderr is redacted before anything is read from it.
 */


/** Classify a failed network command: auth, not found, unreachable, or other. */
function remoteFailure(remote, redactor, stderr, what) {
    const text = redactor.redact(stderr);
    const detail = (0,git_process/* firstMeaningfulLine */.J)(text);
    const repo = remote.display;
    const tokenHint = tokenFix(remote);
    if (/returned error: 403|HTTP Basic: Access denied|403 Forbidden|Permission to .* denied|write access .* not granted|read-only/i.test(text) &&
        what.startsWith('push')) {
        return new errors/* RemoteError */.Hi(`the token may not push to ${repo} (${detail})`, 'use a token with write access (GitHub contents: write, GitLab write_repository)', {
            status: 403,
        });
    }
    if (/Authentication failed|could not read (Username|Password)|terminal prompts disabled|HTTP Basic: Access denied|returned error: 40[13]|Invalid username or password|Permission denied \(publickey|Host key verification failed|invalid credentials|Bad credentials/i.test(text)) {
        return new errors/* RemoteError */.Hi(`authentication to ${repo} failed (${detail})`, tokenHint, { status: /403/.test(text) ? 403 : 401 });
    }
    if (/repository .*not found|Repository not found|does not appear to be a git repository|returned error: 404|project you were looking for could not be found|not a git repository|No such file or directory/i.test(text)) {
        const fix = remote.kind === 'local' || remote.kind === 'file'
            ? 'check --env-repo: there is no git repository at that path'
            : 'check --env-repo; a private repository also answers "not found" without a valid token';
        return new errors/* RemoteError */.Hi(`repository ${repo} not found (${detail})`, fix, { status: 404 });
    }
    if (/returned error: 30[1278]\b/.test(text) && remote.token) {
        return new errors/* RemoteError */.Hi(`${repo} redirected elsewhere (${detail})`, 'pass the URL it redirects to: with a token, git follows no redirects (a token never goes to another host)');
    }
    if (/Could not resolve host|Failed to connect|Connection refused|Couldn't connect|timed out|Connection reset|Network is unreachable|Empty reply|unable to access|Could not read from remote|hung up|early EOF|SSL|certificate/i.test(text)) {
        return new errors/* RemoteError */.Hi(`cannot reach ${repo} (${detail})`, 'check the URL, the network and any proxy settings');
    }
    return new errors/* RemoteError */.Hi(`git ${what} failed for ${repo}: ${detail || 'no output'}`);
}
/** A failed fetch of a commit by SHA: the remote does not have it, or a remote failure. */
function commitFetchFailure(remote, redactor, sha, stderr) {
    if (/not our ref|no such remote ref|unadvertised object|not a valid object/i.test(stderr)) {
        return new errors/* RemoteError */.Hi(`commit ${sha} not found in ${remote.display}`, 'check the commit SHA and that it was pushed to this repository');
    }
    return remoteFailure(remote, redactor, stderr, `fetch commit ${sha.slice(0, 12)}`);
}
/** The fix for a refused credential: which token (or key) to check, and what was sent. */
function tokenFix(remote) {
    if (remote.kind === 'ssh')
        return 'check that the SSH key (ssh-agent, GIT_SSH_COMMAND) has access to the repository';
    if (remote.kind !== 'http')
        return 'check the path and its permissions';
    const host = remote.origin ?? '';
    const which = /gitlab/i.test(host) ? 'GITLAB_TOKEN or CI_JOB_TOKEN' : /github/i.test(host) ? 'GITHUB_TOKEN' : 'GITHUB_TOKEN, GITLAB_TOKEN or CI_JOB_TOKEN';
    const fix = remote.token
        ? `the token was refused: check that ${which} is valid and can access the repository`
        : `set ${which} to a token that can access the repository`;
    return remote.credentialNote ? `${remote.credentialNote}; ${fix}` : fix;
}

;// CONCATENATED MODULE: ./packages/core/src/envrepo/git-objects.ts
/**
 * The object store behind GitEnvRepo: a bare, shallow, treeless partial clone
 * (`--depth 1 --filter=tree:0`) in a temporary directory, and the plumbing that reads and writes it.
 *
 * Fetch only what is needed. Every object beyond the commits is fetched explicitly by id (one
 * round trip per tree level of the path we touch), never by git's own lazy fetch, which would ask
 * for *every* tree below the missing one (`--filter=blob:none`). Local commands run with
 * `protocol.allow=never` so an unexpected lazy fetch fails loudly instead of silently
 * downloading the repository.
 *
 * Writes are plumbing only: `hash-object -w --stdin` for blobs, `ls-tree`/`mktree --missing` for
 * the trees along the changed paths, `commit-tree -p <parent>` with the message on stdin.
 */






const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const SYMLINK_MODE = '120000';
const FILTER_IGNORED = /filtering not recognized by server/i;
const MISSING_REF = /couldn't find remote ref/i;
class GitObjectStore {
    o;
    fetches = 0;
    /** Objects known to be in the local object store (cache; refreshed from disk on a miss). */
    present = new Set();
    filterWarned = false;
    /** Set when a fetch may have brought objects we did not ask for by id (refresh `present` on a miss). */
    unknownArrivals = true;
    constructor(o) {
        this.o = o;
    }
    /** fetch invocations so far (git's round trips). */
    get fetchCount() {
        return this.fetches;
    }
    // ---------------------------------------------------------------- fetching
    /** git fetch from origin, partial (tree:0); resolves whatever the exit code. */
    async fetch(options, refspecs, input, filter = 'tree:0') {
        const args = [
            ...(input !== undefined ? ['-c', 'fetch.negotiationAlgorithm=noop'] : []),
            'fetch',
            '--quiet',
            '--no-tags',
            '--no-write-fetch-head',
            '--recurse-submodules=no',
            `--filter=${filter}`,
            ...options,
            ...(input !== undefined ? ['--stdin'] : []),
            'origin',
            ...refspecs,
        ];
        this.fetches++;
        const r = await (0,git_process/* spawnGit */.Iz)(args, {
            cwd: this.o.gitDir,
            env: this.o.netEnv,
            input,
            redactor: this.o.redactor,
            timeoutMs: this.o.timeoutMs,
            remote: this.o.remote.display,
        });
        const filterIgnored = FILTER_IGNORED.test(r.stderr);
        // A fetch by object id (input) brings exactly those objects unless the filter was ignored.
        if (input === undefined || filterIgnored)
            this.unknownArrivals = true;
        if (!this.filterWarned && filterIgnored) {
            this.filterWarned = true;
            this.o.reporter.warn(`${this.o.remote.display} does not support partial clone (uploadpack.allowFilter): fetching whole trees, which is slower on large repositories`);
        }
        return r;
    }
    /** The RemoteError for a failed network command (see git-failures.ts). */
    failure(stderr, what) {
        return remoteFailure(this.o.remote, this.o.redactor, stderr, what);
    }
    /** The RemoteError for a failed fetch of a commit by SHA. */
    commitFailure(sha, stderr) {
        return commitFetchFailure(this.o.remote, this.o.redactor, sha, stderr);
    }
    async fetchOrThrow(options, refspecs, what, input) {
        const r = await this.fetch(options, refspecs, input);
        if (r.code !== 0)
            throw this.failure(r.stderr, what);
    }
    /**
     * Fetch a ref's tip (depth 1) into the same local name; null when the remote lacks it.
     * `tree:1` also brings the root tree (one round trip less for the notes ref).
     */
    async fetchRef(ref, local = ref, filter = 'tree:0') {
        const r = await this.fetch(['--depth=1'], [`+${ref}:${local}`], undefined, filter);
        if (r.code !== 0) {
            if (MISSING_REF.test(r.stderr)) {
                await (0,git_process/* spawnGit */.Iz)(['update-ref', '-d', local], { cwd: this.o.gitDir, env: this.o.localEnv });
                return null;
            }
            throw this.failure(r.stderr, `fetch ${ref}`);
        }
        const sha = (await this.local(['rev-parse', '--verify', '--end-of-options', `${local}^{commit}`])).trim();
        this.present.add(sha);
        return sha;
    }
    async ensureCommit(sha) {
        if (this.present.has(sha))
            return;
        if (this.unknownArrivals)
            await this.refreshPresent();
        if (this.present.has(sha))
            return;
        const r = await this.fetch(['--depth=1'], [sha]);
        if (r.code !== 0)
            throw this.commitFailure(sha, r.stderr);
        this.present.add(sha);
    }
    /** Make sure objects are local, fetching the missing ones by id in one round trip. */
    async ensureObjects(oids) {
        let missing = [...new Set(oids)].filter((o) => !this.present.has(o));
        if (missing.length === 0)
            return;
        if (this.unknownArrivals) {
            await this.refreshPresent();
            missing = missing.filter((o) => !this.present.has(o));
        }
        if (missing.length === 0)
            return;
        await this.fetchOrThrow([], [], 'fetch objects', missing.join('\n') + '\n');
        for (const o of missing)
            this.present.add(o);
    }
    async refreshPresent() {
        this.unknownArrivals = false;
        const out = await this.local(['cat-file', '--batch-check=%(objectname)', '--batch-all-objects']);
        for (const oid of out.split('\n'))
            if (oid)
                this.present.add(oid);
    }
    /** Make the trees along `dirs` local for every root tree, one round trip per level. */
    async ensurePathTrees(roots, dirs) {
        let level = [...new Set(roots)];
        for (let i = 0; level.length > 0; i++) {
            if (i === dirs.length) {
                await this.ensureObjects(level);
                return;
            }
            const trees = await this.readTrees(level);
            const next = new Set();
            for (const entries of trees.values()) {
                const e = entries.find((x) => x.name === dirs[i] && x.type === 'tree');
                if (e)
                    next.add(e.oid);
            }
            level = [...next];
        }
    }
    /** Commits git marked as the shallow boundary (they look like root commits). */
    async shallowCommits() {
        try {
            return new Set((await (0,promises_.readFile)((0,external_node_path_.join)(this.o.gitDir, 'shallow'), 'utf8')).split('\n').filter(Boolean));
        }
        catch {
            return new Set();
        }
    }
    // ---------------------------------------------------------------- reading
    local(args, input) {
        return (0,git_process/* runGit */.EO)(args, { cwd: this.o.gitDir, env: this.o.localEnv, input, redactor: this.o.redactor });
    }
    async treeOf(commit) {
        const raw = await this.local(['cat-file', 'commit', commit]);
        const m = /^tree ([0-9a-f]+)/.exec(raw);
        if (!m)
            throw new errors/* RemoteError */.Hi(`commit ${commit} in ${this.o.remote.display} has no tree`);
        return m[1];
    }
    async readBlob(oid) {
        await this.ensureObjects([oid]);
        return (0,git_process/* runGitBuffer */.CO)(['cat-file', 'blob', oid], { cwd: this.o.gitDir, env: this.o.localEnv, redactor: this.o.redactor });
    }
    async readTree(oid) {
        return (await this.readTrees([oid])).get(oid);
    }
    /** Several trees in one `cat-file --batch`, fetched first if missing. */
    async readTrees(oids) {
        const unique = [...new Set(oids)];
        await this.ensureObjects(unique);
        const out = await (0,git_process/* runGitBuffer */.CO)(['cat-file', '--batch'], {
            cwd: this.o.gitDir,
            env: this.o.localEnv,
            input: unique.join('\n') + '\n',
            redactor: this.o.redactor,
        });
        const trees = new Map();
        let pos = 0;
        for (const oid of unique) {
            const nl = out.indexOf(10, pos);
            const header = out.subarray(pos, nl).toString('latin1').split(' ');
            if (header[1] !== 'tree')
                throw new errors/* RemoteError */.Hi(`object ${oid} in ${this.o.remote.display} is not a tree (${header.slice(1).join(' ')})`);
            const size = Number(header[2]);
            trees.set(oid, parseTree(out.subarray(nl + 1, nl + 1 + size), oid.length / 2));
            pos = nl + 1 + size + 1;
        }
        return trees;
    }
    /** The entry at `parts` below a tree, walking (and fetching) one level at a time. */
    async entryAt(tree, parts) {
        let current = tree;
        for (let i = 0; i < parts.length; i++) {
            const entry = (await this.readTree(current)).find((e) => e.name === parts[i]);
            if (!entry)
                return null;
            if (i === parts.length - 1)
                return entry;
            if (entry.mode === SYMLINK_MODE || entry.type === 'commit') {
                // The tree entry's mode says it, at no extra cost: refuse rather than report "no such file".
                throw (0,file_content/* specialFileError */.aG)(parts.join('/'), this.o.remote.display, entry.type === 'commit' ? 'submodule' : 'symlink', parts.slice(0, i + 1).join('/'));
            }
            if (entry.type !== 'tree')
                return null;
            current = entry.oid;
        }
        return null;
    }
    // ---------------------------------------------------------------- writing
    async hashBlob(content) {
        const oid = (await this.local(['hash-object', '-w', '--stdin'], content)).trim();
        this.present.add(oid);
        return oid;
    }
    /** Write the tree `base` with `changes` applied; only the trees along changed paths are read. */
    async writeTree(base, changes) {
        const entries = new Map();
        if (base)
            for (const e of await this.readTree(base))
                entries.set(e.name, e);
        for (const [name, change] of changes) {
            const existing = entries.get(name);
            if (existing && (existing.mode === SYMLINK_MODE || existing.type === 'commit')) {
                // Never turn a link or a submodule into a regular file (readFile refuses them first).
                throw (0,file_content/* specialFileError */.aG)(name, this.o.remote.display, existing.type === 'commit' ? 'submodule' : 'symlink');
            }
            if (change.kind === 'file') {
                const oid = await this.hashBlob(change.content);
                const mode = existing?.type === 'blob' && existing.mode === '100755' ? '100755' : '100644';
                entries.set(name, { mode, type: 'blob', oid, name });
            }
            else {
                const sub = await this.writeTree(existing?.type === 'tree' ? existing.oid : null, change.children);
                entries.set(name, { mode: '040000', type: 'tree', oid: sub, name });
            }
        }
        const input = [...entries.values()].map((e) => `${e.mode} ${e.type} ${e.oid}\t${e.name}\0`).join('');
        const oid = (await this.local(['mktree', '-z', '--missing'], input)).trim();
        this.present.add(oid);
        return oid;
    }
    async commitTree(tree, parents, message) {
        const args = ['commit-tree', tree];
        for (const p of parents)
            args.push('-p', p);
        const text = message.endsWith('\n') ? message : `${message}\n`;
        const oid = (await (0,git_process/* runGit */.EO)(args, { cwd: this.o.gitDir, env: this.o.commitEnv, input: text, redactor: this.o.redactor })).trim();
        this.present.add(oid);
        return oid;
    }
}
/** A repository-relative path as its parts; refuses absolute, `..`, empty parts and `.git`. */
function splitPath(path) {
    const parts = path.split('/');
    if (!path || path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0'))) {
        throw new errors/* InputError */.dz(`invalid path in repository: "${path}"`, 'use a relative path like overlays/dev/values.yaml');
    }
    if (parts.some((p) => p.toLowerCase() === '.git'))
        throw new errors/* InputError */.dz(`path inside .git: "${path}"`);
    return parts;
}
function changeTree(files) {
    const root = new Map();
    for (const f of files) {
        const parts = splitPath(f.path);
        let dir = root;
        for (let i = 0; i < parts.length - 1; i++) {
            const name = parts[i];
            let next = dir.get(name);
            if (!next) {
                next = { kind: 'dir', children: new Map() };
                dir.set(name, next);
            }
            if (next.kind !== 'dir')
                throw new errors/* InputError */.dz(`"${parts.slice(0, i + 1).join('/')}" is both a file and a directory in one commit`);
            dir = next.children;
        }
        const leaf = parts[parts.length - 1];
        if (dir.get(leaf)?.kind === 'dir')
            throw new errors/* InputError */.dz(`"${f.path}" is both a file and a directory in one commit`);
        dir.set(leaf, { kind: 'file', content: f.content });
    }
    return root;
}
function parseTree(buf, hashBytes) {
    const entries = [];
    let pos = 0;
    while (pos < buf.length) {
        const sp = buf.indexOf(32, pos);
        const nul = buf.indexOf(0, sp);
        const mode = buf.subarray(pos, sp).toString('latin1').padStart(6, '0');
        const name = buf.subarray(sp + 1, nul).toString('utf8');
        const oid = buf.subarray(nul + 1, nul + 1 + hashBytes).toString('hex');
        const type = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
        entries.push({ mode, type, oid, name });
        pos = nul + 1 + hashBytes;
    }
    return entries;
}

;// CONCATENATED MODULE: ./packages/core/src/envrepo/git-push.ts
/**
 * Pushing one ref with compare-and-swap, and what the answer means: `--force-with-lease` against
 * the tip we read, so a branch that moved (or a name that already exists) is a ConflictError the
 * caller can re-read and retry; a refusal by the server (protected branch, hook) is a RemoteError
 * with its reason; anything else goes through remoteFailure.
 */



async function pushRef(target, sha, ref, lease) {
    const { remote, redactor } = target;
    const display = remote.display;
    const leaseArg = lease === 'force' ? '--force' : `--force-with-lease=${ref}:${lease.expect}`;
    // --no-thin: no delta bases to look up.
    const r = await (0,git_process/* spawnGit */.Iz)(['push', '--porcelain', '--no-thin', '--no-verify', '--no-signed', leaseArg, '--', remote.url, `${sha}:${ref}`], {
        cwd: target.cwd,
        env: target.env,
        redactor,
        timeoutMs: target.timeoutMs,
        remote: display,
    });
    const stdout = redactor.redact(r.stdout.toString('utf8'));
    const line = stdout.split('\n').find((l) => l.includes(`:${ref}\t`));
    const flag = line?.[0];
    if (r.code === 0 && line && flag !== '!')
        return;
    if (line && flag === '!') {
        const summary = line.split('\t')[2] ?? '';
        const what = ref.startsWith('refs/heads/') ? `branch ${ref.slice('refs/heads/'.length)}` : ref;
        if (/^\[rejected\] \((stale info|fetch first|non-fast-forward|already exists)\)/.test(summary)) {
            if (lease !== 'force' && lease.expect === '') {
                throw new errors/* ConflictError */.fK(`${what} already exists on ${display}`, 'pick another branch name or update the existing one');
            }
            throw new errors/* ConflictError */.fK(`${what} moved on ${display} (expected ${lease === 'force' ? 'any' : lease.expect.slice(0, 12)})`, 're-read the branch and re-apply the change');
        }
        const reason = /\((.*)\)\s*$/.exec(summary)?.[1] ?? summary;
        // Lost the race on the server: the ref changed between the advertisement and our update.
        const lostRace = /cannot lock ref|failed to lock|incorrect old value|but expected|reference already exists/i.test(reason) ||
            (/failed to update ref/i.test(reason) && /but expected|cannot lock ref|unable to lock|File exists|reference already exists/i.test(r.stderr));
        if (lostRace) {
            throw new errors/* ConflictError */.fK(`${what} moved on ${display} while pushing (${reason})`, 're-read the branch and re-apply the change');
        }
        const remoteSays = r.stderr
            .split('\n')
            .filter((l) => /^remote:/.test(l))
            .map((l) => l.replace(/^remote:\s*/, '').trim())
            .filter(Boolean)
            .join(' ');
        throw new errors/* RemoteError */.Hi(`${display} refused the push to ${what}: ${reason}${remoteSays ? ` — ${remoteSays}` : ''}`, /protected|GH006|pre-receive|not allowed/i.test(reason + remoteSays)
            ? 'the branch is protected: use --mode pull-request or allow the token to push'
            : undefined);
    }
    throw remoteFailure(remote, redactor, r.stderr, `push to ${ref}`);
}
/** A branch that is not where we read it (found by a fetch rather than a refused push). */
function branchMoved(display, branch, expected, actual) {
    return new errors/* ConflictError */.fK(`branch ${branch} moved on ${display} (expected ${expected.slice(0, 12)}, found ${actual ? actual.slice(0, 12) : 'no branch'})`, 're-read the branch and re-apply the change');
}

// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(4995);
;// CONCATENATED MODULE: ./packages/core/src/envrepo/git-notes.ts
/**
 * Verification records as git notes under refs/notes/gitops: one JSON object per line, the latest
 * line per context wins. The notes ref is pushed with compare-and-swap; concurrent writers
 * re-apply their line on the fresh note (p-retry, jittered backoff).
 */



const NOTES_REF = 'refs/notes/gitops';
/** One note line for a verification: secrets out of the target URL, stamped with the time. */
function noteLine(v, redactor) {
    const record = { context: v.context, state: v.state };
    if (v.description !== undefined)
        record.description = v.description;
    if (v.targetUrl !== undefined)
        record.targetUrl = redactor.redact(v.targetUrl);
    record.at = new Date().toISOString();
    return JSON.stringify(record);
}
/** Put `line` into the note of `commit`, replacing the line of the same context; retried on a moved notes ref. */
function writeNote(store, commit, context, line) {
    const { objects } = store;
    return (0,p_retry/* default */.Ay)(async () => {
        const notes = await objects.fetchRef(NOTES_REF, NOTES_REF, 'tree:1');
        const baseTree = notes ? await objects.treeOf(notes) : null;
        const existing = baseTree ? await findNote(objects, baseTree, commit) : null;
        const old = existing ? (await objects.readBlob(existing.oid)).toString('utf8') : '';
        const text = mergeNote(old, context, line);
        const tree = await objects.writeTree(baseTree, changeTree([{ path: existing?.path ?? commit, content: text }]));
        const sha = await objects.commitTree(tree, notes ? [notes] : [], `Notes added by gitops-actions\n`);
        await store.push(sha, NOTES_REF, { expect: notes ?? '' });
        await objects.local(['update-ref', NOTES_REF, sha]);
    }, {
        // Jittered (randomize: ×1..2) so racing writers spread out; bounded so a busy notes ref
        // still settles within seconds.
        retries: 20,
        minTimeout: 20,
        maxTimeout: 500,
        factor: 1.4,
        randomize: true,
        shouldRetry: ({ error }) => error instanceof errors/* ConflictError */.fK,
    });
}
/** The records in the note of `commit` (none without a notes ref or a note). */
async function readNote(objects, commit) {
    const notes = await objects.fetchRef(NOTES_REF, NOTES_REF, 'tree:1');
    if (!notes)
        return [];
    const note = await findNote(objects, await objects.treeOf(notes), commit);
    if (!note)
        return [];
    return parseNote((await objects.readBlob(note.oid)).toString('utf8'));
}
/** A note's blob for `commit` in a notes tree, flat (`<sha>`) or fanned out (`ab/cdef…`). */
async function findNote(objects, tree, commit) {
    let current = tree;
    let prefix = '';
    let rest = commit;
    for (;;) {
        const entries = await objects.readTree(current);
        const flat = entries.find((e) => e.name === rest && e.type === 'blob');
        if (flat)
            return { path: prefix + rest, oid: flat.oid };
        const fan = entries.find((e) => e.name === rest.slice(0, 2) && e.type === 'tree');
        if (!fan || rest.length <= 2)
            return null;
        prefix += `${rest.slice(0, 2)}/`;
        rest = rest.slice(2);
        current = fan.oid;
    }
}
/** Replace this context's line (if any) and append the new one: one line per context. */
function mergeNote(old, context, line) {
    const kept = old.split('\n').filter((l) => {
        if (!l.trim())
            return false;
        try {
            return JSON.parse(l).context !== context;
        }
        catch {
            return true; // someone else's text: keep it
        }
    });
    return [...kept, line].join('\n') + '\n';
}
/** The latest record per context, in first-seen order. */
function parseNote(text) {
    const byContext = new Map();
    for (const l of text.split('\n')) {
        if (!l.trim())
            continue;
        let o;
        try {
            o = JSON.parse(l);
        }
        catch {
            continue;
        }
        if (typeof o.context !== 'string' || !['success', 'failure', 'pending'].includes(o.state))
            continue;
        const v = { context: o.context, state: o.state };
        if (typeof o.description === 'string')
            v.description = o.description;
        if (typeof o.targetUrl === 'string')
            v.targetUrl = o.targetUrl;
        if (typeof o.at === 'string')
            v.at = o.at;
        byContext.delete(o.context);
        byContext.set(o.context, v);
    }
    return [...byContext.values()];
}

;// CONCATENATED MODULE: ./packages/core/src/envrepo/git.ts
/**
 * EnvRepo over plain git: any remote git can talk to (local path, file://, http(s)://, ssh).
 *
 * The local repository is a bare, shallow, treeless partial clone that fetches only the objects
 * a call needs (git-objects.ts). A commit is pushed with `--force-with-lease=<ref>:<parent>`, so
 * a moved branch is a ConflictError (git-push.ts). Verifications are git notes under
 * refs/notes/gitops (git-notes.ts).
 */















const DEFAULT_AUTHOR = { name: 'gitops-actions', email: 'gitops-actions@users.noreply.github.com' };
/** Where fetched branch tips are kept locally (not refs/remotes: push must not touch them). */
const LOCAL_HEADS = 'refs/gitops/heads/';
class GitEnvRepo {
    tmp;
    objects;
    remote;
    redactor;
    netEnv;
    pushDir;
    defaultBranch;
    timeoutMs;
    untrackTmp;
    forge = 'git';
    display;
    pushes = 0;
    queue = Promise.resolve();
    closed = false;
    notes;
    /** Paths read at each commit: a change computed on it depends on them. */
    readPaths = new Map();
    /** branch + parent → a later head with none of the change's files moved (per-file compare-and-swap). */
    laterBases = new Map();
    constructor(tmp, objects, remote, redactor, 
    /** For push. */
    netEnv, 
    /**
     * Pushes run here: a plain (not partial) bare repo borrowing the clone's objects through
     * objects/info/alternates. In a partial clone, pack-objects would lazily fetch (and die on)
     * trees of other remote tips it only needs to mark uninteresting; here they are simply
     * missing, which git tolerates on the uninteresting side.
     */
    pushDir, defaultBranch, 
    /** Per push: the watchdog in git-process kills git after this long. */
    timeoutMs, 
    /** Forget the temporary directory in the signal cleanup registry once close() removed it. */
    untrackTmp) {
        this.tmp = tmp;
        this.objects = objects;
        this.remote = remote;
        this.redactor = redactor;
        this.netEnv = netEnv;
        this.pushDir = pushDir;
        this.defaultBranch = defaultBranch;
        this.timeoutMs = timeoutMs;
        this.untrackTmp = untrackTmp;
        this.display = remote.display;
        this.notes = { objects, push: (sha, ref, lease) => this.pushRef(sha, ref, lease) };
    }
    /** fetch/push invocations so far (git's round trips). */
    get requestCount() {
        return this.objects.fetchCount + this.pushes;
    }
    static async open(opts) {
        const remote = (0,repo_ref/* parseRemote */.M8)(opts.url, { token: opts.token, username: opts.username, credentialNote: opts.credentialNote });
        const redactor = new report/* Redactor */.p();
        redactor.add(remote.token);
        redactor.add(opts.token);
        const header = authHeader(remote);
        if (header) {
            redactor.add(header.slice('Basic '.length));
            redactor.add(`${remote.username}:${remote.token}`);
        }
        const baseEnv = opts.env ?? process.env;
        const timeoutMs = opts.gitTimeoutMs ?? (0,git_process/* gitTimeoutMs */.sq)(baseEnv);
        const parent = opts.workDir ?? (0,external_node_os_.tmpdir)();
        await (0,promises_.mkdir)(parent, { recursive: true });
        const tmp = await (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, 'gitops-envrepo-'));
        // Removed by close(), or by the signal/deadline cleanup if the run is cut short.
        const untrackTmp = (0,lifecycle/* trackTempDir */.V2)(tmp);
        const gitDir = (0,external_node_path_.join)(tmp, 'repo.git');
        try {
            const common = [
                ...authConfig(remote),
                // Nobody's hooks run in our clone (a global core.hooksPath would apply to pushes).
                ['core.hooksPath', (0,external_node_path_.join)(tmp, 'no-hooks')],
                // A server that accepts and then stalls must not hang us (the watchdog bounds the rest).
                ...(0,git_process/* stallConfig */.Xi)(timeoutMs),
            ];
            const netEnv = gitEnv(common, baseEnv);
            const localEnv = { ...gitEnv([...common, ['protocol.allow', 'never']], baseEnv), GIT_NO_LAZY_FETCH: '1' };
            const author = opts.author ??
                (baseEnv.GIT_AUTHOR_NAME && baseEnv.GIT_AUTHOR_EMAIL ? { name: baseEnv.GIT_AUTHOR_NAME, email: baseEnv.GIT_AUTHOR_EMAIL } : DEFAULT_AUTHOR);
            const committer = opts.author
                ? opts.author
                : baseEnv.GIT_COMMITTER_NAME && baseEnv.GIT_COMMITTER_EMAIL
                    ? { name: baseEnv.GIT_COMMITTER_NAME, email: baseEnv.GIT_COMMITTER_EMAIL }
                    : author;
            const commitEnv = {
                ...localEnv,
                GIT_AUTHOR_NAME: author.name,
                GIT_AUTHOR_EMAIL: author.email,
                GIT_COMMITTER_NAME: committer.name,
                GIT_COMMITTER_EMAIL: committer.email,
            };
            const pushDir = (0,external_node_path_.join)(tmp, 'push.git');
            await (0,git_process/* runGit */.EO)(['init', '--bare', '--quiet', gitDir], { env: localEnv, redactor });
            await (0,promises_.writeFile)((0,external_node_path_.join)(gitDir, 'config'), localConfig(remote.url));
            await (0,git_process/* runGit */.EO)(['init', '--bare', '--quiet', pushDir], { env: localEnv, redactor });
            await (0,promises_.writeFile)((0,external_node_path_.join)(pushDir, 'config'), pushConfig());
            await (0,promises_.writeFile)((0,external_node_path_.join)(pushDir, 'objects', 'info', 'alternates'), `${(0,external_node_path_.join)(gitDir, 'objects')}\n`);
            const objects = new GitObjectStore({ gitDir, remote, redactor, netEnv, localEnv, commitEnv, reporter: opts.reporter ?? report/* silentReporter */.P, timeoutMs });
            return new GitEnvRepo(tmp, objects, remote, redactor, netEnv, pushDir, opts.branch, timeoutMs, untrackTmp);
        }
        catch (err) {
            await (0,promises_.rm)(tmp, { recursive: true, force: true });
            untrackTmp();
            throw err;
        }
    }
    // ---------------------------------------------------------------- EnvRepo
    async head(branch) {
        checkBranch(branch);
        return this.serial(() => this.fetchBranch(branch));
    }
    async readFile(path, commit) {
        const parts = splitPath(path);
        return this.serial(async () => {
            const sha = await this.resolveCommit(commit);
            if (!sha)
                return null;
            // A commit on this parent depends on what was read here (see commit()).
            this.readPaths.set(sha, [...(this.readPaths.get(sha) ?? []), path]);
            const entry = await this.objects.entryAt(await this.objects.treeOf(sha), parts);
            if (entry && (entry.mode === SYMLINK_MODE || entry.type === 'commit')) {
                throw (0,file_content/* specialFileError */.aG)(path, this.display, entry.type === 'commit' ? 'submodule' : 'symlink');
            }
            if (!entry || entry.type !== 'blob')
                return null;
            return (0,file_content/* decodeFile */.JG)(await this.objects.readBlob(entry.oid), path, this.display);
        });
    }
    async commit(req) {
        checkBranch(req.branch);
        const changes = changeTree(req.files);
        if (req.parent && !FULL_SHA.test(req.parent))
            throw new errors/* InputError */.dz(`commit parent must be a full commit SHA, got "${req.parent}"`);
        return this.serial(async () => {
            // A later head that took none of our files since the parent (found after a lost push).
            const moved = req.parent && !req.createBranch && !req.force ? this.laterBases.get(`${req.branch}\0${req.parent}`) : undefined;
            const parent = moved ?? (req.parent || null);
            if (parent)
                await this.objects.ensureCommit(parent);
            const baseTree = parent ? await this.objects.treeOf(parent) : null;
            const tree = await this.objects.writeTree(baseTree, changes);
            if (parent && tree === baseTree && !req.createBranch && !req.force) {
                // Nothing to change: no empty commit. Still honour compare-and-swap.
                const head = await this.fetchBranch(req.branch);
                if (head !== parent)
                    throw branchMoved(this.display, req.branch, parent, head);
                return { sha: parent };
            }
            const sha = await this.objects.commitTree(tree, parent ? [parent] : [], req.message);
            const lease = req.force ? 'force' : { expect: req.createBranch ? '' : (parent ?? '') };
            try {
                await this.pushRef(sha, `refs/heads/${req.branch}`, lease);
            }
            catch (e) {
                if (!(e instanceof errors/* ConflictError */.fK) || req.force || req.createBranch || !req.parent)
                    throw e;
                throw await this.afterLostPush(req, e);
            }
            await this.objects.local(['update-ref', `${LOCAL_HEADS}${req.branch}`, sha]);
            return { sha };
        });
    }
    /**
     * The push lost the race. Fetch where the branch is now (its trees come along) and compare the
     * entries of the files the change was computed from — those written and those read at the
     * parent — with the parent's: if none moved (GitLab's per-file \`last_commit_id\` check, made
     * here), the same change applies on the new head; the next commit() of this parent builds on
     * it, and the verb keeps its plan (BranchMovedError) and only waits.
     */
    async afterLostPush(req, lost) {
        const now = await this.fetchBranch(req.branch);
        if (!now)
            return lost;
        const paths = new Set([...req.files.map((f) => f.path), ...(this.readPaths.get(req.parent) ?? [])]);
        const [before, after] = await Promise.all([this.objects.treeOf(req.parent), this.objects.treeOf(now)]);
        for (const p of paths) {
            const [a, b] = [await this.objects.entryAt(before, splitPath(p)), await this.objects.entryAt(after, splitPath(p))];
            if (a?.oid !== b?.oid || a?.mode !== b?.mode)
                return lost;
        }
        this.laterBases.set(`${req.branch}\0${req.parent}`, now);
        // No measure of the crowd in git: the verb's plain exponential backoff, over twice the window
        // (one other writer at least got in), without re-planning.
        return new contention/* BranchMovedError */.wk(`${lost.message}; our files did not move, waiting before the next push`, lost.fix, now, undefined, true, {
            writers: 2,
            lost: true,
        });
    }
    async history(path, ref, limit) {
        const parts = splitPath(path);
        const want = Math.floor(limit);
        if (!(want > 0))
            return [];
        return this.serial(async () => {
            // A full SHA (any commit, e.g. one a health gate reports) is fetched with its history by the
            // first deepening fetch below: no separate depth-1 fetch of the commit first.
            const bySha = FULL_SHA.test(ref);
            const tip = bySha ? ref : await this.resolveCommit(ref || this.defaultBranch || 'HEAD');
            if (!tip)
                return [];
            // Deepen until `want` commits are certain: start near what a busy env repo needs, then
            // extrapolate from the hit rate so far (at least doubling) — a few round trips even on 20k commits.
            let depth = Math.max(100, want * 20);
            for (;;) {
                const r = await this.objects.fetch([`--depth=${depth}`], [tip]);
                if (r.code !== 0)
                    throw bySha ? this.objects.commitFailure(tip, r.stderr) : this.objects.failure(r.stderr, 'fetch history');
                const commits = (await this.objects.local(['log', '--format=%H %T', tip])).split('\n').filter(Boolean);
                const roots = commits.map((l) => l.split(' ')[1]);
                await this.objects.ensurePathTrees(roots, parts.slice(0, -1));
                const shallow = await this.objects.shallowCommits();
                const out = await this.objects.local(['--literal-pathspecs', 'log', '-z', '--format=%H%x1f%cI%x1f%B', tip, '--', parts.join('/')]);
                const result = [];
                let uncertain = false;
                for (const rec of out.split('\0')) {
                    if (!rec)
                        continue;
                    const i = rec.indexOf('\x1f');
                    const j = rec.indexOf('\x1f', i + 1);
                    const sha = rec.slice(0, i).trim();
                    // A shallow boundary commit looks like a root commit: whether it touched the path is unknown.
                    if (shallow.has(sha)) {
                        uncertain = true;
                        break;
                    }
                    result.push({ sha, message: rec.slice(j + 1).replace(/\n+$/, ''), date: rec.slice(i + 1, j) });
                    if (result.length >= want)
                        return result;
                }
                const complete = !commits.some((l) => shallow.has(l.slice(0, l.indexOf(' '))));
                if (complete || (!uncertain && result.length >= want))
                    return result.slice(0, want);
                const estimate = result.length > 0 ? Math.ceil(((commits.length * want) / result.length) * 1.5) : commits.length * 10;
                depth = Math.max(depth * 2, estimate);
            }
        });
    }
    async recordVerification(commit, v) {
        if (!FULL_SHA.test(commit))
            throw new errors/* InputError */.dz(`a verification needs a full commit SHA, got "${commit}"`);
        if (!v.context)
            throw new errors/* InputError */.dz('a verification needs a context (gitops/<app>/<env>)');
        const line = noteLine(v, this.redactor);
        return this.serial(() => writeNote(this.notes, commit, v.context, line));
    }
    async verifications(commit) {
        if (!FULL_SHA.test(commit))
            throw new errors/* InputError */.dz(`verifications need a full commit SHA, got "${commit}"`);
        return this.serial(() => readNote(this.objects, commit));
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        await this.queue.catch(() => { });
        await (0,promises_.rm)(this.tmp, { recursive: true, force: true });
        this.untrackTmp();
    }
    // ---------------------------------------------------------------- remote
    /** One operation at a time on the local clone (git's own locks on shallow/refs would race). */
    serial(fn) {
        if (this.closed)
            return Promise.reject(new Error(`GitEnvRepo for ${this.display} is closed`));
        const run = this.queue.then(fn, fn);
        this.queue = run.catch(() => { });
        return run;
    }
    /**
     * The branch tip with all its trees, no blobs (\`--filter=blob:none\`, depth 1): one request, and
     * every path lookup at the head is local from then on (instead of a fetch per tree level).
     */
    fetchBranch(branch) {
        return this.objects.fetchRef(`refs/heads/${branch}`, `${LOCAL_HEADS}${branch}`, 'blob:none');
    }
    /** A full SHA (fetched if not local) or a branch name (its fresh head); null if the branch is missing. */
    async resolveCommit(commitish) {
        if (FULL_SHA.test(commitish)) {
            await this.objects.ensureCommit(commitish);
            return commitish;
        }
        const branch = commitish.replace(/^refs\/heads\//, '');
        if (branch === 'HEAD')
            return this.objects.fetchRef('HEAD', `${LOCAL_HEADS}HEAD`);
        checkBranch(branch);
        return this.fetchBranch(branch);
    }
    /** From the push repo (see pushDir) to the URL. */
    pushRef(sha, ref, lease) {
        this.pushes++;
        return pushRef({ remote: this.remote, cwd: this.pushDir, env: this.netEnv, redactor: this.redactor, timeoutMs: this.timeoutMs }, sha, ref, lease);
    }
}
// -------------------------------------------------------------------- helpers
function localConfig(url) {
    const q = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    return [
        '[core]',
        '\trepositoryformatversion = 1',
        '\tbare = true',
        '\tlogAllRefUpdates = false',
        '[extensions]',
        '\tpartialClone = origin',
        '[remote "origin"]',
        `\turl = ${q(url)}`,
        '\tpromisor = true',
        '\tpartialCloneFilter = tree:0',
        '[gc]',
        '\tauto = 0',
        '[maintenance]',
        '\tauto = false',
        '[fetch]',
        '\twriteCommitGraph = false',
        '\trecurseSubmodules = false',
        '[pack]',
        '\tuseSparse = true',
        '[push]',
        '\tgpgSign = false',
        '\tuseForceIfIncludes = false',
        '[commit]',
        '\tgpgSign = false',
        '',
    ].join('\n');
}
function pushConfig() {
    return [
        '[core]',
        '\trepositoryformatversion = 0',
        '\tbare = true',
        '\tlogAllRefUpdates = false',
        '[gc]',
        '\tauto = 0',
        '[maintenance]',
        '\tauto = false',
        '[push]',
        '\tgpgSign = false',
        '',
    ].join('\n');
}
function checkBranch(branch) {
    if (!branch ||
        branch.startsWith('-') ||
        branch.startsWith('/') ||
        branch.endsWith('/') ||
        branch.endsWith('.lock') ||
        branch.endsWith('.') ||
        // git refuses control characters in ref names (git check-ref-format).
        // eslint-disable-next-line no-control-regex
        /\.\.|@\{|\/\/|\/\.|[\s~^:?*[\\\x00-\x1f\x7f]/.test(branch)) {
        throw new errors/* InputError */.dz(`invalid branch name "${branch}"`, 'use a valid git branch name');
    }
}


/***/ }),

/***/ 4995:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lc: () => (/* binding */ AbortError),
  Ay: () => (/* binding */ pRetry)
});

// UNUSED EXPORTS: makeRetriable

;// CONCATENATED MODULE: ./node_modules/is-network-error/index.js
const objectToString = Object.prototype.toString;

const isError = value => objectToString.call(value) === '[object Error]';

const errorMessages = new Set([
	'network error', // Chrome
	'NetworkError when attempting to fetch resource.', // Firefox
	'The Internet connection appears to be offline.', // Safari 16
	'Network request failed', // `cross-fetch`
	'fetch failed', // Undici (Node.js)
	'terminated', // Undici (Node.js)
	' A network error occurred.', // Bun (WebKit)
	'Network connection lost', // Cloudflare Workers (fetch)
]);

function isNetworkError(error) {
	const isValid = error
		&& isError(error)
		&& error.name === 'TypeError'
		&& typeof error.message === 'string';

	if (!isValid) {
		return false;
	}

	const {message, stack} = error;

	// Safari 17+ has generic message but no stack for network errors
	if (message === 'Load failed' || (message.startsWith('Load failed (') && message.endsWith(')'))) {
		return stack === undefined
			// Sentry adds its own stack trace to the fetch error, so also check for that
			|| '__sentry_captured__' in error;
	}

	// Deno network errors start with specific text
	if (message.startsWith('error sending request for url')) {
		return true;
	}

	// Chrome: exact "Failed to fetch" or with hostname: "Failed to fetch (example.com)"
	if (message === 'Failed to fetch' || (message.startsWith('Failed to fetch (') && message.endsWith(')'))) {
		return true;
	}

	// Standard network error messages
	return errorMessages.has(message);
}

;// CONCATENATED MODULE: ./node_modules/p-retry/index.js


function validateRetries(retries) {
	if (typeof retries === 'number') {
		if (retries < 0) {
			throw new TypeError('Expected `retries` to be a non-negative number.');
		}

		if (Number.isNaN(retries)) {
			throw new TypeError('Expected `retries` to be a valid number or Infinity, got NaN.');
		}

		// Not `Number.isSafeInteger`, which would reject a huge `retries`. That is accepted on purpose and behaves as effectively forever.
		// eslint-disable-next-line unicorn/prefer-number-is-safe-integer
		if (Number.isFinite(retries) && !Number.isInteger(retries)) {
			throw new TypeError('Expected `retries` to be a non-negative integer or Infinity.');
		}
	} else if (retries !== undefined) {
		throw new TypeError('Expected `retries` to be a number or Infinity.');
	}
}

function validateNumberOption(name, value, {allowInfinity = false} = {}) {
	if (typeof value !== 'number' || Number.isNaN(value)) {
		throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? ' or Infinity' : ''}.`);
	}

	if (!allowInfinity && !Number.isFinite(value)) {
		throw new TypeError(`Expected \`${name}\` to be a finite number.`);
	}

	if (value < 0) {
		throw new TypeError(`Expected \`${name}\` to be \u{2265} 0.`);
	}
}

function validateOption(name, value, type) {
	// `null` means "not provided", as it does for the other options. `unref` needs this because it is the one option with no default of its own.
	if (value === undefined || value === null) {
		return;
	}

	if (typeof value !== type) {
		throw new TypeError(`Expected \`${name}\` to be a ${type}.`);
	}
}

function validateSignal(value) {
	// `null` means "not provided", as it does for the other options.
	if (value === undefined || value === null) {
		return;
	}

	// Duck typed rather than `instanceof`, so a signal from another realm still works. All three methods are checked because `removeEventListener` is called from inside a timer callback, where a `TypeError` would be an uncaught exception rather than a rejection the caller could catch.
	if (typeof value.throwIfAborted !== 'function'
		|| typeof value.addEventListener !== 'function'
		|| typeof value.removeEventListener !== 'function') {
		throw new TypeError('Expected `signal` to be an AbortSignal.');
	}
}

class AbortError extends Error {
	constructor(message) {
		super(typeof message === 'string' ? message : undefined);

		this.name = 'AbortError';

		if (message instanceof Error) {
			this.originalError = message;
			({message} = message);
		} else {
			// Created here, so it already captures every caller frame. Copying `this.stack` instead would only rewrite the header, which is rendered lazily from `name` and `message` at read time. It also stringifies a non-string message, so reuse its result below.
			this.originalError = new Error(message);
			({message} = this.originalError);

			// The caller sees this error, so the frame for this constructor is dropped where the runtime supports it. Left in, the top frame blames p-retry for an error the caller threw. An error the caller passed keeps its own stack, which points at their throw site already. V8-only, hence the lint exception, and the optional call leaves the stack as it is where it is missing.
			// eslint-disable-next-line unicorn/no-nonstandard-builtin-properties
			Error.captureStackTrace?.(this.originalError, AbortError);
		}

		this.message = message;
	}
}

// `setTimeout` cannot represent a longer delay and fires it right away instead, which turns a long backoff into a tight retry loop. Cap at the largest value it can still hold.
const maximumDelay = (2 ** 31) - 1;

function calculateDelay(retriesConsumed, options) {
	// Nothing to wait for, and multiplying by a factor that has grown to `Infinity` would give `NaN`.
	if (options.minTimeout === 0) {
		return 0;
	}

	// `retriesConsumed` starts at 0 and only ever counts up, so the first retry is already attempt 1.
	const attempt = retriesConsumed + 1;
	const random = options.randomize ? (Math.random() + 1) : 1;

	const timeout = Math.round(random * options.minTimeout * (options.factor ** (attempt - 1)));

	// `maxTimeout` rounds up, so a fractional cap still gives a whole number of milliseconds. Rounding down would turn a cap below 1 into no timer at all, which never yields to the event loop. `Math.ceil(Infinity)` is `Infinity`.
	return Math.min(timeout, Math.ceil(options.maxTimeout), maximumDelay);
}

function calculateRemainingTime(start, max) {
	return Number.isFinite(max) ? max - (performance.now() - start) : max;
}

async function delayForRetry(delay, options) {
	if (delay <= 0) {
		return;
	}

	await new Promise((resolve, reject) => {
		// Registered with `once`, so it removes itself when it fires.
		const onAbort = () => {
			clearTimeout(timeoutToken);
			reject(options.signal.reason);
		};

		const timeoutToken = setTimeout(() => {
			options.signal?.removeEventListener('abort', onAbort);
			resolve();
		}, delay);

		if (options.unref) {
			timeoutToken.unref?.();
		}

		options.signal?.addEventListener('abort', onAbort, {once: true});
	});
}

// Stringifying a thrown value can itself throw, for an object with no usable `toString`. That must never be allowed to replace the failure the caller is actually dealing with.
//
// A thrown value whose own accessors or proxy traps throw is not supported, here or anywhere else. It comes from the caller's own code, so it is not something to defend against.
function stringifyThrownValue(value) {
	try {
		return String(value);
	} catch {
		return Object.prototype.toString.call(value);
	}
}

// `AbortError` wraps the error the caller actually wants, and the wrappers can be nested, so keep unwrapping until the cause is reached. Otherwise an `AbortError` would escape `pRetry` and a `catch` doing `error instanceof AbortError` would read a real failure as a cancellation.
//
// Two wrappers whose `originalError` points at each other are not supported, like the thrown values above.
function unwrapAbortError(error) {
	let cause = error;

	// A wrapper with no error to unwrap to is the cause as far as it goes.
	while (cause instanceof AbortError && cause.originalError instanceof Error) {
		cause = cause.originalError;
	}

	return cause;
}

async function onAttemptFailure({error, attemptNumber, retriesConsumed, startTime, options}) {
	// The signal is checked after the operation and after every callback, so a cancellation is never reported as an operation failure or a callback's decision, and no callback runs after it. The last check also guards the delay, whose abort listener never fires on a signal that is already aborted.
	const abortIfNeeded = () => {
		options.signal?.throwIfAborted();
	};

	const normalizedError = error instanceof Error
		? error
		: new TypeError(`Non-error was thrown: "${stringifyThrownValue(error)}". You should only throw errors.`);

	// Checked before unwrapping an `AbortError`, because the reason a caller aborted with is final. Unwrapping it would replace the reason they chose with whatever is inside it, and it would also let an `AbortError` from the operation outrank a cancellation the caller asked for.
	abortIfNeeded();

	if (normalizedError instanceof AbortError) {
		throw unwrapAbortError(normalizedError);
	}

	// `retriesConsumed` only ever advances while `retriesLeft` is above 0, so this is never negative. `Infinity` minus a finite count is `Infinity`, so an unlimited budget needs no special case.
	const retriesLeft = options.retries - retriesConsumed;

	// A `TypeError` normally means the operation itself is broken rather than the thing it was trying to reach, so retrying it does not help. A network `TypeError` is the exception, and its message differs per runtime, so it has to be recognised rather than assumed.
	const isRetriableError = !(normalizedError instanceof TypeError) || isNetworkError(normalizedError);

	// Out of time already, out of retries, or a failure that is never retried, so the delay is 0 and the callbacks are told that no retry follows. Only computed when a retry can still follow, so a randomized delay does not draw from `Math.random` for a wait that is never taken.
	const timeLeft = calculateRemainingTime(startTime, options.maxRetryTime);
	const delayTime = isRetriableError && timeLeft > 0 && retriesLeft > 0 ? calculateDelay(retriesConsumed, options) : 0;

	const consumeRetryContext = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
		retryDelay: delayTime,
	});

	// No answer means no opinion, so fall back to the default. Treating it as `false` instead would leave `retries` uncounted and let the loop run forever.
	const consumeRetry = (await options.shouldConsumeRetry(consumeRetryContext)) ?? true;

	abortIfNeeded();

	const effectiveDelay = consumeRetry ? delayTime : 0;
	const context = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
		retryDelay: effectiveDelay,
	});

	await options.onFailedAttempt(context);

	abortIfNeeded();

	const remainingTime = calculateRemainingTime(startTime, options.maxRetryTime);

	// No time or budget left, or a failure that retrying cannot help with.
	if (
		!isRetriableError
		|| remainingTime <= 0
		|| retriesLeft <= 0
	) {
		throw normalizedError;
	}

	const shouldRetry = await options.shouldRetry(context);

	abortIfNeeded();

	if (!shouldRetry) {
		throw normalizedError;
	}

	const remainingTimeAfterShouldRetry = calculateRemainingTime(startTime, options.maxRetryTime);

	if (remainingTimeAfterShouldRetry <= 0) {
		throw normalizedError;
	}

	if (!consumeRetry) {
		return false;
	}

	await delayForRetry(Math.min(effectiveDelay, remainingTimeAfterShouldRetry), options);

	return true;
}

async function pRetry(input, options = {}) {
	options = {...options};

	// Applied before validating, so that `null` means "not provided" here as it does for every other option.
	options.retries ??= 10;

	validateRetries(options.retries);

	if (Object.hasOwn(options, 'forever')) {
		throw new Error('The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.');
	}

	options.factor ??= 2;
	options.minTimeout ??= 1000;
	options.maxTimeout ??= Infinity;
	options.maxRetryTime ??= Infinity;
	options.randomize ??= false;
	options.onFailedAttempt ??= () => {};
	options.shouldRetry ??= () => true;
	options.shouldConsumeRetry ??= () => true;

	// Validate the options that have a runtime type to check.
	validateOption('onFailedAttempt', options.onFailedAttempt, 'function');
	validateOption('shouldRetry', options.shouldRetry, 'function');
	validateOption('shouldConsumeRetry', options.shouldConsumeRetry, 'function');
	validateOption('randomize', options.randomize, 'boolean');
	validateOption('unref', options.unref, 'boolean');
	validateSignal(options.signal);
	validateNumberOption('factor', options.factor);
	validateNumberOption('minTimeout', options.minTimeout);
	validateNumberOption('maxTimeout', options.maxTimeout, {allowInfinity: true});
	validateNumberOption('maxRetryTime', options.maxRetryTime, {allowInfinity: true});

	// A negative factor is rejected above, so this only catches `0`. Treat it as `1` to keep the delay constant instead of dropping to zero after the first retry.
	if (options.factor === 0) {
		options.factor = 1;
	}

	options.signal?.throwIfAborted();

	let attemptNumber = 0;
	let retriesConsumed = 0;
	const startTime = performance.now();

	// A consumed count is always finite, so `Infinity` keeps this true and needs no special case.
	while (retriesConsumed <= options.retries) {
		attemptNumber++;

		try {
			options.signal?.throwIfAborted();

			const result = await input(attemptNumber);

			options.signal?.throwIfAborted();

			return result;
		} catch (error) {
			if (await onAttemptFailure({
				error,
				attemptNumber,
				retriesConsumed,
				startTime,
				options,
			})) {
				retriesConsumed++;
			}
		}
	}

	// Unreachable: `onAttemptFailure` throws once `retriesLeft` reaches 0, which is the same state the loop condition tests, so the loop is always left by a throw. Kept as a guard against a future change to either side breaking that pairing.
	throw new Error('Retry attempts exhausted without throwing an error.');
}

function makeRetriable(function_, options) {
	return function (...arguments_) {
		return pRetry(() => function_.apply(this, arguments_), options);
	};
}


/***/ })

};
