package io.rlwb.engine.nn.layers;

import io.rlwb.engine.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a module's name-to-parameter map, child modules under a dotted prefix. */
final class Params {
    private final Map<String, Parameter> map = new LinkedHashMap<>();

    Params add(Parameter p) {
        if (map.putIfAbsent(p.name(), p) != null) {
            throw new IllegalStateException("two parameters named " + p.name());
        }
        return this;
    }

    Params addAll(Module m) {
        for (Parameter p : m.namedParameters().values()) add(p);
        return this;
    }

    Map<String, Parameter> build() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static String join(String prefix, String name) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
    }
}
