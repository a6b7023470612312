# Shared by ./mvnw and ./aurelis: choose a JDK 21 or newer and export JAVA_HOME and PATH for it.

aurelis_java_major() {
  # prints the major version of the java binary given as $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1
}

aurelis_select_jdk() {
  local candidate major
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$dir/bin/java" ] && candidates+=("$dir/bin/java")
  done
  for candidate in "${candidates[@]}"; do
    major=$(aurelis_java_major "$candidate" 2>/dev/null || true)
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      JAVA_HOME=$(cd "$(dirname "$candidate")/.." && pwd -P)
      export JAVA_HOME
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "Aurelis needs a JDK 21 or newer: set JAVA_HOME to one (found none on the PATH or under /usr/lib/jvm)." >&2
  return 1
}
