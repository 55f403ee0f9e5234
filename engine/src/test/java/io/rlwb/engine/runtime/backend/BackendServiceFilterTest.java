package io.rlwb.engine.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendServiceFilterTest {
    @TempDir
    Path tmp;

    /** Two jars' worth of folders, as a -Pcuda build has: nd4j-native's service file and nd4j-cuda's. */
    private ClassLoader bothBackends() throws Exception {
        Path cpu = tmp.resolve("cpu");
        Path cuda = tmp.resolve("cuda");
        write(cpu, "# licence header\n\n" + Nd4jPlatform.CPU_BACKEND + "\n");
        write(cuda, Nd4jPlatform.CUDA_BACKEND + "  # the GPU\n");
        Files.writeString(cpu.resolve("other.txt"), "unfiltered");
        return new URLClassLoader(new URL[] {cpu.toUri().toURL(), cuda.toUri().toURL()}, null);
    }

    private static void write(Path root, String text) throws Exception {
        Path f = root.resolve(BackendServiceFilter.SERVICE);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    @Test
    void listsEveryBackendOfEveryServiceFile() throws Exception {
        assertThat(BackendServiceFilter.listed(bothBackends()))
                .containsExactly(Nd4jPlatform.CPU_BACKEND, Nd4jPlatform.CUDA_BACKEND);
    }

    @Test
    void showsNd4jOnlyTheAllowedBackends() throws Exception {
        ClassLoader parent = bothBackends();
        assertThat(BackendServiceFilter.listed(new BackendServiceFilter(parent, Set.of(Nd4jPlatform.CPU_BACKEND))))
                .containsExactly(Nd4jPlatform.CPU_BACKEND);
        assertThat(BackendServiceFilter.listed(new BackendServiceFilter(parent, Set.of(Nd4jPlatform.CUDA_BACKEND))))
                .containsExactly(Nd4jPlatform.CUDA_BACKEND);
        assertThat(BackendServiceFilter.listed(new BackendServiceFilter(parent,
                Set.of(Nd4jPlatform.CUDA_BACKEND, Nd4jPlatform.CPU_BACKEND))))
                .containsExactly(Nd4jPlatform.CPU_BACKEND, Nd4jPlatform.CUDA_BACKEND);
    }

    @Test
    void leavesOtherResourcesAlone() throws Exception {
        BackendServiceFilter f = new BackendServiceFilter(bothBackends(), Set.of());
        assertThat(BackendServiceFilter.listed(f)).isEmpty();
        assertThat(f.getResource(BackendServiceFilter.SERVICE)).isNull();
        try (var in = f.getResourceAsStream("other.txt")) {
            assertThat(new String(in.readAllBytes())).isEqualTo("unfiltered");
        }
    }

    @Test
    void thePlatformReadsWhichBackendsABuildHas() throws Exception {
        Nd4jPlatform both = new Nd4jPlatform(bothBackends());
        assertThat(both.cpuInBuild()).isTrue();
        assertThat(both.cudaInBuild()).isTrue();
        Nd4jPlatform thisBuild = new Nd4jPlatform(getClass().getClassLoader());
        assertThat(thisBuild.cpuInBuild()).isTrue();
        assertThat(thisBuild.cudaInBuild()).as("the default build never has the CUDA backend").isFalse();
    }

    @Test
    void withoutTheCudaClassesTheRuntimeIsWhatIsMissing() {
        CudaStatus s = new Nd4jPlatform(getClass().getClassLoader()).probeCuda();
        assertThat(s.missing()).isEqualTo(CudaStatus.Missing.RUNTIME);
        assertThat(s.detail()).contains("ClassNotFoundException").contains("cudart");
    }

    @Test
    void aLaterPlatformSeesTheBuildThroughAnEarlierFilter() {
        ClassLoader original = org.nd4j.common.config.ND4JClassLoading.getNd4jClassloader();
        try {
            org.nd4j.common.config.ND4JClassLoading.setNd4jClassloader(new BackendServiceFilter(original, Set.of()));
            assertThat(new Nd4jPlatform().cpuInBuild()).as("the build still has the CPU backend").isTrue();
        } finally {
            org.nd4j.common.config.ND4JClassLoading.setNd4jClassloader(original);
        }
    }

    @Test
    void aMissingDriverLibraryIsAMissingDriverAndAnythingElseTheRuntime() {
        CudaStatus driver = Nd4jPlatform.loadFailure(new RuntimeException(
                new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file: No such file or directory")));
        assertThat(driver.missing()).isEqualTo(CudaStatus.Missing.DRIVER);
        assertThat(driver.detail()).isEqualTo("UnsatisfiedLinkError: libcuda.so.1: cannot open shared object file: "
                + "No such file or directory");
        assertThat(Nd4jPlatform.loadFailure(new UnsatisfiedLinkError("Can't find dependent libraries: nvcuda.dll"))
                .missing()).isEqualTo(CudaStatus.Missing.DRIVER);
        assertThat(Nd4jPlatform.loadFailure(new UnsatisfiedLinkError("libcudart.so.11.0: cannot open shared object file"))
                .missing()).isEqualTo(CudaStatus.Missing.RUNTIME);
    }
}
