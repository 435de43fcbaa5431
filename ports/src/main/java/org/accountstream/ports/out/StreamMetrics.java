package org.accountstream.ports.out;

import org.accountstream.domain.TokenCheck;
import org.accountstream.ports.in.AccessDeniedException;

/** What the service counts; the application exports it. */
public interface StreamMetrics {

    StreamMetrics NONE = new StreamMetrics() {
    };

    default void streamOpened() {
    }

    default void streamClosed() {
    }

    /** A stream was not admitted: {@code limit} names the limit it met. */
    default void streamRefused(String limit) {
    }

    /** A presented token was set aside, or a tailed horizon was trimmed, for {@code reason}. */
    default void tokenNotHonoured(TokenCheck.Reason reason) {
    }

    default void recordsSent(int records) {
    }

    /**
     * Items snapshot scans read from the table (before range and discoverability filters), once
     * per read however many snapshots shared it.
     */
    default void snapshotItemsScanned(int items) {
    }

    default void snapshotSegmentScanned() {
    }

    /** A snapshot resumed from a token handed out during it, instead of starting over. */
    default void snapshotResumed() {
    }

    /** A snapshot joined another one's scheduled read of a segment instead of reading it again. */
    default void snapshotSegmentReadJoined() {
    }

    /** One read of the change feed by this server; {@code shared} when by a shared tail. */
    default void feedRead(boolean shared) {
    }

    default void feedThrottled() {
    }

    /** A client was refused access for {@code reason}. */
    default void accessDenied(AccessDeniedException.Reason reason) {
    }
}
