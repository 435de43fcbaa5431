package org.accountstream.adapters.sse;

import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.in.AccessDeniedException;

/**
 * Puts the metrics ({@code /observe/metrics}) behind the same credentials as the streams: any
 * configured client may read them. Health stays open, for load balancers and orchestrators.
 */
public final class MetricsAccess implements Filter {

    private static final String METRICS = "/observe/metrics";

    private final AccessControl access;

    public MetricsAccess(AccessControl access) {
        this.access = access;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (path.equals(METRICS) || path.startsWith(METRICS + "/")) {
            try {
                access.authenticate(PresentedSecret.of(request));
            } catch (AccessDeniedException e) {
                Problem.of(Status.UNAUTHORIZED_401, e.getMessage()).send(response);
                return;
            }
        }
        chain.proceed();
    }
}
