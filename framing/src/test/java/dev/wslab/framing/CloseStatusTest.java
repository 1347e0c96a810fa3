package dev.wslab.framing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloseStatusTest {

    @Test
    void bodyIsTheBigEndianCodeThenTheUtf8Reason() {
        assertThat(Hex.of(CloseStatus.of(CloseCode.NORMAL_CLOSURE, "é").toBody())).isEqualTo("03 e8 c3 a9");
        assertThat(CloseStatus.NO_STATUS.toBody()).isEmpty();
    }

    @Test
    void reasonOf123BytesIsAcceptedAnd124IsNot() {
        assertThat(CloseStatus.of(1000, "a".repeat(123)).toBody()).hasSize(125);
        assertThatThrownBy(() -> CloseStatus.of(1000, "a".repeat(124))).hasMessageContaining("123");
    }

    @Test
    void reasonLimitCountsBytesNotCharacters() {
        assertThat(CloseStatus.of(1000, "é".repeat(61)).toBody()).hasSize(124);
        assertThatThrownBy(() -> CloseStatus.of(1000, "é".repeat(62))).hasMessageContaining("124 bytes");
    }

    @Test
    void codesThatMayNotBeSentAreRefused() {
        for (int code : new int[] {0, 999, 1004, 1006, 1015, 1016, 2999, 5000, 65535}) {
            assertThatThrownBy(() -> CloseStatus.of(code, "")).as("code %d", code)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new CloseStatus(1005, "reason")).hasMessageContaining("without a status code");
    }

    @Test
    void loneSurrogateReasonIsRefused() {
        assertThatThrownBy(() -> CloseStatus.of(1000, "\uD800")).hasMessageContaining("surrogate");
    }

    @Test
    void checkBodyAppliesTheRulesOfSection551() {
        assertThat(CloseStatus.checkBody(new byte[0])).isEmpty();
        assertThat(CloseStatus.checkBody(Hex.bytes("03"))).hasValueSatisfying(v -> {
            assertThat(v.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR);
            assertThat(v.rfcSection()).isEqualTo("RFC 6455 §5.5.1");
        });
        assertThat(CloseStatus.checkBody(Hex.bytes("03 ed"))).hasValueSatisfying(v ->
                assertThat(v.explanation()).contains("1005"));
        assertThat(CloseStatus.checkBody(Hex.bytes("03 e8 ff"))).hasValueSatisfying(v ->
                assertThat(v.closeCode()).isEqualTo(CloseCode.INVALID_PAYLOAD_DATA));
        assertThat(CloseStatus.checkBody(Hex.bytes("03 e8 e2 82"))).hasValueSatisfying(v ->
                assertThat(v.explanation()).contains("middle of a UTF-8 character"));
    }

    @Test
    void everyCodeIn16BitsIsJudgedByIsValidOnWire() {
        for (int code = 0; code <= 65535; code++) {
            byte[] body = {(byte) (code >>> 8), (byte) code};
            assertThat(CloseStatus.checkBody(body).isEmpty()).as("code %d", code).isEqualTo(CloseCode.isValidOnWire(code));
        }
    }

    @Test
    void fromBodyRoundTrips() {
        CloseStatus status = CloseStatus.of(4001, "room closed");
        assertThat(CloseStatus.fromBody(status.toBody())).isEqualTo(status);
        assertThat(CloseStatus.fromBody(new byte[0])).isEqualTo(CloseStatus.NO_STATUS);
        assertThatThrownBy(() -> CloseStatus.fromBody(Hex.bytes("03"))).isInstanceOf(IllegalArgumentException.class);
    }
}
