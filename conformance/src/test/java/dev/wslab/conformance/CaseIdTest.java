package dev.wslab.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CaseIdTest {

    @Test
    void ordersNumericallyNotAlphabetically() {
        assertThat(CaseId.of("9.10")).isGreaterThan(CaseId.of("9.9"));
        assertThat(CaseId.of("10.1.1")).isGreaterThan(CaseId.of("9.8.6"));
        assertThat(CaseId.of("1.1")).isLessThan(CaseId.of("1.1.1"));
    }

    @Test
    void knowsItsSectionAndItsParents() {
        assertThat(CaseId.of("9.3.1").section()).isEqualTo(9);
        assertThat(CaseId.of("9.3.1").isUnder("9.3")).isTrue();
        assertThat(CaseId.of("9.31.1").isUnder("9.3")).isFalse();
    }

    @Test
    void refusesWhatIsNotACaseNumber() {
        assertThatThrownBy(() -> CaseId.of("9.*")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CaseId.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void orderIsTheOrderOfTheNumberLists(@ForAll @Size(min = 1, max = 4) List<@IntRange(max = 40) Integer> a,
                                         @ForAll @Size(min = 1, max = 4) List<@IntRange(max = 40) Integer> b) {
        int expected = Integer.signum(Arrays.compare(a.stream().mapToInt(i -> i).toArray(),
                b.stream().mapToInt(i -> i).toArray()));
        assertThat(Integer.signum(id(a).compareTo(id(b)))).isEqualTo(expected);
    }

    private static CaseId id(List<Integer> parts) {
        return CaseId.of(parts.stream().map(String::valueOf).collect(Collectors.joining(".")));
    }
}
