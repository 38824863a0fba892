import { Git } from './git.js'
import type { ReleaseFacts } from './release.js'
import { devVersion, highestStable } from './version.js'

/** Answers "is this commit on the default branch?" through the GitHub compare API. */
export type CompareApi = (
  base: string,
  head: string
) => Promise<'ahead' | 'behind' | 'identical' | 'diverged'>

const SHALLOW_ADVICE =
  "the checkout is shallow, so the commits since the last release tag cannot be counted: set 'fetch-depth: 0' on actions/checkout, or pass the version input"

/**
 * The release facts from the checkout's git history, fetching what is missing, with the compare API as the
 * fallback when there is no usable history. When neither can answer it throws rather than guess.
 */
export function gitFacts(dir: string, compare: CompareApi | undefined): ReleaseFacts {
  const git = new Git(dir)
  return {
    async onDefaultBranch(sha, branch) {
      const remote = `refs/remotes/origin/${branch}`
      const candidates = [remote, `refs/heads/${branch}`]
      if (await git.isRepository()) {
        let ref = await git.firstRef(candidates)
        if (!ref || (await git.isShallow()) || !(await git.hasCommit(sha))) {
          const unshallow = (await git.isShallow()) ? ['--unshallow'] : []
          await git.fetch([...unshallow, 'origin', `+refs/heads/${branch}:${remote}`])
          ref = await git.firstRef(candidates)
        }
        if (ref && !(await git.isShallow()) && (await git.hasCommit(sha))) {
          const answer = await git.isAncestor(sha, ref)
          if (answer !== undefined) return answer
        }
      }
      if (compare) {
        // base = the tag's commit, head = the default branch: "behind"/"diverged" means the branch lacks it.
        const status = await compare(sha, branch)
        return status === 'ahead' || status === 'identical'
      }
      throw new Error(
        `cannot tell whether commit ${sha.slice(0, 7)} is on the default branch '${branch}': git history is missing ` +
          "(check out with 'fetch-depth: 0') and no github-token was given for the compare API fallback"
      )
    },

    async devVersion(sha) {
      if (!(await git.isRepository()))
        throw new Error(
          `${dir} is not a git checkout, so no dev version can be worked out: check out the repository or pass the version input`
        )
      if (await git.isShallow()) throw new Error(SHALLOW_ADVICE)
      if (!(await git.hasCommit(sha)))
        throw new Error(`commit ${sha.slice(0, 7)} is not in the checkout at ${dir}: pass the version input`)
      const tag = highestStable(await git.tagsMergedInto(sha))
      const count = await git.countCommits(tag ? `refs/tags/${tag}..${sha}` : sha)
      return devVersion(tag, count, sha)
    }
  }
}
