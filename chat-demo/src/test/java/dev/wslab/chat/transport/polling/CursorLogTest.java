package dev.wslab.chat.transport.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CursorLogTest {

    @Test
    void itemsAreNumberedFromOneAndReadAfterACursor() {
        CursorLog log = new CursorLog(10, 1000, CursorLog.Overflow.REFUSE);
        log.append("a");
        log.append("b");
        log.append("c");
        assertThat(log.read(0, 10)).isEqualTo(new CursorRead.Items(List.of("a", "b", "c"), 3));
        assertThat(log.read(1, 10)).isEqualTo(new CursorRead.Items(List.of("b", "c"), 3));
        assertThat(log.read(1, 1)).isEqualTo(new CursorRead.Items(List.of("b"), 2));
        assertThat(log.read(3, 10)).isEqualTo(new CursorRead.Items(List.of(), 3));
    }

    @Test
    void readingAcknowledgesSoOlderCursorsExpireAndUnknownOnesAreAhead() {
        CursorLog log = new CursorLog(10, 1000, CursorLog.Overflow.REFUSE);
        log.append("a");
        log.append("b");
        log.read(2, 10);
        assertThat(log.retainedItems()).isZero();
        assertThat(log.read(1, 10)).isEqualTo(new CursorRead.Expired(1, 2, 2));
        assertThat(log.read(3, 10)).isEqualTo(new CursorRead.Ahead(3, 2));
        assertThat(log.read(-1, 10)).isInstanceOf(CursorRead.Ahead.class);
    }

    @Test
    void refuseKeepsEverythingAndSaysNoWhenFull() {
        CursorLog log = new CursorLog(2, 1000, CursorLog.Overflow.REFUSE);
        assertThat(log.append("a")).isTrue();
        assertThat(log.append("b")).isTrue();
        assertThat(log.append("c")).isFalse();
        log.read(1, 10);
        assertThat(log.append("c")).isTrue();
        assertThat(log.read(1, 10)).isEqualTo(new CursorRead.Items(List.of("b", "c"), 3));
    }

    @Test
    void refuseAlsoCountsCharacters() {
        CursorLog log = new CursorLog(100, 5, CursorLog.Overflow.REFUSE);
        assertThat(log.append("abc")).isTrue();
        assertThat(log.append("def")).isFalse();
    }

    @Test
    void dropOldestMakesRoomAndTheLaggingReaderExpires() {
        CursorLog log = new CursorLog(2, 1000, CursorLog.Overflow.DROP_OLDEST);
        log.append("a");
        log.append("b");
        log.append("c");
        assertThat(log.oldestCursor()).isEqualTo(1);
        assertThat(log.read(0, 10)).isEqualTo(new CursorRead.Expired(0, 1, 3));
        assertThat(log.read(1, 10)).isEqualTo(new CursorRead.Items(List.of("b", "c"), 3));
    }

    @Test
    void closingDeliversWhatIsLeftThenEnds() {
        CursorLog log = new CursorLog(10, 1000, CursorLog.Overflow.REFUSE);
        log.append("a");
        assertThat(log.close("bye")).isTrue();
        assertThat(log.close("again")).isFalse();
        assertThat(log.append("b")).isFalse();
        assertThat(log.read(0, 10)).isEqualTo(new CursorRead.Items(List.of("a"), 1));
        assertThat(log.read(1, 10)).isEqualTo(new CursorRead.Ended("bye", 1));
    }

    @Test
    void aWaiterIsWokenOnceByTheNextItemOrReplacementOrClose() {
        CursorLog log = new CursorLog(10, 1000, CursorLog.Overflow.REFUSE);
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        assertThat(log.await(0, first::incrementAndGet)).isTrue();
        assertThat(log.await(0, second::incrementAndGet)).isTrue();
        assertThat(first).hasValue(1); // replaced: its poll answers empty instead of hanging
        log.append("a");
        log.append("b");
        assertThat(second).hasValue(1);
        assertThat(log.await(0, () -> { })).isFalse(); // something is there already: read now

        AtomicInteger third = new AtomicInteger();
        log.await(2, third::incrementAndGet);
        log.cancel(third::incrementAndGet); // another lambda: not the registered waiter
        assertThat(log.hasWaiter()).isTrue();
        log.close("end");
        assertThat(third).hasValue(1);
        assertThat(log.hasWaiter()).isFalse();
    }

    /**
     * However appends, reads, lost answers and retries interleave, a reader that always sends the cursor
     * of the last answer it actually received ends up with every item exactly once, in order.
     */
    @Property(tries = 300)
    void aReaderKeepingItsCursorGetsEveryItemExactlyOnce(@ForAll("steps") List<Integer> steps) {
        CursorLog log = new CursorLog(1_000, 1_000_000, CursorLog.Overflow.REFUSE);
        List<String> appended = new ArrayList<>();
        List<String> received = new ArrayList<>();
        long cursor = 0;
        for (int step : steps) {
            if (step < 4) {
                for (int i = 0; i <= step; i++) {
                    String item = "item-" + appended.size();
                    log.append(item);
                    appended.add(item);
                }
            } else {
                CursorRead read = log.read(cursor, step);
                assertThat(read).isInstanceOf(CursorRead.Items.class);
                boolean answerLost = step % 3 == 0;
                if (!answerLost) {
                    received.addAll(((CursorRead.Items) read).items());
                    cursor = ((CursorRead.Items) read).cursor();
                }
            }
        }
        CursorRead rest = log.read(cursor, Integer.MAX_VALUE);
        received.addAll(((CursorRead.Items) rest).items());
        assertThat(received).isEqualTo(appended);
    }

    @Provide
    Arbitrary<List<Integer>> steps() {
        return Arbitraries.integers().between(0, 9).list().ofMaxSize(60);
    }
}
