package org.accountstream.adapters.kinesis;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.accountstream.ports.out.SourceUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Tells a Kinesis outage (unreachable, failing on its side, throttling past the SDK's retries)
 * from anything else, as {@link KinesisChangeFeed} does: an outage is the driven side's
 * {@link SourceUnavailableException}, which the engine retries; anything else is a bug.
 */
final class Outages {

    private Outages() {
    }

    /** {@code e}, unwrapped from the async client's wrappers, as an outage or as itself. */
    static RuntimeException classify(Throwable e, String what) {
        Throwable cause = unwrap(e);
        boolean outage = cause instanceof SdkClientException || cause instanceof AwsServiceException service
                && (service.statusCode() >= 500 || service.isThrottlingException());
        if (outage) {
            return new SourceUnavailableException(what, cause);
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(what, cause);
    }

    /** The SDK exception behind a {@link CompletionException} or {@link ExecutionException}. */
    static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
