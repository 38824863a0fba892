/**
 * Version ordering as the package managers define it, so retention keeps what `apt`/`dnf` consider newest:
 * dpkg's `verrevcmp` (epoch:upstream-revision, `~` sorts before everything) and rpm's `rpmvercmp`
 * (alphanumeric segments, `~` pre-releases and `^` post-releases) with epoch/version/release.
 */

/** dpkg's ordering of one character in a non-digit run: `~` first, then end of string, letters, other. */
function order(c: string | undefined): number {
  if (c === undefined) return 0
  if (c === '~') return -1
  if (/[0-9]/.test(c)) return 0
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0)
  return c.charCodeAt(0) + 256
}

function verrevcmp(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    let firstDiff = 0
    while ((i < a.length && !/[0-9]/.test(a[i])) || (j < b.length && !/[0-9]/.test(b[j]))) {
      const ac = order(a[i])
      const bc = order(b[j])
      if (ac !== bc) return ac - bc
      i++
      j++
    }
    while (a[i] === '0') i++
    while (b[j] === '0') j++
    while (i < a.length && /[0-9]/.test(a[i]) && j < b.length && /[0-9]/.test(b[j])) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j)
      i++
      j++
    }
    if (i < a.length && /[0-9]/.test(a[i])) return 1
    if (j < b.length && /[0-9]/.test(b[j])) return -1
    if (firstDiff) return firstDiff
  }
  return 0
}

interface DebianVersion {
  epoch: number
  upstream: string
  revision: string
}

function parseDebian(v: string): DebianVersion {
  const colon = v.indexOf(':')
  const epoch = colon > 0 ? Number(v.slice(0, colon)) : 0
  const rest = colon > 0 ? v.slice(colon + 1) : v
  const dash = rest.lastIndexOf('-')
  return dash >= 0
    ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) }
    : { epoch, upstream: rest, revision: '' }
}

/** Compares two Debian versions as `dpkg --compare-versions` does: negative, 0 or positive. */
export function compareDebianVersions(a: string, b: string): number {
  const x = parseDebian(a)
  const y = parseDebian(b)
  if (x.epoch !== y.epoch) return x.epoch - y.epoch
  const r = verrevcmp(x.upstream, y.upstream)
  if (r) return Math.sign(r)
  return Math.sign(verrevcmp(x.revision, y.revision))
}

const alnum = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c)
const digit = (c: string | undefined): boolean => c !== undefined && /[0-9]/.test(c)
const alpha = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/.test(c)

/** rpm's `rpmvercmp` (rpm 4.x, with `~` and `^`): -1, 0 or 1. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    while (i < a.length && !alnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++
    while (j < b.length && !alnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1
      if (b[j] !== '~') return -1
      i++
      j++
      continue
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1
      if (j >= b.length) return 1
      if (a[i] !== '^') return 1
      if (b[j] !== '^') return -1
      i++
      j++
      continue
    }
    if (!(i < a.length && j < b.length)) break
    const isnum = digit(a[i])
    const test = isnum ? digit : alpha
    let ie = i
    let je = j
    while (ie < a.length && test(a[ie])) ie++
    while (je < b.length && test(b[je])) je++
    if (je === j) return isnum ? 1 : -1
    let sa = a.slice(i, ie)
    let sb = b.slice(j, je)
    if (isnum) {
      sa = sa.replace(/^0+/, '')
      sb = sb.replace(/^0+/, '')
      if (sa.length !== sb.length) return sa.length > sb.length ? 1 : -1
    }
    if (sa !== sb) return sa < sb ? -1 : 1
    i = ie
    j = je
  }
  if (i >= a.length && j >= b.length) return 0
  return i < a.length ? 1 : -1
}

export interface Evr {
  epoch?: string
  version: string
  release?: string
}

/** Compares rpm epoch:version-release triples as rpm does (missing epoch is 0). */
export function compareEvr(a: Evr, b: Evr): number {
  const ea = Number(a.epoch || 0)
  const eb = Number(b.epoch || 0)
  if (ea !== eb) return ea < eb ? -1 : 1
  return rpmvercmp(a.version, b.version) || rpmvercmp(a.release ?? '', b.release ?? '')
}

/** Splits `[epoch:]version[-release]` as rpm writes dependency versions. */
export function parseEvr(text: string): Evr {
  const colon = text.indexOf(':')
  const epoch = colon > 0 && /^\d+$/.test(text.slice(0, colon)) ? text.slice(0, colon) : undefined
  const rest = epoch !== undefined ? text.slice(colon + 1) : text
  const dash = rest.lastIndexOf('-')
  return dash >= 0
    ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) }
    : { epoch, version: rest }
}
