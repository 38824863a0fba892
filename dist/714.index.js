export const id = 714;
export const ids = [714];
export const modules = {

/***/ 88832:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var aws4 = exports,
    url = __webpack_require__(87016),
    querystring = __webpack_require__(83480),
    crypto = __webpack_require__(76982),
    lru = __webpack_require__(22638),
    credentialsCache = lru(1000)

// http://docs.amazonwebservices.com/general/latest/gr/signature-version-4.html

function hmac(key, string, encoding) {
  return crypto.createHmac('sha256', key).update(string, 'utf8').digest(encoding)
}

function hash(string, encoding) {
  return crypto.createHash('sha256').update(string, 'utf8').digest(encoding)
}

// This function assumes the string has already been percent encoded
function encodeRfc3986(urlEncodedString) {
  return urlEncodedString.replace(/[!'()*]/g, function(c) {
    return '%' + c.charCodeAt(0).toString(16).toUpperCase()
  })
}

function encodeRfc3986Full(str) {
  return encodeRfc3986(encodeURIComponent(str))
}

// A bit of a combination of:
// https://github.com/aws/aws-sdk-java-v2/blob/dc695de6ab49ad03934e1b02e7263abbd2354be0/core/auth/src/main/java/software/amazon/awssdk/auth/signer/internal/AbstractAws4Signer.java#L59
// https://github.com/aws/aws-sdk-js/blob/18cb7e5b463b46239f9fdd4a65e2ff8c81831e8f/lib/signers/v4.js#L191-L199
// https://github.com/mhart/aws4fetch/blob/b3aed16b6f17384cf36ea33bcba3c1e9f3bdfefd/src/main.js#L25-L34
var HEADERS_TO_IGNORE = {
  'authorization': true,
  'connection': true,
  'x-amzn-trace-id': true,
  'user-agent': true,
  'expect': true,
  'presigned-expires': true,
  'range': true,
}

// request: { path | body, [host], [method], [headers], [service], [region] }
// credentials: { accessKeyId, secretAccessKey, [sessionToken] }
function RequestSigner(request, credentials) {

  if (typeof request === 'string') request = url.parse(request)

  var headers = request.headers = Object.assign({}, (request.headers || {})),
      hostParts = (!this.service || !this.region) && this.matchHost(request.hostname || request.host || headers.Host || headers.host)

  this.request = request
  this.credentials = credentials || this.defaultCredentials()

  this.service = request.service || hostParts[0] || ''
  this.region = request.region || hostParts[1] || 'us-east-1'

  // SES uses a different domain from the service name
  if (this.service === 'email') this.service = 'ses'

  if (!request.method && request.body)
    request.method = 'POST'

  if (!headers.Host && !headers.host) {
    headers.Host = request.hostname || request.host || this.createHost()

    // If a port is specified explicitly, use it as is
    if (request.port)
      headers.Host += ':' + request.port
  }
  if (!request.hostname && !request.host)
    request.hostname = headers.Host || headers.host

  this.isCodeCommitGit = this.service === 'codecommit' && request.method === 'GIT'

  this.extraHeadersToIgnore = request.extraHeadersToIgnore || Object.create(null)
  this.extraHeadersToInclude = request.extraHeadersToInclude || Object.create(null)
}

RequestSigner.prototype.matchHost = function(host) {
  var match = (host || '').match(/([^\.]{1,63})\.(?:([^\.]{0,63})\.)?amazonaws\.com(\.cn)?$/)
  var hostParts = (match || []).slice(1, 3)

  // ES's hostParts are sometimes the other way round, if the value that is expected
  // to be region equals ‘es’ switch them back
  // e.g. search-cluster-name-aaaa00aaaa0aaa0aaaaaaa0aaa.us-east-1.es.amazonaws.com
  if (hostParts[1] === 'es' || hostParts[1] === 'aoss')
    hostParts = hostParts.reverse()

  if (hostParts[1] == 's3') {
    hostParts[0] = 's3'
    hostParts[1] = 'us-east-1'
  } else {
    for (var i = 0; i < 2; i++) {
      if (/^s3-/.test(hostParts[i])) {
        hostParts[1] = hostParts[i].slice(3)
        hostParts[0] = 's3'
        break
      }
    }
  }

  return hostParts
}

// http://docs.aws.amazon.com/general/latest/gr/rande.html
RequestSigner.prototype.isSingleRegion = function() {
  // Special case for S3 and SimpleDB in us-east-1
  if (['s3', 'sdb'].indexOf(this.service) >= 0 && this.region === 'us-east-1') return true

  return ['cloudfront', 'ls', 'route53', 'iam', 'importexport', 'sts']
    .indexOf(this.service) >= 0
}

RequestSigner.prototype.createHost = function() {
  var region = this.isSingleRegion() ? '' : '.' + this.region,
      subdomain = this.service === 'ses' ? 'email' : this.service
  return subdomain + region + '.amazonaws.com'
}

RequestSigner.prototype.prepareRequest = function() {
  this.parsePath()

  var request = this.request, headers = request.headers, query

  if (request.signQuery) {

    this.parsedPath.query = query = this.parsedPath.query || {}

    if (this.credentials.sessionToken)
      query['X-Amz-Security-Token'] = this.credentials.sessionToken

    if (this.service === 's3' && !query['X-Amz-Expires'])
      query['X-Amz-Expires'] = 86400

    if (query['X-Amz-Date'])
      this.datetime = query['X-Amz-Date']
    else
      query['X-Amz-Date'] = this.getDateTime()

    query['X-Amz-Algorithm'] = 'AWS4-HMAC-SHA256'
    query['X-Amz-Credential'] = this.credentials.accessKeyId + '/' + this.credentialString()
    query['X-Amz-SignedHeaders'] = this.signedHeaders()

  } else {

    if (!request.doNotModifyHeaders && !this.isCodeCommitGit) {
      if (request.body && !headers['Content-Type'] && !headers['content-type'])
        headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8'

      if (request.body && !headers['Content-Length'] && !headers['content-length'])
        headers['Content-Length'] = Buffer.byteLength(request.body)

      if (this.credentials.sessionToken && !headers['X-Amz-Security-Token'] && !headers['x-amz-security-token'])
        headers['X-Amz-Security-Token'] = this.credentials.sessionToken

      if (this.service === 's3' && !headers['X-Amz-Content-Sha256'] && !headers['x-amz-content-sha256'])
        headers['X-Amz-Content-Sha256'] = hash(this.request.body || '', 'hex')

      if (headers['X-Amz-Date'] || headers['x-amz-date'])
        this.datetime = headers['X-Amz-Date'] || headers['x-amz-date']
      else
        headers['X-Amz-Date'] = this.getDateTime()
    }

    delete headers.Authorization
    delete headers.authorization
  }
}

RequestSigner.prototype.sign = function() {
  if (!this.parsedPath) this.prepareRequest()

  if (this.request.signQuery) {
    this.parsedPath.query['X-Amz-Signature'] = this.signature()
  } else {
    this.request.headers.Authorization = this.authHeader()
  }

  this.request.path = this.formatPath()

  return this.request
}

RequestSigner.prototype.getDateTime = function() {
  if (!this.datetime) {
    var headers = this.request.headers,
      date = new Date(headers.Date || headers.date || new Date)

    this.datetime = date.toISOString().replace(/[:\-]|\.\d{3}/g, '')

    // Remove the trailing 'Z' on the timestamp string for CodeCommit git access
    if (this.isCodeCommitGit) this.datetime = this.datetime.slice(0, -1)
  }
  return this.datetime
}

RequestSigner.prototype.getDate = function() {
  return this.getDateTime().substr(0, 8)
}

RequestSigner.prototype.authHeader = function() {
  return [
    'AWS4-HMAC-SHA256 Credential=' + this.credentials.accessKeyId + '/' + this.credentialString(),
    'SignedHeaders=' + this.signedHeaders(),
    'Signature=' + this.signature(),
  ].join(', ')
}

RequestSigner.prototype.signature = function() {
  var date = this.getDate(),
      cacheKey = [this.credentials.secretAccessKey, date, this.region, this.service].join(),
      kDate, kRegion, kService, kCredentials = credentialsCache.get(cacheKey)
  if (!kCredentials) {
    kDate = hmac('AWS4' + this.credentials.secretAccessKey, date)
    kRegion = hmac(kDate, this.region)
    kService = hmac(kRegion, this.service)
    kCredentials = hmac(kService, 'aws4_request')
    credentialsCache.set(cacheKey, kCredentials)
  }
  return hmac(kCredentials, this.stringToSign(), 'hex')
}

RequestSigner.prototype.stringToSign = function() {
  return [
    'AWS4-HMAC-SHA256',
    this.getDateTime(),
    this.credentialString(),
    hash(this.canonicalString(), 'hex'),
  ].join('\n')
}

RequestSigner.prototype.canonicalString = function() {
  if (!this.parsedPath) this.prepareRequest()

  var pathStr = this.parsedPath.path,
      query = this.parsedPath.query,
      headers = this.request.headers,
      queryStr = '',
      normalizePath = this.service !== 's3',
      decodePath = this.service === 's3' || this.request.doNotEncodePath,
      decodeSlashesInPath = this.service === 's3',
      firstValOnly = this.service === 's3',
      bodyHash

  if (this.service === 's3' && this.request.signQuery) {
    bodyHash = 'UNSIGNED-PAYLOAD'
  } else if (this.isCodeCommitGit) {
    bodyHash = ''
  } else {
    bodyHash = headers['X-Amz-Content-Sha256'] || headers['x-amz-content-sha256'] ||
      hash(this.request.body || '', 'hex')
  }

  if (query) {
    var reducedQuery = Object.keys(query).reduce(function(obj, key) {
      if (!key) return obj
      obj[encodeRfc3986Full(key)] = !Array.isArray(query[key]) ? query[key] :
        (firstValOnly ? query[key][0] : query[key])
      return obj
    }, {})
    var encodedQueryPieces = []
    Object.keys(reducedQuery).sort().forEach(function(key) {
      if (!Array.isArray(reducedQuery[key])) {
        encodedQueryPieces.push(key + '=' + encodeRfc3986Full(reducedQuery[key]))
      } else {
        reducedQuery[key].map(encodeRfc3986Full).sort()
          .forEach(function(val) { encodedQueryPieces.push(key + '=' + val) })
      }
    })
    queryStr = encodedQueryPieces.join('&')
  }
  if (pathStr !== '/') {
    if (normalizePath) pathStr = pathStr.replace(/\/{2,}/g, '/')
    pathStr = pathStr.split('/').reduce(function(path, piece) {
      if (normalizePath && piece === '..') {
        path.pop()
      } else if (!normalizePath || piece !== '.') {
        if (decodePath) piece = decodeURIComponent(piece.replace(/\+/g, ' '))
        path.push(encodeRfc3986Full(piece))
      }
      return path
    }, []).join('/')
    if (pathStr[0] !== '/') pathStr = '/' + pathStr
    if (decodeSlashesInPath) pathStr = pathStr.replace(/%2F/g, '/')
  }

  return [
    this.request.method || 'GET',
    pathStr,
    queryStr,
    this.canonicalHeaders() + '\n',
    this.signedHeaders(),
    bodyHash,
  ].join('\n')
}

RequestSigner.prototype.filterHeaders = function() {
  var headers = this.request.headers,
      extraHeadersToInclude = this.extraHeadersToInclude,
      extraHeadersToIgnore = this.extraHeadersToIgnore
  this.filteredHeaders = Object.keys(headers)
    .map(function(key) { return [key.toLowerCase(), headers[key]] })
    .filter(function(entry) {
      return extraHeadersToInclude[entry[0]] ||
        (HEADERS_TO_IGNORE[entry[0]] == null && !extraHeadersToIgnore[entry[0]])
    })
    .sort(function(a, b) { return a[0] < b[0] ? -1 : 1 })
}

RequestSigner.prototype.canonicalHeaders = function() {
  if (!this.filteredHeaders) this.filterHeaders()

  return this.filteredHeaders.map(function(entry) {
    return entry[0] + ':' + entry[1].toString().trim().replace(/\s+/g, ' ')
  }).join('\n')
}

RequestSigner.prototype.signedHeaders = function() {
  if (!this.filteredHeaders) this.filterHeaders()

  return this.filteredHeaders.map(function(entry) { return entry[0] }).join(';')
}

RequestSigner.prototype.credentialString = function() {
  return [
    this.getDate(),
    this.region,
    this.service,
    'aws4_request',
  ].join('/')
}

RequestSigner.prototype.defaultCredentials = function() {
  var env = process.env
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID || env.AWS_ACCESS_KEY,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY || env.AWS_SECRET_KEY,
    sessionToken: env.AWS_SESSION_TOKEN,
  }
}

RequestSigner.prototype.parsePath = function() {
  var path = this.request.path || '/'

  // S3 doesn't always encode characters > 127 correctly and
  // all services don't encode characters > 255 correctly
  // So if there are non-reserved chars (and it's not already all % encoded), just encode them all
  if (/[^0-9A-Za-z;,/?:@&=+$\-_.!~*'()#%]/.test(path)) {
    path = encodeURI(decodeURI(path))
  }

  var queryIx = path.indexOf('?'),
      query = null

  if (queryIx >= 0) {
    query = querystring.parse(path.slice(queryIx + 1))
    path = path.slice(0, queryIx)
  }

  this.parsedPath = {
    path: path,
    query: query,
  }
}

RequestSigner.prototype.formatPath = function() {
  var path = this.parsedPath.path,
      query = this.parsedPath.query

  if (!query) return path

  // Services don't support empty query string keys
  if (query[''] != null) delete query['']

  return path + '?' + encodeRfc3986(querystring.stringify(query))
}

aws4.RequestSigner = RequestSigner

aws4.sign = function(request, credentials) {
  return new RequestSigner(request, credentials).sign()
}


/***/ }),

/***/ 22638:
/***/ ((module) => {

module.exports = function(size) {
  return new LruCache(size)
}

function LruCache(size) {
  this.capacity = size | 0
  this.map = Object.create(null)
  this.list = new DoublyLinkedList()
}

LruCache.prototype.get = function(key) {
  var node = this.map[key]
  if (node == null) return undefined
  this.used(node)
  return node.val
}

LruCache.prototype.set = function(key, val) {
  var node = this.map[key]
  if (node != null) {
    node.val = val
  } else {
    if (!this.capacity) this.prune()
    if (!this.capacity) return false
    node = new DoublyLinkedNode(key, val)
    this.map[key] = node
    this.capacity--
  }
  this.used(node)
  return true
}

LruCache.prototype.used = function(node) {
  this.list.moveToFront(node)
}

LruCache.prototype.prune = function() {
  var node = this.list.pop()
  if (node != null) {
    delete this.map[node.key]
    this.capacity++
  }
}


function DoublyLinkedList() {
  this.firstNode = null
  this.lastNode = null
}

DoublyLinkedList.prototype.moveToFront = function(node) {
  if (this.firstNode == node) return

  this.remove(node)

  if (this.firstNode == null) {
    this.firstNode = node
    this.lastNode = node
    node.prev = null
    node.next = null
  } else {
    node.prev = null
    node.next = this.firstNode
    node.next.prev = node
    this.firstNode = node
  }
}

DoublyLinkedList.prototype.pop = function() {
  var lastNode = this.lastNode
  if (lastNode != null) {
    this.remove(lastNode)
  }
  return lastNode
}

DoublyLinkedList.prototype.remove = function(node) {
  if (this.firstNode == node) {
    this.firstNode = node.next
  } else if (node.prev != null) {
    node.prev.next = node.next
  }
  if (this.lastNode == node) {
    this.lastNode = node.prev
  } else if (node.next != null) {
    node.next.prev = node.prev
  }
}


function DoublyLinkedNode(key, val) {
  this.key = key
  this.val = val
  this.prev = null
  this.next = null
}


/***/ }),

/***/ 16707:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qt: () => (/* binding */ makeAgent),
/* harmony export */   UA: () => (/* binding */ snippet),
/* harmony export */   g2: () => (/* binding */ encodeKey),
/* harmony export */   j$: () => (/* binding */ HttpError),
/* harmony export */   tN: () => (/* binding */ send)
/* harmony export */ });
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24371);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76670);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(49809);



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
 * with timeouts so a stalled server turns into a retry instead of a hung job.
 */
function makeAgent(connections) {
    return new undici__WEBPACK_IMPORTED_MODULE_0__/* .Agent */ .g6({
        connections: Math.max(1, connections),
        keepAliveTimeout: 10_000,
        connect: { timeout: 15_000 },
        headersTimeout: 120_000,
        bodyTimeout: 300_000
    });
}
/**
 * Sends a request with retries on 408/429/5xx, resets and timeouts (src/retry.ts), honouring Retry-After.
 * `build` runs once per try, so signatures and streamed bodies are fresh each time.
 */
async function send(agent, build, options) {
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .withRetry */ .bD)(async (attempt) => {
        const req = await build(attempt);
        const res = await (0,undici__WEBPACK_IMPORTED_MODULE_0__/* .request */ .Em)(req.url, {
            method: req.method,
            headers: req.headers,
            body: req.body,
            dispatcher: agent
        });
        const headers = flatten(res.headers);
        const ok = (res.statusCode >= 200 && res.statusCode < 300) || options.accept?.includes(res.statusCode);
        const body = ok
            ? await readBody(res.body, options.maxBody ?? 64 * 1024 * 1024, false, options.what)
            : await readBody(res.body, 64 * 1024, true, options.what);
        if (ok)
            return { status: res.statusCode, headers, body };
        const text = body.toString('utf8');
        const explained = options.explain?.(res.statusCode, text) ?? {
            message: `HTTP ${res.statusCode}${snippet(text)}`
        };
        const message = (0,_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(`${options.what}: ${explained.message}`);
        if ((0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableStatus */ .PS)(res.statusCode))
            throw new _retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RetryableError */ .dw(message, (0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .retryAfterMs */ .Vs)(headers['retry-after']));
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
    return Buffer.concat(chunks);
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
    const line = (title ?? text)
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


/***/ }),

/***/ 59714:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s3StoreFrom: () => (/* binding */ s3StoreFrom)
/* harmony export */ });
/* unused harmony exports DEFAULT_PART_SIZE, S3Store, explainS3 */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var aws4__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(88832);
/* harmony import */ var aws4__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(aws4__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(41143);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _limit_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(57768);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76670);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(49809);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(16707);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(34703);










const MiB = 1024 * 1024;
const DEFAULT_PART_SIZE = 64 * MiB;
const MIN_PART_SIZE = 5 * MiB;
const MAX_PARTS = 10_000;
const EMPTY_SHA256 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update('').digest('hex');
const xml = new fast_xml_parser__WEBPACK_IMPORTED_MODULE_8__/* ["default"] */ .A({
    // Keys such as "1e5" or "007" must stay strings.
    parseTagValue: false,
    isArray: name => name === 'Contents'
});
/**
 * An S3 bucket (or an S3-compatible store) through signed REST calls: aws4 signs (SigV4), undici sends.
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
    /** What this store did, for tests and benchmarks (e.g. that a large file went up in parts). */
    stats = { multipartUploads: 0, parts: 0, abortedUploads: 0 };
    agent;
    origin;
    /** '/bucket' with path-style addressing, '' with virtual-host addressing. */
    bucketPath;
    partSize;
    publicBase;
    constructor(config) {
        this.config = config;
        this.agent = (0,_request_js__WEBPACK_IMPORTED_MODULE_6__/* .makeAgent */ .Qt)(config.concurrency);
        const endpoint = new URL(config.endpoint || `https://s3.${config.region}.amazonaws.com`);
        if (config.forcePathStyle) {
            this.origin = new URL(endpoint.origin);
            this.bucketPath = `/${(0,_request_js__WEBPACK_IMPORTED_MODULE_6__/* .encodeKey */ .g2)(config.bucket)}`;
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
        return (0,_store_js__WEBPACK_IMPORTED_MODULE_7__/* .joinKey */ .I)(this.config.prefix, (0,_store_js__WEBPACK_IMPORTED_MODULE_7__/* .safeKey */ .v)(key));
    }
    show(full) {
        return `s3://${this.config.bucket}/${full}`;
    }
    /** Signs a request with SigV4 for the current time (called again on every retry). */
    sign(method, path, headers) {
        const signed = aws4__WEBPACK_IMPORTED_MODULE_2___default().sign({
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
        return `${this.bucketPath}/${(0,_request_js__WEBPACK_IMPORTED_MODULE_6__/* .encodeKey */ .g2)(full)}${query}`;
    }
    call(method, path, what, opts = {}) {
        return (0,_request_js__WEBPACK_IMPORTED_MODULE_6__/* .send */ .tN)(this.agent, () => {
            const headers = { 'x-amz-content-sha256': EMPTY_SHA256, ...opts.headers };
            const { url, headers: signed } = this.sign(method, path, headers);
            return { method, url, headers: signed, body: opts.body?.() };
        }, { what, accept: opts.accept, tries: this.config.tries, maxBody: opts.maxBody, explain: explainS3 });
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
    async write(key, body, options) {
        const full = this.full(key);
        if ('path' in body && options.size > this.partSize)
            return this.multipart(full, body.path, options);
        const headers = {
            ...this.objectHeaders(options),
            'content-length': String(options.size),
            'x-amz-content-sha256': options.sha256
        };
        if (options.md5)
            headers['content-md5'] = Buffer.from(options.md5, 'hex').toString('base64');
        await this.call('PUT', this.objectPath(full), `PUT ${this.show(full)}`, {
            headers,
            body: () => ('path' in body ? (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(body.path) : Buffer.from(body.data))
        });
    }
    /**
     * A multipart upload: parts are read from disk as streams (memory stays bounded whatever the file size),
     * each part is hashed, signed and retried on its own, and the upload is aborted on failure so no orphaned
     * parts stay billed in the bucket.
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
            throw new Error(`start upload ${shown}: no UploadId in the answer${(0,_request_js__WEBPACK_IMPORTED_MODULE_6__/* .snippet */ .UA)(created.body.toString())}`);
        const query = (extra) => `?${extra}uploadId=${encodeURIComponent(uploadId)}`;
        this.stats.multipartUploads++;
        try {
            const ranges = [];
            for (let start = 0; start < options.size; start += partSize)
                ranges.push({ start, end: Math.min(start + partSize, options.size) - 1 });
            const partConcurrency = Math.max(1, Math.min(this.config.concurrency, 4));
            const etags = await (0,_limit_js__WEBPACK_IMPORTED_MODULE_9__/* .mapLimit */ .s)(ranges, partConcurrency, async (range, i) => {
                const number = i + 1;
                const digest = await hashRange(path, range.start, range.end);
                const res = await this.call('PUT', this.objectPath(full, query(`partNumber=${number}&`)), `upload part ${number}/${ranges.length} of ${shown}`, {
                    headers: {
                        'content-length': String(range.end - range.start + 1),
                        'x-amz-content-sha256': digest.sha256,
                        'content-md5': digest.md5Base64
                    },
                    body: () => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path, { start: range.start, end: range.end })
                });
                this.stats.parts++;
                const etag = res.headers['etag'];
                if (!etag)
                    throw new Error(`upload part ${number} of ${shown}: no ETag in the answer`);
                return etag;
            });
            const completeXml = Buffer.from('<CompleteMultipartUpload>' +
                etags
                    .map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(etag)}</ETag></Part>`)
                    .join('') +
                '</CompleteMultipartUpload>');
            // CompleteMultipartUpload can answer 200 with an <Error> body; an InternalError there is worth a retry.
            await (0,_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .withRetry */ .bD)(async () => {
                const res = await this.call('POST', this.objectPath(full, query('')), `complete upload ${shown}`, {
                    headers: {
                        'content-type': 'application/xml',
                        'content-length': String(completeXml.length),
                        'x-amz-content-sha256': (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(completeXml).digest('hex')
                    },
                    body: () => completeXml
                });
                const text = res.body.toString('utf8');
                if (/<Error>/.test(text)) {
                    const { message, code } = explainS3(500, text);
                    if (code === 'InternalError' || code === 'SlowDown')
                        throw new _retry_js__WEBPACK_IMPORTED_MODULE_5__/* .RetryableError */ .dw(`complete upload ${shown}: ${message}`);
                    throw new _request_js__WEBPACK_IMPORTED_MODULE_6__/* .HttpError */ .j$(`complete upload ${shown}: ${message}`, 200, code);
                }
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
            const parsed = xml.parse(res.body.toString('utf8'));
            const result = parsed.ListBucketResult;
            if (!result)
                throw new Error(`list s3://${this.config.bucket}/${wanted}: unexpected answer${(0,_request_js__WEBPACK_IMPORTED_MODULE_6__/* .snippet */ .UA)(res.body.toString())}`);
            for (const item of result.Contents ?? []) {
                const key = String(item.Key);
                if (!key.startsWith(root) || key.endsWith('/'))
                    continue;
                yield { key: key.slice(root.length), size: Number(item.Size), md5: etagMd5(item.ETag) };
            }
            token = result.IsTruncated === 'true' ? result.NextContinuationToken : undefined;
        } while (token);
    }
    url(key) {
        return `${this.publicBase}/${(0,_request_js__WEBPACK_IMPORTED_MODULE_6__/* .encodeKey */ .g2)(this.full(key))}`;
    }
    async close() {
        await this.agent.close();
    }
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
async function hashRange(path, start, end) {
    const sha = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const md5 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5');
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path, { start, end })) {
        sha.update(chunk);
        md5.update(chunk);
    }
    return { sha256: sha.digest('hex'), md5Base64: md5.digest('base64') };
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
    let message = `HTTP ${status}${code ? ` ${code}` : ''}${text ? `: ${text}` : code ? '' : (0,_request_js__WEBPACK_IMPORTED_MODULE_6__/* .snippet */ .UA)(body)}`;
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
    const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
    const sessionToken = env.AWS_SESSION_TOKEN?.trim() || undefined;
    (0,_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .registerSecret */ .cl)(secretAccessKey);
    (0,_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .registerSecret */ .cl)(sessionToken);
    if (!accessKeyId || !secretAccessKey)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('destination', 'an s3:// destination needs AWS credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ' +
            'plus AWS_SESSION_TOKEN for temporary ones): run aws-actions/configure-aws-credentials before this step.');
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('s3-endpoint', 'must be an http(s) URL without credentials or query, e.g. https://minio.example.com:9000.');
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
