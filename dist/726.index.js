export const id = 726;
export const ids = [726];
export const modules = {

/***/ 52726:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  invalidateCdn: () => (/* binding */ invalidateCdn)
});

// UNUSED EXPORTS: cdnPrefix

// EXTERNAL MODULE: ./src/core.ts
var core = __webpack_require__(10828);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/aws4/aws4.js
var aws4 = __webpack_require__(88832);
var aws4_default = /*#__PURE__*/__webpack_require__.n(aws4);
// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlparser/XMLParser.js + 23 modules
var XMLParser = __webpack_require__(41143);
// EXTERNAL MODULE: ./src/aws.ts
var aws = __webpack_require__(94258);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(76670);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(49809);
// EXTERNAL MODULE: ./src/stores/request.ts
var request = __webpack_require__(16707);
;// CONCATENATED MODULE: ./src/cdn/cloudfront.ts








/** The CloudFront API version in every path (the current one since 2020). */
const API_VERSION = '2020-05-31';
const XMLNS = `http://cloudfront.amazonaws.com/doc/${API_VERSION}/`;
/** CloudFront's quota of paths in one invalidation (without wildcards); past it, folders are invalidated. */
const MAX_PATHS = 3000;
const DEFAULT_ENDPOINT = 'https://cloudfront.amazonaws.com';
// CloudFront is global: its API is signed for us-east-1 whatever the distribution serves.
const SIGNING_REGION = 'us-east-1';
/**
 * What a CDN in front of the store may serve stale after a publish: every object whose bytes were replaced (a
 * dev rebuild under the same name, an index), every index written (it may have been cached as a 404 before it
 * existed), and every deleted object. New artifacts are left out: nothing was cached under their names.
 * Paths are the viewer's: `prefix` + the key, percent-encoded as clients request it; a key holding `+` is
 * invalidated in both spellings (`%2B` and `+`), as clients differ. Entries that stand for a whole prefix
 * (thousands of folded driver objects) become a wildcard. Sorted, without duplicates.
 */
function invalidationPaths(published, prefix) {
    const paths = new Set();
    const base = prefix.replace(/\/+$/, '');
    for (const p of published) {
        if (!p.path)
            continue;
        const stale = p.status === 'deleted' || (p.status === 'uploaded' && (p.role === 'index' || p.replaced === true));
        if (!stale)
            continue;
        const folded = p.count !== undefined && p.path.endsWith('/');
        const encoded = `${base}/${(0,request/* encodeKey */.g2)(p.path)}${folded ? '*' : ''}`;
        paths.add(encoded);
        if (p.path.includes('+'))
            paths.add(encoded.replace(/%2B/g, '+'));
    }
    const sorted = [...paths].sort();
    if (sorted.length <= MAX_PATHS)
        return sorted;
    // More paths than one invalidation takes: the folders that hold them (each wildcard counts as one path).
    const folders = new Set(sorted.map(p => `${p.slice(0, p.lastIndexOf('/'))}/*`));
    return [...folders].sort();
}
/** The `InvalidationBatch` document CreateInvalidation takes. */
function invalidationBatch(paths, callerReference) {
    const esc = (t) => t.replace(/[&<>"']/g, c => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
    return (`<?xml version="1.0" encoding="UTF-8"?>\n<InvalidationBatch xmlns="${XMLNS}">` +
        `<Paths><Quantity>${paths.length}</Quantity><Items>${paths.map(p => `<Path>${esc(p)}</Path>`).join('')}</Items></Paths>` +
        `<CallerReference>${esc(callerReference)}</CallerReference></InvalidationBatch>`);
}
const xml = new XMLParser/* default */.A({ parseTagValue: false });
function parseInvalidation(body, what) {
    const doc = xml.parse(body);
    const id = doc.Invalidation?.Id;
    const status = doc.Invalidation?.Status;
    if (!id || !status || !/^[A-Za-z0-9]+$/.test(id))
        throw new Error(`${what}: CloudFront answered without an invalidation id${(0,request/* snippet */.UA)(body)}`);
    return { id, status };
}
// Error codes that mean "later", though CloudFront sends them with a 400.
const RETRY_CODES = new Set([
    'Throttling',
    'ThrottlingException',
    'TooManyInvalidationsInProgress',
    'RequestLimitExceeded',
    'ServiceUnavailable'
]);
/** The CloudFront API through SigV4-signed calls: aws4 signs (as for S3), node:http sends, src/retry.ts retries. */
class CloudFrontApi {
    endpoint;
    credentials;
    tries;
    pool;
    constructor(endpoint, credentials, tries = 5) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.tries = tries;
        this.pool = (0,request/* makePool */.Rg)(2);
    }
    /**
     * One invalidation of these paths. The caller reference makes it idempotent: CloudFront answers a repeated
     * reference with the same batch by returning the invalidation it already made, so a retried request (the
     * answer was lost) does not make a second one.
     */
    async create(distributionId, paths, callerReference) {
        const what = `CreateInvalidation on CloudFront distribution ${distributionId}`;
        const body = invalidationBatch(paths, callerReference);
        const res = await this.call('POST', `/${API_VERSION}/distribution/${distributionId}/invalidation`, what, body);
        return parseInvalidation(res, what);
    }
    async get(distributionId, id) {
        const what = `GetInvalidation ${id} on CloudFront distribution ${distributionId}`;
        const res = await this.call('GET', `/${API_VERSION}/distribution/${distributionId}/invalidation/${id}`, what);
        return parseInvalidation(res, what);
    }
    async close() {
        this.pool.close();
    }
    call(method, path, what, body) {
        return (0,retry/* withRetry */.bD)(async () => {
            // Signed afresh on every try: a signature is only valid for a few minutes.
            const signed = aws4_default().sign({
                host: this.endpoint.host,
                path,
                method,
                service: 'cloudfront',
                region: SIGNING_REGION,
                headers: body ? { 'content-type': 'application/xml' } : {},
                body
            }, this.credentials);
            const headers = {};
            for (const [k, v] of Object.entries(signed.headers ?? {}))
                if (k.toLowerCase() !== 'host')
                    headers[k] = String(v);
            const res = await this.pool.send(method, `${this.endpoint.origin}${path}`, headers, body);
            const text = (await (0,request/* readBody */.x8)(res.body, 16 * 1024 * 1024, false, what)).toString('utf8');
            if (res.statusCode >= 200 && res.statusCode < 300)
                return text;
            const error = xml.parse(text)
                .ErrorResponse?.Error;
            const code = error?.Code ?? '';
            const detail = code ? `${code}: ${error?.Message ?? ''}` : `HTTP ${res.statusCode}${(0,request/* snippet */.UA)(text)}`;
            const retryAfter = res.headers['retry-after'];
            if ((0,retry/* isRetryableStatus */.PS)(res.statusCode) || RETRY_CODES.has(code))
                throw new retry/* RetryableError */.dw((0,redact/* redact */.E$)(`${what}: ${detail}`), (0,retry/* retryAfterMs */.Vs)(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter));
            const hint = res.statusCode === 403
                ? ' The credentials need cloudfront:CreateInvalidation (and cloudfront:GetInvalidation for cloudfront-wait) on the distribution.'
                : res.statusCode === 404
                    ? ' Check cloudfront-distribution-id.'
                    : '';
            throw new Error((0,redact/* redact */.E$)(`${what}: HTTP ${res.statusCode} ${detail}.${hint}`));
        }, { what, tries: this.tries });
    }
}
/**
 * The API endpoint, overridable as the AWS SDKs and CLI allow: AWS_ENDPOINT_URL_CLOUDFRONT, then
 * AWS_ENDPOINT_URL. Credentials go over plain HTTP only to a loopback address (a local stand-in).
 */
function cloudfrontEndpoint(env) {
    const raw = env.AWS_ENDPOINT_URL_CLOUDFRONT?.trim() || env.AWS_ENDPOINT_URL?.trim() || DEFAULT_ENDPOINT;
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        url = undefined;
    }
    const loopback = (host) => /^127\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' || host === '[::1]';
    if (!url ||
        url.username ||
        url.password ||
        url.search ||
        !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback(url.hostname))))
        throw new errors/* InputError */.dz('cloudfront-distribution-id', 'the CloudFront endpoint (AWS_ENDPOINT_URL_CLOUDFRONT or AWS_ENDPOINT_URL) must be an https:// URL without credentials or query (http:// only for loopback).');
    return url;
}
// Waiting: CloudFront usually completes an invalidation within a few minutes; the CLI's waiter gives up at 10.
const WAIT_LIMIT_MS = 15 * 60_000;
const POLL_MS = Number(process.env.PUBLISH_ARTIFACTS_CLOUDFRONT_POLL_MS) || 20_000;
/** After a publish: one invalidation of everything a CDN may serve stale; undefined when nothing is. */
async function invalidate(published, options) {
    const env = options.env ?? process.env;
    const paths = invalidationPaths(published, options.pathPrefix);
    if (paths.length === 0)
        return undefined;
    const { accessKeyId, secretAccessKey, sessionToken } = (0,aws/* awsCredentials */.c)('cloudfront-distribution-id', 'needs', env);
    const api = new CloudFrontApi(cloudfrontEndpoint(env), { accessKeyId, secretAccessKey, sessionToken });
    try {
        const reference = `publish-artifacts-${options.runId}-${(0,external_node_crypto_.createHash)('sha256').update(paths.join('\n')).digest('hex').slice(0, 16)}`;
        let inv = await api.create(options.distributionId, paths, reference);
        if (options.wait) {
            const deadline = Date.now() + WAIT_LIMIT_MS;
            while (inv.status !== 'Completed') {
                if (Date.now() > deadline)
                    throw new Error(`CloudFront invalidation ${inv.id} on ${options.distributionId} is still ${inv.status} after ${WAIT_LIMIT_MS / 60_000} minutes; the objects are published, the CDN may serve old copies a while longer.`);
                await new Promise(done => setTimeout(done, POLL_MS));
                inv = await api.get(options.distributionId, inv.id);
            }
        }
        return { ...inv, paths, distributionId: options.distributionId };
    }
    finally {
        await api.close().catch(() => undefined);
    }
}

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/markup.ts
var markup = __webpack_require__(43031);
;// CONCATENATED MODULE: ./src/cdn/step.ts




/** The viewer path the distribution serves the destination's root at: the input, else the s3:// prefix or URL path. */
function cdnPrefix(inputs, destination) {
    const raw = inputs.cloudfrontPathPrefix ||
        (destination?.scheme === 's3'
            ? destination.prefix
            : destination?.scheme === 'http'
                ? destination.url.pathname
                : '');
    const trimmed = raw.replace(/^\/+|\/+$/g, '');
    return trimmed ? `/${trimmed}` : '';
}
/**
 * After a publish, the `cloudfront-distribution-id` step: one invalidation, its id in the outputs and a line in
 * the job summary. Returns the outputs to set.
 */
async function invalidateCdn(published, inputs, destination, env = process.env) {
    const result = await invalidate(published, {
        distributionId: inputs.cloudfrontDistributionId,
        pathPrefix: cdnPrefix(inputs, destination),
        wait: inputs.cloudfrontWait,
        runId: `${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
        env
    });
    if (!result) {
        log/* info */.pq('CloudFront: nothing was replaced, no index written: no invalidation needed.');
        return { 'cloudfront-invalidation-id': '' };
    }
    log/* info */.pq(`CloudFront invalidation ${result.id} on ${result.distributionId} (${result.status}), ${result.paths.length} path(s):`);
    for (const p of result.paths.slice(0, 200))
        log/* info */.pq(`  ${p}`);
    core/* summary */.z.addRaw(`<p>CloudFront invalidation <code>${(0,markup/* esc */.U)(result.id)}</code> on distribution <code>${(0,markup/* esc */.U)(result.distributionId)}</code>: ${result.paths.length} path(s), ${(0,markup/* esc */.U)(result.status)}.</p>`, true);
    return { 'cloudfront-invalidation-id': result.id };
}


/***/ })

};
