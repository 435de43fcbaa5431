package org.accountstream.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.OperationType;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.E164;

/** DynamoDB stream events as Lambda hands them to the filter, built in code (default attribute names). */
final class StreamEvents {

    private static final String STREAM_ARN =
            "arn:aws:dynamodb:us-east-1:000000000000:table/accounts/stream/2025-01-01T00:00:00.000";

    private StreamEvents() {
    }

    static DynamodbEvent event(DynamodbStreamRecord... records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(records));
        return event;
    }

    static DynamodbStreamRecord insert(String sequenceNumber, Map<String, AttributeValue> newImage) {
        return record(OperationType.INSERT, sequenceNumber, null, newImage);
    }

    static DynamodbStreamRecord modify(String sequenceNumber, Map<String, AttributeValue> oldImage,
                                       Map<String, AttributeValue> newImage) {
        return record(OperationType.MODIFY, sequenceNumber, oldImage, newImage);
    }

    static DynamodbStreamRecord remove(String sequenceNumber, Map<String, AttributeValue> oldImage) {
        return record(OperationType.REMOVE, sequenceNumber, oldImage, null);
    }

    /** The item that holds {@code account}, with a field consumers never see. */
    static Map<String, AttributeValue> image(Account account) {
        Map<String, AttributeValue> image = new HashMap<>();
        image.put("U", binary(AciRange.uuidBytes(account.aci())));
        image.put("P", new AttributeValue(E164.format(account.e164())));
        image.put("C", new AttributeValue().withBOOL(account.discoverable()));
        if (account.pni() != null) {
            image.put("PNI", binary(AciRange.uuidBytes(account.pni())));
        }
        if (account.uak().length > 0) {
            image.put("UAK", binary(account.uak()));
        }
        image.put("lastSeen", new AttributeValue().withN("1700000000"));
        return image;
    }

    static AttributeValue binary(byte[] bytes) {
        return new AttributeValue().withB(ByteBuffer.wrap(bytes));
    }

    private static DynamodbStreamRecord record(OperationType operation, String sequenceNumber,
                                               Map<String, AttributeValue> oldImage,
                                               Map<String, AttributeValue> newImage) {
        Map<String, AttributeValue> item = newImage != null ? newImage : oldImage;
        StreamRecord data = new StreamRecord()
                .withSequenceNumber(sequenceNumber)
                .withKeys(item.containsKey("U") ? Map.of("U", item.get("U")) : Map.of())
                .withOldImage(oldImage)
                .withNewImage(newImage)
                .withStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventSourceARN(STREAM_ARN);
        record.setEventName(operation);
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion("us-east-1");
        record.setDynamodb(data);
        return record;
    }
}
