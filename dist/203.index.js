export const id = 203;
export const ids = [203];
export const modules = {

/***/ 48931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ sameBytes),
/* harmony export */   g: () => (/* binding */ applyPlan)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _limit_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(57768);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(22464);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76670);





const MAX_LOGGED = 200;
/** Same bytes? sha256 when the store knows it, else md5 (an S3 ETag); undefined when it cannot tell. */
function sameBytes(existing, write) {
    if (existing.size !== write.size)
        return false;
    if (existing.sha256)
        return existing.sha256 === write.sha256;
    if (existing.md5 && write.md5)
        return existing.md5 === write.md5;
    return undefined;
}
function verdict(existing, write) {
    if (!existing)
        return 'new';
    const same = sameBytes(existing, write);
    if (same)
        return 'unchanged';
    return write.immutable ? 'conflict' : 'replace';
}
/**
 * Executes a plan against a store. Every target is checked first, so a stable artifact that exists with other
 * bytes stops the run before anything is written; then artifacts, signatures, indexes, and deletes last.
 */
async function applyPlan(plan, store, options) {
    const verdicts = await (0,_limit_js__WEBPACK_IMPORTED_MODULE_3__/* .mapLimit */ .s)(plan.writes, options.concurrency, async (write) => {
        const existing = options.known?.has(write.key)
            ? options.known.get(write.key)
            : await store.stat(write.key);
        return verdict(existing, write);
    });
    const conflicts = plan.writes.filter((_, i) => verdicts[i] === 'conflict');
    if (conflicts.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1(`refusing to overwrite ${conflicts.length} stable artifact(s) that already exist with different bytes in ${store.description}: ` +
            `${conflicts
                .slice(0, 10)
                .map(c => c.key)
                .join(', ')}${conflicts.length > 10 ? ', …' : ''}. ` +
            'A stable release is immutable: publish a new version instead. Nothing was written.');
    // One line per object is useful for a few packages and noise for a grid of ten thousand drivers.
    const log = plan.writes.length <= MAX_LOGGED ? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq : _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz;
    const results = [];
    for (const role of _plan_js__WEBPACK_IMPORTED_MODULE_4__/* .ROLE_ORDER */ .Y6) {
        const batch = plan.writes.map((w, i) => ({ w, v: verdicts[i] })).filter(({ w }) => w.role === role);
        const done = await (0,_limit_js__WEBPACK_IMPORTED_MODULE_3__/* .mapLimit */ .s)(batch, options.concurrency, async ({ w, v }) => {
            if (v !== 'unchanged') {
                const cacheControl = role === 'index' ? options.cacheControlIndexes : options.cacheControlArtifacts;
                try {
                    await store.write(w.key, w.body, {
                        size: w.size,
                        sha256: w.sha256,
                        md5: w.md5,
                        contentType: w.contentType,
                        cacheControl
                    });
                }
                catch (err) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1((0,_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(`writing ${w.key} to ${store.description} failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)}`));
                }
                log(`${v === 'replace' ? 'replaced' : 'uploaded'} ${w.key}`);
            }
            else
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(`unchanged ${w.key}`);
            return entry(w, v === 'unchanged' ? 'unchanged' : 'uploaded', store);
        });
        results.push(...done);
        const written = done.filter(d => d.status === 'uploaded').length;
        if (batch.length > MAX_LOGGED)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${role}s: ${written} written, ${batch.length - written} unchanged`);
    }
    const deleted = await (0,_limit_js__WEBPACK_IMPORTED_MODULE_3__/* .mapLimit */ .s)(plan.deletes, options.concurrency, async (d) => {
        await store.delete(d.key);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`deleted ${d.key} (${d.reason})`);
        return {
            kind: d.kind,
            repo: d.repo,
            path: d.key,
            status: 'deleted',
            role: 'delete',
            reason: d.reason
        };
    });
    return [...results, ...deleted, ...plan.extra];
}
function entry(w, status, store) {
    return {
        kind: w.kind,
        repo: w.repo,
        path: w.key,
        url: store.url?.(w.key),
        status,
        sha256: w.sha256,
        size: w.size,
        role: w.role
    };
}


/***/ }),

/***/ 59148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PH: () => (/* binding */ expandBraces),
/* harmony export */   sA: () => (/* binding */ resolveFiles)
/* harmony export */ });
/* unused harmony export checkFileName */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var _actions_glob__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(23860);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83916);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(311);






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
    const name = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(path);
    if ((0,_version_js__WEBPACK_IMPORTED_MODULE_5__/* .hasControlChars */ .jt)(name) ||
        name.includes('\\') ||
        name.includes('..') ||
        name.startsWith('.') ||
        name.includes('/'))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('files', `the file name ${(0,_version_js__WEBPACK_IMPORTED_MODULE_5__/* .show */ .WU)(name)} is not publishable: no control characters, backslashes, '..' or leading dot.`);
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
        const globber = await _actions_glob__WEBPACK_IMPORTED_MODULE_1__/* .create */ .v(absolute.join('\n'), {
            matchDirectories: false,
            implicitDescendants: false
        });
        for (const file of await globber.glob())
            if ((await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(file)).isFile())
                found.add(file);
    }
    const files = [...found].sort();
    if (files.length === 0) {
        const message = `no files matched ${patterns.map(p => (0,_version_js__WEBPACK_IMPORTED_MODULE_5__/* .show */ .WU)(p)).join(', ') || '(no pattern given)'} under ${baseDir}`;
        if (policy === 'error')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('files', `${message}. Check the globs, or set if-no-files-found to warn or ignore.`);
        if (policy === 'warn')
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(message);
        else
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(message);
    }
    for (const file of files)
        checkFileName(file);
    return files;
}
function anchor(pattern, baseDir) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.isAbsolute)(pattern) ? pattern : (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(baseDir, pattern);
}


/***/ }),

/***/ 78203:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lockKey: () => (/* binding */ lockKey),
  packagesPublisher: () => (/* binding */ packagesPublisher)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./src/apply.ts
var apply = __webpack_require__(48931);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/files.ts
var src_files = __webpack_require__(59148);
// EXTERNAL MODULE: ./src/hash.ts
var hash = __webpack_require__(56495);
// EXTERNAL MODULE: ./src/limit.ts
var limit = __webpack_require__(57768);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/packages/compare.ts
/**
 * Version ordering as the package managers define it, so retention keeps what `apt`/`dnf` consider newest:
 * dpkg's `verrevcmp` (epoch:upstream-revision, `~` sorts before everything) and rpm's `rpmvercmp`
 * (alphanumeric segments, `~` pre-releases and `^` post-releases) with epoch/version/release.
 */
/** dpkg's ordering of one character in a non-digit run: `~` first, then end of string, letters, other. */
function order(c) {
    if (c === undefined)
        return 0;
    if (c === '~')
        return -1;
    if (/[0-9]/.test(c))
        return 0;
    if (/[A-Za-z]/.test(c))
        return c.charCodeAt(0);
    return c.charCodeAt(0) + 256;
}
function verrevcmp(a, b) {
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        let firstDiff = 0;
        while ((i < a.length && !/[0-9]/.test(a[i])) || (j < b.length && !/[0-9]/.test(b[j]))) {
            const ac = order(a[i]);
            const bc = order(b[j]);
            if (ac !== bc)
                return ac - bc;
            i++;
            j++;
        }
        while (a[i] === '0')
            i++;
        while (b[j] === '0')
            j++;
        while (i < a.length && /[0-9]/.test(a[i]) && j < b.length && /[0-9]/.test(b[j])) {
            if (!firstDiff)
                firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
            i++;
            j++;
        }
        if (i < a.length && /[0-9]/.test(a[i]))
            return 1;
        if (j < b.length && /[0-9]/.test(b[j]))
            return -1;
        if (firstDiff)
            return firstDiff;
    }
    return 0;
}
function parseDebian(v) {
    const colon = v.indexOf(':');
    const epoch = colon > 0 ? Number(v.slice(0, colon)) : 0;
    const rest = colon > 0 ? v.slice(colon + 1) : v;
    const dash = rest.lastIndexOf('-');
    return dash >= 0
        ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) }
        : { epoch, upstream: rest, revision: '' };
}
/** Compares two Debian versions as `dpkg --compare-versions` does: negative, 0 or positive. */
function compareDebianVersions(a, b) {
    const x = parseDebian(a);
    const y = parseDebian(b);
    if (x.epoch !== y.epoch)
        return x.epoch - y.epoch;
    const r = verrevcmp(x.upstream, y.upstream);
    if (r)
        return Math.sign(r);
    return Math.sign(verrevcmp(x.revision, y.revision));
}
const alnum = (c) => c !== undefined && /[A-Za-z0-9]/.test(c);
const digit = (c) => c !== undefined && /[0-9]/.test(c);
const alpha = (c) => c !== undefined && /[A-Za-z]/.test(c);
/** rpm's `rpmvercmp` (rpm 4.x, with `~` and `^`): -1, 0 or 1. */
function rpmvercmp(a, b) {
    if (a === b)
        return 0;
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        while (i < a.length && !alnum(a[i]) && a[i] !== '~' && a[i] !== '^')
            i++;
        while (j < b.length && !alnum(b[j]) && b[j] !== '~' && b[j] !== '^')
            j++;
        if (a[i] === '~' || b[j] === '~') {
            if (a[i] !== '~')
                return 1;
            if (b[j] !== '~')
                return -1;
            i++;
            j++;
            continue;
        }
        if (a[i] === '^' || b[j] === '^') {
            if (i >= a.length)
                return -1;
            if (j >= b.length)
                return 1;
            if (a[i] !== '^')
                return 1;
            if (b[j] !== '^')
                return -1;
            i++;
            j++;
            continue;
        }
        if (!(i < a.length && j < b.length))
            break;
        const isnum = digit(a[i]);
        const test = isnum ? digit : alpha;
        let ie = i;
        let je = j;
        while (ie < a.length && test(a[ie]))
            ie++;
        while (je < b.length && test(b[je]))
            je++;
        if (je === j)
            return isnum ? 1 : -1;
        let sa = a.slice(i, ie);
        let sb = b.slice(j, je);
        if (isnum) {
            sa = sa.replace(/^0+/, '');
            sb = sb.replace(/^0+/, '');
            if (sa.length !== sb.length)
                return sa.length > sb.length ? 1 : -1;
        }
        if (sa !== sb)
            return sa < sb ? -1 : 1;
        i = ie;
        j = je;
    }
    if (i >= a.length && j >= b.length)
        return 0;
    return i < a.length ? 1 : -1;
}
/** Compares rpm epoch:version-release triples as rpm does (missing epoch is 0). */
function compareEvr(a, b) {
    const ea = Number(a.epoch || 0);
    const eb = Number(b.epoch || 0);
    if (ea !== eb)
        return ea < eb ? -1 : 1;
    return rpmvercmp(a.version, b.version) || rpmvercmp(a.release ?? '', b.release ?? '');
}
/** Splits `[epoch:]version[-release]` as rpm writes dependency versions. */
function parseEvr(text) {
    const colon = text.indexOf(':');
    const epoch = colon > 0 && /^\d+$/.test(text.slice(0, colon)) ? text.slice(0, colon) : undefined;
    const rest = epoch !== undefined ? text.slice(colon + 1) : text;
    const dash = rest.lastIndexOf('-');
    return dash >= 0
        ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) }
        : { epoch, version: rest };
}

;// CONCATENATED MODULE: ./src/packages/control.ts
/**
 * deb822 paragraphs (Debian control files, Packages and Release): fields in their original order, continuation
 * lines kept verbatim so a paragraph written back is byte-for-byte what was read.
 */
/** Parses paragraphs separated by blank lines. A value keeps its continuation lines (`\n` + leading space). */
function parseParagraphs(text) {
    const out = [];
    let current = [];
    for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
        if (line.trim() === '') {
            if (current.length)
                out.push(current);
            current = [];
        }
        else if (/^[ \t]/.test(line)) {
            const last = current[current.length - 1];
            if (!last)
                throw new Error(`continuation line without a field: ${JSON.stringify(line.slice(0, 60))}`);
            last[1] += `\n${line}`;
        }
        else if (!line.startsWith('#')) {
            const colon = line.indexOf(':');
            if (colon <= 0)
                throw new Error(`not a 'Field: value' line: ${JSON.stringify(line.slice(0, 60))}`);
            current.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
        }
    }
    if (current.length)
        out.push(current);
    return out;
}
/** The value of a field (case-insensitive, as deb822 field names are). */
function field(p, name) {
    const lower = name.toLowerCase();
    return p.find(([n]) => n.toLowerCase() === lower)?.[1];
}
/** Writes one paragraph, without the blank line that separates it from the next. */
function formatParagraph(p) {
    return p.map(([n, v]) => (v.startsWith('\n') ? `${n}:${v}` : `${n}: ${v}`)).join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/packages/retention.ts
/** Returns the entries to prune. `protect` tells which entries are being published now. */
function prune(entries, keep, compare, protect) {
    const groups = new Map();
    for (const e of entries) {
        const id = `${e.name}\0${e.arch}`;
        const group = groups.get(id);
        if (group)
            group.push(e);
        else
            groups.set(id, [e]);
    }
    const pruned = [];
    for (const group of groups.values()) {
        const newestFirst = [...group].sort((a, b) => compare(b, a));
        pruned.push(...newestFirst.slice(keep).filter(e => !protect(e)));
    }
    return pruned;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./node_modules/openpgp/dist/node/openpgp.mjs
var openpgp = __webpack_require__(13074);
;// CONCATENATED MODULE: ./src/packages/sign.ts




/** Loads the armored private key from `signing-key`, decrypting it with `signing-key-passphrase` when given. */
async function loadSigner(armoredKey, passphrase) {
    let key;
    try {
        key = await openpgp/* readPrivateKey */.$k({ armoredKey });
    }
    catch (err) {
        throw new errors/* InputError */.dz('signing-key', `is not an armored OpenPGP private key (${err.message}); export one with 'gpg --armor --export-secret-keys <id>'.`);
    }
    if (!key.isDecrypted()) {
        if (!passphrase)
            throw new errors/* InputError */.dz('signing-key-passphrase', 'is required: the signing key is protected by a passphrase.');
        try {
            key = await openpgp/* decryptKey */.Vw({ privateKey: key, passphrase });
        }
        catch {
            throw new errors/* InputError */.dz('signing-key-passphrase', 'does not decrypt the signing key.');
        }
    }
    const signingKey = await key.getSigningKey().catch(() => {
        throw new errors/* InputError */.dz('signing-key', 'has no usable signing (sub)key: it may be expired or revoked.');
    });
    const keyId = signingKey.getKeyID().toHex().toLowerCase();
    const detachMessage = async (message) => openpgp/* sign */._S({ message, signingKeys: key, detached: true, format: 'armored' });
    return {
        keyId,
        detach: async (data) => detachMessage(await openpgp/* createMessage */.oH({ binary: data })),
        async detachFile(path) {
            const web = external_node_stream_.Readable.toWeb((0,external_node_fs_.createReadStream)(path, { highWaterMark: 1 << 20 }));
            const message = await openpgp/* createMessage */.oH({ binary: web });
            const signature = await openpgp/* sign */._S({ message, signingKeys: key, detached: true, format: 'armored' });
            return readText(signature);
        },
        clearsign: async (text) => openpgp/* sign */._S({
            message: await openpgp/* createCleartextMessage */.w7({ text }),
            signingKeys: key,
            format: 'armored'
        })
    };
}
/** Key IDs an armored detached or clearsigned signature was made with; empty when it cannot be read. */
async function signatureKeyIds(armored) {
    try {
        const signed = armored.includes('BEGIN PGP SIGNED MESSAGE')
            ? await openpgp/* readCleartextMessage */.cL({ cleartextMessage: armored })
            : await openpgp/* readSignature */.Bc({ armoredSignature: armored });
        return Array.from(signed.getSigningKeyIDs(), id => id.toHex().toLowerCase());
    }
    catch {
        return [];
    }
}
/** openpgp returns a stream when its input was one; the armored signature is small, so it is collected. */
async function readText(value) {
    if (typeof value === 'string')
        return value;
    let text = '';
    const reader = value.getReader();
    for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done)
            return text;
        text += chunk;
    }
}

;// CONCATENATED MODULE: ./src/packages/indexer.ts



/** A generated index file as a plan write. */
function indexWrite(repo, key, data, reason, contentType) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const { size, sha256, md5 } = (0,hash/* hashBytes */.y)(bytes);
    return {
        kind: 'packages',
        repo,
        key,
        body: { data: bytes },
        size,
        sha256,
        md5,
        role: 'index',
        immutable: false,
        contentType,
        reason
    };
}
/** True when an armored signature (detached or clearsigned) was made by the signer's key. */
async function signedBy(armored, signer) {
    if (!armored)
        return false;
    return (await signatureKeyIds(armored.toString('utf8'))).includes(signer.keyId);
}
/** Deletes for a pruned artifact and its `.asc` (only when the signature exists, so the output stays truthful). */
async function pruneDeletes(repo, key, store, reason) {
    const out = [{ kind: 'packages', repo, key, reason }];
    if (await store.stat(`${key}.asc`))
        out.push({ kind: 'packages', repo, key: `${key}.asc`, reason });
    return out;
}
/**
 * Dev retention for one repository: drops from `index` every entry beyond the newest `keep` versions of its
 * package and arch, and returns the deletes of their files (and signatures), which run after the new index is
 * written. Stable repositories are never pruned; entries published now never are either.
 */
async function retire(repo, index, ctx, compare, fileOf, isNew) {
    if (ctx.type !== 'dev')
        return { deletes: [], count: 0 };
    const gone = new Set(prune([...index.values()], ctx.inputs.keep, compare, isNew));
    const deletes = [];
    for (const [key, entry] of index) {
        if (!gone.has(entry))
            continue;
        index.delete(key);
        const reason = `retention: keeps the newest ${ctx.inputs.keep} versions of ${entry.name} (${entry.arch})`;
        deletes.push(...(await pruneDeletes(repo, `${repo}/${fileOf(entry)}`, ctx.store, reason)));
    }
    return { deletes, count: gone.size };
}

;// CONCATENATED MODULE: ./src/packages/apt.ts





/** Fields we compute for each file; a control file's own copies (there should be none) are dropped. */
const FILE_FIELDS = new Set(['filename', 'size', 'md5sum', 'sha1', 'sha256', 'sha512']);
const id = (e) => `${e.name}\0${e.version}\0${e.arch}`;
/** `Date:` as Debian writes it (RFC 2822, UTC). */
function releaseDate(d) {
    return d.toUTCString().replace(/GMT$/, 'UTC');
}
function entryOf(p) {
    const name = field(p, 'Package');
    const version = field(p, 'Version');
    const arch = field(p, 'Architecture');
    const filename = field(p, 'Filename');
    if (!name || !version || !arch || !filename)
        return undefined;
    return { name, version, arch, filename, paragraph: p };
}
function sortEntries(entries) {
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        compareDebianVersions(a.version, b.version) ||
        (a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0));
}
function hashLine(path, data) {
    const h = (alg) => (0,external_node_crypto_.createHash)(alg).update(data).digest('hex');
    return { path, size: data.length, md5: h('md5'), sha1: h('sha1'), sha256: h('sha256') };
}
/** Hash lines of an existing Release, by path, so components we do not touch keep theirs. */
function oldHashLines(release) {
    const lines = new Map();
    const read = (name, set) => {
        for (const line of (field(release, name) ?? '').split('\n')) {
            const [hash, size, path] = line.trim().split(/\s+/);
            if (!hash || !path)
                continue;
            const l = lines.get(path) ?? { path, size: Number(size), md5: '', sha1: '', sha256: '' };
            set(l, hash);
            lines.set(path, l);
        }
    };
    read('MD5Sum', (l, h) => (l.md5 = h));
    read('SHA1', (l, h) => (l.sha1 = h));
    read('SHA256', (l, h) => (l.sha256 = h));
    return lines;
}
function renderRelease(fields, lines) {
    const width = Math.max(8, ...lines.map(l => String(l.size).length));
    const list = (pick) => lines
        .filter(pick)
        .map(l => `\n ${pick(l)} ${String(l.size).padStart(width)} ${l.path}`)
        .join('');
    return formatParagraph([
        ...fields,
        ['MD5Sum', list(l => l.md5)],
        ['SHA1', list(l => l.sha1)],
        ['SHA256', list(l => l.sha256)]
    ]);
}
/**
 * apt repositories (deb, deb-dev) in download.falco.org's layout: packages under `<repo>/stable/`, indexes under
 * `<repo>/dists/<codename>/`. Reads Release and the component's Packages files, merges the new packages,
 * prunes dev repositories, and writes Packages(.gz) per architecture, then Release, InRelease and Release.gpg.
 */
const aptIndexer = {
    async plan(repo, artifacts, ctx) {
        const { store, inputs } = ctx;
        const component = inputs.aptComponent;
        const dists = `${repo}/dists/${inputs.aptCodename}`;
        const notes = [];
        const oldReleaseBytes = await store.read(`${dists}/Release`);
        const oldRelease = oldReleaseBytes ? parseParagraphs(oldReleaseBytes.toString('utf8'))[0] : undefined;
        const words = (name) => (oldRelease ? (field(oldRelease, name) ?? '').split(/\s+/) : []).filter(Boolean);
        const oldArchs = words('Architectures');
        // The current entries: every architecture's Packages of our component (`all` packages repeat in each).
        const entries = new Map();
        for (const arch of oldArchs) {
            const base = `${dists}/${component}/binary-${arch}/Packages`;
            const plain = await store.read(base);
            const gz = plain ? undefined : await store.read(`${base}.gz`);
            const text = plain ?? (gz ? (0,external_node_zlib_.gunzipSync)(gz) : undefined);
            if (!text)
                continue;
            for (const p of parseParagraphs(text.toString('utf8'))) {
                const e = entryOf(p);
                if (e)
                    entries.set(id(e), e);
            }
        }
        // Merge the new packages: a new entry replaces one with the same identity or the same file.
        const added = new Set();
        for (const a of artifacts) {
            if (a.meta.format !== 'deb')
                continue;
            const filename = a.write.key.slice(repo.length + 1);
            const paragraph = [
                ...a.meta.deb.control.filter(([n]) => !FILE_FIELDS.has(n.toLowerCase())),
                ['Filename', filename],
                ['Size', String(a.write.size)],
                ['MD5sum', a.write.md5 ?? ''],
                ['SHA256', a.write.sha256]
            ];
            const e = {
                name: a.meta.name,
                version: a.meta.version,
                arch: a.meta.arch,
                filename,
                paragraph
            };
            for (const [k, old] of entries)
                if (old.filename === filename)
                    entries.delete(k);
            entries.set(id(e), e);
            added.add(filename);
        }
        const { deletes, count } = await retire(repo, entries, ctx, (x, y) => compareDebianVersions(x.version, y.version), e => e.filename, e => added.has(e.filename));
        if (count)
            notes.push(`${repo}: retention prunes ${count} old package version(s)`);
        // Indexes per architecture: an architecture stays listed even when retention emptied it.
        const all = sortEntries([...entries.values()]);
        const concrete = [...new Set([...oldArchs, ...all.map(e => e.arch)])].filter(a => a !== 'all').sort();
        const archs = concrete.length ? concrete : ['all'];
        const writes = [];
        const lines = new Map();
        if (oldRelease)
            for (const [path, l] of oldHashLines(oldRelease))
                if (!path.startsWith(`${component}/`))
                    lines.set(path, l);
        for (const arch of archs) {
            const text = all
                .filter(e => e.arch === arch || e.arch === 'all')
                .map(e => formatParagraph(e.paragraph))
                .join('\n');
            const plain = Buffer.from(text, 'utf8');
            const gz = (0,external_node_zlib_.gzipSync)(plain, { level: 9 });
            const rel = `${component}/binary-${arch}/Packages`;
            lines.set(rel, hashLine(rel, plain));
            lines.set(`${rel}.gz`, hashLine(`${rel}.gz`, gz));
            writes.push(indexWrite(repo, `${dists}/${rel}`, plain, `apt index for ${arch}`, 'text/plain; charset=utf-8'));
            writes.push(indexWrite(repo, `${dists}/${rel}.gz`, gz, `apt index for ${arch}`, 'application/gzip'));
        }
        // Release: unchanged content keeps the old Date (and so its bytes and signatures): a re-run is a no-op.
        const header = (date) => [
            ['Origin', inputs.aptOrigin],
            ['Label', inputs.aptLabel],
            ['Suite', inputs.aptSuite],
            ['Codename', inputs.aptCodename],
            ['Date', date],
            ['Architectures', archs.join(' ')],
            ['Components', [...new Set([...words('Components'), component])].sort().join(' ')],
            ['Acquire-By-Hash', 'no']
        ];
        const sorted = [...lines.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        const oldDate = oldRelease ? field(oldRelease, 'Date') : undefined;
        const same = oldDate !== undefined && renderRelease(header(oldDate), sorted) === oldReleaseBytes?.toString('utf8');
        const release = same
            ? oldReleaseBytes.toString('utf8')
            : renderRelease(header(releaseDate(ctx.now)), sorted);
        writes.push(indexWrite(repo, `${dists}/Release`, release, 'apt Release', 'text/plain; charset=utf-8'));
        const signer = ctx.signer;
        if (signer) {
            const oldIn = same ? await store.read(`${dists}/InRelease`) : undefined;
            const oldGpg = same ? await store.read(`${dists}/Release.gpg`) : undefined;
            const keep = same && (await signedBy(oldIn, signer)) && (await signedBy(oldGpg, signer));
            const inRelease = keep ? oldIn : await signer.clearsign(release);
            const gpg = keep ? oldGpg : await signer.detach(Buffer.from(release, 'utf8'));
            writes.push(indexWrite(repo, `${dists}/InRelease`, inRelease, 'apt Release, clearsigned', 'text/plain; charset=utf-8'));
            writes.push(indexWrite(repo, `${dists}/Release.gpg`, gpg, 'apt Release signature', 'application/pgp-signature'));
        }
        else if (!same) {
            // Old signatures would not match the new Release: apt would refuse the repository. Remove them.
            for (const name of ['InRelease', 'Release.gpg'])
                if (await store.stat(`${dists}/${name}`))
                    deletes.push({
                        kind: 'packages',
                        repo,
                        key: `${dists}/${name}`,
                        reason: 'stale signature of an older Release (no signing-key)'
                    });
        }
        notes.push(`${repo}: ${all.length} package(s) in ${dists} (${archs.join(', ')})${same ? ', unchanged' : ''}`);
        return { writes, deletes, notes };
    }
};

;// CONCATENATED MODULE: ./src/packages/bin.ts


/**
 * Tarball repositories (bin, bin-dev): `<repo>/<arch>/<file>` (+ `.asc`) and an `index.json` listing them, so a
 * client (or a person) can find the newest build without listing the bucket. No timestamp inside, so a re-run
 * writes the same bytes.
 */
const binIndexer = {
    async plan(repo, artifacts, ctx) {
        const { store } = ctx;
        const key = `${repo}/index.json`;
        const old = await store.read(key);
        let current = [];
        if (old) {
            try {
                current = JSON.parse(old.toString('utf8')).packages ?? [];
            }
            catch (err) {
                throw new Error(`${key} in ${store.description} is not valid JSON (${err.message}): fix or delete it`);
            }
        }
        const byPath = new Map(current.map(e => [e.path, e]));
        const added = new Set();
        for (const a of artifacts) {
            if (a.meta.format !== 'bin')
                continue;
            const path = a.write.key.slice(repo.length + 1);
            byPath.set(path, {
                name: a.meta.name,
                version: a.meta.version,
                arch: a.meta.arch,
                path,
                size: a.write.size,
                sha256: a.write.sha256
            });
            added.add(path);
        }
        const notes = [];
        const { deletes, count } = await retire(repo, byPath, ctx, (x, y) => compareDebianVersions(x.version, y.version), e => e.path, e => added.has(e.path));
        if (count)
            notes.push(`${repo}: retention prunes ${count} old tarball(s)`);
        const packages = [...byPath.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
            (a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0) ||
            compareDebianVersions(a.version, b.version));
        const body = `${JSON.stringify({ packages }, null, 2)}\n`;
        return { writes: [indexWrite(repo, key, body, 'tarball listing', 'application/json')], deletes, notes };
    }
};

;// CONCATENATED MODULE: ./src/packages/lock.ts


const sleep = (ms) => new Promise(done => setTimeout(done, ms));
function lockOptions(env = process.env) {
    const owner = [env.GITHUB_REPOSITORY, env.GITHUB_RUN_ID, env.GITHUB_JOB, `pid ${process.pid}`]
        .filter(Boolean)
        .join(' ');
    return {
        owner,
        ttlMs: Number(env.PUBLISH_ARTIFACTS_LOCK_TTL_MS) || 10 * 60_000,
        waitMs: Number(env.PUBLISH_ARTIFACTS_LOCK_WAIT_MS) || 10 * 60_000
    };
}
/**
 * Takes a lock object with `store.createExclusive` (O_EXCL on a folder, If-None-Match: * on S3/HTTP). Returns
 * undefined when the store cannot create objects exclusively: the caller then relies on re-checking the indexes.
 * A lock past its expiry is broken, but only if it is still the same lock (not one taken again meanwhile).
 */
async function acquireLock(store, key, options) {
    if (!store.createExclusive)
        return undefined;
    const deadline = Date.now() + options.waitMs;
    const nonce = (0,external_node_crypto_.randomBytes)(8).toString('hex');
    let delay = 100;
    let unreadableSince;
    for (;;) {
        const body = { owner: `${options.owner} ${nonce}`, expires: Date.now() + options.ttlMs };
        const text = JSON.stringify(body);
        if (await store.createExclusive(key, Buffer.from(text)))
            return {
                key,
                async release() {
                    const now = await store.read(key).catch(() => undefined);
                    if (now?.toString('utf8') === text)
                        await store.delete(key);
                }
            };
        const held = await store.read(key);
        if (held) {
            let other;
            try {
                other = JSON.parse(held.toString('utf8'));
            }
            catch {
                other = undefined;
            }
            // An unreadable lock may be one being written this instant: only a lasting one counts as garbage.
            if (!other || typeof other.expires !== 'number')
                unreadableSince ??= Date.now();
            else
                unreadableSince = undefined;
            const garbage = unreadableSince !== undefined && Date.now() - unreadableSince > 5000;
            if (garbage || (other && other.expires < Date.now())) {
                // Stale: break it, unless it changed since we read it.
                const again = await store.read(key);
                if (again?.equals(held))
                    await store.delete(key);
                unreadableSince = undefined;
                continue;
            }
            if (Date.now() > deadline)
                throw new errors/* PublishError */.S1(`another publisher holds the lock ${key} in ${store.description} (${other?.owner ?? 'unknown owner'}, until ${other ? new Date(other.expires).toISOString() : '?'}). ` +
                    'Nothing was written; re-run the job, or delete the lock object if that publisher is gone.');
        }
        await sleep(delay + Math.floor(Math.random() * delay));
        delay = Math.min(delay * 2, 2000);
    }
}

// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(56118);
;// CONCATENATED MODULE: ./src/packages/ar.ts
const MAGIC = '!<arch>\n';
const HEADER = 60;
/**
 * Lists the members of an `ar` archive (the container of a .deb) by reading only the 60-byte member headers,
 * so a 100 MB package costs a few hundred bytes of reads. Throws on anything that is not a well-formed archive.
 */
async function arMembers(file, fileSize) {
    const magic = Buffer.alloc(8);
    await file.read(magic, 0, 8, 0);
    if (magic.toString('latin1') !== MAGIC)
        throw new Error('not an ar archive (bad magic)');
    const members = [];
    const header = Buffer.alloc(HEADER);
    let pos = 8;
    while (pos < fileSize) {
        const { bytesRead } = await file.read(header, 0, HEADER, pos);
        if (bytesRead < HEADER)
            throw new Error(`truncated ar member header at offset ${pos}`);
        if (header.toString('latin1', 58, 60) !== '`\n')
            throw new Error(`bad ar member header at offset ${pos}`);
        const name = header.toString('latin1', 0, 16).trimEnd().replace(/\/$/, '');
        const sizeText = header.toString('latin1', 48, 58).trim();
        if (!/^\d+$/.test(sizeText))
            throw new Error(`bad ar member size at offset ${pos}`);
        const size = Number(sizeText);
        const offset = pos + HEADER;
        if (offset + size > fileSize)
            throw new Error(`ar member ${name} is truncated (${size} bytes announced, ${fileSize - offset} present)`);
        members.push({ name, offset, size });
        pos = offset + size + (size % 2);
    }
    return members;
}

// EXTERNAL MODULE: ./node_modules/fzstd/esm/index.mjs
var esm = __webpack_require__(68339);
;// CONCATENATED MODULE: ./src/packages/inflate.ts
/**
 * Decompresses a small package member (a .deb's control.tar.gz/.xz/.zst) with a cap on the output: a few KB of
 * gzip can announce or expand to gigabytes, and a hostile package must fail with a clear error, not exhaust the
 * runner's memory. Every format stops as soon as the output passes the cap.
 */


/** Returns the decompressed bytes, or throws when they would exceed `max` bytes (or the data is corrupt). */
async function inflateBounded(format, data, max, what) {
    const tooBig = () => new Error(`${what} decompresses to more than ${max} bytes: refusing it (a decompression bomb?)`);
    switch (format) {
        case 'gz':
            try {
                return (0,external_node_zlib_.gunzipSync)(data, { maxOutputLength: max });
            }
            catch (err) {
                if (err.code === 'ERR_BUFFER_TOO_LARGE')
                    throw tooBig();
                throw err;
            }
        case 'zst': {
            // fzstd allocates (and shifts) a whole window per frame: refuse windows over the cap before it does.
            if (zstdWindow(data, what) > max)
                throw tooBig();
            const parts = [];
            let length = 0;
            const stream = new esm/* Decompress */.YM(chunk => {
                length += chunk.length;
                if (length > max)
                    throw tooBig();
                parts.push(chunk);
            });
            stream.push(data, true);
            return Buffer.concat(parts);
        }
        case 'xz': {
            // A CommonJS (webpack) module: its named exports are reachable through the default export when bundled,
            // and directly under tsx.
            const mod = (await __webpack_require__.e(/* import() */ 642).then(__webpack_require__.t.bind(__webpack_require__, 36642, 23)));
            const { XzReadableStream } = mod.default ?? mod;
            const reader = new XzReadableStream(new Blob([data]).stream()).getReader();
            const parts = [];
            let length = 0;
            for (;;) {
                const { done, value } = await reader.read();
                if (done)
                    break;
                length += value.length;
                if (length > max) {
                    await reader.cancel().catch(() => undefined);
                    throw tooBig();
                }
                parts.push(value);
            }
            return Buffer.concat(parts);
        }
    }
}
/**
 * The largest window any frame of a zstd stream asks for (its content size for single-segment frames), read
 * from the frame and block headers without decompressing anything. Throws on data that is not zstd.
 */
function zstdWindow(data, what) {
    const corrupt = (why) => new Error(`${what} is not valid zstd data: ${why}`);
    let pos = 0;
    let max = 0;
    while (pos < data.length) {
        if (pos + 8 > data.length)
            throw corrupt(`truncated frame at byte ${pos}`);
        const magic = data.readUInt32LE(pos);
        if (magic >>> 4 === 0x184d2a5) {
            // A skippable frame: magic, length, then that many bytes nobody reads.
            pos += 8 + data.readUInt32LE(pos + 4);
            continue;
        }
        if (magic !== 0xfd2fb528)
            throw corrupt(`bad frame magic at byte ${pos}`);
        const fhd = data[pos + 4];
        const single = (fhd >> 5) & 1;
        let at = pos + 5;
        let window = 0;
        if (!single) {
            const wd = data[at++];
            const base = 2 ** (10 + (wd >> 3));
            window = base + (base / 8) * (wd & 7);
        }
        at += [0, 1, 2, 4][fhd & 3];
        const fcsBytes = [single, 2, 4, 8][fhd >> 6];
        if (at + fcsBytes > data.length)
            throw corrupt(`truncated frame header at byte ${pos}`);
        if (single) {
            let fcs = 0;
            for (let i = fcsBytes - 1; i >= 0; i--)
                fcs = fcs * 256 + data[at + i];
            window = fcsBytes === 2 ? fcs + 256 : fcs;
        }
        at += fcsBytes;
        max = Math.max(max, window);
        for (let last = 0; !last;) {
            if (at + 3 > data.length)
                throw corrupt(`truncated block at byte ${at}`);
            const header = data[at] | (data[at + 1] << 8) | (data[at + 2] << 16);
            last = header & 1;
            const type = (header >> 1) & 3;
            if (type === 3)
                throw corrupt(`reserved block type at byte ${at}`);
            // An RLE block stores one byte, whatever size it expands to.
            at += 3 + (type === 1 ? 1 : header >>> 3);
        }
        pos = at + ((fhd >> 2) & 1 ? 4 : 0);
    }
    return max;
}

;// CONCATENATED MODULE: ./src/packages/deb.ts






/** A control.tar is a few KB; anything this large is not a control member. */
const MAX_CONTROL = 16 << 20;
/** Decompressed, too: md5sums of a package with 100k files is a few MB, so 64 MiB is no package's. */
const MAX_CONTROL_TAR = 64 << 20;
/**
 * Reads a .deb's control file: the ar member headers and the control.tar member only, never the data member.
 * Errors say what is wrong; the caller adds the file name.
 */
async function readDeb(path) {
    const file = await (0,promises_.open)(path, 'r');
    let compressed;
    let member;
    try {
        const { size } = await file.stat();
        const members = await arMembers(file, size);
        if (members[0]?.name !== 'debian-binary')
            throw new Error('first ar member is not debian-binary');
        const control = members.find(m => m.name.startsWith('control.tar'));
        if (!control)
            throw new Error('no control.tar member');
        if (!members.some(m => m.name.startsWith('data.tar')))
            throw new Error('no data.tar member');
        if (control.size > MAX_CONTROL)
            throw new Error(`control member is ${control.size} bytes, too large`);
        member = control.name;
        compressed = Buffer.alloc(control.size);
        await file.read(compressed, 0, control.size, control.offset);
    }
    finally {
        await file.close();
    }
    const tar = await decompress(member, compressed);
    const text = await controlFile(tar);
    const paragraph = parseParagraphs(text)[0];
    if (!paragraph)
        throw new Error('the control file is empty');
    const name = field(paragraph, 'Package');
    const version = field(paragraph, 'Version');
    const arch = field(paragraph, 'Architecture');
    if (!name || !version || !arch)
        throw new Error('the control file lacks Package, Version or Architecture');
    return { name, version, arch, control: paragraph };
}
const COMPRESSED = {
    'control.tar.gz': 'gz',
    'control.tar.xz': 'xz',
    'control.tar.zst': 'zst'
};
async function decompress(member, data) {
    if (member === 'control.tar')
        return data;
    const format = COMPRESSED[member];
    if (format)
        return inflateBounded(format, data, MAX_CONTROL_TAR, `member ${member}`);
    throw new Error(`unsupported control member ${member}`);
}
/** The `control` entry of a control tarball (`./control` as dpkg-deb writes it, or `control`). */
async function controlFile(tar) {
    const ex = (0,tar_stream.extract)();
    let found;
    const done = new Promise((resolve, reject) => {
        ex.on('entry', (header, stream, next) => {
            const chunks = [];
            stream.on('data', (c) => chunks.push(c));
            stream.on('end', () => {
                if (header.type === 'file' && header.name.replace(/^\.\//, '') === 'control')
                    found = Buffer.concat(chunks).toString('utf8');
                next();
            });
            stream.on('error', reject);
        });
        ex.on('finish', resolve);
        ex.on('error', reject);
    });
    external_node_stream_.Readable.from([tar]).pipe(ex);
    await done;
    if (found === undefined)
        throw new Error('the control tarball has no control file');
    return found;
}

;// CONCATENATED MODULE: ./src/packages/identity.ts
/**
 * What a package says it is (name, version, architecture), checked before any of it reaches an index or a key:
 * the architecture names a folder (`binary-<arch>/`), and every field is written into Packages or primary.xml.
 * A package that lies with `/`, `..`, white space or control characters, or names an architecture its format
 * does not have, is refused here with the reason (the caller names the file).
 */

// dpkg's architecture table (`dpkg-architecture -L`): the Linux names, and the same CPUs on other kernels.
const DEB_CPUS = new Set(('alpha amd64 arc arm arm64 arm64ilp32 armeb armel armhf avr32 hppa i386 ia64 loong64 m32r m68k mips mips64 ' +
    'mips64el mips64r6 mips64r6el mipsel mipsn32 mipsn32el mipsn32r6 mipsn32r6el mipsr6 mipsr6el nios2 or1k ' +
    'powerpc powerpcel powerpcspe ppc64 ppc64el riscv64 s390 s390x sh3 sh3eb sh4 sh4eb sparc sparc64 tilegx x32').split(' '));
const DEB_OSES = /^(?:aix|darwin|dragonflybsd|freebsd|hurd|kfreebsd|knetbsd|kopensolaris|mint|musl-linux|netbsd|openbsd|solaris|uclibc-linux|uclinux)-/;
/** A Debian binary package's Architecture: `all`, or one of dpkg's architectures. */
function debArchProblem(arch) {
    // dpkg's own rule for architecture names: letters, digits and '-', starting with a letter or digit.
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(arch))
        return 'is not an architecture name (only letters, digits and -)';
    if (arch === 'all' || DEB_CPUS.has(arch.replace(DEB_OSES, '')))
        return undefined;
    const hint = arch === 'x86_64' ? ' (Debian calls it amd64)' : arch === 'aarch64' ? ' (Debian calls it arm64)' : '';
    return `is not a Debian architecture${hint}`;
}
/**
 * An rpm architecture: rpm's names (x86_64, aarch64, noarch, armv7hl, hppa2.0, …) are an open set that
 * rpmrc can extend, so only their shape is checked: letters, digits, `_` and single dots.
 */
function rpmArchProblem(arch) {
    if (!/^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/.test(arch))
        return 'is not an architecture name (only letters, digits, _ and .)';
    return undefined;
}
/** dpkg's rule for package names: letters, digits and `+ - . _`, starting with a letter or digit. */
const DEB_NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;
/** `[epoch:]upstream[-revision]`: letters, digits and `. + ~ : -` (policy: it should start with a digit). */
const DEB_VERSION = /^(?:\d+:)?[A-Za-z0-9][A-Za-z0-9.+~:-]*$/;
/** rpm names: letters, digits and `. _ + -`, not starting with `.` or `-`. */
const RPM_NAME = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/;
/** rpm versions and releases: no `-` (it separates them), no white space. */
const RPM_VERSION = /^[A-Za-z0-9._+~^]+$/;
const MAX_FIELD = 256;
/** Throws an error saying which field is wrong and why, or returns when the package's identity is sound. */
function checkIdentity(format, fields) {
    const where = format === 'deb' ? "the control file's" : "the rpm header's";
    const fail = (field, value, why) => {
        throw new Error(`${where} ${field} ${(0,version/* show */.WU)(value)} ${why}`);
    };
    for (const [field, value] of Object.entries(fields))
        if (value !== undefined && value.length > MAX_FIELD)
            fail(field, value, `is longer than ${MAX_FIELD} characters`);
    const archProblem = format === 'deb' ? debArchProblem(fields.arch) : rpmArchProblem(fields.arch);
    if (archProblem)
        fail(format === 'deb' ? 'Architecture' : 'arch', fields.arch, archProblem);
    if (format === 'deb') {
        if (!DEB_NAME.test(fields.name))
            fail('Package', fields.name, 'is not a Debian package name (letters, digits, + - . _)');
        if (!DEB_VERSION.test(fields.version))
            fail('Version', fields.version, 'is not a Debian version ([epoch:]upstream[-revision])');
        return;
    }
    if (!RPM_NAME.test(fields.name))
        fail('name', fields.name, 'is not an rpm package name');
    if (!RPM_VERSION.test(fields.version))
        fail('version', fields.version, 'is not an rpm version');
    if (fields.release !== undefined && fields.release !== '' && !RPM_VERSION.test(fields.release))
        fail('release', fields.release, 'is not an rpm release');
}

;// CONCATENATED MODULE: ./src/packages/route.ts


// Architectures that may end a tarball name (Falco: falco-0.40.0-x86_64.tar.gz, falco-0.40.0-static-x86_64.tar.gz).
const TARBALL_ARCHES = [
    'x86_64',
    'aarch64',
    'amd64',
    'arm64',
    'armhf',
    'armv7',
    'ppc64le',
    's390x',
    'riscv64',
    'noarch',
    'all'
];
const TARBALL = new RegExp(`^(.+)-(${TARBALL_ARCHES.join('|')})\\.(tar\\.gz|tgz)$`);
/** Which format a file name is, or undefined when it is no package we publish. */
function formatOf(name) {
    if (name.endsWith('.deb'))
        return 'deb';
    if (name.endsWith('.rpm'))
        return 'rpm';
    if (name.endsWith('.tar.gz') || name.endsWith('.tgz'))
        return 'bin';
    return undefined;
}
/** The tarball's arch from its name `<name>-<version>-<arch>.tar.gz`, with an error that says what was expected. */
function tarballArch(name) {
    const m = TARBALL.exec(name);
    if (!m)
        throw new errors/* InputError */.dz('files', `cannot read the architecture of tarball ${(0,version/* show */.WU)(name)}: expected <name>-<version>-<arch>.tar.gz with arch one of ${TARBALL_ARCHES.join(', ')}.`);
    return m[2];
}
/**
 * Routes a package file to its repository and key (pure): `deb[-dev]/stable/<file>`, `rpm[-dev]/<file>`,
 * `bin[-dev]/<arch>/<file>`. `arch` is the package's architecture, when already known from its header.
 */
function routePackage(name, type, arch) {
    const format = formatOf(name);
    if (!format)
        throw new errors/* InputError */.dz('files', `${(0,version/* show */.WU)(name)} is not a package: expected .deb, .rpm, .tar.gz or .tgz.`);
    const repo = type === 'dev' ? `${format}-dev` : format;
    switch (format) {
        case 'deb':
            return { format, repo, key: `${repo}/stable/${name}` };
        case 'rpm':
            return { format, repo, key: `${repo}/${name}` };
        case 'bin':
            return { format, repo, key: `${repo}/${arch ?? tarballArch(name)}/${name}` };
    }
}

;// CONCATENATED MODULE: ./src/packages/rpm.ts

const LEAD = 96;
const HEADER_MAGIC = 0x8eade801;
/** rpm refuses headers over 256 MB (HEADER_DATA_MAX); we do the same before allocating. */
const MAX_HEADER = 256 << 20;
/** A parsed rpm header: tag → value (strings, string arrays or numbers). */
class RpmHeader {
    tags;
    constructor(tags) {
        this.tags = tags;
    }
    str(tag) {
        const v = this.tags.get(tag);
        if (typeof v === 'string')
            return v;
        if (Array.isArray(v) && typeof v[0] === 'string')
            return v[0];
        return '';
    }
    strs(tag) {
        const v = this.tags.get(tag);
        if (typeof v === 'string')
            return [v];
        return Array.isArray(v) && (v.length === 0 || typeof v[0] === 'string') ? v : [];
    }
    nums(tag) {
        const v = this.tags.get(tag);
        return Array.isArray(v) && typeof v[0] === 'number' ? v : [];
    }
    num(tag) {
        return this.nums(tag)[0];
    }
}
async function readExactly(file, length, position, what) {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await file.read(buf, 0, length, position);
    if (bytesRead < length)
        throw new Error(`truncated: the ${what} ends at byte ${position + bytesRead}`);
    return buf;
}
/** Reads one header structure at `pos`: returns it and its length in bytes (without padding). */
async function readHeaderAt(file, pos, fileSize, what) {
    const intro = await readExactly(file, 16, pos, what);
    if (intro.readUInt32BE(0) !== HEADER_MAGIC)
        throw new Error(`bad ${what} magic at offset ${pos}`);
    const il = intro.readUInt32BE(8);
    const dl = intro.readUInt32BE(12);
    if (il > 0xffff || il * 16 + dl > MAX_HEADER)
        throw new Error(`implausible ${what} size: ${il} index entries and ${dl} data bytes announced`);
    // Checked before allocating: a header announcing 200 MB in a 1 KB file is refused, not allocated.
    if (pos + 16 + il * 16 + dl > fileSize)
        throw new Error(`truncated: the ${what} announces ${il * 16 + dl} bytes but the file ends ${fileSize - pos - 16} bytes after its start`);
    const body = await readExactly(file, il * 16 + dl, pos + 16, what);
    return [parseHeader(body, il, dl, what), 16 + il * 16 + dl];
}
/** rpm's integer types (CHAR, INT8, INT16, INT32, INT64): byte width and big-endian reader. */
const INTEGERS = {
    1: [1, (b, at) => b.readUInt8(at)],
    2: [1, (b, at) => b.readUInt8(at)],
    3: [2, (b, at) => b.readUInt16BE(at)],
    4: [4, (b, at) => b.readUInt32BE(at)],
    5: [8, (b, at) => Number(b.readBigUInt64BE(at))]
};
function parseHeader(body, il, dl, what) {
    const store = body.subarray(il * 16);
    const tags = new Map();
    const cstr = (at) => {
        const end = store.indexOf(0, at);
        if (end < 0)
            throw new Error(`unterminated string in the ${what}`);
        return [store.toString('utf8', at, end), end + 1];
    };
    for (let i = 0; i < il; i++) {
        const tag = body.readUInt32BE(i * 16);
        const type = body.readUInt32BE(i * 16 + 4);
        const offset = body.readInt32BE(i * 16 + 8);
        const count = body.readUInt32BE(i * 16 + 12);
        if (offset < 0 || offset > dl)
            throw new Error(`bad offset for tag ${tag} in the ${what}`);
        const need = (width) => {
            if (offset + width * count > dl)
                throw new Error(`tag ${tag} overruns the ${what}`);
        };
        const integer = INTEGERS[type];
        if (integer) {
            const [width, read] = integer;
            need(width);
            tags.set(tag, Array.from({ length: count }, (_, k) => read(store, offset + width * k)));
            continue;
        }
        switch (type) {
            case 6: // STRING
                tags.set(tag, cstr(offset)[0]);
                break;
            case 7: // BIN
                need(1);
                tags.set(tag, store.subarray(offset, offset + count));
                break;
            case 8: // STRING_ARRAY
            case 9: {
                // I18NSTRING: the first string is the C locale's
                const list = [];
                let at = offset;
                for (let k = 0; k < count; k++) {
                    const [s, next] = cstr(at);
                    list.push(s);
                    at = next;
                }
                tags.set(tag, type === 9 ? (list[0] ?? '') : list);
                break;
            }
            default:
                break;
        }
    }
    return new RpmHeader(tags);
}
const TAG = {
    NAME: 1000,
    VERSION: 1001,
    RELEASE: 1002,
    EPOCH: 1003,
    SUMMARY: 1004,
    DESCRIPTION: 1005,
    BUILDTIME: 1006,
    BUILDHOST: 1007,
    SIZE: 1009,
    VENDOR: 1011,
    LICENSE: 1014,
    PACKAGER: 1015,
    GROUP: 1016,
    URL: 1020,
    ARCH: 1022,
    OLDFILENAMES: 1027,
    FILEMODES: 1030,
    FILEFLAGS: 1037,
    SOURCERPM: 1044,
    ARCHIVESIZE: 1046,
    PROVIDENAME: 1047,
    REQUIREFLAGS: 1048,
    REQUIRENAME: 1049,
    REQUIREVERSION: 1050,
    CONFLICTFLAGS: 1053,
    CONFLICTNAME: 1054,
    CONFLICTVERSION: 1055,
    CHANGELOGTIME: 1080,
    CHANGELOGNAME: 1081,
    CHANGELOGTEXT: 1082,
    OBSOLETENAME: 1090,
    SOURCEPACKAGE: 1106,
    PROVIDEFLAGS: 1112,
    PROVIDEVERSION: 1113,
    OBSOLETEFLAGS: 1114,
    OBSOLETEVERSION: 1115,
    DIRINDEXES: 1116,
    BASENAMES: 1117,
    DIRNAMES: 1118,
    LONGSIZE: 5009,
    RECOMMENDNAME: 5046,
    RECOMMENDVERSION: 5047,
    RECOMMENDFLAGS: 5048,
    SUGGESTNAME: 5049,
    SUGGESTVERSION: 5050,
    SUGGESTFLAGS: 5051,
    SUPPLEMENTNAME: 5052,
    SUPPLEMENTVERSION: 5053,
    SUPPLEMENTFLAGS: 5054,
    ENHANCENAME: 5055,
    ENHANCEVERSION: 5056,
    ENHANCEFLAGS: 5057
};
/** Signature header tags: the payload (cpio archive) size, as rpm merges it into RPMTAG_ARCHIVESIZE. */
const SIGTAG_PAYLOADSIZE = 1007;
const SIGTAG_LONGARCHIVESIZE = 271;
function deps(h, nameTag, flagsTag, versionTag) {
    const names = h.strs(nameTag);
    const flags = h.nums(flagsTag);
    const versions = h.strs(versionTag);
    return names.map((name, i) => ({ name, flags: flags[i] ?? 0, version: versions[i] ?? '' }));
}
/**
 * Reads an .rpm's lead, signature header and header: a few KB from the start of the file, never the payload.
 * Errors say what is wrong; the caller adds the file name.
 */
async function readRpm(path) {
    const file = await (0,promises_.open)(path, 'r');
    try {
        const lead = await readExactly(file, LEAD, 0, 'lead');
        if (lead.readUInt32BE(0) !== 0xedabeedb)
            throw new Error('not an rpm package (bad lead magic)');
        const { size } = await file.stat();
        const [sig, sigLength] = await readHeaderAt(file, LEAD, size, 'signature header');
        const headerStart = LEAD + sigLength + ((8 - (sigLength % 8)) % 8);
        const [h, hLength] = await readHeaderAt(file, headerStart, size, 'header');
        const headerEnd = headerStart + hLength;
        if (size < headerEnd)
            throw new Error('truncated after the header');
        const name = h.str(TAG.NAME);
        const version = h.str(TAG.VERSION);
        if (!name || !version)
            throw new Error('the header has no name or version');
        const source = h.tags.has(TAG.SOURCEPACKAGE);
        return {
            name,
            epoch: h.num(TAG.EPOCH),
            version,
            release: h.str(TAG.RELEASE),
            arch: source ? 'src' : h.str(TAG.ARCH),
            summary: h.str(TAG.SUMMARY),
            description: h.str(TAG.DESCRIPTION),
            packager: h.str(TAG.PACKAGER),
            url: h.str(TAG.URL),
            license: h.str(TAG.LICENSE),
            vendor: h.str(TAG.VENDOR),
            group: h.str(TAG.GROUP),
            buildhost: h.str(TAG.BUILDHOST),
            sourcerpm: h.str(TAG.SOURCERPM),
            buildTime: h.num(TAG.BUILDTIME) ?? 0,
            installedSize: h.num(TAG.LONGSIZE) ?? h.num(TAG.SIZE) ?? 0,
            archiveSize: sig.num(SIGTAG_LONGARCHIVESIZE) ?? sig.num(SIGTAG_PAYLOADSIZE) ?? h.num(TAG.ARCHIVESIZE) ?? 0,
            headerStart,
            headerEnd,
            files: files(h),
            provides: deps(h, TAG.PROVIDENAME, TAG.PROVIDEFLAGS, TAG.PROVIDEVERSION),
            requires: deps(h, TAG.REQUIRENAME, TAG.REQUIREFLAGS, TAG.REQUIREVERSION),
            conflicts: deps(h, TAG.CONFLICTNAME, TAG.CONFLICTFLAGS, TAG.CONFLICTVERSION),
            obsoletes: deps(h, TAG.OBSOLETENAME, TAG.OBSOLETEFLAGS, TAG.OBSOLETEVERSION),
            suggests: deps(h, TAG.SUGGESTNAME, TAG.SUGGESTFLAGS, TAG.SUGGESTVERSION),
            enhances: deps(h, TAG.ENHANCENAME, TAG.ENHANCEFLAGS, TAG.ENHANCEVERSION),
            recommends: deps(h, TAG.RECOMMENDNAME, TAG.RECOMMENDFLAGS, TAG.RECOMMENDVERSION),
            supplements: deps(h, TAG.SUPPLEMENTNAME, TAG.SUPPLEMENTFLAGS, TAG.SUPPLEMENTVERSION),
            changelogs: changelogs(h)
        };
    }
    finally {
        await file.close();
    }
}
function files(h) {
    const modes = h.nums(TAG.FILEMODES);
    const flags = h.nums(TAG.FILEFLAGS);
    const basenames = h.strs(TAG.BASENAMES);
    const paths = basenames.length
        ? basenames.map((b, i) => `${h.strs(TAG.DIRNAMES)[h.nums(TAG.DIRINDEXES)[i]] ?? ''}${b}`)
        : h.strs(TAG.OLDFILENAMES);
    return paths.map((path, i) => ({ path, mode: modes[i] ?? 0, flags: flags[i] ?? 0 }));
}
function changelogs(h) {
    const times = h.nums(TAG.CHANGELOGTIME);
    const names = h.strs(TAG.CHANGELOGNAME);
    const texts = h.strs(TAG.CHANGELOGTEXT);
    return times.map((time, i) => ({ time, author: names[i] ?? '', text: texts[i] ?? '' }));
}

;// CONCATENATED MODULE: ./src/packages/read.ts







/**
 * Reads a package's metadata, with an error naming the file (and the input) when it is corrupt, truncated or not
 * the package its extension claims. Called while planning, so a bad package stops the run before any write.
 */
async function readPackage(path) {
    const name = (0,external_node_path_.basename)(path);
    const format = formatOf(name);
    try {
        switch (format) {
            case 'deb': {
                const deb = await readDeb(path);
                checkIdentity(format, { name: deb.name, version: deb.version, arch: deb.arch });
                return { format, name: deb.name, version: deb.version, arch: deb.arch, deb };
            }
            case 'rpm': {
                const rpm = await readRpm(path);
                checkIdentity(format, {
                    name: rpm.name,
                    version: rpm.version,
                    release: rpm.release,
                    arch: rpm.arch
                });
                const version = `${rpm.epoch !== undefined ? `${rpm.epoch}:` : ''}${rpm.version}-${rpm.release}`;
                return { format, name: rpm.name, version, arch: rpm.arch, rpm };
            }
            case 'bin':
                return { format, ...tarballName(name) };
            default:
                throw new errors/* InputError */.dz('files', `${(0,version/* show */.WU)(name)} is not a package: expected .deb, .rpm, .tar.gz or .tgz.`);
        }
    }
    catch (err) {
        if (err instanceof errors/* InputError */.dz)
            throw err;
        throw new errors/* InputError */.dz('files', `${(0,version/* show */.WU)(path, 300)} is not a valid ${format === 'deb' ? '.deb' : '.rpm'} package: ${err.message}. Nothing was published.`);
    }
}
/**
 * `<name>-<version>[-<variant>]-<arch>.tar.gz` (Falco: falco-0.40.0-x86_64.tar.gz, falco-0.40.0-static-x86_64.tar.gz):
 * the version starts at the first `-<digit>`; a trailing all-letters part is a variant and joins the name, so
 * retention counts `falco` and `falco-static` apart.
 */
function tarballName(file) {
    const arch = tarballArch(file);
    const stem = file.replace(/\.(tar\.gz|tgz)$/, '').slice(0, -(arch.length + 1));
    const m = /^(.+?)-(\d.*?)(?:-([A-Za-z][A-Za-z_]*))?$/.exec(stem);
    if (!m)
        throw new errors/* InputError */.dz('files', `cannot read the version of tarball ${(0,version/* show */.WU)(file)}: expected <name>-<version>-<arch>.tar.gz (e.g. falco-0.40.0-x86_64.tar.gz).`);
    return { name: m[3] ? `${m[1]}-${m[3]}` : m[1], version: m[2], arch };
}

;// CONCATENATED MODULE: ./src/packages/repodata.ts
/**
 * rpm-md metadata (primary, filelists, other) rendered as createrepo_c renders it, one `<package>` chunk per
 * package, so an unchanged package keeps byte-identical chunks and a merge is a splice of strings.
 */

const NS = {
    common: 'http://linux.duke.edu/metadata/common',
    rpm: 'http://linux.duke.edu/metadata/rpm',
    filelists: 'http://linux.duke.edu/metadata/filelists',
    other: 'http://linux.duke.edu/metadata/other',
    repo: 'http://linux.duke.edu/metadata/repo'
};
/** createrepo_c keeps the newest 10 changelog entries by default. */
const CHANGELOG_LIMIT = 10;
const RPMFILE_GHOST = 1 << 6;
const RPMSENSE_PREREQ = 1 << 6;
const RPMSENSE_SCRIPT_PRE = 1 << 9;
const RPMSENSE_SCRIPT_POST = 1 << 10;
function escapeText(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}
function escapeAttr(s) {
    return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
function unescapeXml(s) {
    return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e) => {
        if (e === 'amp')
            return '&';
        if (e === 'lt')
            return '<';
        if (e === 'gt')
            return '>';
        if (e === 'quot')
            return '"';
        if (e === 'apos')
            return "'";
        return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    });
}
const FLAGS = { 2: 'LT', 4: 'GT', 8: 'EQ', 10: 'LE', 12: 'GE' };
/** The files createrepo lists in primary.xml (the rest only in filelists.xml). */
function isPrimaryFile(path) {
    return path.startsWith('/etc/') || path === '/usr/lib/sendmail' || path.includes('bin/');
}
function entry(d) {
    let attrs = ` name="${escapeAttr(d.name)}"`;
    const flags = FLAGS[d.flags & 0xf];
    if (flags) {
        attrs += ` flags="${flags}"`;
        if (d.version) {
            const evr = parseEvr(d.version);
            attrs += ` epoch="${escapeAttr(evr.epoch ?? '0')}"`;
            if (evr.version)
                attrs += ` ver="${escapeAttr(evr.version)}"`;
            if (evr.release)
                attrs += ` rel="${escapeAttr(evr.release)}"`;
        }
    }
    if (d.pre)
        attrs += ' pre="1"';
    return `      <rpm:entry${attrs}/>\n`;
}
function depList(tag, list) {
    const items = list.filter(d => d.name);
    if (!items.length)
        return '';
    return `    <rpm:${tag}>\n${items.map(entry).join('')}    </rpm:${tag}>\n`;
}
/** Requires as createrepo_c lists them: no rpmlib(), no own files or provides, no duplicates, one libc.so.6. */
function requires(pkg) {
    const files = new Set(pkg.files.map(f => f.path));
    const provided = new Set(pkg.provides.map(p => p.name));
    const seen = new Map();
    const out = [];
    let libc;
    for (const d of pkg.requires) {
        if (d.name.startsWith('rpmlib('))
            continue;
        if (files.has(d.name) && isPrimaryFile(d.name))
            continue;
        if (provided.has(d.name))
            continue;
        const pre = (d.flags & (RPMSENSE_PREREQ | RPMSENSE_SCRIPT_PRE | RPMSENSE_SCRIPT_POST)) !== 0;
        const sig = `${FLAGS[d.flags & 0xf] ?? ''}\0${d.version}\0${pre}`;
        if (seen.get(d.name) === sig)
            continue;
        const dep = { ...d, pre };
        if (d.name.startsWith('libc.so.6')) {
            if (!libc || compareLibc(libc.name, d.name) === 2)
                libc = dep;
            continue;
        }
        out.push(dep);
        seen.set(d.name, sig);
    }
    if (libc)
        out.push(libc);
    return out;
}
/** createrepo_c's libc.so.6 ordering: the highest GLIBC_x.y symbol version wins (2 = the second is higher). */
function compareLibc(a, b) {
    const ver = (s) => {
        const m = /\([^)]*?(\d[\d.]*)[^)]*\)/.exec(s);
        return m ? m[1].split('.').map(Number) : undefined;
    };
    const x = ver(a);
    const y = ver(b);
    if (!x && !y)
        return 0;
    if (!x)
        return 2;
    if (!y)
        return 1;
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d)
            return d > 0 ? 1 : 2;
    }
    return 0;
}
function fileLine(f, indent) {
    const dir = (f.mode & 0o170000) === 0o040000;
    const type = dir ? ' type="dir"' : f.flags & RPMFILE_GHOST ? ' type="ghost"' : '';
    return `${indent}<file${type}>${escapeText(f.path)}</file>\n`;
}
/** The three metadata chunks of one package, byte-for-byte as createrepo_c 0.17 writes them. */
function rpmEntry(pkg, facts) {
    const epoch = String(pkg.epoch ?? 0);
    const t = escapeText;
    const a = escapeAttr;
    const ver = `<version epoch="${a(epoch)}" ver="${a(pkg.version)}" rel="${a(pkg.release)}"/>`;
    const primary = `<package type="rpm">\n` +
        `  <name>${t(pkg.name)}</name>\n` +
        `  <arch>${t(pkg.arch)}</arch>\n` +
        `  ${ver}\n` +
        `  <checksum type="sha256" pkgid="YES">${facts.sha256}</checksum>\n` +
        `  <summary>${t(pkg.summary)}</summary>\n` +
        `  <description>${t(pkg.description)}</description>\n` +
        `  <packager>${t(pkg.packager)}</packager>\n` +
        `  <url>${t(pkg.url)}</url>\n` +
        `  <time file="${facts.mtime}" build="${pkg.buildTime}"/>\n` +
        `  <size package="${facts.size}" installed="${pkg.installedSize}" archive="${pkg.archiveSize}"/>\n` +
        `  <location href="${a(facts.href)}"/>\n` +
        `  <format>\n` +
        `    <rpm:license>${t(pkg.license)}</rpm:license>\n` +
        `    <rpm:vendor>${t(pkg.vendor)}</rpm:vendor>\n` +
        `    <rpm:group>${t(pkg.group)}</rpm:group>\n` +
        `    <rpm:buildhost>${t(pkg.buildhost)}</rpm:buildhost>\n` +
        `    <rpm:sourcerpm>${t(pkg.sourcerpm)}</rpm:sourcerpm>\n` +
        `    <rpm:header-range start="${pkg.headerStart}" end="${pkg.headerEnd}"/>\n` +
        depList('provides', pkg.provides) +
        depList('requires', requires(pkg)) +
        depList('conflicts', pkg.conflicts) +
        depList('obsoletes', pkg.obsoletes) +
        depList('suggests', pkg.suggests) +
        depList('enhances', pkg.enhances) +
        depList('recommends', pkg.recommends) +
        depList('supplements', pkg.supplements) +
        pkg.files
            .filter(f => isPrimaryFile(f.path))
            .map(f => fileLine(f, '    '))
            .join('') +
        `  </format>\n` +
        `</package>\n`;
    const head = `<package pkgid="${facts.sha256}" name="${a(pkg.name)}" arch="${a(pkg.arch)}">\n  ${ver}\n`;
    const filelists = head + pkg.files.map(f => fileLine(f, '  ')).join('') + '</package>\n';
    const other = head + changelogLines(pkg) + '</package>\n';
    return {
        name: pkg.name,
        arch: pkg.arch,
        epoch,
        version: pkg.version,
        release: pkg.release,
        href: facts.href,
        pkgid: facts.sha256,
        primary,
        filelists,
        other
    };
}
/** The newest entries, oldest first; equal times are nudged apart as createrepo_c does. */
function changelogLines(pkg) {
    const kept = pkg.changelogs
        .slice(0, CHANGELOG_LIMIT)
        .map(c => ({ ...c, author: c.author.replace(/ +$/, '') }));
    const out = [];
    let last = 0;
    for (const c of kept) {
        out.unshift(c);
        if (last === c.time) {
            let t = c.time;
            for (let i = 1; i < out.length && out[i].time === t; i++)
                out[i].time = ++t;
        }
        else
            last = c.time;
    }
    return out
        .map(c => `  <changelog author="${escapeAttr(c.author)}" date="${c.time}">${escapeText(c.text)}</changelog>\n`)
        .join('');
}
/** A whole metadata document around its chunks, without a final newline (as createrepo_c writes it). */
function renderDocument(type, chunks) {
    const open = type === 'primary'
        ? `<metadata xmlns="${NS.common}" xmlns:rpm="${NS.rpm}" packages="${chunks.length}">`
        : type === 'filelists'
            ? `<filelists xmlns="${NS.filelists}" packages="${chunks.length}">`
            : `<otherdata xmlns="${NS.other}" packages="${chunks.length}">`;
    const close = type === 'primary' ? '</metadata>' : type === 'filelists' ? '</filelists>' : '</otherdata>';
    return `<?xml version="1.0" encoding="UTF-8"?>\n${open}\n${chunks.join('')}${close}`;
}
const attr = (chunk, re) => unescapeXml(re.exec(chunk)?.[1] ?? '');
/**
 * Splits existing metadata (ours or createrepo's) into per-package entries, pairing the three files by pkgid.
 * Throws when the documents do not agree, rather than publishing a repository that lost packages.
 */
function parseEntries(primary, filelists, other) {
    const byId = (doc) => {
        const m = new Map();
        for (const chunk of doc.match(/<package pkgid="[^"]*"[\s\S]*?<\/package>\n?/g) ?? []) {
            const id = attr(chunk, /pkgid="([^"]*)"/);
            m.set(id, [...(m.get(id) ?? []), chunk.endsWith('\n') ? chunk : `${chunk}\n`]);
        }
        return m;
    };
    const files = byId(filelists);
    const others = byId(other);
    const entries = [];
    for (const raw of primary.match(/<package type="rpm">[\s\S]*?<\/package>\n?/g) ?? []) {
        const chunk = raw.endsWith('\n') ? raw : `${raw}\n`;
        const pkgid = attr(chunk, /<checksum type="[^"]*" pkgid="YES">([^<]*)</);
        const f = files.get(pkgid)?.shift();
        const o = others.get(pkgid)?.shift();
        if (f === undefined || o === undefined)
            throw new Error(`repository metadata is inconsistent: package ${pkgid} is missing from filelists or other`);
        entries.push({
            name: attr(chunk, /<name>([^<]*)<\/name>/),
            arch: attr(chunk, /<arch>([^<]*)<\/arch>/),
            epoch: attr(chunk, /<version epoch="([^"]*)"/) || '0',
            version: attr(chunk, /<version [^>]*ver="([^"]*)"/),
            release: attr(chunk, /<version [^>]*rel="([^"]*)"/),
            href: attr(chunk, /<location [^>]*href="([^"]*)"/),
            pkgid,
            primary: chunk,
            filelists: f,
            other: o
        });
    }
    return entries;
}
function parseRepomd(xml) {
    return (xml.match(/<data type="[^"]*">[\s\S]*?<\/data>/g) ?? []).map(d => ({
        type: attr(d, /<data type="([^"]*)"/),
        xml: d,
        href: attr(d, /<location [^>]*href="([^"]*)"/)
    }));
}
function renderRepomd(revision, data, kept) {
    const records = data.map(d => `  <data type="${d.type}">\n` +
        `    <checksum type="sha256">${d.sha256}</checksum>\n` +
        `    <open-checksum type="sha256">${d.openSha256}</open-checksum>\n` +
        `    <location href="${escapeAttr(d.href)}"/>\n` +
        `    <timestamp>${revision}</timestamp>\n` +
        `    <size>${d.size}</size>\n` +
        `    <open-size>${d.openSize}</open-size>\n` +
        `  </data>\n`);
    return (`<?xml version="1.0" encoding="UTF-8"?>\n` +
        `<repomd xmlns="${NS.repo}" xmlns:rpm="${NS.rpm}">\n` +
        `  <revision>${revision}</revision>\n` +
        records.join('') +
        kept.map(k => `  ${k.xml}\n`).join('') +
        `</repomd>\n`);
}

;// CONCATENATED MODULE: ./src/packages/yum.ts





const TYPES = ['primary', 'filelists', 'other'];
/** createrepo's sqlite databases: we do not write them, so stale ones are dropped from repomd.xml and deleted. */
const DROPPED = new Set(['primary_db', 'filelists_db', 'other_db']);
const sha256 = (data) => (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
const nevra = (e) => `${e.name}\0${e.epoch}\0${e.version}\0${e.release}\0${e.arch}`;
function byNevra(a, b) {
    return ((a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        compareEvr(a, b) ||
        (a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0) ||
        (a.href < b.href ? -1 : a.href > b.href ? 1 : 0));
}
/**
 * Reads repomd.xml and the metadata it names. Another publisher may replace them meanwhile (a new repomd.xml,
 * then the old files deleted): a named file gone while repomd.xml changed means read again from the new one;
 * gone while repomd.xml stayed the same means the repository is broken.
 */
async function readRepodata(store, repo, repomdKey) {
    for (let attempt = 1;; attempt++) {
        const oldRepomd = await store.read(repomdKey);
        const records = oldRepomd ? parseRepomd(oldRepomd.toString('utf8')) : [];
        const oldDocs = {};
        const oldRaw = {};
        let missing;
        for (const type of TYPES) {
            const rec = records.find(r => r.type === type);
            if (!rec)
                continue;
            const data = await store.read(`${repo}/${rec.href}`);
            if (!data) {
                missing = rec.href;
                break;
            }
            oldRaw[type] = data;
            oldDocs[type] = (rec.href.endsWith('.gz') ? (0,external_node_zlib_.gunzipSync)(data) : data).toString('utf8');
        }
        if (!missing)
            return { oldRepomd, records, oldDocs, oldRaw };
        const now = await store.read(repomdKey);
        const replaced = !now || !oldRepomd || !now.equals(oldRepomd);
        if (!replaced || attempt >= 5)
            throw new Error(`${repomdKey} names ${missing}, which is missing from the store`);
    }
}
const yumIndexer = {
    async plan(repo, artifacts, ctx) {
        const { store } = ctx;
        const repomdKey = `${repo}/repodata/repomd.xml`;
        const { oldRepomd, records, oldDocs, oldRaw } = await readRepodata(store, repo, repomdKey);
        const entries = new Map();
        if (oldDocs.primary !== undefined)
            for (const e of parseEntries(oldDocs.primary, oldDocs.filelists ?? '', oldDocs.other ?? ''))
                entries.set(nevra(e), e);
        const added = new Set();
        for (const a of artifacts) {
            if (a.meta.format !== 'rpm')
                continue;
            const href = a.write.key.slice(repo.length + 1);
            const e = rpmEntry(a.meta.rpm, { sha256: a.write.sha256, size: a.write.size, mtime: a.mtime, href });
            for (const [k, old] of entries)
                if (old.href === href)
                    entries.delete(k);
            entries.set(nevra(e), e);
            added.add(href);
        }
        const notes = [];
        const { deletes, count } = await retire(repo, entries, ctx, compareEvr, e => e.href, e => added.has(e.href));
        if (count)
            notes.push(`${repo}: retention prunes ${count} old package version(s)`);
        const all = [...entries.values()].sort(byNevra);
        const docs = {
            primary: renderDocument('primary', all.map(e => e.primary)),
            filelists: renderDocument('filelists', all.map(e => e.filelists)),
            other: renderDocument('other', all.map(e => e.other))
        };
        const same = oldRepomd !== undefined &&
            TYPES.every(t => oldDocs[t] === docs[t]) &&
            !records.some(r => DROPPED.has(r.type));
        const writes = [];
        let repomd;
        if (same) {
            // Nothing changed: the same files and repomd.xml (and its signature), so a re-run writes nothing.
            for (const t of TYPES) {
                const rec = records.find(r => r.type === t);
                if (rec)
                    writes.push(indexWrite(repo, `${repo}/${rec.href}`, oldRaw[t], `rpm ${t} metadata`, 'application/gzip'));
            }
            repomd = oldRepomd;
        }
        else {
            const data = [];
            for (const t of TYPES) {
                const open = Buffer.from(docs[t], 'utf8');
                const gz = (0,external_node_zlib_.gzipSync)(open, { level: 9 });
                const sum = sha256(gz);
                const href = `repodata/${sum}-${t}.xml.gz`;
                data.push({
                    type: t,
                    href,
                    sha256: sum,
                    size: gz.length,
                    openSha256: sha256(open),
                    openSize: open.length
                });
                writes.push(indexWrite(repo, `${repo}/${href}`, gz, `rpm ${t} metadata`, 'application/gzip'));
            }
            const kept = records.filter(r => !TYPES.includes(r.type) && !DROPPED.has(r.type));
            repomd = renderRepomd(Math.floor(ctx.now.getTime() / 1000), data, kept);
            const live = new Set([...data.map(d => d.href), ...kept.map(k => k.href)]);
            for (const r of records)
                if (!live.has(r.href))
                    deletes.push({
                        kind: 'packages',
                        repo,
                        key: `${repo}/${r.href}`,
                        reason: 'replaced repository metadata'
                    });
        }
        writes.push(indexWrite(repo, repomdKey, repomd, 'rpm repository metadata index', 'text/xml'));
        if (ctx.signer) {
            const oldAsc = same ? await store.read(`${repomdKey}.asc`) : undefined;
            const asc = oldAsc && (await signedBy(oldAsc, ctx.signer))
                ? oldAsc
                : await ctx.signer.detach(typeof repomd === 'string' ? Buffer.from(repomd) : repomd);
            writes.push(indexWrite(repo, `${repomdKey}.asc`, asc, 'rpm repository metadata signature', 'application/pgp-signature'));
        }
        else if (!same && (await store.stat(`${repomdKey}.asc`)))
            deletes.push({
                kind: 'packages',
                repo,
                key: `${repomdKey}.asc`,
                reason: 'stale signature of an older repomd.xml (no signing-key)'
            });
        notes.push(`${repo}: ${all.length} package(s) in ${repo}/repodata${same ? ', unchanged' : ''}`);
        return { writes, deletes, notes };
    }
};

;// CONCATENATED MODULE: ./src/packages/publisher.ts
















const indexers = {
    deb: aptIndexer,
    rpm: yumIndexer,
    bin: binIndexer
};
/** The index files every client fetches first: written after everything they point to. */
const TOP = /\/(Release|InRelease|Release\.gpg|repomd\.xml|repomd\.xml\.asc|index\.json)$/;
/** The key of a repository's publish lock. */
const lockKey = (repo) => `${repo}/.publish-lock`;
const planned = new WeakMap();
/** Remembers what was read, so apply can tell whether another publisher changed an index since. */
function recording(store, reads) {
    return Object.assign(Object.create(store), {
        async read(key) {
            const data = await store.read(key);
            reads.set(key, data ? (0,hash/* hashBytes */.y)(data) : undefined);
            return data;
        }
    });
}
async function planIndexes(plan, artifacts, ctx) {
    const repos = new Map();
    for (const a of artifacts)
        repos.set(a.write.repo, a.meta.format);
    for (const [repo, format] of [...repos].sort()) {
        const part = await indexers[format].plan(repo, artifacts.filter(a => a.write.repo === repo), ctx);
        plan.writes.push(...part.writes);
        plan.deletes.push(...part.deletes);
        plan.notes.push(...part.notes);
    }
}
/** `<file>.asc`: reuses the existing signature when the artifact is unchanged and it is ours (re-runs are no-ops). */
async function artifactSignature(a, signer, store) {
    const key = `${a.write.key}.asc`;
    let armored;
    const existing = await store.stat(a.write.key);
    if (existing && (0,apply/* sameBytes */.e)(existing, a.write)) {
        const old = await store.read(key);
        if (await signedBy(old, signer))
            armored = old;
    }
    armored ??= await signer.detachFile(a.path);
    const bytes = typeof armored === 'string' ? Buffer.from(armored, 'utf8') : armored;
    return {
        kind: 'packages',
        repo: a.write.repo,
        key,
        body: { data: bytes },
        ...(0,hash/* hashBytes */.y)(bytes),
        role: 'signature',
        immutable: false,
        contentType: 'application/pgp-signature',
        reason: `detached OpenPGP signature of ${a.name}`
    };
}
/** Packages: deb, rpm and tarballs, each routed to its stable or dev repository, with signed indexes. */
const packagesPublisher = {
    async plan(ctx) {
        const { inputs, release } = ctx;
        if (release.type === 'none')
            throw new Error('no plan for a run that publishes nothing');
        const type = release.type;
        const files = await (0,src_files/* resolveFiles */.sA)(inputs.files, ctx.baseDir, inputs.ifNoFilesFound);
        // Read every package first: a corrupt one stops the run before anything is written.
        const artifacts = await (0,limit/* mapLimit */.s)(files, inputs.concurrency, async (path) => {
            const meta = await readPackage(path);
            const name = (0,external_node_path_.basename)(path);
            const route = routePackage(name, type, meta.format === 'bin' ? meta.arch : undefined);
            const [digest, info] = await Promise.all([(0,hash/* hashFile */.D)(path), (0,promises_.stat)(path)]);
            const write = {
                kind: 'packages',
                repo: route.repo,
                key: route.key,
                body: { path },
                ...digest,
                role: 'artifact',
                immutable: type === 'stable',
                reason: `${route.format} package ${meta.name} ${meta.version} (${meta.arch}) for the ${type} release ${release.version}`
            };
            return { path, name, mtime: Math.floor(info.mtimeMs / 1000), meta, write };
        });
        const keys = new Map();
        for (const a of artifacts) {
            const other = keys.get(a.write.key);
            if (other)
                throw new Error(`files '${other}' and '${a.path}' would both be published as ${a.write.key}`);
            keys.set(a.write.key, a.path);
        }
        const signer = inputs.signingKey
            ? await loadSigner(inputs.signingKey, inputs.signingKeyPassphrase)
            : undefined;
        if (!signer && type === 'stable' && artifacts.length)
            core/* warning */.$e('No signing-key: the stable repositories and packages are published unsigned; apt and dnf users will need to disable signature checks. Set signing-key (an armored private key secret).');
        const plan = {
            kind: 'packages',
            release,
            destination: ctx.destination?.display ?? '',
            writes: artifacts.map(a => a.write),
            deletes: [],
            extra: [],
            notes: []
        };
        if (artifacts.length === 0)
            return plan;
        const reads = new Map();
        const store = recording(await ctx.store(), reads);
        if (signer)
            plan.writes.push(...(await (0,limit/* mapLimit */.s)(artifacts, inputs.concurrency, a => artifactSignature(a, signer, store))));
        await planIndexes(plan, artifacts, { store, inputs, type, signer, now: new Date() });
        planned.set(plan, { artifacts, signer, reads });
        return plan;
    },
    async apply(plan, ctx) {
        const { inputs } = ctx;
        const store = await ctx.store();
        const options = {
            concurrency: inputs.concurrency,
            cacheControlArtifacts: inputs.cacheControlArtifacts,
            cacheControlIndexes: inputs.cacheControlIndexes
        };
        const state = planned.get(plan);
        if (!state)
            return (0,apply/* applyPlan */.g)(plan, store, options);
        const repos = [...new Set(state.artifacts.map(a => a.write.repo))].sort();
        const locks = [];
        try {
            for (const repo of repos) {
                const lock = await acquireLock(store, lockKey(repo), lockOptions());
                if (lock)
                    locks.push(lock);
            }
            if (locks.length < repos.length)
                core/* info */.pq(`${store.description} cannot create a lock object exclusively: index files are re-checked just before they are written instead.`);
            const current = await stillCurrent(store, state.reads);
            const final = current ? plan : await replan(plan, state, ctx, store);
            // Artifacts, signatures and the files indexes point to first; then the top index files and deletes.
            const first = {
                ...plan,
                writes: final.writes.filter(w => !TOP.test(w.key)),
                deletes: [],
                extra: []
            };
            const last = { ...final, writes: final.writes.filter(w => TOP.test(w.key)) };
            const done = await (0,apply/* applyPlan */.g)(first, store, options);
            const published = [...done, ...(await (0,apply/* applyPlan */.g)(last, store, options))];
            if (locks.length < repos.length)
                await converge(plan, state, ctx, store, options);
            return published;
        }
        finally {
            for (const lock of locks)
                await lock.release().catch(() => undefined);
        }
    }
};
/** True when every index file read while planning is still what it was (nobody published in between). */
async function stillCurrent(store, reads) {
    for (const [key, seen] of reads) {
        if (key.endsWith('.asc') && !TOP.test(key))
            continue;
        const now = await store.stat(key);
        if (!now !== !seen)
            return false;
        if (now &&
            seen &&
            (0,apply/* sameBytes */.e)(now, { size: seen.size, sha256: seen.sha256 ?? '', md5: seen.md5 }) === false)
            return false;
    }
    return true;
}
const publisher_sleep = (ms) => new Promise(done => setTimeout(done, ms));
/**
 * Without an exclusive lock, two publishers can both merge from the same old index, and the later write drops the
 * other's packages. So each one re-reads after writing and merges again until the store holds indexes that already
 * contain its packages, twice in a row, with random pauses so that concurrent publishers interleave.
 */
async function converge(plan, state, ctx, store, options) {
    let clean = 0;
    for (let round = 1; round <= 10 && clean < 2; round++) {
        await publisher_sleep(150 + Math.random() * 500);
        const again = await replan(plan, state, ctx, store, false);
        const indexes = again.writes.filter(w => w.role === 'index');
        const base = { ...again, deletes: [], extra: [] };
        const written = [
            ...(await (0,apply/* applyPlan */.g)({ ...base, writes: indexes.filter(w => !TOP.test(w.key)) }, store, options)),
            ...(await (0,apply/* applyPlan */.g)({ ...base, writes: indexes.filter(w => TOP.test(w.key)) }, store, options))
        ];
        if (written.every(p => p.status === 'unchanged'))
            clean++;
        else {
            clean = 0;
            core/* info */.pq("Another publisher replaced the indexes meanwhile: merged this run's packages in again.");
        }
    }
    if (clean < 2)
        throw new errors/* PublishError */.S1(`the indexes in ${store.description} kept changing under concurrent publishers; this run's packages are uploaded but may be missing from the indexes: re-run the job, and serialize publishers with a workflow concurrency group.`);
}
/** Another publisher changed the repository since plan(): merge again from what is there now. */
async function replan(plan, state, ctx, store, log = true) {
    if (log)
        core/* info */.pq('The repository changed since the plan was made (another publisher): merging the indexes again.');
    const type = plan.release.type;
    const fresh = {
        ...plan,
        writes: plan.writes.filter(w => w.role !== 'index'),
        deletes: [],
        notes: []
    };
    await planIndexes(fresh, state.artifacts, {
        store,
        inputs: ctx.inputs,
        type,
        signer: state.signer,
        now: new Date()
    });
    return fresh;
}


/***/ })

};
