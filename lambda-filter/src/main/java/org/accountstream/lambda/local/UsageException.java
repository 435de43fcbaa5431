package org.accountstream.lambda.local;

/**
 * The runner cannot start with what it was told: an argument, or what one names (a table without
 * a stream, a checkpoint file of another stream). Its message says what and how to fix it; the
 * runner prints it and exits with status 2.
 */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
