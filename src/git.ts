/** A thin adapter over the git command line in one checkout. */
export class Git {
  constructor(readonly dir: string) {}

  async run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    try {
      // Loaded on the first git command: a run with release-type and version given asks git nothing.
      const { getExecOutput } = await import('@actions/exec')
      const r = await getExecOutput('git', args, { cwd: this.dir, silent: true, ignoreReturnCode: true })
      return { code: r.exitCode, out: r.stdout.trim(), err: r.stderr.trim() }
    } catch (err) {
      // git missing, or the folder does not exist: not a checkout we can ask.
      return { code: 127, out: '', err: (err as Error).message }
    }
  }

  async isRepository(): Promise<boolean> {
    return (await this.run(['rev-parse', '--git-dir'])).code === 0
  }

  async isShallow(): Promise<boolean> {
    return (await this.run(['rev-parse', '--is-shallow-repository'])).out === 'true'
  }

  async hasCommit(sha: string): Promise<boolean> {
    return (await this.run(['cat-file', '-e', `${sha}^{commit}`])).code === 0
  }

  /** The first of the candidate refs that exists locally. */
  async firstRef(candidates: string[]): Promise<string | undefined> {
    for (const ref of candidates)
      if ((await this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).code === 0) return ref
    return undefined
  }

  /** true / false when git knows; undefined when it cannot tell (objects missing). */
  async isAncestor(sha: string, ref: string): Promise<boolean | undefined> {
    const r = await this.run(['merge-base', '--is-ancestor', sha, ref])
    if (r.code === 0) return true
    if (r.code === 1) return false
    return undefined
  }

  async fetch(args: string[]): Promise<boolean> {
    return (await this.run(['fetch', '--no-tags', '--quiet', ...args])).code === 0
  }

  /** The output of a git command that names one thing, or undefined when git fails or prints nothing. */
  async one(args: string[]): Promise<string | undefined> {
    const r = await this.run(args)
    return r.code === 0 && r.out ? r.out : undefined
  }

  /** Full ref names under the prefixes (refs/heads/, refs/remotes/origin/), those containing a commit if given. */
  async refs(prefixes: string[], containing?: string): Promise<string[]> {
    const contains = containing ? ['--contains', containing] : []
    const r = await this.run(['for-each-ref', ...contains, '--format=%(refname)', ...prefixes])
    return r.code === 0 && r.out ? r.out.split('\n') : []
  }

  async countCommits(range: string): Promise<number> {
    const r = await this.run(['rev-list', '--count', range])
    if (r.code !== 0) throw new Error(`git rev-list --count ${range} failed: ${r.err}`)
    return Number(r.out)
  }
}
