package org.accountstream.adapters.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Optional;
import org.accountstream.ports.in.AccessControl;

/**
 * Takes the secret a client presents from its call's metadata, for {@link AccountStreamGrpcService}
 * to check against the range in the request: {@code authorization: Bearer <secret>}, else
 * {@code x-signal-auth-token: <secret>}, the header existing AccountStream clients send.
 */
final class PresentedSecret implements ServerInterceptor {

    static final Context.Key<Optional<String>> KEY = Context.keyWithDefault("presented-secret", Optional.empty());

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> SIGNAL_AUTH_TOKEN =
            Metadata.Key.of("x-signal-auth-token", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(KEY, secret(headers)), call, headers, next);
    }

    private static Optional<String> secret(Metadata headers) {
        String authorization = headers.get(AUTHORIZATION);
        return authorization != null
                ? AccessControl.bearerSecret(authorization)
                : Optional.ofNullable(headers.get(SIGNAL_AUTH_TOKEN));
    }
}
