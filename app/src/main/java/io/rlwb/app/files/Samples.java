package io.rlwb.app.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The sample graphs offered by File › New from sample: {@code samples/*.json}, with the names they declare. Sweep
 * files ({@code "format": "workbench-sweep"}, docs/sweeps.md) live there too and are left out: they are no graphs.
 */
public final class Samples {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A sample graph.
     *
     * @param name the graph's {@code name}, or the file name when it has none
     */
    public record Sample(String name, Path file) {}

    private Samples() {}

    /** The samples in {@code dir}, by file name; an absent folder gives none. */
    public static List<Sample> list(Path dir) {
        List<Sample> l = new ArrayList<>();
        if (!Files.isDirectory(dir)) return l;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                try {
                    var tree = JSON.readTree(p.toFile());
                    if (io.rlwb.engine.sweep.SweepFile.FORMAT.equals(tree.path("format").asText())) continue;
                    String n = tree.path("name").asText("");
                    if (!n.isBlank()) name = n + "  (" + p.getFileName() + ")";
                } catch (IOException | RuntimeException e) {
                    // listed by file name; opening it will say what is wrong
                }
                l.add(new Sample(name, p));
            }
        } catch (IOException e) {
            return l;
        }
        l.sort(Comparator.comparing(s -> s.file().getFileName().toString()));
        return l;
    }
}
