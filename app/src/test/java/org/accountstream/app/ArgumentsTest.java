package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void everySpellingSetsAKey() {
        assertThat(Arguments.overrides("grpc.port=6000", "--server.port=8081", "-Daccountstream.token.keys=a=="))
                .containsExactly(entry("grpc.port", "6000"), entry("server.port", "8081"),
                        entry("accountstream.token.keys", "a=="));
    }

    @Test
    void aKeyGivenTwiceTakesItsLastValue() {
        assertThat(Arguments.overrides("grpc.port=1", "--grpc.port=2")).containsExactly(entry("grpc.port", "2"));
    }

    @Test
    void anythingElseIsRefusedNamingIt() {
        for (String notASetting : new String[] {"-Xmx2g", "--verbose", "grpc.port", "=6000", "-D=6000", "---grpc.port=1"}) {
            assertThatThrownBy(() -> Arguments.overrides("grpc.port=1", notASetting))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("unexpected argument '" + notASetting + "'")
                    .hasMessageContaining("key=value, --key=value or -Dkey=value");
        }
    }
}
