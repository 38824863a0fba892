/**
 * `npm run demo [out-dir]`: publishes sample packages with the real bundled action (dist/index.js, run as the
 * runner runs it) into a local folder, first as a dev release (a push to the default branch), then as a stable
 * release (a tag pushed on the default branch). No credentials, no network.
 */
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { gitFacts } from '../src/facts.js'
import { TestRepo } from './repo.js'
import { ACTION, type RunResult, runAction } from './runner.js'
import { makeSamplePackages } from './samples.js'
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

function show(title: string, r: RunResult): void {
  console.log(`\n=== ${title}`)
  const log = r.stdout
    .split('\n')
    .filter(l => l && !l.startsWith('::debug::') && !l.startsWith('::endgroup::'))
    .map(l => l.replace(/^::group::/, '▸ '))
  console.log(log.join('\n'))
  if (r.stderr.trim()) console.log(r.stderr.trim())
  console.log(`outputs: release-type=${r.outputs['release-type']} version=${r.outputs.version}`)
  const published = JSON.parse(r.outputs.published || '[]') as { path?: string; status: string }[]
  for (const p of published) console.log(`  ${p.status.padEnd(9)} ${p.path}`)
  if (r.code !== 0) {
    console.error(`the action failed (exit ${r.code})`)
    process.exit(1)
  }
}

// 1. Dev release: a push to main. The samples carry the version the action will work out from git.
const devVersion = await gitFacts(repo.dir, undefined).devVersion(head, 'main')
makeSamplePackages(join(repo.dir, 'build-dev'), devVersion)
show(
  `dev release: push to main (${head.slice(0, 7)})`,
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
show(
  'stable release: tag 0.2.0 pushed on main',
  await runAction({
    inputs: { kind: 'packages', files: 'build-stable/*', destination: out, ...signing },
    eventName: 'push',
    payload: { ref: 'refs/tags/0.2.0', ...payloadRepo },
    ref: 'refs/tags/0.2.0',
    sha: tagSha,
    workspace: repo.dir
  })
)

console.log(`\n=== ${out}`)
const walk = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap(name => {
      const full = join(dir, name)
      return statSync(full).isDirectory()
        ? walk(full)
        : [`${relative(out, full)}  (${statSync(full).size} bytes)`]
    })
console.log(walk(out).join('\n'))
writeFileSync(join(out, 'demo-key.asc'), key.publicKey)
console.log(
  `\nsigned with a throwaway key; its public half is ${join(out, 'demo-key.asc')} (gpgv / apt signed-by)`
)
rmSync(repo.dir, { recursive: true, force: true })
