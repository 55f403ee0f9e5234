package io.rlwb.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.runtime.backend.BackendChoice;
import io.rlwb.engine.runtime.backend.BackendSelection;
import io.rlwb.engine.runtime.backend.CudaDevice;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The label and run.json details from ND4J's environment information, for the CPU and (as ND4J's CUDA executioner writes it) a GPU. */
class BackendTest {
    /** What CudaExecutioner.getEnvironmentInformation puts in (nd4j 1.0.0-M2.1 Nd4jEnvironment keys). */
    static Properties cudaEnv() {
        Properties env = new Properties();
        env.put("backend", "CUDA");
        env.put("cuda.availableDevices", 1);
        env.put("cuda.devicesInformation", List.of(Map.of("cuda.deviceName", "NVIDIA A100-SXM4-40GB",
                "cuda.totalMemory", 42_505_273_344L, "cuda.freeMemory", 41_000_000_000L, "cuda.deviceMajor", 8L,
                "cuda.deviceMinor", 0L)));
        env.put("blas.vendor", "CUBLAS");
        return env;
    }

    @Test
    void aGpuIsLabelledWithItsNameAndMemory() {
        assertThat(Backend.label(cudaEnv())).isEqualTo("CUDA NVIDIA A100-SXM4-40GB (39.6 GiB)");
    }

    @Test
    void theCpuIsLabelledWithItsVectorLevel() {
        Properties env = new Properties();
        env.put("backend", "CPU");
        assertThat(Backend.label(env)).isEqualTo("CPU " + Backend.cpuLevel());
    }

    @Test
    void detailsOnAGpuRecordTheDeviceAndTheSelection() {
        BackendSelection s = new BackendSelection(BackendChoice.AUTO, BackendSelection.Kind.CUDA,
                "auto: a CUDA device answered", new CudaDevice(0, "NVIDIA A100-SXM4-40GB", 42_505_273_344L, 8, 0), true);
        Map<String, String> d = Backend.details(cudaEnv(), "org.nd4j.linalg.jcublas.JCublasBackend", "FLOAT", s);
        assertThat(d).containsEntry("backend", "CUDA").containsEntry("cuda.device", "NVIDIA A100-SXM4-40GB")
                .containsEntry("cuda.memory_bytes", "42505273344").containsEntry("cuda.free_memory_bytes", "41000000000")
                .containsEntry("cuda.compute_capability", "8.0").containsEntry("backend.requested", "auto")
                .containsEntry("backend.reason", "auto: a CUDA device answered")
                .containsEntry("nd4j.backend.class", "org.nd4j.linalg.jcublas.JCublasBackend");
    }

    @Test
    void detailsOnTheCpuHaveNoDevice() {
        Properties env = new Properties();
        env.put("backend", "CPU");
        env.put("cores", 2);
        BackendSelection s = new BackendSelection(BackendChoice.CPU, BackendSelection.Kind.CPU, "requested", null, false);
        Map<String, String> d = Backend.details(env, "org.nd4j.linalg.cpu.nativecpu.CpuBackend", "FLOAT", s);
        assertThat(d).containsEntry("cores", "2").containsEntry("backend.requested", "cpu")
                .containsEntry("backend.selected", "cpu").doesNotContainKey("cuda.device");
    }
}
