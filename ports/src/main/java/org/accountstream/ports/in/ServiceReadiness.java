package org.accountstream.ports.in;

import java.util.function.Consumer;

/**
 * Whether the service is ready for clients: started, its change feed warmed up, and not
 * stopping. Transports report it (gRPC health, HTTP readiness) so that load balancers send
 * clients only to ready replicas.
 */
public interface ServiceReadiness {

    boolean ready();

    /** Calls {@code listener} with the readiness now and after every change of it. */
    void onReadinessChange(Consumer<Boolean> listener);
}
