package io.rlwb.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock a live run holds on its directory ({@code DIR/run.lock}, ADR 0014): an exclusive {@link FileLock} on
 * the file, which the operating system releases when the process ends in any way (exit, crash, SIGKILL, power
 * cut), plus the holder's process id, process start time and host written into the file, for messages and for
 * file systems without locks.
 *
 * <p>A directory whose run.json says {@code running} but whose lock nobody holds belongs to a dead run: readers
 * show it as {@code interrupted} ({@link #isLive}). A later {@code --resume} takes the lock with {@link #acquire}
 * exactly like a new run does: success proves the previous holder is gone.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name inside a run directory. */
    public static final String FILE = "run.lock";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Attempts before giving up: a reader's probe holds a shared lock for a moment. */
    private static final int ATTEMPTS = 50;

    /**
     * Lock files this process holds, by real path. On POSIX systems closing any channel of a file drops every lock
     * the process has on it (see {@link FileLock}), so this process never opens a file it holds a second time. Every
     * method that opens a lock file ({@link #acquire}, {@link #isLive}, {@link #readHolder}) holds the class's
     * monitor, so that a reader (the run browser's scan) cannot open and close a lock file between another thread's
     * taking its lock and recording it here, which would drop that fresh lock.
     */
    private static final Map<Path, RunLock> HELD = new ConcurrentHashMap<>();
    private static volatile String host;

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final byte[] holder;

    private RunLock(Path file, Path key, FileChannel channel, FileLock lock, byte[] holder) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /** Thrown when a live process (this one or another) holds the directory. */
    public static final class HeldException extends IOException {
        private final String holder;

        HeldException(Path dir, String holder) {
            super(dir + " is in use by a live run (" + holder + "); wait for it to end or choose another directory");
            this.holder = holder;
        }

        /** The holder in words: process id, host and since when, where known. */
        public String holder() {
            return holder;
        }
    }

    /**
     * Takes the lock of {@code dir} (which must exist) for this process and writes the holder into the lock file.
     *
     * @throws HeldException when a live run holds it
     * @throws IOException when the lock file cannot be created or written
     */
    public static synchronized RunLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Path key = key(dir);
        if (HELD.containsKey(key)) throw new HeldException(dir, "this process");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock l = null;
            for (int i = 0; i < ATTEMPTS && l == null; i++) {
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    throw new HeldException(dir, "this process");
                }
                if (l == null) {
                    try {
                        Thread.sleep(10); // a reader's probe (shared lock) lasts microseconds
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            if (l == null) throw new HeldException(dir, describe(readHolder(file)));
            byte[] holder = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(self());
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(holder), 0);
            ch.force(true);
            RunLock lock = new RunLock(file, key, ch, l, holder);
            HELD.put(key, lock);
            return lock;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Whether a live process holds the lock of {@code dir}. No lock file: nobody (runs of this version always
     * write one). Where the file system refuses locks, falls back to the recorded process id and start time.
     */
    public static synchronized boolean isLive(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return false;
        if (HELD.containsKey(key(dir))) return true;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe;
            try {
                probe = ch.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                return true; // this very process holds it
            }
            if (probe == null) return true;
            probe.release();
            return false;
        } catch (IOException e) {
            return readHolder(file).map(RunLock::processAlive).orElse(false);
        }
    }

    /** The holder recorded in the lock file (pid, process_start, host, acquired), if readable. */
    public static synchronized Optional<JsonNode> readHolder(Path lockFile) {
        try {
            Path parent = lockFile.toAbsolutePath().getParent();
            RunLock mine = parent == null ? null : HELD.get(key(parent));
            byte[] bytes = mine != null ? mine.holder : Files.readAllBytes(lockFile);
            JsonNode n = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean processAlive(JsonNode holder) {
        if (!holder.path("host").asText("").equals(hostName())) return false;
        return ProcessHandle.of(holder.path("pid").asLong(-1))
                .flatMap(h -> h.info().startInstant())
                .map(s -> s.toString().equals(holder.path("process_start").asText("")))
                .orElse(false);
    }

    private static String describe(Optional<JsonNode> holder) {
        return holder.map(h -> "process " + h.path("pid").asText("?") + " on " + h.path("host").asText("?")
                + " since " + h.path("acquired").asText("?")).orElse("holder unknown");
    }

    private static Map<String, Object> self() {
        ProcessHandle me = ProcessHandle.current();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", me.pid());
        m.put("process_start", me.info().startInstant().map(Instant::toString).orElse(null));
        m.put("host", hostName());
        m.put("acquired", Instant.now().toString());
        return m;
    }

    private static String hostName() {
        String h = host;
        if (h == null) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "localhost";
            }
            host = h;
        }
        return h;
    }

    /** The map key of a run directory: its real path where it exists, else its absolute normal form. */
    private static Path key(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Releases the lock (the file stays, naming its last holder). */
    @Override
    public void close() throws IOException {
        synchronized (RunLock.class) {
            release();
        }
    }

    private void release() throws IOException {
        try {
            if (lock.isValid()) lock.release();
        } finally {
            channel.close();
            HELD.remove(key, this);
        }
    }
}
