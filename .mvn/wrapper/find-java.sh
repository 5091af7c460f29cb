# Sourced by ./mvnw and ./ferrite: points JAVA_HOME at a JDK 25 or newer, or explains what to install.
# Order: $JAVA_HOME if it is 25+, then /usr/lib/jvm/*25* (and newer), then `java` on the PATH.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
ferrite_find_java() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /usr/lib/jvm/*3[0-9]* \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "ferrite: no JDK 25 found. Install a JDK 25 or newer (for example Temurin 25 under /usr/lib/jvm)" >&2
  echo "         or set JAVA_HOME to one. Looked at \$JAVA_HOME, /usr/lib/jvm/*25* and the java on PATH." >&2
  return 1
}
