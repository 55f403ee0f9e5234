package io.rlwb.plugins.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A trial's run directory as bytes, so an executor on another machine can send it back with the trial's result
 * (run directories {@code collect}ed by the driver, the default on clusters: no shared filesystem needed).
 */
final class RunDirArchive {
    private RunDirArchive() {}

    /** The files under {@code dir} as a zip, paths relative to it. */
    static byte[] zip(Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack run directory " + dir, e);
        }
        return bytes.toByteArray();
    }

    /** Unpacks {@code zip} into {@code dir}, replacing what an earlier attempt left there. */
    static void unzip(byte[] zip, Path dir) throws IOException {
        delete(dir);
        Files.createDirectories(dir);
        Path root = dir.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path to = root.resolve(e.getName()).normalize();
                if (!to.startsWith(root)) throw new IOException("run directory entry outside it: " + e.getName());
                Files.createDirectories(to.getParent());
                Files.copy(in, to);
            }
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) Files.deleteIfExists(p);
    }
}
