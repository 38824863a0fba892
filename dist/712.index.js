export const id = 712;
export const ids = [712];
export const modules = {

/***/ 7712:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  packagesPublisher: () => (/* binding */ packagesPublisher)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/limit.ts
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

// EXTERNAL MODULE: ./src/plan.ts
var src_plan = __webpack_require__(2464);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(6670);
;// CONCATENATED MODULE: ./src/apply.ts





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
    const verdicts = await mapLimit(plan.writes, options.concurrency, async (write) => {
        const existing = options.known?.has(write.key)
            ? options.known.get(write.key)
            : await store.stat(write.key);
        return verdict(existing, write);
    });
    const conflicts = plan.writes.filter((_, i) => verdicts[i] === 'conflict');
    if (conflicts.length > 0)
        throw new errors/* PublishError */.S1(`refusing to overwrite ${conflicts.length} stable artifact(s) that already exist with different bytes in ${store.description}: ` +
            `${conflicts
                .slice(0, 10)
                .map(c => c.key)
                .join(', ')}${conflicts.length > 10 ? ', …' : ''}. ` +
            'A stable release is immutable: publish a new version instead. Nothing was written.');
    const results = [];
    for (const role of src_plan/* ROLE_ORDER */.Y6) {
        const batch = plan.writes.map((w, i) => ({ w, v: verdicts[i] })).filter(({ w }) => w.role === role);
        const done = await mapLimit(batch, options.concurrency, async ({ w, v }) => {
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
                    throw new errors/* PublishError */.S1((0,redact/* redact */.E$)(`writing ${w.key} to ${store.description} failed: ${(0,errors/* errorMessage */.gJ)(err)}`));
                }
                core/* info */.pq(`${v === 'replace' ? 'replaced' : 'uploaded'} ${w.key}`);
            }
            else
                core/* debug */.Yz(`unchanged ${w.key}`);
            return entry(w, v === 'unchanged' ? 'unchanged' : 'uploaded', store);
        });
        results.push(...done);
    }
    const deleted = await mapLimit(plan.deletes, options.concurrency, async (d) => {
        await store.delete(d.key);
        core/* info */.pq(`deleted ${d.key} (${d.reason})`);
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

// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 17 modules
var glob = __webpack_require__(2377);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/files.ts






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
    const name = (0,external_node_path_.basename)(path);
    if ((0,version/* hasControlChars */.jt)(name) ||
        name.includes('\\') ||
        name.includes('..') ||
        name.startsWith('.') ||
        name.includes('/'))
        throw new errors/* InputError */.dz('files', `the file name ${(0,version/* show */.WU)(name)} is not publishable: no control characters, backslashes, '..' or leading dot.`);
    return name;
}
/**
 * Resolves the `files` globs (relative to `baseDir`) to regular files, sorted and de-duplicated, applying the
 * if-no-files-found policy when nothing matches.
 */
async function resolveFiles(patterns, baseDir, policy) {
    const absolute = patterns
        .flatMap(expandBraces)
        .map(p => (p.startsWith('!') ? `!${files_anchor(p.slice(1), baseDir)}` : files_anchor(p, baseDir)));
    const found = new Set();
    if (absolute.some(p => !p.startsWith('!'))) {
        const globber = await glob/* create */.v(absolute.join('\n'), {
            matchDirectories: false,
            implicitDescendants: false
        });
        for (const file of await globber.glob())
            if ((await (0,promises_.stat)(file)).isFile())
                found.add(file);
    }
    const files = [...found].sort();
    if (files.length === 0) {
        const message = `no files matched ${patterns.map(p => (0,version/* show */.WU)(p)).join(', ') || '(no pattern given)'} under ${baseDir}`;
        if (policy === 'error')
            throw new errors/* InputError */.dz('files', `${message}. Check the globs, or set if-no-files-found to warn or ignore.`);
        if (policy === 'warn')
            core/* warning */.$e(message);
        else
            core/* info */.pq(message);
    }
    for (const file of files)
        checkFileName(file);
    return files;
}
function files_anchor(pattern, baseDir) {
    return (0,external_node_path_.isAbsolute)(pattern) ? pattern : (0,external_node_path_.join)(baseDir, pattern);
}

// EXTERNAL MODULE: ./src/hash.ts
var hash = __webpack_require__(6495);
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

;// CONCATENATED MODULE: ./src/packages/publisher.ts






const indexers = {};
/** Packages: deb, rpm and tarballs, each routed to its stable or dev repository. */
const packagesPublisher = {
    async plan(ctx) {
        const { inputs, release } = ctx;
        if (release.type === 'none')
            throw new Error('no plan for a run that publishes nothing');
        const type = release.type;
        const files = await resolveFiles(inputs.files, ctx.baseDir, inputs.ifNoFilesFound);
        const routed = files.map(path => ({ path, route: routePackage((0,external_node_path_.basename)(path), type) }));
        const keys = new Map();
        for (const { path, route } of routed) {
            const other = keys.get(route.key);
            if (other)
                throw new Error(`files '${other}' and '${path}' would both be published as ${route.key}`);
            keys.set(route.key, path);
        }
        const writes = await mapLimit(routed, inputs.concurrency, async ({ path, route }) => {
            const digest = await (0,hash/* hashFile */.D)(path);
            return {
                kind: 'packages',
                repo: route.repo,
                key: route.key,
                body: { path },
                ...digest,
                role: 'artifact',
                immutable: type === 'stable',
                reason: `${route.format} package for the ${type} release ${release.version}`
            };
        });
        const plan = {
            kind: 'packages',
            release,
            destination: ctx.destination?.display ?? '',
            writes,
            deletes: [],
            extra: [],
            notes: []
        };
        const repos = [...new Set(routed.map(r => r.route))].reduce((m, r) => m.set(r.repo, r.format), new Map());
        for (const [repo, format] of repos) {
            const indexer = indexers[format];
            if (!indexer)
                continue;
            const part = await indexer.plan(repo, writes.filter(w => w.repo === repo), ctx);
            plan.writes.push(...part.writes);
            plan.deletes.push(...part.deletes);
            plan.notes.push(...part.notes);
        }
        return plan;
    },
    async apply(plan, ctx) {
        const { inputs } = ctx;
        return applyPlan(plan, await ctx.store(), {
            concurrency: inputs.concurrency,
            cacheControlArtifacts: inputs.cacheControlArtifacts,
            cacheControlIndexes: inputs.cacheControlIndexes
        });
    }
};


/***/ })

};
