package org.accountstream.lambda;

import java.util.Map;

/**
 * What the filter is told through its environment: the Kinesis stream to write to
 * ({@code KINESIS_STREAM}) and the table's attribute names, through the variables AccountStream
 * itself reads ({@code ACCOUNTSTREAM_DYNAMODB_ATTRIBUTES_ACI}, {@code ..._E164},
 * {@code ..._DISCOVERABLE}, {@code ..._PNI}, {@code ..._UAK}; by default {@code U}, {@code P},
 * {@code C}, {@code PNI}, {@code UAK}). Region, credentials and endpoints are the AWS SDK's:
 * {@code AWS_REGION}, its credential chain, {@code AWS_ENDPOINT_URL_KINESIS}.
 */
public record FilterSettings(String kinesisStream, ImageAttributes attributes) {

    public static final String KINESIS_STREAM = "KINESIS_STREAM";
    private static final String ATTRIBUTE = "ACCOUNTSTREAM_DYNAMODB_ATTRIBUTES_";

    /** The Lambda's settings: {@code KINESIS_STREAM} is required. */
    public static FilterSettings fromEnvironment(Map<String, String> environment) {
        String stream = environment.get(KINESIS_STREAM);
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("the environment variable " + KINESIS_STREAM
                    + " is not set: it names the Kinesis stream the filter writes to");
        }
        return new FilterSettings(stream, attributesFrom(environment));
    }

    /** The attribute names the environment sets, the defaults for the others. */
    public static ImageAttributes attributesFrom(Map<String, String> environment) {
        ImageAttributes defaults = ImageAttributes.defaults();
        try {
            return new ImageAttributes(
                    environment.getOrDefault(ATTRIBUTE + "ACI", defaults.aci()),
                    environment.getOrDefault(ATTRIBUTE + "E164", defaults.e164()),
                    environment.getOrDefault(ATTRIBUTE + "DISCOVERABLE", defaults.discoverable()),
                    environment.getOrDefault(ATTRIBUTE + "PNI", defaults.pni()),
                    environment.getOrDefault(ATTRIBUTE + "UAK", defaults.uak()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the environment variables " + ATTRIBUTE + "* " + e.getMessage(), e);
        }
    }
}
