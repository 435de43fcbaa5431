package org.accountstream.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.accountstream.adapters.dynamodb.MalformedItemException.Problem;
import org.accountstream.domain.Account;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AccountAttributesTest {

    private static final UUID ACI = UUID.fromString("5f0c8f3e-2a5b-4c1d-9e7f-0123456789ab");
    private static final UUID PNI = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
    private static final byte[] ACI_BYTES = HexFormat.of().parseHex("5f0c8f3e2a5b4c1d9e7f0123456789ab");

    private final AccountAttributes attributes = AccountAttributes.defaults();

    @Test
    void decodesAnItemWithEveryServedField() throws Exception {
        Map<String, AttributeValue> item = Map.of(
                "U", binary(ACI_BYTES),
                "P", AttributeValue.fromS("+14155550123"),
                "C", AttributeValue.fromBool(true),
                "PNI", binary(HexFormat.of().parseHex("0a1b2c3d4e5f60718293a4b5c6d7e8f9")),
                "UAK", binary(new byte[] {1, 2, 3}),
                "lastSeen", AttributeValue.fromN("1700000000")); // not served: ignored

        assertThat(attributes.decode(item))
                .isEqualTo(new Account(ACI, 14155550123L, true, PNI, new byte[] {1, 2, 3}));
    }

    @Test
    void absentOptionalFieldsMeanNotDiscoverableNoPniNoUak() throws Exception {
        Map<String, AttributeValue> item = Map.of("U", binary(ACI_BYTES), "P", AttributeValue.fromS("+14155550123"));

        assertThat(attributes.decode(item)).isEqualTo(new Account(ACI, 14155550123L, false, null, null));
    }

    @Test
    void encodeIsReadBackByDecode() throws Exception {
        Account full = new Account(ACI, 4915112345678L, true, PNI, new byte[] {9, 8});
        Account bare = new Account(ACI, 4915112345678L, false, null, null);

        assertThat(attributes.decode(attributes.encode(full))).isEqualTo(full);
        assertThat(attributes.decode(attributes.encode(bare))).isEqualTo(bare);
        assertThat(attributes.encode(full).get("U").b().asByteArray()).isEqualTo(ACI_BYTES);
        assertThat(attributes.encode(full).get("P").s()).isEqualTo("+4915112345678");
        assertThat(attributes.encode(bare)).containsOnlyKeys("U", "P", "C");
    }

    @Test
    void configuredNamesAreUsedInsteadOfTheDefaults() throws Exception {
        AccountAttributes custom = new AccountAttributes("aci", "number", "visible", "phoneId", "key");
        Map<String, AttributeValue> item = Map.of(
                "aci", binary(ACI_BYTES),
                "number", AttributeValue.fromS("+14155550123"),
                "visible", AttributeValue.fromBool(true),
                "U", AttributeValue.fromS("not the key any more"));

        assertThat(custom.decode(item)).isEqualTo(new Account(ACI, 14155550123L, true, null, null));
        assertThat(custom.served()).containsExactly("aci", "number", "visible", "phoneId", "key");
    }

    @Test
    void namesMustBeDistinctAndNonBlank() {
        assertThatThrownBy(() -> new AccountAttributes("U", "U", "C", "PNI", "UAK"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccountAttributes("U", " ", "C", "PNI", "UAK"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccountAttributes("U", null, "C", "PNI", "UAK"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void missingKeyIsMalformed() {
        assertProblem(without("U"), Problem.MISSING_ACI, "U");
    }

    @Test
    void keyThatIsNotSixteenBytesIsMalformed() {
        assertProblem(with("U", binary(new byte[15])), Problem.MALFORMED_ACI, "U");
        assertProblem(with("U", AttributeValue.fromS(ACI.toString())), Problem.MALFORMED_ACI, "U");
    }

    @Test
    void missingNumberIsMalformed() {
        assertProblem(without("P"), Problem.MISSING_E164, "P");
    }

    @Test
    void numberThatIsNotPlusDigitsIsMalformed() {
        assertProblem(with("P", AttributeValue.fromS("14155550123")), Problem.MALFORMED_E164, "P");
        assertProblem(with("P", AttributeValue.fromS("+1415555x123")), Problem.MALFORMED_E164, "P");
        assertProblem(with("P", AttributeValue.fromS("+04155550123")), Problem.MALFORMED_E164, "P");
        assertProblem(with("P", AttributeValue.fromN("14155550123")), Problem.MALFORMED_E164, "P");
    }

    @Test
    void discoverableThatIsNotABoolIsMalformed() {
        assertProblem(with("C", AttributeValue.fromS("true")), Problem.MALFORMED_DISCOVERABLE, "C");
    }

    @Test
    void pniThatIsNotSixteenBytesIsMalformed() {
        assertProblem(with("PNI", binary(new byte[17])), Problem.MALFORMED_PNI, "PNI");
        assertProblem(with("PNI", AttributeValue.fromS(PNI.toString())), Problem.MALFORMED_PNI, "PNI");
    }

    @Test
    void uakThatIsNotBinaryIsMalformed() {
        assertProblem(with("UAK", AttributeValue.fromS("AQID")), Problem.MALFORMED_UAK, "UAK");
    }

    @Test
    void failureNamesTheKeyButNotTheData() {
        assertThatThrownBy(() -> attributes.decode(with("P", AttributeValue.fromS("+1415555x123"))))
                .hasMessageContaining("U=" + ACI)
                .hasMessageNotContaining("1415555");
    }

    @Test
    void describesAKeyThatIsNotAUuidInHex() {
        assertThat(attributes.describeKey(Map.of("U", binary(new byte[] {(byte) 0xab, 1}))))
                .isEqualTo("U=0xab01");
        assertThat(attributes.describeKey(Map.of())).isEqualTo("U=<missing>");
    }

    private void assertProblem(Map<String, AttributeValue> item, Problem problem, String attribute) {
        assertThatThrownBy(() -> attributes.decode(item))
                .isInstanceOfSatisfying(MalformedItemException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.attribute()).isEqualTo(attribute);
                });
    }

    private static Map<String, AttributeValue> good() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("U", binary(ACI_BYTES));
        item.put("P", AttributeValue.fromS("+14155550123"));
        item.put("C", AttributeValue.fromBool(true));
        return item;
    }

    private static Map<String, AttributeValue> with(String name, AttributeValue value) {
        Map<String, AttributeValue> item = good();
        item.put(name, value);
        return item;
    }

    private static Map<String, AttributeValue> without(String name) {
        Map<String, AttributeValue> item = good();
        item.remove(name);
        return item;
    }

    private static AttributeValue binary(byte[] bytes) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
    }
}
