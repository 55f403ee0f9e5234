package io.rlwb.engine.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds files of the repository from a test, whatever module directory the test runs in: the root is the
 * first directory, walking up from the working directory, that holds {@code samples/}.
 */
public final class RepoFiles {
    private RepoFiles() {}

    /** The repository root. */
    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("samples"))) return d;
        }
        throw new IllegalStateException("no directory holding samples/ above " + p);
    }

    /** A file under {@code samples/}. */
    public static Path sample(String name) {
        Path f = root().resolve("samples").resolve(name);
        if (!Files.isRegularFile(f)) throw new IllegalStateException("missing sample " + f);
        return f;
    }

    /** The PPO-on-CartPole sample every graph test starts from. */
    public static Path ppoCartPole() {
        return sample("ppo-cartpole.json");
    }
}
