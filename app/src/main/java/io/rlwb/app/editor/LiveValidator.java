package io.rlwb.app.editor;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.validate.Diagnostic;
import io.rlwb.engine.validate.Validator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Validates the document again after edits, without holding up the UI: requests within the debounce delay
 * fold into one, the document is copied on the UI thread when the delay has passed, the engine's
 * {@link Validator} runs on the background executor, and only the result of the latest request is delivered
 * (on the UI executor). Call {@link #request} on the UI thread.
 */
public final class LiveValidator {
    /** Default delay between the last edit and the validation it starts. */
    public static final long DEFAULT_DELAY_MS = 150;

    private final Executor background;
    private final Executor ui;
    private final Executor delayed;
    private long generation;

    /**
     * @param background where validation runs
     * @param ui the UI thread
     * @param delayMs debounce delay (0: validate at once, still off the UI thread)
     */
    public LiveValidator(Executor background, Executor ui, long delayMs) {
        this.background = background;
        this.ui = ui;
        this.delayed = delayMs <= 0 ? Runnable::run : CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Asks for a validation of the document {@code current} returns when the delay has passed.
     *
     * @param registry the node types (the request waits for them)
     * @param apply receives the diagnostics on the UI thread, unless a later request superseded this one
     * @return completes after {@code apply} ran, or when superseded
     */
    public CompletableFuture<Void> request(Supplier<GraphDocument> current, CompletableFuture<NodeRegistry> registry,
                                           Consumer<List<Diagnostic>> apply) {
        long gen = ++generation;
        CompletableFuture<Void> done = new CompletableFuture<>();
        delayed.execute(() -> ui.execute(() -> {
            if (gen != generation) {
                done.complete(null);
                return;
            }
            GraphDocument doc = current.get();
            GraphDocument copy = doc == null ? null : doc.deepCopy();
            registry.thenApplyAsync(reg -> copy == null ? List.<Diagnostic>of() : validate(reg, copy), background)
                    .whenComplete((diags, ex) -> ui.execute(() -> {
                        if (gen == generation && ex == null) apply.accept(diags);
                        done.complete(null);
                    }));
        }));
        return done;
    }

    /** The validator's diagnostics; a validator that throws is reported as one error rather than lost. */
    public static List<Diagnostic> validate(NodeRegistry reg, GraphDocument doc) {
        try {
            return new Validator(reg).validate(doc).diagnostics();
        } catch (RuntimeException e) {
            return List.of(Diagnostic.error("graph", null, "validation failed: " + e));
        }
    }

    /** True when no request is waiting or running (for tests). */
    public long generation() {
        return generation;
    }
}
