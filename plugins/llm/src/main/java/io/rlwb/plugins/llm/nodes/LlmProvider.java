package io.rlwb.plugins.llm.nodes;

import io.rlwb.engine.spi.NodeProvider;

/**
 * The name and version the plugin's node providers share ({@link LlmNodes}, {@link AlignmentNodes},
 * {@link RewardModelNodes}): one plugin, {@code llm}, whose node types are listed by three providers so that each
 * part can be read on its own.
 */
abstract class LlmProvider implements NodeProvider {
    @Override
    public final String name() {
        return "llm";
    }

    @Override
    public final String version() {
        return "0.1.0";
    }
}
