# Sourced by ./ferrite and bench/compare-tokenizers: the JVM command line of the CLI built in cli/target,
# and its AOT cache. Needs $root (the repository root) and $JAVA_HOME (a JDK 25).
#
# The AOT cache (JEP 483, 514, 515) holds the classes a training run loaded and linked, and the method
# profiles it gathered; a JVM started with it skips most of that work. It is valid only for the JDK,
# the class path (each jar's size and time stamp) and the module options it was made with. A JVM given
# a cache that does not match falls back to a start without it but prints errors, on standard output,
# so the cache is keyed by all of those: a rebuilt jar or another JDK never meets an old cache.

ferrite_jar="$root/cli/target/ferrite-cli.jar"
ferrite_lib="$root/cli/target/lib"

# --add-modules: the Vector API (kernels). --enable-native-access: the FFM API (mapped weights).
# protobuf-java (the ONNX reader) uses sun.misc.Unsafe, on which JDK 25 warns on fd 2 at first use;
# --sun-misc-unsafe-memory-access=allow keeps standard error clean.
ferrite_jvm_options=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
                     --sun-misc-unsafe-memory-access=allow)

# The CLI's class path, jar by jar in name order: the AOT cache records the class path it was made
# with, so it is spelled out here rather than left to the JVM's expansion of lib/* (directory order).
ferrite_classpath() {
  local cp="$ferrite_jar" dependency
  for dependency in "$ferrite_lib"/*.jar; do cp+=":$dependency"; done
  printf '%s' "$cp"
}

# Sets ferrite_cp to the CLI's class path, and ferrite_aot_options to the JVM options that start the
# CLI from its AOT cache (the file: ferrite_aot_cache), making the cache first when there is none for
# this JDK and class path. Leaves the options empty (a start without the cache) when FERRITE_AOT=0,
# when the cache cannot be made (read-only tree, the training run failed once for this build), while
# another launcher is making it, or when the JVM options given as arguments (the user's) choose a
# class data archive or AOT cache of their own: the JVM refuses to start when -XX:AOTCache meets
# -Xshare or -XX:SharedArchiveFile.
ferrite_aot() {
  ferrite_cp=$(ferrite_classpath)
  ferrite_aot_options=()
  ferrite_aot_cache=
  [ "${FERRITE_AOT:-1}" = 0 ] && return 0
  local option
  for option in "$@"; do
    case $option in
      -Xshare:* | -XX:SharedArchiveFile=* | -XX:SharedClassListFile=* | -XX:DumpLoadedClassList=* | \
      -XX:AOTCache=* | -XX:AOTCacheOutput=* | -XX:AOTConfiguration=*) return 0 ;;
    esac
  done
  local dir="$root/cli/target/aot" key
  key=$({ printf '%s\n' "$JAVA_HOME" "${ferrite_jvm_options[*]}" "$ferrite_cp"
          find "$JAVA_HOME/release" "$ferrite_jar" "$ferrite_lib" \( -name '*.jar' -o -name release \) -print0 \
            | sort -z | xargs -0 stat -L -c '%n %s %.9Y'; } | cksum) || return 0
  local cache="$dir/ferrite-${key%% *}.aot"
  [ -f "$cache" ] || [ -e "$cache.failed" ] || ferrite_aot_train "$dir" "$cache" "$ferrite_cp"
  [ -f "$cache" ] || return 0
  ferrite_aot_cache=$cache
  # -Xlog:aot=off: should the JVM still refuse the cache, it starts without it, and says nothing.
  ferrite_aot_options=(-XX:AOTCache="$cache" -Xlog:aot=off)
}

# Makes the AOT cache $2 for class path $3 in directory $1 with one training run (StartupTraining),
# replacing the caches of earlier builds: 9-11 s of CPU with the fixtures, once per build. One launcher
# at a time; the others start without the cache meanwhile rather than wait.
ferrite_aot_train() {
  local dir=$1 cache=$2 classpath=$3
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
  { exec 8>"$dir/.lock"; } 2>/dev/null || return 0
  if command -v flock >/dev/null 2>&1 && ! flock -n 8; then exec 8>&-; return 0; fi
  if [ ! -f "$cache" ]; then
    [ -t 2 ] && echo "ferrite: making the start-up cache (once per build) ..." >&2
    # Earlier builds' caches, and what a training run cut short (Ctrl-C) left.
    rm -f "$dir"/ferrite-* "$dir"/training-*
    local partial="$dir/training-$$.aot"
    # Standard output and error go to a log: the JVM reports on both while it makes the cache.
    if "$JAVA_HOME/bin/java" "${ferrite_jvm_options[@]}" -XX:AOTCacheOutput="$partial" -cp "$classpath" \
         dev.ferrite.cli.StartupTraining "${FERRITE_FIXTURES:-$(dirname "$root")/shared/fixtures}/tokenizers" \
         </dev/null >"$dir/training.log" 2>&1 && [ -s "$partial" ]; then
      mv -f "$partial" "$cache"
    else
      rm -f "$partial"
      : > "$cache.failed"
    fi
  fi
  exec 8>&-
}
