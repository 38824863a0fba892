/**
 * A git history shaped like Falco's (see shared FALCO-FACTS): an old release tagged on master, then release
 * branches `release/0.M.x` forked from master at different points, each with rc tags, a final tag and patch
 * releases on the branch (one backport tagged after a newer minor), a newest branch with only an rc, and master
 * moving on. No final tag since 0.40.0 is reachable from master, as in Falco.
 */
import { TestRepo } from '../../testing/repo.js'

export interface Point {
  /** What the point is, for test names. */
  name: string
  branch: string
  sha: string
}

export interface FalcoHistory {
  repo: TestRepo
  /** The commit of every tag. */
  tags: Record<string, string>
  /** Commits to compute versions at: master at several points, release branches at several points. */
  points: Point[]
}

export function falcoHistory(): FalcoHistory {
  const repo = TestRepo.create('master')
  const tags: Record<string, string> = {}
  const points: Point[] = []
  const tag = (name: string) => (tags[name] = repo.tag(name))
  const commits = (n: number) => {
    let sha = ''
    for (let i = 0; i < n; i++) sha = repo.commit()
    return sha
  }
  const on = (branch: string, fork?: string) =>
    repo.git('checkout', '-q', ...(fork ? ['-b', branch, fork] : [branch]))
  const point = (name: string, branch: string, sha = repo.head()) => points.push({ name, branch, sha })

  commits(3)
  tag('0.33.0') // the old days: releases tagged on master
  point('master at the old tag on master', 'master')
  point('master right after the old tag', 'master', commits(2))

  // Release branches forked from master at different points, 2 to 6 master commits apart.
  const minors: [number, number, boolean][] = [
    // minor, master commits before the fork, has a second rc
    [40, 4, true],
    [41, 2, false],
    [42, 6, true],
    [43, 3, false],
    [44, 5, true]
  ]
  for (const [minor, before, rc2] of minors) {
    on('master')
    const fork = commits(before)
    point(`master where release/0.${minor}.x forks`, 'master')
    const branch = `release/0.${minor}.x`
    on(branch, fork)
    commits(1)
    tag(`0.${minor}.0-rc1`)
    point(`${branch} at its rc1`, branch)
    commits(2)
    if (rc2) tag(`0.${minor}.0-rc2`)
    commits(1)
    tag(`0.${minor}.0`)
    point(`${branch} after 0.${minor}.0`, branch, commits(2))
    commits(1)
    tag(`0.${minor}.1`)
    on('master')
    commits(1)
  }
  point('master after release/0.44.x forked', 'master')
  // A backport released on an old branch after newer minors: 0.40.2 comes after 0.44.1 in time.
  on('release/0.40.x')
  commits(2)
  tag('0.40.2')
  point('release/0.40.x after its late backport', 'release/0.40.x', commits(1))
  // The branch of the next minor has only an rc so far.
  on('master')
  const fork = commits(4)
  on('release/0.45.x', fork)
  commits(1)
  tag('0.45.0-rc1')
  point('release/0.45.x at its only rc', 'release/0.45.x')
  point('release/0.45.x after its only rc', 'release/0.45.x', commits(2))
  on('master')
  point('master head', 'master', commits(36))
  // A feature branch with a stray release-shaped tag, on no release branch.
  on('feature/x', tags['0.44.0'])
  commits(1)
  tag('0.44.9')
  on('master')
  return { repo, tags, points }
}

/**
 * Tags where libs' exact commands differ from a semver reading: `refs/tags/[0-9]*.[0-9]*.[0-9]` ends in one
 * digit, so 1.2.10 is not seen; 1.3.0-rc.1 is, and git's version sort puts it first; v-tags are not seen.
 */
export function quirkyHistory(): FalcoHistory {
  const repo = TestRepo.create('main')
  const tags: Record<string, string> = {}
  const tag = (name: string) => (tags[name] = repo.tag(name))
  repo.commit()
  tag('1.2.9')
  repo.commit()
  tag('1.2.10')
  repo.git('checkout', '-q', '-b', 'release/1.3.x')
  repo.commit()
  tag('1.3.0-rc.1')
  const onBranch = repo.commit()
  repo.git('checkout', '-q', 'main')
  repo.commit()
  tag('v2.0.0')
  const head = repo.commit()
  return {
    repo,
    tags,
    points: [
      { name: 'main head', branch: 'main', sha: head },
      { name: 'release/1.3.x after its rc', branch: 'release/1.3.x', sha: onBranch }
    ]
  }
}
