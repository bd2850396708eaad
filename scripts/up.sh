#!/usr/bin/env bash
# Installs everything (scripts/provision.sh) and runs Klaxon: the headless host on 127.0.0.1, then prints a
# one-time sign-in link for the window in your browser. Where an Electron binary is installed, `npm start` runs
# the desktop app instead. Extra arguments go to `klaxon serve` (e.g. --port 9000, --data-dir DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
export PATH="$PWD/.tools/node/node_modules/node/bin:$PATH"

scripts/with-node24 node src-main/headless.ts serve "$@" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server' INT TERM

data_args=()
prev=""
for a in "$@"; do
  if [ "$prev" = "--data-dir" ]; then data_args=(--data-dir "$a"); fi
  case "$a" in --data-dir=*) data_args=(--data-dir "${a#--data-dir=}") ;; esac
  prev="$a"
done
for _ in $(seq 1 100); do
  # The link holds a secret: kept in a variable (no file others could read) and printed by a builtin (no argv).
  if link=$(scripts/with-node24 node src-main/headless.ts open --print "${data_args[@]}" 2>/dev/null); then
    echo "Open Klaxon in your browser (one-time link, valid for 2 minutes; run \`npm run klaxon -- open ${data_args[*]}\` for a new one):"
    printf '%s\n' "$link"
    break
  fi
  kill -0 $server 2>/dev/null || break
  sleep 0.2
done
wait $server
