/**
 * Images: a 3-arch image (amd64, arm64, s390x; ~200 MiB of random, incompressible layers) in an OCI layout
 * pushed to Debian's docker-registry on loopback (htpasswd auth) by the bundled action, against `skopeo copy
 * --all` of the same layout's index; then both again with every blob already there (HEAD-only for ours).
 * Each tool is its own process, measured the same way; the re-push three times each, the fastest counting.
 * Size: BENCH_IMAGE_MIB (total layer MiB); BENCH_IMAGE_ROUNDS.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildLayout, ociIndex } from '../testing/images.js'
import { ACTION } from '../testing/runner.js'
import { startRegistry } from '../testing/servers/registry.js'
import { measure } from './measure.js'
import type { BenchRow } from './table.js'

const MIB = Math.min(Number(process.env.BENCH_IMAGE_MIB) || 200, 1024)
const ARCHS = ['amd64', 'arm64', 's390x']
const LAYERS = 2
// Runs per tool of the re-push (BENCH_IMAGE_ROUNDS): the fastest counts.
const REPUSH_ROUNDS = Number(process.env.BENCH_IMAGE_ROUNDS) || 3

export async function run(): Promise<BenchRow[]> {
  if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing: run npm run bundle first`)
  const work = mkdtempSync(join(tmpdir(), 'bench-images-'))
  const registry = await startRegistry({ auth: 'htpasswd' })
  const rows: BenchRow[] = []
  try {
    const layerBytes = Math.floor((MIB << 20) / (ARCHS.length * LAYERS))
    const layout = buildLayout(join(work, 'ws'), { archs: ARCHS, layers: LAYERS, layerBytes })
    ociIndex(layout, ARCHS, 'multi')
    // Only the index stays named, so both tools push exactly the same index (ours keeps its bytes and digest).
    const indexPath = join(layout, 'index.json')
    const index = JSON.parse(readFileSync(indexPath, 'utf8')) as {
      manifests: { annotations?: Record<string, string> }[]
    }
    index.manifests = index.manifests.filter(
      m => m.annotations?.['org.opencontainers.image.ref.name'] === 'multi'
    )
    writeFileSync(indexPath, JSON.stringify(index))
    console.log(
      `  ${ARCHS.length} archs × ${LAYERS} layers of ${(layerBytes / (1 << 20)).toFixed(1)} MiB in ${layout}`
    )

    const event = join(work, 'event.json')
    writeFileSync(event, JSON.stringify({ repository: { default_branch: 'master' } }))
    const ours: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: work,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_EVENT_PATH: event,
      GITHUB_REF: 'refs/heads/master',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REPOSITORY: 'example/falco',
      GITHUB_WORKSPACE: join(work, 'ws'),
      GITHUB_OUTPUT: join(work, 'github-output'),
      RUNNER_TEMP: work,
      INPUT_KIND: 'images',
      INPUT_FILES: 'layout',
      INPUT_IMAGES: `${registry.host}/bench/ours`,
      'INPUT_RELEASE-TYPE': 'dev',
      INPUT_VERSION: '0.41.0-1+abcdef0',
      'INPUT_REGISTRY-USERNAME': registry.username,
      'INPUT_REGISTRY-PASSWORD': registry.password,
      INPUT_CONCURRENCY: '8'
    }
    writeFileSync(join(work, 'github-output'), '')
    const skopeo = [
      'copy',
      '--quiet',
      '--all',
      '--dest-tls-verify=false',
      '--dest-creds',
      registry.creds,
      `oci:${layout}:multi`,
      `docker://${registry.host}/bench/skopeo:master`
    ]
    const tools = [
      { tool: 'publish-artifacts', cmd: process.execPath, args: [ACTION], env: ours },
      { tool: 'skopeo copy --all', cmd: 'skopeo', args: skopeo, env: process.env }
    ]
    for (const scenario of ['3-arch image, ~200 MiB, empty registry', 're-push, all blobs present']) {
      const name = scenario.replace('~200', `~${MIB}`)
      // The re-push takes a tenth of a second, where a context switch more or less shows: each tool runs three
      // times, alternating which goes first, and its fastest run counts. The first push runs once (a second run
      // would find the blobs there).
      const rounds = scenario.startsWith('re-push') ? REPUSH_ROUNDS : 1
      const runs = new Map<string, { seconds: number; peakRssMiB: number; uploads: number }[]>()
      for (let round = 1; round <= rounds; round++)
        for (const t of round % 2 === 1 ? tools : [...tools].reverse()) {
          registry.resetRequests()
          const m = await measure(t.cmd, t.args, { env: t.env, warm: [layout] })
          if (m.code !== 0) throw new Error(`${t.tool} failed:\n${m.stdout}\n${m.stderr}`)
          const uploads = registry.requests().filter(r => r.path.includes('/blobs/uploads/')).length
          runs.set(t.tool, [
            ...(runs.get(t.tool) ?? []),
            { seconds: m.seconds, peakRssMiB: m.peakRssMiB, uploads }
          ])
        }
      for (const t of tools) {
        const all = runs.get(t.tool) ?? []
        const best = all.reduce((a, b) => (b.seconds < a.seconds ? b : a))
        rows.push({
          scenario: name,
          tool: t.tool,
          seconds: best.seconds,
          peakRssMiB: Math.max(...all.map(r => r.peakRssMiB)),
          note: [
            `${best.uploads} upload requests`,
            all.length > 1 ? `best of ${all.map(r => r.seconds.toFixed(2)).join(' / ')} s` : ''
          ]
            .filter(Boolean)
            .join('; ')
        })
      }
    }
  } finally {
    await registry.stop()
    rmSync(work, { recursive: true, force: true })
  }
  return rows
}
