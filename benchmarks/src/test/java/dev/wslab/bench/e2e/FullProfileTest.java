package dev.wslab.bench.e2e;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The full matrix's shape: what the results page's "336 cells" verdict counts on, and no cell that only measures overload. */
class FullProfileTest {

    private static List<CellSpec> fullCells() {
        List<Transport> transports = new ArrayList<>();
        for (Transport t : TransportCatalog.all()) {
            if (Profile.FULL.defaultTransports().contains(t.id())) {
                transports.add(t);
            }
        }
        assertThat(transports).hasSize(Profile.FULL.defaultTransports().size()); // every default id exists
        return Profile.FULL.cells(transports);
    }

    @Test
    void theFullMatrixHas336Cells() {
        assertThat(fullCells()).hasSize(336);
    }

    @Test
    void noClosedLoopCellKeepsMoreThanTenThousandDeliveriesInFlight() {
        for (CellSpec spec : fullCells()) {
            if (spec.mode() != CellSpec.Mode.SATURATION) {
                continue;
            }
            int members = spec.clients() / spec.rooms();
            int senders = 0;
            for (int i = 0; i < spec.clients(); i++) {
                senders += spec.sends(i) ? 1 : 0;
            }
            assertThat((long) senders * spec.inFlight() * members).as(spec.label()).isLessThanOrEqualTo(10_000);
            assertThat(senders).as(spec.label()).isGreaterThanOrEqualTo(spec.rooms()); // every room has a sender
        }
    }

    @Test
    void aFixedRateCellOffersAtMostTenThousandDeliveriesPerSecond() {
        for (CellSpec spec : fullCells()) {
            if (spec.mode() == CellSpec.Mode.FIXED_RATE) {
                assertThat((long) spec.sendsPerSecond() * ((spec.clients() + spec.rooms() - 1) / spec.rooms()))
                        .as(spec.label()).isLessThanOrEqualTo(10_000);
            }
        }
    }
}
