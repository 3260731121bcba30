package dev.mlops.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.data.Column;
import dev.mlops.data.Dataset;
import dev.mlops.data.FeatureSpec;
import dev.mlops.data.MissingPolicy;
import dev.mlops.util.Names;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The preprocessing between a raw record and model input: one encoder per input column, fitted on
 * the training rows only (imputation values, categories, vocabularies), then applied unchanged to
 * validation, test and prediction records.
 *
 * @param encoders one encoder per input column, in input order
 * @param target   standardisation of a regression target, or {@code null} when the model learns raw values
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record FeaturePipeline(@JsonProperty("encoders") List<FeatureEncoder> encoders,
                              @JsonProperty("target") TargetScaling target) {

    /** Copies the encoders and checks that input columns are unique. */
    @JsonCreator
    public FeaturePipeline {
        encoders = List.copyOf(encoders);
        if (encoders.stream().map(FeatureEncoder::column).distinct().count() != encoders.size()) {
            throw new IllegalArgumentException("two encoders read the same column: " + inputs(encoders));
        }
    }

    /**
     * Learns every encoder from the given rows.
     *
     * @param data        the data set
     * @param trainRows   the rows to learn from (the training split)
     * @param standardise whether numeric features are centred and scaled to unit variance (for linear and
     *                    distance-based models)
     * @param scaleTarget whether a regression target is standardised too (for gradient-descent learners)
     * @return the fitted pipeline
     */
    public static FeaturePipeline fit(Dataset data, int[] trainRows, boolean standardise, boolean scaleTarget) {
        List<FeatureEncoder> encoders = new ArrayList<>();
        for (Column column : data.features()) {
            encoders.add(switch (column.kind()) {
                case NUMERIC -> fitNumeric(column, trainRows, standardise);
                case CATEGORICAL -> fitCategorical(column, trainRows);
                case TEXT -> fitText(column, trainRows);
            });
        }
        TargetScaling target = null;
        if (scaleTarget && data.task() == dev.mlops.data.Task.REGRESSION) {
            double[] values = new double[trainRows.length];
            for (int i = 0; i < trainRows.length; i++) {
                values[i] = data.value(trainRows[i]);
            }
            target = TargetScaling.fit(values);
        }
        return new FeaturePipeline(encoders, target);
    }

    /**
     * @param value a raw regression target
     * @return what the model learns: the value itself, or standardised when the pipeline scales targets
     */
    public double encodeTarget(double value) {
        return target == null ? value : target.scale(value);
    }

    /**
     * @param output a regression model output
     * @return the prediction in the target's units
     */
    public double decodeTarget(double output) {
        return target == null ? output : target.unscale(output);
    }

    /** @return the input column names, in order */
    public List<String> inputs() {
        return inputs(encoders);
    }

    /** @return every feature name the pipeline can produce, in a fixed order */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (FeatureEncoder e : encoders) {
            names.addAll(e.featureNames());
        }
        return names;
    }

    /**
     * Encodes one row of a data set with the same columns the pipeline was fitted on.
     *
     * @param data the data set
     * @param row  the row index
     * @return the features
     */
    public FeatureVector encode(Dataset data, int row) {
        FeatureSink sink = new FeatureSink();
        List<Column> columns = data.features();
        for (int i = 0; i < encoders.size(); i++) {
            encoders.get(i).encode(columns.get(i).value(row), sink);
        }
        return sink.toVector();
    }

    /**
     * Encodes a record as a user has it: field name to value. Numbers for numeric fields, strings for
     * categorical and text fields (whole numbers are accepted as categories too).
     *
     * @param record the record
     * @return the features
     * @throws InvalidRecordException for an unknown field, a missing field without a fill value, a value
     *                                of the wrong type, NaN or infinity
     */
    public FeatureVector encode(Map<String, ?> record) {
        for (String field : record.keySet()) {
            if (encoders.stream().noneMatch(e -> e.column().equals(field))) {
                throw new InvalidRecordException(field, "unknown field '" + field + "'" + Names.suggestion(field, inputs()));
            }
        }
        FeatureSink sink = new FeatureSink();
        for (FeatureEncoder encoder : encoders) {
            encoder.encode(coerce(encoder, record.get(encoder.column())), sink);
        }
        return sink.toVector();
    }

    private static Object coerce(FeatureEncoder encoder, Object value) {
        String field = encoder.column();
        if (value == null) {
            return null;
        }
        switch (encoder.columnKind()) {
            case NUMERIC -> {
                if (!(value instanceof Number number) || value instanceof Boolean) {
                    throw new InvalidRecordException(field, "field '" + field + "' must be a number, got "
                            + describe(value));
                }
                double d = number.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new InvalidRecordException(field, "field '" + field + "' must be a finite number, got " + d);
                }
                return d;
            }
            case CATEGORICAL -> {
                if (value instanceof String s) {
                    return s.strip();
                }
                if (value instanceof Number n && !(n instanceof Double || n instanceof Float)
                        || value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
                    return Long.toString(((Number) value).longValue());
                }
                throw new InvalidRecordException(field, "field '" + field + "' must be a category (text), got " + describe(value));
            }
            default -> {
                if (value instanceof String s) {
                    return s;
                }
                throw new InvalidRecordException(field, "field '" + field + "' must be text, got " + describe(value));
            }
        }
    }

    private static String describe(Object value) {
        String type = value instanceof String ? "text" : value instanceof Boolean ? "a boolean"
                : value instanceof Number ? "a number" : value instanceof Map ? "an object"
                : value instanceof List ? "a list" : value.getClass().getSimpleName();
        String shown = String.valueOf(value);
        return type + " (" + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown) + ")";
    }

    private static List<String> inputs(List<FeatureEncoder> encoders) {
        return encoders.stream().map(FeatureEncoder::column).toList();
    }

    private static NumericEncoder fitNumeric(Column column, int[] rows, boolean standardise) {
        double[] values = new double[rows.length];
        int n = 0;
        for (int row : rows) {
            double v = column.number(row);
            if (!Double.isNaN(v)) {
                values[n++] = v;
            }
        }
        if (n == 0) {
            throw new dev.mlops.data.DataException("column '" + column.name() + "' has no values in the training rows");
        }
        double[] present = Arrays.copyOf(values, n);
        Arrays.sort(present);
        FeatureSpec spec = column.spec();
        Double fill = switch (spec.missing()) {
            case IMPUTE_MEAN -> mean(present);
            case IMPUTE_MEDIAN -> n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
            case IMPUTE_CONSTANT -> Double.parseDouble(spec.fillValue().strip());
            default -> null;
        };
        Double center = null;
        Double scale = null;
        if (standardise) {
            center = mean(present);
            double sq = 0;
            for (double v : present) {
                sq += (v - center) * (v - center);
            }
            double std = Math.sqrt(sq / n);
            scale = std > 0 ? std : 1.0;
        }
        return new NumericEncoder(column.name(), fill, present[0], present[n - 1], center, scale);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static CategoricalEncoder fitCategorical(Column column, int[] rows) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int row : rows) {
            String v = column.text(row);
            if (v != null) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        String fill = null;
        if (column.spec().missing() == MissingPolicy.IMPUTE_CONSTANT) {
            fill = column.spec().fillValue();
        } else if (column.spec().missing() == MissingPolicy.IMPUTE_MOST_FREQUENT) {
            int best = -1;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > best) {
                    best = e.getValue();
                    fill = e.getKey();
                }
            }
        }
        return new CategoricalEncoder(column.name(), new ArrayList<>(counts.keySet()), fill);
    }

    private static TextEncoder fitText(Column column, int[] rows) {
        FeatureSpec spec = column.spec();
        int ngrams = spec.ngrams() == null ? 1 : spec.ngrams();
        boolean lowercase = spec.lowercase() == null || spec.lowercase();
        boolean tfidf = Boolean.TRUE.equals(spec.tfidf());
        int minCount = spec.minCount() == null ? 1 : spec.minCount();
        int maxVocabulary = spec.maxVocabulary() == null ? 20_000 : spec.maxVocabulary();
        String fill = spec.missing() == MissingPolicy.IMPUTE_CONSTANT ? spec.fillValue() : null;

        Map<String, int[]> stats = new HashMap<>(); // term -> {document frequency, total count}
        int documents = 0;
        for (int row : rows) {
            String text = column.text(row);
            if (text == null) {
                text = fill;
            }
            if (text == null) {
                continue;
            }
            documents++;
            List<String> terms = TextEncoder.terms(text, ngrams, lowercase);
            for (String term : terms) {
                stats.computeIfAbsent(term, k -> new int[2])[1]++;
            }
            for (String term : new TreeSet<>(terms)) {
                stats.get(term)[0]++;
            }
        }
        List<Map.Entry<String, int[]>> kept = new ArrayList<>();
        for (Map.Entry<String, int[]> e : stats.entrySet()) {
            if (e.getValue()[0] >= minCount) {
                kept.add(e);
            }
        }
        if (kept.size() > maxVocabulary) {
            kept.sort((a, b) -> a.getValue()[1] != b.getValue()[1] ? Integer.compare(b.getValue()[1], a.getValue()[1])
                    : a.getKey().compareTo(b.getKey()));
            kept = kept.subList(0, maxVocabulary);
        }
        kept.sort(Map.Entry.comparingByKey());
        if (kept.isEmpty()) {
            throw new dev.mlops.data.DataException("text column '" + column.name() + "' has no terms of two or more"
                    + " letters in the training rows (min_count " + minCount + ")");
        }
        List<String> vocabulary = kept.stream().map(Map.Entry::getKey).toList();
        double[] idf = null;
        if (tfidf) {
            idf = new double[kept.size()];
            for (int i = 0; i < idf.length; i++) {
                idf[i] = Math.log((1.0 + documents) / (1.0 + kept.get(i).getValue()[0])) + 1.0;
            }
        }
        return new TextEncoder(column.name(), ngrams, lowercase, tfidf, vocabulary, idf, fill);
    }
}
