package org.accountstream.adapters.dynamodb;

import java.util.Map;
import java.util.logging.Logger;
import org.accountstream.domain.Account;
import org.accountstream.domain.ChangeDerivation;
import org.accountstream.domain.FeedRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Turns a DynamoDB stream record into a {@link FeedRecord}: its sequence number and the changes
 * derived from its old and new images (DESIGN §3).
 *
 * <p>Every record becomes a feed record, even one that derives nothing, so a reader's horizon
 * moves past it. An image that is not a readable account is treated as absent and counted: the
 * account is not served in that state, just as a scan skips the same item. (A delete of an
 * unreadable item thus derives nothing; a write that repairs one derives the account.)
 */
final class StreamRecordDecoder {

    private static final Logger LOG = Logger.getLogger(StreamRecordDecoder.class.getName());

    private final AccountAttributes attributes;
    private final UnreadableItems imagesSkipped = new UnreadableItems(LOG);

    StreamRecordDecoder(AccountAttributes attributes) {
        this.attributes = attributes;
    }

    /**
     * @throws IllegalStateException when the stream does not carry both images: without the old
     *                               image a delete would derive nothing, and consumers would keep
     *                               deleted accounts for ever
     */
    FeedRecord decode(Record record) {
        StreamRecord data = record.dynamodb();
        if (data.streamViewType() != null && data.streamViewType() != StreamViewType.NEW_AND_OLD_IMAGES) {
            throw new IllegalStateException("the stream's view type is " + data.streamViewTypeAsString()
                    + "; change derivation needs NEW_AND_OLD_IMAGES");
        }
        Account before = accountIn(data.oldImage(), data);
        Account after = accountIn(data.newImage(), data);
        return new FeedRecord(StreamSequenceNumbers.parse(data.sequenceNumber()),
                ChangeDerivation.derive(before, after));
    }

    long imagesSkipped() {
        return imagesSkipped.count();
    }

    /** The image's account; {@code null} when there is no image (insert, delete) or it is unreadable. */
    private Account accountIn(Map<String, AttributeValue> image, StreamRecord data) {
        if (image == null || image.isEmpty()) { // the SDK gives an empty map for an absent image
            return null;
        }
        try {
            return attributes.decode(image);
        } catch (MalformedItemException e) {
            imagesSkipped.add("treating an unreadable image as absent in stream record " + data.sequenceNumber(), e);
            return null;
        }
    }
}
