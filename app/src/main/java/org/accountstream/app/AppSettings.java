package org.accountstream.app;

import io.helidon.config.Config;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.accountstream.adapters.kinesis.KinesisFanOutFeed;
import org.accountstream.demo.DemoLoad;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.demo.EmbeddedDynamoDb;
import org.accountstream.domain.Frame;
import org.accountstream.domain.TokenCodec;

/**
 * Everything the application reads from configuration (see {@link AppConfig} for its sources),
 * checked before anything starts.
 *
 * @param embeddedDynamoDb where the embedded mode serves DynamoDB Local to other clients (loopback)
 * @param tls              the key and certificate both listeners serve TLS with; plaintext when empty
 * @param tokenWriteVersion the token format version written (all are read): 1 holds version 2 back
 *                          while a fleet is mid-upgrade (DESIGN §5)
 */
record AppSettings(Mode mode, Feed feed, Set<Transport> transports, ListeningPort grpc, ListeningPort http,
                   int pageSize, List<byte[]> tokenKeys, int tokenWriteVersion, Serving serving, Sse sse, AuthSettings auth, Demo demo,
                   Memory memory, Dynamo dynamo, Kinesis kinesis, ListeningPort embeddedDynamoDb,
                   Optional<TlsSettings> tls) {

    /** Where the accounts table lives: DynamoDB Local in this process (the default), AWS, or memory. */
    enum Mode {
        EMBEDDED(Feed.DYNAMODB_STREAMS),
        AWS(Feed.DYNAMODB_STREAMS, Feed.KINESIS),
        MEMORY(Feed.MEMORY);

        /** The change feeds a table living here has, the first being the default. */
        private final List<Feed> feeds;

        Mode(Feed... feeds) {
            this.feeds = List.of(feeds);
        }
    }

    /** Which change feed of the table is read. */
    enum Feed {
        DYNAMODB_STREAMS("dynamodb-streams"),
        KINESIS("kinesis"),
        MEMORY("memory");

        private final String key;

        Feed(String key) {
            this.key = key;
        }
    }

    /** How clients are served: gRPC (the Signal protocol) and Server-Sent Events (on the HTTP port). */
    enum Transport {
        GRPC("grpc"),
        SSE("sse");

        private final String key;

        Transport(String key) {
            this.key = key;
        }
    }

    /** SSE streams: the keep-alive comment after this much silence, and the retry hint. */
    record Sse(Duration keepAlive, Duration retry) {
    }

    /**
     * How streams are served: the limits, the bookmark interval and the stop's grace.
     *
     * @param maxStreamsPerConnection a client's streams over one connection at once (HTTP/2
     *                                MAX_CONCURRENT_STREAMS); more wait in the client
     */
    record Serving(Duration shutdownGrace, Duration bookmarkInterval, int maxStreams, int maxSnapshots,
                   int maxStreamsPerConnection) {
    }

    /** The demo data the memory mode seeds and the writer that keeps changing it. */
    record Demo(int accounts, double updatesPerSecond, Duration duration) {
    }

    /** The in-memory table and feed. */
    record Memory(int shards, int segments, int readsPerSecondPerShard, Duration retention) {
    }

    /** The DynamoDB table (embedded and aws modes) and how it is scanned; attribute names per DESIGN §2. */
    record Dynamo(String table, int segments, int readParallelism, AccountAttributes attributes) {
    }

    /**
     * The Kinesis stream the filter Lambda writes (feed {@code kinesis}) and how it is read.
     *
     * @param stream                 its name; required with that feed
     * @param clockSkew              how far this server's clock may run ahead of Kinesis': fresh
     *                               streams start reading this far back (DESIGN §6)
     * @param readsPerSecondPerShard this replica's GetRecords budget per shard (Kinesis allows 5
     *                               per shard to all readers together: share it among replicas)
     * @param enhancedFanOut         read the head through a registered consumer's subscriptions
     * @param consumerName           that consumer: one per replica, so a name per host by default
     */
    record Kinesis(String stream, Duration clockSkew, int readsPerSecondPerShard, boolean enhancedFanOut,
                   String consumerName) {
    }

    private static final Logger LOG = Logger.getLogger(AppSettings.class.getName());

    private static final Set<String> ACCOUNTSTREAM_KEYS = Set.of(
            "accountstream.mode",
            "accountstream.page-size",
            "accountstream.token.keys",
            "accountstream.token.write-version",
            TlsSettings.CERTIFICATE,
            TlsSettings.PRIVATE_KEY,
            "accountstream.bookmark-interval",
            "accountstream.shutdown.grace",
            "accountstream.limits.max-streams",
            "accountstream.limits.max-snapshots",
            "accountstream.limits.max-streams-per-connection",
            "accountstream.demo.accounts",
            "accountstream.demo.updates-per-second",
            "accountstream.demo.duration",
            "accountstream.memory.shards",
            "accountstream.memory.segments",
            "accountstream.memory.reads-per-second",
            "accountstream.memory.retention",
            "accountstream.feed",
            "accountstream.transports",
            "accountstream.sse.keep-alive",
            "accountstream.sse.retry",
            AuthSettings.CLIENTS,
            AuthSettings.PROTECT_METRICS,
            "accountstream.embedded.dynamodb-port",
            "accountstream.dynamodb.table",
            "accountstream.dynamodb.segments",
            "accountstream.dynamodb.read-parallelism",
            "accountstream.dynamodb.attributes.aci",
            "accountstream.dynamodb.attributes.e164",
            "accountstream.dynamodb.attributes.discoverable",
            "accountstream.dynamodb.attributes.pni",
            "accountstream.dynamodb.attributes.uak",
            "accountstream.kinesis.stream",
            "accountstream.kinesis.clock-skew",
            "accountstream.kinesis.reads-per-second",
            "accountstream.kinesis.enhanced-fan-out",
            "accountstream.kinesis.consumer-name");

    /** Reads and checks the settings; the grpc and server sections are checked per source by {@link AppConfig}. */
    static AppSettings from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        reader.firstUnknownKey("accountstream", ACCOUNTSTREAM_KEYS).ifPresent(key -> {
            throw new ConfigurationException("unknown configuration key '" + key + "'; known keys: "
                    + ACCOUNTSTREAM_KEYS.stream().sorted().toList()
                    + " (environment variables spell '-' as '_dash_', e.g. ACCOUNTSTREAM_PAGE_dash_SIZE)");
        });
        Mode mode = mode(reader.stringValue("accountstream.mode", "embedded"));
        Feed feed = feed(mode, reader.stringValue("accountstream.feed", mode.feeds.getFirst().key));
        Kinesis kinesis = kinesis(reader);
        if (feed == Feed.KINESIS && kinesis.stream().isEmpty()) {
            throw new ConfigurationException("accountstream.feed=kinesis needs accountstream.kinesis.stream,"
                    + " the Kinesis stream the filter Lambda writes");
        }
        List<byte[]> keys = reader.stringList("accountstream.token.keys").stream()
                .map(AppSettings::decodeKey)
                .toList();
        if (keys.isEmpty()) {
            LOG.warning("accountstream.token.keys is not set: using a random key; continuation tokens"
                    + " will not survive a restart of this process");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            keys = List.of(random);
        }
        return new AppSettings(
                mode,
                feed,
                transports(reader),
                new ListeningPort("gRPC", reader.stringValue("grpc.host", "0.0.0.0"),
                        reader.intValue("grpc.port", 50051, 0, 65535), "grpc.port"),
                new ListeningPort("HTTP", reader.stringValue("server.host", "0.0.0.0"),
                        reader.intValue("server.port", 8080, 0, 65535), "server.port"),
                reader.intValue("accountstream.page-size", Frame.MAX_RECORDS, 1, Frame.MAX_RECORDS),
                keys,
                reader.intValue("accountstream.token.write-version", TokenCodec.FORMAT_VERSION, 1, TokenCodec.FORMAT_VERSION),
                serving(reader),
                new Sse(reader.positiveDuration("accountstream.sse.keep-alive", Duration.ofSeconds(15)),
                        reader.positiveDuration("accountstream.sse.retry", Duration.ofSeconds(2))),
                AuthSettings.from(config, reader),
                demo(reader),
                new Memory(
                        reader.intValue("accountstream.memory.shards", 4, 1, 1024),
                        reader.intValue("accountstream.memory.segments", 16, 1, 4096),
                        reader.intValue("accountstream.memory.reads-per-second", 5, 0, 1_000_000),
                        reader.positiveDuration("accountstream.memory.retention", Duration.ofHours(24))),
                dynamo(reader),
                kinesis,
                new ListeningPort("DynamoDB Local (embedded)", EmbeddedDynamoDb.HOST,
                        reader.intValue("accountstream.embedded.dynamodb-port", 8000, 0, 65535),
                        "accountstream.embedded.dynamodb-port"),
                TlsSettings.from(reader));
    }

    /** The codec of the configured keys, writing the configured version. */
    TokenCodec tokenCodec() {
        return new TokenCodec(tokenKeys, TokenCodec.DEFAULT_MAX_BYTES, tokenWriteVersion);
    }

    static Serving serving(ConfigReader reader) {
        return new Serving(
                reader.positiveDuration("accountstream.shutdown.grace", Duration.ofSeconds(5)),
                reader.positiveDuration("accountstream.bookmark-interval", Duration.ofSeconds(1)),
                reader.intValue("accountstream.limits.max-streams", 20_000, 1, 10_000_000),
                reader.intValue("accountstream.limits.max-snapshots", 64, 1, 100_000),
                reader.intValue("accountstream.limits.max-streams-per-connection", 10_000, 1, Integer.MAX_VALUE));
    }

    static Demo demo(ConfigReader reader) {
        return new Demo(
                reader.intValue("accountstream.demo.accounts", DemoLoad.DEFAULT_ACCOUNTS, 0, 50_000_000),
                reader.positiveDouble("accountstream.demo.updates-per-second", 10),
                reader.positiveDuration("accountstream.demo.duration", Duration.ofHours(1)));
    }

    static Dynamo dynamo(ConfigReader reader) {
        return new Dynamo(
                reader.stringValue("accountstream.dynamodb.table", EmbeddedDemo.Settings.DEFAULT_TABLE),
                reader.intValue("accountstream.dynamodb.segments", 64, 1, 1_000_000),
                reader.intValue("accountstream.dynamodb.read-parallelism", 8, 1, 256),
                attributes(reader));
    }

    static Kinesis kinesis(ConfigReader reader) {
        boolean enhancedFanOut = reader.booleanValue("accountstream.kinesis.enhanced-fan-out", false);
        // Only a fan-out reader needs the name: the default costs a host name lookup.
        String consumerName = reader.stringValue("accountstream.kinesis.consumer-name",
                enhancedFanOut ? KinesisFanOutFeed.defaultConsumerName() : "");
        if (enhancedFanOut && !consumerName.matches("[a-zA-Z0-9_.-]{1,128}")) {
            throw new ConfigurationException("accountstream.kinesis.consumer-name must be 1-128 characters of"
                    + " [a-zA-Z0-9_.-], got '" + consumerName + "'");
        }
        return new Kinesis(
                reader.stringValue("accountstream.kinesis.stream", ""),
                reader.nonNegativeDuration("accountstream.kinesis.clock-skew", Duration.ofMinutes(1)),
                reader.intValue("accountstream.kinesis.reads-per-second", 5, 1, 5),
                enhancedFanOut,
                consumerName);
    }

    private static AccountAttributes attributes(ConfigReader reader) {
        AccountAttributes defaults = AccountAttributes.defaults();
        try {
            return new AccountAttributes(
                    reader.stringValue("accountstream.dynamodb.attributes.aci", defaults.aci()),
                    reader.stringValue("accountstream.dynamodb.attributes.e164", defaults.e164()),
                    reader.stringValue("accountstream.dynamodb.attributes.discoverable", defaults.discoverable()),
                    reader.stringValue("accountstream.dynamodb.attributes.pni", defaults.pni()),
                    reader.stringValue("accountstream.dynamodb.attributes.uak", defaults.uak()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("accountstream.dynamodb.attributes.*: " + e.getMessage());
        }
    }

    private static Set<Transport> transports(ConfigReader reader) {
        List<String> names = reader.stringList("accountstream.transports");
        if (names.isEmpty()) {
            return EnumSet.allOf(Transport.class);
        }
        Set<Transport> transports = EnumSet.noneOf(Transport.class);
        for (String name : names) {
            transports.add(Arrays.stream(Transport.values()).filter(t -> t.key.equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigurationException("accountstream.transports: unknown transport '"
                            + name + "'; known: [grpc, sse]")));
        }
        return transports;
    }

    /** The feed named {@code name}, if the table of {@code mode} has it. */
    private static Feed feed(Mode mode, String name) {
        List<String> feeds = mode.feeds.stream().map(feed -> feed.key).toList();
        return mode.feeds.stream().filter(feed -> feed.key.equals(name)).findFirst()
                .orElseThrow(() -> new ConfigurationException("accountstream.feed=" + name + " does not go with"
                        + " accountstream.mode=" + mode.name().toLowerCase() + ": a table there has the feeds "
                        + feeds));
    }

    private static Mode mode(String name) {
        return switch (name) {
            case "embedded" -> Mode.EMBEDDED;
            case "aws" -> Mode.AWS;
            case "memory" -> Mode.MEMORY;
            default -> throw new ConfigurationException(
                    "accountstream.mode must be one of [embedded, aws, memory], got '" + name + "'");
        };
    }

    private static byte[] decodeKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("accountstream.token.keys entries must be base64: " + e.getMessage());
        }
        if (key.length < 16) {
            throw new ConfigurationException("accountstream.token.keys entries must decode to at least 16 bytes");
        }
        return key;
    }
}
