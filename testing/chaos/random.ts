/**
 * A small seeded generator (mulberry32): the chaos proxy and the kill schedule draw from it, so a failing run
 * can be replayed with the same seed (CHAOS_SEED).
 */
export type Random = () => number

export function seeded(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The seed for this run: CHAOS_SEED when set (to replay), else a fixed default so CI runs are repeatable. */
export function chaosSeed(fallback = 20260801): number {
  const fromEnv = Number(process.env.CHAOS_SEED)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback
}
