#!/usr/bin/env bash
# Builds wtlab and puts the scenario matrix's git versions (or the ones named) into the git cache.
# Usage: scripts/install-git-versions.sh [VERSION...] [--force] [--jobs N]
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
exec node bin/wtlab.js git install "$@"
