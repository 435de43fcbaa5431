package org.accountstream.adapters.grpc;

import java.util.function.Consumer;
import org.accountstream.ports.in.ServiceReadiness;

/** A service that is ready from the start and stays so, for transport tests with fake services. */
enum AlwaysReady implements ServiceReadiness {
    INSTANCE;

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public void onReadinessChange(Consumer<Boolean> listener) {
        listener.accept(true);
    }
}
