#!/usr/bin/env bash
# Runs AccountStream (building it first if needed) with a JDK >= 21.
#   scripts/run.sh [configuration ...] [JVM options ...]
#     configuration: key=value, --key=value or -Dkey=value for keys under accountstream., grpc.
#                    and server. (e.g. grpc.port=6000 or -Dgrpc.port=6000), passed to the application
#     JVM options:   anything else that starts with '-' (e.g. -Xmx2g), passed to java before -jar
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
if [ ! -f app/target/accountstream.jar ]; then
    echo "Building app/target/accountstream.jar (first run only)..." >&2
    ./mvnw -q -B -DskipTests package
fi
jvm_options=()
configuration=()
for arg in "$@"; do
    case "$arg" in
        -Daccountstream.* | -Dgrpc.* | -Dserver.* | --accountstream.* | --grpc.* | --server.*)
            configuration+=("$arg") ;; # the application checks the keys and values
        -*) jvm_options+=("$arg") ;;
        *) configuration+=("$arg") ;;
    esac
done
# (the ${a[@]+...} form expands an empty array under set -u in old bash too)
exec "$JAVA_HOME/bin/java" ${jvm_options[@]+"${jvm_options[@]}"} -jar app/target/accountstream.jar \
    ${configuration[@]+"${configuration[@]}"}
