#!/usr/bin/env bash
# Installs what the tests need beyond Node packages: Debian's Chromium (browser tests), CJK fonts
# (so screenshots show Chinese) and Prometheus with promtool (metrics tests). Needs root (or sudo) and Debian's package archive.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || need+=(prometheus)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "test dependencies ready: $(chromium --version 2>/dev/null | head -1)"
# The Kubernetes integration tests need a real control plane (built once, cached by version).
bash "$(dirname "$0")/build-kube.sh"
