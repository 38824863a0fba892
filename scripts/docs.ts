/**
 * `npm run docs`: rewrites README.md's reference from action.yml and the reusable workflow's `workflow_call`
 * (see scripts/reference.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REUSABLE, withReference } from './reference.js'

const root = join(import.meta.dirname, '..')
const readmePath = join(root, 'README.md')
const before = readFileSync(readmePath, 'utf8')
const after = await withReference(
  before,
  readFileSync(join(root, 'action.yml'), 'utf8'),
  readmePath,
  readFileSync(join(root, REUSABLE), 'utf8')
)
if (after === before) console.log('README.md: the reference is up to date')
else {
  writeFileSync(readmePath, after)
  console.log('README.md: reference regenerated from action.yml and ' + REUSABLE)
}
