#!/usr/bin/env bash
# Installs the Debian packages named (apt-get, as root or through sudo); nothing when none are named. The one place
# the project's scripts (.ci/run, tests/run, dashboards/validate.sh, deploy/validate.sh) install what they need.
# Usage: tests/apt-install.sh PACKAGE...
set -euo pipefail
[ $# -gt 0 ] || exit 0
as_root=()
if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "apt-install: not root and no sudo: install the Debian packages $* yourself" >&2
        exit 1
    fi
    as_root=(sudo)
fi
echo "apt-install: installing $* (Debian packages)" >&2
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
