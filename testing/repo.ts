/** Makes real git repositories in temp folders for the demo and the tests: commits, tags, a bare origin. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1'
}

export class TestRepo {
  private n = 0
  constructor(readonly dir: string) {}

  static create(branch = 'main'): TestRepo {
    const dir = mkdtempSync(join(tmpdir(), 'pa-repo-'))
    const repo = new TestRepo(dir)
    repo.git('init', '-q', '-b', branch)
    repo.git('config', 'commit.gpgsign', 'false')
    repo.git('config', 'tag.gpgsign', 'false')
    return repo
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: GIT_ENV, encoding: 'utf8' }).trim()
  }

  /** Adds a commit and returns its sha. */
  commit(message = `change ${++this.n}`): string {
    writeFileSync(join(this.dir, 'CHANGES'), `${message}\n`, { flag: 'a' })
    this.git('add', 'CHANGES')
    this.git('commit', '-q', '-m', message)
    return this.head()
  }

  head(): string {
    return this.git('rev-parse', 'HEAD')
  }

  tag(name: string, ref = 'HEAD'): string {
    this.git('tag', name, ref)
    return this.git('rev-parse', `${name}^{commit}`)
  }

  /** A bare copy as `origin`, so fetches of the default branch work as they do against GitHub. */
  addOrigin(): string {
    const bare = mkdtempSync(join(tmpdir(), 'pa-origin-'))
    execFileSync('git', ['clone', '-q', '--bare', this.dir, bare], { env: GIT_ENV })
    this.git('remote', 'add', 'origin', bare)
    this.git('fetch', '-q', 'origin')
    return bare
  }

  /** A shallow clone (depth 1) of a ref, as actions/checkout makes by default. */
  shallowClone(ref: string): TestRepo {
    const dir = mkdtempSync(join(tmpdir(), 'pa-shallow-'))
    execFileSync(
      'git',
      [
        '-c',
        'advice.detachedHead=false',
        'clone',
        '-q',
        '--depth',
        '1',
        '--branch',
        ref,
        `file://${this.dir}`,
        dir
      ],
      {
        env: GIT_ENV
      }
    )
    return new TestRepo(dir)
  }

  write(path: string, content: string | Uint8Array): string {
    const full = join(this.dir, path)
    mkdirSync(join(full, '..'), { recursive: true })
    writeFileSync(full, content)
    return full
  }
}
