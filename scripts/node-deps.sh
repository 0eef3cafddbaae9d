#!/usr/bin/env bash
# Installs the project's Node dependencies exactly as locked, and builds.
set -euo pipefail
cd "$(dirname "$0")/.."
need="20.19.0"
have="$(node --version 2>/dev/null | sed 's/^v//')" || true
if [ -z "$have" ] || [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n1)" != "$need" ]; then
  echo "runbook needs Node.js >= $need (found: ${have:-none}). Install it, then run this again." >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
