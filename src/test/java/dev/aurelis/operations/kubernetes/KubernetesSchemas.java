package dev.aurelis.operations.kubernetes;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates Kubernetes objects against the schemas in {@code src/test/resources/kubernetes/}: the API's own
 * OpenAPI definitions ({@link KubernetesSchemaExport}) and the custom resources the chart uses.
 */
public final class KubernetesSchemas {

    private static final String[] FILES = {"kubernetes/openapi-schemas.json", "kubernetes/crd-schemas.json"};

    private final Map<String, Schema> byKind = new LinkedHashMap<>();
    private final Schema podTemplate;

    public KubernetesSchemas() {
        JsonMapper json = JsonMapper.builder().build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema template = null;
        for (String file : FILES) {
            JsonNode document = read(json, file);
            var kinds = document.get("x-kinds").properties();
            for (var kind : kinds) {
                // the whole document (for its $defs), rooted at this kind's definition
                var rooted = (tools.jackson.databind.node.ObjectNode) document.deepCopy();
                rooted.put("$ref", kind.getValue().asString());
                Schema schema = registry.getSchema(SchemaLocation.of("classpath:" + file), rooted);
                if (kind.getKey().equals("#PodTemplateSpec")) {
                    template = schema;
                } else {
                    byKind.put(kind.getKey(), schema);
                }
            }
        }
        this.podTemplate = template;
    }

    /** The problems of one object, each as {@code path: message}; empty when it is valid. */
    public List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asString("");
        String kind = object.path("kind").asString("");
        Schema schema = byKind.get(apiVersion + "/" + kind);
        if (schema == null) {
            return List.of("no schema for " + apiVersion + "/" + kind + " (known: " + byKind.keySet() + ")");
        }
        List<String> problems = new ArrayList<>(messages(schema.validate(object), kind));
        if (kind.equals("Rollout")) {
            problems.addAll(messages(podTemplate.validate(object.path("spec").path("template")), "Rollout.spec.template"));
        }
        return problems;
    }

    private static List<String> messages(List<Error> errors, String where) {
        return errors.stream().map(e -> where + " " + e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    private static JsonNode read(JsonMapper json, String resource) {
        try (InputStream in = KubernetesSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test resources");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
