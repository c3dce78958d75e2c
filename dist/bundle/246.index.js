export const id = 246;
export const ids = [246];
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

/***/ 9710:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* reexport safe */ _redaction_js__WEBPACK_IMPORTED_MODULE_2__.fp),
/* harmony export */   G$: () => (/* binding */ remoteErrorFor),
/* harmony export */   Nz: () => (/* binding */ fromGitlabState),
/* harmony export */   d7: () => (/* binding */ fromGithubState),
/* harmony export */   n6: () => (/* reexport safe */ _repo_ref_js__WEBPACK_IMPORTED_MODULE_1__.n6),
/* harmony export */   yy: () => (/* reexport safe */ _retry_js__WEBPACK_IMPORTED_MODULE_3__.yy),
/* harmony export */   zw: () => (/* binding */ gitlabState)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _repo_ref_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5845);
/* harmony import */ var _redaction_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3812);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9899);
/**
 * What the GitHub and GitLab adapters share: the repository they name (repo-ref.ts), the
 * user-facing errors for the usual refusals, and keeping tokens out of every message.
 */


/** Replace every occurrence of the secrets in a message (the forge clients' name for it). */

/** The hint for a refusal, led by what credential was sent and why. */
function authHint(c, fix) {
    return c.credentialNote ? `${c.credentialNote}; ${fix}` : fix;
}
/** The RemoteError for an HTTP refusal, with the fix where we know it. Never carries the token. */
function remoteErrorFor(status, forgeMessage, c) {
    const msg = forgeMessage.trim().replace(/\s+/g, ' ').slice(0, 300);
    if (status === 401) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi(c.hasToken
            ? `${c.forgeName} rejected the token for ${c.display} (401 ${msg || 'Unauthorized'})`
            : `${c.forgeName} requires a token for ${c.display} (401 ${msg || 'Unauthorized'})`, authHint(c, c.hasToken ? `check that ${c.tokenEnv} is valid and not expired` : `set ${c.tokenEnv}, or bind it to this host with --token-host`), { status });
    }
    if (status === 404) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi(`repository ${c.display} not found at ${c.apiUrl} (check --env-repo and that the token can see it)`, c.credentialNote, { status });
    }
    if (status === 403) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi(`${c.forgeName} refused to ${c.op} on ${c.display}: ${msg || 'Forbidden'} (403)`, authHint(c, c.hasToken
            ? `check that ${c.tokenEnv} may write to ${c.display} and that the branch is not protected`
            : `set ${c.tokenEnv}, or bind it to this host with --token-host`), { status });
    }
    if (status === undefined || status === 0) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi(`could not reach ${c.forgeName} at ${c.apiUrl} to ${c.op}: ${msg}`, undefined, {});
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi(`${c.forgeName} refused to ${c.op} on ${c.display}: ${msg || 'error'} (${status})`, undefined, { status });
}
/** `gitops/<app>/<env>` states ↔ forge states (GitHub's are ours; GitLab says failed). */
function fromGithubState(s) {
    return s === 'success' ? 'success' : s === 'pending' ? 'pending' : 'failure';
}
function gitlabState(v) {
    return v === 'failure' ? 'failed' : v;
}
function fromGitlabState(s) {
    if (s === 'success')
        return 'success';
    if (s === 'failed' || s === 'canceled')
        return 'failure';
    return 'pending';
}
/** The GitLab client's wait for a retry-after. */



/***/ }),

/***/ 7246:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openGitLabRepo: () => (/* binding */ openGitLabRepo)
});

// UNUSED EXPORTS: GitLabEnvRepo

// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(4995);
// EXTERNAL MODULE: ./packages/core/src/bounded-fetch.ts
var bounded_fetch = __webpack_require__(9109);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/envrepo/contention.ts
var contention = __webpack_require__(9388);
// EXTERNAL MODULE: ./packages/core/src/envrepo/forge-common.ts
var forge_common = __webpack_require__(9710);
// EXTERNAL MODULE: ./packages/core/src/envrepo/file-content.ts
var file_content = __webpack_require__(6167);
;// CONCATENATED MODULE: ./packages/core/src/envrepo/gitlab-releases.ts
class GitLabReleases {
    gl;
    constructor(gl) {
        this.gl = gl;
    }
    toRelease(r) {
        return { tag: r.tag_name, name: r.name ?? r.tag_name, body: r.description ?? '', url: r._links?.self ?? '' };
    }
    async get(tag) {
        const r = await this.gl.request(`read the release ${tag}`, 'GET', `/releases/${encodeURIComponent(tag)}`, {}, (status) => status === 404 ? null : undefined);
        return r.data ? this.toRelease(r.data) : null;
    }
    async create(input) {
        let exists = false;
        const r = await this.gl.request(`create the release ${input.tag}`, 'POST', '/releases', { json: { tag_name: input.tag, ref: input.target, name: input.name, description: input.body } }, 
        // Someone made it between our look and our create: theirs is the release.
        (status, m) => (status === 409 && /already exists/i.test(m) ? ((exists = true), null) : undefined));
        if (!exists && r.data)
            return this.toRelease(r.data);
        const found = await this.get(input.tag);
        if (!found)
            throw this.gl.error(409, `a release ${input.tag} already exists but cannot be read`, `create the release ${input.tag}`);
        return found;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/envrepo/gitlab.ts







class TransientError extends Error {
    status;
    retryAfterMs;
    constructor(message, status, retryAfterMs = 0) {
        super(message);
        this.status = status;
        this.retryAfterMs = retryAfterMs;
    }
}
const DRAFT = /^\s*(\[draft\]|\(draft\)|draft:|draft\s-\s)\s*/i;
function messageOf(body) {
    if (body === null || body === undefined)
        return '';
    if (typeof body === 'string')
        return body;
    const b = body;
    const m = b.message ?? b.error;
    if (typeof m === 'string')
        return m;
    if (Array.isArray(m))
        return m.map(String).join('; ');
    if (m && typeof m === 'object') {
        return Object.entries(m)
            .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`)
            .join('; ');
    }
    return JSON.stringify(body).slice(0, 200);
}
/**
 * Before our first write, a commit through the commits API is taken to cost four reads of a
 * branch or a file (it builds a tree and a commit and moves a ref); the measured write time
 * replaces this after a write.
 */
const WRITE_PER_READ = 4;
// The queue's spacing is half GitHub's: there a write is exposed from our look to the end of our
// write (a cycle); here only inside the server, between its read of the branch and its ref update
// (about half the request), so half the spacing loses as often (see SPREAD).
class GitLabEnvRepo {
    forge = 'gitlab';
    display;
    changeRequests;
    releases;
    apiUrl;
    webUrl;
    projectKey;
    token;
    authHeader;
    opts;
    dispatcher;
    requests = 0;
    /** `${commit}\0${path}` → what we know of the file at that commit. */
    files = new Map();
    /** File texts already read, by `commit\0path` (commits are immutable). */
    contents = new Map();
    contention = new contention/* ContentionMeter */.rn();
    /** Set when the first write was held back: clients seen at work then, and the meter's counts. */
    held;
    turn = new contention/* WriteTurn */.T6(Math.random, contention/* SPREAD */.Mo / 2, true);
    /** Writes to an existing branch tried so far. */
    writes = 0;
    constructor(opts) {
        this.opts = opts;
        this.projectKey = String(opts.project)
            .replace(/^\/+|\/+$/g, '')
            .replace(/\.git$/, '');
        this.display = this.projectKey;
        this.apiUrl = (opts.apiUrl ?? 'https://gitlab.com/api/v4').replace(/\/+$/, '');
        this.webUrl = (0,forge_common/* webUrlOf */.n6)('gitlab', this.apiUrl);
        this.token = opts.token || undefined;
        const kind = opts.tokenKind ?? 'private';
        this.authHeader = !this.token
            ? {}
            : kind === 'job'
                ? { 'JOB-TOKEN': this.token }
                : kind === 'oauth'
                    ? { authorization: `Bearer ${this.token}` }
                    : { 'PRIVATE-TOKEN': this.token };
        this.dispatcher = (0,bounded_fetch/* boundedDispatcher */.j)({ timeoutMs: opts.timeoutMs });
        this.changeRequests = new GitLabMergeRequests(this);
        this.releases = new GitLabReleases(this);
    }
    get requestCount() {
        return this.requests;
    }
    tokenEnv() {
        if (this.opts.tokenEnv)
            return this.opts.tokenEnv;
        return this.opts.tokenKind === 'job' ? 'CI_JOB_TOKEN' : 'GITLAB_TOKEN';
    }
    /** @internal An error for a refused request; never carries the token. */
    error(status, message, op) {
        const msg = (0,forge_common/* redact */.E$)(message, [this.token]);
        if (status === 404 && !/project not found/i.test(msg) && msg !== '404 Not Found' && msg !== '') {
            return new errors/* RemoteError */.Hi(`GitLab could not find what "${op}" needs in ${this.display}: ${msg}`, undefined, { status });
        }
        return (0,forge_common/* remoteErrorFor */.G$)(status, msg, {
            forgeName: 'GitLab',
            display: this.display,
            apiUrl: this.apiUrl,
            op,
            tokenEnv: this.tokenEnv(),
            hasToken: !!this.token,
            credentialNote: this.opts.credentialNote,
        });
    }
    /**
     * @internal One API request under the project (`path` starts with `/`, or is `''`), or at the
     * API root when `root` is set. Retries transient failures; returns non-2xx replies to `handle`
     * first, then throws the mapped RemoteError.
     */
    async request(op, method, path, opts = {}, handle) {
        const q = new URLSearchParams();
        for (const [k, v] of Object.entries(opts.query ?? {}))
            if (v !== undefined)
                q.set(k, String(v));
        const base = opts.root ? this.apiUrl : `${this.apiUrl}/projects/${encodeURIComponent(this.projectKey)}`;
        const url = `${base}${path}${q.size ? `?${q.toString()}` : ''}`;
        const headers = { accept: 'application/json', 'user-agent': 'gitops-actions', ...this.authHeader };
        if (opts.json !== undefined)
            headers['content-type'] = 'application/json';
        const unit = this.opts.retryAfterUnitMs ?? 1000;
        const maxWait = (this.opts.maxRetryAfterSeconds ?? 120) * unit;
        let res;
        try {
            res = await (0,p_retry/* default */.Ay)(async () => {
                this.requests++;
                let r;
                const t = performance.now();
                try {
                    r = await (0,bounded_fetch/* boundedFetch */.A)(url, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) }, { dispatcher: this.dispatcher, timeoutMs: this.opts.timeoutMs });
                    this.contention.observe(r.headers, performance.now() - t, method !== 'GET' && method !== 'HEAD');
                }
                catch (e) {
                    // Our own bounds (timeout, size, redirects) are final: not retried.
                    if (e instanceof bounded_fetch/* HttpBoundError */.fU)
                        throw e;
                    const cause = e.cause;
                    throw new TransientError(cause?.code ?? cause?.message ?? e.message, undefined);
                }
                if (r.status === 429 || r.status >= 500) {
                    const text = await r.text().catch(() => '');
                    let body = text;
                    try {
                        body = JSON.parse(text);
                    }
                    catch {
                        /* plain text */
                    }
                    // Retry-After, else (a 429 from GitLab's rate limiter) RateLimit-Reset: when the window opens again.
                    let ra = Number(r.headers.get('retry-after'));
                    const reset = Number(r.headers.get('ratelimit-reset'));
                    if (!(ra > 0) && r.status === 429 && reset > 0)
                        ra = Math.max(1, Math.ceil(reset - Date.now() / 1000));
                    throw new TransientError(messageOf(body) || r.statusText, r.status, Number.isFinite(ra) && ra > 0 ? ra * unit : 0);
                }
                return r;
            }, {
                retries: this.opts.retries ?? 4,
                minTimeout: this.opts.retryBaseMs ?? 500,
                factor: 2,
                randomize: true,
                shouldRetry: ({ error }) => error instanceof TransientError && error.retryAfterMs <= maxWait,
                onFailedAttempt: async ({ error, retriesLeft }) => {
                    if (error instanceof TransientError && error.retryAfterMs > 0 && error.retryAfterMs <= maxWait && retriesLeft > 0) {
                        await (0,forge_common/* sleep */.yy)(error.retryAfterMs);
                    }
                },
            });
        }
        catch (e) {
            if (e instanceof TransientError)
                throw this.error(e.status, e.message, op);
            throw this.error(undefined, e.message, op);
        }
        if (res.ok) {
            if (opts.raw)
                return { status: res.status, data: (await res.text()), headers: res.headers };
            const text = await res.text();
            return { status: res.status, data: (text ? JSON.parse(text) : null), headers: res.headers };
        }
        const text = await res.text().catch(() => '');
        let body = text;
        try {
            body = JSON.parse(text);
        }
        catch {
            /* plain text */
        }
        const message = (0,forge_common/* redact */.E$)(messageOf(body) || res.statusText, [this.token]);
        if (handle) {
            const handled = handle(res.status, message);
            if (handled !== undefined)
                return { status: res.status, data: handled, headers: res.headers };
        }
        throw this.error(res.status, message, op);
    }
    /** @internal Every page of a list (x-next-page). */
    async all(op, path, query, limit = Infinity) {
        const out = [];
        let page = '1';
        while (page && out.length < limit) {
            const r = await this.request(op, 'GET', path, { query: { ...query, page } });
            out.push(...r.data);
            page = r.headers.get('x-next-page') || null;
            if (r.data.length === 0)
                break;
        }
        return out.slice(0, limit);
    }
    async head(branch, opts) {
        // GET files/<path>?ref=<branch> answers with the branch's commit_id too: one request gives
        // the head and the first file the verb reads (gitops.yaml), so a dev promotion is 3 calls.
        const first = opts?.prefetch?.[0];
        if (first) {
            const file = await this.fetchFile(first, branch);
            if (file) {
                this.remember(first, file.commit_id, file);
                return file.commit_id;
            }
            // No such file (or branch): the branch endpoint tells which.
        }
        const r = await this.request(`read branch ${branch}`, 'GET', `/repository/branches/${encodeURIComponent(branch)}`, {}, (status, m) => status === 404 && /branch not found/i.test(m) ? null : undefined);
        return r.data ? String(r.data.commit.id) : null;
    }
    async readFile(path, commit) {
        let text = this.contents.get(`${commit}\0${path}`);
        if (text === undefined) {
            const file = await this.fetchFile(path, commit);
            if (!file) {
                this.files.set(`${commit}\0${path}`, { exists: false });
                await (0,file_content/* refuseSpecialParent */.uk)(path, this.display, async (dir) => {
                    const mode = await this.treeMode(dir, commit);
                    return mode === '040000' ? 'dir' : mode === '160000' ? 'submodule' : mode === '120000' ? 'symlink' : undefined;
                });
                return null;
            }
            text = this.remember(path, commit, file);
        }
        // The file API serves a symlink as its target path and says nothing of its mode. A link's
        // text is one short line, so only such a text costs one tree request to tell a link from a file.
        if (!text.includes('\n') && text.length <= 4096 && (await this.treeMode(path, commit)) === '120000') {
            throw (0,file_content/* specialFileError */.aG)(path, this.display, 'symlink');
        }
        return text;
    }
    /** The git mode of `path` at `commit`, from its directory's tree listing. */
    async treeMode(path, commit) {
        const slash = path.lastIndexOf('/');
        const dir = slash < 0 ? '' : path.slice(0, slash);
        const entries = await this.all(`list ${dir || '/'} at ${commit.slice(0, 7)}`, '/repository/tree', {
            path: dir || undefined,
            ref: commit,
            per_page: 100,
        });
        return entries.find((e) => e.name === path.slice(slash + 1))?.mode;
    }
    async fetchFile(path, ref) {
        const r = await this.request(`read ${path} at ${ref.length === 40 ? ref.slice(0, 7) : ref}`, 'GET', `/repository/files/${encodeURIComponent(path)}`, { query: { ref } }, (status, m) => (status === 404 && /file not found|commit not found/i.test(m) ? null : undefined));
        return r.data;
    }
    /** Cache a file read at a commit (content, and the last_commit_id a later update must carry). */
    remember(path, commit, file) {
        const text = (0,file_content/* decodeFile */.JG)(Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8'), path, this.display);
        this.files.set(`${commit}\0${path}`, { exists: true, lastCommitId: file.last_commit_id });
        this.contents.set(`${commit}\0${path}`, text);
        return text;
    }
    /** Whether the file exists at `commit` and the last commit that touched it (HEAD request when unknown). */
    async fileState(path, commit) {
        const key = `${commit}\0${path}`;
        const known = this.files.get(key);
        if (known)
            return known;
        const r = await this.request(`read ${path} at ${commit.slice(0, 7)}`, 'HEAD', `/repository/files/${encodeURIComponent(path)}`, { query: { ref: commit }, raw: true }, (status) => (status === 404 ? null : undefined));
        const last = r.status === 200 ? r.headers.get('x-gitlab-last-commit-id') : null;
        const state = last ? { exists: true, lastCommitId: last } : { exists: false };
        this.files.set(key, state);
        return state;
    }
    async commit(req) {
        const existing = !req.createBranch && !req.force;
        if (existing && this.writes === 0)
            await this.awaitTurn(req);
        const actions = [];
        for (const f of req.files) {
            const st = await this.fileState(f.path, req.parent);
            actions.push(st.exists
                ? { action: 'update', file_path: f.path, content: f.content, last_commit_id: st.lastCommitId }
                : { action: 'create', file_path: f.path, content: f.content });
        }
        const body = {
            branch: req.branch,
            commit_message: req.message,
            actions,
            ...(req.createBranch || req.force ? { start_sha: req.parent } : {}),
            ...(req.force ? { force: true } : {}),
        };
        const conflict = /has changed since you started editing|already exists|doesn't exist|does not exist|refresh and try again|only create or edit files when you are on a branch/i;
        if (existing)
            this.writes++;
        const r = await this.request(`commit to ${req.branch}`, 'POST', '/repository/commits', { json: body }, (status, m) => {
            if ((status === 400 || status === 409) && conflict.test(m)) {
                const message = `${req.branch} of ${this.display} moved since ${req.parent.slice(0, 7)}: ${m}`;
                // Our files passed last_commit_id; only the ref moved under the server's write. With a
                // crowd measured, the plan holds and the verb waits its share; else re-plan, as before.
                if (existing && /refresh and try again/i.test(m) && this.contention.counting) {
                    const writers = this.writersLeft();
                    throw new contention/* BranchMovedError */.wk(`${message}; waiting before the next try`, 'look again', req.parent, undefined, true, {
                        writers,
                        cycleMs: this.contention.freshCycleMs(false, WRITE_PER_READ),
                        lost: true,
                        waitMs: this.turn.lostWait(writers),
                    });
                }
                throw new errors/* ConflictError */.fK(message, 're-read and re-apply');
            }
            return undefined;
        });
        const sha = String(r.data.id);
        for (const f of req.files)
            this.files.set(`${sha}\0${f.path}`, { exists: true, lastCommitId: sha });
        return { sha, url: typeof r.data.web_url === 'string' ? r.data.web_url : this.commitUrl(sha) };
    }
    /**
     * Before the first write to an existing branch: if other clients were at work on the credential
     * while we planned, all of them are about to write and most would race each other's ref update —
     * BranchMovedError (the plan holds) makes the verb wait until our place in their queue
     * (WriteTurn) comes up. Then one read of the branch times the forge as it is now, and the write
     * waits on if that says our place is still ahead.
     */
    async awaitTurn(req) {
        const first = !this.held;
        if (first) {
            const writers = this.contention.writersWhilePlanning();
            this.held = { writers, foreign: this.contention.foreign(), own: this.contention.ownRequests() };
            if (writers < 2)
                return;
        }
        else if (this.turn.waiting) {
            await this.head(req.branch);
        }
        else
            return;
        const fresh = this.contention.freshCycleMs(false, WRITE_PER_READ) ?? 0;
        const wait = this.turn.at(first, this.held.writers, fresh);
        if (wait === 0)
            return;
        const where = { branch: req.branch, display: this.display, head: req.parent };
        throw (0,contention/* heldForTurn */.s6)(where, this.held.writers, { writers: this.writersLeft(), cycleMs: fresh, lost: false, waitMs: wait });
    }
    /**
     * Writers still to land: those seen when we held the first write, less the promotions the others'
     * requests since then amount to (a promotion of theirs costs about what ours did: our requests
     * until the first write, and the write).
     */
    writersLeft() {
        if (!this.held)
            return 1;
        const perPromotion = this.held.own + 1;
        const landed = (this.contention.foreign() - this.held.foreign) / perPromotion;
        return Math.max(1, this.held.writers - landed);
    }
    async history(path, ref, limit) {
        if (limit <= 0)
            return [];
        const list = await this.all(`list commits of ${path}`, '/repository/commits', { ref_name: ref, path, per_page: Math.min(100, limit) }, limit);
        return list.map((c) => ({ sha: String(c.id), message: String(c.message), ...(c.committed_date ? { date: String(c.committed_date) } : {}) }));
    }
    async recordVerification(commit, v) {
        await this.request(`set status ${v.context} on ${commit.slice(0, 7)}`, 'POST', `/statuses/${commit}`, {
            json: {
                state: (0,forge_common/* gitlabState */.zw)(v.state),
                name: v.context,
                ...(v.description !== undefined ? { description: v.description.slice(0, 255) } : {}),
                ...(v.targetUrl !== undefined ? { target_url: v.targetUrl } : {}),
            },
        }, 
        // Posting the state a status already has: GitLab refuses the no-op transition.
        (status, m) => (status === 400 && /cannot transition status/i.test(m) ? null : undefined));
    }
    async verifications(commit) {
        const list = await this.all(`read statuses of ${commit.slice(0, 7)}`, `/repository/commits/${commit}/statuses`, { per_page: 100 });
        return list.map((s) => ({
            context: String(s.name),
            state: (0,forge_common/* fromGitlabState */.Nz)(String(s.status)),
            ...(s.description ? { description: String(s.description) } : {}),
            ...(s.target_url ? { targetUrl: String(s.target_url) } : {}),
            ...(s.finished_at || s.created_at ? { at: String(s.finished_at ?? s.created_at) } : {}),
        }));
    }
    commitUrl(sha) {
        if (/^\d+$/.test(this.projectKey))
            return undefined;
        return `${this.webUrl}/${this.projectKey}/-/commit/${sha}`;
    }
    async close() { }
}
function toChangeRequest(mr) {
    return {
        number: mr.iid,
        url: mr.web_url,
        sourceBranch: mr.source_branch,
        targetBranch: mr.target_branch,
        title: mr.title.replace(DRAFT, ''),
        body: mr.description ?? '',
        headSha: mr.sha,
        draft: mr.draft,
    };
}
class GitLabMergeRequests {
    gl;
    userIds = new Map();
    drafts = new Map();
    constructor(gl) {
        this.gl = gl;
    }
    remember(mr) {
        this.drafts.set(mr.iid, mr.draft);
        return toChangeRequest(mr);
    }
    async listOpen(targetBranch) {
        const list = await this.gl.all(`list merge requests into ${targetBranch}`, '/merge_requests', {
            state: 'opened',
            target_branch: targetBranch,
            per_page: 100,
        });
        return list.map((mr) => this.remember(mr));
    }
    async ids(usernames) {
        const out = [];
        for (const name of usernames ?? []) {
            let id = this.userIds.get(name);
            if (id === undefined) {
                const r = await this.gl.request(`look up user ${name}`, 'GET', '/users', {
                    root: true,
                    query: { username: name },
                });
                const u = r.data.find((x) => x.username.toLowerCase() === name.toLowerCase());
                if (!u)
                    throw new errors/* RemoteError */.Hi(`GitLab has no user ${name}`, 'check the reviewers and assignees');
                id = u.id;
                this.userIds.set(name, id);
            }
            out.push(id);
        }
        return out;
    }
    async create(input) {
        const reviewerIds = await this.ids(input.reviewers);
        const assigneeIds = await this.ids(input.assignees);
        const title = input.draft && !DRAFT.test(input.title) ? `Draft: ${input.title}` : input.title;
        let duplicate = false;
        const r = await this.gl.request(`open a merge request from ${input.sourceBranch}`, 'POST', '/merge_requests', {
            json: {
                source_branch: input.sourceBranch,
                target_branch: input.targetBranch,
                title,
                description: input.body,
                remove_source_branch: true,
                ...(input.labels?.length ? { labels: input.labels.join(',') } : {}),
                ...(reviewerIds.length ? { reviewer_ids: reviewerIds } : {}),
                ...(assigneeIds.length ? { assignee_ids: assigneeIds } : {}),
            },
        }, (status, m) => (status === 409 && /already exists/i.test(m) ? ((duplicate = true), null) : undefined));
        if (!duplicate && r.data)
            return { ...this.remember(r.data), adopted: false };
        const existing = (await this.gl.request(`find the merge request from ${input.sourceBranch}`, 'GET', '/merge_requests', {
            query: { state: 'opened', source_branch: input.sourceBranch, target_branch: input.targetBranch, per_page: 100 },
        })).data[0];
        if (!existing) {
            throw new errors/* RemoteError */.Hi(`GitLab says a merge request from ${input.sourceBranch} already exists in ${this.gl.display}, but none is open into ${input.targetBranch}`, `close or retarget the merge request from ${input.sourceBranch}`);
        }
        const union = (have, add) => [...new Set([...(have ?? []).map((u) => u.id), ...add])];
        const needs = (input.labels?.length ?? 0) > 0 || reviewerIds.length > 0 || assigneeIds.length > 0;
        if (needs) {
            const upd = await this.gl.request(`update !${existing.iid}`, 'PUT', `/merge_requests/${existing.iid}`, {
                json: {
                    ...(input.labels?.length ? { add_labels: input.labels.join(',') } : {}),
                    ...(reviewerIds.length ? { reviewer_ids: union(existing.reviewers, reviewerIds) } : {}),
                    ...(assigneeIds.length ? { assignee_ids: union(existing.assignees, assigneeIds) } : {}),
                },
            });
            return { ...this.remember(upd.data), adopted: true };
        }
        return { ...this.remember(existing), adopted: true };
    }
    async update(number, patch) {
        const title = patch.title !== undefined && this.drafts.get(number) && !DRAFT.test(patch.title) ? `Draft: ${patch.title}` : patch.title;
        const r = await this.gl.request(`update !${number}`, 'PUT', `/merge_requests/${number}`, {
            json: {
                ...(title !== undefined ? { title } : {}),
                ...(patch.body !== undefined ? { description: patch.body } : {}),
                ...(patch.labels?.length ? { add_labels: patch.labels.join(',') } : {}),
            },
        });
        return this.remember(r.data);
    }
    async enableAutoMerge(number) {
        const r = await this.gl.request(`merge !${number} when checks pass`, 'PUT', `/merge_requests/${number}/merge`, 
        // `auto_merge` since GitLab 17.x; `merge_when_pipeline_succeeds` before (still accepted).
        { json: { auto_merge: true, merge_when_pipeline_succeeds: true } }, (status) => ([405, 406, 409, 422].includes(status) ? null : undefined));
        if (!r.data)
            return 'unsupported';
        if (r.data.state === 'merged')
            return 'merged';
        return r.data.merge_when_pipeline_succeeds ? 'enabled' : 'unsupported';
    }
}
/** Open a GitLab project through the REST API. */
function openGitLabRepo(opts) {
    return new GitLabEnvRepo(opts);
}


/***/ })

};
