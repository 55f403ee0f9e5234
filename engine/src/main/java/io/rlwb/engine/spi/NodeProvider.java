package io.rlwb.engine.spi;

import java.util.List;

/**
 * The service interface through which the core and every plugin contribute node types. Implementations are
 * listed in {@code META-INF/services/io.rlwb.engine.spi.NodeProvider} and found by the {@code NodeRegistry}.
 */
public interface NodeProvider {
    /** The SPI version this build of the engine speaks. A provider built for a newer one is refused. */
    int SPI_VERSION = 1;

    /** Plugin name shown to users and recorded in run.json ("core", "distributional"). */
    String name();

    /** Plugin version recorded in run.json. */
    String version();

    /** The SPI version the provider was built against. */
    default int spiVersion() {
        return SPI_VERSION;
    }

    List<NodeType> nodeTypes();
}
