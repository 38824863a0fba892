/**
 * The oracle for dev versions: falcosecurity/libs `cmake/modules/GetVersionFromGit.cmake` (`get_version_from_git`
 * with no suffixes, as Falco calls it) transcribed command for command into bash, and run the way a Falco build
 * runs it: in a checkout whose HEAD is the commit, on the branch being built. The action asks git about a commit
 * instead, in the original repository, so the two only agree when the scheme is implemented exactly.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SCRIPT = join(import.meta.dirname, 'get-version-from-git.sh')

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' }

/** A clone of a repository (every branch and tag) where the oracle checks out the points it is asked about. */
export class LibsVersionOracle {
  private readonly dir = mkdtempSync(join(tmpdir(), 'pa-oracle-'))

  constructor(source: string) {
    this.git('clone', '-q', source, this.dir)
    this.git('fetch', '-q', 'origin', '+refs/tags/*:refs/tags/*')
  }

  private git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: GIT_ENV, encoding: 'utf8' }).trim()
  }

  /** What get_version_from_git says for a build of `sha` on `branch` (HEAD at sha, the branch checked out). */
  version(branch: string, sha: string): string {
    this.git('-c', 'advice.detachedHead=false', 'checkout', '-q', '-B', branch, sha)
    return execFileSync('bash', [SCRIPT], {
      cwd: this.dir,
      env: GIT_ENV,
      encoding: 'utf8'
    })
  }
}
