/**
 * The pure parts of the hostile-input defences (issue 11): the log's neutralisation of workflow commands, the one
 * summary escape, containment of reads, the inflation guard of docker archives, the package-version rule, XML
 * numeric references in S3 listings and the masking of Authorization values. The bundled action is run against
 * the same inputs by the bad-input corpus (corpus.itg.test.ts).
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { MAX_TRAILING_BYTES, tarGuard } from '../src/images/targuard.js'
import { allowRoots, requireInside, resetRoots } from '../src/inside.js'
import { neutral, oneLine } from '../src/log.js'
import { esc } from '../src/markup.js'
import { checkPackageVersion, isMainPackage, versionMatches } from '../src/packages/versionrule.js'
import { redact, registerBasic, resetSecrets } from '../src/redact.js'
import { decodeXmlText } from '../src/stores/s3.js'
import { commandProblems } from '../testing/chaos/commands.js'

describe('log lines never carry a workflow command', () => {
  test.each([
    ['::set-output name=release-type::stable', '\\::set-output name=release-type::stable'],
    ['  ::error title=pwned::x', '  \\::error title=pwned::x'],
    ['\u00a0\t::warning::x', '\u00a0\t\\::warning::x'],
    ['tag ##[set-output name=x;]y', 'tag ##\\[set-output name=x;]y'],
    ['a\rb', 'a\\rb'],
    ['a\u2028::x', 'a\\u2028::x'],
    ['name\u202eexe.gz', 'name\\u202eexe.gz'],
    ['\u001b[2Khidden', '\\u001b[2Khidden']
  ])('%j is shown as %j', (input, shown) => {
    expect(neutral(input)).toBe(shown)
  })

  test('each line of a block is neutralised; oneLine keeps it on one line', () => {
    const hostile = 'image 1, app:1\n::set-output name=release-type::stable\n##[add-path]/tmp/evil'
    const block = neutral(hostile)
    expect(commandProblems(block, [])).toEqual([])
    expect(block.split('\n')).toHaveLength(3)
    expect(oneLine(hostile)).not.toContain('\n')
    expect(commandProblems(oneLine(hostile), [])).toEqual([])
  })

  test('the check finds what the neutraliser removes', () => {
    expect(commandProblems('ok\n::set-output name=x::y', [])).toHaveLength(1)
    expect(commandProblems('x ##[warning]y', [])).toHaveLength(1)
    expect(commandProblems('a\r::error::x', [])).toHaveLength(1)
    expect(commandProblems('::error title=pwned::x', [])).toHaveLength(1)
    expect(commandProblems('::error title=invalid driverkit config::x', [])).toHaveLength(0)
    expect(commandProblems('::group::Plan\n::endgroup::\n::add-mask::s3cr3t\n::error::a %0A b', [])).toEqual(
      []
    )
    // Untrusted text before a command's terminator: the properties are not the action's.
    expect(commandProblems('::notice file=/etc/passwd::x', [])).toHaveLength(1)
  })
})

describe('summary escape', () => {
  test('HTML, line breaks, Markdown starters and hidden characters', () => {
    const cell = esc('a</td>\n\n![x](https://evil.example/p.png)\r\n`c`|d\u202e\u0007 & "q" \'s\'')
    // eslint-disable-next-line no-control-regex
    expect(cell.replace(/<br>/g, '')).not.toMatch(/[<>\n\r`|\u202e\u0007]/)
    expect(cell).toBe(
      'a&lt;/td&gt;<br><br>![x](https://evil.example/p.png)<br>&#96;c&#96;&#124;d\\u202e\\u0007 &amp; &quot;q&quot; &#39;s&#39;'
    )
  })
})

describe('containment', () => {
  const root = mkdtempSync(join(tmpdir(), 'pa-inside-'))
  const workspace = join(root, 'ws')
  const outside = join(root, 'outside')
  mkdirSync(join(workspace, 'build'), { recursive: true })
  mkdirSync(outside)
  writeFileSync(join(outside, 'id_rsa'), 'PRIVATE KEY')
  writeFileSync(join(workspace, 'build', 'tool-1.5.0.tar.gz'), 'x')
  symlinkSync(join(outside, 'id_rsa'), join(workspace, 'build', 'key.tar.gz'))
  symlinkSync('tool-1.5.0.tar.gz', join(workspace, 'build', 'latest.tar.gz'))
  symlinkSync(outside, join(workspace, 'linked'))
  afterEach(resetRoots)

  test('a file inside, and a symlink to a file inside, are read', () => {
    expect(requireInside(join(workspace, 'build', 'tool-1.5.0.tar.gz'), 'files', workspace)).toMatch(/tool/)
    expect(requireInside(join(workspace, 'build', 'latest.tar.gz'), 'files', workspace)).toMatch(
      /tool-1\.5\.0\.tar\.gz$/
    )
  })

  test.each([
    ['a symlinked file', join('build', 'key.tar.gz')],
    ['a file under a symlinked folder', join('linked', 'id_rsa')],
    ['a ../ path', join('..', 'outside', 'id_rsa')]
  ])('%s is refused, naming the path and where it resolves', (_what, path) => {
    expect(() => requireInside(join(workspace, path), 'files', workspace)).toThrow(
      /Input 'files': ".*" resolves to ".*outside\/id_rsa", outside ".*ws"/
    )
  })

  test('the artifact download folder is allowed once registered', () => {
    allowRoots(outside)
    expect(requireInside(join(workspace, 'build', 'key.tar.gz'), 'files', workspace)).toMatch(/id_rsa$/)
  })
})

describe('inflation of docker archives', () => {
  const sink = (): Writable & { bytes: number } => {
    const w = new Writable({
      write(chunk: Buffer, _e, done) {
        w.bytes += chunk.length
        done()
      }
    }) as Writable & { bytes: number }
    w.bytes = 0
    return w
  }

  test('a real tar (pax headers, long names) passes whole, in any chunking', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-tar-'))
    mkdirSync(join(dir, 'd'))
    writeFileSync(join(dir, 'd', 'n'.repeat(150)), 'x')
    writeFileSync(join(dir, 'd', 'zeros'), Buffer.alloc(70_000))
    execFileSync('tar', ['--format=pax', '-cf', join(dir, 'a.tar'), '-C', dir, 'd'])
    const tar = readFileSync(join(dir, 'a.tar'))
    for (const step of [13, 512, 777, tar.length]) {
      const out = sink()
      const chunks = Array.from({ length: Math.ceil(tar.length / step) }, (_, i) =>
        tar.subarray(i * step, (i + 1) * step)
      )
      await pipeline(Readable.from(chunks), tarGuard('a.tar'), out)
      expect(out.bytes).toBe(tar.length)
    }
  })

  test('a bomb of zeros stops after the allowed padding, not after a gigabyte', async () => {
    const out = sink()
    const zeros = Buffer.alloc(1 << 16)
    const bomb = Readable.from(
      (function* () {
        for (let i = 0; i < 16_384; i++) yield zeros
      })()
    )
    await expect(pipeline(bomb, tarGuard('image.tar.gz'), out)).rejects.toThrow(
      /image\.tar\.gz: more than 1048576 bytes after the end of the tar archive/
    )
    expect(out.bytes).toBeLessThanOrEqual(MAX_TRAILING_BYTES + (1 << 16))
  })

  test('text that is not a tar stops at its first block', async () => {
    await expect(
      pipeline(Readable.from([Buffer.from('x'.repeat(4096))]), tarGuard('t'), sink())
    ).rejects.toThrow(/not a tar archive once decompressed/)
  })
})

describe('package version against release version', () => {
  test.each([
    ['1.5.0', '1.5.0', true],
    ['1.5.0-1', '1.5.0', true],
    ['2:1.5.0-1', '1.5.0', true],
    ['1.5.0-1.el9', '1.5.0', true],
    ['0.41.0~12+abc1234', '0.41.0-12+abc1234', true],
    ['1.4.0', '1.5.0', false],
    ['1.5.01', '1.5.0', false],
    ['1.5.0', '1.5.0-3+abcdef1', false]
  ])('%s for release %s: %s', (pkg, rel, same) => {
    expect(versionMatches(pkg, rel)).toBe(same)
  })

  test('main packages are named like the repository', () => {
    expect(isMainPackage('falco', 'falcosecurity/falco')).toBe(true)
    expect(isMainPackage('falco-static', 'falcosecurity/falco')).toBe(true)
    expect(isMainPackage('falcoctl', 'falcosecurity/falco')).toBe(false)
  })

  test('refused on stable, a warning on dev, a notice for another component', () => {
    const pkg = { name: 'falco', version: '1.4.0', file: '"falco_1.4.0_amd64.deb"' }
    const stable = checkPackageVersion(pkg, { type: 'stable', version: '1.5.0' }, 'falcosecurity/falco')
    expect(stable).toMatchObject({ action: 'refuse' })
    expect(stable.action !== 'ok' && stable.message).toMatch(
      /is falco 1\.4\.0, not the stable release version 1\.5\.0/
    )
    expect(
      checkPackageVersion(pkg, { type: 'dev', version: '1.5.0-2+abc' }, 'falcosecurity/falco')
    ).toMatchObject({
      action: 'warn'
    })
    expect(
      checkPackageVersion(
        { ...pkg, name: 'plugin' },
        { type: 'stable', version: '1.5.0' },
        'falcosecurity/falco'
      )
    ).toMatchObject({ action: 'notice' })
    expect(
      checkPackageVersion(
        { ...pkg, version: '1.5.0-1' },
        { type: 'stable', version: '1.5.0' },
        'falcosecurity/falco'
      )
    ).toEqual({ action: 'ok' })
  })
})

describe('S3 listings', () => {
  test.each([
    ['it&#x27;s', "it's"],
    ['it&#39;s', "it's"],
    ['&amp;#x27;', '&#x27;'],
    ['&lt;&gt;&quot;&apos;&amp;', '<>"\'&'],
    ['&#x1F600;', '😀'],
    ['&#xD800;&#0;&nbsp;', '&#xD800;&#0;&nbsp;']
  ])('%s decodes to %s', (text, decoded) => {
    expect(decodeXmlText(text)).toBe(decoded)
  })
})

describe('Authorization values', () => {
  afterEach(resetSecrets)
  test('an echoed header is redacted, in the Basic form and generically', () => {
    registerBasic('uploader', 'dav-Pa55/Zq+1=&x')
    const basic = Buffer.from('uploader:dav-Pa55/Zq+1=&x').toString('base64')
    expect(redact(`GET / 401: headers: authorization: Basic ${basic}`)).not.toContain(basic)
    expect(redact('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe('Authorization: Bearer ***')
  })
})
