package org.accountstream.domain;

/**
 * Phone numbers as the table stores them ({@code "+<digits>"}) and as the wire carries them
 * (a positive int64).
 */
public final class E164 {
    private static final int MAX_DIGITS = 15; // ITU-T E.164

    private E164() {
    }

    /** Parses {@code "+<1..15 digits>"}; anything else is an {@link IllegalArgumentException}. */
    public static long parse(String stored) {
        if (stored == null || stored.length() < 2 || stored.length() > MAX_DIGITS + 1
                || stored.charAt(0) != '+' || stored.charAt(1) == '0') {
            throw new IllegalArgumentException("not an E.164 number: " + stored);
        }
        for (int i = 1; i < stored.length(); i++) {
            if (stored.charAt(i) < '0' || stored.charAt(i) > '9') {
                throw new IllegalArgumentException("not an E.164 number: " + stored);
            }
        }
        return Long.parseLong(stored, 1, stored.length(), 10);
    }

    public static String format(long e164) {
        return "+" + e164;
    }
}
