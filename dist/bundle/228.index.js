export const id = 228;
export const ids = [228];
export const modules = {

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

/***/ 7569:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TD: () => (/* binding */ strs),
/* harmony export */   bu: () => (/* binding */ num),
/* harmony export */   gx: () => (/* binding */ str),
/* harmony export */   lc: () => (/* binding */ bool)
/* harmony export */ });
/** Typed reads of parsed values (the spec guarantees the type). */
const str = (v, k) => v[k];
const bool = (v, k) => v[k] === true;
const num = (v, k) => v[k];
const strs = (v, k) => v[k];


/***/ }),

/***/ 1228:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildTagRunner: () => (/* binding */ buildTagRunner)
});

// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/report.ts
var report = __webpack_require__(2019);
// EXTERNAL MODULE: ./packages/core/src/registry/reference.ts
var reference = __webpack_require__(908);
;// CONCATENATED MODULE: ./packages/core/src/registry/build.ts
/**
 * Optional build and push with whatever builder the runner has: docker buildx, else buildah, else
 * podman. A thin wrapper (the tagging is the product): argument arrays, no shell; the pushed
 * digest comes from the builder's own record (buildx --metadata-file, buildah/podman --digestfile).
 * Registry login is the builder's own (docker login / docker/login-action / buildah login).
 */







const BUILDERS = (/* unused pure expression or super */ null && (['buildx', 'buildah', 'podman']));
const BUILD_TIMEOUT_MS = 60 * 60_000;
const MAX_LOG_BYTES = 64 * 1024;
/** Run a builder; its output streams to the reporter line by line, the last part kept for errors. */
function runTool(cmd, args, opts) {
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)(cmd, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: opts.timeoutMs });
        let tail = '';
        const onData = (c) => {
            const text = c.toString('utf8');
            tail = (tail + text).slice(-MAX_LOG_BYTES);
            for (const line of text.split('\n'))
                if (line.trim())
                    opts.reporter.debug(`${cmd}: ${line}`);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('error', (e) => resolve({ code: 127, tail: e.message }));
        child.on('close', (code) => resolve({ code: code ?? 128, tail }));
    });
}
async function detectBuilder(env) {
    const probe = (cmd, args) => runTool(cmd, args, { env, reporter: report/* silentReporter */.P, timeoutMs: 15_000 }).then((r) => r.code === 0);
    if (await probe('docker', ['buildx', 'version']))
        return 'buildx';
    if (await probe('buildah', ['--version']))
        return 'buildah';
    if (await probe('podman', ['--version']))
        return 'podman';
    return null;
}
function annotationArgs(annotations) {
    return (annotations ?? []).flatMap((a) => ['--annotation', a.replace(/^(manifest|index|manifest-descriptor|index-descriptor):/, '')]);
}
async function buildAndPush(input) {
    const reporter = input.reporter ?? report/* silentReporter */.P;
    if (input.tags.length === 0 || input.tags.some((t) => !t.includes(':') || t.startsWith('-'))) {
        throw new errors/* InputError */.dz('--push needs full image references', 'pass --image registry/repository so the tags name where to push');
    }
    const builder = input.builder && input.builder !== 'auto' ? input.builder : await detectBuilder(input.env);
    if (!builder)
        throw new errors/* OperationError */.OK('no image builder found (docker buildx, buildah or podman)', 'install one, or build with docker/build-push-action using the tags output');
    const timeoutMs = input.timeoutMs ?? BUILD_TIMEOUT_MS;
    const labels = Object.entries(input.labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
    const tags = input.tags.flatMap((t) => ['--tag', t]);
    const file = input.file ? ['--file', input.file] : [];
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'gitops-build-'));
    try {
        const step = async (cmd, args, what) => {
            const r = await reporter.group(`${what}: ${cmd} ${args.slice(0, 2).join(' ')}…`, () => runTool(cmd, args, { env: input.env, reporter, timeoutMs }));
            if (r.code !== 0) {
                const last = r.tail.trim().split('\n').filter(Boolean).pop() ?? 'no output';
                throw new errors/* OperationError */.OK(`${what} with ${builder} failed (exit ${r.code}): ${last.slice(0, 300)}`);
            }
        };
        let digest;
        if (builder === 'buildx') {
            const metadata = (0,external_node_path_.join)(dir, 'metadata.json');
            const output = input.plainHttp ? ['--output', 'type=image,push=true,registry.insecure=true'] : ['--push'];
            await step('docker', ['buildx', 'build', ...file, ...tags, ...labels, ...annotationArgs(input.annotations), ...output, '--metadata-file', metadata, '--', input.context], 'build and push');
            digest = JSON.parse(await (0,promises_.readFile)(metadata, 'utf8'))['containerimage.digest'] ?? '';
        }
        else {
            const cmd = builder;
            await step(cmd, ['build', ...file, ...tags, ...labels, ...annotationArgs(input.annotations), '--', input.context], 'build');
            digest = '';
            for (const [i, t] of input.tags.entries()) {
                const digestFile = (0,external_node_path_.join)(dir, `digest-${i}`);
                await step(cmd, ['push', '--digestfile', digestFile, ...(input.plainHttp ? ['--tls-verify=false'] : []), '--', t, `docker://${t}`], `push ${t}`);
                const d = (await (0,promises_.readFile)(digestFile, 'utf8')).trim();
                if (digest && d !== digest)
                    throw new errors/* OperationError */.OK(`${cmd} pushed ${t} as ${d}, but the first tag as ${digest}`, 'retag by digest instead of pushing twice');
                digest = d;
            }
        }
        if (!(0,reference/* isDigest */.Bc)(digest))
            throw new errors/* OperationError */.OK(`${builder} did not report the pushed digest`);
        reporter.info(`pushed ${input.tags.join(', ')} → ${digest} (${builder})`);
        return { builder, digest, tags: input.tags };
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./packages/core/src/version/image-metadata.ts
/**
 * build-tag's outputs in docker/metadata-action's shape, so they plug straight into
 * docker/build-push-action: `tags` (full references, one per line), `labels` and `annotations`
 * (the OCI `org.opencontainers.image.*` keys; annotations prefixed with their level, `manifest:`),
 * `version`, and `json`.
 */

/** The repo's web URL from the CI run, else from a git remote URL (userinfo always dropped). */
function sourceUrl(env, remote) {
    if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY)
        return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
    if (env.CI_PROJECT_URL)
        return env.CI_PROJECT_URL;
    if (!remote)
        return undefined;
    const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(remote); // git@host:org/repo.git
    let url;
    try {
        url = new URL(scp ? `https://${scp[1]}/${scp[2]}` : remote);
    }
    catch {
        return undefined; // a local path: no public source
    }
    if (!/^(https?|ssh|git):$/.test(url.protocol))
        return undefined;
    // ssh and git remotes become the forge's web URL (https); an http remote stays http (its server has no TLS).
    const scheme = url.protocol === 'http:' ? 'http' : 'https';
    return `${scheme}://${url.hostname}${url.port && url.protocol !== 'ssh:' ? `:${url.port}` : ''}${url.pathname.replace(/\.git\/?$/, '').replace(/\/$/, '')}`;
}
function imageMetadata(v, input) {
    const images = (input.images ?? []).map((i, n) => (0,reference/* parseImageName */["if"])(i, `--image (item ${n + 1})`).name);
    const tags = images.length ? images.map((i) => `${i}:${v.tag}`) : [v.tag];
    const title = input.title ?? input.source?.split('/').filter(Boolean).pop();
    const labels = { 'org.opencontainers.image.created': input.created.toISOString() };
    if (title)
        labels['org.opencontainers.image.title'] = title;
    labels['org.opencontainers.image.revision'] = v.sha;
    if (input.source) {
        labels['org.opencontainers.image.source'] = input.source;
        labels['org.opencontainers.image.url'] = input.source;
    }
    labels['org.opencontainers.image.version'] = v.version;
    const annotations = Object.entries(labels).map(([k, val]) => `manifest:${k}=${val}`);
    return { tags, labels, annotations };
}
/** Action outputs / dotenv (kebab-case, multi-line values one item per line). */
function metadataOutputs(v, m) {
    return {
        tag: v.tag,
        version: v.version,
        sha: v.sha,
        tags: m.tags.join('\n'),
        labels: Object.entries(m.labels)
            .map(([k, val]) => `${k}=${val}`)
            .join('\n'),
        annotations: m.annotations.join('\n'),
        json: JSON.stringify({ tags: m.tags, labels: m.labels, annotations: m.annotations }),
    };
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
// EXTERNAL MODULE: ./packages/core/src/version/conventional.ts
var conventional = __webpack_require__(7890);
// EXTERNAL MODULE: ./packages/core/src/version/history.ts
var version_history = __webpack_require__(7202);
// EXTERNAL MODULE: ./packages/core/src/version/tag.ts
var version_tag = __webpack_require__(118);
;// CONCATENATED MODULE: ./packages/core/src/version/strategy.ts
/**
 * The tag strategies of seeds/003:
 *   semver  the version of a pushed tag ref (`refs/tags/v1.2.3`), validated
 *   rc      `v{next}-rc.{sha7}`: next = latest stable tag bumped by the conventional commits since
 *   stable  the stable tag on the commit, else `v{next}`
 *   dev     `dev-{sha7}-{yyyymmddhhmmss}` (UTC)
 * Pre-release tags never count as the latest stable. With no stable tag yet, next is v0.1.0.
 */






const TAG_STRATEGIES = ['semver', 'rc', 'stable', 'dev'];
const SHA = /^[0-9a-f]{7,64}$/i;
function parseStrategy(value) {
    if (value && TAG_STRATEGIES.includes(value))
        return value;
    throw new errors/* InputError */.dz(`--strategy ${JSON.stringify(value ?? '')} is not a tag strategy`, `use one of ${TAG_STRATEGIES.join(', ')}`);
}
/** A pushed tag ref → its tag and semver; an input error for anything else. */
function versionFromRef(ref) {
    if (!ref)
        throw new errors/* InputError */.dz('--strategy semver needs --ref', 'pass the pushed tag ref, e.g. --ref refs/tags/v1.2.3 (GITHUB_REF / CI_COMMIT_TAG are read in CI)');
    if (/^refs\//.test(ref) && !ref.startsWith('refs/tags/')) {
        throw new errors/* InputError */.dz(`--ref ${ref} is not a tag ref`, 'semver builds run on a pushed tag (refs/tags/v1.2.3); use --strategy rc or dev for branches');
    }
    const tag = ref.replace(/^refs\/tags\//, '');
    const version = (0,version_tag/* tagVersion */.RQ)(tag);
    if (!version)
        throw new errors/* InputError */.dz(`--ref ${ref}: ${JSON.stringify(tag)} is not a semantic version`, 'tag releases as v1.2.3 (MAJOR.MINOR.PATCH, optional -prerelease)');
    (0,version_tag/* assertTag */.DD)(tag, '--ref');
    return { tag, version };
}
/** The tag ref of the CI run: GitHub `GITHUB_REF` when it is a tag, GitLab `CI_COMMIT_TAG`. */
function refFromCi(env) {
    if (env.GITHUB_REF?.startsWith('refs/tags/'))
        return env.GITHUB_REF;
    if (env.CI_COMMIT_TAG)
        return `refs/tags/${env.CI_COMMIT_TAG}`;
    return env.GITHUB_REF || undefined;
}
/** Stable (no pre-release) semver tags, highest first. */
function stableTags(tags) {
    return tags
        .map((tag) => ({ tag, version: (0,version_tag/* tagVersion */.RQ)(tag) }))
        .filter((t) => t.version !== null && t.version.prerelease.length === 0)
        .sort((a, b) => semver_default().rcompare(a.version, b.version) || (a.tag.startsWith('v') ? -1 : 1));
}
function devTag(sha, now) {
    const ts = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    return `dev-${sha.slice(0, 7)}-${ts}`;
}
async function computeVersion(input) {
    const strategy = parseStrategy(input.strategy);
    // Input first: a bad ref or sha is exit 2 before any git work.
    const fromRef = strategy === 'semver' ? versionFromRef(input.ref) : undefined;
    if (input.sha !== undefined && !SHA.test(input.sha)) {
        throw new errors/* InputError */.dz(`--sha ${JSON.stringify(input.sha)} is not a commit SHA`, 'pass 7 to 64 hex digits, e.g. the CI commit SHA');
    }
    const checkout = new version_history/* Checkout */.R(input.dir ?? process.cwd(), input.reporter ?? report/* silentReporter */.P, input.env);
    await checkout.assertRepo();
    if (strategy === 'rc' || strategy === 'stable')
        await checkout.ensureHistory();
    const sha = await checkout.commit(input.sha ?? 'HEAD', input.sha ? '--sha' : 'HEAD');
    if (fromRef)
        return { strategy, tag: fromRef.tag, version: fromRef.version.version, sha };
    if (strategy === 'dev') {
        const tag = devTag(sha, input.now ?? new Date());
        return { strategy, tag, version: tag, sha };
    }
    if (strategy === 'stable') {
        const onCommit = stableTags(await checkout.tagsAt(sha))[0];
        if (onCommit)
            return { strategy, tag: onCommit.tag, version: onCommit.version.version, sha, base: onCommit.tag };
    }
    const latest = stableTags(await checkout.tags())[0];
    let next = conventional/* FIRST_VERSION */.Eg;
    let bump;
    if (latest) {
        bump = (0,conventional/* bumpOfAll */.X)(await checkout.messagesSince(latest.tag, sha));
        next = (0,conventional/* nextVersion */.yU)(latest.version, bump);
    }
    // A sha7 of only digits with a leading zero is not a valid semver identifier; the tag is still a
    // valid image tag, and `version` then says so by being the tag without its `v`.
    const tag = strategy === 'rc' ? `v${next}-rc.${sha.slice(0, 7)}` : `v${next}`;
    return { strategy, tag, version: tag.slice(1), sha, base: latest?.tag ?? null, ...(bump ? { bump } : {}) };
}

;// CONCATENATED MODULE: ./packages/core/src/version/build-tag.ts
/** The build-tag verb: compute the tag from the checkout, then its metadata-action-style outputs. */





async function buildTag(input) {
    const now = input.now ?? new Date();
    (input.images ?? []).forEach((i, n) => (0,reference/* parseImageName */["if"])(i, `--image (item ${n + 1})`)); // exit 2 before any git work
    const v = await computeVersion({ ...input, now });
    const env = input.env ?? process.env;
    const dir = (0,external_node_path_.resolve)(input.dir ?? process.cwd());
    const source = input.source ?? sourceUrl(env, await new version_history/* Checkout */.R(dir, undefined, env).remoteUrl());
    const m = imageMetadata(v, { images: input.images, source, title: input.title ?? (source ? undefined : (0,external_node_path_.basename)(dir)), created: now });
    return { ...v, ...m };
}

// EXTERNAL MODULE: ./packages/core/src/interface/outcome.ts
var outcome = __webpack_require__(7569);
;// CONCATENATED MODULE: ./packages/core/src/interface/run/build-tag.ts
/** build-tag from its inputs: the tag of a commit, optionally built and pushed. */






const buildTagRunner = {
    run: async (v, ctx) => {
        const strategy = (0,outcome/* str */.gx)(v, 'strategy');
        const images = (0,outcome/* strs */.TD)(v, 'image');
        if ((0,outcome/* bool */.lc)(v, 'push') && !images)
            throw new errors/* InputError */.dz('--push needs --image', 'name the image to push, e.g. --image ghcr.io/acme/payments');
        const r = await buildTag({
            strategy,
            ref: (0,outcome/* str */.gx)(v, 'ref') ?? (strategy === 'semver' ? refFromCi(ctx.env) : undefined),
            sha: (0,outcome/* str */.gx)(v, 'sha'),
            dir: (0,outcome/* str */.gx)(v, 'dir'),
            images,
            source: (0,outcome/* str */.gx)(v, 'source'),
            title: (0,outcome/* str */.gx)(v, 'title'),
            reporter: ctx.reporter,
        });
        const base = r.base === undefined ? '' : ` (from ${r.base ?? 'no stable tag'}${r.bump ? `, ${r.bump}` : ''})`;
        ctx.reporter.info(`${r.strategy}: ${r.tag}${base}`);
        if (!(0,outcome/* bool */.lc)(v, 'push'))
            return { json: r, human: r.tags.join('\n'), outputs: metadataOutputs(r, r) };
        const built = await buildAndPush({
            context: (0,outcome/* str */.gx)(v, 'context') ?? (0,outcome/* str */.gx)(v, 'dir') ?? '.',
            file: (0,outcome/* str */.gx)(v, 'file'),
            tags: r.tags,
            labels: r.labels,
            annotations: r.annotations,
            builder: (0,outcome/* str */.gx)(v, 'builder'),
            plainHttp: (0,outcome/* bool */.lc)(v, 'plainHttp'),
            reporter: ctx.reporter,
        });
        const json = { ...r, digest: built.digest, builder: built.builder };
        return { json, human: `${r.tags.join('\n')}\n${built.digest}`, outputs: { ...metadataOutputs(r, r), digest: built.digest } };
    },
};


/***/ }),

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
