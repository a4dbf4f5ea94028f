package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every image is pinned: a tag other than {@code latest}, or a digest. Checked in the containers of the rendered
 * overlay, every {@code image} field of the Strimzi resources (the KafkaConnect build's output included) and the
 * {@code FROM} lines of the Dockerfiles.
 */
final class ImageTagsArePinned implements DeploymentCheck {

    private static final Pattern FROM = Pattern.compile("(?i)^FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");
    private static final Pattern ARG = Pattern.compile("(?i)^ARG\\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\\S*))?\\s*$");

    @Override
    public List<Problem> check(DeploymentFiles files) {
        List<Problem> problems = new ArrayList<>();
        for (PodTemplates.Container container : PodTemplates.containers(files.rendered())) {
            unpinned(container.container().path("image").asText()).ifPresent(why -> problems.add(new Problem(container.where(), why)));
        }
        for (Manifest manifest : files.strimzi()) {
            checkImageFields(manifest, manifest.body(), "", problems);
        }
        for (Path dockerfile : files.dockerfiles()) {
            checkDockerfile(dockerfile, problems);
        }
        return problems;
    }

    /** Why an image reference is not pinned, if it is not. */
    static Optional<String> unpinned(String image) {
        if (image.isEmpty()) {
            return Optional.of("no image");
        }
        if (image.contains("@sha256:")) {
            return Optional.empty();
        }
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastPart.indexOf(':');
        if (colon < 0) {
            return Optional.of("image " + image + " has no tag, which means latest: pin a version (or a digest)");
        }
        if (lastPart.substring(colon + 1).equals("latest")) {
            return Optional.of("image " + image + " is tagged latest: pin a version (or a digest)");
        }
        return Optional.empty();
    }

    private static void checkImageFields(Manifest manifest, JsonNode node, String path, List<Problem> problems) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                String field = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                if (entry.getKey().equals("image") && entry.getValue().isTextual()) {
                    unpinned(entry.getValue().asText()).ifPresent(why -> problems.add(new Problem(manifest.where() + ", " + field, why)));
                } else {
                    checkImageFields(manifest, entry.getValue(), field, problems);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkImageFields(manifest, node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static void checkDockerfile(Path dockerfile, List<Problem> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dockerfile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dockerfile, e);
        }
        Map<String, String> args = new HashMap<>();
        Set<String> stages = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher arg = ARG.matcher(line);
            if (arg.matches() && arg.group(2) != null) {
                args.put(arg.group(1), arg.group(2));
            }
            Matcher from = FROM.matcher(line);
            if (!from.matches()) {
                continue;
            }
            String image = from.group(1);
            for (Map.Entry<String, String> value : args.entrySet()) {
                image = image.replace("${" + value.getKey() + "}", value.getValue()).replace("$" + value.getKey(), value.getValue());
            }
            String where = Repository.relative(dockerfile) + ":" + (i + 1);
            if (image.contains("$")) {
                problems.add(new Problem(where, "FROM " + from.group(1) + " uses an ARG without a default: its image cannot be checked"));
            } else if (!stages.contains(image)) {
                unpinned(image).ifPresent(why -> problems.add(new Problem(where, why)));
            }
            if (from.group(2) != null) {
                stages.add(from.group(2));
            }
        }
    }
}
