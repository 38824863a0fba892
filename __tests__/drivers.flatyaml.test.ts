/**
 * The fast reader of driverkit configs (src/drivers/flatyaml.ts) against the YAML library it stands in for: on
 * every shape the Drivers Build Grid writes it must give exactly the library's failsafe answer, and on anything
 * else it must give up (undefined), so the library decides, with its own errors.
 */
import { describe, expect, test } from '@jest/globals'
import { parse } from 'yaml'
import { parseFlatYaml } from '../src/drivers/flatyaml.js'
import { TARGETS, configYaml, kernel, kernelConfigData } from '../testing/driverkit-fixtures.js'

const library = (text: string): unknown =>
  parse(text, { schema: 'failsafe', uniqueKeys: true, maxAliasCount: 0 }) as unknown

describe('parseFlatYaml', () => {
  const grid: string[] = []
  for (const target of [...TARGETS, 'bottlerocket'])
    for (const arch of ['x86_64', 'aarch64'] as const)
      for (const n of [0, 7, 123])
        grid.push(configYaml('8.0.0+driver', arch, kernel(target, n, arch), { probe: n % 2 === 1 }))

  test('reads every generated grid config exactly as the YAML library does', () => {
    for (const text of grid) {
      const fast = parseFlatYaml(text)
      expect(fast).toBeDefined()
      expect(fast).toStrictEqual(library(text))
    }
  })

  test.each([
    [
      'quoted fields, a driverversion and an embedded kernel config',
      `kernelversion: "1"\nkernelrelease: 5.10.165\ntarget: bottlerocket\narchitecture: arm64\ndriverversion: 2.0.0+driver\noutput:\n  module: out/falco_bottlerocket_5.10.165_1.ko\nkernelconfigdata: ${kernelConfigData(4000, 'flat')}\n`
    ],
    [
      'a sequence at two-space indent and no final newline',
      'target: centos\nkernelurls:\n  - https://a.example/x.rpm\n  - https://b.example/y.rpm'
    ],
    ['trailing spaces after values', 'target: centos   \nkernelrelease: "4.18"  \n'],
    ['blank lines between keys', 'target: centos\n\nkernelrelease: 4.18\n\n'],
    ['plain scalars with : inside', 'url: https://x.example:8080/a\nv: a:b\n']
  ])('%s: same as the library', (_name, text) => {
    const fast = parseFlatYaml(text)
    expect(fast).toBeDefined()
    expect(fast).toStrictEqual(library(text))
  })

  test.each([
    ['a comment', 'target: centos # the target\n'],
    ['a comment line', '# generated\ntarget: centos\n'],
    ['a duplicate key', 'target: centos\ntarget: debian\n'],
    ['a duplicate nested key', 'output:\n  module: a.ko\n  module: b.ko\n'],
    ['an anchor and alias', 'a: &x centos\nb: *x\n'],
    ['a tag', 'target: !!str centos\n'],
    ['a flow mapping', 'output: {module: a.ko}\n'],
    ['a flow sequence', 'kernelurls: [a, b]\n'],
    ['a block scalar', 'target: |\n  centos\n'],
    ['a single-quoted scalar', "target: 'centos'\n"],
    ['an escape in a double-quoted scalar', 'target: "cen\\tos"\n'],
    ['a tab', 'target:\tcentos\n'],
    ['CRLF line ends', 'target: centos\r\n'],
    ['a BOM', '\ufefftarget: centos\n'],
    ['a document marker', '---\ntarget: centos\n'],
    ['two documents', 'target: centos\n---\ntarget: debian\n'],
    ['a key without a value', 'target:\nkernelrelease: 1\n'],
    ['mixed items and pairs', 'output:\n  module: a\n  - b\n'],
    ['uneven indentation', 'output:\n  module: a\n   probe: b\n'],
    ['deeper nesting', 'output:\n  module:\n    x: a\n'],
    ['a continued plain scalar', 'target: cen\n  tos\n'],
    ['a value with spaces', 'target: cent os\n'],
    ['an indicator first', 'target: @centos\n'],
    ['a top-level sequence', '- centos\n'],
    ['__proto__', '__proto__: x\n'],
    ['nothing', ''],
    ['a scalar document', 'centos\n']
  ])('%s: left to the library', (_name, text) => {
    expect(parseFlatYaml(text)).toBeUndefined()
  })
})
