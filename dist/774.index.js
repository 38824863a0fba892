export const id = 774;
export const ids = [774];
export const modules = {

/***/ 11774:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  applyRelease: () => (/* binding */ applyRelease),
  planRelease: () => (/* binding */ planRelease)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/github/retry.ts
var retry = __webpack_require__(48129);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/core.ts
var core = __webpack_require__(10828);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(46752);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/packages/indexer.ts + 1 modules
var indexer = __webpack_require__(3412);
// EXTERNAL MODULE: ./src/packages/sign.ts
var sign = __webpack_require__(52468);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(76670);
// EXTERNAL MODULE: ./src/retry.ts
var src_retry = __webpack_require__(49809);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/github/assets.ts
/**
 * What to do with each file meant for a GitHub release (pure): the decision of `github-release`, separate from
 * the API adapter (./release.ts) so it is table-tested without a server.
 */
/**
 * Same name and same bytes is unchanged; same name and other bytes is refused on a stable release (its assets
 * are as immutable as its packages) and replaced on a prerelease; an upload left half-done (`starter`) is always
 * replaced. `knownSha256` answers for remote assets that were hashed (the `compare` actions of a first pass).
 */
function planAssets(local, remote, stable, knownSha256 = new Map()) {
    const byName = new Map(remote.map(r => [r.name, r]));
    const plan = { actions: [], conflicts: [] };
    for (const asset of local) {
        const r = byName.get(asset.name);
        if (!r) {
            plan.actions.push({ action: 'upload', asset });
            continue;
        }
        if (r.state !== 'uploaded') {
            plan.actions.push({ action: 'upload', asset, replaces: r });
            continue;
        }
        const sha = r.sha256 ?? knownSha256.get(r.id);
        const same = r.size !== asset.size ? false : sha ? sha === asset.sha256 : undefined;
        if (same === undefined)
            plan.actions.push({ action: 'compare', asset, remote: r });
        else if (same)
            plan.actions.push({ action: 'unchanged', asset, remote: r });
        else if (stable)
            plan.conflicts.push(asset.name);
        else
            plan.actions.push({ action: 'upload', asset, replaces: r });
    }
    return plan;
}
/** `sha256sum` lines for the assets, sorted by name (the release's SHA256SUMS). */
function sha256sums(assets) {
    return [...assets]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map(a => `${a.sha256}  ${a.name}\n`)
        .join('');
}

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/markup.ts
var markup = __webpack_require__(43031);
;// CONCATENATED MODULE: ./src/github/release.ts















const SUMS = 'SHA256SUMS';
const SUMS_ASC = 'SHA256SUMS.asc';
/** The part of the GitHub REST API github-release uses: octokit for JSON calls, undici for streamed bytes. */
class ReleaseApi {
    token;
    apiUrl;
    owner;
    repo;
    constructor(token, repository, apiUrl) {
        this.token = token;
        this.apiUrl = apiUrl;
        const [owner, repo] = repository.split('/');
        if (!owner || !repo)
            throw new errors/* InputError */.dz('github-release', `GITHUB_REPOSITORY ${(0,version/* show */.WU)(repository)} is not owner/name.`);
        this.owner = owner;
        this.repo = repo;
    }
    async octokit() {
        const { getOctokit } = await __webpack_require__.e(/* import() */ 351).then(__webpack_require__.bind(__webpack_require__, 61351));
        return getOctokit(this.token, { baseUrl: this.apiUrl });
    }
    async byTag(tag) {
        return retrying(`get the release of tag ${tag}`, async () => {
            const o = await this.octokit();
            try {
                const r = await o.rest.repos.getReleaseByTag({ owner: this.owner, repo: this.repo, tag });
                return { id: r.data.id, uploadUrl: r.data.upload_url, htmlUrl: r.data.html_url };
            }
            catch (err) {
                if (err.status === 404)
                    return undefined;
                throw err;
            }
        });
    }
    async create(tag, prerelease) {
        return retrying(`create the release of tag ${tag}`, async () => {
            const o = await this.octokit();
            const r = await o.rest.repos.createRelease({
                owner: this.owner,
                repo: this.repo,
                tag_name: tag,
                name: tag,
                prerelease
            });
            return { id: r.data.id, uploadUrl: r.data.upload_url, htmlUrl: r.data.html_url };
        });
    }
    async assets(releaseId) {
        return retrying(`list the assets of release ${releaseId}`, async () => {
            const o = await this.octokit();
            const list = await o.paginate(o.rest.repos.listReleaseAssets, {
                owner: this.owner,
                repo: this.repo,
                release_id: releaseId,
                per_page: 100
            });
            return list.map(a => {
                const digest = a.digest ?? undefined;
                return {
                    id: a.id,
                    name: a.name,
                    size: a.size,
                    state: a.state,
                    url: a.browser_download_url,
                    sha256: digest?.startsWith('sha256:') ? digest.slice(7) : undefined
                };
            });
        });
    }
    async remove(assetId) {
        await retrying(`delete release asset ${assetId}`, async () => {
            const o = await this.octokit();
            await o.rest.repos.deleteReleaseAsset({ owner: this.owner, repo: this.repo, asset_id: assetId });
        });
    }
    /**
     * An asset's bytes, streamed into `sink`. The API answers with a redirect to a storage host: the token is for
     * the API only, so the redirect is followed without it.
     */
    async download(assetId, sink) {
        const what = `download release asset ${assetId}`;
        await (0,src_retry/* withRetry */.bD)(async () => {
            let url = `${this.apiUrl}/repos/${this.owner}/${this.repo}/releases/assets/${assetId}`;
            let headers = {
                authorization: `token ${this.token}`,
                accept: 'application/octet-stream',
                'user-agent': 'publish-artifacts'
            };
            for (let hop = 0; hop < 5; hop++) {
                const res = await (0,undici/* request */.Em)(url, { headers });
                if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
                    await res.body.dump();
                    const next = new URL(String(res.headers.location), url);
                    if (next.origin !== new URL(this.apiUrl).origin)
                        headers = { accept: 'application/octet-stream' };
                    url = next.href;
                    continue;
                }
                await check(res, what);
                for await (const chunk of res.body)
                    sink(chunk);
                return;
            }
            throw new Error(`${what}: too many redirects`);
        }, { what });
    }
    async read(assetId) {
        const chunks = [];
        await this.download(assetId, c => chunks.push(c));
        return Buffer.concat(chunks);
    }
    /** Uploads one asset, streamed from disk; a half-done upload left by a failed try is deleted before the next. */
    async upload(release, name, body, size) {
        const what = `upload release asset ${name}`;
        const target = new URL(release.uploadUrl.replace(/\{[^}]*\}$/, ''));
        if (target.protocol !== 'https:' && !/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(target.hostname))
            throw new Error(`${what}: the API gave a non-https upload URL`);
        target.searchParams.set('name', name);
        return (0,src_retry/* withRetry */.bD)(async (attempt) => {
            if (attempt > 1)
                for (const a of await this.assets(release.id))
                    if (a.name === name)
                        await this.remove(a.id);
            const res = await (0,undici/* request */.Em)(target.href, {
                method: 'POST',
                headers: {
                    authorization: `token ${this.token}`,
                    'content-type': contentType(name),
                    'content-length': String(size),
                    accept: 'application/vnd.github+json',
                    'user-agent': 'publish-artifacts'
                },
                body: 'path' in body ? (0,external_node_fs_.createReadStream)(body.path) : Buffer.from(body.data)
            });
            await check(res, what);
            const json = (await res.body.json());
            return json.browser_download_url ?? '';
        }, { what });
    }
}
async function check(res, what) {
    if (res.statusCode >= 200 && res.statusCode < 300)
        return;
    const text = (await res.body.text()).slice(0, 300);
    const message = (0,redact/* redact */.E$)(`${what}: GitHub answered ${res.statusCode} ${text}`);
    const retryAfter = res.headers['retry-after'];
    if ((0,src_retry/* isRetryableStatus */.PS)(res.statusCode))
        throw new src_retry/* RetryableError */.dw(message, (0,src_retry/* retryAfterMs */.Vs)(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter));
    throw new Error(res.statusCode === 403 || res.statusCode === 404
        ? `${message}; the token needs 'contents: write' permission.`
        : message);
}
function contentType(name) {
    if (name.endsWith('.deb'))
        return 'application/vnd.debian.binary-package';
    if (name.endsWith('.rpm'))
        return 'application/x-rpm';
    if (name.endsWith('.tar.gz') || name.endsWith('.tgz'))
        return 'application/gzip';
    if (name.endsWith('.asc'))
        return 'application/pgp-signature';
    return 'text/plain; charset=utf-8';
}
/**
 * Plans the release assets: the packages of the plan, and SHA256SUMS (+ .asc) over every package asset of the
 * release (the ones other jobs attached are kept in it). Fails, before the packages are published, when a stable
 * release already has an asset of the same name with other bytes.
 */
async function planRelease(plan, inputs, release, run) {
    const tag = release.tag;
    if (!tag) {
        log/* info */.pq('github-release: this run has no tag, so no GitHub release to attach assets to.');
        return undefined;
    }
    if (!inputs.githubToken)
        throw new errors/* InputError */.dz('github-token', 'is empty, but github-release uploads through the GitHub API.');
    (0,redact/* registerSecret */.cl)(inputs.githubToken);
    const api = new ReleaseApi(inputs.githubToken, run.repository, run.apiUrl);
    const bodies = new Map();
    const roles = new Map();
    const local = [];
    for (const w of plan.writes) {
        if (w.role !== 'artifact' || !('path' in w.body))
            continue;
        const name = (0,external_node_path_.basename)(w.key);
        if (bodies.has(name) || name === SUMS || name === SUMS_ASC)
            throw new errors/* InputError */.dz('github-release', `two packages would be the release asset ${(0,version/* show */.WU)(name)}.`);
        bodies.set(name, w.body);
        roles.set(name, 'artifact');
        local.push({ name, size: w.size, sha256: w.sha256 });
    }
    const gh = await api.byTag(tag);
    const remote = gh ? await api.assets(gh.id) : [];
    // SHA256SUMS lists this run's packages and those other jobs attached (a matrix per arch).
    const byName = new Map(remote.map(r => [r.name, r]));
    const entries = new Map(local.map(a => [a.name, a.sha256]));
    const oldSums = byName.get(SUMS);
    const oldText = oldSums?.state === 'uploaded' ? (await api.read(oldSums.id)).toString('utf8') : undefined;
    for (const line of (oldText ?? '').split('\n')) {
        const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
        if (m && !entries.has(m[2]) && byName.has(m[2]))
            entries.set(m[2], m[1]);
    }
    const text = sha256sums([...entries].map(([name, sha256]) => ({ name, sha256, size: 0 })));
    const sums = Buffer.from(text, 'utf8');
    const mutable = [hashed(SUMS, sums)];
    const knownIndexes = new Map();
    if (oldSums && oldText !== undefined)
        knownIndexes.set(oldSums.id, hashed(SUMS, Buffer.from(oldText)).sha256);
    bodies.set(SUMS, { data: sums });
    roles.set(SUMS, 'index');
    if (inputs.signingKey) {
        const signer = await (0,sign/* loadSigner */.v)(inputs.signingKey, inputs.signingKeyPassphrase);
        const oldAsc = byName.get(SUMS_ASC);
        const oldAscBytes = oldText === text && oldAsc?.state === 'uploaded' ? await api.read(oldAsc.id) : undefined;
        const asc = oldAscBytes && (await (0,indexer/* signedBy */.qI)(oldAscBytes, signer))
            ? oldAscBytes
            : Buffer.from(await signer.detach(sums), 'utf8');
        if (oldAsc && oldAscBytes)
            knownIndexes.set(oldAsc.id, hashed(SUMS_ASC, oldAscBytes).sha256);
        mutable.push(hashed(SUMS_ASC, asc));
        bodies.set(SUMS_ASC, { data: asc });
        roles.set(SUMS_ASC, 'index');
    }
    const stable = release.type === 'stable';
    // Packages of a stable release are immutable; its checksum list is an index and follows the packages.
    let assetPlan = planAssets(local, remote, stable);
    const known = new Map();
    for (const a of assetPlan.actions)
        if (a.action === 'compare') {
            const hash = (0,external_node_crypto_.createHash)('sha256');
            await api.download(a.remote.id, c => hash.update(c));
            known.set(a.remote.id, hash.digest('hex'));
        }
    if (known.size)
        assetPlan = planAssets(local, remote, stable, known);
    const indexes = planAssets(mutable, remote, false, knownIndexes);
    if (assetPlan.conflicts.length)
        throw new errors/* PublishError */.S1(`github-release: the stable release ${(0,version/* show */.WU)(tag)} already has asset(s) with other bytes: ${assetPlan.conflicts.map(n => (0,version/* show */.WU)(n)).join(', ')}. ` +
            'Assets of a stable release are immutable like its packages: publish a new version instead. Nothing was written.');
    for (const a of [...assetPlan.actions, ...indexes.actions])
        log/* info */.pq(`release ${(0,version/* show */.WU)(tag)}: ${a.action === 'compare' ? 'replace' : a.action} ${(0,version/* show */.WU)(a.asset.name)}`);
    return {
        tag,
        api,
        release: gh,
        prerelease: release.prerelease,
        bodies,
        roles,
        plan: { actions: [...assetPlan.actions, ...indexes.actions], conflicts: [] }
    };
}
function hashed(name, data) {
    return { name, size: data.length, sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex') };
}
/** Uploads what the plan says, packages first and the checksum list last; returns one entry per asset. */
async function applyRelease(step) {
    const release = step.release ?? (await step.api.create(step.tag, step.prerelease));
    const out = [];
    const ordered = [
        ...step.plan.actions.filter(a => step.roles.get(a.asset.name) === 'artifact'),
        ...step.plan.actions.filter(a => a.asset.name === SUMS),
        ...step.plan.actions.filter(a => a.asset.name === SUMS_ASC)
    ];
    for (const a of ordered) {
        const { name, size, sha256 } = a.asset;
        let url = a.action === 'unchanged' ? a.remote.url : undefined;
        let status = 'unchanged';
        // A checksum list whose bytes could not be compared (no digest from the API) is written again.
        const replaces = a.action === 'compare' ? a.remote : a.action === 'upload' ? a.replaces : undefined;
        if (a.action !== 'unchanged') {
            if (replaces)
                await step.api.remove(replaces.id);
            url = await step.api.upload(release, name, step.bodies.get(name), size);
            status = 'uploaded';
            log/* info */.pq(`${replaces ? 'replaced' : 'uploaded'} release asset ${(0,version/* show */.WU)(name)}`);
        }
        out.push({
            kind: 'packages',
            repo: 'github-release',
            path: `${step.tag}/${name}`,
            url,
            status,
            ...(replaces && status === 'uploaded' && { replaced: true }),
            sha256,
            size,
            role: step.roles.get(name)
        });
    }
    core/* summary */.z.addRaw(`<p>GitHub release <a href="${(0,markup/* esc */.U)(release.htmlUrl)}">${(0,markup/* esc */.U)(step.tag)}</a>: ${out.filter(p => p.status === 'uploaded').length} asset(s) uploaded, ${out.filter(p => p.status === 'unchanged').length} unchanged.</p>`, true);
    return out;
}
const retrying = (what, fn) => (0,retry/* githubRetrying */.A)(what, "'contents: write' permission", fn);


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


/***/ })

};
