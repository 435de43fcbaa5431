package org.accountstream.lambda;

import java.nio.charset.StandardCharsets;

/**
 * One Kinesis record to write, and the stream record it was derived from: where Lambda must
 * resume ({@code itemIdentifier}, the DynamoDB stream sequence number) if it is not written.
 */
record OutgoingRecord(String itemIdentifier, String partitionKey, byte[] data) {

    /** What it counts towards PutRecords' limits: the data and the partition key. */
    int size() {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }
}
