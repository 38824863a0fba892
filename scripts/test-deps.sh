#!/usr/bin/env bash
# Installs the Debian packages the integration tests and benchmarks talk to (real servers and real clients).
# Idempotent: does nothing when every tool is already there. Needs root (CI runs as root).
set -euo pipefail
# zypper and dnf-plugins-core conflict on Debian 12: dnf-plugins-core is not installed (tests never use `dnf download`).
packages=(git nginx libnginx-mod-http-dav-ext awscli rclone docker-registry skopeo umoci rpm createrepo-c dnf
  zypper gcc libc6-dev apt-utils dpkg-dev gpgv gnupg apache2-utils xz-utils zstd openssl python3 bzip2)
tools=(git nginx aws rclone docker-registry skopeo umoci rpmbuild rpmsign createrepo_c dnf zypper gcc apt-ftparchive dpkg-deb gpgv gpg htpasswd xz zstd openssl python3 bzip2)
missing=()
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
[ -f /usr/lib/nginx/modules/ngx_http_dav_ext_module.so ] || missing+=(dav-ext)
if [ ${#missing[@]} -eq 0 ]; then
  echo "test-deps: all tools present"
  exit 0
fi
echo "test-deps: installing (missing: ${missing[*]})"
if [ "$(id -u)" -ne 0 ]; then
  echo "test-deps: run as root, or install: apt-get install ${packages[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# nginx is started by the tests themselves, on loopback; the package's own service is not needed.
(command -v systemctl >/dev/null && systemctl disable --now nginx docker-registry) >/dev/null 2>&1 || true
echo "test-deps: done"
