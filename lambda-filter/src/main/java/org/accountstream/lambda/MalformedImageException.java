package org.accountstream.lambda;

/**
 * A stream image that cannot be read as an account. The message names the item's key and the
 * offending attribute, never attribute values: images hold phone numbers, which must not reach
 * logs. The problems are those of adapters-dynamodb's {@code MalformedItemException}.
 */
public final class MalformedImageException extends Exception {

    /** What is wrong with the image. */
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

    MalformedImageException(Problem problem, String attribute, String itemKey, String detail) {
        super("item " + itemKey + ": attribute " + attribute + " " + detail + " (" + problem + ")");
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
