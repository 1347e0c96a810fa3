package dev.wslab.framing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpcodeAndLimitsTest {

    @Test
    void everyFourBitValueIsEitherDefinedOrReserved() {
        for (int code = 0; code <= 15; code++) {
            boolean defined = code <= 2 || (code >= 8 && code <= 10);
            assertThat(Opcode.fromCode(code).isPresent()).as("opcode %d", code).isEqualTo(defined);
            assertThat(Opcode.isReserved(code)).isEqualTo(!defined);
        }
        assertThat(Opcode.fromCode(16)).isEmpty();
        assertThat(Opcode.describe(0xB)).isEqualTo("reserved control opcode (0xB)");
        assertThat(Opcode.describe(0x3)).isEqualTo("reserved data opcode (0x3)");
        assertThat(Opcode.describe(0x1)).isEqualTo("TEXT (0x1)");
    }

    @Test
    void controlOpcodesHaveTheHighBitSet() {
        assertThat(Opcode.CLOSE.isControl()).isTrue();
        assertThat(Opcode.PING.isControl()).isTrue();
        assertThat(Opcode.PONG.isControl()).isTrue();
        assertThat(Opcode.TEXT.isData()).isTrue();
        assertThat(Opcode.CONTINUATION.isData()).isTrue();
    }

    @Test
    void rolesDecideMaskingAndWhoClosesTcpFirst() {
        assertThat(Role.CLIENT.masksOutgoingFrames()).isTrue();
        assertThat(Role.SERVER.masksOutgoingFrames()).isFalse();
        assertThat(Role.SERVER.expectsMaskedIncomingFrames()).isTrue();
        assertThat(Role.SERVER.closesTransportFirst()).isTrue();
        assertThat(Role.CLIENT.peer()).isEqualTo(Role.SERVER);
    }

    @Test
    void defaultsAreSafeAndFinite() {
        Limits limits = Limits.DEFAULTS;
        assertThat(limits.maxFramePayload()).isEqualTo(65536);
        assertThat(limits.maxMessageSize()).isEqualTo(65536);
        assertThat(limits.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(limits.pongTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.outboundFragmentSize()).isEqualTo(16384);
    }

    @Test
    void withersChangeOneValue() {
        Limits limits = Limits.DEFAULTS.withMaxMessageSize(1 << 20).withCloseTimeout(Duration.ofMillis(10));
        assertThat(limits.maxMessageSize()).isEqualTo(1 << 20);
        assertThat(limits.closeTimeoutNanos()).isEqualTo(10_000_000L);
        assertThat(limits.maxFramePayload()).isEqualTo(65536);
        assertThat(Limits.DEFAULTS.withPongTimeout(Duration.ofDays(1_000_000_000L)).pongTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void nonsensicalLimitsAreRefused() {
        assertThatThrownBy(() -> Limits.DEFAULTS.withMaxFramePayload(124)).hasMessageContaining("125");
        assertThatThrownBy(() -> Limits.DEFAULTS.withMaxMessageSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limits.DEFAULTS.withOutboundFragmentSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limits.DEFAULTS.withCloseTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limits.DEFAULTS.withPongTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
