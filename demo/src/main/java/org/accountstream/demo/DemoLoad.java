package org.accountstream.demo;

import java.time.Duration;

/**
 * What a demo's table holds and how it keeps changing: {@code accounts} seeded, then the demo
 * writer's mix at {@code updatesPerSecond} for {@code duration}.
 */
public record DemoLoad(int accounts, double updatesPerSecond, Duration duration) {

    /** The default demo, the one whose table comes prebuilt ({@link PrebuiltDemoTable}). */
    public static final int DEFAULT_ACCOUNTS = 10_000;
}
