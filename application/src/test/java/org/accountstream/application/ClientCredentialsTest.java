package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.accountstream.domain.AciRange;
import org.accountstream.ports.in.AccessDeniedException;
import org.accountstream.ports.in.AccessDeniedException.Reason;
import org.accountstream.ports.out.StreamMetrics;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

    private static final UUID MIDDLE = UUID.fromString("80000000-0000-0000-0000-000000000000");
    private static final AciRange UPPER_HALF = new AciRange(Optional.of(MIDDLE), Optional.empty());

    private final List<Reason> denied = new CopyOnWriteArrayList<>();
    private final ClientCredentials credentials = new ClientCredentials(List.of(
            new ClientCredentials.Client("reads-everything", AciRange.ALL),
            new ClientCredentials.Client("reads-upper-half", UPPER_HALF)), new StreamMetrics() {
                @Override
                public void accessDenied(Reason reason) {
                    denied.add(reason);
                }
            });

    @Test
    void aKnownSecretReadsWhatItsRangeCovers() {
        assertThatCode(() -> credentials.authorize(Optional.of("reads-everything"), AciRange.ALL)).doesNotThrowAnyException();
        assertThatCode(() -> credentials.authorize(Optional.of("reads-upper-half"), UPPER_HALF)).doesNotThrowAnyException();
        assertThat(denied).isEmpty();
    }

    @Test
    void aMissingWrongOrEmptySecretIsUnauthenticated() {
        for (Optional<String> secret : List.of(Optional.<String>empty(), Optional.of("reads-everythinG"),
                Optional.of("reads-everything-and-more"), Optional.of(""))) {
            assertThatThrownBy(() -> credentials.authorize(secret, UPPER_HALF))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessage("missing or invalid credentials")
                    .extracting(e -> ((AccessDeniedException) e).reason()).isEqualTo(Reason.UNAUTHENTICATED);
        }
        assertThat(denied).containsOnly(Reason.UNAUTHENTICATED).hasSize(4);
    }

    @Test
    void aRangeLimitedSecretMustNameARangeInsideItsOwn() {
        assertThatThrownBy(() -> credentials.authorize(Optional.of("reads-upper-half"), AciRange.ALL))
                .isInstanceOf(AccessDeniedException.class)
                .extracting(e -> ((AccessDeniedException) e).reason()).isEqualTo(Reason.PERMISSION_DENIED);
        assertThatThrownBy(() -> credentials.authorize(Optional.of("reads-upper-half"),
                new AciRange(Optional.empty(), Optional.of(MIDDLE))))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(denied).containsExactly(Reason.PERMISSION_DENIED, Reason.PERMISSION_DENIED);
    }

    @Test
    void noSecretShowsInItsDescription() {
        assertThat(new ClientCredentials.Client("s3cret", AciRange.ALL).toString()).doesNotContain("s3cret");
    }
}
