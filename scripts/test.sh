#!/usr/bin/env bash
# Runs the whole test suite and prints one closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet test FluxMirror.Cluster.sln -c Release --nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | grep -oE '[0-9]+' | paste -sd+ - | bc 2>/dev/null || echo 0)
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | grep -oE '[0-9]+' | paste -sd+ - | bc 2>/dev/null || echo 0)
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$rc"
