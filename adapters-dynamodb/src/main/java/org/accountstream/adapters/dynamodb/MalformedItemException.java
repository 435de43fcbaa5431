package org.accountstream.adapters.dynamodb;

/**
 * An accounts-table item (or stream image) that cannot be read as an account. The message names
 * the item's key and the offending attribute, never attribute values: phone numbers and keys of
 * other fields must not reach logs.
 */
public final class MalformedItemException extends Exception {

    /** What is wrong with the item. */
    public enum Problem {
        MISSING_ACI,
        MALFORMED_ACI,
        MISSING_E164,
        MALFORMED_E164,
        MALFORMED_DISCOVERABLE,
        MALFORMED_PNI,
        MALFORMED_UAK
    }

    private final Problem problem;
    private final String attribute;

    MalformedItemException(Problem problem, String attribute, String itemKey, String detail) {
        super("item " + itemKey + ": attribute " + attribute + " " + detail + " (" + problem + ")");
        this.problem = problem;
        this.attribute = attribute;
    }

    public Problem problem() {
        return problem;
    }

    /** The attribute's name in the table. */
    public String attribute() {
        return attribute;
    }
}
