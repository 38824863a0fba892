/**
 * Starts nginx as a WebDAV server (Debian `nginx` + `libnginx-mod-http-dav-ext`) on 127.0.0.1, with its config,
 * logs, temp files and document root in a fresh temp directory and `auth_basic` from an htpasswd file. Tests,
 * the chaos suite and the benchmarks share it.
 *
 * nginx cannot report a port it picked itself, so a free ephemeral port is found by binding port 0 and the
 * start is retried on the rare race where another process takes it first.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { Socket, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface NginxHandle {
  /** http://127.0.0.1:PORT/dav/ — the WebDAV root (the action's destination). */
  url: string
  port: number
  username: string
  password: string
  /** The folder on disk behind url (objects can be checked directly). */
  root: string
  process: ChildProcess
  /** nginx's error log so far, for failing tests. */
  errorLog(): Promise<string>
  stop(): Promise<void>
}

export interface NginxOptions {
  username?: string
  password?: string
  /**
   * Let nginx create missing parent folders on PUT. Off by default: like stricter WebDAV servers, the client
   * must MKCOL each collection, which is what the HTTP store is tested against.
   */
  createFullPutPath?: boolean
  /** Turn auth_basic off (a public server). */
  noAuth?: boolean
  timeoutMs?: number
}

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(p => existsSync(p)) ?? 'nginx'
const DAV_EXT = '/usr/lib/nginx/modules/ngx_http_dav_ext_module.so'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

function config(dir: string, port: number, options: NginxOptions): string {
  const root = join(dir, 'root')
  // The worker runs as the current user when not root; as root it would otherwise switch to nobody.
  const user = process.getuid?.() === 0 ? 'user root root;' : ''
  return `
${existsSync(DAV_EXT) ? `load_module ${DAV_EXT};` : ''}
${user}
daemon off;
master_process on;
worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  sendfile on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 0;
    location /dav/ {
      alias ${root}/;
      dav_methods PUT DELETE MKCOL COPY MOVE;
      dav_ext_methods PROPFIND OPTIONS;
      dav_access user:rw group:r all:r;
      create_full_put_path ${options.createFullPutPath ? 'on' : 'off'};
      autoindex on;
      ${options.noAuth ? '' : `auth_basic "publish"; auth_basic_user_file ${dir}/htpasswd;`}
    }
  }
}
`
}

export async function startNginx(options: NginxOptions = {}): Promise<NginxHandle> {
  const username = options.username ?? 'publisher'
  const password = options.password ?? `pw-${Math.random().toString(36).slice(2, 12)}`
  const dir = await mkdtemp(join(tmpdir(), 'nginx-dav-'))
  const root = join(dir, 'root')
  await mkdir(root, { recursive: true })
  await mkdir(join(dir, 'body'))
  // htpasswd -B (bcrypt): the password goes through stdin, never the command line.
  execFileSync('htpasswd', ['-i', '-B', '-c', join(dir, 'htpasswd'), username], {
    input: password,
    stdio: ['pipe', 'pipe', 'pipe']
  })

  let lastError = ''
  for (let attempt = 1; attempt <= 5; attempt++) {
    const port = await freePort()
    await writeFile(join(dir, 'nginx.conf'), config(dir, port, options))
    const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr?.on('data', d => (stderr += d))
    const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
    const up = await waitForPort(port, exited, options.timeoutMs ?? 10000)
    if (up) {
      child.unref()
      ;(child.stderr as unknown as { unref?: () => void })?.unref?.()
      return {
        url: `http://127.0.0.1:${port}/dav/`,
        port,
        username,
        password,
        root,
        process: child,
        errorLog: () => readFile(join(dir, 'error.log'), 'utf8').catch(() => ''),
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            // SIGTERM is nginx's fast shutdown; the master stops its workers.
            child.kill('SIGTERM')
            const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
            await exited
            clearTimeout(timer)
          }
          await rm(dir, { recursive: true, force: true })
        }
      }
    }
    child.kill('SIGKILL')
    await exited
    lastError = stderr + (await readFile(join(dir, 'error.log'), 'utf8').catch(() => ''))
    if (!/Address already in use/i.test(lastError)) break
  }
  await rm(dir, { recursive: true, force: true })
  throw new Error(`nginx did not start: ${lastError.trim()}`)
}

/** True once something accepts connections on the port; false if nginx exits or the time runs out. */
async function waitForPort(port: number, exited: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let gone = false
  void exited.then(() => (gone = true))
  const deadline = Date.now() + timeoutMs
  while (!gone && Date.now() < deadline) {
    const ok = await new Promise<boolean>(resolve => {
      const socket = new Socket()
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
      socket.connect(port, '127.0.0.1')
    })
    if (ok && !gone) return true
    await new Promise(r => setTimeout(r, 50))
  }
  return false
}
