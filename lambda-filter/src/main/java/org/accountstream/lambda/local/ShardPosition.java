package org.accountstream.lambda.local;

/**
 * How far one shard of a DynamoDB stream was handed to the filter. A shard with no position was
 * not started: it is read from its trim horizon (or, at a fresh start at {@code latest}, from its
 * tip).
 */
sealed interface ShardPosition {

    /** Every record up to and including {@code sequenceNumber} was handled. */
    record After(String sequenceNumber) implements ShardPosition {
        public After {
            // kept as DynamoDB hands it out (DynamoDB Local pads with zeros): validated, never rewritten
            if (sequenceNumber == null || sequenceNumber.isEmpty()
                    || !sequenceNumber.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not a sequence number: " + sequenceNumber);
            }
        }
    }

    /** The shard is closed and was read to its end: its children may be read. */
    enum Ended implements ShardPosition {
        INSTANCE
    }
}
