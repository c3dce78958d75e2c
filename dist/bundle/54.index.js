export const id = 54;
export const ids = [54];
export const modules = {

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

/***/ 9054:
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./packages/core/src/envrepo/git-catfile.ts
/**
 * One long-lived `git cat-file --batch` for every object read of a GitEnvRepo: one process for the
 * whole run instead of one per read. Requests are pipelined and answered in order.
 *
 * It runs in a repository that is *not* a partial clone (GitEnvRepo's push repo, which borrows the
 * clone's objects through alternates), so an object that is not local answers "missing" at once
 * instead of starting git's lazy fetch: the caller fetches what is missing, batched, itself.
 */




/** Largest object we read (a values file or a tree is far smaller; a notes blob too). */
const MAX_OBJECT_BYTES = 64 * 1024 * 1024;
class CatFile {
    opts;
    child;
    /** Reads in flight, answered in order from `first` (an index: shift() is linear on long queues). */
    pending = [];
    first = 0;
    buf = Buffer.alloc(0);
    stderr = '';
    watchdog;
    closed = false;
    constructor(opts) {
        this.opts = opts;
    }
    /** The object, or null when it is not in the local object store. */
    read(name) {
        if (this.closed)
            return Promise.reject(new Error('cat-file reader is closed'));
        if (/[\n\r]/.test(name))
            return Promise.reject(new Error(`invalid object name ${JSON.stringify(name)}`));
        const child = this.start();
        return new Promise((resolve, reject) => {
            this.pending.push({ name, resolve, reject });
            this.arm();
            child.stdin.write(`${name}\n`);
        });
    }
    /** Start the reader ahead of the first read (it waits idle, not holding Node up). */
    warm() {
        if (this.closed || this.child)
            return;
        this.start();
        this.arm();
    }
    async close() {
        this.closed = true;
        const child = this.child;
        this.child = undefined;
        if (!child)
            return;
        clearTimeout(this.watchdog);
        await new Promise((resolve) => {
            child.once('close', () => resolve());
            // An idle reader is unref'd (see arm): waiting for its end must hold Node up, else a caller
            // that goes on after close() finds its process gone with this promise unsettled.
            for (const h of [child, child.stdout, child.stderr])
                h.ref();
            child.stdin.end();
            // cat-file ends on EOF; the kill is for one that does not.
            setTimeout(() => (0,lifecycle/* killTree */.TP)(child), 2000).unref();
        });
    }
    start() {
        if (this.child)
            return this.child;
        const args = ['cat-file', '--batch'];
        (0,git_process/* notifyGitSpawn */.RP)(args);
        const child = (0,external_node_child_process_.spawn)('git', args, { cwd: this.opts.cwd, env: this.opts.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true, windowsHide: true });
        (0,lifecycle/* trackChild */.yH)(child);
        this.child = child;
        this.buf = Buffer.alloc(0);
        child.stdin.on('error', () => { });
        child.stdout.on('data', (c) => {
            this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : c;
            this.drain();
        });
        child.stderr.on('data', (c) => {
            this.stderr = (this.stderr + c.toString('utf8')).slice(-4096);
        });
        child.on('error', (e) => this.fail(new errors/* RemoteError */.Hi(`cannot run git: ${this.opts.redactor.redact(e.message)}`, 'install git 2.29 or later')));
        child.on('close', (code, signal) => {
            if (this.child === child)
                this.child = undefined;
            const why = this.opts.redactor.redact(this.stderr.trim().split('\n').pop() ?? '');
            this.fail(new errors/* RemoteError */.Hi(`git cat-file ended (${signal ?? `exit ${code}`})${why ? `: ${why}` : ''}`));
        });
        return child;
    }
    /** Answer pending reads from the buffered output, in order. */
    drain() {
        for (;;) {
            const head = this.pending[this.first];
            if (!head)
                return;
            const nl = this.buf.indexOf(10);
            if (nl < 0)
                return;
            const header = this.buf.subarray(0, nl).toString('latin1');
            if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
                this.buf = this.buf.subarray(nl + 1);
                this.next();
                head.resolve(null);
                this.arm();
                continue;
            }
            const [, type, sizeText] = header.split(' ');
            const size = Number(sizeText);
            if (!Number.isSafeInteger(size) || !['blob', 'tree', 'commit', 'tag'].includes(type ?? '')) {
                this.fail(new errors/* RemoteError */.Hi(`git cat-file answered ${JSON.stringify(header.slice(0, 100))} for ${head.name}`));
                if (this.child)
                    (0,lifecycle/* killTree */.TP)(this.child);
                return;
            }
            if (size > MAX_OBJECT_BYTES) {
                this.fail(new errors/* RemoteError */.Hi(`object ${head.name} is ${size} bytes, over the ${MAX_OBJECT_BYTES}-byte limit`));
                if (this.child)
                    (0,lifecycle/* killTree */.TP)(this.child);
                return;
            }
            if (this.buf.length < nl + 1 + size + 1)
                return;
            const data = Buffer.from(this.buf.subarray(nl + 1, nl + 1 + size));
            this.buf = this.buf.subarray(nl + 1 + size + 1);
            this.next();
            head.resolve({ type: type, data });
            this.arm();
        }
    }
    next() {
        this.first++;
        if (this.first === this.pending.length) {
            this.pending = [];
            this.first = 0;
        }
    }
    /**
     * (Re)start the watchdog while reads are outstanding. An idle reader does not keep Node alive
     * (a run that forgot close() still exits; cat-file then ends on its closed stdin).
     */
    arm() {
        clearTimeout(this.watchdog);
        this.hold(this.first !== this.pending.length);
        if (this.first === this.pending.length)
            return;
        this.watchdog = setTimeout(() => {
            this.fail(new errors/* RemoteError */.Hi(`git cat-file did not answer within ${this.opts.timeoutMs} ms`));
            if (this.child)
                (0,lifecycle/* killTree */.TP)(this.child);
        }, this.opts.timeoutMs);
        this.watchdog.unref();
    }
    hold(busy) {
        const child = this.child;
        if (!child)
            return;
        for (const h of [child, child.stdout, child.stderr, child.stdin]) {
            if (busy)
                h.ref();
            else
                h.unref();
        }
    }
    fail(err) {
        clearTimeout(this.watchdog);
        const failed = this.pending.slice(this.first);
        this.pending = [];
        this.first = 0;
        for (const p of failed)
            p.reject(err);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./packages/core/src/envrepo/git-fast-import.ts
/**
 * Writing one commit with one process: `git fast-import` takes the parent, the changed files and
 * the message on stdin and writes blobs, trees and the commit into one pack (instead of a
 * hash-object, a mktree per directory and a commit-tree). Only the trees along the changed paths
 * are read, so a partial clone with the head's trees is enough.
 */



/** The blob id git gives `content` (to see, without writing, that a file would not change). */
function blobId(content, hashHexLength = 40) {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const algo = hashHexLength === 64 ? 'sha256' : 'sha1';
    return (0,external_node_crypto_.createHash)(algo).update(`blob ${body.length}\0`).update(body).digest('hex');
}
/** `Name <email> <seconds> +0000`; fast-import refuses <, > and newlines in a name or email. */
function identLine(who, seconds) {
    const clean = (s) => s.replace(/[<>\n\r\0]/g, '').trim();
    const name = clean(who.name);
    const email = clean(who.email);
    if (!name || !email)
        throw new errors/* InputError */.dz(`invalid commit author "${who.name} <${who.email}>"`, 'set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL');
    return `${name} <${email}> ${seconds} +0000`;
}
/** A path as fast-import reads it: C-style quoted when it could be misread. */
function quotePath(path) {
    if (!/["\\\n]/.test(path) && !path.startsWith('"'))
        return path;
    return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
function data(text) {
    const body = Buffer.from(text, 'utf8');
    return [Buffer.from(`data ${body.length}\n`), body, Buffer.from('\n')];
}
/**
 * A fast-import waiting for its stream, started early (startGit). Unused, close it with
 * `finish('done\n')`: it then writes nothing. Every import is kept as a pack: below
 * fastimport.unpackLimit (default 100 objects, so every commit of ours) fast-import would start
 * `unpack-objects` to loosen it, one more process for nothing.
 */
function startFastImport(opts) {
    return (0,git_process/* startGit */.BE)(['-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet', '--force', '--done'], {
        cwd: opts.gitDir,
        env: opts.env,
        redactor: opts.redactor,
        timeoutMs: opts.timeoutMs,
    });
}
/**
 * Write the commit into `gitDir`'s object store; resolves with its id. `started`: a fast-import
 * from startFastImport on that gitDir, still unfed (else one is started now).
 */
async function fastImportCommit(c, opts, started) {
    const now = Math.floor(Date.now() / 1000);
    const message = c.message.endsWith('\n') ? c.message : `${c.message}\n`;
    const parts = [
        Buffer.from(`commit ${opts.scratchRef}\nmark :1\nauthor ${identLine(c.author, now)}\ncommitter ${identLine(c.committer, now)}\n`),
        ...data(message),
    ];
    if (c.parent)
        parts.push(Buffer.from(`from ${c.parent}\n`));
    for (const f of c.files) {
        parts.push(Buffer.from(`M ${f.mode} inline ${quotePath(f.path)}\n`), ...data(f.content));
    }
    parts.push(Buffer.from('\nget-mark :1\ndone\n'));
    const r = await (started?.ready ? started : startFastImport(opts)).finish(Buffer.concat(parts));
    const sha = r.stdout.toString('utf8').trim();
    if (r.code !== 0 || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) {
        const line = r.stderr.split('\n').find((l) => /fatal|error/i.test(l)) ?? r.stderr.trim().split('\n')[0] ?? '';
        throw new errors/* RemoteError */.Hi(`git fast-import failed (exit ${r.code}): ${line || 'no output'}`);
    }
    return sha;
}

;// CONCATENATED MODULE: ./packages/core/src/envrepo/git-objects.ts
/**
 * The object store behind GitEnvRepo: a bare, shallow partial clone in a temporary directory, and
 * the reads and writes on it.
 *
 * Fetch little, and rarely. A branch head comes with its recent history, their trees and small
 * blobs in one request (`--depth=600 --filter=blob:limit=8192`: gitops.yaml, the values files and
 * the history the blocked-tag check reads are there; large files are not). Anything else missing is
 * fetched by id, and what concurrent readers miss in one round trip (`want`). Never by git's own
 * lazy fetch (it would fetch one object per process): local commands run with
 * `protocol.allow=never`, and objects are read through one long-lived `cat-file --batch` in a repo
 * that is not a partial clone (git-catfile.ts), where a missing object is simply "missing".
 *
 * A commit is written by one `git fast-import` (git-fast-import.ts).
 */








const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const SYMLINK_MODE = '120000';
/**
 * A head's blobs up to this size come with it. Env repo files (values, kustomizations,
 * gitops.yaml) are far smaller; a bigger file is fetched by id when read.
 */
const HEAD_FILTER = 'blob:limit=8192';
/**
 * Where the head with its small files stops being fine (BENCHMARKS.md, "wide env repos"): with
 * values files of ~1 KiB, trees only plus the two files by id cost less from about 30,000 files
 * (60,000 objects with their directories) on, and more below. A head fetch whose server
 * enumerates more objects than this is stopped as soon as the count arrives and made again with
 * trees only (`blob:none`), and so is every later one in this run; the files read come by id.
 */
const WIDE_HEAD_OBJECTS = 60_000;
const ENUMERATED = /Enumerating objects: (\d+)/g;
const FILTER_IGNORED = /filtering not recognized by server/i;
const MISSING_REF = /couldn't find remote ref/i;
class GitObjectStore {
    o;
    fetches = 0;
    /** A head fetch found the repo wide (WIDE_HEAD_OBJECTS): later ones take trees only. */
    wide = false;
    filterWarned = false;
    cat;
    /** Objects readers are waiting for, fetched together by the next batch. */
    wanted = new Set();
    batch;
    /** A fast-import started during a head fetch, for the commit that usually follows (commitFiles). */
    importer;
    closed = false;
    constructor(o) {
        this.o = o;
        this.cat = new CatFile({ cwd: o.readerDir, env: o.localEnv, redactor: o.redactor, timeoutMs: o.timeoutMs });
    }
    /** fetch invocations so far (git's round trips). */
    get fetchCount() {
        return this.fetches;
    }
    /**
     * End the reader and an unused fast-import (told `done`, it writes nothing). `remove` (the
     * clone's removal) runs while the reader ends (it only reads), after the fast-import (one just
     * started may still create its temporary pack).
     */
    async close(remove = () => Promise.resolve()) {
        this.closed = true;
        const importer = this.importer;
        this.importer = undefined;
        // However that fast-import ends (even killed by its watchdog), the clone is removed.
        const ended = importer?.ready ? importer.finish('done\n').catch(() => undefined) : undefined;
        await Promise.all([this.cat.close(), Promise.resolve(ended).then(remove)]);
    }
    /**
     * Start the processes the reads and the commit after a head fetch need while it waits on the
     * network (each start costs 5–15 ms here): cat-file once, fast-import when none is waiting.
     */
    warm() {
        if (this.closed)
            return;
        this.cat.warm();
        if (!this.importer?.ready) {
            this.importer = startFastImport({ gitDir: this.o.gitDir, env: this.o.localEnv, redactor: this.o.redactor, timeoutMs: this.o.timeoutMs });
        }
    }
    // ---------------------------------------------------------------- fetching
    /**
     * git fetch from origin, partial; resolves whatever the exit code. `gitDir`: another bare partial
     * clone of the same remote (the deep history's commits-only repo, see git-history.ts).
     */
    async fetch(options, refspecs, input, filter = 'blob:none', negotiate = input === undefined, gitDir = this.o.gitDir, onStderr) {
        const args = [
            // Without haves the request says "done" at once: one POST instead of two.
            ...(negotiate ? [] : ['-c', 'fetch.negotiationAlgorithm=noop']),
            'fetch',
            // A watcher reads the server's progress (how many objects it enumerated).
            onStderr ? '--progress' : '--quiet',
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
            cwd: gitDir,
            env: this.o.netEnv,
            input,
            redactor: this.o.redactor,
            timeoutMs: this.o.timeoutMs,
            remote: this.o.remote.display,
            onStderr,
        });
        if (!this.filterWarned && FILTER_IGNORED.test(r.stderr)) {
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
    /** Fetch a ref's tip (and `depth` - 1 commits below it) into a local ref; null when the remote lacks it. */
    async fetchRef(ref, local = ref, filter = HEAD_FILTER, depth = 1) {
        // A ref fetched before in this run: what we have of it spares resending its trees; a first
        // fetch has nothing worth negotiating (the notes share nothing with a branch).
        const again = (await this.readRef(local)) !== null;
        // A wide repo's head: trees only (WIDE_HEAD_OBJECTS), decided by the first head fetch's count.
        const wide = filter === HEAD_FILTER && this.wide;
        let tooWide = false;
        let tail = '';
        const watch = filter === HEAD_FILTER && !wide
            ? (chunk, kill) => {
                // A count may arrive split over two chunks.
                tail = (tail + chunk).slice(-256);
                for (const m of tail.matchAll(ENUMERATED)) {
                    if (!tooWide && Number(m[1]) > WIDE_HEAD_OBJECTS) {
                        tooWide = true;
                        kill();
                    }
                }
            }
            : undefined;
        const fetching = this.fetch([`--depth=${depth}`], [`+${ref}:${local}`], undefined, wide ? 'blob:none' : filter, again, undefined, watch);
        this.warm();
        let r = await fetching;
        if (tooWide) {
            this.wide = true;
            // The stopped fetch held the shallow file's lock (this clone is ours alone, and serialized).
            await (0,promises_.rm)((0,external_node_path_.join)(this.o.gitDir, 'shallow.lock'), { force: true });
            this.o.reporter.debug(`${this.o.remote.display}: more than ${WIDE_HEAD_OBJECTS} objects at the head; fetching trees only`);
            r = await this.fetch([`--depth=${depth}`], [`+${ref}:${local}`], undefined, 'blob:none', again);
        }
        if (r.code !== 0) {
            if (MISSING_REF.test(r.stderr)) {
                await this.deleteRef(local);
                return null;
            }
            throw this.failure(r.stderr, `fetch ${ref}`);
        }
        const sha = await this.readRef(local);
        if (!sha)
            throw new errors/* RemoteError */.Hi(`fetch ${ref} from ${this.o.remote.display} left no ${local}`);
        return sha;
    }
    /** A commit (with its trees) local, fetched by id if missing. */
    async ensureCommit(sha) {
        if (await this.cat.read(sha))
            return;
        const r = await this.fetch(['--depth=1'], [sha]);
        if (r.code !== 0)
            throw this.commitFailure(sha, r.stderr);
    }
    /** Fetch objects by id now, in one round trip (inside an exclusive operation). */
    async fetchObjects(oids) {
        const list = [...new Set(oids)];
        if (list.length === 0)
            return;
        const r = await this.fetch([], [], list.join('\n') + '\n');
        if (r.code !== 0)
            throw this.failure(r.stderr, 'fetch objects');
    }
    /**
     * Wait for objects to be fetched, together with whatever other readers want at the same time
     * (one round trip for all: status reads thirty files and sixty notes this way).
     */
    want(oids) {
        for (const o of oids)
            this.wanted.add(o);
        this.batch ??= this.o.exclusive(async () => {
            this.batch = undefined;
            const list = [...this.wanted];
            this.wanted.clear();
            await this.fetchObjects(list);
        });
        return this.batch;
    }
    /** Make the trees along `dirs` local for every root tree, one round trip per level at most. */
    async ensurePathTrees(roots, dirs) {
        let level = [...new Set(roots)];
        for (let i = 0; level.length > 0; i++) {
            const trees = await this.readTreesNow(level);
            if (i === dirs.length)
                return;
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
    async shallowCommits(gitDir = this.o.gitDir) {
        try {
            return new Set((await (0,promises_.readFile)((0,external_node_path_.join)(gitDir, 'shallow'), 'utf8')).split('\n').filter(Boolean));
        }
        catch {
            return new Set();
        }
    }
    // ---------------------------------------------------------------- refs (files: no process)
    async readRef(name) {
        try {
            const text = (await (0,promises_.readFile)((0,external_node_path_.join)(this.o.gitDir, name), 'utf8')).trim();
            if (FULL_SHA.test(text))
                return text;
        }
        catch {
            // not a loose ref: look in packed-refs (fetch may pack them)
        }
        try {
            for (const line of (await (0,promises_.readFile)((0,external_node_path_.join)(this.o.gitDir, 'packed-refs'), 'utf8')).split('\n')) {
                const [sha, ref] = line.split(' ');
                if (ref === name && FULL_SHA.test(sha))
                    return sha;
            }
        }
        catch {
            // no packed-refs
        }
        return null;
    }
    /** Point a local ref at `sha` (our own refs only: nothing else writes them meanwhile). */
    async writeRef(name, sha) {
        const path = (0,external_node_path_.join)(this.o.gitDir, name);
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
        await (0,promises_.writeFile)(`${path}.lock`, `${sha}\n`);
        await (0,promises_.rename)(`${path}.lock`, path);
    }
    async deleteRef(name) {
        await (0,promises_.rm)((0,external_node_path_.join)(this.o.gitDir, name), { force: true });
    }
    // ---------------------------------------------------------------- reading
    local(args, input, gitDir = this.o.gitDir) {
        return (0,git_process/* runGit */.EO)(args, { cwd: gitDir, env: this.o.localEnv, input, redactor: this.o.redactor });
    }
    async treeOf(commit) {
        const raw = await this.cat.read(commit);
        const m = raw?.type === 'commit' ? /^tree ([0-9a-f]+)/.exec(raw.data.toString('latin1')) : null;
        if (!m)
            throw new errors/* RemoteError */.Hi(`commit ${commit} in ${this.o.remote.display} is not available or has no tree`);
        return m[1];
    }
    /**
     * Inside an exclusive operation: a blob's reader. Local, it is read now; missing, it joins the
     * next batched fetch, which the returned function awaits (call it after leaving the operation:
     * readers queued behind this one join the same fetch).
     */
    async blobReader(oid) {
        const now = await this.cat.read(oid);
        if (now) {
            const data = checkBlob(oid, now.type, now.data, this.o.remote.display);
            return () => Promise.resolve(data);
        }
        const batch = this.want([oid]);
        return () => this.blob(oid, () => batch);
    }
    /** A blob, fetched at once when it is not local: inside an exclusive operation. */
    readBlobNow(oid) {
        return this.blob(oid, () => this.fetchObjects([oid]));
    }
    async blob(oid, fetch) {
        let o = await this.cat.read(oid);
        if (!o) {
            await fetch();
            o = await this.cat.read(oid);
        }
        if (!o)
            throw new errors/* RemoteError */.Hi(`object ${oid} is missing from ${this.o.remote.display}`);
        return checkBlob(oid, o.type, o.data, this.o.remote.display);
    }
    async readTree(oid) {
        return (await this.readTreesNow([oid])).get(oid);
    }
    /** Several trees, the missing ones fetched first in one round trip (inside an exclusive operation). */
    async readTreesNow(oids) {
        const unique = [...new Set(oids)];
        let objs = await Promise.all(unique.map((o) => this.cat.read(o)));
        const missing = unique.filter((_, i) => !objs[i]);
        if (missing.length > 0) {
            await this.fetchObjects(missing);
            const before = objs;
            objs = await Promise.all(unique.map((o, i) => (before[i] ? Promise.resolve(before[i]) : this.cat.read(o))));
        }
        const trees = new Map();
        unique.forEach((oid, i) => {
            const obj = objs[i];
            if (!obj)
                throw new errors/* RemoteError */.Hi(`tree ${oid} is missing from ${this.o.remote.display}`);
            if (obj.type !== 'tree')
                throw new errors/* RemoteError */.Hi(`object ${oid} in ${this.o.remote.display} is not a tree (${obj.type})`);
            trees.set(oid, parseTree(obj.data, oid.length / 2));
        });
        return trees;
    }
    /**
     * The entry at `parts` below a tree, walking (and fetching, if missing) one level at a time. A
     * symlink or submodule on the way is refused, unless `refuseSpecial` is false (an old commit
     * read for history: there it only means the file was not there).
     */
    async entryAt(tree, parts, refuseSpecial = true) {
        let current = tree;
        for (let i = 0; i < parts.length; i++) {
            const entry = (await this.readTree(current)).find((e) => e.name === parts[i]);
            if (!entry)
                return null;
            if (i === parts.length - 1)
                return entry;
            if (refuseSpecial && (entry.mode === SYMLINK_MODE || entry.type === 'commit')) {
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
    /**
     * Commit `files` on `parent` (null: a root commit) with one fast-import; null when no file would
     * change (no empty commit). Links and submodules are never overwritten.
     */
    async commitFiles(parent, files, message, opts = {}) {
        const baseTree = parent ? await this.treeOf(parent) : null;
        const planned = [];
        let changed = !parent || opts.allowEmpty === true;
        for (const f of files) {
            const parts = splitPath(f.path);
            const existing = baseTree ? await this.entryAt(baseTree, parts) : null;
            if (existing && (existing.mode === SYMLINK_MODE || existing.type === 'commit')) {
                throw (0,file_content/* specialFileError */.aG)(f.path, this.o.remote.display, existing.type === 'commit' ? 'submodule' : 'symlink');
            }
            const mode = existing?.type === 'blob' && existing.mode === '100755' ? '100755' : '100644';
            if (existing?.type !== 'blob' || existing.mode !== mode || existing.oid !== blobId(f.content, existing.oid.length))
                changed = true;
            planned.push({ path: parts.join('/'), content: f.content, mode });
        }
        if (!changed)
            return null;
        const started = this.importer;
        this.importer = undefined;
        return fastImportCommit({ parent, files: planned, message, author: this.o.author, committer: this.o.committer }, { gitDir: this.o.gitDir, env: this.o.localEnv, redactor: this.o.redactor, timeoutMs: this.o.timeoutMs, scratchRef: 'refs/gitops/written' }, started);
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
/** Refuse a commit that names one path as both a file and a directory (before anything is written). */
function checkChanges(files) {
    const seen = new Set(files.map((f) => splitPath(f.path).join('/')));
    for (const f of files) {
        const parts = splitPath(f.path);
        for (let i = 1; i < parts.length; i++) {
            const dir = parts.slice(0, i).join('/');
            if (seen.has(dir))
                throw new errors/* InputError */.dz(`"${dir}" is both a file and a directory in one commit`);
        }
    }
}
function checkBlob(oid, type, data, display) {
    if (type !== 'blob')
        throw new errors/* RemoteError */.Hi(`object ${oid} in ${display} is not a file (${type})`);
    return data;
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

// EXTERNAL MODULE: ./packages/core/src/naming.ts
var naming = __webpack_require__(5189);
;// CONCATENATED MODULE: ./packages/core/src/envrepo/git-history.ts
/**
 * The deep part of GitEnvRepo.history(): below the commits the clone has with their trees.
 *
 * A file's 30 newest commits on a long history where it rarely changes mean walking to the root,
 * and knowing which of thousands of commits touched the file needs each one's trees along the
 * path (fetched by id: slow). What the history's readers decide on beyond the recent window are
 * our own commits — those with our trailers (the blocked-tag check: "a commit made by hand
 * neither blocks nor clears"). So the deep history is read from commits only: they come without
 * any tree (`--filter=tree:0`, ~175 bytes each: 20,000 in one round trip) into a second bare
 * repo next to the clone, so the clone's own shallow boundary (and the exact, path-limited log
 * over the window) stays where it is. Of those commits, only the ones with our trailers are
 * candidates, and only their trees along the path (and their parents') are fetched, to keep
 * those that did change the file.
 */

/** The trailers our commits carry (naming.ts): a commit with none of them is a hand edit. */
const OUR_TRAILERS = ['Gitops-App', 'Gitops-Env', 'Gitops-To', naming/* ROLLBACK_OF */.LG];
/** `git log -E --grep`: a line that starts like one of our trailers (hasOurTrailers decides). */
const OUR_TRAILERS_GREP = `^(${OUR_TRAILERS.join('|')}):`;
/**
 * The first commits-only deepening goes at least this deep (about 4 MB of commits: most env repos
 * whole, in one round trip), later ones four times deeper. A deepening round trip costs more than
 * the commits it could have spared (it is negotiated, and the log runs again).
 */
const DEEP_FIRST_DEPTH = 25_000;
/**
 * Looking for a ledger (history's `until`, where the window shows we write ledgers here), the
 * first round goes only this deep (~0.4 MB): the file's newest commit of ours is usually near.
 * Without one there, the walk goes on as above.
 */
const DEEP_LEDGER_DEPTH = 2_500;
/** `git rev-list -E --grep`: a commit with a ledger (verdicts.ts). */
const LEDGER_GREP = `^${naming/* EARLIER_TAGS */.HD}:`;
/** `git log -z` format of the deep history: what a candidate needs, and its parents' trees. */
const DEEP_LOG_FORMAT = '%H%x1f%P%x1f%T%x1f%cI%x1f%B';
/** Records of `git log -z --format=DEEP_LOG_FORMAT`, in log order. */
function parseDeepLog(out) {
    const commits = [];
    for (const rec of out.split('\0')) {
        const f = rec.split('\x1f');
        if (f.length < 5)
            continue;
        const sha = f[0].trim();
        commits.push({
            sha,
            parents: f[1].split(' ').filter(Boolean),
            tree: f[2],
            date: f[3],
            message: f.slice(4).join('\x1f').replace(/\n+$/, ''),
        });
    }
    return commits;
}
/** Whether a commit message carries any of our trailers (parseTrailers: its last paragraph). */
function hasOurTrailers(message) {
    const t = (0,naming/* parseTrailers */.aw)(message);
    return OUR_TRAILERS.some((k) => t.has(k));
}
/**
 * Whether a commit changed the path, as `git log -- path` decides it: a root commit when the path
 * exists, any other when it differs from every parent (a merge that kept one side's file did not).
 */
function touched(own, parents) {
    if (parents.length === 0)
        return own !== null;
    return parents.every((p) => p !== own);
}
/**
 * Two lists in git log's order (newest first) as one: the newer head first, `a`'s on a tie (the
 * window's entries before the deep walk's, a valid order: these are their ancestors).
 */
function mergeByDate(a, b) {
    const out = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        if (j >= b.length || (i < a.length && !(Date.parse(b[j].date ?? '') > Date.parse(a[i].date ?? ''))))
            out.push(a[i++]);
        else
            out.push(b[j++]);
    }
    return out;
}

// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(4995);
;// CONCATENATED MODULE: ./packages/core/src/envrepo/git-notes.ts
/**
 * Verification records as git notes under refs/notes/gitops: one JSON object per line, the latest
 * line per context wins. The notes ref is pushed with compare-and-swap; concurrent writers
 * re-apply their line on the fresh note (p-retry, jittered backoff).
 *
 * Reads fetch the notes ref once per run (with its trees and small blobs): every later read is
 * local (status: ~60 records, one round trip); a note too large for that comes by id, fetched
 * together with what other readers miss at the same time.
 */



const NOTES_REF = 'refs/notes/gitops';
/**
 * The notes tip, fetched once per run with its trees and (small) note blobs: a status run reads
 * dozens of notes, eight at a time, and fetching their blobs on demand took a round trip per batch.
 */
async function notesTip(store) {
    if (store.tip === undefined)
        store.tip = await store.objects.fetchRef(NOTES_REF, NOTES_REF, HEAD_FILTER);
    return store.tip;
}
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
        // Always fresh here: the push is a compare-and-swap on what was read.
        const notes = await objects.fetchRef(NOTES_REF, NOTES_REF, 'blob:none');
        store.tip = notes;
        const baseTree = notes ? await objects.treeOf(notes) : null;
        const existing = baseTree ? await findNote(objects, baseTree, commit) : null;
        const old = existing ? (await objects.readBlobNow(existing.oid)).toString('utf8') : '';
        const text = mergeNote(old, context, line);
        const sha = (await objects.commitFiles(notes, [{ path: existing?.path ?? commit, content: text }], `Notes added by gitops-actions\n`, {
            allowEmpty: true,
        }));
        await store.push(sha, NOTES_REF, { expect: notes ?? '' });
        await objects.writeRef(NOTES_REF, sha);
        // Others may be recording too: a read after our own write looks again.
        store.tip = undefined;
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
/** The blob of `commit`'s note, or null (inside the caller's exclusive operation). */
async function locateNote(store, commit) {
    const notes = await notesTip(store);
    if (!notes)
        return null;
    return (await findNote(store.objects, await store.objects.treeOf(notes), commit))?.oid ?? null;
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
 * The local repository is a bare, shallow partial clone that fetches only what a call needs
 * (git-objects.ts): a dev promotion is two round trips (the head with its recent history's trees
 * and small files, so the file's history is local; the push). A commit is pushed with
 * `--force-with-lease=<ref>:<parent>`, so a moved branch is a ConflictError (git-push.ts).
 * Verifications are git notes under refs/notes/gitops (git-notes.ts).
 */
















const DEFAULT_AUTHOR = { name: 'gitops-actions', email: 'gitops-actions@users.noreply.github.com' };
/** Where fetched branch tips are kept locally (not refs/remotes: push must not touch them). */
const LOCAL_HEADS = 'refs/gitops/heads/';
/**
 * A branch head is fetched with this many commits below it (with trees and small files): what a
 * verb's history read (30 commits touching a file: see history()) starts from, in the same request.
 */
const HEAD_DEPTH = 600;
/**
 * A history read deepens the head with all the commits' trees up to this many commits (one round
 * trip, and any file's history in them is local). Deeper, where every commit's trees would weigh
 * more than they are worth, the walk goes on over commits only (git-history.ts).
 */
const ALL_TREES_DEPTH = 1000;
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
    /** branch + parent whose push lost: the next try of that change looks first (per-file compare-and-swap). */
    lostOn = new Set();
    /** How deep the history below a commit is local (a head fetch: 1). */
    depths = new Map();
    /** root tree + directory path whose trees are local (the deep history rounds). */
    pathTrees = new Set();
    /** Per tip: the deep history read so far (deepRepo()). */
    deep = new Map();
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
    untrackTmp, 
    /** The object store's way into our queue (batched fetches), bound here. */
    exclusive) {
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
        exclusive.run = (fn) => this.serial(fn);
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
                // A throw-away clone: no fsync of the packs fetch and fast-import write (git's default).
                ['core.fsync', 'none'],
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
            const pushDir = (0,external_node_path_.join)(tmp, 'push.git');
            // Two bare repos written directly (HEAD, config, objects/, refs/): no git process for it.
            // Both settled before a failure is thrown: the clean-up below must not race a mkdir.
            const setup = await Promise.allSettled([
                initBare(gitDir, localConfig(remote.url)),
                initBare(pushDir, pushConfig()).then(() => (0,promises_.writeFile)((0,external_node_path_.join)(pushDir, 'objects', 'info', 'alternates'), `${(0,external_node_path_.join)(gitDir, 'objects')}\n`)),
            ]);
            for (const s of setup)
                if (s.status === 'rejected')
                    throw s.reason;
            const exclusive = {};
            const objects = new GitObjectStore({
                gitDir,
                readerDir: pushDir,
                remote,
                redactor,
                netEnv,
                localEnv,
                author,
                committer,
                reporter: opts.reporter ?? report/* silentReporter */.P,
                timeoutMs,
                exclusive: (fn) => exclusive.run(fn),
            });
            return new GitEnvRepo(tmp, objects, remote, redactor, netEnv, pushDir, opts.branch, timeoutMs, untrackTmp, exclusive);
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
        const read = await this.serial(async () => {
            const sha = await this.resolveCommit(commit);
            if (!sha)
                return null;
            // A commit on this parent depends on what was read here (see commit()).
            this.readPaths.set(sha, [...(this.readPaths.get(sha) ?? []), path]);
            const entry = await this.objects.entryAt(await this.objects.treeOf(sha), parts);
            if (entry && (entry.mode === SYMLINK_MODE || entry.type === 'commit')) {
                throw (0,file_content/* specialFileError */.aG)(path, this.display, entry.type === 'commit' ? 'submodule' : 'symlink');
            }
            return entry?.type === 'blob' ? this.objects.blobReader(entry.oid) : null;
        });
        // Outside the queue: readers queued meanwhile share one fetch of the blobs they miss.
        return read ? (0,file_content/* decodeFile */.JG)(await read(), path, this.display) : null;
    }
    async commit(req) {
        checkBranch(req.branch);
        checkChanges(req.files);
        if (req.parent && !FULL_SHA.test(req.parent))
            throw new errors/* InputError */.dz(`commit parent must be a full commit SHA, got "${req.parent}"`);
        return this.serial(async () => {
            const retry = req.parent && !req.createBranch && !req.force && this.lostOn.has(`${req.branch}\0${req.parent}`);
            // After a lost push the verb waited; look now, just before pushing again (a head fetched
            // before the wait would be stale by the end of it).
            const parent = retry ? await this.headWithoutOurFiles(req) : req.parent || null;
            if (parent)
                await this.objects.ensureCommit(parent);
            const sha = await this.objects.commitFiles(parent, req.files, req.message, { allowEmpty: req.createBranch || req.force });
            if (!sha) {
                // Nothing to change: no empty commit. Still honour compare-and-swap.
                const head = await this.fetchBranch(req.branch);
                if (head !== parent)
                    throw branchMoved(this.display, req.branch, parent, head);
                return { sha: parent };
            }
            const lease = req.force ? 'force' : { expect: req.createBranch ? '' : (parent ?? '') };
            try {
                await this.pushRef(sha, `refs/heads/${req.branch}`, lease);
            }
            catch (e) {
                if (!(e instanceof errors/* ConflictError */.fK) || req.force || req.createBranch || !req.parent)
                    throw e;
                // Lost the race. If one of our files moved, re-plan now (headWithoutOurFiles throws);
                // else keep the plan and wait — and the next try looks again first, as a head fetched
                // before the wait would be stale by its end. No measure of the crowd in git: the verb's
                // plain exponential backoff, over twice the window (one other writer at least got in).
                this.lostOn.add(`${req.branch}\0${req.parent}`);
                const now = await this.headWithoutOurFiles(req);
                throw new contention/* BranchMovedError */.wk(`${e.message}; our files did not move, waiting before the next push`, e.fix, now, undefined, true, {
                    writers: 2,
                    lost: true,
                });
            }
            await this.objects.writeRef(`${LOCAL_HEADS}${req.branch}`, sha);
            return { sha };
        });
    }
    /**
     * Where the branch is now, if none of the files the change was computed from moved since its
     * parent — those written and those read at the parent (GitLab's per-file \`last_commit_id\`
     * check, made here): the same change then applies on the new head. Else ConflictError, and the
     * verb re-reads and re-applies.
     */
    async headWithoutOurFiles(req) {
        const now = await this.fetchBranch(req.branch);
        if (!now)
            throw new errors/* ConflictError */.fK(`branch ${req.branch} no longer exists in ${this.display}`, 're-read and retry');
        if (now === req.parent)
            return now;
        const paths = new Set([...req.files.map((f) => f.path), ...(this.readPaths.get(req.parent) ?? [])]);
        const [before, after] = await Promise.all([this.objects.treeOf(req.parent), this.objects.treeOf(now)]);
        for (const p of paths) {
            const [a, b] = [await this.objects.entryAt(before, splitPath(p)), await this.objects.entryAt(after, splitPath(p))];
            if (a?.oid !== b?.oid || a?.mode !== b?.mode) {
                this.lostOn.delete(`${req.branch}\0${req.parent}`);
                throw branchMoved(this.display, req.branch, req.parent, now);
            }
        }
        return now;
    }
    /**
     * The `limit` newest commits that touched `path` below `ref`, newest first. Exact (`git log --
     * path`) over the commits the clone has with their trees: the head's HEAD_DEPTH, deepened with
     * trees up to ALL_TREES_DEPTH when that is predicted to be enough. Deeper (a file that rarely
     * changes on a long history), the walk goes on over commits only (git-history.ts) and lists
     * only commits with our trailers that changed the file: there, commits made by hand are not
     * listed (they decide nothing for the blocked-tag check; rollback, status and the history verb
     * see them in the window only), and side branches of merges are walked like the main line.
     * `opts.until`: the list ends at the first certain entry it accepts (a ledger that settles the
     * blocked-tag check), before any deeper fetch.
     */
    async history(path, ref, limit, opts = {}) {
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
            // extrapolate from the hit rate so far (at least quadrupling).
            let depth = Math.max(100, want * 20);
            for (;;) {
                if ((this.depths.get(tip) ?? 0) < depth) {
                    const r = await this.objects.fetch([`--depth=${depth}`], [tip], undefined, 'blob:none');
                    if (r.code !== 0)
                        throw bySha ? this.objects.commitFailure(tip, r.stderr) : this.objects.failure(r.stderr, 'fetch history');
                    this.depths.set(tip, depth);
                }
                const shallow = await this.objects.shallowCommits();
                const out = await this.objects.local(['--literal-pathspecs', 'log', '-z', '--format=%H%x1f%cI%x1f%B', tip, '--', parts.join('/')]);
                const result = [];
                // All the window's certain entries (the deep walk merges its own with them).
                const certain = [];
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
                        continue;
                    }
                    certain.push({ sha, message: rec.slice(j + 1).replace(/\n+$/, ''), date: rec.slice(i + 1, j) });
                    if (uncertain)
                        continue;
                    result.push(certain[certain.length - 1]);
                    // The caller needs nothing older (a ledger settled its check): no deeper walk.
                    if (result.length >= want || opts.until?.(certain[certain.length - 1]))
                        return result;
                }
                // Fewer than wanted and no boundary commit in the file's log: complete when the walk
                // reached the real root (certain without asking when the clone has no boundary at all).
                if (!uncertain && shallow.size === 0)
                    return result;
                const revList = async () => (await this.objects.local(['rev-list', tip])).split('\n').filter(Boolean);
                let window;
                if (!uncertain) {
                    window = await revList();
                    if (!window.some((c) => shallow.has(c)))
                        return result;
                }
                const estimate = result.length > 0 ? Math.ceil(((depth * want) / result.length) * 1.5) : depth * 10;
                const next = Math.max(depth * 4, estimate);
                if (next > ALL_TREES_DEPTH) {
                    window ??= await revList();
                    const edges = new Set(window.filter((c) => shallow.has(c)));
                    const known = new Set(window.filter((c) => !edges.has(c)));
                    const first = Math.max(2 * estimate, DEEP_FIRST_DEPTH);
                    // A shallow round for a ledger below the window only where the window shows ledgers at
                    // all (we write to this repo): on a history we never wrote to, straight to the full walk.
                    const seek = opts.until !== undefined && (await this.objects.local(['rev-list', '-1', '-E', `--grep=${LEDGER_GREP}`, tip])).trim() !== '';
                    return this.deepHistory(tip, parts, want, certain, known, { first, start: seek ? Math.min(DEEP_LEDGER_DEPTH, first) : first }, opts.until);
                }
                depth = next;
            }
        });
    }
    /**
     * history() below the window (git-history.ts): `found` are the window's certain entries,
     * `known` the window's commits that are not on its boundary (judged already). Commits only are
     * fetched into a bare repo of their own, `depth` below the tip, then deeper until `want` entries
     * are certain or the root is reached; of those, the ones with our trailers are kept when their
     * trees along the path (and their parents') say they changed the file, newest first. The
     * first round is `depths.start` deep (shallow when looking for a ledger), later ones at least
     * `depths.first`; `until` ends the list at the first of ours it accepts.
     */
    async deepHistory(tip, parts, want, found, known, depths, until) {
        let depth = depths.start;
        const deep = await this.deepRepo(tip);
        const dirs = parts.slice(0, -1);
        const dirKey = dirs.join('/');
        for (;;) {
            if (deep.depth < depth) {
                // The first time nothing to negotiate (the repo is empty); then the tip there says what we have.
                const r = await this.objects.fetch([`--depth=${depth}`], [`+${tip}:refs/gitops/deep`], undefined, 'tree:0', deep.depth > 0, deep.dir);
                if (r.code !== 0)
                    throw this.objects.failure(r.stderr, 'fetch history');
                // Only the commits new to us: below the former boundary (listed again, now with their parents).
                const from = deep.depth > 0 ? [...deep.boundary] : [tip];
                deep.depth = depth;
                deep.boundary = await this.objects.shallowCommits(deep.dir);
                if (from.length > 0) {
                    const out = await this.objects.local(['log', '-z', `--format=${DEEP_LOG_FORMAT}`, '-E', `--grep=${OUR_TRAILERS_GREP}`, ...from], undefined, deep.dir);
                    for (const c of parseDeepLog(out)) {
                        if (!hasOurTrailers(c.message))
                            continue;
                        if (!deep.ours.has(c.sha))
                            deep.order.push(c.sha);
                        deep.ours.set(c.sha, c);
                        deep.trees.set(c.sha, c.tree);
                    }
                }
            }
            // Ours below the window, newest first, up to the first one on the boundary (parents unknown).
            const candidates = [];
            let boundaryCommit;
            for (const sha of deep.order) {
                if (known.has(sha))
                    continue;
                if (deep.boundary.has(sha)) {
                    boundaryCommit = deep.ours.get(sha);
                    break;
                }
                candidates.push(deep.ours.get(sha));
            }
            // The window's entries and ours that changed the file, in git log's date order. Settled when
            // `want` of them are newer than any commit of ours still unverified (an ancestor is older).
            const verified = [];
            let i = 0;
            const settled = () => {
                const merged = mergeByDate(found, verified);
                const next = i < candidates.length ? candidates[i] : boundaryCommit;
                return merged.length >= want && (next === undefined || Date.parse(next.date) <= Date.parse(merged[want - 1].date ?? ''));
            };
            while (i < candidates.length && !settled()) {
                // In batches a little larger than what is missing: one fetch of path trees each.
                const batch = candidates.slice(i, i + Math.max(2 * (want - found.length - verified.length), 16));
                i += batch.length;
                const key = (c) => `${c.sha}:${parts.join('/')}`;
                const todo = batch.filter((c) => !deep.touched.has(key(c)));
                const parents = [...new Set(todo.flatMap((c) => c.parents))].filter((p) => !deep.trees.has(p));
                if (parents.length > 0) {
                    const out = await this.objects.local(['log', '--no-walk=unsorted', '--stdin', '--format=%H %T'], `${parents.join('\n')}\n`, deep.dir);
                    for (const line of out.split('\n'))
                        if (line)
                            deep.trees.set(line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1));
                }
                const roots = [...new Set(todo.flatMap((c) => [c.tree, ...c.parents.map((p) => deep.trees.get(p))]))].filter((t) => !this.pathTrees.has(`${t}:${dirKey}`));
                await this.objects.ensurePathTrees(roots, dirs);
                for (const t of roots)
                    this.pathTrees.add(`${t}:${dirKey}`);
                const entry = async (tree) => {
                    const e = await this.objects.entryAt(tree, parts, false);
                    return e ? `${e.mode} ${e.oid}` : null;
                };
                for (const c of todo) {
                    deep.touched.set(key(c), touched(await entry(c.tree), await Promise.all(c.parents.map((p) => entry(deep.trees.get(p))))));
                }
                for (const c of batch)
                    if (deep.touched.get(key(c)))
                        verified.push({ sha: c.sha, message: c.message, date: c.date });
                // The caller needs nothing older than this one (a ledger that settles its check).
                const stop = until ? verified.findIndex(until) : -1;
                if (stop >= 0)
                    return mergeByDate(found, verified.slice(0, stop + 1)).slice(0, want);
            }
            if (settled() || (!boundaryCommit && deep.boundary.size === 0))
                return mergeByDate(found, verified).slice(0, want);
            depth = depth < depths.first ? depths.first : Math.max(depth, deep.depth) * 4;
        }
    }
    /** The commits-only bare repo of `tip`'s deep history (git-history.ts), created on first use. */
    async deepRepo(tip) {
        let deep = this.deep.get(tip);
        if (!deep) {
            deep = {
                dir: (0,external_node_path_.join)(this.tmp, `history-${this.deep.size}.git`),
                depth: 0,
                boundary: new Set(),
                order: [],
                ours: new Map(),
                trees: new Map(),
                touched: new Map(),
            };
            await initBare(deep.dir, localConfig(this.remote.url));
            this.deep.set(tip, deep);
        }
        return deep;
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
        const read = await this.serial(async () => {
            const oid = await locateNote(this.notes, commit);
            return oid ? this.objects.blobReader(oid) : null;
        });
        // Outside the queue: concurrent readers' note blobs come in one fetch.
        return read ? parseNote((await read()).toString('utf8')) : [];
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        await this.queue.catch(() => { });
        await this.objects.close(() => (0,promises_.rm)(this.tmp, { recursive: true, force: true }));
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
     * The branch tip and its recent history with all their trees and small files (HEAD_FILTER,
     * HEAD_DEPTH): one request, and gitops.yaml, the values files, every path lookup and the usual
     * history read are local from then on.
     */
    async fetchBranch(branch) {
        const sha = await this.objects.fetchRef(`refs/heads/${branch}`, `${LOCAL_HEADS}${branch}`, HEAD_FILTER, HEAD_DEPTH);
        if (sha)
            this.depths.set(sha, Math.max(HEAD_DEPTH, this.depths.get(sha) ?? 0));
        return sha;
    }
    /** A full SHA (fetched if not local) or a branch name (its fresh head); null if the branch is missing. */
    async resolveCommit(commitish) {
        if (FULL_SHA.test(commitish)) {
            await this.objects.ensureCommit(commitish);
            return commitish;
        }
        const branch = commitish.replace(/^refs\/heads\//, '');
        if (branch === 'HEAD')
            return this.objects.fetchRef('HEAD', `${LOCAL_HEADS}HEAD`, HEAD_FILTER);
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
/** A bare repository is HEAD, config, objects/ and refs/: written directly, no `git init` process. */
async function initBare(dir, config) {
    for (const sub of ['objects/info', 'objects/pack', 'refs/heads', 'refs/tags'])
        await (0,promises_.mkdir)((0,external_node_path_.join)(dir, sub), { recursive: true });
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'HEAD'), 'ref: refs/heads/main\n');
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'config'), config);
}
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
        '\tpartialCloneFilter = blob:none',
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


/***/ })

};
