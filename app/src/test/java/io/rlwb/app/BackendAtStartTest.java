package io.rlwb.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.runtime.backend.BackendChoice;
import io.rlwb.engine.runtime.backend.BackendSelection;
import io.rlwb.engine.runtime.backend.CudaStatus;
import io.rlwb.engine.runtime.backend.FakePlatform;
import io.rlwb.engine.runtime.backend.Nd4jPlatform;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The window's backend: {@code --backend} taken from its arguments, and CUDA that cannot work becoming the CPU. */
class BackendAtStartTest {
    @AfterEach
    void backToTheCpu() throws Exception {
        new Nd4jPlatform().activate(new BackendSelection(BackendChoice.CPU, BackendSelection.Kind.CPU, "requested", null, false));
    }

    @Test
    void backendIsTakenOutOfTheWindowsArguments() {
        var s = BackendAtStart.split(new String[] {"--backend", "cuda", "--graph", "g.json"});
        assertThat(s.rest()).containsExactly("--graph", "g.json");
        assertThat(s.choice()).isEqualTo(BackendChoice.CUDA);
        var t = BackendAtStart.split(new String[] {"--graph", "g.json", "--backend=cpu"});
        assertThat(t.rest()).containsExactly("--graph", "g.json");
        assertThat(t.choice()).isEqualTo(BackendChoice.CPU);
        assertThat(BackendAtStart.split(new String[] {"run", "x.json"}).choice()).isNull();
    }

    @Test
    void anUnknownChoiceIsLeftForTheCommandLineToRefuse() {
        var s = BackendAtStart.split(new String[] {"--backend", "gpu"});
        assertThat(s.rest()).containsExactly("--backend", "gpu");
        assertThat(s.choice()).isNull();
    }

    @Test
    void cudaThatCannotWorkOpensTheWindowOnTheCpuSayingWhy() {
        FakePlatform noDriver = FakePlatform.cudaBuild(CudaStatus.lacking(CudaStatus.Missing.DRIVER, "no NVIDIA driver is installed"));

        BackendSelection s = BackendAtStart.choose(BackendChoice.CUDA, noDriver);

        assertThat(s.kind()).isEqualTo(BackendSelection.Kind.CPU);
        assertThat(s.requested()).isEqualTo(BackendChoice.CUDA);
        assertThat(s.reason()).isEqualTo("CUDA unavailable: no usable NVIDIA driver (no NVIDIA driver is installed)");
        assertThat(noDriver.activated).containsExactly(s);
    }

    @Test
    void withoutTheCudaBackendInTheBuildTheStatusBarSaysSo() {
        BackendSelection s = BackendAtStart.choose(BackendChoice.CUDA, FakePlatform.cpuOnly());
        assertThat(s.reason()).isEqualTo("CUDA unavailable: no CUDA backend in this build");
    }

    @Test
    void aDeviceThatAnswersIsUsed() {
        FakePlatform gpuBox = FakePlatform.cudaBuild(CudaStatus.found(List.of(FakePlatform.device())));

        BackendSelection s = BackendAtStart.choose(BackendChoice.AUTO, gpuBox);

        assertThat(s.kind()).isEqualTo(BackendSelection.Kind.CUDA);
        assertThat(s.device()).isEqualTo(FakePlatform.device());
    }
}
