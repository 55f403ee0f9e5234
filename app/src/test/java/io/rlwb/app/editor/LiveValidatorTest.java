package io.rlwb.app.editor;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.testkit.HangGuard;
import io.rlwb.engine.validate.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveValidatorTest {
    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private final LinkedBlockingQueue<Runnable> uiQueue = new LinkedBlockingQueue<>();

    @AfterEach
    void tearDown() {
        background.shutdownNow();
    }

    private void pumpUntil(CompletableFuture<?> f) throws InterruptedException {
        long end = System.nanoTime() + HangGuard.LIMIT.toNanos();
        while (!f.isDone()) {
            if (System.nanoTime() > end) throw new AssertionError("hung: not done after " + HangGuard.LIMIT);
            Runnable r = uiQueue.poll(10, TimeUnit.MILLISECONDS);
            if (r != null) r.run();
        }
    }

    @Test
    void requestsInTheDelayFoldIntoOneValidationOfTheLatestDocument() throws Exception {
        LiveValidator v = new LiveValidator(background, uiQueue::add, 80);
        CompletableFuture<NodeRegistry> reg = CompletableFuture.completedFuture(EditorTestNodes.registry());
        GraphDocument doc = EditorTestNodes.chain();
        AtomicInteger copies = new AtomicInteger();
        List<List<Diagnostic>> delivered = new ArrayList<>();
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 5; i++) {
            last = v.request(() -> {
                copies.incrementAndGet();
                return doc;
            }, reg, delivered::add);
        }
        doc.edges().removeIf(e -> e.to().equals("trainer.batch"));
        pumpUntil(last);
        assertThat(copies).as("only the last request copies and validates").hasValue(1);
        assertThat(delivered).singleElement().satisfies(d ->
                assertThat(d).anyMatch(x -> x.node().equals("trainer") && x.message().contains("not wired")));
    }

    @Test
    void aValidatorThatThrowsIsReportedAsAnError() {
        NodeRegistry broken = null;
        List<Diagnostic> d = LiveValidator.validate(broken, EditorTestNodes.chain());
        assertThat(d).singleElement().satisfies(x -> assertThat(x.message()).startsWith("validation failed"));
    }
}
