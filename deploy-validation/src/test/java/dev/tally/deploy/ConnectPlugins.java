package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The plugins a KafkaConnect resource's {@code build} adds to the Connect image, as the build resolved them from
 * Maven Central, or from this reactor for Tally's own ({@code target/connect-plugins}): what each artifact is, whether
 * its file and SHA-512 match, and which classes the plugins hold.
 */
public final class ConnectPlugins {

    static final String MAVEN_CENTRAL = "https://repo1.maven.org/maven2/";
    private static final Map<Path, Set<String>> CLASSES_BY_FILE = new ConcurrentHashMap<>();
    private static final Map<Path, String> SHA512_BY_FILE = new ConcurrentHashMap<>();

    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> classes = new HashSet<>();

    private ConnectPlugins() {
    }

    /** Reads the {@code spec.build.plugins} of a KafkaConnect; the problems found on the way are kept. */
    public static ConnectPlugins of(Manifest kafkaConnect) {
        ConnectPlugins plugins = new ConnectPlugins();
        JsonNode declared = kafkaConnect.at("/spec/build/plugins");
        if (!declared.isArray() || declared.isEmpty()) {
            plugins.problems.add(new Problem(kafkaConnect.where(), "spec.build.plugins is empty: the Connect image would"
                    + " have no Debezium connector"));
        }
        for (JsonNode plugin : declared) {
            for (JsonNode artifact : plugin.path("artifacts")) {
                plugins.add(kafkaConnect.where() + ", plugin " + plugin.path("name").asText(), artifact);
            }
        }
        return plugins;
    }

    public List<Problem> problems() {
        return problems;
    }

    public boolean contains(String className) {
        return classes.contains(className);
    }

    private void add(String where, JsonNode artifact) {
        String type = artifact.path("type").asText();
        Path file;
        if (type.equals("maven")) {
            file = Repository.connectPlugins().resolve(artifact.path("artifact").asText() + "-"
                    + artifact.path("version").asText() + ".jar");
        } else {
            String url = artifact.path("url").asText();
            if (!url.startsWith(MAVEN_CENTRAL)) {
                problems.add(new Problem(where, "artifact " + url + " is not on Maven Central (" + MAVEN_CENTRAL
                        + "), where the build can check it"));
                return;
            }
            file = Repository.connectPlugins().resolve(url.substring(url.lastIndexOf('/') + 1));
            String expected = artifact.path("sha512sum").asText();
            if (expected.isEmpty()) {
                problems.add(new Problem(where, "artifact " + url + " has no sha512sum: Strimzi would build whatever it"
                        + " downloads"));
            } else if (Files.isRegularFile(file) && !expected.equalsIgnoreCase(sha512(file))) {
                problems.add(new Problem(where, "sha512sum of " + url + " is " + expected + ", but the artifact's is "
                        + sha512(file)));
            }
        }
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(where, "artifact " + file.getFileName() + " is not one the build resolved from Maven"
                    + " Central at the versions pinned in the root pom.xml (" + Repository.relative(Repository.connectPlugins())
                    + "): fix its version, or add it to the copy-connect-plugins list of deploy-validation/pom.xml"));
            return;
        }
        classes.addAll(CLASSES_BY_FILE.computeIfAbsent(file, ConnectPlugins::classesIn));
    }

    private static Set<String> classesIn(Path file) {
        Set<String> names = new HashSet<>();
        String fileName = file.getFileName().toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            if (fileName.endsWith(".tar.gz") || fileName.endsWith(".tgz")) {
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in));
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    if (entry.getName().endsWith(".jar")) {
                        addClasses(new ZipInputStream(new FilterInputStream(tar) {
                            @Override
                            public void close() {
                                // the tar stream goes on with the next entry
                            }
                        }), names);
                    }
                }
            } else {
                addClasses(new ZipInputStream(in), names);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plugin archive " + file, e);
        }
        return names;
    }

    private static void addClasses(ZipInputStream jar, Set<String> names) throws IOException {
        for (ZipEntry entry = jar.getNextEntry(); entry != null; entry = jar.getNextEntry()) {
            String name = entry.getName();
            if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
            }
        }
    }

    static String sha512(Path file) {
        return SHA512_BY_FILE.computeIfAbsent(file, ConnectPlugins::digest);
    }

    private static String digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
