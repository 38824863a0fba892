export const id = 714;
export const ids = [714];
export const modules = {

/***/ 59714:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s3StoreFrom: () => (/* binding */ s3StoreFrom)
/* harmony export */ });
/* unused harmony exports DEFAULT_PART_SIZE, decodeXmlText, S3Store, listPage, explainS3 */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var aws4__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(88832);
/* harmony import */ var aws4__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(aws4__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(41143);
/* harmony import */ var _hash_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(56495);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83916);
/* harmony import */ var _aws_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(94258);
/* harmony import */ var _limit_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(57768);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(49809);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(16707);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(34703);












const MiB = 1024 * 1024;
/**
 * 8 MiB, as the AWS CLI: parts small enough that reading and hashing the next ones overlaps the upload of the
 * first ones, and that `concurrency` of them held in memory stay well under 200 MiB.
 */
const DEFAULT_PART_SIZE = 8 * MiB;
/** A single-part file larger than this (a part size set above it) is streamed rather than read whole. */
const IN_MEMORY_MAX = 16 * MiB;
const MIN_PART_SIZE = 5 * MiB;
const MAX_PARTS = 10_000;
const EMPTY_SHA256 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update('').digest('hex');
const xml = new fast_xml_parser__WEBPACK_IMPORTED_MODULE_10__/* ["default"] */ .A({
    // Keys such as "1e5" or "007" must stay strings.
    parseTagValue: false,
    // fast-xml-parser leaves numeric references (`&#x27;`, which AWS and MinIO send for `'`) as they are: a key with
    // a quote would never match its local name, and be uploaded again on every run. Decoded here in one pass, so
    // `&amp;#x27;` stays the literal text `&#x27;`.
    processEntities: false,
    tagValueProcessor: (_name, value) => decodeXmlText(value),
    isArray: name => name === 'Contents'
});
const XML_NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Decodes XML's five named entities and numeric character references; anything else is kept as written. */
function decodeXmlText(text) {
    if (!text.includes('&'))
        return text;
    return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref) => {
        if (ref[0] !== '#')
            return XML_NAMED[ref];
        const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
        const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
        return valid ? String.fromCodePoint(code) : whole;
    });
}
/**
 * An S3 bucket (or an S3-compatible store) through signed REST calls: aws4 signs (SigV4), node:http sends (src/http/pool.ts).
 *
 * The payload's sha256 is known before any upload, so it is signed as `x-amz-content-sha256` and checked by
 * the server, with no CRC32 checksum headers: recent AWS SDKs add those by default and several S3-compatible
 * stores reject them. The sha256 is also stored as `x-amz-meta-sha256`, which HEAD returns, so "unchanged"
 * is decided by content, never by modification time.
 *
 * No `createExclusive`: AWS S3 honours `If-None-Match: *` on PUT, but s3rver and older S3-compatible stores
 * silently overwrite, so a lock built on it would not be one everywhere.
 */
class S3Store {
    config;
    description;
    /** Sent always; stores that ignore the headers (s3rver) fall back to the publishers' re-checks. */
    conditionalWrites = true;
    /** What this store did, for tests and benchmarks (e.g. that a large file went up in parts). */
    stats = { multipartUploads: 0, parts: 0, abortedUploads: 0 };
    pool;
    origin;
    /** '/bucket' with path-style addressing, '' with virtual-host addressing. */
    bucketPath;
    partSize;
    publicBase;
    constructor(config) {
        this.config = config;
        this.pool = (0,_request_js__WEBPACK_IMPORTED_MODULE_8__/* .makePool */ .Rg)(config.concurrency);
        const endpoint = new URL(config.endpoint || `https://s3.${config.region}.amazonaws.com`);
        if (config.forcePathStyle) {
            this.origin = new URL(endpoint.origin);
            this.bucketPath = `/${(0,_request_js__WEBPACK_IMPORTED_MODULE_8__/* .encodeKey */ .g2)(config.bucket)}`;
        }
        else {
            this.origin = new URL(`${endpoint.protocol}//${config.bucket}.${endpoint.host}`);
            this.bucketPath = '';
        }
        this.partSize = Math.max(MIN_PART_SIZE, config.partSize ?? DEFAULT_PART_SIZE);
        this.publicBase = config.endpoint
            ? `${this.origin.origin}${this.bucketPath}`
            : `https://${config.bucket}.s3.${config.region}.amazonaws.com`;
        const where = config.endpoint ? ` at ${endpoint.host}` : '';
        this.description = `s3://${config.bucket}/${config.prefix}${where}`;
    }
    full(key) {
        return (0,_store_js__WEBPACK_IMPORTED_MODULE_9__/* .joinKey */ .ID)(this.config.prefix, (0,_store_js__WEBPACK_IMPORTED_MODULE_9__/* .safeKey */ .vW)(key));
    }
    show(full) {
        return `s3://${this.config.bucket}/${full}`;
    }
    /** Signs a request with SigV4 for the current time (called again on every retry). */
    sign(method, path, headers) {
        const signed = aws4__WEBPACK_IMPORTED_MODULE_3___default().sign({
            host: this.origin.host,
            path,
            method,
            service: 's3',
            region: this.config.region,
            headers: { ...headers }
        }, this.config.credentials);
        const out = {};
        for (const [k, v] of Object.entries(signed.headers ?? {}))
            if (k.toLowerCase() !== 'host')
                out[k] = String(v);
        return { url: `${this.origin.origin}${path}`, headers: out };
    }
    objectPath(full, query = '') {
        return `${this.bucketPath}/${(0,_request_js__WEBPACK_IMPORTED_MODULE_8__/* .encodeKey */ .g2)(full)}${query}`;
    }
    call(method, path, what, opts = {}) {
        return (0,_request_js__WEBPACK_IMPORTED_MODULE_8__/* .send */ .tN)(this.pool, () => {
            const headers = { 'x-amz-content-sha256': EMPTY_SHA256, ...opts.headers };
            const { url, headers: signed } = this.sign(method, path, headers);
            return { method, url, headers: signed, body: opts.body?.() };
        }, {
            what,
            accept: opts.accept,
            tries: this.config.tries,
            maxBody: opts.maxBody,
            explain: explainS3,
            check: opts.check
        });
    }
    async stat(key) {
        const full = this.full(key);
        const res = await this.call('HEAD', this.objectPath(full), `HEAD ${this.show(full)}`, { accept: [404] });
        if (res.status === 404)
            return undefined;
        return {
            size: Number(res.headers['content-length']),
            sha256: validSha256(res.headers['x-amz-meta-sha256']),
            md5: etagMd5(res.headers['etag'])
        };
    }
    async read(key) {
        const full = this.full(key);
        const res = await this.call('GET', this.objectPath(full), `GET ${this.show(full)}`, {
            accept: [404],
            maxBody: 512 * MiB
        });
        return res.status === 404 ? undefined : res.body;
    }
    async download(key, path) {
        const full = this.full(key);
        const target = this.objectPath(full);
        return (0,_request_js__WEBPACK_IMPORTED_MODULE_8__/* .sendToFile */ .Ki)(this.pool, () => ({ method: 'GET', ...this.sign('GET', target, { 'x-amz-content-sha256': EMPTY_SHA256 }) }), path, { what: `GET ${this.show(full)}`, tries: this.config.tries, explain: explainS3 });
    }
    objectHeaders(options) {
        const headers = {
            'content-type': options.contentType ?? 'application/octet-stream',
            'x-amz-meta-sha256': options.sha256
        };
        if (options.cacheControl)
            headers['cache-control'] = options.cacheControl;
        if (this.config.acl)
            headers['x-amz-acl'] = this.config.acl;
        return headers;
    }
    /**
     * A single PUT, or a multipart upload above the part size. Every upload is verified: a single-part ETag (and
     * each part's) must be the MD5 of the bytes sent. AWS S3 also checks Content-MD5 and the signed sha256 itself,
     * but S3-compatible stores may not (s3rver checks neither), and a proxy may answer 200 without storing
     * anything; where the answer cannot tell (no ETag, or an encrypted object's), the object is read back (HEAD).
     */
    async write(key, body, options) {
        const full = this.full(key);
        if ('path' in body && options.size > this.partSize)
            return this.multipart(full, body.path, options);
        const shown = this.show(full);
        // Read whole (at most one part size, `concurrency` at a time): one read instead of a stream's open, reads
        // and close, and the MD5 to check the answer against when the plan did not hash one.
        const stream = 'path' in body && options.size > IN_MEMORY_MAX;
        const data = 'path' in body ? (stream ? undefined : await readSmall(body.path, options.size, shown)) : body.data;
        const md5 = options.md5 ?? (data && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5').update(data).digest('hex'));
        const headers = {
            ...this.objectHeaders(options),
            'content-length': String(options.size),
            'x-amz-content-sha256': options.sha256,
            ...(md5 && { 'content-md5': Buffer.from(md5, 'hex').toString('base64') }),
            ...conditionHeaders(options)
        };
        let unconfirmed = false;
        const res = await this.call('PUT', this.objectPath(full), `PUT ${shown}`, {
            headers,
            body: () => data ?? (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(body.path),
            accept: options.condition ? [409, 412] : undefined,
            check: answer => {
                if (answer.status === 409 || answer.status === 412)
                    return;
                unconfirmed = !md5 || verifyEtag(answer.headers, md5, `PUT ${shown}`) === 'unknown';
            }
        });
        if (res.status === 409 || res.status === 412)
            throw preconditionFailed(key, shown, res.status);
        if (unconfirmed)
            await this.readBack(full, options);
    }
    /** Checks a written object by HEAD: its size and the sha256 it was written with. */
    async readBack(full, options) {
        const shown = this.show(full);
        const res = await this.call('HEAD', this.objectPath(full), `HEAD ${shown}`, { accept: [404] });
        const size = Number(res.headers['content-length']);
        const sha256 = validSha256(res.headers['x-amz-meta-sha256']);
        if (res.status === 404 || size !== options.size || (sha256 && sha256 !== options.sha256))
            throw new Error(`PUT ${shown}: the store answered success but holds ${res.status === 404 ? 'no object' : `${size} bytes with sha256 ${sha256 ?? '(none)'}`}, not the ${options.size} bytes with sha256 ${options.sha256} sent`);
    }
    /**
     * A multipart upload: each part is read from disk once into a buffer (memory stays bounded at
     * partConcurrency parts whatever the file size), hashed, signed, sent and retried on its own, and its ETag
     * checked against its MD5; the upload is aborted on failure so no orphaned parts stay billed in the bucket.
     * Reading and hashing later parts overlaps the upload of earlier ones.
     */
    async multipart(full, path, options) {
        const partSize = Math.max(this.partSize, Math.ceil(options.size / MAX_PARTS));
        const shown = this.show(full);
        const created = await this.call('POST', this.objectPath(full, '?uploads='), `start upload ${shown}`, {
            headers: this.objectHeaders(options)
        });
        const uploadId = String(xml.parse(created.body.toString('utf8'))
            .InitiateMultipartUploadResult?.UploadId ?? '');
        if (!uploadId)
            throw new Error(`start upload ${shown}: no UploadId in the answer${(0,_request_js__WEBPACK_IMPORTED_MODULE_8__/* .snippet */ .UA)(created.body.toString())}`);
        const query = (extra) => `?${extra}uploadId=${encodeURIComponent(uploadId)}`;
        this.stats.multipartUploads++;
        const file = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, 'r');
        let unconfirmed = false;
        try {
            const ranges = [];
            for (let start = 0; start < options.size; start += partSize)
                ranges.push({ start, length: Math.min(partSize, options.size - start) });
            const partConcurrency = Math.max(1, this.config.partConcurrency ?? this.config.concurrency);
            // One buffer per part in flight, reused: memory stays at partConcurrency × partSize.
            const free = [];
            const parts = await (0,_limit_js__WEBPACK_IMPORTED_MODULE_11__/* .mapLimit */ .s)(ranges, partConcurrency, async (range, i) => {
                const number = i + 1;
                const what = `upload part ${number}/${ranges.length} of ${shown}`;
                const buffer = free.pop() ?? Buffer.allocUnsafe(partSize);
                try {
                    const part = await this.uploadPart(file, buffer, range, this.objectPath(full, query(`partNumber=${number}&`)), what);
                    if (!part.confirmed)
                        unconfirmed = true;
                    return part;
                }
                finally {
                    free.push(buffer);
                }
            });
            const completeXml = Buffer.from('<CompleteMultipartUpload>' +
                parts
                    .map((part, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(part.etag)}</ETag></Part>`)
                    .join('') +
                '</CompleteMultipartUpload>');
            // The object's ETag is the MD5 of the parts' MD5s, "-" and their count (AWS, MinIO, R2).
            const composite = `${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5')
                .update(Buffer.concat(parts.map(p => p.md5)))
                .digest('hex')}-${parts.length}`;
            // CompleteMultipartUpload can answer 200 with an <Error> body; an InternalError there is worth a retry.
            await (0,_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .withRetry */ .bD)(async () => {
                const res = await this.call('POST', this.objectPath(full, query('')), `complete upload ${shown}`, {
                    headers: {
                        'content-type': 'application/xml',
                        'content-length': String(completeXml.length),
                        'x-amz-content-sha256': (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(completeXml).digest('hex'),
                        ...conditionHeaders(options)
                    },
                    body: () => completeXml,
                    accept: options.condition ? [409, 412] : undefined
                });
                if (res.status === 409 || res.status === 412)
                    throw preconditionFailed(full, shown, res.status);
                const text = res.body.toString('utf8');
                if (/<Error>/.test(text)) {
                    const { message, code } = explainS3(500, text);
                    if (code === 'InternalError' || code === 'SlowDown')
                        throw new _retry_js__WEBPACK_IMPORTED_MODULE_7__/* .RetryableError */ .dw(`complete upload ${shown}: ${message}`);
                    throw new _request_js__WEBPACK_IMPORTED_MODULE_8__/* .HttpError */ .j$(`complete upload ${shown}: ${message}`, 200, code);
                }
                const etag = /<ETag>([^<]*)<\/ETag>/.exec(text)?.[1];
                const value = etag && decodeXmlText(etag).replace(/"/g, '').trim().toLowerCase();
                // Stores that answer another shape (s3rver: the whole file's MD5) are checked by reading back.
                if (encrypted(res.headers))
                    unconfirmed = true;
                else if (value && /^[0-9a-f]{32}-[0-9]+$/.test(value) && value !== composite)
                    throw new Error(`complete upload ${shown}: the store assembled an object with ETag ${value}, not the ${composite} of the parts sent`);
                else if (value !== composite)
                    unconfirmed = true;
            }, { what: `complete upload ${shown}`, tries: this.config.tries });
        }
        catch (err) {
            this.stats.abortedUploads++;
            await this.call('DELETE', this.objectPath(full, query('')), `abort upload ${shown}`, {
                accept: [404],
                headers: {}
            }).catch(() => undefined);
            throw err;
        }
        finally {
            await file.close();
        }
        if (unconfirmed)
            await this.readBack(full, options);
    }
    /** One part: read into `buffer` (inside the retries: a file shorter than planned fails like a failed part). */
    async uploadPart(file, buffer, range, target, what) {
        const data = await (0,_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .withRetry */ .bD)(() => readPart(file, buffer, range.start, range.length, what), {
            what,
            tries: this.config.tries
        });
        const md5 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5').update(data).digest();
        let confirmed = false;
        const res = await this.call('PUT', target, what, {
            headers: {
                'content-length': String(range.length),
                'x-amz-content-sha256': (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex'),
                'content-md5': md5.toString('base64')
            },
            body: () => data,
            check: answer => {
                if (!answer.headers['etag'])
                    throw new _retry_js__WEBPACK_IMPORTED_MODULE_7__/* .RetryableError */ .dw(`${what}: no ETag in the answer`);
                confirmed = verifyEtag(answer.headers, md5.toString('hex'), what) === 'ok';
            }
        });
        this.stats.parts++;
        return { etag: res.headers['etag'], md5, confirmed };
    }
    async delete(key) {
        const full = this.full(key);
        await this.call('DELETE', this.objectPath(full), `DELETE ${this.show(full)}`, { accept: [404] });
    }
    async *list(prefix) {
        const root = this.config.prefix ? `${this.config.prefix}/` : '';
        const wanted = root + prefix.replace(/^\/+/, '');
        let token;
        do {
            const params = new URLSearchParams({ 'list-type': '2', prefix: wanted });
            if (this.config.listPageSize)
                params.set('max-keys', String(this.config.listPageSize));
            if (token)
                params.set('continuation-token', token);
            const query = params.toString().replace(/\+/g, '%20');
            const res = await this.call('GET', `${this.bucketPath}/?${query}`, `list s3://${this.config.bucket}/${wanted}`);
            const result = listPage(res.body.toString('utf8'));
            if (!result)
                throw new Error(`list s3://${this.config.bucket}/${wanted}: unexpected answer${(0,_request_js__WEBPACK_IMPORTED_MODULE_8__/* .snippet */ .UA)(res.body.toString())}`);
            for (const item of result.Contents ?? []) {
                const key = String(item.Key);
                if (!key.startsWith(root) || key.endsWith('/'))
                    continue;
                yield {
                    key: key.slice(root.length),
                    size: Number(item.Size),
                    md5: etagMd5(item.ETag),
                    lastModified: (0,_store_js__WEBPACK_IMPORTED_MODULE_9__/* .isoDate */ ._$)(item.LastModified)
                };
            }
            token = result.IsTruncated === 'true' ? result.NextContinuationToken : undefined;
        } while (token);
    }
    url(key) {
        return `${this.publicBase}/${(0,_request_js__WEBPACK_IMPORTED_MODULE_8__/* .encodeKey */ .g2)(this.full(key))}`;
    }
    async close() {
        this.pool.close();
    }
}
/**
 * One ListObjectsV2 page. The answer's shape is fixed (element text only, `<` always escaped in keys), so its
 * fields are picked out by a scan, which profiling showed several times cheaper than a general XML parser over
 * 1000-key pages; an answer with CDATA or comments goes through the parser.
 */
function listPage(body) {
    if (body.includes('<![CDATA[') || body.includes('<!--'))
        return xml.parse(body).ListBucketResult;
    if (!/<ListBucketResult[\s>]/.test(body))
        return undefined;
    const field = (part, name) => {
        const open = part.indexOf(`<${name}>`);
        if (open < 0)
            return undefined;
        const close = part.indexOf(`</${name}>`, open);
        return close < 0 ? undefined : decodeXmlText(part.slice(open + name.length + 2, close));
    };
    const contents = [];
    let at = 0;
    for (;;) {
        const open = body.indexOf('<Contents>', at);
        if (open < 0)
            break;
        const close = body.indexOf('</Contents>', open);
        if (close < 0)
            return undefined;
        const part = body.slice(open, close);
        const key = field(part, 'Key');
        if (key === undefined)
            return undefined;
        contents.push({
            Key: key,
            Size: field(part, 'Size') ?? '',
            ETag: field(part, 'ETag'),
            LastModified: field(part, 'LastModified')
        });
        at = close;
    }
    // The page's own fields, before the objects (AWS) or after them (s3rver, MinIO).
    const first = body.indexOf('<Contents>');
    const tail = first < 0 ? body : body.slice(0, first) + body.slice(at);
    return {
        Contents: contents,
        IsTruncated: field(tail, 'IsTruncated'),
        NextContinuationToken: field(tail, 'NextContinuationToken')
    };
}
/** S3's conditional-write headers (AWS S3, R2, MinIO honour them on PUT and CompleteMultipartUpload). */
function conditionHeaders(options) {
    const c = options.condition;
    if (!c)
        return {};
    return 'absent' in c ? { 'if-none-match': '*' } : { 'if-match': `"${c.md5}"` };
}
function preconditionFailed(key, shown, status) {
    return new _store_js__WEBPACK_IMPORTED_MODULE_9__/* .PreconditionFailed */ .OJ(key, status === 412
        ? `PUT ${shown}: the object changed since it was read (HTTP 412, another publisher wrote it)`
        : `PUT ${shown}: another conditional write of the object is in progress (HTTP 409)`);
}
/** An MD5 from a single-part ETag ("<32 hex>"); multipart ETags ("<hex>-<parts>") are not an MD5. */
function etagMd5(etag) {
    const value = etag?.replace(/"/g, '').trim().toLowerCase();
    return value && /^[0-9a-f]{32}$/.test(value) ? value : undefined;
}
function validSha256(value) {
    const v = value?.trim().toLowerCase();
    return v && /^[0-9a-f]{64}$/.test(v) ? v : undefined;
}
function escapeXml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
/** A small file whole, checked against the planned size (it must not have changed since it was hashed). */
async function readSmall(path, size, shown) {
    const data = size <= _hash_js__WEBPACK_IMPORTED_MODULE_4__/* .SMALL_FILE */ .Pg ? (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(path) : await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(path);
    if (data.length !== size)
        throw new Error(`PUT ${shown}: ${path} holds ${data.length} bytes, not the ${size} planned (changed since it was hashed?)`);
    return data;
}
/** One part of an open file, in full. */
async function readPart(file, buffer, start, length, what) {
    const data = buffer.subarray(0, length);
    let got = 0;
    while (got < length) {
        const { bytesRead } = await file.read(data, got, length - got, start + got);
        if (bytesRead === 0)
            throw new _retry_js__WEBPACK_IMPORTED_MODULE_7__/* .RetryableError */ .dw(`${what}: the file ends ${length - got} bytes early (changed since it was hashed?)`);
        got += bytesRead;
    }
    return data;
}
/** SSE-KMS and SSE-C objects: their ETag is not derived from their bytes. */
function encrypted(headers) {
    return (/kms/i.test(headers['x-amz-server-side-encryption'] ?? '') ||
        headers['x-amz-server-side-encryption-customer-algorithm'] !== undefined);
}
/**
 * Compares an upload's ETag with the MD5 of what was sent: 'ok', or 'unknown' when the answer cannot tell
 * (no ETag; SSE-KMS and SSE-C objects, whose ETag is not their MD5). A different MD5 means the store holds
 * other bytes than were sent (damaged on the way, or a store that does not check Content-MD5): sent again.
 */
function verifyEtag(headers, md5, what) {
    const etag = etagMd5(headers['etag']);
    if (!etag || encrypted(headers))
        return 'unknown';
    if (etag !== md5)
        throw new _retry_js__WEBPACK_IMPORTED_MODULE_7__/* .RetryableError */ .dw(`${what}: the store answered ETag ${etag}, not the MD5 ${md5} of the bytes sent`);
    return 'ok';
}
const CREDENTIAL_CODES = new Set([
    'InvalidAccessKeyId',
    'SignatureDoesNotMatch',
    'ExpiredToken',
    'InvalidToken',
    'TokenRefreshRequired'
]);
/** An S3 error answer in words: its code and message, and what to check when the credentials are wrong. */
function explainS3(status, body) {
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
    const text = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
    let message = `HTTP ${status}${code ? ` ${code}` : ''}${text ? `: ${text}` : code ? '' : (0,_request_js__WEBPACK_IMPORTED_MODULE_8__/* .snippet */ .UA)(body)}`;
    if ((code && CREDENTIAL_CODES.has(code)) || (status === 403 && !code))
        message +=
            ' (check the AWS credentials in the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN,' +
                ' e.g. from aws-actions/configure-aws-credentials, and that they may read and write this bucket)';
    else if (code === 'AccessDenied')
        message += ' (the credentials are valid but not allowed this action on the bucket: check the IAM policy)';
    else if (code === 'NoSuchBucket')
        message += ' (check the bucket name in destination, s3-endpoint and s3-region)';
    else if (code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed')
        message += ' (the bucket is in another region: set s3-region)';
    return { message, code };
}
/** Builds the S3 store for `s3://bucket/prefix` from the inputs and the standard AWS environment. */
function s3StoreFrom(dest, inputs, env = process.env) {
    const { accessKeyId, secretAccessKey, sessionToken } = (0,_aws_js__WEBPACK_IMPORTED_MODULE_6__/* .awsCredentials */ .c)('destination', 'an s3:// destination needs AWS credentials in the environment', env);
    const endpoint = inputs.s3Endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
    if (endpoint) {
        let url;
        try {
            url = new URL(endpoint);
        }
        catch {
            url = undefined;
        }
        if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz('s3-endpoint', 'must be an http(s) URL without credentials or query, e.g. https://minio.example.com:9000.');
    }
    const partSize = Number(env.PUBLISH_ARTIFACTS_S3_PART_SIZE) || undefined;
    return new S3Store({
        bucket: dest.bucket,
        prefix: dest.prefix.replace(/^\/+|\/+$/g, ''),
        region: inputs.s3Region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
        endpoint,
        forcePathStyle: inputs.s3ForcePathStyle,
        acl: inputs.s3Acl || undefined,
        credentials: { accessKeyId, secretAccessKey, sessionToken },
        concurrency: inputs.concurrency,
        partSize
    });
}


/***/ })

};
