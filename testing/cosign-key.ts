/**
 * Makes a cosign-format encrypted private key (what `cosign generate-key-pair` writes: scrypt N=32768 r=8 p=1
 * over the password, nacl/secretbox over the PKCS#8 DER, JSON in an "ENCRYPTED SIGSTORE PRIVATE KEY" PEM) with
 * tools other than the action's own: openssl for the DER, python's hashlib.scrypt and tweetnacl. For tests.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import nacl from 'tweetnacl'

export function cosignEncryptedKey(pkcs8PemPath: string, password: string): string {
  const der = execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', pkcs8PemPath])
  const salt = randomBytes(32)
  const nonce = randomBytes(24)
  const secret = execFileSync('python3', [
    '-c',
    'import hashlib,sys; sys.stdout.buffer.write(hashlib.scrypt(sys.argv[1].encode(), salt=bytes.fromhex(sys.argv[2]), n=32768, r=8, p=1, maxmem=64*1024*1024, dklen=32))',
    password,
    salt.toString('hex')
  ])
  const sealed = nacl.secretbox(new Uint8Array(der), new Uint8Array(nonce), new Uint8Array(secret))
  const body = JSON.stringify({
    kdf: { name: 'scrypt', params: { N: 32768, r: 8, p: 1 }, salt: salt.toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
    ciphertext: Buffer.from(sealed).toString('base64')
  })
  const lines =
    Buffer.from(body)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  return `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${lines.join('\n')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`
}
