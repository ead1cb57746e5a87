#!/usr/bin/env bash
# Runs every Porch test: installs the Debian packages the interop tests talk to, then `dotnet test` on the solution.
# Ends with one line of totals: "N passed, N failed, N skipped". Exit code is non-zero when any test failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# Real peers for the interop tests (a test whose peer is missing skips itself and says why).
packages=(curl nginx-light chromium tshark haproxy apache2-utils testssl.sh pebble bind9 bind9-dnsutils util-linux mount)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing test peers: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${missing[@]}" >/tmp/porch-apt.log 2>&1 ||
      { apt-get update -q >>/tmp/porch-apt.log 2>&1 && apt-get install -y -q "${missing[@]}" >>/tmp/porch-apt.log 2>&1; } ||
      echo "warning: could not install ${missing[*]} (see /tmp/porch-apt.log); their tests will be skipped"
  else
    echo "warning: not root, cannot install ${missing[*]}; their tests will be skipped"
  fi
fi

log=$(mktemp)
dotnet test Porch.slnx --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 24, Skipped: 0, Total: 24, ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
assemblies=$(grep -cE '^(Passed|Failed)!' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before reporting: count it so the totals never look green.
  failed=1
fi
echo "$assemblies test assemblies"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
