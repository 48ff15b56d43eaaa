#!/usr/bin/env bash
# Builds the pion peer (interop/pion/peer) offline, in GOPATH mode, against the Go sources Debian packages under
# /usr/share/gocode (golang-github-pion-webrtc.v3-dev, golang-github-gorilla-websocket-dev,
# golang-github-vmihailenco-msgpack.v5-dev; scripts/install-test-deps.sh installs them). Rebuilds only when a source
# file is newer than the binary. Module mode would need the network, so GO111MODULE=off; the go.mod next to the
# sources is only the marker that lets the "/v3" import paths resolve.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$dir/peer"
if [ -x "$bin" ] && [ -z "$(find "$dir" -maxdepth 1 \( -name '*.go' -o -name go.mod -o -name build.sh \) -newer "$bin")" ]; then
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "interop/pion/build.sh: go not found (apt-get install golang-go)" >&2; exit 1; }
gopath="$dir/.gopath"
mkdir -p "$gopath/src"
ln -sfn "$dir" "$gopath/src/rtcd-pion-peer"
echo "interop/pion/build.sh: building the pion peer..." >&2
(cd "$gopath/src/rtcd-pion-peer" \
  && GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$gopath:/usr/share/gocode" go build -o "$bin.tmp" .)
mv -f "$bin.tmp" "$bin"
