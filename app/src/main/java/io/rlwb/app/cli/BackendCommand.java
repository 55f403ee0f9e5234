package io.rlwb.app.cli;

import io.rlwb.engine.runtime.Backend;
import io.rlwb.engine.runtime.backend.Nd4jPlatform;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code workbench backend}: which compute backend this build and machine give for {@code --backend} (default
 * auto), and why; the details run.json records. {@link BackendExecution} has chosen before this runs, so a CUDA
 * choice that cannot work has already ended with its reason and exit code 2.
 */
@Command(name = "backend", description = "Show the compute backend that --backend auto|cpu|cuda gives here, and why.")
final class BackendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Nd4jPlatform platform = new Nd4jPlatform();
        out.println("backend: " + Backend.labelWithReason());
        out.println("in this build: CPU " + (platform.cpuInBuild() ? "yes" : "no") + ", CUDA "
                + (platform.cudaInBuild() ? "yes (nd4j-cuda-11.6)" : "no (build with -Pcuda)"));
        String mismatch = Backend.mismatch();
        if (mismatch != null) out.println("warning: " + mismatch);
        for (Map.Entry<String, String> e : Backend.details().entrySet()) {
            out.printf("  %-26s %s%n", e.getKey(), e.getValue());
        }
        out.flush();
        return 0;
    }
}
