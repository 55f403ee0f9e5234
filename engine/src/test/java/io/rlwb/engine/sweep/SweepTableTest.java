package io.rlwb.engine.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.rlwb.engine.testkit.HangGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTableTest {
    /**
     * The local executor's workers report starts and ends at the same time, and each report rewrites sweep.csv:
     * the writes must neither fail (they share the atomic write's temporary file) nor leave an older table behind.
     */
    @Test
    void workersWritingAtOnceNeitherFailNorLeaveAnOlderTable(@TempDir Path tmp) throws Exception {
        int trials = 8;
        List<Sweep.Planned> plan = new ArrayList<>();
        for (int i = 0; i < trials; i++) plan.add(new Sweep.Planned("t" + i, Map.of("width", IntNode.valueOf(i)), i));
        Path csv = tmp.resolve(SweepDirectory.TABLE_FILE);
        SweepTable table = new SweepTable(csv, List.of("width"), plan, id -> tmp.resolve(id));
        ExecutorService pool = Executors.newFixedThreadPool(trials);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                String id = "t" + i;
                fs.add(pool.submit(() -> {
                    go.await();
                    table.started(id, tmp.resolve(id).toString());
                    for (int k = 1; k <= 100; k++) {
                        table.progress(id, k / 100.0);
                        table.write();
                    }
                    table.finished(new TrialResult(id, TrialStatus.COMPLETED, Map.of("test/value", 1.0), null, 10,
                            0.1, "here"));
                    table.write();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) f.get(HangGuard.SECONDS, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(trials + 1);
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.split(",")[1].equals("completed"));
        assertThat(tmp.resolve(SweepDirectory.TABLE_FILE + ".tmp")).doesNotExist();
    }
}
