package org.accountstream.lambda;

import static org.accountstream.lambda.StreamEvents.binary;
import static org.accountstream.lambda.StreamEvents.event;
import static org.accountstream.lambda.StreamEvents.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.accountstream.adapters.kinesis.AccountRecordFormat;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.ports.contract.KinesisMock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The handler as Lambda creates it: everything from its environment and the AWS SDK's defaults. */
class FilterHandlerTest {

    private static final UUID ACI = UUID.fromString("30313233-3435-3637-3839-616263646566");

    @Test
    void theStreamIsRequired() {
        assertThatThrownBy(() -> FilterSettings.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the environment variable KINESIS_STREAM is not set: it names the Kinesis stream the"
                        + " filter writes to");
    }

    @Test
    void attributeNamesAreTheServicesOwnVariablesWithTheSameDefaults() {
        FilterSettings settings = FilterSettings.fromEnvironment(Map.of(
                "KINESIS_STREAM", "accounts",
                "ACCOUNTSTREAM_DYNAMODB_ATTRIBUTES_E164", "number",
                "ACCOUNTSTREAM_DYNAMODB_ATTRIBUTES_DISCOVERABLE", "visible"));

        assertThat(settings).isEqualTo(new FilterSettings("accounts", new ImageAttributes("U", "number", "visible",
                "PNI", "UAK")));
        assertThatThrownBy(() -> FilterSettings.attributesFrom(Map.of("ACCOUNTSTREAM_DYNAMODB_ATTRIBUTES_PNI", "U")))
                .hasMessageStartingWith("the environment variables ACCOUNTSTREAM_DYNAMODB_ATTRIBUTES_* attribute names"
                        + " must be non-blank and distinct");
    }

    /**
     * Region, credentials and endpoint reach the client only through the SDK's own settings: here
     * its system properties, read by the same providers as AWS_REGION, the credential chain's
     * variables and AWS_ENDPOINT_URL_KINESIS (which the jar's own test sets).
     */
    @Test
    void writesWhereTheSdksSettingsPoint() throws Exception {
        try (KinesisMock mock = KinesisMock.startForTests(Map.of("filtered", 1));
             KinesisClient reader = KinesisRecords.client(mock.endpoint())) {
            Map<String, String> saved = setSystemProperties(Map.of(
                    "aws.region", "us-east-1",
                    "aws.accessKeyId", "test",
                    "aws.secretAccessKey", "test",
                    "aws.endpointUrlKinesis", mock.endpoint().toString()));
            try {
                FilterHandler handler = new FilterHandler(Map.of("KINESIS_STREAM", "filtered",
                        "ACCOUNTSTREAM_DYNAMODB_ATTRIBUTES_ACI", "aci"));
                Map<String, AttributeValue> item = Map.of(
                        "aci", binary(AciRange.uuidBytes(ACI)),
                        "P", new AttributeValue("+15550001234"),
                        "C", new AttributeValue().withBOOL(true));

                StreamsEventResponse response = handler.handleRequest(event(insert("1", item)), null);

                assertThat(response.getBatchItemFailures()).isEmpty();
            } finally {
                setSystemProperties(saved);
            }
            assertThat(KinesisRecords.byPartitionKey(reader, "filtered")).containsExactly(Map.entry(
                    AccountRecordFormat.partitionKey(ACI),
                    List.<AccountChange>of(new AccountChange.Upsert(
                            new Account(ACI, 15_550_001_234L, true, null, null)))));
        }
    }

    /** Sets (or, for a null value, clears) each property; returns what they were. */
    private static Map<String, String> setSystemProperties(Map<String, String> properties) {
        Map<String, String> before = new HashMap<>();
        properties.forEach((key, value) -> before.put(key, value == null
                ? System.clearProperty(key)
                : System.setProperty(key, value)));
        return before;
    }
}
