package dev.tally.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath that runs local-stack's processes: local-stack's own classes plus its runtime dependencies as
 * recorded by the build in {@value #RESOURCE}. It does not depend on the classpath of the calling JVM, which may be a
 * Quarkus test without these dependencies, or a Surefire JVM whose classpath is a manifest-only jar.
 */
public final class LocalStackClasspath {

    static final String RESOURCE = "META-INF/tally/local-stack.classpath";

    private LocalStackClasspath() {
    }

    /** The classpath as a string for {@code java -cp}. */
    public static String get() {
        List<String> entries = new ArrayList<>();
        entries.add(ownLocation().toString());
        for (String entry : recordedDependencies().split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        for (String entry : entries) {
            if (!Files.exists(Path.of(entry))) {
                throw new IllegalStateException("The local-stack classpath names " + entry + ", which does not exist."
                        + " Rebuild local-stack (./mvnw -pl local-stack install) so that " + RESOURCE + " is current.");
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String recordedDependencies() {
        try (InputStream in = LocalStackClasspath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath of " + ownLocation()
                        + ". It is written by the local-stack build (maven-dependency-plugin build-classpath);"
                        + " build local-stack with Maven instead of only compiling it.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The jar or classes directory holding local-stack's classes, found through a class file's URL. */
    static Path ownLocation() {
        String classFile = LocalStackClasspath.class.getName().replace('.', '/') + ".class";
        URL url = LocalStackClasspath.class.getClassLoader().getResource(classFile);
        if (url == null) {
            throw new IllegalStateException("Cannot find " + classFile + " through its own class loader");
        }
        try {
            String text = url.toString();
            if (text.startsWith("jar:")) {
                return Path.of(URI.create(text.substring(4, text.indexOf("!/"))));
            }
            if (text.startsWith("file:")) {
                Path file = Path.of(url.toURI());
                int depth = classFile.split("/").length;
                Path root = file;
                for (int i = 0; i < depth; i++) {
                    root = root.getParent();
                }
                return root;
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot turn " + url + " into a path: " + e.getMessage(), e);
        }
        throw new IllegalStateException("local-stack's classes are loaded from " + url
                + ", which is neither a jar nor a directory; LocalStackProcess cannot start a JVM from there");
    }
}
