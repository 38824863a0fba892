/**
 * `npm run demo [out-dir]`: publishes sample packages with the real bundled action (dist/index.js, run as the
 * runner runs it) into a local folder: a dev release (a push to the default branch), a stable release (a tag pushed
 * on the default branch) and a re-run of it. It tells what each run classified and published and where to look;
 * the full logs (without workflow commands, which mean nothing outside a runner) go to files. No credentials,
 * no network.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { gitFacts } from '../src/facts.js'
import type { Published } from '../src/plan.js'
import { TestRepo } from '../testing/repo.js'
import { ACTION, type RunOptions, type RunResult, runAction } from '../testing/runner.js'
import { makeSamplePackages } from '../testing/samples.js'
import { generateKey } from 'openpgp'

const out = resolve(process.argv[2] ?? 'demo-out')
if (!existsSync(ACTION)) {
  console.error(`${ACTION} is missing: run 'npm run bundle' first.`)
  process.exit(1)
}
rmSync(out, { recursive: true, force: true })

// A throwaway signing key, so the repositories come out signed as they would in a real release.
const key = await generateKey({
  userIDs: [{ name: 'publish-artifacts demo', email: 'demo@example.invalid' }],
  format: 'armored'
})
const signing = { 'signing-key': key.privateKey }

// A project with a release tag, and two commits merged since.
const repo = TestRepo.create('main')
repo.commit('first commit')
repo.tag('0.1.0')
repo.commit('new: a feature')
const head = repo.commit('fix: a bug')
repo.addOrigin()
const payloadRepo = { repository: { default_branch: 'main', full_name: 'example/demo' } }

const logs = mkdtempSync(join(tmpdir(), 'pa-demo-logs-'))
let step = 0

/** What the run did, told in a few lines; the full log and job summary go to files (workflow commands left out). */
function tell(title: string, r: RunResult): void {
  step++
  console.log(`\n${step}. ${title}`)
  const lines = r.stdout.split('\n')
  const name = `${step}-${r.outputs['release-type'] || 'failed'}`
  writeFileSync(join(logs, `${name}.log`), readable(lines).join('\n') + (r.stderr ? `\n${r.stderr}` : ''))
  writeFileSync(join(logs, `${name}.summary.md`), r.summary)
  if (r.code !== 0) {
    console.log(readable(lines).join('\n'))
    if (r.stderr.trim()) console.log(r.stderr.trim())
    console.error(`the action failed (exit ${r.code}); log: ${join(logs, `${name}.log`)}`)
    process.exit(1)
  }
  // The first line of the "Classify release" group says what the run is and why.
  const log = readable(lines)
  const at = log.indexOf('▸ Classify release')
  const why = at >= 0 && !log[at + 1]?.startsWith('▸') ? log[at + 1] : ''
  console.log(`   classified  release-type=${r.outputs['release-type']} version=${r.outputs.version}`)
  if (why) console.log(`               ${why}`)
  const published = JSON.parse(r.outputs.published || '[]') as Published[]
  const counts = new Map<string, number>()
  for (const p of published) counts.set(p.status, (counts.get(p.status) ?? 0) + 1)
  console.log(`   published   ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`)
  const repos = new Map<string, { packages: number; signatures: number; indexes: number; uploaded: number }>()
  for (const p of published) {
    const repo = p.repo ?? p.path?.split('/')[0] ?? '?'
    const r = repos.get(repo) ?? { packages: 0, signatures: 0, indexes: 0, uploaded: 0 }
    if (p.role === 'artifact') r.packages++
    else if (p.role === 'signature') r.signatures++
    else r.indexes++
    if (p.status === 'uploaded') r.uploaded++
    repos.set(repo, r)
  }
  for (const [repo, r] of repos)
    console.log(
      `               ${`${repo}/`.padEnd(9)} ${r.packages} packages, ${r.signatures} signatures, ${r.indexes} index file${r.indexes === 1 ? '' : 's'} (${r.uploaded} uploaded)`
    )
}

/** The log as a person reads it: group titles kept, workflow commands (masks, debug, group ends) left out. */
function readable(lines: string[]): string[] {
  return lines.map(l => l.replace(/^::group::/, '▸ ')).filter(l => l && !l.startsWith('::'))
}

console.log(`publish-artifacts demo: the bundled action (dist/index.js), run as the GitHub runner runs it, publishes
sample .deb, .rpm and tarballs of a throwaway git repository (tag 0.1.0, then two commits) into a local folder.
No network, no credentials; the repositories are signed with a throwaway key.`)

// 1. Dev release: a push to main. The samples carry the version the action will work out from git.
const devVersion = await gitFacts(repo.dir, undefined).devVersion(head, 'main')
makeSamplePackages(join(repo.dir, 'build-dev'), devVersion)
tell(
  `A push to main (${head.slice(0, 7)}): a dev release into the -dev repositories`,
  await runAction({
    inputs: { kind: 'packages', files: 'build-dev/*', destination: out, ...signing },
    eventName: 'push',
    payload: { ref: 'refs/heads/main', ...payloadRepo },
    ref: 'refs/heads/main',
    sha: head,
    workspace: repo.dir
  })
)

// 2. Stable release: tag 0.2.0 pushed on main.
const tagSha = repo.tag('0.2.0')
makeSamplePackages(join(repo.dir, 'build-stable'), '0.2.0')
const stable: RunOptions = {
  inputs: { kind: 'packages', files: 'build-stable/*', destination: out, ...signing },
  eventName: 'push',
  payload: { ref: 'refs/tags/0.2.0', ...payloadRepo },
  ref: 'refs/tags/0.2.0',
  sha: tagSha,
  workspace: repo.dir
}
tell('Tag 0.2.0 pushed on main: a stable release', await runAction(stable))

// 3. The same tag again: nothing changes (stable bytes, indexes and signatures are kept as they are).
tell('The same tag again (a re-run): nothing is written', await runAction(stable))

writeFileSync(join(out, 'demo-key.asc'), key.publicKey)
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap(name => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? files(full) : [full]
  })
const here = (path: string) => (relative('.', path).startsWith('..') ? path : relative('.', path))
const look: Array<[string, string]> = [
  [join(out, 'deb/dists/stable/InRelease'), 'apt: the signed index of the stable repository'],
  [join(out, 'rpm/repodata/repomd.xml'), 'dnf: the repository metadata, signed in repomd.xml.asc'],
  [join(out, 'bin/index.json'), 'the tarball listing; SHA256SUMS in each arch folder'],
  [join(out, 'demo-key.asc'), 'the public half of the throwaway key (apt signed-by, dnf gpgkey, gpgv)'],
  [logs, "each run's full log and job summary (Markdown)"]
]
const width = Math.max(...look.map(([path]) => here(path).length))
console.log(`\nWhere to look (${files(out).length} files under ${here(out)}):`)
for (const [path, what] of look) console.log(`   ${here(path).padEnd(width)}  ${what}`)
console.log(`\nCheck a signature as apt does:
   gpg --dearmor < ${here(join(out, 'demo-key.asc'))} > demo-keyring.gpg
   gpgv --keyring ./demo-keyring.gpg ${here(join(out, 'deb/dists/stable/InRelease'))}`)
rmSync(repo.dir, { recursive: true, force: true })
