export const id = 399;
export const ids = [399];
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

/***/ 56399:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  driversPublisher: () => (/* binding */ driversPublisher),
  encodePlus: () => (/* binding */ encodePlus)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/apply.ts
var apply = __webpack_require__(48931);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/files.ts
var src_files = __webpack_require__(59148);
// EXTERNAL MODULE: ./src/inside.ts
var inside = __webpack_require__(50063);
// EXTERNAL MODULE: ./src/hash.ts
var hash = __webpack_require__(56495);
// EXTERNAL MODULE: ./src/limit.ts
var limit = __webpack_require__(57768);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/drivers/flatyaml.ts
// A plain scalar without anything YAML could read otherwise: no spaces (so no ` #` comment and no `: `),
// no indicator first character, no quotes, brackets, braces, commas or backslashes anywhere.
const PLAIN = /^[A-Za-z0-9._/~+=][A-Za-z0-9._/~+=:@%-]*$/;
// Control characters are excluded on purpose: a quoted value holding one is left to the library.
// eslint-disable-next-line no-control-regex
const QUOTED = /^"([^"\\\x00-\x1f\x7f]*)"$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
function scalar(raw) {
    if (PLAIN.test(raw))
        return raw.endsWith(':') ? undefined : raw;
    return QUOTED.exec(raw)?.[1];
}
/** A `key: value` or `key:` line split in two, or undefined when it is not that shape. */
function pair(line) {
    const colon = line.indexOf(':');
    if (colon <= 0)
        return undefined;
    const key = line.slice(0, colon);
    if (!KEY.test(key) || key === '__proto__')
        return undefined;
    const rest = line.slice(colon + 1);
    if (rest === '')
        return [key, undefined];
    if (rest[0] !== ' ')
        return undefined;
    const value = scalar(rest.slice(1).replace(/ +$/, ''));
    return value === undefined ? undefined : [key, value];
}
function parseFlatYaml(text) {
    if (/[\t\r\ufeff]/.test(text))
        return undefined;
    const lines = text.split('\n');
    const doc = {};
    let i = 0;
    while (i < lines.length) {
        const line = lines[i];
        if (line === '') {
            i++;
            continue;
        }
        if (line[0] === ' ')
            return undefined;
        const top = pair(line);
        if (!top || Object.hasOwn(doc, top[0]))
            return undefined;
        i++;
        if (top[1] !== undefined) {
            doc[top[0]] = top[1];
            continue;
        }
        // A key with nothing after it: its indented children, all at one indentation, all items or all pairs.
        const indent = /^ */.exec(lines[i] ?? '')?.[0].length ?? 0;
        if (indent === 0)
            return undefined;
        const items = [];
        const map = {};
        let kind;
        while (i < lines.length && lines[i].startsWith(' ')) {
            const child = lines[i];
            if (child.length <= indent || child[indent] === ' ' || child.slice(0, indent).trim() !== '')
                return undefined;
            const body = child.slice(indent);
            if (body.startsWith('- ')) {
                if (kind === 'map')
                    return undefined;
                kind = 'items';
                const value = scalar(body.slice(2).replace(/ +$/, ''));
                if (value === undefined)
                    return undefined;
                items.push(value);
            }
            else {
                if (kind === 'items')
                    return undefined;
                kind = 'map';
                const p = pair(body);
                if (!p || p[1] === undefined || Object.hasOwn(map, p[0]))
                    return undefined;
                map[p[0]] = p[1];
            }
            i++;
        }
        if (!kind)
            return undefined;
        doc[top[0]] = kind === 'items' ? items : map;
    }
    return Object.keys(doc).length > 0 ? doc : undefined;
}

;// CONCATENATED MODULE: ./src/drivers/config.ts







/** The arch folders of the Drivers Build Grid and the driverkit `architecture` each one stands for. */
const ARCH_FOLDERS = { x86_64: 'amd64', aarch64: 'arm64' };
// Most configs are a few hundred bytes, but bottlerocket, minikube and talos configs embed the kernel config
// (kernelconfigdata, base64): ~190-220 KB in test-infra's grid. 4 MiB leaves room for any real kernel config and
// still bounds what one file can cost; the YAML limits (no aliases, unique keys) stay whatever the size.
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
// How long the synchronous reading runs before it lets other work in.
const SLICE_MS = 10;
/** A field value that may become part of an object key: no `/`, `..`, backslash or control characters. */
function badField(value) {
    if (value.trim() === '')
        return 'is empty';
    if (value !== value.trim())
        return 'has leading or trailing white space';
    if ((0,version/* hasControlChars */.jt)(value))
        return 'contains control characters';
    if (value.includes('/') || value.includes('\\'))
        return "contains '/' or '\\'";
    if (value.includes('..'))
        return "contains '..'";
    return undefined;
}
/** An output path relative to output-dir: no absolute path, no `..` segment, no control characters. */
function badOutputPath(value) {
    if (value.trim() === '')
        return 'is empty';
    if ((0,version/* hasControlChars */.jt)(value))
        return 'contains control characters';
    if (value.startsWith('/') || /^[a-z]:[\\/]/i.test(value) || value.includes('\\'))
        return 'must be a relative path with forward slashes';
    if (value.split('/').some(part => part === '..'))
        return "must not contain '..' segments";
    return undefined;
}
/** A scalar field as text (the failsafe schema keeps every scalar a string: `5.10` stays `5.10`). */
function config_text(doc, name) {
    const value = doc[name];
    return typeof value === 'string' ? value : undefined;
}
/**
 * Validates one config from its path (`<driverversion>/<arch>/<target>_<kernelrelease>_<kernelversion>.yaml`,
 * relative to the config folder) and its YAML text. Pure: the reader and the tests share it.
 */
function parseConfig(path, yamlText) {
    const known = {};
    const fail = (reason) => ({ invalid: { path, reason, ...known } });
    const parts = path.split('/');
    // Parsed first, so even a config refused for its place in the tree says which built files are its own.
    let doc = parseFlatYaml(yamlText);
    if (doc === undefined)
        try {
            // failsafe: every scalar stays the exact text written (no 5.10 → 5.1, no octal or date surprises).
            doc = (0,dist/* parse */.qg)(yamlText, { schema: 'failsafe', uniqueKeys: true, maxAliasCount: 0 });
        }
        catch (err) {
            return fail(`not valid YAML: ${err.message.split('\n')[0]}`);
        }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc))
        return fail('not a YAML mapping');
    const fields = doc;
    const outputs = outputNames(fields.output);
    if (outputs)
        known.outputs = outputs;
    if (parts.length !== 3)
        return fail(parts.length === 2
            ? 'no arch folder (a legacy layout): expected <driverversion>/<x86_64|aarch64>/<target>_<kernelrelease>_<kernelversion>.yaml'
            : 'expected <driverversion>/<x86_64|aarch64>/<target>_<kernelrelease>_<kernelversion>.yaml');
    const [folderVersion, archFolder, file] = parts;
    const versionProblem = badField(folderVersion);
    if (versionProblem)
        return fail(`the driver version folder ${(0,version/* show */.WU)(folderVersion)} ${versionProblem}`);
    if (!Object.hasOwn(ARCH_FOLDERS, archFolder))
        return fail(`the arch folder ${(0,version/* show */.WU)(archFolder)} is not one of ${Object.keys(ARCH_FOLDERS).join(', ')}`);
    const arch = archFolder;
    const values = {};
    for (const name of ['target', 'kernelrelease', 'kernelversion']) {
        const value = config_text(fields, name);
        if (value === undefined)
            return fail(`field '${name}' is missing or not a string`);
        const problem = badField(value);
        if (problem)
            return fail(`field '${name}' ${(0,version/* show */.WU)(value)} ${problem}`);
        values[name] = value;
    }
    const { target, kernelrelease, kernelversion } = values;
    const architecture = fields.architecture;
    if (architecture !== undefined) {
        if (architecture !== ARCH_FOLDERS[arch])
            return fail(`field 'architecture' ${(0,version/* show */.WU)(String(architecture))} does not match the arch folder ${archFolder} (expected ${ARCH_FOLDERS[arch]})`);
    }
    const driverversion = fields.driverversion;
    if (driverversion !== undefined && driverversion !== folderVersion)
        return fail(`field 'driverversion' ${(0,version/* show */.WU)(String(driverversion))} does not match its folder ${(0,version/* show */.WU)(folderVersion)}`);
    const expected = `${target}_${kernelrelease}_${kernelversion}`;
    const stem = file.replace(/\.ya?ml$/, '');
    if (stem !== expected)
        return fail(`the file name does not match its fields: expected ${(0,version/* show */.WU)(`${expected}.yaml`, 200)}`);
    const output = fields.output;
    if (!output || typeof output !== 'object' || Array.isArray(output))
        return fail("field 'output' is missing: it must name output.module and/or output.probe");
    const out = output;
    const paths = {};
    for (const name of ['module', 'probe']) {
        const value = out[name];
        if (value === undefined || value === '')
            continue;
        if (typeof value !== 'string')
            return fail(`field 'output.${name}' is not a string`);
        const problem = badOutputPath(value);
        if (problem)
            return fail(`field 'output.${name}' ${(0,version/* show */.WU)(value)} ${problem}`);
        paths[name] = value;
    }
    if (!paths.module && !paths.probe)
        return fail("neither 'output.module' nor 'output.probe' is set");
    return {
        config: { path, driverversion: folderVersion, arch, target, kernelrelease, kernelversion, ...paths }
    };
}
/** The base names of output.module/output.probe when they are strings (whatever else is wrong). */
function outputNames(output) {
    if (!output || typeof output !== 'object' || Array.isArray(output))
        return undefined;
    const names = ['module', 'probe']
        .map(name => output[name])
        .filter((v) => typeof v === 'string' && v !== '')
        .map(v => v.slice(v.lastIndexOf('/') + 1));
    return names.length > 0 ? names : undefined;
}
/**
 * Reads every `*.yaml`/`*.yml` under the folder (other files are ignored), validating each one. Paths `exclude`
 * says yes to are left out unread.
 */
async function readConfigTree(dir, exclude = () => false, hooks = {}) {
    const { onConfig, onFound, readAhead } = hooks;
    const info = await (0,promises_.stat)(dir).catch(() => undefined);
    if (!info?.isDirectory())
        throw new Error(`${(0,version/* show */.WU)(dir, 200)} is not a folder`);
    const entries = await (0,promises_.readdir)(dir, { recursive: true, withFileTypes: true });
    const configs = [];
    const invalid = [];
    const found = entries
        .filter(e => /\.ya?ml$/.test(e.name) && !e.isDirectory())
        .map(e => ({ entry: e, path: relativeTo(dir, e) }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const files = [];
    const excluded = [];
    for (const f of found) {
        if (exclude(f.path))
            excluded.push(f.path);
        else
            files.push(f);
    }
    onFound?.(files.length);
    const paths = files.map(({ entry }) => `${entry.parentPath}${external_node_path_.sep}${entry.name}`);
    const ahead = readAhead?.(paths, MAX_CONFIG_BYTES);
    // Chunks the other thread has read so far. One not there yet when its turn comes is read here instead: this
    // thread never waits (the other one starts up meanwhile, and reads ahead of this one afterwards).
    const ready = [];
    ahead?.texts.forEach((texts, k) => void texts.then(t => (ready[k] = t)));
    let texts = [];
    // Synchronous reads: most configs are a few hundred bytes, so a read costs a few microseconds while an async one
    // costs a thread-pool round trip (≈ 5× slower over ten thousand files). In slices, so the caller's requests and
    // worker move on meanwhile.
    const buffer = Buffer.allocUnsafe(MAX_CONFIG_BYTES + 1);
    let slice = performance.now();
    for (const [i, { entry, path }] of files.entries()) {
        if (ahead && i % ahead.chunk === 0)
            texts = ready[i / ahead.chunk] ?? [];
        const text = ahead ? (texts[i % ahead.chunk] ?? null) : null;
        // A symlink could pull in a file from anywhere on the runner; configs are plain files.
        const parsed = !entry.isFile()
            ? { invalid: { path, reason: 'not a regular file (symlinks are refused)' } }
            : text !== null
                ? parseConfig(path, text)
                : parseRead(path, (0,hash/* readBounded */.CB)(paths[i], buffer));
        if ('config' in parsed) {
            configs.push(parsed.config);
            onConfig?.(parsed.config);
        }
        else
            invalid.push(parsed.invalid);
        if (performance.now() - slice > SLICE_MS) {
            await (0,external_node_timers_promises_.setImmediate)();
            slice = performance.now();
        }
    }
    return { configs, invalid, excluded };
}
/**
 * A found file's path relative to `dir`, forward slashes. `dir` is resolved (no trailing separator) and readdir's
 * parent paths start with it: a slice, not path.relative/join (a measurable cost over ten thousand files).
 */
function relativeTo(dir, entry) {
    const parent = entry.parentPath;
    const inner = parent.startsWith(dir) && parent[dir.length] === external_node_path_.sep && !dir.endsWith(external_node_path_.sep)
        ? parent.slice(dir.length + 1)
        : undefined;
    const path = parent === dir
        ? entry.name
        : inner !== undefined
            ? `${inner}${external_node_path_.sep}${entry.name}`
            : (0,external_node_path_.relative)(dir, (0,external_node_path_.join)(parent, entry.name));
    return external_node_path_.sep === '/' ? path : path.split(external_node_path_.sep).join('/');
}
function parseRead(path, data) {
    if (!data)
        return {
            invalid: {
                path,
                reason: `more than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB: too big for a driverkit config`
            }
        };
    return parseConfig(path, data.toString('utf8'));
}

// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 7 modules
var esm = __webpack_require__(33581);
;// CONCATENATED MODULE: ./src/drivers/exclude.ts



/**
 * driverkit-config-exclude: globs of config paths relative to the config folder (forward slashes). A glob that
 * names a folder leaves out everything under it, so `2aa88dcf*` drops a legacy SHA-named folder whole.
 * Returns whether a config path is left out.
 */
function excluder(globs) {
    for (const glob of globs) {
        // A leading '!' would be a negation in minimatch, an absolute or '..' glob can never match a relative path:
        // all three are mistakes better named than silently matching nothing.
        if (glob.startsWith('!'))
            throw new errors/* InputError */.dz('driverkit-config-exclude', `${(0,version/* show */.WU)(glob)}: negations are not supported.`);
        if (glob.startsWith('/') || glob.split('/').includes('..'))
            throw new errors/* InputError */.dz('driverkit-config-exclude', `${(0,version/* show */.WU)(glob)} must be relative to driverkit-config (e.g. 2aa88dcf*/** or 2.0.0+driver/aarch64/bad.yaml).`);
    }
    const patterns = globs.map(glob => glob.replace(/\/+$/, ''));
    if (patterns.length === 0)
        return () => false;
    return path => {
        const parts = path.split('/');
        for (let i = 1; i <= parts.length; i++) {
            const head = parts.slice(0, i).join('/');
            if (patterns.some(p => (0,esm/* minimatch */.xF)(head, p, { dot: true })))
                return true;
        }
        return false;
    };
}

;// CONCATENATED MODULE: ./src/drivers/existing.ts

/** Objects per list request on S3 (ListObjectsV2 pages of 1000 keys): what one request tells us. */
const LIST_PAGE = 1000;
/**
 * Answers "is this key there, with which bytes?" for many keys at the price of the fewest requests. Per prefix,
 * one listing costs a request per 1000 objects, a stat costs one request per key: so the prefix is listed, and
 * the listing is abandoned for stats once it has read more than 1000 objects per wanted key (a huge prefix
 * with a handful of keys to check). A listed object without a hash but with the right size is stat'ed too (a
 * local folder lists sizes only), so `sameBytes` can always decide.
 */
async function findExisting(store, keys, concurrency, listed, 
/** Filled with every prefix listed in full (prefix → its objects), for callers that reuse the listings. */
complete) {
    const known = new Map();
    const byPrefix = new Map();
    for (const key of keys) {
        const prefix = key.slice(0, key.lastIndexOf('/') + 1);
        const list = byPrefix.get(prefix);
        if (list)
            list.push(key);
        else
            byPrefix.set(prefix, [key]);
    }
    const toStat = [];
    const prefixes = [...byPrefix];
    await (0,limit/* mapLimit */.s)(prefixes, Math.min(concurrency, 4), async ([prefix, wanted]) => {
        const seen = listed ?? (await listUpTo(store, prefix, wanted.length * LIST_PAGE));
        if (seen)
            complete?.set(prefix, listed ? new Map([...seen].filter(([k]) => k.startsWith(prefix))) : seen);
        for (const key of wanted) {
            const info = seen?.get(key);
            if (!seen)
                toStat.push(key);
            else if (!info)
                known.set(key, undefined);
            else if (info.sha256 || info.md5)
                known.set(key, info);
            else
                toStat.push(key);
        }
    });
    await (0,limit/* mapLimit */.s)(toStat, concurrency, async (key) => {
        known.set(key, await store.stat(key));
    });
    return known;
}
/** Lists a prefix into a map, or undefined when it holds more than `budget` objects (stats are cheaper then). */
async function listUpTo(store, prefix, budget) {
    const out = new Map();
    for await (const o of store.list(prefix)) {
        out.set(o.key, o);
        // Returning from the loop ends the listing: no further pages are fetched.
        if (out.size > budget)
            return undefined;
    }
    return out;
}
/** Every object under a prefix (the whole destination with ''), by key. */
async function listAll(store, prefix = '') {
    const out = new Map();
    for await (const o of store.list(prefix))
        out.set(o.key, o);
    return out;
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(62088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/drivers/name.ts
const EXTENSIONS = { module: '.ko', probe: '.o' };
/** `<drivername>_<target>_<kernelrelease>_<kernelversion>.ko|.o`, the name Falco's driver loader asks for. */
function objectName(driverName, config, kind) {
    return `${driverName}_${config.target}_${config.kernelrelease}_${config.kernelversion}${EXTENSIONS[kind]}`;
}
/** `<driverversion>/<arch>/`: the prefix a config's objects and listing live under. */
function prefixOf(config) {
    return `${config.driverversion}/${config.arch}/`;
}
/**
 * The object key under the destination. It keeps the literal `+` of `8.0.0+driver`: S3 stores the key as given,
 * and clients ask for `%2B`, which S3 decodes back to `+`.
 */
function objectKey(driverName, config, kind) {
    return `${prefixOf(config)}${objectName(driverName, config, kind)}`;
}
/**
 * A key as a URL path, every segment percent-encoded (`8.0.0+driver` → `8.0.0%2Bdriver`): a literal `+` in a URL
 * path is read as a space by some servers and proxies, so the links we show always encode it.
 */
function encodeKey(key) {
    return key.split('/').map(encodeURIComponent).join('/');
}
/** The URL a user downloads a key from, given the base URL of the destination (`https://download.falco.org/driver`). */
function publicUrl(base, key) {
    return `${base.replace(/\/+$/, '')}/${encodeKey(key)}`;
}
/**
 * Reads an object name back, as far as it can be read. Targets never hold `_`, but kernel releases
 * (`4.18.0-553.el8_10.x86_64`) and kernel versions (minikube's `1_1.26.0`, bottlerocket's `1_1.13.1-aws`) both
 * may, so `<kernelrelease>_<kernelversion>` splits only when it holds a single `_`; otherwise the two are left
 * unknown rather than guessed (listings take them from the configs). The driver name is matched as given when
 * known (it may itself hold `_`).
 */
function parseObjectName(name, driverName) {
    const known = driverName && name.startsWith(`${driverName}_`);
    const rest = known ? name.slice(driverName.length + 1) : name.slice(name.indexOf('_') + 1);
    const driver = known ? driverName : name.slice(0, Math.max(0, name.indexOf('_')));
    const m = /^([^_]+)_(.+_.+)\.(ko|o)$/.exec(rest);
    if (!driver || !m)
        return undefined;
    const kernel = m[2].split('_');
    return {
        driverName: driver,
        target: m[1],
        ...(kernel.length === 2 && { kernelrelease: kernel[0], kernelversion: kernel[1] }),
        kind: m[3] === 'ko' ? 'module' : 'probe'
    };
}

;// CONCATENATED MODULE: ./src/drivers/listing.ts


/**
 * Listings: `<driverversion>/<arch>/index.{json,html}` per driver version and arch, and a root `index.{json,html}`
 * of driver versions. Built from a listing of the store (pure), so whichever shard writes last writes everything
 * every shard uploaded: nothing is merged from a possibly stale earlier listing.
 */
const INDEX_FILES = (/* unused pure expression or super */ null && (['index.json', 'index.html']));
/**
 * Keeps the driver objects (`<driverversion>/<arch>/<name>.ko|.o`) of a listing, grouped; the rest is ignored.
 * Kernel fields come from the configs (`facts.fields`); an object no config names (a config since removed) gets
 * what its name tells unambiguously, and fillFromPrevious() may add what an earlier listing recorded.
 */
function gridOf(objects, driverName, facts = {}) {
    const grid = new Map();
    // Runs over every object of every listing built (tens of thousands): slices and one object per entry, not
    // split() arrays and spread-then-clean copies.
    for (const o of objects) {
        const { key } = o;
        const first = key.indexOf('/');
        const second = first < 0 ? -1 : key.indexOf('/', first + 1);
        // `<version>/<arch>/<name>.ko|.o`, exactly three segments.
        if (second < 0 || key.indexOf('/', second + 1) >= 0)
            continue;
        const name = key.slice(second + 1);
        if (!name.endsWith('.ko') && !name.endsWith('.o'))
            continue;
        const version = key.slice(0, first);
        const arch = key.slice(first + 1, second);
        const fields = facts.fields?.get(key);
        const driver = { name, size: o.size };
        if (fields) {
            // A config's object is named by objectKey(), so its name always parses, to the kind its extension says:
            // only the names of objects no config names are read back.
            driver.kind = name.endsWith('.ko') ? 'module' : 'probe';
            driver.target = fields.target;
            driver.kernelrelease = fields.kernelrelease;
            driver.kernelversion = fields.kernelversion;
            driver.arch = fields.arch;
        }
        else {
            const parsed = parseObjectName(name, driverName);
            if (parsed) {
                driver.kind = parsed.kind;
                driver.target = parsed.target;
                if (parsed.kernelrelease !== undefined)
                    driver.kernelrelease = parsed.kernelrelease;
                if (parsed.kernelversion !== undefined)
                    driver.kernelversion = parsed.kernelversion;
                driver.arch = arch;
            }
        }
        const sha256 = o.sha256 ?? facts.digests?.get(key);
        if (sha256 !== undefined)
            driver.sha256 = sha256;
        if (o.lastModified !== undefined)
            driver.lastModified = o.lastModified;
        let arches = grid.get(version);
        if (!arches)
            grid.set(version, (arches = new Map()));
        const list = arches.get(arch);
        if (list)
            list.push(driver);
        else
            arches.set(arch, [driver]);
    }
    for (const arches of grid.values())
        for (const list of arches.values())
            list.sort(byName);
    return grid;
}
/** Drops undefined fields, so the JSON is the same whichever way an entry was put together. */
function clean(d) {
    // A loop, not Object.entries/fromEntries: this runs for every object of every listing built (tens of thousands).
    const out = {};
    for (const k in d)
        if (d[k] !== undefined)
            out[k] = d[k];
    return out;
}
/**
 * Completes entries from the listing this prefix had before (`previous`): the sha256 of an object whose size and
 * last-modified date are unchanged (so are its bytes), and the kernel fields of an object no config names any
 * more. Returns the entries whose sha256 is still to be asked of the store: new or changed objects.
 */
function fillFromPrevious(drivers, previous) {
    const before = new Map((previous ?? []).map(p => [p.name, p]));
    const ask = [];
    for (const d of drivers) {
        const p = before.get(d.name);
        if (p && d.kernelrelease === undefined && p.kernelrelease !== undefined)
            Object.assign(d, clean({
                target: p.target,
                kernelrelease: p.kernelrelease,
                kernelversion: p.kernelversion,
                arch: p.arch
            }));
        if (d.sha256)
            continue;
        const same = p && p.size === d.size && p.lastModified !== undefined && p.lastModified === d.lastModified;
        // Unchanged and hashless before (uploaded by another tool, with no checksum the store can give): asking
        // again would only cost a request per object per run.
        if (same && p.sha256)
            d.sha256 = p.sha256;
        else if (!same)
            ask.push(d);
    }
    return ask;
}
const SHA256 = /^[0-9a-f]{64}$/;
/** Reads the entries of a stored `<driverversion>/<arch>/index.json`; undefined when it is not one of ours. */
function parseArchListing(data) {
    if (!data)
        return undefined;
    let doc;
    try {
        doc = JSON.parse(data.toString('utf8'));
    }
    catch {
        return undefined;
    }
    const objects = doc?.objects;
    if (!Array.isArray(objects))
        return undefined;
    const out = [];
    for (const o of objects) {
        if (!o || typeof o.name !== 'string' || typeof o.size !== 'number')
            continue;
        const str = (k) => (typeof o[k] === 'string' ? o[k] : undefined);
        out.push(clean({
            name: o.name,
            size: o.size,
            target: str('target'),
            kernelrelease: str('kernelrelease'),
            kernelversion: str('kernelversion'),
            arch: str('arch'),
            sha256: SHA256.test(str('sha256') ?? '') ? str('sha256') : undefined,
            lastModified: str('lastModified')
        }));
    }
    return out;
}
function byName(a, b) {
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
/** Newest semver driver version first, then non-semver (legacy SHA) versions by name. */
function compareVersions(a, b) {
    const va = semver_default().parse(a);
    const vb = semver_default().parse(b);
    if (va && vb)
        return semver_default().rcompare(va, vb) || (a < b ? -1 : a > b ? 1 : 0);
    if (va)
        return -1;
    if (vb)
        return 1;
    return a < b ? -1 : a > b ? 1 : 0;
}
/** The listing of one driver version and arch. */
function archListing(version, arch, drivers) {
    const json = {
        driverversion: version,
        arch,
        count: drivers.length,
        // One key order whatever filled an entry in, so equal listings are equal bytes.
        objects: drivers.map(d => clean({
            name: d.name,
            kind: d.kind,
            target: d.target,
            kernelrelease: d.kernelrelease,
            kernelversion: d.kernelversion,
            arch: d.arch,
            size: d.size,
            sha256: d.sha256,
            lastModified: d.lastModified,
            href: encodeURIComponent(d.name)
        }))
    };
    const rows = drivers
        .map(d => `<tr><td><a href="${encodeURIComponent(d.name)}">${esc(d.name)}</a></td><td>${esc(d.target ?? '')}</td>` +
        `<td>${esc(d.kernelrelease ?? '')}</td><td>${esc(d.kernelversion ?? '')}</td><td>${esc(d.arch ?? '')}</td>` +
        `<td>${d.size}</td><td>${esc(d.lastModified ?? '')}</td><td><code>${esc(d.sha256 ?? '')}</code></td></tr>`)
        .join('\n');
    const html = page(`${version} / ${arch}: ${drivers.length} prebuilt drivers`, `<p><a href="../../index.html">All driver versions</a></p>\n<table>\n` +
        `<tr><th>Object</th><th>Target</th><th>Kernel release</th><th>Kernel version</th><th>Arch</th>` +
        `<th>Bytes</th><th>Last modified</th><th>SHA-256</th></tr>\n${rows}\n</table>`);
    const prefix = `${version}/${arch}/`;
    return new Map([
        [`${prefix}index.json`, utf8(`${JSON.stringify(json)}\n`)],
        [`${prefix}index.html`, utf8(html)]
    ]);
}
/** The root listing: every driver version (newest first) with its arches and counts. */
function rootListing(grid) {
    const versions = [...grid.keys()].sort(compareVersions);
    const json = {
        driverversions: versions.map(version => ({
            version,
            arches: [...grid.get(version).entries()]
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([arch, list]) => ({
                arch,
                count: list.length,
                index: `${encodeKey(`${version}/${arch}`)}/index.json`
            }))
        }))
    };
    const rows = json.driverversions
        .flatMap(v => v.arches.map(a => `<tr><td>${esc(v.version)}</td><td><a href="${encodeKey(`${v.version}/${a.arch}`)}/index.html">${esc(a.arch)}</a></td><td>${a.count}</td></tr>`))
        .join('\n');
    const html = page('Prebuilt drivers', `<table>\n<tr><th>Driver version</th><th>Arch</th><th>Drivers</th></tr>\n${rows}\n</table>`);
    return new Map([
        ['index.json', utf8(`${JSON.stringify(json, null, 1)}\n`)],
        ['index.html', utf8(html)]
    ]);
}
/**
 * Every listing to write: one per driver version and arch in `prefixes` (or every one in the grid when omitted),
 * and the root. Versions in `dropped` (being pruned) are left out of the root, so it stops naming them first.
 */
function listings(grid, dropped, prefixes, 
/** Listing files already built for some prefixes (from the same entries), by prefix: not built again. */
built) {
    const kept = new Map([...grid].filter(([v]) => !dropped.has(v)));
    const out = new Map();
    for (const [version, arches] of kept)
        for (const [arch, list] of arches) {
            const prefix = `${version}/${arch}/`;
            if (!prefixes || prefixes.has(prefix))
                for (const [k, v] of built?.get(prefix) ?? archListing(version, arch, list))
                    out.set(k, v);
        }
    for (const [k, v] of rootListing(kept))
        out.set(k, v);
    return out;
}
function contentTypeOf(key) {
    return key.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8';
}
function page(title, body) {
    return (`<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title></head>\n` +
        `<body><h1>${esc(title)}</h1>\n${body}\n</body></html>\n`);
}
function utf8(text) {
    return new TextEncoder().encode(text);
}
const SPECIAL = /[&<>"']/;
function esc(text) {
    // Most names need nothing escaped: a test is much cheaper than a replace with a callback, row after row.
    if (!SPECIAL.test(text))
        return text;
    return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

;// CONCATENATED MODULE: ./src/drivers/complete.ts


/**
 * Completes a grid built from a listing of the store with what that listing lacks (S3 lists no sha256): each
 * prefix's earlier listing gives the sha256 of unchanged objects and the fields of objects no config names any
 * more; the store is asked (HEAD) only for objects new or changed since, typically those another shard uploaded.
 * An object the store keeps no sha256 for is listed without one.
 */
async function completeGrid(grid, store, concurrency, cache = new Map()) {
    const ask = [];
    const prefixes = [...grid].flatMap(([version, arches]) => [...arches].map(([arch, drivers]) => ({ prefix: `${version}/${arch}/`, drivers })));
    await (0,limit/* mapLimit */.s)(prefixes, Math.min(concurrency, 4), async ({ prefix, drivers }) => {
        if (drivers.every(d => d.sha256 && d.kernelrelease !== undefined))
            return;
        const previous = parseArchListing(await store.read(`${prefix}index.json`));
        for (const driver of fillFromPrevious(drivers, previous))
            ask.push({ key: `${prefix}${driver.name}`, driver });
    });
    await (0,limit/* mapLimit */.s)(ask, concurrency, async ({ key, driver }) => {
        const id = `${key}\u0000${driver.size}\u0000${driver.lastModified ?? ''}`;
        if (!cache.has(id))
            cache.set(id, (await store.stat(key))?.sha256);
        const sha256 = cache.get(id);
        if (sha256)
            driver.sha256 = sha256;
    });
}

;// CONCATENATED MODULE: ./src/drivers/match.ts


/** The objects each config promises (module and/or probe), in config order. */
function expectedObjects(configs, driverName) {
    const out = [];
    for (const config of configs)
        for (const kind of ['module', 'probe']) {
            const output = config[kind];
            if (output)
                out.push({ config, kind, key: objectKey(driverName, config, kind), output });
        }
    return out;
}
// An empty, `.` or `..` segment: such a path is normalized by path.join (`..` is refused before it gets here).
const ODD_SEGMENT = /(^|\/)\.{0,2}(\/|$)/;
/**
 * Where driverkit wrote an output: `output` (forward slashes, relative) under `outputDir` (resolved). Plain paths
 * are joined by concatenation, which gives what path.join gives for them at a fraction of the cost over ten
 * thousand objects; anything path.join would normalize goes through it.
 */
function outputFile(outputDir, output) {
    if (external_node_path_.sep !== '/' || ODD_SEGMENT.test(output))
        return (0,external_node_path_.join)(outputDir, ...output.split('/'));
    return outputDir.endsWith('/') ? outputDir + output : `${outputDir}/${output}`;
}
/**
 * Output-path mode: each config's `output.module`/`output.probe`, relative to output-dir. `exists` says whether
 * a path is a regular file (injected so this stays pure).
 */
function matchOutputs(expected, outputDir, exists) {
    const found = [];
    const missing = [];
    for (const e of expected) {
        const file = outputFile(outputDir, e.output);
        // One literal of one shape, not a spread: ten thousand of them in a grid.
        if (exists(file))
            found.push({ config: e.config, kind: e.kind, key: e.key, output: e.output, file });
        else
            missing.push(e);
    }
    return { found, missing, orphans: [] };
}
/**
 * Glob mode (`files`): a file belongs to the config whose object name it carries. When several driver versions or
 * arches share a name, the file's two parent folders (`<driverversion>/<arch>/`, driverkit's own layout) decide.
 * `all` is every valid config (so a file for another shard is not an orphan); `expected` is this shard's objects.
 */
function matchFiles(files, all, expected, driverName) {
    const byName = new Map();
    for (const config of all)
        for (const kind of ['module', 'probe']) {
            if (!config[kind])
                continue;
            const name = objectName(driverName, config, kind);
            const list = byName.get(name) ?? [];
            list.push({ config, kind });
            byName.set(name, list);
        }
    const wanted = new Map(expected.map(e => [e.key, e]));
    const taken = new Map();
    const found = [];
    const orphans = [];
    for (const file of files) {
        const name = (0,external_node_path_.basename)(file);
        let candidates = byName.get(name) ?? [];
        if (candidates.length > 1) {
            const arch = (0,external_node_path_.basename)((0,external_node_path_.dirname)(file));
            const version = (0,external_node_path_.basename)((0,external_node_path_.dirname)((0,external_node_path_.dirname)(file)));
            candidates = candidates.filter(c => c.config.arch === arch && c.config.driverversion === version);
        }
        if (candidates.length !== 1) {
            orphans.push({
                file,
                reason: (byName.get(name)?.length ?? 0) > 1
                    ? `several configs produce ${name}: put the file under <driverversion>/<arch>/ to say which`
                    : `no driverkit config produces ${name}`
            });
            continue;
        }
        const key = objectKey(driverName, candidates[0].config, candidates[0].kind);
        const e = wanted.get(key);
        if (!e)
            continue; // another shard's object
        const other = taken.get(key);
        if (other) {
            orphans.push({ file, reason: `${other} already matched ${key}` });
            continue;
        }
        taken.set(key, file);
        found.push({ ...e, file });
    }
    const missing = expected.filter(e => !taken.has(e.key));
    return { found, missing, orphans };
}

;// CONCATENATED MODULE: ./src/drivers/vouch.ts

/**
 * The stored listing of `prefix` when it is ours and current with the configs: rebuilt from its own entries and
 * the configs' fields, it gives back exactly the stored bytes. Anything else (absent, truncated, not JSON, another
 * tool's or an older format, hand-edited, fields the configs no longer give) is undefined: the store decides.
 * Pure: the caller reads the listing.
 */
function ownListing(prefix, stored, fields, driverName, 
/** `parseArchListing(stored)`, when the caller has it already. */
entries = parseArchListing(stored)) {
    if (!stored || !entries)
        return undefined;
    const [version, arch, rest] = prefix.split('/');
    if (!version || !arch || rest !== '')
        return undefined;
    const objects = entries.map(e => ({
        key: `${prefix}${e.name}`,
        size: e.size,
        sha256: e.sha256,
        lastModified: e.lastModified
    }));
    // Only the listing's own sha256s: this run's digests must not fill in what the listing does not say.
    const drivers = gridOf(objects, driverName, { fields }).get(version)?.get(arch) ?? [];
    fillFromPrevious(drivers, entries);
    const files = archListing(version, arch, drivers);
    const json = files.get(`${prefix}index.json`);
    if (!json || drivers.length !== entries.length || Buffer.compare(stored, json) !== 0)
        return undefined;
    return { prefix, byName: new Map(drivers.map(d => [d.name, d])), drivers, files };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(75919);
;// CONCATENATED MODULE: ./src/drivers/digests.ts







// Driver objects are tens of KiB: read whole into one reused buffer, which costs no allocation per file (ten
// thousand 20 KiB buffers are 200 MB of garbage). Bigger files are streamed.
const ONE_READ_BYTES = 1 << 20;
// Files per batch handed out to this thread or the worker.
const BATCH = 128;
// Below this many files a worker's start-up (≈ 40 ms of the other core) is not worth it.
const WORKER_MIN_FILES = 512;
// Batches the worker may hold at once: in practice every full batch announced. This thread answers the worker
// only between its 10 ms slices of config parsing, and not at all while it matches the outputs and checks the
// listings (~0.2 s at 10,000 objects): with three (and a batch sent as soon as one file was announced), the worker
// had hashed 5,000 of 10,000 files when the configs were read; with sixteen it sat idle through those checks.
const IN_FLIGHT = 64;
// Config files per read-ahead message: enough that a message costs little, few enough that parsing starts soon.
const READ_AHEAD = 256;
/**
 * sha256 (and md5 where `md5Wanted(file, tag)` says so, asked when the file's batch is handed out) of many files.
 * Files announced early with add() are hashed by one worker thread while this thread does something else (reads
 * the configs); all() then hashes whatever is left in batches shared by both threads. Small files are read
 * synchronously into one buffer (a few microseconds each, where an async read costs a thread-pool round trip);
 * big ones are streamed. One worker at most, and only on a machine with a core to spare.
 */
class Hasher {
    md5Wanted;
    done = new Map();
    /** Files sent to the worker and not answered yet. */
    pending = new Set();
    queue = [];
    worker;
    tried = false;
    closed = false;
    inFlight = 0;
    waiting = [];
    buffer = Buffer.allocUnsafe(ONE_READ_BYTES + 1);
    constructor(md5Wanted) {
        this.md5Wanted = md5Wanted;
    }
    /**
     * About this many files will be add()ed: enough of them starts the worker now, so that its start-up (a thread
     * and a node environment, ≈ 0.1 s) overlaps the reading of the configs instead of delaying the first hashes.
     */
    expect(files) {
        this.startFor(files);
    }
    /** Queues a file for the worker: hashed beside this thread's work, if the worker runs (else by all()). */
    add(file, tag) {
        this.queue.push({ file, tag });
        this.startFor(this.queue.length);
        // Full batches only: a file sent alone would take a place in flight for a whole slice.
        if (this.queue.length >= BATCH)
            this.pump();
    }
    /** The digests of `files` (in order): what the worker already did, the rest shared between both threads. */
    async all(items, concurrency) {
        try {
            // What the worker has not taken yet is redone as asked now (add()ed files that are not wanted are dropped).
            // Files out with the worker are not hashed twice: if it fails them, they are left for the end, as below.
            this.queue = items.filter(i => !this.done.has(i.file) && !this.pending.has(i.file));
            this.startFor(this.queue.length);
            this.pump();
            while (this.queue.length > 0) {
                for (const { file, tag } of this.queue.splice(0, BATCH))
                    this.done.set(file, digestSmall(file, this.buffer, this.md5Wanted(file, tag)) ?? null);
                // Lets the worker's answers, the listings and the store's answers in.
                await (0,external_node_timers_promises_.setImmediate)();
            }
            while (this.inFlight > 0)
                await new Promise(done => this.waiting.push(done));
        }
        finally {
            this.close();
        }
        // Big files, and any the worker could not read: this thread hashes them (and fails with the real error).
        const out = items.map(i => this.done.get(i.file));
        const rest = items.map((_, i) => i).filter(i => !out[i]);
        await (0,limit/* mapLimit */.s)(rest, concurrency, async (i) => {
            out[i] = await (0,hash.hashFile)(items[i].file);
        });
        return out;
    }
    /** Stops the worker (all() does; a plan that fails before it calls this). */
    close() {
        this.queue = [];
        void this.worker?.terminate();
        this.worker = undefined;
        this.closed = true;
        this.inFlight = 0;
        for (const w of this.waiting.splice(0))
            w();
    }
    /** Starts the worker, once at most, for this many files to hash (a few are not worth its start-up). */
    startFor(files) {
        if (this.tried || this.closed || files < WORKER_MIN_FILES)
            return;
        this.tried = true;
        if ((0,external_node_os_.availableParallelism)() < 2)
            return;
        let worker;
        try {
            worker = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true });
        }
        catch {
            return; // no worker: this thread hashes everything
        }
        worker.unref();
        // The worker answers every message in order: one handler per message sent, taken in turn.
        const replies = [];
        worker.on('message', (out) => replies.shift()?.(out));
        // A worker that cannot run leaves what it held to this thread: hashes for all(), config files for the reader.
        const gone = () => {
            if (this.worker === worker)
                this.worker = undefined;
            this.post = undefined;
            for (const reply of replies.splice(0))
                reply(undefined);
            this.settle(true);
        };
        worker.on('error', gone);
        worker.on('exit', gone);
        this.post = (message, reply) => {
            replies.push(reply);
            worker.postMessage(message);
        };
        this.send = items => {
            for (const i of items)
                this.pending.add(i.file);
            this.post?.({ files: items.map(i => i.file), md5: items.map(i => this.md5Wanted(i.file, i.tag)) }, out => {
                const digests = (out ?? []);
                items.forEach(({ file }, i) => {
                    this.pending.delete(file);
                    const d = digests[i];
                    if (!this.done.has(file) && d !== undefined)
                        this.done.set(file, d ? { size: d[0], sha256: d[1], ...(d[2] && { md5: d[2] }) } : null);
                });
                if (out !== undefined) {
                    this.settle(false);
                    this.pump();
                }
            });
        };
        this.worker = worker;
        this.pump();
    }
    /**
     * Has the worker read these files (driverkit configs, in this order) ahead of this thread's parsing: the
     * open/read/close of ten thousand small files then costs the worker, not the thread that parses them, and
     * before it hashes anything. One promise per `chunk` files, with their texts (utf8), or null for a file this
     * thread must read itself (not a regular file, a final symlink, larger than `maxBytes`, unreadable, or the
     * worker gone). Undefined when no worker runs.
     */
    readAhead(files, maxBytes) {
        const post = this.post;
        if (!post)
            return undefined;
        const chunks = [];
        for (let i = 0; i < files.length; i += READ_AHEAD) {
            const chunk = files.slice(i, i + READ_AHEAD);
            chunks.push(new Promise(resolve => post({ read: chunk, max: maxBytes }, out => resolve(out ?? chunk.map(() => null)))));
        }
        return { chunk: READ_AHEAD, texts: chunks };
    }
    post;
    send;
    pump() {
        while (this.worker && this.send && this.inFlight < IN_FLIGHT && this.queue.length > 0) {
            this.inFlight++;
            this.send(this.queue.splice(0, BATCH));
        }
    }
    /** One batch answered, or (`all`) the worker gone with whatever it held: all() stops waiting once none is out. */
    settle(all) {
        this.inFlight = all ? 0 : Math.max(0, this.inFlight - 1);
        if (this.inFlight === 0)
            for (const w of this.waiting.splice(0))
                w();
    }
}
/** A file read whole into `buffer`; undefined when it is bigger than the buffer (streamed instead). */
function digestSmall(file, buffer, md5) {
    const data = (0,hash/* readBounded */.CB)(file, buffer);
    if (!data)
        return undefined;
    return {
        size: data.length,
        sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex'),
        ...(md5 && { md5: (0,external_node_crypto_.createHash)('md5').update(data).digest('hex') })
    };
}
// The worker's code, self-contained (no bundled module to find at run time): digestSmall, but for files announced
// before they were checked (symlinks, FIFOs, devices), it reads only regular files, never through a final symlink
// and never blocking on open; anything else is null, left to this thread once the file has been checked.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { closeSync, fstatSync, openSync, readSync } = require('node:fs')
const { createHash } = require('node:crypto')
const FLAGS = ${external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NOFOLLOW ?? 0) | (external_node_fs_.constants.O_NONBLOCK ?? 0)}
const buffer = Buffer.allocUnsafe(${ONE_READ_BYTES + 1})
// A regular file's bytes if it holds at most \`max\` (valid until the next read reuses the buffer), else null.
function readRegular(file, max) {
  const fd = openSync(file, FLAGS)
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile() || stat.size > max) return null
    const into = stat.size < buffer.length ? buffer : Buffer.allocUnsafe(stat.size + 1)
    let size = 0
    for (let n; (n = readSync(fd, into, size, into.length - size, null)) > 0; ) {
      size += n
      if (size === into.length) return null
    }
    return into.subarray(0, size)
  } finally {
    closeSync(fd)
  }
}
function digest(file, md5) {
  const data = readRegular(file, ${ONE_READ_BYTES})
  if (!data) return null
  return [data.length, createHash('sha256').update(data).digest('hex'), md5 ? createHash('md5').update(data).digest('hex') : '']
}
function text(file, max) {
  const data = readRegular(file, max)
  return data && data.toString('utf8')
}
parentPort.on('message', ({ files, md5, read, max }) => {
  if (read) {
    parentPort.postMessage(read.map(file => { try { return text(file, max) } catch { return null } }))
    return
  }
  parentPort.postMessage(files.map((file, i) => { try { return digest(file, md5[i]) } catch { return null } }))
})
`;

;// CONCATENATED MODULE: ./src/drivers/retention.ts

/** `8.0.0+driver` → parsed semver (build metadata is ignored for order); SHA-named versions are not semver. */
function parse(version) {
    return semver_default().parse(version);
}
/**
 * Which driver versions to keep: the newest `keep` by semver order of `N.N.N+driver`. Folders that are not semver
 * (legacy SHA-named versions like `2aa88dcf6243982697811df4c1b484bcbe9488a2`) are never touched unless listed in
 * `explicit`. Versions in
 * `publishing` are kept even when older.
 */
function chooseRetention(versions, keep, publishing, explicit = new Set()) {
    const semverVersions = [...new Set(versions)].filter(v => parse(v) !== null);
    const legacy = [...new Set(versions)].filter(v => parse(v) === null).sort();
    // A legacy version is deleted only when named explicitly (prune-driver-versions), never by age.
    const listed = legacy.filter(v => explicit.has(v) && !publishing.has(v));
    const untouched = legacy.filter(v => !listed.includes(v));
    semverVersions.sort((a, b) => semver_default().rcompare(a, b) || (a < b ? 1 : a > b ? -1 : 0));
    const kept = semverVersions.slice(0, keep);
    const older = semverVersions.slice(keep);
    const protectedVersions = older.filter(v => publishing.has(v));
    return {
        keep: [...kept, ...protectedVersions],
        prune: [...older.filter(v => !publishing.has(v)), ...listed],
        untouched,
        protectedVersions
    };
}
/**
 * The driver versions a store holds: the first folder of every driver object (`.ko`/`.o`), in either layout,
 * `<driverversion>/<arch>/<name>` or the legacy `<driverversion>/<name>` of SHA-named versions on
 * download.falco.org (`driver/<sha>/falco_*.ko`, no arch folder).
 */
function storedVersions(keys) {
    const versions = new Set();
    for (const key of keys) {
        const parts = key.split('/');
        if ((parts.length === 2 || parts.length === 3) && /\.(ko|o)$/.test(parts[parts.length - 1]))
            versions.add(parts[0]);
    }
    return [...versions].sort();
}

;// CONCATENATED MODULE: ./src/drivers/shard.ts

/**
 * The shard (1..count) a config belongs to: sha256 of its path relative to the config folder, mod count. A
 * stable hash (not the position in a sorted list) so adding a config never moves the others between shards,
 * and every matrix job computes the same split without talking to the others.
 */
function shardOf(configPath, count) {
    const digest = (0,external_node_crypto_.createHash)('sha256').update(configPath).digest();
    // 48 bits are plenty for an even split and stay exact in a JS number.
    return (digest.readUIntBE(0, 6) % count) + 1;
}
function inShard(configPath, shard) {
    return shard.count === 1 || shardOf(configPath, shard.count) === shard.index;
}

// EXTERNAL MODULE: ./src/core.ts
var core = __webpack_require__(10828);
// EXTERNAL MODULE: ./src/markup.ts
var markup = __webpack_require__(43031);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
;// CONCATENATED MODULE: ./src/drivers/summary.ts



/**
 * GitHub caps an output at 1 MB; past this the per-object uploaded/deleted entries are folded into counts per
 * driver version and arch too (the listings name every object anyway).
 */
const MAX_PUBLISHED_JSON = 900_000;
/** `8.0.0+driver/x86_64/…` → `8.0.0+driver/x86_64/`; the root listing has no prefix. */
function prefixOfKey(key) {
    // What `${parts[0]}/${parts[1]}/` of split('/') gives, without the array: asked once per object, often twice.
    if (!key)
        return '';
    const first = key.indexOf('/');
    const second = first < 0 ? -1 : key.indexOf('/', first + 1);
    return second < 0 ? '' : key.slice(0, second + 1);
}
/**
 * Keeps the `published` output usable at thousands of objects: unchanged driver objects become one entry per
 * driver version and arch with a count; uploaded, missing, invalid and deleted objects stay listed one by one
 * unless the output would pass GitHub's size limit.
 */
function compact(entries, limit = MAX_PUBLISHED_JSON) {
    const listed = [];
    const folded = fold(entries, e => e.status === 'unchanged' && e.role === 'artifact', listed);
    const out = [...listed, ...folded];
    if (JSON.stringify(out).length <= limit)
        return out;
    const small = [];
    const more = fold(out, e => e.role === 'artifact' || e.role === 'delete', small);
    log/* notice */.lm(`${out.length} published entries would pass the 1 MB output limit: uploaded and deleted objects are counted per driver version and arch; the listings name every object.`);
    return [...small, ...more];
}
/** Folds the entries `pick` selects into one entry per status, role and prefix, with a count. */
function fold(entries, pick, rest) {
    const groups = new Map();
    for (const e of entries) {
        if (!pick(e)) {
            rest.push(e);
            continue;
        }
        const prefix = e.count !== undefined ? (e.path ?? '') : prefixOfKey(e.path);
        const id = `${e.status}\u0000${e.role}\u0000${prefix}`;
        const group = groups.get(id);
        if (group) {
            group.count = (group.count ?? 0) + (e.count ?? 1);
            if (e.replaced)
                group.replaced = true;
            if (e.size !== undefined)
                group.size = (group.size ?? 0) + e.size;
        }
        else
            groups.set(id, {
                kind: e.kind,
                repo: e.repo,
                path: prefix,
                status: e.status,
                role: e.role,
                count: e.count ?? 1,
                ...(e.replaced && { replaced: true }),
                ...(e.size !== undefined && { size: e.size })
            });
    }
    for (const g of groups.values())
        g.reason = `${g.count} object(s) ${g.status === 'unchanged' ? 'already there with the same bytes' : g.status}`;
    return [...groups.values()];
}
/** Driver objects per status for each driver version and arch (listings are not counted). */
function totals(published) {
    const rows = new Map();
    for (const p of published) {
        // Listings are not driver objects; skipped configs have their own section.
        if (p.role === 'index' || p.status === 'invalid')
            continue;
        const prefix = p.count !== undefined ? (p.path ?? '') : prefixOfKey(p.path);
        const row = rows.get(prefix) ?? { prefix, uploaded: 0, unchanged: 0, missing: 0, deleted: 0 };
        const n = p.count ?? 1;
        if (p.status === 'uploaded')
            row.uploaded += n;
        else if (p.status === 'unchanged')
            row.unchanged += n;
        else if (p.status === 'missing')
            row.missing += n;
        else if (p.status === 'deleted')
            row.deleted += n;
        rows.set(prefix, row);
    }
    return [...rows.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : 1));
}
const MAX_LISTED = 500;
/** Adds the drivers section to the job summary: totals per driver version and arch, failures, deletions. */
function addDriversSummary(published) {
    const rows = totals(published);
    const skipped = published.filter(p => p.status === 'invalid');
    if (rows.length === 0 && skipped.length === 0)
        return;
    const s = core/* summary */.z.addHeading('Drivers per driver version and arch', 3);
    if (rows.length > 0)
        s.addTable([
            ['Driver version / arch', 'Uploaded', 'Unchanged', 'Missing', 'Deleted'].map(data => ({
                data,
                header: true
            })),
            ...rows.map(r => [
                `<code>${(0,markup/* esc */.U)(r.prefix)}</code>`,
                String(r.uploaded),
                String(r.unchanged),
                String(r.missing),
                String(r.deleted)
            ])
        ]);
    if (skipped.length > 0) {
        const total = skipped.reduce((n, p) => n + (p.count ?? 1), 0);
        s.addRaw(`<p>⚠️ ${total} invalid driverkit config(s) skipped (on-invalid-config: warn):</p>`, true).addList(skipped.slice(0, MAX_LISTED).map(f => `<code>${(0,markup/* esc */.U)(f.path ?? '')}</code>: ${(0,markup/* esc */.U)(f.reason ?? '')}`));
    }
    const failures = published.filter(p => p.status === 'missing');
    if (failures.length > 0)
        s.addRaw(`<p>❌ ${failures.length} object(s) not published:</p>`, true).addList(failures
            .slice(0, MAX_LISTED)
            .map(f => `<code>${(0,markup/* esc */.U)(f.path ?? '')}</code>: ${(0,markup/* esc */.U)(f.reason ?? f.status)}`));
    const deleted = published.filter(p => p.status === 'deleted' && p.count === undefined);
    if (deleted.length > 0)
        s.addDetails(`🗑 ${deleted.length} object(s) deleted by retention`, `<ul>${deleted
            .slice(0, MAX_LISTED * 4)
            .map(d => `<li><code>${(0,markup/* esc */.U)(d.path ?? '')}</code>: ${(0,markup/* esc */.U)(d.reason ?? '')}</li>`)
            .join('')}${deleted.length > MAX_LISTED * 4 ? `<li>… and ${deleted.length - MAX_LISTED * 4} more (see the log)</li>` : ''}</ul>`);
}

;// CONCATENATED MODULE: ./src/drivers/publisher.ts






















const states = new WeakMap();
// How many times a sharded run re-lists the store to check its listings still hold every shard's objects.
const LISTING_ROUNDS = 4;
// Bad files named in the error message; the log names every one.
const MAX_NAMED = 30;
// Skipped configs listed one by one in the published output; the rest are counted.
const MAX_SKIPPED_LISTED = 1000;
/**
 * Drivers: objects built by driverkit from the Drivers Build Grid's configs, published as
 * `<driverversion>/<arch>/<driver-name>_<target>_<kernelrelease>_<kernelversion>.ko|.o`, with listings.
 */
const driversPublisher = {
    async plan(ctx) {
        if (ctx.release.type === 'none')
            throw new Error('no plan for a run that publishes nothing');
        const early = startEarly(ctx);
        try {
            return await planWith(ctx, early);
        }
        finally {
            early.hasher.close();
        }
    },
    async apply(plan, ctx) {
        const { inputs } = ctx;
        const store = await ctx.store();
        const state = states.get(plan) ?? {
            known: new Map(),
            dropped: new Set(),
            prefixes: new Map(),
            facts: {},
            own: new Map()
        };
        const options = {
            concurrency: inputs.concurrency,
            cacheControlArtifacts: inputs.cacheControlArtifacts,
            cacheControlIndexes: inputs.cacheControlIndexes
        };
        const artifacts = await (0,apply/* applyPlan */.g)({ ...plan, writes: plan.writes.filter(w => w.role !== 'index'), deletes: [], extra: [] }, store, { ...options, known: state.known });
        // A run that changed nothing only checks the listings it would touch (from the listings plan() already took),
        // instead of listing the whole destination again: the cheap path for a grid that is all there.
        // Versions being pruned must leave the root listing in every shard's run, even one with nothing to upload
        // and nothing to delete itself (only shard 1 deletes): then the listings are always rebuilt.
        const changed = artifacts.some(a => a.status !== 'unchanged') || plan.deletes.length > 0 || state.dropped.size > 0;
        const indexes = (!changed && (await currentListings(plan, store, state, inputs.driverName))) ||
            (await publishListings(plan, store, ctx, state, options));
        const deleted = plan.deletes.length > 0
            ? await (0,apply/* applyPlan */.g)({ ...plan, writes: [], extra: [] }, store, options)
            : [];
        const published = compact([...artifacts, ...indexes, ...deleted, ...plan.extra]).map(p => p.url ? { ...p, url: encodePlus(p.url) } : p);
        addDriversSummary(published);
        return published;
    }
};
/** plan(), with the work started early (listings read, objects hashed while the configs are read). */
async function planWith(ctx, early) {
    const { inputs, release } = ctx;
    const { configs, skipped } = await readConfigs(ctx, early);
    const mine = configs.filter(c => inShard(c.path, inputs.shard));
    const { shard } = inputs;
    log/* info */.pq(`${configs.length} driverkit config(s)${shard.count > 1 ? `, ${mine.length} in shard ${shard.index}/${shard.count}` : ''}`);
    const match = skipOrphansOf(await matchObjects(ctx, configs, mine), skipped);
    refuseOrphans(match);
    const missing = reportMissing(match.missing, ctx);
    const fields = fieldsOf(configs, inputs.driverName);
    const { hashed, known, prefixes, full, own, vouched } = await hashAndLookUp(ctx, match.found, fields, early);
    const writes = [];
    const unchanged = new Map();
    for (const { o, digest } of hashed) {
        const existing = known.get(o.key);
        if (vouched.has(o.key) || (existing && (0,apply/* sameBytes */.e)(existing, digest))) {
            unchanged.set(prefixOf(o.config), (unchanged.get(prefixOf(o.config)) ?? 0) + 1);
            continue;
        }
        writes.push({
            kind: 'drivers',
            repo: o.config.driverversion,
            key: o.key,
            body: { path: o.file },
            ...digest,
            role: 'artifact',
            // Not immutable, even in a stable run: driverkit builds are not reproducible (toolchains, timestamps), so
            // rebuilding a config gives other bytes under the same key, and the grid rebuilds a config on purpose when
            // it changes (fixed kernel URLs, a new builder image). The key names the config; the newest build wins.
            immutable: false,
            contentType: 'application/octet-stream',
            reason: `${o.kind} for ${o.config.target} ${o.config.kernelrelease} (${o.config.path})${existing ? ', replacing different bytes' : ''}`
        });
    }
    const extra = [
        ...[...unchanged].map(([prefix, count]) => ({
            kind: 'drivers',
            repo: prefix.split('/')[0],
            path: prefix,
            status: 'unchanged',
            role: 'artifact',
            count,
            reason: `${count} object(s) already there with the same bytes`
        })),
        ...missing,
        ...skippedEntries(skipped)
    ];
    const plan = {
        kind: 'drivers',
        release,
        destination: ctx.destination?.display ?? '',
        writes,
        deletes: [],
        extra,
        notes: []
    };
    const dropped = new Set();
    if (inputs.prune && full)
        planRetention(plan, ctx, configs, full, dropped);
    const facts = {
        fields,
        digests: new Map(hashed.map(({ o, digest }) => [o.key, digest.sha256]))
    };
    plan.writes.push(...previewListings(full, known, writes, dropped, inputs.driverName, facts, own));
    states.set(plan, { known, dropped, prefixes, facts, own });
    return plan;
}
/**
 * Starts, for each valid config of this shard as soon as it is read, the GET of its prefix's listing and the
 * hashing of its built files (on the worker thread, announced by the output paths the config names; the files
 * are checked by matchObjects() before any digest is used). With `files` globs the objects are only known after
 * the configs, so nothing is hashed early.
 */
function startEarly(ctx) {
    const { inputs } = ctx;
    const trust = inputs.trustListings && !inputs.prune;
    const reads = new Map();
    // The object names of each listing read so far (null: none readable): an object it names needs no md5.
    const names = new Map();
    const listing = (prefix) => {
        let read = reads.get(prefix);
        if (!read) {
            // Unreadable counts as absent: the store's listing decides then, and reports the store's error if any.
            read = ctx
                .store()
                .then(store => store.read(`${prefix}index.json`))
                .catch(() => undefined)
                .then(data => {
                const entries = parseArchListing(data);
                names.set(prefix, entries ? new Set(entries.map(e => e.name)) : null);
                return { data, entries };
            });
            reads.set(prefix, read);
        }
        return read;
    };
    // md5 is only for S3 ETags (the store's answer) and uploads: skipped for objects a listing may vouch for. One
    // still missing when the store has to decide is computed then.
    const hasher = new Hasher((_, key) => {
        if (!trust)
            return true;
        const prefix = prefixOfKey(key);
        const listed = names.get(prefix);
        return listed !== undefined && !listed?.has(key.slice(prefix.length));
    });
    let outputDir;
    if (inputs.files.length === 0)
        try {
            outputDir = (0,external_node_path_.resolve)(ctx.baseDir, inputs.outputDir || '.');
            (0,inside/* requireInside */.Ab)(outputDir, 'output-dir', ctx.baseDir);
        }
        catch {
            outputDir = undefined; // matchObjects() says why, in its turn
        }
    // The store's module and credentials are loaded while the config folder is read, not on the first config
    // (a store that cannot be opened fails the plan where it is first needed, with its error).
    void ctx.store().catch(() => undefined);
    return {
        trust,
        hasher,
        listing,
        onFound(count) {
            if (outputDir)
                hasher.expect(count);
        },
        readAhead: (paths, maxBytes) => hasher.readAhead(paths, maxBytes),
        onConfig(config) {
            if (!inShard(config.path, inputs.shard))
                return;
            if (trust)
                void listing(prefixOf(config));
            if (outputDir)
                for (const kind of ['module', 'probe']) {
                    const output = config[kind];
                    // The same path matchOutputs() builds, so the digest is found by it.
                    if (output)
                        hasher.add(outputFile(outputDir, output), objectKey(inputs.driverName, config, kind));
                }
        }
    };
}
/**
 * Hashes the objects while finding out what the store holds. With trust-listings (and no prune, which needs the
 * whole store listed), each prefix's own index.json is read first: an object it lists with the local sha256 and
 * size is unchanged; the store is asked only about the others, and about every object of a prefix whose listing
 * is missing, unreadable or not ours. Otherwise every prefix is listed, as before. Reads and listings mostly wait
 * on the network, hashing on the CPU: they overlap. A file that cannot be read still fails the run first.
 */
async function hashAndLookUp(ctx, found, fields, early) {
    const { inputs } = ctx;
    const lookUps = [];
    const ask = (keys) => {
        if (keys.length === 0)
            return;
        const looked = lookUp(ctx, keys);
        looked.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
        lookUps.push(looked);
    };
    const settle = () => Promise.allSettled(lookUps);
    const own = new Map();
    let reading = Promise.resolve();
    if (!early.trust)
        ask(found.map(o => o.key));
    else {
        const byPrefix = new Map();
        for (const o of found) {
            const prefix = prefixOf(o.config);
            const keys = byPrefix.get(prefix);
            if (keys)
                keys.push(o.key);
            else
                byPrefix.set(prefix, [o.key]);
        }
        reading = (0,limit/* mapLimit */.s)([...byPrefix], Math.min(inputs.concurrency, 4), async ([prefix, keys]) => {
            const { data, entries } = await early.listing(prefix);
            const listing = ownListing(prefix, data, fields, inputs.driverName, entries);
            if (listing)
                own.set(prefix, listing);
            else
                ask(keys);
        });
    }
    const digests = await early.hasher
        .all(found.map(o => ({ file: o.file, tag: o.key })), Math.max(inputs.concurrency, 16))
        .catch(async (err) => {
        await reading.catch(() => undefined);
        await settle();
        throw err;
    });
    const hashed = found.map((o, i) => ({ o, digest: digests[i] }));
    await reading;
    const vouched = new Set();
    const doubted = new Set();
    const doubts = [];
    for (const h of hashed) {
        const prefix = prefixOf(h.o.config);
        const listing = own.get(prefix);
        if (!listing)
            continue;
        const listed = listing.byName.get(h.o.key.slice(prefix.length));
        if (listed && listed.size === h.digest.size && listed.sha256 === h.digest.sha256)
            vouched.add(h.o.key);
        else {
            doubts.push(h);
            doubted.add(prefix);
        }
    }
    ask(doubts.map(h => h.o.key));
    for (const prefix of doubted)
        own.delete(prefix);
    // Every object the store decides about is compared by md5 where the store lists no sha256 (an S3 ETag).
    await (0,limit/* mapLimit */.s)(hashed.filter(h => !vouched.has(h.o.key) && !h.digest.md5), Math.max(inputs.concurrency, 16), async (h) => {
        h.digest.md5 = await (0,hash/* md5File */.nh)(h.o.file);
    }).catch(async (err) => {
        await settle();
        throw err;
    });
    const looked = await Promise.all(lookUps);
    const known = new Map();
    const prefixes = new Map();
    for (const l of looked) {
        for (const [k, v] of l.known)
            known.set(k, v);
        for (const [k, v] of l.prefixes)
            prefixes.set(k, v);
    }
    return {
        full: looked.find(l => l.full)?.full,
        known,
        prefixes,
        hashed: hashed,
        vouched,
        own
    };
}
/**
 * What the store holds for these keys. Retention needs every driver version in the store: one listing of
 * everything, which also answers "is it there already?" for free. Without prune, only the prefixes this run
 * writes to are listed.
 */
async function lookUp(ctx, keys) {
    const store = await ctx.store();
    const full = ctx.inputs.prune ? await listAll(store) : undefined;
    const prefixes = new Map();
    const known = await findExisting(store, keys, ctx.inputs.concurrency, full, prefixes);
    return { full, known, prefixes };
}
/**
 * Reads and validates every config not excluded. An invalid one fails the run here, before anything is written
 * (on-invalid-config: error), or is skipped with a warning naming it (warn).
 */
async function readConfigs(ctx, hooks) {
    const { inputs } = ctx;
    if (!inputs.driverkitConfig)
        throw new errors/* InputError */.dz('driverkit-config', "is required for kind 'drivers': the folder of driverkit configs (<driverversion>/<x86_64|aarch64>/<target>_<kernelrelease>_<kernelversion>.yaml).");
    const dir = (0,external_node_path_.resolve)(ctx.run.workspace, inputs.driverkitConfig);
    // The folder itself may be a symlink or a path out of the workspace; the files in it are never symlinks.
    (0,inside/* requireInside */.Ab)(dir, 'driverkit-config', ctx.run.workspace);
    const exclude = excluder(inputs.driverkitConfigExclude);
    const tree = await readConfigTree(dir, exclude, hooks).catch(err => {
        throw new errors/* InputError */.dz('driverkit-config', `${err.message}.`);
    });
    if (tree.excluded.length > 0)
        log/* info */.pq(`${tree.excluded.length} config(s) left out by driverkit-config-exclude`);
    const dupes = duplicates(tree.configs);
    const found = [...tree.invalid, ...dupes];
    const configs = tree.configs.filter(c => !dupes.some(d => d.path === c.path));
    // File names may hold anything, newlines and `::` included: shown quoted and escaped wherever they are printed
    // (the plan goes to the log as plain lines), so no file name can start a workflow command.
    const invalid = found.map(bad => ({ ...bad, path: printable(bad.path) }));
    if (invalid.length > 0 && inputs.onInvalidConfig === 'warn') {
        for (const bad of invalid)
            log/* warning */.$e(`${bad.path}: ${bad.reason}`, { title: 'invalid driverkit config skipped' });
        log/* warning */.$e(`${invalid.length} invalid driverkit config(s) skipped (on-invalid-config: warn); the ${configs.length} valid one(s) are published.`);
    }
    else if (invalid.length > 0) {
        for (const bad of invalid)
            log/* error */.z3(`${bad.path}: ${bad.reason}`, { title: 'invalid driverkit config' });
        throw new errors/* InputError */.dz('driverkit-config', `${invalid.length} invalid driverkit config(s) under ${dir}; nothing was published (set on-invalid-config to warn to publish the valid ones, or leave files out with driverkit-config-exclude):\n` +
            named(invalid.map(b => `${b.path}: ${b.reason}`)));
    }
    if (configs.length === 0) {
        const message = `no driverkit configs (*.yaml) under ${dir}`;
        if (inputs.ifNoFilesFound === 'error')
            throw new errors/* InputError */.dz('driverkit-config', `${message}. Check the folder, or set if-no-files-found.`);
        if (inputs.ifNoFilesFound === 'warn')
            log/* warning */.$e(message);
        else
            log/* info */.pq(message);
    }
    return { configs, skipped: invalid };
}
/**
 * A path as printed: as it is, or quoted with its control characters escaped and `##[` broken (the runner reads
 * the legacy `##[command]` form anywhere in a line), so it reads as a name and never as a workflow command.
 */
function printable(path) {
    return (0,version/* hasControlChars */.jt)(path) || path.includes('##[') ? (0,version/* show */.WU)(path, 300).replace(/##\[/g, '##\\[') : path;
}
/** How each skipped config shows in the published output and the summary (status invalid). */
function skippedEntries(skipped) {
    const listed = skipped.slice(0, MAX_SKIPPED_LISTED).map(bad => ({
        kind: 'drivers',
        path: bad.path,
        status: 'invalid',
        reason: bad.reason
    }));
    const more = skipped.length - listed.length;
    // A whole legacy folder left in would name thousands: the rest is counted (the log names every one).
    if (more > 0)
        listed.push({
            kind: 'drivers',
            status: 'invalid',
            count: more,
            reason: `${more} more invalid config(s) skipped (see the log)`
        });
    return listed;
}
/** The configs' own fields of every object they produce, by key: what the listings show. */
function fieldsOf(configs, driverName) {
    const fields = new Map();
    for (const c of configs)
        for (const kind of ['module', 'probe'])
            if (c[kind])
                fields.set(objectKey(driverName, c, kind), {
                    target: c.target,
                    kernelrelease: c.kernelrelease,
                    kernelversion: c.kernelversion,
                    arch: c.arch
                });
    return fields;
}
/** `a.yaml` and `a.yml` in one folder would publish the same objects twice. */
function duplicates(configs) {
    const seen = new Map();
    const out = [];
    for (const c of configs) {
        const id = `${c.driverversion}/${c.arch}/${c.target}_${c.kernelrelease}_${c.kernelversion}`;
        const other = seen.get(id);
        if (other)
            out.push({ path: c.path, reason: `describes the same driver as ${other}` });
        else
            seen.set(id, c.path);
    }
    return out;
}
function named(lines) {
    return (lines
        .slice(0, MAX_NAMED)
        .map(l => `  ${l}`)
        .join('\n') +
        (lines.length > MAX_NAMED ? `\n  … and ${lines.length - MAX_NAMED} more (see the log)` : ''));
}
/** Finds the built objects: driverkit's output paths under output-dir, or the `files` globs when given. */
async function matchObjects(ctx, all, mine) {
    const { inputs } = ctx;
    const expected = expectedObjects(mine, inputs.driverName);
    if (inputs.files.length > 0) {
        const files = await (0,src_files/* resolveFiles */.sA)(inputs.files, ctx.baseDir, 'ignore');
        return matchFiles(files, all, expected, inputs.driverName);
    }
    const outputDir = (0,external_node_path_.resolve)(ctx.baseDir, inputs.outputDir || '.');
    (0,inside/* requireInside */.Ab)(outputDir, 'output-dir', ctx.baseDir);
    const root = external_node_fs_.realpathSync.native(outputDir);
    // Each output folder is read once (one readdir instead of a stat per file); a plain file's real path is then its
    // folder's plus its name, and only a symlink is resolved on its own.
    const folders = new Map();
    const realFile = (file) => {
        const folder = (0,external_node_path_.dirname)(file);
        let seen = folders.get(folder);
        if (seen === undefined) {
            try {
                const entries = (0,external_node_fs_.readdirSync)(folder, { withFileTypes: true });
                seen = { real: external_node_fs_.realpathSync.native(folder), entries: new Map(entries.map(e => [e.name, e])) };
            }
            catch {
                seen = null;
            }
            folders.set(folder, seen);
        }
        const entry = seen?.entries.get((0,external_node_path_.basename)(file));
        if (!seen || !entry)
            return undefined;
        if (entry.isFile())
            return seen.real + external_node_path_.sep + entry.name;
        if (!entry.isSymbolicLink())
            return undefined;
        const real = external_node_fs_.realpathSync.native(file);
        return (0,external_node_fs_.statSync)(real).isFile() ? real : undefined;
    };
    return matchOutputs(expected, outputDir, file => {
        try {
            // A symlinked output must not publish a file from outside output-dir (say, a runner secret).
            const real = realFile(file);
            if (real === undefined)
                return false;
            if (real === root || !real.startsWith(root.endsWith(external_node_path_.sep) ? root : root + external_node_path_.sep))
                throw new errors/* InputError */.dz('output-dir', `${file} resolves to ${real}, outside ${root}; refusing to publish it.`);
            return true;
        }
        catch (err) {
            if (err instanceof errors/* InputError */.dz)
                throw err;
            return false;
        }
    });
}
/**
 * Built files of a skipped (invalid) config are no orphans: their config was named in a warning already. They are
 * left unpublished, with a note in the log; only files no config at all claims are refused.
 */
function skipOrphansOf(match, skipped) {
    const theirs = new Map();
    for (const bad of skipped)
        for (const name of bad.outputs ?? [])
            theirs.set(name, bad.path);
    if (theirs.size === 0 || match.orphans.length === 0)
        return match;
    const orphans = match.orphans.filter(o => !theirs.has((0,external_node_path_.basename)(o.file)));
    const left = match.orphans.length - orphans.length;
    if (left > 0)
        log/* info */.pq(`${left} built file(s) of skipped configs left unpublished`);
    return { ...match, orphans };
}
function refuseOrphans(match) {
    if (match.orphans.length === 0)
        return;
    for (const o of match.orphans)
        log/* error */.z3(`${o.file}: ${o.reason}`, { title: 'object without a config' });
    throw new errors/* InputError */.dz('files', `${match.orphans.length} file(s) match no driverkit config and would be published under a made-up name; nothing was published:\n` +
        named(match.orphans.map(o => `${o.file}: ${o.reason}`)));
}
/** Objects a config promises but the build did not produce, under the if-no-files-found policy. */
function reportMissing(missing, ctx) {
    if (missing.length === 0)
        return [];
    const lines = missing.map(m => `${m.config.path}: output.${m.kind} ${m.output} was not built`);
    const policy = ctx.inputs.ifNoFilesFound;
    if (policy === 'error') {
        for (const l of lines)
            log/* error */.z3(l, { title: 'driver object missing' });
        throw new errors/* InputError */.dz('if-no-files-found', `${missing.length} driver object(s) promised by driverkit configs are missing; nothing was published (set if-no-files-found to warn to publish the rest):\n` +
            named(lines));
    }
    const say = policy === 'warn' ? log/* warning */.$e : log/* info */.pq;
    say(`${missing.length} driver object(s) missing:\n${named(lines)}`);
    return missing.map((m, i) => ({
        kind: 'drivers',
        repo: m.config.driverversion,
        path: m.key,
        status: 'missing',
        role: 'artifact',
        reason: lines[i]
    }));
}
/**
 * Retention: keeps the newest keep-driver-versions semver driver versions and deletes every object of the older
 * ones. In a sharded run every shard leaves them out of the listings but only shard 1 deletes.
 */
function planRetention(plan, ctx, configs, full, dropped) {
    const { inputs } = ctx;
    // The versions this grid publishes count as present: they will be, once the objects land.
    const publishing = new Set(configs.map(c => c.driverversion));
    const stored = storedVersions(full.keys());
    const versions = [...stored, ...publishing];
    const absent = inputs.pruneDriverVersions.filter(v => !stored.includes(v));
    if (absent.length > 0)
        plan.notes.push(`prune-driver-versions names driver versions the store does not hold: ${absent.join(', ')}`);
    const choice = chooseRetention(versions, inputs.keepDriverVersions, publishing, new Set(inputs.pruneDriverVersions));
    for (const v of choice.prune)
        dropped.add(v);
    if (choice.untouched.length > 0)
        plan.notes.push(`retention never touches non-semver driver versions: ${choice.untouched.join(', ')}`);
    if (choice.protectedVersions.length > 0)
        plan.notes.push(`kept although older than the newest ${inputs.keepDriverVersions}: ${choice.protectedVersions.join(', ')} (this grid publishes them)`);
    if (choice.prune.length === 0)
        return;
    if (inputs.shard.index !== 1) {
        plan.notes.push(`shard 1 deletes driver versions ${choice.prune.join(', ')}; this shard only leaves them out of the listings`);
        return;
    }
    const deletes = [...full.keys()]
        .filter(key => choice.prune.includes(key.split('/')[0]))
        .sort()
        .map(key => ({
        kind: 'drivers',
        repo: key.split('/')[0],
        key,
        reason: inputs.pruneDriverVersions.includes(key.split('/')[0])
            ? `driver version ${key.split('/')[0]} is listed in prune-driver-versions`
            : `driver version ${key.split('/')[0]} is older than the newest ${inputs.keepDriverVersions} (${choice.keep.slice(0, inputs.keepDriverVersions).join(', ')})`
    }));
    plan.deletes.push(...deletes);
}
/**
 * The listings as far as the plan can tell (what is there plus what will be written), so a dry run shows them.
 * apply() rebuilds them from a fresh listing of the store once the objects have landed.
 */
function previewListings(full, known, writes, dropped, driverName, facts, own) {
    const objects = new Map(full ?? []);
    const touched = new Set(writes.map(w => prefixOfKey(w.key)));
    for (const [key, info] of known)
        if (info)
            objects.set(key, { key, ...info });
    for (const w of writes)
        objects.set(w.key, { key: w.key, size: w.size });
    for (const key of known.keys())
        touched.add(prefixOfKey(key));
    const grid = gridOf(objects.values(), driverName, facts);
    // Prefixes our own listings vouched for in full: their entries as they are, their files already built.
    const built = new Map();
    for (const [prefix, listing] of own) {
        const [version, arch] = prefix.split('/');
        const arches = grid.get(version) ?? new Map();
        arches.set(arch, listing.drivers);
        grid.set(version, arches);
        touched.add(prefix);
        built.set(prefix, listing.files);
    }
    return listingWrites(listings(grid, dropped, full ? undefined : touched, built), true);
}
function listingWrites(files, preview) {
    return [...files].map(([key, data]) => ({
        kind: 'drivers',
        repo: key.includes('/') ? key.split('/')[0] : undefined,
        key,
        body: { data },
        ...listingDigest(data),
        role: 'index',
        immutable: false,
        contentType: contentTypeOf(key),
        reason: preview
            ? 'listing (rebuilt from the store once the objects have landed)'
            : 'listing rebuilt from the store'
    }));
}
/**
 * Writes the listings from a listing of the store taken after the objects landed. A sharded run then lists again
 * and rewrites until what it wrote matches the store: whichever shard finishes last, the listings hold every
 * shard's objects, instead of the last writer's view.
 */
async function publishListings(plan, store, ctx, state, options) {
    const { inputs } = ctx;
    const { dropped } = state;
    const rounds = inputs.shard.count > 1 ? LISTING_ROUNDS : 1;
    const results = new Map();
    const cache = new Map();
    let previous;
    for (let round = 0; round < rounds; round++) {
        const all = await listAll(store);
        const grid = new Map([...gridOf(all.values(), inputs.driverName, state.facts)].filter(([v]) => !dropped.has(v)));
        await completeGrid(grid, store, inputs.concurrency, cache);
        const files = listings(grid, dropped);
        if (previous && sameFiles(files, previous))
            break;
        const writes = listingWrites(files, false);
        const known = await findExisting(store, writes.map(w => w.key), inputs.concurrency, all);
        const done = await (0,apply/* applyPlan */.g)({ ...plan, writes, deletes: [], extra: [] }, store, { ...options, known });
        for (const d of done)
            if (d.status === 'uploaded' || !results.has(d.path ?? ''))
                results.set(d.path ?? '', d);
        previous = files;
    }
    return [...results.values()];
}
/**
 * The listings this run would write, when they already match the store: each touched `<driverversion>/<arch>/`
 * listing against that prefix's listing from plan(), and the root's entries for those prefixes against the root
 * index.json. Undefined (so everything is rebuilt) as soon as anything differs or is unknown, e.g. after a run
 * that stopped between its objects and its listings.
 */
async function currentListings(plan, store, state, driverName) {
    const touched = new Set([...plan.extra, ...plan.writes]
        .filter(e => e.role === 'artifact')
        .map(e => prefixOfKey('key' in e ? e.key : e.path)));
    if (touched.size === 0)
        return undefined;
    // The root listing is read alongside the checks below, not after them (its error, if any, is still the run's).
    const storedRoot = store.read('index.json');
    storedRoot.catch(() => undefined);
    const files = new Map();
    const counts = new Map();
    const heads = [];
    for (const prefix of touched) {
        const listed = state.prefixes.get(prefix);
        const own = listed ? undefined : state.own.get(prefix);
        if (own) {
            // Vouched for by its own index.json, which plan() found byte for byte as this run would write it: only its
            // index.html is left to check (one HEAD where the store gives a checksum), all prefixes' at once.
            for (const [key, data] of own.files) {
                if (key.endsWith('.html')) {
                    const same = sameHead(store, key, data);
                    same.catch(() => undefined); // awaited below, unless another prefix already decided
                    heads.push(same);
                }
                files.set(key, data);
            }
            counts.set(prefix, own.drivers.length);
            continue;
        }
        if (!listed)
            return undefined;
        const grid = gridOf(listed.values(), driverName, state.facts);
        const [version, arch] = prefix.split('/');
        const drivers = grid.get(version)?.get(arch) ?? [];
        counts.set(prefix, drivers.length);
        // The stored listing gives the sha256 of the objects this shard did not hash; any object it cannot vouch
        // for (new or changed since) means the listing is out of date. Unneeded when this shard hashed them all.
        const complete = drivers.every(d => d.sha256 && d.kernelrelease !== undefined);
        const storedJson = complete ? undefined : await store.read(`${prefix}index.json`);
        if (!complete && fillFromPrevious(drivers, parseArchListing(storedJson)).length > 0)
            return undefined;
        for (const [key, data] of archListing(version, arch, drivers)) {
            const info = listed.get(key);
            const same = storedJson && key.endsWith('.json')
                ? await sameAsStored(store, key, data, storedJson)
                : info && (info.md5 || info.sha256)
                    ? (0,apply/* sameBytes */.e)(info, listingDigest(data))
                    : await sameAsStored(store, key, data);
            if (!same)
                return undefined;
            files.set(key, data);
        }
    }
    if (!(await Promise.all(heads)).every(Boolean))
        return undefined;
    // The root: its stored entries, with this run's prefixes counted afresh, must give back the same bytes.
    const stored = await storedRoot;
    if (!stored)
        return undefined;
    let root;
    try {
        root = JSON.parse(stored.toString('utf8'));
    }
    catch {
        return undefined;
    }
    const grid = new Map();
    for (const v of root.driverversions ?? [])
        for (const a of v.arches ?? []) {
            const arches = grid.get(v.version) ?? new Map();
            arches.set(a.arch, new Array(a.count).fill({ name: '', size: 0 }));
            grid.set(v.version, arches);
        }
    for (const [prefix, n] of counts) {
        const [version, arch] = prefix.split('/');
        const arches = grid.get(version) ?? new Map();
        arches.set(arch, new Array(n).fill({ name: '', size: 0 }));
        grid.set(version, arches);
    }
    for (const [key, data] of rootListing(grid)) {
        if (!(await sameAsStored(store, key, data, key === 'index.json' ? stored : undefined)))
            return undefined;
        files.set(key, data);
    }
    return [...files].map(([key, data]) => ({
        kind: 'drivers',
        repo: key.includes('/') ? key.split('/')[0] : undefined,
        path: key,
        url: store.url?.(key),
        status: 'unchanged',
        sha256: listingDigest(data).sha256,
        size: data.length,
        role: 'index'
    }));
}
// A listing's bytes are hashed for the plan, checked against the store and reported: once each.
const listingDigests = new WeakMap();
function listingDigest(data) {
    let digest = listingDigests.get(data);
    if (!digest)
        listingDigests.set(data, (digest = (0,hash/* hashBytes */.yi)(data)));
    return digest;
}
/** The stored object has these bytes: by the checksum a HEAD gives, else by reading it back. */
async function sameHead(store, key, data) {
    const info = await store.stat(key);
    if (!info)
        return false;
    return info.md5 || info.sha256
        ? (0,apply/* sameBytes */.e)(info, listingDigest(data)) === true
        : sameAsStored(store, key, data);
}
async function sameAsStored(store, key, data, stored) {
    const current = stored ?? (await store.read(key));
    return current !== undefined && Buffer.compare(current, data) === 0;
}
function sameFiles(a, b) {
    if (a.size !== b.size)
        return false;
    for (const [k, v] of a) {
        const w = b.get(k);
        if (!w || Buffer.compare(v, w) !== 0)
            return false;
    }
    return true;
}
/** URLs shown to users encode `+` as `%2B` (a bare `+` in a URL path is read as a space by some servers). */
function encodePlus(url) {
    try {
        const u = new URL(url);
        u.pathname = u.pathname.replace(/\+/g, '%2B');
        return u.toString();
    }
    catch {
        return url;
    }
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


/***/ })

};
