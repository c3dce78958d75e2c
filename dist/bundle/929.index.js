export const id = 929;
export const ids = [929];
export const modules = {

/***/ 9388:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mo: () => (/* binding */ SPREAD),
/* harmony export */   T6: () => (/* binding */ WriteTurn),
/* harmony export */   pA: () => (/* binding */ AdaptiveBackoff),
/* harmony export */   rn: () => (/* binding */ ContentionMeter),
/* harmony export */   s6: () => (/* binding */ heldForTurn),
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
function header(h, name) {
    if (!h)
        return undefined;
    const v = typeof h.get === 'function' ? h.get(name) : h[name];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
/**
 * The forge's count of requests made on our credential in the current rate-limit window, if it
 * sends one. GitHub: `x-ratelimit-used` of the `core` resource, on every REST answer. GitLab:
 * `RateLimit-Observed` (Rack Attack's count for the user, in a window ending at
 * `RateLimit-Reset`), on GitLab.com and on a self-managed instance with the API throttle enabled —
 * there on throttled answers only unless unthrottled answers are set to carry it too.
 */
function requestCount(h) {
    const github = header(h, 'x-ratelimit-used');
    if (github !== undefined) {
        const resource = header(h, 'x-ratelimit-resource');
        if (resource !== undefined && resource !== 'core')
            return undefined;
        return { used: Number(github), reset: header(h, 'x-ratelimit-reset') };
    }
    const gitlab = header(h, 'ratelimit-observed');
    if (gitlab === undefined)
        return undefined;
    // A web or git throttle's count says nothing of API clients.
    const name = header(h, 'ratelimit-name');
    if (name !== undefined && !/api/.test(name))
        return undefined;
    // Rack Attack counts in fixed windows: a later reset is a new window.
    const reset = header(h, 'ratelimit-reset');
    return { used: Number(gitlab), reset, fixedWindows: reset !== undefined && Number.isFinite(Number(reset)) };
}
/**
 * What an API client can see of others at no cost: the forge's request count for the credential
 * (see requestCount: an App installation, a PAT, a repository's GITHUB_TOKEN; a GitLab user,
 * which a CI_JOB_TOKEN acts as) moving by more than our own requests means other clients are at
 * work — during a release train, other promotions. And the latency of our own requests.
 */
class ContentionMeter {
    own = 0;
    firstOwn = -1;
    /** The current window: the count before our first request in it, our requests then, the highest count, its reset. */
    window = { used: -1, own: 0, max: -1, reset: undefined };
    /** Others' requests in earlier windows. */
    carried = 0;
    lastReadMs;
    writeMs;
    /** One response (or error response) of ours, with its headers and how long it took. */
    observe(headers, ms, write) {
        if (write)
            this.writeMs = this.writeMs === undefined ? ms : 0.7 * this.writeMs + 0.3 * ms;
        else
            this.lastReadMs = ms;
        const count = requestCount(headers);
        if (!count || !Number.isFinite(count.used))
            return;
        this.own++;
        if (this.firstOwn < 0)
            this.firstOwn = this.own - 1;
        const w = this.window;
        // A new window counts from zero again. With fixed windows (GitLab), a later reset says so and
        // an earlier one is a late answer from the window before. Otherwise (GitHub, whose window
        // moves at its first request): well below the highest count, with another reset time —
        // answers arrive out of order, so a slightly lower count alone is no new window.
        const later = Number(count.reset) - Number(w.reset);
        if (count.fixedWindows && w.used >= 0 && later < 0) {
            // Ours, but counted in the window before: not one of this window's.
            w.own++;
            return;
        }
        const newWindow = w.used < 0 ||
            (count.fixedWindows ? later > 0 : count.used < w.max / 2 && (count.reset === undefined ? count.used < w.max - 1000 : count.reset !== w.reset));
        if (newWindow) {
            // All the count before ours in a window that started again is others' (none of ours: the
            // window opened after our last answer); before our very first request, nobody knows.
            this.carried += this.foreignIn(w);
            this.window = { used: w.used < 0 ? count.used - 1 : 0, own: this.own - 1, max: count.used, reset: count.reset };
            return;
        }
        w.max = Math.max(w.max, count.used);
        if (count.used === w.max)
            w.reset = count.reset;
    }
    foreignIn(w) {
        return w.used < 0 ? 0 : Math.max(0, w.max - w.used - (this.own - 1 - w.own));
    }
    /** Whether this forge counts our requests where we can see it (else nothing here knows of others). */
    get counting() {
        return this.firstOwn >= 0;
    }
    /**
     * Clients at work since our first request, us included: the others did what we did meanwhile
     * (planned a promotion), so it is their requests over ours, plus one.
     */
    writersWhilePlanning() {
        if (this.firstOwn < 0)
            return 1;
        return 1 + this.foreign() / Math.max(1, this.ownRequests());
    }
    /** Others' requests on the credential since our first counted one. */
    foreign() {
        const w = this.window;
        return this.carried + Math.max(0, w.max - w.used - (this.own - w.own));
    }
    /** Our requests since the first counted one. */
    ownRequests() {
        return this.firstOwn < 0 ? 0 : this.own - this.firstOwn;
    }
    /**
     * How long a write of ours is exposed to another's, from the latest read (the look just made, or
     * a read made to time the forge): a look plus a write, or the write alone where the adapter
     * writes without looking (GitLab: the server checks our files itself). What a cycle costs now,
     * not what it cost while every client was planning at once. Before our first write, a write is
     * taken to cost `writePerRead` of that read.
     */
    freshCycleMs(look, writePerRead) {
        if (this.lastReadMs === undefined)
            return undefined;
        const write = this.writeMs ?? writePerRead * this.lastReadMs;
        return look ? this.lastReadMs + write : write;
    }
}
/**
 * Cycles of the window per writer. Writes spread uniformly at one per SPREAD cycles lose to one
 * that landed between their look and their write about 1 - e^(-1/SPREAD) of the time: 28 % at 3,
 * so some 1.4 writes per promotion, within GitHub's secondary limits' 2; the wider, the slower.
 */
const SPREAD = 3;
/**
 * A writer's place in the queue of writers that found the branch busy: drawn once, uniformly, when
 * it first held back. Its write is due at start + place × SPREAD × writers × cycle, with the cycle
 * re-measured at every look, so the writes land spread uniformly over the time the crowd needs.
 *
 * The cycle measured while every client planned at once is no unit: the forge then answered each
 * of them that much slower. Shared among them (latency ÷ writers) it is a floor, and it only
 * decides when to look again. Later looks time the write by the fastest cycle seen; one far above
 * that floor and faster than the look before it may still be slowed by others (the last
 * planners, a stall on a loaded runner): it moves the write at most halfway out, and the next
 * look decides. Where the crowd does not slow the forge (github.com), two looks at the same pace
 * do.
 */
class WriteTurn {
    spread;
    confirm;
    place;
    start;
    writers = 1;
    floorMs = 0;
    /** The shortest cycle a look measured since. */
    bestMs = Infinity;
    done = false;
    losses = 0;
    constructor(random = Math.random, 
    /** Cycles per writer (SPREAD unless the forge exposes a write for less than a whole cycle). */
    spread = SPREAD, 
    /**
     * Trust no single look: where the cycle is timed by one light read scaled up (GitLab: a write
     * taken as four reads), one read slowed by a stall puts the write seconds late.
     */
    confirm = false) {
        this.spread = spread;
        this.confirm = confirm;
        this.place = random();
    }
    /** Hold back: `writers` clients (us included) were seen at work while we planned, and a cycle took `crowdCycleMs` then; the wait before the next look (0: write now). */
    begin(writers, crowdCycleMs, now = performance.now()) {
        this.start = now;
        this.writers = writers;
        this.floorMs = crowdCycleMs / writers;
        // Look again early rather than late: a look costs a read, a late write the crowd's time.
        const wait = this.due(this.floorMs / CALM, now);
        if (wait === 0)
            this.done = true;
        return wait;
    }
    /** At the first look (`first`: begin with `writers`) or a later one: the wait before the next look, 0: write now. */
    at(first, writers, cycleMs) {
        return first ? this.begin(writers, cycleMs) : this.next(cycleMs);
    }
    /** Whether we are still waiting for our place (begun, and not yet written). */
    get waiting() {
        return this.start !== undefined && !this.done;
    }
    /** At a look that measured `cycleMs`: how long to wait before the next look, or 0: write now. */
    next(cycleMs, now = performance.now()) {
        const before = this.bestMs;
        this.bestMs = Math.min(this.bestMs, cycleMs);
        // Calm next to the crowd's floor, or no better than the look before (the forge's pace held).
        const trusted = (before !== Infinity || !this.confirm) && (cycleMs <= CALM * this.floorMs || cycleMs * STEADY >= before);
        const wait = this.due(this.bestMs, now);
        // Due within a cycle: looking again would take longer than the wait.
        if (wait <= this.bestMs) {
            this.done = true;
            return 0;
        }
        if (trusted)
            return wait;
        // Not yet trusted: halfway out at most, and no later than the write would be due at a calm pace.
        const calmPace = CALM * this.floorMs;
        return Math.max(Math.min(this.bestMs, calmPace), Math.min(Math.round(wait / 2), this.due(calmPace, now)));
    }
    /**
     * After a write of ours lost anyway: a new place among the `writers` still to land, at the
     * fastest cycle a look measured (a lost write's own latency was taken while others wrote too),
     * the window doubled for every further loss. Undefined when we never queued (no crowd seen).
     */
    lostWait(writers, random = Math.random) {
        if (this.start === undefined)
            return undefined;
        this.losses++;
        const cycle = Number.isFinite(this.bestMs) ? this.bestMs : CALM * this.floorMs;
        return Math.round(random() * this.spread * Math.max(1, writers) * cycle * 2 ** Math.min(this.losses - 1, 6));
    }
    due(cycleMs, now) {
        return Math.max(0, Math.round(this.start + this.place * this.spread * this.writers * cycleMs - now));
    }
}
/** A look is calm when its cycle is at most this many times the crowd's floor (measured: 2–3× when calm, 10–40× while others plan). */
const CALM = 4;
/** A look no more than this much faster than the best before says the forge's pace held (a forge never inflated by the crowd: real GitHub). */
const STEADY = 1.5;
/** The verb is to wait `seen.waitMs` for our place in the queue of `crowd` writers; the plan holds. */
function heldForTurn(where, crowd, seen) {
    return new BranchMovedError(`${where.branch} of ${where.display} is busy (about ${Math.round(crowd)} clients at work): waiting for our turn`, 'look again', where.head, where.landed, true, seen);
}
/** Longest window without a measured cycle (the earlier fixed policy's cap). */
const NO_MEASURE_CAP_MS = 5000;
/**
 * Full-jitter backoff whose unit is learned, not fixed: a look-and-write cycle against this
 * forge, as the adapter measured it (else how long our attempts took), times the writers still
 * to land — each gets SPREAD cycles of the window. A write we lost takes a new place among the
 * writers left; a second loss doubles the window (it was too narrow for the crowd). A wait the
 * adapter gave exactly (a WriteTurn's place) is taken as given.
 */
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
        if (seen?.waitMs !== undefined)
            return Math.min(this.policy.maxTimeout, seen.waitMs);
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
        // A first loss takes a new place among the writers left (as WriteTurn); later ones double it.
        const window = seen.cycleMs * SPREAD * Math.max(seen.writers, 1) * 2 ** Math.min(Math.max(0, this.losses - 1), 6);
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

/***/ 6929:
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
var src_errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/envrepo/contention.ts
var contention = __webpack_require__(9388);
// EXTERNAL MODULE: ./packages/core/src/envrepo/forge-common.ts
var forge_common = __webpack_require__(9710);
// EXTERNAL MODULE: ./packages/core/src/envrepo/file-content.ts
var file_content = __webpack_require__(6167);
;// CONCATENATED MODULE: ./packages/core/src/envrepo/github-histories.ts
/**
 * GitHub: several files' histories at one commit, each commit with its status contexts, and the
 * texts of some files, in one GraphQL query (`Commit.history(path:)`, `Commit.status.contexts`,
 * `Repository.object(expression:)` on a Blob). Over REST the same costs one request per history,
 * one per commit whose statuses are read, and one per file. Field names and types are those of
 * GitHub's published schema (the sandbox executes the query against it).
 */


/** GitHub's largest page of a connection. */
const MAX_HISTORY = 100;
/** The query for `paths` histories (h0…) and `reads` blobs (f0…), every value a variable. */
function historiesQuery(paths, reads) {
    const vars = ['$owner: String!', '$name: String!', '$rev: String!', '$limit: Int!'];
    const histories = [];
    const blobs = [];
    for (let i = 0; i < paths; i++) {
        vars.push(`$p${i}: String!`);
        histories.push(`h${i}: history(path: $p${i}, first: $limit) { nodes { ...entry } }`);
    }
    for (let i = 0; i < reads; i++) {
        vars.push(`$f${i}: String!`);
        blobs.push(`f${i}: object(expression: $f${i}) { ... on Blob { text byteSize isBinary isTruncated } }`);
    }
    return `query(${vars.join(', ')}) {
  repository(owner: $owner, name: $name) {
    at: object(expression: $rev) { ... on Commit { ${histories.join(' ')} } }
    ${blobs.join('\n    ')}
  }
}
fragment entry on Commit {
  oid message committedDate
  status { contexts { context state description targetUrl createdAt } }
}`;
}
function historiesVariables(owner, name, ref, req) {
    const v = { owner, name, rev: ref, limit: req.limit };
    req.paths.forEach((p, i) => (v[`p${i}`] = p));
    (req.read ?? []).forEach((p, i) => (v[`f${i}`] = `${ref}:${p}`));
    return v;
}
/** GraphQL's StatusState (upper case, and EXPECTED for a required check not reported yet) → ours. */
function stateOf(s) {
    return s === 'EXPECTED' ? 'pending' : (0,forge_common/* fromGithubState */.d7)(s.toLowerCase());
}
function entryOf(c) {
    const verifications = (c.status?.contexts ?? []).map((s) => ({
        context: s.context,
        state: stateOf(s.state),
        ...(s.description ? { description: s.description } : {}),
        ...(s.targetUrl ? { targetUrl: s.targetUrl } : {}),
        ...(s.createdAt ? { at: s.createdAt } : {}),
    }));
    return { sha: c.oid, message: c.message, ...(c.committedDate ? { date: c.committedDate } : {}), verifications };
}
/**
 * The histories by path, and the texts read (only those that are plainly a text file: a missing
 * path, a binary or truncated blob, or a one-line text that may be a symlink's target is left to
 * the REST read, which tells those apart). null when the answer names no such commit.
 */
function parseHistories(data, req, display) {
    const at = data.repository?.at;
    if (!at)
        return null;
    const histories = new Map();
    for (const [i, path] of req.paths.entries()) {
        const nodes = at[`h${i}`]?.nodes;
        if (!nodes)
            return null;
        histories.set(path, nodes.filter((n) => !!n).map(entryOf));
    }
    const texts = new Map();
    for (const [i, path] of (req.read ?? []).entries()) {
        const blob = data.repository?.[`f${i}`];
        if (!blob || typeof blob.text !== 'string' || blob.isBinary || blob.isTruncated)
            continue;
        if (typeof blob.byteSize === 'number')
            (0,file_content/* checkFileSize */.cz)(blob.byteSize, path, display);
        // A symlink's blob is its target, one short line; U+FFFD: bytes that were not UTF-8. REST tells.
        if ((!blob.text.includes('\n') && blob.text.length <= 4096) || blob.text.includes('\uFFFD'))
            continue;
        texts.set(path, (0,file_content/* decodeFile */.JG)(Buffer.from(blob.text, 'utf8'), path, display));
    }
    return { histories, texts };
}

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
 * A commit to an existing branch is one write: GraphQL createCommitOnBranch with
 * `expectedHeadOid`, a compare-and-swap in one request (GitHub refuses it with STALE_DATA when the
 * branch moved → ConflictError). GitHub signs those commits (committer "GitHub", author the
 * token's owner: the App's bot, or the PAT's user), so a branch that requires signed commits
 * takes them. New branches, force-moved PR branches, commitApi 'rest' and a GitHub without the
 * mutation use REST: tree (contents inline) → commit → ref update (PATCH force:false, refused with
 * 422 "not a fast forward" when the branch moved) — three writes, unsigned.
 *
 * Just before writing, one look (GET compare parent...branch): a branch that moved without
 * touching the files the change was computed from takes the change on its new head (the per-file
 * check GitLab makes with `last_commit_id`); see contention.ts for waiting under contention.
 * A dev promotion costs 6 requests, one of them a write: GET commits/heads/main, GET contents ×2
 * (gitops.yaml, the file), POST graphql (blocked tags: the file's history with each commit's
 * statuses, historiesWithRecords), GET compare, POST graphql (the commit).
 *
 * Transport: @octokit/rest with plugin-retry (5xx, resets) and plugin-throttling (primary and
 * secondary rate limits, honouring retry-after, a bounded number of times), over boundedFetch:
 * timeouts, a 32 MB response cap, and no token across a redirect to another origin.
 */











const ThrottledOctokit = dist_src/* Octokit */.E.plugin(plugin_throttling_dist_bundle/* throttling */.A, dist_bundle/* retry */.L);
const COMMIT_ON_BRANCH = `mutation($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url } }
}`;
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
/**
 * Before our first write, a createCommitOnBranch is taken to cost two looks (it builds a tree and
 * a commit and moves a ref, where a compare reads a few commits: measured 2–8× a look on the
 * sandbox, where 1 lost a write in three and 4 spaced the queue twice too wide); the measured write
 * time replaces this after a write.
 */
const WRITE_PER_LOOK = 2;
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
    /** Paths read at each commit: a change computed on that commit depends on them. */
    readPaths = new Map();
    commitApi;
    /** Whether createCommitOnBranch worked here (undefined: not tried yet). */
    graphqlCommits;
    /** False once a GraphQL read failed here (no token, a token that may not use GraphQL): REST from then on. */
    graphqlReads = true;
    /** File texts read through GraphQL, by `commit\0path` (commits are immutable). */
    texts = new Map();
    /** Looks at a branch just before a write, so far. */
    looks = 0;
    /** Clients seen at work when we first looked (us included), and how many of them are left to land. */
    writersAtStart = 1;
    writersLeft = 1;
    contention = new contention/* ContentionMeter */.rn();
    turn = new contention/* WriteTurn */.T6();
    /** By parent: the newest head a look found with none of the change's files moved, and the commits landed until then. */
    looked = new Map();
    constructor(opts) {
        const [owner, name, ...rest] = opts.repo.split('/');
        if (!owner || !name || rest.length > 0)
            throw new src_errors/* RemoteError */.Hi(`not a GitHub repository name: ${opts.repo}`, 'use OWNER/NAME');
        this.owner = owner;
        this.name = name;
        this.display = `${owner}/${name}`;
        this.apiUrl = (opts.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
        this.webUrl = (0,forge_common/* webUrlOf */.n6)('github', this.apiUrl);
        this.token = opts.token || undefined;
        this.tokenEnv = opts.tokenEnv ?? 'GITHUB_TOKEN';
        this.credentialNote = opts.credentialNote;
        this.commitApi = opts.commitApi ?? 'auto';
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
        this.client.hook.wrap('request', async (request, options) => {
            const t = performance.now();
            // A GraphQL query is a read (a POST all the same); only mutations time a write.
            const write = options.method !== 'GET' && !(typeof options.query === 'string' && /^\s*(query\b|\{)/.test(options.query));
            try {
                const res = await request(options);
                this.contention.observe(res.headers, performance.now() - t, write);
                return res;
            }
            catch (e) {
                this.contention.observe(e.response?.headers, performance.now() - t, write);
                throw e;
            }
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
            return new src_errors/* RemoteError */.Hi(`GitHub could not find what "${op}" needs in ${this.display}: ${message}`, undefined, { status });
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
        // A commit on this parent depends on what was read here (see baseForWrite).
        let read = this.readPaths.get(commit);
        if (!read)
            this.readPaths.set(commit, (read = new Set()));
        read.add(path);
        const known = this.texts.get(`${commit}\0${path}`);
        if (known !== undefined)
            return known;
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
                throw new src_errors/* ConflictError */.fK(`commit ${commit.slice(0, 7)} is not in ${this.display}`, 're-read the branch');
            return undefined;
        }));
        this.trees.set(commit, c.data.tree.sha);
        return c.data.tree.sha;
    }
    /**
     * One write where GitHub allows it: createCommitOnBranch (GraphQL) with `expectedHeadOid`, a
     * compare-and-swap in one request, whose commit GitHub signs. REST (tree, commit, ref: three
     * writes) for new and force-moved branches, with commitApi 'rest', and where GraphQL cannot
     * (a GitHub Enterprise Server without the mutation). Either way, first a look at the branch
     * (a read): see contention.ts.
     */
    async commit(req) {
        if (req.createBranch || req.force)
            return this.commitByRest(req);
        const base = await this.baseForWrite(req);
        try {
            if (this.commitApi !== 'rest' && this.graphqlCommits !== false) {
                const done = await this.commitByGraphql(req, base);
                if (done)
                    return done;
            }
            return await this.commitByRest({ ...req, parent: base });
        }
        catch (e) {
            if (!(e instanceof src_errors/* ConflictError */.fK) || e instanceof contention/* BranchMovedError */.wk)
                throw e;
            // Lost the race between our look and our write: another writer got in. Whether our files
            // moved, the next look (after a wait) tells; until then the plan holds.
            const writers = Math.max(1, this.writersLeft - 1);
            throw new contention/* BranchMovedError */.wk(`${e.message}; waiting before the next try`, e.fix, base, undefined, true, {
                writers,
                cycleMs: this.contention.freshCycleMs(true, WRITE_PER_LOOK),
                lost: true,
                waitMs: this.turn.lostWait(writers),
            });
        }
    }
    /**
     * Where to write, after one look at the branch (a read). The parent, if the branch still points
     * there; the current head, if the branch moved without touching any file the change was
     * computed from (those written, and those read at the parent: GitLab's per-file
     * \`last_commit_id\` check, made here). No write at all when one of those files moved
     * (ConflictError: re-plan). And not before our turn if other clients were at work on the same
     * credential while we planned: then all of them are about to write, and all but one would lose —
     * BranchMovedError (the plan holds) makes the verb wait until our place in their queue
     * (WriteTurn) comes up, re-timed at every look.
     */
    async baseForWrite(req) {
        const firstLook = this.looks++ === 0;
        if (firstLook)
            this.writersAtStart = this.contention.writersWhilePlanning();
        const deps = new Set([...req.files.map((f) => f.path), ...(this.readPaths.get(req.parent) ?? [])]);
        // Look on from the newest head an earlier look cleared: a short compare, not one from the
        // parent that grows with every commit others land meanwhile.
        const since = this.looked.get(req.parent);
        const look = await this.look(req.branch, since?.head ?? req.parent, deps);
        if (look.touched) {
            this.looked.delete(req.parent);
            throw new src_errors/* ConflictError */.fK(`${req.branch} of ${this.display} moved since ${req.parent.slice(0, 7)} and changed ${look.touched}`, 're-read and re-apply');
        }
        const landed = (since?.landed ?? 0) + look.landed;
        this.looked.set(req.parent, { head: look.head, landed });
        // Writers still to land: those seen at the start, less the commits that landed since.
        this.writersLeft = Math.max(1, this.writersAtStart - landed);
        if (firstLook && this.writersAtStart < 2)
            return look.head;
        if (!firstLook && !this.turn.waiting)
            return look.head;
        const fresh = this.contention.freshCycleMs(true, WRITE_PER_LOOK) ?? 0;
        const wait = this.turn.at(firstLook, this.writersAtStart, fresh);
        if (wait === 0)
            return look.head;
        const where = { branch: req.branch, display: this.display, head: look.head, landed };
        throw (0,contention/* heldForTurn */.s6)(where, this.writersAtStart, { writers: this.writersLeft, cycleMs: fresh, lost: false, waitMs: wait });
    }
    /**
     * One read: compare `parent...branch` says where the branch is (the last commit listed), how
     * many commits landed since the parent, and which files they changed — so the look leaves as
     * short a gap as possible before the write. A branch that no longer contains the parent, or
     * changes beyond what the API lists, count as touching our files.
     */
    async look(branch, parent, paths) {
        let gone = false;
        const res = await this.call(`compare ${parent.slice(0, 7)}...${branch}`, () => this.client.rest.repos.compareCommitsWithBasehead({ ...this.repoParams, basehead: `${parent}...${branch}`, per_page: 100 }), (status) => (status === 404 || status === 422 ? ((gone = true), null) : undefined));
        if (gone || !res)
            throw new src_errors/* ConflictError */.fK(`branch ${branch} no longer exists in ${this.display} (or lost ${parent.slice(0, 7)})`, 're-read and retry');
        const d = res.data;
        if (d.status === 'identical')
            return { head: parent, landed: 0 };
        const last = d.commits[d.commits.length - 1];
        if (d.status !== 'ahead' || !last || d.commits.length < d.ahead_by) {
            // Rewritten history, or more commits than one page lists: read the head, re-plan on it.
            const head = d.status === 'ahead' ? await this.head(branch) : null;
            return { head: head ?? parent, landed: d.ahead_by, touched: d.status === 'ahead' ? 'more commits than one look lists' : `history (${d.status})` };
        }
        this.trees.set(last.sha, last.commit.tree.sha);
        const files = (d.files ?? []).flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
        const touched = (d.files?.length ?? 0) >= 300
            ? 'more files than the API lists'
            : [...paths].map((p) => files.find((f) => f === p || p.startsWith(`${f}/`) || f.startsWith(`${p}/`))).find(Boolean);
        return { head: last.sha, landed: d.ahead_by, ...(touched ? { touched } : {}) };
    }
    /** createCommitOnBranch; undefined when this GitHub has no such mutation (then REST). */
    async commitByGraphql(req, expected) {
        const nl = req.message.indexOf('\n');
        const headline = nl < 0 ? req.message : req.message.slice(0, nl);
        const body = nl < 0
            ? ''
            : req.message
                .slice(nl + 1)
                .replace(/^\n+/, '')
                .replace(/\n+$/, '');
        const op = `commit to ${req.branch}`;
        let res;
        try {
            res = await this.client.graphql(COMMIT_ON_BRANCH, {
                input: {
                    branch: { repositoryNameWithOwner: this.display, branchName: req.branch },
                    expectedHeadOid: expected,
                    message: body ? { headline, body } : { headline },
                    fileChanges: { additions: req.files.map((f) => ({ path: f.path, contents: Buffer.from(f.content, 'utf8').toString('base64') })) },
                },
            });
        }
        catch (e) {
            const errors = e.errors;
            const status = statusOf(e);
            if (!errors) {
                // No GraphQL endpoint at all (an old GitHub Enterprise Server): REST from now on.
                if ((status === 404 || status === 410 || status === 501) && this.commitApi === 'auto')
                    return this.noGraphql();
                throw this.error(status, (0,forge_common/* redact */.E$)(forgeMessage(e), [this.token]), op);
            }
            const message = (0,forge_common/* redact */.E$)(errors.map((x) => x.message ?? '').join('; '), [this.token]);
            const types = new Set(errors.map((x) => x.type ?? ''));
            if (types.has('STALE_DATA') || /expected branch to point to/i.test(message)) {
                throw new src_errors/* ConflictError */.fK(`${req.branch} of ${this.display} moved since ${expected.slice(0, 7)}`, 're-read and re-apply');
            }
            if (types.has('NOT_FOUND') && /ref|branch/i.test(message)) {
                throw new src_errors/* ConflictError */.fK(`branch ${req.branch} no longer exists in ${this.display}`, 're-read and retry');
            }
            const unsupported = types.has('UNSUPPORTED') || /doesn't exist on type|undefinedField|createCommitOnBranch.*(not|un)supported/i.test(message);
            if (unsupported && this.commitApi === 'auto')
                return this.noGraphql();
            throw this.error(types.has('FORBIDDEN') ? 403 : (status ?? 422), message, op);
        }
        this.graphqlCommits = true;
        const sha = res.createCommitOnBranch?.commit?.oid;
        if (!sha)
            throw new src_errors/* RemoteError */.Hi(`GitHub answered the commit to ${req.branch} of ${this.display} without a commit id`);
        return { sha, url: this.commitUrl(sha) };
    }
    noGraphql() {
        this.graphqlCommits = false;
        return undefined;
    }
    /** Blob-less REST commit: tree (contents inline), commit, then the ref — create, force, or fast-forward only. */
    async commitByRest(req) {
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
                    throw new src_errors/* ConflictError */.fK(`branch ${req.branch} already exists in ${this.display}`, 're-read and retry');
                return undefined;
            });
        }
        else {
            let missing = false;
            await this.call(op, () => this.client.rest.git.updateRef({ ...this.repoParams, ref, sha, force: !!req.force }), (status, m) => {
                if ((status === 422 || status === 409) && isConflict(m)) {
                    throw new src_errors/* ConflictError */.fK(`${req.branch} of ${this.display} moved since ${req.parent.slice(0, 7)}`, 're-read and re-apply');
                }
                if (status === 422 && /does not exist/i.test(m)) {
                    if (!req.force)
                        throw new src_errors/* ConflictError */.fK(`branch ${req.branch} no longer exists in ${this.display}`, 're-read and retry');
                    missing = true;
                    return null;
                }
                return undefined;
            });
            if (missing) {
                await this.call(`create refs/heads/${req.branch}`, () => this.client.rest.git.createRef({ ...this.repoParams, ref: `refs/${ref}`, sha }), (status, m) => {
                    if (status === 422 && /already exists/i.test(m))
                        throw new src_errors/* ConflictError */.fK(`branch ${req.branch} appeared while we wrote it`, 're-read and retry');
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
    /**
     * One GraphQL query (github-histories.ts) for what REST needs a request per history, per
     * commit's statuses and per file for. GitHub's GraphQL API needs a token; without one, or when
     * it refuses (a token without access to it or to statuses, an old GitHub Enterprise Server),
     * null: the caller reads over REST, as before.
     */
    async historiesWithRecords(ref, req) {
        if (!this.token || !this.graphqlReads || req.paths.length === 0 || req.limit < 1 || req.limit > MAX_HISTORY)
            return null;
        let data;
        try {
            data = await this.client.graphql(historiesQuery(req.paths.length, req.read?.length ?? 0), historiesVariables(this.owner, this.name, ref, req));
        }
        catch {
            this.graphqlReads = false;
            return null;
        }
        const parsed = parseHistories(data, req, this.display);
        if (!parsed)
            return null;
        this.seen = true;
        for (const [path, text] of parsed.texts)
            this.texts.set(`${ref}\0${path}`, text);
        return parsed.histories;
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
                throw new src_errors/* RemoteError */.Hi(`GitHub says a pull request from ${input.sourceBranch} already exists in ${this.gh.display}, but none is open into ${input.targetBranch}`, `close or retarget the pull request from ${input.sourceBranch}`);
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
