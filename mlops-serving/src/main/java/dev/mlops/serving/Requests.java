package dev.mlops.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.serving.ServedModel.InputField;
import dev.mlops.serving.ServedModel.Kind;
import dev.mlops.util.Names;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns request bodies into raw records, strictly: every problem is a {@link ClientError} naming
 * the JSON path of the offending value and what would be valid. Values are handed to the model as
 * {@code Double} or {@code Long} numbers, strings, booleans or {@code null}; whether a value fits its
 * field is the model's decision.
 */
final class Requests {

    /** The parser: NaN and Infinity are read (so the model can name the field), duplicate keys are errors. */
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                            .maxNumberLength(400).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Requests() {
    }

    /**
     * Parses a body.
     *
     * @param body the bytes
     * @return the JSON tree
     * @throws ClientError 400 for malformed JSON, naming line, column and the field being read
     */
    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new ClientError(400, null, "the request body is empty; send a JSON object");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ClientError(400, null, "the request body is blank; send a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            String field = null;
            if (e.getProcessor() instanceof JsonParser p && p.getParsingContext() != null) {
                field = p.getParsingContext().getCurrentName();
            }
            String reason = reason(e.getOriginalMessage());
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ClientError(400, field, "malformed JSON" + where + ": " + reason);
        } catch (IOException e) {
            throw new ClientError(400, null, "unreadable request body: " + e.getMessage());
        }
    }

    /** Jackson's first message line, without the parts that only make sense to a Jackson user. */
    private static String reason(String message) {
        if (message.startsWith("Trailing token")) {
            return "unexpected content after the JSON value";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        for (String cut : new String[] {" (bound as", ": not allowed as per", "; enable `", " at [Source"}) {
            int at = line.indexOf(cut);
            if (at > 0) {
                line = line.substring(0, at);
            }
        }
        return line;
    }

    /**
     * Reads one record: an object whose keys are the model's input fields.
     *
     * @param node   the JSON value
     * @param path   the JSON path of {@code node} for messages ({@code ""} at the top)
     * @param model  the model (for field names and kinds)
     * @return the record, in the JSON's key order
     */
    static Map<String, Object> record(JsonNode node, String path, ServedModel model) {
        if (!node.isObject()) {
            throw new ClientError(400, path.isEmpty() ? null : path, (path.isEmpty() ? "the body" : path)
                    + " must be a JSON object of field values like " + example(model) + ", got " + describe(node));
        }
        Map<String, InputField> fields = fieldMap(model);
        Map<String, Object> record = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            InputField field = fields.get(e.getKey());
            if (field == null) {
                throw unknownField(join(path, e.getKey()), e.getKey(), model);
            }
            record.put(e.getKey(), value(e.getValue(), join(path, e.getKey()), field));
        }
        return record;
    }

    /**
     * Converts one JSON value for a field.
     *
     * @param node  the value
     * @param path  its JSON path
     * @param field the field it is for
     * @return a Double, Long, String, Boolean or null
     */
    static Object value(JsonNode node, String path, InputField field) {
        if (node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw new ClientError(400, path, "field '" + field.name() + "' must be " + field.kind().word() + ", got "
                + describe(node));
    }

    static ClientError unknownField(String path, String name, ServedModel model) {
        List<String> names = model.inputs().stream().map(InputField::name).toList();
        return new ClientError(400, path, "unknown field '" + name + "'" + hint(name, names, "fields"));
    }

    /** {@code "; did you mean 'x'? valid fields: a, b"}, without the question when nothing is close. */
    static String hint(String name, List<String> valid, String what) {
        return Names.nearest(name, valid).map(n -> "; did you mean '" + n + "'?").orElse(";") + " valid " + what + ": "
                + String.join(", ", valid);
    }

    static Map<String, InputField> fieldMap(ServedModel model) {
        Map<String, InputField> m = new HashMap<>();
        for (InputField f : model.inputs()) {
            m.put(f.name(), f);
        }
        return m;
    }

    /**
     * Checks that an object has only the given keys.
     *
     * @param node  the object
     * @param path  its path
     * @param valid the valid keys
     */
    static void onlyKeys(JsonNode node, String path, String... valid) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!List.of(valid).contains(key)) {
                throw new ClientError(400, join(path, key), "unknown key '" + key + "'" + (path.isEmpty() ? "" : " in " + path)
                        + hint(key, List.of(valid), "keys"));
            }
        }
    }

    /**
     * @param node  an object
     * @param path  its path
     * @param key   a key it must have
     * @param hint  what the value should be
     * @return the value
     */
    static JsonNode required(JsonNode node, String path, String key, String hint) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new ClientError(400, join(path, key), "'" + join(path, key) + "' is required: " + hint);
        }
        return v;
    }

    /**
     * @param node  a value that must be an array
     * @param path  its path
     * @param limit the most elements allowed
     * @param what  what the elements are, for messages
     * @return the node
     */
    static JsonNode array(JsonNode node, String path, int limit, String what) {
        if (!node.isArray()) {
            throw new ClientError(400, path, "'" + path + "' must be a list of " + what + ", got " + describe(node));
        }
        if (node.isEmpty()) {
            throw new ClientError(400, path, "'" + path + "' is empty; send 1 to " + limit + " " + what);
        }
        if (node.size() > limit) {
            throw new ClientError(413, path, "'" + path + "' has " + node.size() + " " + what + "; at most " + limit
                    + " are allowed per request");
        }
        return node;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(JsonNode node) {
        String shown = node.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "...";
        }
        String type = node.isObject() ? "an object" : node.isArray() ? "a list" : node.isTextual() ? "text"
                : node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : "null";
        return type + " (" + shown + ")";
    }

    /** An example record: the model's first probe record, or one from its field kinds. */
    static String example(ServedModel model) {
        Map<String, Object> ex = new LinkedHashMap<>();
        if (!model.probes().isEmpty()) {
            ex.putAll(model.probes().get(0));
        } else {
            for (InputField f : model.inputs()) {
                ex.put(f.name(), f.kind() == Kind.NUMERIC ? (Object) 1.0 : "text");
            }
        }
        try {
            String s = JSON.writeValueAsString(ex);
            return s.length() > 160 ? s.substring(0, 160) + "...}" : s;
        } catch (JsonProcessingException e) {
            return ex.toString();
        }
    }

    /**
     * Reads a list of records.
     *
     * @param node  the list
     * @param path  its path
     * @param model the model
     * @param limit the most records allowed
     * @return the records
     */
    static List<Map<String, Object>> records(JsonNode node, String path, ServedModel model, int limit) {
        array(node, path, limit, "records");
        List<Map<String, Object>> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(record(node.get(i), path + "[" + i + "]", model));
        }
        return out;
    }
}
