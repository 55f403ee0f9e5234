package io.rlwb.engine.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.runtime.backend.BackendSelection.Kind;
import io.rlwb.engine.runtime.backend.CudaStatus.Missing;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {
    private static final CudaStatus ONE_GPU = CudaStatus.found(List.of(FakePlatform.device()));

    @Test
    void cpuAlwaysWorksAndNeverAsksTheCudaRuntime() throws Exception {
        FakePlatform gpuBox = FakePlatform.cudaBuild(ONE_GPU);
        BackendSelection s = BackendSelector.select(BackendChoice.CPU, gpuBox);
        assertThat(s.kind()).isEqualTo(Kind.CPU);
        assertThat(s.device()).isNull();
        assertThat(gpuBox.probes).isZero();
        assertThat(BackendSelector.select(BackendChoice.CPU, FakePlatform.cpuOnly()).kind()).isEqualTo(Kind.CPU);
    }

    @Test
    void autoWithoutTheCudaBackendRunsOnTheCpuAndSaysWhy() throws Exception {
        BackendSelection s = BackendSelector.select(BackendChoice.AUTO, FakePlatform.cpuOnly());
        assertThat(s.kind()).isEqualTo(Kind.CPU);
        assertThat(s.reason()).isEqualTo("auto: no CUDA backend in this build");
        assertThat(s.details()).containsEntry("backend.requested", "auto").containsEntry("backend.selected", "cpu");
    }

    @Test
    void autoTakesCudaWhenADeviceAnswersAndMayStillFallBack() throws Exception {
        FakePlatform p = FakePlatform.cudaBuild(ONE_GPU);
        BackendSelection s = BackendSelector.select(BackendChoice.AUTO, p);
        assertThat(s.kind()).isEqualTo(Kind.CUDA);
        assertThat(s.device().name()).isEqualTo("NVIDIA GeForce RTX 3090");
        assertThat(s.cpuFallback()).isTrue();
        assertThat(s.reason()).isEqualTo("auto: a CUDA device answered");
        assertThat(s.details()).containsEntry("cuda.device", "NVIDIA GeForce RTX 3090")
                .containsEntry("cuda.memory_bytes", Long.toString(24L << 30))
                .containsEntry("cuda.compute_capability", "8.6");
        assertThat(p.probes).isEqualTo(1);
    }

    @Test
    void autoFallsBackToTheCpuNamingWhatIsMissing() throws Exception {
        BackendSelection s = BackendSelector.select(BackendChoice.AUTO,
                FakePlatform.cudaBuild(CudaStatus.lacking(Missing.DEVICE, "CUDA error 100: no CUDA-capable device is detected")));
        assertThat(s.kind()).isEqualTo(Kind.CPU);
        assertThat(s.reason()).isEqualTo("auto: no CUDA device (CUDA error 100: no CUDA-capable device is detected)");
    }

    @Test
    void cudaOnADeviceNeverFallsBackQuietly() throws Exception {
        BackendSelection s = BackendSelector.select(BackendChoice.CUDA, FakePlatform.cudaBuild(ONE_GPU));
        assertThat(s.kind()).isEqualTo(Kind.CUDA);
        assertThat(s.cpuFallback()).isFalse();
        assertThat(s.reason()).isEqualTo("requested");
    }

    @Test
    void cudaRefusalWithoutTheBackendNamesTheProfile() {
        assertThatThrownBy(() -> BackendSelector.select(BackendChoice.CUDA, FakePlatform.cpuOnly()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessage("--backend cuda: no CUDA backend in this build; rebuild with the CUDA profile: "
                        + "./mvnw -Pcuda install (Linux or Windows x86-64; docs/gpu.md)");
    }

    @Test
    void cudaRefusalWithoutTheRuntimeNamesCudaAndTheRedistProfile() {
        assertThatThrownBy(() -> BackendSelector.select(BackendChoice.CUDA, FakePlatform.cudaBuild(
                CudaStatus.lacking(Missing.RUNTIME, "UnsatisfiedLinkError: no jnicudart in java.library.path"))))
                .hasMessage("--backend cuda: the CUDA 11.6 runtime libraries could not be loaded (UnsatisfiedLinkError: "
                        + "no jnicudart in java.library.path); install CUDA 11.6 and cuDNN 8.3, or rebuild with "
                        + "-Pcuda,cuda-redist (docs/gpu.md)");
    }

    @Test
    void cudaRefusalWithoutADriverNamesTheDriverVersion() {
        assertThatThrownBy(() -> BackendSelector.select(BackendChoice.CUDA,
                FakePlatform.cudaBuild(CudaStatus.lacking(Missing.DRIVER, "no NVIDIA driver is installed"))))
                .hasMessage("--backend cuda: no usable NVIDIA driver (no NVIDIA driver is installed); install an NVIDIA "
                        + "driver for CUDA 11 (450.80.02 or newer on Linux, 452.39 or newer on Windows; docs/gpu.md)");
    }

    @Test
    void cudaRefusalWithoutADeviceSaysSo() {
        assertThatThrownBy(() -> BackendSelector.select(BackendChoice.CUDA,
                FakePlatform.cudaBuild(CudaStatus.lacking(Missing.DEVICE, "0 devices"))))
                .hasMessage("--backend cuda: no CUDA device (0 devices); check that nvidia-smi lists a GPU and that "
                        + "CUDA_VISIBLE_DEVICES does not hide it");
    }

    @Test
    void aBuildWithoutTheCpuBackendRefusesCpuAndAutoWithoutADevice() {
        FakePlatform cudaOnly = new FakePlatform(false, true, CudaStatus.lacking(Missing.DEVICE, ""));
        assertThatThrownBy(() -> BackendSelector.select(BackendChoice.CPU, cudaOnly))
                .hasMessageContaining("this build has no CPU backend");
        assertThatThrownBy(() -> BackendSelector.select(BackendChoice.AUTO, cudaOnly))
                .hasMessageContaining("--backend auto: this build has no CPU backend");
    }

    @Test
    void choicesParseInAnyCaseAndNameTheAlternatives() {
        assertThat(BackendChoice.parse("CUDA")).isEqualTo(BackendChoice.CUDA);
        assertThat(BackendChoice.parse(" auto ")).isEqualTo(BackendChoice.AUTO);
        assertThatThrownBy(() -> BackendChoice.parse("gpu")).hasMessage("backend 'gpu' is not one of auto, cpu, cuda");
    }
}
