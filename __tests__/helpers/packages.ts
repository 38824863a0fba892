/**
 * Shared by the package repository tests: run the packages publisher (plan + apply) in-process against a real
 * LocalStore, build real packages with dpkg-deb and rpmbuild, make test OpenPGP keys and GnuPG keyrings.
 */
import { gpgAgents } from '../setup/agents.js'
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
  spec: {
    name: string
    version: string
    release?: string
    arch: string
    requires?: string
    /** false: no automatic requires (/bin/sh for the script), so it installs into an empty root. */
    autoreq?: boolean
  }
): string {
  const top = mkdtempSync(join(dir, 'rpmtop-'))
  mkdirSync(join(top, 'SPECS'), { recursive: true })
  const specFile = join(top, 'SPECS', `${spec.name}.spec`)
  writeFileSync(
    specFile,
    `Name: ${spec.name}\nVersion: ${spec.version}\nRelease: ${spec.release ?? '1'}\nSummary: test package ${spec.name} <&>\n` +
      `License: Apache-2.0\nURL: https://example.org/${spec.name}\n${spec.arch === 'noarch' ? 'BuildArch: noarch\n' : ''}` +
      `${spec.requires ? `Requires: ${spec.requires}\n` : ''}${spec.autoreq === false ? 'AutoReqProv: no\n' : ''}Provides: ${spec.name}-tool = ${spec.version}\n` +
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

/**
 * A package as real projects ship them, built by rpmbuild from a spec and a C source: a compiled binary linked
 * against glibc (so libc.so.6(GLIBC_x.y) requires), Latin-1 (ISO-8859-1) bytes in the header text, an Epoch,
 * weak dependencies, scriptlets with their Requires(pre/post), many files (config, dir, ghost, symlink) and a long
 * changelog; rpmbuild -ba also writes the source rpm. Returns [binary rpm, source rpm].
 */
export function rpmbuildRich(dir: string): [string, string] {
  const top = mkdtempSync(join(dir, 'rpmtop-'))
  for (const d of ['SPECS', 'SOURCES']) mkdirSync(join(top, d), { recursive: true })
  writeFileSync(
    join(top, 'SOURCES', 'rich.c'),
    '#include <stdio.h>\n#include <string.h>\nint main(int argc, char **argv) {\n' +
      '  printf("rich %zu\\n", strlen(argc > 1 ? argv[1] : ""));\n  return 0;\n}\n'
  )
  const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1')
  const changelog = Array.from({ length: 12 }, (_, i) => {
    const day = String(28 - i * 2).padStart(2, '0')
    return `* ${['Mon', 'Sat', 'Thu', 'Tue', 'Sun', 'Fri', 'Wed', 'Mon', 'Sat', 'Thu', 'Tue', 'Sun'][i]} Feb ${day} 2022 Jos\u00e9 Tester <t@example.org> - 3:2.1-${12 - i}\n- change ${12 - i} & <more>\n`
  })
  const spec = Buffer.concat([
    Buffer.from(
      'Name: rich\nEpoch: 3\nVersion: 2.1\nRelease: 4\nLicense: GPL-2.0-or-later\nURL: https://example.org/rich?a=1&b=2\n' +
        'Vendor: Example & Co\nPackager: Tester <t@example.org>\nGroup: Applications/System\nSource0: rich.c\n'
    ),
    latin1('Summary: R\u00e9sum\u00e9 of a caf\u00e9 \u00bb tool\n'),
    Buffer.from(
      'Provides: rich-tool = 3:2.1-4\nProvides: config(rich) = 3:2.1-4\nConflicts: rich-old < 2\nObsoletes: richer <= 1.0\n' +
        'Requires: coreutils >= 8.0\nRequires(pre): /bin/sh\nRequires(post): /bin/sh\nRequires(preun): /bin/sh\n' +
        'Requires: /etc/rich/rich.conf\n' +
        'Recommends: rich-doc >= 2\nSuggests: rich-extras\nSupplements: (rich-plugins and rich)\nEnhances: bash\n'
    ),
    latin1(
      '%description\nA package built by the tests, \u00e0 la fa\u00e7on des vieux paquets.\n\nSecond paragraph.\n'
    ),
    Buffer.from(
      '%prep\ncp %{SOURCE0} .\n%build\ngcc -O2 -o rich rich.c\n' +
        '%install\nmkdir -p %{buildroot}/usr/bin %{buildroot}/etc/rich %{buildroot}/usr/share/rich/data %{buildroot}/var/lib/rich\n' +
        'install -m 755 rich %{buildroot}/usr/bin/rich\nln -s rich %{buildroot}/usr/bin/rich-link\n' +
        'echo conf > %{buildroot}/etc/rich/rich.conf\n' +
        'for i in $(seq 1 150); do echo $i > %{buildroot}/usr/share/rich/data/file-$i.txt; done\n' +
        '%pre\necho pre\n%post\necho post\n%preun\necho preun\n' +
        '%files\n/usr/bin/rich\n/usr/bin/rich-link\n%config(noreplace) /etc/rich/rich.conf\n%dir /etc/rich\n' +
        '/usr/share/rich\n%dir /var/lib/rich\n%ghost /var/lib/rich/state\n%changelog\n'
    ),
    latin1(changelog.join('\n'))
  ])
  const specFile = join(top, 'SPECS', 'rich.spec')
  writeFileSync(specFile, spec)
  execFileSync(
    'rpmbuild',
    [
      '--define',
      `_topdir ${top}`,
      '--define',
      '_build_id_links none',
      '--define',
      'debug_package %{nil}',
      '--define',
      `_dbpath ${join(top, 'rpmdb')}`,
      // rpm 4.18 refuses non-UTF-8 header text by default; older rpmbuilds wrote it, and such packages exist.
      '--define',
      '_invalid_encoding_terminates_build 0',
      '-ba',
      specFile
    ],
    { stdio: 'pipe' }
  )
  return [join(top, 'RPMS', 'x86_64', 'rich-2.1-4.x86_64.rpm'), join(top, 'SRPMS', 'rich-2.1-4.src.rpm')]
}

/**
 * gpg starts a gpg-agent per GnuPG home that outlives the command: dnf's repo_gpgcheck (`<cachedir>/<repo>/pubring`),
 * libzypp's temporary keyrings (under ZYPPTMPDIR, deleted before their agents exit) and rpmsign's gpg. Stops every
 * agent whose home is under `dir` (the test's own folder), found by their command lines, so tests leave no process.
 */
export function stopGpgAgents(dir: string): void {
  const homes = new Set(
    gpgAgents()
      .map(a => a.home)
      .filter(home => home.startsWith(`${dir}/`))
  )
  for (const home of homes)
    try {
      execFileSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { stdio: 'ignore' })
    } catch {
      // already gone
    }
}
