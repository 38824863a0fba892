/**
 * Shared by the package repository tests: run the packages publisher (plan + apply) in-process against a real
 * LocalStore, build real packages with dpkg-deb and rpmbuild, make test OpenPGP keys and GnuPG keyrings.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as openpgp from 'openpgp'
import { getInputs } from '../../src/inputs.js'
import type { Plan, Published } from '../../src/plan.js'
import { packagesPublisher } from '../../src/packages/publisher.js'
import type { PublishContext } from '../../src/publisher.js'
import type { Store } from '../../src/stores/store.js'

export const tmp = (prefix: string): string => mkdtempSync(join(tmpdir(), `pa-${prefix}-`))

export interface PublishOptions {
  files: string[]
  type: 'dev' | 'stable'
  version?: string
  store: Store
  inputs?: Record<string, string>
}

/** Plans and applies as the action does (minus classification): returns the plan and the published entries. */
export async function publish(o: PublishOptions): Promise<{ plan: Plan; published: Published[] }> {
  const inputs = getInputs(
    name =>
      ({
        kind: 'packages',
        files: o.files.join('\n'),
        destination: '/unused',
        ...o.inputs
      })[name] ?? ''
  )
  const ctx: PublishContext = {
    inputs,
    release: { type: o.type, version: o.version ?? '1.0.0', reason: 'test', prerelease: false },
    run: {
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: '0'.repeat(40),
      repository: 'example/project',
      payload: {},
      workspace: '/',
      apiUrl: '',
      serverUrl: ''
    },
    baseDir: '/',
    store: async () => o.store
  }
  const plan = await packagesPublisher.plan(ctx)
  const published = await packagesPublisher.apply(plan, ctx)
  return { plan, published }
}

export interface TestKey {
  armored: string
  publicArmored: string
  /** A binary keyring for gpgv --keyring and apt's signed-by. */
  keyring: string
  fingerprint: string
}

/** An Ed25519 signing key made with openpgp, and its public key as a GnuPG keyring file. */
export async function testKey(dir: string, passphrase?: string): Promise<TestKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    userIDs: [{ name: 'Test Repo', email: 'repo@example.org' }],
    format: 'armored',
    passphrase
  })
  const pub = await openpgp.readKey({ armoredKey: publicKey })
  const keyring = join(dir, 'keyring.gpg')
  writeFileSync(keyring, pub.write())
  writeFileSync(join(dir, 'key.asc'), publicKey)
  return { armored: privateKey, publicArmored: publicKey, keyring, fingerprint: pub.getFingerprint() }
}

/** A .deb built by dpkg-deb with the given compression (gzip, xz or zstd). */
export function dpkgDeb(
  dir: string,
  spec: { name: string; version: string; arch: string; compression?: 'gzip' | 'xz' | 'zstd' }
): string {
  const root = mkdtempSync(join(dir, 'debroot-'))
  mkdirSync(join(root, 'DEBIAN'))
  mkdirSync(join(root, 'usr/share', spec.name), { recursive: true })
  writeFileSync(join(root, 'usr/share', spec.name, 'VERSION'), `${spec.version}\n`)
  writeFileSync(
    join(root, 'DEBIAN/control'),
    `Package: ${spec.name}\nVersion: ${spec.version}\nArchitecture: ${spec.arch}\n` +
      `Maintainer: Test <test@example.org>\nDescription: test package ${spec.name}\n A package built by the tests.\n`
  )
  const out = join(dir, `${spec.name}_${spec.version}_${spec.arch}.deb`)
  execFileSync('dpkg-deb', ['--root-owner-group', `-Z${spec.compression ?? 'gzip'}`, '--build', root, out], {
    stdio: 'ignore'
  })
  return out
}

/** An .rpm built by rpmbuild (x86_64, aarch64 or noarch; cross-arch builds of a file-only package work). */
export function rpmbuild(
  dir: string,
  spec: { name: string; version: string; release?: string; arch: string; requires?: string }
): string {
  const top = mkdtempSync(join(dir, 'rpmtop-'))
  mkdirSync(join(top, 'SPECS'), { recursive: true })
  const specFile = join(top, 'SPECS', `${spec.name}.spec`)
  writeFileSync(
    specFile,
    `Name: ${spec.name}\nVersion: ${spec.version}\nRelease: ${spec.release ?? '1'}\nSummary: test package ${spec.name} <&>\n` +
      `License: Apache-2.0\nURL: https://example.org/${spec.name}\n${spec.arch === 'noarch' ? 'BuildArch: noarch\n' : ''}` +
      `${spec.requires ? `Requires: ${spec.requires}\n` : ''}Provides: ${spec.name}-tool = ${spec.version}\n` +
      `%description\nA package built by the tests.\nSecond line.\n` +
      `%install\nmkdir -p %{buildroot}/usr/bin %{buildroot}/etc/${spec.name}\n` +
      `printf '#!/bin/sh\\necho ${spec.version}\\n' > %{buildroot}/usr/bin/${spec.name}\nchmod 755 %{buildroot}/usr/bin/${spec.name}\n` +
      `echo conf > %{buildroot}/etc/${spec.name}/conf\n` +
      `%files\n/usr/bin/${spec.name}\n%config /etc/${spec.name}/conf\n%dir /etc/${spec.name}\n%ghost /etc/${spec.name}/state\n` +
      `%changelog\n* Mon Jan 01 2024 Tester <t@example.org> - ${spec.version}-1\n- first\n` +
      `* Sun Dec 31 2023 Tester <t@example.org> - 0.9-1\n- older & <escaped>\n`
  )
  execFileSync(
    'rpmbuild',
    [
      '--define',
      `_topdir ${top}`,
      '--define',
      '_build_id_links none',
      // rpmbuild opens an rpm database; a private one leaves the host's (~/.rpmdb, /var/lib/rpm) untouched.
      '--define',
      `_dbpath ${join(top, 'rpmdb')}`,
      '--target',
      spec.arch,
      '-bb',
      specFile
    ],
    { stdio: 'ignore' }
  )
  const rpmArch = spec.arch
  const out = join(top, 'RPMS', rpmArch, `${spec.name}-${spec.version}-${spec.release ?? '1'}.${rpmArch}.rpm`)
  return out
}
