package org.accountstream.lambda;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.accountstream.domain.Account;
import org.accountstream.domain.E164;
import org.accountstream.lambda.MalformedImageException.Problem;

/**
 * Where the served fields of an account live in a stream image of a Lambda event (DESIGN §2),
 * and how to read them: the names and the rules of adapters-dynamodb's {@code AccountAttributes}
 * (which reads the AWS SDK's attribute values; this reads the Lambda event library's).
 * Defaults: {@code U} = aci (16-byte binary), {@code P} = e164 ({@code "+digits"}), {@code C} =
 * discoverable (bool), {@code PNI} = pni (16 bytes), {@code UAK} = uak (bytes); other attributes
 * are ignored.
 *
 * <p>Strict where a wrong guess would serve a wrong account (the key, the number, a present but
 * mistyped field), lenient only where absence has one meaning: no {@code C} is "not
 * discoverable", no {@code PNI} is "no pni", no {@code UAK} is "no uak".
 */
public record ImageAttributes(String aci, String e164, String discoverable, String pni, String uak) {

    private static final int UUID_BYTES = 16;

    public ImageAttributes {
        List<String> names = List.of(aci, e164, discoverable, pni, uak); // throws on null
        if (names.stream().anyMatch(String::isBlank) || Set.copyOf(names).size() != names.size()) {
            throw new IllegalArgumentException("attribute names must be non-blank and distinct: " + names);
        }
    }

    public static ImageAttributes defaults() {
        return new ImageAttributes("U", "P", "C", "PNI", "UAK");
    }

    /** Reads a stream image; attributes not served are ignored. */
    public Account decode(Map<String, AttributeValue> image) throws MalformedImageException {
        Objects.requireNonNull(image, "image");
        String key = describeKey(image);
        AttributeValue aciValue = image.get(aci);
        if (aciValue == null) {
            throw new MalformedImageException(Problem.MISSING_ACI, aci, key, "is missing");
        }
        UUID aciUuid = uuidOf(aciValue);
        if (aciUuid == null) {
            throw new MalformedImageException(Problem.MALFORMED_ACI, aci, key, "is not 16 bytes");
        }
        AttributeValue e164Value = image.get(e164);
        if (e164Value == null) {
            throw new MalformedImageException(Problem.MISSING_E164, e164, key, "is missing");
        }
        long number;
        try {
            number = E164.parse(e164Value.getS()); // null when the value is not a string
        } catch (IllegalArgumentException e) { // its message quotes the number: not passed on
            throw new MalformedImageException(Problem.MALFORMED_E164, e164, key, "is not a \"+digits\" string");
        }
        AttributeValue discoverableValue = image.get(discoverable);
        if (discoverableValue != null && discoverableValue.getBOOL() == null) {
            throw new MalformedImageException(Problem.MALFORMED_DISCOVERABLE, discoverable, key, "is not a bool");
        }
        AttributeValue pniValue = image.get(pni);
        UUID pniUuid = pniValue == null ? null : uuidOf(pniValue);
        if (pniValue != null && pniUuid == null) {
            throw new MalformedImageException(Problem.MALFORMED_PNI, pni, key, "is not 16 bytes");
        }
        AttributeValue uakValue = image.get(uak);
        if (uakValue != null && uakValue.getB() == null) {
            throw new MalformedImageException(Problem.MALFORMED_UAK, uak, key, "is not binary");
        }
        return new Account(aciUuid, number,
                discoverableValue != null && discoverableValue.getBOOL(),
                pniUuid,
                uakValue == null ? null : bytesOf(uakValue.getB()));
    }

    /**
     * The image's key for logs, e.g. {@code U=5f0c…}: the aci as a UUID when it is one, else the
     * raw key bytes in hex. The key identifies a row without revealing its served data.
     */
    public String describeKey(Map<String, AttributeValue> image) {
        AttributeValue value = image.get(aci);
        if (value == null) {
            return aci + "=<missing>";
        }
        UUID uuid = uuidOf(value);
        if (uuid != null) {
            return aci + "=" + uuid;
        }
        return value.getB() != null
                ? aci + "=0x" + HexFormat.of().formatHex(bytesOf(value.getB()))
                : aci + "=<not binary>";
    }

    private static UUID uuidOf(AttributeValue value) {
        ByteBuffer bytes = value.getB();
        if (bytes == null || bytes.remaining() != UUID_BYTES) {
            return null;
        }
        ByteBuffer buffer = bytes.duplicate(); // reading must not move the event's buffer
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
