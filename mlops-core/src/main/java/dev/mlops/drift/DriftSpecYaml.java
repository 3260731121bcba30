package dev.mlops.drift;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mlops.util.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a {@link DriftSpec} from YAML (see {@link DriftSpec#parse}); every error names the source and the key. */
final class DriftSpecYaml {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The file's layout; absent keys keep the defaults. */
    record Root(@JsonProperty("drift_share") Double driftShare,
                @JsonProperty("fail_on_prediction_drift") Boolean failOnPredictionDrift,
                @JsonProperty("text_vocabulary") Integer textVocabulary,
                @JsonProperty("features") Map<String, Feature> features) {
    }

    /** One feature's choice. */
    record Feature(@JsonProperty("method") String method, @JsonProperty("threshold") Double threshold) {
    }

    private static final List<String> ROOT_KEYS = List.of("drift_share", "fail_on_prediction_drift", "features",
            "text_vocabulary");
    private static final List<String> FEATURE_KEYS = List.of("method", "threshold");

    private DriftSpecYaml() {
    }

    static DriftSpec parse(String source, String yaml) {
        Root root;
        try (JsonParser parser = YAML.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return DriftSpec.defaults(); // an empty file (or only comments)
            }
            checkKeys(source, yaml);
            root = YAML.readValue(parser, Root.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(where(source, e.getLocation()) + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where(source, e.getLocation()) + "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a string does no I/O
        }
        DriftSpec spec = DriftSpec.defaults();
        if (root == null) {
            return spec; // "null" or "~"
        }
        try {
            if (root.driftShare() != null) {
                spec = spec.withDriftShare(root.driftShare());
            }
            if (root.textVocabulary() != null) {
                spec = spec.withTextVocabulary(root.textVocabulary());
            }
            if (root.failOnPredictionDrift() != null) {
                spec = spec.withFailOnPredictionDrift(root.failOnPredictionDrift());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        if (root.features() != null) {
            for (Map.Entry<String, Feature> e : new TreeMap<>(root.features()).entrySet()) {
                String key = "features." + e.getKey();
                Feature f = e.getValue();
                if (f == null || f.method() == null && f.threshold() == null) {
                    throw new IllegalArgumentException(source + ": " + key + " needs a method, a threshold or both,"
                            + " e.g. {method: psi, threshold: 0.2}");
                }
                try {
                    spec = spec.withFeature(e.getKey(), f.method() == null ? null : DriftMethod.of(f.method()), f.threshold());
                } catch (IllegalArgumentException x) {
                    throw new IllegalArgumentException(source + ": " + key + ": " + x.getMessage(), x);
                }
            }
        }
        return spec;
    }

    /**
     * Finds the first unknown key with its exact location (Jackson reports unknown properties after
     * reading on): the root's keys, then each {@code features.<name>}'s.
     */
    private static void checkKeys(String source, String yaml) throws IOException {
        try (JsonParser p = YAML.createParser(yaml)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return; // not a mapping: binding reports it
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                known(source, p, key, ROOT_KEYS, "");
                if (p.nextToken() == JsonToken.START_OBJECT && key.equals("features")) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String feature = p.currentName();
                        if (p.nextToken() == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                known(source, p, p.currentName(), FEATURE_KEYS, " in features." + feature);
                                p.nextToken();
                                p.skipChildren();
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static void known(String source, JsonParser p, String key, List<String> valid, String in) {
        if (!valid.contains(key)) {
            throw new IllegalArgumentException(where(source, p.currentTokenLocation()) + "unknown key '" + key + "'" + in
                    + Names.suggestion(key, valid));
        }
    }

    private static String where(String source, JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? source + ": "
                : source + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": ";
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            parts.add(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return String.join(".", parts).replace(".[", "[");
    }
}
