package dev.wslab.framing;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CloseCodeTest {

    @Test
    void isValidOnWireAcrossTheWhole16BitRange() {
        for (int code = 0; code <= 65535; code++) {
            boolean expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                    || (code >= 3000 && code <= 4999);
            assertThat(CloseCode.isValidOnWire(code)).as("code %d", code).isEqualTo(expected);
        }
    }

    @Test
    void reportingOnlyCodesAreNeverValidOnWire() {
        assertThat(CloseCode.NO_STATUS_RECEIVED.isValidOnWire()).isFalse();
        assertThat(CloseCode.ABNORMAL_CLOSURE.isValidOnWire()).isFalse();
        assertThat(CloseCode.TLS_HANDSHAKE.isValidOnWire()).isFalse();
        assertThat(CloseCode.isValidOnWire(1004)).isFalse();
        assertThat(CloseCode.isValidOnWire(1015)).isFalse();
        assertThat(CloseCode.isValidOnWire(5000)).isFalse();
    }

    @Test
    void everyNamedCodeMapsBack() {
        for (CloseCode code : CloseCode.values()) {
            assertThat(CloseCode.of(code.code())).contains(code);
        }
        assertThat(CloseCode.of(1004)).isEqualTo(Optional.empty());
    }

    @Test
    void describeExplainsEveryRange() {
        assertThat(CloseCode.describe(1000)).isEqualTo("1000 Normal Closure");
        assertThat(CloseCode.describe(1006)).contains("must never be sent");
        assertThat(CloseCode.describe(999)).contains("unused");
        assertThat(CloseCode.describe(2000)).contains("reserved for future");
        assertThat(CloseCode.describe(3001)).contains("libraries");
        assertThat(CloseCode.describe(4001)).contains("private use");
        assertThat(CloseCode.describe(5000)).contains("undefined");
        assertThat(CloseCode.describe(1004)).contains("reserved");
    }
}
