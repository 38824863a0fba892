import type { CompareApi } from './facts.js'

/**
 * The GitHub REST API, loaded only when used: @actions/github is large and most runs never need it.
 * `apiUrl` comes from GITHUB_API_URL, so GitHub Enterprise Server (and a loopback fake in tests) work too.
 */
export function compareApi(token: string, repository: string, apiUrl: string): CompareApi | undefined {
  const [owner, repo] = repository.split('/')
  if (!token || !owner || !repo) return undefined
  return async (base, head) => {
    const { getOctokit } = await import('@actions/github')
    const octokit = getOctokit(token, { baseUrl: apiUrl })
    const res = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${base}...${head}`,
      per_page: 1
    })
    return res.data.status
  }
}
