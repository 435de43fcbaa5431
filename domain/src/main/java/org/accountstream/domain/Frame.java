package org.accountstream.domain;

import java.util.List;
import java.util.Objects;

/**
 * One message of a stream (DESIGN §7): optionally "clear everything", then records, then the
 * token that resumes after them (empty while a snapshot is in flight: a snapshot cannot be
 * resumed half-way), and whether the consumer now holds the whole current dataset.
 */
public record Frame(boolean clearAll, List<AccountChange> records, byte[] continuationToken,
                    boolean datasetCurrent) {

    /** The wire's bound on records per message. */
    public static final int MAX_RECORDS = 4000;

    public Frame {
        records = List.copyOf(records);
        if (records.size() > MAX_RECORDS) {
            throw new IllegalArgumentException("a frame holds at most " + MAX_RECORDS + " records");
        }
        continuationToken = Objects.requireNonNull(continuationToken, "continuationToken").clone();
    }

    public static Frame clearAllFrame() {
        return new Frame(true, List.of(), new byte[0], false);
    }

    @Override
    public byte[] continuationToken() {
        return continuationToken.clone();
    }

    public boolean hasToken() {
        return continuationToken.length > 0;
    }
}
