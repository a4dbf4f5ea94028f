package dev.tally.deploy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The real deployment files and the validators, made once per test run (rendering and loading take seconds). */
final class Deployments {

    private static final Map<String, DeploymentFiles> BY_OVERLAY = new ConcurrentHashMap<>();
    private static Kubectl kubectl;
    private static KubernetesModels models;
    private static StrimziSchemas strimziSchemas;

    private Deployments() {
    }

    static synchronized Kubectl kubectl() {
        if (kubectl == null) {
            kubectl = Kubectl.find();
        }
        return kubectl;
    }

    static synchronized KubernetesModels kubernetesModels() {
        if (models == null) {
            models = KubernetesModels.installed();
        }
        return models;
    }

    static synchronized StrimziSchemas strimziSchemas() {
        if (strimziSchemas == null) {
            strimziSchemas = StrimziSchemas.load();
        }
        return strimziSchemas;
    }

    static DeploymentFiles files(String overlay) {
        return BY_OVERLAY.computeIfAbsent(overlay, name -> DeploymentFiles.of(name, kubectl()));
    }

    /** The Kubernetes objects of strimzi/ and k8s/argocd/ that are not Strimzi's own kinds (RBAC, Argo CD). */
    static List<Manifest> otherKubernetesObjects() {
        List<Manifest> strimziFolder = DeploymentFiles.strimziFiles().stream().filter(m -> !m.isStrimzi()).toList();
        List<Manifest> argocd = Repository.yamlFiles(Repository.k8s().resolve("argocd")).stream()
                .flatMap(f -> Manifest.read(f).stream().map(m -> new Manifest(Repository.relative(f), m.body())))
                .toList();
        return Stream.concat(strimziFolder.stream(), argocd.stream()).toList();
    }
}
