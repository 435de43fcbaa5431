# Sourced by the benchmark scripts, from the repository root: runs a main class of the app's
# tests (a benchmark) with a JDK >= 21, its test classes compiled first.
#   run_app_test_class <class in org.accountstream.app> "<java options>" [arguments...]
source scripts/java-home.sh

run_app_test_class() {
    local class=$1 options=$2
    shift 2
    ./mvnw -q -B -pl app -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
    # shellcheck disable=SC2086 # the options are separate words
    exec "$JAVA_HOME/bin/java" $options \
        -cp "app/target/test-classes:app/target/classes:$(cat app/target/test.classpath)" \
        "org.accountstream.app.$class" "$@"
}
