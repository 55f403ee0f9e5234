package io.rlwb.app.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The recently opened or saved graph files, newest first, kept in {@code recent.json} as
 * {@code {"recent": ["/abs/path.json", ...]}}. A missing or unreadable list is an empty one; writes are atomic.
 */
public final class RecentFiles {
    /** Files remembered. */
    public static final int LIMIT = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public RecentFiles(Path file) {
        this.file = file;
    }

    /** The list, newest first; files that no longer exist are left out. */
    public List<Path> load() {
        List<Path> l = new ArrayList<>();
        try {
            if (!Files.exists(file)) return l;
            JsonNode root = JSON.readTree(file.toFile());
            for (JsonNode p : root.path("recent")) {
                if (!p.isTextual()) continue;
                Path path = Path.of(p.asText());
                if (Files.exists(path) && !l.contains(path)) l.add(path);
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable list is not worth an error: it is rebuilt as files are opened.
        }
        return l;
    }

    /** Puts {@code p} first and writes the list; returns the new list. */
    public List<Path> add(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        List<Path> l = load();
        l.remove(abs);
        l.add(0, abs);
        while (l.size() > LIMIT) l.remove(l.size() - 1);
        save(l);
        return l;
    }

    /** Takes {@code p} off the list; returns the new list. */
    public List<Path> remove(Path p) throws IOException {
        List<Path> l = load();
        l.remove(p.toAbsolutePath().normalize());
        save(l);
        return l;
    }

    private void save(List<Path> l) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        var arr = root.putArray("recent");
        l.forEach(p -> arr.add(p.toString()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".recent", ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
