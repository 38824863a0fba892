export const id = 632;
export const ids = [632];
export const modules = {

/***/ 95632:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  applyResign: () => (/* binding */ applyResign),
  findTargets: () => (/* binding */ findTargets),
  planResign: () => (/* binding */ planResign),
  resignRun: () => (/* binding */ resignRun)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/apply.ts
var apply = __webpack_require__(48931);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var src_inputs = __webpack_require__(67980);
// EXTERNAL MODULE: ./src/limit.ts
var limit = __webpack_require__(57768);
// EXTERNAL MODULE: ./src/plan.ts
var plan = __webpack_require__(22464);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(76670);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(70665);
// EXTERNAL MODULE: ./src/stores/open.ts + 1 modules
var stores_open = __webpack_require__(53560);
// EXTERNAL MODULE: ./src/packages/indexer.ts + 1 modules
var indexer = __webpack_require__(3412);
// EXTERNAL MODULE: ./node_modules/openpgp/dist/node/openpgp.mjs
var openpgp = __webpack_require__(13074);
// EXTERNAL MODULE: ./src/packages/sign.ts
var sign = __webpack_require__(52468);
;// CONCATENATED MODULE: ./src/packages/keys.ts



const BLOCK = /-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]*?-----END PGP PRIVATE KEY BLOCK-----/g;
/**
 * The keys in `signing-key`: one armored private key, or two during a rotation (the new key first, then the one
 * being retired). Both are decrypted with `signing-key-passphrase` when protected.
 */
async function loadKeys(armored, passphrase) {
    const blocks = armored.match(BLOCK) ?? [];
    if (blocks.length === 0)
        throw new errors/* InputError */.dz('signing-key', "holds no armored OpenPGP private key; export one with 'gpg --armor --export-secret-keys <id>'.");
    if (blocks.length > 2)
        throw new errors/* InputError */.dz('signing-key', `holds ${blocks.length} private keys: give one, or two during a rotation (the new key first, then the old one).`);
    const pairs = [];
    for (const block of blocks) {
        const signer = await (0,sign/* loadSigner */.v)(block, passphrase);
        const publicKey = (await openpgp.readPrivateKey({ armoredKey: block })).toPublic();
        if (pairs.some(p => p.signer.keyId === signer.keyId))
            throw new errors/* InputError */.dz('signing-key', 'holds the same key twice.');
        pairs.push({ signer, publicKey });
    }
    return pairs;
}
/** One armored detached signature holding the signature packets of several (a Release.gpg signed by two keys). */
async function combineDetached(armored) {
    if (armored.length === 1)
        return armored[0];
    const packets = new openpgp.PacketList();
    for (const a of armored)
        packets.push(...(await openpgp.readSignature({ armoredSignature: a })).packets);
    return new openpgp.Signature(packets).armor();
}
/** One clearsigned text carrying the signatures of several clearsignings of it (an InRelease signed by two keys). */
async function combineClearsigned(armored) {
    if (armored.length === 1)
        return armored[0];
    const messages = await Promise.all(armored.map(a => openpgp.readCleartextMessage({ cleartextMessage: a })));
    const packets = new openpgp.PacketList();
    // openpgp's typings omit what its CleartextMessage has at run time: the signature and the constructor.
    for (const m of messages)
        packets.push(...m.signature.packets);
    const signature = new openpgp.Signature(packets);
    const Clear = openpgp.CleartextMessage;
    return new Clear(messages[0].getText(), signature).armor();
}
/**
 * True when `armored` (detached over `data`, or clearsigned when `data` is undefined) carries exactly one valid
 * signature by each of `keys` and no other: then re-signing would change nothing.
 */
async function signedExactlyBy(armored, keys, data) {
    if (!armored)
        return false;
    try {
        const text = armored.toString('utf8');
        const verificationKeys = keys.map(k => k.publicKey);
        const result = data
            ? await openpgp.verify({
                message: await openpgp.createMessage({ binary: data }),
                signature: await openpgp.readSignature({ armoredSignature: text }),
                verificationKeys
            })
            : await openpgp.verify({
                message: await openpgp.readCleartextMessage({ cleartextMessage: text }),
                verificationKeys
            });
        if (result.signatures.length !== keys.length)
            return false;
        const ids = result.signatures.map(s => s.keyID.toHex().toLowerCase()).sort();
        if (ids.join() !==
            keys
                .map(k => k.signer.keyId)
                .sort()
                .join())
            return false;
        for (const s of result.signatures)
            await s.verified;
        return true;
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./src/packages/lock.ts
var packages_lock = __webpack_require__(72586);
// EXTERNAL MODULE: ./src/packages/publisher.ts + 8 modules
var publisher = __webpack_require__(95901);
// EXTERNAL MODULE: ./src/packages/read.ts + 3 modules
var read = __webpack_require__(80921);
// EXTERNAL MODULE: ./src/packages/rpmsign.ts
var rpmsign = __webpack_require__(42441);
// EXTERNAL MODULE: ./src/packages/yum.ts + 1 modules
var yum = __webpack_require__(89589);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
;// CONCATENATED MODULE: ./src/packages/resign.ts




















/** Files a detached `.asc` is made for even when none is there yet: the packages and the checksum lists. */
const PACKAGE = /(\.(deb|rpm|tar\.gz|tgz)|(^|\/)SHA256SUMS)$/;
const RELEASE = /(^|\/)dists\/[^/]+\/Release$/;
const REPOMD = /(^|\/)repodata\/repomd\.xml$/;
/** Written last, after everything they name or sign (as a publish writes them). */
const TOP = /(^|\/)(Release|InRelease|Release\.gpg|repomd\.xml|repomd\.xml\.asc)$/;
function findTargets(keys) {
    const all = new Set(keys);
    const t = { detached: [], releases: [], repomds: [], orphans: [] };
    for (const key of [...all].sort()) {
        if (key.endsWith('/.publish-lock') || key === '.publish-lock')
            continue;
        if (RELEASE.test(key))
            t.releases.push(key);
        else if (REPOMD.test(key))
            t.repomds.push(key);
        else if (key.endsWith('.asc')) {
            const base = key.slice(0, -4);
            if (REPOMD.test(base))
                continue;
            if (!all.has(base))
                t.orphans.push(key);
            else if (!PACKAGE.test(base))
                t.detached.push(base);
        }
        else if (PACKAGE.test(key))
            t.detached.push(key);
    }
    return t;
}
/** The repositories (top-level folders) a key belongs to, for the publish locks. */
const repoOf = (key) => key.split('/')[0];
/** Clearsigning normalises line ends and trailing blanks; compare texts the same way. */
const canonical = (text) => text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map(l => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
const sha256 = (data) => (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
function signatureWrite(key, data, reason, contentType) {
    return { ...(0,indexer/* indexWrite */.UQ)(repoOf(key), key, data, reason, contentType), kind: 'packages', role: 'signature' };
}
/**
 * Plans the re-signing of a whole repository with `keys` (the first one signs everything; a second one, during a
 * rotation, also signs InRelease and Release.gpg). A signature already made by exactly these keys over the
 * current bytes is left alone, so a re-run (or a run after an interrupted one) only does what is left.
 */
async function planResign(store, keys, inputs, scratch) {
    const concurrency = inputs.concurrency;
    const listed = new Map();
    for await (const o of store.list(''))
        listed.set(o.key, o.size);
    const targets = findTargets(listed.keys());
    const primary = keys[0];
    const plan = {
        kind: 'packages',
        release: RESIGN_RELEASE,
        destination: store.description,
        writes: [],
        deletes: [],
        extra: [],
        notes: []
    };
    const sources = new Map();
    const unchanged = (key, reason) => {
        plan.extra.push({ kind: 'packages', repo: repoOf(key), path: key, status: 'unchanged', reason });
    };
    // rpms first: a new header signature changes the package's bytes, so its .asc and its repository's metadata
    // are made from the re-signed file (by the yum indexer, as a publish does), and repomd.xml.asc with them.
    const rpmRepos = await resignRpms(store, primary, targets, inputs, scratch, plan);
    for (const repomd of rpmRepos) {
        const data = await store.read(repomd);
        if (data)
            sources.set(repomd, sha256(data));
    }
    {
        // Detached signatures of artifacts: the key IDs tell whether one is ours (the artifact is not fetched
        // again for that), and only what needs a new signature is streamed to disk and signed.
        await (0,limit/* mapLimit */.s)(targets.detached, concurrency, async (file, i) => {
            if (plan.writes.some(w => w.key === file))
                return; // a re-signed rpm: its .asc is made from the new bytes
            const key = `${file}.asc`;
            const old = listed.has(key) ? await store.read(key) : undefined;
            if (old && (await signatureKeyIdsOf(old)) === primary.signer.keyId) {
                unchanged(key, `already signed by ${primary.signer.keyId}`);
                return;
            }
            const path = (0,external_node_path_.join)(scratch, `d${i}`);
            if (!(await fetchTo(store, file, path)))
                return;
            const armored = await primary.signer.detachFile(path);
            await (0,promises_.rm)(path, { force: true });
            plan.writes.push(signatureWrite(key, armored, `detached signature of ${file} by ${primary.signer.keyId}`, 'application/pgp-signature'));
        });
        for (const repomd of targets.repomds) {
            if (rpmRepos.has(repomd))
                continue;
            const data = await store.read(repomd);
            if (!data)
                continue;
            sources.set(repomd, sha256(data));
            const key = `${repomd}.asc`;
            if (await signedExactlyBy(await store.read(key), [primary], data)) {
                unchanged(key, `already signed by ${primary.signer.keyId}`);
                continue;
            }
            plan.writes.push({
                ...signatureWrite(key, await primary.signer.detach(data), 'rpm repository metadata signature', 'application/pgp-signature'),
                role: 'index'
            });
            const keyFile = `${repomd}.key`;
            const pub = Buffer.from(primary.signer.publicKey, 'utf8');
            const oldKey = await store.read(keyFile);
            if (oldKey?.equals(pub))
                unchanged(keyFile, 'the public key of the signing key already');
            else
                plan.writes.push((0,indexer/* indexWrite */.UQ)(repoOf(keyFile), keyFile, pub, 'public key of the rpm repository and package signatures', 'application/pgp-keys'));
        }
        for (const release of targets.releases) {
            const data = await store.read(release);
            if (!data)
                continue;
            sources.set(release, sha256(data));
            const text = data.toString('utf8');
            const dir = release.slice(0, -'Release'.length);
            const inKey = `${dir}InRelease`;
            const gpgKey = `${dir}Release.gpg`;
            const oldIn = await store.read(inKey);
            const inOk = (await signedExactlyBy(oldIn, keys)) &&
                canonical((await readClearText(oldIn)) ?? '') === canonical(text);
            if (inOk)
                unchanged(inKey, `already signed by ${keys.map(k => k.signer.keyId).join(' and ')}`);
            else
                plan.writes.push({
                    ...signatureWrite(inKey, await combineClearsigned(await Promise.all(keys.map(k => k.signer.clearsign(text)))), 'apt Release, clearsigned', 'text/plain; charset=utf-8'),
                    role: 'index'
                });
            if (await signedExactlyBy(await store.read(gpgKey), keys, data))
                unchanged(gpgKey, `already signed by ${keys.map(k => k.signer.keyId).join(' and ')}`);
            else
                plan.writes.push({
                    ...signatureWrite(gpgKey, await combineDetached(await Promise.all(keys.map(k => k.signer.detach(data)))), 'apt Release signature', 'application/pgp-signature'),
                    role: 'index'
                });
        }
    }
    for (const o of targets.orphans)
        plan.notes.push(`${o}: the file it signs is gone; left as it is`);
    plan.writes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    plan.notes.push(`${targets.detached.length} detached signature(s), ${targets.repomds.length} repomd.xml, ${targets.releases.length} apt Release file(s); ` +
        `${plan.writes.length} to write, ${plan.extra.length} already signed by ${keys.map(k => k.signer.keyId).join(' and ')}`);
    return { plan, sources };
}
/**
 * Gives every rpm the primary key's embedded header signature (rpmsign.ts: kept when it already is ours). The
 * re-signed files replace the old ones (the one case where a stable package's bytes change: the payload and
 * header do not, only the signature header), get a new `.asc`, and their repository's metadata is re-made by
 * the yum indexer. Returns the repomd.xml keys of the repositories whose metadata is re-made.
 */
async function resignRpms(store, primary, targets, inputs, scratch, plan) {
    const rpms = targets.detached.filter(k => k.endsWith('.rpm'));
    const changed = [];
    await (0,limit/* mapLimit */.s)(rpms, inputs.concurrency, async (key, i) => {
        const path = (0,external_node_path_.join)(scratch, `r${i}-in.rpm`);
        if (!(await fetchTo(store, key, path)))
            return;
        const out = (0,external_node_path_.join)(scratch, `r${i}-${(0,external_node_path_.basename)(key)}`);
        const result = await (0,rpmsign/* signRpm */.X)(path, out, primary.signer);
        await (0,promises_.rm)(path, { force: true });
        if (result.status === 'kept') {
            await (0,promises_.rm)(out, { force: true });
            return;
        }
        const meta = await (0,read/* readPackage */.L)(out);
        const digest = await hashFileInfo(out);
        const write = {
            kind: 'packages',
            repo: repoOf(key),
            key,
            body: { path: out },
            ...digest,
            role: 'artifact',
            immutable: false,
            contentType: 'application/x-rpm',
            reason: `rpm header signature by ${primary.signer.keyId}${result.replaced.length ? ` (was ${result.replaced.join(', ')})` : ''}`
        };
        plan.writes.push(write);
        plan.writes.push(signatureWrite(`${key}.asc`, await primary.signer.detachFile(out), `detached signature of ${key} by ${primary.signer.keyId}`, 'application/pgp-signature'));
        const mtime = Math.floor((await (0,promises_.stat)(out)).mtimeMs / 1000);
        changed.push({ path: out, name: (0,external_node_path_.basename)(key), mtime, meta, write });
    });
    const redone = new Set();
    const byRepo = new Map();
    for (const a of changed) {
        const repo = targets.repomds.find(r => a.write.key.startsWith(r.slice(0, -'repodata/repomd.xml'.length)));
        if (!repo)
            continue;
        byRepo.set(repo, [...(byRepo.get(repo) ?? []), a]);
    }
    for (const [repomd, artifacts] of [...byRepo].sort()) {
        const root = repomd.slice(0, -'/repodata/repomd.xml'.length);
        // type stable: re-signing never prunes, whatever the repository.
        const ctx = {
            store,
            inputs,
            type: 'stable',
            signer: primary.signer,
            now: new Date(),
            resigning: true
        };
        const part = await yum/* yumIndexer */.j.plan(root, artifacts, ctx);
        plan.writes.push(...part.writes.map(w => ({ ...w, kind: 'packages' })));
        plan.deletes.push(...part.deletes);
        plan.notes.push(...part.notes, `${root}: ${artifacts.length} rpm(s) re-signed, metadata re-made`);
        redone.add(repomd);
    }
    return redone;
}
async function hashFileInfo(path) {
    const { hashFile } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 56495));
    return hashFile(path);
}
const RESIGN_RELEASE = {
    type: 'none',
    version: '',
    reason: 'kind resign re-signs what the destination holds; it publishes no release',
    prerelease: false
};
async function signatureKeyIdsOf(armored) {
    const { signatureKeyIds } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 52468));
    return (await signatureKeyIds(armored.toString('utf8'))).sort().join();
}
async function readClearText(armored) {
    const openpgp = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 13074));
    try {
        return (await openpgp.readCleartextMessage({ cleartextMessage: armored.toString('utf8') })).getText();
    }
    catch {
        return undefined;
    }
}
/** Streams an object to a local file (the store's download when it has one); false when it is gone. */
async function fetchTo(store, key, path) {
    if (store.download)
        return store.download(key, path);
    const data = await store.read(key);
    if (!data)
        return false;
    await (0,promises_.writeFile)(path, data);
    return true;
}
/**
 * Applies a re-sign plan under the repositories' publish locks: detached signatures first, then (after checking
 * that Release and repomd.xml are still the bytes that were signed) repomd.xml.asc, Release.gpg and InRelease.
 * Each top file is read back after it is written; one that does not hold what was written is restored.
 */
async function applyResign(resigned, store, inputs) {
    const { plan, sources } = resigned;
    const repos = [...new Set(plan.writes.map(w => repoOf(w.key)))].sort();
    const locks = [];
    const options = {
        concurrency: inputs.concurrency,
        cacheControlIndexes: inputs.cacheControlIndexes,
        cacheControlArtifacts: inputs.cacheControlArtifacts
    };
    try {
        for (const repo of repos) {
            const lock = await (0,packages_lock/* acquireLock */.I)(store, (0,publisher.lockKey)(repo), (0,packages_lock/* lockOptions */.W)());
            if (lock)
                locks.push(lock);
        }
        const first = await (0,apply/* applyPlan */.g)({ ...plan, writes: plan.writes.filter(w => !TOP.test(w.key)), deletes: [], extra: [] }, store, options);
        for (const [key, digest] of sources) {
            const now = await store.read(key);
            if (!now || sha256(now) !== digest)
                throw new errors/* PublishError */.S1(`${key} changed while the repository was being re-signed (another publisher): its signatures were not replaced. Run the re-sign again.`);
        }
        const top = plan.writes.filter(w => TOP.test(w.key));
        const previous = new Map();
        for (const w of top)
            previous.set(w.key, await store.read(w.key));
        const last = await (0,apply/* applyPlan */.g)({ ...plan, writes: top, deletes: [], extra: [] }, store, options);
        for (const w of top) {
            const back = await store.read(w.key);
            if (back && sha256(back) === w.sha256)
                continue;
            const old = previous.get(w.key);
            if (old)
                await store.write(w.key, { data: old }, { size: old.length, sha256: sha256(old), contentType: w.contentType });
            throw new errors/* PublishError */.S1(`${w.key} does not read back as written in ${store.description}; the previous one was restored.`);
        }
        // Replaced metadata files go once the new repomd.xml names the new ones.
        const gone = plan.deletes.length
            ? await (0,apply/* applyPlan */.g)({ ...plan, writes: [], extra: [] }, store, options)
            : [];
        return [...first, ...last, ...gone, ...plan.extra];
    }
    finally {
        for (const lock of locks)
            await lock.release().catch(() => undefined);
    }
}
/** kind resign: the whole run (no classification: it re-signs what is there, whatever the event). */
async function resignRun(env = process.env) {
    let published = [];
    let failure;
    let inputs;
    let store;
    let display;
    let scratch;
    let outputs = {};
    try {
        inputs = (0,src_inputs/* getInputs */.GP)();
        if (!inputs.signingKey)
            throw new errors/* InputError */.dz('signing-key', "is required for kind 'resign': the key (or the new and the old key) to sign with.");
        const destination = (0,stores_open/* parseDestination */.G)(inputs.destination, env.GITHUB_WORKSPACE || process.cwd());
        display = destination.display;
        const keys = await loadKeys(inputs.signingKey, inputs.signingKeyPassphrase);
        log/* info */.pq(`Re-signing with ${keys[0].signer.keyId}${keys[1] ? `, and InRelease/Release.gpg also with ${keys[1].signer.keyId}` : ''}.`);
        const opened = await (0,stores_open/* openStore */.C)(destination, inputs);
        store = opened;
        const current = inputs;
        scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'publish-resign-'));
        const dir = scratch;
        const resigned = await log/* group */.Os('Plan', async () => {
            const r = await planResign(opened, keys, current, dir);
            log/* info */.pq((0,plan/* describePlan */.df)(r.plan));
            return r;
        });
        if (inputs.dryRun) {
            published = (0,plan/* plannedEntries */.NR)(resigned.plan);
            log/* info */.pq('Dry run: nothing was written.');
            return;
        }
        published = await log/* group */.Os('Re-sign', () => applyResign(resigned, opened, current));
        // Every signature replaced in place is stale in a CDN in front, as after a publish.
        if (current.cloudfrontDistributionId) {
            const { invalidateCdn } = await Promise.all(/* import() */[__webpack_require__.e(143), __webpack_require__.e(397), __webpack_require__.e(726)]).then(__webpack_require__.bind(__webpack_require__, 52726));
            const done = published;
            outputs = await log/* group */.Os('Invalidate CloudFront', () => invalidateCdn(done, current, destination, env));
        }
    }
    catch (err) {
        failure = (0,redact/* redact */.E$)((0,errors/* errorMessage */.gJ)(err));
    }
    finally {
        await store?.close().catch(() => undefined);
        if (scratch)
            await (0,promises_.rm)(scratch, { recursive: true, force: true });
        (0,report/* setOutputs */.n0)(RESIGN_RELEASE, published, outputs);
        await (0,report/* writeSummary */.Sy)({
            kind: 'resign',
            release: RESIGN_RELEASE,
            published,
            dryRun: inputs?.dryRun ?? false,
            error: failure,
            destination: display
        }).catch(err => log/* warning */.$e(`could not write the job summary: ${(0,errors/* errorMessage */.gJ)(err)}`));
        if (failure)
            log/* fail */.fJ(failure);
    }
}


/***/ })

};
