#!/usr/bin/env bash
# Prints, per Maven module, the tests its last run reported (surefire's and failsafe's XML reports)
# and fails when any test failed or erred, or when a module with tests has no report (it did not
# get to run them; ports has none of its own: its contract suites run in the adapters).
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."

attribute() { # $1 = attribute name, $2 = a <testsuite ...> start tag
    sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2"
}

status=0
printf '%-20s %6s %8s %7s %8s\n' module tests failures errors skipped
for module in $(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml); do
    reports=("$module"/target/surefire-reports/TEST-*.xml "$module"/target/failsafe-reports/TEST-*.xml)
    if ((${#reports[@]} == 0)); then
        if find "$module/src/test/java" -name '*Test.java' -o -name '*Properties.java' 2>/dev/null | grep -q .; then
            printf '%-20s %s\n' "$module" "no test report: the module did not run its tests"
            status=1
        else
            printf '%-20s %s\n' "$module" "no tests of its own"
        fi
        continue
    fi
    tests=0 failures=0 errors=0 skipped=0
    for report in "${reports[@]}"; do
        suite="$(grep -m1 -o '<testsuite [^>]*>' "$report")"
        tests=$((tests + $(attribute tests "$suite")))
        failures=$((failures + $(attribute failures "$suite")))
        errors=$((errors + $(attribute errors "$suite")))
        skipped=$((skipped + $(attribute skipped "$suite")))
    done
    printf '%-20s %6d %8d %7d %8d\n' "$module" "$tests" "$failures" "$errors" "$skipped"
    if ((failures + errors > 0)); then
        status=1
        grep -l -E '<(failure|error)[ >]' "${reports[@]}" | sed 's:.*/TEST-\(.*\)\.xml:    failed in \1:'
    fi
done
exit "$status"
