import { type KeyObject, createPrivateKey, createPublicKey, scryptSync, sign, verify } from 'node:crypto'
import { Readable } from 'node:stream'
import { InputError } from '../errors.js'
import { MEDIA, sha256Digest } from './media.js'
import type { Blob } from './model.js'
import type { ImageName } from './name.js'

/** cosign's media type for a simple-signing payload, and the annotation that holds its signature. */
export const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json'
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature'
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'

/** A key that signs: the private key and its public half (to recognise our own signatures on a re-run). */
export interface Signer {
  key: KeyObject
  publicKey: KeyObject
}

interface EncryptedKey {
  kdf?: { name?: string; params?: { N?: number; r?: number; p?: number }; salt?: string }
  cipher?: { name?: string; nonce?: string }
  ciphertext?: string
}

/**
 * Reads the cosign-key input: an unencrypted PKCS#8 (or SEC1) EC P-256 PEM, or cosign's own encrypted key
 * (`cosign generate-key-pair`: a PEM "ENCRYPTED SIGSTORE PRIVATE KEY", older "ENCRYPTED COSIGN PRIVATE KEY",
 * holding JSON: scrypt parameters and salt, a nacl/secretbox nonce, and the sealed PKCS#8 DER).
 */
export async function loadSigner(pem: string, password: string): Promise<Signer> {
  const text = pem.trim()
  const encrypted =
    /^-----BEGIN ENCRYPTED (SIGSTORE|COSIGN) PRIVATE KEY-----\s*([\s\S]*?)\s*-----END ENCRYPTED \1 PRIVATE KEY-----$/.exec(
      text
    )
  let key: KeyObject
  if (encrypted)
    key = await decryptCosignKey(Buffer.from(encrypted[2].replace(/\s+/g, ''), 'base64'), password)
  else if (/^-----BEGIN (EC )?PRIVATE KEY-----/.test(text)) {
    try {
      key = createPrivateKey({ key: text, format: 'pem' })
    } catch (err) {
      throw new InputError('cosign-key', `is not a readable private key: ${(err as Error).message}.`)
    }
  } else if (/^-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) {
    throw new InputError(
      'cosign-key',
      "is a PKCS#8 key encrypted by openssl: give cosign's own format (cosign generate-key-pair) or an unencrypted PKCS#8 EC key."
    )
  } else
    throw new InputError(
      'cosign-key',
      'is not a PEM private key: give the contents of cosign.key (ENCRYPTED SIGSTORE PRIVATE KEY) or an EC P-256 PKCS#8 PEM.'
    )
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new InputError(
      'cosign-key',
      `is a ${key.asymmetricKeyType} key${key.asymmetricKeyDetails?.namedCurve ? ` on ${key.asymmetricKeyDetails.namedCurve}` : ''}: cosign keys are ECDSA P-256.`
    )
  return { key, publicKey: createPublicKey(key) }
}

async function decryptCosignKey(body: Buffer, password: string): Promise<KeyObject> {
  let json: EncryptedKey
  try {
    json = JSON.parse(body.toString('utf8')) as EncryptedKey
  } catch {
    throw new InputError('cosign-key', 'holds an encrypted key whose body is not the JSON cosign writes.')
  }
  const { kdf, cipher, ciphertext } = json
  const params = kdf?.params ?? {}
  if (
    kdf?.name !== 'scrypt' ||
    cipher?.name !== 'nacl/secretbox' ||
    !kdf.salt ||
    !cipher.nonce ||
    !ciphertext
  )
    throw new InputError('cosign-key', 'uses an encryption other than scrypt + nacl/secretbox.')
  const { N = 0, r = 0, p = 0 } = params
  // Bounded, so a hostile key cannot make the run allocate gigabytes.
  if (!Number.isInteger(Math.log2(N)) || N < 2 || N > 1 << 20 || r < 1 || r > 32 || p < 1 || p > 16)
    throw new InputError('cosign-key', `has implausible scrypt parameters N=${N} r=${r} p=${p}.`)
  const secret = scryptSync(password, Buffer.from(kdf.salt, 'base64'), 32, {
    N,
    r,
    p,
    maxmem: 256 * N * r + (1 << 20)
  })
  const { xsalsa20poly1305 } = await import('@noble/ciphers/salsa.js')
  let der: Uint8Array
  try {
    der = xsalsa20poly1305(secret, Buffer.from(cipher.nonce, 'base64')).decrypt(
      Buffer.from(ciphertext, 'base64')
    )
  } catch {
    throw new InputError('cosign-password', 'does not decrypt cosign-key (wrong password, or a damaged key).')
  }
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })
  } catch {
    throw new InputError('cosign-key', 'decrypts to something that is not a PKCS#8 private key.')
  }
}

/** The repository as cosign names it in the payload (go-containerregistry's name: Docker Hub is index.docker.io). */
export function dockerReference(name: ImageName): string {
  return name.registry === 'registry-1.docker.io'
    ? `index.docker.io/${name.repository}`
    : `${name.registry}/${name.repository}`
}

/** The simple-signing payload cosign signs, byte for byte as cosign marshals it. */
export function simpleSigningPayload(name: ImageName, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': dockerReference(name) },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature'
      },
      optional: null
    })
  )
}

/** Where cosign keeps the signatures of a manifest: the tag `sha256-<hex>.sig` of the same repository. */
export function signatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`
}

interface Layer {
  mediaType: string
  size: number
  digest: string
  annotations?: Record<string, string>
}

/** A signature image to push: its new blobs (payload and config) and manifest, or nothing when already signed. */
export interface SignatureImage {
  tag: string
  /** The signed manifest. */
  subject: string
  payload: Buffer
  unchanged: boolean
  blobs: Blob[]
  manifest: Buffer
  digest: string
}

function memoryBlob(bytes: Buffer, mediaType: string): Blob {
  return {
    digest: sha256Digest(bytes),
    size: bytes.length,
    mediaType,
    open: async () => Readable.from([bytes]),
    checked: true
  }
}

/** True when a layer carries a signature of this payload that the public key verifies. */
function signedBy(layer: Layer, payload: Buffer, signer: Signer): boolean {
  const sig = layer.annotations?.[SIGNATURE_ANNOTATION]
  if (layer.mediaType !== SIMPLE_SIGNING || layer.digest !== sha256Digest(payload) || !sig) return false
  try {
    return verify('sha256', payload, signer.publicKey, Buffer.from(sig, 'base64'))
  } catch {
    return false
  }
}

/**
 * The signature image for one manifest, as `cosign sign` writes it: an OCI manifest whose layers are
 * simple-signing payloads, each with its base64 ECDSA-SHA256 (DER) signature in an annotation. Signatures
 * already there (other keys, earlier runs) are kept and ours appended; when ours is already there, nothing
 * changes, so a re-run writes nothing.
 */
export function signatureImage(
  name: ImageName,
  subject: string,
  signer: Signer,
  existing: Buffer | undefined
): SignatureImage {
  const payload = simpleSigningPayload(name, subject)
  const tag = signatureTag(subject)
  let layers: Layer[] = []
  if (existing) {
    try {
      const json = JSON.parse(existing.toString('utf8')) as { layers?: Layer[] }
      layers = Array.isArray(json.layers) ? json.layers : []
    } catch {
      layers = []
    }
    if (layers.some(l => signedBy(l, payload, signer)))
      return {
        tag,
        subject,
        payload,
        unchanged: true,
        blobs: [],
        manifest: existing,
        digest: sha256Digest(existing)
      }
  }
  const payloadBlob = memoryBlob(payload, SIMPLE_SIGNING)
  const signature = sign('sha256', payload, signer.key).toString('base64')
  layers = [
    ...layers,
    {
      mediaType: SIMPLE_SIGNING,
      size: payload.length,
      digest: payloadBlob.digest,
      annotations: { [SIGNATURE_ANNOTATION]: signature }
    }
  ]
  // The config go-containerregistry writes for an image built from nothing but these layers.
  const config = Buffer.from(
    JSON.stringify({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: layers.map(() => ({ created: '0001-01-01T00:00:00Z' })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map(l => l.digest) },
      config: {}
    })
  )
  const configBlob = memoryBlob(config, OCI_CONFIG)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      config: { mediaType: OCI_CONFIG, size: config.length, digest: configBlob.digest },
      layers
    })
  )
  return {
    tag,
    subject,
    payload,
    unchanged: false,
    blobs: [payloadBlob, configBlob],
    manifest,
    digest: sha256Digest(manifest)
  }
}
