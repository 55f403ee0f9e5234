package io.rlwb.engine.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** A long run's series stays within its capacity, and what is drawn from it keeps means and extremes. */
class SeriesBoundedTest {
    @Test
    void aMillionPointsStayWithinCapacityWithExactExtremesMeansAndLastPoint() {
        Series s = new Series(1024);
        double sum = 0;
        for (int i = 0; i < 1_000_000; i++) {
            double y = i == 777_777 ? 1e6 : i == 123_456 ? -1e6 : Math.sin(i * 1e-3);
            s.add(i, y);
            sum += y;
        }
        assertThat(s.size()).isLessThanOrEqualTo(1024).isGreaterThan(256);
        assertThat(s.points()).isEqualTo(1_000_000);
        assertThat(s.maxY()).isEqualTo(1e6);
        assertThat(s.minY()).isEqualTo(-1e6);
        assertThat(s.lastX()).isEqualTo(999_999);
        assertThat(s.lastY()).isEqualTo(Math.sin(999_999 * 1e-3));
        long total = 0;
        double weighted = 0;
        for (int i = 0; i < s.size(); i++) {
            total += s.count(i);
            weighted += s.y(i) * s.count(i);
            if (i > 0) assertThat(s.x(i)).isGreaterThanOrEqualTo(s.x(i - 1));
        }
        assertThat(total).isEqualTo(1_000_000);
        assertThat(weighted / total).isCloseTo(sum / 1_000_000, within(1e-9));

        // Drawn at 800 pixels: both spikes are visible, and the bucket means average every point.
        Series.Decimated d = s.decimate(0, 999_999, 800);
        double dmax = Double.NEGATIVE_INFINITY;
        double dmin = Double.POSITIVE_INFINITY;
        long counted = 0;
        for (int k = 0; k < d.size(); k++) {
            dmax = Math.max(dmax, d.max()[k]);
            dmin = Math.min(dmin, d.min()[k]);
            counted += d.count()[k];
        }
        assertThat(dmax).isEqualTo(1e6);
        assertThat(dmin).isEqualTo(-1e6);
        assertThat(counted).isEqualTo(1_000_000);
    }

    @Test
    void belowCapacityEveryPointIsKeptAsItCame() {
        Series s = new Series(1024);
        for (int i = 0; i < 1000; i++) s.add(i, i * 2.0);
        assertThat(s.size()).isEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(s.x(i)).isEqualTo(i);
            assertThat(s.y(i)).isEqualTo(i * 2.0);
            assertThat(s.count(i)).isEqualTo(1);
        }
        s.clear();
        assertThat(s.points()).isZero();
        assertThat(s.lastY()).isNaN();
    }

    @Test
    void aMetricsFileReadsEveryRowSoTheCsvExportHoldsTheValuesAsLogged(@org.junit.jupiter.api.io.TempDir
                                                                       java.nio.file.Path tmp) throws Exception {
        StringBuilder b = new StringBuilder("step,wall_s,key,value\n");
        int rows = Series.DEFAULT_CAPACITY + 5000;
        for (int i = 0; i < rows; i++) b.append(i).append(",0.0,k,").append(i % 10).append('\n');
        java.nio.file.Path f = java.nio.file.Files.writeString(tmp.resolve("metrics.csv"), b);

        Series s = io.rlwb.engine.report.MetricsCsv.read(f).get("k");

        assertThat(s.size()).isEqualTo(rows);
        assertThat(s.y(rows - 1)).isEqualTo((rows - 1) % 10);
        assertThat(s.merges()).isZero();
    }
}
