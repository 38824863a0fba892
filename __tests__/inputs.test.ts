import { describe, expect, test } from '@jest/globals'
import { expandBraces } from '../src/files.js'
import { getInputs } from '../src/inputs.js'
import { parseList } from '../src/list.js'
import { redact, registerSecret, resetSecrets } from '../src/redact.js'
import { parseDestination } from '../src/stores/open.js'

describe('parseList', () => {
  test.each([
    ['a\nb', ['a', 'b']],
    ['a, b,c', ['a', 'b', 'c']],
    ['*.{deb,rpm}', ['*.{deb,rpm}']],
    ['# comment\nout/*.deb # trailing\n\n', ['out/*.deb']],
    ['"a,b", c', ['a,b', 'c']],
    ['x#y', ['x#y']],
    ['', []]
  ])('%j', (raw, expected) => {
    expect(parseList(raw)).toEqual(expected)
  })
})

describe('expandBraces', () => {
  test.each([
    ['*.{deb,rpm}', ['*.deb', '*.rpm']],
    ['out/{a,b}/{x,y}.tgz', ['out/a/x.tgz', 'out/a/y.tgz', 'out/b/x.tgz', 'out/b/y.tgz']],
    ['{a,{b,c}}', ['a', 'b', 'c']],
    ['plain', ['plain']],
    ['{single}', ['{single}']]
  ])('%s', (pattern, expected) => {
    expect(expandBraces(pattern)).toEqual(expected)
  })
})

describe('getInputs', () => {
  const getter = (values: Record<string, string>) => (name: string) => values[name] ?? ''
  test('defaults', () => {
    const i = getInputs(getter({ kind: 'packages', destination: 'out' }))
    expect(i).toMatchObject({
      releaseType: 'auto',
      dryRun: false,
      ifNoFilesFound: 'error',
      keep: 10,
      shard: { index: 1, count: 1 },
      devTags: ['master'],
      releaseBranches: [],
      latest: 'auto'
    })
  })
  test('release-branches: globs, newline or comma separated, braces kept', () => {
    const i = getInputs(
      getter({
        kind: 'packages',
        destination: 'out',
        'release-branches': 'release/*\nmaint-{1,2}.x, hotfix/?'
      })
    )
    expect(i.releaseBranches).toEqual(['release/*', 'maint-{1,2}.x', 'hotfix/?'])
  })
  test.each([
    [{ kind: 'packages' }, /Input 'destination': is required/],
    [{ kind: 'images' }, /Input 'images': is required/],
    [{ kind: 'drivers', destination: 'x', shard: '3/2' }, /Input 'shard'/],
    [{ kind: 'drivers', destination: 'x', keep: '0' }, /Input 'keep'/],
    [{ kind: 'packages', destination: 'x', 'apt-suite': '../etc' }, /Input 'apt-suite'/],
    [{ kind: 'packages', destination: 'x', concurrency: 'many' }, /Input 'concurrency'/],
    [
      { kind: 'packages', destination: 'x', 'release-branches': 'release/*:refs/x' },
      /Input 'release-branches'/
    ],
    [
      { kind: 'packages', destination: 'x', 'release-branches': '--upload-pack=x' },
      /Input 'release-branches'/
    ],
    [{ kind: 'packages', destination: 'x', 'release-branches': 'a/../b' }, /Input 'release-branches'/],
    [
      { kind: 'images', images: 'x', latest: 'yes' },
      /Input 'latest': 'yes' is not valid; use one of: auto, true, false/
    ]
  ])('%j is refused', (values, message) => {
    expect(() => getInputs(getter(values))).toThrow(message)
  })
})

describe('parseDestination', () => {
  test.each([
    ['out', { scheme: 'file', root: '/ws/out' }],
    ['/abs/dir', { scheme: 'file', root: '/abs/dir' }],
    ['file:///srv/repo', { scheme: 'file', root: '/srv/repo' }],
    ['s3://my-bucket/packages/', { scheme: 's3', bucket: 'my-bucket', prefix: 'packages' }],
    ['https://dl.example.com/packages', { scheme: 'http' }]
  ])('%s', (raw, expected) => {
    expect(parseDestination(raw, '/ws')).toMatchObject(expected)
  })
  test.each([
    ['ftp://x/y', /scheme 'ftp:'/],
    ['https://u:p@host/x', /must not embed credentials/],
    ['s3://Bad_Bucket/x', /not a valid S3 bucket name/],
    ['s3://bucket/a/../b', /'\.\.' path segments/],
    ['https://host/x?token=1', /query string/],
    ['file://remote/x', /local path/],
    ['out\u0000x', /control characters/]
  ])('%s is refused', (raw, message) => {
    expect(() => parseDestination(raw, '/ws')).toThrow(message)
  })
})

describe('redact', () => {
  test('credentials in URLs and registered secrets in any form', () => {
    resetSecrets()
    registerSecret('s3cr3t/value+x')
    const text = `https://user:pw@host/a https://host/?k=s3cr3t/value+x ${encodeURIComponent('s3cr3t/value+x')} ${Buffer.from('s3cr3t/value+x').toString('base64')}`
    const out = redact(text)
    expect(out).not.toMatch(/pw@|s3cr3t|czNjcjN0/)
    expect(out).toContain('https://***@host/a')
    resetSecrets()
  })
})
