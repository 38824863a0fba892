export const id = 901;
export const ids = [901];
export const modules = {

/***/ 48931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ sameBytes),
/* harmony export */   g: () => (/* binding */ applyPlan)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _limit_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(57768);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(22464);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76670);
/* harmony import */ var _stores_store_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(34703);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(25625);






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
    const verdicts = await (0,_limit_js__WEBPACK_IMPORTED_MODULE_4__/* .mapLimit */ .s)(plan.writes, options.concurrency, async (write) => {
        let existing = options.known?.has(write.key) ? options.known.get(write.key) : await store.stat(write.key);
        // A listing's MD5 cannot answer for a write hashed without one (a large file): the store's sha256 can.
        if (existing && options.known?.has(write.key) && sameBytes(existing, write) === undefined)
            existing = await store.stat(write.key);
        return verdict(existing, write);
    });
    const conflicts = plan.writes.filter((_, i) => verdicts[i] === 'conflict');
    if (conflicts.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1(`refusing to overwrite ${conflicts.length} stable artifact(s) that already exist with different bytes in ${store.description}: ` +
            `${conflicts
                .slice(0, 10)
                .map(c => c.key)
                .join(', ')}${conflicts.length > 10 ? ', …' : ''}. ` +
            'A stable release is immutable: publish a new version instead. Nothing was written.');
    // One line per object is useful for a few packages and noise for a grid of ten thousand drivers: there, debug
    // lines, and none at all unless they are shown (10,000 of them cost a tenth of a first publish's CPU).
    const say = plan.writes.length <= MAX_LOGGED ? _log_js__WEBPACK_IMPORTED_MODULE_3__/* .info */ .pq : _log_js__WEBPACK_IMPORTED_MODULE_3__/* .debugging */ .vw() ? _log_js__WEBPACK_IMPORTED_MODULE_3__/* .debug */ .Yz : undefined;
    const sayUnchanged = plan.writes.length <= MAX_LOGGED || _log_js__WEBPACK_IMPORTED_MODULE_3__/* .debugging */ .vw() ? _log_js__WEBPACK_IMPORTED_MODULE_3__/* .debug */ .Yz : undefined;
    const results = [];
    for (const role of _plan_js__WEBPACK_IMPORTED_MODULE_5__/* .ROLE_ORDER */ .Y6) {
        const batch = plan.writes.map((w, i) => ({ w, v: verdicts[i] })).filter(({ w }) => w.role === role);
        const done = await (0,_limit_js__WEBPACK_IMPORTED_MODULE_4__/* .mapLimit */ .s)(batch, options.concurrency, async ({ w, v }) => {
            if (v !== 'unchanged') {
                const cacheControl = role === 'index' ? options.cacheControlIndexes : options.cacheControlArtifacts;
                // A stable artifact is created only if still absent (S3 If-None-Match: *): of two publishers that both
                // found it missing, one wins and the other is refused instead of overwriting it.
                const condition = w.immutable && v === 'new' ? { absent: true } : options.conditions?.get(w.key);
                try {
                    await store.write(w.key, w.body, {
                        size: w.size,
                        sha256: w.sha256,
                        md5: w.md5,
                        contentType: w.contentType,
                        cacheControl,
                        condition
                    });
                }
                catch (err) {
                    if (!(err instanceof _stores_store_js__WEBPACK_IMPORTED_MODULE_2__/* .PreconditionFailed */ .OJ)) {
                        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1((0,_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(`writing ${w.key} to ${store.description} failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`));
                    }
                    // A retried PUT whose first try landed is refused too: it is ours when the store holds our bytes.
                    const now = await store.stat(w.key);
                    if (!now || !sameBytes(now, w)) {
                        if (w.immutable)
                            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1(`refusing to overwrite the stable artifact ${w.key}: another publisher created it with other bytes meanwhile in ${store.description}. A stable release is immutable. ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`);
                        throw err;
                    }
                }
                say?.(`${v === 'replace' ? 'replaced' : 'uploaded'} ${w.key}`);
            }
            else
                sayUnchanged?.(`unchanged ${w.key}`);
            return entry(w, v === 'unchanged' ? 'unchanged' : 'uploaded', store, v === 'replace');
        });
        results.push(...done);
        const written = done.filter(d => d.status === 'uploaded').length;
        if (batch.length > MAX_LOGGED)
            _log_js__WEBPACK_IMPORTED_MODULE_3__/* .info */ .pq(`${role}s: ${written} written, ${batch.length - written} unchanged`);
    }
    const deleted = await (0,_limit_js__WEBPACK_IMPORTED_MODULE_4__/* .mapLimit */ .s)(plan.deletes, options.concurrency, async (d) => {
        await store.delete(d.key);
        _log_js__WEBPACK_IMPORTED_MODULE_3__/* .info */ .pq(`deleted ${d.key} (${d.reason})`);
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
function entry(w, status, store, replaced) {
    return {
        kind: w.kind,
        repo: w.repo,
        path: w.key,
        url: store.url?.(w.key),
        status,
        ...(replaced && { replaced: true }),
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

/***/ 38098:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hc: () => (/* binding */ parseEvr),
/* harmony export */   Lb: () => (/* binding */ rpmvercmp),
/* harmony export */   _K: () => (/* binding */ compareDebianVersions),
/* harmony export */   z6: () => (/* binding */ compareEvr)
/* harmony export */ });
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


/***/ }),

/***/ 88:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lc: () => (/* binding */ parseParagraphs),
/* harmony export */   ZZ: () => (/* binding */ field),
/* harmony export */   a: () => (/* binding */ formatParagraph)
/* harmony export */ });
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


/***/ }),

/***/ 15442:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ pruneGenerations)
/* harmony export */ });
/**
 * The deletes that leave, in each series, the live and previous files plus the `keep - 1` most recently written
 * files older than the previous generation's. Files written after the previous generation that neither top file
 * names may be another publisher's generation in flight (or a failed run's): they are never deleted here, and
 * become older generations once a later publish replaces the current one. A store whose listing has no dates
 * prunes nothing, as it cannot tell old files from files in flight.
 */
async function pruneGenerations(store, rule) {
    const series = new Map();
    for await (const object of store.list(rule.prefix)) {
        const name = rule.series(object.key);
        if (name === undefined || rule.live.has(object.key))
            continue;
        const s = series.get(name) ?? { others: [], dated: true };
        series.set(name, s);
        const modified = object.lastModified ? Date.parse(object.lastModified) : NaN;
        if (Number.isNaN(modified))
            s.dated = false;
        if (rule.previous.has(object.key))
            s.floor = Math.max(s.floor ?? 0, modified);
        else
            s.others.push({ ...object, modified });
    }
    const extra = Math.max(0, rule.keep - 1) * rule.perGeneration;
    const deletes = [];
    for (const s of series.values()) {
        if (!s.dated || s.floor === undefined)
            continue;
        const floor = s.floor;
        const older = s.others
            .filter(o => o.modified < floor)
            .sort((a, b) => b.modified - a.modified)
            .slice(extra);
        for (const o of older)
            deletes.push({ kind: 'packages', repo: rule.repo, key: o.key, reason: rule.reason });
    }
    return deletes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}


/***/ }),

/***/ 3412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  UQ: () => (/* binding */ indexWrite),
  S5: () => (/* binding */ retire),
  qI: () => (/* binding */ signedBy)
});

// UNUSED EXPORTS: pruneDeletes

// EXTERNAL MODULE: ./src/hash.ts
var hash = __webpack_require__(56495);
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

// EXTERNAL MODULE: ./src/packages/sign.ts
var sign = __webpack_require__(52468);
;// CONCATENATED MODULE: ./src/packages/indexer.ts



/** A generated index file as a plan write. */
function indexWrite(repo, key, data, reason, contentType) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const { size, sha256, md5 } = (0,hash/* hashBytes */.yi)(bytes);
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
    return (await (0,sign.signatureKeyIds)(armored.toString('utf8'))).includes(signer.keyId);
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


/***/ }),

/***/ 45658:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ inflateBounded)
/* harmony export */ });
/* unused harmony export zstdWindow */
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var fzstd__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(68339);
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
                return (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.gunzipSync)(data, { maxOutputLength: max });
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
            const stream = new fzstd__WEBPACK_IMPORTED_MODULE_1__/* .Decompress */ .YM(chunk => {
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


/***/ }),

/***/ 72586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ acquireLock),
/* harmony export */   W: () => (/* binding */ lockOptions)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);


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
    const nonce = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex');
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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1(`another publisher holds the lock ${key} in ${store.description} (${other?.owner ?? 'unknown owner'}, until ${other ? new Date(other.expires).toISOString() : '?'}). ` +
                    'Nothing was written; re-run the job, or delete the lock object if that publisher is gone.');
        }
        await sleep(delay + Math.floor(Math.random() * delay));
        delay = Math.min(delay * 2, 2000);
    }
}


/***/ }),

/***/ 95901:
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
// EXTERNAL MODULE: ./src/stores/store.ts
var stores_store = __webpack_require__(34703);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/packages/control.ts
var control = __webpack_require__(88);
// EXTERNAL MODULE: ./src/packages/inflate.ts
var inflate = __webpack_require__(45658);
;// CONCATENATED MODULE: ./src/packages/dists.ts
/**
 * The `dists/<suite>/` tree of an existing apt repository, as other tools write it (apt-ftparchive, reprepro,
 * aptly, Falco's own scripts): its Release parsed without losing anything, and its Packages indexes read in
 * whichever compression they were written. A repository we cannot read fully is an error naming the file, never
 * a smaller index: the packages it lists would vanish for every user.
 */



/** The hash lists of a Release, weakest first, with the by-hash folder names apt-ftparchive uses. */
const HASHES = [
    { field: 'MD5Sum', alg: 'md5' },
    { field: 'SHA1', alg: 'sha1' },
    { field: 'SHA256', alg: 'sha256' },
    { field: 'SHA512', alg: 'sha512' }
];
/** The Release fields this action writes itself; every other field of an existing Release is kept. */
const OWN = new Set(['Origin', 'Label', 'Suite', 'Codename', 'Date', 'Architectures', 'Components', 'Acquire-By-Hash']
    .concat(HASHES.map(h => h.field))
    .map(f => f.toLowerCase()));
/** Kept fields that would turn false once the Release changes: apt refuses a Release past its Valid-Until. */
const STALE = new Set(['valid-until']);
/** An index file of an arch: plain first (cheapest), then the compressions apt and the tools write. */
const VARIANTS = ['', '.gz', '.xz', '.bz2'];
/** Release lists are separated by spaces in Debian's tools, by commas in some home-made ones. */
const words = (value) => (value ?? '').split(/[\s,]+/).filter(Boolean);
function hashLine(path, data) {
    const hashes = {};
    for (const h of HASHES)
        hashes[h.field] = (0,external_node_crypto_.createHash)(h.alg).update(data).digest('hex');
    return { path, size: data.length, hashes };
}
/** Parses a Release; throws with the key in the message when it is not a deb822 paragraph with sane lists. */
function parseRelease(text, key) {
    let paragraph;
    try {
        const all = (0,control/* parseParagraphs */.Lc)(text);
        if (all.length !== 1)
            throw new Error(`expected one paragraph, found ${all.length}`);
        paragraph = all[0];
    }
    catch (err) {
        throw new Error(`${key} cannot be parsed (${err.message})`);
    }
    const lines = new Map();
    for (const h of HASHES) {
        for (const raw of ((0,control/* field */.ZZ)(paragraph, h.field) ?? '').split('\n')) {
            if (!raw.trim())
                continue;
            const [hash, size, path, extra] = raw.trim().split(/\s+/);
            if (!path || extra !== undefined || !/^[0-9a-f]+$/i.test(hash) || !/^\d+$/.test(size))
                throw new Error(`${key} has a malformed ${h.field} line: ${JSON.stringify(raw.trim().slice(0, 120))}`);
            const line = lines.get(path) ?? { path, size: Number(size), hashes: {} };
            line.hashes[h.field] = hash.toLowerCase();
            lines.set(path, line);
        }
    }
    const kept = [];
    const dropped = [];
    for (const [name, value] of paragraph) {
        const lower = name.toLowerCase();
        if (OWN.has(lower))
            continue;
        if (STALE.has(lower))
            dropped.push(name);
        else
            kept.push([name, value]);
    }
    return {
        paragraph,
        architectures: words((0,control/* field */.ZZ)(paragraph, 'Architectures')),
        components: words((0,control/* field */.ZZ)(paragraph, 'Components')),
        lines,
        byHash: /^yes$/i.test((0,control/* field */.ZZ)(paragraph, 'Acquire-By-Hash') ?? ''),
        kept,
        dropped
    };
}
/** Architectures that have a Packages index of `component` in the Release's hash lists. */
function listedArchitectures(release, component) {
    const found = new Set();
    const re = new RegExp(`^${dists_escape(component)}/binary-([^/]+)/Packages(?:\\.(?:gz|xz|bz2|lzma|zst))?$`);
    for (const path of release.lines.keys()) {
        const m = re.exec(path);
        if (m)
            found.add(m[1]);
    }
    return [...found];
}
const dists_escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Paths of the Packages variants of one arch (relative to dists/<suite>/). */
const packagesPaths = (component, arch) => VARIANTS.map(v => `${component}/binary-${arch}/Packages${v}`);
/** Decompresses an index by its extension; a big cap, as Packages of a large repository run to many MB. */
async function decode(path, data, key) {
    const max = 1 << 30;
    try {
        if (path.endsWith('.gz'))
            return await (0,inflate/* inflateBounded */.D)('gz', data, max, key);
        if (path.endsWith('.xz'))
            return await (0,inflate/* inflateBounded */.D)('xz', data, max, key);
        if (path.endsWith('.bz2')) {
            const { decode: bunzip } = await __webpack_require__.e(/* import() */ 634).then(__webpack_require__.t.bind(__webpack_require__, 79634, 23));
            return Buffer.from(bunzip(data, undefined, true));
        }
        return data;
    }
    catch (err) {
        throw new Error(`${key} cannot be decompressed (${err.message})`);
    }
}
/**
 * Reads the Packages index of one arch: by-hash first when the Release asks for it (the copy that matches the
 * Release even while another publisher rewrites the plain files), then the plain file and its compressions.
 * Only variants the Release lists are tried when it lists any. Undefined when the arch has no index at all.
 */
async function readPackages(store, dists, component, arch, release) {
    const all = packagesPaths(component, arch);
    const listed = release ? all.filter(p => release.lines.has(p)) : [];
    const candidates = [];
    for (const path of listed.length ? listed : all) {
        const line = release?.lines.get(path);
        const sha256 = line?.hashes.SHA256;
        if (release?.byHash && sha256)
            candidates.push(`${dirOf(path)}/by-hash/SHA256/${sha256}#${path}`);
        candidates.push(path);
    }
    for (const candidate of candidates) {
        const [where, named] = candidate.split('#');
        const path = named ?? where;
        const key = `${dists}/${where}`;
        const data = await store.read(key);
        if (!data)
            continue;
        const text = (await decode(path, data, key)).toString('utf8');
        let paragraphs;
        try {
            paragraphs = (0,control/* parseParagraphs */.Lc)(text);
        }
        catch (err) {
            throw new Error(`${key} cannot be parsed (${err.message})`);
        }
        paragraphs.forEach((p, i) => {
            const missing = ['Package', 'Version', 'Architecture', 'Filename'].filter(f => !(0,control/* field */.ZZ)(p, f));
            if (missing.length)
                throw new Error(`${key}: paragraph ${i + 1} has no ${missing.join(', ')} field`);
        });
        return { key, paragraphs };
    }
    if (listed.length)
        throw new Error(`${dists}/Release lists ${listed.join(', ')} under ${dists}, but none of them is in the store`);
    return undefined;
}
const dirOf = (path) => path.slice(0, path.lastIndexOf('/'));
/** Renders a Release: our fields, the kept ones, then every hash list apt-ftparchive writes. */
function renderRelease(fields, lines) {
    const width = Math.max(8, ...lines.map(l => String(l.size).length));
    const list = (name) => lines
        .filter(l => l.hashes[name])
        .map(l => `\n ${l.hashes[name]} ${String(l.size).padStart(width)} ${l.path}`)
        .join('');
    const sums = HASHES.map(h => [h.field, list(h.field)]).filter(([, v]) => v);
    return (0,control/* formatParagraph */.a)([...fields, ...sums]);
}

// EXTERNAL MODULE: ./src/packages/indexer.ts + 1 modules
var indexer = __webpack_require__(3412);
;// CONCATENATED MODULE: ./src/packages/byhash.ts


/** The by-hash key of an index file (relative to dists/<suite>/) for one hash. */
const byHashPath = (path, hash, hex) => `${dirOf(path)}/by-hash/${hash}/${hex}`;
/** Every by-hash path a Release line names (the old Release's, to keep them while clients may hold it). */
function byHashPaths(line) {
    return HASHES.flatMap(h => {
        const hex = line.hashes[h.field];
        return hex ? [byHashPath(line.path, h.field, hex)] : [];
    });
}
/** The by-hash copies of one index file, one per hash in the Release. */
function byHashWrites(repo, dists, line, data, contentType) {
    return byHashPaths(line).map(path => (0,indexer/* indexWrite */.UQ)(repo, `${dists}/${path}`, data, `apt by-hash copy of ${line.path}`, contentType));
}

// EXTERNAL MODULE: ./src/packages/compare.ts
var compare = __webpack_require__(38098);
// EXTERNAL MODULE: ./src/packages/generations.ts
var generations = __webpack_require__(15442);
;// CONCATENATED MODULE: ./src/packages/apt.ts







/** Fields we compute for each file; a control file's own copies (there should be none) are dropped. */
const FILE_FIELDS = new Set(['filename', 'size', 'md5sum', 'sha1', 'sha256', 'sha512']);
const id = (e) => `${e.name}\0${e.version}\0${e.arch}`;
/** `Date:` as Debian writes it (RFC 2822, UTC). */
function releaseDate(d) {
    return d.toUTCString().replace(/GMT$/, 'UTC');
}
function entryOf(p) {
    const name = (0,control/* field */.ZZ)(p, 'Package');
    const version = (0,control/* field */.ZZ)(p, 'Version');
    const arch = (0,control/* field */.ZZ)(p, 'Architecture');
    const filename = (0,control/* field */.ZZ)(p, 'Filename');
    if (!name || !version || !arch || !filename)
        return undefined;
    return { name, version, arch, filename, paragraph: p };
}
function sortEntries(entries) {
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        (0,compare/* compareDebianVersions */._K)(a.version, b.version) ||
        (a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0));
}
/** The digest an index lists for a package file, strongest first, to tell whether two entries are the same bytes. */
function digestOf(p) {
    for (const name of ['SHA256', 'SHA512', 'SHA1', 'MD5sum']) {
        const v = (0,control/* field */.ZZ)(p, name);
        if (v)
            return `${name}:${v.toLowerCase()}`;
    }
    return undefined;
}
/**
 * apt repositories (deb, deb-dev) in download.falco.org's layout: packages under `<repo>/stable/`, indexes under
 * `<repo>/dists/<codename>/`. Reads Release and the component's Packages files (any compression, as other tools
 * wrote them), merges the new packages, prunes dev repositories, and writes Packages(.gz) per architecture with
 * their by-hash copies, then Release, InRelease and Release.gpg (written last, by the publisher).
 */
const aptIndexer = {
    async plan(repo, artifacts, ctx) {
        const { store, inputs } = ctx;
        const component = inputs.aptComponent;
        const dists = `${repo}/dists/${inputs.aptCodename}`;
        const notes = [];
        const oldReleaseBytes = await store.read(`${dists}/Release`);
        const oldText = oldReleaseBytes?.toString('utf8');
        const old = oldText === undefined ? undefined : parseRelease(oldText, `${dists}/Release`);
        if (old?.dropped.length)
            notes.push(`${dists}/Release: dropped ${old.dropped.join(', ')} (it would be false for the new Release)`);
        // Architectures as the Release names them (spaces or commas), and any the hash lists show an index for.
        const oldArchs = old
            ? [...new Set([...old.architectures, ...listedArchitectures(old, component)])].sort()
            : [];
        // The current entries: every architecture's Packages of our component (`all` packages repeat in each).
        const entries = new Map();
        for (const arch of oldArchs) {
            const index = await readPackages(store, dists, component, arch, old);
            for (const p of index?.paragraphs ?? []) {
                const e = entryOf(p);
                const seen = entries.get(id(e));
                // The same package listed twice with other bytes: a broken index we must not silently halve.
                if (seen && seen.filename !== e.filename && digestOf(seen.paragraph) !== digestOf(p))
                    throw new Error(`${index?.key} lists ${e.name} ${e.version} (${e.arch}) as both ${seen.filename} and ${e.filename} with other bytes: fix the index before publishing into it`);
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
                ...(a.hashes ? [['SHA1', a.hashes.sha1]] : []),
                ['SHA256', a.write.sha256],
                ...(a.hashes ? [['SHA512', a.hashes.sha512]] : [])
            ];
            const e = {
                name: a.meta.name,
                version: a.meta.version,
                arch: a.meta.arch,
                filename,
                paragraph
            };
            const published = entries.get(id(e));
            if (ctx.type === 'stable' &&
                !ctx.resigning &&
                published &&
                digestOf(published.paragraph) !== `SHA256:${a.write.sha256}`) {
                const theirs = digestOf(published.paragraph);
                const same = theirs?.startsWith('MD5sum:') && theirs === `MD5sum:${a.write.md5}`;
                if (!same)
                    throw new Error(`refusing ${a.path}: ${e.name} ${e.version} (${e.arch}) is already in the stable repository ${repo} as ${published.filename} with other bytes. A stable release is immutable: publish a new version instead. Nothing was written.`);
            }
            for (const [k, o] of entries)
                if (o.filename === filename)
                    entries.delete(k);
            entries.set(id(e), e);
            added.add(filename);
        }
        const { deletes, count } = await (0,indexer/* retire */.S5)(repo, entries, ctx, (x, y) => (0,compare/* compareDebianVersions */._K)(x.version, y.version), e => e.filename, e => added.has(e.filename));
        if (count)
            notes.push(`${repo}: retention prunes ${count} old package version(s)`);
        // Indexes per architecture: an architecture stays listed even when retention emptied it. `all` gets its own
        // index only when the repository already had one.
        const all = sortEntries([...entries.values()]);
        const concrete = [...new Set([...oldArchs, ...all.map(e => e.arch)])].filter(a => a !== 'all').sort();
        const archs = concrete.length ? concrete : ['all'];
        if (oldArchs.includes('all') && !archs.includes('all'))
            archs.push('all');
        const writes = [];
        const lines = new Map();
        // Every other line is kept: other components, and our component's other files (i18n, Contents, a per-arch
        // Release). Our Packages in other compressions are dropped, never left to name stale content.
        const rewritten = new Set(archs.flatMap(arch => packagesPaths(component, arch)));
        for (const [path, l] of old?.lines ?? [])
            if (!rewritten.has(path))
                lines.set(path, l);
        const live = new Set();
        for (const arch of archs) {
            const text = all
                .filter(e => e.arch === arch || (e.arch === 'all' && arch !== 'all') || (arch === 'all' && e.arch === 'all'))
                .map(e => (0,control/* formatParagraph */.a)(e.paragraph))
                .join('\n');
            const plain = Buffer.from(text, 'utf8');
            const gz = (0,external_node_zlib_.gzipSync)(plain, { level: 9 });
            const rel = `${component}/binary-${arch}/Packages`;
            for (const [path, data, type] of [
                [rel, plain, 'text/plain; charset=utf-8'],
                [`${rel}.gz`, gz, 'application/gzip']
            ]) {
                const line = hashLine(path, data);
                lines.set(path, line);
                const copies = byHashWrites(repo, dists, line, data, type);
                for (const c of copies)
                    live.add(c.key);
                writes.push(...copies);
                writes.push((0,indexer/* indexWrite */.UQ)(repo, `${dists}/${path}`, data, `apt index for ${arch}`, type));
            }
        }
        // Release: unchanged content keeps the old Date (and so its bytes and signatures): a re-run is a no-op.
        const header = (date) => [
            ['Origin', inputs.aptOrigin],
            ['Label', inputs.aptLabel],
            ['Suite', inputs.aptSuite],
            ['Codename', inputs.aptCodename],
            ['Date', date],
            ['Architectures', archs.join(' ')],
            ['Components', [...new Set([...(old?.components ?? []), component])].sort().join(' ')],
            ...(old?.kept ?? []),
            ['Acquire-By-Hash', 'yes']
        ];
        const sorted = [...lines.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        const oldDate = old ? (0,control/* field */.ZZ)(old.paragraph, 'Date') : undefined;
        const same = oldDate !== undefined && renderRelease(header(oldDate), sorted) === oldText;
        const release = same ? oldText : renderRelease(header(releaseDate(ctx.now)), sorted);
        writes.push((0,indexer/* indexWrite */.UQ)(repo, `${dists}/Release`, release, 'apt Release', 'text/plain; charset=utf-8'));
        const signer = ctx.signer;
        if (signer) {
            // Reused only when they sign exactly this Release: a half-failed publish can leave ours of another one.
            const oldIn = same ? await store.read(`${dists}/InRelease`) : undefined;
            const oldGpg = same ? await store.read(`${dists}/Release.gpg`) : undefined;
            const keep = same && (await signer.signs(oldIn, release)) && (await signer.signs(oldGpg, release));
            const inRelease = keep ? oldIn : await signer.clearsign(release);
            const gpg = keep ? oldGpg : await signer.detach(Buffer.from(release, 'utf8'));
            writes.push((0,indexer/* indexWrite */.UQ)(repo, `${dists}/InRelease`, inRelease, 'apt Release, clearsigned', 'text/plain; charset=utf-8'));
            writes.push((0,indexer/* indexWrite */.UQ)(repo, `${dists}/Release.gpg`, gpg, 'apt Release signature', 'application/pgp-signature'));
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
        // by-hash copies of earlier generations: the replaced Release's are kept, older ones pruned by count.
        if (!same) {
            const previous = new Set([...(old?.lines.values() ?? [])].flatMap(l => byHashPaths(l).map(p => `${dists}/${p}`)));
            for (const arch of archs) {
                const dir = `${dists}/${dirOf(packagesPaths(component, arch)[0])}/by-hash/`;
                deletes.push(...(await (0,generations/* pruneGenerations */.i)(store, {
                    repo,
                    prefix: dir,
                    series: key => key.slice(0, key.lastIndexOf('/')),
                    live,
                    previous,
                    keep: inputs.keepIndexGenerations,
                    perGeneration: 2,
                    reason: `by-hash copy of an index older than the last ${inputs.keepIndexGenerations} generation(s)`
                })));
            }
        }
        notes.push(`${repo}: ${all.length} package(s) in ${dists} (${archs.join(', ')})${same ? ', unchanged' : ''}`);
        return { writes, deletes, notes };
    }
};

;// CONCATENATED MODULE: ./src/packages/bin.ts


/** `sha256sum` format (two spaces, file name), sorted: `sha256sum -c SHA256SUMS` checks a download folder. */
function renderSha256Sums(entries) {
    return entries
        .map(e => `${e.sha256}  ${e.file}\n`)
        .sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : a.slice(66) > b.slice(66) ? 1 : 0))
        .join('');
}
/**
 * `SHA256SUMS` in every folder that holds tarballs (`bin/x86_64/`, `wasm-dev/`), listing what the index lists
 * there, and `SHA256SUMS.asc` beside it when a key is set. An unchanged list keeps its signature (re-runs are
 * no-ops).
 */
async function checksumFiles(repo, packages, ctx) {
    const folders = new Map();
    for (const e of packages) {
        const cut = e.path.lastIndexOf('/');
        const folder = cut < 0 ? '' : e.path.slice(0, cut);
        const list = folders.get(folder) ?? [];
        list.push({ file: e.path.slice(cut + 1), sha256: e.sha256 });
        folders.set(folder, list);
    }
    const writes = [];
    for (const [folder, list] of [...folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const key = `${repo}/${folder ? `${folder}/` : ''}SHA256SUMS`;
        const text = renderSha256Sums(list);
        writes.push((0,indexer/* indexWrite */.UQ)(repo, key, text, 'checksums of the tarballs in the folder', 'text/plain; charset=utf-8'));
        const signer = ctx.signer;
        if (!signer)
            continue;
        const old = await ctx.store.read(key);
        const oldAsc = old?.toString('utf8') === text ? await ctx.store.read(`${key}.asc`) : undefined;
        const asc = oldAsc && (await signer.signs(oldAsc, text)) ? oldAsc : await signer.detach(Buffer.from(text, 'utf8'));
        writes.push((0,indexer/* indexWrite */.UQ)(repo, `${key}.asc`, asc, 'signature of SHA256SUMS', 'application/pgp-signature'));
    }
    return writes;
}
/**
 * Tarball repositories (bin, bin-dev, and a platform's own such as wasm-dev): `<repo>/<arch>/<file>` (+ `.asc`),
 * `SHA256SUMS` per folder, and an `index.json` listing them, so a client (or a person) can find the newest build
 * without listing the bucket. No timestamp inside, so a re-run writes the same bytes.
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
        const { deletes, count } = await (0,indexer/* retire */.S5)(repo, byPath, ctx, (x, y) => (0,compare/* compareDebianVersions */._K)(x.version, y.version), e => e.path, e => added.has(e.path));
        if (count)
            notes.push(`${repo}: retention prunes ${count} old tarball(s)`);
        const packages = [...byPath.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
            (a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0) ||
            (0,compare/* compareDebianVersions */._K)(a.version, b.version));
        const body = `${JSON.stringify({ packages }, null, 2)}\n`;
        const writes = [
            ...(await checksumFiles(repo, packages, ctx)),
            (0,indexer/* indexWrite */.UQ)(repo, key, body, 'tarball listing', 'application/json')
        ];
        return { writes, deletes, notes };
    }
};

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(76670);
;// CONCATENATED MODULE: ./src/packages/commit.ts
/**
 * The last step of a publication: the top index files (Release, InRelease, Release.gpg; repomd.xml and its .asc;
 * index.json), which every client fetches first and which name everything else. They are written only once the
 * store holds every file written before them, read back after, and, when any of them fails, the previous bytes of
 * each are put back, so clients keep a consistent old state instead of a new Release with an old InRelease.
 */







/** The index files every client fetches first: written after everything they point to. */
const TOP = /\/(Release|InRelease|Release\.gpg|repomd\.xml|repomd\.xml\.asc|index\.json)$/;
/** Within a repository: the unsigned file, its detached signature, then the clearsigned one apt prefers. */
const ORDER = ['Release', 'Release.gpg', 'InRelease', 'repomd.xml', 'repomd.xml.asc', 'index.json'];
const rank = (key) => ORDER.indexOf(key.slice(key.lastIndexOf('/') + 1));
/** Keys named by their content (apt by-hash copies, rpm `<sha256>-primary.xml.gz`): no one writes other bytes there. */
const CONTENT_NAMED = /\/by-hash\/[^/]+\/[0-9a-f]+$|\/repodata\/[0-9a-f]{32,128}-[^/]+$/;
/**
 * Asks the store for every written file (one HEAD each): present, and, for artifacts and files named by their
 * content, with the size (and hash, when the store tells) that was written. A server that answered 2xx but
 * stored nothing stops the run here, before any index names the missing file. Plain index files and
 * signatures are only checked to be there: a concurrent publisher may rightly have replaced them meanwhile.
 */
async function verifyStored(writes, store, concurrency) {
    const bad = (await (0,limit/* mapLimit */.s)(writes, concurrency, async (w) => {
        const info = await store.stat(w.key);
        if (!info)
            return `${w.key} is missing`;
        const exact = w.role === 'artifact' || CONTENT_NAMED.test(w.key);
        if (exact && (0,apply/* sameBytes */.e)(info, w) === false)
            return `${w.key} holds ${info.size} bytes${info.size === w.size ? ' with another hash' : ''}, not the ${w.size} written`;
        return undefined;
    })).filter((x) => x !== undefined);
    if (bad.length)
        throw new errors/* PublishError */.S1(`${store.description} accepted writes it does not hold: ${bad.slice(0, 10).join('; ')}${bad.length > 10 ? '; …' : ''}. ` +
            'No index was changed, so clients still see the previous state; check the server (a full disk, a proxy or a read-only mount that answers success) and re-run.');
}
const sha256 = (data) => (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
const isWrite = (data, w) => data.length === w.size && sha256(data) === w.sha256;
/**
 * Writes the top files one by one, reads each back, and on any failure restores the bytes every one of them had
 * before (deleting those that did not exist), then fails with a message saying what happened.
 */
async function commitTop(tops, store, options, base, mergedFrom, 
/** This run holds the repositories' locks: no one else writes, so a read-back of the old bytes is a failure. */
exclusive = true) {
    if (!tops.length)
        return [];
    const ordered = [...tops].sort((a, b) => ((a.repo ?? '') < (b.repo ?? '') ? -1 : (a.repo ?? '') > (b.repo ?? '') ? 1 : 0) ||
        rank(a.key) - rank(b.key));
    const before = new Map();
    await (0,limit/* mapLimit */.s)(ordered, options.concurrency, async (w) => void before.set(w.key, await store.read(w.key)));
    const conditions = await conditionsFor(ordered, before, store, mergedFrom);
    const attempted = [];
    const published = [];
    try {
        for (const w of ordered) {
            attempted.push(w);
            const one = { ...base, writes: [w], deletes: [], extra: [] };
            published.push(...(await (0,apply/* applyPlan */.g)(one, store, { ...options, conditions })));
        }
        for (const w of ordered) {
            const back = await store.read(w.key);
            const old = before.get(w.key);
            if (back && isWrite(back, w))
                continue;
            // Other bytes than ours (without a lock, even the previous ones): another publisher's, merged again by the
            // caller's loop.
            if (back && !(exclusive && old && back.equals(old)))
                continue;
            throw new errors/* PublishError */.S1(`${w.key} reads back ${back ? 'with its previous bytes' : 'as missing'} right after it was written (the server answered success but did not store it)`);
        }
        return published;
    }
    catch (err) {
        // Another publisher replaced a top file first: it wrote them in the same order, so nothing is mixed, and
        // the caller merges again from what it wrote.
        if (err instanceof stores_store/* PreconditionFailed */.OJ)
            throw err;
        const failed = await restore(attempted, before, store, options.cacheControlIndexes);
        const cause = (0,errors/* errorMessage */.gJ)(err);
        const names = ordered.map(w => w.key).join(', ');
        throw new errors/* PublishError */.S1((0,redact/* redact */.E$)(failed.length
            ? `${cause}. Restoring the previous index files failed too (${failed.join('; ')}): the repository may be inconsistent until this job is re-run.`
            : `${cause}. The previous ${names} were restored, so clients keep the previous consistent state; the packages are uploaded: re-run the job to complete the publication.`));
    }
}
/**
 * For each top file the merge read: the condition that makes the write fail if another publisher replaced it
 * since (absent then, or still the same MD5, which is a single-part S3 ETag). A file whose bytes already
 * differ from the merged ones means the merge is stale: the caller merges again. A store whose ETag is not
 * the MD5 (SSE-KMS) gets no condition and relies on the re-checks.
 */
async function conditionsFor(tops, before, store, mergedFrom) {
    const conditions = new Map();
    if (!mergedFrom)
        return conditions;
    for (const w of tops) {
        if (!mergedFrom.has(w.key))
            continue;
        const seen = mergedFrom.get(w.key);
        const now = before.get(w.key);
        if (!seen !== !now || (seen && now && sha256(now) !== seen.sha256))
            throw new stores_store/* PreconditionFailed */.OJ(w.key, `${w.key} was replaced by another publisher since it was merged`);
        if (!store.conditionalWrites)
            continue;
        if (!seen)
            conditions.set(w.key, { absent: true });
        else if ((await store.stat(w.key))?.md5 === seen.md5 && seen.md5)
            conditions.set(w.key, { md5: seen.md5 });
    }
    return conditions;
}
/** Puts back what each top file held before; returns what could not be restored. */
async function restore(attempted, before, store, cacheControl) {
    const failed = [];
    for (const w of [...attempted].reverse()) {
        const old = before.get(w.key);
        try {
            const now = await store.read(w.key);
            // Only what this run wrote is put back: other bytes are a concurrent publisher's, and stay.
            if (!now || !isWrite(now, w))
                continue;
            if (old === undefined)
                await store.delete(w.key);
            else {
                const digest = sha256(old);
                const md5 = (0,external_node_crypto_.createHash)('md5').update(old).digest('hex');
                await store.write(w.key, { data: old }, {
                    size: old.length,
                    sha256: digest,
                    md5,
                    contentType: w.contentType,
                    cacheControl
                });
            }
            log/* info */.pq(`restored the previous ${w.key}`);
        }
        catch (err) {
            failed.push(`${w.key}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
    return failed;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/packages/rpm.ts
var packages_rpm = __webpack_require__(57760);
// EXTERNAL MODULE: ./src/packages/rpmsign.ts
var rpmsign = __webpack_require__(42441);
;// CONCATENATED MODULE: ./src/packages/embed.ts










/** OpenPGP's ECDSA algorithm number. */
const ECDSA = 19;
/** Folders holding signed copies not yet removed; whatever is left when the process exits goes then. */
const pending = new Set();
function signedFolder() {
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'publish-rpmsign-'));
    if (!pending.size)
        process.once('exit', removePending);
    pending.add(dir);
    return dir;
}
function removePending() {
    for (const dir of pending)
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    pending.clear();
}
/**
 * Gives every rpm among `artifacts` our embedded header signature (see rpmsign.ts): the signed copy, in a
 * temporary folder removed when the process exits, becomes what is published, so its size, checksums and header
 * range are what the repodata names and what the `.asc` signs. The input's mtime is kept (createrepo's
 * `time file`), so a re-run with the same package plans the same bytes and metadata. Returns plan notes.
 */
async function embedRpmSignatures(artifacts, signer, concurrency) {
    const rpms = artifacts.filter(a => a.meta.format === 'rpm');
    if (!rpms.length)
        return [];
    if (signer.algorithm === ECDSA)
        log/* warning */.$e('signing-key is an ECDSA key: rpm built without Sequoia (e.g. rpm 4.18 on Debian 12) cannot verify ECDSA package signatures, so gpgcheck=1 fails there; and ECDSA signatures are randomized, so re-running a stable release conflicts. Prefer an RSA or Ed25519 key.');
    const dir = signedFolder();
    const notes = await (0,limit/* mapLimit */.s)(rpms, concurrency, async (a, i) => {
        const out = (0,external_node_path_.join)(dir, `${i}-${a.name}`);
        const result = await (0,rpmsign/* signRpm */.X)(a.path, out, signer).catch((err) => {
            throw new errors/* InputError */.dz('files', `${err.message}. Nothing was published.`);
        });
        const rpm = await (0,packages_rpm/* readRpm */.Wt)(out);
        a.meta = { ...a.meta, format: 'rpm', rpm };
        a.path = out;
        a.write = {
            ...a.write,
            body: { path: out },
            ...(await (0,hash.hashFile)(out)),
            reason: `${a.write.reason}, with an embedded rpm signature by key ${signer.keyId}`
        };
        return result.status === 'replaced'
            ? `${a.name}: its rpm signature by key ${result.replaced.join(', ')} is replaced by one by key ${signer.keyId} (as rpmsign --resign does)`
            : '';
    });
    return notes.filter(Boolean);
}
/** Removes the signed copies once they are published (the exit hook is the fallback, e.g. after a dry run). */
async function removeSignedCopies(artifacts) {
    for (const dir of new Set(artifacts.map(a => (0,external_node_path_.dirname)(a.path))))
        if (pending.delete(dir))
            await (0,promises_.rm)(dir, { recursive: true, force: true });
    if (!pending.size)
        process.removeListener('exit', removePending);
}

// EXTERNAL MODULE: ./src/version.ts
var src_version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/packages/identities.ts
/**
 * A package's identity is what clients resolve (deb: name, version, arch; rpm: name, epoch, version, release,
 * arch), not its file name. Two files with one identity in one run would collapse into one index entry while
 * both are uploaded; a file named for another identity than its metadata is very likely a mistake.
 */


/** The identity a client resolves, in words for messages, or undefined for tarballs (named by their file). */
function identityOf(a) {
    const m = a.meta;
    if (m.format === 'deb')
        return `${m.name} ${m.version} (${m.arch})`;
    if (m.format === 'rpm')
        return `${m.name} ${m.rpm.epoch ? `${m.rpm.epoch}:` : ''}${m.rpm.version}-${m.rpm.release} (${m.arch})`;
    return undefined;
}
/** The names an architecture goes by in file names (Falco names its .deb files x86_64, dpkg says amd64). */
const ALIASES = {
    amd64: ['amd64', 'x86_64', 'x86-64'],
    x86_64: ['x86_64', 'amd64', 'x86-64'],
    arm64: ['arm64', 'aarch64'],
    aarch64: ['aarch64', 'arm64'],
    all: ['all', 'noarch'],
    noarch: ['noarch', 'all']
};
/**
 * What of the package's identity its file name does not mention: the name, the version (without epoch) and
 * the architecture, in any of the layouts in use (`falco_0.45.0_amd64.deb`, `falco-0.45.0-x86_64.deb`).
 */
function nameMismatch(a) {
    const m = a.meta;
    if (m.format === 'bin')
        return [];
    const file = a.name.toLowerCase();
    const version = m.format === 'deb' ? m.version.replace(/^\d+:/, '') : m.rpm.version;
    const out = [];
    if (!file.includes(m.name.toLowerCase()))
        out.push(`name ${m.name}`);
    if (!file.includes(version.toLowerCase()))
        out.push(`version ${version}`);
    const arch = m.arch.toLowerCase();
    if (!(ALIASES[arch] ?? [arch]).some(x => file.includes(x)) && !['all', 'noarch'].includes(arch))
        out.push(`architecture ${m.arch}`);
    return out;
}
/** Throws when two files of one run have one identity; warns for file names that disagree with the metadata. */
function checkIdentities(artifacts) {
    const seen = new Map();
    for (const a of artifacts) {
        const identity = identityOf(a);
        if (identity === undefined)
            continue;
        const key = `${a.write.repo}\0${identity}`;
        const other = seen.get(key);
        if (other)
            throw new Error(`${(0,src_version/* show */.WU)(other.path, 300)} and ${(0,src_version/* show */.WU)(a.path, 300)} are both ${a.meta.format} package ${identity}: an index lists one file per package, so one of them would silently vanish. Publish one of them. Nothing was written.`);
        seen.set(key, a);
        const missing = nameMismatch(a);
        if (missing.length)
            log/* warning */.$e(`${(0,src_version/* show */.WU)(a.name, 300)} is package ${identity} by its metadata, but the file name does not say its ${missing.join(', ')}: check that the right file was built.`);
    }
}

// EXTERNAL MODULE: ./src/packages/lock.ts
var packages_lock = __webpack_require__(72586);
// EXTERNAL MODULE: ./src/packages/read.ts + 3 modules
var read = __webpack_require__(80921);
// EXTERNAL MODULE: ./src/packages/route.ts
var packages_route = __webpack_require__(11576);
// EXTERNAL MODULE: ./src/packages/sign.ts
var sign = __webpack_require__(52468);
// EXTERNAL MODULE: ./src/packages/yum.ts + 1 modules
var yum = __webpack_require__(89589);
;// CONCATENATED MODULE: ./src/packages/versionrule.ts
/**
 * Package version against release version (a pure rule; README "Package repositories" documents it).
 *
 * A stable repository is immutable: a `.deb` whose control file says 1.4.0 published in the 1.5.0 release stays
 * there, wrong, for good. So:
 * - the project's **main packages** are those named like the repository (`falco` in falcosecurity/falco), or that
 *   name followed by `-` and more (`falco-static`, `falco-dbgsym`);
 * - a main package's version **matches** the release when, ignoring an epoch and treating `- ~ _ + ^` alike, it
 *   is the release version, or the release version followed by a packaging revision (`1.5.0-1`, rpm `1.5.0-1.el9`,
 *   dev `0.41.0~12+abc1234` for `0.41.0-12+abc1234`);
 * - a mismatch is **refused** in a stable run (nothing is published) and a **warning** in a dev run;
 * - any other package is another component with its own version (a plugin, a tool): published, with a notice
 *   in a stable run when its version is not the release's.
 */
function canonical(version) {
    return version
        .replace(/^\d+:/, '')
        .toLowerCase()
        .replace(/[-~_+^]+/g, '.');
}
/** True when a package's version is the release version, possibly with a packaging revision after it. */
function versionMatches(packageVersion, releaseVersion) {
    const p = canonical(packageVersion);
    const r = canonical(releaseVersion);
    return p === r || p.startsWith(`${r}.`);
}
/** True for the project's own packages: the repository's name, alone or followed by `-` and a variant. */
function isMainPackage(packageName, repository) {
    const project = (repository.split('/').pop() ?? '').toLowerCase();
    const name = packageName.toLowerCase();
    return project !== '' && (name === project || name.startsWith(`${project}-`));
}
function checkPackageVersion(pkg, release, repository) {
    if (!release.version || versionMatches(pkg.version, release.version))
        return { action: 'ok' };
    const main = isMainPackage(pkg.name, repository);
    const says = `${pkg.file} is ${pkg.name} ${pkg.version}, not the ${release.type} release version ${release.version}`;
    if (!main)
        return release.type === 'stable'
            ? {
                action: 'notice',
                message: `${says}: published as another component with its own version (its name is not the repository's).`
            }
            : { action: 'ok' };
    if (release.type === 'stable')
        return {
            action: 'refuse',
            message: `${says}; stable packages are immutable, so a main package (named like the repository) must carry the release version. Rebuild it with version ${release.version}; nothing was published.`
        };
    return {
        action: 'warn',
        message: `${says}; the dev build may not have picked up the version (it will be refused in a stable run).`
    };
}

;// CONCATENATED MODULE: ./src/packages/publisher.ts





















const indexers = {
    deb: aptIndexer,
    rpm: yum/* yumIndexer */.j,
    bin: binIndexer
};
/** The key of a repository's publish lock. */
const lockKey = (repo) => `${repo}/.publish-lock`;
const planned = new WeakMap();
/** The index files each plan (the first one, or a re-merge) was merged from: top files are replaced only if still so. */
const mergedFrom = new WeakMap();
/** Remembers what was read, so apply can tell whether another publisher changed an index since. */
function recording(store, reads) {
    return Object.assign(Object.create(store), {
        async read(key) {
            const data = await store.read(key);
            reads.set(key, data ? (0,hash/* hashBytes */.yi)(data) : undefined);
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
        // Ours and of exactly these bytes: a half-failed run can leave our signature of an older file here.
        if (await signer.signsFile(old, a.path))
            armored = old;
    }
    armored ??= await signer.detachFile(a.path);
    const bytes = typeof armored === 'string' ? Buffer.from(armored, 'utf8') : armored;
    return {
        kind: 'packages',
        repo: a.write.repo,
        key,
        body: { data: bytes },
        ...(0,hash/* hashBytes */.yi)(bytes),
        role: 'signature',
        immutable: false,
        contentType: 'application/pgp-signature',
        reason: `detached OpenPGP signature of ${a.name}`
    };
}
/** The package-version rule (versionrule.ts): every refusal named at once, before anything is written. */
function checkVersions(artifacts, type, version, repository) {
    const refused = [];
    for (const a of artifacts) {
        const verdict = checkPackageVersion({ name: a.meta.name, version: a.meta.version, file: (0,src_version/* show */.WU)(a.name) }, { type, version }, repository);
        if (verdict.action === 'refuse')
            refused.push(verdict.message);
        else if (verdict.action === 'warn')
            log/* warning */.$e(verdict.message);
        else if (verdict.action === 'notice')
            log/* notice */.lm(verdict.message);
    }
    if (refused.length > 0)
        throw new errors/* InputError */.dz('files', refused.join('\n'));
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
            const meta = await (0,read/* readPackage */.L)(path);
            const name = (0,external_node_path_.basename)(path);
            const route = (0,packages_route/* routePackage */.AO)(name, type, meta.format === 'bin' ? meta.arch : undefined);
            const [{ extra, ...digest }, info] = await Promise.all([
                (0,hash/* hashFileWith */.Xc)(path, meta.format === 'deb' ? ['sha1', 'sha512'] : []),
                (0,promises_.stat)(path)
            ]);
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
            const hashes = 'sha1' in extra ? { sha1: extra.sha1, sha512: extra.sha512 } : undefined;
            return { path, name, mtime: Math.floor(info.mtimeMs / 1000), meta, write, hashes };
        });
        checkIdentities(artifacts);
        checkVersions(artifacts, type, release.version, ctx.run.repository);
        const keys = new Map();
        for (const a of artifacts) {
            const other = keys.get(a.write.key);
            if (other)
                throw new Error(`files '${other}' and '${a.path}' would both be published as ${a.write.key}`);
            keys.set(a.write.key, a.path);
        }
        const signer = inputs.signingKey
            ? await (0,sign/* loadSigner */.v)(inputs.signingKey, inputs.signingKeyPassphrase)
            : undefined;
        if (!signer && type === 'stable' && artifacts.length)
            log/* warning */.$e('No signing-key: the stable repositories and packages are published unsigned; apt and dnf users will need to disable signature checks. Set signing-key (an armored private key secret).');
        // rpms carry their signature inside (what dnf's gpgcheck checks): the signed copy is what gets published.
        const notes = signer ? await embedRpmSignatures(artifacts, signer, inputs.concurrency) : [];
        const plan = {
            kind: 'packages',
            release,
            destination: ctx.destination?.display ?? '',
            writes: artifacts.map(a => a.write),
            deletes: [],
            extra: [],
            notes
        };
        if (artifacts.length === 0)
            return plan;
        const reads = new Map();
        const store = recording(await ctx.store(), reads);
        if (signer)
            plan.writes.push(...(await (0,limit/* mapLimit */.s)(artifacts, inputs.concurrency, a => artifactSignature(a, signer, store))));
        await planIndexes(plan, artifacts, { store, inputs, type, signer, now: new Date() });
        planned.set(plan, { artifacts, signer, reads });
        mergedFrom.set(plan, reads);
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
                const lock = await (0,packages_lock/* acquireLock */.I)(store, lockKey(repo), (0,packages_lock/* lockOptions */.W)());
                if (lock)
                    locks.push(lock);
            }
            if (locks.length < repos.length)
                log/* info */.pq(`${store.description} cannot create a lock object exclusively: index files are re-checked just before they are written instead.`);
            const current = await stillCurrent(store, state.reads);
            let final = current ? plan : await replan(plan, state, ctx, store);
            let published;
            // Top files are replaced only if still what the merge read (S3 If-Match); when another publisher got there
            // first, merge again from what it wrote.
            for (let attempt = 1;; attempt++) {
                try {
                    published = await publishInOrder(final, store, options, locks.length === repos.length);
                    break;
                }
                catch (err) {
                    if (!(err instanceof stores_store/* PreconditionFailed */.OJ))
                        throw err;
                    if (attempt >= 5)
                        throw new errors/* PublishError */.S1(`the indexes in ${store.description} kept being replaced by other publishers (${err.message}); this run's packages are uploaded: re-run the job, and serialize publishers with a workflow concurrency group.`);
                    log/* info */.pq(`${err.message}: merging the indexes again.`);
                    final = await replan(plan, state, ctx, store, false);
                }
            }
            if (locks.length < repos.length)
                await converge(plan, state, ctx, store, options);
            // Retention and pruning only once the new top files are live: nothing they or the old ones name goes early.
            return [
                ...published,
                ...(await (0,apply/* applyPlan */.g)({ ...final, writes: [], extra: [] }, store, options)),
                ...final.extra
            ];
        }
        finally {
            for (const lock of locks)
                await lock.release().catch(() => undefined);
            await removeSignedCopies(state.artifacts);
        }
    }
};
/**
 * Artifacts and signatures first, then the index files the top files name (by-hash copies, Packages,
 * repodata), each stage checked in the store before the next names it; then the top files, all or none
 * (commit.ts). Deletes are left to the caller.
 */
async function publishInOrder(plan, store, options, exclusive) {
    const done = [];
    const stages = [
        plan.writes.filter(w => w.role !== 'index'),
        plan.writes.filter(w => w.role === 'index' && !TOP.test(w.key))
    ];
    for (const writes of stages) {
        const results = await (0,apply/* applyPlan */.g)({ ...plan, writes, deletes: [], extra: [] }, store, options);
        done.push(...results);
        // Those found unchanged were just seen in the store with these bytes; the ones written are asked again.
        const written = new Set(results.filter(r => r.status === 'uploaded').map(r => r.path));
        await verifyStored(writes.filter(w => written.has(w.key)), store, options.concurrency);
    }
    const tops = plan.writes.filter(w => TOP.test(w.key));
    return [...done, ...(await commitTop(tops, store, options, plan, mergedFrom.get(plan), exclusive))];
}
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
const sleep = (ms) => new Promise(done => setTimeout(done, ms));
/**
 * Without an exclusive lock, two publishers can both merge from the same old index, and the later write drops the
 * other's packages. So each one re-reads after writing and merges again until the store holds indexes that already
 * contain its packages, twice in a row, with random pauses so that concurrent publishers interleave.
 */
async function converge(plan, state, ctx, store, options) {
    let clean = 0;
    for (let round = 1; round <= 10 && clean < 2; round++) {
        await sleep(150 + Math.random() * 500);
        const again = await replan(plan, state, ctx, store, false);
        const indexes = again.writes.filter(w => w.role === 'index');
        const only = { ...again, writes: indexes };
        mergedFrom.set(only, mergedFrom.get(again));
        const written = await publishInOrder(only, store, options, false).catch((err) => {
            if (err instanceof stores_store/* PreconditionFailed */.OJ)
                return undefined;
            throw err;
        });
        if (written?.every(p => p.status === 'unchanged'))
            clean++;
        else {
            clean = 0;
            log/* info */.pq("Another publisher replaced the indexes meanwhile: merged this run's packages in again.");
        }
    }
    if (clean < 2)
        throw new errors/* PublishError */.S1(`the indexes in ${store.description} kept changing under concurrent publishers; this run's packages are uploaded but may be missing from the indexes: re-run the job, and serialize publishers with a workflow concurrency group.`);
}
/** Another publisher changed the repository since plan(): merge again from what is there now. */
async function replan(plan, state, ctx, store, announce = true) {
    if (announce)
        log/* info */.pq('The repository changed since the plan was made (another publisher): merging the indexes again.');
    const type = plan.release.type;
    const fresh = {
        ...plan,
        writes: plan.writes.filter(w => w.role !== 'index'),
        deletes: [],
        notes: []
    };
    const reads = new Map();
    mergedFrom.set(fresh, reads);
    await planIndexes(fresh, state.artifacts, {
        store: recording(store, reads),
        inputs: ctx.inputs,
        type,
        signer: state.signer,
        now: new Date()
    });
    return fresh;
}


/***/ }),

/***/ 80921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  L: () => (/* binding */ readPackage)
});

// UNUSED EXPORTS: tarballName

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
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

// EXTERNAL MODULE: ./src/packages/control.ts
var control = __webpack_require__(88);
// EXTERNAL MODULE: ./src/packages/inflate.ts
var inflate = __webpack_require__(45658);
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
    const paragraph = (0,control/* parseParagraphs */.Lc)(text)[0];
    if (!paragraph)
        throw new Error('the control file is empty');
    const name = (0,control/* field */.ZZ)(paragraph, 'Package');
    const version = (0,control/* field */.ZZ)(paragraph, 'Version');
    const arch = (0,control/* field */.ZZ)(paragraph, 'Architecture');
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
        return (0,inflate/* inflateBounded */.D)(format, data, MAX_CONTROL_TAR, `member ${member}`);
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

// EXTERNAL MODULE: ./src/packages/route.ts
var route = __webpack_require__(11576);
// EXTERNAL MODULE: ./src/packages/rpm.ts
var packages_rpm = __webpack_require__(57760);
;// CONCATENATED MODULE: ./src/packages/read.ts







/**
 * Reads a package's metadata, with an error naming the file (and the input) when it is corrupt, truncated or not
 * the package its extension claims. Called while planning, so a bad package stops the run before any write.
 */
async function readPackage(path) {
    const name = (0,external_node_path_.basename)(path);
    const format = (0,route/* formatOf */.be)(name);
    try {
        switch (format) {
            case 'deb': {
                const deb = await readDeb(path);
                checkIdentity(format, { name: deb.name, version: deb.version, arch: deb.arch });
                return { format, name: deb.name, version: deb.version, arch: deb.arch, deb };
            }
            case 'rpm': {
                const rpm = await (0,packages_rpm/* readRpm */.Wt)(path);
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
    const arch = (0,route/* tarballArch */.nJ)(file);
    const stem = file.replace(/\.(tar\.gz|tgz)$/, '').slice(0, -(arch.length + 1));
    const m = /^(.+?)-(\d.*?)(?:-([A-Za-z][A-Za-z_]*))?$/.exec(stem);
    if (!m)
        throw new errors/* InputError */.dz('files', `cannot read the version of tarball ${(0,version/* show */.WU)(file)}: expected <name>-<version>-<arch>.tar.gz (e.g. falco-0.40.0-x86_64.tar.gz).`);
    return { name: m[3] ? `${m[1]}-${m[3]}` : m[1], version: m[2], arch };
}


/***/ }),

/***/ 11576:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AO: () => (/* binding */ routePackage),
/* harmony export */   be: () => (/* binding */ formatOf),
/* harmony export */   nJ: () => (/* binding */ tarballArch)
/* harmony export */ });
/* unused harmony exports TARBALL_PLATFORMS, isPlatform */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(311);


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
/**
 * Platforms that are not a CPU architecture (Falco: falco-0.45.0-wasm.tar.gz): such tarballs get a repository of
 * their own beside bin, `<platform>[-dev]/<file>`, as on download.falco.org (`packages/wasm-dev/`).
 */
const TARBALL_PLATFORMS = ['wasm', 'wasm32', 'wasm64', 'wasi', 'emscripten'];
const TARBALL = new RegExp(`^(.+)-(${[...TARBALL_ARCHES, ...TARBALL_PLATFORMS].join('|')})\\.(tar\\.gz|tgz)$`);
/** True for a tarball platform that is not a CPU architecture (it has its own repository). */
const isPlatform = (arch) => TARBALL_PLATFORMS.includes(arch);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('files', `cannot read the architecture of tarball ${(0,_version_js__WEBPACK_IMPORTED_MODULE_1__/* .show */ .WU)(name)}: expected <name>-<version>-<arch>.tar.gz with arch one of ${TARBALL_ARCHES.join(', ')}, or a platform (${TARBALL_PLATFORMS.join(', ')}).`);
    return m[2];
}
/**
 * Routes a package file to its repository and key (pure): `deb[-dev]/stable/<file>`, `rpm[-dev]/<file>`,
 * `bin[-dev]/<arch>/<file>`, and `<platform>[-dev]/<file>` for a tarball whose platform is not a CPU (wasm). `arch`
 * is the package's architecture, when already known from its header.
 */
function routePackage(name, type, arch) {
    const format = formatOf(name);
    if (!format)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('files', `${(0,_version_js__WEBPACK_IMPORTED_MODULE_1__/* .show */ .WU)(name)} is not a package: expected .deb, .rpm, .tar.gz or .tgz.`);
    const repo = type === 'dev' ? `${format}-dev` : format;
    switch (format) {
        case 'deb':
            return { format, repo, key: `${repo}/stable/${name}` };
        case 'rpm':
            return { format, repo, key: `${repo}/${name}` };
        case 'bin': {
            const a = arch ?? tarballArch(name);
            if (!isPlatform(a))
                return { format, repo, key: `${repo}/${a}/${name}` };
            const own = type === 'dev' ? `${a}-dev` : a;
            return { format, repo: own, key: `${own}/${name}` };
        }
    }
}


/***/ }),

/***/ 57760:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wt: () => (/* binding */ readRpm)
/* harmony export */ });
/* unused harmony exports RpmHeader, decodeText, TAG */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);

const LEAD = 96;
/** The lead's type field: 0 binary, 1 source. */
const LEAD_SOURCE = 1;
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
const utf8 = new TextDecoder('utf-8', { fatal: true });
/**
 * A header string as createrepo_c writes it: UTF-8 when it is valid UTF-8, else read as ISO-8859-1 (old packages)
 * the way its cr_latin1_to_utf8 does, which drops the C1 range (0x80-0xBF, mostly misencoded CP-1252).
 */
function decodeText(bytes) {
    let ascii = true;
    for (const b of bytes)
        if (b >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii)
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    try {
        return utf8.decode(bytes);
    }
    catch {
        let out = '';
        for (const b of bytes)
            if (b < 0x80 || b >= 0xc0)
                out += String.fromCharCode(b);
        return out;
    }
}
function parseHeader(body, il, dl, what) {
    const store = body.subarray(il * 16);
    const tags = new Map();
    const cstr = (at) => {
        const end = store.indexOf(0, at);
        if (end < 0)
            throw new Error(`unterminated string in the ${what}`);
        return [decodeText(store.subarray(at, end)), end + 1];
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
    const file = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(path, 'r');
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
        // Old source rpms have no SOURCEPACKAGE tag: their lead says source, and they name no source rpm.
        const source = h.tags.has(TAG.SOURCEPACKAGE) || (lead.readUInt16BE(6) === LEAD_SOURCE && !h.tags.has(TAG.SOURCERPM));
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


/***/ }),

/***/ 42441:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ signRpm)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var openpgp__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(13074);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(311);
/**
 * Embedded OpenPGP header signatures in .rpm files, as `rpmsign --addsign` (rpm 4.18) writes them, without gpg
 * or rpmsign: the signature header gains a v4 signature of the header (RPMSIGTAG_RSA for RSA keys,
 * RPMSIGTAG_DSA for EdDSA, ECDSA and DSA keys), while the lead, the header and the payload stay byte-identical,
 * so the header digests (SHA1, SHA256) and the payload digest that rpm checks remain valid.
 *
 * This is what `gpgcheck=1` in a .repo file (dnf), `--gpgcheck-strict` (zypper) and `rpmkeys --checksig` verify;
 * the detached `.asc` next to a package plays no part for them.
 *
 * Policy for an rpm that is already signed (rpm 4.18 keeps one header signature, and its `--addsign` and
 * `--resign` both replace whatever signature is there):
 * - signed by this key, and the signature verifies: kept as it is (`kept`), so re-signing is a no-op;
 * - signed by another key (or by this key, but no longer valid): every OpenPGP signature tag is replaced by
 *   ours (`replaced`), as `rpmsign --resign` does; the replaced key IDs are reported.
 *
 * Layout, as rpm writes it: the signature header's entries sorted by tag, data aligned to the type's width, one
 * immutable region (RPMTAG_HEADERSIGNATURES) over all entries with its trailer at the end of the data, then
 * zero padding to a multiple of 8 bytes. rpmbuild reserves space in the signature header
 * (RPMSIGTAG_RESERVEDSPACE); it shrinks by what the signature adds, so the header usually stays where it was.
 *
 * Only the lead and the two headers are held in memory; the payload is streamed to the output (and its SHA256
 * digest checked on the way, so a corrupt package is refused rather than signed).
 */







const LEAD = 96;
const LEAD_MAGIC = 0xedabeedb;
const HEADER_MAGIC = Buffer.from('8eade80100000000', 'hex');
/** The lead's signature_type: a header-style signature section (every rpm since rpm 3). */
const RPMSIGTYPE_HEADERSIG = 5;
/** rpm refuses signature headers over 64 MB and headers over 256 MB; checked before allocating. */
const MAX_SIG = 64 << 20;
const MAX_HEADER = 256 << 20;
const RPMTAG_HEADERSIGNATURES = 62;
const SIGTAG = {
    BADSHA1_1: 264,
    BADSHA1_2: 265,
    DSA: 267,
    RSA: 268,
    SHA1: 269,
    SHA256: 273,
    SIZE: 1000,
    LONGSIZE: 270,
    PGP: 1002,
    GPG: 1005,
    PGP5: 1006,
    RESERVEDSPACE: 1008
};
/** Tags rpmsign drops before it adds a signature: OpenPGP signatures (header-only and legacy header+payload). */
const DROPPED = new Set([
    RPMTAG_HEADERSIGNATURES,
    SIGTAG.BADSHA1_1,
    SIGTAG.BADSHA1_2,
    SIGTAG.DSA,
    SIGTAG.RSA,
    SIGTAG.PGP,
    SIGTAG.GPG,
    SIGTAG.PGP5
]);
const RPMTAG_BUILDTIME = 1006;
const RPMTAG_PAYLOADDIGEST = 5092;
const RPMTAG_PAYLOADDIGESTALGO = 5093;
const PGPHASHALGO_SHA256 = 8;
/** OpenPGP public-key algorithms rpm files under RPMSIGTAG_RSA (RSA, RSA encrypt-or-sign, RSA sign-only). */
const RSA_ALGORITHMS = new Set([1, 2, 3]);
/** Type → [element width, alignment]; strings are measured by their terminators. */
const WIDTH = {
    0: [0, 1],
    1: [1, 1],
    2: [1, 1],
    3: [2, 2],
    4: [4, 4],
    5: [8, 8],
    7: [1, 1]
};
const STRING = 6;
const STRING_ARRAY = 8;
const I18NSTRING = 9;
const BIN = 7;
/**
 * Signs the rpm at `input` with `signer` and writes the signed rpm to `output` (which may be `input`: the file
 * is replaced atomically, through a temporary file next to it). `output` is always written, also when the
 * package already carried our valid signature (`kept`: a copy). Throws, naming what is wrong, when the file is
 * not an rpm, is truncated, or its header or payload do not match their digests; `output` is then untouched.
 */
async function signRpm(input, output, signer) {
    try {
        return await sign(input, output, signer);
    }
    catch (err) {
        throw new Error(`cannot sign ${(0,_version_js__WEBPACK_IMPORTED_MODULE_6__/* .show */ .WU)(input, 300)}: ${err.message}`, { cause: err });
    }
}
async function sign(input, output, signer) {
    const parsed = await readSigned(input);
    const existing = parsed.entries.filter(e => e.tag === SIGTAG.RSA || e.tag === SIGTAG.DSA);
    const legacy = parsed.entries.filter(e => e.tag === SIGTAG.PGP || e.tag === SIGTAG.GPG || e.tag === SIGTAG.PGP5);
    const ours = async (e) => (await keyIds(e.data)).includes(signer.keyId) && (await signer.verifyBinary(e.data, parsed.header));
    if (existing.length === 1 && !legacy.length && (await ours(existing[0]))) {
        await writeAtomically(output, async (tmp) => {
            await verifyPayload(input, parsed);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.copyFile)(input, tmp);
        });
        return { status: 'kept', replaced: [] };
    }
    const replaced = [...new Set((await Promise.all([...existing, ...legacy].map(e => keyIds(e.data)))).flat())];
    const signature = Buffer.from(await signer.signBinary(parsed.header, new Date(parsed.buildTime * 1000)));
    const entries = parsed.entries.filter(e => !DROPPED.has(e.tag));
    entries.push({
        tag: RSA_ALGORITHMS.has(signer.algorithm) ? SIGTAG.RSA : SIGTAG.DSA,
        type: BIN,
        count: signature.length,
        data: signature
    });
    const sig = reserve(entries, parsed.sigSize);
    await writeAtomically(output, async (tmp) => {
        const out = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(tmp);
        const pad = Buffer.alloc((8 - (sig.length % 8)) % 8);
        const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        const head = Buffer.concat([parsed.lead, sig, pad, parsed.header]);
        async function* bytes() {
            yield head;
            for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(input, {
                start: parsed.headerEnd,
                highWaterMark: 1 << 20
            })) {
                digest.update(chunk);
                yield chunk;
            }
        }
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(bytes, out);
        checkPayload(parsed, digest.digest('hex'));
    });
    return { status: replaced.length ? 'replaced' : 'signed', replaced };
}
async function readSigned(path) {
    const file = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, 'r');
    try {
        const { size } = await file.stat();
        const lead = await readAt(file, LEAD, 0, size, 'lead');
        if (lead.readUInt32BE(0) !== LEAD_MAGIC)
            throw new Error('not an rpm package (bad lead magic)');
        if (lead.readUInt16BE(78) !== RPMSIGTYPE_HEADERSIG)
            throw new Error(`unsupported signature type ${lead.readUInt16BE(78)} in the lead (rpm 2 package?)`);
        const sigIntro = await readAt(file, 16, LEAD, size, 'signature header');
        const sigSize = checkIntro(sigIntro, MAX_SIG, 'signature header');
        const sigBody = await readAt(file, sigSize - 16, LEAD + 16, size, 'signature header');
        const entries = parseEntries(sigBody, sigIntro.readUInt32BE(8), 'signature header');
        const headerStart = LEAD + sigSize + ((8 - (sigSize % 8)) % 8);
        const intro = await readAt(file, 16, headerStart, size, 'header');
        const headerSize = checkIntro(intro, MAX_HEADER, 'header');
        const header = Buffer.concat([
            intro,
            await readAt(file, headerSize - 16, headerStart + 16, size, 'header')
        ]);
        const headerEnd = headerStart + headerSize;
        checkHeader(entries, header, size - headerStart);
        const tags = parseEntries(header.subarray(16), intro.readUInt32BE(8), 'header');
        const int = (tag) => {
            const e = tags.find(t => t.tag === tag);
            return e?.type === 4 && e.data.length >= 4 ? e.data.readUInt32BE(0) : undefined;
        };
        const digestEntry = tags.find(t => t.tag === RPMTAG_PAYLOADDIGEST);
        const payloadDigest = digestEntry && int(RPMTAG_PAYLOADDIGESTALGO) === PGPHASHALGO_SHA256
            ? digestEntry.data.toString('latin1').split('\0')[0]
            : undefined;
        return { lead, entries, sigSize, header, headerEnd, buildTime: int(RPMTAG_BUILDTIME) ?? 0, payloadDigest };
    }
    finally {
        await file.close();
    }
}
async function readAt(file, length, at, size, what) {
    if (at + length > size)
        throw new Error(`truncated: the ${what} ends past the end of the file (${size} bytes)`);
    const buf = Buffer.alloc(length);
    await file.read(buf, 0, length, at);
    return buf;
}
/** Checks a header intro and returns the structure's size in bytes (intro, index and data). */
function checkIntro(intro, max, what) {
    if (!intro.subarray(0, 8).equals(HEADER_MAGIC))
        throw new Error(`${what}: bad magic`);
    const il = intro.readUInt32BE(8);
    const dl = intro.readUInt32BE(12);
    if (il < 1 || il > 0xffff || il * 16 + dl > max)
        throw new Error(`${what}: implausible size (${il} index entries, ${dl} data bytes)`);
    return 16 + il * 16 + dl;
}
/** Splits index and data into entries with their raw data bytes (bounds checked). */
function parseEntries(body, il, what) {
    const store = body.subarray(il * 16);
    const entries = [];
    for (let i = 0; i < il; i++) {
        const tag = body.readUInt32BE(i * 16);
        const type = body.readUInt32BE(i * 16 + 4);
        const offset = body.readInt32BE(i * 16 + 8);
        const count = body.readUInt32BE(i * 16 + 12);
        if (offset < 0 || offset > store.length)
            throw new Error(`${what}: bad offset for tag ${tag}`);
        let end;
        if (type === STRING || type === STRING_ARRAY || type === I18NSTRING) {
            end = offset;
            for (let k = 0; k < (type === STRING ? 1 : count); k++) {
                const nul = store.indexOf(0, end);
                if (nul < 0)
                    throw new Error(`${what}: unterminated string in tag ${tag}`);
                end = nul + 1;
            }
        }
        else {
            const width = WIDTH[type];
            if (!width)
                throw new Error(`${what}: unknown type ${type} for tag ${tag}`);
            end = offset + width[0] * count;
        }
        if (end > store.length)
            throw new Error(`${what}: tag ${tag} overruns the data`);
        entries.push({ tag, type, count, data: store.subarray(offset, end) });
    }
    return entries;
}
/** The header must match the digests the signature header holds for it, and the sizes must add up. */
function checkHeader(entries, header, headerAndPayload) {
    const str = (tag) => entries
        .find(e => e.tag === tag && e.type === STRING)
        ?.data.toString('latin1')
        .replace(/\0$/, '');
    const sha256 = str(SIGTAG.SHA256);
    const sha1 = str(SIGTAG.SHA1);
    if (sha256 !== undefined && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(header).digest('hex') !== sha256)
        throw new Error('the header does not match its SHA256 digest (corrupt package)');
    if (sha1 !== undefined && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(header).digest('hex') !== sha1)
        throw new Error('the header does not match its SHA1 digest (corrupt package)');
    const sizeEntry = entries.find(e => e.tag === SIGTAG.LONGSIZE || e.tag === SIGTAG.SIZE);
    const declared = sizeEntry?.type === 5
        ? Number(sizeEntry.data.readBigUInt64BE(0))
        : sizeEntry?.type === 4
            ? sizeEntry.data.readUInt32BE(0)
            : undefined;
    if (declared !== undefined && declared !== headerAndPayload)
        throw new Error(`truncated or padded: header and payload are ${headerAndPayload} bytes, the signature header says ${declared}`);
}
function checkPayload(parsed, sha256) {
    if (parsed.payloadDigest !== undefined && parsed.payloadDigest !== sha256)
        throw new Error('the payload does not match its SHA256 digest (corrupt package)');
}
async function verifyPayload(path, parsed) {
    if (parsed.payloadDigest === undefined)
        return;
    const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path, { start: parsed.headerEnd, highWaterMark: 1 << 20 }), new node_stream__WEBPACK_IMPORTED_MODULE_3__.Transform({
        transform(chunk, _, done) {
            digest.update(chunk);
            done();
        }
    }));
    checkPayload(parsed, digest.digest('hex'));
}
/**
 * The signature header rpm writes for `entries`; when it holds reserved space, the reserve shrinks by what the
 * new entries added (if it can), so the header keeps its size and place, as rpmsign does.
 */
function reserve(entries, oldSize) {
    const first = serialize(entries);
    const i = entries.findIndex(e => e.tag === SIGTAG.RESERVEDSPACE && e.type === BIN);
    const diff = first.length - oldSize;
    if (i < 0 || diff <= 0 || diff >= entries[i].count)
        return first;
    const count = entries[i].count - diff;
    const adjusted = entries.map((e, k) => (k === i ? { ...e, count, data: Buffer.alloc(count) } : e));
    return serialize(adjusted);
}
function serialize(unsorted) {
    const entries = [...unsorted].sort((a, b) => a.tag - b.tag);
    const il = entries.length + 1;
    const index = Buffer.alloc(il * 16);
    const data = [];
    let dl = 0;
    entries.forEach((e, k) => {
        const align = e.type === STRING || e.type === STRING_ARRAY || e.type === I18NSTRING ? 1 : WIDTH[e.type][1];
        const pad = (align - (dl % align)) % align;
        if (pad)
            data.push(Buffer.alloc(pad));
        dl += pad;
        const at = (k + 1) * 16;
        index.writeUInt32BE(e.tag, at);
        index.writeUInt32BE(e.type, at + 4);
        index.writeInt32BE(dl, at + 8);
        index.writeUInt32BE(e.count, at + 12);
        data.push(e.data);
        dl += e.data.length;
    });
    // The region: its index entry points at a trailer (at the end of the data) whose offset covers all entries.
    const trailer = Buffer.alloc(16);
    trailer.writeUInt32BE(RPMTAG_HEADERSIGNATURES, 0);
    trailer.writeUInt32BE(BIN, 4);
    trailer.writeInt32BE(-il * 16, 8);
    trailer.writeUInt32BE(16, 12);
    index.writeUInt32BE(RPMTAG_HEADERSIGNATURES, 0);
    index.writeUInt32BE(BIN, 4);
    index.writeInt32BE(dl, 8);
    index.writeUInt32BE(16, 12);
    data.push(trailer);
    dl += 16;
    const intro = Buffer.alloc(16);
    HEADER_MAGIC.copy(intro);
    intro.writeUInt32BE(il, 8);
    intro.writeUInt32BE(dl, 12);
    return Buffer.concat([intro, index, ...data]);
}
/** Issuer key IDs of binary signature packets; empty when they cannot be read. */
async function keyIds(binarySignature) {
    try {
        const signature = await openpgp__WEBPACK_IMPORTED_MODULE_5__.readSignature({ binarySignature });
        return signature.getSigningKeyIDs().map(id => id.toHex().toLowerCase());
    }
    catch {
        return [];
    }
}
/** Writes through a temporary file next to `path`, renamed into place only when `write` succeeded. */
async function writeAtomically(path, write) {
    const tmp = `${path}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`;
    try {
        await write(tmp);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(tmp, path);
    }
    catch (err) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmp, { force: true });
        throw err;
    }
}


/***/ }),

/***/ 52468:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   signatureKeyIds: () => (/* binding */ signatureKeyIds),
/* harmony export */   v: () => (/* binding */ loadSigner)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var openpgp__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(13074);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);




/** Loads the armored private key from `signing-key`, decrypting it with `signing-key-passphrase` when given. */
async function loadSigner(armoredKey, passphrase) {
    let key;
    try {
        key = await openpgp__WEBPACK_IMPORTED_MODULE_2__.readPrivateKey({ armoredKey });
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('signing-key', `is not an armored OpenPGP private key (${err.message}); export one with 'gpg --armor --export-secret-keys <id>'.`);
    }
    if (!key.isDecrypted()) {
        if (!passphrase)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('signing-key-passphrase', 'is required: the signing key is protected by a passphrase.');
        try {
            key = await openpgp__WEBPACK_IMPORTED_MODULE_2__.decryptKey({ privateKey: key, passphrase });
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('signing-key-passphrase', 'does not decrypt the signing key.');
        }
    }
    const signingKey = await key.getSigningKey().catch(() => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('signing-key', 'has no usable signing (sub)key: it may be expired or revoked.');
    });
    const keyId = signingKey.getKeyID().toHex().toLowerCase();
    const created = signingKey.getCreationTime().getTime();
    const algorithm = openpgp__WEBPACK_IMPORTED_MODULE_2__.enums.publicKey[signingKey.getAlgorithmInfo().algorithm];
    const publicKey = key.toPublic();
    const detachMessage = async (message) => openpgp__WEBPACK_IMPORTED_MODULE_2__.sign({ message, signingKeys: key, detached: true, format: 'armored' });
    const verificationKey = publicKey;
    return {
        keyId,
        signs: async (armored, data) => armored !== undefined && verifiesExactly(toText(armored), data, verificationKey),
        async signsFile(armored, path) {
            if (armored === undefined)
                return false;
            try {
                const signature = await openpgp__WEBPACK_IMPORTED_MODULE_2__.readSignature({ armoredSignature: toText(armored) });
                const message = await openpgp__WEBPACK_IMPORTED_MODULE_2__.createMessage({ binary: fileStream(path) });
                const result = await openpgp__WEBPACK_IMPORTED_MODULE_2__.verify({ message, signature, verificationKeys: verificationKey });
                // Streamed: the signatures settle only once the data has been read through.
                const reader = result.data.getReader();
                while (!(await reader.read()).done)
                    ;
                return await allVerified(result.signatures);
            }
            catch {
                return false;
            }
        },
        detach: async (data) => detachMessage(await openpgp__WEBPACK_IMPORTED_MODULE_2__.createMessage({ binary: data })),
        async detachFile(path) {
            const message = await openpgp__WEBPACK_IMPORTED_MODULE_2__.createMessage({ binary: fileStream(path) });
            const signature = await openpgp__WEBPACK_IMPORTED_MODULE_2__.sign({ message, signingKeys: key, detached: true, format: 'armored' });
            return readText(signature);
        },
        clearsign: async (text) => openpgp__WEBPACK_IMPORTED_MODULE_2__.sign({
            message: await openpgp__WEBPACK_IMPORTED_MODULE_2__.createCleartextMessage({ text }),
            signingKeys: key,
            format: 'armored'
        }),
        publicKey: publicKey.armor(),
        algorithm,
        async signBinary(data, date) {
            const at = new Date(Math.min(Math.max(date.getTime(), created), Date.now()));
            return openpgp__WEBPACK_IMPORTED_MODULE_2__.sign({
                message: await openpgp__WEBPACK_IMPORTED_MODULE_2__.createMessage({ binary: data }),
                signingKeys: key,
                // Exactly the (sub)key keyId names, also when another one was valid at `at`.
                signingKeyIDs: [signingKey.getKeyID()],
                detached: true,
                format: 'binary',
                date: at,
                config: { nonDeterministicSignaturesViaNotation: false }
            });
        },
        async verifyBinary(binarySignature, data) {
            try {
                const { signatures } = await openpgp__WEBPACK_IMPORTED_MODULE_2__.verify({
                    message: await openpgp__WEBPACK_IMPORTED_MODULE_2__.createMessage({ binary: data }),
                    signature: await openpgp__WEBPACK_IMPORTED_MODULE_2__.readSignature({ binarySignature }),
                    verificationKeys: publicKey,
                    format: 'binary'
                });
                if (!signatures.length)
                    return false;
                for (const s of signatures)
                    await s.verified;
                return true;
            }
            catch {
                return false;
            }
        }
    };
}
const fileStream = (path) => node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.toWeb((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(path, { highWaterMark: 1 << 20 }));
const toText = (v) => typeof v === 'string' ? v : Buffer.from(v).toString('utf8');
async function verifiesExactly(armored, data, verificationKey) {
    try {
        if (armored.includes('BEGIN PGP SIGNED MESSAGE')) {
            const message = await openpgp__WEBPACK_IMPORTED_MODULE_2__.readCleartextMessage({ cleartextMessage: armored });
            if (message.getText() !== toText(data))
                return false;
            const { signatures } = await openpgp__WEBPACK_IMPORTED_MODULE_2__.verify({ message, verificationKeys: verificationKey });
            return await allVerified(signatures);
        }
        const signature = await openpgp__WEBPACK_IMPORTED_MODULE_2__.readSignature({ armoredSignature: armored });
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        const message = await openpgp__WEBPACK_IMPORTED_MODULE_2__.createMessage({ binary: bytes });
        const { signatures } = await openpgp__WEBPACK_IMPORTED_MODULE_2__.verify({ message, signature, verificationKeys: verificationKey });
        return await allVerified(signatures);
    }
    catch {
        return false;
    }
}
async function allVerified(signatures) {
    if (!signatures.length)
        return false;
    for (const s of signatures)
        if (!(await s.verified.catch(() => false)))
            return false;
    return true;
}
/** Key IDs an armored detached or clearsigned signature was made with; empty when it cannot be read. */
async function signatureKeyIds(armored) {
    try {
        const signed = armored.includes('BEGIN PGP SIGNED MESSAGE')
            ? await openpgp__WEBPACK_IMPORTED_MODULE_2__.readCleartextMessage({ cleartextMessage: armored })
            : await openpgp__WEBPACK_IMPORTED_MODULE_2__.readSignature({ armoredSignature: armored });
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


/***/ }),

/***/ 89589:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  j: () => (/* binding */ yumIndexer)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./src/packages/compare.ts
var compare = __webpack_require__(38098);
// EXTERNAL MODULE: ./src/packages/generations.ts
var generations = __webpack_require__(15442);
// EXTERNAL MODULE: ./src/packages/indexer.ts + 1 modules
var indexer = __webpack_require__(3412);
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
/** As libxml2 serializes attributes without a document encoding: non-ASCII characters as `&#xHEX;`. */
function escapeAttr(s) {
    return escapeText(s)
        .replace(/"/g, '&quot;')
        .replace(/\n/g, '&#10;')
        .replace(/\t/g, '&#9;')
        .replace(/[^\t\n\r -\x7f]/gu, c => `&#x${c.codePointAt(0).toString(16).toUpperCase()};`);
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
            const evr = (0,compare/* parseEvr */.Hc)(d.version);
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
/**
 * Requires as createrepo_c lists them: no rpmlib(), no own primary files, none that equals one of the package's
 * provides (name, flags and version), no repeats, and of the libc.so.6 requires only the highest GLIBC version.
 */
function requires(pkg) {
    const files = new Set(pkg.files.map(f => f.path));
    const nfv = (d) => `${d.name}\0${FLAGS[d.flags & 0xf] ?? ''}\0${d.version}`;
    const provided = new Set(pkg.provides.map(nfv));
    const seen = new Map();
    const out = [];
    let libc;
    for (const d of pkg.requires) {
        if (d.name.startsWith('rpmlib('))
            continue;
        if (d.name.startsWith('/') && files.has(d.name) && isPrimaryFile(d.name))
            continue;
        if (provided.has(nfv(d)))
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
/**
 * createrepo_c's `cr_compare_dependency` for libc.so.6 names: `libc.so.6` < `libc.so.6()(64bit)` <
 * `libc.so.6(GLIBC_2.3.4)(64bit)` < `libc.so.6(GLIBC_2.34)(64bit)`. The version is what follows the first digit
 * inside the first parentheses, compared with rpmvercmp; a first group without a digit (`(GLIBC_PRIVATE)`) counts
 * as no version, never the `64` of a later `(64bit)`. Returns 0 (same), 1 (first higher) or 2 (second higher).
 */
function compareLibc(a, b) {
    const group = (s) => {
        const open = s.indexOf('(');
        if (open < 0)
            return undefined;
        const close = s.indexOf(')', open);
        return close < 0 ? undefined : s.slice(open + 1, close);
    };
    const x = group(a);
    const y = group(b);
    if (x === undefined && y === undefined)
        return 0;
    if (x === undefined)
        return 2;
    if (y === undefined)
        return 1;
    if (!x && !y)
        return 0;
    if (!x)
        return 2;
    if (!y)
        return 1;
    const vx = /\d.*$/.exec(x)?.[0];
    const vy = /\d.*$/.exec(y)?.[0];
    if (vx === undefined && vy === undefined)
        return 0;
    if (vx === undefined)
        return 2;
    if (vy === undefined)
        return 1;
    const c = (0,compare/* rpmvercmp */.Lb)(vx, vy);
    return c < 0 ? 2 : c > 0 ? 1 : 0;
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
        (0,compare/* compareEvr */.z6)(a, b) ||
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
            const published = entries.get(nevra(e));
            // pkgid is the package's sha256 as createrepo_c writes it; another checksum type cannot be compared.
            if (ctx.type === 'stable' &&
                !ctx.resigning &&
                published &&
                /^[0-9a-f]{64}$/i.test(published.pkgid) &&
                published.pkgid.toLowerCase() !== a.write.sha256)
                throw new Error(`refusing ${a.name}: ${e.name} ${e.epoch}:${e.version}-${e.release} (${e.arch}) is already in the stable repository ${repo} as ${published.href} with other bytes. A stable release is immutable: publish a new version instead. Nothing was written.`);
            for (const [k, old] of entries)
                if (old.href === href)
                    entries.delete(k);
            entries.set(nevra(e), e);
            added.add(href);
        }
        const notes = [];
        const { deletes, count } = await (0,indexer/* retire */.S5)(repo, entries, ctx, compare/* compareEvr */.z6, e => e.href, e => added.has(e.href));
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
                    writes.push((0,indexer/* indexWrite */.UQ)(repo, `${repo}/${rec.href}`, oldRaw[t], `rpm ${t} metadata`, 'application/gzip'));
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
                writes.push((0,indexer/* indexWrite */.UQ)(repo, `${repo}/${href}`, gz, `rpm ${t} metadata`, 'application/gzip'));
            }
            const kept = records.filter(r => !TYPES.includes(r.type) && !DROPPED.has(r.type));
            repomd = renderRepomd(Math.floor(ctx.now.getTime() / 1000), data, kept);
            // The replaced metadata stays for clients holding the old repomd.xml (createrepo_c --retain-old-md).
            const live = new Set([...data.map(d => d.href), ...kept.map(k => k.href)].map(h => `${repo}/${h}`));
            deletes.push(...(await (0,generations/* pruneGenerations */.i)(store, {
                repo,
                prefix: `${repo}/repodata/`,
                series: key => /\/repodata\/[0-9a-f]{32,128}-([^/.]+)\.[^/]+$/.exec(key)?.[1],
                live,
                previous: new Set(records.map(r => `${repo}/${r.href}`)),
                keep: ctx.inputs.keepIndexGenerations,
                perGeneration: 1,
                reason: `repository metadata older than the last ${ctx.inputs.keepIndexGenerations} generation(s)`
            })));
        }
        writes.push((0,indexer/* indexWrite */.UQ)(repo, repomdKey, repomd, 'rpm repository metadata index', 'text/xml'));
        if (ctx.signer) {
            // Reused only when it signs exactly this repomd.xml: a half-failed publish can leave ours of another one.
            const bytes = typeof repomd === 'string' ? Buffer.from(repomd) : repomd;
            const oldAsc = same ? await store.read(`${repomdKey}.asc`) : undefined;
            const asc = oldAsc && (await ctx.signer.signs(oldAsc, bytes)) ? oldAsc : await ctx.signer.detach(bytes);
            writes.push((0,indexer/* indexWrite */.UQ)(repo, `${repomdKey}.asc`, asc, 'rpm repository metadata signature', 'application/pgp-signature'));
            // Where zypper (--gpg-auto-import-keys) and a .repo file's gpgkey= find the key.
            writes.push((0,indexer/* indexWrite */.UQ)(repo, `${repomdKey}.key`, ctx.signer.publicKey, 'public key of the rpm repository and package signatures', 'application/pgp-keys'));
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


/***/ })

};
