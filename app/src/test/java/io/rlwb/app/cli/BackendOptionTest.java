package io.rlwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rlwb.engine.runtime.backend.ActiveBackend;
import io.rlwb.engine.runtime.backend.BackendChoice;
import io.rlwb.engine.runtime.backend.BackendPlatform;
import io.rlwb.engine.runtime.backend.BackendSelection;
import io.rlwb.engine.runtime.backend.CudaStatus;
import io.rlwb.engine.runtime.backend.CudaStatus.Missing;
import io.rlwb.engine.runtime.backend.FakePlatform;
import io.rlwb.engine.runtime.backend.Nd4jPlatform;
import io.rlwb.engine.testkit.RepoFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --backend auto|cpu|cuda} on the command line: accepted before or after the subcommand, chosen before the
 * command runs, refused with what is missing (exit 2, no stack trace), and recorded in run.json. A machine with
 * CUDA is a {@link FakePlatform}; the real platform of this build has no CUDA backend.
 */
class BackendOptionTest {
    @TempDir
    Path tmp;
    private Path plugins;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void emptyPluginFolder() throws Exception {
        plugins = Files.createDirectory(tmp.resolve("plugins"));
    }

    @AfterEach
    void backToTheCpu() throws Exception {
        // Later tests in this JVM record what really computes, not a double's GPU.
        new Nd4jPlatform().activate(new BackendSelection(BackendChoice.CPU, BackendSelection.Kind.CPU, "requested", null, false));
    }

    private int cli(BackendPlatform platform, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            return WorkbenchCommand.execute(platform, o, e, args);
        }
    }

    private String validateArg() {
        return RepoFiles.ppoCartPole().toString();
    }

    static Stream<Arguments> positions() {
        return Stream.of(Arguments.of("before the subcommand", List.of("--backend", "cpu", "validate", "GRAPH")),
                Arguments.of("after the subcommand", List.of("validate", "--backend", "cpu", "GRAPH")),
                Arguments.of("after the graph, with =", List.of("validate", "GRAPH", "--backend=CPU")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positions")
    void backendIsAcceptedInEitherPosition(String where, List<String> args) {
        FakePlatform gpuBox = FakePlatform.cudaBuild(CudaStatus.found(List.of(FakePlatform.device())));
        String[] a = args.stream().map(s -> s.equals("GRAPH") ? validateArg() : s).toArray(String[]::new);

        int code = cli(gpuBox, a);

        assertThat(code).as(out + "" + err).isZero();
        assertThat(gpuBox.activated).hasSize(1);
        assertThat(gpuBox.activated.get(0).kind()).isEqualTo(BackendSelection.Kind.CPU);
        assertThat(gpuBox.activated.get(0).requested()).isEqualTo(BackendChoice.CPU);
        assertThat(gpuBox.probes).as("cpu never asks the CUDA runtime").isZero();
    }

    @Test
    void autoIsTheDefaultAndTakesCudaWhereADeviceAnswers() {
        FakePlatform gpuBox = FakePlatform.cudaBuild(CudaStatus.found(List.of(FakePlatform.device())));

        assertThat(cli(gpuBox, "validate", validateArg())).as(err.toString()).isZero();

        BackendSelection s = gpuBox.activated.get(0);
        assertThat(s.requested()).isEqualTo(BackendChoice.AUTO);
        assertThat(s.kind()).isEqualTo(BackendSelection.Kind.CUDA);
        assertThat(s.device().name()).isEqualTo("NVIDIA GeForce RTX 3090");
        assertThat(ActiveBackend.get()).isEqualTo(s);
    }

    @Test
    void autoWithoutCudaInTheBuildRunsOnTheCpu() {
        FakePlatform cpuOnly = FakePlatform.cpuOnly();

        assertThat(cli(cpuOnly, "--backend", "auto", "validate", validateArg())).isZero();

        assertThat(cpuOnly.activated.get(0).reason()).isEqualTo("auto: no CUDA backend in this build");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(FakePlatform.cpuOnly(), "no CUDA backend in this build; rebuild with the CUDA profile"),
                Arguments.of(FakePlatform.cudaBuild(CudaStatus.lacking(Missing.RUNTIME, "UnsatisfiedLinkError: no jnicudart")),
                        "the CUDA 11.6 runtime libraries could not be loaded (UnsatisfiedLinkError: no jnicudart); "
                                + "install CUDA 11.6"),
                Arguments.of(FakePlatform.cudaBuild(CudaStatus.lacking(Missing.DRIVER, "no NVIDIA driver is installed")),
                        "no usable NVIDIA driver (no NVIDIA driver is installed); install an NVIDIA driver"),
                Arguments.of(FakePlatform.cudaBuild(CudaStatus.lacking(Missing.DEVICE, "0 devices")),
                        "no CUDA device (0 devices)"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void cudaThatCannotWorkEndsWithWhatIsMissingAndExitCode2(FakePlatform platform, String missing) {
        int code = cli(platform, "run", "--backend", "cuda", RepoFiles.ppoCartPole().toString(), "--out",
                tmp.resolve("never").toString(), "--plugins", plugins.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("workbench: --backend cuda: " + missing)
                .doesNotContain("Exception\n").doesNotContain("\tat ");
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(platform.activated).isEmpty();
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void thisBuildRefusesCudaNamingTheProfile() {
        int code = cli(new Nd4jPlatform(), "--backend", "cuda", "nodes");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("workbench: --backend cuda: no CUDA backend in this build; rebuild with "
                + "the CUDA profile: ./mvnw -Pcuda install (Linux or Windows x86-64; docs/gpu.md)" + System.lineSeparator());
    }

    @Test
    void anUnknownBackendIsBadInputNamingTheChoices() {
        int code = cli(FakePlatform.cpuOnly(), "validate", validateArg(), "--backend", "gpu");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--backend': backend 'gpu' is not one of auto, cpu, cuda");
    }

    @Test
    void helpNeverLooksAtTheBackend() {
        FakePlatform cpuOnly = FakePlatform.cpuOnly();

        assertThat(cli(cpuOnly, "--backend", "cuda", "--help")).isZero();

        assertThat(out.toString()).contains("--backend=auto|cpu|cuda");
        assertThat(cpuOnly.activated).isEmpty();
    }

    @Test
    void runJsonAndTheProgressLineRecordTheBackend() throws Exception {
        Path runDir = tmp.resolve("run");

        int code = cli(new Nd4jPlatform(), "run", RepoFiles.ppoCartPole().toString(), "--backend", "cpu",
                "--set", "collector.num_steps=16", "--set", "envs.num_envs=4", "--set", "eval.episodes=1",
                "--budget", "env_steps=64", "--out", runDir.toString(), "--plugins", plugins.toString());

        assertThat(code).as(out + "" + err).isZero();
        assertThat(out.toString()).containsPattern("(?m)^backend: CPU \\S+$");
        JsonNode record = new ObjectMapper().readTree(runDir.resolve("run.json").toFile());
        assertThat(record.get("backend").asText()).startsWith("CPU ");
        JsonNode details = record.get("backend_details");
        assertThat(details.get("backend.requested").asText()).isEqualTo("cpu");
        assertThat(details.get("backend.selected").asText()).isEqualTo("cpu");
        assertThat(details.get("nd4j.backend.class").asText()).isEqualTo(Nd4jPlatform.CPU_BACKEND);
    }

    @Test
    void autoOnThisBuildSaysWhyInTheProgressLineAndRunJson() throws Exception {
        Path runDir = tmp.resolve("auto");

        int code = cli(new Nd4jPlatform(), "run", RepoFiles.ppoCartPole().toString(),
                "--set", "collector.num_steps=16", "--set", "envs.num_envs=4", "--set", "eval.episodes=1",
                "--budget", "env_steps=64", "--out", runDir.toString(), "--plugins", plugins.toString());

        assertThat(code).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("(auto: no CUDA backend in this build)");
        JsonNode details = new ObjectMapper().readTree(runDir.resolve("run.json").toFile()).get("backend_details");
        assertThat(details.get("backend.requested").asText()).isEqualTo("auto");
        assertThat(details.get("backend.reason").asText()).isEqualTo("auto: no CUDA backend in this build");
    }

    @Test
    void theBackendCommandShowsTheChoiceAndWhy() {
        int code = cli(new Nd4jPlatform(), "backend");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("(?m)^backend: CPU \\S+ \\(auto: no CUDA backend in this build\\)$")
                .contains("in this build: CPU yes, CUDA no (build with -Pcuda)")
                .containsPattern("(?m)^  backend.requested +auto$");
    }
}
