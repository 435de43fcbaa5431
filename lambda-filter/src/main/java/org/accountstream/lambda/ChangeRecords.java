package org.accountstream.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.List;
import java.util.Map;
import org.accountstream.adapters.kinesis.AccountRecordFormat;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.ChangeDerivation;

/**
 * Turns one DynamoDB stream record into the Kinesis records of the changes it derives (DESIGN §3):
 * none for a write consumers never see, two for a move to another number (the removal first).
 * Each is partitioned by the aci it is about, so one account's records stay in order.
 *
 * <p>An image that is not a readable account is treated as absent and counted, as the
 * DynamoDB Streams feed does: the account is not served in that state, and the record never
 * blocks the shard. (A delete of an unreadable item thus derives nothing; a write that repairs
 * one derives the account.)
 */
final class ChangeRecords {

    private static final String NEW_AND_OLD_IMAGES = "NEW_AND_OLD_IMAGES";

    private final ImageAttributes attributes;
    private final UnreadableImages unreadable = new UnreadableImages();

    ChangeRecords(ImageAttributes attributes) {
        this.attributes = attributes;
    }

    /**
     * @throws IllegalStateException when the stream does not carry both images: without the old
     *                               image a delete would derive nothing, and consumers would keep
     *                               deleted accounts for ever
     */
    List<OutgoingRecord> of(DynamodbStreamRecord record) {
        StreamRecord data = record.getDynamodb();
        if (data == null || data.getSequenceNumber() == null) {
            throw new IllegalArgumentException("a DynamoDB stream event record without a sequence number");
        }
        if (data.getStreamViewType() != null && !data.getStreamViewType().equals(NEW_AND_OLD_IMAGES)) {
            throw new IllegalStateException("the stream's view type is " + data.getStreamViewType()
                    + "; change derivation needs " + NEW_AND_OLD_IMAGES);
        }
        String sequenceNumber = data.getSequenceNumber();
        Account before = accountIn(data.getOldImage(), sequenceNumber);
        Account after = accountIn(data.getNewImage(), sequenceNumber);
        return ChangeDerivation.derive(before, after).stream()
                .map(change -> new OutgoingRecord(sequenceNumber,
                        AccountRecordFormat.partitionKey(change.aci()), AccountRecordFormat.encode(change)))
                .toList();
    }

    /** How many images were unreadable and treated as absent. */
    long imagesSkipped() {
        return unreadable.count();
    }

    /** The image's account; {@code null} when there is no image (insert, delete) or it is unreadable. */
    private Account accountIn(Map<String, AttributeValue> image, String sequenceNumber) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        try {
            return attributes.decode(image);
        } catch (MalformedImageException e) {
            unreadable.add(sequenceNumber, e);
            return null;
        }
    }
}
