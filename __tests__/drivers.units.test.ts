/** The pure parts of kind drivers, table-driven and without any store: configs, names, shards, retention, listings. */
import { describe, expect, test } from '@jest/globals'
import { type DriverConfig, parseConfig } from '../src/drivers/config.js'
import { excluder } from '../src/drivers/exclude.js'
import {
  type ListedDriver,
  archListing,
  compareVersions,
  fillFromPrevious,
  gridOf,
  listings,
  parseArchListing
} from '../src/drivers/listing.js'
import { expectedObjects, matchFiles, matchOutputs, outputFile } from '../src/drivers/match.js'
import { join } from 'node:path'
import { encodeKey, objectKey, parseObjectName, publicUrl } from '../src/drivers/name.js'
import { chooseRetention, storedVersions } from '../src/drivers/retention.js'
import { inShard, shardOf } from '../src/drivers/shard.js'
import { compact, prefixOfKey, totals } from '../src/drivers/summary.js'
import { encodePlus } from '../src/drivers/publisher.js'
import { ownListing } from '../src/drivers/vouch.js'
import type { Published } from '../src/plan.js'
import { LEGACY_SHA, configYaml, kernel, kernelConfigData } from '../testing/driverkit-fixtures.js'

const UBUNTU = kernel('ubuntu-generic', 3, 'x86_64')
const good = configYaml('8.0.0+driver', 'x86_64', UBUNTU, { probe: true })
const goodPath = `8.0.0+driver/x86_64/ubuntu-generic_5.15.0-103-generic_113~20.04.1.yaml`

function config(over: Partial<DriverConfig> = {}): DriverConfig {
  return {
    path: goodPath,
    driverversion: '8.0.0+driver',
    arch: 'x86_64',
    target: 'ubuntu-generic',
    kernelrelease: '5.15.0-103-generic',
    kernelversion: '113~20.04.1',
    module: 'output/8.0.0+driver/x86_64/falco_ubuntu-generic_5.15.0-103-generic_113~20.04.1.ko',
    ...over
  }
}

describe('parseConfig', () => {
  test('a test-infra config is read with every field as written', () => {
    const parsed = parseConfig(goodPath, good)
    expect(parsed).toEqual({
      config: {
        path: goodPath,
        driverversion: '8.0.0+driver',
        arch: 'x86_64',
        target: 'ubuntu-generic',
        kernelrelease: '5.15.0-103-generic',
        kernelversion: '113~20.04.1',
        module: 'output/8.0.0+driver/x86_64/falco_ubuntu-generic_5.15.0-103-generic_113~20.04.1.ko',
        probe: 'output/8.0.0+driver/x86_64/falco_ubuntu-generic_5.15.0-103-generic_113~20.04.1.o'
      }
    })
  })

  test('numbers stay text: kernelversion 1 and a release like 5.10 are not turned into numbers', () => {
    const parsed = parseConfig(
      'abc123/aarch64/flatcar_5.10_1.yaml',
      'kernelversion: 1\nkernelrelease: 5.10\ntarget: flatcar\noutput:\n  module: out/x.ko\n'
    )
    expect(parsed).toMatchObject({ config: { kernelrelease: '5.10', kernelversion: '1', arch: 'aarch64' } })
  })

  const p = '8.0.0+driver/x86_64'
  const cases: [string, string, string, RegExp][] = [
    ['wrong depth', 'x86_64/a_b_1.yaml', good, /expected <driverversion>/],
    ['unknown arch folder', '8.0.0+driver/ppc64le/a.yaml', good, /arch folder "ppc64le"/],
    // An arch folder named like an Object property is still no arch.
    ['arch folder "constructor"', '8.0.0+driver/constructor/a.yaml', good, /arch folder "constructor"/],
    [
      'architecture disagrees with the folder',
      goodPath.replace('x86_64', 'aarch64'),
      good,
      /architecture.*arm64/
    ],
    [
      'file name disagrees with its fields',
      `${p}/ubuntu-generic_5.15.0-1-generic_1.yaml`,
      good,
      /file name does not match/
    ],
    [
      'traversal in kernelrelease',
      `${p}/centos_.._1.yaml`,
      'target: centos\nkernelrelease: ..\nkernelversion: 1\noutput: {module: a.ko}\n',
      /kernelrelease.*'\.\.'/
    ],
    [
      'slash in target',
      `${p}/x.yaml`,
      'target: a/b\nkernelrelease: 1\nkernelversion: 1\noutput: {module: a.ko}\n',
      /target.*'\/'/
    ],
    [
      'control character in kernelversion',
      `${p}/x.yaml`,
      'target: a\nkernelrelease: 1\nkernelversion: "1\\u0007"\noutput: {module: a.ko}\n',
      /control characters/
    ],
    [
      'absolute output path',
      `${p}/a_1_1.yaml`,
      'target: a\nkernelrelease: 1\nkernelversion: 1\noutput: {module: /etc/shadow}\n',
      /output.module.*relative/
    ],
    [
      'output path escaping output-dir',
      `${p}/a_1_1.yaml`,
      'target: a\nkernelrelease: 1\nkernelversion: 1\noutput: {module: ../../x.ko}\n',
      /'\.\.' segments/
    ],
    ['no output at all', `${p}/a_1_1.yaml`, 'target: a\nkernelrelease: 1\nkernelversion: 1\n', /output/],
    [
      'driverversion disagrees with the folder',
      `${p}/a_1_1.yaml`,
      'driverversion: 7.0.0+driver\ntarget: a\nkernelrelease: 1\nkernelversion: 1\noutput: {module: a.ko}\n',
      /driverversion/
    ],
    [
      'missing target',
      `${p}/a_1_1.yaml`,
      'kernelrelease: 1\nkernelversion: 1\noutput: {module: a.ko}\n',
      /target/
    ],
    ['not YAML', `${p}/a_1_1.yaml`, 'target: [unclosed\n', /not valid YAML/],
    ['a list, not a mapping', `${p}/a_1_1.yaml`, '- a\n- b\n', /mapping/],
    ['duplicate keys', `${p}/a_1_1.yaml`, 'target: a\ntarget: b\n', /not valid YAML/]
  ]
  test.each(cases)('refused: %s', (_name, path, text, reason) => {
    const parsed = parseConfig(path, text)
    expect('invalid' in parsed).toBe(true)
    if ('invalid' in parsed) {
      expect(parsed.invalid.path).toBe(path)
      expect(parsed.invalid.reason).toMatch(reason)
    }
  })
})

describe('names and keys', () => {
  test('keys keep the literal +, URLs encode it as %2B', () => {
    const c = config({ kernelrelease: '6.6.13+bpo-amd64', kernelversion: '1', target: 'debian' })
    const key = objectKey('falco', c, 'module')
    expect(key).toBe('8.0.0+driver/x86_64/falco_debian_6.6.13+bpo-amd64_1.ko')
    expect(encodeKey(key)).toBe('8.0.0%2Bdriver/x86_64/falco_debian_6.6.13%2Bbpo-amd64_1.ko')
    expect(publicUrl('https://download.falco.org/driver/', key)).toBe(
      'https://download.falco.org/driver/8.0.0%2Bdriver/x86_64/falco_debian_6.6.13%2Bbpo-amd64_1.ko'
    )
    expect(encodePlus('http://127.0.0.1:9/b/8.0.0+driver/x86_64/a~1.ko')).toBe(
      'http://127.0.0.1:9/b/8.0.0%2Bdriver/x86_64/a~1.ko'
    )
  })

  test.each([
    // Two '_' after the target: RHEL's release or minikube's version may hold one, so neither is guessed.
    ['falco_centos_4.18.0-553.el8_10.x86_64_1.ko', 'falco', ['centos', undefined, undefined, 'module']],
    ['falco_minikube_5.10.57_1_1.26.0.ko', 'falco', ['minikube', undefined, undefined, 'module']],
    ['falco_bottlerocket_5.10.165_1_1.13.1-aws.o', 'falco', ['bottlerocket', undefined, undefined, 'probe']],
    [
      'falco_ubuntu-generic_5.4.0-150-generic_167~18.04.1.o',
      'falco',
      ['ubuntu-generic', '5.4.0-150-generic', '167~18.04.1', 'probe']
    ],
    ['my_drv_flatcar_3510.2.0_1.ko', 'my_drv', ['flatcar', '3510.2.0', '1', 'module']]
  ])('parseObjectName(%s)', (name, driver, [target, kernelrelease, kernelversion, kind]) => {
    expect(parseObjectName(name, driver)).toEqual({
      driverName: driver,
      target,
      ...(kernelrelease && { kernelrelease, kernelversion }),
      kind
    })
  })
})

describe('shards', () => {
  const paths = Array.from(
    { length: 2000 },
    (_, i) => `8.0.0+driver/x86_64/ubuntu-generic_5.15.0-${i}-generic_1.yaml`
  )

  test.each([1, 2, 4, 7])('%i shards cover every config exactly once, evenly', count => {
    const seen = new Map<string, number>()
    for (let index = 1; index <= count; index++)
      for (const p of paths.filter(p => inShard(p, { index, count }))) seen.set(p, (seen.get(p) ?? 0) + 1)
    expect(seen.size).toBe(paths.length)
    expect([...seen.values()].every(n => n === 1)).toBe(true)
    for (let index = 1; index <= count; index++) {
      const share = paths.filter(p => shardOf(p, count) === index).length / paths.length
      expect(Math.abs(share - 1 / count)).toBeLessThan(0.05)
    }
  })

  test('stable: adding configs never moves existing ones', () => {
    expect(paths.map(p => shardOf(p, 4))).toEqual(paths.map(p => shardOf(p, 4)))
    expect(shardOf('8.0.0+driver/x86_64/a_1_1.yaml', 4)).toBe(shardOf('8.0.0+driver/x86_64/a_1_1.yaml', 4))
  })
})

describe('retention', () => {
  test.each<[string, string[], number, string[], { keep: string[]; prune: string[]; untouched: string[] }]>([
    [
      'newest two by semver, not by text',
      ['7.0.0+driver', '10.0.0+driver', '9.1.0+driver', '8.0.0+driver'],
      2,
      [],
      { keep: ['10.0.0+driver', '9.1.0+driver'], prune: ['8.0.0+driver', '7.0.0+driver'], untouched: [] }
    ],
    [
      'SHA-named legacy versions are never touched',
      ['2aa88dcf6243982697811df4c1b484bcbe9488a2', '8.0.0+driver', '7.0.0+driver', '6.0.0+driver'],
      2,
      [],
      {
        keep: ['8.0.0+driver', '7.0.0+driver'],
        prune: ['6.0.0+driver'],
        untouched: ['2aa88dcf6243982697811df4c1b484bcbe9488a2']
      }
    ],
    [
      'a prerelease sorts below its release',
      ['8.0.0+driver', '8.0.0-rc1+driver', '7.0.0+driver'],
      1,
      [],
      { keep: ['8.0.0+driver'], prune: ['8.0.0-rc1+driver', '7.0.0+driver'], untouched: [] }
    ],
    [
      'a version this run publishes is kept even when old',
      ['8.0.0+driver', '7.0.0+driver', '6.0.0+driver'],
      1,
      ['6.0.0+driver'],
      { keep: ['8.0.0+driver', '6.0.0+driver'], prune: ['7.0.0+driver'], untouched: [] }
    ],
    [
      'fewer versions than kept: nothing pruned',
      ['8.0.0+driver'],
      2,
      [],
      { keep: ['8.0.0+driver'], prune: [], untouched: [] }
    ]
  ])('%s', (_name, versions, keep, publishing, expected) => {
    expect(chooseRetention(versions, keep, new Set(publishing))).toMatchObject(expected)
  })

  test('a legacy SHA-named version is deleted only when listed explicitly', () => {
    const sha = '2aa88dcf6243982697811df4c1b484bcbe9488a2'
    const other = '17f5df52a7d9ed6bb12d3b1768460def8439936d'
    const versions = ['8.0.0+driver', '7.0.0+driver', sha, other]
    expect(chooseRetention(versions, 2, new Set())).toMatchObject({
      prune: [],
      untouched: [other, sha].sort()
    })
    expect(chooseRetention(versions, 2, new Set(), new Set([sha]))).toMatchObject({
      prune: [sha],
      untouched: [other]
    })
    // Never one this run publishes, even when listed.
    expect(chooseRetention(versions, 2, new Set([sha]), new Set([sha])).prune).toEqual([])
  })
})

describe('matching objects to configs', () => {
  const a = config()
  const b = config({ path: '7.0.0+driver/x86_64/x.yaml', driverversion: '7.0.0+driver' })
  const c = config({
    path: '8.0.0+driver/x86_64/c.yaml',
    target: 'centos',
    kernelrelease: '4.18.0-553.el8_10.x86_64',
    kernelversion: '1',
    module: 'out/c.ko',
    probe: 'out/c.o'
  })

  test('output paths: found and missing, relative to output-dir', () => {
    const m = matchOutputs(expectedObjects([a, c], 'falco'), '/o', f => f !== '/o/out/c.o')
    expect(m.found.map(f => [f.key, f.file])).toEqual([
      [`8.0.0+driver/x86_64/falco_ubuntu-generic_5.15.0-103-generic_113~20.04.1.ko`, `/o/${a.module}`],
      ['8.0.0+driver/x86_64/falco_centos_4.18.0-553.el8_10.x86_64_1.ko', '/o/out/c.ko']
    ])
    expect(m.missing.map(x => `${x.config.path}:${x.kind}`)).toEqual(['8.0.0+driver/x86_64/c.yaml:probe'])
  })

  test('globs: by object name, the folder decides between driver versions, strangers are refused', () => {
    const name = 'falco_ubuntu-generic_5.15.0-103-generic_113~20.04.1.ko'
    const files = [
      `/w/build/8.0.0+driver/x86_64/${name}`,
      `/w/build/7.0.0+driver/x86_64/${name}`,
      '/w/build/falco_centos_4.18.0-553.el8_10.x86_64_1.ko',
      '/w/build/falco_madeup_1.0_1.ko',
      `/w/elsewhere/${name}`
    ]
    // This shard holds a and c; b (7.0.0) belongs to another shard.
    const m = matchFiles(files, [a, b, c], expectedObjects([a, c], 'falco'), 'falco')
    expect(m.found.map(f => f.file)).toEqual([files[0], files[2]])
    expect(m.orphans.map(o => o.file)).toEqual([files[3], files[4]])
    expect(m.orphans[0].reason).toMatch(/no driverkit config/)
    expect(m.orphans[1].reason).toMatch(/several configs/)
    expect(m.missing.map(x => x.key)).toEqual([
      '8.0.0+driver/x86_64/falco_centos_4.18.0-553.el8_10.x86_64_1.o'
    ])
  })
})

describe('keys sliced by hand', () => {
  // The shapes split('/') handles its own way: empty segments, no slash, deeper keys.
  const keys = [
    'a/b/c.ko',
    'a/b/',
    'a/b',
    'a',
    '',
    '/b/c',
    'a//c',
    '//',
    'a/b/c/d',
    '8.0.0+driver/x86_64/x.o'
  ]

  test('prefixOfKey gives what the first two split() segments give', () => {
    for (const key of keys) {
      const parts = key.split('/')
      expect(prefixOfKey(key)).toBe(parts.length >= 3 ? `${parts[0]}/${parts[1]}/` : '')
    }
    expect(prefixOfKey(undefined)).toBe('')
  })

  test('gridOf keeps exactly the three-segment .ko/.o keys, as a split() would', () => {
    const objects = [...keys, 'a/b/c.txt', 'a/b/.o', 'a//x.ko', '/b/x.ko'].map(key => ({ key, size: 1 }))
    const kept = [...gridOf(objects)].flatMap(([v, arches]) =>
      [...arches].flatMap(([a, list]) => list.map(d => `${v}/${a}/${d.name}`))
    )
    const expected = objects
      .map(o => o.key)
      .filter(k => k.split('/').length === 3 && /\.(ko|o)$/.test(k.split('/')[2]))
    expect(kept.sort()).toEqual(expected.sort())
  })
})

describe('listings', () => {
  const objects = [
    { key: '8.0.0+driver/x86_64/falco_debian_6.6.13+bpo-amd64_1.ko', size: 3 },
    { key: '8.0.0+driver/x86_64/falco_centos_4.18.0-553.el8_10.x86_64_1.ko', size: 5 },
    { key: '8.0.0+driver/x86_64/index.json', size: 9 },
    { key: '8.0.0+driver/aarch64/falco_flatcar_3510.2.0_1.ko', size: 4 },
    { key: '10.0.0+driver/x86_64/falco_flatcar_3510.2.0_1.o', size: 4 },
    { key: 'site/index.html', size: 1 },
    { key: 'index.json', size: 1 }
  ]

  test('per version and arch, and a root newest first; unrelated files ignored', () => {
    const fields = new Map([
      [
        '8.0.0+driver/x86_64/falco_centos_4.18.0-553.el8_10.x86_64_1.ko',
        { target: 'centos', kernelrelease: '4.18.0-553.el8_10.x86_64', kernelversion: '1', arch: 'x86_64' }
      ]
    ])
    const files = listings(gridOf(objects, 'falco', { fields }), new Set())
    expect([...files.keys()].sort()).toEqual([
      '10.0.0+driver/x86_64/index.html',
      '10.0.0+driver/x86_64/index.json',
      '8.0.0+driver/aarch64/index.html',
      '8.0.0+driver/aarch64/index.json',
      '8.0.0+driver/x86_64/index.html',
      '8.0.0+driver/x86_64/index.json',
      'index.html',
      'index.json'
    ])
    const arch = JSON.parse(Buffer.from(files.get('8.0.0+driver/x86_64/index.json') as Uint8Array).toString())
    expect(arch.count).toBe(2)
    expect(arch.objects.map((o: { name: string; href: string }) => o.href)).toEqual([
      'falco_centos_4.18.0-553.el8_10.x86_64_1.ko',
      'falco_debian_6.6.13%2Bbpo-amd64_1.ko'
    ])
    expect(arch.objects[0]).toMatchObject({
      target: 'centos',
      kernelrelease: '4.18.0-553.el8_10.x86_64',
      size: 5
    })
    const root = JSON.parse(Buffer.from(files.get('index.json') as Uint8Array).toString())
    expect(root.driverversions.map((v: { version: string }) => v.version)).toEqual([
      '10.0.0+driver',
      '8.0.0+driver'
    ])
    const html = Buffer.from(files.get('index.html') as Uint8Array).toString()
    expect(html).toContain('href="8.0.0%2Bdriver/x86_64/index.html"')
  })

  test('versions being pruned leave the root and get no listing', () => {
    const files = listings(gridOf(objects, 'falco'), new Set(['8.0.0+driver']))
    expect([...files.keys()].filter(k => k.startsWith('8.0.0'))).toEqual([])
    expect(Buffer.from(files.get('index.json') as Uint8Array).toString()).not.toContain('8.0.0+driver')
  })

  test('version order: semver newest first, then SHA-named ones', () => {
    expect(['abc', '9.0.0+driver', '10.0.0+driver', '0a1b'].sort(compareVersions)).toEqual([
      '10.0.0+driver',
      '9.0.0+driver',
      '0a1b',
      'abc'
    ])
  })
})

describe('output paths (outputFile)', () => {
  test.each([
    'output/8.0.0+driver/x86_64/falco_centos_4.18.0-1_1.ko',
    'falco.ko',
    '.hidden/..x/x..',
    './output/a.ko',
    'output//a.ko',
    'output/./a.ko',
    'output/a.ko/',
    '',
    '.',
    'a/..'
  ])('%j gives what path.join gives', output => {
    for (const dir of ['/ws', '/ws/', '/'])
      expect(outputFile(dir, output)).toBe(join(dir, ...output.split('/')))
  })
})

describe('our own listing, believed only as it is (ownListing)', () => {
  const prefix = '8.0.0+driver/x86_64/'
  const sha = (c: string): string => c.repeat(64)
  const fields = new Map([
    [
      `${prefix}falco_centos_4.18.0-1_1.ko`,
      { target: 'centos', kernelrelease: '4.18.0-1', kernelversion: '1', arch: 'x86_64' }
    ]
  ])
  const drivers = gridOf(
    [
      {
        key: `${prefix}falco_centos_4.18.0-1_1.ko`,
        size: 10,
        sha256: sha('a'),
        lastModified: '2026-01-01T00:00:00.000Z'
      },
      // No config names it any more (kept in the listing, fields from its name), and no sha256 known for it.
      { key: `${prefix}falco_flatcar_3.0_1.ko`, size: 20, lastModified: '2026-01-02T00:00:00.000Z' }
    ],
    'falco',
    { fields }
  )
    .get('8.0.0+driver')
    ?.get('x86_64') as ListedDriver[]
  const stored = Buffer.from(
    archListing('8.0.0+driver', 'x86_64', drivers).get(`${prefix}index.json`) as Uint8Array
  )

  test('the listing this action wrote is read back entry by entry', () => {
    const own = ownListing(prefix, stored, fields, 'falco')
    expect(own?.byName.get('falco_centos_4.18.0-1_1.ko')).toMatchObject({ size: 10, sha256: sha('a') })
    expect(own?.byName.get('falco_flatcar_3.0_1.ko')?.sha256).toBeUndefined()
    expect(Buffer.from(own?.files.get(`${prefix}index.json`) as Uint8Array)).toEqual(stored)
  })

  test.each<[string, (b: Buffer) => Buffer | undefined]>([
    ['absent', () => undefined],
    ['truncated', b => b.subarray(0, b.length - 10)],
    ['not JSON', () => Buffer.from('<html></html>')],
    ['reformatted by another tool', b => Buffer.from(JSON.stringify(JSON.parse(b.toString()), null, 2))],
    ['a sha256 that is not one', b => Buffer.from(b.toString().replace(sha('a'), 'Z'.repeat(64)))],
    ['an added field', b => Buffer.from(b.toString().replace('"size":10', '"size":10,"md5":"x"'))],
    ['another arch', b => Buffer.from(b.toString().replace('"arch":"x86_64",', '"arch":"aarch64",'))]
  ])('not believed when %s', (_, change) => {
    expect(ownListing(prefix, change(stored), fields, 'falco')).toBeUndefined()
  })

  test('not believed when the configs now give other fields for a listed object', () => {
    const moved = new Map([
      [
        `${prefix}falco_centos_4.18.0-1_1.ko`,
        {
          ...(fields.get(`${prefix}falco_centos_4.18.0-1_1.ko`) as {
            target: string
            kernelrelease: string
            kernelversion: string
            arch: string
          }),
          kernelversion: '2'
        }
      ]
    ])
    expect(ownListing(prefix, stored, moved, 'falco')).toBeUndefined()
    expect(ownListing('8.0.0+driver/aarch64/', stored, fields, 'falco')).toBeUndefined()
  })
})

describe('published output', () => {
  const up = (key: string): Published => ({
    kind: 'drivers',
    path: key,
    status: 'uploaded',
    role: 'artifact',
    size: 10
  })

  test('unchanged objects are counted per version and arch; uploads stay listed', () => {
    const entries: Published[] = [
      up('8.0.0+driver/x86_64/a.ko'),
      { kind: 'drivers', path: '8.0.0+driver/x86_64/', status: 'unchanged', role: 'artifact', count: 500 },
      { kind: 'drivers', path: '8.0.0+driver/x86_64/b.ko', status: 'unchanged', role: 'artifact', size: 1 },
      { kind: 'drivers', path: '8.0.0+driver/x86_64/c.ko', status: 'missing', role: 'artifact', reason: 'x' }
    ]
    const out = compact(entries)
    expect(out.filter(e => e.status === 'uploaded').map(e => e.path)).toEqual(['8.0.0+driver/x86_64/a.ko'])
    expect(out.filter(e => e.status === 'unchanged')).toEqual([
      expect.objectContaining({ path: '8.0.0+driver/x86_64/', count: 501 })
    ])
    expect(totals(out)).toEqual([
      { prefix: '8.0.0+driver/x86_64/', uploaded: 1, unchanged: 501, missing: 1, deleted: 0 }
    ])
  })

  test('past the output size limit, uploads are counted too', () => {
    const entries = Array.from({ length: 100 }, (_, i) => up(`8.0.0+driver/aarch64/${i}.ko`))
    const out = compact(entries, 2000)
    expect(out).toEqual([
      expect.objectContaining({ status: 'uploaded', count: 100, path: '8.0.0+driver/aarch64/' })
    ])
  })
})

describe('test-infra grids', () => {
  test('a bottlerocket config with ~190 KB of kernelconfigdata is read, its fields as written', () => {
    const yaml = [
      'kernelversion: 1_1.13.1-aws',
      'kernelrelease: 5.10.165',
      'target: bottlerocket',
      'architecture: arm64',
      'output:',
      '  module: output/2.0.0+driver/aarch64/falco_bottlerocket_5.10.165_1_1.13.1-aws.ko',
      `kernelconfigdata: ${kernelConfigData(190_000, 'unit')}`,
      ''
    ].join('\n')
    expect(yaml.length).toBeGreaterThan(190_000)
    expect(parseConfig('2.0.0+driver/aarch64/bottlerocket_5.10.165_1_1.13.1-aws.yaml', yaml)).toMatchObject({
      config: {
        target: 'bottlerocket',
        kernelrelease: '5.10.165',
        kernelversion: '1_1.13.1-aws',
        arch: 'aarch64'
      }
    })
  })

  test('an invalid config still names its built files; the legacy layout says so', () => {
    const legacy = parseConfig(
      `${LEGACY_SHA}/amazonlinux2_4.14.101-91.76.amzn2.x86_64_1.yaml`,
      'kernelversion: 1\nkernelrelease: 4.14.101-91.76.amzn2.x86_64\ntarget: amazonlinux2\noutput:\n  module: output/x/falco_amazonlinux2_4.14.101-91.76.amzn2.x86_64_1.ko\n'
    )
    expect(legacy).toEqual({
      invalid: {
        path: `${LEGACY_SHA}/amazonlinux2_4.14.101-91.76.amzn2.x86_64_1.yaml`,
        reason: expect.stringMatching(/^no arch folder \(a legacy layout\)/),
        outputs: ['falco_amazonlinux2_4.14.101-91.76.amzn2.x86_64_1.ko']
      }
    })
    const misnamed = parseConfig(
      '2.0.0+driver/aarch64/amazonlinux2022_5.4.209-116.367.amzn2.aarch64.yaml',
      'kernelversion: 1\nkernelrelease: 5.4.209-116.367.amzn2.aarch64\ntarget: amazonlinux2022\narchitecture: arm64\noutput:\n  module: o/falco_amazonlinux2022_5.4.209-116.367.amzn2.aarch64.ko\n'
    )
    expect(misnamed).toMatchObject({
      invalid: {
        reason: expect.stringMatching(
          /expected "amazonlinux2022_5\.4\.209-116\.367\.amzn2\.aarch64_1\.yaml"/
        ),
        outputs: ['falco_amazonlinux2022_5.4.209-116.367.amzn2.aarch64.ko']
      }
    })
  })

  test.each([
    [['2aa88dcf*'], `${LEGACY_SHA}/amazonlinux2_1_1.yaml`, true],
    [['2aa88dcf*/**'], `${LEGACY_SHA}/amazonlinux2_1_1.yaml`, true],
    [['2aa88dcf*'], '8.0.0+driver/x86_64/2aa88dcf_1_1.yaml', false],
    [
      ['**/amazonlinux2022_*.amzn2.aarch64.yaml'],
      '2.0.0+driver/aarch64/amazonlinux2022_5.4.209-116.367.amzn2.aarch64.yaml',
      true
    ],
    [
      ['2.0.0+driver/aarch64/amazonlinux2022_*.amzn2.aarch64.yaml'],
      '2.0.0+driver/aarch64/amazonlinux2022_5.4.2_1.yaml',
      false
    ],
    [['2.0.0+driver/'], '2.0.0+driver/aarch64/a_b_1.yaml', true],
    [['*/aarch64'], '8.0.0+driver/aarch64/a_b_1.yaml', true],
    [['*/aarch64'], '8.0.0+driver/x86_64/a_b_1.yaml', false],
    [[], '8.0.0+driver/x86_64/a_b_1.yaml', false]
  ])('driverkit-config-exclude %j on %s: %s', (globs, path, out) => {
    expect(excluder(globs)(path)).toBe(out)
  })

  test.each(['!2aa88dcf*', '/abs/*', '../config/*', 'a/../b'])(
    'driverkit-config-exclude refuses %s',
    glob => {
      expect(() => excluder([glob])).toThrow(/Input 'driverkit-config-exclude'/)
    }
  )

  test('stored versions are found in both layouts; listings and other files name none', () => {
    expect(
      storedVersions([
        '8.0.0+driver/x86_64/falco_a_1_1.ko',
        '8.0.0+driver/x86_64/index.json',
        `${LEGACY_SHA}/falco_amazonlinux2_4.14.101-91.76.amzn2.x86_64_1.ko`,
        '0a1b2c/falco_x_1_1.o',
        'index.json',
        'site/index.html',
        'x/y/z/falco_deep_1_1.ko'
      ])
    ).toEqual(['0a1b2c', LEGACY_SHA, '8.0.0+driver'])
  })

  test('a legacy version is pruned only when named, whatever its layout', () => {
    const versions = storedVersions([
      `${LEGACY_SHA}/falco_a_1_1.ko`,
      '0a1b2c/falco_b_1_1.ko',
      '8.0.0+driver/x86_64/falco_c_1_1.ko'
    ])
    const choice = chooseRetention(versions, 2, new Set(['8.0.0+driver']), new Set([LEGACY_SHA]))
    expect(choice.prune).toEqual([LEGACY_SHA])
    expect(choice.untouched).toEqual(['0a1b2c'])
  })

  const d = (over: Partial<ListedDriver> = {}): ListedDriver => ({
    name: 'falco_minikube_5.10.207_1_1.33.0.ko',
    size: 10,
    lastModified: '2026-12-01T08:00:00.000Z',
    ...over
  })

  test('an earlier listing gives sha256 only for unchanged objects, and fields for objects no config names', () => {
    const previous = [
      d({
        sha256: 'a'.repeat(64),
        target: 'minikube',
        kernelrelease: '5.10.207',
        kernelversion: '1_1.33.0',
        arch: 'x86_64'
      })
    ]
    const same = [d({ target: 'minikube' })]
    expect(fillFromPrevious(same, previous)).toEqual([])
    expect(same[0]).toMatchObject({
      sha256: 'a'.repeat(64),
      kernelrelease: '5.10.207',
      kernelversion: '1_1.33.0'
    })
    const rewritten = [d({ lastModified: '2026-12-01T09:00:00.000Z' })]
    expect(fillFromPrevious(rewritten, previous)).toEqual(rewritten)
    expect(rewritten[0].sha256).toBeUndefined()
    const resized = [d({ size: 11 })]
    expect(fillFromPrevious(resized, previous)).toEqual(resized)
    // Unchanged and hashless before (another tool's upload): not asked again every run.
    expect(fillFromPrevious([d()], [d()])).toEqual([])
    expect(fillFromPrevious([d()], undefined)).toHaveLength(1)
  })

  test('a stored listing is read back; anything else is not taken for one', () => {
    const data = archListing('8.0.0+driver', 'x86_64', [
      d({
        kind: 'module',
        target: 'minikube',
        kernelrelease: '5.10.207',
        kernelversion: '1_1.33.0',
        arch: 'x86_64',
        sha256: 'b'.repeat(64)
      })
    ]).get('8.0.0+driver/x86_64/index.json') as Uint8Array
    expect(parseArchListing(Buffer.from(data))).toEqual([
      d({
        target: 'minikube',
        kernelrelease: '5.10.207',
        kernelversion: '1_1.33.0',
        arch: 'x86_64',
        sha256: 'b'.repeat(64)
      })
    ])
    expect(parseArchListing(undefined)).toBeUndefined()
    expect(parseArchListing(Buffer.from('<html>'))).toBeUndefined()
    expect(
      parseArchListing(Buffer.from('{"objects": [{"name": 1}, {"name": "x", "size": 2, "sha256": "zz"}]}'))
    ).toEqual([{ name: 'x', size: 2 }])
  })

  test("listings show the configs' fields, size, sha256 and date; names no config explains stay unguessed", () => {
    const key = '8.0.0+driver/x86_64/falco_minikube_5.10.207_1_1.33.0.ko'
    const grid = gridOf(
      [
        { key, size: 7, md5: 'x', lastModified: '2026-12-01T08:00:00.000Z' },
        { key: '8.0.0+driver/x86_64/falco_gone_1.2_3_4.ko', size: 3 }
      ],
      'falco',
      {
        fields: new Map([
          [key, { target: 'minikube', kernelrelease: '5.10.207', kernelversion: '1_1.33.0', arch: 'x86_64' }]
        ]),
        digests: new Map([[key, 'c'.repeat(64)]])
      }
    )
    const json = JSON.parse(
      Buffer.from(listings(grid, new Set()).get('8.0.0+driver/x86_64/index.json') as Uint8Array).toString()
    ) as { objects: Record<string, unknown>[] }
    expect(json.objects).toEqual([
      {
        name: 'falco_gone_1.2_3_4.ko',
        kind: 'module',
        target: 'gone',
        arch: 'x86_64',
        size: 3,
        href: 'falco_gone_1.2_3_4.ko'
      },
      {
        name: 'falco_minikube_5.10.207_1_1.33.0.ko',
        kind: 'module',
        target: 'minikube',
        kernelrelease: '5.10.207',
        kernelversion: '1_1.33.0',
        arch: 'x86_64',
        size: 7,
        sha256: 'c'.repeat(64),
        lastModified: '2026-12-01T08:00:00.000Z',
        href: 'falco_minikube_5.10.207_1_1.33.0.ko'
      }
    ])
  })
})
