package io.rlwb.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.store.RunStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every snapshot type survives the run store's JSON lines and reads back equal. */
class SnapshotFilesTest {
    @TempDir Path dir;

    @Test
    void snapshotsRoundTripThroughTheRunStore() throws Exception {
        var dist = new ValueDistributionSnapshot("critic", List.of(
                ValueDistributionSnapshot.Probe.categorical("s0", new double[] {0, 0}, new double[] {0, 1, 2},
                        new double[] {0.25, 0.75}, 1.4),
                ValueDistributionSnapshot.Probe.quantile("s1", new double[] {1, 0}, new double[] {0.25, 0.75},
                        new double[] {-1, 3}, null),
                ValueDistributionSnapshot.Probe.gaussian("s2", new double[] {0, 1}, -120, 15, -118.5)));
        var pareto = new ParetoSnapshot(ParetoSnapshot.VERSION, List.of("treasure", "time"), new double[] {0, -25},
                List.of(new ParetoSnapshot.Point("p0", new double[] {1, -1}, new double[] {0.1, 0.9}, false),
                        new ParetoSnapshot.Point("p1", new double[] {0.5, -3}, null, true)),
                24.0, 0.4, 1, null, null, 0.99);
        var kv = new KvCacheSnapshot(KvCacheSnapshot.VERSION, "kv", 12, List.of(new KvCacheSnapshot.Layer(0, 100, 100,
                8, 400, new int[] {5, 6}, new byte[] {KvCacheSnapshot.RETAINED, KvCacheSnapshot.EVICTED})), 0.95, 0.01);
        var credit = new CreditSnapshot(CreditSnapshot.VERSION, "gae", 3,
                List.of(new CreditSnapshot.Step(0, 1, 0.5, 0.4, 0.3, 0.8)), null, null);

        try (RunStore store = new RunStore(dir, new GraphDocument("t"))) {
            store.append(List.of(new TelemetryEvent.Snapshot(10, 0.5, ValueDistributionSnapshot.KIND, dist),
                    new TelemetryEvent.Snapshot(11, 0.6, ParetoSnapshot.KIND, pareto),
                    new TelemetryEvent.Snapshot(12, 0.7, KvCacheSnapshot.KIND, kv),
                    new TelemetryEvent.Snapshot(13, 0.8, CreditSnapshot.KIND, credit)));
        }

        var d = TelemetryFiles.distributions(dir).get(0);
        assertEquals(10, d.step());
        var probes = d.data().probes();
        assertEquals(0.25 * 0.5 + 0.75 * 1.5, probes.get(0).mean(), 1e-12, "categorical mean = sum p_k * centre_k");
        assertArrayEquals(new double[] {0, 1, 2}, probes.get(0).binEdges());
        assertEquals(1.0, probes.get(1).mean(), 1e-12);
        assertNull(probes.get(1).empiricalReturn());
        assertEquals(15, probes.get(2).sigma(), 0);
        assertEquals("gaussian", probes.get(2).kind());

        var p = TelemetryFiles.pareto(dir).get(0).data();
        assertEquals(List.of("treasure", "time"), p.objectives());
        assertTrue(p.points().get(1).dominated());
        assertNull(p.points().get(1).weights());
        assertEquals(0.99, p.gamma(), 0);
        assertTrue(p.discounted());

        // A file written before snapshots carried gamma reads as undiscounted.
        Path file = dir.resolve("telemetry/pareto.jsonl");
        String line = Files.readAllLines(file).get(0);
        assertTrue(line.contains("\"gamma\":0.99"), line);
        Files.writeString(file, line.replace(",\"gamma\":0.99", "") + "\n");
        var old = TelemetryFiles.pareto(dir).get(0).data();
        assertNull(old.gamma());
        assertFalse(old.discounted());

        var k = TelemetryFiles.kvCache(dir).get(0).data();
        assertEquals(208, k.bytes());
        assertEquals(400, k.bytesFull());
        assertArrayEquals(new byte[] {1, 0}, k.layers().get(0).tokenStates());

        var c = TelemetryFiles.credit(dir).get(0).data();
        assertEquals(0.8, c.steps().get(0).ret(), 0);
        assertTrue(c.tokens().isEmpty());
    }

    @Test
    void tornLinesAndNewerVersionsAreSkipped() throws Exception {
        Path f = TelemetryFiles.file(dir, "credit");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"step\":1,\"wall_s\":0,\"data\":{\"version\":1,\"source\":\"a\",\"episode\":1}}\n"
                + "{\"step\":2,\"wall_s\":0,\"data\":{\"version\":99,\"source\":\"b\",\"episode\":2}}\n"
                + "{\"step\":3,\"wall_s\":0,\"da", StandardCharsets.UTF_8, StandardOpenOption.CREATE);
        var all = TelemetryFiles.credit(dir);
        assertEquals(1, all.size());
        assertEquals("a", all.get(0).data().source());
        assertTrue(TelemetryFiles.pareto(dir).isEmpty(), "a missing file is no snapshots");
    }

    @Test
    void categoricalProbeChecksItsShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> ValueDistributionSnapshot.Probe.categorical("s",
                null, new double[] {0, 1}, new double[] {0.5, 0.5}, null));
        assertTrue(e.getMessage().contains("K + 1 edges"));
    }
}
