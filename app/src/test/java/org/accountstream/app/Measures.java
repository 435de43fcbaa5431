package org.accountstream.app;

import java.lang.management.ManagementFactory;

/** What the benchmarks measure alike: percentiles of sorted samples, and the heap after a GC. */
final class Measures {

    private Measures() {
    }

    /** The {@code p}th percentile of sorted {@code values} (nearest rank). */
    static double percentile(double[] values, int p) {
        return values[Math.max(0, (int) Math.ceil(p / 100.0 * values.length) - 1)];
    }

    /** The heap in use after a few full GCs: about what is reachable now. */
    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
