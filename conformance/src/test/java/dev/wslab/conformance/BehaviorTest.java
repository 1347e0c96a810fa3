package dev.wslab.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BehaviorTest {

    @Test
    void parsesEveryStringTheSuiteWrites() {
        assertThat(Behavior.parse("OK")).isEqualTo(Behavior.OK);
        assertThat(Behavior.parse("NON-STRICT")).isEqualTo(Behavior.NON_STRICT);
        assertThat(Behavior.parse("INFORMATIONAL")).isEqualTo(Behavior.INFORMATIONAL);
        assertThat(Behavior.parse("UNIMPLEMENTED")).isEqualTo(Behavior.UNIMPLEMENTED);
        assertThat(Behavior.parse("FAILED")).isEqualTo(Behavior.FAILED);
        assertThat(Behavior.parse("WRONG CODE")).isEqualTo(Behavior.WRONG_CODE);
        assertThat(Behavior.parse("UNCLEAN")).isEqualTo(Behavior.UNCLEAN);
        assertThat(Behavior.parse("FAILED BY CLIENT")).isEqualTo(Behavior.FAILED_BY_CLIENT);
    }

    @Test
    void everyCloseFailureCountsAsFailed() {
        assertThat(Behavior.WRONG_CODE.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(Behavior.UNCLEAN.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(Behavior.FAILED_BY_CLIENT.outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void theWorseOutcomeWins() {
        assertThat(Outcome.OK.worse(Outcome.FAILED)).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.NON_STRICT.worse(Outcome.INFORMATIONAL)).isEqualTo(Outcome.NON_STRICT);
        assertThat(Outcome.UNIMPLEMENTED.worse(Outcome.OK)).isEqualTo(Outcome.UNIMPLEMENTED);
    }

    @Test
    void anUnknownStringIsRefused() {
        assertThatThrownBy(() -> Behavior.parse("PASS")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Behavior.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
