package io.rlwb.engine.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository from tests, whatever module directory they run in. */
public final class Repo {
    private Repo() {}

    public static Path root() {
        String prop = System.getProperty("workbench.repo");
        if (prop != null && Files.isDirectory(Path.of(prop, "samples"))) return Path.of(prop);
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("no samples/ above " + Path.of("").toAbsolutePath());
        return p;
    }

    public static Path sample(String name) {
        return root().resolve("samples").resolve(name);
    }
}
