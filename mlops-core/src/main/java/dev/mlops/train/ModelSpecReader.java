package dev.mlops.train;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.mlops.util.Names;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads and writes model spec files (YAML; JSON is valid YAML). Every problem is reported as a
 * {@link SpecException} whose message names the file, line and column, the key path, the bad value,
 * and for an unknown key the nearest valid one.
 */
public final class ModelSpecReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ModelSpecReader() {
    }

    /**
     * Reads a spec file.
     *
     * @param file the YAML file
     * @return the spec
     * @throws IOException   when the file cannot be read
     * @throws SpecException when the content is not a valid spec
     */
    public static ModelSpec read(Path file) throws IOException {
        String text;
        try {
            text = java.nio.file.Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(file + ": model spec file not found", e);
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses spec text.
     *
     * @param source a name for messages (e.g. the file name)
     * @param yaml   the YAML text
     * @return the spec
     * @throws SpecException when the content is not a valid spec
     */
    public static ModelSpec parse(String source, String yaml) {
        try {
            try (com.fasterxml.jackson.core.JsonParser parser = YAML.createParser(yaml)) {
                SpecKeys.Unknown unknown = SpecKeys.find(parser, ModelSpec.class);
                if (unknown != null) {
                    throw new SpecException(source + ":" + unknown.line() + ":" + unknown.column() + ": "
                            + SpecKeys.message(unknown), null);
                }
            }
            ModelSpec spec = YAML.readValue(yaml, ModelSpec.class);
            if (spec == null) {
                throw new SpecException(source + ": the spec is empty; it needs at least name, task, dataset and trainer", null);
            }
            return spec;
        } catch (JsonProcessingException e) {
            throw translate(source, e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Writes a spec as YAML, e.g. to store the spec used with a model.
     *
     * @param spec the spec
     * @return YAML text
     */
    public static String write(ModelSpec spec) {
        try {
            return YAML.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec must always serialise", e);
        }
    }

    private static SpecException translate(String source, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = source + (loc != null && loc.getLineNr() > 0 ? ":" + loc.getLineNr() + ":" + loc.getColumnNr() : "");
        String path = e instanceof JsonMappingException m ? path(m) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            // Normally found first by SpecKeys; kept for types it does not walk.
            List<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.toList());
            String parent = parentPath(u);
            message = "unknown key '" + u.getPropertyName() + "'" + (parent.isEmpty() ? "" : " in " + parent)
                    + Names.suggestion(u.getPropertyName(), known);
        } else if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            message = (path.isEmpty() ? "" : path + ": ") + v.getCause().getMessage();
        } else if (e instanceof InvalidFormatException f) {
            message = (path.isEmpty() ? "" : path + ": ") + "'" + f.getValue() + "' is not a valid "
                    + f.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    + (f.getCause() != null && f.getCause().getMessage() != null ? " (" + f.getCause().getMessage() + ")" : "");
        } else if (e instanceof MismatchedInputException m) {
            message = (path.isEmpty() ? "" : path + ": ") + "wrong shape of value: expected "
                    + describe(m.getTargetType()) + "; " + firstLine(m.getOriginalMessage());
        } else if (e instanceof JsonMappingException m && m.getCause() instanceof IllegalArgumentException iae) {
            message = (path.isEmpty() ? "" : path + ": ") + iae.getMessage();
        } else {
            message = "not valid YAML: " + firstLine(e.getOriginalMessage());
        }
        return new SpecException(where + ": " + message, e);
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                parts.add(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                parts.add("[" + r.getIndex() + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String parentPath(JsonMappingException e) {
        String full = path(e);
        int dot = full.lastIndexOf('.');
        return dot < 0 ? "" : full.substring(0, dot);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping (key: value)";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
