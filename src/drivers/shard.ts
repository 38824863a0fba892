import { createHash } from 'node:crypto'

export interface Shard {
  /** 1-based. */
  index: number
  count: number
}

/**
 * The shard (1..count) a config belongs to: sha256 of its path relative to the config folder, mod count. A
 * stable hash (not the position in a sorted list) so adding a config never moves the others between shards,
 * and every matrix job computes the same split without talking to the others.
 */
export function shardOf(configPath: string, count: number): number {
  const digest = createHash('sha256').update(configPath).digest()
  // 48 bits are plenty for an even split and stay exact in a JS number.
  return (digest.readUIntBE(0, 6) % count) + 1
}

export function inShard(configPath: string, shard: Shard): boolean {
  return shard.count === 1 || shardOf(configPath, shard.count) === shard.index
}
