package org.accountstream.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.accountstream.domain.Account;

/** What differs between a consumer's copy and the table, short enough to read in a failure. */
final class ViewDiff {

    private static final int SHOWN = 5;

    private ViewDiff() {
    }

    /** Empty when equal; otherwise a few of the numbers that differ and how. */
    static List<String> between(Map<Long, Account> copy, Map<Long, Account> table) {
        List<String> differences = new ArrayList<>();
        TreeSet<Long> numbers = new TreeSet<>(copy.keySet());
        numbers.addAll(table.keySet());
        for (Long number : numbers) {
            Account held = copy.get(number);
            Account expected = table.get(number);
            if (!Objects.equals(held, expected)) {
                differences.add(number + ": copy has " + held + ", table has " + expected);
            }
        }
        if (differences.size() > SHOWN) {
            int more = differences.size() - SHOWN;
            differences = new ArrayList<>(differences.subList(0, SHOWN));
            differences.add("… and " + more + " more of " + table.size() + " in the table");
        }
        return differences;
    }
}
