/**
 * What a package says it is (name, version, architecture), checked before any of it reaches an index or a key:
 * the architecture names a folder (`binary-<arch>/`), and every field is written into Packages or primary.xml.
 * A package that lies with `/`, `..`, white space or control characters, or names an architecture its format
 * does not have, is refused here with the reason (the caller names the file).
 */
import { show } from '../version.js'

// dpkg's architecture table (`dpkg-architecture -L`): the Linux names, and the same CPUs on other kernels.
const DEB_CPUS = new Set(
  (
    'alpha amd64 arc arm arm64 arm64ilp32 armeb armel armhf avr32 hppa i386 ia64 loong64 m32r m68k mips mips64 ' +
    'mips64el mips64r6 mips64r6el mipsel mipsn32 mipsn32el mipsn32r6 mipsn32r6el mipsr6 mipsr6el nios2 or1k ' +
    'powerpc powerpcel powerpcspe ppc64 ppc64el riscv64 s390 s390x sh3 sh3eb sh4 sh4eb sparc sparc64 tilegx x32'
  ).split(' ')
)
const DEB_OSES =
  /^(?:aix|darwin|dragonflybsd|freebsd|hurd|kfreebsd|knetbsd|kopensolaris|mint|musl-linux|netbsd|openbsd|solaris|uclibc-linux|uclinux)-/

/** A Debian binary package's Architecture: `all`, or one of dpkg's architectures. */
function debArchProblem(arch: string): string | undefined {
  // dpkg's own rule for architecture names: letters, digits and '-', starting with a letter or digit.
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(arch))
    return 'is not an architecture name (only letters, digits and -)'
  if (arch === 'all' || DEB_CPUS.has(arch.replace(DEB_OSES, ''))) return undefined
  const hint =
    arch === 'x86_64' ? ' (Debian calls it amd64)' : arch === 'aarch64' ? ' (Debian calls it arm64)' : ''
  return `is not a Debian architecture${hint}`
}

/**
 * An rpm architecture: rpm's names (x86_64, aarch64, noarch, armv7hl, hppa2.0, …) are an open set that
 * rpmrc can extend, so only their shape is checked: letters, digits, `_` and single dots.
 */
function rpmArchProblem(arch: string): string | undefined {
  if (!/^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/.test(arch))
    return 'is not an architecture name (only letters, digits, _ and .)'
  return undefined
}

/** dpkg's rule for package names: letters, digits and `+ - . _`, starting with a letter or digit. */
const DEB_NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/
/** `[epoch:]upstream[-revision]`: letters, digits and `. + ~ : -` (policy: it should start with a digit). */
const DEB_VERSION = /^(?:\d+:)?[A-Za-z0-9][A-Za-z0-9.+~:-]*$/
/** rpm names: letters, digits and `. _ + -`, not starting with `.` or `-`. */
const RPM_NAME = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/
/** rpm versions and releases: no `-` (it separates them), no white space. */
const RPM_VERSION = /^[A-Za-z0-9._+~^]+$/

const MAX_FIELD = 256

/** Throws an error saying which field is wrong and why, or returns when the package's identity is sound. */
export function checkIdentity(
  format: 'deb' | 'rpm',
  fields: { name: string; version: string; release?: string; arch: string }
): void {
  const where = format === 'deb' ? "the control file's" : "the rpm header's"
  const fail = (field: string, value: string, why: string): never => {
    throw new Error(`${where} ${field} ${show(value)} ${why}`)
  }
  for (const [field, value] of Object.entries(fields))
    if (value !== undefined && value.length > MAX_FIELD)
      fail(field, value, `is longer than ${MAX_FIELD} characters`)
  const archProblem = format === 'deb' ? debArchProblem(fields.arch) : rpmArchProblem(fields.arch)
  if (archProblem) fail(format === 'deb' ? 'Architecture' : 'arch', fields.arch, archProblem)
  if (format === 'deb') {
    if (!DEB_NAME.test(fields.name))
      fail('Package', fields.name, 'is not a Debian package name (letters, digits, + - . _)')
    if (!DEB_VERSION.test(fields.version))
      fail('Version', fields.version, 'is not a Debian version ([epoch:]upstream[-revision])')
    return
  }
  if (!RPM_NAME.test(fields.name)) fail('name', fields.name, 'is not an rpm package name')
  if (!RPM_VERSION.test(fields.version)) fail('version', fields.version, 'is not an rpm version')
  if (fields.release !== undefined && fields.release !== '' && !RPM_VERSION.test(fields.release))
    fail('release', fields.release, 'is not an rpm release')
}
