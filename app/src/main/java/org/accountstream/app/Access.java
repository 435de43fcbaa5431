package org.accountstream.app;

import java.util.logging.Logger;
import org.accountstream.application.ClientCredentials;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.out.StreamMetrics;

/** Who may read, as configured: the clients' credentials, or everyone (with a warning at every start). */
final class Access {

    private static final Logger LOG = Logger.getLogger(Access.class.getName());

    private Access() {
    }

    static AccessControl control(AuthSettings auth, StreamMetrics metrics) {
        if (auth.clients().isEmpty()) {
            LOG.warning("AUTHENTICATION IS OFF: anyone who reaches the gRPC or HTTP port reads every account;"
                    + " configure " + AuthSettings.CLIENTS + ".0.token (see README, \"Authentication\")");
            return AccessControl.OPEN;
        }
        LOG.info(() -> auth.clients().size() + " client credential(s) configured"
                + (auth.protectMetrics() ? "; metrics need one too" : "; metrics are open"));
        return new ClientCredentials(auth.clients(), metrics);
    }
}
