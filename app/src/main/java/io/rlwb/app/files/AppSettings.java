package io.rlwb.app.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rlwb.engine.runtime.backend.BackendChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The application's settings in {@code settings.json} of the settings folder: today the compute backend chosen at
 * start ({@code {"backend": "auto"}}). A missing or unreadable file, or an unknown value, reads as the defaults;
 * writes are atomic and keep keys this version does not know.
 */
public final class AppSettings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public AppSettings(Path file) {
        this.file = file;
    }

    /** {@code settings.json} of {@link WorkbenchDirs#settingsDir()}. */
    public static AppSettings standard() {
        return new AppSettings(WorkbenchDirs.settingsDir().resolve("settings.json"));
    }

    /** The backend the application starts with; {@code auto} unless set. */
    public BackendChoice backend() {
        try {
            return BackendChoice.parse(read().path("backend").asText("auto"));
        } catch (IllegalArgumentException e) {
            return BackendChoice.AUTO;
        }
    }

    /** Stores the backend for the next start. */
    public void setBackend(BackendChoice choice) throws IOException {
        ObjectNode root = read();
        root.put("backend", choice.id());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private ObjectNode read() {
        try {
            if (Files.exists(file)) {
                JsonNode n = JSON.readTree(file.toFile());
                if (n instanceof ObjectNode o) return o;
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable settings are the defaults; the next write replaces them.
        }
        return JSON.createObjectNode();
    }
}
