package io.rlwb.engine.runtime;

import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.nn.DivergenceException;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.registry.PluginInfo;
import io.rlwb.engine.spi.MetricSpec;
import io.rlwb.engine.spi.Monitor;
import io.rlwb.engine.spi.NodeInstance;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.Trainer;
import io.rlwb.engine.store.RunDirectory;
import io.rlwb.engine.store.RunDirectoryException;
import io.rlwb.engine.store.RunLock;
import io.rlwb.engine.store.RunRecord;
import io.rlwb.engine.store.RunStore;
import io.rlwb.engine.validate.RunSection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.telemetry.TelemetryBus;
import io.rlwb.engine.telemetry.TelemetryEvent;
import io.rlwb.engine.validate.ValidationResult;
import io.rlwb.engine.validate.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs graphs: applies overrides, validates, compiles, then drives the trainers until the env_steps budget
 * is spent, the user cancels, or a node fails, writing the run directory all along. Every outcome leaves
 * a run.json that says what happened.
 */
public final class Runner {
    /** Environment steps per second of wall time, recorded by the runner after every iteration. */
    public static final MetricSpec SPS = MetricSpec.of("charts/SPS", MetricSpec.Role.DETAIL,
            "Environment steps per second of wall time since the start");
    /** Wall time of the run, recorded once at its end. */
    public static final MetricSpec WALL_S = MetricSpec.of("charts/wall_s", MetricSpec.Role.DETAIL,
            "Seconds of wall time the run took");

    /** Telemetry queue length of the run store's subscription. */
    static final int STORE_QUEUE = 1 << 16;
    private static final DateTimeFormatter DIR_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final NodeRegistry registry;

    public Runner(NodeRegistry registry) {
        this.registry = registry;
    }

    /**
     * A graph ready to run: overrides applied and validated; once {@linkplain #claim claimed}, also its run
     * directory and the lock on it.
     *
     * @param dir the run directory, null until claimed
     * @param lock the lock on {@code dir}, null until claimed; the run releases it when it has written its last file
     * @param resumeFrom the checkpoint folder a resumed run continues from ({@link #resume}); null for a new run
     */
    public record Prepared(GraphDocument graph, ValidationResult validation, RunOptions options, Path dir,
                           RunLock lock, Path resumeFrom) {
        public Prepared(GraphDocument graph, ValidationResult validation, RunOptions options) {
            this(graph, validation, options, null, null, null);
        }

        public Prepared(GraphDocument graph, ValidationResult validation, RunOptions options, Path dir, RunLock lock) {
            this(graph, validation, options, dir, lock, null);
        }

        public long seed() {
            return graph.seed(RunSection.DEFAULT_SEED);
        }
    }

    /**
     * Applies overrides and validates. The seed and env_steps budget that will run are written into the graph
     * when it sets none, so the run directory's graph.json records them.
     */
    public Prepared prepare(GraphDocument doc, RunOptions opts) throws InvalidGraphException {
        GraphDocument g = Overrides.apply(doc, opts, registry);
        ValidationResult v = new Validator(registry).validate(g);
        if (!v.ok()) throw new InvalidGraphException(v.errors());
        if (!g.run().has("seed")) g.run().put("seed", RunSection.DEFAULT_SEED);
        if (!g.run().path("budget").has(RunSection.ENV_STEPS)) {
            JsonNode b = g.run().get("budget");
            ObjectNode budget = b instanceof ObjectNode o ? o : g.run().putObject("budget");
            budget.put(RunSection.ENV_STEPS, RunSection.DEFAULT_ENV_STEPS);
        }
        return new Prepared(g, v, opts);
    }

    /**
     * Claims the run directory ({@link RunDirectory#claim}): the options' directory or a new default one, created,
     * locked, and refused when it holds an earlier run unless {@code replace}.
     */
    public Prepared claim(Prepared p, boolean replace) throws RunDirectoryException {
        if (p.lock() != null) return p;
        Path dir = p.options().outDir() != null ? p.options().outDir() : defaultDir(p.graph(), p.seed());
        return new Prepared(p.graph(), p.validation(), p.options(), dir, RunDirectory.claim(dir, replace));
    }

    /**
     * Prepares the continuation of the run in {@code dir} ({@code run --resume}): takes its lock and reads its
     * graph.json (the graph as it ran, overrides applied) and its latest checkpoint. The continued run restores every
     * node's state from that checkpoint and runs to the end of the graph's budget, appending to the run's files.
     *
     * @param checkpointEvery checkpoint cadence of the continued run, in iterations (0: only at the end and at cancel)
     * @throws RunDirectoryException when {@code dir} holds no run, a completed run, a run without checkpoint, or is
     *     held by a live process (the message says which and what to do)
     * @throws InvalidGraphException when its graph.json no longer validates (a plugin is missing)
     */
    public Prepared resume(Path dir, int checkpointEvery) throws RunDirectoryException, InvalidGraphException {
        RunLock lock = RunDirectory.reclaim(dir);
        try {
            String status;
            try {
                status = String.valueOf(RunStore.readRunRecord(dir).status());
            } catch (IOException e) {
                throw new RunDirectoryException(dir, dir.resolve("run.json") + ": unreadable: " + e.getMessage(), e);
            }
            if ("completed".equals(status)) {
                throw new RunDirectoryException(dir, dir + " holds a completed run: there is nothing to continue "
                        + "(start a new run with another --out, or raise the budget in a copy of its graph)");
            }
            Path ck;
            try {
                ck = io.rlwb.engine.store.Checkpoints.latest(dir);
            } catch (IOException e) {
                throw new RunDirectoryException(dir, e.getMessage(), e);
            }
            if (ck == null) {
                throw new RunDirectoryException(dir, dir + " holds no checkpoint to continue from (checkpoints/latest "
                        + "is missing: the run ended before its first checkpoint); start it again with --force");
            }
            GraphDocument g;
            try {
                g = new GraphFile().read(dir.resolve("graph.json"));
            } catch (Exception e) {
                throw new RunDirectoryException(dir, dir.resolve("graph.json") + ": " + e.getMessage(), e);
            }
            ValidationResult v = new Validator(registry).validate(g);
            if (!v.ok()) throw new InvalidGraphException(v.errors());
            RunOptions opts = new RunOptions(dir, null, Map.of(), Map.of(), checkpointEvery);
            return new Prepared(g, v, opts, dir, lock, ck);
        } catch (RunDirectoryException | InvalidGraphException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException ignored) {
                // released with the process at the latest
            }
            throw e;
        }
    }

    /** Starts the run on a new worker thread. */
    public RunHandle start(Prepared p, RunListener listener, Consumer<TelemetryBus> subscribe) {
        AtomicBoolean cancel = new AtomicBoolean();
        CompletableFuture<RunResult> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(run(p, listener, subscribe, cancel));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "run-" + p.graph().name());
        t.setDaemon(true);
        t.start();
        return new RunHandle(cancel, f);
    }

    /**
     * Runs on the calling thread.
     *
     * @param subscribe adds extra telemetry subscribers (the GUI's) before the run starts; may be null
     */
    public RunResult run(Prepared p, RunListener listener, Consumer<TelemetryBus> subscribe, AtomicBoolean cancel) {
        Prepared claimed;
        try {
            claimed = claim(p, false);
        } catch (RunDirectoryException e) {
            RunResult r = new RunResult(e.dir(), "failed", e.getMessage(), 0, 0, Map.of());
            listener.finished(r);
            return r;
        }
        try (RunLock ignored = claimed.lock()) {
            return runClaimed(claimed, listener, subscribe, cancel);
        } catch (IOException e) {
            return new RunResult(claimed.dir(), "failed", "cannot release the run directory's lock: " + e.getMessage(),
                    0, 0, Map.of());
        }
    }

    private RunResult runClaimed(Prepared p, RunListener listener, Consumer<TelemetryBus> subscribe,
                                 AtomicBoolean cancel) {
        GraphDocument g = p.graph();
        long seed = p.seed();
        Path dir = p.dir();
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        RunStore store;
        io.rlwb.engine.store.Checkpoints.Loaded resumed = null;
        RunRecord earlier = null;
        try {
            if (p.resumeFrom() != null) {
                resumed = io.rlwb.engine.store.Checkpoints.read(p.resumeFrom());
                earlier = RunStore.readRunRecord(dir);
                t0 -= (long) ((earlier.durationS() == null ? 0 : earlier.durationS()) * 1e9);
                store = RunStore.reopen(dir, resumed.step());
            } else {
                store = new RunStore(dir, g);
            }
        } catch (IOException e) {
            RunResult r = new RunResult(dir, "failed", "cannot write run directory " + dir + ": " + e.getMessage(), 0,
                    0, Map.of());
            listener.finished(r);
            return r;
        }
        RunRecord record = new RunRecord(dir.getFileName().toString(), g.name(), "running", null, seed,
                started.toString(), null, null, sha256(GraphFile.toText(g)), Backend.engineVersion(), Backend.label(),
                Backend.details(), pluginList(), 0, 0, 0);
        if (earlier != null) {
            List<Long> from = new ArrayList<>(earlier.resumedFromStep() == null ? List.of() : earlier.resumedFromStep());
            from.add(resumed.step());
            record = new RunRecord(earlier.id(), g.name(), "running", null, seed, earlier.started(), null, null,
                    record.graphSha256(), record.engineVersion(), record.backend(), record.backendDetails(),
                    record.plugins(), resumed.step(), resumed.iteration(), earlier.telemetryDropped(), null, null,
                    null, from);
        }
        Services services;
        NodeActivity activity = null;
        Plan plan = null;
        String status = "completed";
        String error = null;
        String failedNode = null;
        try (TelemetryBus bus = new TelemetryBus()) {
            TelemetryBus.Subscription storeSub = bus.subscribe("run-store", STORE_QUEUE, store::append);
            if (subscribe != null) subscribe.accept(bus);
            long budget = budget(g, RunSection.ENV_STEPS, RunSection.DEFAULT_ENV_STEPS);
            services = new Services(seed, budget, g, bus, cancel, t0, p.validation().types().values());
            services.dir = dir;
            services.registry = registry;
            try {
                store.writeRunRecord(record);
                listener.started(dir);
                plan = Plan.compile(g, p.validation(), seed, services);
                activity = plan.activity();
                if (resumed != null) restore(plan, resumed, services);
                listener.compiled(activity);
                long maxIterations = budget(g, "iterations", Long.MAX_VALUE);
                int ckEvery = p.options().checkpointEvery();
                boolean partial = false;
                while (!cancel.get() && services.stopReason == null && services.envSteps < budget
                        && services.iteration < maxIterations) {
                    long before = services.envSteps;
                    for (Map.Entry<String, Trainer> tr : plan.trainers()) {
                        plan.nextEpoch();
                        call(plan.activity(), tr.getKey(), () -> tr.getValue().iterate(services), services);
                    }
                    // A cancel seen during the iteration may have cut a trainer's update short: that state is no
                    // place to continue from exactly, so no checkpoint is written for it (ADR 0020).
                    partial = cancel.get();
                    services.iteration++;
                    services.metric(SPS.key(), services.envSteps / Math.max(1e-9, services.wallS()));
                    for (Map.Entry<String, Monitor> m : plan.monitors()) {
                        call(plan.activity(), m.getKey(), () -> m.getValue().afterIteration(services), services);
                    }
                    listener.progress(services.report());
                    if (!partial && ckEvery > 0 && services.iteration % ckEvery == 0) {
                        checkpoint(plan, store, services, dir);
                    }
                    if (services.envSteps == before) {
                        throw plan.trainers().isEmpty()
                                ? new NodeFailure("graph", "has no trainer node, so nothing would ever run")
                                : new NodeFailure(plan.trainers().get(0).getKey(),
                                "an iteration took no environment steps; the env_steps budget would never be reached");
                    }
                }
                if (cancel.get()) {
                    status = "cancelled";
                } else {
                    for (Map.Entry<String, Monitor> m : plan.monitors()) {
                        call(plan.activity(), m.getKey(), () -> m.getValue().finish(services), services);
                    }
                    listener.progress(services.report());
                }
                if (!partial) checkpoint(plan, store, services, dir);
            } catch (NodeFailure e) {
                status = cancel.get() ? "cancelled" : "failed";
                error = cancel.get() ? null : e.getMessage();
                failedNode = cancel.get() ? null : e.nodeId();
            } catch (Throwable e) {
                // Whatever went wrong (a plugin's LinkageError, a stack overflow, running out of memory), the run
                // ends failed with the cause in run.json instead of staying "running" for good.
                status = "failed";
                error = "engine error: " + describe(e);
            }
            String closeErrors = plan == null ? null : closeAll(plan);
            if (closeErrors != null && "completed".equals(status)) {
                status = "failed";
                error = closeErrors;
            } else if (closeErrors != null) {
                error = (error == null ? "" : error + "; ") + closeErrors;
            }
            bus.publish(new TelemetryEvent.Metric(services.envSteps, services.wallS(), WALL_S.key(), services.wallS()));
            bus.close();
            double wall = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> nodeSeconds = activity == null ? Map.of() : activity.selfSeconds();
            String stopReason = "completed".equals(status) ? services.stopReason : null;
            record = record.with(status, error, Instant.now().toString(), wall, services.envSteps, services.iteration,
                    storeSub.dropped(), nodeSeconds).withStopReason(stopReason).withFailedNode(failedNode);
            try {
                store.writeSummary(services.last);
                store.writeRunRecord(record);
                store.close();
            } catch (IOException e) {
                status = "failed";
                error = (error == null ? "" : error + "; ") + "cannot finish run directory: " + e.getMessage();
            }
            RunResult r = new RunResult(dir, status, error, services.envSteps, wall, Map.copyOf(services.last),
                    nodeSeconds, stopReason, failedNode);
            listener.finished(r);
            return r;
        }
    }

    /**
     * Runs one node's work, turning what it throws into a {@link NodeFailure} naming the node; a
     * {@link DivergenceException} also names the environment step the run had reached.
     */
    private static void call(NodeActivity activity, String nodeId, Runnable r, Services services) {
        activity.enter(nodeId);
        try {
            r.run();
        } catch (NodeFailure f) {
            throw f;
        } catch (DivergenceException e) {
            throw new NodeFailure(nodeId, "diverged at step " + services.envSteps + ": " + e.getMessage()
                    + "; try a lower learning rate", e);
        } catch (RuntimeException e) {
            throw new NodeFailure(nodeId, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        } catch (LinkageError | StackOverflowError | AssertionError e) {
            // A plugin built against other classes, or a bug in a node: the run fails naming the node and the cause.
            throw new NodeFailure(nodeId, describe(e), e);
        } finally {
            activity.exit();
        }
    }

    /**
     * Writes the parameters-only {@code checkpoints/latest.ckpt} and the complete-state checkpoint
     * {@code checkpoints/step-<N>/} (ADR 0020).
     */
    private static void checkpoint(Plan plan, RunStore store, Services services, Path dir) throws IOException {
        long step = services.envSteps;
        Map<String, Map<String, float[]>> all = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInstance> e : plan.instances().entrySet()) {
            Map<String, float[]> c = e.getValue().checkpoint();
            if (!c.isEmpty()) all.put(e.getKey(), c);
        }
        if (!all.isEmpty()) store.writeCheckpoint(all, step);
        io.rlwb.engine.store.Checkpoints.Builder b = io.rlwb.engine.store.Checkpoints.builder();
        for (Map.Entry<String, NodeInstance> e : plan.instances().entrySet()) {
            NodeType t = plan.type(e.getKey());
            var entry = new io.rlwb.engine.store.Checkpoints.NodeEntry(e.getKey(), t.id(), t.version());
            var w = b.node(entry);
            try {
                call(plan.activity(), e.getKey(), () -> e.getValue().saveState(w), services);
            } catch (NodeFailure f) {
                // A node that cannot save its state does not stop the run; the checkpoint records why, and a
                // resume refuses it naming the node (never continuing it from fresh state).
                if (!(f.getCause() instanceof UnsupportedOperationException u)) throw f;
                b.unsupported(entry, u.getMessage());
            }
        }
        b.run().put("env_steps", step);
        b.run().put("iteration", services.iteration);
        b.run().put("stop_reason", services.stopReason);
        var last = b.run().putObject("last_metrics");
        services.last.forEach((k, v) -> last.put(k, Double.doubleToRawLongBits(v)));
        b.write(dir, step, services.iteration);
    }

    /** Restores every node's state and the run's counters from {@code ck}; a node absent from it is refused. */
    private static void restore(Plan plan, io.rlwb.engine.store.Checkpoints.Loaded ck, Services services) {
        for (Map.Entry<String, NodeInstance> e : plan.instances().entrySet()) {
            NodeType t = plan.type(e.getKey());
            var saved = ck.nodes().get(e.getKey());
            if (saved == null || !saved.type().equals(t.id()) || saved.version() != t.version()) {
                throw new NodeFailure(e.getKey(), "the checkpoint " + ck.dir() + " holds no state of this node as "
                        + t.id() + " version " + t.version() + (saved == null ? "" : " (it holds " + saved.type()
                        + " version " + saved.version() + ")"));
            }
            String unsupported = ck.unsupported(e.getKey());
            if (unsupported != null) {
                throw new NodeFailure(e.getKey(), "cannot be resumed: its state was not saved (" + unsupported + ")");
            }
            call(plan.activity(), e.getKey(), () -> e.getValue().restoreState(ck.node(e.getKey())), services);
        }
        services.envSteps = ck.step();
        services.iteration = ck.iteration();
        ck.run().path("last_metrics").fields().forEachRemaining(
                f -> services.last.put(f.getKey(), Double.longBitsToDouble(f.getValue().asLong())));
    }

    /**
     * Closes every instance of {@code plan} in reverse build order, each even when an earlier one failed to close.
     *
     * @return the close errors, each naming its node, or null when every instance closed
     */
    static String closeAll(Plan plan) {
        List<String> ids = new ArrayList<>(plan.instances().keySet());
        java.util.Collections.reverse(ids);
        List<String> errors = new ArrayList<>();
        for (String id : ids) {
            try {
                plan.instances().get(id).close();
            } catch (Throwable e) {
                errors.add(id + ": cannot close: " + describe(e));
            }
        }
        return errors.isEmpty() ? null : String.join("; ", errors);
    }

    /** The class and message of {@code e} and of its causes: {@code NoClassDefFoundError: a/B (caused by ...)}. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int open = 0;
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t != e) {
                b.append(" (caused by ");
                open++;
            }
            b.append(t.getClass().getName());
            if (t.getMessage() != null) b.append(": ").append(t.getMessage());
        }
        return b.append(")".repeat(open)).toString();
    }

    private List<Map<String, String>> pluginList() {
        List<Map<String, String>> l = new ArrayList<>();
        for (PluginInfo pi : registry.plugins()) {
            if (pi.loaded()) l.add(Map.of("name", pi.name(), "version", pi.version()));
        }
        return l;
    }

    static long budget(GraphDocument g, String key, long fallback) {
        var b = g.run().path("budget").path(key);
        return b.canConvertToLong() ? b.asLong() : fallback;
    }

    /** Longest graph-name part of a default run-directory name: whole names stay far below any file-name limit. */
    static final int MAX_SLUG = 40;

    /**
     * {@code runs/<time>-<name>-s<seed>}: the graph name lower-cased, reduced to ASCII letters, digits and hyphens
     * (safe on every file system, no case clashes) and cut to {@value #MAX_SLUG} characters.
     */
    static Path defaultDir(GraphDocument g, long seed) {
        String slug = g.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        if (slug.length() > MAX_SLUG) slug = slug.substring(0, MAX_SLUG);
        slug = slug.replaceAll("(^-+|-+$)", "");
        if (slug.isEmpty()) slug = "graph";
        Path base = Path.of("runs", DIR_TIME.format(Instant.now()) + "-" + slug + "-s" + seed);
        Path p = base;
        for (int i = 2; Files.exists(p); i++) p = Path.of(base + "-" + i);
        return p;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run services the nodes see; touched only by the worker thread except where noted. */
    private static final class Services implements io.rlwb.engine.spi.RunServices {
        private final long seed;
        private final long budget;
        private final GraphDocument graph;
        private final TelemetryBus bus;
        private final AtomicBoolean cancel;
        private final long t0;
        final Map<String, Double> last = new LinkedHashMap<>();
        long envSteps;
        long iteration;
        volatile String stopReason;
        Path dir;
        NodeRegistry registry;
        private final double[] recentReturns = new double[20];
        private int recentCount;
        /** The keys the graph's node types declare as training returns and as evaluation returns. */
        private final Set<String> trainingReturns = new HashSet<>();
        private final List<String> evaluationReturns = new ArrayList<>();

        Services(long seed, long budget, GraphDocument graph, TelemetryBus bus, AtomicBoolean cancel, long t0,
                 Collection<NodeType> types) {
            for (NodeType t : types) {
                for (MetricSpec m : t.metrics()) {
                    if (m.role() == MetricSpec.Role.TRAINING_RETURN) trainingReturns.add(m.key());
                    if (m.role() == MetricSpec.Role.EVALUATION_RETURN && !evaluationReturns.contains(m.key())) {
                        evaluationReturns.add(m.key());
                    }
                }
            }
            this.seed = seed;
            this.budget = budget;
            this.graph = graph;
            this.bus = bus;
            this.cancel = cancel;
            this.t0 = t0;
        }

        double wallS() {
            return (System.nanoTime() - t0) / 1e9;
        }

        @Override public long seed() { return seed; }

        @Override public GraphDocument graph() { return graph; }

        @Override public io.rlwb.engine.sweep.TrialRunner trialRunner(String executor, int parallel, String master,
                                                                      String threadName) {
            if (io.rlwb.engine.sweep.TrialRunners.LOCAL.equals(executor)) {
                return new io.rlwb.engine.sweep.LocalTrialRunner(parallel, registry, threadName);
            }
            return io.rlwb.engine.sweep.TrialRunners.open(executor, new io.rlwb.engine.sweep.ExecutorSettings(parallel,
                    master == null || master.isBlank() ? null : master, registry, null, Map.of()),
                    io.rlwb.engine.sweep.TrialRunners.loaderFor(executor, Runner.class.getClassLoader()));
        }

        @Override public Path runDirectory() { return dir; }

        @Override public long envSteps() { return envSteps; }

        @Override public void addEnvSteps(long steps) { envSteps += steps; }

        @Override public long budget(String key, long fallback) { return Runner.budget(graph, key, fallback); }

        @Override public double progress() { return budget <= 0 ? 0 : Math.min(1.0, envSteps / (double) budget); }

        @Override public long iteration() { return iteration; }

        @Override public void metric(String key, double value) {
            last.put(key, value);
            if (trainingReturns.contains(key)) {
                recentReturns[recentCount++ % recentReturns.length] = value;
            }
            bus.publish(new TelemetryEvent.Metric(envSteps, wallS(), key, value));
        }

        @Override public void telemetry(String kind, Object snapshot) {
            bus.publish(new TelemetryEvent.Snapshot(envSteps, wallS(), kind, snapshot));
        }

        @Override public boolean cancelled() { return cancel.get(); }

        @Override public void requestStop(String reason) { stopReason = reason; }

        RunProgress report() {
            int n = Math.min(recentCount, recentReturns.length);
            double mean = Double.NaN;
            if (n > 0) {
                double s = 0;
                for (int i = 0; i < n; i++) s += recentReturns[i];
                mean = s / n;
            }
            double w = wallS();
            return new RunProgress(envSteps, budget, iteration, w, envSteps / Math.max(1e-9, w), mean,
                    evaluationReturns.stream().filter(last::containsKey).findFirst().map(last::get).orElse(Double.NaN));
        }
    }
}
