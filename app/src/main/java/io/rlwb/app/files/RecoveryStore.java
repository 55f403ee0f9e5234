package io.rlwb.app.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.graph.GraphFile;
import io.rlwb.engine.graph.GraphFileException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Recovery copies of unsaved work: each window writes its graph to {@code <session>.json} in the recovery
 * folder (with {@code <session>.meta.json} naming the file it belongs to) while it has unsaved changes, and
 * deletes both once the work is saved or deliberately discarded. Copies left behind by a session that ended
 * without that (a crash, a kill) are offered back at the next start.
 */
public final class RecoveryStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String session;

    /**
     * A recovery copy found on disk.
     *
     * @param graph the copy
     * @param original the file it was a copy of; null for a graph never saved
     * @param name the graph's name
     * @param saved when the copy was written
     */
    public record Recovery(Path graph, Path meta, Path original, String name, Instant saved) {}

    public RecoveryStore(Path dir) {
        this(dir, ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A store whose copies are named {@code session} (tests give two sessions of one process different names). */
    public RecoveryStore(Path dir, String session) {
        this.dir = dir;
        this.session = session;
    }

    /** Writes (atomically) this session's copy of {@code doc}, which belongs to {@code original} (or null). */
    public void save(GraphDocument doc, Path original) throws IOException {
        Files.createDirectories(dir);
        GraphFile.write(doc, dir.resolve(session + ".json"));
        ObjectNode meta = JSON.createObjectNode();
        meta.put("file", original == null ? null : original.toAbsolutePath().toString());
        meta.put("name", doc.name());
        meta.put("saved", Instant.now().toString());
        meta.put("pid", ProcessHandle.current().pid());
        Path tmp = Files.createTempFile(dir, "." + session, ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), meta);
            Files.move(tmp, dir.resolve(session + ".meta.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes this session's copy (the work was saved or discarded). */
    public void discard() {
        delete(dir.resolve(session + ".json"), dir.resolve(session + ".meta.json"));
    }

    /** Deletes a found copy (restored, or declined). */
    public void discard(Recovery r) {
        delete(r.graph(), r.meta());
    }

    private static void delete(Path... paths) {
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // Left behind, it is offered again next time: no harm.
            }
        }
    }

    /** Copies left by other sessions that are no longer running, newest first. */
    public List<Recovery> findLeftOver() {
        List<Recovery> l = new ArrayList<>();
        if (!Files.isDirectory(dir)) return l;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.meta.json")) {
            for (Path meta : ds) {
                String id = meta.getFileName().toString().replace(".meta.json", "");
                Path graph = dir.resolve(id + ".json");
                if (id.equals(session) || !Files.exists(graph)) continue;
                try {
                    JsonNode m = JSON.readTree(meta.toFile());
                    long pid = m.path("pid").asLong(-1);
                    if (pid > 0 && pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue; // another window that is still open
                    }
                    String file = m.path("file").isTextual() ? m.get("file").asText() : null;
                    l.add(new Recovery(graph, meta, file == null ? null : Path.of(file), m.path("name").asText(""),
                            Instant.parse(m.path("saved").asText(Instant.EPOCH.toString()))));
                } catch (IOException | RuntimeException e) {
                    // A copy we cannot read is skipped, not fatal.
                }
            }
        } catch (IOException e) {
            return l;
        }
        l.sort(Comparator.comparing(Recovery::saved).reversed());
        return l;
    }

    /** Reads a found copy. */
    public static GraphDocument read(Recovery r) throws GraphFileException {
        return new GraphFile().read(r.graph());
    }

    /** This session's id (the copy's file name without extension). */
    public String session() {
        return session;
    }
}
