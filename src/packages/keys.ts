import * as openpgp from 'openpgp'
import { InputError } from '../errors.js'
import { type Signer, loadSigner } from './sign.js'

/** A signer with the public half of its key, to check whether an existing signature is ours and still valid. */
export interface KeyPair {
  signer: Signer
  publicKey: openpgp.PublicKey
}

const BLOCK = /-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]*?-----END PGP PRIVATE KEY BLOCK-----/g

/**
 * The keys in `signing-key`: one armored private key, or two during a rotation (the new key first, then the one
 * being retired). Both are decrypted with `signing-key-passphrase` when protected.
 */
export async function loadKeys(armored: string, passphrase: string): Promise<KeyPair[]> {
  const blocks = armored.match(BLOCK) ?? []
  if (blocks.length === 0)
    throw new InputError(
      'signing-key',
      "holds no armored OpenPGP private key; export one with 'gpg --armor --export-secret-keys <id>'."
    )
  if (blocks.length > 2)
    throw new InputError(
      'signing-key',
      `holds ${blocks.length} private keys: give one, or two during a rotation (the new key first, then the old one).`
    )
  const pairs: KeyPair[] = []
  for (const block of blocks) {
    const signer = await loadSigner(block, passphrase)
    const publicKey = (await openpgp.readPrivateKey({ armoredKey: block })).toPublic()
    if (pairs.some(p => p.signer.keyId === signer.keyId))
      throw new InputError('signing-key', 'holds the same key twice.')
    pairs.push({ signer, publicKey })
  }
  return pairs
}

/** One armored detached signature holding the signature packets of several (a Release.gpg signed by two keys). */
export async function combineDetached(armored: string[]): Promise<string> {
  if (armored.length === 1) return armored[0]
  const packets = new openpgp.PacketList<openpgp.AnyPacket>()
  for (const a of armored) packets.push(...(await openpgp.readSignature({ armoredSignature: a })).packets)
  return new openpgp.Signature(packets as openpgp.PacketList<openpgp.SignaturePacket>).armor()
}

/** One clearsigned text carrying the signatures of several clearsignings of it (an InRelease signed by two keys). */
export async function combineClearsigned(armored: string[]): Promise<string> {
  if (armored.length === 1) return armored[0]
  const messages = await Promise.all(armored.map(a => openpgp.readCleartextMessage({ cleartextMessage: a })))
  const packets = new openpgp.PacketList<openpgp.AnyPacket>()
  // openpgp's typings omit what its CleartextMessage has at run time: the signature and the constructor.
  for (const m of messages)
    packets.push(...(m as unknown as { signature: openpgp.Signature }).signature.packets)
  const signature = new openpgp.Signature(packets as openpgp.PacketList<openpgp.SignaturePacket>)
  const Clear = openpgp.CleartextMessage as unknown as new (
    text: string,
    signature: openpgp.Signature
  ) => openpgp.CleartextMessage
  return new Clear(messages[0].getText(), signature).armor()
}

/**
 * True when `armored` (detached over `data`, or clearsigned when `data` is undefined) carries exactly one valid
 * signature by each of `keys` and no other: then re-signing would change nothing.
 */
export async function signedExactlyBy(
  armored: Buffer | undefined,
  keys: KeyPair[],
  data?: Uint8Array
): Promise<boolean> {
  if (!armored) return false
  try {
    const text = armored.toString('utf8')
    const verificationKeys = keys.map(k => k.publicKey)
    const result = data
      ? await openpgp.verify({
          message: await openpgp.createMessage({ binary: data }),
          signature: await openpgp.readSignature({ armoredSignature: text }),
          verificationKeys
        })
      : await openpgp.verify({
          message: await openpgp.readCleartextMessage({ cleartextMessage: text }),
          verificationKeys
        })
    if (result.signatures.length !== keys.length) return false
    const ids = result.signatures.map(s => s.keyID.toHex().toLowerCase()).sort()
    if (
      ids.join() !==
      keys
        .map(k => k.signer.keyId)
        .sort()
        .join()
    )
      return false
    for (const s of result.signatures) await s.verified
    return true
  } catch {
    return false
  }
}
