export const id = 854;
export const ids = [854];
export const modules = {

/***/ 2658:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ outputsFor)
/* harmony export */ });
const LONG = new Set(['json', 'markdown']);
function outputsFor(face, outputs) {
    return face === 'action' ? outputs : Object.fromEntries(Object.entries(outputs).filter(([k]) => !LONG.has(k)));
}


/***/ }),

/***/ 2854:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  statusRunner: () => (/* binding */ statusRunner)
});

// EXTERNAL MODULE: ./packages/core/src/config/index.ts + 6 modules
var src_config = __webpack_require__(7084);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/input-values.ts
var input_values = __webpack_require__(9496);
// EXTERNAL MODULE: ./packages/core/src/naming.ts
var naming = __webpack_require__(5189);
// EXTERNAL MODULE: ./packages/core/src/report.ts
var report = __webpack_require__(2019);
// EXTERNAL MODULE: ./packages/core/src/verbs/env-timeline.ts
var env_timeline = __webpack_require__(7087);
// EXTERNAL MODULE: ./packages/core/src/verbs/plan.ts
var plan = __webpack_require__(8657);
// EXTERNAL MODULE: ./packages/core/src/verbs/verdicts.ts
var verdicts = __webpack_require__(4144);
;// CONCATENATED MODULE: ./packages/core/src/verbs/status.ts
/**
 * status: what runs where, and is it verified. For each app × environment of gitops.yaml: the
 * tag, the commit that set it and when, the verification verdict and when it was made, any open
 * promotion or rollback pull/merge request, and the tags blocked there (DESIGN.md principle 9).
 * Reads only: the branch head, gitops.yaml, each environment's file at the head and its history
 * (one request each in API mode), the records of the commits that decide a verdict, and the open
 * requests once per branch. No clone: the git adapter's partial fetches, as promote.
 */








/** Environments read at once (the adapters bound their own concurrency; git runs them in turn). */
const PARALLEL = 4;
async function status_status(input) {
    const reporter = input.reporter ?? report/* silentReporter */.P;
    if (input.app !== undefined)
        (0,plan/* assertName */.I1)(input.app, '--app');
    const depth = input.depth ?? 10;
    (0,input_values/* parseIntInRange */.fY)(depth, '--depth', input_values/* LIMITS */.b1.depth.min, input_values/* LIMITS */.b1.depth.max);
    const repo = input.repo;
    const branch = input.branch ?? 'main';
    const head = await (0,plan/* requireHead */.EU)(repo, branch);
    const config = await (0,plan/* loadConfigAt */.Qi)(repo, head);
    if (!config)
        throw new errors/* InputError */.dz(`status needs gitops.yaml at the root of ${repo.display} (${branch})`, 'add gitops.yaml listing the apps and their environments');
    const targets = targetsOf(config, input.app, input.branch);
    const heads = new Map([[branch, Promise.resolve(head)]]);
    const headOf = (b) => {
        let h = heads.get(b);
        if (!h)
            heads.set(b, (h = (0,plan/* requireHead */.EU)(repo, b)));
        return h;
    };
    const open = new Map();
    const openInto = (b) => {
        if (!repo.changeRequests)
            return Promise.resolve([]);
        let p = open.get(b);
        if (!p)
            open.set(b, (p = repo.changeRequests.listOpen(b)));
        return p;
    };
    const cache = new env_timeline/* VerificationCache */.Qx(repo);
    const rows = await pool(targets, PARALLEL, async (target) => {
        try {
            return await environmentStatus(repo, cache, target, await headOf(target.branch), depth, await openInto(target.branch));
        }
        catch (err) {
            if (!(err instanceof errors/* InputError */.dz))
                throw err;
            reporter.warn(`${target.env}(${target.app}): ${(0,errors/* messageOf */.bD)(err)}`);
            return { ...rowBase(target), tag: null, since: null, verdict: { state: 'unverified' }, openRequests: [], blocked: [], error: (0,errors/* messageOf */.bD)(err) };
        }
    });
    return { envRepo: repo.display, branch, head, environments: rows };
}
/** Every app × environment in gitops.yaml order; `--app` must name one of its apps. */
function targetsOf(config, app, branch) {
    const apps = Object.keys(config.apps);
    if (app !== undefined && !apps.includes(app)) {
        throw new errors/* InputError */.dz(`--app ${app} is not in gitops.yaml (apps: ${apps.join(', ')})`, 'pass one of those apps, or leave --app out for all');
    }
    const out = [];
    for (const a of app !== undefined ? [app] : apps) {
        for (const env of Object.keys(config.apps[a].environments)) {
            // --branch names where gitops.yaml lives; an environment that tracks another branch keeps it.
            const t = (0,src_config/* resolveTarget */.u1)(config, a, env, {});
            if (branch !== undefined && !config.apps[a].environments[env].branch)
                t.branch = branch;
            t.file = (0,src_config/* assertRepoPath */.ac)(t.file, `gitops.yaml apps.${a}.environments.${env}.file`);
            out.push(t);
        }
    }
    return out;
}
function rowBase(t) {
    return { app: t.app, env: t.env, file: t.file, key: t.key, branch: t.branch, mode: t.mode, ...(t.from ? { from: t.from } : {}) };
}
async function environmentStatus(repo, cache, target, head, depth, open) {
    const text = await repo.readFile(target.file, head);
    if (text === null)
        throw new errors/* InputError */.dz(`${target.file} does not exist on ${target.branch} of ${repo.display}`, `fix apps.${target.app}.environments.${target.env}.file in gitops.yaml`);
    const tag = (0,env_timeline/* tagIn */.mg)(text, target.key, target.file);
    const history = await repo.history(target.file, head, depth);
    const period = await (0,env_timeline/* currentPeriod */.pt)(repo, target, tag, history, depth);
    const verdict = period ? await (0,env_timeline/* verdictOf */.Vj)(cache, target.app, target.env, period.commits) : { state: 'unverified' };
    const blocked = await (0,verdicts/* blockedTags */.Oh)(cache.repoView, target, head, { history });
    let since = null;
    if (period) {
        const c = period.setBy;
        const url = repo.commitUrl?.(c.sha);
        const pr = (0,env_timeline/* changeRequestOf */.zS)(c.message);
        since = {
            commit: c.sha,
            ...(c.date ? { date: c.date } : {}),
            ...(url ? { url } : {}),
            ...(pr !== undefined ? { pullRequest: pr } : {}),
            ...(c.rolledBackFrom ? { rollbackOf: c.rolledBackFrom } : {}),
            ...(period.beyondDepth ? { beyondDepth: true } : {}),
        };
    }
    return { ...rowBase(target), tag, since, verdict, openRequests: requestsFor(open, target), blocked };
}
const MARKER = /<!-- gitops-actions:(promote|rollback) app=(\S+) env=(\S+) -->/;
/** The open requests for app+env: by the marker our bodies carry, else by the default branch names. */
function requestsFor(open, t) {
    const promoteBranch = (0,naming/* branchPattern */.LX)(naming/* DEFAULT_TEMPLATES */.EE.prBranch, { app: t.app, env: t.env });
    const rollbackBranch = (0,naming/* branchPattern */.LX)(naming/* DEFAULT_TEMPLATES */.EE.rollbackBranch, { app: t.app, env: t.env });
    const out = [];
    for (const cr of open) {
        const m = MARKER.exec(cr.body);
        let kind;
        if (m)
            kind = m[2] === t.app && m[3] === t.env ? (m[1] === 'rollback' ? 'rollback' : 'promotion') : undefined;
        else if (rollbackBranch.test(cr.sourceBranch))
            kind = 'rollback';
        else if (promoteBranch.test(cr.sourceBranch))
            kind = 'promotion';
        if (!kind)
            continue;
        const tag = /→ `([^`\s]+)`/.exec(cr.body)?.[1];
        out.push({ kind, number: cr.number, url: cr.url, title: cr.title, ...(tag ? { tag } : {}), ...(cr.draft ? { draft: true } : {}) });
    }
    return out.sort((a, b) => a.number - b.number);
}
async function pool(items, size, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
    return out;
}

// EXTERNAL MODULE: ./packages/core/src/verbs/status-report.ts
var status_report = __webpack_require__(892);
// EXTERNAL MODULE: ./packages/core/src/interface/outcome.ts
var outcome = __webpack_require__(7569);
// EXTERNAL MODULE: ./packages/core/src/interface/run/env-repo.ts
var env_repo = __webpack_require__(3802);
// EXTERNAL MODULE: ./packages/core/src/interface/run/report-outputs.ts
var report_outputs = __webpack_require__(2658);
;// CONCATENATED MODULE: ./packages/core/src/interface/run/status.ts
/** status from its inputs: every app × environment (or one app), as a table, Markdown or JSON; Markdown is the job summary. */





const statusRunner = {
    run: (v, ctx) => (0,env_repo/* withEnvRepo */.g)(v, ctx, async (repo) => {
        const r = await status_status({ repo, app: (0,outcome/* str */.gx)(v, 'app'), branch: (0,outcome/* str */.gx)(v, 'branch'), depth: (0,outcome/* num */.bu)(v, 'depth'), reporter: ctx.reporter });
        const markdown = (0,status_report/* statusMarkdown */.KZ)(r);
        ctx.reporter.summary(markdown);
        return { json: (0,status_report/* statusJson */.bj)(r), human: (0,outcome/* str */.gx)(v, 'format') === 'markdown' ? markdown : (0,status_report/* statusTable */.XR)(r), outputs: (0,report_outputs/* outputsFor */.k)(ctx.face, (0,status_report/* statusOutputs */.tr)(r)) };
    }),
};


/***/ }),

/***/ 7087:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qx: () => (/* binding */ VerificationCache),
/* harmony export */   RE: () => (/* binding */ periods),
/* harmony export */   Vj: () => (/* binding */ verdictOf),
/* harmony export */   mg: () => (/* binding */ tagIn),
/* harmony export */   pt: () => (/* binding */ currentPeriod),
/* harmony export */   zS: () => (/* binding */ changeRequestOf)
/* harmony export */ });
/* unused harmony export valueAt */
/* harmony import */ var _manifest_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6274);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8657);
/* harmony import */ var _verdicts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4144);



/** The tag at `key` of a file's text; null for a YAML null or empty value (no tag). */
function tagIn(text, key, file) {
    return (0,_plan_js__WEBPACK_IMPORTED_MODULE_1__/* .tagOf */ .cO)((0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_0__/* .readScalar */ .$t)(text, key, file));
}
/** Verification records per commit, each commit asked once (status and blockedTags share it). */
class VerificationCache {
    repo;
    byCommit = new Map();
    constructor(repo) {
        this.repo = repo;
    }
    of(commit) {
        let p = this.byCommit.get(commit);
        if (!p) {
            p = this.repo.verifications(commit);
            this.byCommit.set(commit, p);
        }
        return p;
    }
    /** The repo, with verifications() answered from this cache (for code that takes an EnvRepo). */
    get repoView() {
        const of = (commit) => this.of(commit);
        return new Proxy(this.repo, {
            get(target, prop) {
                if (prop === 'verifications')
                    return of;
                const value = Reflect.get(target, prop, target);
                return typeof value === 'function' ? value.bind(target) : value;
            },
        });
    }
}
/** The newest record for app+env among `commits` (newest first); `unverified` when none has one. */
async function verdictOf(cache, app, env, commits) {
    const context = (0,_verdicts_js__WEBPACK_IMPORTED_MODULE_2__/* .verificationContext */ .de)(app, env);
    for (const c of commits) {
        const v = (await cache.of(c.sha)).find((r) => r.context === context);
        if (v) {
            return {
                state: v.state,
                commit: c.sha,
                ...(v.at ? { at: v.at } : {}),
                ...(v.targetUrl ? { url: v.targetUrl } : {}),
                ...(v.description ? { description: v.description } : {}),
            };
        }
    }
    return { state: 'unverified' };
}
/** The pull/merge request a commit message names: squash `title (#12)`, `Merge pull request #12`, GitLab `See merge request g/p!12`. */
function changeRequestOf(message) {
    const subject = message.split('\n', 1)[0] ?? '';
    const m = /^Merge pull request #(\d+)\b/.exec(subject) ?? /\(#(\d+)\)\s*$/.exec(subject) ?? /See merge request [^\s!]+!(\d+)/.exec(message);
    return m ? Number(m[1]) : undefined;
}
/**
 * The value at one commit: from our trailers when the commit is ours for app+env, else read.
 * Another app's or environment's commit of the same file keeps ours as its parent had it, so it
 * is read too (it may have been a hand edit with borrowed trailers) — only ours is trusted.
 */
async function valueAt(repo, target, entry) {
    const ev = (0,_verdicts_js__WEBPACK_IMPORTED_MODULE_2__/* .trailerEvent */ .e2)(entry.message, target.app, target.env);
    const base = { ...entry, ...(ev.rolledBackFrom ? { rolledBackFrom: ev.rolledBackFrom } : {}) };
    if (ev.to !== undefined)
        return { ...base, value: ev.to, byTrailer: true };
    const text = await repo.readFile(target.file, entry.sha);
    let value;
    try {
        value = text === null ? undefined : tagIn(text, target.key, target.file);
    }
    catch {
        value = undefined; // the key did not exist then, or the file was broken
    }
    return { ...base, value, byTrailer: false };
}
/**
 * The current period: walk newest first while the value stays `current`. A commit of ours that
 * set `current` is where it began (our tooling never commits a value over itself), so the walk
 * stops there without reading anything older.
 */
async function currentPeriod(repo, target, current, history, depth) {
    const run = [];
    for (const entry of history) {
        const c = await valueAt(repo, target, entry);
        if (c.value !== current)
            break;
        run.push(c);
        if (c.byTrailer)
            return { tag: current, setBy: c, commits: run, beyondDepth: false };
    }
    if (run.length === 0)
        return null;
    return { tag: current, setBy: run[run.length - 1], commits: run, beyondDepth: run.length === history.length && history.length >= depth };
}
/** Every period in the window, newest first. Commits without our trailers are read once each. */
async function periods(repo, target, history, depth) {
    const out = [];
    let open = [];
    const close = (beyondDepth) => {
        if (open.length === 0)
            return;
        const first = open[0];
        if (first.value !== undefined)
            out.push({ tag: first.value, setBy: open[open.length - 1], commits: open, beyondDepth });
        open = [];
    };
    for (const entry of history) {
        const c = await valueAt(repo, target, entry);
        if (open.length > 0 && open[0].value !== c.value)
            close(false);
        // A trailer commit of ours set its value here: the stretch is complete once it is in.
        open.push(c);
        if (c.byTrailer)
            close(false);
    }
    close(history.length >= depth);
    return out;
}


/***/ }),

/***/ 892:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E0: () => (/* binding */ verdictWord),
/* harmony export */   KZ: () => (/* binding */ statusMarkdown),
/* harmony export */   XR: () => (/* binding */ statusTable),
/* harmony export */   XV: () => (/* binding */ shortDate),
/* harmony export */   bj: () => (/* binding */ statusJson),
/* harmony export */   tr: () => (/* binding */ statusOutputs)
/* harmony export */ });
/* unused harmony export promotionChain */
/** `2024-05-01T12:03:09Z` → `2024-05-01 12:03Z`; anything unparsable as given. */
function shortDate(iso) {
    if (!iso)
        return '';
    const t = Date.parse(iso);
    return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}
const short = (sha) => (sha ? sha.slice(0, 7) : '');
const tagText = (tag) => (tag === null ? '(null)' : tag);
function verdictWord(v) {
    return { success: 'verified', failure: 'FAILED', pending: 'pending', unverified: 'unverified' }[v.state];
}
const ICON = { success: '✅', failure: '❌', pending: '⏳', unverified: '➖' };
function blockedText(b) {
    return `${b.tag} (${b.reason === 'rolled-back' ? 'rolled back' : 'failed verification'} ${short(b.commit)}${b.date ? ` ${shortDate(b.date)}` : ''})`;
}
function requestText(r) {
    return `#${r.number} ${r.kind}${r.tag ? ` ${r.tag}` : ''}${r.draft ? ' (draft)' : ''}`;
}
/** Fixed-width columns; the last one runs free. */
function columns(rows) {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows
        .map((r) => r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd())
        .join('\n');
}
function statusTable(r) {
    const rows = [['APP', 'ENV', 'TAG', 'SINCE', 'COMMIT', 'VERDICT', 'OPEN', 'BLOCKED']];
    for (const e of r.environments) {
        if (e.error) {
            rows.push([e.app, e.env, '?', '', '', '', '', `error: ${e.error}`]);
            continue;
        }
        const since = e.since ? `${e.since.beyondDepth ? '≤ ' : ''}${shortDate(e.since.date)}` : '';
        const commit = e.since
            ? `${short(e.since.commit)}${e.since.pullRequest !== undefined ? ` (#${e.since.pullRequest})` : ''}${e.since.rollbackOf ? ` rollback of ${e.since.rollbackOf}` : ''}`
            : '';
        const verdict = `${verdictWord(e.verdict)}${e.verdict.at ? ` ${shortDate(e.verdict.at)}` : ''}`;
        rows.push([
            e.app,
            e.env,
            tagText(e.tag),
            since,
            commit,
            verdict,
            e.openRequests.map(requestText).join(', ') || '-',
            e.blocked.map(blockedText).join(', ') || '-',
        ]);
    }
    return columns(rows);
}
/** Markdown table cell: no pipes, no newlines. */
const cell = (s) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s) => `\`${cell(s)}\``;
const link = (text, url) => (url ? `[${text}](${url})` : text);
function markdownRow(e) {
    if (e.error)
        return `| ${e.app} | ${e.env} | — | — | — | — | ⚠️ ${cell(e.error)} |`;
    const since = e.since
        ? `${link(code(short(e.since.commit)), e.since.url)}${e.since.pullRequest !== undefined ? ` (#${e.since.pullRequest})` : ''}${e.since.date ? ` ${e.since.beyondDepth ? '≤ ' : ''}${shortDate(e.since.date)}` : ''}${e.since.rollbackOf ? `<br>rollback of ${code(e.since.rollbackOf)}` : ''}`
        : '—';
    const verdict = `${ICON[e.verdict.state]} ${link(verdictWord(e.verdict), e.verdict.url)}${e.verdict.at ? ` ${shortDate(e.verdict.at)}` : ''}`;
    const open = e.openRequests.map((r) => `${link(`#${r.number}`, r.url)} ${r.kind}${r.tag ? ` ${code(r.tag)}` : ''}`).join('<br>') || '—';
    const blocked = e.blocked.map((b) => `${code(b.tag)} ${b.reason === 'rolled-back' ? 'rolled back' : 'failed'} ${link(short(b.commit), b.url)}`).join('<br>') || '—';
    return `| ${e.app} | ${e.env} | ${e.tag === null ? '*null*' : code(e.tag)} | ${since} | ${verdict} | ${open} | ${blocked} |`;
}
/** A Mermaid label: quotes and angle brackets as entities, so a value cannot end the label. */
const label = (s) => s.replace(/[<>"#&]/g, (ch) => `#${ch.charCodeAt(0)};`);
/** One subgraph per app: each environment with its tag and verdict, an arrow for each `from:`. */
function promotionChain(r) {
    const lines = ['```mermaid', 'flowchart LR'];
    const id = new Map();
    r.environments.forEach((e, i) => id.set(`${e.app}\0${e.env}`, `e${i}`));
    const apps = [...new Set(r.environments.map((e) => e.app))];
    apps.forEach((app, a) => {
        lines.push(`  subgraph a${a}["${label(app)}"]`);
        for (const e of r.environments.filter((x) => x.app === app)) {
            const what = e.error ? 'unreadable' : `${label(tagText(e.tag))}<br/>${ICON[e.verdict.state]} ${verdictWord(e.verdict)}`;
            lines.push(`    ${id.get(`${app}\0${e.env}`)}["${label(e.env)}<br/>${what}"]:::${e.error ? 'unverified' : e.verdict.state}`);
        }
        for (const e of r.environments.filter((x) => x.app === app && x.from)) {
            const from = id.get(`${app}\0${e.from}`);
            if (from)
                lines.push(`    ${from} --> ${id.get(`${app}\0${e.env}`)}`);
        }
        lines.push('  end');
    });
    lines.push('  classDef success fill:#dafbe1,stroke:#1a7f37', '  classDef failure fill:#ffebe9,stroke:#cf222e', '  classDef pending fill:#fff8c5,stroke:#9a6700', '  classDef unverified fill:#f6f8fa,stroke:#8c959f', '```');
    return lines.join('\n');
}
function statusMarkdown(r) {
    return [
        `### Environments of ${cell(r.envRepo)} (\`${cell(r.branch)}\` at \`${short(r.head)}\`)`,
        '',
        '| app | env | tag | since | verdict | open PR/MR | blocked tags |',
        '|---|---|---|---|---|---|---|',
        ...r.environments.map(markdownRow),
        '',
        promotionChain(r),
    ].join('\n');
}
/** The JSON result (DESIGN.md: camelCase keys). */
function statusJson(r) {
    return r;
}
function statusOutputs(r) {
    const failed = r.environments.filter((e) => e.verdict.state === 'failure').map((e) => `${e.app}/${e.env}`);
    return { json: JSON.stringify(r), markdown: statusMarkdown(r), failed: failed.join(',') };
}


/***/ })

};
