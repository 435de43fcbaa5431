package org.accountstream.adapters.kinesis;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import org.accountstream.aws.Backoff;
import org.accountstream.ports.out.SourceUnavailableException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * A stream's enhanced fan-out consumer of a given name, registered if missing and reused if not
 * (a replica restarting keeps its name, and so its consumer), once Kinesis says it is ACTIVE.
 */
final class FanOutConsumer {

    private static final Logger LOG = Logger.getLogger(FanOutConsumer.class.getName());
    /** Between DescribeStreamConsumer calls (Kinesis allows 20 per second per account). */
    private static final Backoff PAUSES = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), Integer.MAX_VALUE);

    private FanOutConsumer() {
    }

    /**
     * The ARN of the ACTIVE consumer {@code name} of {@code streamArn}, registering it if missing.
     *
     * @throws SourceUnavailableException when Kinesis cannot be reached, or the consumer is not
     *                                    active within {@code timeout}
     * @throws IllegalStateException      when Kinesis kept refusing to register it (a stream has at
     *                                    most 20 consumers)
     */
    static String activeArn(KinesisAsyncClient kinesis, String streamArn, String name, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        LimitExceededException refused = null;
        for (int round = 1; ; round++) {
            Optional<ConsumerDescription> consumer = describe(kinesis, streamArn, name);
            if (consumer.isPresent() && consumer.get().consumerStatus() == ConsumerStatus.ACTIVE) {
                return consumer.get().consumerARN();
            }
            if (consumer.isEmpty()) {
                refused = register(kinesis, streamArn, name);
            }
            if (System.nanoTime() - deadline > 0) {
                if (refused != null) {
                    throw new IllegalStateException("Kinesis refused to register consumer " + name + " of "
                            + streamArn + " (a stream has at most 20 consumers: deregister unused ones)", refused);
                }
                throw new SourceUnavailableException("consumer " + name + " of " + streamArn
                        + " is not active after " + timeout, null);
            }
            PAUSES.pauseBefore(round);
        }
    }

    private static Optional<ConsumerDescription> describe(KinesisAsyncClient kinesis, String streamArn, String name) {
        try {
            return Optional.of(kinesis.describeStreamConsumer(request -> request.streamARN(streamArn).consumerName(name))
                    .join().consumerDescription());
        } catch (CompletionException e) {
            if (Outages.unwrap(e) instanceof ResourceNotFoundException) {
                return Optional.empty();
            }
            throw Outages.classify(e, "describing consumer " + name + " of " + streamArn + " failed");
        }
    }

    /** Registers the consumer; answers the refusal if Kinesis refused for now (limits), else null. */
    private static LimitExceededException register(KinesisAsyncClient kinesis, String streamArn, String name) {
        try {
            kinesis.registerStreamConsumer(request -> request.streamARN(streamArn).consumerName(name)).join();
            LOG.info(() -> "registered enhanced fan-out consumer " + name + " of " + streamArn);
            return null;
        } catch (CompletionException e) {
            return switch (Outages.unwrap(e)) {
                case ResourceInUseException inUse -> null; // registered meanwhile, by another start with this name
                case LimitExceededException limit -> limit; // too many consumers, or registrations per second
                default -> throw Outages.classify(e, "registering consumer " + name + " of " + streamArn + " failed");
            };
        }
    }
}
