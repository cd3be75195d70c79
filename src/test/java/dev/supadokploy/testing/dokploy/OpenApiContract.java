package dev.supadokploy.testing.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks requests and responses against Dokploy's published OpenAPI 3.1 document
 * ({@code ../shared/dokploy/openapi.json}) with a JSON Schema 2020-12 validator.
 *
 * <p>What the document declares, and so what this checks: the procedure exists for the method; required query
 * parameters are present and each value fits its schema (typed from the query string's text); no undeclared
 * query parameters; the JSON body fits the request schema; the status is one the operation lists; error bodies fit
 * {@code #/components/schemas/error.*}. What it does not declare: every 200 answer of all 554 operations is the
 * placeholder {@code {"type":"object","properties":{},"additionalProperties":false}} that trpc-to-openapi writes
 * when a procedure has no output schema. Taken literally it admits only {@code {}}, which no real Dokploy answer
 * is, so it is read as "undeclared" and only JSON well-formedness is checked.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPONENTS = "#/components/schemas/";

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
    }

    /** {@code ../shared/dokploy/openapi.json} next to the project (the build runs in the project directory). */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.dir"))
                .resolve("../shared/dokploy/openapi.json")
                .normalize();
    }

    public static boolean available() {
        return Files.isRegularFile(defaultPath());
    }

    public static OpenApiContract load() {
        return load(defaultPath());
    }

    public static OpenApiContract load(Path openApiJson) {
        try {
            return new OpenApiContract(JSON.readTree(openApiJson.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operation for a method and a path with or without the {@code /api} prefix, or null. */
    public JsonNode operation(String method, String path) {
        JsonNode item = document.path("paths").get(procedurePath(path));
        return item == null ? null : item.get(method.toLowerCase(Locale.ROOT));
    }

    /**
     * @param query decoded query parameters (one value each: Dokploy's procedures take no repeated ones)
     * @param body the JSON body text, or null when there is none
     * @return violations, each one line naming the operation; empty when the request fits
     */
    public List<String> validateRequest(String method, String path, Map<String, String> query, String body) {
        List<String> violations = new ArrayList<>();
        String name = method.toUpperCase(Locale.ROOT) + " " + procedurePath(path);
        JsonNode operation = operation(method, path);
        if (operation == null) {
            violations.add(name + ": no such operation in openapi.json");
            return violations;
        }
        Map<String, String> remaining = new java.util.LinkedHashMap<>(query == null ? Map.of() : query);
        for (JsonNode parameter : operation.path("parameters")) {
            if (!"query".equals(parameter.path("in").asText())) {
                continue;
            }
            String parameterName = parameter.path("name").asText();
            String value = remaining.remove(parameterName);
            if (value == null) {
                if (parameter.path("required").asBoolean(false)) {
                    violations.add(name + ": query parameter '" + parameterName + "' is required");
                }
                continue;
            }
            JsonNode schema = parameter.path("schema");
            JsonNode typed = typedQueryValue(value, schema);
            String pointer = operationPointer(method, path) + "/parameters/" + parameterName;
            for (String error : validate(pointer, schema, typed)) {
                violations.add(name + ": query parameter '" + parameterName + "' " + error);
            }
        }
        for (String unknown : remaining.keySet()) {
            violations.add(name + ": query parameter '" + unknown + "' is not declared");
        }
        JsonNode requestBody = operation.get("requestBody");
        boolean hasBody = body != null && !body.isEmpty();
        if (requestBody == null) {
            if (hasBody) {
                violations.add(name + ": takes no request body");
            }
            return violations;
        }
        if (!hasBody) {
            if (requestBody.path("required").asBoolean(false)) {
                violations.add(name + ": request body is required");
            }
            return violations;
        }
        JsonNode schema = requestBody.path("content").path("application/json").get("schema");
        JsonNode parsed = parse(body);
        if (parsed == null) {
            violations.add(name + ": request body is not JSON");
        } else if (schema != null) {
            for (String error : validate(operationPointer(method, path) + "/requestBody", schema, parsed)) {
                violations.add(name + ": request body " + error);
            }
        }
        return violations;
    }

    /**
     * Asserts that every call is one Dokploy documents, listing the violations as "METHOD path: violation"; does
     * nothing when the OpenAPI document is absent (see {@link #available()}).
     */
    public static void assertDocumented(List<DokploySimulator.Call> calls) {
        if (available()) {
            assertEquals(List.of(), load().violations(calls), "every request is one Dokploy documents");
        }
    }

    /** The request violations of every call, each as "METHOD path: violation". */
    public List<String> violations(List<DokploySimulator.Call> calls) {
        List<String> violations = new ArrayList<>();
        for (DokploySimulator.Call call : calls) {
            validateRequest(call.method(), call.path(), call.query(), call.body())
                    .forEach(v -> violations.add(call.method() + " " + call.path() + ": " + v));
        }
        return violations;
    }

    /** Violations of a response: an undocumented status, or a JSON body that does not fit its declared schema. */
    public List<String> validateResponse(String method, String path, int status, String body) {
        List<String> violations = new ArrayList<>();
        String name = method.toUpperCase(Locale.ROOT) + " " + procedurePath(path);
        JsonNode operation = operation(method, path);
        if (operation == null) {
            violations.add(name + ": no such operation in openapi.json");
            return violations;
        }
        JsonNode response = operation.path("responses").get(Integer.toString(status));
        if (response == null) {
            violations.add(name + ": status " + status + " is not documented");
            return violations;
        }
        JsonNode schema = response.path("content").path("application/json").get("schema");
        if (schema == null) {
            return violations;
        }
        JsonNode parsed = parse(body);
        if (parsed == null) {
            violations.add(name + ": " + status + " body is not JSON");
            return violations;
        }
        if (isUndeclaredOutput(schema)) {
            return violations;
        }
        for (String error : validate(operationPointer(method, path) + "/responses/" + status, schema, parsed)) {
            violations.add(name + ": " + status + " body " + error);
        }
        return violations;
    }

    /** trpc-to-openapi's stand-in for "this procedure declares no output" (see the class comment). */
    static boolean isUndeclaredOutput(JsonNode schema) {
        return "object".equals(schema.path("type").asText())
                && schema.path("properties").isObject()
                && schema.path("properties").isEmpty()
                && schema.path("additionalProperties").isBoolean()
                && !schema.path("additionalProperties").asBoolean()
                && !schema.has("required");
    }

    private List<String> validate(String cacheKey, JsonNode schema, JsonNode instance) {
        Schema compiledSchema = compiled.computeIfAbsent(cacheKey, key -> registry.getSchema(inlineRefs(schema, 0)));
        List<String> messages = new ArrayList<>();
        for (com.networknt.schema.Error error : compiledSchema.validate(instance)) {
            messages.add(error.getMessage());
        }
        return messages;
    }

    /**
     * Copies a schema with every {@code #/components/schemas/…} reference replaced by its target, so the
     * validator never has to resolve against the OpenAPI document (which is not itself a JSON Schema).
     */
    private JsonNode inlineRefs(JsonNode node, int depth) {
        if (depth > 32) {
            throw new IllegalStateException("openapi.json: $ref nesting too deep (a cycle?)");
        }
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(COMPONENTS)) {
                JsonNode target = document.path("components")
                        .path("schemas")
                        .get(ref.asText().substring(COMPONENTS.length()));
                if (target == null) {
                    throw new IllegalStateException("openapi.json: unresolved " + ref.asText());
                }
                return inlineRefs(target, depth + 1);
            }
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), inlineRefs(field.getValue(), depth + 1));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(inlineRefs(element, depth + 1)));
            return copy;
        }
        return node;
    }

    /** A query string is text; the parameter's schema says which JSON type the server coerces it to. */
    private static JsonNode typedQueryValue(String value, JsonNode schema) {
        String type = schema.path("type").asText("string");
        try {
            return switch (type) {
                case "integer" -> JSON.getNodeFactory().numberNode(Long.parseLong(value));
                case "number" -> JSON.getNodeFactory().numberNode(Double.parseDouble(value));
                case "boolean" ->
                    "true".equals(value) || "false".equals(value)
                            ? JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(value))
                            : JSON.getNodeFactory().textNode(value);
                default -> JSON.getNodeFactory().textNode(value);
            };
        } catch (NumberFormatException e) {
            return JSON.getNodeFactory().textNode(value); // the validator then reports the wrong type
        }
    }

    private static JsonNode parse(String body) {
        if (body == null) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String procedurePath(String path) {
        String withoutQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return withoutQuery.startsWith("/api/") ? withoutQuery.substring(4) : withoutQuery;
    }

    private static String operationPointer(String method, String path) {
        return method.toLowerCase(Locale.ROOT) + " " + procedurePath(path);
    }
}
