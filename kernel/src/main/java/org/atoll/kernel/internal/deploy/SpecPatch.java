package org.atoll.kernel.internal.deploy;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.validate.Names;
import org.atoll.kernel.internal.validate.ValidationException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies {@code set-service} changes to a spec: an image, {@code KEY=VALUE} environment entries and
 * a JSON (or YAML flow, as in {@code {env: {SDF: sdf}}}) object whose fields replace the spec's, except
 * {@code env}, which is merged (a null value removes a variable).
 */
public final class SpecPatch {

    static final int MAX_JSON = 64 * 1024;

    private SpecPatch() {
    }

    public static ServiceSpec apply(ServiceSpec current, String image, List<String> env, String json) {
        ObjectNode tree = Json.STORE.valueToTree(current);
        if (json != null) {
            merge(tree, parse(json));
        }
        if (image != null) {
            tree.put("image", image);
        }
        ObjectNode envNode = tree.withObjectProperty("env");
        for (String entry : env == null ? List.<String>of() : env) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("env", Names.quote(entry) + " is not KEY=VALUE");
            }
            envNode.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        try {
            return Json.INPUT.treeToValue(tree, ServiceSpec.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ValidationException("json", "unknown field " + Names.quote(e.getPropertyName()) + " (known: "
                    + new java.util.TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).toList()) + ")");
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new ValidationException("json", "does not describe a service: " + firstLine(e.getMessage()));
        }
    }

    private static JsonNode parse(String json) {
        if (json.length() > MAX_JSON) {
            throw new ValidationException("json", "is longer than " + MAX_JSON + " characters");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(20);
        Object value;
        try {
            value = new Yaml(new SafeConstructor(options)).load(json);
        } catch (YAMLException e) {
            throw new ValidationException("json", "is not valid JSON or YAML: " + firstLine(e.getMessage()));
        }
        if (!(value instanceof Map)) {
            throw new ValidationException("json", "must be an object, like '{\"env\": {\"KEY\": \"value\"}}'");
        }
        return Json.STORE.valueToTree(value);
    }

    private static void merge(ObjectNode tree, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("env") && field.getValue().isObject()) {
                ObjectNode env = tree.withObjectProperty("env");
                field.getValue().fields().forEachRemaining(e -> {
                    if (e.getValue().isNull()) {
                        env.remove(e.getKey());
                    } else {
                        env.put(e.getKey(), e.getValue().asText());
                    }
                });
            } else {
                tree.set(field.getKey(), field.getValue());
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
