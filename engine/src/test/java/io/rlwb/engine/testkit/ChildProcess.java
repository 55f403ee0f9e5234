package io.rlwb.engine.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A child process that a test waits on by what it does, never by how long it takes: a line it prints
 * ({@link #awaitLine}), a file it writes ({@link #awaitCondition}), its exit ({@link #awaitExit}). Each wait also
 * ends, with the child's console in the message, when the child ends without doing what was awaited, so a broken
 * child fails at once rather than at a deadline.
 *
 * <p>The only bound is {@link #HANG_GUARD} ({@link HangGuard#LIMIT}): minutes, the size of a whole suite, so that a
 * child that hangs fails the test instead of blocking a build forever. It never judges speed: a loaded 2-core CI
 * machine ten times slower than a laptop still passes.
 *
 * <p>The console (stdout and stderr together) is copied line by line to a file, for a look after a failure, and kept
 * in memory for the assertions. {@link #close()} kills the child and its descendants; use it in try-with-resources.
 */
public final class ChildProcess implements AutoCloseable {
    /** How long any one wait on a child may take before the test fails as hung: {@link HangGuard#LIMIT}. */
    public static final Duration HANG_GUARD = HangGuard.LIMIT;

    private static final long POLL_MS = 25;

    /**
     * {@code env --default-signal=INT} where GNU env has it (coreutils 8.31 and later), else nothing. A build started
     * as a background job of a script ({@code ./mvnw ... &}) runs with SIGINT ignored, every child inherits that,
     * and a JVM leaves an ignored SIGINT ignored ({@code sun.misc.Signal} installs no handler): a child could then
     * never be sent Ctrl-C, and a test that does so would hang. This prefix gives the child the default handling
     * back, as it has when started from a terminal.
     */
    public static final List<String> RESET_SIGINT = resetSigint();

    private static List<String> resetSigint() {
        List<String> env = List.of("env", "--default-signal=INT");
        try {
            List<String> probe = new ArrayList<>(env);
            probe.add("true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(HangGuard.SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0 ? env : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private final Process process;
    private final String name;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private IOException readFailure;

    private ChildProcess(Process process, String name, Path console) throws IOException {
        this.process = process;
        this.name = name;
        Writer copy = console == null ? Writer.nullWriter() : Files.newBufferedWriter(console, StandardCharsets.UTF_8);
        reader = new Thread(() -> pump(copy), "child-" + name + "-console");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code pb} with stdout and stderr merged, copied to {@code console} (may be null).
     *
     * @param name what the child is, for messages ({@code "run"}, {@code "spark master"})
     */
    public static ChildProcess start(String name, ProcessBuilder pb, Path console) throws IOException {
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
        return new ChildProcess(pb.start(), name, console);
    }

    /**
     * A JVM on this test JVM's java and class path: {@code java JVM_ARGS... MAIN ARGS...}, with
     * {@code OMP_NUM_THREADS=1} so that children do not oversubscribe a small machine, and with SIGINT handled the
     * default way ({@link #RESET_SIGINT}).
     */
    public static ChildProcess java(String name, Path console, List<String> jvmArgs, String mainClass,
                                    List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(RESET_SIGINT);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return start(name, pb, console);
    }

    private void pump(Writer copy) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer out = copy) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                out.flush();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (lines) {
                readFailure = e;
            }
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the child has printed so far, a line each. */
    public String console() {
        synchronized (lines) {
            String text = String.join("\n", lines);
            return readFailure == null ? text : text + "\n(console unreadable: " + readFailure + ")";
        }
    }

    /**
     * Waits until the child prints a line that {@code matches}, and returns it.
     *
     * @throws AssertionError when the child's output ends without such a line, or after {@link #HANG_GUARD}
     */
    public String awaitLine(String what, Predicate<String> matches) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (matches.test(lines.get(seen))) return lines.get(seen);
                }
                if (!reader.isAlive()) throw new AssertionError(name + " ended without printing " + what
                        + exitNote() + "; its console:\n" + console());
                long left = deadline - System.nanoTime();
                if (left <= 0) throw hung("printing " + what);
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
            }
        }
    }

    /** {@link #awaitLine} for a line that contains {@code fragment}. */
    public String awaitLine(String fragment) throws InterruptedException {
        return awaitLine('"' + fragment + '"', l -> l.contains(fragment));
    }

    /**
     * Waits until {@code condition} holds (a file the child writes, say), checking it every few milliseconds: the
     * checks are the only clock, and the condition decides. Fails when the child ends first and the condition still
     * does not hold, or after {@link #HANG_GUARD}.
     */
    public void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                if (condition.getAsBoolean()) return;
                throw new AssertionError(name + " ended before " + what + exitNote() + "; its console:\n"
                        + awaitConsole());
            }
            if (System.nanoTime() > deadline) throw hung(what);
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * Waits until the child has ended and its whole console has been read, and returns its exit code. After
     * {@link #HANG_GUARD} it kills the child and fails.
     */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS)) throw hung("exiting");
        reader.join(HANG_GUARD.toMillis());
        return process.exitValue();
    }

    /** The console once the child has ended and its output is all read (or as far as it got). */
    private String awaitConsole() throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return console();
    }

    private String exitNote() {
        return process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
    }

    private AssertionError hung(String what) {
        String console = console();
        kill();
        return new AssertionError(name + " hung: not " + what + " after " + HANG_GUARD.toSeconds()
                + " s (the hang guard, rlwb.test.hangGuardSeconds); killed; its console:\n" + console);
    }

    /** Sends {@code signal} ({@code INT}, {@code TERM}, {@code KILL}) to the child, as {@code kill -SIGNAL pid}. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Kills the child and its descendants if still alive, and waits until the child has gone. */
    @Override
    public void close() {
        kill();
        try {
            process.waitFor(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A wrapper for use inside conditions that read files: IO failures become unchecked. */
    public static boolean check(IoCondition c) {
        try {
            return c.holds();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public interface IoCondition {
        boolean holds() throws IOException;
    }
}
