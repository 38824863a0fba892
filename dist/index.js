import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 10828:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   C1: () => (/* binding */ setFailed),
/* harmony export */   Os: () => (/* binding */ group),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   V4: () => (/* binding */ getInput),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   _o: () => (/* binding */ isDebug),
/* harmony export */   lm: () => (/* binding */ notice),
/* harmony export */   pq: () => (/* binding */ info),
/* harmony export */   uH: () => (/* binding */ setOutput),
/* harmony export */   z: () => (/* binding */ summary),
/* harmony export */   z3: () => (/* binding */ error)
/* harmony export */ });
/* unused harmony export issueCommand */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);





function toCommandValue(input) {
    if (input === null || input === undefined)
        return '';
    if (typeof input === 'string' || input instanceof String)
        return String(input);
    return JSON.stringify(input);
}
function escapeData(s) {
    return toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
/** `::command key=value,…::message`, data and properties escaped as the runner unescapes them. */
function issueCommand(command, properties, message) {
    const props = Object.entries(properties)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}=${escapeProperty(v)}`)
        .join(',');
    const head = Object.keys(properties).length ? `::${command} ${props}` : `::${command}`;
    process.stdout.write(`${head}::${escapeData(message)}${node_os__WEBPACK_IMPORTED_MODULE_3__.EOL}`);
}
function annotation(props) {
    if (!Object.keys(props).length)
        return {};
    return {
        title: props.title,
        file: props.file,
        line: props.startLine,
        endLine: props.endLine,
        col: props.startColumn,
        endColumn: props.endColumn
    };
}
function getInput(name, options) {
    const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options?.required && !value)
        throw new Error(`Input required and not supplied: ${name}`);
    return options?.trimWhitespace === false ? value : value.trim();
}
/** An output, through the GITHUB_OUTPUT file with a random delimiter (the value cannot end it early). */
function setOutput(name, value) {
    const file = process.env.GITHUB_OUTPUT || '';
    if (!file) {
        process.stdout.write(node_os__WEBPACK_IMPORTED_MODULE_3__.EOL);
        issueCommand('set-output', { name }, toCommandValue(value));
        return;
    }
    const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
    const text = toCommandValue(value);
    if (name.includes(delimiter) || text.includes(delimiter))
        throw new Error(`Unexpected input: name or value contains the delimiter "${delimiter}"`);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(file))
        throw new Error(`Missing file at path: ${file}`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(file, `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_3__.EOL}${text}${node_os__WEBPACK_IMPORTED_MODULE_3__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_3__.EOL}`, { encoding: 'utf8' });
}
function setSecret(secret) {
    issueCommand('add-mask', {}, secret);
}
function isDebug() {
    return process.env.RUNNER_DEBUG === '1';
}
function debug(message) {
    issueCommand('debug', {}, message);
}
function info(message) {
    process.stdout.write(message + node_os__WEBPACK_IMPORTED_MODULE_3__.EOL);
}
function notice(message, properties = {}) {
    issueCommand('notice', annotation(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
    issueCommand('warning', annotation(properties), message instanceof Error ? message.toString() : message);
}
function error(message, properties = {}) {
    issueCommand('error', annotation(properties), message instanceof Error ? message.toString() : message);
}
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
async function group(name, fn) {
    issueCommand('group', {}, name);
    try {
        return await fn();
    }
    finally {
        issueCommand('endgroup', {}, '');
    }
}
/** The job summary buffer (GITHUB_STEP_SUMMARY): the HTML @actions/core writes for the same calls. */
class Summary {
    buffer = '';
    path;
    async filePath() {
        if (this.path)
            return this.path;
        const fromEnv = process.env.GITHUB_STEP_SUMMARY;
        if (!fromEnv)
            throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.access)(fromEnv, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.R_OK | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.W_OK);
        }
        catch {
            throw new Error(`Unable to access summary file: '${fromEnv}'. Check if the file has correct read/write permissions.`);
        }
        this.path = fromEnv;
        return fromEnv;
    }
    wrap(tag, content, attrs = {}) {
        const html = Object.entries(attrs)
            .map(([k, v]) => ` ${k}="${v}"`)
            .join('');
        return content ? `<${tag}${html}>${content}</${tag}>` : `<${tag}${html}>`;
    }
    async write(options) {
        const path = await this.filePath();
        await (options?.overwrite ? node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile : node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.appendFile)(path, this.buffer, { encoding: 'utf8' });
        return this.emptyBuffer();
    }
    async clear() {
        return this.emptyBuffer().write({ overwrite: true });
    }
    stringify() {
        return this.buffer;
    }
    isEmptyBuffer() {
        return this.buffer.length === 0;
    }
    emptyBuffer() {
        this.buffer = '';
        return this;
    }
    addRaw(text, addEOL = false) {
        this.buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    addEOL() {
        return this.addRaw(node_os__WEBPACK_IMPORTED_MODULE_3__.EOL);
    }
    addHeading(text, level = 1) {
        const tag = `h${level}`;
        const allowed = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag) ? tag : 'h1';
        return this.addRaw(this.wrap(allowed, text)).addEOL();
    }
    addList(items, ordered = false) {
        const list = items.map(item => this.wrap('li', item)).join('');
        return this.addRaw(this.wrap(ordered ? 'ol' : 'ul', list)).addEOL();
    }
    addDetails(label, content) {
        return this.addRaw(this.wrap('details', this.wrap('summary', label) + content)).addEOL();
    }
    addTable(rows) {
        const body = rows
            .map(row => this.wrap('tr', row
            .map(cell => {
            if (typeof cell === 'string')
                return this.wrap('td', cell);
            const { header, data, colspan, rowspan } = cell;
            const attrs = {
                ...(colspan && { colspan }),
                ...(rowspan && { rowspan })
            };
            return this.wrap(header ? 'th' : 'td', data, attrs);
        })
            .join('')))
            .join('');
        return this.addRaw(this.wrap('table', body)).addEOL();
    }
}
const summary = new Summary();


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   S1: () => (/* binding */ PublishError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   vp: () => (/* binding */ PartialPublishError)
/* harmony export */ });
/** An error caused by what the user gave us: its message names the input and says what to do. */
class InputError extends Error {
    input;
    constructor(input, message) {
        super(`Input '${input}': ${message}`);
        this.input = input;
        this.name = 'InputError';
    }
}
/** A refusal to publish that protects what is already there (e.g. overwriting a stable artifact). */
class PublishError extends Error {
    name = 'PublishError';
}
/**
 * A publish that failed part-way, with what it did publish (outputs and summary still report it). `T` is the
 * entry type (`Published` of src/plan.ts): generic, so that this module, which nearly every module imports,
 * imports nothing back.
 */
class PartialPublishError extends PublishError {
    published;
    constructor(message, published) {
        super(message);
        this.published = published;
    }
}
function errorMessage(err) {
    return err instanceof Error ? err.message : String(err);
}


/***/ }),

/***/ 48129:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ githubRetrying)
/* harmony export */ });
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(49809);

/**
 * Octokit throws RequestError with a status: 5xx and 429 are worth another try (after Retry-After); 403 and 404
 * mean the token lacks `permissions`, which no retry mends, so the error says which ones to grant.
 */
async function githubRetrying(what, permissions, fn) {
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .withRetry */ .bD)(async () => {
        try {
            return await fn();
        }
        catch (err) {
            const e = err;
            if (typeof e.status === 'number' && (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .isRetryableStatus */ .PS)(e.status))
                throw new _retry_js__WEBPACK_IMPORTED_MODULE_0__/* .RetryableError */ .dw(`${what}: GitHub API answered ${e.status}`, (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .retryAfterMs */ .Vs)(e.response?.headers?.['retry-after']));
            if (e.status === 403 || e.status === 404)
                throw new Error(`${what}: GitHub API answered ${e.status}; the token needs ${permissions}.`, {
                    cause: err
                });
            throw err;
        }
    }, { what, tries: 4 });
}


/***/ }),

/***/ 56495:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CB: () => (/* binding */ readBounded),
/* harmony export */   H1: () => (/* binding */ eachChunk),
/* harmony export */   Pg: () => (/* binding */ SMALL_FILE),
/* harmony export */   Xc: () => (/* binding */ hashFileWith),
/* harmony export */   hashFile: () => (/* binding */ hashFile),
/* harmony export */   nh: () => (/* binding */ md5File),
/* harmony export */   yi: () => (/* binding */ hashBytes)
/* harmony export */ });
/* unused harmony exports UPLOAD_MD5_MAX, hashForUpload */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);



/** Files up to this size are read with blocking calls: a stream's open, reads and close cost more for them. */
const SMALL_FILE = 256 * 1024;
/** A small file's bytes, or undefined when it is larger than SMALL_FILE (then streamed). */
function readIfSmall(path) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(path, 'r');
    try {
        const { size } = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.fstatSync)(fd);
        if (size > SMALL_FILE)
            return undefined;
        const data = Buffer.allocUnsafe(size);
        let got = 0;
        for (let n = 1; got < size && n > 0; got += n)
            n = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readSync)(fd, data, got, size - got, got);
        return got === size ? data : data.subarray(0, got);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
    }
}
/**
 * Reads a file into `buffer` (one byte longer than the largest file accepted) and returns the bytes read, or
 * undefined when the file does not fit: a huge file is never read whole. The result is only valid until the next
 * call reuses the buffer.
 */
function readBounded(path, buffer) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(path, 'r');
    try {
        let length = 0;
        for (;;) {
            const bytesRead = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readSync)(fd, buffer, length, buffer.length - length, null);
            if (bytesRead === 0)
                break;
            length += bytesRead;
            if (length === buffer.length)
                return undefined;
        }
        return buffer.subarray(0, length);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
    }
}
const CHUNK = 1 << 20;
/**
 * Feeds a file to `use` in chunks through two buffers that are reused: the next chunk is read (on libuv's
 * threads) while this one is hashed, and no fresh buffer is allocated, and page-faulted, per chunk (a stream
 * allocates one per read: 512 of them for a 512 MiB file). `use` must not keep the chunk. With `span`, only
 * that byte range (a layer inside a tar); a file shorter than it gives the size it has.
 */
async function eachChunk(path, use, span = { offset: 0, size: Infinity }) {
    const file = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, 'r');
    try {
        const length = Math.max(1, Math.min(CHUNK, span.size));
        const buffers = [Buffer.allocUnsafe(length), Buffer.allocUnsafe(length)];
        let size = 0;
        let which = 0;
        const next = () => file.read(buffers[which], 0, Math.min(length, span.size - size), span.offset + size);
        let pending = next();
        for (;;) {
            const { bytesRead } = await pending;
            if (bytesRead === 0)
                return size;
            const chunk = buffers[which].subarray(0, bytesRead);
            size += bytesRead;
            which ^= 1;
            pending = size < span.size ? next() : Promise.resolve({ bytesRead: 0 });
            use(chunk);
        }
    }
    finally {
        await file.close();
    }
}
/** Hashes a file in one streamed pass (sha256 for identity, md5 because S3 ETags use it). */
async function hashFile(path) {
    const { size, sha256, md5 } = await hashFileWith(path, []);
    return { size, sha256, md5 };
}
/** hashFile, plus `extra` hashes computed in the same pass. */
async function hashFileWith(path, extra) {
    const sha = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const md5 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5');
    const more = extra.map(alg => [alg, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(alg)]);
    const update = (chunk) => {
        sha.update(chunk);
        md5.update(chunk);
        for (const [, h] of more)
            h.update(chunk);
    };
    const small = readIfSmall(path);
    if (small)
        update(small);
    const size = small ? small.length : await eachChunk(path, update);
    const digests = Object.fromEntries(more.map(([alg, h]) => [alg, h.digest('hex')]));
    return { size, sha256: sha.digest('hex'), md5: md5.digest('hex'), extra: digests };
}
/**
 * Files up to this size get an MD5 from hashForUpload: they go up in one PUT, whose ETag is that MD5. Larger
 * files go up in parts (8 MiB by default, src/stores/s3.ts), each hashed on its own as it is sent.
 */
const UPLOAD_MD5_MAX = (/* unused pure expression or super */ null && (8 * 1024 * 1024));
/**
 * What an upload needs, in one pass: the sha256 (identity, compared with the store's metadata) and, for a
 * file up to `md5Max`, the MD5. A large file's MD5 is of no use to any store (an S3 multipart ETag is not it)
 * and would cost twice the sha256's time (≈ 1.5 vs 0.7 ns/byte with SHA-NI): a re-run of a 512 MiB file
 * hashes it in a third of the time.
 */
async function hashForUpload(path, md5Max = UPLOAD_MD5_MAX) {
    const small = readIfSmall(path);
    if (small && small.length <= md5Max)
        return hashBytes(small);
    const sha = createHash('sha256');
    // Only while the file may still turn out small enough: past md5Max it is dropped.
    let md5 = createHash('md5');
    let seen = 0;
    const size = await eachChunk(path, chunk => {
        sha.update(chunk);
        seen += chunk.length;
        if (seen > md5Max)
            md5 = undefined;
        md5?.update(chunk);
    });
    return { size, sha256: sha.digest('hex'), ...(md5 && { md5: md5.digest('hex') }) };
}
function hashBytes(data) {
    return {
        size: data.length,
        sha256: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex'),
        md5: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5').update(data).digest('hex')
    };
}
/** md5 alone, of a file (streamed): completes a sha256-only digest once an S3 ETag or an upload needs it. */
async function md5File(path) {
    const md5 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5');
    const small = readIfSmall(path);
    if (small)
        md5.update(small);
    else
        await eachChunk(path, chunk => md5.update(chunk));
    return md5.digest('hex');
}


/***/ }),

/***/ 67980:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  GP: () => (/* binding */ getInputs)
});

// UNUSED EXPORTS: INVALID_CONFIG_POLICIES, KINDS, LATEST_MODES, NO_FILES_POLICIES, RELEASE_TYPES

// EXTERNAL MODULE: ./src/core.ts
var core = __nccwpck_require__(10828);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
;// CONCATENATED MODULE: ./src/list.ts
/**
 * Parses a list input the way users write them in workflows: one item per line or comma-separated,
 * optional quotes, `#` comments, and no splitting inside braces so `*.{deb,rpm}` stays one glob.
 */
function parseList(raw) {
    const items = [];
    for (const line of raw.split(/\r?\n/)) {
        const text = stripComment(line);
        let depth = 0;
        let quote = '';
        let current = '';
        for (const ch of text) {
            if (quote) {
                if (ch === quote)
                    quote = '';
                else
                    current += ch;
                continue;
            }
            if (ch === '"' || ch === "'")
                quote = ch;
            else if (ch === ',' && depth === 0) {
                push(items, current);
                current = '';
            }
            else {
                if (ch === '{')
                    depth++;
                if (ch === '}')
                    depth = Math.max(0, depth - 1);
                current += ch;
            }
        }
        push(items, current);
    }
    return items;
}
function stripComment(line) {
    // A `#` starts a comment only at the start of a line or after white space, so `a#b` stays intact.
    const match = /(^|\s)#/.exec(line);
    return match ? line.slice(0, match.index) : line;
}
function push(items, value) {
    const trimmed = value.trim();
    if (trimmed)
        items.push(trimmed);
}

// EXTERNAL MODULE: ./src/redact.ts
var redact = __nccwpck_require__(76670);
// EXTERNAL MODULE: ./src/version.ts
var version = __nccwpck_require__(311);
;// CONCATENATED MODULE: ./src/inputs.ts





const KINDS = ['packages', 'drivers', 'images', 'summary', 'resign'];
const RELEASE_TYPES = ['auto', 'dev', 'stable'];
const NO_FILES_POLICIES = ['error', 'warn', 'ignore'];
const INVALID_CONFIG_POLICIES = ['error', 'warn'];
const LATEST_MODES = ['auto', 'true', 'false'];
/** Reads inputs through @actions/core (INPUT_* variables); tests may pass their own getter. */
function getInputs(get = name => core/* getInput */.V4(name)) {
    const str = (name, fallback = '') => get(name).trim() || fallback;
    const kind = oneOf(str('kind'), KINDS, 'kind', true);
    const secrets = [
        'http-password',
        'http-token',
        'signing-key',
        'signing-key-passphrase',
        'registry-password',
        'github-token',
        'cosign-key',
        'cosign-password'
    ];
    for (const name of secrets)
        (0,redact/* registerSecret */.cl)(get(name));
    const inputs = {
        kind,
        files: parseList(get('files')),
        destination: str('destination'),
        images: parseList(get('images')),
        releaseType: oneOf(str('release-type', 'auto'), RELEASE_TYPES, 'release-type'),
        version: str('version'),
        defaultBranch: str('default-branch'),
        releaseBranches: parseList(get('release-branches')).map(branchGlob),
        dryRun: bool(str('dry-run', 'false'), 'dry-run'),
        ifNoFilesFound: oneOf(str('if-no-files-found', 'error'), NO_FILES_POLICIES, 'if-no-files-found'),
        githubToken: str('github-token'),
        concurrency: inputs_int(str('concurrency', '8'), 'concurrency', 1, 256),
        s3Endpoint: str('s3-endpoint'),
        s3Region: str('s3-region'),
        s3ForcePathStyle: bool(str('s3-force-path-style', 'false'), 's3-force-path-style'),
        s3Acl: str('s3-acl'),
        cacheControlArtifacts: str('cache-control-artifacts', 'public, max-age=86400'),
        cacheControlIndexes: str('cache-control-indexes', 'no-cache, max-age=0'),
        httpUsername: str('http-username'),
        httpPassword: get('http-password'),
        httpToken: str('http-token'),
        signingKey: get('signing-key').trim(),
        signingKeyPassphrase: get('signing-key-passphrase'),
        keep: inputs_int(str('keep', '10'), 'keep', 1, 100000),
        keepIndexGenerations: inputs_int(str('keep-index-generations', '3'), 'keep-index-generations', 1, 1000),
        aptSuite: safeWord(str('apt-suite', 'stable'), 'apt-suite'),
        aptCodename: safeWord(str('apt-codename', 'stable'), 'apt-codename'),
        aptComponent: safeWord(str('apt-component', 'main'), 'apt-component'),
        aptOrigin: str('apt-origin', 'publish-artifacts'),
        aptLabel: str('apt-label', 'publish-artifacts'),
        driverkitConfig: str('driverkit-config'),
        outputDir: str('output-dir'),
        driverName: safeWord(str('driver-name', 'falco'), 'driver-name'),
        shard: shard(str('shard', '1/1')),
        keepDriverVersions: inputs_int(str('keep-driver-versions', '2'), 'keep-driver-versions', 1, 1000),
        prune: bool(str('prune', 'false'), 'prune'),
        pruneDriverVersions: parseList(get('prune-driver-versions')).map(v => pathSegment(v, 'prune-driver-versions')),
        onInvalidConfig: oneOf(str('on-invalid-config', 'error'), INVALID_CONFIG_POLICIES, 'on-invalid-config'),
        driverkitConfigExclude: parseList(get('driverkit-config-exclude')),
        trustListings: bool(str('trust-listings', 'true'), 'trust-listings'),
        registryUsername: str('registry-username'),
        registryPassword: get('registry-password'),
        devTags: parseList(get('dev-tags') || 'master'),
        tagSuffix: str('tag-suffix'),
        latest: oneOf(str('latest', 'auto'), LATEST_MODES, 'latest'),
        insecureRegistries: parseList(get('insecure-registries')),
        archTags: bool(str('arch-tags', 'false'), 'arch-tags'),
        cosignKey: get('cosign-key').trim(),
        cosignPassword: get('cosign-password'),
        cloudfrontDistributionId: str('cloudfront-distribution-id'),
        cloudfrontPathPrefix: str('cloudfront-path-prefix'),
        cloudfrontWait: bool(str('cloudfront-wait', 'false'), 'cloudfront-wait'),
        githubRelease: bool(str('github-release', 'false'), 'github-release'),
        artifact: str('artifact'),
        recordArtifact: str('record-artifact'),
        requireChecks: parseList(get('require-checks'))
    };
    validate(inputs);
    return inputs;
}
function validate(inputs) {
    // kind summary only reads other jobs' publication records (src/workflow/summary.ts).
    if (inputs.kind !== 'images' && inputs.kind !== 'summary' && !inputs.destination)
        throw new errors/* InputError */.dz('destination', `is required for kind '${inputs.kind}': give a path, file://, s3:// or https:// URL.`);
    if (inputs.kind === 'images' && inputs.images.length === 0)
        throw new errors/* InputError */.dz('images', "is required for kind 'images': list the image names to push, one per line.");
    if (inputs.version &&
        (inputs.version.length > MAX_VERSION ||
            !/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(inputs.version)))
        throw new errors/* InputError */.dz('version', `${quote(inputs.version)} is not a semantic version (X.Y.Z, X.Y.Z-pre, X.Y.Z-pre+build).`);
    if (inputs.githubRelease && inputs.kind !== 'packages')
        throw new errors/* InputError */.dz('github-release', `attaches packages to a release: it needs kind 'packages', not '${inputs.kind}'.`);
    if (inputs.cloudfrontDistributionId && !/^[A-Z0-9]{1,64}$/.test(inputs.cloudfrontDistributionId))
        throw new errors/* InputError */.dz('cloudfront-distribution-id', `${quote(inputs.cloudfrontDistributionId)} is not a CloudFront distribution ID (upper-case letters and digits, e.g. E2QWRUHAPOMQZL).`);
    const prefix = inputs.cloudfrontPathPrefix;
    if (prefix &&
        (!/^\/?[A-Za-z0-9._~%+@=,:-]+(\/[A-Za-z0-9._~%+@=,:-]+)*\/?$/.test(prefix) || prefix.includes('..')))
        throw new errors/* InputError */.dz('cloudfront-path-prefix', `${quote(prefix)} is not a URL path such as /packages (no wildcards, query or '..').`);
    if (inputs.defaultBranch && !(0,version/* isBranchName */.Q8)(inputs.defaultBranch))
        throw new errors/* InputError */.dz('default-branch', `${quote(inputs.defaultBranch)} is not a branch name.`);
}
// A version longer than any real one is refused rather than carried into keys and messages.
const MAX_VERSION = 128;
/** A user value in a message: quoted, control characters escaped and cut short (a 100 kB input stays short). */
function quote(value) {
    return `'${(0,version/* show */.WU)(value).slice(1, -1)}'`;
}
function oneOf(value, allowed, name, required = false) {
    if (!value && required)
        throw new errors/* InputError */.dz(name, `is required; use one of: ${allowed.join(', ')}.`);
    if (!allowed.includes(value))
        throw new errors/* InputError */.dz(name, `${quote(value)} is not valid; use one of: ${allowed.join(', ')}.`);
    return value;
}
function bool(value, name) {
    if (/^(true|yes|1|on)$/i.test(value))
        return true;
    if (/^(false|no|0|off)$/i.test(value))
        return false;
    throw new errors/* InputError */.dz(name, `${quote(value)} is not a boolean; use true or false.`);
}
function inputs_int(value, name, min, max) {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
        throw new errors/* InputError */.dz(name, `${quote(value)} is not a whole number from ${min} to ${max}.`);
    return n;
}
function safeWord(value, name) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) || value.includes('..'))
        throw new errors/* InputError */.dz(name, `${quote(value)} may only hold letters, digits, '.', '_' and '-'.`);
    return value;
}
function shard(value) {
    const m = /^(\d+)\/(\d+)$/.exec(value);
    const index = m ? Number(m[1]) : 0;
    const count = m ? Number(m[2]) : 0;
    if (!m || count < 1 || index < 1 || index > count)
        throw new errors/* InputError */.dz('shard', `${quote(value)} is not 'i/n' with 1 <= i <= n (e.g. 2/4 for the second of four shards).`);
    return { index, count };
}
/** A branch glob: it becomes a git fetch refspec, so only branch-name characters and glob syntax. */
function branchGlob(value) {
    if (!/^[\w.*?{},[\]/-]+$/.test(value) || /\.\.|^[-/]|\/$/.test(value))
        throw new errors/* InputError */.dz('release-branches', `${quote(value)} is not a branch glob (letters, digits, '.', '_', '-', '/' and * ? [ ] { }, e.g. release/*).`);
    return value;
}
/** A value that becomes one path segment of an object key: no '/', no '..', no control characters. */
function pathSegment(value, name) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._+~-]*$/.test(value) || value.includes('..'))
        throw new errors/* InputError */.dz(name, `${quote(value)} is not a driver version (letters, digits, '.', '_', '+', '~', '-').`);
    return value;
}


/***/ }),

/***/ 50063:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ab: () => (/* binding */ requireInside),
/* harmony export */   f8: () => (/* binding */ allowRoots)
/* harmony export */ });
/* unused harmony export resetRoots */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(83916);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(311);




/**
 * Containment of what the action reads for publishing. A file a glob matches (or a layout, a config, a driver
 * output) may be a symlink, sit under a symlinked folder, or come from a `../` or absolute glob: whatever it is,
 * its real path must be inside the workspace or the folder artifacts were downloaded to. Otherwise a hostile
 * contributor's `build/tool.tar.gz -> ~/.ssh/id_rsa` would publish the runner's key.
 */
// Folders every read may resolve into, registered once per run (the workspace, the artifact download folder).
const registered = new Set();
/** Registers the folders reads may resolve into for this run (folders that do not exist are ignored). */
function allowRoots(...dirs) {
    for (const dir of dirs) {
        const real = realOf(dir);
        if (real)
            registered.add(real);
    }
}
/** For tests: forget the registered folders. */
function resetRoots() {
    registered.clear();
}
function realOf(path) {
    if (!path)
        return undefined;
    try {
        return node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync.native(path);
    }
    catch {
        return undefined;
    }
}
function within(real, root) {
    return real === root || real.startsWith(root.endsWith(node_path__WEBPACK_IMPORTED_MODULE_1__.sep) ? root : root + node_path__WEBPACK_IMPORTED_MODULE_1__.sep);
}
/**
 * Returns the real path of `path` when it lies inside one of `roots` (or a registered folder); throws an error
 * naming the input, the path and where it resolves otherwise. A path that does not exist is returned as it is:
 * reading it fails on its own, with nothing to leak.
 */
function requireInside(path, input, ...roots) {
    let real;
    try {
        real = node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync.native(path);
    }
    catch {
        return path;
    }
    const allowed = [...new Set([...roots.map(realOf).filter((r) => !!r), ...registered])];
    if (allowed.some(root => within(real, root)))
        return real;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(input, `${(0,_version_js__WEBPACK_IMPORTED_MODULE_3__/* .show */ .WU)(path, 200)} resolves to ${(0,_version_js__WEBPACK_IMPORTED_MODULE_3__/* .show */ .WU)(real, 200)}, outside ${allowed.map(r => (0,_version_js__WEBPACK_IMPORTED_MODULE_3__/* .show */ .WU)(r, 200)).join(' and ') || 'the workspace'}; only files inside the workspace or the artifact download folder are published (check symlinks and ../ or absolute globs). Nothing was published.`);
}


/***/ }),

/***/ 57768:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ mapLimit)
/* harmony export */ });
/**
 * Maps items through an async function with at most `limit` calls in flight, keeping input order. The first
 * failure stops new calls from starting and is rethrown once the running ones settle.
 */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    let failure;
    const worker = async () => {
        while (!failure && next < items.length) {
            const i = next++;
            try {
                results[i] = await fn(items[i], i);
            }
            catch (err) {
                failure ??= { err };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
    if (failure)
        throw failure.err;
    return results;
}


/***/ }),

/***/ 25625:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   Os: () => (/* binding */ group),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   fJ: () => (/* binding */ fail),
/* harmony export */   lm: () => (/* binding */ notice),
/* harmony export */   pq: () => (/* binding */ info),
/* harmony export */   vw: () => (/* binding */ debugging),
/* harmony export */   z3: () => (/* binding */ error)
/* harmony export */ });
/* unused harmony exports neutral, oneLine */
/* harmony import */ var _core_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(10828);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(76670);


/**
 * The one way this action writes to the runner log. The runner reads every line of stdout and stderr for workflow
 * commands: a line starting with `::` (after white space) and the legacy `##[command]` form anywhere in a line.
 * Text printed here often carries what a contributor or a server chose (docker RepoTags, layout folder names,
 * record names, server error messages), so every line is neutralised before it is written:
 *
 * - a line that would start with `::` gets a `\` first (`\::set-output …`), so it is shown, never obeyed;
 * - `##[` becomes `##\[`, which the legacy parser does not match;
 * - carriage returns (a line break to the runner), other control characters, line and paragraph separators and
 *   bidi controls are shown as `\r`, `\u001b`, `\u202e`, so no text can hide or reorder what follows it.
 *
 * Line feeds are kept as structure (a multi-line message stays readable); each line is neutralised on its own, and
 * inside an annotation @actions/core encodes them as %0A, so no workflow command ever holds a raw CR or LF. Every
 * text is also redacted (credentials in URLs, registered secrets, Authorization values) before it is printed.
 *
 * ESLint refuses direct core.info/warning/error/notice/debug/setFailed calls outside this module.
 */
/** Characters shown escaped: C0 (but tab and line feed), DEL, C1, U+2028/2029, bidi embeddings and isolates. */
const HIDDEN = 
// eslint-disable-next-line no-control-regex
/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
function escapeChar(c) {
    if (c === '\r')
        return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
/** One line made inert for the runner: no leading `::`, no `##[`, no hidden characters. */
function neutralLine(line) {
    const shown = line.replace(HIDDEN, escapeChar).replace(/##\[/g, '##\\[');
    // The runner trims white space (JavaScript's \s is a superset of .NET's) before looking for `::`.
    return shown.replace(/^(\s*)::/, '$1\\::');
}
/** Makes a text safe to print: redacted, and every line neutralised (see the module comment). */
function neutral(text) {
    return (0,_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(text).split('\n').map(neutralLine).join('\n');
}
/** Like neutral(), but on one line: line feeds are shown as `\n` (for a value inside a sentence). */
function oneLine(text) {
    return neutral(text.replace(/\r?\n/g, '\\n'));
}
function info(text) {
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(neutral(text));
}
function debug(text) {
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(neutral(text));
}
/** Whether debug lines are shown (the runner sets RUNNER_DEBUG with step debug logging): else they are dropped. */
function debugging() {
    return _core_js__WEBPACK_IMPORTED_MODULE_0__/* .isDebug */ ._o();
}
function warning(text, props) {
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(neutral(text), props);
}
function notice(text, props) {
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(neutral(text), props);
}
function error(text, props) {
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(neutral(text), props);
}
/** Marks the step failed with an `::error::` line holding the neutralised message. */
function fail(text) {
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(neutral(text));
}
/** A collapsible group in the log; its title is neutralised like any line. */
function group(title, fn) {
    return _core_js__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(oneLine(title), fn);
}


/***/ }),

/***/ 43031:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ esc)
/* harmony export */ });
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(76670);

/**
 * The one escaping function for text in the job summary. GitHub renders the summary as Markdown with HTML: an
 * HTML block lasts until a blank line, after which anything renders as Markdown (images, links). So untrusted text
 * (file and record names, statuses, server error messages) is HTML-escaped, its line breaks become `<br>` (never
 * a blank line), and control and bidi characters are shown as `\uXXXX`. It is redacted too: the runner's masking
 * does not reach the summary file.
 */
const HIDDEN = 
// eslint-disable-next-line no-control-regex
/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
    // Not special in HTML, but inline Markdown where a renderer falls back to it.
    '`': '&#96;',
    '|': '&#124;'
};
function esc(text) {
    return (0,_redact_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(text)
        .replace(/[&<>"'`|]/g, c => ENTITIES[c])
        .replace(HIDDEN, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .replace(/\r\n|\r|\n/g, '<br>')
        .replace(/\t/g, ' ');
}


/***/ }),

/***/ 22464:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   NR: () => (/* binding */ plannedEntries),
/* harmony export */   Y6: () => (/* binding */ ROLE_ORDER),
/* harmony export */   df: () => (/* binding */ describePlan)
/* harmony export */ });
const ROLE_ORDER = ['artifact', 'signature', 'index'];
/** What a dry run reports: every write and delete with status `planned`. */
function plannedEntries(plan) {
    return [
        ...plan.writes.map(w => ({
            kind: w.kind,
            repo: w.repo,
            path: w.key,
            status: 'planned',
            sha256: w.sha256,
            size: w.size,
            role: w.role
        })),
        ...plan.deletes.map(d => ({
            kind: d.kind,
            repo: d.repo,
            path: d.key,
            status: 'planned',
            role: 'delete',
            reason: d.reason
        })),
        ...plan.extra
    ];
}
/** A plan printed for people: one line per object, grouped by role. */
function describePlan(plan) {
    const lines = [
        `${plan.release.type} release ${plan.release.version} of ${plan.kind} to ${plan.destination}`
    ];
    for (const w of plan.writes)
        lines.push(`  write  ${w.key}  (${w.role}, ${w.size} bytes, sha256 ${w.sha256.slice(0, 12)}…)  ${w.reason}`);
    for (const d of plan.deletes)
        lines.push(`  delete ${d.key}  ${d.reason}`);
    for (const e of plan.extra)
        lines.push(`  ${e.status.padEnd(6)} ${e.path ?? e.ref ?? ''}  ${e.reason ?? ''}`);
    for (const n of plan.notes)
        lines.push(`  note: ${n}`);
    const planned = plan.extra.filter(e => e.status === 'planned').length;
    if (plan.writes.length + plan.deletes.length + planned === 0)
        lines.push('  (nothing to write)');
    return lines.join('\n');
}


/***/ }),

/***/ 76670:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   cl: () => (/* binding */ registerSecret)
/* harmony export */ });
/* unused harmony exports registerBasic, resetSecrets */
/* harmony import */ var _core_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(10828);

// Secret values registered during this run, also removed from text we write outside the log (outputs,
// job summary, publication record) where the runner's own masking does not reach.
const secrets = new Set();
/** Masks a secret in the runner log and remembers it so redact() strips it from any other text. */
function registerSecret(value) {
    if (!value)
        return;
    for (const form of secretForms(value)) {
        if (form.length < 4 || secrets.has(form))
            continue;
        secrets.add(form);
        _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
    }
}
/** Masks the Authorization value HTTP Basic sends, base64(user:password), which no single secret's form matches. */
function registerBasic(username, password) {
    if (password)
        registerSecret(Buffer.from(`${username ?? ''}:${password}`).toString('base64'));
}
function secretForms(value) {
    const forms = [value, encodeURIComponent(value), Buffer.from(value).toString('base64')];
    // Multi-line secrets (armored keys) are masked line by line, as the runner prints them that way.
    for (const line of value.split(/\r?\n/))
        if (line.trim().length >= 8)
            forms.push(line.trim());
    return forms;
}
/**
 * Removes credentials from URLs (`scheme://user:pass@host`), Authorization values (`Basic …`, `Bearer …`, as a
 * server that echoes request headers in an error page shows them) and any registered secret from a text.
 */
function redact(text) {
    let out = text
        .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@')
        .replace(/\b(Basic|Bearer|Token|Digest)(\s+)[A-Za-z0-9+/=._~-]{8,}/gi, '$1$2***');
    for (const secret of [...secrets].sort((a, b) => b.length - a.length))
        out = out.split(secret).join('***');
    return out;
}
/** For tests: forget registered secrets. */
function resetSecrets() {
    secrets.clear();
}


/***/ }),

/***/ 70665:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Sy: () => (/* binding */ writeSummary),
/* harmony export */   n0: () => (/* binding */ setOutputs),
/* harmony export */   x7: () => (/* binding */ countByStatus)
/* harmony export */ });
/* harmony import */ var _core_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(10828);
/* harmony import */ var _markup_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(43031);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(76670);



const MAX_ROWS = 200;
/** Sets the outputs; called before any failure is raised so later steps can read what happened. */
function setOutputs(release, published, extra = {}) {
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('release-type', release?.type ?? 'none');
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('version', release?.version ?? '');
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('published', (0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(JSON.stringify(published)));
    for (const [name, value] of Object.entries(extra))
        _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, (0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(value));
}
/** Counts entries per status: `{ uploaded: 3, unchanged: 10 }`. */
function countByStatus(published) {
    const counts = {};
    for (const p of published)
        counts[p.status] = (counts[p.status] ?? 0) + (p.count ?? 1);
    return counts;
}
/** Writes the job summary: the classification, totals, and a table of what was published. */
async function writeSummary(opts) {
    const { release, published } = opts;
    // Publishers may have added their own sections (e.g. driver totals) while applying: they go below ours.
    const sections = _core_js__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.stringify();
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.emptyBuffer();
    const s = _core_js__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addHeading(`publish-artifacts: ${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)(opts.kind)}${opts.dryRun ? ' (dry run)' : ''}`, 2);
    if (release)
        s.addRaw(`<p><b>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)(release.type)}</b> release${release.version ? ` <code>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)(release.version)}</code>` : ''}: ${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)(release.reason)}</p>`, true);
    if (opts.destination)
        s.addRaw(`<p>Destination: <code>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)((0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(opts.destination))}</code></p>`, true);
    if (opts.error)
        s.addRaw(`<p>❌ <b>Failed:</b> ${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)((0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(opts.error))}</p>`, true);
    if (sections)
        s.addRaw((0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(sections), true);
    const counts = countByStatus(published);
    if (published.length > 0) {
        s.addRaw(`<p>${Object.entries(counts)
            .map(([k, n]) => `${n} ${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)(k)}`)
            .join(', ')}</p>`, true);
        const rows = published
            .slice(0, MAX_ROWS)
            .map(p => [
            (0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)(p.repo ?? ''),
            p.url && /^https?:/.test(p.url)
                ? `<a href="${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)(p.url)}">${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)(p.path ?? p.ref ?? '')}</a>`
                : `<code>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)(p.path ?? p.ref ?? '')}</code>`,
            (0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)(p.status),
            `<code>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .esc */ .U)((p.sha256 ?? p.digest ?? '').slice(0, 19))}</code>`
        ]);
        s.addTable([
            [
                { data: 'Repository', header: true },
                { data: 'Object', header: true },
                { data: 'Status', header: true },
                { data: 'Digest', header: true }
            ],
            ...rows
        ]);
        if (published.length > MAX_ROWS)
            s.addRaw(`<p>… and ${published.length - MAX_ROWS} more (see the published output).</p>`, true);
    }
    else if (release?.type === 'none')
        s.addRaw('<p>Nothing was published.</p>', true);
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await s.write();
}


/***/ }),

/***/ 49809:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs),
/* harmony export */   bD: () => (/* binding */ withRetry),
/* harmony export */   dw: () => (/* binding */ RetryableError)
/* harmony export */ });
/* unused harmony export isRetryable */
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(25625);

/** An HTTP failure that may succeed when tried again (408, 429, 5xx), with the server's Retry-After. */
class RetryableError extends Error {
    retryAfterMs;
    name = 'RetryableError';
    constructor(message, retryAfterMs) {
        super(message);
        this.retryAfterMs = retryAfterMs;
    }
}
// Tests and the chaos suite shrink the backoff through the environment so they stay fast and bounded.
const ENV_BASE = Number(process.env.PUBLISH_ARTIFACTS_RETRY_BASE_MS) || undefined;
function isRetryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
const NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
    'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
    // node:http's (src/http/pool.ts): a body sent short of its Content-Length, a response cut off (its body
    // stream then ends in "aborted", code ECONNRESET, or a premature close).
    'ERR_HTTP_CONTENT_LENGTH_MISMATCH',
    'ERR_STREAM_PREMATURE_CLOSE'
]);
/** Connection resets, timeouts and truncated bodies: worth another try. */
function isRetryable(err) {
    if (err instanceof RetryableError)
        return true;
    for (let e = err, depth = 0; e && depth < 5; e = e.cause, depth++) {
        const code = e.code;
        if (code && NETWORK_CODES.has(code))
            return true;
        if (e instanceof Error && /other side closed|socket hang up|terminated|premature close/i.test(e.message))
            return true;
    }
    return false;
}
/** Reads Retry-After (seconds or an HTTP date) into milliseconds, capped at a minute. */
function retryAfterMs(header, now = Date.now()) {
    const value = Array.isArray(header) ? header[0] : header;
    if (!value)
        return undefined;
    const seconds = Number(value);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
    return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 60_000) : undefined;
}
/**
 * Runs `fn` until it succeeds, a non-retryable error is thrown, or the tries run out: exponential backoff with
 * full jitter, at least the server's Retry-After. The final error says what failed and after how many tries.
 */
async function withRetry(fn, options) {
    const tries = options.tries ?? 5;
    const base = options.baseMs ?? ENV_BASE ?? 250;
    const max = options.maxMs ?? 20_000;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (err) {
            if (!isRetryable(err))
                throw err;
            if (attempt >= tries) {
                const reason = err instanceof Error ? err.message : String(err);
                throw new Error(`${options.what} failed after ${attempt} tries: ${reason}`, { cause: err });
            }
            const backoff = Math.random() * Math.min(max, base * 2 ** (attempt - 1));
            const delay = Math.max(backoff, err instanceof RetryableError ? (err.retryAfterMs ?? 0) : 0);
            options.onRetry?.(attempt, err, delay);
            _log_js__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(`${options.what}: try ${attempt} failed (${err instanceof Error ? err.message : String(err)}); retrying in ${Math.round(delay)} ms`);
            await new Promise(resolve => setTimeout(resolve, delay));
        }
    }
}


/***/ }),

/***/ 53560:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  C: () => (/* binding */ openStore),
  G: () => (/* binding */ parseDestination)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __nccwpck_require__(73136);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
// EXTERNAL MODULE: ./src/version.ts
var version = __nccwpck_require__(311);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __nccwpck_require__(46466);
// EXTERNAL MODULE: ./src/hash.ts
var hash = __nccwpck_require__(56495);
// EXTERNAL MODULE: ./src/stores/store.ts
var store = __nccwpck_require__(34703);
;// CONCATENATED MODULE: ./src/stores/local.ts







/** A folder on the runner's disk. Writes are atomic: a temp file in the same folder, then rename. */
class LocalStore {
    root;
    description;
    constructor(root) {
        this.root = root;
        this.description = `local folder ${root}`;
    }
    path(key) {
        return (0,external_node_path_.join)(this.root, ...(0,store/* safeKey */.vW)(key).split('/'));
    }
    async stat(key) {
        const path = this.path(key);
        const info = await (0,promises_.stat)(path).catch(() => undefined);
        if (!info?.isFile())
            return undefined;
        // Deleted between the two calls (another publisher pruning) is absent, not an error.
        return (0,hash.hashFile)(path).catch((err) => {
            if (err.code === 'ENOENT')
                return undefined;
            throw err;
        });
    }
    async read(key) {
        return (0,promises_.readFile)(this.path(key)).catch(err => {
            if (err.code === 'ENOENT')
                return undefined;
            throw err;
        });
    }
    async download(key, path) {
        const source = this.path(key);
        const info = await (0,promises_.stat)(source).catch(() => undefined);
        if (!info?.isFile())
            return false;
        // Pruned by another publisher between the two calls: absent, like stat.
        return (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(source), (0,external_node_fs_.createWriteStream)(path)).then(() => true, (err) => absent(err) ?? false);
    }
    async write(key, body, _options) {
        const target = this.path(key);
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
        const temp = (0,external_node_path_.join)((0,external_node_path_.dirname)(target), `.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
        try {
            if ('path' in body)
                await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(body.path), (0,external_node_fs_.createWriteStream)(temp));
            else {
                const handle = await (0,promises_.open)(temp, 'w');
                try {
                    await handle.writeFile(body.data);
                    await handle.sync();
                }
                finally {
                    await handle.close();
                }
            }
            await (0,promises_.rename)(temp, target);
        }
        catch (err) {
            await (0,promises_.rm)(temp, { force: true });
            throw err;
        }
    }
    /** O_EXCL: exactly one of several concurrent callers creates the file (publish locks). */
    async createExclusive(key, data) {
        const target = this.path(key);
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
        let handle;
        try {
            handle = await (0,promises_.open)(target, 'wx');
        }
        catch (err) {
            if (err.code === 'EEXIST')
                return false;
            throw err;
        }
        try {
            await handle.writeFile(data);
        }
        finally {
            await handle.close();
        }
        return true;
    }
    async delete(key) {
        await (0,promises_.rm)(this.path(key), { force: true });
    }
    async *list(prefix) {
        const base = prefix ? this.path(prefix.replace(/\/$/, '')) : this.root;
        yield* this.walk(base);
    }
    /**
     * Another publisher may prune files and folders while this one lists (old by-hash copies, retired driver
     * versions): whatever vanishes between readdir and stat is simply not listed. Any other error is raised.
     */
    async *walk(dir) {
        const entries = await (0,promises_.readdir)(dir, { withFileTypes: true }).catch(absent);
        for (const entry of (entries ?? []).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
            const full = (0,external_node_path_.join)(dir, entry.name);
            if (entry.isDirectory()) {
                yield* this.walk(full);
                continue;
            }
            if (!entry.isFile() || (entry.name.startsWith('.') && entry.name.endsWith('.tmp')))
                continue;
            const info = await (0,promises_.stat)(full).catch(absent);
            if (!info)
                continue;
            yield {
                key: (0,external_node_path_.relative)(this.root, full).split(external_node_path_.sep).join('/'),
                size: info.size,
                lastModified: info.mtime.toISOString()
            };
        }
    }
    url(key) {
        return `file://${this.path(key)}`;
    }
    async close() { }
}
/** ENOENT (and ENOTDIR: a folder replaced by a file) means absent; anything else is a real error. */
function absent(err) {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR')
        return undefined;
    throw err;
}

;// CONCATENATED MODULE: ./src/stores/open.ts





/** Parses the destination input: a plain path, file:///abs/dir, s3://bucket/prefix or http(s)://host/path. */
function parseDestination(raw, workspace) {
    const value = raw.trim();
    if ((0,version/* hasControlChars */.jt)(value))
        throw new errors/* InputError */.dz('destination', 'contains control characters.');
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
    if (!scheme || (scheme.length === 1 && /^[a-z]:[\\/]/i.test(value))) {
        const root = (0,external_node_path_.isAbsolute)(value) ? value : (0,external_node_path_.resolve)(workspace, value);
        return { scheme: 'file', root, display: root };
    }
    // The URL parser folds `..` away silently (s3://b/a/../x becomes s3://b/x), so look at the raw text first.
    if (value.split(/[/\\]/).some(part => /^(\.|%2e){2}$/i.test(part)))
        throw new errors/* InputError */.dz('destination', "a URL must not contain '..' path segments.");
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new errors/* InputError */.dz('destination', `'${redactUrl(value)}' is not a valid URL.`);
    }
    if (url.username || url.password)
        throw new errors/* InputError */.dz('destination', 'must not embed credentials: pass them through http-username/http-password or http-token (HTTP) or the AWS environment (S3), from secrets.');
    if (url.search || url.hash)
        throw new errors/* InputError */.dz('destination', 'must not carry a query string or fragment.');
    switch (scheme) {
        case 'file':
            if (url.host && url.host !== 'localhost')
                throw new errors/* InputError */.dz('destination', 'file:// URLs must name a local path (file:///abs/dir).');
            return { scheme: 'file', root: (0,external_node_url_.fileURLToPath)(url), display: (0,external_node_url_.fileURLToPath)(url) };
        case 's3': {
            if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(url.hostname))
                throw new errors/* InputError */.dz('destination', `'${url.hostname}' is not a valid S3 bucket name (s3://bucket/prefix).`);
            const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
            return { scheme: 's3', bucket: url.hostname, prefix, display: `s3://${url.hostname}/${prefix}` };
        }
        case 'http':
        case 'https':
            return { scheme: 'http', url, display: url.toString() };
        default:
            throw new errors/* InputError */.dz('destination', `scheme '${scheme}:' is not supported; use a path, file://, s3:// or https://.`);
    }
}
function redactUrl(value) {
    return value.replace(/\/\/[^/@]*@/, '//***@');
}
/** Opens the store for a destination; remote adapters are loaded only when used. */
async function openStore(dest, inputs) {
    switch (dest.scheme) {
        case 'file':
            return new LocalStore(dest.root);
        case 's3': {
            const { s3StoreFrom } = await Promise.all(/* import() */[__nccwpck_require__.e(143), __nccwpck_require__.e(397), __nccwpck_require__.e(714)]).then(__nccwpck_require__.bind(__nccwpck_require__, 59714));
            return s3StoreFrom(dest, inputs);
        }
        case 'http': {
            const { httpStoreFrom } = await Promise.all(/* import() */[__nccwpck_require__.e(143), __nccwpck_require__.e(516)]).then(__nccwpck_require__.bind(__nccwpck_require__, 8516));
            return httpStoreFrom(dest.url, inputs);
        }
    }
}


/***/ }),

/***/ 34703:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ID: () => (/* binding */ joinKey),
/* harmony export */   OJ: () => (/* binding */ PreconditionFailed),
/* harmony export */   _$: () => (/* binding */ isoDate),
/* harmony export */   vW: () => (/* binding */ safeKey)
/* harmony export */ });
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(311);

/** A listing's date (ISO 8601 or an HTTP date) as ISO 8601; undefined when absent or unreadable. */
function isoDate(value) {
    if (typeof value !== 'string' || value === '')
        return undefined;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
/** A conditional write refused because the object is not as expected (HTTP 412, or 409 for a write in flight). */
class PreconditionFailed extends Error {
    key;
    name = 'PreconditionFailed';
    constructor(key, message) {
        super(message);
        this.key = key;
    }
}
/** Validates a store key: relative, forward slashes, no empty, `.` or `..` segment, no control characters. */
function safeKey(key) {
    const bad = !key ||
        key.startsWith('/') ||
        key.includes('\\') ||
        (0,_version_js__WEBPACK_IMPORTED_MODULE_0__/* .hasControlChars */ .jt)(key) ||
        key.split('/').some(part => part === '' || part === '.' || part === '..');
    if (bad)
        throw new Error(`refusing unsafe object key ${JSON.stringify(key)}`);
    return key;
}
function joinKey(...parts) {
    return parts
        .filter(Boolean)
        .join('/')
        .replace(/\/{2,}/g, '/');
}


/***/ }),

/***/ 311:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   P8: () => (/* binding */ showPath),
/* harmony export */   Q8: () => (/* binding */ isBranchName),
/* harmony export */   WU: () => (/* binding */ show),
/* harmony export */   bh: () => (/* binding */ devBase),
/* harmony export */   c9: () => (/* binding */ devVersion),
/* harmony export */   jt: () => (/* binding */ hasControlChars),
/* harmony export */   rE: () => (/* binding */ parseReleaseTag)
/* harmony export */ });
/* unused harmony exports isStableTag, extractVersion */
// Strict semver (semver.org), no build metadata, optional leading v: what a release tag may look like.
const CORE = '(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)';
const PRE_ID = '(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)';
const RELEASE_TAG = new RegExp(`^v?${CORE}(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?$`);
const MAX_TAG = 128;
/** Reads a release tag (`X.Y.Z`, `vX.Y.Z`, `X.Y.Z-rc1`); undefined when it is not one. */
function parseReleaseTag(tag) {
    if (tag.length > MAX_TAG)
        return undefined;
    const m = RELEASE_TAG.exec(tag);
    if (!m)
        return undefined;
    return { version: tag.replace(/^v/, ''), prerelease: m[4] !== undefined };
}
/** True for a stable version tag (X.Y.Z or vX.Y.Z, no prerelease). */
function isStableTag(tag) {
    const parsed = parseReleaseTag(tag);
    return parsed !== undefined && !parsed.prerelease;
}
/** The `X.Y.Z` at the start of a tag, as libs' `_falcosecurity_extract_version` reads it (a leading v allowed). */
function extractVersion(tag) {
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(tag);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}
/**
 * The base of a dev version, as falcosecurity/libs `cmake/modules/GetVersionFromGit.cmake` picks it: on a
 * `release/` branch the patch after the branch's latest tag, otherwise (and as the fallback) the minor after the
 * highest X.Y.Z tag of the whole repository, wherever it is.
 */
function devBase(tags) {
    // libs tests its "not found" value with `MATCHES "0.0.0"`, an unanchored regex: kept, so the same cases fall through.
    const unset = (v) => /0.0.0/.test(v);
    let base;
    if (tags.branch?.startsWith('release/') && tags.branchTag) {
        const v = extractVersion(tags.branchTag);
        if (v)
            base = { next: `${v[0]}.${v[1]}.${v[2] + 1}`, tag: tags.branchTag };
    }
    if (!base || unset(base.next)) {
        base = undefined;
        const v = tags.highestTag ? extractVersion(tags.highestTag) : undefined;
        if (v && tags.highestTag)
            base = { next: `${v[0]}.${v[1] + 1}.0`, tag: tags.highestTag };
    }
    return base && !unset(base.next) ? base : undefined;
}
/**
 * A dev version `<x.y.z>-<count>+<sha7>`, where count is the number of commits since the merge-base of the commit
 * and the base tag (e.g. `0.45.0-36+1307474`); `0.0.0-<count>+<sha7>` when there is no base tag.
 */
function devVersion(base, count, sha) {
    return `${base ?? '0.0.0'}-${count}+${sha.slice(0, 7)}`;
}
/** Shows a user-given string safely in a message: quoted, control characters escaped, length bounded. */
function show(value, max = 80) {
    const cut = value.length > max ? `${value.slice(0, max)}…` : value;
    // JSON escapes ASCII controls; the invisible ones it leaves (bidi, separators, C1) are escaped the same way.
    return JSON.stringify(cut).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/** A path in a message: as it is when plain, quoted and escaped (like show) when it holds control characters. */
function showPath(path) {
    return hasControlChars(path) ? show(path, 300) : path;
}
/**
 * True when a text holds control characters (never valid in names, keys or tags): ASCII and C1 controls, line and
 * paragraph separators, and the bidi controls (U+202E right-to-left override and its kin) that make a name read
 * differently from what it is (`tool-\u202eexe.gz` shows as `tool-zg.exe`).
 */
function hasControlChars(value) {
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(value);
}
/**
 * True for a plausible git branch name: word characters, '.', '/', '-'; no '..', no leading '-' or '/', no
 * trailing '/' (never an option, an absolute path or a way out of refs/heads/).
 */
function isBranchName(value) {
    return /^[\w./-]+$/.test(value) && !/\.\.|^[-/]|\/$/.test(value);
}


/***/ }),

/***/ 73790:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ downloadArtifacts),
/* harmony export */   h: () => (/* binding */ defaultArtifactClient)
/* harmony export */ });
/* harmony import */ var minimatch__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(33581);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(83916);
/* harmony import */ var _hash_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(56495);
/* harmony import */ var _limit_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(57768);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(311);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(25625);








/**
 * The real client, imported on first use: @actions/artifact and its Azure SDK are several megabytes that a run
 * without `artifact` or `record-artifact` should never parse (the bundler puts them in their own chunk).
 */
async function defaultArtifactClient() {
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__nccwpck_require__.e(143), __nccwpck_require__.e(118), __nccwpck_require__.e(260), __nccwpck_require__.e(351), __nccwpck_require__.e(838), __nccwpck_require__.e(550)]).then(__nccwpck_require__.bind(__nccwpck_require__, 18550));
    return new DefaultArtifactClient();
}
/**
 * Downloads every artifact of this workflow run whose name matches `pattern` (a name, or a glob such as
 * `packages-*`) and merges their contents into `dir`, the way download-artifact's merge-multiple does, except
 * that two artifacts holding the same path with different bytes is an error rather than a silent overwrite:
 * which of the two would be published is not something to leave to download order.
 */
async function downloadArtifacts(pattern, dir, client, concurrency = 4) {
    const listed = await client.listArtifacts({ latest: true });
    const matched = listed.artifacts
        .filter(a => (0,minimatch__WEBPACK_IMPORTED_MODULE_0__/* .minimatch */ .xF)(a.name, pattern, { dot: true }))
        .sort((a, b) => a.name.localeCompare(b.name));
    if (matched.length === 0) {
        const names = listed.artifacts.map(a => a.name).sort();
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('artifact', `no artifact of this workflow run matches ${(0,_version_js__WEBPACK_IMPORTED_MODULE_5__/* .show */ .WU)(pattern)} (the run has ${names.length ? names.map(n => (0,_version_js__WEBPACK_IMPORTED_MODULE_5__/* .show */ .WU)(n)).join(', ') : 'none'}). ` +
            'Upload it with actions/upload-artifact in a job that this one lists in `needs:`.');
    }
    const staging = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, '.publish-artifacts-staging');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(staging, { recursive: true });
    try {
        // Each artifact lands in its own folder first, so a clash between two of them can be seen and refused.
        const folders = await (0,_limit_js__WEBPACK_IMPORTED_MODULE_7__/* .mapLimit */ .s)(matched, concurrency, async (a) => {
            const into = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(staging, String(a.id));
            _log_js__WEBPACK_IMPORTED_MODULE_6__/* .info */ .pq(`Downloading artifact ${(0,_version_js__WEBPACK_IMPORTED_MODULE_5__/* .show */ .WU)(a.name)} (${a.size} bytes)`);
            const res = await client.downloadArtifact(a.id, { path: into, expectedHash: a.digest });
            if (res.digestMismatch)
                throw new Error(`artifact ${(0,_version_js__WEBPACK_IMPORTED_MODULE_5__/* .show */ .WU)(a.name)} does not match the digest recorded at upload: it was corrupted in transit; re-run the job.`);
            return into;
        });
        const owner = new Map();
        const result = { dir, artifacts: [] };
        for (const [i, a] of matched.entries()) {
            let files = 0;
            for (const file of await listFiles(folders[i])) {
                const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(folders[i], file);
                const target = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, rel);
                const previous = owner.get(rel);
                if (previous !== undefined) {
                    const [x, y] = await Promise.all([(0,_hash_js__WEBPACK_IMPORTED_MODULE_4__.hashFile)(target), (0,_hash_js__WEBPACK_IMPORTED_MODULE_4__.hashFile)(file)]);
                    if (x.sha256 !== y.sha256)
                        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('artifact', `artifacts ${(0,_version_js__WEBPACK_IMPORTED_MODULE_5__/* .show */ .WU)(previous)} and ${(0,_version_js__WEBPACK_IMPORTED_MODULE_5__/* .show */ .WU)(a.name)} both hold ${(0,_version_js__WEBPACK_IMPORTED_MODULE_5__/* .show */ .WU)(rel.split(node_path__WEBPACK_IMPORTED_MODULE_2__.sep).join('/'))} with different contents; ` +
                            'give each build job its own file names, or narrow the pattern.');
                    continue;
                }
                owner.set(rel, a.name);
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(target), { recursive: true });
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(file, target);
                files++;
            }
            result.artifacts.push({ name: a.name, id: a.id, files });
        }
        return result;
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(staging, { recursive: true, force: true });
    }
}
/** Regular files under a folder, recursively, in a stable order. */
async function listFiles(root) {
    const out = [];
    const walk = async (dir) => {
        const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir, { withFileTypes: true }).catch(() => []);
        for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
            const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, e.name);
            if (e.isDirectory())
                await walk(path);
            else if (e.isFile())
                out.push(path);
        }
    };
    await walk(root);
    return out;
}


/***/ }),

/***/ 26968:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Hh: () => (/* binding */ parseRecord),
/* harmony export */   Uo: () => (/* binding */ makeRecord),
/* harmony export */   nT: () => (/* binding */ uploadRecord)
/* harmony export */ });
/* unused harmony exports RECORD_FORMAT, recordFileName */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(83916);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(76670);





/** Marks a JSON file as a publication record, so a summary job never mistakes some other JSON for one. */
const RECORD_FORMAT = 'publish-artifacts/record@1';
function makeRecord(input, env = process.env) {
    const { plan } = input;
    return {
        format: RECORD_FORMAT,
        name: input.name,
        kind: input.kind,
        release: input.release,
        destination: input.destination,
        dryRun: input.dryRun,
        error: input.error,
        run: {
            repository: env.GITHUB_REPOSITORY ?? '',
            sha: env.GITHUB_SHA ?? '',
            ref: env.GITHUB_REF ?? '',
            runId: env.GITHUB_RUN_ID ?? '',
            runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
            job: env.GITHUB_JOB ?? ''
        },
        plan: plan && {
            // Bodies are left out: a path on the build runner means nothing later, and index bytes can be large.
            writes: plan.writes.map(w => ({
                key: w.key,
                repo: w.repo,
                role: w.role,
                size: w.size,
                sha256: w.sha256,
                immutable: w.immutable,
                reason: w.reason
            })),
            deletes: plan.deletes.map(d => ({ key: d.key, repo: d.repo, reason: d.reason })),
            notes: plan.notes
        },
        published: input.published,
        createdAt: new Date().toISOString()
    };
}
/** The file name a record is stored under inside its artifact: the artifact name, so merged downloads never clash. */
function recordFileName(name) {
    return `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}
/**
 * Uploads a record as the artifact `name`. The text is redacted as a whole, like the outputs: the record lands
 * outside the log, where the runner's masking does not reach.
 */
async function uploadRecord(record, client, tempDir = process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)()) {
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(tempDir, 'publish-record-'));
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, recordFileName(record.name));
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(file, `${(0,_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .redact */ .E$)(JSON.stringify(record, null, 2))}\n`);
    const res = await client.uploadArtifact(record.name, [file], dir);
    return { id: res.id, size: res.size };
}
/** Parses and checks a record file; anything else is refused with the file named. */
function parseRecord(text, where) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        // Not the parser's message: it quotes the file's first characters.
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('files', `${where} is not valid JSON.`);
    }
    const r = value;
    if (!r || typeof r !== 'object' || r.format !== RECORD_FORMAT)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('files', `${where} is not a publication record (no "format": "${RECORD_FORMAT}"); point files or artifact at record-artifact uploads only.`);
    if (typeof r.name !== 'string' || typeof r.kind !== 'string' || !Array.isArray(r.published))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('files', `${where} is a damaged publication record: name, kind or published is missing.`);
    return r;
}


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 35317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 49140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 91943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 73339:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("module");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 98995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 80099:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 87997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 58500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 83480:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("querystring");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 63774:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream/web");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 53557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 33581:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  VR: () => (/* binding */ Minimatch),
  xF: () => (/* binding */ minimatch)
});

// UNUSED EXPORTS: AST, GLOBSTAR, braceExpand, defaults, escape, filter, makeRe, match, sep, unescape

;// CONCATENATED MODULE: ./node_modules/balanced-match/dist/esm/index.js
const balanced = (a, b, str) => {
    const ma = a instanceof RegExp ? maybeMatch(a, str) : a;
    const mb = b instanceof RegExp ? maybeMatch(b, str) : b;
    const r = ma !== null && mb != null && range(ma, mb, str);
    return (r && {
        start: r[0],
        end: r[1],
        pre: str.slice(0, r[0]),
        body: str.slice(r[0] + ma.length, r[1]),
        post: str.slice(r[1] + mb.length),
    });
};
const maybeMatch = (reg, str) => {
    const m = str.match(reg);
    return m ? m[0] : null;
};
const range = (a, b, str) => {
    let begs, beg, left, right = undefined, result;
    let ai = str.indexOf(a);
    let bi = str.indexOf(b, ai + 1);
    let i = ai;
    if (ai >= 0 && bi > 0) {
        if (a === b) {
            return [ai, bi];
        }
        begs = [];
        left = str.length;
        while (i >= 0 && !result) {
            if (i === ai) {
                begs.push(i);
                ai = str.indexOf(a, i + 1);
            }
            else if (begs.length === 1) {
                const r = begs.pop();
                if (r !== undefined)
                    result = [r, bi];
            }
            else {
                beg = begs.pop();
                if (beg !== undefined && beg < left) {
                    left = beg;
                    right = bi;
                }
                bi = str.indexOf(b, i + 1);
            }
            i = ai < bi && ai >= 0 ? ai : bi;
        }
        if (begs.length && right !== undefined) {
            result = [left, right];
        }
    }
    return result;
};
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./node_modules/brace-expansion/dist/esm/index.js

const escSlash = '\0SLASH' + Math.random().toFixed(16) + '\0';
const escOpen = '\0OPEN' + Math.random().toFixed(16) + '\0';
const escClose = '\0CLOSE' + Math.random().toFixed(16) + '\0';
const escComma = '\0COMMA' + Math.random().toFixed(16) + '\0';
const escPeriod = '\0PERIOD' + Math.random().toFixed(16) + '\0';
const escSlashPattern = new RegExp(escSlash, 'g');
const escOpenPattern = new RegExp(escOpen, 'g');
const escClosePattern = new RegExp(escClose, 'g');
const escCommaPattern = new RegExp(escComma, 'g');
const escPeriodPattern = new RegExp(escPeriod, 'g');
const slashPattern = /\\\\/g;
const openPattern = /\\{/g;
const closePattern = /\\}/g;
const commaPattern = /\\,/g;
const periodPattern = /\\\./g;
const EXPANSION_MAX = 100_000;
// `EXPANSION_MAX` caps the *number* of expansions, but not their length. An
// input like `'{a,b}'.repeat(1500)` stays under that count - its output is
// truncated to 100k results - while making every result ~1500 characters
// long. The result set, and the intermediate arrays built while combining
// brace sets, then grow large enough to exhaust memory and crash the process
// (CVE-2026-14257). `EXPANSION_MAX_LENGTH` bounds the total number of
// characters the accumulator may hold at any point, so memory stays flat no
// matter how many brace groups are chained. The limit sits well above any
// realistic expansion (100k results hitting `EXPANSION_MAX` measure ~1M
// characters) so legitimate input is unaffected.
const EXPANSION_MAX_LENGTH = 4_000_000;
// `expand_` recurses once per level of brace *nesting* - both when expanding a
// set's comma members and when re-wrapping a set whose body is a single part.
// The CVE-2026-14257 fix made the *tail* iterative (recursion on `m.post`, one
// level per chained group), which left nesting depth unbounded: about 3,100
// levels of `{{{...a,b...}}}` - only ~6KB of input - exhausted the native stack
// and crashed the process. `EXPANSION_MAX_DEPTH` bounds how deep the parser
// will follow nesting. It sits far above any realistic pattern and well below
// the depth at which the stack runs out.
const EXPANSION_MAX_DEPTH = 1_000;
// Bash keeps a quirk where a brace group followed by a comma set still expands
// (`{a},b}`). The parser implements it by rewriting the string and restarting
// the scan, absorbing one `}` per pass. `n` trailing braces therefore cost `n`
// full passes over a string that itself grows by one `escClose` sentinel each
// time - quadratic in `n`, with a ~26x constant from the sentinel's length.
// 128KB of `'{a}' + '}'.repeat(n) + ',z}'` blocked the event loop for 27
// seconds to produce two results. `EXPANSION_MAX_REWRITES` bounds how many
// times the scan may restart. Real `{a},b}` input needs a handful.
const EXPANSION_MAX_REWRITES = 1_000;
// `EXPANSION_MAX_STEPS` bounds the work one `expand` call does, which `max`,
// `maxLength` and `maxDepth` don't: nested sets are rescanned at every level
// and chained groups each rebuild up to `max` results, so 2KB of input could
// block the event loop for over 30 seconds. Each character scanned, result
// built and sequence value generated is a step, and each `expand_` call costs
// `CALL_STEPS` more. Past the budget, the set being expanded and everything
// after it stay literal. A glob needs a few hundred steps, and nesting all the
// way to `EXPANSION_MAX_DEPTH` about 4M.
const EXPANSION_MAX_STEPS = 20_000_000;
// What one `expand_` call costs on top of what it scans and builds. Setting
// one up takes about as long as scanning 16 characters, and a set whose
// results are wrapped to be expanded again makes one call per result, each
// scanning and building next to nothing: 64KB of
// `('{{' + ','.repeat(316) + '}{' + ','.repeat(316) + '}}').repeat(n)` made
// 4M such calls, which spent the budget three times as slowly as anything
// else.
const CALL_STEPS = 16;
function numeric(str) {
    return !isNaN(str) ? parseInt(str, 10) : str.charCodeAt(0);
}
function escapeBraces(str) {
    return str
        .replace(slashPattern, escSlash)
        .replace(openPattern, escOpen)
        .replace(closePattern, escClose)
        .replace(commaPattern, escComma)
        .replace(periodPattern, escPeriod);
}
function unescapeBraces(str) {
    return str
        .replace(escSlashPattern, '\\')
        .replace(escOpenPattern, '{')
        .replace(escClosePattern, '}')
        .replace(escCommaPattern, ',')
        .replace(escPeriodPattern, '.');
}
// Like `target.push(...items)` but doesn't overflow the stack
function pushAll(target, items) {
    for (let i = 0; i < items.length; i++) {
        target.push(items[i]);
    }
}
// `balanced`, run on `masked` (see `maskUnmatchedOpens`), sliced from `str`
// and charged for the characters it walks: up to the group's `}`, or the
// whole string when there is no match or unmatched `{` come first, which
// `unmatched` then flags for masking. Once a call overdraws the budget, it
// and every later one return undefined, so the rest stays literal.
function balancedWithBudget(str, masked, budget) {
    if (budget.remaining < 0) {
        return undefined;
    }
    const r = range('{', '}', masked);
    const unmatched = r !== undefined && masked.indexOf('{') < r[0];
    budget.remaining -= r && !unmatched ? r[1] + 1 : str.length;
    if (!r || budget.remaining < 0) {
        return undefined;
    }
    return {
        end: r[1],
        pre: str.slice(0, r[0]),
        body: str.slice(r[0] + 1, r[1]),
        post: str.slice(r[1] + 1),
        unmatched,
    };
}
// `masked` with every `{` that has no matching `}` swapped for a `\0`, which
// keeps the length, so a scan of it still lines up with the string it was
// made from. Such a `{` is literal either way, but `balanced` only learns that
// one is unmatched by reading to the end of the string, so with one at the
// head of every group (`'{a,{b,c}'.repeat(n)`) each scan read the rest of the
// input. That was quadratic, and once the step budget charged for it, it ran
// out partway through and left the rest literal. A scan of the masked copy
// stops at the group's `}`. It is one pass, charged as such.
function maskUnmatchedOpens(masked, budget) {
    budget.remaining -= masked.length;
    const open = [];
    for (let i = 0; i < masked.length; i++) {
        const c = masked.charCodeAt(i);
        if (c === 0x7b) {
            open.push(i);
        }
        else if (c === 0x7d && open.length) {
            open.pop();
        }
    }
    let out = '';
    let last = 0;
    for (let i = 0; i < open.length; i++) {
        const at = open[i];
        out += masked.slice(last, at) + '\0';
        last = at + 1;
    }
    return out + masked.slice(last);
}
// Whether `str` has a `,` not followed by another `,`, with a `}` after it on
// the same line - what `/,(?!,).*\}/.test(str)` asks, answered in one pass from
// the end. The regex tries every `,` and backtracks through the rest of its
// line from each, which is quadratic, and the `{a},b}` rewrite asks again on
// every pass. Like a scan, it is charged for the whole string and refused if
// that overdraws the budget.
function commaSetFollows(str, budget) {
    budget.remaining -= str.length;
    if (budget.remaining < 0) {
        return false;
    }
    // Whether a `}` follows the current position before the line ends
    let close = false;
    for (let i = str.length - 1; i >= 0; i--) {
        const c = str.charCodeAt(i);
        if (c === 0x7d) {
            close = true;
        }
        else if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) {
            // A line terminator, which `.` does not match
            close = false;
        }
        else if (c === 0x2c && close && str.charCodeAt(i + 1) !== 0x2c) {
            return true;
        }
    }
    return false;
}
/**
 * Basically just str.split(","), but handling cases
 * where we have nested braced sections, which should be
 * treated as individual members, like {a,{b,c},d}
 *
 * Returns `undefined` if the step budget runs out before the whole set is
 * split, since splitting what is left on every comma would tear apart the
 * nested sets it still holds.
 */
function parseCommaParts(str, budget) {
    const parts = [];
    // Walk the brace groups iteratively. Recursing on `post` once per group let a
    // chain of them exhaust the stack - the parsing-side counterpart to
    // the `expand_` overflow fixed for CVE-2026-14257, and not something `max` or
    // `maxLength` can bound, since it happens before expansion.
    //
    // The part the next chunk continues
    let carry = '';
    for (;;) {
        // A set's body holds no unmatched `{`, so there is nothing to mask.
        const m = balancedWithBudget(str, str, budget);
        if (budget.remaining < 0) {
            return undefined;
        }
        if (!m) {
            const tail = str.split(',');
            tail[0] = carry + tail[0];
            pushAll(parts, tail);
            return parts;
        }
        const { pre, body, post } = m;
        const p = pre.split(',');
        p[0] = carry + p[0];
        p[p.length - 1] += '{' + body + '}';
        if (!post.length) {
            pushAll(parts, p);
            return parts;
        }
        carry = p.pop();
        pushAll(parts, p);
        str = post;
    }
}
// An option that is left out, or that is NaN, gets its default. Every
// comparison against NaN is false, so a NaN bound would never be reached:
// `{ maxSteps: NaN }` let 15KB of input block the event loop for 16 seconds,
// and `{ maxDepth: NaN }` overflowed the stack again (CVE-2026-102278). Pass
// `Infinity` to lift a bound.
function bound(value, fallback) {
    return value === undefined || isNaN(value) ? fallback : value;
}
function expand(str, options = {}) {
    if (!str) {
        return [];
    }
    const max = bound(options.max, EXPANSION_MAX);
    const maxLength = bound(options.maxLength, EXPANSION_MAX_LENGTH);
    const maxDepth = bound(options.maxDepth, EXPANSION_MAX_DEPTH);
    const maxRewrites = bound(options.maxRewrites, EXPANSION_MAX_REWRITES);
    const maxSteps = bound(options.maxSteps, EXPANSION_MAX_STEPS);
    // I don't know why Bash 4.3 does this, but it does.
    // Anything starting with {} will have the first two bytes preserved
    // but *only* at the top level, so {},a}b will not expand to anything,
    // but a{},b}c will be expanded to [a}c,abc].
    // One could argue that this is a bug in Bash, but since the goal of
    // this module is to match Bash's rules, we escape a leading {}
    if (str.slice(0, 2) === '{}') {
        str = '\\{\\}' + str.slice(2);
    }
    return expand_(escapeBraces(str), max, maxLength, maxDepth, 0, maxRewrites, { remaining: maxSteps }, true).map(unescapeBraces);
}
function embrace(str) {
    return '{' + str + '}';
}
function isPadded(el) {
    return /^-?0\d/.test(el);
}
function lte(i, y) {
    return i <= y;
}
function gte(i, y) {
    return i >= y;
}
// Build `{ acc[a] + pre + values[v] }` for every combination, capping the
// number of results at `max` and the total number of characters at `maxLength`.
// This is the one place output grows, so bounding it here keeps the single
// accumulator - and therefore memory - flat regardless of how many brace groups
// are combined (CVE-2026-14257). Each result built is a step, since `max` and
// `maxLength` bound one combination, not how many brace groups are combined.
function combine(acc, pre, values, max, maxLength, dropEmpties, budget) {
    const out = [];
    let length = 0;
    // Bash drops empty results at the top level, and they don't count against
    // `max`, so `max` bounds the number of *kept* results. Only an empty
    // `acc[a] + pre` can make one, so for those the empty values are skipped
    // without being visited. Visiting them one at a time let a set of empties
    // cost `acc.length * values.length` while keeping nothing.
    let nonEmpty;
    outer: for (let a = 0; a < acc.length; a++) {
        const prefix = acc[a] + pre;
        let vs = values;
        if (dropEmpties && !prefix) {
            if (!nonEmpty)
                nonEmpty = values.filter(v => v);
            vs = nonEmpty;
        }
        for (let v = 0; v < vs.length; v++) {
            if (out.length >= max)
                break outer;
            const expansion = prefix + vs[v];
            if (length + expansion.length > maxLength)
                break outer;
            out.push(expansion);
            length += expansion.length;
        }
    }
    budget.remaining -= out.length;
    return out;
}
// The expansion values of a single numeric (`1..5`) or alphabetic (`a..e..2`)
// sequence body, or `undefined` if the step budget runs out generating them.
function expandSequence(body, isAlphaSequence, max, maxLength, budget) {
    const n = body.split(/\.\./);
    const N = [];
    // A sequence body always splits into two or three parts, but the compiler
    // can't know that.
    /* c8 ignore start */
    if (n[0] === undefined || n[1] === undefined) {
        return N;
    }
    /* c8 ignore stop */
    const x = numeric(n[0]);
    const y = numeric(n[1]);
    const width = Math.max(n[0].length, n[1].length);
    let incr = n.length === 3 && n[2] !== undefined ?
        Math.max(Math.abs(numeric(n[2])), 1)
        : 1;
    let test = lte;
    const reverse = y < x;
    if (reverse) {
        incr *= -1;
        test = gte;
    }
    const pad = n.some(isPadded);
    // A padded value is built a character at a time to `width`, which the input
    // sets, so it costs one step per character: 64KB of
    // `('{' + '0'.repeat(100) + '..99999}').repeat(n)` took 7 seconds charged
    // one step per value.
    const cost = pad ? width : 1;
    let length = 0;
    for (let i = x; test(i, y) && N.length < max; i += incr) {
        // Each value is a step. `max` and `maxLength` bound one sequence, but a
        // chain of them still generated up to `max` values each, however few
        // combining could keep.
        budget.remaining -= cost;
        if (budget.remaining < 0) {
            return undefined;
        }
        let c;
        if (isAlphaSequence) {
            c = String.fromCharCode(i);
            if (c === '\\') {
                c = '';
            }
        }
        else {
            c = String(i);
            if (pad) {
                const need = width - c.length;
                if (need > 0) {
                    const z = new Array(need + 1).join('0');
                    if (i < 0) {
                        c = '-' + z + c.slice(1);
                    }
                    else {
                        c = z + c;
                    }
                }
            }
        }
        if (length + c.length > maxLength)
            break;
        N.push(c);
        length += c.length;
    }
    return N;
}
function expand_(str, max, maxLength, maxDepth, depth, maxRewrites, budget, isTop) {
    // An overdraft here makes the first scan refuse, so `str` stays literal.
    budget.remaining -= CALL_STEPS;
    // Too deeply nested to keep following: treat the rest as literal, the same
    // way a group that cannot expand is already handled. Truncating rather than
    // throwing keeps `expand` total, matching `max` and `maxLength`.
    if (depth > maxDepth) {
        return [str];
    }
    // Consume the string's top-level brace groups left to right, threading a
    // running set of combined prefixes (`acc`). Expanding the tail iteratively -
    // rather than recursing on `m.post` once per group - keeps the native stack
    // depth constant, so deeply chained input (`'{a,b}'.repeat(3000)`) can no
    // longer overflow the stack, and leaves a single accumulator whose size
    // `maxLength` bounds directly (CVE-2026-14257).
    let acc = [''];
    // Bash drops empty results, but only when the *first* top-level group is a
    // comma set - a sequence like `{a..\}` may legitimately yield ''. The drop
    // is on the final strings, so it is applied to whichever `combine` produces
    // them (the one with no brace set left in the tail).
    // How many times the `{a},b}` rewrite below has restarted the scan. Each pass
    // re-reads the whole string, so leaving this unbounded is quadratic.
    let rewrites = 0;
    let dropEmpties = false;
    let firstGroup = true;
    // `str` with its unmatched `{` masked, once a scan has run into them
    let masked = str;
    for (;;) {
        const m = balancedWithBudget(str, masked, budget);
        // No brace set left, or no step budget left to look for one: the rest of
        // the string is literal.
        if (!m) {
            return combine(acc, str, [''], max, maxLength, dropEmpties, budget);
        }
        if (m.unmatched) {
            masked = maskUnmatchedOpens(masked, budget);
        }
        // no need to expand pre, since it is guaranteed to be free of brace-sets
        const pre = m.pre;
        // This set and the rest of the string, literal: for a set that cannot
        // expand, and for one the step budget runs out on. Once it is overdrawn,
        // every set still being expanded, at every level, stays literal like this -
        // otherwise each level above would go on combining, and wrapping and
        // expanding again, results the budget was too small for.
        const literal = () => combine(acc, pre + '{' + m.body + '}' + m.post, [''], max, maxLength, dropEmpties, budget);
        if (/\$$/.test(pre)) {
            acc = combine(acc, pre + '{' + m.body + '}', [''], max, maxLength, dropEmpties && !m.post.length, budget);
            firstGroup = false;
            if (!m.post.length)
                break;
            str = m.post;
            masked = masked.slice(m.end + 1);
            continue;
        }
        const isNumericSequence = /^-?\d+\.\.-?\d+(?:\.\.-?\d+)?$/.test(m.body);
        const isAlphaSequence = /^[a-zA-Z]\.\.[a-zA-Z](?:\.\.-?\d+)?$/.test(m.body);
        const isSequence = isNumericSequence || isAlphaSequence;
        const isOptions = m.body.indexOf(',') >= 0;
        if (!isSequence && !isOptions) {
            // {a},b}
            if (rewrites < maxRewrites && commaSetFollows(m.post, budget)) {
                rewrites++;
                str = m.pre + '{' + m.body + escClose + m.post;
                // Taking a `}` away never gives an unmatched `{` a partner, so what
                // is masked stays unmatched. The `{` it closed can be left without
                // one, and the next scan masks it.
                masked =
                    masked.slice(0, m.end) + escClose + masked.slice(m.end + 1);
                isTop = true;
                continue;
            }
            // Nothing here expands, so the whole remaining string is literal.
            return literal();
        }
        if (firstGroup) {
            dropEmpties = isTop && !isSequence;
            firstGroup = false;
        }
        let values;
        if (isSequence) {
            values = expandSequence(m.body, isAlphaSequence, max, maxLength, budget);
            if (!values) {
                return literal();
            }
        }
        else {
            let n = parseCommaParts(m.body, budget);
            // The step budget ran out partway through the set.
            if (!n) {
                return literal();
            }
            if (n.length === 1 && n[0] !== undefined) {
                // x{{a,b}}y ==> x{a}y x{b}y
                n = expand_(n[0], max, maxLength, maxDepth, depth + 1, maxRewrites, budget, false).map(embrace);
                // The step budget ran out expanding the set's only part.
                if (budget.remaining < 0) {
                    return literal();
                }
                //XXX is this necessary? Can't seem to hit it in tests.
                /* c8 ignore start */
                if (n.length === 1) {
                    const next = combine(acc, pre + n[0], [''], max, maxLength, dropEmpties && !m.post.length, budget);
                    if (budget.remaining < 0) {
                        return literal();
                    }
                    acc = next;
                    if (!m.post.length)
                        break;
                    str = m.post;
                    masked = masked.slice(m.end + 1);
                    continue;
                }
                /* c8 ignore stop */
            }
            // Values that `combine` is going to drop as empty produce no result, so
            // they must not count against `max` - otherwise `{a,,b}` with `max: 2`
            // would stop at `['a', '']` and yield one result instead of two. Skipping
            // them outright keeps `values` bounded while leaving `max` a bound on
            // *kept* results.
            let dropsEmpties = dropEmpties && !m.post.length && !pre;
            for (let d = 0; dropsEmpties && d < acc.length; d++) {
                if (acc[d]) {
                    dropsEmpties = false;
                }
            }
            values = [];
            let valuesLength = 0;
            outer: for (let j = 0; j < n.length; j++) {
                const expanded = expand_(n[j], max, maxLength, maxDepth, depth + 1, maxRewrites, budget, false);
                // The step budget ran out expanding a member.
                if (budget.remaining < 0) {
                    return literal();
                }
                for (let k = 0; k < expanded.length; k++) {
                    const v = expanded[k];
                    if (dropsEmpties && !v)
                        continue;
                    if (values.length >= max ||
                        valuesLength + v.length > maxLength) {
                        break outer;
                    }
                    values.push(v);
                    valuesLength += v.length;
                }
            }
        }
        const next = combine(acc, pre, values, max, maxLength, dropEmpties && !m.post.length, budget);
        // The step budget ran out combining the set's values in.
        if (budget.remaining < 0) {
            return literal();
        }
        acc = next;
        if (!m.post.length)
            break;
        str = m.post;
        masked = masked.slice(m.end + 1);
    }
    return acc;
}
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./node_modules/minimatch/dist/esm/assert-valid-pattern.js
const MAX_PATTERN_LENGTH = 1024 * 64;
const assertValidPattern = (pattern) => {
    if (typeof pattern !== 'string') {
        throw new TypeError('invalid pattern');
    }
    if (pattern.length > MAX_PATTERN_LENGTH) {
        throw new TypeError('pattern is too long');
    }
};
//# sourceMappingURL=assert-valid-pattern.js.map
;// CONCATENATED MODULE: ./node_modules/minimatch/dist/esm/brace-expressions.js
// translate the various posix character classes into unicode properties
// this works across all unicode locales
// { <posix class>: [<translation>, /u flag required, negated]
const posixClasses = {
    '[:alnum:]': ['\\p{L}\\p{Nl}\\p{Nd}', true],
    '[:alpha:]': ['\\p{L}\\p{Nl}', true],
    '[:ascii:]': ['\\x' + '00-\\x' + '7f', false],
    '[:blank:]': ['\\p{Zs}\\t', true],
    '[:cntrl:]': ['\\p{Cc}', true],
    '[:digit:]': ['\\p{Nd}', true],
    '[:graph:]': ['\\p{Z}\\p{C}', true, true],
    '[:lower:]': ['\\p{Ll}', true],
    '[:print:]': ['\\p{C}', true],
    '[:punct:]': ['\\p{P}', true],
    '[:space:]': ['\\p{Z}\\t\\r\\n\\v\\f', true],
    '[:upper:]': ['\\p{Lu}', true],
    '[:word:]': ['\\p{L}\\p{Nl}\\p{Nd}\\p{Pc}', true],
    '[:xdigit:]': ['A-Fa-f0-9', false],
};
// only need to escape a few things inside of brace expressions
// escapes: [ \ ] -
const braceEscape = (s) => s.replace(/[[\]\\-]/g, '\\$&');
// escape all regexp magic characters
const regexpEscape = (s) => s.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&');
// everything has already been escaped, we just have to join
const rangesToString = (ranges) => ranges.join('');
// takes a glob string at a posix brace expression, and returns
// an equivalent regular expression source, and boolean indicating
// whether the /u flag needs to be applied, and the number of chars
// consumed to parse the character class.
// This also removes out of order ranges, and returns ($.) if the
// entire class just no good.
const parseClass = (glob, position) => {
    const pos = position;
    /* c8 ignore start */
    if (glob.charAt(pos) !== '[') {
        throw new Error('not in a brace expression');
    }
    /* c8 ignore stop */
    const ranges = [];
    const negs = [];
    let i = pos + 1;
    let sawStart = false;
    let uflag = false;
    let escaping = false;
    let negate = false;
    let endPos = pos;
    let rangeStart = '';
    WHILE: while (i < glob.length) {
        const c = glob.charAt(i);
        if ((c === '!' || c === '^') && i === pos + 1) {
            negate = true;
            i++;
            continue;
        }
        if (c === ']' && sawStart && !escaping) {
            endPos = i + 1;
            break;
        }
        sawStart = true;
        if (c === '\\') {
            if (!escaping) {
                escaping = true;
                i++;
                continue;
            }
            // escaped \ char, fall through and treat like normal char
        }
        if (c === '[' && !escaping) {
            // either a posix class, a collation equivalent, or just a [
            for (const [cls, [unip, u, neg]] of Object.entries(posixClasses)) {
                if (glob.startsWith(cls, i)) {
                    // invalid, [a-[] is fine, but not [a-[:alpha]]
                    if (rangeStart) {
                        return ['$.', false, glob.length - pos, true];
                    }
                    i += cls.length;
                    if (neg)
                        negs.push(unip);
                    else
                        ranges.push(unip);
                    uflag = uflag || u;
                    continue WHILE;
                }
            }
        }
        // now it's just a normal character, effectively
        escaping = false;
        if (rangeStart) {
            // throw this range away if it's not valid, but others
            // can still match.
            if (c > rangeStart) {
                ranges.push(braceEscape(rangeStart) + '-' + braceEscape(c));
            }
            else if (c === rangeStart) {
                ranges.push(braceEscape(c));
            }
            rangeStart = '';
            i++;
            continue;
        }
        // now might be the start of a range.
        // can be either c-d or c-] or c<more...>] or c] at this point
        if (glob.startsWith('-]', i + 1)) {
            ranges.push(braceEscape(c + '-'));
            i += 2;
            continue;
        }
        if (glob.startsWith('-', i + 1)) {
            rangeStart = c;
            i += 2;
            continue;
        }
        // not the start of a range, just a single character
        ranges.push(braceEscape(c));
        i++;
    }
    if (endPos < i) {
        // didn't see the end of the class, not a valid class,
        // but might still be valid as a literal match.
        return ['', false, 0, false];
    }
    // if we got no ranges and no negates, then we have a range that
    // cannot possibly match anything, and that poisons the whole glob
    if (!ranges.length && !negs.length) {
        return ['$.', false, glob.length - pos, true];
    }
    // if we got one positive range, and it's a single character, then that's
    // not actually a magic pattern, it's just that one literal character.
    // we should not treat that as "magic", we should just return the literal
    // character. [_] is a perfectly valid way to escape glob magic chars.
    if (negs.length === 0 &&
        ranges.length === 1 &&
        /^\\?.$/.test(ranges[0]) &&
        !negate) {
        const r = ranges[0].length === 2 ? ranges[0].slice(-1) : ranges[0];
        return [regexpEscape(r), false, endPos - pos, false];
    }
    const sranges = '[' + (negate ? '^' : '') + rangesToString(ranges) + ']';
    const snegs = '[' + (negate ? '' : '^') + rangesToString(negs) + ']';
    const comb = ranges.length && negs.length ? '(' + sranges + '|' + snegs + ')'
        : ranges.length ? sranges
            : snegs;
    return [comb, uflag, endPos - pos, true];
};
//# sourceMappingURL=brace-expressions.js.map
;// CONCATENATED MODULE: ./node_modules/minimatch/dist/esm/unescape.js
/**
 * Un-escape a string that has been escaped with {@link escape}.
 *
 * If the {@link MinimatchOptions.windowsPathsNoEscape} option is used, then
 * square-bracket escapes are removed, but not backslash escapes.
 *
 * For example, it will turn the string `'[*]'` into `*`, but it will not
 * turn `'\\*'` into `'*'`, because `\` is a path separator in
 * `windowsPathsNoEscape` mode.
 *
 * When `windowsPathsNoEscape` is not set, then both square-bracket escapes and
 * backslash escapes are removed.
 *
 * Slashes (and backslashes in `windowsPathsNoEscape` mode) cannot be escaped
 * or unescaped.
 *
 * When `magicalBraces` is not set, escapes of braces (`{` and `}`) will not be
 * unescaped.
 */
const unescape_unescape = (s, { windowsPathsNoEscape = false, magicalBraces = true, } = {}) => {
    if (magicalBraces) {
        return windowsPathsNoEscape ?
            s.replace(/\[([^/\\])\]/g, '$1')
            : s
                .replace(/((?!\\).|^)\[([^/\\])\]/g, '$1$2')
                .replace(/\\([^/])/g, '$1');
    }
    return windowsPathsNoEscape ?
        s.replace(/\[([^/\\{}])\]/g, '$1')
        : s
            .replace(/((?!\\).|^)\[([^/\\{}])\]/g, '$1$2')
            .replace(/\\([^/{}])/g, '$1');
};
//# sourceMappingURL=unescape.js.map
;// CONCATENATED MODULE: ./node_modules/minimatch/dist/esm/ast.js
// parse a single path portion
var _a;


const types = new Set(['!', '?', '+', '*', '@']);
const isExtglobType = (c) => types.has(c);
const isExtglobAST = (c) => isExtglobType(c.type);
// Map of which extglob types can adopt the children of a nested extglob
//
// anything but ! can adopt a matching type:
// +(a|+(b|c)|d) => +(a|b|c|d)
// *(a|*(b|c)|d) => *(a|b|c|d)
// @(a|@(b|c)|d) => @(a|b|c|d)
// ?(a|?(b|c)|d) => ?(a|b|c|d)
//
// * can adopt anything, because 0 or repetition is allowed
// *(a|?(b|c)|d) => *(a|b|c|d)
// *(a|+(b|c)|d) => *(a|b|c|d)
// *(a|@(b|c)|d) => *(a|b|c|d)
//
// + can adopt @, because 1 or repetition is allowed
// +(a|@(b|c)|d) => +(a|b|c|d)
//
// + and @ CANNOT adopt *, because 0 would be allowed
// +(a|*(b|c)|d) => would match "", on *(b|c)
// @(a|*(b|c)|d) => would match "", on *(b|c)
//
// + and @ CANNOT adopt ?, because 0 would be allowed
// +(a|?(b|c)|d) => would match "", on ?(b|c)
// @(a|?(b|c)|d) => would match "", on ?(b|c)
//
// ? can adopt @, because 0 or 1 is allowed
// ?(a|@(b|c)|d) => ?(a|b|c|d)
//
// ? and @ CANNOT adopt * or +, because >1 would be allowed
// ?(a|*(b|c)|d) => would match bbb on *(b|c)
// @(a|*(b|c)|d) => would match bbb on *(b|c)
// ?(a|+(b|c)|d) => would match bbb on +(b|c)
// @(a|+(b|c)|d) => would match bbb on +(b|c)
//
// ! CANNOT adopt ! (nothing else can either)
// !(a|!(b|c)|d) => !(a|b|c|d) would fail to match on b (not not b|c)
//
// ! can adopt @
// !(a|@(b|c)|d) => !(a|b|c|d)
//
// ! CANNOT adopt *
// !(a|*(b|c)|d) => !(a|b|c|d) would match on bbb, not allowed
//
// ! CANNOT adopt +
// !(a|+(b|c)|d) => !(a|b|c|d) would match on bbb, not allowed
//
// ! CANNOT adopt ?
// x!(a|?(b|c)|d) => x!(a|b|c|d) would fail to match "x"
const adoptionMap = new Map([
    ['!', ['@']],
    ['?', ['?', '@']],
    ['@', ['@']],
    ['*', ['*', '+', '?', '@']],
    ['+', ['+', '@']],
]);
// nested extglobs that can be adopted in, but with the addition of
// a blank '' element.
const adoptionWithSpaceMap = new Map([
    ['!', ['?']],
    ['@', ['?']],
    ['+', ['?', '*']],
]);
// union of the previous two maps
const adoptionAnyMap = new Map([
    ['!', ['?', '@']],
    ['?', ['?', '@']],
    ['@', ['?', '@']],
    ['*', ['*', '+', '?', '@']],
    ['+', ['+', '@', '?', '*']],
]);
// Extglobs that can take over their parent if they are the only child
// the key is parent, value maps child to resulting extglob parent type
// '@' is omitted because it's a special case. An `@` extglob with a single
// member can always be usurped by that subpattern.
const usurpMap = new Map([
    ['!', new Map([['!', '@']])],
    [
        '?',
        new Map([
            ['*', '*'],
            ['+', '*'],
        ]),
    ],
    [
        '@',
        new Map([
            ['!', '!'],
            ['?', '?'],
            ['@', '@'],
            ['*', '*'],
            ['+', '+'],
        ]),
    ],
    [
        '+',
        new Map([
            ['?', '*'],
            ['*', '*'],
        ]),
    ],
]);
// Patterns that get prepended to bind to the start of either the
// entire string, or just a single path portion, to prevent dots
// and/or traversal patterns, when needed.
// Exts don't need the ^ or / bit, because the root binds that already.
const startNoTraversal = '(?!(?:^|/)\\.\\.?(?:$|/))';
const startNoDot = '(?!\\.)';
// characters that indicate a start of pattern needs the "no dots" bit,
// because a dot *might* be matched. ( is not in the list, because in
// the case of a child extglob, it will handle the prevention itself.
const addPatternStart = new Set(['[', '.']);
// cases where traversal is A-OK, no dot prevention needed
const justDots = new Set(['..', '.']);
const reSpecials = new Set('().*{}+?[]^$\\!');
const regExpEscape = (s) => s.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&');
// any single thing other than /
const qmark = '[^/]';
// * => any number of characters
const star = qmark + '*?';
// use + when we need to ensure that *something* matches, because the * is
// the only thing in the path portion.
const starNoEmpty = qmark + '+?';
// remove the \ chars that we added if we end up doing a nonmagic compare
// const deslash = (s: string) => s.replace(/\\(.)/g, '$1')
let ID = 0;
class AST {
    type;
    #root;
    #hasMagic;
    #uflag = false;
    #parts = [];
    #parent;
    #parentIndex;
    #negs;
    #filledNegs = false;
    #options;
    #toString;
    // set to true if it's an extglob with no children
    // (which really means one child of '')
    #emptyExt = false;
    id = ++ID;
    get depth() {
        return (this.#parent?.depth ?? -1) + 1;
    }
    [Symbol.for('nodejs.util.inspect.custom')]() {
        return {
            '@@type': 'AST',
            id: this.id,
            type: this.type,
            root: this.#root.id,
            parent: this.#parent?.id,
            depth: this.depth,
            partsLength: this.#parts.length,
            parts: this.#parts,
        };
    }
    constructor(type, parent, options = {}) {
        this.type = type;
        // extglobs are inherently magical
        if (type)
            this.#hasMagic = true;
        this.#parent = parent;
        this.#root = this.#parent ? this.#parent.#root : this;
        this.#options = this.#root === this ? options : this.#root.#options;
        this.#negs = this.#root === this ? [] : this.#root.#negs;
        if (type === '!' && !this.#root.#filledNegs)
            this.#negs.push(this);
        this.#parentIndex = this.#parent ? this.#parent.#parts.length : 0;
    }
    get hasMagic() {
        /* c8 ignore start */
        if (this.#hasMagic !== undefined)
            return this.#hasMagic;
        /* c8 ignore stop */
        for (const p of this.#parts) {
            if (typeof p === 'string')
                continue;
            if (p.type || p.hasMagic)
                return (this.#hasMagic = true);
        }
        // note: will be undefined until we generate the regexp src and find out
        return this.#hasMagic;
    }
    // reconstructs the pattern
    toString() {
        return (this.#toString !== undefined ? this.#toString
            : !this.type ?
                (this.#toString = this.#parts.map(p => String(p)).join(''))
                : (this.#toString =
                    this.type +
                        '(' +
                        this.#parts.map(p => String(p)).join('|') +
                        ')'));
    }
    #fillNegs() {
        /* c8 ignore start */
        if (this !== this.#root)
            throw new Error('should only call on root');
        if (this.#filledNegs)
            return this;
        /* c8 ignore stop */
        // call toString() once to fill this out
        this.toString();
        this.#filledNegs = true;
        let n;
        while ((n = this.#negs.pop())) {
            if (n.type !== '!')
                continue;
            // walk up the tree, appending everthing that comes AFTER parentIndex
            let p = n;
            let pp = p.#parent;
            while (pp) {
                for (let i = p.#parentIndex + 1; !pp.type && i < pp.#parts.length; i++) {
                    for (const part of n.#parts) {
                        /* c8 ignore start */
                        if (typeof part === 'string') {
                            throw new Error('string part in extglob AST??');
                        }
                        /* c8 ignore stop */
                        part.copyIn(pp.#parts[i]);
                    }
                }
                p = pp;
                pp = p.#parent;
            }
        }
        return this;
    }
    push(...parts) {
        for (const p of parts) {
            if (p === '')
                continue;
            /* c8 ignore start */
            if (typeof p !== 'string' &&
                !(p instanceof _a && p.#parent === this)) {
                throw new Error('invalid part: ' + p);
            }
            /* c8 ignore stop */
            this.#parts.push(p);
        }
    }
    toJSON() {
        const ret = this.type === null ?
            this.#parts
                .slice()
                .map(p => (typeof p === 'string' ? p : p.toJSON()))
            : [this.type, ...this.#parts.map(p => p.toJSON())];
        if (this.isStart() && !this.type)
            ret.unshift([]);
        if (this.isEnd() &&
            (this === this.#root ||
                (this.#root.#filledNegs && this.#parent?.type === '!'))) {
            ret.push({});
        }
        return ret;
    }
    isStart() {
        if (this.#root === this)
            return true;
        // if (this.type) return !!this.#parent?.isStart()
        if (!this.#parent?.isStart())
            return false;
        if (this.#parentIndex === 0)
            return true;
        // if everything AHEAD of this is a negation, then it's still the "start"
        const p = this.#parent;
        for (let i = 0; i < this.#parentIndex; i++) {
            const pp = p.#parts[i];
            if (!(pp instanceof _a && pp.type === '!')) {
                return false;
            }
        }
        return true;
    }
    isEnd() {
        if (this.#root === this)
            return true;
        if (this.#parent?.type === '!')
            return true;
        if (!this.#parent?.isEnd())
            return false;
        if (!this.type)
            return this.#parent?.isEnd();
        // if not root, it'll always have a parent
        /* c8 ignore start */
        const pl = this.#parent ? this.#parent.#parts.length : 0;
        /* c8 ignore stop */
        return this.#parentIndex === pl - 1;
    }
    copyIn(part) {
        if (typeof part === 'string')
            this.push(part);
        else
            this.push(part.clone(this));
    }
    clone(parent) {
        const c = new _a(this.type, parent);
        for (const p of this.#parts) {
            c.copyIn(p);
        }
        return c;
    }
    static #parseAST(str, ast, pos, opt, extDepth) {
        const maxDepth = opt.maxExtglobRecursion ?? 2;
        let escaping = false;
        let inBrace = false;
        let braceStart = -1;
        let braceNeg = false;
        if (ast.type === null) {
            // outside of a extglob, append until we find a start
            let i = pos;
            let acc = '';
            while (i < str.length) {
                const c = str.charAt(i++);
                // still accumulate escapes at this point, but we do ignore
                // starts that are escaped
                if (escaping || c === '\\') {
                    escaping = !escaping;
                    acc += c;
                    continue;
                }
                if (inBrace) {
                    if (i === braceStart + 1) {
                        if (c === '^' || c === '!') {
                            braceNeg = true;
                        }
                    }
                    else if (c === ']' && !(i === braceStart + 2 && braceNeg)) {
                        inBrace = false;
                    }
                    acc += c;
                    continue;
                }
                else if (c === '[') {
                    inBrace = true;
                    braceStart = i;
                    braceNeg = false;
                    acc += c;
                    continue;
                }
                // we don't have to check for adoption here, because that's
                // done at the other recursion point.
                const doRecurse = !opt.noext &&
                    isExtglobType(c) &&
                    str.charAt(i) === '(' &&
                    extDepth <= maxDepth;
                if (doRecurse) {
                    ast.push(acc);
                    acc = '';
                    const ext = new _a(c, ast);
                    i = _a.#parseAST(str, ext, i, opt, extDepth + 1);
                    ast.push(ext);
                    continue;
                }
                acc += c;
            }
            ast.push(acc);
            return i;
        }
        // some kind of extglob, pos is at the (
        // find the next | or )
        let i = pos + 1;
        let part = new _a(null, ast);
        const parts = [];
        let acc = '';
        while (i < str.length) {
            const c = str.charAt(i++);
            // still accumulate escapes at this point, but we do ignore
            // starts that are escaped
            if (escaping || c === '\\') {
                escaping = !escaping;
                acc += c;
                continue;
            }
            if (inBrace) {
                if (i === braceStart + 1) {
                    if (c === '^' || c === '!') {
                        braceNeg = true;
                    }
                }
                else if (c === ']' && !(i === braceStart + 2 && braceNeg)) {
                    inBrace = false;
                }
                acc += c;
                continue;
            }
            else if (c === '[') {
                inBrace = true;
                braceStart = i;
                braceNeg = false;
                acc += c;
                continue;
            }
            const doRecurse = !opt.noext &&
                isExtglobType(c) &&
                str.charAt(i) === '(' &&
                /* c8 ignore start - the maxDepth is sufficient here */
                (extDepth <= maxDepth || (ast && ast.#canAdoptType(c)));
            /* c8 ignore stop */
            if (doRecurse) {
                const depthAdd = ast && ast.#canAdoptType(c) ? 0 : 1;
                part.push(acc);
                acc = '';
                const ext = new _a(c, part);
                part.push(ext);
                i = _a.#parseAST(str, ext, i, opt, extDepth + depthAdd);
                continue;
            }
            if (c === '|') {
                part.push(acc);
                acc = '';
                parts.push(part);
                part = new _a(null, ast);
                continue;
            }
            if (c === ')') {
                if (acc === '' && ast.#parts.length === 0) {
                    ast.#emptyExt = true;
                }
                part.push(acc);
                acc = '';
                ast.push(...parts, part);
                return i;
            }
            acc += c;
        }
        // unfinished extglob
        // if we got here, it was a malformed extglob! not an extglob, but
        // maybe something else in there.
        ast.type = null;
        ast.#hasMagic = undefined;
        ast.#parts = [str.substring(pos - 1)];
        return i;
    }
    #canAdoptWithSpace(child) {
        return this.#canAdopt(child, adoptionWithSpaceMap);
    }
    #canAdopt(child, map = adoptionMap) {
        if (!child ||
            typeof child !== 'object' ||
            child.type !== null ||
            child.#parts.length !== 1 ||
            this.type === null) {
            return false;
        }
        const gc = child.#parts[0];
        if (!gc || typeof gc !== 'object' || gc.type === null) {
            return false;
        }
        return this.#canAdoptType(gc.type, map);
    }
    #canAdoptType(c, map = adoptionAnyMap) {
        return !!map.get(this.type)?.includes(c);
    }
    #adoptWithSpace(child, index) {
        const gc = child.#parts[0];
        const blank = new _a(null, gc, this.options);
        blank.#parts.push('');
        gc.push(blank);
        this.#adopt(child, index);
    }
    #adopt(child, index) {
        const gc = child.#parts[0];
        this.#parts.splice(index, 1, ...gc.#parts);
        for (const p of gc.#parts) {
            if (typeof p === 'object')
                p.#parent = this;
        }
        this.#toString = undefined;
    }
    #canUsurpType(c) {
        const m = usurpMap.get(this.type);
        return !!m?.has(c);
    }
    #canUsurp(child) {
        if (!child ||
            typeof child !== 'object' ||
            child.type !== null ||
            child.#parts.length !== 1 ||
            this.type === null ||
            this.#parts.length !== 1) {
            return false;
        }
        const gc = child.#parts[0];
        if (!gc || typeof gc !== 'object' || gc.type === null) {
            return false;
        }
        return this.#canUsurpType(gc.type);
    }
    #usurp(child) {
        const m = usurpMap.get(this.type);
        const gc = child.#parts[0];
        const nt = m?.get(gc.type);
        /* c8 ignore start - impossible */
        if (!nt)
            return false;
        /* c8 ignore stop */
        this.#parts = gc.#parts;
        for (const p of this.#parts) {
            if (typeof p === 'object') {
                p.#parent = this;
            }
        }
        this.type = nt;
        this.#toString = undefined;
        this.#emptyExt = false;
    }
    static fromGlob(pattern, options = {}) {
        const ast = new _a(null, undefined, options);
        _a.#parseAST(pattern, ast, 0, options, 0);
        return ast;
    }
    // returns the regular expression if there's magic, or the unescaped
    // string if not.
    toMMPattern() {
        // should only be called on root
        /* c8 ignore start */
        if (this !== this.#root)
            return this.#root.toMMPattern();
        /* c8 ignore stop */
        const glob = this.toString();
        const [re, body, hasMagic, uflag] = this.toRegExpSource();
        // if we're in nocase mode, and not nocaseMagicOnly, then we do
        // still need a regular expression if we have to case-insensitively
        // match capital/lowercase characters.
        const anyMagic = hasMagic ||
            this.#hasMagic ||
            (this.#options.nocase &&
                !this.#options.nocaseMagicOnly &&
                glob.toUpperCase() !== glob.toLowerCase());
        if (!anyMagic) {
            return body;
        }
        const flags = (this.#options.nocase ? 'i' : '') + (uflag ? 'u' : '');
        return Object.assign(new RegExp(`^${re}$`, flags), {
            _src: re,
            _glob: glob,
        });
    }
    get options() {
        return this.#options;
    }
    // returns the string match, the regexp source, whether there's magic
    // in the regexp (so a regular expression is required) and whether or
    // not the uflag is needed for the regular expression (for posix classes)
    // TODO: instead of injecting the start/end at this point, just return
    // the BODY of the regexp, along with the start/end portions suitable
    // for binding the start/end in either a joined full-path makeRe context
    // (where we bind to (^|/), or a standalone matchPart context (where
    // we bind to ^, and not /).  Otherwise slashes get duped!
    //
    // In part-matching mode, the start is:
    // - if not isStart: nothing
    // - if traversal possible, but not allowed: ^(?!\.\.?$)
    // - if dots allowed or not possible: ^
    // - if dots possible and not allowed: ^(?!\.)
    // end is:
    // - if not isEnd(): nothing
    // - else: $
    //
    // In full-path matching mode, we put the slash at the START of the
    // pattern, so start is:
    // - if first pattern: same as part-matching mode
    // - if not isStart(): nothing
    // - if traversal possible, but not allowed: /(?!\.\.?(?:$|/))
    // - if dots allowed or not possible: /
    // - if dots possible and not allowed: /(?!\.)
    // end is:
    // - if last pattern, same as part-matching mode
    // - else nothing
    //
    // Always put the (?:$|/) on negated tails, though, because that has to be
    // there to bind the end of the negated pattern portion, and it's easier to
    // just stick it in now rather than try to inject it later in the middle of
    // the pattern.
    //
    // We can just always return the same end, and leave it up to the caller
    // to know whether it's going to be used joined or in parts.
    // And, if the start is adjusted slightly, can do the same there:
    // - if not isStart: nothing
    // - if traversal possible, but not allowed: (?:/|^)(?!\.\.?$)
    // - if dots allowed or not possible: (?:/|^)
    // - if dots possible and not allowed: (?:/|^)(?!\.)
    //
    // But it's better to have a simpler binding without a conditional, for
    // performance, so probably better to return both start options.
    //
    // Then the caller just ignores the end if it's not the first pattern,
    // and the start always gets applied.
    //
    // But that's always going to be $ if it's the ending pattern, or nothing,
    // so the caller can just attach $ at the end of the pattern when building.
    //
    // So the todo is:
    // - better detect what kind of start is needed
    // - return both flavors of starting pattern
    // - attach $ at the end of the pattern when creating the actual RegExp
    //
    // Ah, but wait, no, that all only applies to the root when the first pattern
    // is not an extglob. If the first pattern IS an extglob, then we need all
    // that dot prevention biz to live in the extglob portions, because eg
    // +(*|.x*) can match .xy but not .yx.
    //
    // So, return the two flavors if it's #root and the first child is not an
    // AST, otherwise leave it to the child AST to handle it, and there,
    // use the (?:^|/) style of start binding.
    //
    // Even simplified further:
    // - Since the start for a join is eg /(?!\.) and the start for a part
    // is ^(?!\.), we can just prepend (?!\.) to the pattern (either root
    // or start or whatever) and prepend ^ or / at the Regexp construction.
    toRegExpSource(allowDot) {
        const dot = allowDot ?? !!this.#options.dot;
        if (this.#root === this) {
            this.#flatten();
            this.#fillNegs();
        }
        if (!isExtglobAST(this)) {
            const noEmpty = this.isStart() &&
                this.isEnd() &&
                !this.#parts.some(s => typeof s !== 'string');
            const src = this.#parts
                .map(p => {
                const [re, _, hasMagic, uflag] = typeof p === 'string' ?
                    _a.#parseGlob(p, this.#hasMagic, noEmpty)
                    : p.toRegExpSource(allowDot);
                this.#hasMagic = this.#hasMagic || hasMagic;
                this.#uflag = this.#uflag || uflag;
                return re;
            })
                .join('');
            let start = '';
            if (this.isStart()) {
                if (typeof this.#parts[0] === 'string') {
                    // this is the string that will match the start of the pattern,
                    // so we need to protect against dots and such.
                    // '.' and '..' cannot match unless the pattern is that exactly,
                    // even if it starts with . or dot:true is set.
                    const dotTravAllowed = this.#parts.length === 1 && justDots.has(this.#parts[0]);
                    if (!dotTravAllowed) {
                        const aps = addPatternStart;
                        // check if we have a possibility of matching . or ..,
                        // and prevent that.
                        const needNoTrav = 
                        // dots are allowed, and the pattern starts with [ or .
                        (dot && aps.has(src.charAt(0))) ||
                            // the pattern starts with \., and then [ or .
                            (src.startsWith('\\.') && aps.has(src.charAt(2))) ||
                            // the pattern starts with \.\., and then [ or .
                            (src.startsWith('\\.\\.') && aps.has(src.charAt(4)));
                        // no need to prevent dots if it can't match a dot, or if a
                        // sub-pattern will be preventing it anyway.
                        const needNoDot = !dot && !allowDot && aps.has(src.charAt(0));
                        start =
                            needNoTrav ? startNoTraversal
                                : needNoDot ? startNoDot
                                    : '';
                    }
                }
            }
            // append the "end of path portion" pattern to negation tails
            let end = '';
            if (this.isEnd() &&
                this.#root.#filledNegs &&
                this.#parent?.type === '!') {
                end = '(?:$|\\/)';
            }
            const final = start + src + end;
            return [
                final,
                unescape_unescape(src),
                (this.#hasMagic = !!this.#hasMagic),
                this.#uflag,
            ];
        }
        // We need to calculate the body *twice* if it's a repeat pattern
        // at the start, once in nodot mode, then again in dot mode, so a
        // pattern like *(?) can match 'x.y'
        const repeated = this.type === '*' || this.type === '+';
        // some kind of extglob
        const start = this.type === '!' ? '(?:(?!(?:' : '(?:';
        let body = this.#partsToRegExp(dot);
        if (this.isStart() && this.isEnd() && !body && this.type !== '!') {
            // invalid extglob, has to at least be *something* present, if it's
            // the entire path portion.
            const s = this.toString();
            const me = this;
            me.#parts = [s];
            me.type = null;
            me.#hasMagic = undefined;
            return [s, unescape_unescape(this.toString()), false, false];
        }
        let bodyDotAllowed = !repeated || allowDot || dot || !startNoDot ?
            ''
            : this.#partsToRegExp(true);
        if (bodyDotAllowed === body) {
            bodyDotAllowed = '';
        }
        if (bodyDotAllowed) {
            body = `(?:${body})(?:${bodyDotAllowed})*?`;
        }
        // an empty !() is exactly equivalent to a starNoEmpty
        let final = '';
        if (this.type === '!' && this.#emptyExt) {
            final = (this.isStart() && !dot ? startNoDot : '') + starNoEmpty;
        }
        else {
            const close = this.type === '!' ?
                // !() must match something,but !(x) can match ''
                '))' +
                    (this.isStart() && !dot && !allowDot ? startNoDot : '') +
                    star +
                    ')'
                : this.type === '@' ? ')'
                    : this.type === '?' ? ')?'
                        : this.type === '+' && bodyDotAllowed ? ')'
                            : this.type === '*' && bodyDotAllowed ? `)?`
                                : `)${this.type}`;
            final = start + body + close;
        }
        return [
            final,
            unescape_unescape(body),
            (this.#hasMagic = !!this.#hasMagic),
            this.#uflag,
        ];
    }
    #flatten() {
        if (!isExtglobAST(this)) {
            for (const p of this.#parts) {
                if (typeof p === 'object') {
                    p.#flatten();
                }
            }
        }
        else {
            // do up to 10 passes to flatten as much as possible
            let iterations = 0;
            let done = false;
            do {
                done = true;
                for (let i = 0; i < this.#parts.length; i++) {
                    const c = this.#parts[i];
                    if (typeof c === 'object') {
                        c.#flatten();
                        if (this.#canAdopt(c)) {
                            done = false;
                            this.#adopt(c, i);
                        }
                        else if (this.#canAdoptWithSpace(c)) {
                            done = false;
                            this.#adoptWithSpace(c, i);
                        }
                        else if (this.#canUsurp(c)) {
                            done = false;
                            this.#usurp(c);
                        }
                    }
                }
            } while (!done && ++iterations < 10);
        }
        this.#toString = undefined;
    }
    #partsToRegExp(dot) {
        return this.#parts
            .map(p => {
            // extglob ASTs should only contain parent ASTs
            /* c8 ignore start */
            if (typeof p === 'string') {
                throw new Error('string type in extglob ast??');
            }
            /* c8 ignore stop */
            // can ignore hasMagic, because extglobs are already always magic
            const [re, _, _hasMagic, uflag] = p.toRegExpSource(dot);
            this.#uflag = this.#uflag || uflag;
            return re;
        })
            .filter(p => !(this.isStart() && this.isEnd()) || !!p)
            .join('|');
    }
    static #parseGlob(glob, hasMagic, noEmpty = false) {
        let escaping = false;
        let re = '';
        let uflag = false;
        // multiple stars that aren't globstars coalesce into one *
        let inStar = false;
        for (let i = 0; i < glob.length; i++) {
            const c = glob.charAt(i);
            if (escaping) {
                escaping = false;
                re += (reSpecials.has(c) ? '\\' : '') + c;
                continue;
            }
            if (c === '*') {
                if (inStar)
                    continue;
                inStar = true;
                re += noEmpty && /^[*]+$/.test(glob) ? starNoEmpty : star;
                hasMagic = true;
                continue;
            }
            else {
                inStar = false;
            }
            if (c === '\\') {
                if (i === glob.length - 1) {
                    re += '\\\\';
                }
                else {
                    escaping = true;
                }
                continue;
            }
            if (c === '[') {
                const [src, needUflag, consumed, magic] = parseClass(glob, i);
                if (consumed) {
                    re += src;
                    uflag = uflag || needUflag;
                    i += consumed - 1;
                    hasMagic = hasMagic || magic;
                    continue;
                }
            }
            if (c === '?') {
                re += qmark;
                hasMagic = true;
                continue;
            }
            re += regExpEscape(c);
        }
        return [re, unescape_unescape(glob), !!hasMagic, uflag];
    }
}
_a = AST;
//# sourceMappingURL=ast.js.map
;// CONCATENATED MODULE: ./node_modules/minimatch/dist/esm/escape.js
/**
 * Escape all magic characters in a glob pattern.
 *
 * If the {@link MinimatchOptions.windowsPathsNoEscape}
 * option is used, then characters are escaped by wrapping in `[]`, because
 * a magic character wrapped in a character class can only be satisfied by
 * that exact character.  In this mode, `\` is _not_ escaped, because it is
 * not interpreted as a magic character, but instead as a path separator.
 *
 * If the {@link MinimatchOptions.magicalBraces} option is used,
 * then braces (`{` and `}`) will be escaped.
 */
const escape_escape = (s, { windowsPathsNoEscape = false, magicalBraces = false, } = {}) => {
    // don't need to escape +@! because we escape the parens
    // that make those magic, and escaping ! as [!] isn't valid,
    // because [!]] is a valid glob class meaning not ']'.
    if (magicalBraces) {
        return windowsPathsNoEscape ?
            s.replace(/[?*()[\]{}]/g, '[$&]')
            : s.replace(/[?*()[\]\\{}]/g, '\\$&');
    }
    return windowsPathsNoEscape ?
        s.replace(/[?*()[\]]/g, '[$&]')
        : s.replace(/[?*()[\]\\]/g, '\\$&');
};
//# sourceMappingURL=escape.js.map
;// CONCATENATED MODULE: ./node_modules/minimatch/dist/esm/index.js





const minimatch = (p, pattern, options = {}) => {
    assertValidPattern(pattern);
    // shortcut: comments match nothing.
    if (!options.nocomment && pattern.charAt(0) === '#') {
        return false;
    }
    return new Minimatch(pattern, options).match(p);
};
// Optimized checking for the most common glob patterns.
const starDotExtRE = /^\*+([^+@!?*[(]*)$/;
const starDotExtTest = (ext) => (f) => !f.startsWith('.') && f.endsWith(ext);
const starDotExtTestDot = (ext) => (f) => f.endsWith(ext);
const starDotExtTestNocase = (ext) => {
    ext = ext.toLowerCase();
    return (f) => !f.startsWith('.') && f.toLowerCase().endsWith(ext);
};
const starDotExtTestNocaseDot = (ext) => {
    ext = ext.toLowerCase();
    return (f) => f.toLowerCase().endsWith(ext);
};
const starDotStarRE = /^\*+\.\*+$/;
const starDotStarTest = (f) => !f.startsWith('.') && f.includes('.');
const starDotStarTestDot = (f) => f !== '.' && f !== '..' && f.includes('.');
const dotStarRE = /^\.\*+$/;
const dotStarTest = (f) => f !== '.' && f !== '..' && f.startsWith('.');
const starRE = /^\*+$/;
const starTest = (f) => f.length !== 0 && !f.startsWith('.');
const starTestDot = (f) => f.length !== 0 && f !== '.' && f !== '..';
const qmarksRE = /^\?+([^+@!?*[(]*)?$/;
const qmarksTestNocase = ([$0, ext = '']) => {
    const noext = qmarksTestNoExt([$0]);
    if (!ext)
        return noext;
    ext = ext.toLowerCase();
    return (f) => noext(f) && f.toLowerCase().endsWith(ext);
};
const qmarksTestNocaseDot = ([$0, ext = '']) => {
    const noext = qmarksTestNoExtDot([$0]);
    if (!ext)
        return noext;
    ext = ext.toLowerCase();
    return (f) => noext(f) && f.toLowerCase().endsWith(ext);
};
const qmarksTestDot = ([$0, ext = '']) => {
    const noext = qmarksTestNoExtDot([$0]);
    return !ext ? noext : (f) => noext(f) && f.endsWith(ext);
};
const qmarksTest = ([$0, ext = '']) => {
    const noext = qmarksTestNoExt([$0]);
    return !ext ? noext : (f) => noext(f) && f.endsWith(ext);
};
const qmarksTestNoExt = ([$0]) => {
    const len = $0.length;
    return (f) => f.length === len && !f.startsWith('.');
};
const qmarksTestNoExtDot = ([$0]) => {
    const len = $0.length;
    return (f) => f.length === len && f !== '.' && f !== '..';
};
/* c8 ignore start */
const defaultPlatform = (typeof process === 'object' && process ?
    (typeof process.env === 'object' &&
        process.env &&
        process.env.__MINIMATCH_TESTING_PLATFORM__) ||
        process.platform
    : 'posix');
const path = {
    win32: { sep: '\\' },
    posix: { sep: '/' },
};
/* c8 ignore stop */
const sep = defaultPlatform === 'win32' ? path.win32.sep : path.posix.sep;
minimatch.sep = sep;
const GLOBSTAR = Symbol('globstar **');
minimatch.GLOBSTAR = GLOBSTAR;
// any single thing other than /
// don't need to escape / when using new RegExp()
const esm_qmark = '[^/]';
// * => any number of characters
const esm_star = esm_qmark + '*?';
// ** when dots are allowed.  Anything goes, except .. and .
// not (^ or / followed by one or two dots followed by $ or /),
// followed by anything, any number of times.
const twoStarDot = '(?:(?!(?:\\/|^)(?:\\.{1,2})($|\\/)).)*?';
// not a ^ or / followed by a dot,
// followed by anything, any number of times.
const twoStarNoDot = '(?:(?!(?:\\/|^)\\.).)*?';
const filter = (pattern, options = {}) => (p) => minimatch(p, pattern, options);
minimatch.filter = filter;
const ext = (a, b = {}) => Object.assign({}, a, b);
const defaults = (def) => {
    if (!def || typeof def !== 'object' || !Object.keys(def).length) {
        return minimatch;
    }
    const orig = minimatch;
    const m = (p, pattern, options = {}) => orig(p, pattern, ext(def, options));
    return Object.assign(m, {
        Minimatch: class Minimatch extends orig.Minimatch {
            constructor(pattern, options = {}) {
                super(pattern, ext(def, options));
            }
            static defaults(options) {
                return orig.defaults(ext(def, options)).Minimatch;
            }
        },
        AST: class AST extends orig.AST {
            /* c8 ignore start */
            constructor(type, parent, options = {}) {
                super(type, parent, ext(def, options));
            }
            /* c8 ignore stop */
            static fromGlob(pattern, options = {}) {
                return orig.AST.fromGlob(pattern, ext(def, options));
            }
        },
        unescape: (s, options = {}) => orig.unescape(s, ext(def, options)),
        escape: (s, options = {}) => orig.escape(s, ext(def, options)),
        filter: (pattern, options = {}) => orig.filter(pattern, ext(def, options)),
        defaults: (options) => orig.defaults(ext(def, options)),
        makeRe: (pattern, options = {}) => orig.makeRe(pattern, ext(def, options)),
        braceExpand: (pattern, options = {}) => orig.braceExpand(pattern, ext(def, options)),
        match: (list, pattern, options = {}) => orig.match(list, pattern, ext(def, options)),
        sep: orig.sep,
        GLOBSTAR: GLOBSTAR,
    });
};
minimatch.defaults = defaults;
// Brace expansion:
// a{b,c}d -> abd acd
// a{b,}c -> abc ac
// a{0..3}d -> a0d a1d a2d a3d
// a{b,c{d,e}f}g -> abg acdfg acefg
// a{b,c}d{e,f}g -> abdeg acdeg abdeg abdfg
//
// Invalid sets are not expanded.
// a{2..}b -> a{2..}b
// a{b}c -> a{b}c
const braceExpand = (pattern, options = {}) => {
    assertValidPattern(pattern);
    // Thanks to Yeting Li <https://github.com/yetingli> for
    // improving this regexp to avoid a ReDOS vulnerability.
    if (options.nobrace || !/\{(?:(?!\{).)*\}/.test(pattern)) {
        // shortcut. no need to expand.
        return [pattern];
    }
    return expand(pattern, { max: options.braceExpandMax });
};
minimatch.braceExpand = braceExpand;
// parse a component of the expanded set.
// At this point, no pattern may contain "/" in it
// so we're going to return a 2d array, where each entry is the full
// pattern, split on '/', and then turned into a regular expression.
// A regexp is made at the end which joins each array with an
// escaped /, and another full one which joins each regexp with |.
//
// Following the lead of Bash 4.1, note that "**" only has special meaning
// when it is the *only* thing in a path portion.  Otherwise, any series
// of * is equivalent to a single *.  Globstar behavior is enabled by
// default, and can be disabled by setting options.noglobstar.
const makeRe = (pattern, options = {}) => new Minimatch(pattern, options).makeRe();
minimatch.makeRe = makeRe;
const match = (list, pattern, options = {}) => {
    const mm = new Minimatch(pattern, options);
    list = list.filter(f => mm.match(f));
    if (mm.options.nonull && !list.length) {
        list.push(pattern);
    }
    return list;
};
minimatch.match = match;
// replace stuff like \* with *
const globMagic = /[?*]|[+@!]\(.*?\)|\[|\]/;
const esm_regExpEscape = (s) => s.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&');
class Minimatch {
    options;
    set;
    pattern;
    windowsPathsNoEscape;
    nonegate;
    negate;
    comment;
    empty;
    preserveMultipleSlashes;
    partial;
    globSet;
    globParts;
    nocase;
    isWindows;
    platform;
    windowsNoMagicRoot;
    maxGlobstarRecursion;
    regexp;
    constructor(pattern, options = {}) {
        assertValidPattern(pattern);
        options = options || {};
        this.options = options;
        this.maxGlobstarRecursion = options.maxGlobstarRecursion ?? 200;
        this.pattern = pattern;
        this.platform = options.platform || defaultPlatform;
        this.isWindows = this.platform === 'win32';
        // avoid the annoying deprecation flag lol
        const awe = ('allowWindow' + 'sEscape');
        this.windowsPathsNoEscape =
            !!options.windowsPathsNoEscape || options[awe] === false;
        if (this.windowsPathsNoEscape) {
            this.pattern = this.pattern.replace(/\\/g, '/');
        }
        this.preserveMultipleSlashes = !!options.preserveMultipleSlashes;
        this.regexp = null;
        this.negate = false;
        this.nonegate = !!options.nonegate;
        this.comment = false;
        this.empty = false;
        this.partial = !!options.partial;
        this.nocase = !!this.options.nocase;
        this.windowsNoMagicRoot =
            options.windowsNoMagicRoot !== undefined ?
                options.windowsNoMagicRoot
                : !!(this.isWindows && this.nocase);
        this.globSet = [];
        this.globParts = [];
        this.set = [];
        // make the set of regexps etc.
        this.make();
    }
    hasMagic() {
        if (this.options.magicalBraces && this.set.length > 1) {
            return true;
        }
        for (const pattern of this.set) {
            for (const part of pattern) {
                if (typeof part !== 'string')
                    return true;
            }
        }
        return false;
    }
    debug(..._) { }
    make() {
        const pattern = this.pattern;
        const options = this.options;
        // empty patterns and comments match nothing.
        if (!options.nocomment && pattern.charAt(0) === '#') {
            this.comment = true;
            return;
        }
        if (!pattern) {
            this.empty = true;
            return;
        }
        // step 1: figure out negation, etc.
        this.parseNegate();
        // step 2: expand braces
        this.globSet = [...new Set(this.braceExpand())];
        if (options.debug) {
            //oxlint-disable-next-line no-console
            this.debug = (...args) => console.error(...args);
        }
        this.debug(this.pattern, this.globSet);
        // step 3: now we have a set, so turn each one into a series of
        // path-portion matching patterns.
        // These will be regexps, except in the case of "**", which is
        // set to the GLOBSTAR object for globstar behavior,
        // and will not contain any / characters
        //
        // First, we preprocess to make the glob pattern sets a bit simpler
        // and deduped.  There are some perf-killing patterns that can cause
        // problems with a glob walk, but we can simplify them down a bit.
        const rawGlobParts = this.globSet.map(s => this.slashSplit(s));
        this.globParts = this.preprocess(rawGlobParts);
        this.debug(this.pattern, this.globParts);
        // glob --> regexps
        let set = this.globParts.map((s, _, __) => {
            if (this.isWindows && this.windowsNoMagicRoot) {
                // check if it's a drive or unc path.
                const isUNC = s[0] === '' &&
                    s[1] === '' &&
                    (s[2] === '?' || !globMagic.test(s[2])) &&
                    !globMagic.test(s[3]);
                const isDrive = /^[a-z]:/i.test(s[0]);
                if (isUNC) {
                    return [
                        ...s.slice(0, 4),
                        ...s.slice(4).map(ss => this.parse(ss)),
                    ];
                }
                else if (isDrive) {
                    return [s[0], ...s.slice(1).map(ss => this.parse(ss))];
                }
            }
            return s.map(ss => this.parse(ss));
        });
        this.debug(this.pattern, set);
        // filter out everything that didn't compile properly.
        this.set = set.filter(s => s.indexOf(false) === -1);
        // do not treat the ? in UNC paths as magic
        if (this.isWindows) {
            for (let i = 0; i < this.set.length; i++) {
                const p = this.set[i];
                if (p[0] === '' &&
                    p[1] === '' &&
                    this.globParts[i][2] === '?' &&
                    typeof p[3] === 'string' &&
                    /^[a-z]:$/i.test(p[3])) {
                    p[2] = '?';
                }
            }
        }
        this.debug(this.pattern, this.set);
    }
    // various transforms to equivalent pattern sets that are
    // faster to process in a filesystem walk.  The goal is to
    // eliminate what we can, and push all ** patterns as far
    // to the right as possible, even if it increases the number
    // of patterns that we have to process.
    preprocess(globParts) {
        // if we're not in globstar mode, then turn ** into *
        if (this.options.noglobstar) {
            for (const partset of globParts) {
                for (let j = 0; j < partset.length; j++) {
                    if (partset[j] === '**') {
                        partset[j] = '*';
                    }
                }
            }
        }
        const { optimizationLevel = 1 } = this.options;
        if (optimizationLevel >= 2) {
            // aggressive optimization for the purpose of fs walking
            globParts = this.firstPhasePreProcess(globParts);
            globParts = this.secondPhasePreProcess(globParts);
        }
        else if (optimizationLevel >= 1) {
            // just basic optimizations to remove some .. parts
            globParts = this.levelOneOptimize(globParts);
        }
        else {
            // just collapse multiple ** portions into one
            globParts = this.adjascentGlobstarOptimize(globParts);
        }
        return globParts;
    }
    // just get rid of adjascent ** portions
    adjascentGlobstarOptimize(globParts) {
        return globParts.map(parts => {
            let gs = -1;
            while (-1 !== (gs = parts.indexOf('**', gs + 1))) {
                let i = gs;
                while (parts[i + 1] === '**') {
                    i++;
                }
                if (i !== gs) {
                    parts.splice(gs, i - gs);
                }
            }
            return parts;
        });
    }
    // get rid of adjascent ** and resolve .. portions
    levelOneOptimize(globParts) {
        return globParts.map(parts => {
            parts = parts.reduce((set, part) => {
                const prev = set[set.length - 1];
                if (part === '**' && prev === '**') {
                    return set;
                }
                if (part === '..') {
                    if (prev && prev !== '..' && prev !== '.' && prev !== '**') {
                        set.pop();
                        return set;
                    }
                }
                set.push(part);
                return set;
            }, []);
            return parts.length === 0 ? [''] : parts;
        });
    }
    levelTwoFileOptimize(parts) {
        if (!Array.isArray(parts)) {
            parts = this.slashSplit(parts);
        }
        let didSomething = false;
        do {
            didSomething = false;
            // <pre>/<e>/<rest> -> <pre>/<rest>
            if (!this.preserveMultipleSlashes) {
                for (let i = 1; i < parts.length - 1; i++) {
                    const p = parts[i];
                    // don't squeeze out UNC patterns
                    if (i === 1 && p === '' && parts[0] === '')
                        continue;
                    if (p === '.' || p === '') {
                        didSomething = true;
                        parts.splice(i, 1);
                        i--;
                    }
                }
                if (parts[0] === '.' &&
                    parts.length === 2 &&
                    (parts[1] === '.' || parts[1] === '')) {
                    didSomething = true;
                    parts.pop();
                }
            }
            // <pre>/<p>/../<rest> -> <pre>/<rest>
            let dd = 0;
            while (-1 !== (dd = parts.indexOf('..', dd + 1))) {
                const p = parts[dd - 1];
                if (p &&
                    p !== '.' &&
                    p !== '..' &&
                    p !== '**' &&
                    !(this.isWindows && /^[a-z]:$/i.test(p))) {
                    didSomething = true;
                    parts.splice(dd - 1, 2);
                    dd -= 2;
                }
            }
        } while (didSomething);
        return parts.length === 0 ? [''] : parts;
    }
    // First phase: single-pattern processing
    // <pre> is 1 or more portions
    // <rest> is 1 or more portions
    // <p> is any portion other than ., .., '', or **
    // <e> is . or ''
    //
    // **/.. is *brutal* for filesystem walking performance, because
    // it effectively resets the recursive walk each time it occurs,
    // and ** cannot be reduced out by a .. pattern part like a regexp
    // or most strings (other than .., ., and '') can be.
    //
    // <pre>/**/../<p>/<p>/<rest> -> {<pre>/../<p>/<p>/<rest>,<pre>/**/<p>/<p>/<rest>}
    // <pre>/<e>/<rest> -> <pre>/<rest>
    // <pre>/<p>/../<rest> -> <pre>/<rest>
    // **/**/<rest> -> **/<rest>
    //
    // **/*/<rest> -> */**/<rest> <== not valid because ** doesn't follow
    // this WOULD be allowed if ** did follow symlinks, or * didn't
    firstPhasePreProcess(globParts) {
        let didSomething = false;
        do {
            didSomething = false;
            // <pre>/**/../<p>/<p>/<rest> -> {<pre>/../<p>/<p>/<rest>,<pre>/**/<p>/<p>/<rest>}
            for (let parts of globParts) {
                let gs = -1;
                while (-1 !== (gs = parts.indexOf('**', gs + 1))) {
                    let gss = gs;
                    while (parts[gss + 1] === '**') {
                        // <pre>/**/**/<rest> -> <pre>/**/<rest>
                        gss++;
                    }
                    // eg, if gs is 2 and gss is 4, that means we have 3 **
                    // parts, and can remove 2 of them.
                    if (gss > gs) {
                        parts.splice(gs + 1, gss - gs);
                    }
                    let next = parts[gs + 1];
                    const p = parts[gs + 2];
                    const p2 = parts[gs + 3];
                    if (next !== '..')
                        continue;
                    if (!p ||
                        p === '.' ||
                        p === '..' ||
                        !p2 ||
                        p2 === '.' ||
                        p2 === '..') {
                        continue;
                    }
                    didSomething = true;
                    // edit parts in place, and push the new one
                    parts.splice(gs, 1);
                    const other = parts.slice(0);
                    other[gs] = '**';
                    globParts.push(other);
                    gs--;
                }
                // <pre>/<e>/<rest> -> <pre>/<rest>
                if (!this.preserveMultipleSlashes) {
                    for (let i = 1; i < parts.length - 1; i++) {
                        const p = parts[i];
                        // don't squeeze out UNC patterns
                        if (i === 1 && p === '' && parts[0] === '')
                            continue;
                        if (p === '.' || p === '') {
                            didSomething = true;
                            parts.splice(i, 1);
                            i--;
                        }
                    }
                    if (parts[0] === '.' &&
                        parts.length === 2 &&
                        (parts[1] === '.' || parts[1] === '')) {
                        didSomething = true;
                        parts.pop();
                    }
                }
                // <pre>/<p>/../<rest> -> <pre>/<rest>
                let dd = 0;
                while (-1 !== (dd = parts.indexOf('..', dd + 1))) {
                    const p = parts[dd - 1];
                    if (p && p !== '.' && p !== '..' && p !== '**') {
                        didSomething = true;
                        const needDot = dd === 1 && parts[dd + 1] === '**';
                        const splin = needDot ? ['.'] : [];
                        parts.splice(dd - 1, 2, ...splin);
                        if (parts.length === 0)
                            parts.push('');
                        dd -= 2;
                    }
                }
            }
        } while (didSomething);
        return globParts;
    }
    // second phase: multi-pattern dedupes
    // {<pre>/*/<rest>,<pre>/<p>/<rest>} -> <pre>/*/<rest>
    // {<pre>/<rest>,<pre>/<rest>} -> <pre>/<rest>
    // {<pre>/**/<rest>,<pre>/<rest>} -> <pre>/**/<rest>
    //
    // {<pre>/**/<rest>,<pre>/**/<p>/<rest>} -> <pre>/**/<rest>
    // ^-- not valid because ** doens't follow symlinks
    secondPhasePreProcess(globParts) {
        for (let i = 0; i < globParts.length - 1; i++) {
            for (let j = i + 1; j < globParts.length; j++) {
                const matched = this.partsMatch(globParts[i], globParts[j], !this.preserveMultipleSlashes);
                if (matched) {
                    globParts[i] = [];
                    globParts[j] = matched;
                    break;
                }
            }
        }
        return globParts.filter(gs => gs.length);
    }
    partsMatch(a, b, emptyGSMatch = false) {
        let ai = 0;
        let bi = 0;
        let result = [];
        let which = '';
        while (ai < a.length && bi < b.length) {
            if (a[ai] === b[bi]) {
                result.push(which === 'b' ? b[bi] : a[ai]);
                ai++;
                bi++;
            }
            else if (emptyGSMatch && a[ai] === '**' && b[bi] === a[ai + 1]) {
                result.push(a[ai]);
                ai++;
            }
            else if (emptyGSMatch && b[bi] === '**' && a[ai] === b[bi + 1]) {
                result.push(b[bi]);
                bi++;
            }
            else if (a[ai] === '*' &&
                b[bi] &&
                (this.options.dot || !b[bi].startsWith('.')) &&
                b[bi] !== '**') {
                if (which === 'b')
                    return false;
                which = 'a';
                result.push(a[ai]);
                ai++;
                bi++;
            }
            else if (b[bi] === '*' &&
                a[ai] &&
                (this.options.dot || !a[ai].startsWith('.')) &&
                a[ai] !== '**') {
                if (which === 'a')
                    return false;
                which = 'b';
                result.push(b[bi]);
                ai++;
                bi++;
            }
            else {
                return false;
            }
        }
        // if we fall out of the loop, it means they two are identical
        // as long as their lengths match
        return a.length === b.length && result;
    }
    parseNegate() {
        if (this.nonegate)
            return;
        const pattern = this.pattern;
        let negate = false;
        let negateOffset = 0;
        for (let i = 0; i < pattern.length && pattern.charAt(i) === '!'; i++) {
            negate = !negate;
            negateOffset++;
        }
        if (negateOffset)
            this.pattern = pattern.slice(negateOffset);
        this.negate = negate;
    }
    // set partial to true to test if, for example,
    // "/a/b" matches the start of "/*/b/*/d"
    // Partial means, if you run out of file before you run
    // out of pattern, then that's fine, as long as all
    // the parts match.
    matchOne(file, pattern, partial = false) {
        let fileStartIndex = 0;
        let patternStartIndex = 0;
        // UNC paths like //?/X:/... can match X:/... and vice versa
        // Drive letters in absolute drive or unc paths are always compared
        // case-insensitively.
        if (this.isWindows) {
            const fileDrive = typeof file[0] === 'string' && /^[a-z]:$/i.test(file[0]);
            const fileUNC = !fileDrive &&
                file[0] === '' &&
                file[1] === '' &&
                file[2] === '?' &&
                /^[a-z]:$/i.test(file[3]);
            const patternDrive = typeof pattern[0] === 'string' && /^[a-z]:$/i.test(pattern[0]);
            const patternUNC = !patternDrive &&
                pattern[0] === '' &&
                pattern[1] === '' &&
                pattern[2] === '?' &&
                typeof pattern[3] === 'string' &&
                /^[a-z]:$/i.test(pattern[3]);
            const fdi = fileUNC ? 3
                : fileDrive ? 0
                    : undefined;
            const pdi = patternUNC ? 3
                : patternDrive ? 0
                    : undefined;
            if (typeof fdi === 'number' && typeof pdi === 'number') {
                const [fd, pd] = [
                    file[fdi],
                    pattern[pdi],
                ];
                // start matching at the drive letter index of each
                if (fd.toLowerCase() === pd.toLowerCase()) {
                    pattern[pdi] = fd;
                    patternStartIndex = pdi;
                    fileStartIndex = fdi;
                }
            }
        }
        // resolve and reduce . and .. portions in the file as well.
        // don't need to do the second phase, because it's only one string[]
        const { optimizationLevel = 1 } = this.options;
        if (optimizationLevel >= 2) {
            file = this.levelTwoFileOptimize(file);
        }
        if (pattern.includes(GLOBSTAR)) {
            return this.#matchGlobstar(file, pattern, partial, fileStartIndex, patternStartIndex);
        }
        return this.#matchOne(file, pattern, partial, fileStartIndex, patternStartIndex);
    }
    #matchGlobstar(file, pattern, partial, fileIndex, patternIndex) {
        // split the pattern into head, tail, and middle of ** delimited parts
        const firstgs = pattern.indexOf(GLOBSTAR, patternIndex);
        const lastgs = pattern.lastIndexOf(GLOBSTAR);
        // split the pattern up into globstar-delimited sections
        // the tail has to be at the end, and the others just have
        // to be found in order from the head.
        const [head, body, tail] = partial ?
            [
                pattern.slice(patternIndex, firstgs),
                pattern.slice(firstgs + 1),
                [],
            ]
            : [
                pattern.slice(patternIndex, firstgs),
                pattern.slice(firstgs + 1, lastgs),
                pattern.slice(lastgs + 1),
            ];
        // check the head, from the current file/pattern index.
        if (head.length) {
            const fileHead = file.slice(fileIndex, fileIndex + head.length);
            if (!this.#matchOne(fileHead, head, partial, 0, 0)) {
                return false;
            }
            fileIndex += head.length;
            patternIndex += head.length;
        }
        // now we know the head matches!
        // if the last portion is not empty, it MUST match the end
        // check the tail
        let fileTailMatch = 0;
        if (tail.length) {
            // if head + tail > file, then we cannot possibly match
            if (tail.length + fileIndex > file.length)
                return false;
            // try to match the tail
            let tailStart = file.length - tail.length;
            if (this.#matchOne(file, tail, partial, tailStart, 0)) {
                fileTailMatch = tail.length;
            }
            else {
                // affordance for stuff like a/**/* matching a/b/
                // if the last file portion is '', and there's more to the pattern
                // then try without the '' bit.
                if (file[file.length - 1] !== '' ||
                    fileIndex + tail.length === file.length) {
                    return false;
                }
                tailStart--;
                if (!this.#matchOne(file, tail, partial, tailStart, 0)) {
                    return false;
                }
                fileTailMatch = tail.length + 1;
            }
        }
        // now we know the tail matches!
        // the middle is zero or more portions wrapped in **, possibly
        // containing more ** sections.
        // so a/**/b/**/c/**/d has become **/b/**/c/**
        // if it's empty, it means a/**/b, just verify we have no bad dots
        // if there's no tail, so it ends on /**, then we must have *something*
        // after the head, or it's not a matc
        if (!body.length) {
            let sawSome = !!fileTailMatch;
            for (let i = fileIndex; i < file.length - fileTailMatch; i++) {
                const f = String(file[i]);
                sawSome = true;
                if (f === '.' ||
                    f === '..' ||
                    (!this.options.dot && f.startsWith('.'))) {
                    return false;
                }
            }
            // in partial mode, we just need to get past all file parts
            return partial || sawSome;
        }
        // now we know that there's one or more body sections, which can
        // be matched anywhere from the 0 index (because the head was pruned)
        // through to the length-fileTailMatch index.
        // split the body up into sections, and note the minimum index it can
        // be found at (start with the length of all previous segments)
        // [section, before, after]
        const bodySegments = [[[], 0]];
        let currentBody = bodySegments[0];
        let nonGsParts = 0;
        const nonGsPartsSums = [0];
        for (const b of body) {
            if (b === GLOBSTAR) {
                nonGsPartsSums.push(nonGsParts);
                currentBody = [[], 0];
                bodySegments.push(currentBody);
            }
            else {
                currentBody[0].push(b);
                nonGsParts++;
            }
        }
        let i = bodySegments.length - 1;
        const fileLength = file.length - fileTailMatch;
        for (const b of bodySegments) {
            b[1] = fileLength - (nonGsPartsSums[i--] + b[0].length);
        }
        return !!this.#matchGlobStarBodySections(file, bodySegments, fileIndex, 0, partial, 0, !!fileTailMatch);
    }
    // return false for "nope, not matching"
    // return null for "not matching, cannot keep trying"
    #matchGlobStarBodySections(file, 
    // pattern section, last possible position for it
    bodySegments, fileIndex, bodyIndex, partial, globStarDepth, sawTail) {
        // take the first body segment, and walk from fileIndex to its "after"
        // value at the end
        // If it doesn't match at that position, we increment, until we hit
        // that final possible position, and give up.
        // If it does match, then advance and try to rest.
        // If any of them fail we keep walking forward.
        // this is still a bit recursively painful, but it's more constrained
        // than previous implementations, because we never test something that
        // can't possibly be a valid matching condition.
        const bs = bodySegments[bodyIndex];
        if (!bs) {
            // just make sure that there's no bad dots
            for (let i = fileIndex; i < file.length; i++) {
                sawTail = true;
                const f = file[i];
                if (f === '.' ||
                    f === '..' ||
                    (!this.options.dot && f.startsWith('.'))) {
                    return false;
                }
            }
            return sawTail;
        }
        // have a non-globstar body section to test
        const [body, after] = bs;
        while (fileIndex <= after) {
            const m = this.#matchOne(file.slice(0, fileIndex + body.length), body, partial, fileIndex, 0);
            // if limit exceeded, no match. intentional false negative,
            // acceptable break in correctness for security.
            if (m && globStarDepth < this.maxGlobstarRecursion) {
                // match! see if the rest match. if so, we're done!
                const sub = this.#matchGlobStarBodySections(file, bodySegments, fileIndex + body.length, bodyIndex + 1, partial, globStarDepth + 1, sawTail);
                if (sub !== false) {
                    return sub;
                }
            }
            const f = file[fileIndex];
            if (f === '.' ||
                f === '..' ||
                (!this.options.dot && f.startsWith('.'))) {
                return false;
            }
            fileIndex++;
        }
        // walked off. no point continuing
        return partial || null;
    }
    #matchOne(file, pattern, partial, fileIndex, patternIndex) {
        let fi;
        let pi;
        let pl;
        let fl;
        for (fi = fileIndex,
            pi = patternIndex,
            fl = file.length,
            pl = pattern.length; fi < fl && pi < pl; fi++, pi++) {
            this.debug('matchOne loop');
            let p = pattern[pi];
            let f = file[fi];
            this.debug(pattern, p, f);
            // should be impossible.
            // some invalid regexp stuff in the set.
            /* c8 ignore start */
            if (p === false || p === GLOBSTAR) {
                return false;
            }
            /* c8 ignore stop */
            // something other than **
            // non-magic patterns just have to match exactly
            // patterns with magic have been turned into regexps.
            let hit;
            if (typeof p === 'string') {
                hit = f === p;
                this.debug('string match', p, f, hit);
            }
            else {
                hit = p.test(f);
                this.debug('pattern match', p, f, hit);
            }
            if (!hit)
                return false;
        }
        // Note: ending in / means that we'll get a final ""
        // at the end of the pattern.  This can only match a
        // corresponding "" at the end of the file.
        // If the file ends in /, then it can only match a
        // a pattern that ends in /, unless the pattern just
        // doesn't have any more for it. But, a/b/ should *not*
        // match "a/b/*", even though "" matches against the
        // [^/]*? pattern, except in partial mode, where it might
        // simply not be reached yet.
        // However, a/b/ should still satisfy a/*
        // now either we fell off the end of the pattern, or we're done.
        if (fi === fl && pi === pl) {
            // ran out of pattern and filename at the same time.
            // an exact hit!
            return true;
        }
        else if (fi === fl) {
            // ran out of file, but still had pattern left.
            // this is ok if we're doing the match as part of
            // a glob fs traversal.
            return partial;
        }
        else if (pi === pl) {
            // ran out of pattern, still have file left.
            // this is only acceptable if we're on the very last
            // empty segment of a file with a trailing slash.
            // a/* should match a/b/
            return fi === fl - 1 && file[fi] === '';
            /* c8 ignore start */
        }
        else {
            // should be unreachable.
            throw new Error('wtf?');
        }
        /* c8 ignore stop */
    }
    braceExpand() {
        return braceExpand(this.pattern, this.options);
    }
    parse(pattern) {
        assertValidPattern(pattern);
        const options = this.options;
        // shortcuts
        if (pattern === '**')
            return GLOBSTAR;
        if (pattern === '')
            return '';
        // far and away, the most common glob pattern parts are
        // *, *.*, and *.<ext>  Add a fast check method for those.
        let m;
        let fastTest = null;
        if ((m = pattern.match(starRE))) {
            fastTest = options.dot ? starTestDot : starTest;
        }
        else if ((m = pattern.match(starDotExtRE))) {
            fastTest = (options.nocase ?
                options.dot ?
                    starDotExtTestNocaseDot
                    : starDotExtTestNocase
                : options.dot ? starDotExtTestDot
                    : starDotExtTest)(m[1]);
        }
        else if ((m = pattern.match(qmarksRE))) {
            fastTest = (options.nocase ?
                options.dot ?
                    qmarksTestNocaseDot
                    : qmarksTestNocase
                : options.dot ? qmarksTestDot
                    : qmarksTest)(m);
        }
        else if ((m = pattern.match(starDotStarRE))) {
            fastTest = options.dot ? starDotStarTestDot : starDotStarTest;
        }
        else if ((m = pattern.match(dotStarRE))) {
            fastTest = dotStarTest;
        }
        const re = AST.fromGlob(pattern, this.options).toMMPattern();
        if (fastTest && typeof re === 'object') {
            // Avoids overriding in frozen environments
            Reflect.defineProperty(re, 'test', { value: fastTest });
        }
        return re;
    }
    makeRe() {
        if (this.regexp || this.regexp === false)
            return this.regexp;
        // at this point, this.set is a 2d array of partial
        // pattern strings, or "**".
        //
        // It's better to use .match().  This function shouldn't
        // be used, really, but it's pretty convenient sometimes,
        // when you just want to work with a regex.
        const set = this.set;
        if (!set.length) {
            this.regexp = false;
            return this.regexp;
        }
        const options = this.options;
        const twoStar = options.noglobstar ? esm_star
            : options.dot ? twoStarDot
                : twoStarNoDot;
        const flags = new Set(options.nocase ? ['i'] : []);
        // regexpify non-globstar patterns
        // if ** is only item, then we just do one twoStar
        // if ** is first, and there are more, prepend (\/|twoStar\/)? to next
        // if ** is last, append (\/twoStar|) to previous
        // if ** is in the middle, append (\/|\/twoStar\/) to previous
        // then filter out GLOBSTAR symbols
        let re = set
            .map(pattern => {
            const pp = pattern.map(p => {
                if (p instanceof RegExp) {
                    for (const f of p.flags.split(''))
                        flags.add(f);
                }
                return (typeof p === 'string' ? esm_regExpEscape(p)
                    : p === GLOBSTAR ? GLOBSTAR
                        : p._src);
            });
            pp.forEach((p, i) => {
                const next = pp[i + 1];
                const prev = pp[i - 1];
                if (p !== GLOBSTAR || prev === GLOBSTAR) {
                    return;
                }
                if (prev === undefined) {
                    if (next !== undefined && next !== GLOBSTAR) {
                        pp[i + 1] = '(?:\\/|' + twoStar + '\\/)?' + next;
                    }
                    else {
                        pp[i] = twoStar;
                    }
                }
                else if (next === undefined) {
                    pp[i - 1] = prev + '(?:\\/|\\/' + twoStar + ')?';
                }
                else if (next !== GLOBSTAR) {
                    pp[i - 1] = prev + '(?:\\/|\\/' + twoStar + '\\/)' + next;
                    pp[i + 1] = GLOBSTAR;
                }
            });
            const filtered = pp.filter(p => p !== GLOBSTAR);
            // For partial matches, we need to make the pattern match
            // any prefix of the full path. We do this by generating
            // alternative patterns that match progressively longer prefixes.
            if (this.partial && filtered.length >= 1) {
                const prefixes = [];
                for (let i = 1; i <= filtered.length; i++) {
                    prefixes.push(filtered.slice(0, i).join('/'));
                }
                return '(?:' + prefixes.join('|') + ')';
            }
            return filtered.join('/');
        })
            .join('|');
        // need to wrap in parens if we had more than one thing with |,
        // otherwise only the first will be anchored to ^ and the last to $
        const [open, close] = set.length > 1 ? ['(?:', ')'] : ['', ''];
        // must match entire pattern
        // ending in a * or ** will make it less strict.
        re = '^' + open + re + close + '$';
        // In partial mode, '/' should always match as it's a valid prefix for any pattern
        if (this.partial) {
            re = '^(?:\\/|' + open + re.slice(1, -1) + close + ')$';
        }
        // can match anything, as long as it's not this.
        if (this.negate)
            re = '^(?!' + re + ').+$';
        try {
            this.regexp = new RegExp(re, [...flags].join(''));
            /* c8 ignore start */
        }
        catch {
            // should be impossible
            this.regexp = false;
        }
        /* c8 ignore stop */
        return this.regexp;
    }
    slashSplit(p) {
        // if p starts with // on windows, we preserve that
        // so that UNC paths aren't broken.  Otherwise, any number of
        // / characters are coalesced into one, unless
        // preserveMultipleSlashes is set to true.
        if (this.preserveMultipleSlashes) {
            return p.split('/');
        }
        else if (this.isWindows && /^\/\/[^/]+/.test(p)) {
            // add an extra '' for the one we lose
            return ['', ...p.split(/\/+/)];
        }
        else {
            return p.split(/\/+/);
        }
    }
    match(f, partial = this.partial) {
        this.debug('match', f, this.pattern);
        // short-circuit in the case of busted things.
        // comments, etc.
        if (this.comment) {
            return false;
        }
        if (this.empty) {
            return f === '';
        }
        if (f === '/' && partial) {
            return true;
        }
        const options = this.options;
        // windows: need to use /, not \
        if (this.isWindows) {
            f = f.split('\\').join('/');
        }
        // treat the test path as a set of pathparts.
        const ff = this.slashSplit(f);
        this.debug(this.pattern, 'split', ff);
        // just ONE of the pattern sets in this.set needs to match
        // in order for it to be valid.  If negating, then just one
        // match means that we have failed.
        // Either way, return on the first hit.
        const set = this.set;
        this.debug(this.pattern, 'set', set);
        // Find the basename of the path by looking for the last non-empty segment
        let filename = ff[ff.length - 1];
        if (!filename) {
            for (let i = ff.length - 2; !filename && i >= 0; i--) {
                filename = ff[i];
            }
        }
        for (const pattern of set) {
            let file = ff;
            if (options.matchBase && pattern.length === 1) {
                file = [filename];
            }
            const hit = this.matchOne(file, pattern, partial);
            if (hit) {
                if (options.flipNegate) {
                    return true;
                }
                return !this.negate;
            }
        }
        // didn't get any hits.  this is success if it's a negative
        // pattern, failure otherwise.
        if (options.flipNegate) {
            return false;
        }
        return this.negate;
    }
    static defaults(def) {
        return minimatch.defaults(def).Minimatch;
    }
}
/* c8 ignore start */



/* c8 ignore stop */
minimatch.AST = AST;
minimatch.Minimatch = Minimatch;
minimatch.escape = escape_escape;
minimatch.unescape = unescape_unescape;
//# sourceMappingURL=index.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXTERNAL MODULE: ./src/core.ts
var core = __nccwpck_require__(10828);
// EXTERNAL MODULE: ./src/version.ts
var src_version = __nccwpck_require__(311);
;// CONCATENATED MODULE: ./src/classify.ts

const MERGED_PR_EVENTS = new Set(['pull_request', 'pull_request_target']);
// A full release fires `published` and `released`; a prerelease `published` and `prereleased`; promoting a
// prerelease fires only `released`. Subscribing to [prereleased, released] sees each publication once.
const RELEASE_ACTIONS = {
    published: 'published release',
    released: 'full release (action released)',
    prereleased: 'prerelease (action prereleased)'
};
const UNKNOWN_DEFAULT = 'the default branch is unknown (no repository in the payload): set the default-branch input';
/** The default branch: the input when given, else the repository's default from the event payload. */
function defaultBranchOf(ctx, input) {
    return input || ctx.payload.repository?.default_branch || undefined;
}
/**
 * Classifies a run from its context alone (pure). A tag still needs the git check that its commit is on the
 * default branch; resolveRelease() does that.
 */
function classifyEvent(ctx, defaultBranch) {
    const { eventName, payload } = ctx;
    const none = (reason) => ({ kind: 'none', reason });
    const needBranch = () => defaultBranch;
    if (eventName === 'push') {
        const ref = payload.ref || ctx.ref;
        if (payload.deleted)
            return none(`the push deleted ${(0,src_version/* show */.WU)(ref)}; a deleted ref publishes nothing`);
        if (ref.startsWith('refs/tags/'))
            return tagTrigger(ref.slice('refs/tags/'.length), ctx.sha, 'tag push');
        if (ref.startsWith('refs/heads/')) {
            const branch = ref.slice('refs/heads/'.length);
            const main = needBranch();
            if (!main)
                return none(UNKNOWN_DEFAULT);
            if (branch === main)
                return { kind: 'branch', reason: `push to the default branch '${main}'`, sha: ctx.sha, branch: main };
            return none(`push to branch ${(0,src_version/* show */.WU)(branch)}, not the default branch '${main}'`);
        }
        return none(`push to ${(0,src_version/* show */.WU)(ref)}, which is neither a branch nor a tag`);
    }
    if (MERGED_PR_EVENTS.has(eventName)) {
        const pr = payload.pull_request;
        if (!pr)
            return none(`the ${eventName} payload has no pull_request`);
        if (payload.action !== 'closed')
            return none(`pull request ${payload.action ?? 'event'}: only a merged pull request publishes`);
        if (pr.merged !== true)
            return none('pull request closed without merging');
        const main = needBranch();
        const base = pr.base?.ref ?? '';
        if (!main)
            return none(UNKNOWN_DEFAULT);
        if (base !== main)
            return none(`pull request merged into ${(0,src_version/* show */.WU)(base)}, not the default branch '${main}'`);
        return {
            kind: 'branch',
            reason: `pull request merged into the default branch '${main}'`,
            sha: pr.merge_commit_sha || ctx.sha,
            branch: main
        };
    }
    if (eventName === 'workflow_run')
        return workflowRunTrigger(ctx, defaultBranch);
    if (eventName === 'release') {
        const what = RELEASE_ACTIONS[payload.action ?? ''];
        if (!what)
            return none(`release ${payload.action ?? 'event'}: only published, released and prereleased releases publish`);
        const release = payload.release;
        const tag = release?.tag_name ?? '';
        if (!tag)
            return none('the release payload has no tag_name');
        const trigger = tagTrigger(tag, ctx.sha, what);
        if (trigger.kind === 'tag' && release?.prerelease && !trigger.prerelease)
            return { ...trigger, prerelease: true, reason: `${trigger.reason}, marked as a prerelease on GitHub` };
        return trigger;
    }
    return none(`event '${eventName}' does not publish (only pushes to the default branch, merged pull requests, release tags, published releases and successful workflow runs of those pushes do)`);
}
/**
 * A completed run of another workflow (`on: workflow_run`), the usual way to publish only what the test workflow
 * passed: its push is classified as if it were this run's, at the commit it tested (`head_sha`). For a tag push
 * GitHub puts the tag's name in `head_branch`.
 */
function workflowRunTrigger(ctx, main) {
    const none = (reason) => ({ kind: 'none', reason });
    const run = ctx.payload.workflow_run;
    if (!run)
        return none('the workflow_run payload has no workflow_run');
    const name = `workflow run ${(0,src_version/* show */.WU)(run.name ?? '?')}`;
    if (ctx.payload.action !== 'completed')
        return none(`${name} ${ctx.payload.action ?? 'event'}: only a completed run publishes`);
    if (run.conclusion !== 'success')
        return none(`${name} concluded ${(0,src_version/* show */.WU)(run.conclusion ?? 'nothing')}: only a successful run publishes`);
    const sha = run.head_sha ?? '';
    if (!sha)
        return none(`${name} has no head_sha`);
    if (run.event !== 'push')
        return none(`${name} ran for a ${(0,src_version/* show */.WU)(run.event ?? '?')} event: only runs for pushes publish`);
    const from = run.head_repository?.full_name;
    const here = ctx.payload.repository?.full_name;
    if (from && here && from !== here)
        return none(`${name} ran on ${(0,src_version/* show */.WU)(from)}, not on ${(0,src_version/* show */.WU)(here)}`);
    const ref = run.head_branch ?? '';
    if (main && ref === main)
        return {
            kind: 'branch',
            reason: `${name} succeeded for a push to the default branch '${main}'`,
            sha,
            branch: main
        };
    // The payload does not say whether head_branch was a branch or a tag; a release-shaped name is read as the tag
    // (a branch named like one would still have to be on an allowed branch to publish).
    if ((0,src_version/* parseReleaseTag */.rE)(ref))
        return tagTrigger(ref, sha, `${name} succeeded for a push`);
    if (!main)
        return none(UNKNOWN_DEFAULT);
    return none(`${name} succeeded for a push to ${(0,src_version/* show */.WU)(ref)}, which is neither the default branch '${main}' nor a release tag`);
}
function tagTrigger(tag, sha, what) {
    const parsed = (0,src_version/* parseReleaseTag */.rE)(tag);
    if (!parsed)
        return {
            kind: 'none',
            reason: `${what} of tag ${(0,src_version/* show */.WU)(tag)}, which is not a release version (X.Y.Z or vX.Y.Z, optionally -prerelease, no +build)`
        };
    return { kind: 'tag', reason: `${what} of tag ${(0,src_version/* show */.WU)(tag)}`, sha, tag, ...parsed };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
;// CONCATENATED MODULE: ./src/context.ts



/**
 * Reads the run's context from the variables the runner sets. In a reusable workflow (workflow_call) the
 * runner hands the called workflow the caller's event, so nothing special is needed for that shape.
 */
function readContext(env = process.env) {
    const eventName = env.GITHUB_EVENT_NAME ?? '';
    if (!eventName)
        throw new errors/* InputError */.dz('GITHUB_EVENT_NAME', 'is not set: run this action from a GitHub workflow, or set it as the runner does.');
    const eventPath = env.GITHUB_EVENT_PATH ?? '';
    if (!eventPath)
        throw new errors/* InputError */.dz('GITHUB_EVENT_PATH', 'is not set: the runner points it at the event payload file.');
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(eventPath, 'utf8');
    }
    catch {
        throw new errors/* InputError */.dz('GITHUB_EVENT_PATH', `the event file '${eventPath}' cannot be read.`);
    }
    return {
        eventName,
        ref: env.GITHUB_REF ?? '',
        sha: env.GITHUB_SHA ?? '',
        repository: env.GITHUB_REPOSITORY ?? '',
        payload: parsePayload(text, eventPath),
        workspace: env.GITHUB_WORKSPACE || process.cwd(),
        apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
        serverUrl: env.GITHUB_SERVER_URL || 'https://github.com'
    };
}
function parsePayload(text, where = 'event payload') {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (err) {
        throw new errors/* InputError */.dz('GITHUB_EVENT_PATH', `the event payload in '${where}' is not valid JSON (${err.message}).`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
        throw new errors/* InputError */.dz('GITHUB_EVENT_PATH', `the event payload in '${where}' is not a JSON object.`);
    const p = value;
    const checks = [
        [p.action, 'string', 'action'],
        [p.ref, 'string', 'ref'],
        [p.deleted, 'boolean', 'deleted'],
        [p.repository, 'object', 'repository'],
        [p.pull_request, 'object', 'pull_request'],
        [p.release, 'object', 'release'],
        [p.workflow_run, 'object', 'workflow_run']
    ];
    for (const [field, type, name] of checks)
        if (field !== undefined && field !== null && typeof field !== type)
            throw new errors/* InputError */.dz('GITHUB_EVENT_PATH', `the event payload field '${name}' should be a ${type}.`);
    // The default branch ends up in messages and git refspecs: a newline in it could inject a workflow command.
    const branch = p.repository?.default_branch;
    if (branch !== undefined && branch !== null && (typeof branch !== 'string' || !(0,src_version/* isBranchName */.Q8)(branch)))
        throw new errors/* InputError */.dz('GITHUB_EVENT_PATH', `the event payload field 'repository.default_branch' is not a branch name: ${(0,src_version/* show */.WU)(String(branch))}.`);
    // head_sha becomes a git argument: only a commit id, never something git could read as an option.
    const head = p.workflow_run?.head_sha;
    if (head !== undefined &&
        head !== null &&
        (typeof head !== 'string' || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(head)))
        throw new errors/* InputError */.dz('GITHUB_EVENT_PATH', `the event payload field 'workflow_run.head_sha' is not a commit id: ${(0,src_version/* show */.WU)(String(head))}.`);
    return p;
}

// EXTERNAL MODULE: ./src/inside.ts
var inside = __nccwpck_require__(50063);
;// CONCATENATED MODULE: ./src/git.ts
/** A thin adapter over the git command line in one checkout. */
class Git {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    async run(args) {
        try {
            // Loaded on the first git command: a run with release-type and version given asks git nothing.
            const { getExecOutput } = await __nccwpck_require__.e(/* import() */ 260).then(__nccwpck_require__.bind(__nccwpck_require__, 81260));
            const r = await getExecOutput('git', args, { cwd: this.dir, silent: true, ignoreReturnCode: true });
            return { code: r.exitCode, out: r.stdout.trim(), err: r.stderr.trim() };
        }
        catch (err) {
            // git missing, or the folder does not exist: not a checkout we can ask.
            return { code: 127, out: '', err: err.message };
        }
    }
    async isRepository() {
        return (await this.run(['rev-parse', '--git-dir'])).code === 0;
    }
    async isShallow() {
        return (await this.run(['rev-parse', '--is-shallow-repository'])).out === 'true';
    }
    async hasCommit(sha) {
        return (await this.run(['cat-file', '-e', `${sha}^{commit}`])).code === 0;
    }
    /** The first of the candidate refs that exists locally. */
    async firstRef(candidates) {
        for (const ref of candidates)
            if ((await this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).code === 0)
                return ref;
        return undefined;
    }
    /** true / false when git knows; undefined when it cannot tell (objects missing). */
    async isAncestor(sha, ref) {
        const r = await this.run(['merge-base', '--is-ancestor', sha, ref]);
        if (r.code === 0)
            return true;
        if (r.code === 1)
            return false;
        return undefined;
    }
    async fetch(args) {
        return (await this.run(['fetch', '--no-tags', '--quiet', ...args])).code === 0;
    }
    /** The output of a git command that names one thing, or undefined when git fails or prints nothing. */
    async one(args) {
        const r = await this.run(args);
        return r.code === 0 && r.out ? r.out : undefined;
    }
    /** Full ref names under the prefixes (refs/heads/, refs/remotes/origin/), those containing a commit if given. */
    async refs(prefixes, containing) {
        const contains = containing ? ['--contains', containing] : [];
        const r = await this.run(['for-each-ref', ...contains, '--format=%(refname)', ...prefixes]);
        return r.code === 0 && r.out ? r.out.split('\n') : [];
    }
    async countCommits(range) {
        const r = await this.run(['rev-list', '--count', range]);
        if (r.code !== 0)
            throw new Error(`git rev-list --count ${range} failed: ${r.err}`);
        return Number(r.out);
    }
}

// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 7 modules
var esm = __nccwpck_require__(33581);
;// CONCATENATED MODULE: ./src/release.ts



function isAllowed(name, allowed) {
    return name === allowed.defaultBranch || allowed.globs.some(glob => (0,esm/* minimatch */.xF)(name, glob));
}
/** The default branch first, then the others newest-looking first (release/0.44.x before release/0.9.x). */
function triedOrder(names, defaultBranch) {
    const others = [...new Set(names)].filter(n => n !== defaultBranch);
    others.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    return [defaultBranch, ...others];
}
/** Turns the event's trigger into a release, checking tags against the default branch with git. */
async function resolveRelease(trigger, overrides, facts) {
    const explicit = overrides.version ? overrides.version.replace(/^v/, '') : '';
    if (overrides.releaseType !== 'auto')
        return forced(trigger, overrides, explicit, facts);
    if (trigger.kind === 'none')
        return { type: 'none', version: '', reason: trigger.reason, prerelease: false };
    if (trigger.kind === 'branch') {
        const version = explicit || (await facts.devVersion(trigger.sha, trigger.branch));
        return { type: 'dev', version, reason: trigger.reason, prerelease: true };
    }
    const defaultBranch = overrides.defaultBranch;
    if (!defaultBranch)
        throw new errors/* InputError */.dz('default-branch', 'the default branch is unknown: the event payload has no repository; set this input.');
    const allowed = { defaultBranch, globs: overrides.releaseBranches };
    const check = await facts.branchContaining(trigger.sha, allowed);
    const branch = check.branch;
    if (!branch)
        return {
            type: 'none',
            version: '',
            reason: `${trigger.reason}: ${notAllowed(trigger.sha, check, allowed)}`,
            prerelease: trigger.prerelease,
            tag: trigger.tag,
            warn: true
        };
    return {
        type: trigger.prerelease ? 'dev' : 'stable',
        version: explicit || trigger.version,
        reason: trigger.prerelease
            ? `${trigger.reason} on '${branch}': a prerelease, published as a dev release`
            : `${trigger.reason} on '${branch}'`,
        prerelease: trigger.prerelease,
        tag: trigger.tag
    };
}
/** Why a release tag publishes nothing: its commit, the branches tried and what to change. */
function notAllowed(sha, check, allowed) {
    const commit = `its commit ${sha.slice(0, 7)} is not on the default branch '${allowed.defaultBranch}'`;
    if (allowed.globs.length === 0)
        return `${commit} and release-branches is empty, so nothing is published (if releases are tagged on release branches, set release-branches, e.g. release/*)`;
    const others = check.tried.filter(b => b !== allowed.defaultBranch);
    const shown = others.slice(0, 10).map(b => (0,src_version/* show */.WU)(b));
    if (others.length > shown.length)
        shown.push(`and ${others.length - shown.length} more`);
    const tried = others.length ? `tried ${shown.join(', ')}` : 'no branch matches them';
    return `${commit} nor on a branch matching release-branches '${allowed.globs.join(', ')}' (${tried}), so nothing is published`;
}
async function forced(trigger, overrides, explicit, facts) {
    const type = overrides.releaseType === 'stable' ? 'stable' : 'dev';
    const reason = `release-type forced to '${type}' (the event alone says: ${trigger.reason})`;
    const tagVersion = trigger.kind === 'tag' ? trigger.version : '';
    if (type === 'dev') {
        const [sha, branch] = trigger.kind === 'branch' ? [trigger.sha, trigger.branch] : [overrides.sha, overrides.branch];
        const version = explicit || tagVersion || (await facts.devVersion(sha, branch));
        return { type, version, reason, prerelease: true, tag: trigger.kind === 'tag' ? trigger.tag : undefined };
    }
    const version = explicit || tagVersion;
    if (!version)
        throw new errors/* InputError */.dz('version', "release-type 'stable' needs a version: run on a release tag or set the version input.");
    if ((0,src_version/* parseReleaseTag */.rE)(version)?.prerelease !== false)
        throw new errors/* InputError */.dz('release-type', `'stable' with version '${version}' is refused: only X.Y.Z versions are stable; prereleases and builds go to the dev repositories.`);
    return { type, version, reason, prerelease: false, tag: trigger.kind === 'tag' ? trigger.tag : undefined };
}

;// CONCATENATED MODULE: ./src/facts.ts



const SHALLOW_ADVICE = "the checkout is shallow, so the commits since the last release tag cannot be counted: set 'fetch-depth: 0' on actions/checkout, or pass the version input";
// Where a checkout keeps branches: actions/checkout fetches them as origin's; tests and local clones have heads.
const REMOTE = 'refs/remotes/origin/';
const LOCAL = 'refs/heads/';
/**
 * The release facts from the checkout's git history, fetching what is missing, with the GitHub API as the
 * fallback when there is no usable history. When neither can answer it throws rather than guess.
 */
function gitFacts(dir, api) {
    const git = new Git(dir);
    /** Which allowed branch holds the commit, by what git has; undefined when git cannot tell. */
    async function fromGit(sha, allowed) {
        if ((await git.isShallow()) || !(await git.hasCommit(sha)))
            return undefined;
        // Each branch by name, with origin's ref when there is one (what was just fetched), else the local one.
        const refOf = new Map();
        for (const prefix of [REMOTE, LOCAL])
            for (const ref of await git.refs([prefix])) {
                const name = ref.slice(prefix.length);
                if (name !== 'HEAD' && !refOf.has(name))
                    refOf.set(name, ref);
            }
        if (!refOf.has(allowed.defaultBranch))
            return undefined;
        const tried = triedOrder([...refOf.keys()].filter(name => isAllowed(name, allowed)), allowed.defaultBranch);
        const containing = new Set(await git.refs([REMOTE, LOCAL], sha));
        return { branch: tried.find(name => containing.has(refOf.get(name) ?? '')), tried };
    }
    return {
        async branchContaining(sha, allowed) {
            if (await git.isRepository()) {
                let answer = await fromGit(sha, allowed);
                if (!answer?.branch) {
                    // No answer, or "on none of them": the checkout may lack the branches (a shallow tag checkout, or one
                    // made before the release branch was pushed). Fetch the ones the inputs name and ask again.
                    const unshallow = (await git.isShallow()) ? ['--unshallow'] : [];
                    await git.fetch([...unshallow, 'origin', ...refspecs(allowed)]);
                    answer = (await fromGit(sha, allowed)) ?? answer;
                }
                if (answer)
                    return answer;
            }
            if (api)
                return fromApi(api, sha, allowed);
            throw new Error(`cannot tell whether commit ${sha.slice(0, 7)} is on the default branch '${allowed.defaultBranch}': git history is missing ` +
                "(check out with 'fetch-depth: 0') and no github-token was given for the compare API fallback");
        },
        // falcosecurity/libs cmake/modules/GetVersionFromGit.cmake (get_version_from_git), command for command, but
        // asked about the commit being published rather than the checkout's HEAD.
        async devVersion(sha, branch) {
            if (!(await git.isRepository()))
                throw new Error(`${dir} is not a git checkout, so no dev version can be worked out: check out the repository or pass the version input`);
            if (await git.isShallow())
                throw new Error(SHALLOW_ADVICE);
            if (!(await git.hasCommit(sha)))
                throw new Error(`commit ${sha.slice(0, 7)} is not in the checkout at ${dir}: pass the version input`);
            const sha7 = sha.slice(0, 7);
            const exact = await git.one(['describe', '--tags', '--exact-match', '--match', '*', sha]);
            if (exact) {
                const parsed = (0,src_version/* parseReleaseTag */.rE)(exact);
                if (!parsed)
                    throw new Error(`commit ${sha7} carries the tag ${(0,src_version/* show */.WU)(exact)}, which Falco's version scheme takes as the version, but it is not a release version (X.Y.Z or X.Y.Z-pre): move the tag or pass the version input`);
                return parsed.version;
            }
            const branchTag = branch?.startsWith('release/')
                ? await git.one(['describe', '--tags', '--match', '*.*.*', '--abbrev=0', sha])
                : undefined;
            // libs only sees X.Y.Z tags; vX.Y.Z ones are looked at when there are none, so v-tagged projects count too.
            const highestTag = (await highestMatching(git, 'refs/tags/[0-9]*.[0-9]*.[0-9]')) ??
                (await highestMatching(git, 'refs/tags/v[0-9]*.[0-9]*.[0-9]'));
            const base = (0,src_version/* devBase */.bh)({ branch, branchTag, highestTag });
            if (!base)
                return (0,src_version/* devVersion */.c9)(undefined, await git.countCommits(sha), sha);
            const tagCommit = await git.one(['rev-list', '-n', '1', `refs/tags/${base.tag}`]);
            const mergeBase = tagCommit && (await git.one(['merge-base', sha, tagCommit]));
            if (!mergeBase)
                throw new Error(`commit ${sha7} shares no history with tag ${(0,src_version/* show */.WU)(base.tag)}, so the commits since it cannot be counted: pass the version input`);
            return (0,src_version/* devVersion */.c9)(base.next, await git.countCommits(`${mergeBase}..${sha}`), sha);
        }
    };
}
/** `git for-each-ref --count=1 --sort=-version:refname <pattern>`, as libs asks for the highest tag. */
async function highestMatching(git, pattern) {
    const ref = await git.one([
        'for-each-ref',
        '--count=1',
        '--sort=-version:refname',
        '--format=%(refname)',
        pattern
    ]);
    return ref?.slice('refs/tags/'.length);
}
/**
 * Fetch refspecs for the default branch and every release-branches glob: a glob is fetched from its literal
 * prefix on (`release/*` → `refs/heads/release/*`) and matched exactly afterwards. Globs are always fetched as
 * patterns, since one literal refspec the remote lacks would fail the whole fetch.
 */
function refspecs(allowed) {
    const specs = [`+${LOCAL}${allowed.defaultBranch}:${REMOTE}${allowed.defaultBranch}`];
    for (const glob of allowed.globs) {
        const special = glob.search(/[*?[{]/);
        const name = `${special < 0 ? glob : glob.slice(0, special)}*`;
        specs.push(`+${LOCAL}${name}:${REMOTE}${name}`);
    }
    return [...new Set(specs)];
}
async function fromApi(api, sha, allowed) {
    const others = allowed.globs.length ? (await api.branches()).filter(name => isAllowed(name, allowed)) : [];
    const tried = triedOrder([allowed.defaultBranch, ...others], allowed.defaultBranch);
    for (const branch of tried) {
        // base = the tag's commit, head = the branch: "behind"/"diverged" means the branch lacks it.
        const status = await api.compare(sha, branch);
        if (status === 'ahead' || status === 'identical')
            return { branch, tried };
    }
    return { tried };
}

;// CONCATENATED MODULE: ./src/github.ts
/**
 * The GitHub REST API, loaded only when used: @actions/github is large and most runs never need it.
 * `apiUrl` comes from GITHUB_API_URL, so GitHub Enterprise Server (and a loopback fake in tests) work too.
 */
function compareApi(token, repository, apiUrl) {
    const [owner, repo] = repository.split('/');
    if (!token || !owner || !repo)
        return undefined;
    const octokit = async () => (await __nccwpck_require__.e(/* import() */ 351).then(__nccwpck_require__.bind(__nccwpck_require__, 61351))).getOctokit(token, { baseUrl: apiUrl });
    return {
        async compare(base, head) {
            const res = await (await octokit()).rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}`, per_page: 1 });
            return res.data.status;
        },
        async branches() {
            const client = await octokit();
            const all = await client.paginate(client.rest.repos.listBranches, { owner, repo, per_page: 100 });
            return all.map(b => b.name);
        }
    };
}

// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var src_inputs = __nccwpck_require__(67980);
// EXTERNAL MODULE: ./src/plan.ts
var src_plan = __nccwpck_require__(22464);
;// CONCATENATED MODULE: ./src/kinds.ts
/** Publishers are loaded only for the kind in use, so a run parses only the code it needs. */
async function publisherFor(kind) {
    switch (kind) {
        case 'packages':
            return (await Promise.all(/* import() */[__nccwpck_require__.e(74), __nccwpck_require__.e(118), __nccwpck_require__.e(339), __nccwpck_require__.e(901)]).then(__nccwpck_require__.bind(__nccwpck_require__, 95901))).packagesPublisher;
        case 'summary':
            // main.ts hands kind summary to src/workflow/summary.ts before any publisher is needed.
            throw new Error("kind 'summary' merges publication records and has no publisher");
        case 'resign':
            // main.ts hands kind resign to src/packages/resign.ts: it re-signs what is there, with no release.
            throw new Error("kind 'resign' re-signs a repository and has no publisher");
        case 'drivers':
            return (await Promise.all(/* import() */[__nccwpck_require__.e(88), __nccwpck_require__.e(815), __nccwpck_require__.e(399)]).then(__nccwpck_require__.bind(__nccwpck_require__, 56399))).driversPublisher;
        case 'images':
            return (await Promise.all(/* import() */[__nccwpck_require__.e(88), __nccwpck_require__.e(931)]).then(__nccwpck_require__.bind(__nccwpck_require__, 59931))).imagesPublisher;
    }
}

// EXTERNAL MODULE: ./src/redact.ts
var redact = __nccwpck_require__(76670);
// EXTERNAL MODULE: ./src/report.ts
var report = __nccwpck_require__(70665);
// EXTERNAL MODULE: ./src/stores/open.ts + 1 modules
var stores_open = __nccwpck_require__(53560);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
// EXTERNAL MODULE: ./src/workflow/artifacts.ts
var artifacts = __nccwpck_require__(73790);
// EXTERNAL MODULE: ./src/github/retry.ts
var retry = __nccwpck_require__(48129);
;// CONCATENATED MODULE: ./src/workflow/checks.ts



/**
 * Decides, for every required name, whether it passed on the commit. A check run counts when its newest run
 * completed with `success`; a name with no check run may be a commit status context instead, which counts
 * when its newest state is `success`. Anything else (missing, still running, failed, skipped, neutral) does
 * not: publishing is only for what demonstrably passed.
 */
function evaluateChecks(required, runs, statuses) {
    const verdict = { passed: [], problems: [] };
    for (const name of required) {
        const named = runs.filter(r => r.name === name).sort(newestRunFirst);
        const run = named[0];
        if (run) {
            if (run.status !== 'completed')
                verdict.problems.push(`${(0,src_version/* show */.WU)(name)} is still ${run.status}`);
            else if (run.conclusion === 'success')
                verdict.passed.push(name);
            else
                verdict.problems.push(`${(0,src_version/* show */.WU)(name)} concluded ${run.conclusion ?? 'without a conclusion'}`);
            continue;
        }
        // The statuses API lists newest first; the first entry per context is its current state.
        const status = statuses.find(s => s.context === name);
        if (status) {
            if (status.state === 'success')
                verdict.passed.push(name);
            else
                verdict.problems.push(`${(0,src_version/* show */.WU)(name)} (commit status) is ${status.state}`);
            continue;
        }
        verdict.problems.push(`${(0,src_version/* show */.WU)(name)} has not run on this commit`);
    }
    return verdict;
}
function newestRunFirst(a, b) {
    const ta = a.started_at ? Date.parse(a.started_at) : 0;
    const tb = b.started_at ? Date.parse(b.started_at) : 0;
    return tb - ta || b.id - a.id;
}
/** Fails unless every required check passed on `sha`; says which did not, and what was there. */
async function verifyChecks(required, sha, api) {
    if (!sha)
        throw new errors/* InputError */.dz('require-checks', 'the run has no commit (GITHUB_SHA is empty) to check.');
    const runs = await api.checkRuns(sha);
    const needStatuses = required.some(name => !runs.some(r => r.name === name));
    const statuses = needStatuses ? await api.statuses(sha) : [];
    const verdict = evaluateChecks(required, runs, statuses);
    if (verdict.problems.length > 0) {
        const seen = [...new Set([...runs.map(r => r.name), ...statuses.map(s => s.context)])].sort();
        throw new errors/* PublishError */.S1(`Input 'require-checks': not publishing commit ${sha.slice(0, 7)}: ${verdict.problems.join('; ')}. ` +
            `Checks on the commit: ${seen.length ? seen.map(n => (0,src_version/* show */.WU)(n)).join(', ') : 'none'}.`);
    }
    return verdict.passed;
}
/**
 * The checks of a commit through the GitHub REST API (octokit loaded on first use, as in ../github.ts).
 * `apiUrl` comes from GITHUB_API_URL, so GitHub Enterprise Server and a loopback fake in tests work too.
 * The token needs `checks: read` and `statuses: read`.
 */
function checksApi(token, repository, apiUrl) {
    const [owner, repo] = repository.split('/');
    if (!token)
        throw new errors/* InputError */.dz('github-token', 'is empty, but require-checks reads the commit checks through the GitHub API; leave it at its default.');
    if (!owner || !repo)
        throw new errors/* InputError */.dz('require-checks', `GITHUB_REPOSITORY ${(0,src_version/* show */.WU)(repository)} is not owner/name.`);
    const octokit = async () => {
        const { getOctokit } = await __nccwpck_require__.e(/* import() */ 351).then(__nccwpck_require__.bind(__nccwpck_require__, 61351));
        return getOctokit(token, { baseUrl: apiUrl });
    };
    return {
        checkRuns: sha => retrying(`list check runs of ${sha.slice(0, 7)}`, async () => {
            const o = await octokit();
            const runs = await o.paginate(o.rest.checks.listForRef, {
                owner,
                repo,
                ref: sha,
                filter: 'latest',
                per_page: 100
            });
            return runs.map(r => ({
                id: r.id,
                name: r.name,
                status: r.status,
                conclusion: r.conclusion,
                started_at: r.started_at
            }));
        }),
        statuses: sha => retrying(`list commit statuses of ${sha.slice(0, 7)}`, async () => {
            const o = await octokit();
            const list = await o.paginate(o.rest.repos.listCommitStatusesForRef, {
                owner,
                repo,
                ref: sha,
                per_page: 100
            });
            return list.map(s => ({ id: s.id, context: s.context, state: s.state }));
        })
    };
}
const retrying = (what, fn) => (0,retry/* githubRetrying */.A)(what, "'checks: read' and 'statuses: read' permissions", fn);

// EXTERNAL MODULE: ./src/workflow/record.ts
var workflow_record = __nccwpck_require__(26968);
// EXTERNAL MODULE: ./src/log.ts
var log = __nccwpck_require__(25625);
;// CONCATENATED MODULE: ./src/workflow/handoff.ts









/**
 * The commit being published: the merge commit of a merged pull request, the tested commit of a workflow_run,
 * else the run's commit.
 */
function publishedCommit(ctx) {
    const pr = ctx.payload.pull_request;
    const tested = ctx.eventName === 'workflow_run' ? ctx.payload.workflow_run?.head_sha : undefined;
    return (pr?.merged && pr.merge_commit_sha) || tested || ctx.sha;
}
/** Fails unless every `require-checks` name passed on the commit being published. */
async function requireChecks(inputs, ctx, deps = {}) {
    if (inputs.requireChecks.length === 0)
        return;
    const sha = publishedCommit(ctx);
    const api = deps.checks ?? checksApi(inputs.githubToken, ctx.repository, ctx.apiUrl);
    const passed = await verifyChecks(inputs.requireChecks, sha, api);
    log/* info */.pq(`Required checks passed on ${sha.slice(0, 7)}: ${passed.join(', ')}`);
}
/**
 * Downloads the `artifact` input's artifacts of this run into a fresh folder under RUNNER_TEMP and returns it:
 * `files` globs are then resolved from there. Without the input, the workspace stays the base.
 */
async function fetchArtifacts(inputs, ctx, env = process.env, deps = {}) {
    if (!inputs.artifact)
        return ctx.workspace;
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'publish-artifacts-'));
    const client = await (deps.artifacts ?? artifacts/* defaultArtifactClient */.h)();
    const got = await (0,artifacts/* downloadArtifacts */.U)(inputs.artifact, dir, client, Math.min(inputs.concurrency, 4));
    for (const a of got.artifacts)
        log/* info */.pq(`${a.name}: ${a.files} file(s)`);
    log/* info */.pq(`files are resolved from ${dir}`);
    return dir;
}
/**
 * Uploads the publication record when `record-artifact` is set, also for dry runs and failed runs (a summary
 * job wants to show those too). Returns the failure message when the upload failed: a later job depends on it.
 */
async function saveRecord(state, env = process.env, deps = {}) {
    const { inputs } = state;
    if (!inputs?.recordArtifact)
        return undefined;
    try {
        const record = (0,workflow_record/* makeRecord */.Uo)({
            name: inputs.recordArtifact,
            kind: inputs.kind,
            release: state.release,
            plan: state.plan,
            published: state.published,
            destination: state.destination,
            dryRun: inputs.dryRun,
            error: state.error
        }, env);
        const client = await (deps.artifacts ?? artifacts/* defaultArtifactClient */.h)();
        const res = await (0,workflow_record/* uploadRecord */.nT)(record, client, env.RUNNER_TEMP || (0,external_node_os_.tmpdir)());
        log/* info */.pq(`Publication record uploaded as artifact '${inputs.recordArtifact}' (id ${res.id ?? '?'})`);
        return undefined;
    }
    catch (err) {
        return (0,redact/* redact */.E$)(`Input 'record-artifact': could not upload the publication record: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
}

;// CONCATENATED MODULE: ./src/main.ts
















/** The whole run: context → classify → plan → apply → report. */
async function run(env = process.env) {
    // kind summary merges other jobs' publication records: no classification, no destination (issue 7).
    if (core/* getInput */.V4('kind').trim() === 'summary')
        return (await __nccwpck_require__.e(/* import() */ 157).then(__nccwpck_require__.bind(__nccwpck_require__, 64157))).summarize(env);
    // kind resign re-signs a whole repository with the current signing-key: no classification (issue 17).
    if (core/* getInput */.V4('kind').trim() === 'resign')
        return (await Promise.all(/* import() */[__nccwpck_require__.e(74), __nccwpck_require__.e(118), __nccwpck_require__.e(339), __nccwpck_require__.e(901), __nccwpck_require__.e(632)]).then(__nccwpck_require__.bind(__nccwpck_require__, 95632))).resignRun(env);
    let inputs;
    let planned;
    let release;
    let published = [];
    let extraOutputs = {};
    let destination;
    let store;
    let opening;
    let failure;
    try {
        inputs = (0,src_inputs/* getInputs */.GP)();
        const ctx = readContext(env);
        (0,inside/* allowRoots */.f8)(ctx.workspace);
        const current = inputs;
        destination = current.destination ? (0,stores_open/* parseDestination */.G)(current.destination, ctx.workspace) : undefined;
        release = await log/* group */.Os('Classify release', () => classify(ctx, current));
        log/* info */.pq(`${release.type}${release.version ? ` ${release.version}` : ''}: ${release.reason}`);
        core/* setOutput */.uH('release-type', release.type);
        core/* setOutput */.uH('version', release.version);
        if (release.type === 'none') {
            // A release tag that publishes nothing is most likely a misconfiguration: say so loudly.
            if (release.warn)
                log/* warning */.$e(`Nothing published: ${release.reason}.`);
            else
                log/* notice */.lm(`Nothing published: ${release.reason}.`);
            return;
        }
        const dest = destination;
        const publishCtx = {
            inputs: current,
            release,
            run: ctx,
            baseDir: ctx.workspace,
            destination: dest,
            // One store however many callers ask at once (the drivers plan asks while it reads the configs); a store
            // that failed to open is tried again by the next caller, which then reports the error.
            store: async () => {
                if (!dest)
                    throw new Error('this kind needs the destination input');
                opening ??= (0,stores_open/* openStore */.C)(dest, current).then(opened => (store = opened), (err) => {
                    opening = undefined;
                    throw err;
                });
                return opening;
            }
        };
        if (current.requireChecks.length > 0)
            await log/* group */.Os('Required checks', () => requireChecks(current, ctx));
        if (current.artifact) {
            publishCtx.baseDir = await log/* group */.Os('Download artifacts', () => fetchArtifacts(current, ctx, env));
            (0,inside/* allowRoots */.f8)(publishCtx.baseDir);
        }
        const publisher = await publisherFor(current.kind);
        const plan = await log/* group */.Os('Plan', async () => {
            const p = await publisher.plan(publishCtx);
            log/* info */.pq((0,src_plan/* describePlan */.df)(p));
            return p;
        });
        planned = plan;
        const classified = release;
        // github-release is planned before anything is written: a conflicting stable asset stops the run here.
        const releaseStep = current.githubRelease
            ? await log/* group */.Os('Plan GitHub release assets', async () => (await Promise.all(/* import() */[__nccwpck_require__.e(74), __nccwpck_require__.e(752), __nccwpck_require__.e(774)]).then(__nccwpck_require__.bind(__nccwpck_require__, 11774))).planRelease(plan, current, classified, ctx))
            : undefined;
        if (current.dryRun) {
            published = (0,src_plan/* plannedEntries */.NR)(plan);
            log/* info */.pq('Dry run: nothing was written.');
            return;
        }
        published = await log/* group */.Os(`Publish ${current.kind}`, () => publisher.apply(plan, publishCtx))
            .catch((err) => {
            // What did land is still reported (e.g. the digest a version tag really has after a lost race).
            if (err instanceof errors/* PartialPublishError */.vp) {
                published = err.published;
                extraOutputs = publisher.outputs?.(published) ?? {};
            }
            throw err;
        });
        extraOutputs = publisher.outputs?.(published) ?? {};
        // Around the repositories (issue 17): only once everything landed.
        if (current.cloudfrontDistributionId) {
            const { invalidateCdn } = await Promise.all(/* import() */[__nccwpck_require__.e(143), __nccwpck_require__.e(397), __nccwpck_require__.e(726)]).then(__nccwpck_require__.bind(__nccwpck_require__, 52726));
            const done = published;
            Object.assign(extraOutputs, await log/* group */.Os('Invalidate CloudFront', () => invalidateCdn(done, current, dest, env)));
        }
        if (releaseStep) {
            const { applyRelease } = await Promise.all(/* import() */[__nccwpck_require__.e(74), __nccwpck_require__.e(752), __nccwpck_require__.e(774)]).then(__nccwpck_require__.bind(__nccwpck_require__, 11774));
            const assets = await log/* group */.Os('Upload GitHub release assets', () => applyRelease(releaseStep));
            published = [...published, ...assets];
        }
    }
    catch (err) {
        failure = (0,redact/* redact */.E$)((0,errors/* errorMessage */.gJ)(err));
    }
    finally {
        await store?.close().catch(() => undefined);
        // Outputs first, so a later step can read what happened even when this one fails.
        (0,report/* setOutputs */.n0)(release, published, extraOutputs);
        const destinationShown = destination?.display && (0,redact/* redact */.E$)(destination.display);
        const state = { inputs, release, plan: planned, published, destination: destinationShown, error: failure };
        const recordFailure = await saveRecord(state, env);
        failure ??= recordFailure;
        await (0,report/* writeSummary */.Sy)({
            kind: inputs?.kind ?? '?',
            release,
            published,
            dryRun: inputs?.dryRun ?? false,
            error: failure,
            destination: destination?.display
        }).catch(err => log/* warning */.$e(`could not write the job summary: ${(0,errors/* errorMessage */.gJ)(err)}`));
        if (failure)
            log/* fail */.fJ(failure);
    }
}
async function classify(ctx, inputs) {
    const defaultBranch = defaultBranchOf(ctx, inputs.defaultBranch);
    if (core/* isDebug */._o())
        log/* debug */.Yz(`event payload: ${(0,redact/* redact */.E$)(JSON.stringify(ctx.payload))}`);
    const trigger = classifyEvent(ctx, defaultBranch);
    const facts = gitFacts(ctx.workspace, compareApi(inputs.githubToken, ctx.repository, ctx.apiUrl));
    return resolveRelease(trigger, {
        releaseType: inputs.releaseType,
        version: inputs.version,
        defaultBranch,
        releaseBranches: inputs.releaseBranches,
        sha: ctx.sha,
        branch: ctx.ref.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : undefined
    }, facts);
}

;// CONCATENATED MODULE: ./src/index.ts
// The action's entry point: all logic lives in main.ts so tests can import run() without side effects.

void run();

