import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import * as openpgp from 'openpgp'
import { InputError } from '../errors.js'

/**
 * OpenPGP signing in-process (no gpg binary): detached armored signatures for artifacts and index files
 * (`.asc`, `Release.gpg`, `repomd.xml.asc`) and clearsigned text (`InRelease`).
 */
export interface Signer {
  /** The signing key's 16-hex-digit key ID (lower case), to tell whether an existing signature is ours. */
  readonly keyId: string
  /** A detached armored signature over bytes in memory (an index file). */
  detach(data: Uint8Array): Promise<string>
  /** A detached armored signature over a file, streamed: the file is never loaded whole. */
  detachFile(path: string): Promise<string>
  /** The text, clearsigned (InRelease). */
  clearsign(text: string): Promise<string>
  /**
   * True when `armored` is a valid signature by this key over exactly `data`: a detached signature of the bytes,
   * or a clearsigned message whose text is `data`. Reusing a signature needs this, not just the key ID: a
   * half-failed publish can leave our key's signature of an older Release next to a newer one.
   */
  signs(armored: Uint8Array | string | undefined, data: Uint8Array | string): Promise<boolean>
  /** signs() for a file, streamed: true when `armored` is this key's detached signature of exactly its bytes. */
  signsFile(armored: Uint8Array | string | undefined, path: string): Promise<boolean>
  /** The public key, ASCII-armored (published as `repodata/repomd.xml.key` for dnf, zypper and rpmkeys). */
  readonly publicKey: string
  /** The OpenPGP public-key algorithm of the signing (sub)key: 1 RSA, 17 DSA, 19 ECDSA, 22 EdDSA (RFC 4880). */
  readonly algorithm: number
  /**
   * A binary v4 signature packet over bytes in memory (an rpm header), made at `date` (moved to the signing key's
   * creation when earlier, to now when later) and without a random salt notation: for RSA and EdDSA keys the same
   * bytes, key and date give the same signature, so a re-run reproduces a signed package byte for byte.
   */
  signBinary(data: Uint8Array, date: Date): Promise<Uint8Array>
  /** True when `signature` (binary packets) is a valid signature of `data` by this key. */
  verifyBinary(signature: Uint8Array, data: Uint8Array): Promise<boolean>
}

/** Loads the armored private key from `signing-key`, decrypting it with `signing-key-passphrase` when given. */
export async function loadSigner(armoredKey: string, passphrase: string): Promise<Signer> {
  let key: openpgp.PrivateKey
  try {
    key = await openpgp.readPrivateKey({ armoredKey })
  } catch (err) {
    throw new InputError(
      'signing-key',
      `is not an armored OpenPGP private key (${(err as Error).message}); export one with 'gpg --armor --export-secret-keys <id>'.`
    )
  }
  if (!key.isDecrypted()) {
    if (!passphrase)
      throw new InputError(
        'signing-key-passphrase',
        'is required: the signing key is protected by a passphrase.'
      )
    try {
      key = await openpgp.decryptKey({ privateKey: key, passphrase })
    } catch {
      throw new InputError('signing-key-passphrase', 'does not decrypt the signing key.')
    }
  }
  const signingKey = await key.getSigningKey().catch(() => {
    throw new InputError('signing-key', 'has no usable signing (sub)key: it may be expired or revoked.')
  })
  const keyId = signingKey.getKeyID().toHex().toLowerCase()
  const created = signingKey.getCreationTime().getTime()
  const algorithm = (openpgp.enums.publicKey as unknown as Record<string, number>)[
    signingKey.getAlgorithmInfo().algorithm
  ]
  const publicKey = key.toPublic()
  const detachMessage = async (message: openpgp.Message<Uint8Array>): Promise<string> =>
    openpgp.sign({ message, signingKeys: key, detached: true, format: 'armored' })
  const verificationKey = publicKey
  return {
    keyId,
    signs: async (armored, data) =>
      armored !== undefined && verifiesExactly(toText(armored), data, verificationKey),
    async signsFile(armored, path) {
      if (armored === undefined) return false
      try {
        const signature = await openpgp.readSignature({ armoredSignature: toText(armored) })
        const message = await openpgp.createMessage({ binary: fileStream(path) })
        const result = await openpgp.verify({ message, signature, verificationKeys: verificationKey })
        // Streamed: the signatures settle only once the data has been read through.
        const reader = (result.data as unknown as ReadableStream<Uint8Array>).getReader()
        while (!(await reader.read()).done);
        return await allVerified(result.signatures)
      } catch {
        return false
      }
    },
    detach: async data => detachMessage(await openpgp.createMessage({ binary: data })),
    async detachFile(path) {
      const message = await openpgp.createMessage({ binary: fileStream(path) })
      const signature = await openpgp.sign({ message, signingKeys: key, detached: true, format: 'armored' })
      return readText(signature as unknown as ReadableStream<string> | string)
    },
    clearsign: async text =>
      openpgp.sign({
        message: await openpgp.createCleartextMessage({ text }),
        signingKeys: key,
        format: 'armored'
      }),
    publicKey: publicKey.armor(),
    algorithm,
    async signBinary(data, date) {
      const at = new Date(Math.min(Math.max(date.getTime(), created), Date.now()))
      return openpgp.sign({
        message: await openpgp.createMessage({ binary: data }),
        signingKeys: key,
        // Exactly the (sub)key keyId names, also when another one was valid at `at`.
        signingKeyIDs: [signingKey.getKeyID()],
        detached: true,
        format: 'binary',
        date: at,
        config: { nonDeterministicSignaturesViaNotation: false }
      })
    },
    async verifyBinary(binarySignature, data) {
      try {
        const { signatures } = await openpgp.verify({
          message: await openpgp.createMessage({ binary: data }),
          signature: await openpgp.readSignature({ binarySignature }),
          verificationKeys: publicKey,
          format: 'binary'
        })
        if (!signatures.length) return false
        for (const s of signatures) await s.verified
        return true
      } catch {
        return false
      }
    }
  }
}

const fileStream = (path: string): ReadableStream<Uint8Array> =>
  Readable.toWeb(createReadStream(path, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>

const toText = (v: Uint8Array | string): string =>
  typeof v === 'string' ? v : Buffer.from(v).toString('utf8')

async function verifiesExactly(
  armored: string,
  data: Uint8Array | string,
  verificationKey: openpgp.PublicKey
): Promise<boolean> {
  try {
    if (armored.includes('BEGIN PGP SIGNED MESSAGE')) {
      const message = await openpgp.readCleartextMessage({ cleartextMessage: armored })
      if (message.getText() !== toText(data)) return false
      const { signatures } = await openpgp.verify({ message, verificationKeys: verificationKey })
      return await allVerified(signatures)
    }
    const signature = await openpgp.readSignature({ armoredSignature: armored })
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    const message = await openpgp.createMessage({ binary: bytes })
    const { signatures } = await openpgp.verify({ message, signature, verificationKeys: verificationKey })
    return await allVerified(signatures)
  } catch {
    return false
  }
}

async function allVerified(signatures: Array<{ verified: Promise<boolean> }>): Promise<boolean> {
  if (!signatures.length) return false
  for (const s of signatures) if (!(await s.verified.catch(() => false))) return false
  return true
}

/** Key IDs an armored detached or clearsigned signature was made with; empty when it cannot be read. */
export async function signatureKeyIds(armored: string): Promise<string[]> {
  try {
    const signed = armored.includes('BEGIN PGP SIGNED MESSAGE')
      ? await openpgp.readCleartextMessage({ cleartextMessage: armored })
      : await openpgp.readSignature({ armoredSignature: armored })
    return Array.from(signed.getSigningKeyIDs(), id => id.toHex().toLowerCase())
  } catch {
    return []
  }
}

/** openpgp returns a stream when its input was one; the armored signature is small, so it is collected. */
async function readText(value: ReadableStream<string> | string): Promise<string> {
  if (typeof value === 'string') return value
  let text = ''
  const reader = value.getReader()
  for (;;) {
    const { done, value: chunk } = await reader.read()
    if (done) return text
    text += chunk
  }
}
