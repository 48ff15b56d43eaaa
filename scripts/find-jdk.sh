#!/usr/bin/env bash
# Sourced by ./rtcd and scripts/test.sh: exports JAVA_HOME pointing at a JDK >= 25, or exits with a clear message.
# Order: $JAVA_HOME if it is >= 25, then /usr/lib/jvm/*25* and any newer JDK there.

rtcd_java_major() { # prints the feature version of the JDK at $1, or nothing
  local release="$1/release"
  [ -r "$release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n1
}

rtcd_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(rtcd_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "rtcd: no JDK 25 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "rtcd: install one (e.g. Temurin 25) and/or set JAVA_HOME to it." >&2
  exit 1
}

rtcd_find_jdk
