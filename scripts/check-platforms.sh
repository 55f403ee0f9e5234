#!/usr/bin/env bash
# Resolves the dependency tree of the workbench for every supported platform, and for the CUDA profile, with the
# operating system and architecture that Maven sees forced through JDK_JAVA_OPTIONS (os.name, os.arch): the same
# profile activation a Linux arm64, macOS or Windows machine gets, ours (pom.xml platform-*) and JavaFX's and
# ND4J's own. Resolution only: `dependency:tree` reads POMs and never downloads a jar, so this needs a few MB of
# POMs the first time and nothing after (add -o through MAVEN_ARGS to stay offline).
#
#   scripts/check-platforms.sh            # trees: each platform gets its own native classifiers and no other
#   scripts/check-platforms.sh --remote   # also asks Maven Central (HTTP HEAD, no download) that each native jar exists
#
# Not part of `./mvnw verify`: it starts Maven once per platform (about 5 s each) and --remote needs the network.
# Exit code 0 when every check passes, 1 otherwise.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
remote=0
[ "${1:-}" = "--remote" ] && remote=1
central="https://repo1.maven.org/maven2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0

# platform | os.name | os.arch | ND4J/JavaCPP classifier | JavaFX classifier
platforms=(
  "linux-x86_64|Linux|amd64|linux-x86_64|linux"
  "linux-arm64|Linux|aarch64|linux-arm64|linux-aarch64"
  "macosx-x86_64|Mac OS X|x86_64|macosx-x86_64|mac"
  "macosx-arm64|Mac OS X|aarch64|macosx-arm64|mac-aarch64"
  "windows-x86_64|Windows 10|amd64|windows-x86_64|win"
)

fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }

# tree OSNAME OSARCH OUT [MAVEN ARGS...]: the app's dependency tree (with the engine's) as that machine resolves it.
tree() {
  local osname="$1" osarch="$2" out="$3"; shift 3
  (cd "$here" && JDK_JAVA_OPTIONS="-Dos.name=\"$osname\" -Dos.arch=$osarch" \
    ./mvnw -B -ntp -q "$@" dependency:tree -pl app -am -DoutputFile="$out" -DappendOutput=true) \
    >"$out.log" 2>&1
}

# The classified jars of a tree, as groupId:artifactId:classifier:version.
natives() { grep -ho '[a-z0-9.]*:[a-z0-9.-]*:jar:[a-z][a-z0-9_-]*:[0-9][^:]*' "$1" | sed 's/:jar:/:/' | sort -u; }

exists_on_central() { # G:A:C:V
  local g a c v; IFS=: read -r g a c v <<<"$1"
  local url="$central/${g//.//}/$a/$v/$a-$v-$c.jar"
  curl -sfI --max-time 30 "$url" | awk 'tolower($1)=="content-length:"{ if ($2 >= 1e6) printf "%.1f MB", $2/1e6; else printf "%d kB", $2/1e3 }'
}

check_jars() { # FILE-WITH-G:A:C:V-LINES
  [ "$remote" = 1 ] || return 0
  while read -r gav; do
    size="$(exists_on_central "$gav")"
    if [ -n "$size" ]; then echo "  on Maven Central: $gav ($size)"; else fail "not on Maven Central: $gav"; fi
  done <"$1"
}

for p in "${platforms[@]}"; do
  IFS='|' read -r name osname osarch cls fx <<<"$p"
  echo "== $name (os.name=$osname, os.arch=$osarch)"
  out="$tmp/$name.txt"
  if ! tree "$osname" "$osarch" "$out"; then fail "dependency:tree failed, see below"; tail -20 "$out.log"; continue; fi
  natives "$out" >"$tmp/$name.natives"
  for want in "org.nd4j:nd4j-native:$cls" "org.nd4j:nd4j-native-preset:$cls" "org.bytedeco:openblas:$cls" \
      "org.bytedeco:javacpp:$cls" "org.openjfx:javafx-graphics:$fx" "org.openjfx:javafx-base:$fx"; do
    grep -q "^$want:" "$tmp/$name.natives" || fail "missing $want"
  done
  grep -q ':unsupported:' "$tmp/$name.natives" && fail "no platform-* profile of pom.xml activated (javacpp.platform=unsupported)"
  # Nothing for another platform may slip in (the natives of the machine that runs this script, say).
  others="$(grep -v -e ":$cls:" -e ":$fx:" -e ':unsupported:' "$tmp/$name.natives")"
  [ -z "$others" ] || fail "natives of another platform: $others"
  grep -q cuda "$tmp/$name.natives" && fail "CUDA artifacts without -Pcuda"
  sed 's/^/  /' "$tmp/$name.natives"
  check_jars "$tmp/$name.natives"
done

# -Pcuda: the CUDA backend next to the CPU one, where ND4J publishes it; elsewhere the enforcer refuses.
for p in "linux-x86_64|Linux|amd64" "windows-x86_64|Windows 10|amd64"; do
  IFS='|' read -r name osname osarch <<<"$p"
  echo "== $name -Pcuda,cuda-redist"
  out="$tmp/$name-cuda.txt"
  if ! tree "$osname" "$osarch" "$out" -Pcuda,cuda-redist; then fail "dependency:tree -Pcuda failed"; tail -20 "$out.log"; continue; fi
  natives "$out" >"$tmp/$name-cuda.natives"
  for want in "org.nd4j:nd4j-cuda-11.6:$name" "org.nd4j:nd4j-cuda-11.6-preset:$name" "org.bytedeco:cuda:$name" \
      "org.bytedeco:cuda:$name-redist" "org.nd4j:nd4j-native:$name"; do
    grep -q "^$want:" "$tmp/$name-cuda.natives" || fail "missing $want"
  done
  grep cuda "$tmp/$name-cuda.natives" | sed 's/^/  /'
  grep cuda "$tmp/$name-cuda.natives" >"$tmp/$name-cuda.only"
  check_jars "$tmp/$name-cuda.only"
done
echo "== macosx-arm64 -Pcuda (must be refused: ND4J publishes no CUDA backend for macOS)"
if (cd "$here" && JDK_JAVA_OPTIONS='-Dos.name="Mac OS X" -Dos.arch=aarch64' ./mvnw -B -ntp -q -Pcuda validate -pl engine \
    >"$tmp/mac-cuda.log" 2>&1); then
  fail "-Pcuda was accepted on macOS"
else
  grep -q "publishes its CUDA backend" "$tmp/mac-cuda.log" && echo "  refused: $(grep -o 'ND4J .*only, not [a-z0-9_-]*' "$tmp/mac-cuda.log" | head -1)" \
    || { fail "-Pcuda failed on macOS for another reason"; tail -20 "$tmp/mac-cuda.log"; }
fi

if [ "$failures" = 0 ]; then echo "all platform checks passed"; exit 0; fi
echo "$failures check(s) failed"; exit 1
