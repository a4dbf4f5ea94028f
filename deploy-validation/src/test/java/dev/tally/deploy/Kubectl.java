package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code kubectl kustomize}, the renderer {@code kubectl apply -k} uses: kubectl 1.27 or newer (kustomize v5).
 * The binary is {@code $KUBECTL}, else {@code kubectl} on the PATH.
 */
public final class Kubectl {

    static final int MIN_MINOR = 27;
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private final String binary;

    private Kubectl(String binary) {
        this.binary = binary;
    }

    /** The kubectl to use, checked once: missing or too old fails with what to install. */
    public static Kubectl find() {
        String binary = System.getenv().getOrDefault("KUBECTL", "kubectl");
        boolean explicitPath = binary.contains("/");
        if (explicitPath ? !Files.isExecutable(Path.of(binary)) : !Command.onPath(binary)) {
            throw new IllegalStateException("kubectl is not installed (" + (explicitPath ? "KUBECTL=" + binary
                    + " is not an executable file" : "not on the PATH: " + System.getenv("PATH")) + ")." + installAdvice());
        }
        Command.Result version = new Command(List.of(binary, "version", "--client", "-o", "json"), Repository.root(), DEADLINE).run();
        if (!version.succeeded()) {
            throw new IllegalStateException(binary + " version --client failed (exit " + version.exitCode() + "): "
                    + version.stderr().strip() + "." + installAdvice());
        }
        int minor = minorVersion(version.stdout());
        if (minor < MIN_MINOR) {
            throw new IllegalStateException(binary + " is kubectl 1." + minor + ", too old to render the overlays (their"
                    + " `patches:` field needs kustomize v5, in kubectl 1." + MIN_MINOR + " and newer)." + installAdvice());
        }
        return new Kubectl(binary);
    }

    /** Renders a kustomization, as {@code kubectl apply -k dir} would; a failure carries kustomize's reason. */
    public List<Manifest> kustomize(Path dir) {
        Command.Result result = new Command(List.of(binary, "kustomize", dir.toString()), dir, DEADLINE).run();
        if (!result.succeeded()) {
            throw new RenderException(Repository.relative(dir) + " does not render: " + result.stderr().strip());
        }
        return Manifest.parse("kubectl kustomize " + Repository.relative(dir), result.stdout());
    }

    static int minorVersion(String versionJson) {
        try {
            JsonNode client = new ObjectMapper().readTree(versionJson).path("clientVersion");
            String minor = client.path("minor").asText().replaceAll("\\D.*", "");
            if (!client.path("major").asText().equals("1") || minor.isEmpty()) {
                throw new IllegalStateException("cannot read kubectl's version from: " + versionJson.strip());
            }
            return Integer.parseInt(minor);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kubectl's version from: " + versionJson.strip(), e);
        }
    }

    private static String installAdvice() {
        return " Install kubectl 1." + MIN_MINOR + " or newer (https://kubernetes.io/docs/tasks/tools/; Debian's own"
                + " kubernetes-client package is 1.20, too old) and put it on the PATH, or point KUBECTL at it.";
    }

    /** A kustomization that kustomize refuses. */
    public static final class RenderException extends RuntimeException {
        RenderException(String message) {
            super(message);
        }
    }
}
