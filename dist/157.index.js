export const id = 157;
export const ids = [157];
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

/***/ 64157:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   summarize: () => (/* binding */ summarize),
/* harmony export */   writeCombinedSummary: () => (/* binding */ writeCombinedSummary)
/* harmony export */ });
/* harmony import */ var _core_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(10828);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83916);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(59148);
/* harmony import */ var _inside_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(50063);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(67980);
/* harmony import */ var _markup_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(43031);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(76670);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(311);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(70665);
/* harmony import */ var _artifacts_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(73790);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(26968);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(25625);















const MAX_ROWS = 300;
/**
 * `kind: summary`: reads the publication records that earlier jobs (typically the shards of a matrix)
 * uploaded with `record-artifact`, and writes one combined job summary and `published` output. Nothing is
 * classified or published, so it needs no destination and can run `if: always()` after the matrix.
 */
async function summarize(env = process.env, client) {
    let records = [];
    let failure;
    try {
        const inputs = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_7__/* .getInputs */ .GP)();
        const workspace = env.GITHUB_WORKSPACE || process.cwd();
        let baseDir = workspace;
        (0,_inside_js__WEBPACK_IMPORTED_MODULE_6__/* .allowRoots */ .f8)(workspace);
        let patterns = inputs.files;
        if (inputs.artifact) {
            const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'publish-records-'));
            const got = await _log_js__WEBPACK_IMPORTED_MODULE_14__/* .group */ .Os('Download publication records', async () => (0,_artifacts_js__WEBPACK_IMPORTED_MODULE_12__/* .downloadArtifacts */ .U)(inputs.artifact, dir, await (client ?? _artifacts_js__WEBPACK_IMPORTED_MODULE_12__/* .defaultArtifactClient */ .h)()));
            baseDir = got.dir;
            (0,_inside_js__WEBPACK_IMPORTED_MODULE_6__/* .allowRoots */ .f8)(baseDir);
            if (patterns.length === 0)
                patterns = ['**/*.json'];
        }
        else if (patterns.length === 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('artifact', 'kind summary reads publication records: give artifact (the record-artifact names, e.g. publish-record-*) or files (record JSON files).');
        const files = await (0,_files_js__WEBPACK_IMPORTED_MODULE_5__/* .resolveFiles */ .sA)(patterns, baseDir, inputs.ifNoFilesFound);
        records = await Promise.all(files.map(async (f) => (0,_record_js__WEBPACK_IMPORTED_MODULE_13__/* .parseRecord */ .Hh)(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(f, 'utf8'), `the file ${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(f)}`)));
        records.sort((a, b) => a.name.localeCompare(b.name));
        // A record is another job's output: its name is shown quoted and on one line, like any value.
        for (const r of records)
            if (r.error)
                _log_js__WEBPACK_IMPORTED_MODULE_14__/* .warning */ .$e(`${(0,_version_js__WEBPACK_IMPORTED_MODULE_10__/* .show */ .WU)(r.name)}: ${r.error}`);
        _log_js__WEBPACK_IMPORTED_MODULE_14__/* .info */ .pq(`${records.length} publication record(s): ${records.map(r => (0,_version_js__WEBPACK_IMPORTED_MODULE_10__/* .show */ .WU)(r.name)).join(', ') || 'none'}`);
    }
    catch (err) {
        failure = (0,_redact_js__WEBPACK_IMPORTED_MODULE_9__/* .redact */ .E$)((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(err));
    }
    finally {
        const published = records.flatMap(r => r.published);
        const lead = records.find(r => r.release && r.release.type !== 'none')?.release;
        (0,_report_js__WEBPACK_IMPORTED_MODULE_11__/* .setOutputs */ .n0)(lead, published);
        await writeCombinedSummary(records, failure).catch(err => _log_js__WEBPACK_IMPORTED_MODULE_14__/* .warning */ .$e(`could not write the job summary: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(err)}`));
        if (failure)
            _log_js__WEBPACK_IMPORTED_MODULE_14__/* .fail */ .fJ(failure);
    }
}
/** One job summary for many publications: a row per job, then every object with the job it came from. */
async function writeCombinedSummary(records, error) {
    const s = _core_js__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addHeading(`publish-artifacts: ${records.length} publication${records.length === 1 ? '' : 's'}`, 2);
    if (error)
        s.addRaw(`<p>❌ <b>Failed:</b> ${(0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)((0,_redact_js__WEBPACK_IMPORTED_MODULE_9__/* .redact */ .E$)(error))}</p>`, true);
    const all = records.flatMap(r => r.published);
    if (all.length > 0)
        s.addRaw(`<p>${describeCounts(all)}</p>`, true);
    if (records.length > 0)
        s.addTable([
            ['Job', 'Kind', 'Release', 'Destination', 'Result'].map(data => ({ data, header: true })),
            ...records.map(r => [
                `<code>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)(r.name)}</code>`,
                (0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)(r.kind) + (r.dryRun ? ' (dry run)' : ''),
                r.release
                    ? `${(0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)(r.release.type)} ${r.release.version ? `<code>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)(r.release.version)}</code>` : ''}`
                    : '',
                r.destination ? `<code>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)((0,_redact_js__WEBPACK_IMPORTED_MODULE_9__/* .redact */ .E$)(r.destination))}</code>` : '',
                r.error ? `❌ ${(0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)((0,_redact_js__WEBPACK_IMPORTED_MODULE_9__/* .redact */ .E$)(r.error))}` : `✅ ${describeCounts(r.published) || 'nothing to publish'}`
            ])
        ]);
    const rows = records.flatMap(r => r.published.map(p => [r.name, p]));
    if (rows.length > 0) {
        s.addTable([
            ['Job', 'Repository', 'Object', 'Status', 'Digest'].map(data => ({ data, header: true })),
            ...rows
                .slice(0, MAX_ROWS)
                .map(([name, p]) => [
                (0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)(name),
                (0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)(p.repo ?? ''),
                objectCell(p),
                (0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)(p.status),
                `<code>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)((p.sha256 ?? p.digest ?? '').slice(0, 19))}</code>`
            ])
        ]);
        if (rows.length > MAX_ROWS)
            s.addRaw(`<p>… and ${rows.length - MAX_ROWS} more (see the published output).</p>`, true);
    }
    else if (!error)
        s.addRaw('<p>Nothing was published.</p>', true);
    if (!process.env.GITHUB_STEP_SUMMARY) {
        s.emptyBuffer();
        return;
    }
    await s.write();
}
function objectCell(p) {
    const name = (0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)((0,_redact_js__WEBPACK_IMPORTED_MODULE_9__/* .redact */ .E$)(p.path ?? p.ref ?? ''));
    return p.url && /^https?:/.test(p.url)
        ? `<a href="${(0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)((0,_redact_js__WEBPACK_IMPORTED_MODULE_9__/* .redact */ .E$)(p.url))}">${name}</a>`
        : `<code>${name}</code>`;
}
function describeCounts(published) {
    return Object.entries((0,_report_js__WEBPACK_IMPORTED_MODULE_11__/* .countByStatus */ .x7)(published))
        .map(([k, n]) => `${n} ${(0,_markup_js__WEBPACK_IMPORTED_MODULE_8__/* .esc */ .U)(k)}`)
        .join(', ');
}


/***/ })

};
