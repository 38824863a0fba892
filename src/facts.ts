import { Git } from './git.js'
import {
  type AllowedBranches,
  type BranchCheck,
  type ReleaseFacts,
  isAllowed,
  triedOrder
} from './release.js'
import { devBase, devVersion, parseReleaseTag, show } from './version.js'

/** What the GitHub REST API answers about branches, for a checkout without the history to tell. */
export interface RepoApi {
  /** GitHub's compare status of `base...head`: "ahead"/"identical" means head contains base. */
  compare(base: string, head: string): Promise<'ahead' | 'behind' | 'identical' | 'diverged'>
  /** The names of every branch of the repository. */
  branches(): Promise<string[]>
}

const SHALLOW_ADVICE =
  "the checkout is shallow, so the commits since the last release tag cannot be counted: set 'fetch-depth: 0' on actions/checkout, or pass the version input"

// Where a checkout keeps branches: actions/checkout fetches them as origin's; tests and local clones have heads.
const REMOTE = 'refs/remotes/origin/'
const LOCAL = 'refs/heads/'

/**
 * The release facts from the checkout's git history, fetching what is missing, with the GitHub API as the
 * fallback when there is no usable history. When neither can answer it throws rather than guess.
 */
export function gitFacts(dir: string, api: RepoApi | undefined): ReleaseFacts {
  const git = new Git(dir)

  /** Which allowed branch holds the commit, by what git has; undefined when git cannot tell. */
  async function fromGit(sha: string, allowed: AllowedBranches): Promise<BranchCheck | undefined> {
    if ((await git.isShallow()) || !(await git.hasCommit(sha))) return undefined
    // Each branch by name, with origin's ref when there is one (what was just fetched), else the local one.
    const refOf = new Map<string, string>()
    for (const prefix of [REMOTE, LOCAL])
      for (const ref of await git.refs([prefix])) {
        const name = ref.slice(prefix.length)
        if (name !== 'HEAD' && !refOf.has(name)) refOf.set(name, ref)
      }
    if (!refOf.has(allowed.defaultBranch)) return undefined
    const tried = triedOrder(
      [...refOf.keys()].filter(name => isAllowed(name, allowed)),
      allowed.defaultBranch
    )
    const containing = new Set(await git.refs([REMOTE, LOCAL], sha))
    return { branch: tried.find(name => containing.has(refOf.get(name) ?? '')), tried }
  }

  return {
    async branchContaining(sha, allowed) {
      if (await git.isRepository()) {
        let answer = await fromGit(sha, allowed)
        if (!answer?.branch) {
          // No answer, or "on none of them": the checkout may lack the branches (a shallow tag checkout, or one
          // made before the release branch was pushed). Fetch the ones the inputs name and ask again.
          const unshallow = (await git.isShallow()) ? ['--unshallow'] : []
          await git.fetch([...unshallow, 'origin', ...refspecs(allowed)])
          answer = (await fromGit(sha, allowed)) ?? answer
        }
        if (answer) return answer
      }
      if (api) return fromApi(api, sha, allowed)
      throw new Error(
        `cannot tell whether commit ${sha.slice(0, 7)} is on the default branch '${allowed.defaultBranch}': git history is missing ` +
          "(check out with 'fetch-depth: 0') and no github-token was given for the compare API fallback"
      )
    },

    // falcosecurity/libs cmake/modules/GetVersionFromGit.cmake (get_version_from_git), command for command, but
    // asked about the commit being published rather than the checkout's HEAD.
    async devVersion(sha, branch) {
      if (!(await git.isRepository()))
        throw new Error(
          `${dir} is not a git checkout, so no dev version can be worked out: check out the repository or pass the version input`
        )
      if (await git.isShallow()) throw new Error(SHALLOW_ADVICE)
      if (!(await git.hasCommit(sha)))
        throw new Error(`commit ${sha.slice(0, 7)} is not in the checkout at ${dir}: pass the version input`)
      const sha7 = sha.slice(0, 7)

      const exact = await git.one(['describe', '--tags', '--exact-match', '--match', '*', sha])
      if (exact) {
        const parsed = parseReleaseTag(exact)
        if (!parsed)
          throw new Error(
            `commit ${sha7} carries the tag ${show(exact)}, which Falco's version scheme takes as the version, but it is not a release version (X.Y.Z or X.Y.Z-pre): move the tag or pass the version input`
          )
        return parsed.version
      }

      const branchTag = branch?.startsWith('release/')
        ? await git.one(['describe', '--tags', '--match', '*.*.*', '--abbrev=0', sha])
        : undefined
      // libs only sees X.Y.Z tags; vX.Y.Z ones are looked at when there are none, so v-tagged projects count too.
      const highestTag =
        (await highestMatching(git, 'refs/tags/[0-9]*.[0-9]*.[0-9]')) ??
        (await highestMatching(git, 'refs/tags/v[0-9]*.[0-9]*.[0-9]'))
      const base = devBase({ branch, branchTag, highestTag })
      if (!base) return devVersion(undefined, await git.countCommits(sha), sha)

      const tagCommit = await git.one(['rev-list', '-n', '1', `refs/tags/${base.tag}`])
      const mergeBase = tagCommit && (await git.one(['merge-base', sha, tagCommit]))
      if (!mergeBase)
        throw new Error(
          `commit ${sha7} shares no history with tag ${show(base.tag)}, so the commits since it cannot be counted: pass the version input`
        )
      return devVersion(base.next, await git.countCommits(`${mergeBase}..${sha}`), sha)
    }
  }
}

/** `git for-each-ref --count=1 --sort=-version:refname <pattern>`, as libs asks for the highest tag. */
async function highestMatching(git: Git, pattern: string): Promise<string | undefined> {
  const ref = await git.one([
    'for-each-ref',
    '--count=1',
    '--sort=-version:refname',
    '--format=%(refname)',
    pattern
  ])
  return ref?.slice('refs/tags/'.length)
}

/**
 * Fetch refspecs for the default branch and every release-branches glob: a glob is fetched from its literal
 * prefix on (`release/*` → `refs/heads/release/*`) and matched exactly afterwards. Globs are always fetched as
 * patterns, since one literal refspec the remote lacks would fail the whole fetch.
 */
export function refspecs(allowed: AllowedBranches): string[] {
  const specs = [`+${LOCAL}${allowed.defaultBranch}:${REMOTE}${allowed.defaultBranch}`]
  for (const glob of allowed.globs) {
    const special = glob.search(/[*?[{]/)
    const name = `${special < 0 ? glob : glob.slice(0, special)}*`
    specs.push(`+${LOCAL}${name}:${REMOTE}${name}`)
  }
  return [...new Set(specs)]
}

async function fromApi(api: RepoApi, sha: string, allowed: AllowedBranches): Promise<BranchCheck> {
  const others = allowed.globs.length ? (await api.branches()).filter(name => isAllowed(name, allowed)) : []
  const tried = triedOrder([allowed.defaultBranch, ...others], allowed.defaultBranch)
  for (const branch of tried) {
    // base = the tag's commit, head = the branch: "behind"/"diverged" means the branch lacks it.
    const status = await api.compare(sha, branch)
    if (status === 'ahead' || status === 'identical') return { branch, tried }
  }
  return { tried }
}
