package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The image recipes of native/ fit the manifests: each service has a native and a JVM Dockerfile that build its own
 * module, expose the port its Deployment probes and run as the user the pods are given. (No image is built here:
 * there is no container engine.)
 */
class NativeRecipesTest {

    static final List<String> SERVICES = Repository.SERVICES;

    @ParameterizedTest
    @FieldSource("SERVICES")
    void eachServiceHasANativeAndAJvmRecipeThatFitItsDeployment(String service) throws IOException {
        Manifest deployment = Deployments.files("production").rendered("Deployment").stream()
                .filter(d -> d.at("/spec/template/spec/containers/0/image").asText().contains("/" + service + ":"))
                .findFirst().orElseThrow();
        int port = deployment.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt();
        long user = deployment.at("/spec/template/spec/securityContext/runAsUser").asLong();

        for (String kind : List.of("native", "jvm")) {
            Path dockerfile = Repository.nativeDir().resolve(service).resolve("Dockerfile." + kind);
            String recipe = Files.readString(dockerfile);
            assertThat(recipe).as(Repository.relative(dockerfile))
                    .contains("-pl " + service + " -am")
                    .containsPattern("(?m)^EXPOSE " + port + "$")
                    .containsPattern("(?m)^USER " + user + "$");
            assertThat(recipe.lines().filter(l -> l.startsWith("FROM ")).count()).as("build and runtime stages").isEqualTo(2);
        }
    }

    @Test
    void theBuildScriptIsValidBashAndRefusesToRunWithoutAContainerEngine() {
        Path script = Repository.nativeDir().resolve("build.sh");

        assertThat(new Command(List.of("bash", "-n", script.toString()), Repository.root(), Duration.ofSeconds(30)).run().succeeded())
                .isTrue();
        Command.Result unknown = new Command(List.of("bash", script.toString(), "no-such-service"), Repository.root(),
                Duration.ofSeconds(30)).run();
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown service 'no-such-service'");
    }
}
