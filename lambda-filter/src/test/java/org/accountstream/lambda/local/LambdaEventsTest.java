package org.accountstream.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.accountstream.adapters.dynamodb.MalformedItemException;
import org.accountstream.lambda.ImageAttributes;
import org.accountstream.lambda.MalformedImageException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class LambdaEventsTest {

    private static final String ARN = "arn:aws:dynamodb:ddblocal:000000000000:table/accounts/stream/x";
    private static final AttributeValue ACI = binary("5f0c8f3e2a5b4c1d9e7f0123456789ab");

    @Test
    void aStreamRecordBecomesTheEventRecordLambdaWouldHandOver() {
        Map<String, AttributeValue> image = Map.of("U", ACI, "P", AttributeValue.fromS("+14155550123"));
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        Record record = Record.builder()
                .eventID("e1").eventName(OperationType.INSERT).eventVersion("1.1").eventSource("aws:dynamodb")
                .awsRegion("us-east-1")
                .userIdentity(identity -> identity.type("Service").principalId("dynamodb.amazonaws.com"))
                .dynamodb(data -> data.sequenceNumber("000000000000000000042").sizeBytes(42L)
                        .approximateCreationDateTime(created).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .keys(Map.of("U", ACI)).newImage(image))
                .build();

        DynamodbStreamRecord converted = LambdaEvents.record(record, ARN);

        assertThat(converted.getEventSourceARN()).isEqualTo(ARN);
        assertThat(converted.getEventID()).isEqualTo("e1");
        assertThat(converted.getEventName()).isEqualTo("INSERT");
        assertThat(converted.getEventVersion()).isEqualTo("1.1");
        assertThat(converted.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(converted.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(converted.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(converted.getDynamodb().getSequenceNumber()).isEqualTo("000000000000000000042");
        assertThat(converted.getDynamodb().getSizeBytes()).isEqualTo(42L);
        assertThat(converted.getDynamodb().getApproximateCreationDateTime()).isEqualTo(Date.from(created));
        assertThat(converted.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(converted.getDynamodb().getKeys()).containsOnlyKeys("U");
        assertThat(converted.getDynamodb().getNewImage().get("P").getS()).isEqualTo("+14155550123");
        assertThat(converted.getDynamodb().getOldImage()).as("absent, as in Lambda's event").isNull();
    }

    @Test
    void everyAttributeTypeIsCarriedOver() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("s", AttributeValue.fromS("text"));
        item.put("n", AttributeValue.fromN("12.5"));
        item.put("b", ACI);
        item.put("ss", AttributeValue.fromSs(List.of("x", "y")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}))));
        item.put("m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromBool(true))));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromN("3"), AttributeValue.fromNul(true))));

        var converted = LambdaEvents.attributes(item);

        assertThat(converted.get("s").getS()).isEqualTo("text");
        assertThat(converted.get("n").getN()).isEqualTo("12.5");
        assertThat(converted.get("b").getB()).isEqualTo(ByteBuffer.wrap(HexFormat.of().parseHex("5f0c8f3e2a5b4c1d9e7f0123456789ab")));
        assertThat(converted.get("ss").getSS()).containsExactly("x", "y");
        assertThat(converted.get("ns").getNS()).containsExactly("1", "2");
        assertThat(converted.get("bs").getBS()).containsExactly(ByteBuffer.wrap(new byte[] {1}));
        assertThat(converted.get("m").getM().get("inner").getBOOL()).isTrue();
        assertThat(converted.get("l").getL()).extracting(value -> value.getN(), value -> value.getNULL())
                .containsExactly(tuple("3", null), tuple(null, true));
    }

    /**
     * The filter reads an image as the service reads the same item: the same account, or the same
     * refusal with the same message, over items valid and broken in every way.
     */
    @Test
    void theFilterReadsImagesByTheServicesRules() throws Exception {
        Map<String, AttributeValue> valid = Map.of(
                "U", ACI,
                "P", AttributeValue.fromS("+14155550123"),
                "C", AttributeValue.fromBool(true),
                "PNI", binary("0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
                "UAK", binary("010203"),
                "lastSeen", AttributeValue.fromN("1700000000"),
                "profile", AttributeValue.fromM(Map.of("name", AttributeValue.fromS("x"))));
        List<Map<String, AttributeValue>> items = List.of(
                valid,
                Map.of("U", ACI, "P", AttributeValue.fromS("+14155550123")),
                with(valid, "U", binary("00".repeat(24))),
                with(valid, "U", AttributeValue.fromS("5f0c8f3e-2a5b-4c1d-9e7f-0123456789ab")),
                without(valid, "U"),
                without(valid, "P"),
                with(valid, "P", AttributeValue.fromS("14155550123")),
                with(valid, "P", AttributeValue.fromS("+0123")),
                with(valid, "P", AttributeValue.fromS("+1234567890123456")),
                with(valid, "P", AttributeValue.fromN("14155550123")),
                with(valid, "C", AttributeValue.fromS("true")),
                with(valid, "PNI", binary("00".repeat(15))),
                with(valid, "UAK", AttributeValue.fromS("AQID")));
        AccountAttributes service = AccountAttributes.defaults();
        ImageAttributes filter = ImageAttributes.defaults();

        for (Map<String, AttributeValue> item : items) {
            Object expected;
            try {
                expected = service.decode(item);
            } catch (MalformedItemException e) {
                expected = e.problem().name() + ": " + e.getMessage();
            }
            Object actual;
            try {
                actual = filter.decode(LambdaEvents.attributes(item));
            } catch (MalformedImageException e) {
                actual = e.problem().name() + ": " + e.getMessage();
            }
            assertThat(actual).as(item.keySet().toString()).isEqualTo(expected);
        }
    }

    private static AttributeValue binary(String hex) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(HexFormat.of().parseHex(hex)));
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, AttributeValue value) {
        Map<String, AttributeValue> changed = new LinkedHashMap<>(item);
        changed.put(name, value);
        return changed;
    }

    private static Map<String, AttributeValue> without(Map<String, AttributeValue> item, String name) {
        Map<String, AttributeValue> changed = new LinkedHashMap<>(item);
        changed.remove(name);
        return changed;
    }
}
