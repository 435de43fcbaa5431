package org.accountstream.application;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.accountstream.ports.in.ServiceReadiness;

/** Ready once the change feed is warmed up, until the service stops; listeners hear every change. */
final class Readiness implements ServiceReadiness {

    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private boolean warm; // guarded by this
    private boolean stopping; // guarded by this

    @Override
    public synchronized boolean ready() {
        return warm && !stopping;
    }

    @Override
    public void onReadinessChange(Consumer<Boolean> listener) {
        listeners.add(listener);
        listener.accept(ready());
    }

    void warmedUp() {
        change(() -> warm = true);
    }

    void stopping() {
        change(() -> stopping = true);
    }

    private void change(Runnable update) {
        boolean before;
        boolean after;
        synchronized (this) {
            before = ready();
            update.run();
            after = ready();
        }
        if (before != after) {
            listeners.forEach(listener -> listener.accept(after));
        }
    }
}
