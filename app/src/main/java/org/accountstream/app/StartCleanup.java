package org.accountstream.app;

/** What a failed start does with what had started: close it, keeping the start's failure first. */
final class StartCleanup {

    private StartCleanup() {
    }

    /** Closes what had started (nulls had not), keeping close failures as suppressed ones of {@code failure}. */
    static void close(Throwable failure, AutoCloseable... started) {
        for (AutoCloseable closeable : started) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.addSuppressed(e);
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
