package dev.wslab.bench.e2e;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's own bookkeeping, which every reported figure rests on. */
class SelfChecksTest {

    @Test
    void headerSizesFollowRfc6455Section5_2() {
        assertThat(FrameAccounting.headerBytes(0, false)).isEqualTo(2);
        assertThat(FrameAccounting.headerBytes(125, false)).isEqualTo(2);
        assertThat(FrameAccounting.headerBytes(125, true)).isEqualTo(6);
        assertThat(FrameAccounting.headerBytes(126, false)).isEqualTo(4);
        assertThat(FrameAccounting.headerBytes(65535, true)).isEqualTo(8);
        assertThat(FrameAccounting.headerBytes(65536, false)).isEqualTo(10);
        assertThat(FrameAccounting.headerBytes(65536, true)).isEqualTo(14);
    }

    @Test
    void frameCostCheckPassesOnlyWhenTheSocketSawExactlyTheFrames() {
        FrameAccounting frames = new FrameAccounting();
        frames.frameIn(100);   // 102 bytes on the wire
        frames.frameIn(200);   // 204
        frames.frameOut(50);   // 56
        FrameAccounting.Snapshot snapshot = frames.snapshot();

        assertThat(CellRunner.frameCostCheck(snapshot, 306, 56).passed()).isTrue();
        assertThat(CellRunner.frameCostCheck(snapshot, 307, 56).passed()).isFalse();
        assertThat(CellRunner.frameCostCheck(snapshot, 306, 55).passed()).isFalse();
    }

    @Test
    void shortPollingMedianMustBeNearHalfThePeriodPlusARoundTrip() {
        assertThat(CellRunner.shortPollingMedianCheck(100, 100.2, 1.0, 52_000).passed()).isTrue();
        assertThat(CellRunner.shortPollingMedianCheck(100, 100.2, 1.0, 90_000).passed()).isFalse();
        assertThat(CellRunner.shortPollingMedianCheck(1000, 1000.5, 2.0, 480_000).passed()).isTrue();
        assertThat(CellRunner.shortPollingMedianCheck(1000, 1000.5, 2.0, 50_000).passed()).isFalse();
        // A busy machine stretched the period to 130 ms and polls took 20 ms: 85 ms is then expected.
        assertThat(CellRunner.shortPollingMedianCheck(100, 130, 20, 88_000).passed()).isTrue();
        assertThat(CellRunner.shortPollingMedianCheck(100, 130, 20, 30_000).passed()).isFalse();
        // At 10 ms the band stays narrower than the expectation: messages that never wait fail it.
        assertThat(CellRunner.shortPollingMedianCheck(10, 10.0, 0.2, 5_000).passed()).isTrue();
        assertThat(CellRunner.shortPollingMedianCheck(10, 10.0, 0.2, 660).passed()).isFalse();
    }

    @Test
    void markersSurviveTheRoundTripThroughAServerEvent() {
        String text = ChatWire.markerText('m', 12, 345, 16);
        assertThat(text).hasSize(16).startsWith("m12.345.");
        String event = "{\"type\":\"message\",\"id\":\"9\",\"room\":\"r\",\"sender\":{\"userId\":\"u1\","
                + "\"userName\":\"bench12\"},\"message\":\"" + text + "\",\"ts\":1}";
        List<ChatWire.Marker> found = new ArrayList<>();

        ChatWire.forEachMarker(event, found::add);

        assertThat(found).containsExactly(new ChatWire.Marker('m', 12, 345));
    }

    @Test
    void theLedgerCountsDuplicatesAndStrangersAndKeepsLatency() {
        PhaseLedger ledger = new PhaseLedger('m', 2);
        long sent = System.nanoTime();
        ledger.recordSend(0, 0, sent, sent, 2);
        int[] lastSeq = {-1, -1};

        ledger.recordDelivery(new ChatWire.Marker('m', 0, 0), sent + 3_000_000, lastSeq);
        ledger.recordDelivery(new ChatWire.Marker('m', 0, 0), sent + 4_000_000, lastSeq);
        ledger.recordDelivery(new ChatWire.Marker('m', 1, 7), sent + 4_000_000, lastSeq);
        ledger.recordDelivery(new ChatWire.Marker('w', 0, 0), sent + 4_000_000, lastSeq);

        assertThat(ledger.delivered()).isEqualTo(1);
        assertThat(ledger.duplicatesOrReordered()).isEqualTo(1);
        assertThat(ledger.unknown()).isEqualTo(1);
        assertThat(ledger.expectedDeliveries()).isEqualTo(2);
        assertThat(ledger.allDelivered()).isFalse();
        assertThat(ledger.latencyMicros().getValueAtPercentile(50)).isBetween(2_990L, 3_010L);
    }

    /** A sender woken 2 ms late: the latency from the intended time keeps the 2 ms, the one from the send does not. */
    @Test
    void theLedgerCountsFromTheIntendedTimeAndFromTheActualSend() {
        PhaseLedger ledger = new PhaseLedger('m', 1);
        long intended = System.nanoTime();
        ledger.recordSend(0, 0, intended, intended + 2_000_000, 1);

        ledger.recordDelivery(new ChatWire.Marker('m', 0, 0), intended + 2_500_000, new int[] {-1});

        assertThat(ledger.latencyMicros().getValueAtPercentile(50)).isBetween(2_490L, 2_510L);
        assertThat(ledger.fromSendMicros().getValueAtPercentile(50)).isBetween(498L, 502L);
    }

    /** A client that only reads: enough to feed event texts to the presence counter. */
    private static final class Listening extends LoadClient {
        Listening(int index) {
            super(index, "r" + index);
        }

        @Override
        void open() {
        }

        @Override
        void sendMessage(String text) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void presenceCheckFailsWhenAClientHearsMoreThanItsRoom() {
        CellSpec spec = new CellSpec(Transport.WSLAB_WEBSOCKET, 16, 4, 2, CellSpec.Mode.FIXED_RATE, 10, 0, 1, 1);
        Listening a = new Listening(0);
        Listening b = new Listening(1);
        a.onEventText("{\"type\":\"members\",\"room\":\"r0\",\"users\":[\"a\"]}", 0);
        a.onEventText("{\"cursor\":2,\"events\":[{\"type\":\"userJoined\",\"room\":\"r0\",\"userName\":\"c\"}]}", 0);
        assertThat(a.presenceEvents()).isEqualTo(2);
        assertThat(CellRunner.presenceCheck(spec, List.of(a, b)).passed()).isTrue();
        // The seed's user list on every connect: a third presence event for a room of two fails the check.
        b.onEventText("{\"type\":\"userList\",\"users\":[\"a\",\"b\",\"c\",\"d\"]}", 0);
        b.onEventText("{\"type\":\"userList\",\"users\":[\"a\",\"b\",\"c\",\"d\"]}", 0);
        b.onEventText("{\"type\":\"userList\",\"users\":[\"a\",\"b\",\"c\",\"d\"]}", 0);
        assertThat(CellRunner.presenceCheck(spec, List.of(a, b)).passed()).isFalse();
    }
}
