# Sourced by bench/compare-tokenizers, bench/compare-embed and bench/jmh: finds a JDK 25 (as ./mvnw does), builds the bench
# module and what it depends on, and sets $bench_classpath and $fixtures (../shared/fixtures, or
# $FERRITE_FIXTURES).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/.mvn/wrapper/find-java.sh"
ferrite_find_java || exit 1
echo "bench: building (./mvnw -q -B -Dmaven.test.skip=true package -pl bench -am) ..." >&2
(cd "$root" && ./mvnw -q -B -Dmaven.test.skip=true package -pl bench -am >&2)
bench_classpath="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
fixtures="${FERRITE_FIXTURES:-$(dirname "$root")/shared/fixtures}"
