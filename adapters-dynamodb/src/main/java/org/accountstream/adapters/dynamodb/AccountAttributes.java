package org.accountstream.adapters.dynamodb;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.accountstream.adapters.dynamodb.MalformedItemException.Problem;
import org.accountstream.domain.Account;
import org.accountstream.domain.E164;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where the served fields of an account live in a table item (DESIGN §2), and how to read them.
 * Defaults: {@code U} = aci (16-byte binary, the hash key), {@code P} = e164 ({@code "+digits"}),
 * {@code C} = discoverable (bool), {@code PNI} = pni (16 bytes), {@code UAK} = uak (bytes).
 *
 * <p>Scan items and stream images use the same {@link AttributeValue} type in SDK v2, so one
 * decoder serves both. Attributes other than these five are ignored.
 *
 * <p>Reading is strict where a wrong guess would serve a wrong account (the key, the number,
 * a present but mistyped field) and lenient only where absence has one meaning: no {@code C}
 * is "not discoverable", no {@code PNI} is "no pni", no {@code UAK} is "no uak".
 */
public record AccountAttributes(String aci, String e164, String discoverable, String pni, String uak) {

    private static final int UUID_BYTES = 16;

    public AccountAttributes {
        List<String> names = List.of(aci, e164, discoverable, pni, uak); // throws on null
        if (names.stream().anyMatch(String::isBlank) || Set.copyOf(names).size() != names.size()) {
            throw new IllegalArgumentException("attribute names must be non-blank and distinct: " + names);
        }
    }

    public static AccountAttributes defaults() {
        return new AccountAttributes("U", "P", "C", "PNI", "UAK");
    }

    /** The attributes a consumer is served: all a scan needs to project. */
    public List<String> served() {
        return List.of(aci, e164, discoverable, pni, uak);
    }

    /** Reads an item or stream image; attributes not served are ignored. */
    public Account decode(Map<String, AttributeValue> item) throws MalformedItemException {
        Objects.requireNonNull(item, "item");
        String key = describeKey(item);
        AttributeValue aciValue = item.get(aci);
        if (aciValue == null) {
            throw new MalformedItemException(Problem.MISSING_ACI, aci, key, "is missing");
        }
        UUID aciUuid = uuidOf(aciValue);
        if (aciUuid == null) {
            throw new MalformedItemException(Problem.MALFORMED_ACI, aci, key, "is not 16 bytes");
        }
        AttributeValue e164Value = item.get(e164);
        if (e164Value == null) {
            throw new MalformedItemException(Problem.MISSING_E164, e164, key, "is missing");
        }
        long number;
        try {
            number = E164.parse(e164Value.s()); // s() is null when the value is not a string
        } catch (IllegalArgumentException e) {
            throw new MalformedItemException(Problem.MALFORMED_E164, e164, key, "is not a \"+digits\" string");
        }
        AttributeValue discoverableValue = item.get(discoverable);
        if (discoverableValue != null && discoverableValue.bool() == null) {
            throw new MalformedItemException(Problem.MALFORMED_DISCOVERABLE, discoverable, key, "is not a bool");
        }
        AttributeValue pniValue = item.get(pni);
        UUID pniUuid = pniValue == null ? null : uuidOf(pniValue);
        if (pniValue != null && pniUuid == null) {
            throw new MalformedItemException(Problem.MALFORMED_PNI, pni, key, "is not 16 bytes");
        }
        AttributeValue uakValue = item.get(uak);
        if (uakValue != null && uakValue.b() == null) {
            throw new MalformedItemException(Problem.MALFORMED_UAK, uak, key, "is not binary");
        }
        return new Account(aciUuid, number,
                discoverableValue != null && discoverableValue.bool(),
                pniUuid,
                uakValue == null ? null : uakValue.b().asByteArray());
    }

    /** The item that {@link #decode} reads back as {@code account}; an empty uak is left out. */
    public Map<String, AttributeValue> encode(Account account) {
        Map<String, AttributeValue> item = new HashMap<>(key(account.aci()));
        item.put(e164, AttributeValue.fromS(E164.format(account.e164())));
        item.put(discoverable, AttributeValue.fromBool(account.discoverable()));
        if (account.pni() != null) {
            item.put(pni, AttributeValue.fromB(SdkBytes.fromByteArray(bytesOf(account.pni()))));
        }
        if (account.uak().length > 0) {
            item.put(uak, AttributeValue.fromB(SdkBytes.fromByteArray(account.uak())));
        }
        return item;
    }

    /** The table key of the account with {@code aciUuid}. */
    public Map<String, AttributeValue> key(UUID aciUuid) {
        return Map.of(aci, AttributeValue.fromB(SdkBytes.fromByteArray(bytesOf(aciUuid))));
    }

    /**
     * The item's key for logs, e.g. {@code U=5f0c…}: the aci as a UUID when it is one, else the
     * raw key bytes in hex. The key identifies a row without revealing its served data.
     */
    public String describeKey(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(aci);
        if (value == null) {
            return aci + "=<missing>";
        }
        UUID uuid = uuidOf(value);
        if (uuid != null) {
            return aci + "=" + uuid;
        }
        return value.b() != null
                ? aci + "=0x" + HexFormat.of().formatHex(value.b().asByteArrayUnsafe())
                : aci + "=<not binary>";
    }

    private static UUID uuidOf(AttributeValue value) {
        SdkBytes bytes = value.b();
        if (bytes == null || bytes.asByteArrayUnsafe().length != UUID_BYTES) {
            return null;
        }
        ByteBuffer buffer = bytes.asByteBuffer();
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static byte[] bytesOf(UUID uuid) {
        return ByteBuffer.allocate(UUID_BYTES)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }
}
