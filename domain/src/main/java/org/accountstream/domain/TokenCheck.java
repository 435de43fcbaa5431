package org.accountstream.domain;

/**
 * What a presented token is worth. Only {@link Oversized} is the client's fault; every other
 * failure means "start over" (clear-all and a fresh snapshot), because a client cannot repair a
 * token and an error would leave it retrying for ever (DESIGN §5).
 */
public sealed interface TokenCheck {

    /** No token: a fresh stream. */
    record Absent() implements TokenCheck {
    }

    /** Authentic and for this feed and range; it may still name trimmed shards. */
    record Usable(ContinuationToken token) implements TokenCheck {
    }

    /** Not honoured, for {@code reason}. */
    record NotHonoured(Reason reason) implements TokenCheck {
    }

    /** Larger than any token this server makes: abuse, rejected as INVALID_ARGUMENT. */
    record Oversized(int size, int limit) implements TokenCheck {
    }

    /** Why a token was not honoured; metrics count each. */
    enum Reason {
        MALFORMED,
        BAD_SIGNATURE,
        UNKNOWN_VERSION,
        OTHER_FEED,
        OTHER_RANGE,
        TRIMMED,
        /** A mid-snapshot token of another table (one deleted and created again included). */
        OTHER_TABLE,
        /** A mid-snapshot token cut into another number of scan segments than this server's. */
        OTHER_SEGMENT_COUNT
    }
}
