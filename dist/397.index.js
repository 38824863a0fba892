export const id = 397;
export const ids = [397];
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

/***/ 94258:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ awsCredentials)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76670);


/**
 * Reads the standard AWS environment (what aws-actions/configure-aws-credentials exports), masking the secret
 * parts before anything can print them. Missing keys are an error of `input` (the one that asked for AWS) that starts with `missing`.
 */
function awsCredentials(input, missing, env) {
    const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
    const sessionToken = env.AWS_SESSION_TOKEN?.trim() || undefined;
    (0,_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .registerSecret */ .cl)(secretAccessKey);
    (0,_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .registerSecret */ .cl)(sessionToken);
    if (!accessKeyId || !secretAccessKey)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `${missing} (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ` +
            'plus AWS_SESSION_TOKEN for temporary ones): run aws-actions/configure-aws-credentials before this step.');
    return { accessKeyId, secretAccessKey, sessionToken };
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
