export const id = 931;
export const ids = [931];
export const modules = {

/***/ 59148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PH: () => (/* binding */ expandBraces),
/* harmony export */   sA: () => (/* binding */ resolveFiles)
/* harmony export */ });
/* unused harmony export checkFileName */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _inside_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(50063);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(311);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(25625);






/**
 * Expands `{a,b}` alternatives (nested too), which @actions/glob does not: `*.{deb,rpm}` => `*.deb`, `*.rpm`.
 */
function expandBraces(pattern) {
    let depth = 0;
    let start = -1;
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === '{' && depth++ === 0)
            start = i;
        else if (ch === '}' && depth > 0 && --depth === 0) {
            const inner = pattern.slice(start + 1, i);
            const parts = splitTopLevel(inner);
            if (parts.length < 2)
                continue;
            const head = pattern.slice(0, start);
            const tail = pattern.slice(i + 1);
            return parts.flatMap(part => expandBraces(head + part + tail));
        }
    }
    return [pattern];
}
function splitTopLevel(text) {
    const parts = [];
    let depth = 0;
    let current = '';
    for (const ch of text) {
        if (ch === ',' && depth === 0) {
            parts.push(current);
            current = '';
            continue;
        }
        if (ch === '{')
            depth++;
        if (ch === '}')
            depth--;
        current += ch;
    }
    parts.push(current);
    return parts;
}
/** Checks a file's own name before it becomes part of an object key. */
function checkFileName(path) {
    const name = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path);
    if ((0,_version_js__WEBPACK_IMPORTED_MODULE_4__/* .hasControlChars */ .jt)(name) ||
        name.includes('\\') ||
        name.includes('..') ||
        name.startsWith('.') ||
        name.includes('/'))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('files', `the file name ${(0,_version_js__WEBPACK_IMPORTED_MODULE_4__/* .show */ .WU)(name)} is not publishable: no control or bidi characters, backslashes, '..' or leading dot.`);
    return name;
}
/**
 * Resolves the `files` globs (relative to `baseDir`) to regular files, sorted and de-duplicated, applying the
 * if-no-files-found policy when nothing matches.
 */
async function resolveFiles(patterns, baseDir, policy) {
    const absolute = patterns
        .flatMap(expandBraces)
        .map(p => (p.startsWith('!') ? `!${anchor(p.slice(1), baseDir)}` : anchor(p, baseDir)));
    const found = new Set();
    if (absolute.some(p => !p.startsWith('!'))) {
        // Loaded here, not with the module: @actions/glob brings @actions/core and its HTTP client along.
        const glob = await Promise.all(/* import() */[__webpack_require__.e(260), __webpack_require__.e(838), __webpack_require__.e(196)]).then(__webpack_require__.bind(__webpack_require__, 23860));
        const globber = await glob.create(absolute.join('\n'), {
            matchDirectories: false,
            implicitDescendants: false
        });
        for (const file of await globber.glob())
            if ((await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(file)).isFile())
                found.add(file);
    }
    const files = [...found].sort();
    if (files.length === 0) {
        const message = `no files matched ${patterns.map(p => (0,_version_js__WEBPACK_IMPORTED_MODULE_4__/* .show */ .WU)(p)).join(', ') || '(no pattern given)'} under ${baseDir}`;
        if (policy === 'error')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('files', `${message}. Check the globs, or set if-no-files-found to warn or ignore.`);
        if (policy === 'warn')
            _log_js__WEBPACK_IMPORTED_MODULE_5__/* .warning */ .$e(message);
        else
            _log_js__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq(message);
    }
    for (const file of files) {
        checkFileName(file);
        (0,_inside_js__WEBPACK_IMPORTED_MODULE_3__/* .requireInside */ .Ab)(file, 'files', baseDir);
    }
    return files;
}
function anchor(pattern, baseDir) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(pattern) ? pattern : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(baseDir, pattern);
}


/***/ }),

/***/ 59788:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ Pool)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);



const DEFAULT_TIMEOUTS = { connectMs: 15_000, idleMs: 10_000, headersMs: 120_000, bodyMs: 300_000 };
/** Keep-alive connections per scheme, at most `connections` to a host at once. */
class Pool {
    connections;
    http;
    https;
    timeouts;
    constructor(connections, timeouts = {}) {
        this.connections = connections;
        this.timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
    }
    /** Sends one request; resolves once the response's headers are in (its body is then the caller's to read). */
    send(method, url, headers, body) {
        const target = new URL(url);
        const secure = target.protocol === 'https:';
        const { connectMs, idleMs, headersMs, bodyMs } = this.timeouts;
        // The agent's socket timeout is how long a free connection stays in the pool.
        const agentOptions = { keepAlive: true, maxSockets: Math.max(1, this.connections), timeout: idleMs };
        const sent = { ...headers };
        const whole = body !== undefined && !(body instanceof node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable);
        if (whole && !hasHeader(headers, 'content-length'))
            sent['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
        const options = {
            method,
            headers: sent,
            agent: secure
                ? (this.https ??= new node_https__WEBPACK_IMPORTED_MODULE_1__.Agent(agentOptions))
                : (this.http ??= new node_http__WEBPACK_IMPORTED_MODULE_0__.Agent(agentOptions))
        };
        return new Promise((resolve, reject) => {
            const req = (secure ? node_https__WEBPACK_IMPORTED_MODULE_1__.request : node_http__WEBPACK_IMPORTED_MODULE_0__.request)(target, options);
            req.strictContentLength = true;
            let response;
            // One idle timer on the connection: for the connect, then for the headers, then (reset) for the body.
            req.once('socket', socket => {
                if (socket.connecting)
                    socket.setTimeout(connectMs);
            });
            req.setTimeout(headersMs, () => {
                if (response)
                    response.destroy(timeout(`the response from ${target.origin} stalled for ${bodyMs / 1000} s`));
                else if (!req.socket || req.socket.connecting)
                    req.destroy(timeout(`could not connect to ${target.origin} within ${connectMs / 1000} s`));
                else
                    req.destroy(timeout(`no response from ${target.origin} within ${headersMs / 1000} s`));
            });
            // `on`, not `once`: a second error (a reset after a timeout) must not go unhandled.
            req.on('error', err => {
                // A stream that was never (fully) sent still holds its file open.
                if (body instanceof node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable && !body.destroyed)
                    body.destroy();
                reject(err);
            });
            req.once('response', (res) => {
                response = res;
                req.setTimeout(bodyMs);
                resolve({ statusCode: res.statusCode ?? 0, headers: headersOf(res), body: res });
            });
            if (body instanceof node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable)
                void stream(body, req);
            else
                req.end(body);
        });
    }
    /** Closes every connection (idle ones would keep the process alive). */
    close() {
        this.http?.destroy();
        this.https?.destroy();
        this.http = undefined;
        this.https = undefined;
    }
}
/**
 * Writes a stream into a request with back-pressure. Not `pipe`: a length mismatch throws from end(), which
 * must fail this request, not the process; any failure of either side ends both.
 */
async function stream(body, req) {
    try {
        for await (const chunk of body) {
            if (req.destroyed)
                break;
            if (!req.write(chunk))
                await drainedOrClosed(req);
        }
        if (!req.destroyed)
            req.end();
    }
    catch (err) {
        // Not `instanceof Error`: an error from another realm (a test's VM context) is one too.
        req.destroy(typeof err === 'object' && err !== null ? err : new Error(String(err)));
    }
}
function drainedOrClosed(req) {
    return new Promise(resolve => {
        const done = () => {
            req.off('drain', done);
            req.off('close', done);
            resolve();
        };
        req.on('drain', done);
        req.on('close', done);
    });
}
function hasHeader(headers, name) {
    return Object.keys(headers).some(k => k.toLowerCase() === name);
}
function headersOf(res) {
    const out = {};
    for (const [name, values] of Object.entries(res.headersDistinct))
        if (values)
            out[name] = values.length === 1 ? values[0] : values;
    return out;
}
/** Retried like any other timeout (src/retry.ts knows ETIMEDOUT). */
function timeout(message) {
    return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}


/***/ }),

/***/ 59931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  imagesPublisher: () => (/* binding */ imagesPublisher)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/limit.ts
var limit = __webpack_require__(57768);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(76670);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/images/media.ts

/** The manifest and blob media types pushed and read (Docker v2 schema 2 and OCI). */
const MEDIA = {
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip'
};
const MANIFEST_TYPES = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest];
const INDEX_TYPES = new Set([MEDIA.ociIndex, MEDIA.dockerList]);
/** Configs and manifests are read into memory; layers never are. */
const MAX_JSON_BYTES = 16 << 20;
function sha256Digest(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
const DIGEST = /^sha256:[a-f0-9]{64}$/;
function isDigest(text) {
    return typeof text === 'string' && DIGEST.test(text);
}
/**
 * Parses manifest bytes and checks the shape we rely on; the media type comes from the bytes or, for OCI
 * manifests that omit it, from the descriptor that pointed at them.
 */
function parseManifest(bytes, hint, where) {
    let json;
    try {
        json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        throw new Error(`${where}: the manifest is not JSON`);
    }
    if (!json || json.schemaVersion !== 2)
        throw new Error(`${where}: only schema version 2 manifests (Docker v2 schema 2, OCI) are supported`);
    const mediaType = json.mediaType ?? hint ?? (json.manifests ? MEDIA.ociIndex : MEDIA.ociManifest);
    if (!MANIFEST_TYPES.includes(mediaType))
        throw new Error(`${where}: unsupported manifest media type ${mediaType}`);
    const check = (d, what) => {
        if (!d ||
            !isDigest(d.digest) ||
            !Number.isSafeInteger(d.size) ||
            d.size < 0 ||
            typeof d.mediaType !== 'string')
            throw new Error(`${where}: ${what} is not a valid sha256 descriptor`);
    };
    if (INDEX_TYPES.has(mediaType)) {
        if (!Array.isArray(json.manifests))
            throw new Error(`${where}: the index has no manifests`);
        json.manifests.forEach((d, i) => check(d, `manifests[${i}]`));
    }
    else {
        check(json.config, 'config');
        if (!Array.isArray(json.layers))
            throw new Error(`${where}: the manifest has no layers`);
        json.layers.forEach((d, i) => check(d, `layers[${i}]`));
    }
    return { json, mediaType };
}
/** `linux/arm64/v8`: how platforms are shown and compared. */
function platformKey(p) {
    if (!p)
        return 'unknown';
    return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
/** The platform an image config declares. */
function platformOfConfig(config, where) {
    let json;
    try {
        json = JSON.parse(Buffer.from(config).toString('utf8'));
    }
    catch {
        throw new Error(`${where}: the image config is not JSON`);
    }
    if (typeof json.os !== 'string' || typeof json.architecture !== 'string')
        throw new Error(`${where}: the image config names no os/architecture`);
    const p = { os: json.os, architecture: json.architecture };
    if (typeof json.variant === 'string' && json.variant)
        p.variant = json.variant;
    if (typeof json['os.version'] === 'string' && json['os.version'])
        p['os.version'] = json['os.version'];
    return p;
}

// EXTERNAL MODULE: ./src/version.ts
var src_version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/images/name.ts


const DOCKER_HUB = 'registry-1.docker.io';
const HUB_ALIASES = new Set([
    'docker.io',
    'index.docker.io',
    'registry-1.docker.io',
    'registry.hub.docker.com'
]);
// The distribution reference grammar for repository path components.
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
/** True for a registry on this machine: spoken to over plain HTTP, as docker does. */
function isLoopback(host) {
    const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === 'localhost' || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}
/** Docker Hub's registry is known by several names; credentials and mounts treat them as one. */
function canonicalRegistry(host) {
    return HUB_ALIASES.has(host.toLowerCase()) ? DOCKER_HUB : host.toLowerCase();
}
/**
 * Parses an image name without tag or digest (`falco`, `docker.io/falcosecurity/falco`, `ghcr.io/org/x`,
 * `127.0.0.1:5000/x`). `input` names the input for errors; `insecure` lists registries spoken to over HTTP.
 */
function parseImageName(text, input, insecure = []) {
    const name = text.trim();
    const fail = (why) => {
        throw new errors/* InputError */.dz(input, `${(0,src_version/* show */.WU)(name)} is not an image name: ${why}`);
    };
    if (!name)
        fail('it is empty');
    const parts = name.split('/');
    const first = parts[0];
    if (name.includes('@') || parts[parts.length - 1].includes(':'))
        fail('give the name without a tag or digest; the tags are worked out from the release');
    const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
    let host = hasHost ? first : 'docker.io';
    if (hasHost && !HOST.test(host))
        fail(`${(0,src_version/* show */.WU)(host)} is not a registry host`);
    let path = (hasHost ? parts.slice(1) : parts).join('/');
    host = canonicalRegistry(host);
    if (host === DOCKER_HUB && !path.includes('/'))
        path = `library/${path}`;
    for (const c of path.split('/'))
        if (!COMPONENT.test(c))
            fail(`${(0,src_version/* show */.WU)(c)} may only hold lower-case letters, digits and single separators (. _ __ -)`);
    if (path.length > 255)
        fail('the repository path is longer than 255 characters');
    const insecureSet = new Set(insecure.map(h => canonicalRegistry(h.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, ''))));
    const scheme = isLoopback(host) || insecureSet.has(host) ? 'http' : 'https';
    const display = host === DOCKER_HUB ? `docker.io/${path}` : `${host}/${path}`;
    return { registry: host, repository: path, display, scheme };
}
const REMOTE_PREFIX = 'docker://';
/** Parses a `docker://` source from the files input. */
function parseRemoteRef(text, insecure = []) {
    const ref = text.slice(REMOTE_PREFIX.length);
    const at = ref.indexOf('@');
    let base = ref;
    let reference = 'latest';
    if (at >= 0) {
        base = ref.slice(0, at);
        reference = ref.slice(at + 1);
        if (!/^sha256:[a-f0-9]{64}$/.test(reference))
            throw new errors/* InputError */.dz('files', `${(0,src_version/* show */.WU)(text)}: the digest must be sha256:<64 hex digits>.`);
    }
    else {
        const m = /^(.*\/[^/:]+|[^/:]+):([^/:]+)$/.exec(ref);
        if (m) {
            base = m[1];
            reference = m[2];
            if (!TAG.test(reference))
                throw new errors/* InputError */.dz('files', `${(0,src_version/* show */.WU)(text)}: ${(0,src_version/* show */.WU)(reference)} is not a tag.`);
        }
    }
    return { name: parseImageName(base, 'files', insecure), reference };
}
/** The OCI tag grammar. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

;// CONCATENATED MODULE: ./src/images/archtags.ts



/** Falco's names for its architectures (`x86_64-0.40.0`, `aarch64-0.40.0`); others keep their OCI name. */
const FALCO_ARCH = { amd64: 'x86_64', arm64: 'aarch64' };
function archName(architecture) {
    return FALCO_ARCH[architecture] ?? architecture;
}
/**
 * `<arch>-<tag>` for every tag and platform (input arch-tags), each pointing at that platform's manifest (the
 * digest inside the index; the image itself for a single-arch push). Attestations (`unknown` platforms) get
 * none; two platforms with one architecture name (linux/arm/v6 and linux/arm/v7) are refused.
 */
function archTags(top, tags) {
    const images = top.children.length ? top.children.filter(c => c.platform?.os !== 'unknown') : [top];
    const byArch = new Map();
    for (const m of images) {
        if (!m.platform)
            continue;
        const arch = archName(m.platform.architecture);
        const other = byArch.get(arch);
        if (other)
            throw new errors/* InputError */.dz('arch-tags', `${platformKey(other.platform)} and ${platformKey(m.platform)} would both get the ${arch}-<tag> tags; push them as separate images or set arch-tags: false.`);
        byArch.set(arch, m);
    }
    const out = [];
    for (const [arch, manifest] of byArch)
        for (const t of tags) {
            const tag = `${arch}-${t}`;
            if (!TAG.test(tag))
                throw new errors/* InputError */.dz('arch-tags', `${JSON.stringify(tag)} is not a valid image tag (at most 128 characters).`);
            out.push({ tag, manifest });
        }
    return out;
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./src/images/cosign.ts




/** cosign's media type for a simple-signing payload, and the annotation that holds its signature. */
const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
/**
 * Reads the cosign-key input: an unencrypted PKCS#8 (or SEC1) EC P-256 PEM, or cosign's own encrypted key
 * (`cosign generate-key-pair`: a PEM "ENCRYPTED SIGSTORE PRIVATE KEY", older "ENCRYPTED COSIGN PRIVATE KEY",
 * holding JSON: scrypt parameters and salt, a nacl/secretbox nonce, and the sealed PKCS#8 DER).
 */
async function loadSigner(pem, password) {
    const text = pem.trim();
    const encrypted = /^-----BEGIN ENCRYPTED (SIGSTORE|COSIGN) PRIVATE KEY-----\s*([\s\S]*?)\s*-----END ENCRYPTED \1 PRIVATE KEY-----$/.exec(text);
    let key;
    if (encrypted)
        key = await decryptCosignKey(Buffer.from(encrypted[2].replace(/\s+/g, ''), 'base64'), password);
    else if (/^-----BEGIN (EC )?PRIVATE KEY-----/.test(text)) {
        try {
            key = (0,external_node_crypto_.createPrivateKey)({ key: text, format: 'pem' });
        }
        catch (err) {
            throw new errors/* InputError */.dz('cosign-key', `is not a readable private key: ${err.message}.`);
        }
    }
    else if (/^-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) {
        throw new errors/* InputError */.dz('cosign-key', "is a PKCS#8 key encrypted by openssl: give cosign's own format (cosign generate-key-pair) or an unencrypted PKCS#8 EC key.");
    }
    else
        throw new errors/* InputError */.dz('cosign-key', 'is not a PEM private key: give the contents of cosign.key (ENCRYPTED SIGSTORE PRIVATE KEY) or an EC P-256 PKCS#8 PEM.');
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
        throw new errors/* InputError */.dz('cosign-key', `is a ${key.asymmetricKeyType} key${key.asymmetricKeyDetails?.namedCurve ? ` on ${key.asymmetricKeyDetails.namedCurve}` : ''}: cosign keys are ECDSA P-256.`);
    return { key, publicKey: (0,external_node_crypto_.createPublicKey)(key) };
}
async function decryptCosignKey(body, password) {
    let json;
    try {
        json = JSON.parse(body.toString('utf8'));
    }
    catch {
        throw new errors/* InputError */.dz('cosign-key', 'holds an encrypted key whose body is not the JSON cosign writes.');
    }
    const { kdf, cipher, ciphertext } = json;
    const params = kdf?.params ?? {};
    if (kdf?.name !== 'scrypt' ||
        cipher?.name !== 'nacl/secretbox' ||
        !kdf.salt ||
        !cipher.nonce ||
        !ciphertext)
        throw new errors/* InputError */.dz('cosign-key', 'uses an encryption other than scrypt + nacl/secretbox.');
    const { N = 0, r = 0, p = 0 } = params;
    // Bounded, so a hostile key cannot make the run allocate gigabytes.
    if (!Number.isInteger(Math.log2(N)) || N < 2 || N > 1 << 20 || r < 1 || r > 32 || p < 1 || p > 16)
        throw new errors/* InputError */.dz('cosign-key', `has implausible scrypt parameters N=${N} r=${r} p=${p}.`);
    const secret = (0,external_node_crypto_.scryptSync)(password, Buffer.from(kdf.salt, 'base64'), 32, {
        N,
        r,
        p,
        maxmem: 256 * N * r + (1 << 20)
    });
    const { xsalsa20poly1305 } = await __webpack_require__.e(/* import() */ 382).then(__webpack_require__.bind(__webpack_require__, 46382));
    let der;
    try {
        der = xsalsa20poly1305(secret, Buffer.from(cipher.nonce, 'base64')).decrypt(Buffer.from(ciphertext, 'base64'));
    }
    catch {
        throw new errors/* InputError */.dz('cosign-password', 'does not decrypt cosign-key (wrong password, or a damaged key).');
    }
    try {
        return (0,external_node_crypto_.createPrivateKey)({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    }
    catch {
        throw new errors/* InputError */.dz('cosign-key', 'decrypts to something that is not a PKCS#8 private key.');
    }
}
/** The repository as cosign names it in the payload (go-containerregistry's name: Docker Hub is index.docker.io). */
function dockerReference(name) {
    return name.registry === 'registry-1.docker.io'
        ? `index.docker.io/${name.repository}`
        : `${name.registry}/${name.repository}`;
}
/** The simple-signing payload cosign signs, byte for byte as cosign marshals it. */
function simpleSigningPayload(name, digest) {
    return Buffer.from(JSON.stringify({
        critical: {
            identity: { 'docker-reference': dockerReference(name) },
            image: { 'docker-manifest-digest': digest },
            type: 'cosign container image signature'
        },
        optional: null
    }));
}
/** Where cosign keeps the signatures of a manifest: the tag `sha256-<hex>.sig` of the same repository. */
function signatureTag(digest) {
    return `${digest.replace(':', '-')}.sig`;
}
function memoryBlob(bytes, mediaType) {
    return {
        digest: sha256Digest(bytes),
        size: bytes.length,
        mediaType,
        open: async () => external_node_stream_.Readable.from([bytes]),
        checked: true
    };
}
/** True when a layer carries a signature of this payload that the public key verifies. */
function signedBy(layer, payload, signer) {
    const sig = layer.annotations?.[SIGNATURE_ANNOTATION];
    if (layer.mediaType !== SIMPLE_SIGNING || layer.digest !== sha256Digest(payload) || !sig)
        return false;
    try {
        return (0,external_node_crypto_.verify)('sha256', payload, signer.publicKey, Buffer.from(sig, 'base64'));
    }
    catch {
        return false;
    }
}
/**
 * The signature image for one manifest, as `cosign sign` writes it: an OCI manifest whose layers are
 * simple-signing payloads, each with its base64 ECDSA-SHA256 (DER) signature in an annotation. Signatures
 * already there (other keys, earlier runs) are kept and ours appended; when ours is already there, nothing
 * changes, so a re-run writes nothing.
 */
function signatureImage(name, subject, signer, existing) {
    const payload = simpleSigningPayload(name, subject);
    const tag = signatureTag(subject);
    let layers = [];
    if (existing) {
        try {
            const json = JSON.parse(existing.toString('utf8'));
            layers = Array.isArray(json.layers) ? json.layers : [];
        }
        catch {
            layers = [];
        }
        if (layers.some(l => signedBy(l, payload, signer)))
            return {
                tag,
                subject,
                payload,
                unchanged: true,
                blobs: [],
                manifest: existing,
                digest: sha256Digest(existing)
            };
    }
    const payloadBlob = memoryBlob(payload, SIMPLE_SIGNING);
    const signature = (0,external_node_crypto_.sign)('sha256', payload, signer.key).toString('base64');
    layers = [
        ...layers,
        {
            mediaType: SIMPLE_SIGNING,
            size: payload.length,
            digest: payloadBlob.digest,
            annotations: { [SIGNATURE_ANNOTATION]: signature }
        }
    ];
    // The config go-containerregistry writes for an image built from nothing but these layers.
    const config = Buffer.from(JSON.stringify({
        architecture: '',
        created: '0001-01-01T00:00:00Z',
        history: layers.map(() => ({ created: '0001-01-01T00:00:00Z' })),
        os: '',
        rootfs: { type: 'layers', diff_ids: layers.map(l => l.digest) },
        config: {}
    }));
    const configBlob = memoryBlob(config, OCI_CONFIG);
    const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA.ociManifest,
        config: { mediaType: OCI_CONFIG, size: config.length, digest: configBlob.digest },
        layers
    }));
    return {
        tag,
        subject,
        payload,
        unchanged: false,
        blobs: [payloadBlob, configBlob],
        manifest,
        digest: sha256Digest(manifest)
    };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/images/credentials.ts







/** The docker config file docker/login-action writes: `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`. */
function dockerConfigPath(env = process.env) {
    return (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker'), 'config.json');
}
/** Docker config keys are URLs or hosts (`https://index.docker.io/v1/`, `ghcr.io`): compared by host. */
function keyHost(key) {
    return canonicalRegistry(key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''));
}
const HUB_KEY = 'https://index.docker.io/v1/';
/**
 * Credentials for a registry, in docker's order: the registry-username/registry-password inputs (for the
 * destination registries only), else the docker config: `credHelpers[host]`, an inline `auths` entry, then
 * `credsStore`. A helper is run as docker runs it (`docker-credential-<name> get`, the server URL on stdin).
 * Each entry only ever serves the host it is keyed by. Every secret found is masked.
 */
async function credentialsFor(registry, inputs, env = process.env) {
    const host = canonicalRegistry(registry);
    if ((inputs.username || inputs.password) && inputs.destinations.has(host)) {
        (0,redact/* registerSecret */.cl)(inputs.password);
        return {
            username: inputs.username,
            password: inputs.password,
            source: 'the registry-username/registry-password inputs'
        };
    }
    const path = dockerConfigPath(env);
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        return undefined;
    }
    let config;
    try {
        config = JSON.parse(text);
    }
    catch {
        throw new Error(`the docker config ${path} is not valid JSON`);
    }
    const helperKey = Object.keys(config.credHelpers ?? {}).find(k => keyHost(k) === host);
    if (helperKey) {
        const helper = config.credHelpers?.[helperKey] ?? '';
        return fromHelper(helper, helperKey, `the docker config ${path} (credHelpers ${helperKey})`, env);
    }
    const authKeys = Object.keys(config.auths ?? {}).filter(k => keyHost(k) === host);
    for (const key of authKeys) {
        const found = fromEntry(config.auths?.[key] ?? undefined, `the docker config ${path} (entry ${key})`);
        if (found)
            return found;
    }
    if (config.credsStore) {
        // A credential store keeps the key `docker login` was given: the auths key, or Docker Hub's legacy URL.
        const key = authKeys[0] ?? (host === 'registry-1.docker.io' ? HUB_KEY : registry);
        return fromHelper(config.credsStore, key, `the docker config ${path} (credsStore ${config.credsStore})`, env);
    }
    return undefined;
}
function fromEntry(entry, source) {
    if (!entry)
        return undefined;
    let username = entry.username ?? '';
    let password = entry.password ?? '';
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0)
            return undefined;
        username = decoded.slice(0, colon);
        password = decoded.slice(colon + 1);
        (0,redact/* registerSecret */.cl)(entry.auth);
    }
    (0,redact/* registerSecret */.cl)(password);
    if (entry.identitytoken) {
        (0,redact/* registerSecret */.cl)(entry.identitytoken);
        return { username, password, identityToken: entry.identitytoken, source };
    }
    if (!password)
        return undefined;
    return { username, password, source };
}
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Runs `docker-credential-<name> get`; "credentials not found" means no login (anonymous), as for docker. */
async function fromHelper(name, serverUrl, source, env) {
    if (!HELPER_NAME.test(name))
        throw new Error(`${source}: ${(0,src_version/* show */.WU)(name)} is not a credential helper name`);
    const program = `docker-credential-${name}`;
    const { code, stdout, stderr, missing } = await new Promise(resolve => {
        const child = (0,external_node_child_process_.execFile)(program, ['get'], { env, timeout: 60_000, maxBuffer: 1 << 20, encoding: 'utf8' }, (err, out, errOut) => {
            const e = err;
            resolve({
                code: e ? (typeof e.code === 'number' ? e.code : 1) : 0,
                stdout: out,
                stderr: errOut,
                missing: e?.code === 'ENOENT'
            });
        });
        child.stdin?.end(serverUrl);
    });
    if (missing)
        throw new Error(`${source} names the credential helper ${program}, but it is not on PATH: install it or log in with docker/login-action`);
    if (code !== 0) {
        // The helpers' own wording for "no login stored for this server".
        if (/credentials not found/i.test(stdout + stderr))
            return undefined;
        const why = (stderr || stdout).split('\n')[0].slice(0, 200);
        throw new Error(`${program} get failed for ${serverUrl} (exit ${code}): ${(0,src_version/* show */.WU)(why)}`);
    }
    let json;
    try {
        json = JSON.parse(stdout);
    }
    catch {
        throw new Error(`${program} get answered something that is not JSON for ${serverUrl}`);
    }
    const username = typeof json.Username === 'string' ? json.Username : '';
    const secret = typeof json.Secret === 'string' ? json.Secret : '';
    if (!secret)
        return undefined;
    (0,redact/* registerSecret */.cl)(secret);
    // Docker's convention: the user `<token>` means the secret is an identity (refresh) token.
    if (username === '<token>')
        return { username: '', password: '', identityToken: secret, source };
    return { username, password: secret, source };
}

;// CONCATENATED MODULE: ./src/images/immutable.ts
/**
 * A plain `X.Y.Z` or `vX.Y.Z` tag (with the tag-suffix, and an `<arch>-` prefix of arch-tags): a version tag.
 * Once it exists it never moves, in every run type: a dev run (a release marked prerelease on a plain tag)
 * must not overwrite the image a stable run pushed, nor a second stable run the first one's.
 */
function isVersionTag(tag, suffix) {
    const bare = suffix && tag.endsWith(suffix) ? tag.slice(0, tag.length - suffix.length) : tag;
    return /^(?:[a-z0-9_]+-)?v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(bare);
}

// EXTERNAL MODULE: ./src/hash.ts
var src_hash = __webpack_require__(56495);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./src/images/model.ts





/** Streams a byte range of a file (a blob inside a tar, or a whole blob file). */
function fileRange(path, start, size) {
    return async () => size === 0
        ? external_node_stream_.Readable.from([])
        : (0,external_node_fs_.createReadStream)(path, { start, end: start + size - 1, highWaterMark: 1 << 20 });
}
/** Hashes a stream's bytes: sha256 digest and size. */
async function digestStream(stream) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    for await (const chunk of stream) {
        hash.update(chunk);
        size += chunk.length;
    }
    return { digest: `sha256:${hash.digest('hex')}`, size };
}
/** Hashes a byte range of a file through reused buffers: no stream and no garbage per chunk. */
async function digestSpan(span) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const size = await (0,src_hash/* eachChunk */.H1)(span.path, chunk => hash.update(chunk), span);
    return { digest: `sha256:${hash.digest('hex')}`, size };
}
/** Checks a blob's bytes against its digest and size, reading it once (before anything is pushed). */
async function verifyBlob(blob, where) {
    const got = blob.span ? await digestSpan(blob.span) : await digestStream(await blob.open());
    if (got.digest !== blob.digest || got.size !== blob.size)
        throw new Error(`${where}: blob ${blob.digest} is corrupt: its bytes hash to ${got.digest} (${got.size} bytes, expected ${blob.size}); nothing was pushed`);
}
/**
 * Passes bytes through while hashing them, and fails the stream at its end when they do not match the
 * expected digest (blobs streamed from a source registry straight into a destination).
 */
function verifying(digest, size, where) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let seen = 0;
    return new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            hash.update(chunk);
            seen += chunk.length;
            done(null, chunk);
        },
        flush(done) {
            const got = `sha256:${hash.digest('hex')}`;
            done(got === digest && seen === size
                ? null
                : new Error(`${where}: blob ${digest} arrived as ${got} (${seen} bytes, expected ${size})`));
        }
    });
}
/** Discards a response body so its connection can be reused. */
async function drain(stream) {
    stream.resume();
    await (0,promises_.finished)(stream).catch(() => undefined);
}
/** Reads a small blob (a config) into memory, checking it against its digest. */
async function readSmallBlob(blob, max, where) {
    if (blob.size > max)
        throw new Error(`${where}: ${blob.digest} is ${blob.size} bytes, more than a config may be`);
    const parts = [];
    for await (const chunk of await blob.open())
        parts.push(chunk);
    const bytes = Buffer.concat(parts);
    const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
    if (digest !== blob.digest || bytes.length !== blob.size)
        throw new Error(`${where}: ${blob.digest} is corrupt: its bytes hash to ${digest} (${bytes.length} bytes, expected ${blob.size}); nothing was pushed`);
    return bytes;
}
/** Every blob of a manifest tree, each digest once. */
function allBlobs(top) {
    const seen = new Map();
    const walk = (m) => {
        for (const b of m.blobs)
            if (!seen.has(b.digest))
                seen.set(b.digest, b);
        for (const c of m.children)
            walk(c);
    };
    walk(top);
    return [...seen.values()];
}

;// CONCATENATED MODULE: ./src/images/permissions.ts

/**
 * Proves that the login may push to a destination before anything is written anywhere: from the scopes the
 * token service granted (no request to the registry), or, when the registry does not say (Basic auth, opaque
 * tokens), by opening an upload session and cancelling it. A login that may only pull is refused here, so a
 * run with two destinations never leaves blobs in the first when the second refuses.
 */
async function provePush(registry, name, who, probe = true) {
    const actions = await registry.grantedActions(name.repository);
    if (actions) {
        if (actions.includes('push') || actions.includes('*'))
            return 'granted';
        throw refused(name, who, `the token service granted only ${actions.length ? actions.join(',') : 'no access'}`);
    }
    if (!probe)
        return 'unknown';
    const status = await registry.probeUpload(name.repository);
    if (status === 202)
        return 'probed';
    throw refused(name, who, `opening an upload session answered ${status}`);
}
function refused(name, who, why) {
    return new errors/* PublishError */.S1(`${who} may not push to ${name.display} (${why}): it may pull but not push, or not see the repository. Give a login with push (write) access to this repository; nothing was written to any destination.`);
}

// EXTERNAL MODULE: ./src/core.ts
var core = __webpack_require__(10828);
// EXTERNAL MODULE: ./src/http/pool.ts
var pool = __webpack_require__(59788);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(49809);
;// CONCATENATED MODULE: ./src/images/auth.ts

/** Parses a WWW-Authenticate header; Bearer wins when a server offers both. */
function parseChallenge(header) {
    if (!header)
        return undefined;
    const found = [];
    // A new challenge starts at a scheme name; its parameters run until the next one.
    const starts = [...header.matchAll(/(?:^|[\s,])(Basic|Bearer)(?=\s|$)/gi)];
    starts.forEach((m, i) => {
        const from = (m.index ?? 0) + m[0].length;
        const text = header.slice(from, starts[i + 1]?.index ?? header.length);
        const params = {};
        for (const p of text.matchAll(/([A-Za-z0-9_-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g))
            params[p[1].toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
        found.push({ scheme: m[1].toLowerCase(), params });
    });
    if (found.length === 0 && /^\s*basic\b/i.test(header))
        found.push({ scheme: 'basic', params: {} });
    return found.find(c => c.scheme === 'bearer') ?? found[0];
}
function basicAuth(creds) {
    const value = Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
    (0,redact/* registerSecret */.cl)(value);
    return `Basic ${value}`;
}

;// CONCATENATED MODULE: ./src/images/registry.ts






/**
 * Sockets per registry. Also how many existence checks (HEADs, which carry no body) a plan sends at once,
 * whatever `concurrency` (parallel transfers) says: a re-push is then one round of questions.
 */
const REGISTRY_SOCKETS = 16;
/** A refusal from a registry that trying again will not fix (wrong password, denied, invalid manifest). */
class RegistryError extends Error {
    status;
    name = 'RegistryError';
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/** Upload chunks stay at or under 4 MiB: some registries cap PATCH bodies. */
const CHUNK_BYTES = 4 << 20;
const ACCEPT = MANIFEST_TYPES.join(', ');
const USER_AGENT = 'publish-artifacts';
/**
 * A client for one OCI distribution registry (the /v2/ API), modelled on crane and regclient: auth from the
 * WWW-Authenticate challenge (Bearer tokens per scope set, or Basic), HEAD before every write, cross-repository
 * mounts, monolithic uploads with a chunked fallback, and every digest checked. Retries via withRetry.
 */
class Registry {
    host;
    options;
    base;
    challenge;
    pinged = false;
    /** Bearer tokens per scope set; a pending request is shared, so concurrent pushes ask once. */
    tokens = new Map();
    /** What each token grants (`repository:x:pull,push`), when the token service says (JWT `access`, `scope`). */
    grants = new Map();
    /** Cleared after a 405/501 on a monolithic PUT: the remaining blobs go straight to chunks. */
    monolithic = true;
    pool;
    constructor(host, scheme, options = {}) {
        this.host = host;
        this.options = options;
        this.base = `${scheme}://${host}`;
    }
    /** Connections are pooled per registry; closed after plan and apply, reopened on the next request. */
    get connections() {
        this.pool ??= new pool/* Pool */.b(REGISTRY_SOCKETS);
        return this.pool;
    }
    static scope(repository, actions) {
        return `repository:${repository}:${actions}`;
    }
    /**
     * Pings /v2/ and gets the token for the scopes, so a token service's refusal fails here, before anything is
     * pushed. Basic credentials are checked by the plan's first request instead (tags, HEADs: no write), not by
     * one more request of their own.
     */
    async login(scopes) {
        await this.ping();
        if (this.challenge)
            await this.authorization(scopes);
    }
    /**
     * The actions the registry's token grants on a repository after asking for pull,push; undefined when the
     * registry does not say (Basic auth, no auth, an opaque token), so the caller must probe instead.
     */
    async grantedActions(repository) {
        await this.ping();
        if (this.challenge?.scheme !== 'bearer')
            return undefined;
        const scopes = [Registry.scope(repository, 'pull,push')];
        await this.authorization(scopes);
        const granted = this.grants.get(scopeKey(scopes));
        if (!granted)
            return undefined;
        const actions = new Set();
        for (const g of granted) {
            const m = /^repository:(.+):([^:]*)$/.exec(g);
            if (m && (m[1] === repository || m[1] === '*'))
                for (const a of m[2].split(','))
                    actions.add(a);
        }
        return [...actions];
    }
    /**
     * Proves push access without writing: opens an upload session and cancels it at once. Returns the status the
     * registry answered the POST with (202 when pushing is allowed).
     */
    async probeUpload(repository) {
        const scopes = [Registry.scope(repository, 'pull,push')];
        const res = await this.retry(`POST ${this.host}/${repository}/blobs/uploads/`, () => this.call('POST', `/v2/${repository}/blobs/uploads/`, { scopes, ok: [202, 401, 403, 404, 405] }));
        await drain(res.body);
        if (res.statusCode === 202)
            await this.cancelUpload(this.location(res.headers, repository), scopes);
        return res.statusCode;
    }
    /** Cancels an upload session (best effort: a registry that cannot lets it expire). */
    async cancelUpload(location, scopes) {
        const res = await this.call('DELETE', location, { scopes, ok: [200, 202, 204, 400, 404, 405] }).catch(() => undefined);
        if (res)
            await drain(res.body);
    }
    /** Whose login this client uses, for messages (never the secret). */
    who() {
        const c = this.options.credentials;
        if (!c)
            return 'an anonymous client (no login found for this registry)';
        return `the login${c.username ? ` of user '${c.username}'` : ''} from ${c.source}`;
    }
    async close() {
        this.pool?.close();
        this.pool = undefined;
    }
    /** The tags of a repository, following `Link` pagination; none when the repository does not exist yet. */
    async listTags(repository) {
        const tags = [];
        let next = `/v2/${repository}/tags/list?n=1000`;
        for (let pages = 0; next && pages < 1000; pages++) {
            const path = next;
            const res = await this.retry(`list tags of ${this.host}/${repository}`, () => this.call('GET', path, { scopes: [Registry.scope(repository, 'pull')], ok: [200, 404] }));
            if (res.statusCode === 404) {
                await drain(res.body);
                return tags;
            }
            const json = (await readJson(res.body));
            tags.push(...(json.tags ?? []));
            next = nextLink(res.headers.link);
        }
        return tags;
    }
    /** HEAD of a manifest by tag or digest: its digest, or undefined when absent. */
    async manifestDigest(repository, reference) {
        const res = await this.retry(`HEAD ${this.host}/${repository}:${reference}`, () => this.call('HEAD', `/v2/${repository}/manifests/${reference}`, {
            scopes: [Registry.scope(repository, 'pull')],
            headers: { accept: ACCEPT },
            ok: [200, 404]
        }));
        await drain(res.body);
        if (res.statusCode === 404)
            return undefined;
        const digest = header(res.headers, 'docker-content-digest');
        if (digest)
            return digest;
        return (await this.getManifest(repository, reference))?.digest;
    }
    /** A manifest's exact bytes; a manifest fetched by digest is checked against it. */
    async getManifest(repository, reference) {
        return this.retry(`GET ${this.host}/${repository}:${reference}`, async () => {
            const res = await this.call('GET', `/v2/${repository}/manifests/${reference}`, {
                scopes: [Registry.scope(repository, 'pull')],
                headers: { accept: ACCEPT },
                ok: [200, 404]
            });
            if (res.statusCode === 404) {
                await drain(res.body);
                return undefined;
            }
            const bytes = await readLimited(res.body, MAX_JSON_BYTES);
            const digest = sha256Digest(bytes);
            if (reference.startsWith('sha256:') && digest !== reference)
                throw new RegistryError(`${this.host}/${repository}@${reference}: the registry sent a manifest hashing to ${digest}`, 200);
            const mediaType = (header(res.headers, 'content-type') ?? '').split(';')[0].trim();
            return { bytes, mediaType, digest };
        });
    }
    /** PUTs a manifest under a tag or its digest; the registry's digest must be ours. */
    async putManifest(repository, reference, mediaType, bytes) {
        const digest = sha256Digest(bytes);
        await this.retry(`PUT ${this.host}/${repository}:${reference}`, async () => {
            const res = await this.call('PUT', `/v2/${repository}/manifests/${reference}`, {
                scopes: [Registry.scope(repository, 'pull,push')],
                headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
                body: async () => bytes,
                ok: [200, 201]
            });
            await drain(res.body);
            checkDigest(header(res.headers, 'docker-content-digest'), digest, `${this.host}/${repository}:${reference}`);
        });
        return digest;
    }
    /** Streams a blob from this registry (a registry source), following redirects to its storage. */
    async getBlob(repository, digest) {
        return this.retry(`GET ${this.host}/${repository}@${digest}`, async () => {
            const res = await this.call('GET', `/v2/${repository}/blobs/${digest}`, {
                scopes: [Registry.scope(repository, 'pull')],
                ok: [200, 307, 302, 303, 301, 308]
            });
            let current = res;
            for (let hops = 0; current.statusCode >= 300 && current.statusCode < 400; hops++) {
                await drain(current.body);
                const location = header(current.headers, 'location');
                if (!location || hops >= 5)
                    throw new RegistryError(`${this.host}: too many redirects for blob ${digest}`, 0);
                const url = new URL(location, `${this.base}/v2/${repository}/blobs/${digest}`).toString();
                current = await this.call('GET', url, {
                    scopes: [Registry.scope(repository, 'pull')],
                    ok: [200, 301, 302, 303, 307, 308]
                });
            }
            return current.body;
        });
    }
    /**
     * Makes a blob present in a repository: HEAD (skip), then a cross-repository mount when another repository of
     * this registry holds it, then a monolithic streamed PUT, falling back to chunks of ≤ 4 MiB.
     */
    async pushBlob(repository, blob, mountFrom, 
    /** What a HEAD just before (the plan's) found: no second HEAD then. */
    known) {
        const where = `${this.host}/${repository}@${blob.digest}`;
        const scopes = [Registry.scope(repository, 'pull,push')];
        if (mountFrom)
            scopes.push(Registry.scope(mountFrom, 'pull'));
        if (known ?? (await this.hasBlob(repository, blob, scopes)))
            return 'present';
        return this.retry(`upload ${where}`, async () => {
            let location;
            if (mountFrom && mountFrom !== repository) {
                const q = `?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(mountFrom)}`;
                const res = await this.call('POST', `/v2/${repository}/blobs/uploads/${q}`, {
                    scopes,
                    ok: [201, 202]
                });
                await drain(res.body);
                if (res.statusCode === 201)
                    return 'mounted';
                location = this.location(res.headers, repository);
            }
            else
                location = await this.startUpload(repository, scopes);
            if (!this.monolithic) {
                await this.chunkedUpload(repository, blob, scopes, where, location);
                return 'uploaded';
            }
            const mono = await this.call('PUT', withDigest(location, blob.digest), {
                scopes,
                headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
                body: () => blob.open(),
                ok: [201, 204, 400, 405, 413, 416, 501]
            });
            await drain(mono.body);
            if (mono.statusCode === 201 || mono.statusCode === 204) {
                checkDigest(header(mono.headers, 'docker-content-digest'), blob.digest, where);
                return 'uploaded';
            }
            if (mono.statusCode === 400)
                throw new RegistryError(`${where}: the registry refused the upload (400)`, 400);
            // 405/501: monolithic uploads are not offered at all, so the other blobs skip the attempt.
            if (mono.statusCode === 405 || mono.statusCode === 501)
                this.monolithic = false;
            // The refused session is cancelled, not left open until it expires.
            await this.cancelUpload(location, scopes);
            await this.chunkedUpload(repository, blob, scopes, where);
            return 'uploaded';
        });
    }
    /**
     * Whether the repository holds a blob: HEAD 200 with the descriptor's size, and its digest when the registry
     * names one (Docker-Content-Digest). Anything else counts as absent, so the blob is checked and uploaded.
     */
    async hasBlob(repository, blob, scopes = [Registry.scope(repository, 'pull')]) {
        const res = await this.retry(`HEAD ${this.host}/${repository}@${blob.digest}`, () => this.call('HEAD', `/v2/${repository}/blobs/${blob.digest}`, { scopes, ok: [200, 404] }));
        await drain(res.body);
        if (res.statusCode !== 200)
            return false;
        const length = header(res.headers, 'content-length');
        const digest = header(res.headers, 'docker-content-digest');
        return length !== undefined && Number(length) === blob.size && (!digest || digest === blob.digest);
    }
    async startUpload(repository, scopes) {
        const res = await this.call('POST', `/v2/${repository}/blobs/uploads/`, { scopes, ok: [202] });
        await drain(res.body);
        return this.location(res.headers, repository);
    }
    /** PATCHes the blob in chunks (each held in memory, ≤ 4 MiB), then closes the upload with its digest. */
    async chunkedUpload(repository, blob, scopes, where, session) {
        let location = session ?? (await this.startUpload(repository, scopes));
        let offset = 0;
        for await (const chunk of chunks(await blob.open(), CHUNK_BYTES)) {
            const res = await this.call('PATCH', location, {
                scopes,
                headers: {
                    'content-type': 'application/octet-stream',
                    'content-length': String(chunk.length),
                    'content-range': `${offset}-${offset + chunk.length - 1}`
                },
                body: async () => chunk,
                ok: [202, 204, 413]
            });
            await drain(res.body);
            if (res.statusCode === 413)
                throw new RegistryError(`${where}: PATCH of a ${chunk.length}-byte chunk answered 413 (request body too large): the registry, or a proxy in front of it, takes less than ${CHUNK_BYTES} bytes (4 MiB) per request; raise that limit (nginx: client_max_body_size 5m or more)`, 413);
            offset += chunk.length;
            location = this.location(res.headers, repository, location);
        }
        const res = await this.call('PUT', withDigest(location, blob.digest), {
            scopes,
            headers: { 'content-length': '0' },
            ok: [201, 204]
        });
        await drain(res.body);
        checkDigest(header(res.headers, 'docker-content-digest'), blob.digest, where);
    }
    location(headers, repository, fallback) {
        const value = header(headers, 'location') ?? fallback;
        if (!value)
            throw new RegistryError(`${this.host}/${repository}: the upload response has no Location`, 0);
        return new URL(value, this.base).toString();
    }
    retry(what, fn) {
        return (0,retry/* withRetry */.bD)(fn, { what });
    }
    async ping() {
        if (this.pinged)
            return;
        const res = await this.retry(`GET ${this.base}/v2/`, () => this.send('GET', `${this.base}/v2/`, {}, undefined));
        await drain(res.body);
        if (res.statusCode === 401) {
            this.challenge = parseChallenge(header(res.headers, 'www-authenticate'));
            if (!this.challenge)
                throw new RegistryError(`${this.host} asks for a login it does not describe (no WWW-Authenticate)`, 401);
        }
        else if (res.statusCode !== 200) {
            if ((0,retry/* isRetryableStatus */.PS)(res.statusCode))
                throw new RegistryError(`${this.base}/v2/ answered ${res.statusCode}`, res.statusCode);
            throw new RegistryError(`${this.base}/v2/ answered ${res.statusCode}: is this an OCI registry?`, res.statusCode);
        }
        this.pinged = true;
    }
    /** One request with auth; a 401 refreshes the token once (expired, or wider scope needed). */
    async call(method, pathOrUrl, opts) {
        await this.ping();
        const url = pathOrUrl.startsWith('/') ? `${this.base}${pathOrUrl}` : pathOrUrl;
        let used;
        for (let attempt = 0;; attempt++) {
            const headers = { ...opts.headers };
            const sameOrigin = new URL(url).origin === new URL(this.base).origin;
            if (sameOrigin) {
                used = await this.authorization(opts.scopes, attempt > 0 ? (used ?? '') : undefined);
                if (used)
                    headers.authorization = used;
            }
            const res = await this.send(method, url, headers, await opts.body?.());
            if (res.statusCode === 401 && attempt === 0 && this.challenge && sameOrigin) {
                await drain(res.body);
                const fresh = parseChallenge(header(res.headers, 'www-authenticate'));
                if (fresh)
                    this.challenge = fresh;
                continue;
            }
            if (opts.ok.includes(res.statusCode))
                return res;
            throw await this.failure(method, url, res);
        }
    }
    async send(method, url, headers, body) {
        this.options.onRequest?.(method, url);
        return this.connections.send(method, url, { 'user-agent': USER_AGENT, ...headers }, body);
    }
    /**
     * The Authorization header for a set of scopes: Basic, or a Bearer token from the challenge's realm. `stale`
     * is the header a request was refused with: a fresh token is fetched unless another request already did.
     */
    async authorization(scopes, stale) {
        const challenge = this.challenge;
        if (!challenge)
            return undefined;
        const creds = this.options.credentials;
        if (challenge.scheme === 'basic') {
            if (!creds)
                throw this.needLogin();
            if (!creds.password && creds.identityToken)
                throw new RegistryError(`registry ${this.host} asks for Basic auth, but ${creds.source} holds only an identity token, which is exchanged at a token service`, 401);
            return basicAuth(creds);
        }
        const key = scopeKey(scopes);
        // A token asked for with wider scopes (the login's pull,push) serves a pull too: one token per repository.
        if (stale === undefined && !this.tokens.has(key))
            for (const [held, token] of this.tokens)
                if (covers(held, scopes)) {
                    const value = await token.catch(() => undefined);
                    if (value)
                        return value;
                }
        const cached = this.tokens.get(key);
        if (cached) {
            const value = await cached.catch(() => undefined);
            if (value && value !== stale)
                return value;
            // Another request is already fetching a fresh one: share it.
            if (this.tokens.get(key) !== cached)
                return this.authorization(scopes, stale);
        }
        const pending = this.fetchToken(scopes, key);
        this.tokens.set(key, pending);
        pending.catch(() => {
            if (this.tokens.get(key) === pending)
                this.tokens.delete(key);
        });
        return pending;
    }
    async fetchToken(scopes, key) {
        const challenge = this.challenge;
        const creds = this.options.credentials;
        const realm = challenge.params.realm;
        if (!realm)
            throw new RegistryError(`${this.host}: the Bearer challenge has no realm`, 401);
        let url;
        try {
            url = new URL(realm);
        }
        catch {
            throw new RegistryError(`${this.host}: the Bearer realm ${JSON.stringify(realm)} is not a URL`, 401);
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
            throw new RegistryError(`${this.host}: the Bearer realm ${url.origin} is not http(s)`, 401);
        if (creds)
            checkRealm(url, this.base, this.host);
        const service = challenge.params.service;
        const res = await this.retry(`token from ${url.origin}${url.pathname}`, async () => {
            let r;
            if (creds?.identityToken) {
                // As docker does with an identity token: the OAuth2 refresh-token grant, POSTed as a form.
                const form = new URLSearchParams({
                    grant_type: 'refresh_token',
                    refresh_token: creds.identityToken,
                    client_id: USER_AGENT
                });
                if (service)
                    form.set('service', service);
                form.set('scope', scopes.join(' '));
                r = await this.send('POST', url.toString(), { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from(form.toString()));
            }
            else {
                const get = new URL(url);
                if (service)
                    get.searchParams.set('service', service);
                for (const scope of scopes)
                    get.searchParams.append('scope', scope);
                r = await this.send('GET', get.toString(), creds ? { authorization: basicAuth(creds) } : {}, undefined);
            }
            if ((0,retry/* isRetryableStatus */.PS)(r.statusCode)) {
                await drain(r.body);
                throw new retry/* RetryableError */.dw(`token service answered ${r.statusCode}`, (0,retry/* retryAfterMs */.Vs)(header(r.headers, 'retry-after')));
            }
            return r;
        });
        if (res.statusCode === 401 ||
            res.statusCode === 403 ||
            (creds?.identityToken && res.statusCode === 400)) {
            await drain(res.body);
            throw creds ? this.rejected(creds) : this.needLogin();
        }
        if (res.statusCode !== 200) {
            await drain(res.body);
            throw new RegistryError(`${this.host}: the token service ${url.origin}${url.pathname} answered ${res.statusCode}`, res.statusCode);
        }
        const json = (await readJson(res.body));
        const token = json.token || json.access_token;
        if (!token)
            throw new RegistryError(`${this.host}: the token service sent no token`, 200);
        // Masked in the log; the token is never printed, and its base64 form would only add noise.
        core/* setSecret */.Pq(token);
        this.grants.set(key, grantedScopes(token, json.scope));
        return `Bearer ${token}`;
    }
    needLogin() {
        return new RegistryError(`registry ${this.host} asks for a login: set registry-username and registry-password, or log in first (docker/login-action) so ~/.docker/config.json holds it`, 401);
    }
    rejected(creds) {
        return new RegistryError(`registry ${this.host} rejected the login of user '${creds.username}' from ${creds.source}: check the username and password (or token)`, 401);
    }
    async failure(method, url, res) {
        const text = await readLimited(res.body, 64 << 10)
            .then(b => b.toString('utf8'))
            .catch(() => '');
        const path = new URL(url).pathname;
        const what = `${method} ${this.host}${path} answered ${res.statusCode}${describeErrors(text)}`;
        if ((0,retry/* isRetryableStatus */.PS)(res.statusCode))
            return new retry/* RetryableError */.dw(what, (0,retry/* retryAfterMs */.Vs)(header(res.headers, 'retry-after')));
        if (res.statusCode === 401) {
            const creds = this.options.credentials;
            return creds ? new RegistryError(`${this.rejected(creds).message} (${what})`, 401) : this.needLogin();
        }
        if (res.statusCode === 403)
            return new RegistryError(`${what}: access denied; may this login push to this repository?`, 403);
        return new RegistryError(what, res.statusCode);
    }
}
function scopeKey(scopes) {
    return [...scopes].sort().join(' ');
}
/** Whether a token asked for with the scopes in `held` (a scopeKey) was asked for every action of `wanted`. */
function covers(held, wanted) {
    const actions = new Map(held.split(' ').map(scope => {
        const [resource, granted] = splitScope(scope);
        return [resource, new Set(granted)];
    }));
    return wanted.every(scope => {
        const [resource, asked] = splitScope(scope);
        const have = actions.get(resource);
        return !!have && asked.every(a => have.has(a));
    });
}
/** `repository:org/app:pull,push` → [`repository:org/app`, [`pull`, `push`]]. */
function splitScope(scope) {
    const at = scope.lastIndexOf(':');
    return [scope.slice(0, at), scope.slice(at + 1).split(',')];
}
/**
 * Credentials go to a token service only over https, or over plain http on the registry's own host when the
 * registry itself is spoken to over http (loopback, insecure-registries): never in clear text to another host.
 */
function checkRealm(realm, registryBase, host) {
    if (realm.protocol === 'https:')
        return;
    const registry = new URL(registryBase);
    if (registry.protocol === 'http:' && realm.hostname === registry.hostname)
        return;
    throw new RegistryError(`registry ${host} sends logins to the token service ${realm.origin}, which is plain http ${registry.protocol === 'http:' ? 'on another host' : 'for an https registry'}: credentials are sent to a token service only over https, or over http on the host of a loopback or insecure registry`, 401);
}
/**
 * What a token grants, when the token service says: the distribution JWT's `access` claim, or an OAuth2
 * `scope` field. The token is not verified here (the registry does that); it only tells what to expect.
 */
function grantedScopes(token, scope) {
    const parts = token.split('.');
    if (parts.length === 3) {
        try {
            const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
            if (Array.isArray(claims.access))
                return claims.access.map(a => `${a.type ?? ''}:${a.name ?? ''}:${(a.actions ?? []).join(',')}`);
        }
        catch {
            // Not a JWT: fall through.
        }
    }
    if (typeof scope === 'string' && scope.trim())
        return scope.trim().split(/\s+/);
    return undefined;
}
function header(headers, name) {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
}
function withDigest(location, digest) {
    return `${location}${location.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`;
}
function checkDigest(got, want, where) {
    if (got && got !== want)
        throw new RegistryError(`${where}: the registry stored digest ${got}, not ${want}`, 0);
}
/** `<url>; rel="next"` from a Link header. */
function nextLink(link) {
    const value = Array.isArray(link) ? link.join(', ') : link;
    const m = value ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(value) : null;
    return m?.[1];
}
/** The registry's error codes: ` (MANIFEST_INVALID: manifest invalid)`. */
function describeErrors(text) {
    try {
        const json = JSON.parse(text);
        const parts = (json.errors ?? []).map(e => [e.code, e.message].filter(Boolean).join(': '));
        return parts.length ? ` (${parts.join('; ')})` : '';
    }
    catch {
        return '';
    }
}
async function readLimited(body, max) {
    const parts = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > max) {
            body.destroy();
            throw new Error(`response larger than ${max} bytes`);
        }
        parts.push(chunk);
    }
    return Buffer.concat(parts);
}
async function readJson(body) {
    const bytes = await readLimited(body, MAX_JSON_BYTES);
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new Error('the registry sent invalid JSON');
    }
}
/** Re-chunks a stream into buffers of exactly `size` bytes (the last one shorter). */
async function* chunks(stream, size) {
    let parts = [];
    let held = 0;
    for await (const chunk of stream) {
        let buf = chunk;
        while (held + buf.length >= size) {
            const take = size - held;
            parts.push(buf.subarray(0, take));
            yield Buffer.concat(parts);
            parts = [];
            held = 0;
            buf = buf.subarray(take);
        }
        if (buf.length) {
            parts.push(buf);
            held += buf.length;
        }
    }
    if (held)
        yield Buffer.concat(parts);
}

;// CONCATENATED MODULE: ./src/images/scratch.ts



/**
 * A temporary folder for layers compressed from `docker save` archives (and gunzipped archives): created on
 * first use under RUNNER_TEMP, removed after the push, and at the latest when the process exits.
 */
class Scratch {
    parent;
    dir;
    count = 0;
    onExit = () => this.cleanup();
    constructor(parent = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)()) {
        this.parent = parent;
    }
    /** A fresh file path inside the folder. */
    file(suffix) {
        if (!this.dir) {
            this.dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(this.parent, 'pa-images-'));
            process.once('exit', this.onExit);
        }
        return (0,external_node_path_.join)(this.dir, `${++this.count}${suffix}`);
    }
    cleanup() {
        if (!this.dir)
            return;
        (0,external_node_fs_.rmSync)(this.dir, { recursive: true, force: true });
        this.dir = undefined;
        process.removeListener('exit', this.onExit);
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./src/files.ts
var files = __webpack_require__(59148);
// EXTERNAL MODULE: ./src/inside.ts
var inside = __webpack_require__(50063);
;// CONCATENATED MODULE: ./src/images/tarindex.ts


const BLOCK = 512;
/**
 * Indexes a tar file by reading only its 512-byte headers and seeking over the contents, so a layer inside a
 * `docker save` archive or an OCI layout tar can later be streamed straight from the file, never held in memory.
 * Handles ustar prefixes, pax (`path`, `size`, `linkpath`) and GNU long names.
 */
async function indexTar(path) {
    const fh = await (0,external_node_fs_promises_.open)(path, 'r');
    const entries = new Map();
    try {
        const { size: fileSize } = await fh.stat();
        const header = Buffer.alloc(BLOCK);
        let pos = 0;
        let pax = {};
        let longName;
        let longLink;
        while (pos + BLOCK <= fileSize) {
            const { bytesRead } = await fh.read(header, 0, BLOCK, pos);
            if (bytesRead < BLOCK)
                break;
            if (header.every(b => b === 0))
                break;
            if (!checksumOk(header))
                throw new Error(`${path} is not a tar file (bad header checksum at byte ${pos})`);
            const typeflag = String.fromCharCode(header[156] || 0x30);
            let size = readSize(header.subarray(124, 136));
            if (pax.size !== undefined)
                size = Number(pax.size);
            const dataStart = pos + BLOCK;
            if (dataStart + size > fileSize)
                throw new Error(`${path} is truncated (member at byte ${pos})`);
            const next = dataStart + Math.ceil(size / BLOCK) * BLOCK;
            if (typeflag === 'x' || typeflag === 'L' || typeflag === 'K') {
                if (size > 1 << 20)
                    throw new Error(`${path}: an extended header of ${size} bytes is not plausible`);
                const data = Buffer.alloc(size);
                await fh.read(data, 0, size, dataStart);
                if (typeflag === 'x')
                    pax = { ...pax, ...parsePax(data) };
                else if (typeflag === 'L')
                    longName = cString(data);
                else
                    longLink = cString(data);
                pos = next;
                continue;
            }
            if (typeflag !== 'g') {
                const prefix = cString(header.subarray(345, 500));
                const base = cString(header.subarray(0, 100));
                const raw = pax.path ?? longName ?? (prefix ? `${prefix}/${base}` : base);
                const name = normalize(raw);
                const linkname = pax.linkpath ?? longLink ?? cString(header.subarray(157, 257));
                const type = typeflag === '0' || typeflag === '\0' || typeflag === '7'
                    ? 'file'
                    : typeflag === '5'
                        ? 'dir'
                        : typeflag === '2'
                            ? 'symlink'
                            : typeflag === '1'
                                ? 'hardlink'
                                : 'other';
                if (name)
                    entries.set(name, { name, offset: dataStart, size, type, linkname: linkname || undefined });
            }
            pax = {};
            longName = undefined;
            longLink = undefined;
            pos = next;
        }
    }
    finally {
        await fh.close();
    }
    return entries;
}
/** Follows symlinks and hard links (docker save links `<id>/layer.tar` to the real file) to a regular file. */
function resolveEntry(entries, name) {
    let current = entries.get(normalize(name));
    for (let hops = 0; current && current.type !== 'file' && hops < 8; hops++) {
        if (!current.linkname || (current.type !== 'symlink' && current.type !== 'hardlink'))
            return undefined;
        const target = current.type === 'symlink'
            ? external_node_path_.posix.join(external_node_path_.posix.dirname(current.name), current.linkname)
            : current.linkname;
        current = entries.get(normalize(target));
    }
    return current?.type === 'file' ? current : undefined;
}
function normalize(name) {
    return external_node_path_.posix
        .normalize(name)
        .replace(/^(\.\/)+/, '')
        .replace(/^\/+/, '')
        .replace(/\/+$/, '')
        .replace(/^\.$/, '');
}
function cString(buf) {
    const end = buf.indexOf(0);
    return buf.subarray(0, end < 0 ? buf.length : end).toString('utf8');
}
function readSize(field) {
    // GNU base-256 for members of 8 GiB and more.
    if (field[0] & 0x80) {
        let n = 0;
        for (let i = 1; i < field.length; i++)
            n = n * 256 + field[i];
        return n;
    }
    const text = cString(field).trim();
    return text ? parseInt(text, 8) : 0;
}
function checksumOk(header) {
    const stored = parseInt(cString(header.subarray(148, 156)).trim(), 8);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 32 : header[i];
    return stored === sum;
}
function parsePax(data) {
    const out = {};
    let pos = 0;
    while (pos < data.length) {
        const space = data.indexOf(0x20, pos);
        if (space < 0)
            break;
        const len = Number(data.subarray(pos, space).toString('ascii'));
        if (!Number.isSafeInteger(len) || len <= 0)
            break;
        const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
        const eq = record.indexOf('=');
        if (eq > 0)
            out[record.slice(0, eq)] = record.slice(eq + 1);
        pos += len;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/images/layout.ts









function layoutDir(dir) {
    return {
        origin: (0,src_version/* showPath */.P8)(dir),
        locate(digest) {
            const path = (0,external_node_path_.join)(dir, 'blobs', ...digest.split(':'));
            if (!isDigest(digest) || !(0,external_node_fs_.existsSync)(path))
                return undefined;
            // A blob symlinked out of the workspace is refused before a byte of it is read.
            const real = (0,inside/* requireInside */.Ab)(path, 'files', dir);
            return { path: real, offset: 0, size: (0,external_node_fs_.statSync)(real).size };
        },
        readIndex: async () => (0,external_node_fs_promises_.readFile)((0,inside/* requireInside */.Ab)((0,external_node_path_.join)(dir, 'index.json'), 'files', dir))
    };
}
function layoutTar(path, entries) {
    const member = (name) => resolveEntry(entries, name);
    return {
        origin: (0,src_version/* showPath */.P8)(path),
        locate(digest) {
            const e = isDigest(digest) ? member(`blobs/${digest.replace(':', '/')}`) : undefined;
            return e ? { path, offset: e.offset, size: e.size } : undefined;
        },
        async readIndex() {
            const e = member('index.json');
            if (!e)
                throw new Error(`${path}: no index.json`);
            return readRange(path, e.offset, e.size);
        }
    };
}
async function readRange(path, offset, size) {
    if (size > MAX_JSON_BYTES)
        throw new Error(`${path}: a ${size}-byte metadata file is not plausible`);
    const parts = [];
    for await (const chunk of await fileRange(path, offset, size)())
        parts.push(chunk);
    return Buffer.concat(parts);
}
/** A blob of a layout; its bytes are hashed later, with every other blob, before anything is pushed. */
function blobOf(files, d) {
    const at = files.locate(d.digest);
    if (!at)
        throw new Error(`${files.origin}: blob ${d.digest} is missing from the layout`);
    if (at.size !== d.size)
        throw new Error(`${files.origin}: blob ${d.digest} is ${at.size} bytes, but its descriptor says ${d.size}; the layout is corrupt`);
    return {
        digest: d.digest,
        size: d.size,
        mediaType: d.mediaType,
        open: fileRange(at.path, at.offset, at.size),
        span: at
    };
}
const IMAGE_CONFIGS = new Set([
    'application/vnd.oci.image.config.v1+json',
    'application/vnd.docker.container.image.v1+json'
]);
/** Loads a manifest (and, for an index, its children) by descriptor, checking every digest. */
async function loadManifest(d, readBlob, where) {
    const bytes = await readSmallBlob(readBlob(d), MAX_JSON_BYTES, where);
    const { json, mediaType } = parseManifest(bytes, d.mediaType, `${where} ${d.digest}`);
    if (INDEX_TYPES.has(mediaType)) {
        const children = [];
        for (const child of json.manifests ?? [])
            children.push(await loadManifest(child, readBlob, where));
        return {
            digest: d.digest,
            mediaType,
            bytes,
            platform: d.platform,
            annotations: d.annotations,
            blobs: [],
            children,
            origin: where
        };
    }
    const config = readBlob(json.config);
    let platform = d.platform;
    if (IMAGE_CONFIGS.has(config.mediaType)) {
        const configBytes = await readSmallBlob(config, MAX_JSON_BYTES, where);
        config.checked = true;
        platform ??= platformOfConfig(configBytes, `${where} ${config.digest}`);
    }
    const layers = (json.layers ?? []).map(readBlob);
    return {
        digest: d.digest,
        mediaType,
        bytes,
        platform,
        annotations: d.annotations,
        blobs: [config, ...layers],
        children: [],
        origin: where
    };
}
/** Every image named by an OCI layout's index.json (one per tag, or one multi-arch index). */
async function readLayout(files) {
    let index;
    try {
        index = JSON.parse((await files.readIndex()).toString('utf8'));
    }
    catch (err) {
        if (err instanceof errors/* InputError */.dz)
            throw err;
        // Not the parser's message: it quotes the file's first characters, which may be someone else's file.
        throw new Error(`${files.origin}: index.json is unreadable: ${err instanceof SyntaxError ? 'not valid JSON' : (err.code ?? 'read error')}`);
    }
    if (!Array.isArray(index.manifests) || index.manifests.length === 0)
        throw new Error(`${files.origin}: index.json lists no images`);
    const out = [];
    const seen = new Set();
    for (const d of index.manifests) {
        if (seen.has(d.digest))
            continue;
        seen.add(d.digest);
        out.push(await loadManifest(d, desc => blobOf(files, desc), files.origin));
    }
    return out;
}

;// CONCATENATED MODULE: ./src/images/archive.ts












/** Node's gzip writes a fixed header (no name, mtime 0), so the same layer compresses to the same digest. */
const GZIP_LEVEL = external_node_zlib_.constants.Z_DEFAULT_COMPRESSION;
/**
 * Reads a `docker save` archive (what build jobs pass between jobs): one image per manifest.json entry.
 * Each layer is checked against the config's diff_ids and, when stored uncompressed (as docker save does),
 * gzip-compressed into the scratch folder (streamed, never in memory) so the pushed image is what `docker
 * push` would send. The manifest is Docker v2 schema 2, built with a fixed key order so a re-push of the same
 * archive has the same digest.
 */
async function readDockerArchive(path, entries, scratch, concurrency) {
    const member = (name, what) => {
        const e = resolveEntry(entries, name);
        if (!e)
            throw new Error(`${path}: ${what} ${JSON.stringify(name)} is missing from the archive`);
        return e;
    };
    const manifestEntry = member('manifest.json', 'the file');
    let list;
    try {
        list = JSON.parse((await readRange(path, manifestEntry.offset, manifestEntry.size)).toString('utf8'));
    }
    catch {
        throw new Error(`${path}: manifest.json is not JSON`);
    }
    if (!Array.isArray(list) || list.length === 0)
        throw new Error(`${path}: manifest.json lists no images`);
    const out = [];
    for (const [i, item] of list.entries()) {
        // RepoTags are whatever the archive says: quoted and escaped, so a newline in one stays on its line.
        const tags = Array.isArray(item.RepoTags) ? item.RepoTags.map(t => (0,src_version/* show */.WU)(String(t))).join(' ') : '';
        const where = `${(0,src_version/* showPath */.P8)(path)} (image ${i + 1}${tags ? `, ${tags}` : ''})`;
        if (!item.Config || !Array.isArray(item.Layers))
            throw new Error(`${where}: manifest.json lacks Config or Layers`);
        const configEntry = member(item.Config, 'the config');
        const configBytes = await readRange(path, configEntry.offset, configEntry.size);
        const configDigest = sha256Digest(configBytes);
        const named = /([a-f0-9]{64})(?:\.json)?$/.exec(item.Config)?.[1];
        if (named && `sha256:${named}` !== configDigest)
            throw new Error(`${where}: the config ${item.Config} hashes to ${configDigest}; the archive is corrupt, nothing was pushed`);
        const platform = platformOfConfig(configBytes, where);
        const diffIds = JSON.parse(configBytes.toString('utf8')).rootfs?.diff_ids ??
            [];
        if (diffIds.length !== item.Layers.length)
            throw new Error(`${where}: ${item.Layers.length} layers but the config lists ${diffIds.length} diff_ids`);
        const layers = await (0,limit/* mapLimit */.s)(item.Layers, Math.min(4, concurrency), (name, n) => layerBlob(path, member(name, 'the layer'), diffIds[n], scratch, `${where} layer ${name}`));
        const config = {
            digest: configDigest,
            size: configBytes.length,
            mediaType: MEDIA.dockerConfig,
            open: fileRange(path, configEntry.offset, configEntry.size),
            checked: true
        };
        const manifest = {
            schemaVersion: 2,
            mediaType: MEDIA.dockerManifest,
            config: { mediaType: config.mediaType, size: config.size, digest: config.digest },
            layers: layers.map(l => ({ mediaType: l.mediaType, size: l.size, digest: l.digest }))
        };
        const bytes = Buffer.from(JSON.stringify(manifest, null, 2));
        out.push({
            digest: sha256Digest(bytes),
            mediaType: MEDIA.dockerManifest,
            bytes,
            platform,
            blobs: [config, ...layers],
            children: [],
            origin: where
        });
    }
    return out;
}
async function layerBlob(path, e, diffId, scratch, where) {
    const head = await readRange(path, e.offset, Math.min(4, e.size));
    const corrupt = (got) => new Error(`${where}: the layer hashes to ${got} but the config says ${diffId}; the archive is corrupt, nothing was pushed`);
    if (head[0] === 0x1f && head[1] === 0x8b) {
        // Already gzip: pushed as it is, its uncompressed bytes checked against the diff_id; one read gives both
        // digests.
        const diff = (0,external_node_crypto_.createHash)('sha256');
        const packed = (0,external_node_crypto_.createHash)('sha256');
        await (0,promises_.pipeline)(await fileRange(path, e.offset, e.size)(), tap(c => packed.update(c)), (0,external_node_zlib_.createGunzip)(), hashInto(diff));
        const got = `sha256:${diff.digest('hex')}`;
        if (got !== diffId)
            throw corrupt(got);
        return {
            digest: `sha256:${packed.digest('hex')}`,
            size: e.size,
            mediaType: MEDIA.dockerLayerGzip,
            open: fileRange(path, e.offset, e.size),
            checked: true
        };
    }
    if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528)
        throw new Error(`${where}: zstd-compressed layers in docker save archives are not supported; push an OCI layout instead`);
    const out = scratch.file('.tar.gz');
    const diff = (0,external_node_crypto_.createHash)('sha256');
    const packed = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    await (0,promises_.pipeline)(await fileRange(path, e.offset, e.size)(), tap(c => diff.update(c)), (0,external_node_zlib_.createGzip)({ level: GZIP_LEVEL }), tap(c => {
        packed.update(c);
        size += c.length;
    }), (0,external_node_fs_.createWriteStream)(out));
    const got = `sha256:${diff.digest('hex')}`;
    if (got !== diffId)
        throw corrupt(got);
    if ((await (0,external_node_fs_promises_.stat)(out)).size !== size)
        throw new Error(`${where}: the compressed layer was not written completely`);
    return {
        digest: `sha256:${packed.digest('hex')}`,
        size,
        mediaType: MEDIA.dockerLayerGzip,
        open: fileRange(out, 0, size),
        checked: true
    };
}
function tap(fn) {
    return new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            fn(chunk);
            done(null, chunk);
        }
    });
}
function hashInto(hash) {
    return new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            hash.update(chunk);
            done();
        }
    });
}

;// CONCATENATED MODULE: ./src/images/remote.ts




/**
 * Reads an image (or a multi-arch index) from a registry to copy it: manifests are fetched and checked now;
 * layers are streamed from the source into the destination at push time, hashed on the way, and mounted
 * instead when the destination is another repository of the same registry.
 */
async function readRemote(ref, registry) {
    const { name, reference } = ref;
    const where = `docker://${name.display}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;
    const top = await registry.getManifest(name.repository, reference);
    if (!top)
        throw new Error(`${where} does not exist`);
    const { mediaType } = parseManifest(top.bytes, top.mediaType || undefined, where);
    const cache = new Map([[top.digest, top.bytes]]);
    const descriptor = { mediaType, digest: top.digest, size: top.bytes.length };
    // Child manifests are fetched ahead (they are small) so loadManifest can stay synchronous per blob.
    const prefetch = async (d) => {
        const bytes = cache.get(d.digest) ?? (await registry.getManifest(name.repository, d.digest))?.bytes;
        if (!bytes)
            throw new Error(`${where}: manifest ${d.digest} is missing from the registry`);
        cache.set(d.digest, bytes);
        const parsed = parseManifest(bytes, d.mediaType, where);
        for (const child of parsed.json.manifests ?? [])
            await prefetch(child);
    };
    await prefetch(descriptor);
    const blobOf = (d) => {
        const bytes = cache.get(d.digest);
        const open = async () => {
            if (bytes)
                return external_node_stream_.Readable.from([bytes]);
            const body = await registry.getBlob(name.repository, d.digest);
            const check = verifying(d.digest, d.size, where);
            body.on('error', err => check.destroy(err));
            return body.pipe(check);
        };
        return {
            digest: d.digest,
            size: d.size,
            mediaType: d.mediaType,
            open,
            mountFrom: { registry: name.registry, repository: name.repository },
            checked: !bytes
        };
    };
    return loadManifest(descriptor, blobOf, where);
}

;// CONCATENATED MODULE: ./src/images/targuard.ts

const targuard_BLOCK = 512;
/** Zeros a tar writer may add after the end-of-archive blocks (records are padded; 1 MiB is far past any). */
const MAX_TRAILING_BYTES = 1 << 20;
/**
 * Watches a tar stream as it is inflated (`docker save | gzip`) and stops it as soon as it stops being the tar its
 * headers declare: a header with a bad checksum, or more than MAX_TRAILING_BYTES after the end-of-archive blocks.
 * So a gzip bomb (1 MB of gzip, 1 GiB of zeros) fails after a few bytes, instead of filling RUNNER_TEMP first; a
 * real archive is inflated exactly to the sizes its members declare.
 */
function tarGuard(what) {
    let pos = 0;
    /** Where the next header starts, until the end-of-archive block is seen. */
    let nextHeader = 0;
    let ended = -1;
    let header = Buffer.alloc(0);
    let paxSize;
    let paxWanted = 0;
    let pax = Buffer.alloc(0);
    let paxStart = 0;
    const fail = (done, message) => done(new Error(`${what}: ${message}`));
    return new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            const start = pos;
            pos += chunk.length;
            if (ended >= 0) {
                if (pos - ended > MAX_TRAILING_BYTES)
                    return fail(done, `more than ${MAX_TRAILING_BYTES} bytes after the end of the tar archive (a decompression bomb?); nothing was pushed`);
                return done(null, chunk);
            }
            let at = 0;
            while (ended < 0) {
                // Collect the pax extended header's data: its `size` overrides the next header's.
                if (paxWanted > 0 && start + at >= paxStart) {
                    const take = Math.min(paxWanted, chunk.length - at);
                    pax = Buffer.concat([pax, chunk.subarray(at, at + take)]);
                    paxWanted -= take;
                    if (paxWanted === 0)
                        paxSize = paxSizeOf(pax);
                }
                const headerAt = nextHeader - start;
                if (headerAt >= chunk.length)
                    break;
                const from = Math.max(headerAt, at);
                const need = targuard_BLOCK - header.length;
                const piece = chunk.subarray(from, from + need);
                header = Buffer.concat([header, piece]);
                at = from + piece.length;
                if (header.length < targuard_BLOCK)
                    break;
                const h = header;
                header = Buffer.alloc(0);
                if (h.every(b => b === 0)) {
                    ended = nextHeader + targuard_BLOCK;
                    if (pos - ended > MAX_TRAILING_BYTES)
                        return fail(done, `more than ${MAX_TRAILING_BYTES} bytes after the end of the tar archive (a decompression bomb?); nothing was pushed`);
                    break;
                }
                if (!targuard_checksumOk(h))
                    return fail(done, `not a tar archive once decompressed (bad header checksum at byte ${nextHeader}); nothing was pushed`);
                const type = String.fromCharCode(h[156] || 0x30);
                let size = targuard_readSize(h.subarray(124, 136));
                if (paxSize !== undefined && type !== 'x' && type !== 'g') {
                    size = paxSize;
                    paxSize = undefined;
                }
                if (!Number.isSafeInteger(size) || size < 0)
                    return fail(done, `a tar header at byte ${nextHeader} declares an impossible size`);
                const dataStart = nextHeader + targuard_BLOCK;
                if (type === 'x') {
                    if (size > 1 << 20)
                        return fail(done, `an extended tar header of ${size} bytes is not plausible`);
                    pax = Buffer.alloc(0);
                    paxWanted = size;
                    paxStart = dataStart;
                    if (size === 0)
                        paxSize = undefined;
                }
                nextHeader = dataStart + Math.ceil(size / targuard_BLOCK) * targuard_BLOCK;
                at = Math.max(at, Math.min(chunk.length, dataStart - start));
            }
            done(null, chunk);
        }
    });
}
function paxSizeOf(data) {
    const m = /(?:^|\n)\d+ size=(\d+)\n/.exec(data.toString('utf8'));
    return m ? Number(m[1]) : undefined;
}
function targuard_readSize(field) {
    if (field[0] & 0x80) {
        let n = 0;
        for (let i = 1; i < field.length; i++)
            n = n * 256 + field[i];
        return n;
    }
    const end = field.indexOf(0);
    const text = field
        .subarray(0, end < 0 ? field.length : end)
        .toString('ascii')
        .trim();
    return text ? parseInt(text, 8) : 0;
}
function targuard_checksumOk(header) {
    const end = header.indexOf(0, 148);
    const stored = parseInt(header
        .subarray(148, end < 0 || end > 156 ? 156 : end)
        .toString('ascii')
        .trim(), 8);
    let sum = 0;
    for (let i = 0; i < targuard_BLOCK; i++)
        sum += i >= 148 && i < 156 ? 32 : header[i];
    return stored === sum;
}

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
;// CONCATENATED MODULE: ./src/images/sources.ts

















/**
 * Reads every source of the `files` input: `docker save` archives (`.tar`, or gzipped), OCI image layouts
 * (a folder holding `oci-layout`, or its tar) and registry references (`docker://host/repo:tag`).
 */
async function readSources(patterns, opts) {
    const out = [];
    const paths = [];
    const globs = [];
    for (const p of patterns) {
        if (p.startsWith(REMOTE_PREFIX)) {
            const ref = parseRemoteRef(p, opts.insecure);
            out.push(await readRemote(ref, await opts.registryFor(ref)));
        }
        else
            globs.push(...(0,files/* expandBraces */.PH)(p).map(g => g.startsWith('!') ? `!${sources_anchor(g.slice(1), opts.baseDir)}` : sources_anchor(g, opts.baseDir)));
    }
    if (globs.some(g => !g.startsWith('!'))) {
        for (const path of await matchPaths(globs)) {
            const s = await (0,external_node_fs_promises_.stat)(path);
            if (s.isDirectory() ? (0,external_node_fs_.existsSync)((0,external_node_path_.join)(path, 'oci-layout')) : s.isFile()) {
                (0,inside/* requireInside */.Ab)(path, 'files', opts.baseDir);
                paths.push(path);
            }
        }
    }
    if (paths.length === 0 && out.length === 0) {
        const message = `no image archives or layouts matched ${patterns.map(p => (0,src_version/* show */.WU)(p)).join(', ') || '(no pattern given)'} under ${opts.baseDir}`;
        if (opts.ifNoFilesFound === 'error')
            throw new errors/* InputError */.dz('files', `${message}. Give docker save archives, OCI layouts or docker:// references.`);
        if (opts.ifNoFilesFound === 'warn')
            log/* warning */.$e(message);
        else
            log/* info */.pq(message);
    }
    for (const path of paths)
        out.push(...(await readLocal(path, opts)));
    return out;
}
/** What @actions/glob would match, by the glob's own rules. */
async function matchPaths(globs) {
    // Plain paths (a layout folder, an archive's name) match themselves when they exist: no need to load the
    // glob library (and the @actions/core and HTTP client it brings) to learn that.
    if (globs.every(g => !/[*?[\]{}~!#\\]/.test(g))) {
        const found = new Set();
        for (const g of globs) {
            const path = (0,external_node_path_.resolve)(g);
            if (await (0,external_node_fs_promises_.stat)(path).then(() => true, () => false))
                found.add(path);
        }
        return [...found].sort();
    }
    const glob = await Promise.all(/* import() */[__webpack_require__.e(260), __webpack_require__.e(838), __webpack_require__.e(196)]).then(__webpack_require__.bind(__webpack_require__, 23860));
    const globber = await glob.create(globs.join('\n'), { matchDirectories: true, implicitDescendants: false });
    return (await globber.glob()).sort();
}
async function readLocal(path, opts) {
    if ((await (0,external_node_fs_promises_.stat)(path)).isDirectory())
        return readLayout(layoutDir(path));
    let tar = path;
    if (await isGzip(path)) {
        // `docker save | gzip`: unpacked once into the scratch folder so members can be read by offset.
        tar = opts.scratch.file('.tar');
        // Checked as it is inflated: a bomb fails after its first blocks, not after filling RUNNER_TEMP.
        await (0,promises_.pipeline)((0,external_node_fs_.createReadStream)(path), (0,external_node_zlib_.createGunzip)(), tarGuard((0,src_version/* show */.WU)(path)), (0,external_node_fs_.createWriteStream)(tar)).catch((err) => {
            throw new errors/* InputError */.dz('files', err.message);
        });
    }
    let entries;
    try {
        entries = await indexTar(tar);
    }
    catch (err) {
        throw new errors/* InputError */.dz('files', `${(0,src_version/* show */.WU)(path)} is not a docker save archive or an OCI layout: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (entries.has('manifest.json'))
        return readDockerArchive(tar, entries, opts.scratch, opts.concurrency);
    if (entries.has('index.json') && entries.has('oci-layout'))
        return readLayout(layoutTar(tar, entries));
    throw new errors/* InputError */.dz('files', `${(0,src_version/* show */.WU)(path)} is neither a docker save archive (manifest.json) nor an OCI layout (oci-layout, index.json).`);
}
async function isGzip(path) {
    const fh = await (0,external_node_fs_promises_.open)(path, 'r');
    try {
        const buf = Buffer.alloc(2);
        await fh.read(buf, 0, 2, 0);
        return buf[0] === 0x1f && buf[1] === 0x8b;
    }
    finally {
        await fh.close();
    }
}
function sources_anchor(pattern, baseDir) {
    return (0,external_node_path_.isAbsolute)(pattern) ? pattern : (0,external_node_path_.join)(baseDir, pattern);
}
/**
 * What gets pushed: one source image or index as it is (its exact bytes, so its digest is kept), or several
 * combined into one multi-arch index with each image's platform (indexes among them are flattened; descriptor
 * annotations, such as buildx's `vnd.docker.reference.*` on attestation manifests, are kept). Images that an
 * index among the sources already holds (a layout naming both its index and the per-arch images) are that
 * index. Two images for the same platform are refused.
 */
function combine(all) {
    if (all.length === 0)
        throw new errors/* InputError */.dz('files', 'no image to push.');
    const inIndex = new Set(all.flatMap(m => m.children.map(c => c.digest)));
    const manifests = all.filter((m, i) => !inIndex.has(m.digest) && all.findIndex(o => o.digest === m.digest) === i);
    if (manifests.length === 1)
        return manifests[0];
    const children = [];
    const seen = new Map();
    for (const m of manifests) {
        for (const child of m.children.length ? m.children : [m]) {
            // A layout may name an image both by its own tag and through an index: one entry.
            if (children.some(c => c.digest === child.digest))
                continue;
            if (!child.platform)
                throw new errors/* InputError */.dz('files', `${child.origin}: image ${child.digest} has no platform, so it cannot join a multi-arch index.`);
            const key = platformKey(child.platform);
            const attestation = child.platform.os === 'unknown';
            const other = seen.get(key);
            if (other && !attestation)
                throw new errors/* InputError */.dz('files', `two images for ${key}: ${other} and ${child.origin}; give one image per platform.`);
            seen.set(key, child.origin);
            children.push(child);
        }
    }
    const allDocker = children.every(c => c.mediaType === MEDIA.dockerManifest);
    const mediaType = allDocker ? MEDIA.dockerList : MEDIA.ociIndex;
    const index = {
        schemaVersion: 2,
        mediaType,
        manifests: children.map(c => ({
            mediaType: c.mediaType,
            size: c.bytes.length,
            digest: c.digest,
            platform: c.platform,
            ...descriptorAnnotations(c.annotations)
        }))
    };
    const bytes = Buffer.from(JSON.stringify(index, null, 2));
    return {
        digest: sha256Digest(bytes),
        mediaType,
        bytes,
        blobs: [],
        children,
        origin: `index of ${children.length} images`
    };
}
/** A layout's names for its images (`org.opencontainers.image.ref.name`, containerd's) say nothing in an index. */
const LAYOUT_NAMES = new Set(['org.opencontainers.image.ref.name', 'io.containerd.image.name']);
function descriptorAnnotations(annotations) {
    const kept = Object.entries(annotations ?? {}).filter(([k]) => !LAYOUT_NAMES.has(k));
    return kept.length ? { annotations: Object.fromEntries(kept) } : {};
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(62088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/images/tags.ts




/** Makes a version usable as a tag: `+` (build metadata) is not allowed in tags and becomes `-`. */
function versionTag(version) {
    return version.replace(/\+/g, '-');
}
/** The highest stable version among a registry's tags that carry the suffix (`0.39.0-debian` → `0.39.0`). */
function highestStableTag(existing, suffix) {
    let best;
    for (const tag of existing) {
        if (!tag.endsWith(suffix))
            continue;
        const bare = tag.slice(0, tag.length - suffix.length).replace(/^v/, '');
        // Only X.Y.Z: prereleases and other suffixes (0.39.0-debian when the suffix is empty) do not count.
        if (!/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(bare))
            continue;
        if (!best || semver_default().gt(bare, best))
            best = bare;
    }
    return best;
}
/**
 * The tags a release gets (pure):
 * - dev (a merge into the default branch) ⇒ the dev-tags (`master`);
 * - prerelease (a tag such as 0.40.0-rc1) ⇒ its own version tag only;
 * - stable ⇒ `X.Y.Z`, and `latest` only when X.Y.Z ≥ the highest stable version already in the registry, so a
 *   backport (0.38.3 after 0.39.0) never moves `latest` backwards; `latest: true|false` (as in
 *   docker/metadata-action) tags it on every release, or never.
 * Every tag gets the suffix and must match the OCI tag grammar.
 */
function tagsFor(release, options, existing) {
    const { suffix } = options;
    // Checked on its own, so a bad suffix is blamed on tag-suffix even in a dev release (whose tags are dev-tags).
    if (!/^[A-Za-z0-9._-]{0,100}$/.test(suffix))
        throw new errors/* InputError */.dz('tag-suffix', `${(0,src_version/* show */.WU)(suffix)} cannot end an image tag: use at most 100 letters, digits, '.', '_' and '-' (e.g. -debian).`);
    const out = { tags: [] };
    if (release.type === 'none')
        return out;
    const version = versionTag(release.version);
    if (release.type === 'stable') {
        out.tags.push(version);
        const highest = highestStableTag(existing, suffix);
        const mine = release.version.replace(/^v/, '');
        if (!highest || semver_default().gte(mine, highest)) {
            out.tags.push('latest');
            out.latestReason = highest
                ? `${mine} ≥ ${highest}, the highest stable version in the registry`
                : 'no stable version in the registry yet';
        }
        else
            out.latestReason = `latest stays: ${mine} < ${highest}, the highest stable version in the registry`;
    }
    else if (release.tag)
        out.tags.push(version);
    else
        out.tags.push(...options.devTags.map(t => t.replaceAll('{version}', version)));
    if (options.latest === 'false' && out.tags.includes('latest')) {
        out.tags = out.tags.filter(t => t !== 'latest');
        out.latestReason = 'latest: false';
    }
    else if (options.latest === 'true' && !out.tags.includes('latest')) {
        out.tags.push('latest');
        out.latestReason = 'latest: true';
    }
    const tags = [...new Set(out.tags.map(t => `${t}${suffix}`))];
    for (const tag of tags)
        if (!TAG.test(tag)) {
            const input = release.type === 'dev' && !release.tag ? 'dev-tags' : 'tag-suffix';
            throw new errors/* InputError */.dz(input, `the tag ${(0,src_version/* show */.WU)(tag)} is not a valid image tag ([A-Za-z0-9_][A-Za-z0-9._-], at most 128 characters).`);
        }
    out.tags = tags;
    return out;
}

;// CONCATENATED MODULE: ./src/images/publisher.ts
















const plans = new WeakMap();
/**
 * Container images: reads the sources, checks every blob, logs into every destination registry, works out the
 * tags and signatures, refuses moving a version tag and proves push access everywhere (plan); then pushes
 * blobs, child manifests and the image or index to every destination, the signatures, and only then the tags
 * (apply).
 */
const imagesPublisher = {
    async plan(ctx) {
        const { inputs, release } = ctx;
        if (release.type === 'none')
            throw new Error('no plan for a run that publishes nothing');
        const names = dedupe(inputs.images.map(i => parseImageName(i, 'images', inputs.insecureRegistries)));
        const tagOptions = { devTags: inputs.devTags, suffix: inputs.tagSuffix, latest: inputs.latest };
        // The tags this release gets, checked before any source is read or registry contacted (a bad tag-suffix or
        // dev-tags fails here); the registry's tags only decide `latest`, later. The signing key too.
        tagsFor(release, tagOptions, []);
        let signer;
        if (inputs.cosignKey) {
            // Each line too, as a log may show the key line by line; the PEM armour lines are no secret.
            for (const line of inputs.cosignKey.split('\n'))
                if (!line.startsWith('-----'))
                    (0,redact/* registerSecret */.cl)(line.trim());
            signer = await loadSigner(inputs.cosignKey, inputs.cosignPassword);
        }
        else if (inputs.cosignPassword)
            throw new errors/* InputError */.dz('cosign-password', 'is set but cosign-key is empty: give the key to sign with.');
        // registry-username/registry-password belong to the destinations: a docker:// source elsewhere never sees them.
        const destinations = new Set(names.map(n => canonicalRegistry(n.registry)));
        const registries = new Map();
        const registryFor = async (name) => {
            const key = `${name.scheme}://${name.registry}`;
            let r = registries.get(key);
            if (!r) {
                const credentials = await credentialsFor(name.registry, {
                    username: inputs.registryUsername,
                    password: inputs.registryPassword,
                    destinations
                });
                r = registries.get(key) ?? new Registry(name.registry, name.scheme, { credentials });
                registries.set(key, r);
            }
            return r;
        };
        const scratch = new Scratch();
        try {
            const manifests = await readSources(inputs.files, {
                baseDir: ctx.baseDir,
                ifNoFilesFound: inputs.ifNoFilesFound,
                insecure: inputs.insecureRegistries,
                scratch,
                concurrency: inputs.concurrency,
                registryFor: ref => registryFor(ref.name)
            });
            const notes = [];
            if (manifests.length === 0) {
                scratch.cleanup();
                return {
                    kind: 'images',
                    release,
                    destination: names.map(n => n.display).join(', '),
                    writes: [],
                    deletes: [],
                    extra: [],
                    notes: ['no image to push']
                };
            }
            const top = combine(manifests);
            const blobs = allBlobs(top);
            const platforms = top.children.length
                ? top.children.map(c => platformKey(c.platform))
                : [platformKey(top.platform)];
            notes.push(`${top.children.length ? `multi-arch index (${top.mediaType})` : `image (${top.mediaType})`} ${top.digest}: ${platforms.join(', ')}; ${blobs.length} blobs, ${blobs.reduce((n, b) => n + b.size, 0)} bytes`);
            // Per-arch tags fail on colliding platforms here, before any registry is asked.
            if (inputs.archTags)
                archTags(top, tagsFor(release, tagOptions, []).tags);
            const targets = [];
            const extra = [];
            const conflicts = [];
            const concurrency = inputs.concurrency;
            for (const name of names) {
                const registry = await registryFor(name);
                await registry.login([Registry.scope(name.repository, 'pull,push')]);
                // What the registry holds, asked side by side: the tags, the manifests and every blob (a HEAD each).
                const present = new Set();
                const asks = [
                    ...[top, ...top.children].map(m => async () => {
                        if ((await registry.manifestDigest(name.repository, m.digest)) === m.digest)
                            present.add(m.digest);
                    }),
                    ...blobs.map(b => async () => {
                        if (await registry.hasBlob(name.repository, b))
                            present.add(b.digest);
                    })
                ];
                // The registry's tags decide `latest` in a stable release, and tell which signatures exist: asked only
                // then (a dev release's tags are what dev-tags says, whatever the registry holds).
                let tagList = [];
                if (release.type === 'stable' || signer)
                    asks.unshift(async () => {
                        tagList = await registry.listTags(name.repository);
                    });
                // The tags this release gets whatever the registry holds (all but `latest`) are asked for in the same
                // round: a re-push needs no second one.
                const heads = new Map();
                for (const tag of planTags(top, tagsFor(release, tagOptions, []).tags, inputs.archTags))
                    asks.push(async () => {
                        heads.set(tag, await registry.manifestDigest(name.repository, tag));
                    });
                await (0,limit/* mapLimit */.s)(asks, Math.max(concurrency, REGISTRY_SOCKETS), ask => ask());
                const existing = new Set(tagList);
                const decision = tagsFor(release, tagOptions, [...existing]);
                if (decision.latestReason)
                    notes.push(`${name.display}: ${decision.latestReason}`);
                const tags = decision.tags.map(tag => ({ tag, manifest: top, immutable: false }));
                if (inputs.archTags)
                    tags.push(...archTags(top, decision.tags).map(a => ({ ...a, immutable: false })));
                for (const t of tags) {
                    t.immutable = isVersionTag(t.tag, inputs.tagSuffix);
                    t.before = heads.get(t.tag);
                }
                const signatures = [];
                await (0,limit/* mapLimit */.s)([
                    ...tags.map(t => async () => {
                        if (!heads.has(t.tag) && existing.has(t.tag))
                            t.before = await registry.manifestDigest(name.repository, t.tag);
                    }),
                    ...(signer ? [top, ...top.children] : []).map((m, i) => async () => {
                        const s = signer;
                        const tag = signatureImage(name, m.digest, s, undefined).tag;
                        const current = existing.has(tag)
                            ? (await registry.getManifest(name.repository, tag))?.bytes
                            : undefined;
                        signatures[i] = signatureImage(name, m.digest, s, current);
                    })
                ], concurrency, ask => ask());
                for (const t of tags)
                    if (t.immutable && t.before && t.before !== t.manifest.digest)
                        conflicts.push(`${name.display}:${t.tag} already points to ${t.before}, not to this image ${t.manifest.digest}`);
                const writes = [top, ...top.children, ...blobs].some(x => !present.has(x.digest)) ||
                    tags.some(t => t.before !== t.manifest.digest) ||
                    signatures.some(g => !g.unchanged);
                targets.push({ name, tags, signatures, writes, present });
                extra.push({
                    kind: 'images',
                    repo: name.display,
                    ref: `${name.display}@${top.digest}`,
                    status: 'planned',
                    digest: top.digest,
                    size: top.bytes.length,
                    role: 'index',
                    reason: top.origin
                });
                for (const t of tags)
                    extra.push({
                        kind: 'images',
                        repo: name.display,
                        ref: `${name.display}:${t.tag}`,
                        status: 'planned',
                        digest: t.manifest.digest,
                        role: 'index',
                        reason: t.manifest === top ? 'tag' : `tag for ${platformKey(t.manifest.platform)}`
                    });
                for (const g of signatures)
                    extra.push({
                        kind: 'images',
                        repo: name.display,
                        ref: `${name.display}:${g.tag}`,
                        status: 'planned',
                        digest: g.digest,
                        role: 'signature',
                        reason: `cosign signature of ${g.subject}`
                    });
            }
            if (conflicts.length)
                throw new errors/* PublishError */.S1(`${conflicts.join('; ')}: stable tags are never overwritten, and no run type moves a version tag. Publish a new version instead; nothing was written.`);
            // Every blob some destination lacks is hashed before anything is written anywhere: a corrupt layout fails
            // here. A blob every destination already holds (same digest, same size) is trusted as it is, as skopeo
            // does: it is never uploaded, so its local copy is not read. Archives and registry sources were checked
            // while they were read.
            await (0,limit/* mapLimit */.s)(blobs.filter(b => !b.checked && targets.some(t => !t.present.has(b.digest))), concurrency, b => verifyBlob(b, top.origin));
            // Push access is proven on every destination before any write anywhere; nothing to write (a re-run)
            // needs none.
            for (const { name } of targets.filter(t => t.writes)) {
                const registry = await registryFor(name);
                // A dry run touches nothing: only what the token service granted is checked, no upload session opened.
                const how = await provePush(registry, name, registry.who(), !inputs.dryRun);
                notes.push(`${name.display}: push access ${how === 'granted' ? 'granted by the token service' : how === 'probed' ? 'proven (an upload session opened and cancelled)' : 'not proven (dry run; the registry does not say what the login may do)'}`);
            }
            const plan = {
                kind: 'images',
                release,
                destination: names.map(n => n.display).join(', '),
                writes: [],
                deletes: [],
                extra,
                notes
            };
            plans.set(plan, { top, targets, registries, scratch });
            return plan;
        }
        catch (err) {
            scratch.cleanup();
            throw err;
        }
        finally {
            // Idle connections would keep a dry run's process alive; apply opens new ones (tokens are kept).
            await closeAll(registries);
        }
    },
    async apply(plan, ctx) {
        const state = plans.get(plan);
        if (!state)
            return [];
        const { top, targets, registries, scratch } = state;
        const concurrency = ctx.inputs.concurrency;
        const published = [];
        try {
            // Per registry, the first repository gets the uploads; the others mount from it.
            const firstRepo = new Map();
            for (const target of targets) {
                const { name } = target;
                const registry = registryOf(registries, name);
                const host = canonicalRegistry(name.registry);
                const sibling = firstRepo.get(host);
                {
                    // main.ts already runs apply in a log group (groups do not nest).
                    log/* info */.pq(`Push ${name.display}`);
                    const blobs = allBlobs(top);
                    const outcomes = await (0,limit/* mapLimit */.s)(blobs, concurrency, async (blob) => {
                        const from = sibling ??
                            (blob.mountFrom && canonicalRegistry(blob.mountFrom.registry) === host
                                ? blob.mountFrom.repository
                                : undefined);
                        return registry.pushBlob(name.repository, blob, from, target.present.has(blob.digest));
                    });
                    blobs.forEach((blob, i) => published.push({
                        kind: 'images',
                        repo: name.display,
                        ref: `${name.display}@${blob.digest}`,
                        status: outcomes[i] === 'present' ? 'unchanged' : 'uploaded',
                        digest: blob.digest,
                        size: blob.size,
                        role: 'artifact',
                        reason: outcomes[i] === 'mounted'
                            ? 'blob mounted'
                            : outcomes[i] === 'present'
                                ? 'blob already there'
                                : 'blob uploaded'
                    }));
                    const counts = outcomes.reduce((m, o) => ({ ...m, [o]: (m[o] ?? 0) + 1 }), {});
                    log/* info */.pq(`${name.display}: blobs ${Object.entries(counts)
                        .map(([k, n]) => `${n} ${k}`)
                        .join(', ')}`);
                    // Children before the index that names them; the children side by side (a re-push waits on one
                    // round of HEADs, not one per platform).
                    // The plan's HEADs said which are there already.
                    const put = async (m) => {
                        const there = target.present.has(m.digest);
                        if (!there)
                            await registry.putManifest(name.repository, m.digest, m.mediaType, m.bytes);
                        return there;
                    };
                    const childrenThere = await (0,limit/* mapLimit */.s)(top.children, concurrency, put);
                    const topThere = await put(top);
                    for (const [i, m] of [...top.children, top].entries()) {
                        const there = i < top.children.length ? childrenThere[i] : topThere;
                        published.push({
                            kind: 'images',
                            repo: name.display,
                            ref: `${name.display}@${m.digest}`,
                            status: there ? 'unchanged' : 'uploaded',
                            digest: m.digest,
                            size: m.bytes.length,
                            role: m === top ? 'index' : 'artifact',
                            reason: m === top ? top.origin : `manifest for ${platformKey(m.platform)}`
                        });
                    }
                }
                if (!sibling)
                    firstRepo.set(host, name.repository);
            }
            // Signatures before the tags: whoever sees a tag finds it signed.
            for (const { name, signatures } of targets) {
                const registry = registryOf(registries, name);
                for (const g of signatures) {
                    if (!g.unchanged) {
                        for (const blob of g.blobs)
                            await registry.pushBlob(name.repository, blob);
                        await registry.putManifest(name.repository, g.tag, MEDIA.ociManifest, g.manifest);
                        log/* info */.pq(`${name.display}:${g.tag} signs ${g.subject}`);
                    }
                    published.push({
                        kind: 'images',
                        repo: name.display,
                        ref: `${name.display}:${g.tag}`,
                        status: g.unchanged ? 'unchanged' : 'uploaded',
                        digest: g.digest,
                        size: g.manifest.length,
                        role: 'signature',
                        reason: `cosign signature of ${g.subject}`
                    });
                }
            }
            // Tags last, once every destination holds everything they point to; version tags first everywhere, so
            // a version tag another run holds stops the run before latest or a dev tag moves.
            {
                log/* info */.pq('Tags');
                const conflicts = [];
                // The release's own version tag before its arch tags: none of them is set when another run holds it.
                const order = (t) => (t.manifest === top ? 0 : 1);
                for (const immutable of [true, false])
                    for (const { name, tags } of targets) {
                        const registry = registryOf(registries, name);
                        const mine = tags.filter(x => x.immutable === immutable).sort((a, b) => order(a) - order(b));
                        for (const t of mine) {
                            if (conflicts.length)
                                break;
                            const entry = await setTag(registry, name, t);
                            published.push(entry);
                            if (entry.status === 'skipped')
                                conflicts.push(`${name.display}:${t.tag} points to ${entry.digest}`);
                        }
                    }
                if (conflicts.length)
                    throw new errors/* PartialPublishError */.vp(`another run set version tags while this one was publishing: ${conflicts.join('; ')}, not to this run's ${top.digest}. They were not moved (version tags never are); this run's image is in the registry by digest only.`, published);
            }
            return published;
        }
        finally {
            scratch.cleanup();
            await closeAll(registries);
        }
    },
    outputs(published) {
        const refs = published.filter(p => p.role === 'index' && p.ref && p.status !== 'planned');
        // A version tag another run holds: report the digest the tag really has.
        const held = refs.find(p => p.status === 'skipped' && p.reason?.startsWith('held by another run'));
        const digest = held?.digest ?? refs.find(p => p.ref?.includes('@'))?.digest ?? '';
        const tags = refs.filter(p => !p.ref?.includes('@') && p.status !== 'skipped').map(p => p.ref);
        const signatures = published
            .filter(p => p.role === 'signature' && p.ref && p.status !== 'planned')
            .map(p => p.ref);
        return { digest, tags: tags.join('\n'), signatures: signatures.join('\n') };
    }
};
/**
 * Sets one tag. A version tag is checked again right before the PUT and after it: when another run set it to
 * other bytes meanwhile, it is not moved (or, after a lost race, reported as it really is), status skipped.
 */
async function setTag(registry, name, t) {
    const want = t.manifest.digest;
    const ref = `${name.display}:${t.tag}`;
    const entry = (status, digest, reason) => ({
        kind: 'images',
        repo: name.display,
        ref,
        status,
        digest,
        role: 'index',
        reason
    });
    // Already so while planning, a moment ago: nothing to ask again (a version tag never moves once set).
    const before = t.before === want ? want : await registry.manifestDigest(name.repository, t.tag);
    if (before === want) {
        log/* info */.pq(`${ref} → ${want} (unchanged)`);
        return entry('unchanged', want, 'tag');
    }
    if (t.immutable && before) {
        log/* info */.pq(`${ref} is held by another run: ${before}`);
        return entry('skipped', before, `held by another run: version tags never move (this run: ${want})`);
    }
    await registry.putManifest(name.repository, t.tag, t.manifest.mediaType, t.manifest.bytes);
    if (t.immutable) {
        const after = await registry.manifestDigest(name.repository, t.tag);
        if (after && after !== want) {
            log/* info */.pq(`${ref} was set by another run at the same time: ${after}`);
            return entry('skipped', after, `held by another run: it set the tag at the same time (this run: ${want})`);
        }
    }
    log/* info */.pq(`${ref} → ${want}${before ? ` (was ${before})` : ''}`);
    return entry('uploaded', want, before ? `tag moved from ${before}` : 'tag');
}
/** The names of the tags (and, with arch-tags, per-arch tags) that `tags` give an image. */
function planTags(top, tags, withArch) {
    return [...tags, ...(withArch ? archTags(top, tags).map(a => a.tag) : [])];
}
function registryOf(registries, name) {
    const r = registries.get(`${name.scheme}://${name.registry}`);
    if (!r)
        throw new Error(`no client for ${name.registry}`);
    return r;
}
async function closeAll(registries) {
    await Promise.all([...registries.values()].map(r => r.close().catch(() => undefined)));
}
function dedupe(names) {
    const seen = new Set();
    return names.filter(n => !seen.has(n.display) && seen.add(n.display));
}


/***/ })

};
