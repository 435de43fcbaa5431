package org.accountstream.ports.out;

/**
 * Where a read of a scan segment stopped: the source that made it can continue the segment right
 * after it. A cursor is only understood by the source that made it (for DynamoDB it is a Scan's
 * {@code LastEvaluatedKey}), except {@link #START}, which every source reads as "from the top".
 */
public interface ScanCursor {

    ScanCursor START = new ScanCursor() {
        @Override
        public String toString() {
            return "start of segment";
        }
    };
}
