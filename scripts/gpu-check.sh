#!/usr/bin/env bash
# gpu-check.sh --bundle DIR - builds, on a CPU machine with JDK 17 and Maven, the self-contained NRWS
# device check for a GPU host that has no Java, no Maven and no network (at most 60 MiB):
#   DIR/jre/                 a jlinked Java runtime with only the modules the check needs
#   DIR/lib/common/          nrws-core, nrws-cuda-backend, nrws-cuda-solver
#   DIR/lib/cuda13/          javacpp 1.5.13 and the cuda 13.1 presets' classes and linux-x86_64 JNI jar
#   DIR/lib/cuda12/          javacpp 1.5.11 and the cuda 12.6 presets (unless --no-cuda12)
#   DIR/fixtures/            reference.fix (784-200-200-10 at B=32, K=5, inputs stored, two non-SPD cases)
#                            and large.fix (B=1024, K=10, inputs regenerated from seeds), with the CPU
#                            engine's float64 directions
#   DIR/run.sh, DIR/find-cuda-libs.sh
# then checks it (BundleCheck: files, no redist or ND4J jar, size) and runs DIR/run.sh --self-test.
# On the GPU host: ./run.sh (OUT=folder to keep the JSON lines). Never commit DIR.
#
# Usage: scripts/gpu-check.sh --bundle DIR [--no-cuda12] [--offline]
# Environment: MVN (default "mvn"), JAVA_HOME (its jlink is used; default: the java on PATH's JDK).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR=""
CUDA12=1
read -r -a MVN <<<"${MVN:-mvn}"
MVN+=(-B -q)
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) DIR=${2:?--bundle needs a folder}; shift 2 ;;
    --no-cuda12) CUDA12=0; shift ;;
    --offline) MVN+=(-o); shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$DIR" ] || { echo "gpu-check: usage: scripts/gpu-check.sh --bundle DIR" >&2; exit 2; }
case "$(cd "$(dirname "$DIR")" 2>/dev/null && pwd)/" in
  "$ROOT"/*) [[ "$DIR" == *target* ]] || echo "gpu-check: warning: $DIR is inside the repository; do not commit it" >&2 ;;
esac

JAVA_BIN=$(command -v java)
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$JAVA_BIN")")")}
JLINK="$JAVA_HOME/bin/jlink"
[ -x "$JLINK" ] || { echo "gpu-check: no jlink in $JAVA_HOME (set JAVA_HOME to a JDK 17)" >&2; exit 1; }
VERSION=$(sed -n 's:.*<version>\(.*-SNAPSHOT\)</version>.*:\1:p' pom.xml | head -n1)
CUDA13_PRESETS=13.1-9.19-1.5.13; CUDA13_JAVACPP=1.5.13
CUDA12_PRESETS=12.6-9.5-1.5.11; CUDA12_JAVACPP=1.5.11

step() { echo "gpu-check: $*" >&2; }

step "building core, cuda-backend and cuda-solver (-Pcuda, tests skipped)"
"${MVN[@]}" -Pcuda -DskipTests -pl cuda-solver -am install

rm -rf "$DIR"
mkdir -p "$DIR/lib/common" "$DIR/lib/cuda13" "$DIR/fixtures"
cp core/target/nrws-core-"$VERSION".jar cuda-backend/target/nrws-cuda-backend-"$VERSION".jar \
   cuda-solver/target/nrws-cuda-solver-"$VERSION".jar "$DIR/lib/common/"

copy() {   # copy GROUP:ARTIFACT:VERSION[:CLASSIFIER] FOLDER
  local g a v c
  IFS=: read -r g a v c <<<"$1"
  "${MVN[@]}" dependency:copy -Dartifact="$g:$a:$v:jar${c:+:$c}" -DoutputDirectory="$2" -Dmdep.overWriteReleases=true
}
step "copying JavaCPP and the cuda presets (classes and linux-x86_64 JNI, not redist)"
for a in org.bytedeco:javacpp:$CUDA13_JAVACPP org.bytedeco:javacpp:$CUDA13_JAVACPP:linux-x86_64 \
         org.bytedeco:cuda:$CUDA13_PRESETS org.bytedeco:cuda:$CUDA13_PRESETS:linux-x86_64; do
  copy "$a" "$DIR/lib/cuda13"
done
if [ "$CUDA12" -eq 1 ]; then
  mkdir -p "$DIR/lib/cuda12"
  for a in org.bytedeco:javacpp:$CUDA12_JAVACPP org.bytedeco:javacpp:$CUDA12_JAVACPP:linux-x86_64 \
           org.bytedeco:cuda:$CUDA12_PRESETS org.bytedeco:cuda:$CUDA12_PRESETS:linux-x86_64; do
    copy "$a" "$DIR/lib/cuda12"
  done
fi

step "writing the fixtures with the CPU engine (CpuFusedSolver, float64)"
CPFILE=$(mktemp)
"${MVN[@]}" -pl cuda-backend dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CPFILE"
"$JAVA_BIN" -Xmx6g -Dorg.bytedeco.javacpp.maxphysicalbytes=8G \
  -cp "cuda-backend/target/classes:core/target/classes:$(cat "$CPFILE")" \
  org.nrws.cuda.FixtureGenerator "$DIR/fixtures"
rm -f "$CPFILE"

step "jlink: a runtime with java.base and jdk.unsupported only"
"$JLINK" --add-modules java.base,jdk.unsupported --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$DIR/jre"

cp scripts/gpu-bundle/run.sh scripts/gpu-bundle/find-cuda-libs.sh "$DIR/"
chmod +x "$DIR/run.sh" "$DIR/find-cuda-libs.sh"

step "checking the bundle"
"$JAVA_BIN" -cp cuda-backend/target/classes:core/target/classes org.nrws.cuda.BundleCheck "$DIR"
step "running $DIR/run.sh --self-test"
"$DIR/run.sh" --self-test
