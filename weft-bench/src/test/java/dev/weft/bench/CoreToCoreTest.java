package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CoreToCoreTest {

    @Test
    void roundTrip_isAPositiveFiniteTime_orEmptyWithAReason() {
        OptionalDouble nanos = CoreToCore.roundTripNanos();
        if (Runtime.getRuntime().availableProcessors() < 2) {
            assertThat(nanos).isEmpty();
        } else if (nanos.isPresent()) {
            // at most the 2 s deadline spread over the 100,000 round trips of one measurement
            assertThat(nanos.getAsDouble()).isPositive().isLessThanOrEqualTo(20_000.0);
        }
        String text = CoreToCore.describe(nanos);
        assertThat(text).matches(nanos.isPresent() ? "\\d+ ns" : "not measured \\(one processor, or not done within 2 s\\)");
    }

    @Test
    void describe_printsWholeNanoseconds() {
        assertThat(CoreToCore.describe(OptionalDouble.of(512.4))).isEqualTo("512 ns");
        assertThat(CoreToCore.describe(OptionalDouble.empty())).startsWith("not measured");
    }
}
