package dev.mlops.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.serving.ServedModel.InputField;
import dev.mlops.serving.ServedModel.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request shapes of the compatibility protocols, turned into raw records: the Open Inference
 * Protocol v2 (KServe, Triton: one tensor per feature column) and MLflow's scoring server
 * ({@code dataframe_split}, {@code dataframe_records}).
 */
final class Protocols {

    /** OIP output names. */
    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";
    static final String PREDICTION = "prediction";

    private static final Set<String> FLOATS = Set.of("FP16", "FP32", "FP64");
    private static final Set<String> INTEGERS = Set.of("INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32",
            "UINT64");

    private Protocols() {
    }

    /**
     * A parsed OIP inference request.
     *
     * @param id      the request id to echo, or {@code null}
     * @param records one record per row
     * @param outputs the outputs asked for, in order (all when the request names none)
     */
    record Inference(String id, List<Map<String, Object>> records, List<String> outputs) {
    }

    /** @return the OIP outputs the model produces */
    static List<String> outputs(ServedModel model) {
        if (!model.isClassifier()) {
            return List.of(PREDICTION);
        }
        return model.hasProbabilities() ? List.of(LABEL, PROBABILITIES) : List.of(LABEL);
    }

    /** @return the OIP datatype of an input field */
    static String datatype(InputField f) {
        return f.kind() == Kind.NUMERIC ? "FP64" : "BYTES";
    }

    /**
     * Reads an OIP v2 inference request body.
     *
     * @param body  the JSON body
     * @param model the model
     * @param limit the most rows allowed
     * @return the request
     */
    static Inference inference(JsonNode body, ServedModel model, int limit) {
        if (!body.isObject()) {
            throw new ClientError(400, null, "the body must be an inference request object with 'inputs', got "
                    + Requests.describe(body));
        }
        Requests.onlyKeys(body, "", "id", "parameters", "inputs", "outputs");
        String id = null;
        JsonNode idNode = body.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual()) {
                throw new ClientError(400, "id", "'id' must be a string, got " + Requests.describe(idNode));
            }
            id = idNode.textValue();
        }
        JsonNode inputs = Requests.required(body, "", "inputs", "a list of tensors, one per feature, like "
                + "{\"name\": \"" + model.inputs().get(0).name() + "\", \"shape\": [1], \"datatype\": \""
                + datatype(model.inputs().get(0)) + "\", \"data\": [...]}");
        Requests.array(inputs, "inputs", model.inputs().size(), "tensors");
        Map<String, InputField> fields = Requests.fieldMap(model);
        Set<String> seen = new HashSet<>();
        int rows = -1;
        String rowsFrom = null;
        List<InputField> columnFields = new ArrayList<>();
        List<List<JsonNode>> columns = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String path = "inputs[" + i + "]";
            JsonNode t = inputs.get(i);
            if (!t.isObject()) {
                throw new ClientError(400, path, "'" + path + "' must be a tensor object, got " + Requests.describe(t));
            }
            Requests.onlyKeys(t, path, "name", "shape", "datatype", "data", "parameters");
            JsonNode nameNode = Requests.required(t, path, "name", "the feature name");
            String name = nameNode.asText();
            InputField field = fields.get(name);
            if (!nameNode.isTextual() || field == null) {
                throw Requests.unknownField(path + ".name", name, model);
            }
            if (!seen.add(name)) {
                throw new ClientError(400, path + ".name", "input '" + name + "' is given twice");
            }
            String datatype = Requests.required(t, path, "datatype", "e.g. " + datatype(field)).asText();
            checkDatatype(field, datatype, path + ".datatype");
            int n = shape(Requests.required(t, path, "shape", "[rows] or [rows, 1]"), path + ".shape", name, limit);
            if (rows >= 0 && n != rows) {
                throw new ClientError(400, path + ".shape", "input '" + name + "' has " + n + " rows but input '"
                        + rowsFrom + "' has " + rows + "; every input needs the same number of rows");
            }
            rows = n;
            rowsFrom = name;
            List<JsonNode> data = new ArrayList<>(n);
            flatten(Requests.required(t, path, "data", "the values, row-major"), data, 0, path + ".data");
            if (data.size() != n) {
                throw new ClientError(400, path + ".data", "input '" + name + "' has " + data.size() + " values but its"
                        + " shape says " + n);
            }
            for (int r = 0; r < n; r++) {
                checkElement(field, datatype, data.get(r), path + ".data[" + r + "]");
            }
            columnFields.add(field);
            columns.add(data);
        }
        List<Map<String, Object>> records = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                InputField f = columnFields.get(c);
                record.put(f.name(), Requests.value(columns.get(c).get(r), "inputs[" + c + "].data[" + r + "]", f));
            }
            records.add(record);
        }
        return new Inference(id, records, requestedOutputs(body.get("outputs"), model));
    }

    private static List<String> requestedOutputs(JsonNode outputs, ServedModel model) {
        List<String> available = outputs(model);
        if (outputs == null || outputs.isNull()) {
            return available;
        }
        if (!outputs.isArray()) {
            throw new ClientError(400, "outputs", "'outputs' must be a list like [{\"name\": \"" + available.get(0)
                    + "\"}], got " + Requests.describe(outputs));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String path = "outputs[" + i + "]";
            JsonNode o = outputs.get(i);
            if (!o.isObject()) {
                throw new ClientError(400, path, "'" + path + "' must be an object with a name");
            }
            Requests.onlyKeys(o, path, "name", "parameters");
            String name = Requests.required(o, path, "name", "one of " + available).asText();
            if (!available.contains(name)) {
                throw new ClientError(400, path + ".name", "unknown output '" + name + "'; this model's outputs are "
                        + String.join(", ", available));
            }
            names.add(name);
        }
        return names.isEmpty() ? available : names;
    }

    private static void checkDatatype(InputField field, String datatype, String path) {
        boolean ok = switch (field.kind()) {
            case NUMERIC -> FLOATS.contains(datatype) || INTEGERS.contains(datatype);
            case CATEGORICAL -> datatype.equals("BYTES") || INTEGERS.contains(datatype);
            case TEXT -> datatype.equals("BYTES");
        };
        if (!ok) {
            String valid = switch (field.kind()) {
                case NUMERIC -> "FP64, FP32, FP16 or an INT/UINT type";
                case CATEGORICAL -> "BYTES (or an INT type for numeric category codes)";
                case TEXT -> "BYTES";
            };
            throw new ClientError(400, path, "datatype '" + datatype + "' does not fit field '" + field.name() + "' ("
                    + field.kind().word() + "); use " + valid);
        }
    }

    private static void checkElement(InputField field, String datatype, JsonNode v, String path) {
        boolean ok = datatype.equals("BYTES") ? v.isTextual()
                : INTEGERS.contains(datatype) ? v.isIntegralNumber()
                : v.isNumber();
        if (!ok) {
            throw new ClientError(400, field.name(), "field '" + field.name() + "' has datatype " + datatype
                    + " but " + path + " is " + Requests.describe(v));
        }
    }

    private static int shape(JsonNode shape, String path, String name, int limit) {
        boolean ok = shape.isArray() && (shape.size() == 1 || shape.size() == 2 && shape.get(1).isIntegralNumber()
                && shape.get(1).longValue() == 1) && shape.get(0).isIntegralNumber() && shape.get(0).longValue() >= 1;
        if (!ok) {
            throw new ClientError(400, path, "input '" + name + "' has shape " + shape + "; expected [rows] or"
                    + " [rows, 1] with rows >= 1 (one tensor per feature column)");
        }
        long rows = shape.get(0).longValue();
        if (rows > limit) {
            throw new ClientError(413, path, "input '" + name + "' has " + rows + " rows; at most " + limit
                    + " are allowed per request");
        }
        return (int) rows;
    }

    private static void flatten(JsonNode node, List<JsonNode> out, int depth, String path) {
        if (!node.isArray()) {
            throw new ClientError(400, path, "'" + path + "' must be a list of values, got " + Requests.describe(node));
        }
        for (JsonNode v : node) {
            if (v.isArray() && depth == 0) {
                flatten(v, out, 1, path);
            } else if (v.isContainerNode()) {
                throw new ClientError(400, path, "'" + path + "' must hold values or one-value rows, got "
                        + Requests.describe(v));
            } else {
                out.add(v);
            }
        }
    }

    /**
     * Reads an MLflow scoring request: {@code dataframe_split} or {@code dataframe_records}.
     *
     * @param body  the JSON body
     * @param model the model
     * @param limit the most rows allowed
     * @return the records
     */
    static List<Map<String, Object>> mlflow(JsonNode body, ServedModel model, int limit) {
        if (!body.isObject()) {
            throw new ClientError(400, null, "the body must be an object with 'dataframe_split' or"
                    + " 'dataframe_records', got " + Requests.describe(body));
        }
        Requests.onlyKeys(body, "", "dataframe_split", "dataframe_records", "params");
        JsonNode split = body.get("dataframe_split");
        JsonNode recs = body.get("dataframe_records");
        if ((split == null) == (recs == null)) {
            throw new ClientError(400, null, "send exactly one of 'dataframe_split' ({\"columns\": [...], \"data\":"
                    + " [[...]]}) and 'dataframe_records' ([{...}])");
        }
        if (recs != null) {
            return Requests.records(recs, "dataframe_records", model, limit);
        }
        String path = "dataframe_split";
        if (!split.isObject()) {
            throw new ClientError(400, path, "'dataframe_split' must be an object with 'columns' and 'data', got "
                    + Requests.describe(split));
        }
        Requests.onlyKeys(split, path, "columns", "data", "index");
        JsonNode columns = Requests.required(split, path, "columns", "the field names");
        Requests.array(columns, path + ".columns", Integer.MAX_VALUE, "field names");
        Map<String, InputField> fields = Requests.fieldMap(model);
        List<InputField> order = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            String cpath = path + ".columns[" + c + "]";
            String name = columns.get(c).asText();
            InputField f = fields.get(name);
            if (!columns.get(c).isTextual() || f == null) {
                throw Requests.unknownField(cpath, name, model);
            }
            if (seen.put(name, c) != null) {
                throw new ClientError(400, cpath, "column '" + name + "' is given twice");
            }
            order.add(f);
        }
        JsonNode data = Requests.required(split, path, "data", "one list of values per row");
        Requests.array(data, path + ".data", limit, "rows");
        List<Map<String, Object>> records = new ArrayList<>(data.size());
        for (int r = 0; r < data.size(); r++) {
            String rpath = path + ".data[" + r + "]";
            JsonNode row = data.get(r);
            if (!row.isArray() || row.size() != order.size()) {
                throw new ClientError(400, rpath, "'" + rpath + "' must be a list of " + order.size()
                        + " values (one per column), got " + Requests.describe(row));
            }
            Map<String, Object> record = new LinkedHashMap<>();
            for (int c = 0; c < order.size(); c++) {
                record.put(order.get(c).name(), Requests.value(row.get(c), rpath + "[" + c + "]", order.get(c)));
            }
            records.add(record);
        }
        return records;
    }
}
