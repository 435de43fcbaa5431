package org.accountstream.adapters.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.junit.jupiter.api.Test;

/** The filter Lambda's Kinesis records, as the deployed Lambda writes them and as ours does. */
class AccountRecordFormatTest {

    private static final UUID ACI = UUID.fromString("30313233-3435-3637-3839-616263646566");
    private static final UUID PNI = UUID.fromString("c0ffee00-0000-4000-8000-000000000001");

    @Test
    void readsTheDeployedLambdasRecord() {
        String deployed = """
                {"e164":"+15551234567","uuid":"MDEyMzQ1Njc4OWFiY2RlZg==","canonicallyDiscoverable":true,\
                "pni":"wP/uAAAAQACAAAAAAAAAAQ==","uak":"AQID"}""";

        assertThat(decode(deployed)).containsExactly(new AccountChange.Upsert(
                new Account(ACI, 15_551_234_567L, true, PNI, new byte[] {1, 2, 3})));
    }

    @Test
    void aRecordThatIsNotDiscoverableRemovesItsNumber() {
        String removal = """
                {"e164":"+15551234567","uuid":"MDEyMzQ1Njc4OWFiY2RlZg==","canonicallyDiscoverable":false,\
                "pni":null,"uak":null}""";

        assertThat(decode(removal)).containsExactly(new AccountChange.Removal(15_551_234_567L, ACI));
    }

    @Test
    void anAccountWithoutANumberServesNothing() {
        assertThat(decode("""
                {"e164":null,"uuid":"MDEyMzQ1Njc4OWFiY2RlZg==","canonicallyDiscoverable":true}""")).isEmpty();
    }

    @Test
    void fieldsOfANewerWriterAreIgnored() {
        assertThat(decode("""
                {"version":2,"extra":{"nested":[1,2]},"e164":"+15551234567","uuid":"MDEyMzQ1Njc4OWFiY2RlZg==",\
                "canonicallyDiscoverable":true}""")).containsExactly(
                new AccountChange.Upsert(new Account(ACI, 15_551_234_567L, true, null, new byte[0])));
    }

    @Test
    void whatOurLambdaWritesReadsBackAsTheSameChange() {
        List<AccountChange> changes = List.of(
                new AccountChange.Upsert(new Account(ACI, 15_551_234_567L, true, PNI, new byte[] {9})),
                new AccountChange.Upsert(new Account(ACI, 15_551_234_567L, true, null, new byte[0])),
                new AccountChange.Removal(15_551_234_567L, ACI));

        for (AccountChange change : changes) {
            assertThat(AccountRecordFormat.decode(AccountRecordFormat.encode(change))).containsExactly(change);
        }
        assertThat(AccountRecordFormat.partitionKey(ACI)).isEqualTo("30313233-3435-3637-3839-616263646566");
    }

    @Test
    void malformedRecordsSayWhatIsWrongWithoutTheirContent() {
        assertThatThrownBy(() -> decode("+15551234567")).isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> decode("[1,2]")).isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> decode("{\"e164\":\"+15551234567\"}"))
                .isInstanceOf(MalformedRecordException.class).hasMessage("no uuid");
        assertThatThrownBy(() -> decode("{\"e164\":\"15551234567\",\"uuid\":\"MDEyMzQ1Njc4OWFiY2RlZg==\"}"))
                .isInstanceOf(MalformedRecordException.class).hasMessageNotContaining("5551234567");
        assertThatThrownBy(() -> decode("{\"e164\":\"+15551234567\",\"uuid\":\"AQID\"}"))
                .isInstanceOf(MalformedRecordException.class).hasMessage("uuid is not 16 bytes");
        assertThatThrownBy(() -> decode("{\"e164\":\"+15551234567\",\"uuid\":\"not base64!\"}"))
                .isInstanceOf(MalformedRecordException.class).hasMessage("uuid is not base64");
    }

    private static List<AccountChange> decode(String json) {
        return AccountRecordFormat.decode(json.getBytes(StandardCharsets.UTF_8));
    }
}
