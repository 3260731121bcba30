package dev.mlops.drift;

import dev.mlops.data.ColumnKind;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.mlops.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the training data looked like, kept with the model so that later data can be checked for
 * drift against it: per feature its kind, counts, missing share and a summary (numeric: min, max,
 * mean, std, quantiles and a bounded sorted sample; categorical: frequencies; text: token
 * frequencies and tokens per document), plus the same for the model's own predictions.
 *
 * <p>The size is bounded by {@link ProfileOptions}, not by the number of training rows. Profiles
 * are plain JSON with a stable field order; the same data, options and seed give the same bytes.
 *
 * @param formatVersion version of this JSON layout, {@value #FORMAT_VERSION}
 * @param rows          rows of the reference data
 * @param options       the bounds the profile was built with
 * @param features      one profile per feature, in input order
 * @param prediction    profile of the model's predictions on the reference data, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferenceProfile(int formatVersion, long rows, ProfileOptions options, List<FeatureProfile> features,
                               FeatureProfile prediction) {

    /** The layout version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Copies the list. */
    public ReferenceProfile {
        features = List.copyOf(features);
    }

    /**
     * Profiles reference data with the default bounds.
     *
     * @param data the training data (and, if available, the model's predictions on it)
     * @return the profile
     */
    public static ReferenceProfile build(DataColumns data) {
        return build(data, ProfileOptions.defaults());
    }

    /**
     * Profiles reference data.
     *
     * @param data    the training data (and, if available, the model's predictions on it)
     * @param options bounds and seed
     * @return the profile
     */
    public static ReferenceProfile build(DataColumns data, ProfileOptions options) {
        List<FeatureProfile> features = data.features().parallelStream()
            .map(c -> FeatureProfile.of(c, options))
            .collect(Collectors.toList());
        FeatureProfile prediction = data.prediction() == null ? null : FeatureProfile.of(data.prediction(), options);
        return new ReferenceProfile(FORMAT_VERSION, data.rows(), options, features, prediction);
    }

    /**
     * The profile of a feature.
     *
     * @param name feature name
     * @return its profile, if the reference had that feature
     */
    public Optional<FeatureProfile> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * The profile as JSON text.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the profile as JSON, atomically.
     *
     * @param file the target file
     * @throws IOException when the file cannot be written
     */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /**
     * Reads and validates a profile written by {@link #write}.
     *
     * @param file the profile file
     * @return the profile
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the content is not a valid profile; the message names
     *                                  the file and what is wrong
     */
    public static ReferenceProfile read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /**
     * Parses and validates profile JSON.
     *
     * @param json the JSON text
     * @return the profile
     * @throws IllegalArgumentException when the text is not a valid profile
     */
    public static ReferenceProfile fromJson(String json) {
        return parse(json, "profile JSON");
    }

    private static ReferenceProfile parse(String json, String source) {
        ReferenceProfile p;
        try {
            p = Json.MAPPER.readValue(json, ReferenceProfile.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(source + ": not a drift reference profile at " + path(e) + ": "
                + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": malformed JSON at line "
                + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage(), e);
        }
        if (p == null) {
            throw new IllegalArgumentException(source + ": empty document, expected a drift reference profile");
        }
        p.validate(source);
        return p;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            sb.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return sb.toString();
    }

    private void validate(String source) {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException(source + ": formatVersion " + formatVersion
                + " is not supported; this version reads " + FORMAT_VERSION);
        }
        if (options == null || features == null || features.isEmpty()) {
            throw new IllegalArgumentException(source + ": a profile needs 'options' and at least one feature");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            FeatureProfile f = features.get(i);
            if (f == null) {
                throw new IllegalArgumentException(source + ": features[" + i + "] is null");
            }
            f.validate(source + ": features[" + i + "]");
            if (!names.add(f.name())) {
                throw new IllegalArgumentException(source + ": features[" + i + "] repeats the name '" + f.name() + "'");
            }
            if (f.rows() != rows) {
                throw new IllegalArgumentException(source + ": features[" + i + "] ('" + f.name() + "') has "
                    + f.rows() + " rows but the profile has " + rows);
            }
        }
        if (prediction != null) {
            prediction.validate(source + ": prediction");
            if (prediction.kind() == ColumnKind.TEXT) {
                throw new IllegalArgumentException(source + ": prediction must be numeric or categorical, not text");
            }
        }
    }
}
