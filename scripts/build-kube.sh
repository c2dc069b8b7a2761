#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager 1.20.2 from Debian's `kubernetes` source
# package (with Debian's Go and etcd) for the integration tests, and caches the binaries outside
# the repository, keyed by version: a fresh machine builds once (about 4 minutes), later runs reuse.
# Needs root and Debian's package archive (including deb-src).
set -euo pipefail
VERSION=1.20.2
CACHE=${YUNQIAN_CACHE:-$HOME/.cache/yunqian}
BIN=$CACHE/kube-$VERSION/bin
if [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ] && command -v etcd >/dev/null; then
  echo "kube $VERSION binaries cached in $BIN"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ! -e /etc/apt/sources.list.d/debian-src.sources ]; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
fi
$SUDO apt-get update -qq
# reflect2 1.0.2 replaces the vendored 1.0.1, which crashes when built with Go >= 1.18.
$SUDO apt-get install -y -qq --no-install-recommends golang-go etcd-server dpkg-dev rsync openssl ca-certificates \
  golang-github-modern-go-reflect2-dev >/dev/null
WORK=$(mktemp -d "${TMPDIR:-/tmp}/yunqian-kube-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
apt-get source -qq kubernetes >/dev/null 2>&1
cd kubernetes-1.20.5+really1.20.2
V=vendor/github.com/modern-go/reflect2
rm -f $V/*.go
find /usr/share/gocode/src/github.com/modern-go/reflect2 -maxdepth 1 -name '*.go' ! -name '*_test.go' -exec cp {} $V/ \;
echo "building kube-apiserver and kube-controller-manager $VERSION (a few minutes, once)"
env HOME="$WORK" GOCACHE="$WORK/gocache" CGO_ENABLED=0 nice -n 10 make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
mkdir -p "$BIN"
cp _output/bin/kube-apiserver _output/bin/kube-controller-manager "$BIN/"
"$BIN/kube-apiserver" --version
