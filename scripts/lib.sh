# Shared shell helpers for Sanke's scripts: pick a JDK ≥ 21, install what is missing.
# Sourced, not run.

# Sets JAVA_HOME to a JDK whose major version is at least 21.
sanke_pick_jdk() {
  local v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$("$JAVA_HOME/bin/javac" -version 2>&1 | sed -E 's/javac ([0-9]+).*/\1/')
    [ "${v:-0}" -ge 21 ] 2>/dev/null && return 0
  fi
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/javac" ] || continue
    v=$("$home/bin/javac" -version 2>&1 | sed -E 's/javac ([0-9]+).*/\1/')
    if [ "${v:-0}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$home"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "sanke: no JDK >= 21 found under /usr/lib/jvm; install one (e.g. Temurin 21+) or set JAVA_HOME" >&2
  return 1
}

# Installs the Debian packages the build, the server and the tests need, if missing.
sanke_install_packages() {
  local missing=()
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
  dpkg -s libpulse0 >/dev/null 2>&1 || missing+=(libpulse0)
  command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)  # recorder tests and the transcode benchmark's reference
  # headless page tests: the browser, its driver, and a CJK font for readable screenshots
  for pkg in chromium chromium-driver fonts-wqy-microhei; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "sanke: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}
