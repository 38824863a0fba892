import type { RepoApi } from './facts.js'

/**
 * The GitHub REST API, loaded only when used: @actions/github is large and most runs never need it.
 * `apiUrl` comes from GITHUB_API_URL, so GitHub Enterprise Server (and a loopback fake in tests) work too.
 */
export function compareApi(token: string, repository: string, apiUrl: string): RepoApi | undefined {
  const [owner, repo] = repository.split('/')
  if (!token || !owner || !repo) return undefined
  const octokit = async () => (await import('@actions/github')).getOctokit(token, { baseUrl: apiUrl })
  return {
    async compare(base, head) {
      const res = await (
        await octokit()
      ).rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}`, per_page: 1 })
      return res.data.status
    },
    async branches() {
      const client = await octokit()
      const all = await client.paginate(client.rest.repos.listBranches, { owner, repo, per_page: 100 })
      return all.map(b => b.name)
    }
  }
}
