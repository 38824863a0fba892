export const id = 516;
export const ids = [516];
export const modules = {

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

/***/ 8516:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   httpStoreFrom: () => (/* binding */ httpStoreFrom)
/* harmony export */ });
/* unused harmony exports SIDECAR, HttpStore */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(41143);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76670);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(49809);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(16707);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(34703);








/** The sidecar holding an object's sha256 where the server keeps no checksum of its own. */
const SIDECAR = '.sha256';
const xml = new fast_xml_parser__WEBPACK_IMPORTED_MODULE_7__/* ["default"] */ .A({
    parseTagValue: false,
    removeNSPrefix: true,
    isArray: name => name === 'response' || name === 'propstat'
});
/**
 * A plain HTTP server that takes PUT: WebDAV (nginx, Apache), Artifactory generic repositories, Nexus raw.
 *
 * - Parent collections are created with MKCOL (once per run each); servers without MKCOL create them on PUT.
 * - The sha256 comes from the server where it keeps one (Artifactory's X-Checksum-Sha256 on HEAD); otherwise
 *   from a `<key>.sha256` sidecar in `sha256sum` format, written after the object (users can check downloads
 *   with it too). An object with neither (uploaded by another tool) is hashed by streaming it once.
 * - list() uses PROPFIND Depth: 1, one collection at a time (nginx dav_ext, Apache, Artifactory); it gives sizes
 *   only, and hides sidecars whose object sits next to them. Servers without PROPFIND (Nexus raw) cannot list.
 * - No `createExclusive`: nginx's WebDAV module ignores `If-None-Match: *` on PUT and overwrites, so it cannot
 *   make a lock.
 */
class HttpStore {
    config;
    description;
    pool;
    base;
    auth;
    /** Collections known to exist (or being created), so MKCOL is sent once per folder per run. */
    collections = new Map();
    mkcolUnsupported = false;
    constructor(config) {
        this.config = config;
        this.pool = (0,_request_js__WEBPACK_IMPORTED_MODULE_5__/* .makePool */ .Rg)(config.concurrency);
        const url = new URL(config.url.toString());
        url.pathname = url.pathname.replace(/\/*$/, '/');
        this.base = url.toString();
        this.description = (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(this.base);
        if (config.token)
            this.auth = `Bearer ${config.token}`;
        else if (config.username || config.password) {
            const basic = Buffer.from(`${config.username ?? ''}:${config.password ?? ''}`).toString('base64');
            // The header's own form: a server that echoes request headers in an error page must not print it.
            (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .registerSecret */ .cl)(basic);
            this.auth = `Basic ${basic}`;
        }
    }
    urlOf(key) {
        return this.base + (0,_request_js__WEBPACK_IMPORTED_MODULE_5__/* .encodeKey */ .g2)(key);
    }
    headers(extra = {}) {
        return this.auth ? { authorization: this.auth, ...extra } : { ...extra };
    }
    call(method, key, opts = {}) {
        const url = this.urlOf(key);
        return (0,_request_js__WEBPACK_IMPORTED_MODULE_5__/* .send */ .tN)(this.pool, () => ({
            method,
            url,
            headers: this.headers(opts.headers),
            body: opts.body?.()
        }), {
            what: `${method} ${url}`,
            accept: opts.accept,
            tries: this.config.tries,
            maxBody: opts.maxBody,
            explain: (status, body) => this.explain(status, body)
        });
    }
    explain(status, body) {
        let message = `HTTP ${status}${(0,_request_js__WEBPACK_IMPORTED_MODULE_5__/* .snippet */ .UA)(body)}`;
        if (status === 401)
            message += this.auth
                ? ' (the server refused the credentials: check http-username/http-password or http-token)'
                : ' (the server wants credentials: set http-username and http-password, or http-token)';
        else if (status === 403)
            message += ' (the credentials may not write here: check the account’s permissions)';
        else if (status === 405)
            message += ' (the server does not allow this method here: is the URL a writable repository?)';
        return { message };
    }
    async stat(key) {
        (0,_store_js__WEBPACK_IMPORTED_MODULE_6__/* .safeKey */ .vW)(key);
        const res = await this.call('HEAD', key, { accept: [404, 410] });
        if (res.status === 404 || res.status === 410)
            return undefined;
        const size = Number(res.headers['content-length']);
        const fromServer = sha256Of(res.headers['x-checksum-sha256']);
        if (fromServer)
            return { size, sha256: fromServer, md5: md5Of(res.headers['x-checksum-md5']) };
        const sidecar = await this.call('GET', key + SIDECAR, { accept: [404, 410], maxBody: 4096 });
        const recorded = sidecar.status === 200 ? sha256Of(sidecar.body.toString('utf8').slice(0, 64)) : undefined;
        // A sidecar older than its object no longer vouches for it: the object was replaced since (by another tool,
        // by hand), and trusting the sidecar would call changed stable bytes `unchanged`. Hash the object instead.
        if (recorded && !olderThan(sidecar.headers['last-modified'], res.headers['last-modified']))
            return { size, sha256: recorded };
        // No checksum anywhere (put there by another tool, or a run that stopped between object and sidecar):
        // hash it once so the decision is still by content.
        const hashed = await this.hashRemote(key);
        // Deleted between the HEAD and the GET (another publisher replacing metadata): it is not there.
        return hashed && { size, ...hashed };
    }
    /** Streams an object through sha256 and md5 without keeping it in memory; undefined when it is gone. */
    async hashRemote(key) {
        const url = this.urlOf(key);
        return (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .withRetry */ .bD)(async () => {
            const res = await this.pool.send('GET', url, this.headers(), undefined);
            if (res.statusCode === 404 || res.statusCode === 410) {
                await (0,_request_js__WEBPACK_IMPORTED_MODULE_5__/* .drain */ .Ze)(res.body);
                return undefined;
            }
            if (res.statusCode !== 200) {
                const text = (await (0,_request_js__WEBPACK_IMPORTED_MODULE_5__/* .readBody */ .x8)(res.body, 64 * 1024, true, `GET ${url}`).catch(() => Buffer.alloc(0)))
                    .toString('utf8')
                    .slice(0, 1000);
                const message = (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(`GET ${url}: ${this.explain(res.statusCode, text).message}`);
                if ((0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .isRetryableStatus */ .PS)(res.statusCode))
                    throw new _retry_js__WEBPACK_IMPORTED_MODULE_4__/* .RetryableError */ .dw(message, (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .retryAfterMs */ .Vs)(res.headers['retry-after']));
                throw new _request_js__WEBPACK_IMPORTED_MODULE_5__/* .HttpError */ .j$(message, res.statusCode);
            }
            const sha = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
            const md5 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5');
            for await (const chunk of res.body) {
                sha.update(chunk);
                md5.update(chunk);
            }
            return { sha256: sha.digest('hex'), md5: md5.digest('hex') };
        }, { what: `GET ${url}`, tries: this.config.tries });
    }
    async read(key) {
        (0,_store_js__WEBPACK_IMPORTED_MODULE_6__/* .safeKey */ .vW)(key);
        const res = await this.call('GET', key, { accept: [404, 410], maxBody: 512 * 1024 * 1024 });
        return res.status === 200 ? res.body : undefined;
    }
    async download(key, path) {
        (0,_store_js__WEBPACK_IMPORTED_MODULE_6__/* .safeKey */ .vW)(key);
        const url = this.urlOf(key);
        return (0,_request_js__WEBPACK_IMPORTED_MODULE_5__/* .sendToFile */ .Ki)(this.pool, () => ({ method: 'GET', url, headers: this.headers() }), path, {
            what: `GET ${url}`,
            tries: this.config.tries,
            explain: (status, body) => this.explain(status, body)
        });
    }
    /** Creates the collections above a key, top down (the destination root first), each once per run. */
    async ensureParents(key) {
        const parts = key.split('/').slice(0, -1);
        for (let i = 0; i <= parts.length && !this.mkcolUnsupported; i++) {
            const dir = i === 0 ? '' : parts.slice(0, i).join('/') + '/';
            let pending = this.collections.get(dir);
            if (!pending) {
                pending = this.mkcol(dir);
                this.collections.set(dir, pending);
                // A failed MKCOL is not cached: a later write tries again.
                pending.catch(() => this.collections.delete(dir));
            }
            await pending;
        }
    }
    async mkcol(dir) {
        // 201 created; 405 (or 301 to the slash form) when it already exists; 409 means a missing parent, which
        // the top-down order rules out below the root; above it, the root's own parents are made first.
        let res = await this.call('MKCOL', dir, { accept: [301, 302, 400, 403, 404, 405, 409, 501] });
        if (res.status === 409 && dir === '' && (await this.mkcolAbove(this.base))) {
            res = await this.call('MKCOL', dir, { accept: [301, 302, 400, 403, 404, 405, 409, 501] });
        }
        if (res.status === 400 ||
            res.status === 404 ||
            res.status === 501 ||
            (res.status === 405 && !(await this.exists(dir))))
            // Not a WebDAV server (Artifactory, Nexus raw): it makes folders on PUT by itself.
            this.mkcolUnsupported = true;
        else if (res.status === 403 || res.status === 409)
            throw new _request_js__WEBPACK_IMPORTED_MODULE_5__/* .HttpError */ .j$(`MKCOL ${this.urlOf(dir)}: ${this.explain(res.status, res.body.toString()).message}`, res.status);
    }
    /** Makes the missing collections above the destination root (`dav/a/b/` when only `dav/` exists). */
    async mkcolAbove(url) {
        const parent = new URL('..', url).toString();
        if (parent === url || new URL(parent).pathname === '/')
            return false;
        const what = `MKCOL ${(0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(parent)}`;
        const attempt = () => (0,_request_js__WEBPACK_IMPORTED_MODULE_5__/* .send */ .tN)(this.pool, () => ({ method: 'MKCOL', url: parent, headers: this.headers() }), {
            what,
            accept: [301, 302, 405, 409],
            tries: this.config.tries
        });
        let res = await attempt();
        if (res.status === 409 && (await this.mkcolAbove(parent)))
            res = await attempt();
        return res.status === 201 || res.status === 405 || res.status < 400;
    }
    async exists(dir) {
        const res = await this.call('HEAD', dir, { accept: [301, 302, 403, 404, 405] });
        return res.status < 400;
    }
    async write(key, body, options) {
        (0,_store_js__WEBPACK_IMPORTED_MODULE_6__/* .safeKey */ .vW)(key);
        await this.ensureParents(key);
        const headers = {
            'content-length': String(options.size),
            'content-type': options.contentType ?? 'application/octet-stream',
            // Artifactory checks these against the bytes and keeps them; other servers ignore them.
            'x-checksum-sha256': options.sha256
        };
        if (options.md5)
            headers['x-checksum-md5'] = options.md5;
        if (options.cacheControl)
            headers['cache-control'] = options.cacheControl;
        await this.call('PUT', key, {
            headers,
            body: () => ('path' in body ? (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(body.path) : Buffer.from(body.data))
        });
        // After the object, never before: a sidecar must not vouch for bytes that are not there yet.
        const name = key.split('/').pop();
        const sidecar = Buffer.from(`${options.sha256}  ${name}\n`);
        await this.call('PUT', key + SIDECAR, {
            headers: { 'content-length': String(sidecar.length), 'content-type': 'text/plain' },
            body: () => sidecar
        });
    }
    async delete(key) {
        (0,_store_js__WEBPACK_IMPORTED_MODULE_6__/* .safeKey */ .vW)(key);
        // The sidecar first: an object without one is re-hashed, a sidecar without its object is misleading.
        await this.call('DELETE', key + SIDECAR, { accept: [404, 410] });
        await this.call('DELETE', key, { accept: [404, 410] });
    }
    async *list(prefix) {
        const start = prefix.replace(/^\/+|\/+$/g, '');
        if (start)
            (0,_store_js__WEBPACK_IMPORTED_MODULE_6__/* .safeKey */ .vW)(start);
        const basePath = new URL(this.base).pathname;
        const queue = [start ? `${start}/` : ''];
        while (queue.length) {
            const dir = queue.shift();
            const res = await this.call('PROPFIND', dir, {
                headers: { depth: '1', 'content-type': 'application/xml' },
                body: () => '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getcontentlength/><getlastmodified/><resourcetype/></prop></propfind>',
                accept: [404, 405, 501]
            });
            if (res.status === 404)
                continue;
            if (res.status === 405 || res.status === 501)
                throw new Error(`listing ${this.description} needs WebDAV PROPFIND, which this server does not offer (HTTP ${res.status})`);
            const parsed = xml.parse(res.body.toString('utf8'));
            const files = [];
            for (const entry of parsed.multistatus?.response ?? []) {
                const path = decodeURIComponent(new URL(String(entry.href), this.base).pathname);
                if (!path.startsWith(decodeURIComponent(basePath)))
                    continue;
                const rel = path.slice(decodeURIComponent(basePath).length);
                if (rel === dir || rel.replace(/\/$/, '') === dir.replace(/\/$/, ''))
                    continue;
                const prop = entry.propstat?.find(p => p.prop)?.prop;
                const isDir = rel.endsWith('/') ||
                    (typeof prop?.resourcetype === 'object' && prop.resourcetype && 'collection' in prop.resourcetype);
                if (isDir)
                    queue.push(rel.replace(/\/?$/, '/'));
                else
                    files.push({
                        key: rel,
                        size: Number(prop?.getcontentlength ?? NaN),
                        lastModified: (0,_store_js__WEBPACK_IMPORTED_MODULE_6__/* .isoDate */ ._$)(prop?.getlastmodified)
                    });
            }
            const names = new Set(files.map(f => f.key));
            for (const f of files)
                if (!(f.key.endsWith(SIDECAR) && names.has(f.key.slice(0, -SIDECAR.length))))
                    yield f;
        }
    }
    url(key) {
        return (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(this.urlOf((0,_store_js__WEBPACK_IMPORTED_MODULE_6__/* .safeKey */ .vW)(key)));
    }
    async close() {
        this.pool.close();
    }
}
/** True when both HTTP dates are known and the first is earlier (one-second resolution: equal is not older). */
function olderThan(a, b) {
    const [x, y] = [Date.parse(a ?? ''), Date.parse(b ?? '')];
    return Number.isFinite(x) && Number.isFinite(y) && x < y;
}
function sha256Of(value) {
    const v = value?.trim().toLowerCase();
    return v && /^[0-9a-f]{64}$/.test(v) ? v : undefined;
}
function md5Of(value) {
    const v = value?.trim().toLowerCase();
    return v && /^[0-9a-f]{32}$/.test(v) ? v : undefined;
}
/** Builds the HTTP store for an http(s):// destination from the inputs. */
function httpStoreFrom(url, inputs) {
    (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .registerSecret */ .cl)(inputs.httpPassword);
    (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .registerSecret */ .cl)(inputs.httpToken);
    if (inputs.httpToken && (inputs.httpUsername || inputs.httpPassword))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('http-token', 'give either http-token or http-username/http-password, not both.');
    if (inputs.httpPassword && !inputs.httpUsername)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('http-username', 'is required with http-password.');
    if (url.protocol === 'http:' && (inputs.httpPassword || inputs.httpToken) && !isLoopback(url.hostname))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('destination', 'credentials would cross the network in clear text over http://: use an https:// URL.');
    return new HttpStore({
        url,
        username: inputs.httpUsername || undefined,
        password: inputs.httpPassword || undefined,
        token: inputs.httpToken || undefined,
        concurrency: inputs.concurrency
    });
}
function isLoopback(host) {
    return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}


/***/ }),

/***/ 16707:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ki: () => (/* binding */ sendToFile),
/* harmony export */   Rg: () => (/* binding */ makePool),
/* harmony export */   UA: () => (/* binding */ snippet),
/* harmony export */   Ze: () => (/* binding */ drain),
/* harmony export */   g2: () => (/* binding */ encodeKey),
/* harmony export */   j$: () => (/* binding */ HttpError),
/* harmony export */   tN: () => (/* binding */ send),
/* harmony export */   x8: () => (/* binding */ readBody)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _http_pool_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(59788);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76670);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(49809);





/** A non-2xx answer the caller did not accept. `code` is the S3 error code when the body carried one. */
class HttpError extends Error {
    status;
    code;
    name = 'HttpError';
    constructor(message, status, code) {
        super(message);
        this.status = status;
        this.code = code;
    }
}

/**
 * One connection pool per store: at most `connections` sockets per origin, however many objects are published,
 * with timeouts (src/http/pool.ts) so a stalled server turns into a retry instead of a hung job. Node's agent
 * keeps a connection after a HEAD too, so stats do not pay a TCP connect each.
 */
function makePool(connections) {
    return new _http_pool_js__WEBPACK_IMPORTED_MODULE_2__/* .Pool */ .b(connections);
}
/**
 * Sends a request with retries on 408/429/5xx, resets and timeouts (src/retry.ts), honouring Retry-After.
 * `build` runs once per try, so signatures and streamed bodies are fresh each time.
 */
async function send(pool, build, options) {
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .withRetry */ .bD)(async (attempt) => {
        const req = await build(attempt);
        const res = await pool.send(req.method, req.url, req.headers, req.body);
        const headers = flatten(res.headers);
        const ok = (res.statusCode >= 200 && res.statusCode < 300) || options.accept?.includes(res.statusCode);
        const body = ok
            ? await readBody(res.body, options.maxBody ?? 64 * 1024 * 1024, false, options.what)
            : await readBody(res.body, 64 * 1024, true, options.what);
        if (ok) {
            const answer = { status: res.statusCode, headers, body };
            options.check?.(answer);
            return answer;
        }
        const text = body.toString('utf8');
        const explained = options.explain?.(res.statusCode, text) ?? {
            message: `HTTP ${res.statusCode}${snippet(text)}`
        };
        const message = (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(`${options.what}: ${explained.message}`);
        if ((0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .isRetryableStatus */ .PS)(res.statusCode))
            throw new _retry_js__WEBPACK_IMPORTED_MODULE_4__/* .RetryableError */ .dw(message, (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .retryAfterMs */ .Vs)(headers['retry-after']));
        throw new HttpError(message, res.statusCode, explained.code);
    }, { what: options.what, tries: options.tries });
}
/**
 * A GET whose body is streamed into a local file (an artifact, never held in memory), with the retries of send();
 * false when the object does not exist (404, 410).
 */
async function sendToFile(pool, build, path, options) {
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .withRetry */ .bD)(async (attempt) => {
        const req = await build(attempt);
        const res = await pool.send(req.method, req.url, req.headers, req.body);
        if (res.statusCode === 404 || res.statusCode === 410) {
            await drain(res.body);
            return false;
        }
        if (res.statusCode === 200) {
            const file = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream)(path);
            await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_1__.pipeline)(res.body, file).catch((err) => {
                throw brokenOff(options.what, file.bytesWritten, err);
            });
            return true;
        }
        const text = (await readBody(res.body, 64 * 1024, true, options.what)).toString('utf8');
        const explained = options.explain?.(res.statusCode, text) ?? {
            message: `HTTP ${res.statusCode}${snippet(text)}`
        };
        const message = (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(`${options.what}: ${explained.message}`);
        if ((0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .isRetryableStatus */ .PS)(res.statusCode))
            throw new _retry_js__WEBPACK_IMPORTED_MODULE_4__/* .RetryableError */ .dw(message, (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .retryAfterMs */ .Vs)(flatten(res.headers)['retry-after']));
        throw new HttpError(message, res.statusCode, explained.code);
    }, { what: options.what, tries: options.tries });
}
/**
 * Reads a response body whole. Error bodies are cut at `limit` (only their start goes into a message); a
 * success body past `limit` is refused, as only small objects are ever read this way.
 */
async function readBody(body, limit, truncate, what) {
    const chunks = [];
    let size = 0;
    try {
        for await (const chunk of body) {
            size += chunk.length;
            if (size > limit) {
                body.destroy();
                if (truncate)
                    break;
                throw new Error(`${what}: answer larger than ${limit} bytes`);
            }
            chunks.push(chunk);
        }
    }
    catch (err) {
        throw brokenOff(what, size, err);
    }
    return Buffer.concat(chunks);
}
/**
 * A response body that failed on the way ("aborted": the connection closed before its Content-Length), said
 * with where and how far it got; the cause keeps its code, so it is retried as before.
 */
function brokenOff(what, size, err) {
    const message = err?.message;
    if (typeof message !== 'string' || message.startsWith(what))
        return err;
    return new Error(`${what}: the answer broke off after ${size} bytes (${message})`, { cause: err });
}
/** Reads a body to its end and drops it, so its connection goes back to the pool. */
async function drain(body) {
    for await (const _ of body)
        ;
}
function flatten(headers) {
    const out = {};
    for (const [k, v] of Object.entries(headers))
        if (v !== undefined)
            out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    return out;
}
/** The start of an error body on one line, for messages. */
function snippet(text) {
    // An HTML error page says it best in its title ("401 Authorization Required").
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
    // Redacted before it is cut: a secret echoed by the server and cut in half would no longer be recognised.
    const line = (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(title ?? text)
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return line ? `: ${line.slice(0, 200)}` : '';
}
/** Encodes a key for a URL path: each segment percent-encoded (`+` becomes %2B), slashes kept. */
function encodeKey(key) {
    return key
        .split('/')
        .map(part => encodeURIComponent(part).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
        .join('/');
}


/***/ })

};
