#!/usr/bin/env bash
# Install headless Chromium (Debian's `chromium` package) for the report's browser test, only
# when it is missing; plus a CJK font so Chinese text renders in screenshots.
# .ci/run calls this script when it exists and is executable.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
fc-list 2>/dev/null | grep -qiE 'cjk|wenquanyi|wqy' || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -eq 0 ]; then
  echo "install-browser: chromium and a CJK font are already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-browser: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
chromium --version
