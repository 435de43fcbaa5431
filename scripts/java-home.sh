# Source this file: selects a JDK >= 21 and exports JAVA_HOME and PATH.
# Honours an existing JAVA_HOME if it is 21+, else falls back to Temurin 25.

_accountstream_java_major() {  # $1 = JDK home; prints the major version or nothing
    [ -x "$1/bin/java" ] || return 0
    "$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}

_accountstream_pick_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
        [ -n "$candidate" ] || continue
        major="$(_accountstream_java_major "$candidate")"
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            export JAVA_HOME="$candidate"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    echo "error: no JDK >= 21 found. Set JAVA_HOME to a JDK 21+ (e.g. /usr/lib/jvm/temurin-25-jdk-amd64)." >&2
    return 1
}

_accountstream_pick_jdk
