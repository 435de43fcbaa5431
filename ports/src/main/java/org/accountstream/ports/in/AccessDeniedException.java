package org.accountstream.ports.in;

/**
 * A client may not read what it asked for. The message is safe to show: it never says which
 * part of a presented secret was wrong.
 */
public final class AccessDeniedException extends RuntimeException {

    /** Why: no valid credential at all, or a valid one that does not cover the range asked for. */
    public enum Reason {
        UNAUTHENTICATED("missing or invalid credentials"),
        PERMISSION_DENIED("these credentials may not read the range asked for");

        private final String message;

        Reason(String message) {
            this.message = message;
        }
    }

    private final Reason reason;

    public AccessDeniedException(Reason reason) {
        super(reason.message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
