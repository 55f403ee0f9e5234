package io.rlwb.engine.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Claims a directory for a new run (ADR 0014): creates it, takes its {@link RunLock}, and refuses to write into a
 * directory that holds an earlier run unless told to replace it. So two runs never mix their files, and no
 * earlier run is overwritten without a word.
 */
public final class RunDirectory {
    /** The entries a run writes (CONTRACT in DESIGN.md); {@code --force} removes exactly these. */
    public static final List<String> RUN_ENTRIES = List.of("run.json", "graph.json", "metrics.csv", "summary.json",
            "pareto.csv", "telemetry", "checkpoints");

    private RunDirectory() {}

    /**
     * Creates {@code dir} when missing and takes its lock.
     *
     * @param replace remove the files of an earlier run first ({@code --force}); otherwise such a directory is refused
     * @return the lock, to hold until the run has written its last file
     * @throws RunDirectoryException naming the directory and why it cannot be used, and how to proceed
     */
    public static RunLock claim(Path dir, boolean replace) throws RunDirectoryException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunDirectoryException(dir, dir + ": cannot write a run there: it is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new RunDirectoryException(dir, dir + ": cannot create the run directory: permission denied"
                    + (e.getFile() != null && !e.getFile().equals(dir.toString()) ? " (" + e.getFile() + ")" : ""), e);
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new RunDirectoryException(dir, dir + ": cannot create the run directory: " + e.getFile()
                    + " is a file, not a directory", e);
        } catch (FileSystemException e) {
            throw new RunDirectoryException(dir, dir + ": cannot create the run directory: "
                    + (e.getReason() != null ? e.getReason() : e.getMessage()), e);
        } catch (IOException e) {
            throw new RunDirectoryException(dir, dir + ": cannot create the run directory: " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new RunDirectoryException(dir, dir + ": cannot write a run there: permission denied");
        }
        RunLock lock;
        try {
            lock = RunLock.acquire(dir);
        } catch (RunLock.HeldException e) {
            throw new RunDirectoryException(dir, e.getMessage(), e);
        } catch (IOException e) {
            throw new RunDirectoryException(dir, dir + ": cannot lock the run directory: " + e.getMessage(), e);
        }
        try {
            if (holdsRun(dir)) {
                if (!replace) {
                    throw new RunDirectoryException(dir, dir + " holds an earlier run (" + describe(dir) + "); to continue it "
                            + "use run --resume " + dir + ", to keep it choose a new --out directory, to replace it "
                            + "add --force");
                }
                removeRun(dir);
            }
            return lock;
        } catch (RunDirectoryException e) {
            closeQuietly(lock);
            throw e;
        } catch (IOException e) {
            closeQuietly(lock);
            throw new RunDirectoryException(dir, dir + ": cannot remove the earlier run: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the lock of an existing run directory to continue its run ({@code --resume}): refused when no run is
     * there, or when a live process holds it. Taking the lock proves the run that last wrote there is gone, so a
     * run.json that still says {@code running} belongs to an interrupted run. Nothing is removed.
     *
     * @return the lock, to hold until the continued run has written its last file
     * @throws RunDirectoryException naming the directory and why it cannot be continued
     */
    public static RunLock reclaim(Path dir) throws RunDirectoryException {
        if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve("run.json"))) {
            throw new RunDirectoryException(dir, dir + ": no run to continue there (no run.json)");
        }
        try {
            return RunLock.acquire(dir);
        } catch (RunLock.HeldException e) {
            throw new RunDirectoryException(dir, e.getMessage(), e);
        } catch (IOException e) {
            throw new RunDirectoryException(dir, dir + ": cannot lock the run directory: " + e.getMessage(), e);
        }
    }

    /** Whether {@code dir} holds any file a run writes. */
    public static boolean holdsRun(Path dir) {
        return RUN_ENTRIES.stream().anyMatch(n -> Files.exists(dir.resolve(n)));
    }

    private static String describe(Path dir) {
        try {
            String status = RunStore.JSON.readTree(dir.resolve("run.json").toFile()).path("status").asText("?");
            // Called holding the lock: a run that still says "running" has no live process.
            return "status " + ("running".equals(status) ? "interrupted" : status);
        } catch (IOException | RuntimeException e) {
            return "no readable run.json";
        }
    }

    private static void removeRun(Path dir) throws IOException {
        for (String n : RUN_ENTRIES) {
            Path p = dir.resolve(n);
            if (!Files.exists(p)) continue;
            try (Stream<Path> s = Files.walk(p)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
            }
        }
    }

    private static void closeQuietly(RunLock lock) {
        try {
            lock.close();
        } catch (IOException ignored) {
            // the lock goes with the process at the latest
        }
    }
}
