// A marker, not a module to download: build.sh builds this peer in GOPATH mode against Debian's packaged pion
// (/usr/share/gocode), where this file lets the "/v3" and "/v5" import paths resolve (minimal module compatibility).
module rtcd-pion-peer

go 1.19
