package org.accountstream.lambda.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * DynamoDB Streams records as the AWS SDK reads them, turned into the event Lambda hands a
 * function (aws-lambda-java-events): the same fields, every attribute type.
 */
final class LambdaEvents {

    private LambdaEvents() {
    }

    static DynamodbEvent event(List<Record> records, String streamArn) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records.stream().map(record -> record(record, streamArn)).toList());
        return event;
    }

    static DynamodbStreamRecord record(Record record, String streamArn) {
        DynamodbStreamRecord converted = new DynamodbStreamRecord();
        converted.setEventSourceARN(streamArn);
        converted.setEventID(record.eventID());
        converted.setEventName(record.eventNameAsString());
        converted.setEventVersion(record.eventVersion());
        converted.setEventSource(record.eventSource());
        converted.setAwsRegion(record.awsRegion());
        if (record.userIdentity() != null) { // a delete by time to live
            Identity identity = new Identity();
            identity.setType(record.userIdentity().type());
            identity.setPrincipalId(record.userIdentity().principalId());
            converted.setUserIdentity(identity);
        }
        software.amazon.awssdk.services.dynamodb.model.StreamRecord data = record.dynamodb();
        StreamRecord streamRecord = new StreamRecord()
                .withSequenceNumber(data.sequenceNumber())
                .withSizeBytes(data.sizeBytes());
        if (data.approximateCreationDateTime() != null) {
            streamRecord.setApproximateCreationDateTime(Date.from(data.approximateCreationDateTime()));
        }
        if (data.streamViewTypeAsString() != null) {
            streamRecord.setStreamViewType(StreamViewType.fromValue(data.streamViewTypeAsString()));
        }
        // The SDK answers an absent map with an empty one; the event leaves it out.
        if (data.hasKeys()) {
            streamRecord.setKeys(attributes(data.keys()));
        }
        if (data.hasOldImage()) {
            streamRecord.setOldImage(attributes(data.oldImage()));
        }
        if (data.hasNewImage()) {
            streamRecord.setNewImage(attributes(data.newImage()));
        }
        converted.setDynamodb(streamRecord);
        return converted;
    }

    static Map<String, AttributeValue> attributes(
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values) {
        Map<String, AttributeValue> converted = new LinkedHashMap<>();
        values.forEach((name, value) -> converted.put(name, attribute(value)));
        return converted;
    }

    static AttributeValue attribute(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        AttributeValue converted = new AttributeValue();
        switch (value.type()) {
            case S -> converted.setS(value.s());
            case N -> converted.setN(value.n());
            case B -> converted.setB(value.b().asByteBuffer());
            case SS -> converted.setSS(value.ss());
            case NS -> converted.setNS(value.ns());
            case BS -> converted.setBS(value.bs().stream().map(SdkBytes::asByteBuffer).toList());
            case M -> converted.setM(attributes(value.m()));
            case L -> converted.setL(value.l().stream().map(LambdaEvents::attribute).toList());
            case BOOL -> converted.setBOOL(value.bool());
            case NUL -> converted.setNULL(value.nul());
            case UNKNOWN_TO_SDK_VERSION -> {
                // left without a value: the filter finds a served attribute mistyped, ignores any other
            }
        }
        return converted;
    }
}
