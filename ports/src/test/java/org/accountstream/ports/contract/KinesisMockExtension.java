package org.accountstream.ports.contract;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link KinesisMock} for one test class, with the clients the class makes of it:
 * <pre>
 *   &#64;RegisterExtension
 *   static final KinesisMockExtension KINESIS = new KinesisMockExtension(Map.of("stream", 2));
 *
 *   &#64;BeforeAll
 *   static void clients() { kinesis = KINESIS.closesAfterAll(KinesisClient.builder()...build()); }
 * </pre>
 * Started before the class's {@code @BeforeAll} methods (skipped, or failed under CI, when not
 * installed: {@link KinesisMock#startForTests}); after its tests, the clients are closed in
 * reverse order, then the mock.
 */
public final class KinesisMockExtension implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, Integer> streams;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private KinesisMock mock;

    /** @param streams stream name → shard count, created at start */
    public KinesisMockExtension(Map<String, Integer> streams) {
        this.streams = Map.copyOf(streams);
    }

    public KinesisMockExtension() {
        this(Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        mock = KinesisMock.startForTests(streams);
    }

    /** Where the mock answers. */
    public URI endpoint() {
        return mock.endpoint();
    }

    /** Closes {@code resource} after the class's tests; returns it. */
    public <T extends AutoCloseable> T closesAfterAll(T resource) {
        toClose.push(resource);
        return resource;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            while (!toClose.isEmpty()) {
                toClose.pop().close();
            }
        } finally {
            if (mock != null) {
                mock.close();
            }
        }
    }
}
