package dev.tally.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check the schemas of kubernetes-models leave out: fields the API server does not know. Each object is read
 * into fabric8's typed model of its kind; a field the model has no property for lands in an
 * {@code additionalProperties} map, and every such field is reported with its path ({@code spec.template...}).
 */
public final class StrictFields {

    /** Kinds without a typed model here; their schemas are still checked by kubernetes-models. */
    static final Set<String> UNTYPED = Set.of("argoproj.io/v1alpha1 Application");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper INTROSPECTION = new ObjectMapper();

    public List<Problem> validate(List<Manifest> manifests) {
        List<Problem> problems = new ArrayList<>();
        for (Manifest manifest : manifests) {
            if (UNTYPED.contains(manifest.apiVersion() + " " + manifest.kind())) {
                continue;
            }
            Class<? extends KubernetesResource> type = SERIALIZATION.getRegisteredKubernetesResource(manifest.apiVersion(), manifest.kind());
            if (type == null) {
                problems.add(new Problem(manifest.where(), "no typed model for apiVersion " + manifest.apiVersion()
                        + ", kind " + manifest.kind() + ", so unknown fields cannot be found: a wrong apiVersion or kind,"
                        + " or a kind that needs its fabric8 model in deploy-validation/pom.xml"));
                continue;
            }
            Object typed;
            try {
                typed = SERIALIZATION.convertValue(manifest.body(), type);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(manifest.where(), "does not fit the " + manifest.kind() + " model: " + e.getMessage()));
                continue;
            }
            List<String> unknown = new ArrayList<>();
            collectUnknown(typed, "", unknown);
            for (String field : unknown) {
                problems.add(new Problem(manifest.where(), "unknown field " + field + " (not in the " + manifest.apiVersion()
                        + " " + manifest.kind() + " API; the API server would drop or refuse it)"));
            }
        }
        return problems;
    }

    private static void collectUnknown(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> collectUnknown(item, path + "." + key, unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        Map<?, ?> additional = additionalProperties(value);
        additional.keySet().forEach(key -> unknown.add(join(path, key.toString())));
        BeanDescription description = INTROSPECTION.getSerializationConfig().introspect(INTROSPECTION.constructType(value.getClass()));
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null || property.getName().equals("additionalProperties")) {
                continue;
            }
            collectUnknown(accessor.getValue(value), join(path, property.getName()), unknown);
        }
    }

    private static Map<?, ?> additionalProperties(Object value) {
        try {
            Method getter = value.getClass().getMethod("getAdditionalProperties");
            Object additional = getter.invoke(value);
            return additional instanceof Map<?, ?> map ? map : Map.of();
        } catch (NoSuchMethodException e) {
            return Map.of();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the fields of " + value.getClass().getName(), e);
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
