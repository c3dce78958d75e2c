export const id = 58;
export const ids = [58];
export const modules = {

/***/ 9713:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   JC: () => (/* binding */ pollPeriod),
/* harmony export */   Rx: () => (/* binding */ DURATION_BOUNDS),
/* harmony export */   a3: () => (/* binding */ formatDuration)
/* harmony export */ });
/* unused harmony exports MIN_POLL_INTERVAL_MS, parsePositiveInt */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/**
 * The range every duration input must fall in unless its caller says otherwise: below a second a
 * poll floods the API it watches; above a day is no longer a CI step (and past ~596 h Node's
 * timers overflow and fire at once).
 */
const DURATION_BOUNDS = { min: SECOND, max: 24 * HOUR };
/**
 * Parse `90s`, `10m`, `1h30m`, `500ms` or plain seconds into milliseconds; `input` names the
 * flag. Values outside `bounds` (default 1 s … 24 h) are an InputError naming the flag.
 */
function parseDuration(value, input, bounds = {}) {
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h)?/gy;
    let total = 0;
    let matched = '';
    let m;
    while ((m = re.exec(value)) !== null && m[0] !== '') {
        total += parseFloat(m[1]) * { ms: 1, s: SECOND, m: MINUTE, h: HOUR }[m[2] ?? 's'];
        matched += m[0];
    }
    if (!value || matched !== value)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${input} ${JSON.stringify(value)} is not a duration`, 'use e.g. 90s, 10m or 1h');
    const min = bounds.min ?? DURATION_BOUNDS.min;
    const max = bounds.max ?? DURATION_BOUNDS.max;
    if (!(total >= min && total <= max)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${input} ${JSON.stringify(value)} is out of range`, `use a duration from ${formatDuration(min)} to ${formatDuration(max)}`);
    }
    return Math.round(total);
}
/** Milliseconds as the shortest input that means them: `0s`, `500ms`, `90s`, `15m`, `1h30m`, `24h`. */
function formatDuration(ms) {
    if (ms < SECOND)
        return ms === 0 ? '0s' : `${Math.round(ms)}ms`;
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    const s = Math.round((ms % MINUTE) / SECOND);
    return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
/**
 * Floor on any poll period a gate uses, whatever a library caller passes (0, NaN): the user-facing
 * floor is DURATION_BOUNDS.min (1 s) on the inputs; this one only rules out a busy loop.
 */
const MIN_POLL_INTERVAL_MS = 50;
/** A poll period with the floor applied; `fallback` when none (or no number) is given. */
function pollPeriod(ms, fallback) {
    return Math.max(MIN_POLL_INTERVAL_MS, ms !== undefined && Number.isFinite(ms) ? ms : fallback);
}
function parsePositiveInt(value, input) {
    if (value === undefined)
        return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
        throw new InputError(`${input} ${JSON.stringify(value)} is not a positive whole number`);
    return n;
}


/***/ }),

/***/ 7638:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FO: () => (/* binding */ exitCodeOf),
/* harmony export */   Hi: () => (/* binding */ RemoteError),
/* harmony export */   OK: () => (/* binding */ OperationError),
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   fK: () => (/* binding */ ConflictError)
/* harmony export */ });
/* unused harmony export GitopsError */
/**
 * Typed errors. Every error a user can see carries a one-line message and, where we know it,
 * the fix. The exit code is part of the contract (DESIGN.md): 2 = invalid input (nothing was
 * written), 1 = the operation failed (remote error, unhealthy, timeout, unresolvable conflict).
 */
class GitopsError extends Error {
    fix;
    constructor(message, 
    /** What the user should do about it, shown after the message. */
    fix, options) {
        super(message, options);
        this.fix = fix;
        this.name = new.target.name;
    }
    /** The single line shown to users: message, then the fix. */
    get userMessage() {
        return this.fix ? `${this.message} (${this.fix})` : this.message;
    }
}
/** Bad flag, bad YAML, missing key, unknown app/env, path outside the repo. Exit 2. */
class InputError extends GitopsError {
    exitCode = 2;
}
/** Something remote failed or refused: network, auth, 404, protected branch. Exit 1. */
class RemoteError extends GitopsError {
    exitCode = 1;
    constructor(message, fix, options) {
        super(message, fix, options);
        this.status = options?.status;
    }
    status;
}
/** The operation ran and failed on its own terms: unhealthy, timeout, a precondition refused, conflict. Exit 1. */
class OperationError extends GitopsError {
    exitCode = 1;
}
/** A compare-and-swap write lost the race; the caller re-reads and re-applies. */
class ConflictError extends GitopsError {
    exitCode = 1;
}
function exitCodeOf(err) {
    return err instanceof GitopsError ? err.exitCode : 1;
}
function messageOf(err) {
    if (err instanceof GitopsError)
        return err.userMessage;
    if (err instanceof Error)
        return err.message;
    return String(err);
}


/***/ }),

/***/ 9496:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b1: () => (/* binding */ LIMITS),
/* harmony export */   fY: () => (/* binding */ parseIntInRange),
/* harmony export */   yG: () => (/* binding */ parseBoolean)
/* harmony export */ });
/* unused harmony export BOOLEAN_VALUES */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/**
 * Flag and input values every face parses the same way (DESIGN.md "One vocabulary"): booleans
 * as people write them in YAML, env files and CI variables, and whole numbers within a range,
 * so a value that would make a verb loop for hours or a remote refuse is exit 2 up front.
 */

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);
const BOOLEAN_VALUES = 'true/false, 1/0, yes/no, on/off';
/** `true/false/1/0/yes/no/on/off` in any case (surrounding blanks ignored); anything else names `input`. */
function parseBoolean(value, input) {
    const v = value.trim().toLowerCase();
    if (TRUE.has(v))
        return true;
    if (FALSE.has(v))
        return false;
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${input} ${shown} is not a boolean`, `use ${BOOLEAN_VALUES}`);
}
/** A whole number written in plain decimal digits, within min…max; `input` names the flag. */
function parseIntInRange(value, input, min, max) {
    const text = String(value).trim();
    const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
        const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${input} ${shown} is out of range`, `use a whole number from ${min} to ${max}`);
    }
    return n;
}
/** Inclusive bounds of the numeric flags, in one place for the CLI, the actions and the docs. */
const LIMITS = {
    /** rollback --depth: commits of the file's history searched for a verified tag. */
    depth: { min: 1, max: 10_000 },
    /** wait-healthy --successes: consecutive 2xx answers the HTTP gate needs. */
    successes: { min: 1, max: 1000 },
};


/***/ }),

/***/ 1058:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kl: () => (/* reexport */ ACTIONS),
  u8: () => (/* reexport */ lifecycle/* DEFAULT_DEADLINE_MS */.u8),
  j3: () => (/* reexport */ lifecycle/* DeadlineError */.j3),
  dz: () => (/* reexport */ errors/* InputError */.dz),
  O4: () => (/* reexport */ output_limits/* MAX_OUTPUT_FIELD */.O4),
  Ir: () => (/* reexport */ RUNNERS),
  pO: () => (/* reexport */ report/* Redactor */.p),
  td: () => (/* reexport */ lifecycle/* SIGNAL_EXIT_CODES */.td),
  hU: () => (/* reexport */ VERBS),
  yp: () => (/* reexport */ camelName),
  D1: () => (/* reexport */ output_limits/* capJson */.D1),
  bs: () => (/* reexport */ output_limits/* capOutputs */.bs),
  nY: () => (/* reexport */ lifecycle/* cleanUp */.nY),
  pD: () => (/* reexport */ envName),
  FO: () => (/* reexport */ errors/* exitCodeOf */.FO),
  n9: () => (/* reexport */ faceInputs),
  Xd: () => (/* reexport */ lifecycle/* installSignalHandlers */.Xd),
  kH: () => (/* reexport */ lifecycle/* interruptedBy */.kH),
  bD: () => (/* reexport */ errors/* messageOf */.bD),
  Af: () => (/* reexport */ outputEnvName),
  TL: () => (/* reexport */ parseInputs),
  xv: () => (/* reexport */ output_limits/* truncate */.xv),
  NE: () => (/* reexport */ lifecycle/* withDeadline */.NE)
});

// UNUSED EXPORTS: APP_ENV_INPUTS, BUILD_TAG, CLI_OUTPUT_INPUTS, COMPONENTS, DRY_RUN_INPUT, ENV_REPO_INPUTS, FACES, HISTORY, INPUT_NAME_RESERVED, LIMITS, MAX_INPUT_LENGTH, OUTPUT_ENV_PREFIX, PROMOTE, PULL_REQUEST_INPUTS, RELEASE, RETAG, ROLLBACK, STATUS, TARGET_INPUTS, TOKEN_INPUT, WAIT_HEALTHY, bool, deadlineInput, hasFace, inputLabel, num, parseBoolean, parseDuration, parseInput, str, strs

;// CONCATENATED MODULE: ./packages/core/src/interface/spec.ts
/**
 * A verb's interface as data: its inputs and outputs, once. The CLI builds its options and
 * GITOPS_* variables from it at run time; `npm run build` generates each action.yml, each GitLab
 * component's `spec: inputs` + job variables, and the README tables from it. One name per input
 * everywhere: `--env-repo` (CLI), `env-repo` (action and component input), `GITOPS_ENV_REPO`.
 */
const FACES = (/* unused pure expression or super */ null && (['cli', 'action', 'gitlab']));
function hasFace(input, face) {
    return !input.faces || input.faces.includes(face);
}
/** `env-repo` → `GITOPS_ENV_REPO` */
function envName(name) {
    return `GITOPS_${name.replace(/-/g, '_').toUpperCase()}`;
}
/**
 * Outputs in a dotenv report: `commit-sha` → `GITOPS_OUT_COMMIT_SHA`. GitLab gives a needed job's
 * dotenv variables precedence over a job's own `variables:`, so an output named like an input
 * (`GITOPS_TAG`) would silently replace the next job's input. No input may be named `out-…`
 * (INPUT_NAME_RESERVED; the generator refuses one), so these names can never be an input's.
 */
const OUTPUT_ENV_PREFIX = 'GITOPS_OUT_';
function outputEnvName(name) {
    return `${OUTPUT_ENV_PREFIX}${name.replace(/-/g, '_').toUpperCase()}`;
}
/** Input names (and former names) may not start so: their GITOPS_ variable would be an output's. */
const INPUT_NAME_RESERVED = /^out([-_]|$)/i;
/** `env-repo` → `envRepo` */
function camelName(name) {
    return name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}
/** How a face names an input in messages: `--env-repo`, `env-repo` input, GITOPS_ENV_REPO. */
function inputLabel(name, face) {
    if (face === 'cli')
        return `--${name}`;
    if (face === 'env')
        return envName(name);
    return `input ${name}`;
}
/** The inputs a face exposes, with its defaults applied and presets removed. */
function faceInputs(spec, face) {
    const verb = 'verb' in spec ? spec.verb : spec;
    const preset = 'verb' in spec ? (spec.preset ?? {}) : {};
    const defaults = 'verb' in spec ? (spec.defaults ?? {}) : {};
    const omit = 'verb' in spec ? (spec.omit ?? []) : [];
    return verb.inputs
        .filter((i) => hasFace(i, face) && !(i.name in preset) && !omit.includes(i.name))
        .map((i) => {
        const d = defaults[i.name] ?? i.faceDefaults?.[face] ?? i.default;
        return d === undefined ? { ...i, default: undefined } : { ...i, default: d };
    });
}

// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/duration.ts
var duration = __webpack_require__(9713);
// EXTERNAL MODULE: ./packages/core/src/input-values.ts
var input_values = __webpack_require__(9496);
;// CONCATENATED MODULE: ./packages/core/src/interface/values.ts
/**
 * Raw input strings → typed values, validated once for every face. Messages name the input the
 * way the user gave it: `--rollback-depth` on the command line, GITOPS_ROLLBACK_DEPTH from the
 * environment, `input rollback-depth` in an action or a component.
 */




/** Longest accepted input value: inputs are names, tags, URLs and templates, never documents. */
const MAX_INPUT_LENGTH = 4096;
function list(value) {
    const items = value
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean);
    return items.length ? items : undefined;
}
/** One input's typed value; undefined when not given (and no default). */
function parseInput(spec, raw, face) {
    // An empty value from the environment or an action input means "not given" (a template input
    // left at ""); on the command line it was typed, so it is checked (and blank is an error).
    const explicit = raw && (raw.value !== '' || raw.from === 'cli') ? raw : undefined;
    const given = explicit ?? (spec.default !== undefined ? { value: spec.default, from: face } : undefined);
    const label = inputLabel(spec.name, raw?.from ?? face);
    if (!given) {
        if (spec.required)
            throw new errors/* InputError */.dz(`${label} is required`, spec.description);
        return spec.type === 'boolean' ? false : undefined;
    }
    const value = given.value;
    if (value.length > MAX_INPUT_LENGTH)
        throw new errors/* InputError */.dz(`${label} is longer than ${MAX_INPUT_LENGTH} characters`, 'pass a shorter value');
    if (explicit && value.trim() === '')
        throw new errors/* InputError */.dz(`${label} is blank`, 'give it a value, or leave it out');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const at = value.search(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    if (at >= 0) {
        const code = value.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
        throw new errors/* InputError */.dz(`${label} contains a control character (U+${code} at position ${at})`, 'remove it');
    }
    switch (spec.type) {
        case 'boolean':
            return (0,input_values/* parseBoolean */.yG)(value, label);
        case 'duration':
            return (0,duration/* parseDuration */.E9)(value.trim(), label, spec.range ?? {});
        case 'int':
            return (0,input_values/* parseIntInRange */.fY)(value, label, spec.range?.min ?? 1, spec.range?.max ?? Number.MAX_SAFE_INTEGER);
        case 'list':
            return list(value);
        case 'enum':
            if (!spec.options.includes(value.trim())) {
                throw new errors/* InputError */.dz(`${label} ${JSON.stringify(value.slice(0, 40))} is not one of ${spec.options.join(', ')}`);
            }
            return value.trim();
        case 'regex':
            try {
                new RegExp(value);
            }
            catch (err) {
                throw new errors/* InputError */.dz(`${label} is not a valid regular expression: ${err.message}`);
            }
            return value;
        default:
            return value.trim();
    }
}
/**
 * Every input of a verb, keyed by camelCase name (`envRepo`). `raw` maps kebab names to what
 * the face read; inputs the face does not have get their default.
 */
function parseInputs(inputs, raw, face) {
    const out = {};
    for (const spec of inputs)
        out[camelName(spec.name)] = parseInput(spec, raw[spec.name], face);
    return out;
}

;// CONCATENATED MODULE: ./packages/core/src/interface/common.ts
/** Inputs and outputs several verbs share, so one name means one thing everywhere. */

/** The env repo and how to reach it. */
const ENV_REPO_INPUTS = [
    {
        name: 'env-repo',
        type: 'string',
        required: true,
        placeholder: '<url|path>',
        description: 'Env repo: OWNER/NAME or GROUP/PROJECT (forge API, no clone), a git URL, or a local path.',
    },
    {
        name: 'forge',
        type: 'enum',
        options: ['git', 'github', 'gitlab'],
        description: "git (partial clone + push), github or gitlab (REST, no clone). Default: from the URL's host; OWNER/NAME means this CI's own forge.",
    },
    {
        name: 'api-url',
        type: 'string',
        placeholder: '<url>',
        description: "Forge REST base: https://HOST/api/v3 (GitHub Enterprise) or https://HOST/api/v4 (GitLab). Default: this CI's own API.",
    },
    {
        name: 'token-host',
        type: 'list',
        placeholder: '<host[,host]>',
        description: "Hosts (HOST or HOST:PORT) the env token may also go to, e.g. a self-hosted git server. By default it goes only to its forge's own hosts.",
    },
    { name: 'branch', type: 'string', description: 'Branch the environment tracks (default main).' },
];
/** The forge token an action passes in; the CLI and components read GITHUB_TOKEN / GITLAB_TOKEN. */
const TOKEN_INPUT = {
    name: 'token',
    type: 'string',
    secret: true,
    faces: ['action'],
    default: '${{ github.token }}',
    description: 'Token for the env repo (GITHUB_TOKEN, or GITLAB_TOKEN with forge gitlab). Masked; never printed.',
};
const APP_ENV_INPUTS = [
    { name: 'app', type: 'string', required: true, description: 'App name (gitops.yaml apps.<app>).' },
    { name: 'env', type: 'string', required: true, description: 'Environment (gitops.yaml apps.<app>.environments.<env>).' },
];
const TARGET_INPUTS = [
    { name: 'file', type: 'string', placeholder: '<path>', description: 'File in the env repo holding the tag (default: from gitops.yaml).' },
    {
        name: 'key',
        type: 'string',
        placeholder: '<yaml-path>',
        description: 'YAML path of the tag, e.g. image.tag, images[name=ghcr.io/acme/app].newTag, or spec.template.spec.containers[name=app].image, where only the tag of the image reference changes (default: from gitops.yaml, else image.tag).',
    },
    {
        name: 'mode',
        type: 'enum',
        options: ['push', 'pull-request'],
        description: 'Push a commit, or open a pull/merge request (default: from gitops.yaml, else push).',
    },
    { name: 'edit-anchor', type: 'boolean', description: 'Edit a value shared through a YAML anchor or merge key, for every place that uses it.' },
];
const PULL_REQUEST_INPUTS = [
    { name: 'labels', type: 'list', description: 'Pull/merge request labels, comma- or newline-separated.' },
    { name: 'reviewers', type: 'list', description: 'Pull/merge request reviewers, comma- or newline-separated.' },
];
const DRY_RUN_INPUT = { name: 'dry-run', type: 'boolean', description: 'Print the diff; write nothing.' };
/** How results leave the CLI. The components always write the dotenv report. */
const CLI_OUTPUT_INPUTS = [
    { name: 'json', type: 'boolean', faces: ['cli'], description: 'Print one JSON object on stdout (logs go to stderr).' },
    { name: 'dotenv', type: 'string', faces: ['cli'], placeholder: '<file>', description: 'Also write the outputs as a dotenv file (GitLab reports:dotenv).' },
];
function deadlineInput(defaultText) {
    return { name: 'deadline', type: 'duration', description: `Give up on the whole run after this long (default ${defaultText}).` };
}


;// CONCATENATED MODULE: ./packages/core/src/interface/verbs.ts
/**
 * The interface of every verb: inputs and outputs, once. Faces (CLI, actions, GitLab components)
 * and the README are built from these; see spec.ts for the vocabulary.
 */

/** Grace periods may be 0 (fail at once, the default for Degraded); other durations start at 1 s. */
const GRACE_RANGE = { min: 0, max: 24 * 3_600_000 };
const PROMOTE = {
    command: 'promote',
    summary: 'Set one environment of one app to an image tag, by a commit or a pull/merge request.',
    inputs: [
        ...ENV_REPO_INPUTS,
        TOKEN_INPUT,
        ...APP_ENV_INPUTS,
        {
            name: 'tag',
            type: 'string',
            required: true,
            description: 'Image tag to deploy, e.g. v1.2.3. Where the key holds an image reference (repo:tag), only its tag changes.',
        },
        {
            name: 'digest',
            type: 'string',
            placeholder: '<sha256:…>',
            description: 'Image digest to pin with the tag: of an image reference at the key (repo:tag@digest), else at digest-key (default images[…].digest / image.digest beside the tag key).',
        },
        {
            name: 'digest-key',
            type: 'string',
            placeholder: '<yaml-path>',
            description: 'With digest: YAML path of the digest beside a bare tag (default: newTag → digest, tag → digest).',
        },
        ...TARGET_INPUTS,
        { name: 'tag-pattern', type: 'regex', placeholder: '<regex>', description: 'Refuse tags that do not match this regular expression.' },
        { name: 'allow-downgrade', type: 'boolean', description: 'Allow a tag older than the one the environment runs.' },
        {
            name: 'tag-order',
            type: 'enum',
            options: ['semver', 'numerical', 'alphabetical', 'none'],
            description: 'How tags order for the downgrade guard (default semver; numerical compares the last run of digits).',
        },
        {
            name: 'tag-order-extract',
            type: 'regex',
            placeholder: '<regex>',
            description: 'numerical: the named group (?<n>…) or the last run of digits of this match orders tags.',
        },
        {
            name: 'skip-precondition',
            type: 'boolean',
            aliases: ['skip-gate'],
            description: 'Promote even when the `from` environment does not run the tag (verified).',
        },
        { name: 'force', type: 'boolean', description: 'Promote a tag that failed verification or was rolled back in this environment (or failed in `from`).' },
        DRY_RUN_INPUT,
        {
            name: 'commit-message',
            type: 'string',
            placeholder: '<template>',
            description: 'Commit message template: {app} {env} {tag} {from} (default {env}({app}): {tag}).',
        },
        { name: 'branch-name', type: 'string', placeholder: '<template>', description: 'Pull/merge request branch template (default promote-{app}-{tag}-{env}).' },
        { name: 'title', type: 'string', placeholder: '<template>', description: 'Pull/merge request title template (default {env}({app}): {tag}).' },
        ...PULL_REQUEST_INPUTS,
        { name: 'assignees', type: 'list', description: 'Pull/merge request assignees, comma- or newline-separated.' },
        { name: 'draft', type: 'boolean', description: 'Open the pull/merge request as a draft.' },
        { name: 'auto-merge', type: 'boolean', description: 'Ask the forge to merge when the required checks pass.' },
        deadlineInput('15m'),
        ...CLI_OUTPUT_INPUTS,
    ],
    outputs: [
        { name: 'changed', description: 'true when a commit or a pull/merge request was made or moved; false when the environment already ran the tag.' },
        { name: 'operation', description: 'pushed, created, updated, unchanged or dry-run.' },
        { name: 'commit-sha', description: 'The commit made (the PR/MR branch head in pull-request mode); empty when unchanged.' },
        { name: 'previous-tag', description: 'The tag the environment ran before; empty when the value was YAML null or empty (no tag).' },
        { name: 'url', description: 'Web URL of the commit, where the forge has one.' },
        { name: 'pr-number', description: 'Pull/merge request number, in pull-request mode.' },
        { name: 'pr-url', description: 'Pull/merge request URL, in pull-request mode.' },
        { name: 'branch', description: 'Source branch of the pull/merge request.' },
    ],
};
const ROLLBACK = {
    command: 'rollback',
    summary: 'Put the last verified tag of an environment back, by a commit or a pull/merge request.',
    inputs: [
        ...ENV_REPO_INPUTS,
        TOKEN_INPUT,
        ...APP_ENV_INPUTS,
        {
            name: 'to',
            type: 'string',
            placeholder: '<tag>',
            description: 'Roll back to this tag instead of the last verified one; it must have run in this environment.',
        },
        {
            name: 'failed-tag',
            type: 'string',
            placeholder: '<tag>',
            description: 'The tag that failed: roll back only while the environment still runs it (a re-run does nothing).',
        },
        { name: 'force', type: 'boolean', description: 'Allow --to a tag that never ran in this environment (not found in --depth commits).' },
        ...TARGET_INPUTS,
        {
            name: 'depth',
            type: 'int',
            default: '30',
            range: input_values/* LIMITS */.b1.depth,
            placeholder: '<n>',
            description: `Commits of the file's history searched for a verified tag (${input_values/* LIMITS */.b1.depth.min}…${input_values/* LIMITS */.b1.depth.max}).`,
        },
        ...PULL_REQUEST_INPUTS,
        DRY_RUN_INPUT,
        deadlineInput('15m'),
        ...CLI_OUTPUT_INPUTS,
    ],
    outputs: [
        { name: 'changed', description: 'true when a commit or a pull/merge request was made.' },
        { name: 'operation', description: 'pushed, created, updated, unchanged or dry-run.' },
        { name: 'commit-sha', description: 'The rollback commit.' },
        { name: 'from', description: 'The tag the environment ran before the rollback.' },
        { name: 'rolled-back-to', description: 'The tag it was rolled back to.' },
        {
            name: 'source',
            description: 'verified (the last tag a gate passed), history (the previous tag; no record found), explicit (to), already-rolled-back (a rollback just ran: nothing done) or not-running (the environment no longer runs failed-tag: nothing done).',
        },
        { name: 'pr-number', description: 'Rollback pull/merge request number, in pull-request mode.' },
        { name: 'pr-url', description: 'Rollback pull/merge request URL, in pull-request mode.' },
    ],
};
const WAIT_HEALTHY = {
    command: 'wait-healthy',
    summary: 'Wait until the environment runs that commit, Healthy and Synced; fail fast otherwise.',
    inputs: [
        { name: 'argocd-server', type: 'string', placeholder: '<url>', description: 'Argo CD server URL (default ARGOCD_SERVER); token from ARGOCD_AUTH_TOKEN.' },
        { name: 'argocd-token', type: 'string', secret: true, faces: ['action'], description: 'Argo CD API token (default ARGOCD_AUTH_TOKEN). Masked.' },
        { name: 'argocd-app', type: 'string', placeholder: '<name>', description: 'Argo CD application (default: from gitops.yaml for app+env).' },
        { name: 'argocd-app-namespace', type: 'string', placeholder: '<ns>', description: 'Namespace of the Application (apps in any namespace).' },
        { name: 'argocd-project', type: 'string', placeholder: '<project>', description: 'Project the application must belong to.' },
        { name: 'refresh', type: 'enum', options: ['normal', 'hard', 'none'], default: 'normal', description: 'Refresh requested first.' },
        { name: 'stream', type: 'boolean', default: 'true', description: "Follow Argo CD's watch stream (off: poll)." },
        { name: 'insecure', type: 'boolean', description: 'Accept self-signed TLS certificates.' },
        { name: 'degraded-grace', type: 'duration', range: GRACE_RANGE, description: 'How long Degraded may last after our sync before failing (e.g. 30s).' },
        { name: 'missing-grace', type: 'duration', range: GRACE_RANGE, description: 'How long Missing may last before failing.' },
        { name: 'suspended', type: 'enum', options: ['pass', 'fail', 'wait'], description: 'What Suspended means.' },
        { name: 'flux-kind', type: 'enum', options: ['Kustomization', 'HelmRelease'], description: 'Flux object kind.' },
        { name: 'flux-name', type: 'string', placeholder: '<name>', description: 'Flux object name.' },
        { name: 'flux-namespace', type: 'string', placeholder: '<ns>', description: 'Flux object namespace (default flux-system).' },
        { name: 'flux-reconcile', type: 'boolean', description: 'Request a reconcile first (reconcile.fluxcd.io/requestedAt).' },
        {
            name: 'flux-retries',
            type: 'enum',
            options: ['fail', 'wait'],
            default: 'fail',
            description: 'A HelmRelease whose upgrade of our revision failed but has remediation retries left: fail now, or wait for the retries.',
        },
        { name: 'kubeconfig', type: 'string', placeholder: '<path>', description: 'kubeconfig (default KUBECONFIG, else in-cluster).' },
        { name: 'context', type: 'string', placeholder: '<name>', description: 'kubeconfig context.' },
        { name: 'url', type: 'string', placeholder: '<url>', description: 'HTTP health URL that must answer 2xx.' },
        {
            name: 'successes',
            type: 'int',
            range: input_values/* LIMITS */.b1.successes,
            placeholder: '<n>',
            description: `Consecutive 2xx answers required by the HTTP gate (${input_values/* LIMITS */.b1.successes.min}…${input_values/* LIMITS */.b1.successes.max}).`,
        },
        { name: 'revision', type: 'string', placeholder: '<sha>', description: 'The commit that must be running (default: the head of the env repo branch).' },
        { name: 'timeout', type: 'duration', default: '10m', description: 'Give up after this long (90s, 10m, 1h).' },
        { name: 'poll-interval', type: 'duration', default: '5s', description: 'Poll period when not streaming.' },
        ...ENV_REPO_INPUTS.map((i) => i.name === 'env-repo'
            ? {
                ...i,
                required: false,
                description: 'Env repo, to record the verdict on the commit (commit status gitops/<app>/<env>), read gitops.yaml and roll back.',
            }
            : i),
        TOKEN_INPUT,
        ...APP_ENV_INPUTS.map((i) => ({ ...i, required: false, description: `${i.description} With env-repo.` })),
        { name: 'rollback-on-failure', type: 'boolean', description: 'When the gate fails, roll back to the last verified tag (the run still fails).' },
        {
            name: 'rollback-depth',
            type: 'int',
            default: '30',
            range: input_values/* LIMITS */.b1.depth,
            placeholder: '<n>',
            description: `Commits of history the rollback searches for a verified tag (${input_values/* LIMITS */.b1.depth.min}…${input_values/* LIMITS */.b1.depth.max}).`,
        },
        deadlineInput('timeout + 15m'),
        ...CLI_OUTPUT_INPUTS,
    ],
    outputs: [
        { name: 'healthy', description: 'true or false.' },
        { name: 'health', description: 'The last health seen (Healthy, Progressing, Degraded, …).' },
        { name: 'sync', description: 'The last sync status seen.' },
        { name: 'revision', description: 'The revision the target last reported.' },
        { name: 'outcome', description: 'passed, failed, timed-out or cancelled.' },
        { name: 'rolled-back-to', description: 'The tag rolled back to (with rollback-on-failure).' },
    ],
};
const BUILD_TAG = {
    command: 'build-tag',
    summary: 'Compute the image tag of a commit, with docker/metadata-action style tags, labels and annotations; optionally build and push.',
    inputs: [
        {
            name: 'strategy',
            type: 'enum',
            options: ['semver', 'rc', 'stable', 'dev'],
            required: true,
            description: 'semver (the pushed tag), rc (next version -rc.<sha7>), stable (the tag on HEAD, else the next version) or dev (dev-<sha7>-<timestamp>).',
        },
        {
            name: 'ref',
            type: 'string',
            placeholder: '<git ref>',
            description: 'semver: the pushed tag ref, e.g. refs/tags/v1.2.3 (default: GITHUB_REF / CI_COMMIT_TAG).',
        },
        { name: 'sha', type: 'string', placeholder: '<sha>', description: 'Commit to tag (default: HEAD of dir).' },
        { name: 'dir', type: 'string', placeholder: '<path>', description: 'App repository checkout (default: the working directory).' },
        { name: 'image', type: 'list', description: 'Image names (registry/repository), comma- or newline-separated: outputs full references.' },
        {
            name: 'source',
            type: 'string',
            placeholder: '<url>',
            description: 'org.opencontainers.image.source (default: the CI project URL, or the origin remote).',
        },
        { name: 'title', type: 'string', placeholder: '<title>', description: 'org.opencontainers.image.title (default: the repository name).' },
        { name: 'push', type: 'boolean', description: 'Also build the image and push every tag (docker buildx, else buildah, else podman); outputs the digest.' },
        { name: 'context', type: 'string', placeholder: '<dir>', description: 'Build context for push (default: dir).' },
        { name: 'file', type: 'string', placeholder: '<path>', description: "Dockerfile/Containerfile for push (default: the builder's, in the context)." },
        {
            name: 'builder',
            type: 'enum',
            options: ['auto', 'buildx', 'buildah', 'podman'],
            default: 'auto',
            description: 'Builder for push (auto: the first one found).',
        },
        { name: 'plain-http', type: 'boolean', description: 'Push to a registry over http (local registries).' },
        deadlineInput('15m'),
        ...CLI_OUTPUT_INPUTS,
    ],
    outputs: [
        { name: 'version', description: 'The version, e.g. 1.2.3 or 1.3.0-rc.abc1234.' },
        { name: 'tags', description: 'Full image references, one per line (docker/metadata-action convention).' },
        { name: 'labels', description: 'OCI labels (org.opencontainers.image.*), one key=value per line.' },
        { name: 'annotations', description: 'OCI annotations, one per line.' },
        { name: 'json', description: 'All of the above as JSON.' },
        { name: 'digest', description: 'The pushed digest (with push).' },
    ],
};
const RETAG = {
    command: 'retag',
    summary: 'Tag an image again by digest: manifest only, no layer pulls.',
    inputs: [
        { name: 'image', type: 'string', required: true, placeholder: '<registry/repo>', description: 'Image name, e.g. ghcr.io/acme/payments.' },
        { name: 'from', type: 'string', required: true, placeholder: '<tag|digest>', description: 'Existing tag (or sha256: digest) to retag.' },
        { name: 'to', type: 'list', required: true, placeholder: '<tags>', description: 'New tags, comma-separated.' },
        {
            name: 'to-image',
            type: 'string',
            placeholder: '<registry/repo>',
            description: 'Put the new tags in another repository of the same registry (blobs are mounted).',
        },
        {
            name: 'moving',
            type: 'list',
            placeholder: '<tags>',
            description: 'Tags meant to move (e.g. production-latest): retagged even when they point elsewhere.',
        },
        { name: 'force', type: 'boolean', description: 'Move target tags that point at another image.' },
        { name: 'plain-http', type: 'boolean', description: 'Talk http, not https (local registries).' },
        DRY_RUN_INPUT,
        {
            name: 'registry-password',
            type: 'string',
            secret: true,
            faces: ['action'],
            description: 'Registry password or token (default REGISTRY_PASSWORD). Masked.',
        },
        { name: 'registry-username', type: 'string', faces: ['action'], description: 'Registry username (default REGISTRY_USERNAME).' },
        deadlineInput('15m'),
        ...CLI_OUTPUT_INPUTS,
    ],
    outputs: [
        { name: 'digest', description: 'The digest every new tag points at.' },
        { name: 'tags', description: 'The new tags, one per line.' },
        { name: 'changed', description: 'true when a tag was created or moved.' },
    ],
};
/** How status and history print on stdout without --json. */
const FORMAT_INPUT = {
    name: 'format',
    type: 'enum',
    options: ['table', 'markdown'],
    default: 'table',
    faces: ['cli'],
    description: 'Print a plain table, or Markdown (a table, and for status a Mermaid diagram) for a PR body or a job summary.',
};
const STATUS = {
    command: 'status',
    summary: 'What runs where: each app and environment with its tag, since when, the verification verdict, open promotion/rollback requests and blocked tags.',
    inputs: [
        ...ENV_REPO_INPUTS,
        TOKEN_INPUT,
        { name: 'app', type: 'string', description: 'Only this app (default: every app in gitops.yaml).' },
        {
            name: 'depth',
            type: 'int',
            default: '10',
            range: input_values/* LIMITS */.b1.depth,
            placeholder: '<n>',
            description: `Commits of each environment's file history read for since-when, the verdict and blocked tags (${input_values/* LIMITS */.b1.depth.min}…${input_values/* LIMITS */.b1.depth.max}).`,
        },
        FORMAT_INPUT,
        deadlineInput('15m'),
        ...CLI_OUTPUT_INPUTS,
    ],
    outputs: [
        { name: 'json', description: 'The status of every app and environment as JSON (action only: a GitLab dotenv report holds at most 5 KB; use --json).' },
        {
            name: 'markdown',
            description: 'The same as Markdown, a table and a Mermaid diagram of each promotion chain, also written to the job summary (action only).',
        },
        { name: 'failed', description: 'app/env pairs whose current tag failed verification, comma-separated; empty when none.' },
    ],
};
const HISTORY = {
    command: 'history',
    summary: "One environment's timeline: each tag, when and by which commit or PR it was set, its verdict, and the rollbacks.",
    inputs: [
        ...ENV_REPO_INPUTS,
        TOKEN_INPUT,
        ...APP_ENV_INPUTS,
        ...TARGET_INPUTS.filter((i) => i.name === 'file' || i.name === 'key'),
        {
            name: 'depth',
            type: 'int',
            default: '30',
            range: input_values/* LIMITS */.b1.depth,
            placeholder: '<n>',
            description: `Commits of the file's history read (${input_values/* LIMITS */.b1.depth.min}…${input_values/* LIMITS */.b1.depth.max}).`,
        },
        FORMAT_INPUT,
        deadlineInput('15m'),
        ...CLI_OUTPUT_INPUTS,
    ],
    outputs: [
        { name: 'json', description: 'The timeline as JSON (action only: a GitLab dotenv report holds at most 5 KB; use --json).' },
        { name: 'markdown', description: 'The timeline as a Markdown table (action only).' },
        { name: 'current', description: 'The tag the environment runs now.' },
    ],
};
const RELEASE = {
    command: 'release',
    summary: 'Production promotion: the tag staging runs and verified → retag by digest (version + production-latest) → prod PR/MR → GitHub/GitLab release.',
    inputs: [
        ...ENV_REPO_INPUTS,
        TOKEN_INPUT,
        { name: 'app', type: 'string', required: true, description: 'App name (gitops.yaml apps.<app>).' },
        { name: 'tag', type: 'string', required: true, description: "The tag staging runs and verified, e.g. v1.3.0-rc.abc1234 (the seeds' staging_tag)." },
        { name: 'env', type: 'string', default: 'prod', description: 'The production environment (gitops.yaml apps.<app>.environments.<env>).' },
        {
            name: 'from-env',
            type: 'string',
            placeholder: '<env>',
            description: "The environment that must run and have verified the tag (default: the production environment's from, else staging).",
        },
        {
            name: 'version',
            type: 'string',
            placeholder: '<tag>',
            description: 'Release version (default: the tag without its pre-release part, v1.3.0-rc.abc1234 → v1.3.0).',
        },
        { name: 'image', type: 'string', placeholder: '<registry/repo>', description: 'Image name (default: gitops.yaml apps.<app>.image).' },
        {
            name: 'moving',
            type: 'list',
            default: 'production-latest',
            placeholder: '<tags>',
            description: 'Tags that follow every release (moved without force), comma-separated.',
        },
        { name: 'gitless', type: 'boolean', description: 'Retag only (Flux follows production-latest): no env repo change, no release.' },
        {
            name: 'digest-key',
            type: 'string',
            placeholder: '<yaml-path>',
            description: "YAML path of the image digest beside the tag (image.digest, images[name=…].digest): prod gets the digest too, and staging's pinned digest is what ships.",
        },
        ...TARGET_INPUTS,
        {
            name: 'depth',
            type: 'int',
            default: '30',
            range: input_values/* LIMITS */.b1.depth,
            placeholder: '<n>',
            description: `Commits of staging's file history searched for the verification (${input_values/* LIMITS */.b1.depth.min}…${input_values/* LIMITS */.b1.depth.max}).`,
        },
        { name: 'create-release', type: 'boolean', default: 'true', description: "Create the GitHub/GitLab release with notes (the seeds' create_release)." },
        {
            name: 'release-repo',
            type: 'string',
            placeholder: '<owner/name>',
            description: "Repository of the release (default: this CI's repository, GITHUB_REPOSITORY / CI_PROJECT_PATH).",
        },
        {
            name: 'notes',
            type: 'string',
            placeholder: '<markdown>',
            description: 'Release notes (default: the conventional commits since the previous production tag, grouped, from the checkout).',
        },
        {
            name: 'dir',
            type: 'string',
            placeholder: '<path>',
            description: 'App repository checkout, for the notes and the release commit (default: the working directory).',
        },
        {
            name: 'sha',
            type: 'string',
            placeholder: '<sha>',
            description: "Commit of the release tag (default: the staging tag's commit, or the SHA an -rc.<sha7> tag names).",
        },
        { name: 'plain-http', type: 'boolean', description: 'Talk http to the registry (local registries).' },
        {
            name: 'registry-password',
            type: 'string',
            secret: true,
            faces: ['action'],
            description: 'Registry password or token (default REGISTRY_PASSWORD). Masked.',
        },
        { name: 'registry-username', type: 'string', faces: ['action'], description: 'Registry username (default REGISTRY_USERNAME).' },
        ...PULL_REQUEST_INPUTS,
        DRY_RUN_INPUT,
        deadlineInput('15m'),
        ...CLI_OUTPUT_INPUTS,
    ],
    outputs: [
        { name: 'version', description: 'The release version, e.g. v1.3.0.' },
        { name: 'digest', description: 'The digest shipped (what staging ran).' },
        { name: 'tags', description: 'The new image references, one per line.' },
        { name: 'previous-tag', description: 'What production ran before (empty with gitless).' },
        { name: 'changed', description: 'true when a tag, the env repo or a release was written.' },
        { name: 'commit-sha', description: 'The prod commit (the PR/MR branch head in pull-request mode).' },
        { name: 'pr-number', description: 'Prod pull/merge request number.' },
        { name: 'pr-url', description: 'Prod pull/merge request URL.' },
        { name: 'release-url', description: 'The GitHub/GitLab release.' },
    ],
};
const VERBS = [PROMOTE, WAIT_HEALTHY, ROLLBACK, BUILD_TAG, RETAG, RELEASE, STATUS, HISTORY];

;// CONCATENATED MODULE: ./packages/core/src/interface/faces.ts
/**
 * The GitHub actions and GitLab components over the verbs. `npm run build` generates
 * actions/<name>/action.yml + README.md and templates/<name>.yml from these and the verb specs.
 */

/** promote-dev commits directly: the pull/merge request inputs mean nothing there. */
const PULL_REQUEST_ONLY = ['branch-name', 'title', 'labels', 'reviewers', 'assignees', 'draft', 'auto-merge', 'skip-precondition'];
const ENV_TOKEN_NOTE = 'Token: GITLAB_TOKEN (a masked CI/CD variable; api scope to open merge requests), else CI_JOB_TOKEN.';
const ACTIONS = [
    {
        name: 'promote-dev',
        verb: PROMOTE,
        description: 'Set one environment of one app to an image tag by a direct commit to the env repo (byte-preserving YAML edit, compare-and-swap push).',
        preset: { mode: 'push' },
        omit: PULL_REQUEST_ONLY,
        defaults: { env: 'dev' },
        branding: { icon: 'upload-cloud', color: 'blue' },
    },
    {
        name: 'promote',
        verb: PROMOTE,
        description: "Set one environment of one app to an image tag, the way gitops.yaml's mode: says — a direct commit or the one pull request — with every promote input.",
        branding: { icon: 'arrow-up-circle', color: 'blue' },
    },
    {
        name: 'open-promotion-pr',
        verb: PROMOTE,
        description: 'Open (or update) the one pull request that promotes an app to an environment, refused while the `from` environment does not run the tag (verified).',
        preset: { mode: 'pull-request' },
        branding: { icon: 'git-pull-request', color: 'blue' },
    },
    {
        name: 'wait-healthy',
        verb: WAIT_HEALTHY,
        description: 'Wait until Argo CD, Flux or an HTTP endpoint reports the environment Healthy and Synced at the commit you pushed — stale status never passes. Records the verdict on the commit; optionally rolls back.',
        branding: { icon: 'activity', color: 'green' },
    },
    {
        name: 'rollback',
        verb: ROLLBACK,
        description: 'Put the last verified tag of an environment back (the last one a wait-healthy gate passed), by commit or pull request.',
        branding: { icon: 'rotate-ccw', color: 'red' },
    },
    {
        name: 'build-tag',
        verb: BUILD_TAG,
        description: 'Compute the image tag of a commit (semver from a pushed tag, rc, stable or dev) with docker/metadata-action style tags, labels and annotations; optionally build and push.',
        branding: { icon: 'tag', color: 'purple' },
    },
    {
        name: 'retag-image',
        verb: RETAG,
        description: 'Tag an image again by digest over the OCI distribution API: the manifest only, no layer pulled; a tag that points elsewhere is refused unless declared moving.',
        branding: { icon: 'copy', color: 'purple' },
    },
    {
        name: 'release',
        verb: RELEASE,
        description: 'Production promotion: refuse unless staging runs the tag and verified it; retag that image by digest to the version and production-latest; open the prod pull request (tag and digest); create the GitHub release with grouped notes.',
        branding: { icon: 'award', color: 'green' },
    },
    {
        name: 'status',
        verb: STATUS,
        description: 'What runs where: every app and environment with its tag, since when, the verification verdict, open promotion/rollback pull requests and blocked tags — written to the job summary as a table and a Mermaid diagram of the promotion chain.',
        branding: { icon: 'list', color: 'green' },
    },
];
const COMPONENTS = [
    {
        name: 'promote-dev',
        verb: PROMOTE,
        description: 'Set one environment of one app to an image tag by a direct commit to the env repo (byte-preserving YAML edit, compare-and-swap push).',
        preset: { mode: 'push' },
        omit: PULL_REQUEST_ONLY,
        defaults: { env: 'dev' },
        job: { stage: 'deploy', rulesIf: '$CI_COMMIT_TAG', dotenv: 'gitops-promote.env', notes: [ENV_TOKEN_NOTE] },
    },
    {
        name: 'promote',
        verb: PROMOTE,
        description: "Set one environment of one app to an image tag, the way gitops.yaml's mode: says (a direct commit or the one merge request).",
        job: { stage: 'deploy', rulesIf: '$CI_COMMIT_TAG', dotenv: 'gitops-promote.env', notes: [ENV_TOKEN_NOTE] },
    },
    {
        name: 'open-promotion-mr',
        verb: PROMOTE,
        description: 'Open (or update) the one merge request that promotes an app to an environment, refused while the `from` environment does not run the tag.',
        preset: { mode: 'pull-request' },
        defaults: { 'env-repo': '$CI_PROJECT_PATH' },
        job: { stage: 'deploy', rulesIf: '$CI_COMMIT_TAG', dotenv: 'gitops-promote.env', notes: [ENV_TOKEN_NOTE, 'CI_JOB_TOKEN cannot open merge requests.'] },
    },
    {
        name: 'wait-healthy',
        verb: WAIT_HEALTHY,
        description: 'Wait until Argo CD, Flux or an HTTP endpoint runs the env repo commit healthy (stale status never passes); record the verdict on the commit; optionally roll back.',
        defaults: { 'argocd-server': '$ARGOCD_SERVER' },
        job: {
            stage: 'verify',
            needs: true,
            dotenv: 'gitops-health.env',
            artifactsAlways: true,
            notes: ['Argo CD: ARGOCD_AUTH_TOKEN (a masked CI/CD variable).', ENV_TOKEN_NOTE],
        },
    },
    {
        name: 'rollback',
        verb: ROLLBACK,
        description: 'Put the last verified tag of an environment back (the last one a wait-healthy gate passed), by commit or merge request.',
        job: { stage: 'deploy', when: 'on_failure', dotenv: 'gitops-rollback.env', notes: [ENV_TOKEN_NOTE] },
    },
    {
        name: 'build-tag',
        verb: BUILD_TAG,
        description: 'Compute the image tag of a commit (semver from a pushed tag, rc, stable or dev) with OCI labels and annotations; optionally build and push.',
        job: {
            stage: 'build',
            when: 'on_success',
            dotenv: 'gitops-build-tag.env',
            notes: ['The job image needs git (and a builder for push). A shallow checkout (GIT_DEPTH) fetches its tags and history itself.'],
        },
    },
    {
        name: 'retag-image',
        verb: RETAG,
        description: 'Tag an image again by digest over the OCI distribution API: the manifest only, no layer pulled.',
        job: {
            stage: 'release',
            when: 'on_success',
            dotenv: 'gitops-retag.env',
            notes: ['Registry credentials: REGISTRY_USERNAME / REGISTRY_PASSWORD (masked CI/CD variables), else a docker config.json.'],
        },
    },
    {
        name: 'release',
        verb: RELEASE,
        description: 'Production promotion, run by hand: refuse unless staging runs the tag and verified it; retag that image by digest; open the prod merge request (tag and digest); create the GitLab release with grouped notes.',
        job: {
            stage: 'release',
            when: 'manual',
            dotenv: 'gitops-release.env',
            notes: [
                ENV_TOKEN_NOTE,
                'Registry: REGISTRY_USERNAME / REGISTRY_PASSWORD. The release goes to this project (release-repo); CI_JOB_TOKEN can create releases.',
            ],
        },
    },
    {
        name: 'status',
        verb: STATUS,
        description: 'What runs where: every app and environment with its tag, since when, the verification verdict, open promotion/rollback merge requests and blocked tags — printed in a collapsible summary section of the job log.',
        job: { stage: '.post', when: 'always', dotenv: 'gitops-status.env', notes: ['Token: GITLAB_TOKEN (read_api is enough), else CI_JOB_TOKEN.'] },
    },
];

;// CONCATENATED MODULE: ./packages/core/src/interface/run/index.ts
const RUNNERS = {
    promote: async () => (await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(867), __webpack_require__.e(88), __webpack_require__.e(829), __webpack_require__.e(452), __webpack_require__.e(224), __webpack_require__.e(700), __webpack_require__.e(79)]).then(__webpack_require__.bind(__webpack_require__, 9079))).promoteRunner,
    rollback: async () => (await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(867), __webpack_require__.e(88), __webpack_require__.e(829), __webpack_require__.e(452), __webpack_require__.e(224), __webpack_require__.e(700), __webpack_require__.e(963)]).then(__webpack_require__.bind(__webpack_require__, 5963))).rollbackRunner,
    'wait-healthy': async () => (await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(867), __webpack_require__.e(88), __webpack_require__.e(829), __webpack_require__.e(452), __webpack_require__.e(224), __webpack_require__.e(700), __webpack_require__.e(345)]).then(__webpack_require__.bind(__webpack_require__, 5345))).waitHealthyRunner,
    'build-tag': async () => (await Promise.all(/* import() */[__webpack_require__.e(88), __webpack_require__.e(228)]).then(__webpack_require__.bind(__webpack_require__, 1228))).buildTagRunner,
    retag: async () => (await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(88), __webpack_require__.e(829), __webpack_require__.e(886), __webpack_require__.e(992)]).then(__webpack_require__.bind(__webpack_require__, 2324))).retagRunner,
    release: async () => (await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(867), __webpack_require__.e(88), __webpack_require__.e(829), __webpack_require__.e(452), __webpack_require__.e(224), __webpack_require__.e(700), __webpack_require__.e(886), __webpack_require__.e(642)]).then(__webpack_require__.bind(__webpack_require__, 642))).releaseRunner,
    status: async () => (await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(867), __webpack_require__.e(829), __webpack_require__.e(452), __webpack_require__.e(854)]).then(__webpack_require__.bind(__webpack_require__, 2854))).statusRunner,
    history: async () => (await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(867), __webpack_require__.e(829), __webpack_require__.e(452), __webpack_require__.e(647)]).then(__webpack_require__.bind(__webpack_require__, 647))).historyRunner,
};

// EXTERNAL MODULE: ./packages/core/src/report.ts
var report = __webpack_require__(2019);
// EXTERNAL MODULE: ./packages/core/src/lifecycle.ts
var lifecycle = __webpack_require__(8845);
// EXTERNAL MODULE: ./packages/core/src/output-limits.ts
var output_limits = __webpack_require__(9585);
;// CONCATENATED MODULE: ./packages/core/src/interface/index.ts







// What a face needs around a run, all light modules: the verbs load with their runner.








/***/ }),

/***/ 8845:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NE: () => (/* binding */ withDeadline),
/* harmony export */   TP: () => (/* binding */ killTree),
/* harmony export */   V2: () => (/* binding */ trackTempDir),
/* harmony export */   Xd: () => (/* binding */ installSignalHandlers),
/* harmony export */   j3: () => (/* binding */ DeadlineError),
/* harmony export */   kH: () => (/* binding */ interruptedBy),
/* harmony export */   nY: () => (/* binding */ cleanUp),
/* harmony export */   td: () => (/* binding */ SIGNAL_EXIT_CODES),
/* harmony export */   u8: () => (/* binding */ DEFAULT_DEADLINE_MS),
/* harmony export */   yH: () => (/* binding */ trackChild)
/* harmony export */ });
/* unused harmony export pendingCleanup */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9713);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);



const children = new Set();
const tempDirs = new Set();
/** Remember a running child until it exits. */
function trackChild(child) {
    children.add(child);
    child.once('exit', () => children.delete(child));
    child.once('error', () => children.delete(child));
}
/** Remember a temporary directory; the returned function forgets it (after its owner removed it). */
function trackTempDir(dir) {
    tempDirs.add(dir);
    return () => tempDirs.delete(dir);
}
/** Children still running and temporary directories not yet removed (tests, diagnostics). */
function pendingCleanup() {
    return { children: children.size, tempDirs: [...tempDirs] };
}
/**
 * Kill a child and everything it started. Children are spawned as process-group leaders
 * (`detached`), so the group holds git's remote helper and any ssh too.
 */
function killTree(child, signal = 'SIGKILL') {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null)
        return;
    try {
        process.kill(-child.pid, signal);
    }
    catch {
        try {
            child.kill(signal);
        }
        catch {
            // already gone
        }
    }
}
function exited(child) {
    if (child.exitCode !== null || child.signalCode !== null)
        return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
}
/**
 * Kill every tracked child, wait (bounded) until they are gone so none writes into a directory
 * being removed, then remove every tracked temporary directory. Never throws.
 */
async function cleanUp(waitMs = 3000) {
    const running = [...children];
    for (const c of running)
        killTree(c);
    let timer;
    await Promise.race([
        Promise.all(running.map(exited)),
        new Promise((resolve) => {
            timer = setTimeout(resolve, waitMs);
        }),
    ]);
    clearTimeout(timer);
    const dirs = [...tempDirs];
    tempDirs.clear();
    await Promise.all(dirs.map((d) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(d, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 }).catch(() => { })));
}
let stoppingOn;
/** The signal we are stopping on, if any: the verb's own errors after it (git killed) are noise. */
function interruptedBy() {
    return stoppingOn;
}
/** Exit codes for the signals we handle: 128 + the signal number, as shells report them. */
const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
/**
 * On SIGINT/SIGTERM/SIGHUP: tell the user (`onSignal`), clean up, exit 128+n. A second signal
 * while cleaning up exits at once. Returns a function that removes the handlers.
 */
function installSignalHandlers(onSignal = () => { }) {
    const handler = (signal) => {
        const code = SIGNAL_EXIT_CODES[signal];
        if (stoppingOn)
            process.exit(code);
        stoppingOn = signal;
        try {
            onSignal(signal);
        }
        catch {
            // reporting must not block the cleanup
        }
        void cleanUp().finally(() => process.exit(code));
    };
    const names = Object.keys(SIGNAL_EXIT_CODES);
    for (const s of names)
        process.on(s, handler);
    return () => {
        for (const s of names)
            process.off(s, handler);
    };
}
/** The verb ran past its deadline (`--deadline`). Exit 1; the face cleans up and exits. */
class DeadlineError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OperationError */ .OK {
}
/** Default deadline of a verb that only reads and writes the env repo (promote, rollback). */
const DEFAULT_DEADLINE_MS = 15 * 60_000;
/**
 * Run `fn`, but give up after `ms`: the promise rejects with a DeadlineError naming `what`.
 * `fn` is not stopped (it cannot be, in general): the caller cleans up and exits.
 */
async function withDeadline(ms, what, fn) {
    let timer;
    const expired = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new DeadlineError(`${what} did not finish within its ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(ms)} deadline`, 'raise --deadline, or check that the remotes answer')), ms);
    });
    try {
        return await Promise.race([fn(), expired]);
    }
    finally {
        clearTimeout(timer);
    }
}


/***/ }),

/***/ 9585:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D1: () => (/* binding */ capJson),
/* harmony export */   DM: () => (/* binding */ MAX_RESOURCES),
/* harmony export */   Lt: () => (/* binding */ MAX_REMOTE_WORD),
/* harmony export */   O4: () => (/* binding */ MAX_OUTPUT_FIELD),
/* harmony export */   Un: () => (/* binding */ MAX_REMOTE_MESSAGE),
/* harmony export */   bs: () => (/* binding */ capOutputs),
/* harmony export */   xv: () => (/* binding */ truncate)
/* harmony export */ });
/**
 * Size limits on what we echo. Text that comes from a remote system (an Argo CD status
 * message, a Kubernetes condition) or any field we print, put in --json, a dotenv file or a
 * GitHub action output is cut to a fixed length with a visible marker — a 300 MB status must
 * not become a 300 MB log line, job output or dotenv variable.
 */
/** Longest value of one output field (CLI stdout, --json strings, --dotenv, action outputs). */
const MAX_OUTPUT_FIELD = 64 * 1024;
/** Longest health/status message kept from a remote system. */
const MAX_REMOTE_MESSAGE = 2048;
/** Longest short remote word (health, sync, phase, revision, names). */
const MAX_REMOTE_WORD = 256;
/** Unhealthy resources kept from one observation. */
const MAX_RESOURCES = 50;
/** `text` cut to at most `max` characters (marker included) with a marker saying how long it was. */
function truncate(text, max) {
    if (text.length <= max)
        return text;
    const marker = `… [cut: ${text.length} characters]`;
    let end = Math.max(0, max - marker.length);
    // Do not split a surrogate pair.
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff)
        end--;
    return text.slice(0, end) + marker;
}
const asIs = (t) => t;
/** Every value cut to MAX_OUTPUT_FIELD. */
function capOutputs(outputs, before = asIs, max = MAX_OUTPUT_FIELD) {
    return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, truncate(before(v), max)]));
}
/** A JSON-able value with every string in it cut to MAX_OUTPUT_FIELD. */
function capJson(value, before = asIs, max = MAX_OUTPUT_FIELD) {
    if (typeof value === 'string')
        return truncate(before(value), max);
    if (Array.isArray(value))
        return value.map((v) => capJson(v, before, max));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capJson(v, before, max)]));
    }
    return value;
}


/***/ }),

/***/ 3812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Og: () => (/* binding */ urlForMessage),
/* harmony export */   fp: () => (/* binding */ redactSecrets),
/* harmony export */   pO: () => (/* binding */ Redactor),
/* harmony export */   um: () => (/* binding */ stripUrlCredentials)
/* harmony export */ });
/* unused harmony export maskUrlCredentials */
/**
 * Keeping secrets out of what we print: registered values become `***`, credentials written in a
 * URL are masked or dropped, and a URL shown in a message loses its query. The one place that
 * decides what redacted text looks like (reporters, git, the forge clients, the gates).
 */
/** Shorter values would redact ordinary words; tokens are never that short. */
const MIN_SECRET_LENGTH = 4;
/** Replace every occurrence of each secret by `***`. */
function redactSecrets(text, secrets) {
    let out = text;
    for (const s of secrets)
        if (s && s.length >= MIN_SECRET_LENGTH)
            out = out.split(s).join('***');
    return out;
}
/** `scheme://user:token@host` → `scheme://***@host`, anywhere in a text. */
function maskUrlCredentials(text) {
    return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi, '$1***@');
}
/** `scheme://user:token@host/…` → `scheme://host/…`: a URL the user gave, shown without its credentials. */
function stripUrlCredentials(url) {
    return url.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@]*@/gi, '$1');
}
/** A URL for messages: no userinfo, no query (a query may carry names but never secrets; keep it short). */
function urlForMessage(url) {
    try {
        const u = new URL(url);
        u.username = '';
        u.password = '';
        u.search = '';
        return u.toString();
    }
    catch {
        return '<url>';
    }
}
/** Replaces every registered secret, and credentials in URLs, in a string. Shared by the faces' reporters. */
class Redactor {
    secrets = new Set();
    add(secret) {
        if (secret && secret.length >= MIN_SECRET_LENGTH)
            this.secrets.add(secret);
    }
    redact(text) {
        return maskUrlCredentials(redactSecrets(text, this.secrets));
    }
}


/***/ }),

/***/ 2019:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ silentReporter),
/* harmony export */   p: () => (/* reexport safe */ _redaction_js__WEBPACK_IMPORTED_MODULE_0__.pO)
/* harmony export */ });
/* harmony import */ var _redaction_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3812);
/** A reporter that drops everything; for library use and tests that do not look at logs. */
const silentReporter = {
    info() { },
    warn() { },
    debug() { },
    group: (_title, fn) => fn(),
    summary() { },
    mask() { },
};
/** Replaces every registered secret in a string. Shared by the faces' reporters (redaction.ts). */



/***/ })

};
