/**
 * Starts Debian's `docker-registry` (distribution 2.8) on 127.0.0.1 with a config written to a fresh temp
 * folder: filesystem storage, and either htpasswd (Basic) auth or `auth: token` backed by a small token
 * issuer run here (RS256 JWTs whose x5c certificate is the registry's rootcertbundle), to cover the Bearer
 * flow Docker Hub, GHCR and ECR Public use. The registry's access log is parsed so tests and benchmarks can
 * count requests (a re-push must upload no blob). Loopback only, ephemeral ports, always stopped by stop().
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { X509Certificate, createPrivateKey, randomUUID, sign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface AccessLine {
  method: string
  path: string
  status: number
}

export interface TokenRequest {
  user?: string
  scopes: string[]
  granted: boolean
  /** GET (Basic or anonymous) or POST (an OAuth2 form, e.g. grant_type=refresh_token). */
  method: string
  grantType?: string
  /** Whether the request carried any credentials (Basic header, refresh token or password). */
  credentials: boolean
}

export interface RegistryHandle {
  /** `127.0.0.1:PORT`: the image name prefix (spoken to over plain HTTP as a loopback registry). */
  host: string
  port: number
  username: string
  password: string
  /** The storage folder. */
  root: string
  auth: 'htpasswd' | 'token' | 'none'
  /** Requests seen so far, from the access log. */
  requests(): AccessLine[]
  /** Forget the requests seen so far. */
  resetRequests(): void
  /** Token requests (token auth only). */
  tokenRequests: TokenRequest[]
  /** `--creds user:pass` for skopeo. */
  creds: string
  /** The registry's log, for failing tests. */
  log(): string
  process: ChildProcess
  stop(): Promise<void>
}

export interface RegistryOptions {
  auth?: 'htpasswd' | 'token' | 'none'
  username?: string
  password?: string
  timeoutMs?: number
  /** Token auth: users (name → password) granted pull only, whatever they ask for. */
  readers?: Record<string, string>
  /** Token auth: refresh tokens (as `docker login` stores in `identitytoken`) → the user they stand for. */
  refreshTokens?: Record<string, string>
  /** Token auth: repositories anyone (anonymous too) may pull. */
  publicRepos?: string[]
  /** Token auth: the loopback address the token issuer listens on (default 127.0.0.1, the registry's). */
  realmHost?: string
}

const ACCESS = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) /

export async function startRegistry(options: RegistryOptions = {}): Promise<RegistryHandle> {
  const auth = options.auth ?? 'htpasswd'
  const username = options.username ?? 'pusher'
  const password = options.password ?? 'secret-pw-1234'
  const dir = mkdtempSync(join(tmpdir(), 'pa-registry-'))
  const root = join(dir, 'data')
  const tokenRequests: TokenRequest[] = []
  let issuer: Server | undefined
  let authConfig = ''
  if (auth === 'htpasswd') {
    const line = execFileSync('htpasswd', ['-Bbn', username, password], { encoding: 'utf8' }).trim()
    writeFileSync(join(dir, 'htpasswd'), `${line}\n`)
    authConfig = `auth:\n  htpasswd:\n    realm: pa-test\n    path: ${join(dir, 'htpasswd')}\n`
  } else if (auth === 'token') {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=pa-token-issuer'
      ],
      { stdio: 'ignore' }
    )
    const key = createPrivateKey(readFileSync(join(dir, 'key.pem')))
    const certDer = new X509Certificate(readFileSync(join(dir, 'cert.pem'))).raw.toString('base64')
    const realmHost = options.realmHost ?? '127.0.0.1'
    issuer = createServer((req, res) =>
      issue(req, res, {
        username,
        password,
        key,
        certDer,
        tokenRequests,
        readers: options.readers ?? {},
        refreshTokens: options.refreshTokens ?? {},
        publicRepos: options.publicRepos ?? []
      })
    )
    const issuerPort = await new Promise<number>((resolve, reject) => {
      issuer?.once('error', reject)
      issuer?.listen(0, realmHost, () => resolve((issuer?.address() as { port: number }).port))
    })
    authConfig = [
      'auth:',
      '  token:',
      `    realm: http://${realmHost}:${issuerPort}/token`,
      '    service: pa-registry',
      '    issuer: pa-issuer',
      `    rootcertbundle: ${join(dir, 'cert.pem')}`,
      ''
    ].join('\n')
  }
  const config = [
    'version: 0.1',
    'log:',
    '  level: info',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${root}`,
    '  delete:',
    '    enabled: true',
    'http:',
    '  addr: 127.0.0.1:0',
    `  secret: ${randomUUID()}`,
    authConfig
  ].join('\n')
  writeFileSync(join(dir, 'config.yml'), config)
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  let requests: AccessLine[] = []
  const onData = (d: Buffer): void => {
    const text = d.toString('utf8')
    output += text
    for (const line of text.split('\n')) {
      const m = ACCESS.exec(line)
      if (m) requests.push({ method: m[1], path: m[2], status: Number(m[3]) })
    }
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise(done => child.once('close', done))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await gone
      clearTimeout(timer)
    }
    await new Promise(done => (issuer ? issuer.close(done) : done(undefined)))
    rmSync(dir, { recursive: true, force: true })
  }
  let port: number
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`docker-registry did not start:\n${output}`)),
        options.timeoutMs ?? 15_000
      )
      const check = (): void => {
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(output)
        if (m) {
          clearTimeout(timer)
          resolve(Number(m[1]))
        }
      }
      child.stderr.on('data', check)
      child.stdout.on('data', check)
      child.once('exit', code => {
        clearTimeout(timer)
        reject(new Error(`docker-registry exited (${code}):\n${output}`))
      })
    })
  } catch (err) {
    await stop()
    throw err
  }
  return {
    host: `127.0.0.1:${port}`,
    port,
    username,
    password,
    root,
    auth,
    requests: () => [...requests],
    resetRequests: () => {
      requests = []
    },
    tokenRequests,
    creds: `${username}:${password}`,
    log: () => output,
    process: child,
    stop
  }
}

/**
 * The token service: the push user gets the actions it asks for, readers only pull, anyone pull on public
 * repositories; wrong credentials get 401. GET with Basic (docker's default) or POST of an OAuth2 form
 * (`grant_type=refresh_token` with an identity token, or `password`).
 */
function issue(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: {
    username: string
    password: string
    key: ReturnType<typeof createPrivateKey>
    certDer: string
    tokenRequests: TokenRequest[]
    readers: Record<string, string>
    refreshTokens: Record<string, string>
    publicRepos: string[]
  }
): void {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const form = new URLSearchParams(req.method === 'POST' ? Buffer.concat(chunks).toString('utf8') : '')
    const params = req.method === 'POST' ? form : url.searchParams
    const scopes =
      req.method === 'POST'
        ? (form.get('scope') ?? '').split(' ').filter(Boolean)
        : url.searchParams.getAll('scope')
    const grantType = req.method === 'POST' ? (form.get('grant_type') ?? '') : undefined
    let user: string | undefined
    let pass: string | undefined
    let presented = false
    if (grantType === 'refresh_token') {
      presented = true
      user = ctx.refreshTokens[form.get('refresh_token') ?? '']
      pass = user === undefined ? undefined : user === ctx.username ? ctx.password : ctx.readers[user]
    } else if (grantType === 'password') {
      presented = true
      user = form.get('username') ?? undefined
      pass = form.get('password') ?? undefined
    } else {
      const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')
      if (basic) {
        presented = true
        const [u, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':')
        user = u
        pass = rest.join(':')
      }
    }
    const pusher = user === ctx.username && pass === ctx.password
    const reader = user !== undefined && user in ctx.readers && ctx.readers[user] === pass
    const granted = pusher || reader
    ctx.tokenRequests.push({
      user,
      scopes,
      granted,
      method: req.method ?? 'GET',
      grantType,
      credentials: presented
    })
    if (presented && !granted) {
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'wrong username or password' }] }))
      return
    }
    const access = scopes.flatMap(s => {
      const [type, ...parts] = s.split(':')
      const asked = (parts.pop() ?? '').split(',').filter(Boolean)
      const name = parts.join(':')
      const actions = pusher
        ? asked
        : asked.filter(a => a === 'pull' && (reader || ctx.publicRepos.includes(name)))
      return actions.length ? [{ type, name, actions }] : []
    })
    const now = Math.floor(Date.now() / 1000)
    const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url')
    const head = b64({ typ: 'JWT', alg: 'RS256', x5c: [ctx.certDer] })
    const claims = b64({
      iss: 'pa-issuer',
      sub: user ?? '',
      aud: params.get('service') ?? '',
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access
    })
    const signature = sign('sha256', Buffer.from(`${head}.${claims}`), ctx.key).toString('base64url')
    const token = `${head}.${claims}.${signature}`
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() })
    )
  })
}
