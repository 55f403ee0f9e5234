package io.rlwb.engine.registry;

/**
 * A loaded (or refused) node provider, as run.json and {@code workbench nodes} report it.
 *
 * @param name provider name
 * @param version provider version
 * @param source "classpath" or the jar it came from
 * @param error null when loaded; otherwise why it was refused
 */
public record PluginInfo(String name, String version, String source, String error) {
    public boolean loaded() {
        return error == null;
    }
}
