package io.rlwb.engine.runtime.backend;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * A class loader that hides ND4J backends from ND4J's service lookup. ND4J 1.0.0-M2.1 ({@code Nd4jBackend.load})
 * lists {@code META-INF/services/org.nd4j.linalg.factory.Nd4jBackend} through {@code ND4JClassLoading}'s class
 * loader, sorts the backends by priority (environment variables only: {@code BACKEND_PRIORITY_CPU/GPU}) and loads the
 * first that is available. Handing ND4J this loader, whose service file lists only the allowed backends, is the one
 * in-process way to choose. Everything else (classes, other resources) comes unchanged from the parent.
 */
final class BackendServiceFilter extends ClassLoader {
    /** The service file ND4J reads to find its backends. */
    static final String SERVICE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";

    private final Set<String> allowed;

    BackendServiceFilter(ClassLoader parent, Set<String> allowedClassNames) {
        super(parent);
        this.allowed = Set.copyOf(allowedClassNames);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (!SERVICE.equals(name)) return super.getResources(name);
        List<String> kept = new ArrayList<>();
        for (String cls : listed(getParent())) if (allowed.contains(cls) && !kept.contains(cls)) kept.add(cls);
        if (kept.isEmpty()) return Collections.emptyEnumeration();
        return Collections.enumeration(List.of(inMemory(String.join("\n", kept) + "\n")));
    }

    @Override
    public URL getResource(String name) {
        if (!SERVICE.equals(name)) return super.getResource(name);
        try {
            Enumeration<URL> e = getResources(name);
            return e.hasMoreElements() ? e.nextElement() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The backend class names every service file visible to {@code loader} lists, in order. */
    static List<String> listed(ClassLoader loader) throws IOException {
        List<String> names = new ArrayList<>();
        Enumeration<URL> files = loader.getResources(SERVICE);
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream();
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    int hash = line.indexOf('#');
                    String cls = (hash >= 0 ? line.substring(0, hash) : line).trim();
                    if (!cls.isEmpty()) names.add(cls);
                }
            }
        }
        return names;
    }

    private static URL inMemory(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new URL(null, "rlwb-backends:" + SERVICE, new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                return new URLConnection(u) {
                    @Override
                    public void connect() {}

                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(bytes);
                    }
                };
            }
        });
    }
}
