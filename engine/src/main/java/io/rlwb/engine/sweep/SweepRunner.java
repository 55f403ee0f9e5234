package io.rlwb.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.store.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a checked {@link Sweep} into a sweep directory with any {@link TrialRunner}: writes the plan, skips the
 * trials an earlier attempt finished ({@code --resume}), hands the others to the executor, and keeps the
 * {@link SweepTable} and sweep.csv up to date as trials start and finish. A failed trial is a row that says so;
 * cancelling stops the remaining trials and keeps the finished ones.
 */
public final class SweepRunner {
    private static final DateTimeFormatter DIR_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param dir the sweep directory; null picks {@code sweeps/<time>-<name>} under the working directory
     * @param resume continue the sweep in {@code dir}: finished trials are skipped, the others run (again)
     * @param extraBudgets {@code run.budget} entries over the sweep file's, for every trial (reduced test budgets)
     */
    public record Options(Path dir, boolean resume, Map<String, Long> extraBudgets) {
        public Options {
            extraBudgets = extraBudgets == null ? Map.of() : Map.copyOf(extraBudgets);
        }
    }

    /** Why a sweep directory cannot be used; the command line prints the message and exits 2. */
    public static final class SweepDirectoryException extends Exception {
        public SweepDirectoryException(String message) {
            super(message);
        }
    }

    /**
     * A sweep ready to run: its directory claimed (locked), plan written, table made.
     *
     * @param toRun the trials this attempt runs (all, or those an earlier attempt did not finish)
     * @param skipped results of trials finished by an earlier attempt
     */
    public record Prepared(Sweep sweep, Path dir, SweepTable table, List<TrialSpec> toRun, List<TrialResult> skipped,
                           RunLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lock.close();
            } catch (IOException e) {
                // the lock file stays; RunLock sees its process is gone and the next attempt takes it over
            }
        }
    }

    /**
     * How the sweep ended.
     *
     * @param results one per planned trial, in plan order (skipped ones included)
     * @param cancelled whether it was cancelled
     */
    public record Outcome(Path dir, List<TrialResult> results, int skipped, boolean cancelled) {
        public long count(TrialStatus s) {
            return results.stream().filter(r -> r.status() == s).count();
        }

        /** 0 when every trial completed, 130 when cancelled, 1 when any trial failed. */
        public int exitCode() {
            if (cancelled) return 130;
            return count(TrialStatus.COMPLETED) == results.size() ? 0 : 1;
        }
    }

    private SweepRunner() {}

    /** {@code sweeps/<time>-<name>}, with {@code -2}, {@code -3} ... when taken. */
    public static Path defaultDir(Sweep s) {
        String slug = s.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 40) slug = slug.substring(0, 40);
        if (slug.isEmpty()) slug = "sweep";
        Path base = Path.of("sweeps", DIR_TIME.format(Instant.now()) + "-" + slug);
        Path p = base;
        for (int i = 2; Files.exists(p); i++) p = Path.of(base + "-" + i);
        return p;
    }

    /**
     * Claims the directory and writes the plan. Refuses a directory that holds anything unless {@code resume}, and
     * with {@code resume} one that holds no sweep or another sweep (a different plan).
     */
    public static Prepared prepare(Sweep sweep, Options opts) throws SweepDirectoryException {
        Path dir = opts.dir() != null ? opts.dir() : defaultDir(sweep);
        List<Sweep.Planned> trials = sweep.trials();
        ObjectNode plan = SweepDirectory.plan(sweep, trials, opts.extraBudgets());
        if (opts.resume()) {
            Optional<JsonNode> old = SweepDirectory.readPlan(dir);
            if (old.isEmpty()) {
                throw new SweepDirectoryException(dir + ": --resume needs the directory of an earlier attempt of this sweep, "
                        + "and this one holds no " + SweepDirectory.PLAN_FILE);
            }
            if (!old.get().equals(SweepDirectory.normalised(plan))) {
                throw new SweepDirectoryException(dir + ": holds another sweep (its " + SweepDirectory.PLAN_FILE
                        + " lists other trials, graph or budgets); resume it with the sweep file it was started with, "
                        + "or start this one in a new --out directory");
            }
        } else if (Files.exists(dir) && !isEmptyDir(dir)) {
            throw new SweepDirectoryException(dir + ": is not empty; give a new --out directory, or --resume to continue "
                    + "the sweep in it");
        }
        RunLock lock;
        try {
            Files.createDirectories(dir.resolve(SweepDirectory.TRIALS));
            lock = RunLock.acquire(dir);
        } catch (RunLock.HeldException e) {
            throw new SweepDirectoryException(dir + ": another sweep is running in it (" + e.holder() + ")");
        } catch (IOException e) {
            throw new SweepDirectoryException(dir + ": cannot create the sweep directory: " + e.getMessage());
        }
        try {
            if (!opts.resume()) {
                Files.copy(sweep.file(), dir.resolve(SweepDirectory.SWEEP_FILE));
                SweepDirectory.writeAtomically(dir.resolve(SweepDirectory.GRAPH_FILE), sweep.graphText());
                SweepDirectory.writeJson(dir.resolve(SweepDirectory.PLAN_FILE), plan);
            }
            SweepTable table = new SweepTable(dir.resolve(SweepDirectory.TABLE_FILE), sweep.varied(), trials,
                    id -> SweepDirectory.trialDir(dir, id));
            List<TrialSpec> toRun = new ArrayList<>();
            List<TrialResult> skipped = new ArrayList<>();
            for (Sweep.Planned t : trials) {
                Optional<TrialResult> done = opts.resume() ? SweepDirectory.finished(dir, t.id()) : Optional.empty();
                if (done.isPresent()) {
                    table.finished(done.get());
                    skipped.add(done.get());
                } else {
                    toRun.add(sweep.spec(t, dir, opts.extraBudgets()));
                }
            }
            table.write();
            return new Prepared(sweep, dir, table, toRun, skipped, lock);
        } catch (IOException e) {
            release(lock);
            throw new SweepDirectoryException(dir + ": cannot write the sweep directory: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            // a trial directory that cannot be read on resume, a spec that cannot be made: the lock goes with it
            release(lock);
            throw e;
        }
    }

    /** Releases the directory's lock on a failed prepare; the failure that led here is what gets reported. */
    private static void release(RunLock lock) {
        try {
            lock.close();
        } catch (IOException ignored) {
            // the original failure is reported; a lock file left behind is taken over as stale by the next attempt
        }
    }

    private static boolean isEmptyDir(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs the prepared trials on {@code runner}, updating the table and sweep.csv, telling {@code listener} too.
     * Returns when every trial has a result; releases the directory's lock.
     */
    public static Outcome run(Prepared p, TrialRunner runner, TrialListener listener, Cancellation cancel) {
        TrialListener both = new TrialListener() {
            @Override public void started(String id, String runDir) {
                p.table().started(id, runDir);
                writeQuietly(p.table());
                listener.started(id, runDir);
            }

            @Override public void metric(String id, long step, String key, double value) {
                listener.metric(id, step, key, value);
            }

            @Override public void progress(String id, double fraction) {
                p.table().progress(id, fraction);
                listener.progress(id, fraction);
            }

            @Override public void finished(TrialResult r) {
                p.table().finished(r);
                writeQuietly(p.table());
                listener.finished(r);
            }
        };
        try (p) {
            List<TrialResult> ran = p.toRun().isEmpty() ? List.of() : runner.run(p.toRun(), both, cancel);
            Map<String, TrialResult> byId = new LinkedHashMap<>();
            for (TrialResult r : p.skipped()) byId.put(r.id(), r);
            for (TrialResult r : ran) {
                byId.put(r.id(), r);
                // Not-started trials never reach the listener; the table still says why they did not run.
                if (p.table().row(r.id()).map(row -> SweepTable.PENDING.equals(row.status())).orElse(false)) p.table().finished(r);
            }
            writeQuietly(p.table());
            List<TrialResult> all = new ArrayList<>();
            for (SweepTable.Row row : p.table().rows()) {
                TrialResult r = byId.get(row.id());
                all.add(r != null ? r : TrialResult.notStarted(row.id()));
            }
            return new Outcome(p.dir(), all, p.skipped().size(), cancel.isCancelled());
        }
    }

    private static void writeQuietly(SweepTable t) {
        try {
            t.write();
        } catch (IOException e) {
            // sweep.csv is rewritten at the next change and at the end; a full disk shows in the trials' own files
        }
    }
}
