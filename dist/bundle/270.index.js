export const id = 270;
export const ids = [270];
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
        : 'promote in the submodule\'s own repository (its env repo), or point --file at a file of this repository');
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
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi(`${c.forgeName} refused to ${c.op} on ${c.display}: ${msg || 'Forbidden'} (403)`, authHint(c, c.hasToken ? `check that ${c.tokenEnv} may write to ${c.display} and that the branch is not protected` : `set ${c.tokenEnv}, or bind it to this host with --token-host`), { status });
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

/***/ 270:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openGitHubRepo: () => (/* binding */ openGitHubRepo)
});

// UNUSED EXPORTS: GitHubEnvRepo

// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
// EXTERNAL MODULE: ./node_modules/@octokit/rest/dist-src/index.js + 21 modules
var dist_src = __webpack_require__(9988);
// EXTERNAL MODULE: ./node_modules/bottleneck/lib/index.js
var lib = __webpack_require__(2203);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
// EXTERNAL MODULE: ./packages/core/src/bounded-fetch.ts
var bounded_fetch = __webpack_require__(9109);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/envrepo/forge-common.ts
var forge_common = __webpack_require__(9710);
// EXTERNAL MODULE: ./packages/core/src/envrepo/file-content.ts
var file_content = __webpack_require__(6167);
;// CONCATENATED MODULE: ./packages/core/src/envrepo/github-releases.ts
const toRelease = (r) => ({ tag: r.tag_name, name: r.name ?? r.tag_name, body: r.body ?? '', url: r.html_url });
class GitHubReleases {
    gh;
    constructor(gh) {
        this.gh = gh;
    }
    async get(tag) {
        let missing = false;
        const res = await this.gh.call(`read the release ${tag}`, () => this.gh.octokit.rest.repos.getReleaseByTag({ ...this.gh.repoParams, tag }), (status) => (status === 404 ? ((missing = true), null) : undefined));
        return missing || !res ? null : toRelease(res.data);
    }
    async create(input) {
        const op = `create the release ${input.tag}`;
        // GitHub answers an existing release with 422 `already_exists` in errors[].code (no text to
        // match): on any 422, a release of that tag made meanwhile is adopted; otherwise the 422 stands.
        let refused;
        const res = await this.gh.call(op, () => this.gh.octokit.rest.repos.createRelease({
            ...this.gh.repoParams,
            tag_name: input.tag,
            target_commitish: input.target,
            name: input.name,
            body: input.body,
        }), (status, m) => (status === 422 ? ((refused = m), null) : undefined));
        if (refused === undefined && res)
            return toRelease(res.data);
        const found = await this.get(input.tag);
        if (!found)
            throw this.gh.error(422, refused ?? 'Validation Failed', op);
        return found;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/envrepo/github.ts
/**
 * EnvRepo over the GitHub REST API (github.com or GitHub Enterprise): no clone on the runner.
 *
 * A commit is blob-less: tree(base_tree, entries with `content`) → commit(parent) → ref update.
 * The ref update is the compare-and-swap: PATCH with force:false is refused by GitHub with 422
 * "Update is not a fast forward" when the branch moved past our parent → ConflictError.
 * A dev promotion costs 6 requests: GET ref, GET contents, GET git/commits (parent's tree),
 * POST git/trees, POST git/commits, PATCH git/refs.
 *
 * Transport: @octokit/rest with plugin-retry (5xx, resets) and plugin-throttling (primary and
 * secondary rate limits, honouring retry-after, a bounded number of times), over boundedFetch:
 * timeouts, a 32 MB response cap, and no token across a redirect to another origin.
 */









const ThrottledOctokit = dist_src/* Octokit */.E.plugin(plugin_throttling_dist_bundle/* throttling */.A, dist_bundle/* retry */.L);
function forgeMessage(e) {
    const err = e;
    const data = err.response?.data;
    const parts = [];
    if (data && typeof data.message === 'string')
        parts.push(data.message);
    for (const x of data?.errors ?? []) {
        if (typeof x === 'string')
            parts.push(x);
        else if (x && typeof x.message === 'string')
            parts.push(x.message);
    }
    if (parts.length === 0)
        parts.push(err.message ?? String(e));
    return parts.join(': ');
}
function statusOf(e) {
    const s = e.status;
    // Octokit reports network failures as status 500 without a response.
    if (s === 500 && !e.response)
        return undefined;
    return typeof s === 'number' ? s : undefined;
}
function toChangeRequest(p) {
    return {
        number: p.number,
        url: p.html_url,
        sourceBranch: p.head.ref,
        targetBranch: p.base.ref,
        title: p.title,
        body: p.body ?? '',
        headSha: p.head.sha,
        draft: p.draft ?? false,
    };
}
class GitHubEnvRepo {
    forge = 'github';
    display;
    changeRequests;
    releases;
    owner;
    name;
    apiUrl;
    webUrl;
    client;
    token;
    tokenEnv;
    credentialNote;
    requests = 0;
    /** The repository answered at least once (so a 404 below it is about a path, not the repo). */
    seen = false;
    /** commit SHA → tree SHA, for commits we read or made. */
    trees = new Map();
    constructor(opts) {
        const [owner, name, ...rest] = opts.repo.split('/');
        if (!owner || !name || rest.length > 0)
            throw new errors/* RemoteError */.Hi(`not a GitHub repository name: ${opts.repo}`, 'use OWNER/NAME');
        this.owner = owner;
        this.name = name;
        this.display = `${owner}/${name}`;
        this.apiUrl = (opts.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
        this.webUrl = (0,forge_common/* webUrlOf */.n6)('github', this.apiUrl);
        this.token = opts.token || undefined;
        this.tokenEnv = opts.tokenEnv ?? 'GITHUB_TOKEN';
        this.credentialNote = opts.credentialNote;
        const rateRetries = opts.rateLimitRetries ?? 3;
        const maxWait = opts.maxRateLimitWaitSeconds ?? 120;
        const onLimit = (retryAfter, _options, _octokit, retryCount) => retryCount < rateRetries && retryAfter <= maxWait;
        const writeInterval = opts.writeIntervalMs ?? 1000;
        const dispatcher = (0,bounded_fetch/* boundedDispatcher */.j)({ timeoutMs: opts.timeoutMs });
        const countingFetch = (0,bounded_fetch/* boundedFetchFunction */.co)({ dispatcher, timeoutMs: opts.timeoutMs }, () => this.requests++);
        const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
        this.client = new ThrottledOctokit({
            auth: this.token,
            baseUrl: this.apiUrl,
            userAgent: opts.userAgent ?? 'gitops-actions',
            log: quiet,
            request: { fetch: opts.wrapFetch ? opts.wrapFetch(countingFetch) : countingFetch },
            retry: { retries: opts.retries ?? 4, retryAfterBaseValue: opts.retryBaseMs ?? 1000 },
            throttle: {
                onRateLimit: onLimit,
                onSecondaryRateLimit: onLimit,
                retryAfterBaseValue: opts.retryAfterUnitMs ?? 1000,
                fallbackSecondaryRateRetryAfter: 60,
                ...(writeInterval === 1000
                    ? {}
                    : {
                        write: new (lib_default()).Group({ maxConcurrent: writeInterval > 0 ? 1 : null, minTime: writeInterval }),
                        notifications: new (lib_default()).Group({ maxConcurrent: writeInterval > 0 ? 1 : null, minTime: writeInterval * 3 }),
                    }),
            },
        });
        this.changeRequests = new GitHubPullRequests(this);
        this.releases = new GitHubReleases(this);
    }
    get requestCount() {
        return this.requests;
    }
    /** @internal */
    get octokit() {
        return this.client;
    }
    /** @internal */
    get repoParams() {
        return { owner: this.owner, repo: this.name };
    }
    /** @internal Run one API call; map refusals to typed errors that never carry the token. */
    async call(op, fn, handle) {
        try {
            const out = await fn();
            this.seen = true;
            return out;
        }
        catch (e) {
            const status = statusOf(e);
            const message = (0,forge_common/* redact */.E$)(forgeMessage(e), [this.token]);
            if (status !== undefined && status !== 401 && status !== 404)
                this.seen = true;
            if (handle) {
                const handled = handle(status, message);
                if (handled !== undefined)
                    return handled;
            }
            throw this.error(status, message, op);
        }
    }
    /** @internal */
    error(status, message, op) {
        const ctx = {
            forgeName: 'GitHub',
            display: this.display,
            apiUrl: this.apiUrl,
            op,
            tokenEnv: this.tokenEnv,
            hasToken: !!this.token,
            credentialNote: this.credentialNote,
        };
        if (status === 404 && this.seen) {
            return new errors/* RemoteError */.Hi(`GitHub could not find what "${op}" needs in ${this.display}: ${message}`, undefined, { status });
        }
        return (0,forge_common/* remoteErrorFor */.G$)(status, message, ctx);
    }
    /** A 404 on a path below the repository: is it the path or the whole repository? */
    async notFound(op) {
        if (this.seen)
            return null;
        await this.call(op, () => this.client.rest.repos.get(this.repoParams));
        return null;
    }
    async head(branch) {
        // GET commits/heads/<branch> answers the head SHA *and* its tree in one call, so a commit
        // on top of it needs no extra GET of the parent (a dev promotion stays at 6 calls).
        let missing = false;
        const res = await this.call(`read branch ${branch}`, () => this.client.rest.repos.getCommit({ ...this.repoParams, ref: `heads/${branch}`, per_page: 1 }), (status) => (status === 404 || status === 409 || status === 422 ? ((missing = true), null) : undefined));
        if (missing || !res)
            return this.notFound(`read branch ${branch}`);
        this.trees.set(res.data.sha, res.data.commit.tree.sha);
        return res.data.sha;
    }
    async readFile(path, commit) {
        let missing = false;
        const res = await this.call(`read ${path} at ${commit.slice(0, 7)}`, () => this.client.rest.repos.getContent({ ...this.repoParams, path, ref: commit }), (status) => (status === 404 ? ((missing = true), null) : undefined));
        if (missing || !res) {
            const none = await this.notFound(`read ${path}`);
            await (0,file_content/* refuseSpecialParent */.uk)(path, this.display, (dir) => this.entryKind(dir, commit));
            return none;
        }
        const data = res.data;
        if (!Array.isArray(data) && (data.type === 'symlink' || data.type === 'submodule'))
            throw (0,file_content/* specialFileError */.aG)(path, this.display, data.type);
        // A symlink to a file comes back as that file, under its own path: refuse, never edit through a link.
        if (!Array.isArray(data) && data.type === 'file' && typeof data.path === 'string' && data.path !== path) {
            throw (0,file_content/* specialFileError */.aG)(path, this.display, 'symlink');
        }
        if (Array.isArray(data) || data.type !== 'file')
            return null;
        if (typeof data.size === 'number')
            (0,file_content/* checkFileSize */.cz)(data.size, path, this.display);
        if (data.encoding === 'base64' && typeof data.content === 'string')
            return (0,file_content/* decodeFile */.JG)(Buffer.from(data.content, 'base64'), path, this.display);
        // Files over 1 MB come without content: fetch the blob.
        const blob = await this.call(`read ${path}`, () => this.client.rest.git.getBlob({ ...this.repoParams, file_sha: data.sha }));
        return (0,file_content/* decodeFile */.JG)(Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8'), path, this.display);
    }
    /** What a directory of a missing path is: the contents API answers a submodule or a symlink as such. */
    async entryKind(dir, commit) {
        let missing = false;
        const res = await this.call(`read ${dir} at ${commit.slice(0, 7)}`, () => this.client.rest.repos.getContent({ ...this.repoParams, path: dir, ref: commit }), (status) => (status === 404 ? ((missing = true), null) : undefined));
        if (missing || !res)
            return undefined;
        const data = res.data;
        if (Array.isArray(data))
            return 'dir';
        return data.type === 'symlink' || data.type === 'submodule' ? data.type : undefined;
    }
    async treeOf(commit) {
        const known = this.trees.get(commit);
        if (known)
            return known;
        const c = (await this.call(`read commit ${commit.slice(0, 7)}`, () => this.client.rest.git.getCommit({ ...this.repoParams, commit_sha: commit }), (status) => {
            if (status === 404 || status === 422)
                throw new errors/* ConflictError */.fK(`commit ${commit.slice(0, 7)} is not in ${this.display}`, 're-read the branch');
            return undefined;
        }));
        this.trees.set(commit, c.data.tree.sha);
        return c.data.tree.sha;
    }
    async commit(req) {
        const ref = `heads/${req.branch}`;
        const baseTree = await this.treeOf(req.parent);
        const tree = await this.call(`write a tree for ${req.branch}`, () => this.client.rest.git.createTree({
            ...this.repoParams,
            base_tree: baseTree,
            tree: req.files.map((f) => ({ path: f.path, mode: '100644', type: 'blob', content: f.content })),
        }));
        const created = await this.call(`write a commit for ${req.branch}`, () => this.client.rest.git.createCommit({ ...this.repoParams, message: req.message, tree: tree.data.sha, parents: [req.parent] }));
        const sha = created.data.sha;
        this.trees.set(sha, tree.data.sha);
        const op = `update refs/heads/${req.branch}`;
        const isConflict = (m) => /not a fast.?forward|reference cannot be updated|reference update failed/i.test(m);
        if (req.createBranch) {
            await this.call(`create refs/heads/${req.branch}`, () => this.client.rest.git.createRef({ ...this.repoParams, ref: `refs/${ref}`, sha }), (status, m) => {
                if (status === 422 && /already exists/i.test(m))
                    throw new errors/* ConflictError */.fK(`branch ${req.branch} already exists in ${this.display}`, 're-read and retry');
                return undefined;
            });
        }
        else {
            let missing = false;
            await this.call(op, () => this.client.rest.git.updateRef({ ...this.repoParams, ref, sha, force: !!req.force }), (status, m) => {
                if ((status === 422 || status === 409) && isConflict(m)) {
                    throw new errors/* ConflictError */.fK(`${req.branch} of ${this.display} moved since ${req.parent.slice(0, 7)}`, 're-read and re-apply');
                }
                if (status === 422 && /does not exist/i.test(m)) {
                    if (!req.force)
                        throw new errors/* ConflictError */.fK(`branch ${req.branch} no longer exists in ${this.display}`, 're-read and retry');
                    missing = true;
                    return null;
                }
                return undefined;
            });
            if (missing) {
                await this.call(`create refs/heads/${req.branch}`, () => this.client.rest.git.createRef({ ...this.repoParams, ref: `refs/${ref}`, sha }), (status, m) => {
                    if (status === 422 && /already exists/i.test(m))
                        throw new errors/* ConflictError */.fK(`branch ${req.branch} appeared while we wrote it`, 're-read and retry');
                    return undefined;
                });
            }
        }
        return { sha, url: this.commitUrl(sha) };
    }
    async history(path, ref, limit) {
        const out = [];
        if (limit <= 0)
            return out;
        const perPage = Math.min(100, limit);
        for (let page = 1; out.length < limit; page++) {
            let missing = false;
            const res = await this.call(`list commits of ${path}`, () => this.client.rest.repos.listCommits({ ...this.repoParams, sha: ref, path, per_page: perPage, page }), (status) => (status === 404 || status === 409 ? ((missing = true), null) : undefined));
            if (missing || !res) {
                await this.notFound(`list commits of ${path}`);
                return out;
            }
            for (const c of res.data) {
                if (out.length >= limit)
                    break;
                out.push({ sha: c.sha, message: c.commit.message, ...(c.commit.committer?.date ? { date: c.commit.committer.date } : {}) });
            }
            if (res.data.length < perPage || !/rel="next"/.test(res.headers.link ?? ''))
                break;
        }
        return out;
    }
    async recordVerification(commit, v) {
        await this.call(`set status ${v.context} on ${commit.slice(0, 7)}`, () => this.client.rest.repos.createCommitStatus({
            ...this.repoParams,
            sha: commit,
            state: v.state,
            context: v.context,
            ...(v.description !== undefined ? { description: v.description.slice(0, 140) } : {}),
            ...(v.targetUrl !== undefined ? { target_url: v.targetUrl } : {}),
        }));
    }
    async verifications(commit) {
        const out = [];
        for (let page = 1;; page++) {
            const res = await this.call(`read statuses of ${commit.slice(0, 7)}`, () => this.client.rest.repos.getCombinedStatusForRef({ ...this.repoParams, ref: commit, per_page: 100, page }));
            for (const s of res.data.statuses) {
                out.push({
                    context: s.context,
                    state: (0,forge_common/* fromGithubState */.d7)(s.state),
                    ...(s.description ? { description: s.description } : {}),
                    ...(s.target_url ? { targetUrl: s.target_url } : {}),
                    ...(s.updated_at ? { at: s.updated_at } : {}),
                });
            }
            if (res.data.statuses.length < 100 || out.length >= res.data.total_count)
                break;
        }
        return out;
    }
    commitUrl(sha) {
        return `${this.webUrl}/${this.display}/commit/${sha}`;
    }
    async close() { }
}
class GitHubPullRequests {
    gh;
    constructor(gh) {
        this.gh = gh;
    }
    get p() {
        return this.gh.repoParams;
    }
    get c() {
        return this.gh.octokit;
    }
    async listOpen(targetBranch) {
        const out = [];
        for (let page = 1;; page++) {
            const res = await this.gh.call(`list pull requests into ${targetBranch}`, () => this.c.rest.pulls.list({ ...this.p, state: 'open', base: targetBranch, per_page: 100, page }));
            out.push(...res.data.map((p) => toChangeRequest(p)));
            if (res.data.length < 100 || !/rel="next"/.test(res.headers.link ?? ''))
                break;
        }
        return out;
    }
    async findOpen(source, target) {
        const res = await this.gh.call(`find the pull request from ${source}`, () => this.c.rest.pulls.list({ ...this.p, state: 'open', head: `${this.p.owner}:${source}`, base: target, per_page: 100 }));
        const pr = res.data.find((p) => p.head.ref === source);
        return pr ? toChangeRequest(pr) : undefined;
    }
    async create(input) {
        let duplicate = false;
        const res = await this.gh.call(`open a pull request from ${input.sourceBranch}`, () => this.c.rest.pulls.create({
            ...this.p,
            title: input.title,
            body: input.body,
            head: input.sourceBranch,
            base: input.targetBranch,
            ...(input.draft ? { draft: true } : {}),
        }), (status, m) => (status === 422 && /already exists/i.test(m) ? ((duplicate = true), null) : undefined));
        let cr;
        let adopted = false;
        if (duplicate || !res) {
            const existing = await this.findOpen(input.sourceBranch, input.targetBranch);
            if (!existing) {
                throw new errors/* RemoteError */.Hi(`GitHub says a pull request from ${input.sourceBranch} already exists in ${this.gh.display}, but none is open into ${input.targetBranch}`, `close or retarget the pull request from ${input.sourceBranch}`);
            }
            cr = existing;
            adopted = true;
        }
        else {
            cr = toChangeRequest(res.data);
        }
        await this.decorate(cr.number, input);
        return { ...cr, adopted };
    }
    async decorate(number, input) {
        if (input.labels?.length) {
            await this.gh.call(`label #${number}`, () => this.c.rest.issues.addLabels({ ...this.p, issue_number: number, labels: input.labels }));
        }
        if (input.reviewers?.length) {
            await this.gh.call(`request reviewers on #${number}`, () => this.c.rest.pulls.requestReviewers({ ...this.p, pull_number: number, reviewers: input.reviewers }));
        }
        if (input.assignees?.length) {
            await this.gh.call(`assign #${number}`, () => this.c.rest.issues.addAssignees({ ...this.p, issue_number: number, assignees: input.assignees }));
        }
    }
    async update(number, patch) {
        let cr;
        if (patch.title !== undefined || patch.body !== undefined) {
            const res = await this.gh.call(`update #${number}`, () => this.c.rest.pulls.update({
                ...this.p,
                pull_number: number,
                ...(patch.title !== undefined ? { title: patch.title } : {}),
                ...(patch.body !== undefined ? { body: patch.body } : {}),
            }));
            cr = toChangeRequest(res.data);
        }
        if (patch.labels?.length)
            await this.decorate(number, { labels: patch.labels });
        if (!cr) {
            const res = await this.gh.call(`read #${number}`, () => this.c.rest.pulls.get({ ...this.p, pull_number: number }));
            cr = toChangeRequest(res.data);
        }
        return cr;
    }
    async enableAutoMerge(number) {
        const read = () => this.gh.call(`read #${number}`, () => this.c.rest.pulls.get({ ...this.p, pull_number: number }));
        let pr = (await read()).data;
        if (pr.merged)
            return 'merged';
        if (pr.state !== 'open')
            return 'unsupported';
        if (pr.auto_merge)
            return 'enabled';
        let refusal;
        try {
            await this.c.graphql(`mutation($id: ID!) {
  enablePullRequestAutoMerge(input: {pullRequestId: $id}) { pullRequest { autoMergeRequest { enabledAt } } }
}`, { id: pr.node_id });
            return 'enabled';
        }
        catch (e) {
            const status = statusOf(e);
            const errors = e.errors;
            if (!errors)
                throw this.gh.error(status, (0,forge_common/* redact */.E$)(forgeMessage(e), []), `enable auto-merge on #${number}`);
            refusal = errors.map((x) => x.message ?? '').join('; ');
        }
        // GitHub refuses auto-merge when there is nothing to wait for ("clean status") or when the
        // repository does not allow it. Merge now if GitHub says the PR is ready; otherwise report.
        if (!/clean status|not allowed|protected branch rules/i.test(refusal))
            return 'unsupported';
        if (pr.mergeable_state === 'unknown' || pr.mergeable === null)
            pr = (await read()).data;
        if (pr.mergeable_state !== 'clean')
            return 'unsupported';
        let refused = false;
        await this.gh.call(`merge #${number}`, () => this.c.rest.pulls.merge({ ...this.p, pull_number: number, sha: pr.head.sha }), (status) => (status === 405 || status === 409 ? ((refused = true), null) : undefined));
        return refused ? 'unsupported' : 'merged';
    }
}
/** Open a GitHub repository through the REST API. */
function openGitHubRepo(opts) {
    return new GitHubEnvRepo(opts);
}


/***/ })

};
