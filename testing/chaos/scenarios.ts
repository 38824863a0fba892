/**
 * End-to-end scenarios shared by the secrets test, the fault suite, the concurrency test and `npm run chaos`:
 * each makes a real git workspace with real artifacts (dpkg-deb / rpmbuild packages, driverkit objects, an
 * OCI layout with a 2-arch index) and returns what runAction() needs to publish it.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as openpgp from 'openpgp'
import { makeGrid } from '../driverkit-fixtures.js'
import { buildLayout, copyTag, ociIndex } from '../images.js'
import { TestRepo } from '../repo.js'
import type { RunOptions } from '../runner.js'

export const REPO_PAYLOAD = { repository: { default_branch: 'main', full_name: 'example/project' } }

/** A run of the action, ready for runAction() (inputs and env still to be completed by the caller). */
export type Scenario = Omit<RunOptions, 'timeoutMs'> & {
  inputs: Record<string, string>
  env: Record<string, string>
}

/** A repository with v1.4.0 tagged on main and one commit after it. */
function releaseRepo(): { repo: TestRepo; tag: string; head: string } {
  const repo = TestRepo.create()
  repo.commit()
  const tag = repo.tag('v1.4.0')
  const head = repo.commit()
  repo.addOrigin()
  return { repo, tag, head }
}

/** A .deb made by dpkg-deb: `arch` is the Debian architecture written in its control file. */
export function buildDeb(dir: string, name: string, version: string, arch: string, fileArch = arch): string {
  const root = mkdtempSync(join(tmpdir(), 'pa-debroot-'))
  mkdirSync(join(root, 'DEBIAN'))
  mkdirSync(join(root, 'usr/share', name), { recursive: true })
  writeFileSync(join(root, 'usr/share', name, 'VERSION'), `${version}\n`)
  writeFileSync(
    join(root, 'DEBIAN/control'),
    `Package: ${name}\nVersion: ${version}\nArchitecture: ${arch}\nMaintainer: Test <test@example.org>\n` +
      `Description: test package ${name}\n A package built by the chaos suite.\n`
  )
  mkdirSync(dir, { recursive: true })
  const out = join(dir, `${name}-${version}-${fileArch}.deb`)
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', root, out], { stdio: 'ignore' })
  return out
}

/** An .rpm made by rpmbuild for `arch`, copied to `<dir>/<name>-<version>-<fileArch>.rpm`. */
export function buildRpm(dir: string, name: string, version: string, arch: string, fileArch = arch): string {
  const top = mkdtempSync(join(tmpdir(), 'pa-rpmtop-'))
  mkdirSync(join(top, 'SPECS'), { recursive: true })
  const spec = join(top, 'SPECS', `${name}.spec`)
  writeFileSync(
    spec,
    `Name: ${name}\nVersion: ${version.replace(/-/g, '~')}\nRelease: 1\nSummary: test package\nLicense: Apache-2.0\n` +
      `%description\nA package built by the chaos suite.\n%install\nmkdir -p %{buildroot}/usr/share/${name}\n` +
      `echo ${version} > %{buildroot}/usr/share/${name}/VERSION\n%files\n/usr/share/${name}/VERSION\n`
  )
  execFileSync(
    'rpmbuild',
    ['--define', `_topdir ${top}`, '--define', '_build_id_links none', '--target', arch, '-bb', spec],
    { stdio: 'ignore' }
  )
  const built = join(top, 'RPMS', arch, `${name}-${version.replace(/-/g, '~')}-1.${arch}.rpm`)
  mkdirSync(dir, { recursive: true })
  const out = join(dir, `${name}-${version}-${fileArch}.rpm`)
  execFileSync('cp', [built, out])
  return out
}

export interface SigningKey {
  armored: string
  passphrase: string
}

/** An Ed25519 OpenPGP key protected by a passphrase. */
export async function signingKey(passphrase: string): Promise<SigningKey> {
  const { privateKey } = await openpgp.generateKey({
    userIDs: [{ name: 'Chaos Repo', email: 'chaos@example.org' }],
    format: 'armored',
    passphrase
  })
  return { armored: privateKey, passphrase }
}

/**
 * A stable release (tag v1.4.0 on main) of a .deb, an .rpm and a tarball for x86_64 and aarch64: apt, yum and
 * bin repositories with their indexes (signed when a key is given).
 */
export function packagesScenario(opts: { destination: string; key?: SigningKey; name?: string }): Scenario {
  const { repo, tag } = releaseRepo()
  const name = opts.name ?? 'tool'
  const build = join(repo.dir, 'build')
  for (const [deb, rpm] of [
    ['amd64', 'x86_64'],
    ['arm64', 'aarch64']
  ]) {
    buildDeb(build, name, '1.4.0', deb, rpm)
    buildRpm(build, name, '1.4.0', rpm)
    writeFileSync(join(build, `${name}-1.4.0-${rpm}.tar.gz`), gzipSync(Buffer.from(`${name} 1.4.0 ${rpm}\n`)))
  }
  return {
    inputs: {
      kind: 'packages',
      files: 'build/*',
      destination: opts.destination,
      ...(opts.key ? { 'signing-key': opts.key.armored, 'signing-key-passphrase': opts.key.passphrase } : {})
    },
    eventName: 'push',
    payload: { ref: 'refs/tags/v1.4.0', ...REPO_PAYLOAD },
    ref: 'refs/tags/v1.4.0',
    sha: tag,
    workspace: repo.dir,
    env: {}
  }
}

/** A dev release (push to main) of `count` driver objects (two arches, five targets) from driverkit configs. */
export function driversScenario(opts: { destination: string; count: number }): Scenario & { keys: string[] } {
  const { repo, head } = releaseRepo()
  const perTarget = Math.ceil(opts.count / 10)
  const grid = makeGrid({ root: join(repo.dir, 'drivers'), perTarget, objectSize: 1024 })
  return {
    inputs: {
      kind: 'drivers',
      destination: opts.destination,
      'driverkit-config': 'drivers/config',
      'output-dir': 'drivers'
    },
    eventName: 'push',
    payload: { ref: 'refs/heads/main', ...REPO_PAYLOAD },
    ref: 'refs/heads/main',
    sha: head,
    workspace: repo.dir,
    env: {},
    keys: grid.keys
  }
}

/** A stable release of a 2-arch image (amd64 + arm64 under one OCI index) from an OCI layout. */
export function imagesScenario(opts: { image: string; registryHost: string }): Scenario {
  const { repo, tag } = releaseRepo()
  const work = mkdtempSync(join(tmpdir(), 'pa-chaos-image-'))
  const layout = buildLayout(work, { archs: ['amd64', 'arm64'], layerBytes: 64 * 1024, layers: 2 })
  ociIndex(layout, ['amd64', 'arm64'], 'multi')
  copyTag(layout, 'multi', join(repo.dir, 'image'))
  return {
    inputs: {
      kind: 'images',
      files: 'image',
      images: opts.image,
      'insecure-registries': opts.registryHost
    },
    eventName: 'push',
    payload: { ref: 'refs/tags/v1.4.0', ...REPO_PAYLOAD },
    ref: 'refs/tags/v1.4.0',
    sha: tag,
    workspace: repo.dir,
    env: {}
  }
}
