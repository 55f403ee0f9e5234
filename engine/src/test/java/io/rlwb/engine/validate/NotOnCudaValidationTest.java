package io.rlwb.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.core.CoreNodes;
import io.rlwb.engine.graph.GraphDocument;
import io.rlwb.engine.registry.NodeRegistry;
import io.rlwb.engine.runtime.backend.BackendSelection.Kind;
import io.rlwb.engine.spi.NodeProvider;
import io.rlwb.engine.spi.NodeType;
import io.rlwb.engine.spi.PortSpec;
import io.rlwb.engine.spi.PortTypes;
import io.rlwb.engine.testkit.SampleGraphs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node type that declares it cannot run on CUDA is an error on the CUDA backend and nothing on the CPU. */
class NotOnCudaValidationTest {
    /** A monitor whose (imagined) hot path copies every batch to the host. */
    static final class HostOnly implements NodeProvider {
        @Override public String name() { return "host-only-test"; }

        @Override public String version() { return "0.0.1-test"; }

        @Override public List<NodeType> nodeTypes() {
            return List.of(NodeType.builder("test/host.monitor", 1).category("Monitor").displayName("Host monitor (test)")
                    .input(PortSpec.optionalIn("batch", PortTypes.TRAJECTORIES, "Batch"))
                    .notOnCuda("it reads every batch element by element on the host")
                    .factory(ctx -> { throw new UnsupportedOperationException("declaration only"); })
                    .build());
        }
    }

    private static final NodeRegistry REGISTRY = NodeRegistry.of(new CoreNodes(), new HostOnly());

    private static GraphDocument graphWithHostMonitor() {
        GraphDocument doc = SampleGraphs.ppoCartPole();
        SampleGraphs.addNode(doc, "watch", "test/host.monitor");
        return doc;
    }

    @Test
    void onCudaTheNodeSaysItCannotRunThere() {
        ValidationResult r = new Validator(REGISTRY, Kind.CUDA).validate(graphWithHostMonitor());

        assertThat(r.errors()).extracting(Diagnostic::toString).containsExactly("watch: test/host.monitor cannot run on "
                + "the CUDA backend (it reads every batch element by element on the host); run this graph with --backend cpu");
    }

    @Test
    void onTheCpuItIsFine() {
        assertThat(new Validator(REGISTRY, Kind.CPU).validate(graphWithHostMonitor()).errors()).isEmpty();
    }

    @Test
    void coreTypesAllRunOnCuda() {
        assertThat(new Validator(REGISTRY, Kind.CUDA).validate(SampleGraphs.ppoCartPole()).errors()).isEmpty();
        assertThat(new CoreNodes().nodeTypes()).allSatisfy(t -> assertThat(t.notOnCuda()).isEmpty());
    }
}
