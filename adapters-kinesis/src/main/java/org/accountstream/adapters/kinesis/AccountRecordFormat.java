package org.accountstream.adapters.kinesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.E164;

/**
 * The records the filter Lambda writes to Kinesis, one JSON document per change, drop-in with
 * the Lambda Signal runs (docs/KINESIS-RECORDS.md):
 * <pre>
 *   {"e164": "+15551234567", "uuid": "&lt;base64 of the aci's 16 bytes&gt;", "canonicallyDiscoverable": true,
 *    "pni": "&lt;base64 of 16 bytes&gt;" | null, "uak": "&lt;base64&gt;" | null}
 * </pre>
 * with the aci as a UUID string for the partition key, so one account's records stay in one
 * shard, in order. An account that is not discoverable is a removal of its number; one without a
 * number ({@code "e164": null}) serves nothing. Readers ignore fields they do not know, so writers
 * may add some.
 */
public final class AccountRecordFormat {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private AccountRecordFormat() {
    }

    /** The partition key of an account's records: its aci as a UUID string. */
    public static String partitionKey(UUID aci) {
        return aci.toString();
    }

    /**
     * The record of one change: an upsert writes the account, a removal the removed account as not
     * discoverable (its pni and uak are not known here, and nobody reads them from a removal).
     */
    public static byte[] encode(AccountChange change) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("e164", E164.format(change.e164()));
            switch (change) {
                case AccountChange.Upsert upsert -> {
                    Account account = upsert.account();
                    json.writeStringField("uuid", base64(account.aci()));
                    json.writeBooleanField("canonicallyDiscoverable", true);
                    writeNullable(json, "pni", account.pni() == null ? null : base64(account.pni()));
                    writeNullable(json, "uak", account.uak().length == 0 ? null : BASE64.encodeToString(account.uak()));
                }
                case AccountChange.Removal removal -> {
                    if (removal.removedAci() == null) {
                        throw new IllegalArgumentException("a removal record names the account removed: " + removal);
                    }
                    json.writeStringField("uuid", base64(removal.removedAci()));
                    json.writeBooleanField("canonicallyDiscoverable", false);
                    json.writeNullField("pni");
                    json.writeNullField("uak");
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The changes one record stands for: the account, the removal of its number, or nothing.
     *
     * @throws MalformedRecordException when the data is not such a document
     */
    public static List<AccountChange> decode(byte[] data) {
        Fields fields = new Fields();
        try (JsonParser json = JSON.createParser(data)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRecordException("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "e164" -> fields.e164 = textOrNull(json, value, name);
                    case "uuid" -> fields.uuid = textOrNull(json, value, name);
                    case "canonicallyDiscoverable" -> fields.discoverable = value == JsonToken.VALUE_TRUE;
                    case "pni" -> fields.pni = textOrNull(json, value, name);
                    case "uak" -> fields.uak = textOrNull(json, value, name);
                    default -> json.skipChildren(); // a field of a newer writer
                }
            }
        } catch (IOException e) {
            throw new MalformedRecordException("not a JSON document"); // the parser's message may quote the data
        }
        return fields.changes();
    }

    /** What a record's fields say, once read. */
    private static final class Fields {
        String e164;
        String uuid;
        boolean discoverable;
        String pni;
        String uak;

        List<AccountChange> changes() {
            if (uuid == null) {
                throw new MalformedRecordException("no uuid");
            }
            UUID aci = uuid(uuid, "uuid");
            if (e164 == null) {
                return List.of(); // an account without a number: nothing to serve or remove
            }
            long number;
            try {
                number = E164.parse(e164);
            } catch (IllegalArgumentException e) {
                throw new MalformedRecordException("e164 is not +digits");
            }
            if (!discoverable) {
                return List.of(new AccountChange.Removal(number, aci));
            }
            return List.of(new AccountChange.Upsert(new Account(aci, number, true,
                    pni == null ? null : uuid(pni, "pni"), uak == null ? new byte[0] : bytes(uak, "uak"))));
        }
    }

    private static String textOrNull(JsonParser json, JsonToken value, String name) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new MalformedRecordException(name + " is not a string");
        }
        return json.getText();
    }

    private static UUID uuid(String base64, String name) {
        byte[] bytes = bytes(base64, name);
        if (bytes.length != 16) {
            throw new MalformedRecordException(name + " is not 16 bytes");
        }
        return AciRange.uuidFromBytes(bytes);
    }

    private static byte[] bytes(String base64, String name) {
        try {
            return BASE64_DECODER.decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(name + " is not base64");
        }
    }

    private static String base64(UUID uuid) {
        return BASE64.encodeToString(AciRange.uuidBytes(uuid));
    }

    private static void writeNullable(JsonGenerator json, String name, String value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, value);
        }
    }
}
