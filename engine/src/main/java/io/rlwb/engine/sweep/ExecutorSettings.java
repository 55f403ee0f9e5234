package io.rlwb.engine.sweep;

import io.rlwb.engine.registry.NodeRegistry;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an executor is started with.
 *
 * @param parallel trials at once; 0 sizes the executor to the machine (local) or cluster (Spark's default)
 * @param master where to run, executor-specific ({@code local[2]}, {@code spark://host:7077}); null for the default
 * @param registry the node types of this process (the local executor runs trials with it; a remote executor
 *     ships the jars its {@link io.rlwb.engine.registry.PluginInfo#source()}s name)
 * @param pluginDir the plugin folder the registry was loaded from; null for none
 * @param options further executor-specific settings ({@code name -> value}), never null
 */
public record ExecutorSettings(int parallel, String master, NodeRegistry registry, Path pluginDir,
                               Map<String, String> options) {
    public ExecutorSettings {
        if (parallel < 0) throw new IllegalArgumentException("--parallel must be 0 (the machine's size) or more, not " + parallel);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public static ExecutorSettings local(int parallel, NodeRegistry registry) {
        return new ExecutorSettings(parallel, null, registry, null, Map.of());
    }
}
