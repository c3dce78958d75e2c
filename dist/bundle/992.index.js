export const id = 992;
export const ids = [992];
export const modules = {

/***/ 2324:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   retagRunner: () => (/* binding */ retagRunner)
/* harmony export */ });
/* harmony import */ var _registry_retag_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1886);
/* harmony import */ var _outcome_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7569);
/** retag from its inputs. */


const retagRunner = {
    run: async (v, ctx) => {
        const r = await (0,_registry_retag_js__WEBPACK_IMPORTED_MODULE_0__/* .retag */ .s)({
            image: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'image'),
            from: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'from'),
            to: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .strs */ .TD)(v, 'to') ?? [],
            toImage: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .str */ .gx)(v, 'toImage'),
            moving: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .strs */ .TD)(v, 'moving'),
            force: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .bool */ .lc)(v, 'force'),
            plainHttp: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .bool */ .lc)(v, 'plainHttp'),
            dryRun: (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .bool */ .lc)(v, 'dryRun'),
            env: ctx.env,
            reporter: ctx.reporter,
        });
        const changed = Object.entries(r.changes)
            .map(([t, c]) => `${t} (${c})`)
            .join(', ');
        return {
            json: r,
            human: `${r.image}:${r.from} → ${changed}: ${r.digest}`,
            outputs: { digest: r.digest, tags: r.tags.join('\n'), changed: String(r.changed) },
        };
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
