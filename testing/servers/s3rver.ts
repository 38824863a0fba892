/**
 * Starts s3rver (an S3 look-alike, npm) on 127.0.0.1 on an ephemeral port, in its own child process, with a
 * temp directory and one bucket already created. Tests, the chaos suite and the benchmarks share it.
 *
 * Why a child process: the server's CPU and memory stay out of the process being measured or tested, a test
 * can kill it to simulate an outage, and it exits on its own when its parent goes away (stdin closes).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface S3rverHandle {
  /** http://127.0.0.1:PORT — pass as s3-endpoint with s3-force-path-style. */
  endpoint: string
  port: number
  bucket: string
  /** The folder s3rver keeps objects in (its own layout: do not write there directly). */
  directory: string
  /** The only credentials s3rver accepts (S3RVER/S3RVER), as the AWS environment the action and CLIs read. */
  env: {
    AWS_ACCESS_KEY_ID: string
    AWS_SECRET_ACCESS_KEY: string
    AWS_REGION: string
    AWS_DEFAULT_REGION: string
    AWS_EC2_METADATA_DISABLED: string
  }
  /** The server process, e.g. to kill it in a fault-injection test. */
  process: ChildProcess
  stop(): Promise<void>
}

export interface S3rverOptions {
  bucket?: string
  /** Reuse a directory (kept on stop); a fresh temp directory (removed on stop) by default. */
  directory?: string
  /** Milliseconds to wait for the server to come up. */
  timeoutMs?: number
  /** Extra node options for the server process (bench/profile.ts: `--cpu-prof`). */
  nodeArgs?: string[]
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

// Runs in the child (CommonJS so `require` resolves s3rver from the repository's node_modules).
const CHILD = `
const S3rver = require('s3rver');
const [directory, bucket] = process.argv.slice(1);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory,
  vhostBuckets: false, configureBuckets: [{ name: bucket }] });
server.run().then(addr => process.stdout.write(JSON.stringify({ port: addr.port }) + '\\n'),
  err => { console.error(err); process.exit(1); });
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
`

export async function startS3rver(options: S3rverOptions = {}): Promise<S3rverHandle> {
  const bucket = options.bucket ?? 'publish-test'
  const owned = !options.directory
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 's3rver-')))
  // s3rver's ListObjectsV2 continuation tokens use DES, which OpenSSL 3 only offers through its legacy
  // provider: without it every second page of a listing fails with a 500.
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--openssl-legacy-provider', '-e', CHILD, directory, bucket],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe']
    }
  )
  let stderr = ''
  child.stderr?.on('data', d => (stderr += d))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`s3rver did not start within ${options.timeoutMs ?? 15000} ms: ${stderr}`))
    }, options.timeoutMs ?? 15000)
    let out = ''
    child.stdout?.on('data', d => {
      out += d
      const line = out.split('\n')[0]
      if (out.includes('\n')) {
        clearTimeout(timer)
        try {
          resolve((JSON.parse(line) as { port: number }).port)
        } catch {
          reject(new Error(`s3rver printed ${line}`))
        }
      }
    })
    child.on('exit', code => {
      clearTimeout(timer)
      reject(new Error(`s3rver exited with ${code}: ${stderr}`))
    })
  })
  const exited = new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  // Never keep the parent (a jest worker, the bench) alive on its own.
  child.unref()
  for (const s of [child.stdin, child.stdout, child.stderr])
    (s as unknown as { unref?: () => void })?.unref?.()
  const endpoint = `http://127.0.0.1:${port}`
  return {
    endpoint,
    port,
    bucket,
    directory,
    env: {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true'
    },
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
        await exited
        clearTimeout(timer)
      }
      if (owned) await rm(directory, { recursive: true, force: true })
    }
  }
}
