# Sourced by the benchmark scripts, from the repository root: runs a main class of a module's
# tests (a benchmark) with a JDK >= 21, its test classes compiled first.
#   run_test_class <module> <fully qualified class> "<java options>" [arguments...]
source scripts/java-home.sh

run_test_class() {
    local module=$1 class=$2 options=$3
    shift 3
    ./mvnw -q -B -pl "$module" -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
    # shellcheck disable=SC2086 # the options are separate words
    exec "$JAVA_HOME/bin/java" $options \
        -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/test.classpath")" \
        "$class" "$@"
}
