package io.rlwb.app.files;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Folders of the workbench. The settings folder is {@code ~/.workbench}; the system property
 * {@value #HOME_PROPERTY} replaces {@code ~} (tests point it at a temporary folder so they never touch the
 * user's files). Samples are {@code samples/} of the installation ({@code -Dworkbench.home}, set by
 * {@code ./workbench}), else of the working directory.
 */
public final class WorkbenchDirs {
    /** System property that replaces the user's home folder for everything under {@code .workbench}. */
    public static final String HOME_PROPERTY = "workbench.user.home";

    private WorkbenchDirs() {}

    /** {@code ~/.workbench} (or under {@value #HOME_PROPERTY}). */
    public static Path settingsDir() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) home = System.getProperty("user.home");
        return Path.of(home, ".workbench");
    }

    /** The recent-files list. */
    public static Path recentFile() {
        return settingsDir().resolve("recent.json");
    }

    /** Where recovery copies of unsaved work go. */
    public static Path recoveryDir() {
        return settingsDir().resolve("recovery");
    }

    /** The plugin folder the application loads jars from: {@code plugins} in {@link #settingsDir()}. */
    public static Path pluginDir() {
        return settingsDir().resolve("plugins");
    }

    /** The sample graphs' folder. */
    public static Path samplesDir() {
        String install = System.getProperty("workbench.home");
        if (install != null && !install.isBlank() && Files.isDirectory(Path.of(install, "samples"))) {
            return Path.of(install, "samples");
        }
        String repo = System.getProperty("workbench.repo");
        if (repo != null && !repo.isBlank() && Files.isDirectory(Path.of(repo, "samples"))) return Path.of(repo, "samples");
        return Path.of("samples").toAbsolutePath();
    }
}
