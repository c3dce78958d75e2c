export const id = 452;
export const ids = [452];
export const modules = {

/***/ 7084:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  g2: () => (/* reexport */ CONFIG_FILE),
  ac: () => (/* reexport */ assertRepoPath),
  o4: () => (/* reexport */ parseConfig),
  tB: () => (/* reexport */ previousEnv),
  u1: () => (/* reexport */ resolveTarget)
});

// UNUSED EXPORTS: CONFIG_SCHEMA, DEFAULT_BRANCH, DEFAULT_FLUX_NAMESPACE, DEFAULT_KEY, DEFAULT_MODE, listEnvironments

// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var dist_ajv = __webpack_require__(2463);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./packages/core/src/config/gitops.schema.json
const gitops_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"http://json-schema.org/draft-07/schema#","title":"gitops.yaml","description":"gitops-actions configuration at the root of the env repo: for every app, where each environment\'s image tag lives and how it is promoted. Optional; CLI flags and action inputs override it. Add `# yaml-language-server: $schema=<url of this file>` as the first line for editor completion.","type":"object","required":["apps"],"additionalProperties":false,"properties":{"apps":{"description":"The apps deployed from this env repo, keyed by app name (the value of --app).","type":"object","minProperties":1,"propertyNames":{"$ref":"#/definitions/name"},"additionalProperties":{"$ref":"#/definitions/app"}}},"definitions":{"name":{"description":"A DNS-label-like name: lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters.","type":"string","minLength":1,"maxLength":63,"pattern":"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},"app":{"description":"One app: its image and its environments.","type":"object","required":["environments"],"additionalProperties":false,"properties":{"image":{"description":"Image repository without tag, e.g. ghcr.io/acme/payments. Used by kustomize image selectors and by retag.","type":"string","minLength":1,"pattern":"^[^\\\\s:@]+(:[0-9]+)?(/[^\\\\s:@]+)*$"},"key":{"description":"Default YAML path of the tag scalar for every environment of this app, e.g. image.tag or images[name=ghcr.io/acme/payments].newTag. An environment\'s own key wins. Default: image.tag.","type":"string","minLength":1},"environments":{"description":"The app\'s environments, keyed by environment name (the value of --env), e.g. dev, staging, prod.","type":"object","minProperties":1,"propertyNames":{"$ref":"#/definitions/name"},"additionalProperties":{"$ref":"#/definitions/environment"}}}},"environment":{"description":"Where and how one environment of the app is promoted.","type":"object","required":["file"],"additionalProperties":false,"properties":{"file":{"description":"Repository-relative POSIX path of the file holding the tag, e.g. overlays/dev/payments/values.yaml. Must not be absolute nor leave the repository.","type":"string","minLength":1},"key":{"description":"YAML path of the tag scalar in file: dot-separated keys (image.tag), list index (containers[0].image), list selector (images[name=ghcr.io/acme/payments].newTag), bracket-quoted keys (metadata.labels[\\"app.kubernetes.io/version\\"]). Default: the app\'s key, else image.tag.","type":"string","minLength":1},"mode":{"description":"How a promotion is written: push commits to branch directly; pull-request opens a PR (GitHub) or MR (GitLab). Default: push.","type":"string","enum":["push","pull-request"]},"branch":{"description":"Branch of the env repo that this environment tracks (commit target, or PR/MR base). Default: main.","type":"string","minLength":1},"from":{"description":"The environment of the same app that must run a tag before it may be promoted here, e.g. staging for prod.","type":"string","minLength":1,"maxLength":63,"pattern":"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},"argocd":{"description":"Argo CD Application to wait on: its name (string), or an object with name, namespace and project.","type":["string","object"],"minLength":1,"required":["name"],"additionalProperties":false,"properties":{"name":{"description":"Name of the Argo CD Application.","type":"string","minLength":1},"namespace":{"description":"Namespace of the Application (apps-in-any-namespace). Default: the Argo CD control plane namespace.","type":"string","minLength":1},"project":{"description":"Argo CD project of the Application.","type":"string","minLength":1}}},"flux":{"description":"Flux object to wait on.","type":"object","required":["kind","name"],"additionalProperties":false,"properties":{"kind":{"description":"Kind of the Flux object.","type":"string","enum":["Kustomization","HelmRelease"]},"name":{"description":"Name of the Kustomization or HelmRelease.","type":"string","minLength":1},"namespace":{"description":"Namespace of the object. Default: flux-system.","type":"string","minLength":1}}}}}}}');
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/manifest/path.ts
var manifest_path = __webpack_require__(1580);
// EXTERNAL MODULE: ./packages/core/src/manifest/limits.ts
var limits = __webpack_require__(899);
;// CONCATENATED MODULE: ./packages/core/src/config/repo-path.ts
/**
 * Repository-relative paths given by users (`--file`, `file:` in gitops.yaml). Every verb runs
 * them through assertRepoPath before touching a repository, so that no input can reach outside
 * the checkout (or into `.git`) whatever the adapter (local git, GitHub or GitLab REST) does next.
 */

/**
 * Validate and normalise a repository-relative path.
 *
 * Returns the POSIX form without `.` segments, resolved `..`, duplicate or trailing `/`
 * (`./overlays//dev/../dev/values.yaml` → `overlays/dev/values.yaml`).
 *
 * @param input the name of the flag or config key the path came from, used in messages.
 * @throws InputError when the path is empty, absolute, uses `\`, holds NUL or control
 *   characters, climbs above the repository root with `..`, names the root itself, or enters
 *   the `.git` directory.
 */
function assertRepoPath(path, input = '--file') {
    const shown = JSON.stringify(path);
    const fix = 'give a path relative to the repository root, e.g. overlays/dev/values.yaml';
    if (typeof path !== 'string' || path.trim() === '') {
        throw new errors/* InputError */.dz(`${input} is empty`, fix);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(path)) {
        throw new errors/* InputError */.dz(`${input} ${shown} holds a control character`, fix);
    }
    if (path.includes('\\')) {
        throw new errors/* InputError */.dz(`${input} ${shown} uses "\\"`, 'separate directories with "/"');
    }
    if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
        throw new errors/* InputError */.dz(`${input} ${shown} is absolute`, fix);
    }
    const segments = [];
    for (const segment of path.split('/')) {
        if (segment === '' || segment === '.')
            continue;
        if (segment === '..') {
            if (segments.length === 0) {
                throw new errors/* InputError */.dz(`${input} ${shown} leaves the repository`, fix);
            }
            segments.pop();
            continue;
        }
        segments.push(segment);
    }
    if (segments.length === 0) {
        throw new errors/* InputError */.dz(`${input} ${shown} names the repository root, not a file`, fix);
    }
    if (segments.some((s) => s.toLowerCase() === '.git')) {
        throw new errors/* InputError */.dz(`${input} ${shown} points into .git`, fix);
    }
    return segments.join('/');
}

;// CONCATENATED MODULE: ./packages/core/src/config/yaml-locate.ts
/**
 * Where a value is in the parsed gitops.yaml: the offset of the node (or key) at a path of
 * mapping keys and list indexes, following aliases, for `file:line:column:` messages.
 */

function locate(doc, path) {
    let node = doc.contents;
    let key = null;
    for (const segment of path) {
        const current = deref(doc, node);
        if ((0,dist/* isMap */.jh)(current)) {
            const pair = current.items.find((p) => (0,dist/* isPair */.tO)(p) && keyText(p.key) === String(segment));
            if (!pair)
                return { node: current, key, found: false };
            key = pair.key;
            node = pair.value;
            if (node === null)
                return { node: key, key, found: true };
        }
        else if ((0,dist/* isSeq */.oP)(current) && typeof segment === 'number') {
            const item = current.items[segment];
            if (!item)
                return { node: current, key, found: false };
            key = null;
            node = item;
        }
        else {
            return { node: current, key, found: false };
        }
    }
    return { node: deref(doc, node), key, found: true };
}
function deref(doc, node) {
    if ((0,dist/* isAlias */.Vj)(node))
        return node.resolve(doc) ?? node;
    return node;
}
function keyText(key) {
    if ((0,dist/* isScalar */.jn)(key))
        return String(key.value);
    if (typeof key === 'string' || typeof key === 'number')
        return String(key);
    return undefined;
}
function startOf(node) {
    return node?.range?.[0] ?? 0;
}
/** Offset of the value at `path` (or of its key when the value is empty). */
function valueOffset(doc, path) {
    const { node, key } = locate(doc, path);
    if ((0,dist/* isScalar */.jn)(node) && node.value === null && key)
        return startOf(key);
    return startOf(node ?? key);
}
/** Offset of the key naming the mapping at `path` (the mapping itself at the top level). */
function keyOffset(doc, path) {
    const { node, key } = locate(doc, path);
    return startOf(key ?? node);
}
/** Offset of the key `name` inside the mapping at `path`. */
function childKeyOffset(doc, path, name) {
    const { node, key, found } = locate(doc, [...path, name]);
    return found ? startOf(key ?? node) : startOf(node);
}
/** A path as people read it: `apps.payments.environments.dev`. */
function label(path) {
    return path.length ? path.join('.') : 'the top level';
}

;// CONCATENATED MODULE: ./packages/core/src/config/schema-errors.ts


const NAME_RULE = 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
/** The problems ajv reported, duplicates dropped, in the order they appear in the file. */
function schemaProblems(errors, doc, data) {
    return preferTypos(errors)
        .map((e) => describe(e, doc, data))
        .sort((a, b) => a.offset - b.offset);
}
function pathOf(instancePath) {
    if (!instancePath)
        return [];
    return instancePath
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
const TYPE_WORDS = {
    object: 'a mapping',
    string: 'a string',
    array: 'a list',
    number: 'a number',
    integer: 'an integer',
    boolean: 'true or false',
    null: 'empty',
};
function describeValue(value) {
    if (value === null || value === undefined)
        return 'nothing (an empty value)';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    if (typeof value === 'string')
        return `the string ${JSON.stringify(value)}`;
    // What is left is a number or a boolean: objects were handled above.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return `${typeof value} ${String(value)}`;
}
function valueAt(data, path) {
    let v = data;
    for (const s of path) {
        if (v === null || typeof v !== 'object')
            return undefined;
        v = v[s];
    }
    return v;
}
/** What a mapping at `path` holds, for messages: app, environment, … */
function mappingKind(path) {
    if (path.length === 0)
        return 'top';
    if (path.length === 1)
        return 'apps';
    if (path.length === 2)
        return 'app';
    if (path.length === 3)
        return 'environments';
    if (path.length === 4)
        return 'environment';
    return path[4] === 'flux' ? 'flux' : 'argocd';
}
const REQUIRED_FIX = {
    apps: 'add "apps:" with one entry per app',
    environments: 'add "environments:" with one entry per environment, e.g. dev: { file: overlays/dev/values.yaml }',
    file: 'add "file:" with the repository-relative path of the file holding the tag',
    name: 'add "name:"',
    kind: 'add "kind: Kustomization" or "kind: HelmRelease"',
};
function describe(err, doc, data) {
    const path = pathOf(err.instancePath);
    const here = label(path);
    const last = path[path.length - 1];
    const params = err.params;
    switch (err.keyword) {
        case 'type': {
            const types = Array.isArray(params.type) ? params.type : String(params.type).split(',');
            const want = types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
            const got = valueAt(data, path);
            const fix = types.includes('string') && got !== null && typeof got !== 'object' ? 'quote the value' : undefined;
            return { offset: valueOffset(doc, path), message: `${here} must be ${want}, got ${describeValue(got)}`, fix };
        }
        case 'enum': {
            const allowed = params.allowedValues.map(String);
            const got = valueAt(data, path);
            const near = typeof got === 'string' ? closest(got, allowed) : undefined;
            return {
                offset: valueOffset(doc, path),
                message: `${here} must be one of ${allowed.join(', ')}`,
                fix: near ? `did you mean "${near}"?` : undefined,
            };
        }
        case 'required': {
            const missing = String(params.missingProperty);
            const what = mappingKind(path);
            const whose = what === 'top' ? 'gitops.yaml' : here;
            return {
                offset: keyOffset(doc, path),
                message: `${whose} is missing "${missing}"`,
                fix: REQUIRED_FIX[missing],
            };
        }
        case 'additionalProperties': {
            const extra = String(params.additionalProperty);
            const allowed = Object.keys(subschemaProperties(path));
            const near = closest(extra, allowed);
            const where = path.length ? `${here} has` : 'gitops.yaml has';
            return {
                offset: childKeyOffset(doc, path, extra),
                message: `${where} unknown key "${extra}"`,
                fix: near ? `did you mean "${near}"?` : `allowed keys: ${allowed.join(', ')}`,
            };
        }
        case 'propertyNames': {
            const name = String(params.propertyName);
            const kind = mappingKind(path) === 'apps' ? 'app' : 'environment';
            return {
                offset: childKeyOffset(doc, path, name),
                message: `${kind} name ${JSON.stringify(name)} in ${here} is not valid`,
                fix: `use ${NAME_RULE}`,
            };
        }
        case 'pattern': {
            if (last === 'image' && path.length === 3) {
                return {
                    offset: valueOffset(doc, path),
                    message: `${here} must be an image repository without tag or digest, e.g. ghcr.io/acme/payments`,
                    fix: 'drop the ":tag" or "@digest"',
                };
            }
            if (last === 'from') {
                return { offset: valueOffset(doc, path), message: `${here} must be an environment name`, fix: `use ${NAME_RULE}` };
            }
            return { offset: valueOffset(doc, path), message: `${here} must match ${String(params.pattern)}` };
        }
        case 'minLength':
            return { offset: valueOffset(doc, path), message: `${here} must not be empty` };
        case 'maxLength':
            return { offset: valueOffset(doc, path), message: `${here} must be at most ${String(params.limit)} characters` };
        case 'minProperties': {
            const what = mappingKind(path) === 'apps' ? 'app' : 'environment';
            return {
                offset: keyOffset(doc, path),
                message: `${here} must list at least one ${what}`,
                fix: REQUIRED_FIX[what === 'app' ? 'apps' : 'environments'],
            };
        }
        default:
            return { offset: valueOffset(doc, path), message: `${here} ${err.message ?? 'is not valid'}` };
    }
}
/**
 * Drop the duplicates of a report: the inner error of propertyNames (reported again with the
 * name), and "missing X" when the same mapping has an unknown key that is a typo of X (the typo
 * is the problem to show).
 */
function preferTypos(errors) {
    const typos = new Set();
    for (const e of errors) {
        if (e.keyword !== 'additionalProperties')
            continue;
        const allowed = Object.keys(subschemaProperties(pathOf(e.instancePath)));
        const near = closest(String(e.params.additionalProperty), allowed);
        if (near)
            typos.add(`${e.instancePath}\0${near}`);
    }
    return errors.filter((e) => e.propertyName === undefined &&
        !(e.keyword === 'required' && typos.has(`${e.instancePath}\0${String(e.params.missingProperty)}`)));
}
/** The `properties` of the schema node describing the mapping at `path`. */
function subschemaProperties(path) {
    const s = gitops_schema_namespaceObject;
    switch (mappingKind(path)) {
        case 'top':
            return s.properties;
        case 'app':
            return s.definitions.app?.properties ?? {};
        case 'environment':
            return s.definitions.environment?.properties ?? {};
        case 'argocd':
        case 'flux':
            return s.definitions.environment?.properties?.[String(path[4])]?.properties ?? {};
        default:
            return {};
    }
}
/** The candidate within edit distance 2 (or a prefix match), for "did you mean". */
function closest(word, candidates) {
    let best;
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = distance(word.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    const limit = Math.max(2, Math.floor(word.length / 4));
    return best !== undefined && bestDistance <= limit ? best : undefined;
}
function distance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}

;// CONCATENATED MODULE: ./packages/core/src/config/load.ts
/**
 * gitops.yaml → GitopsConfig: YAML parse, JSON Schema validation (config/gitops.schema.json, the
 * same file editors use through `# yaml-language-server: $schema=…`), then the checks a schema
 * cannot express (`from` names a sibling env and never cycles, `file` stays inside the repo).
 * Every problem is an InputError (exit 2) whose message starts with `file:line:column:` of the
 * offending node (schema errors are worded by schema-errors.ts).
 */


// One schema file, shipped for editors and imported here: ncc (webpack) inlines it into each
// dist bundle; ts-jest and tsx load it as a JSON module (hence the import attribute).







const CONFIG_FILE = 'gitops.yaml';
/** The JSON Schema of gitops.yaml (draft-07), as shipped in packages/core/src/config/gitops.schema.json. */
const CONFIG_SCHEMA = (/* unused pure expression or super */ null && (schema));
let compiled;
function validator() {
    if (!compiled) {
        // allowUnionTypes: `argocd` is a string or a mapping, expressed without oneOf so that errors
        // stay specific.
        const ajv = new dist_ajv.Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
        compiled = ajv.compile(gitops_schema_namespaceObject);
    }
    return compiled;
}
/**
 * Parse and validate gitops.yaml. `file` is only used in messages.
 * @throws InputError `file:line:column: message` for bad YAML, schema violations, unknown
 *   `from`, `from` cycles and files outside the repository.
 */
function parseConfig(text, file = CONFIG_FILE) {
    const lineCounter = new dist/* LineCounter */.HN();
    const at = (offset) => {
        const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
        return `${file}:${line}:${col}`;
    };
    // Size, nesting depth and aliases bounded before anything recurses (manifest/limits.ts).
    let doc;
    try {
        doc = (0,limits/* parseOneBounded */.Xx)(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
    }
    catch (err) {
        if (!(err instanceof limits/* YamlLimitError */.r3))
            throw err;
        const { offset, message, fix } = err.problem;
        const what = message === 'Map keys must be unique' ? `invalid YAML: ${message}` : message;
        throw new errors/* InputError */.dz(`${at(offset)}: ${what}`, fix);
    }
    const syntax = doc.errors[0];
    if (syntax) {
        const message = syntax.code === 'MULTIPLE_DOCS' ? `${file} must hold a single YAML document` : `invalid YAML: ${syntax.message}`;
        throw new errors/* InputError */.dz(`${at(syntax.pos[0])}: ${message}`, `fix the YAML syntax of ${file}`);
    }
    let data;
    try {
        data = doc.toJS({ maxAliasCount: 1000 });
    }
    catch (err) {
        throw new errors/* InputError */.dz(`${at(aliasTrouble(doc) ?? 0)}: invalid YAML: ${err instanceof Error ? err.message : String(err)}`, `fix the YAML of ${file}`, {
            cause: err,
        });
    }
    if (data === null || data === undefined) {
        throw new errors/* InputError */.dz(`${at(0)}: ${file} is empty`, 'start it with "apps:" and list each app\'s environments');
    }
    const validate = validator();
    if (!validate(data)) {
        const problems = schemaProblems(validate.errors ?? [], doc, data);
        const first = problems[0];
        if (first) {
            const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
            throw new errors/* InputError */.dz(`${at(first.offset)}: ${first.message}${more}`, first.fix);
        }
        throw new errors/* InputError */.dz(`${at(0)}: ${file} does not match its schema`);
    }
    const config = data;
    checkSemantics(config, doc, at);
    return config;
}
function aliasTrouble(doc) {
    let offset;
    (0,dist/* visit */.YR)(doc, {
        Alias(_, node) {
            if (offset === undefined && !node.resolve(doc))
                offset = startOf(node);
        },
    });
    return offset;
}
// ---------------------------------------------------------------------------------------------
// Checks beyond the schema.
function checkSemantics(config, doc, at) {
    const checkKey = (key, path) => {
        if (key === undefined)
            return;
        try {
            (0,manifest_path/* parsePath */.R)(key);
        }
        catch (err) {
            if (!(err instanceof errors/* InputError */.dz))
                throw err;
            throw new errors/* InputError */.dz(`${at(valueOffset(doc, path))}: ${label(path)}: ${err.message}`, err.fix, { cause: err });
        }
    };
    for (const [app, appConfig] of Object.entries(config.apps)) {
        const envs = appConfig.environments;
        const names = Object.keys(envs);
        checkKey(appConfig.key, ['apps', app, 'key']);
        for (const [env, envConfig] of Object.entries(envs)) {
            const base = ['apps', app, 'environments', env];
            checkKey(envConfig.key, [...base, 'key']);
            const filePath = [...base, 'file'];
            try {
                envConfig.file = assertRepoPath(envConfig.file ?? '', label(filePath));
            }
            catch (err) {
                if (!(err instanceof errors/* InputError */.dz))
                    throw err;
                throw new errors/* InputError */.dz(`${at(valueOffset(doc, filePath))}: ${err.message}`, err.fix, { cause: err });
            }
            const from = envConfig.from;
            if (from !== undefined && !Object.hasOwn(envs, from)) {
                const others = names.filter((n) => n !== env);
                throw new errors/* InputError */.dz(`${at(valueOffset(doc, [...base, 'from']))}: ${label([...base, 'from'])} names "${from}", which is not an environment of app ${app}`, others.length ? `use one of: ${others.join(', ')}` : 'remove "from:"');
            }
        }
        // Every `from` chain must end at an environment without `from`.
        const done = new Set();
        for (const start of names) {
            const chain = [];
            let current = start;
            while (current !== undefined && !done.has(current)) {
                const seen = chain.indexOf(current);
                if (seen >= 0) {
                    const cycle = [...chain.slice(seen), current];
                    const first = cycle[0];
                    const fromPath = ['apps', app, 'environments', first, 'from'];
                    throw new errors/* InputError */.dz(`${at(valueOffset(doc, fromPath))}: ${label(fromPath)} makes a cycle in the promotion order: ${cycle.join(' ← ')}`, 'the first environment of the promotion order must have no "from"');
                }
                chain.push(current);
                current = envs[current]?.from;
            }
            for (const c of chain)
                done.add(c);
        }
    }
}

;// CONCATENATED MODULE: ./packages/core/src/config/resolve.ts
/**
 * app + env → EnvTarget: gitops.yaml (already validated by parseConfig) merged with the values
 * given as flags / action inputs, which always win. Defaults: key `image.tag` (the app's `key`
 * first), mode `push`, branch `main`, Flux namespace `flux-system`.
 */



const DEFAULT_KEY = 'image.tag';
const DEFAULT_MODE = 'push';
const DEFAULT_BRANCH = 'main';
const DEFAULT_FLUX_NAMESPACE = 'flux-system';
const MODES = ['push', 'pull-request'];
/**
 * Merge gitops.yaml and overrides into the target of one environment of one app.
 *
 * An override that is `undefined` or an empty string counts as not given (GitHub Actions passes
 * `''` for inputs left out).
 *
 * @throws InputError for an unknown app (`--app`) or env (`--env`), listing the known ones; when
 *   there is no gitops.yaml and no `--file`; for an invalid `--file`, `--mode`, `--key`,
 *   `--branch` or `--from`.
 */
function resolveTarget(config, app, env, overrides) {
    const given = compact(overrides);
    requireName(app, '--app');
    requireName(env, '--env');
    let appConfig;
    let envConfig = {};
    if (config) {
        appConfig = appOf(config, app);
        envConfig = envOf(appConfig, app, env);
    }
    let file;
    if (given.file !== undefined) {
        file = assertRepoPath(given.file, '--file');
    }
    else if (envConfig.file !== undefined) {
        file = assertRepoPath(envConfig.file, `${CONFIG_FILE} apps.${app}.environments.${env}.file`);
    }
    else if (config) {
        // parseConfig guarantees a file; a hand-built config may not.
        throw new errors/* InputError */.dz(`${CONFIG_FILE} gives no file for apps.${app}.environments.${env}`, `pass --file or add "file:" to apps.${app}.environments.${env} in ${CONFIG_FILE}`);
    }
    else {
        throw new errors/* InputError */.dz(`no ${CONFIG_FILE} in the env repo and no --file: cannot tell which file holds the tag of ${app} in ${env}`, `pass --file and --key or add ${CONFIG_FILE}`);
    }
    const key = given.key ?? envConfig.key ?? appConfig?.key ?? DEFAULT_KEY;
    if (key.trim() === '')
        throw new errors/* InputError */.dz('--key is empty', `give the YAML path of the tag, e.g. ${DEFAULT_KEY}`);
    const mode = given.mode ?? envConfig.mode ?? DEFAULT_MODE;
    if (!MODES.includes(mode)) {
        throw new errors/* InputError */.dz(`--mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`);
    }
    const branch = given.branch ?? envConfig.branch ?? DEFAULT_BRANCH;
    assertBranch(branch, given.branch !== undefined ? '--branch' : `${CONFIG_FILE} apps.${app}.environments.${env}.branch`);
    const from = given.from ?? envConfig.from;
    if (given.from !== undefined && appConfig && !Object.hasOwn(appConfig.environments, given.from)) {
        throw new errors/* InputError */.dz(`--from ${JSON.stringify(given.from)} is not an environment of app ${app}`, `use one of: ${Object.keys(appConfig.environments).join(', ')}`);
    }
    const image = given.image ?? appConfig?.image;
    const target = { app, env, file, key, mode, branch };
    if (image !== undefined)
        target.image = image;
    if (from !== undefined)
        target.from = from;
    if (envConfig.argocd !== undefined) {
        const a = envConfig.argocd;
        target.argocd = typeof a === 'string' ? { name: a } : { ...a };
    }
    if (envConfig.flux !== undefined) {
        target.flux = { ...envConfig.flux, namespace: envConfig.flux.namespace ?? DEFAULT_FLUX_NAMESPACE };
    }
    return target;
}
/** The environments of `app` in gitops.yaml order; [] without a config. */
function listEnvironments(config, app) {
    if (!config)
        return [];
    return Object.keys(appOf(config, app).environments);
}
/** The environment `env` is promoted from (its `from`), or undefined for the first one. */
function previousEnv(config, app, env) {
    if (!config)
        return undefined;
    return envOf(appOf(config, app), app, env).from;
}
function appOf(config, app) {
    const apps = config.apps ?? {};
    const found = Object.hasOwn(apps, app) ? apps[app] : undefined;
    if (!found) {
        const known = Object.keys(apps);
        throw new errors/* InputError */.dz(`--app ${JSON.stringify(app)} is not in ${CONFIG_FILE}` + (known.length ? ` (known apps: ${known.join(', ')})` : ''), `pass one of the known apps to --app, or add apps.${app} to ${CONFIG_FILE}`);
    }
    return found;
}
function envOf(appConfig, app, env) {
    const envs = appConfig.environments ?? {};
    const found = Object.hasOwn(envs, env) ? envs[env] : undefined;
    if (!found) {
        const known = Object.keys(envs);
        throw new errors/* InputError */.dz(`--env ${JSON.stringify(env)} is not an environment of app ${app} in ${CONFIG_FILE}` + (known.length ? ` (known environments: ${known.join(', ')})` : ''), `pass one of the known environments to --env, or add apps.${app}.environments.${env} to ${CONFIG_FILE}`);
    }
    return found;
}
/** Drop overrides that are undefined or empty strings. */
function compact(overrides) {
    const out = {};
    for (const [k, v] of Object.entries(overrides ?? {})) {
        if (typeof v === 'string' && v !== '')
            out[k] = v;
    }
    return out;
}
function requireName(value, input) {
    const what = input === '--app' ? 'app' : 'environment';
    if (typeof value !== 'string' || value.trim() === '') {
        throw new errors/* InputError */.dz(`${input} is required`, `pass the ${what} name, as in ${CONFIG_FILE}`);
    }
    // Names end up in branch names and commit messages: keep them to safe characters.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) {
        throw new errors/* InputError */.dz(`${input} ${JSON.stringify(value)} is not a valid ${what} name`, 'use letters, digits, ".", "_" and "-"');
    }
}
/** git check-ref-format rules that matter for a user-given branch. */
function assertBranch(branch, input) {
    const bad = branch.trim() === '' ||
        // eslint-disable-next-line no-control-regex
        /[\u0000-\u0020\u007f~^:?*[\\]/.test(branch) ||
        branch.startsWith('-') ||
        branch.startsWith('/') ||
        branch.endsWith('/') ||
        branch.endsWith('.') ||
        branch.endsWith('.lock') ||
        branch.includes('..') ||
        branch.includes('//') ||
        branch.includes('@{') ||
        branch === '@' ||
        branch.split('/').some((part) => part.startsWith('.'));
    if (bad) {
        throw new errors/* InputError */.dz(`${input} ${JSON.stringify(branch)} is not a valid branch name`, 'give a branch name such as main');
    }
}

;// CONCATENATED MODULE: ./packages/core/src/config/index.ts
/**
 * gitops.yaml: schema, validation with line:column errors, app + env → EnvTarget.
 *
 * CONTRACT (implemented in load.ts / resolve.ts):
 *   CONFIG_FILE = 'gitops.yaml'
 *   parseConfig(text: string, file?: string): GitopsConfig        throws InputError (file:line:col: message)
 *   resolveTarget(config: GitopsConfig | null, app, env, overrides: TargetOverrides): EnvTarget
 *     throws InputError for unknown app/env (listing the known ones), or when neither config nor
 *     overrides give file+key.
 */






/***/ }),

/***/ 9889:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ openEnvRepo)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _bounded_fetch_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9109);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(655);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _repo_ref_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5845);
/**
 * Open the env repo named by `--env-repo` / `env-repo` with the right adapter and the
 * credentials the ecosystem's own tools read from the environment:
 *   github  GITHUB_TOKEN (or GH_TOKEN)          REST, no clone
 *   gitlab  GITLAB_TOKEN, else CI_JOB_TOKEN     REST, no clone
 *   git     the token matching the host, given to git out of argv; ssh and local paths as is
 * Which token may go to which host is credentials.ts's decision (tokens are bound to their
 * forge's hosts; --token-host / GITOPS_TOKEN_HOST binds more on purpose).
 * Without --forge the forge is inferred: github.com → github, gitlab.com or GitLab CI's own
 * server (CI_SERVER_URL) → gitlab, anything else → git.
 */





const FORGES = ['git', 'github', 'gitlab'];

/** The REST base when --api-url is not given: the running CI's own API when the repo is on its forge. */
function defaultApiUrl(envRepo, forge, env) {
    const [api, server] = forge === 'github' ? [env.GITHUB_API_URL, env.GITHUB_SERVER_URL] : [env.CI_API_V4_URL, env.CI_SERVER_URL];
    if (!api)
        return undefined;
    const host = (0,_repo_ref_js__WEBPACK_IMPORTED_MODULE_4__/* .httpHostname */ .KO)(envRepo);
    return !host || (server && (0,_repo_ref_js__WEBPACK_IMPORTED_MODULE_4__/* .httpHostname */ .KO)(server) === host) ? api : undefined;
}
/** The credential for a REST forge: the env repo URL's own credentials if the API is on its host, else the policy's. */
function apiCredential(envRepo, apiBase, forge, opts, tokenHosts) {
    try {
        const repoUrl = new URL(envRepo.trim());
        const own = (0,_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .urlCredentials */ .O4)(repoUrl);
        if (own.token && /^https?:$/.test(repoUrl.protocol) && repoUrl.host.toLowerCase() === new URL(apiBase).host.toLowerCase()) {
            return { token: own.token, source: 'url', username: own.username, reason: `sent the credentials written in --env-repo to ${repoUrl.host}` };
        }
    }
    catch {
        /* OWNER/NAME or scp-like: no credentials in it */
    }
    return (0,_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .credentialFor */ .FX)({ url: apiBase, forge, apiUrl: opts.apiUrl, tokenHosts, env: opts.env });
}
async function openEnvRepo(opts) {
    if (!opts.envRepo)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('--env-repo is required', 'pass a git URL, a local path, or OWNER/NAME with --forge');
    if (opts.forge && !FORGES.includes(opts.forge)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`--forge ${opts.forge} is not one of ${FORGES.join(', ')}`);
    }
    // A newline or control character is never part of a URL, and git's config parser would choke on it.
    (0,_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .assertNoControlChars */ ._3)(opts.envRepo, '--env-repo');
    (0,_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .assertNoControlChars */ ._3)(opts.apiUrl, '--api-url');
    const { env } = opts;
    const tokenHosts = opts.tokenHosts !== undefined ? (0,_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .parseTokenHosts */ .gh)(opts.tokenHosts) : (0,_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .parseTokenHosts */ .gh)(env.GITOPS_TOKEN_HOST, 'GITOPS_TOKEN_HOST');
    const timeoutMs = (0,_bounded_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .httpTimeoutMs */ .C)(env);
    const forge = opts.forge ?? (0,_repo_ref_js__WEBPACK_IMPORTED_MODULE_4__/* .inferForge */ .s)(opts.envRepo, opts.env);
    if (forge === 'github') {
        const ref = (0,_repo_ref_js__WEBPACK_IMPORTED_MODULE_4__/* .parseRepoRef */ .PP)(opts.envRepo, 'github', opts.apiUrl ?? defaultApiUrl(opts.envRepo, 'github', env));
        const cred = apiCredential(opts.envRepo, ref.apiUrl, 'github', opts, tokenHosts);
        // GitHub asks for a second between writes (secondary rate limits); GITOPS_WRITE_INTERVAL_MS tunes it.
        const writeIntervalMs = env.GITOPS_WRITE_INTERVAL_MS ? Number(env.GITOPS_WRITE_INTERVAL_MS) : undefined;
        // Each adapter (and its client library) loads only when it is the one chosen.
        const { openGitHubRepo } = await Promise.all(/* import() */[__webpack_require__.e(65), __webpack_require__.e(929)]).then(__webpack_require__.bind(__webpack_require__, 6929));
        return openGitHubRepo({
            repo: ref.path,
            token: cred.token,
            tokenEnv: cred.source === 'url' ? 'the token in --env-repo' : (cred.source ?? 'GITHUB_TOKEN'),
            credentialNote: cred.reason,
            apiUrl: ref.apiUrl,
            writeIntervalMs,
            timeoutMs,
        });
    }
    if (forge === 'gitlab') {
        const ref = (0,_repo_ref_js__WEBPACK_IMPORTED_MODULE_4__/* .parseRepoRef */ .PP)(opts.envRepo, 'gitlab', opts.apiUrl ?? defaultApiUrl(opts.envRepo, 'gitlab', env));
        const cred = apiCredential(opts.envRepo, ref.apiUrl, 'gitlab', opts, tokenHosts);
        const kind = cred.source === 'CI_JOB_TOKEN' || (cred.source === 'url' && cred.username === 'gitlab-ci-token')
            ? 'job'
            : cred.source === 'url' && cred.username === 'oauth2'
                ? 'oauth'
                : 'private';
        const { openGitLabRepo } = await Promise.all(/* import() */[__webpack_require__.e(224), __webpack_require__.e(246)]).then(__webpack_require__.bind(__webpack_require__, 7246));
        return openGitLabRepo({
            project: ref.path,
            token: cred.token,
            tokenKind: kind,
            tokenEnv: cred.source === 'url' ? 'the token in --env-repo' : (cred.source ?? 'GITLAB_TOKEN'),
            credentialNote: cred.reason,
            apiUrl: ref.apiUrl,
            timeoutMs,
        });
    }
    if (!opts.forge && (0,_repo_ref_js__WEBPACK_IMPORTED_MODULE_4__/* .isForgePath */ .nS)(opts.envRepo)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`--env-repo ${opts.envRepo} is neither a local repository nor a URL`, 'for OWNER/NAME pass --forge github or --forge gitlab');
    }
    if (!(0,_repo_ref_js__WEBPACK_IMPORTED_MODULE_4__/* .isRemoteUrl */ .Km)(opts.envRepo) && !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(opts.envRepo)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`--env-repo ${opts.envRepo} is not a URL and no such local path exists`, 'pass a git URL, OWNER/NAME with --forge, or the path of a local repository');
    }
    const cred = (0,_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .credentialFor */ .FX)({ url: opts.envRepo.trim(), forge: 'git', tokenHosts, env });
    // Credentials written in the URL are parseRemote's to take out; env tokens only where bound.
    const { GitEnvRepo } = await Promise.all(/* import() */[__webpack_require__.e(224), __webpack_require__.e(54)]).then(__webpack_require__.bind(__webpack_require__, 9054));
    return GitEnvRepo.open({
        url: opts.envRepo,
        branch: opts.branch,
        token: cred.source === 'url' ? undefined : cred.token,
        username: cred.source === 'url' ? undefined : cred.username,
        credentialNote: cred.reason,
    });
}


/***/ }),

/***/ 5845:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KO: () => (/* binding */ httpHostname),
/* harmony export */   Km: () => (/* binding */ isRemoteUrl),
/* harmony export */   M8: () => (/* binding */ parseRemote),
/* harmony export */   PP: () => (/* binding */ parseRepoRef),
/* harmony export */   n6: () => (/* binding */ webUrlOf),
/* harmony export */   nS: () => (/* binding */ isForgePath),
/* harmony export */   s: () => (/* binding */ inferForge)
/* harmony export */ });
/* unused harmony export DEFAULT_USERNAME */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(655);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7638);
/* harmony import */ var _redaction_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3812);
/**
 * What `--env-repo` names, read once here for every adapter: which forge serves it when --forge
 * is not given (inferForge), the REST forge's repository, API base and web base (parseRepoRef),
 * and the git remote with any credentials written in its URL (parseRemote).
 */






const GITHUB_API = 'https://api.github.com';
const GITLAB_API = 'https://gitlab.com/api/v4';
function stripSlash(s) {
    return s.replace(/\/+$/, '');
}
/** The web base that goes with a REST base. */
function webUrlOf(forge, apiUrl) {
    const api = stripSlash(apiUrl);
    if (forge === 'github') {
        if (/^https?:\/\/api\.github\.com$/i.test(api))
            return 'https://github.com';
        return api.replace(/\/api\/v3$/i, '');
    }
    return api.replace(/\/api\/v4$/i, '');
}
/** `host[:port]` of any URL, lower case (undefined for what is not a URL). */
function hostOf(url) {
    if (!url)
        return undefined;
    try {
        return new URL(url).host.toLowerCase();
    }
    catch {
        return undefined;
    }
}
/**
 * Infer forge, repository path and API base from what the user gave:
 *   https://github.com/o/n(.git)                → github, https://api.github.com
 *   https://gitlab.com/g/sub/n(.git)            → gitlab, https://gitlab.com/api/v4
 *   https://HOST/o/n with --forge github         → GitHub Enterprise, https://HOST/api/v3
 *   https://HOST/g/n with --forge gitlab         → https://HOST/api/v4
 *   a URL on GitLab CI's own server (CI_SERVER_URL) → gitlab, CI_API_V4_URL
 *   git@HOST:o/n.git                             → as the https form
 *   o/n or g/sub/n                               → needs --forge (or an --api-url ending /api/v3|/api/v4)
 * An explicit apiUrl always wins; for a GitLab under a relative URL root pass it so that the
 * path can be cut from the URL correctly.
 */
function parseRepoRef(envRepo, forge, apiUrl, env = process.env) {
    const shown = (0,_redaction_js__WEBPACK_IMPORTED_MODULE_5__/* .stripUrlCredentials */ .um)(envRepo.trim());
    if (forge === 'git')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz(`--forge git has no REST API to open ${shown} with`, 'use --forge github or --forge gitlab');
    let raw = envRepo.trim();
    if (!raw)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('--env-repo is empty', 'pass https://HOST/OWNER/NAME.git, or OWNER/NAME with --forge');
    const api = apiUrl ? stripSlash(apiUrl.trim()) : undefined;
    if (api && !/^https?:\/\//i.test(api))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz(`--api-url ${(0,_redaction_js__WEBPACK_IMPORTED_MODULE_5__/* .stripUrlCredentials */ .um)(api)} is not an http(s) URL`);
    const apiForge = api
        ? /\/api\/v4$/i.test(api)
            ? 'gitlab'
            : /\/api\/v3$|^https?:\/\/api\.github\.com$/i.test(api)
                ? 'github'
                : undefined
        : undefined;
    // scp-like ssh: git@host:o/n.git
    const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(raw);
    if (scp && !/^[a-z]+:\/\//i.test(raw) && scp[1].includes('.'))
        raw = `https://${scp[1]}/${scp[2]}`;
    raw = raw.replace(/^ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\//i, 'https://$1/');
    let host;
    let origin = '';
    let pathPart = raw;
    if (/^https?:\/\//i.test(raw)) {
        let url;
        try {
            url = new URL(raw);
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz(`--env-repo ${shown} is not a valid URL`);
        }
        host = url.host.toLowerCase();
        origin = `${url.protocol}//${url.host}`;
        pathPart = decodeURIComponent(url.pathname);
    }
    if (!host && /^(\/|\.{1,2}\/|~|file:)/i.test(raw)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz(`--env-repo ${shown} is a local path, which has no ${forge ?? 'forge'} API`, 'pass OWNER/NAME or a URL, or --forge git for a path');
    }
    const ciServer = env.CI_SERVER_URL ? stripSlash(env.CI_SERVER_URL) : undefined;
    let kind = forge ?? undefined;
    if (!kind && host) {
        if (host === 'github.com' || host === 'www.github.com')
            kind = 'github';
        else if (host === 'gitlab.com')
            kind = 'gitlab';
        else if (ciServer && hostOf(ciServer) === host)
            kind = 'gitlab';
        else if (api && hostOf(api) === host)
            kind = apiForge;
    }
    if (!kind && !host)
        kind = apiForge;
    if (!kind) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz(host ? `cannot tell whether ${host} is GitHub or GitLab for --env-repo ${shown}` : `--env-repo ${shown} names no host, so the forge is ambiguous`, 'pass --forge github or --forge gitlab (and --api-url for a self-hosted server)');
    }
    // The REST base.
    let base = api;
    if (!base) {
        if (kind === 'github')
            base = !host || host === 'github.com' || host === 'www.github.com' ? GITHUB_API : `${origin}/api/v3`;
        else if (!host)
            base = env.CI_API_V4_URL ? stripSlash(env.CI_API_V4_URL) : ciServer ? `${ciServer}/api/v4` : GITLAB_API;
        else if (ciServer && hostOf(ciServer) === host)
            base = env.CI_API_V4_URL ? stripSlash(env.CI_API_V4_URL) : `${ciServer}/api/v4`;
        else
            base = `${origin}/api/v4`;
    }
    const webUrl = webUrlOf(kind, base);
    // Cut the web base's own path (GitLab at https://HOST/gitlab) off the repository path.
    let path = pathPart;
    if (host) {
        const webPath = (() => {
            try {
                const w = new URL(webUrl);
                return w.host.toLowerCase() === host ? stripSlash(w.pathname) : '';
            }
            catch {
                return '';
            }
        })();
        if (webPath && (path === webPath || path.startsWith(`${webPath}/`)))
            path = path.slice(webPath.length);
    }
    path = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/i, '');
    if (kind === 'gitlab')
        path = path.replace(/\/-(\/.*)?$/, '');
    let segments = path.split('/').filter(Boolean);
    if (kind === 'github' && host && segments.length > 2)
        segments = segments.slice(0, 2); // …/tree/main, …/pull/1
    const bad = segments.some((s) => s === '.' || s === '..' || !/^[\w.-]+$/.test(s));
    if (kind === 'gitlab' && segments.length === 1 && /^\d+$/.test(segments[0])) {
        return { forge: kind, path: segments[0], apiUrl: base, webUrl };
    }
    if (bad || segments.length < 2 || (kind === 'github' && segments.length !== 2)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz(`--env-repo ${shown} does not name a ${kind === 'github' ? 'GitHub repository (OWNER/NAME)' : 'GitLab project (GROUP/…/NAME)'}`, kind === 'github' ? 'pass https://HOST/OWNER/NAME.git or OWNER/NAME' : 'pass https://HOST/GROUP/NAME.git or GROUP/NAME');
    }
    return { forge: kind, path: segments.join('/'), apiUrl: base, webUrl };
}
// ---------------------------------------------------------------- forge inference
/** The host name of an http(s) URL, lower case, without port (undefined for anything else). */
function httpHostname(url) {
    try {
        return /^https?:\/\//i.test(url) ? new URL(url).hostname.toLowerCase() : undefined;
    }
    catch {
        return undefined;
    }
}
/** OWNER/NAME or GROUP/SUBGROUP/NAME: a forge path, unless a local directory has that name. */
const FORGE_PATH = /^[\w.-]+(\/[\w.-]+)+$/;
/** OWNER/NAME (or GROUP/…/NAME) that is not a local directory: a repository on some forge. */
function isForgePath(envRepo) {
    return FORGE_PATH.test(envRepo) && !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(envRepo);
}
/**
 * The forge when --forge is not given, the same for every face: by the URL's host (github.com,
 * gitlab.com, the running CI's own server), and OWNER/NAME means the forge of the CI running us.
 */
function inferForge(envRepo, env) {
    const host = httpHostname(envRepo);
    if (!host) {
        if (isForgePath(envRepo)) {
            if (env.GITHUB_ACTIONS === 'true')
                return 'github';
            // GitLab CI always sets CI_API_V4_URL (gitlab-ci-local sets GITLAB_CI=false but the rest alike).
            if (env.GITLAB_CI === 'true' || env.CI_API_V4_URL)
                return 'gitlab';
        }
        return 'git';
    }
    if (host === 'github.com')
        return 'github';
    if (host === 'gitlab.com')
        return 'gitlab';
    const gitlabHost = env.CI_SERVER_URL ? httpHostname(env.CI_SERVER_URL) : undefined;
    if (gitlabHost && gitlabHost === host)
        return 'gitlab';
    // Inside GitHub Actions, a URL on the workflow's own server (GitHub Enterprise too) is that GitHub.
    const githubHost = env.GITHUB_ACTIONS === 'true' && env.GITHUB_SERVER_URL ? httpHostname(env.GITHUB_SERVER_URL) : undefined;
    if (githubHost && githubHost === host)
        return 'github';
    return 'git';
}
/** Default Basic-auth username for a token (GitHub accepts any; x-access-token is its convention). */
const DEFAULT_USERNAME = 'x-access-token';
const SCP_LIKE = /^[^/\\:@]+@[^/\\:]+:/; // git@github.com:owner/repo.git
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A URL (any scheme) or scp-like `user@host:path`: a remote, not a local path. */
function isRemoteUrl(envRepo) {
    return HAS_SCHEME.test(envRepo) || SCP_LIKE.test(envRepo);
}
/**
 * Parse what the user gave as the env repo. Credentials embedded in an http(s) URL are removed
 * from it and used as the token (and username): they win over a token passed in.
 */
function parseRemote(raw, opts = {}) {
    const input = raw.trim();
    if (!input)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('the env repo is empty', 'pass a git URL or a local path');
    if (HAS_SCHEME.test(input)) {
        let u;
        try {
            u = new URL(input);
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz(`the env repo is not a valid URL: ${(0,_redaction_js__WEBPACK_IMPORTED_MODULE_5__/* .stripUrlCredentials */ .um)(input)}`);
        }
        const scheme = u.protocol.slice(0, -1).toLowerCase();
        if (scheme === 'file') {
            const path = (0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(u);
            return { kind: 'file', url: u.href, display: path, username: opts.username ?? DEFAULT_USERNAME };
        }
        if (scheme === 'http' || scheme === 'https') {
            const embedded = (0,_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .urlCredentials */ .O4)(u);
            u.username = '';
            u.password = '';
            const url = u.href;
            // The URL's own credentials win (the user wrote them for this very URL).
            const token = embedded.token ?? opts.token;
            const username = embedded.token ? embedded.username : (embedded.username ?? opts.username);
            return {
                kind: 'http',
                url,
                display: url,
                origin: `${u.protocol}//${u.host}/`,
                token: token || undefined,
                username: username || DEFAULT_USERNAME,
                credentialNote: embedded.token ? 'sent the credentials written in the URL' : opts.credentialNote,
            };
        }
        // ssh://, git://, and anything else git understands: passed through untouched.
        return { kind: 'ssh', url: input, display: (0,_redaction_js__WEBPACK_IMPORTED_MODULE_5__/* .stripUrlCredentials */ .um)(input), username: opts.username ?? DEFAULT_USERNAME };
    }
    if (SCP_LIKE.test(input) && !(0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(input)) {
        return { kind: 'ssh', url: input, display: input, username: opts.username ?? DEFAULT_USERNAME };
    }
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(opts.cwd ?? process.cwd(), input);
    return { kind: 'local', url: path, display: path, username: opts.username ?? DEFAULT_USERNAME };
}


/***/ }),

/***/ 3802:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ withEnvRepo),
/* harmony export */   p: () => (/* binding */ targetOverrides)
/* harmony export */ });
/* harmony import */ var _envrepo_open_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9889);
/* harmony import */ var _outcome_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7569);
/** The env repo named by a verb's inputs (env-repo, forge, api-url, token-host, branch), opened and always released. */


async function withEnvRepo(v, ctx, fn) {
    const repo = await (0,_envrepo_open_js__WEBPACK_IMPORTED_MODULE_0__/* .openEnvRepo */ .$)({
        envRepo: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'envRepo'),
        forge: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'forge'),
        apiUrl: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'apiUrl'),
        tokenHosts: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .strs */ .TD)(v, 'tokenHost'),
        branch: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'branch'),
        env: ctx.env,
    });
    try {
        return await fn(repo);
    }
    finally {
        await repo.close();
    }
}
/** --file, --key, --mode, --branch: they win over gitops.yaml. */
function targetOverrides(v) {
    return { file: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'file'), key: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'key'), mode: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'mode'), branch: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'branch') };
}


/***/ }),

/***/ 9082:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ parseImageRef),
/* harmony export */   Ym: () => (/* binding */ looksLikeImageRef),
/* harmony export */   dW: () => (/* binding */ canonicalImageName),
/* harmony export */   kL: () => (/* binding */ formatImageRef)
/* harmony export */ });
/**
 * Image references as a manifest holds them (`image: quay.io/org/app:v3.1.8`), read by the
 * distribution reference grammar:
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component { "/" path-component }
 *   domain    := host [ ":" port ]          (the first component is one when it has a `.` or a
 *                                            `:`, is `localhost`, or has an uppercase letter)
 *
 * Pure: parse, and format with a new tag or digest. The name is kept as written, so setting a
 * tag changes only the tag's bytes.
 */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** The distribution spec's limit on a name. */
const NAME_MAX = 255;
/**
 * Whether a manifest value is meant as an image reference rather than a bare tag: a tag has
 * no `/`, `:` or `@`, so a value with one of them is a reference (or a broken one).
 */
function looksLikeImageRef(value) {
    return /[/:@]/.test(value);
}
/** The reference `value` spells, or null when it is not one by the grammar. */
function parseImageRef(value) {
    const at = value.indexOf('@');
    const digest = at === -1 ? undefined : value.slice(at + 1);
    if (digest !== undefined && !DIGEST.test(digest))
        return null;
    const rest = at === -1 ? value : value.slice(0, at);
    const colon = rest.lastIndexOf(':');
    const hasTag = colon > rest.lastIndexOf('/');
    const name = hasTag ? rest.slice(0, colon) : rest;
    const tag = hasTag ? rest.slice(colon + 1) : undefined;
    if (tag !== undefined && !TAG.test(tag))
        return null;
    if (name.length === 0 || name.length > NAME_MAX)
        return null;
    const slash = name.indexOf('/');
    const first = slash === -1 ? '' : name.slice(0, slash);
    const hasDomain = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase() || first.startsWith('['));
    if (hasDomain && !DOMAIN.test(first))
        return null;
    const path = hasDomain ? name.slice(slash + 1) : name;
    if (!path.split('/').every((c) => PATH_COMPONENT.test(c)))
        return null;
    return { name, ...(hasDomain ? { domain: first } : {}), path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}
/** The reference as text: the name as written, then `:tag` and `@digest` when set. */
function formatImageRef(ref) {
    return `${ref.name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
/**
 * The name as the docker CLI resolves it, for comparing two spellings of one repository:
 * no domain (or docker.io, index.docker.io) → `docker.io`, a one-component Hub path →
 * `library/…`, the domain lowercased (hostnames are case-insensitive; paths are not).
 */
function canonicalImageName(ref) {
    let domain = ref.domain?.toLowerCase() ?? 'docker.io';
    if (domain === 'index.docker.io' || domain === 'registry-1.docker.io')
        domain = 'docker.io';
    const path = domain === 'docker.io' && !ref.path.includes('/') ? `library/${ref.path}` : ref.path;
    return `${domain}/${path}`;
}


/***/ }),

/***/ 6274:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Hq: () => (/* reexport */ diffManifest),
  $t: () => (/* reexport */ readScalar),
  $e: () => (/* reexport */ setScalar)
});

// UNUSED EXPORTS: MAX_ALIAS_EXPANSION, MAX_YAML_ALIASES, MAX_YAML_BYTES, MAX_YAML_DEPTH, ManifestVerifyError, YamlLimitError, checkYamlSize, formatPath, isPlainSafe, parseAllBounded, parseOneBounded, parsePath, verifyEdit

// EXTERNAL MODULE: ./packages/core/src/manifest/path.ts
var manifest_path = __webpack_require__(1580);
// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(7291);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/manifest/limits.ts
var limits = __webpack_require__(899);
;// CONCATENATED MODULE: ./packages/core/src/manifest/edit.ts
/**
 * Locate and set one YAML scalar, keeping every other byte of the file (DESIGN.md, "An edit keeps
 * every other byte").
 *
 * How: the `yaml` package parses the text into Documents whose nodes carry source ranges
 * (offsets into the very string we were given, so CRLF, BOM and everything else line up). We find
 * the target scalar by path, render the new value as scalar source text, and splice it into the
 * original string over exactly that scalar's range. Nothing is ever re-stringified. The result is
 * re-parsed and verified before it is returned (verifyEdit: bytes outside the scalar identical, the
 * path reads back the new string, all documents structurally equal to the old ones with that value
 * set); a failure there is a ManifestVerifyError (a bug here, exit 1), never a silent bad write.
 *
 * Decisions:
 * - Quote style is kept. A plain scalar stays plain only if the new value, written plain, reads
 *   back as the same string under YAML 1.2 *and* YAML 1.1 (Kubernetes' Go YAML is 1.1-ish: `yes`,
 *   `on`, `1:20`, `2024-01-01` are not strings there) and is syntactically safe where it stands
 *   (no `: `, ` #`, leading indicator; no `,[]{}:` inside `{…}`/`[…]`, as libyaml-based parsers
 *   refuse `a:b` there). Otherwise it becomes
 *   double-quoted, so `tag: 1.10` set to `1.11` becomes `tag: "1.11"` (a string, as image tags are).
 *   Single-quoted values escape `'` as `''`; double-quoted values escape `\` and `"`.
 * - Setting a scalar to the value it already shows is a no-op: the text is returned unchanged
 *   (even for a plain `1.10` that YAML reads as a number — we do not churn files).
 * - Anchors and aliases: a path may pass *through* an alias (`app: *defaults`) or a merge key
 *   (`<<: *defaults`), or the target (or a map/list on the way) may carry an anchor that an alias
 *   refers to. The scalar is then shared: editing it changes every user of the anchor (promoting
 *   dev would move prod too). `ScalarHit.shared` says which anchor and who uses it; setScalar
 *   refuses such an edit (InputError naming both) unless `editAnchor` says to change it for
 *   everyone. A target that *is* an alias (`tag: *tag`) is always refused; the error points at the
 *   anchor.
 * - Bounded (limits.ts): file size, nesting depth, alias count and expansion are checked before
 *   anything recurses or expands; every step is linear in the file size.
 * - Block scalars (`|`, `>`) are read but not written (InputError): a one-line value cannot
 *   replace them without changing their chomping/indentation semantics byte-safely.
 * - A value containing a line break or any control character (tab, DEL, C1, U+2028/9) is refused.
 * - A target with an explicit core tag other than `!!str` (`!!int 3`) is refused; custom tags
 *   (`!Sub v1`) are kept. An empty value (`tag:`) is filled in with a separating space.
 * - Multi-document files: the first document in which the whole path resolves. A path that is
 *   ambiguous (a selector matching several items) or lands on a map/list/alias/block scalar in a
 *   document is an error right there; later documents are not searched.
 */





/** The edit could not be verified after splicing: a bug in this module, never the user's input. */
class ManifestVerifyError extends Error {
    constructor(message) {
        super(`internal error: ${message}`);
        this.name = 'ManifestVerifyError';
    }
}
const BOM = '\uFEFF';
const CORE_TAG = 'tag:yaml.org,2002:';
function position(ctx, offset) {
    const { line, col } = ctx.lc.linePos(offset);
    // The BOM is not a character anyone sees: do not count it as column 1.
    const column = line === 1 && ctx.text.startsWith(BOM) && col > 1 ? col - 1 : col;
    return { line, column };
}
function inputError(ctx, offset, what, fix) {
    const where = offset === undefined
        ? ctx.file
        : (() => {
            const p = position(ctx, offset);
            return `${ctx.file}:${p.line}:${p.column}`;
        })();
    return new errors/* InputError */.dz(`${where}: ${what} (path ${ctx.path})`, fix);
}
function parseText(text, file, path) {
    const lc = new dist/* LineCounter */.HN();
    const ctx = { text, file, path, lc };
    let docs;
    try {
        docs = (0,limits/* parseAllBounded */.M9)(text, { lineCounter: lc });
    }
    catch (e) {
        if (!(e instanceof limits/* YamlLimitError */.r3))
            throw e;
        const what = e.problem.message === 'Map keys must be unique' ? `invalid YAML: ${e.problem.message}` : e.problem.message;
        throw inputError(ctx, e.problem.offset, what, e.problem.fix);
    }
    for (const doc of docs) {
        const err = doc.errors[0];
        if (err) {
            const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
            throw inputError(ctx, err.pos[0], `invalid YAML: ${first}`, 'fix the YAML syntax first');
        }
    }
    return { docs: Array.isArray(docs) ? docs : [], lc };
}
function styleOf(node) {
    switch (node.type) {
        case 'QUOTE_SINGLE':
            return 'single';
        case 'QUOTE_DOUBLE':
            return 'double';
        case 'BLOCK_LITERAL':
        case 'BLOCK_FOLDED':
            return 'block';
        default:
            return 'plain';
    }
}
/** What a user sees a scalar hold: a plain scalar's source text, or a quoted scalar's string. */
function scalarText(node) {
    if (styleOf(node) === 'plain') {
        const src = node.source;
        if (typeof src === 'string')
            return src;
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a scalar's value: string, number or boolean
        return node.value === null || node.value === undefined ? '' : String(node.value);
    }
    return String(node.value);
}
function describe(node) {
    if ((0,dist/* isMap */.jh)(node))
        return 'a map';
    if ((0,dist/* isSeq */.oP)(node))
        return 'a list';
    if ((0,dist/* isAlias */.Vj)(node))
        return `an alias (*${node.source})`;
    if ((0,dist/* isScalar */.jn)(node)) {
        const t = scalarText(node);
        return t === '' ? 'an empty value' : `the scalar ${JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t)}`;
    }
    return 'nothing';
}
function startOf(node) {
    const r = node?.range;
    return r ? r[0] : undefined;
}
function keyMatches(key, want) {
    if (!(0,dist/* isScalar */.jn)(key))
        return false;
    return scalarText(key) === want || String(key.value) === want;
}
const indexCache = new WeakMap();
function anchorIndex(doc) {
    let index = indexCache.get(doc);
    if (!index) {
        const latest = new Map();
        const built = { target: new Map(), uses: new Map() };
        (0,dist/* visit */.YR)(doc, {
            Node(_key, node, ancestors) {
                if ((0,dist/* isAlias */.Vj)(node)) {
                    const target = latest.get(node.source);
                    if (target === undefined)
                        return;
                    built.target.set(node, target);
                    const list = built.uses.get(target) ?? [];
                    list.push({ alias: node, ancestors });
                    built.uses.set(target, list);
                }
                else if (node.anchor) {
                    latest.set(node.anchor, node);
                }
            },
        });
        index = built;
        indexCache.set(doc, index);
    }
    return index;
}
function resolveAlias(doc, alias) {
    return anchorIndex(doc).target.get(alias);
}
/** Is `node` anchored and referred to by some alias? */
function isShared(doc, node) {
    return node?.anchor !== undefined && (anchorIndex(doc).uses.get(node)?.length ?? 0) > 0;
}
/** Follows an alias to its anchored node; other nodes are returned as they are. */
function deref(doc, node, via) {
    let n = node;
    for (let guard = 0; (0,dist/* isAlias */.Vj)(n) && guard < 64; guard += 1) {
        const target = resolveAlias(doc, n);
        via.share = { node: target, through: 'alias' };
        n = target;
    }
    return n;
}
/** Map lookup honouring explicit keys first, then `<<` merge keys in order. */
function lookup(doc, map, key, via, seen = new Set()) {
    if (seen.has(map))
        return { value: undefined, found: false };
    seen.add(map);
    for (const pair of map.items) {
        if (keyMatches(pair.key, key))
            return { value: pair.value, found: true };
    }
    for (const pair of map.items) {
        if (!(0,dist/* isScalar */.jn)(pair.key) || pair.key.value !== '<<' || styleOf(pair.key) !== 'plain')
            continue;
        const sources = (0,dist/* isSeq */.oP)(pair.value) ? pair.value.items : [pair.value];
        for (const src of sources) {
            if (!(0,dist/* isAlias */.Vj)(src))
                continue;
            const target = resolveAlias(doc, src);
            if (!(0,dist/* isMap */.jh)(target))
                continue;
            const inner = {};
            const r = lookup(doc, target, key, inner, seen);
            if (r.found) {
                via.share = inner.share ?? { node: target, through: 'merge' };
                return r;
            }
        }
    }
    return { value: undefined, found: false };
}
function mapKeys(map) {
    return map.items.filter((p) => (0,dist/* isScalar */.jn)(p.key)).map((p) => scalarText(p.key));
}
function listSummary(values) {
    if (values.length === 0)
        return 'none';
    const shown = values.slice(0, 10).join(', ');
    return values.length > 10 ? `${shown}, … (${values.length} in all)` : shown;
}
function resolvePath(ctx, doc, segments) {
    const via = {};
    let node = doc.contents;
    let inFlow = false;
    const here = (i) => (i === 0 ? 'the document root' : (0,manifest_path/* formatPath */.j)(segments.slice(0, i)));
    const miss = (i, at, what, fix, fatal = false) => ({
        ok: false,
        depth: i,
        fatal,
        error: inputError(ctx, at, what, fix),
    });
    for (let i = 0; i < segments.length; i += 1) {
        const seg = segments[i];
        node = deref(doc, node, via);
        if (((0,dist/* isMap */.jh)(node) || (0,dist/* isSeq */.oP)(node)) && via.share?.node !== node && isShared(doc, node))
            via.share = { node, through: 'parent' };
        const at = startOf(node) ?? startOf(doc.contents) ?? 0;
        if (seg.kind === 'key') {
            if (!(0,dist/* isMap */.jh)(node)) {
                return miss(i, at, `${here(i)} is ${describe(node)}, not a map, so key ${JSON.stringify(seg.key)} cannot be looked up`);
            }
            const r = lookup(doc, node, seg.key, via);
            if (!r.found) {
                return miss(i, at, `key ${JSON.stringify(seg.key)} not found in ${here(i)} (keys there: ${listSummary(mapKeys(node))})`, 'check the path; a missing key is never created');
            }
            inFlow = node.flow === true;
            node = r.value;
        }
        else if (seg.kind === 'index') {
            if (!(0,dist/* isSeq */.oP)(node)) {
                return miss(i, at, `${here(i)} is ${describe(node)}, not a list, so index [${seg.index}] does not apply`);
            }
            if (seg.index >= node.items.length) {
                return miss(i, at, `index [${seg.index}] out of range: ${here(i)} has ${node.items.length} item${node.items.length === 1 ? '' : 's'}`);
            }
            inFlow = node.flow === true;
            node = node.items[seg.index];
        }
        else {
            if (!(0,dist/* isSeq */.oP)(node)) {
                return miss(i, at, `${here(i)} is ${describe(node)}, not a list, so selector [${seg.key}=${seg.value}] does not apply`);
            }
            const matches = [];
            const existing = [];
            for (const raw of node.items) {
                const itemVia = {};
                const item = deref(doc, raw, itemVia);
                if (!(0,dist/* isMap */.jh)(item))
                    continue;
                const r = lookup(doc, item, seg.key, itemVia);
                if (!r.found)
                    continue;
                const v = deref(doc, r.value, {});
                if (!(0,dist/* isScalar */.jn)(v))
                    continue;
                const text = scalarText(v);
                existing.push(text);
                if (text === seg.value || String(v.value) === seg.value)
                    matches.push({ item, at: startOf(raw), via: itemVia });
            }
            if (matches.length === 0) {
                return miss(i, at, `no item of ${here(i)} has ${seg.key}=${seg.value} (${seg.key} values there: ${listSummary(existing)})`, 'check the selector value; a missing item is never created');
            }
            if (matches.length > 1) {
                const lines = matches.map((m) => (m.at === undefined ? '?' : String(position(ctx, m.at).line))).join(', ');
                return miss(i, matches[1].at ?? at, `selector [${seg.key}=${seg.value}] is ambiguous: ${matches.length} items of ${here(i)} match (lines ${lines})`, 'use a list index or a selector on a key that is unique', true);
            }
            const m = matches[0];
            if (m.via.share)
                via.share = m.via.share;
            inFlow = node.flow === true;
            node = m.item;
        }
    }
    if ((0,dist/* isScalar */.jn)(node) && via.share?.node !== node && isShared(doc, node))
        via.share = { node, through: 'anchor' };
    return {
        ok: true,
        node: (node ?? null),
        at: startOf(node),
        share: via.share,
        inFlow,
    };
}
function locate(text, path, file) {
    if (typeof text !== 'string')
        throw new errors/* InputError */.dz(`${file}: file content is not text (path ${path})`);
    let segments;
    try {
        segments = (0,manifest_path/* parsePath */.R)(path);
    }
    catch (e) {
        if (e instanceof errors/* InputError */.dz)
            throw new errors/* InputError */.dz(`${file}: ${e.message}`, e.fix);
        throw e;
    }
    const parsed = parseText(text, file, path);
    const ctx = { text, file, path, lc: parsed.lc };
    let best;
    let searched = 0;
    for (let d = 0; d < parsed.docs.length; d += 1) {
        const doc = parsed.docs[d];
        if (doc.contents === null || ((0,dist/* isScalar */.jn)(doc.contents) && doc.contents.value === null))
            continue;
        searched += 1;
        const r = resolvePath(ctx, doc, segments);
        if (!r.ok) {
            if (r.fatal)
                throw r.error;
            if (!best || r.depth > best.depth)
                best = r;
            continue;
        }
        const node = checkTarget(ctx, doc, r);
        return { ctx, parsed, segments, docIndex: d, node, found: r, hit: hitOf(ctx, doc, d, node, r) };
    }
    if (!best)
        throw inputError(ctx, 0, 'the file holds no YAML document', 'point --file at a YAML manifest');
    if (searched > 1) {
        throw new errors/* InputError */.dz(`${best.error.message.replace(/ \(path [^)]*\)$/, '')} — in none of the ${searched} documents (path ${path})`, best.error.fix);
    }
    throw best.error;
}
function checkTarget(ctx, doc, r) {
    const node = r.node;
    const at = r.at;
    if ((0,dist/* isAlias */.Vj)(node)) {
        const target = resolveAlias(doc, node);
        const where = startOf(target);
        const anchorAt = where === undefined ? '' : ` defined at ${position(ctx, where).line}:${position(ctx, where).column}`;
        throw inputError(ctx, at, `the value is an alias (*${node.source}) of the anchor &${node.source}${anchorAt}, not a scalar of its own`, 'edit the anchored value (its path) instead, or replace the alias with a value');
    }
    if ((0,dist/* isMap */.jh)(node) || (0,dist/* isSeq */.oP)(node)) {
        throw inputError(ctx, at, `the path points at ${describe(node)}, not a scalar`, 'extend the path to the scalar to set');
    }
    if (!(0,dist/* isScalar */.jn)(node))
        throw inputError(ctx, at, 'the path points at a key with no value node');
    return node;
}
/** The YAML path of a node from its ancestors (as `visit` reports them). */
function pathOf(ancestors, node) {
    const segs = [];
    const chain = [...ancestors, node];
    for (let i = 0; i < chain.length - 1; i += 1) {
        const a = chain[i];
        if ((0,dist/* isPair */.tO)(a)) {
            if (chain[i + 1] === a.value)
                segs.push({ kind: 'key', key: (0,dist/* isScalar */.jn)(a.key) ? scalarText(a.key) : '?' });
        }
        else if ((0,dist/* isSeq */.oP)(a))
            segs.push({ kind: 'index', index: a.items.indexOf(chain[i + 1]) });
    }
    return segs.length === 0 ? '(the document root)' : (0,manifest_path/* formatPath */.j)(segs);
}
function sharedThrough(ctx, doc, share) {
    const node = share.node;
    // The node's range starts after its properties: find its `&name` just before it.
    const start = node.range?.[0] ?? 0;
    const amp = node.anchor ? ctx.text.lastIndexOf(`&${node.anchor}`, start) : -1;
    const at = position(ctx, amp >= 0 ? amp : start);
    const usedBy = (anchorIndex(doc).uses.get(share.node) ?? []).map((u) => ({
        path: pathOf(u.ancestors, u.alias),
        line: position(ctx, u.alias.range?.[0] ?? 0).line,
    }));
    const anchorOn = (0,dist/* isMap */.jh)(node) ? 'map' : (0,dist/* isSeq */.oP)(node) ? 'list' : 'scalar';
    return { anchor: node.anchor ?? '?', through: share.through, anchorOn, line: at.line, column: at.column, usedBy };
}
function hitOf(ctx, doc, docIndex, node, r) {
    const range = node.range;
    const { line, column } = position(ctx, range[0]);
    const hit = {
        value: scalarText(node),
        line,
        column,
        style: styleOf(node),
        docIndex,
        range: [range[0], range[1]],
    };
    if (r.share) {
        hit.shared = sharedThrough(ctx, doc, r.share);
        hit.anchor = hit.shared.anchor;
    }
    return hit;
}
/** Reads the scalar at `path` (first document that holds it). Throws InputError otherwise. */
function readScalar(text, path, file) {
    return locate(text, path, file).hit;
}
// ---------------------------------------------------------------------------------------------
// Writing
// C0 controls (tab included), DEL, C1 controls, and Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
function resolvesAsSameString(value) {
    for (const version of ['1.2', '1.1']) {
        try {
            if ((0,dist/* parse */.qg)(value, { version }) !== value)
                return false;
        }
        catch {
            return false;
        }
    }
    return true;
}
function sharedError(ctx, at, s) {
    const how = s.through === 'merge'
        ? `comes from the merge key <<: *${s.anchor}`
        : s.through === 'alias'
            ? `is reached through the alias *${s.anchor}`
            : s.through === 'anchor'
                ? `carries the anchor &${s.anchor}`
                : `is inside the anchored ${s.anchorOn} &${s.anchor}`;
    const shown = s.usedBy
        .slice(0, 5)
        .map((u) => `${u.path} (line ${u.line})`)
        .join(', ');
    const more = s.usedBy.length > 5 ? ` and ${s.usedBy.length - 5} more` : '';
    return inputError(ctx, at, `the value ${how}, so it is shared: &${s.anchor} (line ${s.line}) is used by ${shown}${more}; editing it would change all of them`, `give ${ctx.path} its own value (write the key explicitly instead of sharing it), or pass --edit-anchor to change it for every user of &${s.anchor}`);
}
/** Can `value` be written as a plain scalar here and read back as that exact string? */
function isPlainSafe(value, inFlow) {
    if (value === '' || value !== value.trim())
        return false;
    if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value))
        return false;
    if (value.includes(': ') || value.includes(' #') || value.endsWith(':'))
        return false;
    if (inFlow && /[,[\]{}:]/.test(value))
        return false; // ':' too: libyaml-based parsers (go-yaml, PyYAML) reject 'a:b' inside {…}/[…]
    return resolvesAsSameString(value);
}
function singleQuoted(value) {
    return `'${value.replace(/'/g, "''")}'`;
}
function doubleQuoted(value) {
    return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
/**
 * Sets the scalar at `path` to the string `value` and returns the new file text. Only the scalar's
 * own source bytes change (see the module comment for quoting, anchors and block scalars).
 */
function setScalar(text, path, value, file, options = {}) {
    const loc = locate(text, path, file);
    const { ctx, node, hit } = loc;
    if (typeof value !== 'string')
        throw inputError(ctx, hit.range[0], 'the new value is not a string');
    const bad = FORBIDDEN.exec(value);
    if (bad) {
        const what = bad[0] === '\n' || bad[0] === '\r' ? 'a line break' : `the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
        throw inputError(ctx, hit.range[0], `the new value ${JSON.stringify(value)} contains ${what}`, 'a scalar value must be one line of printable text');
    }
    // No-op: the scalar already shows this value (also for block scalars and tagged values).
    if (hit.value === value)
        return text;
    if (hit.shared && !options.editAnchor)
        throw sharedError(ctx, hit.range[0], hit.shared);
    if (hit.style === 'block') {
        throw inputError(ctx, hit.range[0], `the value is a block scalar (${text
            .slice(hit.range[0])
            .split(/[\r\n]/, 1)[0]
            .replace(/\s+#.*$/, '')
            .trim()}), which cannot be rewritten byte-safely`, 'write it as a plain or quoted scalar on one line, then promote again');
    }
    if (node.tag && node.tag.startsWith(CORE_TAG) && node.tag !== `${CORE_TAG}str`) {
        throw inputError(ctx, hit.range[0], `the value carries the explicit tag ${node.tag.replace(CORE_TAG, '!!')}, so it cannot hold the string ${JSON.stringify(value)}`, 'remove the tag from the manifest (values are set as strings)');
    }
    const [start, end] = hit.range;
    const before = text.slice(0, start);
    const after = text.slice(end);
    // An empty value (`tag:` or `tag: # comment`) has a zero-length range: keep it separated on
    // both sides (`:v2` would not be a value, `v2#c` would not be a comment).
    const lead = start === end && start > 0 && !/[ \t]/.test(text[start - 1]) ? ' ' : '';
    const trail = start === end && start < text.length && !/[\s,\]}]/.test(text[start]) ? ' ' : '';
    const candidates = [];
    if (hit.style === 'single')
        candidates.push(singleQuoted(value));
    else if (hit.style === 'double')
        candidates.push(doubleQuoted(value));
    else {
        if (isPlainSafe(value, loc.found.inFlow))
            candidates.push(value);
        candidates.push(doubleQuoted(value));
    }
    let lastProblem = '';
    for (const rendered of candidates) {
        // A plain candidate that does not survive the check falls back to double quotes.
        const next = before + lead + rendered + trail + after;
        const problem = compareEdit(loc, next, value);
        if (problem === undefined)
            return next;
        lastProblem = problem;
    }
    throw new ManifestVerifyError(`${file}: the edit of ${path} to ${JSON.stringify(value)} ${lastProblem}`);
}
/**
 * Why `newText` is not `loc`'s text with only the target scalar set to `value` — or undefined when
 * it is: every byte before and after the old scalar is kept, the path reads back `value` as a
 * string in the same document, at the spliced place, with no new YAML warning, and all documents
 * are structurally equal to the old ones with that one value set (aliases of it follow).
 */
function compareEdit(loc, newText, value) {
    const oldText = loc.ctx.text;
    let again;
    try {
        again = locate(newText, loc.ctx.path, loc.ctx.file);
    }
    catch (e) {
        return `does not read back: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (again.docIndex !== loc.docIndex)
        return `moved the path from document ${loc.docIndex} to ${again.docIndex}`;
    if (again.node.value !== value)
        return `reads back as ${JSON.stringify(again.node.value)}`;
    const warned = again.parsed.docs[again.docIndex].warnings;
    if (warned.length > loc.parsed.docs[loc.docIndex].warnings.length) {
        return `adds a YAML warning: ${warned[warned.length - 1].message.split('\n')[0]}`;
    }
    const [start, end] = loc.hit.range;
    const suffix = oldText.length - end;
    const [ns, ne] = again.hit.range;
    if (newText.slice(0, start) !== oldText.slice(0, start) ||
        newText.slice(newText.length - suffix) !== oldText.slice(end) ||
        ns < start ||
        ne > newText.length - suffix ||
        newText.slice(start, newText.length - suffix).trim() !== newText.slice(ns, ne)) {
        return 'changed bytes outside the scalar';
    }
    const [olds, news] = [loc.parsed.docs, again.parsed.docs];
    if (olds.length !== news.length)
        return 'changed the number of documents';
    for (let d = 0; d < olds.length; d += 1) {
        if (!sameNode(olds[d].contents, news[d].contents, loc.node, value))
            return 'changed more than that one value';
    }
    return undefined;
}
/**
 * Structural equality of two node trees, `target` (in the old tree) counting as holding `value`.
 * Aliases compare by name, never expanded (an alias-heavy file stays linear); anchors and explicit
 * tags must match too. Recursion is bounded by the nesting limit (limits.ts).
 */
function sameNode(a, b, target, value) {
    if (a === null || a === undefined || b === null || b === undefined)
        return (a ?? null) === (b ?? null);
    const na = a;
    const nb = b;
    if (na.anchor !== nb.anchor)
        return false;
    if ((0,dist/* isAlias */.Vj)(a))
        return (0,dist/* isAlias */.Vj)(b) && a.source === b.source;
    if ((0,dist/* isScalar */.jn)(a)) {
        if (!(0,dist/* isScalar */.jn)(b))
            return false;
        if (a === target)
            return na.tag === nb.tag && b.value === value;
        return na.tag === nb.tag && Object.is(a.value, b.value);
    }
    if (na.tag !== nb.tag)
        return false;
    if ((0,dist/* isMap */.jh)(a)) {
        if (!(0,dist/* isMap */.jh)(b) || a.items.length !== b.items.length || !!a.flow !== !!b.flow)
            return false;
        return a.items.every((p, i) => sameNode(p.key, b.items[i].key, target, value) && sameNode(p.value, b.items[i].value, target, value));
    }
    if ((0,dist/* isSeq */.oP)(a)) {
        if (!(0,dist/* isSeq */.oP)(b) || a.items.length !== b.items.length || !!a.flow !== !!b.flow)
            return false;
        return a.items.every((x, i) => sameNode(x, b.items[i], target, value));
    }
    return false;
}
/**
 * Checks, independently of how `newText` was produced, that it is `oldText` with only the scalar at
 * `path` changed, to `value` (see compareEdit). Throws ManifestVerifyError otherwise (InputError if
 * `oldText` itself cannot be read at `path`). setScalar runs the same check on its own result.
 */
function verifyEdit(oldText, newText, path, value, file) {
    const problem = compareEdit(locate(oldText, path, file), newText, value);
    if (problem !== undefined) {
        throw new ManifestVerifyError(`${file}: the edit of ${path} to ${JSON.stringify(value)} ${problem}`);
    }
}
/** A unified diff (`--- a/file`, `+++ b/file`) of an edit; '' when nothing changed. */
function diffManifest(oldText, newText, file) {
    if (oldText === newText)
        return '';
    const patch = (0,create/* createTwoFilesPatch */.ss)(`a/${file}`, `b/${file}`, oldText, newText, undefined, undefined, { context: 3 });
    return patch.replace(/^=+\n/, '');
}

;// CONCATENATED MODULE: ./packages/core/src/manifest/index.ts
/**
 * Manifest editing: locate and set one YAML scalar by a DESIGN.md path
 * (`image.tag`, `containers[0].image`, `images[name=ghcr.io/acme/payments].newTag`,
 * `metadata.labels["app.kubernetes.io/version"]`), keeping every other byte.
 *
 * CONTRACT (implemented in path.ts / edit.ts):
 *   parsePath(path: string): PathSegment[]                       throws InputError on bad syntax
 *   readScalar(text: string, path: string, file: string): ScalarHit
 *   setScalar(text: string, path: string, value: string, file: string, { editAnchor? }): string  (new file text;
 *     a scalar shared through an anchor/alias/merge key is refused unless editAnchor)
 *   parseAllBounded / parseOneBounded (limits.ts): size, depth, alias limits before anything recurses
 * Errors are InputError whose message names file, line:column and path.
 */





/***/ }),

/***/ 899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M9: () => (/* binding */ parseAllBounded),
/* harmony export */   Xx: () => (/* binding */ parseOneBounded),
/* harmony export */   jl: () => (/* binding */ MAX_YAML_BYTES),
/* harmony export */   r3: () => (/* binding */ YamlLimitError)
/* harmony export */ });
/* unused harmony exports MAX_YAML_DEPTH, MAX_YAML_ALIASES, MAX_ALIAS_EXPANSION, checkYamlSize */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/**
 * Bounded YAML parsing, shared by the manifest editor and gitops.yaml (DESIGN.md principle 7).
 *
 * - Size: a file over MAX_YAML_BYTES is refused before anything parses it.
 * - Nesting depth: measured on the CST, which `yaml` builds iteratively, before the composer (which
 *   recurses, and turns a stack overflow into a confusing "invalid YAML: Maximum call stack size
 *   exceeded") ever sees it.
 * - Aliases: the number of alias nodes is counted on the same CST walk (cheap pre-check), and the
 *   composed documents' alias expansion (nodes a consumer would see once every alias is followed,
 *   the "billion laughs" measure) is bounded too: Helm and kustomize do expand them.
 * - Duplicate keys: `yaml` checks them with a scan of the map per key (quadratic: a 4 MB mapping took
 *   half a minute), so we turn that off and check them here with one Set per map (linear).
 */

const MAX_YAML_BYTES = 8 * 1024 * 1024;
const MAX_YAML_DEPTH = 200;
const MAX_YAML_ALIASES = 10_000;
/** Nodes that aliases may add when expanded (beyond the nodes written in the file). */
const MAX_ALIAS_EXPANSION = 1_000_000;
class YamlLimitError extends Error {
    problem;
    constructor(problem) {
        super(problem.message);
        this.problem = problem;
        this.name = 'YamlLimitError';
    }
}
function fail(offset, message, fix) {
    throw new YamlLimitError({ offset, message, fix });
}
function megabytes(bytes) {
    return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
/** Size in UTF-8 bytes, refused over MAX_YAML_BYTES. */
function checkYamlSize(text) {
    // Cheap bound first: UTF-8 needs at least one byte per UTF-16 unit, at most three.
    if (text.length * 3 <= MAX_YAML_BYTES)
        return;
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_YAML_BYTES) {
        fail(0, `the file is ${megabytes(bytes)} (${bytes} bytes), over the ${megabytes(MAX_YAML_BYTES)} limit for a YAML file`, 'split it into smaller files (one per app or environment)');
    }
}
function isToken(t) {
    return typeof t === 'object' && t !== null && typeof t.type === 'string';
}
/** Children of a CST token that can themselves hold nodes. */
function children(t) {
    switch (t.type) {
        case 'document':
            return [t.value];
        case 'block-map':
        case 'block-seq':
        case 'flow-collection': {
            const out = [];
            for (const it of t.items) {
                out.push(it.key, it.value);
            }
            return out;
        }
        default:
            return [];
    }
}
const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);
/**
 * Walks the CST of one document iteratively: collection nesting within MAX_YAML_DEPTH and at most
 * MAX_YAML_ALIASES aliases (counted across the file through `aliases`).
 */
function checkCst(token, aliases) {
    const stack = [[token, 0]];
    while (stack.length > 0) {
        const [t, depth] = stack.pop();
        let d = depth;
        if (COLLECTIONS.has(t.type)) {
            d += 1;
            if (d > MAX_YAML_DEPTH) {
                fail(t.offset ?? 0, `nesting deeper than ${MAX_YAML_DEPTH} levels`, `flatten the YAML (no real manifest nests more than a few dozen levels)`);
            }
        }
        else if (t.type === 'alias') {
            aliases.count += 1;
            if (aliases.count > MAX_YAML_ALIASES) {
                fail(t.offset ?? 0, `more than ${MAX_YAML_ALIASES} aliases`, 'write the values out instead of aliasing them');
            }
        }
        for (const c of children(t))
            if (isToken(c))
                stack.push([c, d]);
    }
}
/**
 * Expanded node count of a composed document: every node once, plus for each alias the expanded
 * size of its anchored node. Linear (anchored nodes are memoised); refused over the limit.
 */
function checkExpansion(doc) {
    const anchors = new Map();
    const sizes = new Map();
    let added = 0;
    const size = (node) => {
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node)) {
            const target = anchors.get(node.source);
            const n = target === undefined ? 1 : (sizes.get(target) ?? 1); // unset: a self-reference
            added += n;
            if (added > MAX_ALIAS_EXPANSION) {
                fail(node.range?.[0] ?? 0, `the aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?)`, 'write the values out instead of nesting aliases of aliases');
            }
            return n;
        }
        const anchor = node?.anchor;
        if (anchor)
            anchors.set(anchor, node);
        let n = 1;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node) || (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node)) {
            for (const item of node.items) {
                if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(item))
                    n += size(item.key) + size(item.value);
                else
                    n += size(item);
            }
        }
        if (anchor)
            sizes.set(node, n);
        return n;
    };
    size(doc.contents);
}
/** One Set per map: `yaml`'s own check is a scan per key. Same equality as `yaml` (scalar values). */
function checkDuplicateKeys(doc) {
    const walk = (node) => {
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
            const seen = new Set();
            for (const pair of node.items) {
                const key = pair.key;
                if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(key) && !(typeof key.value === 'number' && Number.isNaN(key.value))) {
                    if (seen.has(key.value))
                        fail(key.range?.[0] ?? 0, 'Map keys must be unique', 'remove or rename the repeated key');
                    seen.add(key.value);
                }
                walk(key);
                walk(pair.value);
            }
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node)) {
            for (const item of node.items)
                walk(item);
        }
    };
    walk(doc.contents);
}
/**
 * parseAllDocuments within the limits above. Throws YamlLimitError; YAML syntax errors stay in
 * each document's `errors` as usual (duplicate keys are reported as YamlLimitError, once the
 * syntax is otherwise fine).
 */
function parseAllBounded(text, options = {}) {
    checkYamlSize(text);
    const tokens = Array.from(new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Parser */ .iX(options.lineCounter?.addNewLine).parse(text));
    const aliases = { count: 0 };
    for (const t of tokens)
        checkCst(t, aliases);
    const uniqueKeys = options.uniqueKeys !== false;
    const composer = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Composer */ .Dk({ ...options, uniqueKeys: false });
    const docs = Array.from(composer.compose(tokens));
    for (const doc of docs) {
        if (doc.errors.length > 0)
            continue;
        checkExpansion(doc);
        if (uniqueKeys)
            checkDuplicateKeys(doc);
    }
    return docs;
}
/** parseDocument within the limits: the single document (a `MULTIPLE_DOCS` error on the first when there are more). */
function parseOneBounded(text, options = {}) {
    checkYamlSize(text);
    const tokens = Array.from(new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Parser */ .iX(options.lineCounter?.addNewLine).parse(text));
    const aliases = { count: 0 };
    for (const t of tokens)
        checkCst(t, aliases);
    const uniqueKeys = options.uniqueKeys !== false;
    const composer = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Composer */ .Dk({ ...options, uniqueKeys: false });
    let doc = null;
    for (const d of composer.compose(tokens, true, text.length)) {
        if (!doc)
            doc = d;
        else {
            doc.errors.push(new yaml__WEBPACK_IMPORTED_MODULE_0__/* .YAMLParseError */ .XT([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
            break;
        }
    }
    if (doc && doc.errors.length === 0) {
        checkExpansion(doc);
        if (uniqueKeys)
            checkDuplicateKeys(doc);
    }
    return doc;
}


/***/ }),

/***/ 1580:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ parsePath),
/* harmony export */   j: () => (/* binding */ formatPath)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/**
 * YAML paths as DESIGN.md defines them ("YAML paths"):
 *
 *   image.tag                                       dot-separated map keys
 *   spec.template.spec.containers[0].image          list index
 *   images[name=ghcr.io/acme/payments].newTag       list selector: the one item whose `name` is that value
 *   images[name="ghcr.io/acme/payments"].digest     selector value quoted ("…" or '…')
 *   metadata.labels["app.kubernetes.io/version"]    bracket-quoted key (may hold dots, brackets, `=`)
 *
 * Grammar (whitespace is significant except around `=` and inside brackets' edges):
 *   path     := first rest*
 *   first    := key | bracket
 *   rest     := '.' key | bracket
 *   key      := one or more characters other than `.`, `[`, `]`
 *   bracket  := '[' ( digits | quoted | name '=' (quoted | raw) ) ']'
 *   quoted   := '"' (char | '\"' | '\\')* '"'  |  "'" (char | "''")* "'"
 *   raw      := one or more characters other than `]` (dots, slashes, colons are fine)
 */

function bad(path, at, what) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`invalid YAML path ${JSON.stringify(path)} at character ${at + 1}: ${what}`, 'write keys as a.b, list items as a[0] or a[name=value], keys with dots as a["x.y"]');
}
/** Reads a quoted string starting at `path[i]` (a quote); returns the string and the index after it. */
function readQuoted(path, i) {
    const quote = path[i];
    let text = '';
    let j = i + 1;
    while (j < path.length) {
        const c = path[j];
        if (quote === '"' && c === '\\') {
            const next = path[j + 1];
            if (next !== '"' && next !== '\\')
                throw bad(path, j, 'only \\" and \\\\ escapes are allowed in "…"');
            text += next;
            j += 2;
            continue;
        }
        if (c === quote) {
            if (quote === "'" && path[j + 1] === "'") {
                text += "'";
                j += 2;
                continue;
            }
            return { text, end: j + 1 };
        }
        text += c;
        j += 1;
    }
    throw bad(path, i, `unterminated ${quote}…${quote}`);
}
/** Parses a DESIGN.md YAML path. Throws InputError naming the path and what is wrong. */
function parsePath(path) {
    if (typeof path !== 'string' || path.length === 0)
        throw bad(String(path), 0, 'the path is empty');
    const segments = [];
    let i = 0;
    let expectKey = true; // at the start, or right after a '.'
    while (i < path.length) {
        const c = path[i];
        if (c === '[') {
            if (expectKey && segments.length > 0)
                throw bad(path, i, "'.' must be followed by a key, not '['");
            i = parseBracket(path, i, segments);
            expectKey = false;
            if (i < path.length && path[i] !== '.' && path[i] !== '[') {
                throw bad(path, i, `expected '.' or '[' after ']', found ${JSON.stringify(path[i])}`);
            }
            if (path[i] === '.') {
                i += 1;
                expectKey = true;
                if (i === path.length)
                    throw bad(path, i - 1, 'the path ends with a dot');
            }
            continue;
        }
        if (!expectKey)
            throw bad(path, i, `expected '.' or '['`);
        if (c === '.')
            throw bad(path, i, 'empty key (two dots, or a leading dot)');
        if (c === ']')
            throw bad(path, i, "unexpected ']'");
        let j = i;
        while (j < path.length && path[j] !== '.' && path[j] !== '[' && path[j] !== ']')
            j += 1;
        if (path[j] === ']')
            throw bad(path, j, 'unexpected \']\' (use ["…"] for keys containing brackets)');
        segments.push({ kind: 'key', key: path.slice(i, j) });
        i = j;
        expectKey = false;
        if (path[i] === '.') {
            i += 1;
            expectKey = true;
            if (i === path.length)
                throw bad(path, i - 1, 'the path ends with a dot');
        }
    }
    return segments;
}
/** Parses `[ … ]` at `path[open]`, pushes one segment, returns the index after `]`. */
function parseBracket(path, open, out) {
    let i = open + 1;
    const skipSpaces = () => {
        while (path[i] === ' ')
            i += 1;
    };
    const close = () => {
        skipSpaces();
        if (path[i] !== ']') {
            throw bad(path, i, i >= path.length ? "missing ']'" : `expected ']', found ${JSON.stringify(path[i])}`);
        }
        return i + 1;
    };
    skipSpaces();
    const c = path[i];
    if (c === undefined)
        throw bad(path, open, "missing ']'");
    if (c === ']')
        throw bad(path, open, 'empty brackets []');
    if (c === '"' || c === "'") {
        const q = readQuoted(path, i);
        i = q.end;
        skipSpaces();
        if (path[i] === '=') {
            // ["quoted.name"=value]
            i += 1;
            return selectorValue(path, open, q.text, i, out);
        }
        out.push({ kind: 'key', key: q.text });
        return close();
    }
    // index, or selector name
    let j = i;
    while (j < path.length && path[j] !== ']' && path[j] !== '=')
        j += 1;
    if (j >= path.length)
        throw bad(path, open, "missing ']'");
    const head = path.slice(i, j).trim();
    if (path[j] === ']') {
        if (!/^\d+$/.test(head)) {
            const what = /^-\d+$/.test(head)
                ? 'negative list indexes are not supported'
                : `${JSON.stringify(head)} is not a list index (use [0], [name=value] or ["key"])`;
            throw bad(path, i, what);
        }
        const index = Number(head);
        if (!Number.isSafeInteger(index))
            throw bad(path, i, 'list index too large');
        out.push({ kind: 'index', index });
        return j + 1;
    }
    // selector: name=value
    if (head.length === 0)
        throw bad(path, i, 'selector needs a key before "=" as in [name=value]');
    return selectorValue(path, open, head, j + 1, out);
}
function selectorValue(path, open, key, start, out) {
    let i = start;
    while (path[i] === ' ')
        i += 1;
    const c = path[i];
    if (c === '"' || c === "'") {
        const q = readQuoted(path, i);
        i = q.end;
        while (path[i] === ' ')
            i += 1;
        if (path[i] !== ']')
            throw bad(path, i, i >= path.length ? "missing ']'" : `expected ']' after the quoted value`);
        out.push({ kind: 'select', key, value: q.text });
        return i + 1;
    }
    let j = i;
    while (j < path.length && path[j] !== ']')
        j += 1;
    if (j >= path.length)
        throw bad(path, open, "missing ']'");
    const value = path.slice(i, j).trimEnd();
    if (value.length === 0)
        throw bad(path, i, `selector [${key}=] has no value (use [${key}=""] for an empty one)`);
    out.push({ kind: 'select', key, value });
    return j + 1;
}
const PLAIN_KEY = /^[^.[\]"'=\s][^.[\]]*$/;
function quote(s) {
    return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
/** Renders segments back to a path string that `parsePath` reads as the same segments. */
function formatPath(segments) {
    let out = '';
    for (const s of segments) {
        if (s.kind === 'index')
            out += `[${s.index}]`;
        else if (s.kind === 'select') {
            const key = /^[^\]="'\s][^\]=]*$/.test(s.key) && s.key.trim() === s.key ? s.key : quote(s.key);
            const value = /^[^\]"'\s]([^\]]*[^\]\s])?$/.test(s.value) ? s.value : quote(s.value);
            out += `[${key}=${value}]`;
        }
        else if (PLAIN_KEY.test(s.key))
            out += out.length === 0 ? s.key : `.${s.key}`;
        else
            out += `[${quote(s.key)}]`;
    }
    return out;
}


/***/ }),

/***/ 5189:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Y: () => (/* binding */ NO_EARLIER_TAGS),
/* harmony export */   EE: () => (/* binding */ DEFAULT_TEMPLATES),
/* harmony export */   HD: () => (/* binding */ EARLIER_TAGS),
/* harmony export */   LG: () => (/* binding */ ROLLBACK_OF),
/* harmony export */   LX: () => (/* binding */ branchPattern),
/* harmony export */   OB: () => (/* binding */ assertTemplates),
/* harmony export */   XX: () => (/* binding */ render),
/* harmony export */   aw: () => (/* binding */ parseTrailers),
/* harmony export */   jR: () => (/* binding */ trailers)
/* harmony export */ });
/* unused harmony exports TEMPLATE_FLAGS, isBranchName */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/**
 * Names the verbs make: commit messages, PR branches and titles. Placeholders `{app}`,
 * `{env}`, `{tag}`, `{from}` keep the seeds' conventions as defaults and let teams change them.
 */

const DEFAULT_TEMPLATES = {
    commitMessage: '{env}({app}): {tag}',
    prBranch: 'promote-{app}-{tag}-{env}',
    prTitle: '{env}({app}): {tag}',
    rollbackMessage: 'rollback({env} {app}) to {tag}',
    rollbackBranch: 'rollback-{app}-{tag}-{env}',
    rollbackTitle: 'rollback {env}({app}) to {tag}',
};
const KNOWN = new Set(['app', 'env', 'tag', 'from']);
/** The flag each template comes from, so errors name what the user typed. */
const TEMPLATE_FLAGS = {
    commitMessage: '--commit-message',
    prBranch: '--branch-name',
    prTitle: '--title',
};
/** Check user templates before anything is read or written: known placeholders, not blank. */
function assertTemplates(templates = {}) {
    for (const [key, flag] of Object.entries(TEMPLATE_FLAGS)) {
        const tpl = templates[key];
        if (tpl === undefined)
            continue;
        if (tpl.trim() === '')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${flag} is empty`, 'give a template using {app}, {env}, {tag} or {from}, or leave the flag out');
        const sample = render(tpl, { app: 'app', env: 'env', tag: 'v1.0.0', from: 'v0.9.0' }, flag);
        if (key === 'prBranch' && !isBranchName(sample)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${flag} ${JSON.stringify(tpl)} does not make a valid branch name (${JSON.stringify(sample)})`, 'use letters, digits, / . _ - and placeholders');
        }
    }
}
/** git check-ref-format's rules for a branch name, kept to what a template can get wrong. */
function isBranchName(name) {
    return (name.length > 0 &&
        name.length <= 255 &&
        // eslint-disable-next-line no-control-regex -- git's ref-name rules forbid control characters
        !/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$|\.lock(\/|$)|(^|\/)\./.test(name) &&
        name !== '@');
}
function render(template, values, input = 'template') {
    return template.replace(/\{([^{}]*)\}/g, (_m, name) => {
        if (!KNOWN.has(name)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`${input} uses unknown placeholder {${name}}`, 'use {app}, {env}, {tag} or {from}');
        }
        return String(values[name] ?? '');
    });
}
/** A regex matching every branch the template makes for this app+env, whatever the tag. */
function branchPattern(template, values) {
    const parts = template.split(/(\{[^{}]*\})/).map((part) => {
        const m = /^\{([^{}]*)\}$/.exec(part);
        if (!m)
            return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (m[1] === 'tag' || m[1] === 'from')
            return '[A-Za-z0-9_][A-Za-z0-9._-]*';
        return String(values[m[1]] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
    return new RegExp(`^${parts.join('')}$`);
}
/**
 * Git trailers recording what a promotion did; parsed back by rollback and audits. A rollback
 * also says which tag it rolled away from (`Gitops-Rollback-Of`), so the next rollback never
 * puts that tag back by accident (DESIGN.md principle 9).
 */
function trailers(values, purpose = 'promote', earlier) {
    return [
        `Gitops-App: ${values.app}`,
        `Gitops-Env: ${values.env}`,
        ...(values.from ? [`Gitops-From: ${values.from}`] : []),
        `Gitops-To: ${values.tag}`,
        ...(purpose === 'rollback' && values.from ? [`${ROLLBACK_OF}: ${values.from}`] : []),
        ...(earlier ? [`${EARLIER_TAGS}: ${earlier.length > 0 ? earlier.join(' ') : NO_EARLIER_TAGS}`] : []),
    ].join('\n');
}
const ROLLBACK_OF = 'Gitops-Rollback-Of';
/**
 * The tags our earlier commits of the same file named (verdicts.ts ledgerFor): the blocked-tag
 * check of a tag not listed stops at this commit instead of walking the file's older history.
 */
const EARLIER_TAGS = 'Gitops-Earlier-Tags';
/** Its value when no earlier commit of ours named a tag (an absent trailer means "not known"). */
const NO_EARLIER_TAGS = '(none)';
/** The trailers of a commit message (`Key: value` lines of its last paragraph), keys as written. */
function parseTrailers(message) {
    const out = new Map();
    const paragraphs = message.trim().split(/\n\s*\n/);
    if (paragraphs.length < 2)
        return out; // a subject alone has no trailers
    const last = paragraphs[paragraphs.length - 1];
    for (const line of last.split('\n')) {
        const m = /^([A-Za-z0-9-]+):\s*(.*?)\s*$/.exec(line);
        if (m)
            out.set(m[1], m[2]);
    }
    return out;
}


/***/ }),

/***/ 8657:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EU: () => (/* binding */ requireHead),
/* harmony export */   I1: () => (/* binding */ assertName),
/* harmony export */   Qi: () => (/* binding */ loadConfigAt),
/* harmony export */   VY: () => (/* binding */ assertNotNullWord),
/* harmony export */   cO: () => (/* binding */ tagOf),
/* harmony export */   ip: () => (/* binding */ resolveAt),
/* harmony export */   q3: () => (/* binding */ planEdit),
/* harmony export */   sN: () => (/* binding */ showTag),
/* harmony export */   zW: () => (/* binding */ readTag)
/* harmony export */ });
/* unused harmony exports imageRefOf, digestKeyBeside */
/* harmony import */ var _config_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7084);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);
/* harmony import */ var _manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9082);
/* harmony import */ var _manifest_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6274);
/**
 * Planning an edit: at one commit of the env repo, resolve app+env to a file and key
 * (gitops.yaml + flags), read the current tag and compute the new file text. Pure reads;
 * the verbs decide what to write. Re-run after every lost compare-and-swap.
 */




const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
function assertName(value, input) {
    if (!NAME.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${input} ${JSON.stringify(value)} is not a valid name`, 'use letters, digits, . _ - (at most 63)');
    }
    return value;
}
/** The branch head, or an InputError naming --branch when it does not exist. */
async function requireHead(repo, branch) {
    const head = await repo.head(branch, { prefetch: [_config_index_js__WEBPACK_IMPORTED_MODULE_0__/* .CONFIG_FILE */ .g2] });
    if (!head)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`--branch ${branch} does not exist in ${repo.display}`, 'pass the branch the environment tracks');
    return head;
}
async function loadConfigAt(repo, head) {
    const text = await repo.readFile(_config_index_js__WEBPACK_IMPORTED_MODULE_0__/* .CONFIG_FILE */ .g2, head);
    return text === null ? null : (0,_config_index_js__WEBPACK_IMPORTED_MODULE_0__/* .parseConfig */ .o4)(text, _config_index_js__WEBPACK_IMPORTED_MODULE_0__/* .CONFIG_FILE */ .g2);
}
async function resolveAt(repo, head, app, env, overrides) {
    const config = await loadConfigAt(repo, head);
    const target = (0,_config_index_js__WEBPACK_IMPORTED_MODULE_0__/* .resolveTarget */ .u1)(config, app, env, overrides);
    target.file = (0,_config_index_js__WEBPACK_IMPORTED_MODULE_0__/* .assertRepoPath */ .ac)(target.file, '--file');
    return { config, target };
}
/** YAML's null words: a plain scalar spelled so is null, not a string. */
const NULL_WORDS = new Set(['null', 'Null', 'NULL', '~']);
/**
 * The tag a scalar holds, or null when it holds none: a plain YAML null (`null`, `~`, `Null`,
 * `NULL`), an empty value (`tag:`), or an empty string (`""`). Helm and Kustomize read all of
 * these as "no tag" (the chart's default), never as an image tag named `null`. Of an image
 * reference (`quay.io/org/app:v3.1.8`, a Deployment's `image:`) it is the tag part; a
 * reference pinned by digest alone has none.
 */
function tagOf(hit) {
    if (hit.value === '')
        return null;
    if (hit.style === 'plain' && NULL_WORDS.has(hit.value))
        return null;
    const ref = (0,_manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .looksLikeImageRef */ .Ym)(hit.value) ? (0,_manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageRef */ .Q)(hit.value) : null;
    if (ref)
        return ref.tag ?? null;
    return hit.value;
}
/** A tag the user gave that YAML would read as null: refused, so no verb writes the string "null". */
function assertNotNullWord(tag, input) {
    if (NULL_WORDS.has(tag)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${input} ${tag} is YAML's null, not an image tag (a manifest would get the string "${tag}")`, `pass a real tag`);
    }
}
/** How a tag prints in messages: null values as `null (no tag)`. */
function showTag(tag) {
    return tag === null ? 'null (no tag)' : tag;
}
/** The tag `target` is at in `head` (null: no tag): the file must exist and hold the key. */
async function readTag(repo, head, target) {
    const text = await repo.readFile(target.file, head);
    if (text === null) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`--file ${target.file} does not exist on ${target.branch} of ${repo.display}`, 'check --file or the file: of this environment in gitops.yaml');
    }
    const hit = (0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_3__/* .readScalar */ .$t)(text, target.key, target.file);
    return { text, tag: tagOf(hit), hit, ref: imageRefOf(hit, target) };
}
/**
 * The image reference the value is (null: a bare tag or no tag). A value with `/`, `:` or `@`
 * that the reference grammar rejects, or a reference to another repository than the app's
 * `image:`, is refused: setting its tag would deploy something nobody asked for.
 */
function imageRefOf(hit, target) {
    if (!(0,_manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .looksLikeImageRef */ .Ym)(hit.value))
        return null;
    const where = `${target.file}:${hit.line}:${hit.column} (${target.key})`;
    const shown = JSON.stringify(hit.value.length > 100 ? `${hit.value.slice(0, 100)}…` : hit.value);
    const ref = (0,_manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageRef */ .Q)(hit.value);
    if (!ref) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${where} holds ${shown}, which is neither an image tag nor an image reference`, 'fix the value, or point --key at the tag');
    }
    const app = target.image === undefined ? null : (0,_manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageRef */ .Q)(target.image);
    if (app && (0,_manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalImageName */ .dW)(app) !== (0,_manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalImageName */ .dW)(ref)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${where} holds an image of ${ref.name}, not of ${target.image} (the app's image: in gitops.yaml); refusing to set its tag`, "point --key at this app's image, or correct image: in gitops.yaml");
    }
    return ref;
}
/**
 * Where a digest goes beside a bare tag: Kustomize `images[…].newTag` → `images[…].digest`,
 * Helm `image.tag` → `image.digest`.
 */
function digestKeyBeside(key) {
    if (/\.newTag$/.test(key))
        return key.replace(/newTag$/, 'digest');
    if (/(^|\.)tag$/.test(key))
        return key.replace(/tag$/, 'digest');
    return null;
}
/**
 * The reference with `tag` (and the digest asked for), its name bytes as written. Keeping a
 * pinned digest under a new tag would still run the old image, so that needs --digest.
 */
function retagRef(ref, tag, digest, where) {
    let pinned = ref.digest;
    if (digest !== undefined)
        pinned = digest ?? undefined;
    else if (pinned !== undefined && ref.tag !== tag) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`${where} pins the image by digest (${(0,_manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .formatImageRef */ .kL)(ref)}); under the tag ${tag} that digest would still run the old image`, 'pass --digest sha256:… (the digest of the new tag) as well');
    }
    return (0,_manifest_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .formatImageRef */ .kL)({ name: ref.name, tag, digest: pinned });
}
async function planEdit(repo, head, app, env, tag, overrides, edit = {}) {
    const { config, target } = await resolveAt(repo, head, app, env, overrides);
    const { text, tag: current, hit, ref } = await readTag(repo, head, target);
    // An image reference gets only its tag (and digest) replaced; a bare tag is replaced whole.
    const value = ref ? retagRef(ref, tag, edit.digest, `${target.file}:${hit.line}:${hit.column} (${target.key})`) : tag;
    let newText = hit.value === value ? text : (0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_3__/* .setScalar */ .$e)(text, target.key, value, target.file, edit);
    const also = [...(edit.also ?? [])];
    if (typeof edit.digest === 'string' && (!ref || edit.digestKey !== undefined)) {
        const key = edit.digestKey ?? digestKeyBeside(target.key);
        if (key === null) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`--digest: ${target.file} ${target.key} holds a bare tag, and no digest key goes with that key`, 'pass --digest-key <yaml-path> (e.g. image.digest)');
        }
        also.push({ key, value: edit.digest });
    }
    // Scalars set beside the tag in the same commit (the digest); each must exist, like the tag.
    for (const a of also) {
        if ((0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_3__/* .readScalar */ .$t)(newText, a.key, target.file).value !== a.value)
            newText = (0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_3__/* .setScalar */ .$e)(newText, a.key, a.value, target.file, edit);
    }
    return { head, target, config, current, oldText: text, newText };
}


/***/ }),

/***/ 4144:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ describeBlocked),
/* harmony export */   Oh: () => (/* binding */ blockedTags),
/* harmony export */   bC: () => (/* binding */ ledgerFor),
/* harmony export */   de: () => (/* binding */ verificationContext),
/* harmony export */   e2: () => (/* binding */ trailerEvent),
/* harmony export */   e5: () => (/* binding */ verdictHistory),
/* harmony export */   e9: () => (/* binding */ readVerdictHistories)
/* harmony export */ });
/* unused harmony exports LEDGER_TAGS, earlierTags, ledgerSettles */
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5189);

function verificationContext(app, env) {
    return `gitops/${app}/${env}`;
}
/** Our trailers on a commit for app+env; a commit for another app/env of the same file says nothing. */
function trailerEvent(message, app, env) {
    const t = (0,_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .parseTrailers */ .aw)(message);
    const tApp = t.get('Gitops-App');
    const tEnv = t.get('Gitops-Env');
    if (tApp === undefined && tEnv === undefined)
        return {};
    if ((tApp ?? app) !== app || (tEnv ?? env) !== env)
        return {};
    const to = t.get('Gitops-To');
    const from = t.get(_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .ROLLBACK_OF */ .LG);
    return { ...(to ? { to } : {}), ...(from ? { rolledBackFrom: from } : {}) };
}
// ---------------------------------------------------------------- the ledger (Gitops-Earlier-Tags)
//
// Deciding a tag means finding its newest decisive commit among the file's 30 newest changes. For a
// tag no earlier commit named (every new release), that is all 30 — on a long history where the
// file rarely changes, the whole history (in git mode: every commit, there is no path-limited log
// over the wire). So each commit we write names the tags our earlier commits of the file named,
// and the walk for a tag it does not list stops there. The list is built from the previous one
// (the newest commit with a list, plus the commits above it): a commit never reads deeper than
// the previous ledger to write its own, and writes one only from the history its own check read.
/** At most this many tags, newest first: every tag of the file's 29 earlier changes (≤ 2 each). */
const LEDGER_TAGS = 58;
/** A longer list is not written (readers then walk, as for commits from before the ledger). */
const LEDGER_CHARS = 2000;
/** The tags a commit's ledger lists; undefined when it has none (made by hand, or before ledgers). */
function earlierTags(message) {
    const v = (0,_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .parseTrailers */ .aw)(message).get(_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .EARLIER_TAGS */ .HD);
    if (v === undefined)
        return undefined;
    return v === _naming_js__WEBPACK_IMPORTED_MODULE_0__/* .NO_EARLIER_TAGS */ .$Y ? [] : v.split(/\s+/).filter(Boolean);
}
/** history()'s `until` for a check: an entry whose ledger says no older commit can decide `tag`. */
function ledgerSettles(tag) {
    return (entry) => {
        const listed = earlierTags(entry.message);
        return listed !== undefined && !listed.includes(tag);
    };
}
/**
 * The ledger of a new commit on the file whose history (newest first, from the new commit's
 * parent; it may end at the newest entry with a ledger) is `history`: the tags our commits in it
 * named, then that entry's list. Undefined when it would be too long to write.
 */
function ledgerFor(history) {
    const tags = new Set();
    for (const entry of history) {
        const t = (0,_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .parseTrailers */ .aw)(entry.message);
        for (const k of ['Gitops-To', _naming_js__WEBPACK_IMPORTED_MODULE_0__/* .ROLLBACK_OF */ .LG]) {
            const v = t.get(k);
            if (v)
                tags.add(v);
        }
        const listed = earlierTags(entry.message);
        if (listed) {
            for (const tag of listed)
                tags.add(tag);
            break;
        }
    }
    const out = [...tags].slice(0, LEDGER_TAGS);
    return out.join(' ').length > LEDGER_CHARS ? undefined : out;
}
/**
 * The file's history a check of `tag` needs, newest first: up to `depth` entries, ending early at
 * an entry whose ledger rules out any older decision on it (ledgerSettles).
 */
function verdictHistory(repo, file, head, tag, depth = 30) {
    return repo.history(file, head, depth, tag === undefined ? undefined : { until: ledgerSettles(tag) });
}
/**
 * Blocked tags of `target` as seen from `head`, newest decision first. With `opts.tag`, at most
 * that tag (an empty list: it may be promoted).
 */
async function blockedTags(repo, target, head, opts = {}) {
    const history = opts.history ?? (await verdictHistory(repo, target.file, head, opts.tag, opts.depth));
    const settles = opts.tag === undefined ? undefined : ledgerSettles(opts.tag);
    const context = verificationContext(target.app, target.env);
    const decided = new Set();
    const out = [];
    const wanted = (tag) => !decided.has(tag) && (opts.tag === undefined || opts.tag === tag);
    for (const entry of history) {
        if (opts.tag !== undefined && decided.has(opts.tag))
            break;
        const ev = trailerEvent(entry.message, target.app, target.env);
        const date = entry.date || undefined;
        const url = repo.commitUrl?.(entry.sha);
        // A commit that set a tag: its own verdict decides that tag (newest first).
        if (ev.to !== undefined && wanted(ev.to)) {
            const v = (entry.verifications ?? (await repo.verifications(entry.sha))).find((r) => r.context === context);
            if (v?.state === 'failure') {
                decided.add(ev.to);
                const when = v.at || date;
                out.push({
                    tag: ev.to,
                    reason: 'failed-verification',
                    commit: entry.sha,
                    ...(when ? { date: when } : {}),
                    ...((v.targetUrl ?? url) ? { url: v.targetUrl ?? url } : {}),
                    ...(v.description ? { description: v.description } : {}),
                });
            }
            else if (v?.state === 'success') {
                decided.add(ev.to);
            }
        }
        if (ev.rolledBackFrom !== undefined && wanted(ev.rolledBackFrom)) {
            decided.add(ev.rolledBackFrom);
            out.push({ tag: ev.rolledBackFrom, reason: 'rolled-back', commit: entry.sha, ...(date ? { date } : {}), ...(url ? { url } : {}) });
        }
        // No commit below this one named the tag: nothing older can decide it.
        if (settles?.(entry))
            break;
    }
    return out;
}
/**
 * The histories the checks of several environments at `head` need, each commit with its records,
 * in one request where the forge can (EnvRepo.historiesWithRecords), plus the texts of `read` at
 * `head` (the adapter answers its next readFile of them). Absent paths (the forge cannot): each
 * check reads its own history over REST.
 */
async function readVerdictHistories(repo, head, paths, read = [], depth = 30) {
    const unique = [...new Set(paths)];
    if (unique.length === 0 || !repo.historiesWithRecords)
        return new Map();
    return (await repo.historiesWithRecords(head, { paths: unique, limit: depth, read: [...new Set(read)] })) ?? new Map();
}
/** One line naming why `b` is blocked: the failed verification or the rollback, with its date. */
function describeBlocked(b, app, env) {
    const on = b.date ? ` on ${b.date}` : '';
    if (b.reason === 'rolled-back') {
        return `${env}(${app}) was rolled back from ${b.tag} by ${b.commit.slice(0, 7)}${on}`;
    }
    const why = b.description ? ` (${b.description})` : '';
    return `${b.tag} failed verification ${verificationContext(app, env)} at ${b.commit.slice(0, 7)}${on}${why}`;
}


/***/ })

};
