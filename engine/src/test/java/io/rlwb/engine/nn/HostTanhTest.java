package io.rlwb.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link HostTanh}, the host path's vectorisable tanh (ADR 0030), against {@link Math#tanh}. */
class HostTanhTest {

    @Test
    void agreesWithMathTanhWithinFourTenMillionthsAndSaturates() {
        assertThat(HostTanh.degrees()).containsExactly(6, 6); // the loop writes out exactly these coefficients
        int n = 2_400_001;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) z[i] = (float) (-12.0 + 24.0 * i / (n - 1));
        float[] t = z.clone();
        HostTanh.applyInPlace(t, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double err = Math.abs(t[i] - Math.tanh(z[i]));
            worst = Math.max(worst, err);
            assertThat(Math.abs(t[i])).as("|tanh(%s)|", z[i]).isLessThanOrEqualTo(1f);
        }
        assertThat(worst).isLessThan(4e-7);
        // Small arguments keep their relative accuracy (tanh z ~ z), and the sign is exact.
        float[] small = {1e-30f, -1e-20f, 1e-7f, -3e-4f, 0f};
        float[] s = small.clone();
        HostTanh.applyInPlace(s, 0, s.length);
        for (int i = 0; i < s.length; i++) {
            assertThat((double) s[i]).as("tanh(%s)", small[i]).isCloseTo(Math.tanh(small[i]),
                    within(1e-6 * Math.abs(small[i])));
        }
    }

    @Test
    void infinitiesSaturateAndNanStaysNan() {
        float[] z = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 50f, -50f};
        HostTanh.applyInPlace(z, 0, z.length);
        assertThat(z[0]).isEqualTo(1f);
        assertThat(z[1]).isEqualTo(-1f);
        assertThat(z[2]).isNaN(); // the divergence guard must still see it
        assertThat(z[3]).isEqualTo(1f);
        assertThat(z[4]).isEqualTo(-1f);
    }

    @Test
    void onlyTheGivenRangeChanges() {
        float[] z = {2f, 0.5f, 3f};
        HostTanh.applyInPlace(z, 1, 2);
        assertThat(z[0]).isEqualTo(2f);
        assertThat(z[2]).isEqualTo(3f);
        assertThat((double) z[1]).isCloseTo(Math.tanh(0.5), within(4e-7));
    }
}
