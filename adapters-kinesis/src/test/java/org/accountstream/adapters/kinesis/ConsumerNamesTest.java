package org.accountstream.adapters.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Default consumer names: one per host, in the characters and length Kinesis allows. */
class ConsumerNamesTest {

    private static final String KINESIS_PATTERN = "[a-zA-Z0-9_.-]+";

    @Test
    void aHostNameKinesisAcceptsIsKept() {
        assertThat(ConsumerNames.forHost("ip-10-0-0-1.ec2.internal")).isEqualTo("accountstream-ip-10-0-0-1.ec2.internal");
    }

    @Test
    void charactersKinesisRefusesBecomeDashes() {
        assertThat(ConsumerNames.forHost(" accounts pod/7:é ")).isEqualTo("accountstream-accounts-pod-7--");
    }

    @Test
    void longNamesAreCutToKinesisLimit() {
        String name = ConsumerNames.forHost("h".repeat(300));

        assertThat(name).hasSize(ConsumerNames.MAX_LENGTH).startsWith("accountstream-hhh");
    }

    @Test
    void thisHostHasAName() {
        assertThat(KinesisFanOutFeed.defaultConsumerName()).matches(KINESIS_PATTERN).startsWith("accountstream-");
    }
}
