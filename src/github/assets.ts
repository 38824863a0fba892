/**
 * What to do with each file meant for a GitHub release (pure): the decision of `github-release`, separate from
 * the API adapter (./release.ts) so it is table-tested without a server.
 */

/** A file to attach: its asset name, size and sha256 (the bytes are read only when uploaded). */
export interface LocalAsset {
  name: string
  size: number
  sha256: string
}

/** An asset the release already has, as the API lists it. `sha256` when GitHub reports a digest. */
export interface RemoteAsset {
  id: number
  name: string
  size: number
  /** `uploaded`, or `starter` for an upload that never completed. */
  state: string
  sha256?: string
}

export type AssetAction =
  | { action: 'upload'; asset: LocalAsset; replaces?: RemoteAsset }
  | { action: 'unchanged'; asset: LocalAsset; remote: RemoteAsset }
  /** Same name and size, no digest from the API: the remote bytes must be hashed to know. */
  | { action: 'compare'; asset: LocalAsset; remote: RemoteAsset }

export interface AssetPlan {
  actions: AssetAction[]
  /** Assets with other bytes on a stable release: the run is refused before anything is written. */
  conflicts: string[]
}

/**
 * Same name and same bytes is unchanged; same name and other bytes is refused on a stable release (its assets
 * are as immutable as its packages) and replaced on a prerelease; an upload left half-done (`starter`) is always
 * replaced. `knownSha256` answers for remote assets that were hashed (the `compare` actions of a first pass).
 */
export function planAssets(
  local: LocalAsset[],
  remote: RemoteAsset[],
  stable: boolean,
  knownSha256: ReadonlyMap<number, string> = new Map()
): AssetPlan {
  const byName = new Map(remote.map(r => [r.name, r]))
  const plan: AssetPlan = { actions: [], conflicts: [] }
  for (const asset of local) {
    const r = byName.get(asset.name)
    if (!r) {
      plan.actions.push({ action: 'upload', asset })
      continue
    }
    if (r.state !== 'uploaded') {
      plan.actions.push({ action: 'upload', asset, replaces: r })
      continue
    }
    const sha = r.sha256 ?? knownSha256.get(r.id)
    const same = r.size !== asset.size ? false : sha ? sha === asset.sha256 : undefined
    if (same === undefined) plan.actions.push({ action: 'compare', asset, remote: r })
    else if (same) plan.actions.push({ action: 'unchanged', asset, remote: r })
    else if (stable) plan.conflicts.push(asset.name)
    else plan.actions.push({ action: 'upload', asset, replaces: r })
  }
  return plan
}

/** `sha256sum` lines for the assets, sorted by name (the release's SHA256SUMS). */
export function sha256sums(assets: LocalAsset[]): string {
  return [...assets]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(a => `${a.sha256}  ${a.name}\n`)
    .join('')
}
