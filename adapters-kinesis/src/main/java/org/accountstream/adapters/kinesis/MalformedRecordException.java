package org.accountstream.adapters.kinesis;

/**
 * A Kinesis record that is not an account record. The message says what is wrong with it, never
 * what it holds (records carry phone numbers).
 */
public final class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String problem) {
        super(problem);
    }
}
