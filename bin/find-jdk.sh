# Sourced by bin/serve and bin/test: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME, then the java on the PATH, then the usual install folders.
# Stops with a message saying what to install when none is found.

replykb_java_major() {
  # Prints the feature version of the given java binary (17, 21, 25...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

replykb_is_jdk() {
  # A JDK, not just a runtime: Maven needs javac beside java.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  major=$(replykb_java_major "$1/bin/java")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

replykb_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && replykb_is_jdk "$JAVA_HOME"; then
    printf '%s\n' "$JAVA_HOME"; return 0
  fi
  if command -v java >/dev/null 2>&1; then
    path_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if replykb_is_jdk "$path_home"; then printf '%s\n' "$path_home"; return 0; fi
  fi
  # Newest first, so a machine with 21 and 25 uses 25.
  for candidate in $(ls -d /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -rV); do
    if replykb_is_jdk "$candidate"; then printf '%s\n' "$candidate"; return 0; fi
  done
  return 1
}

if ! REPLYKB_JDK=$(replykb_find_jdk); then
  echo "replykb needs a JDK 21 or newer and found none (looked at JAVA_HOME, the java on the PATH," >&2
  echo "and /usr/lib/jvm, /usr/java, /opt, ~/.sdkman, ~/.jdks, /Library/Java)." >&2
  echo "Install one, for example: sudo apt-get install openjdk-21-jdk   (or Temurin 21+)," >&2
  echo "or set JAVA_HOME to an installed JDK 21+." >&2
  exit 1
fi
export JAVA_HOME="$REPLYKB_JDK"
export PATH="$JAVA_HOME/bin:$PATH"

if ! command -v mvn >/dev/null 2>&1; then
  echo "replykb builds with Apache Maven, which is not on the PATH." >&2
  echo "Install it, for example: sudo apt-get install maven" >&2
  exit 1
fi
