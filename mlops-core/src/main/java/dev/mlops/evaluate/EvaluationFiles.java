package dev.mlops.evaluate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.mlops.util.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes an evaluation as the files a run keeps, each atomically and byte for byte reproducible
 * (UTF-8, {@code \n} line ends, numbers in the shortest form that reads back as the same double):
 *
 * <ul>
 *   <li>{@value #METRICS} — a JSON object of the aggregate metrics by name (NaN written as
 *       {@code null}), and for a classification a {@code "per_class"} object mapping each label to
 *       {@code {"precision", "recall", "f1", "support"}};</li>
 *   <li>{@value #PREDICTIONS} — CSV with header {@code id,actual,predicted} and, when the
 *       classification has probabilities, one {@code p_<label>} column per label; classification
 *       labels as text, regression values as numbers; fields quoted as RFC 4180 requires;</li>
 *   <li>{@value #CONFUSION_MATRIX} — classification only: header
 *       {@code actual\predicted,<labels...>}, then one row per actual label with its counts.</li>
 * </ul>
 *
 * {@value #METRICS} is written last, so its presence means the other files are complete.
 */
public final class EvaluationFiles {

    /** File name of the metrics. */
    public static final String METRICS = "metrics.json";
    /** File name of the per-row predictions. */
    public static final String PREDICTIONS = "predictions.csv";
    /** File name of the confusion matrix (classification only). */
    public static final String CONFUSION_MATRIX = "confusion_matrix.csv";

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER) // shortest round-trip form, same on every JDK
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private EvaluationFiles() {
    }

    /**
     * Writes the files of {@code evaluation} into {@code dir}, identifying rows by their index
     * (0, 1, ...).
     *
     * @param dir        the directory, created when missing
     * @param evaluation the evaluation to write
     * @throws IOException when a file cannot be written
     */
    public static void write(Path dir, Evaluation evaluation) throws IOException {
        write(dir, evaluation, null);
    }

    /**
     * Writes the files of {@code evaluation} into {@code dir}, replacing files of the same names.
     * For an {@link Evaluation} of another kind only {@value #METRICS} is written.
     *
     * @param dir        the directory, created when missing
     * @param evaluation the evaluation to write
     * @param ids        the identifier of each row, in row order, for the {@code id} column; null
     *                   to use row indices
     * @throws IOException              when a file cannot be written
     * @throws IllegalArgumentException when {@code ids} does not have one entry per row
     */
    public static void write(Path dir, Evaluation evaluation, List<String> ids) throws IOException {
        if (dir == null || evaluation == null) {
            throw new IllegalArgumentException("dir and evaluation must not be null");
        }
        if (ids != null && ids.size() != evaluation.size()) {
            throw new IllegalArgumentException("ids has " + ids.size() + " entries but the evaluation has "
                    + evaluation.size() + " rows; give one id per row");
        }
        for (int i = 0; ids != null && i < ids.size(); i++) {
            if (ids.get(i) == null) {
                throw new IllegalArgumentException("ids[" + i + "] is null; every row needs an id");
            }
        }
        if (evaluation instanceof ClassificationEvaluation) {
            ClassificationEvaluation c = (ClassificationEvaluation) evaluation;
            AtomicFiles.write(dir.resolve(PREDICTIONS), out -> text(out, w -> classificationPredictions(w, c, ids)));
            AtomicFiles.write(dir.resolve(CONFUSION_MATRIX), out -> text(out, w -> confusionMatrix(w, c)));
            AtomicFiles.write(dir.resolve(METRICS), out -> metrics(out, c.aggregateMetrics(), c.perClass()));
        } else if (evaluation instanceof RegressionEvaluation) {
            RegressionEvaluation r = (RegressionEvaluation) evaluation;
            AtomicFiles.write(dir.resolve(PREDICTIONS), out -> text(out, w -> regressionPredictions(w, r, ids)));
            AtomicFiles.write(dir.resolve(METRICS), out -> metrics(out, r.asMap(), null));
        } else {
            AtomicFiles.write(dir.resolve(METRICS), out -> metrics(out, evaluation.asMap(), null));
        }
    }

    private interface TextWriter {
        void writeTo(Writer w) throws IOException;
    }

    private static void text(OutputStream out, TextWriter content) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        content.writeTo(w);
        w.flush(); // not close: AtomicFiles owns the stream
    }

    private static void metrics(OutputStream out, Map<String, Double> metrics, Map<String, ClassMetrics> perClass)
            throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter()
                    .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n")));
            g.writeStartObject();
            for (Map.Entry<String, Double> e : metrics.entrySet()) {
                g.writeFieldName(e.getKey());
                number(g, e.getValue());
            }
            if (perClass != null) {
                g.writeObjectFieldStart("per_class");
                for (Map.Entry<String, ClassMetrics> e : perClass.entrySet()) {
                    ClassMetrics m = e.getValue();
                    g.writeObjectFieldStart(e.getKey());
                    g.writeFieldName("precision");
                    number(g, m.precision());
                    g.writeFieldName("recall");
                    number(g, m.recall());
                    g.writeFieldName("f1");
                    number(g, m.f1());
                    g.writeNumberField("support", m.support());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /** JSON has no NaN: an undefined metric is written as null. */
    private static void number(JsonGenerator g, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumber(value);
        } else {
            g.writeNull();
        }
    }

    private static void classificationPredictions(Writer w, ClassificationEvaluation c, List<String> ids)
            throws IOException {
        List<String> labels = c.labels();
        int k = labels.size();
        double[] probabilities = c.probabilitiesView();
        w.write("id,actual,predicted");
        if (probabilities != null) {
            for (String label : labels) {
                w.write(',');
                w.write(csv("p_" + label));
            }
        }
        w.write('\n');
        String[] quoted = labels.stream().map(EvaluationFiles::csv).toArray(String[]::new);
        for (int i = 0; i < c.size(); i++) {
            w.write(id(ids, i));
            w.write(',');
            w.write(quoted[c.actualAt(i)]);
            w.write(',');
            w.write(quoted[c.predictedAt(i)]);
            if (probabilities != null) {
                for (int j = 0; j < k; j++) {
                    w.write(',');
                    w.write(NumberOutput.toString(probabilities[i * k + j], true));
                }
            }
            w.write('\n');
        }
    }

    private static void regressionPredictions(Writer w, RegressionEvaluation r, List<String> ids) throws IOException {
        w.write("id,actual,predicted\n");
        for (int i = 0; i < r.size(); i++) {
            w.write(id(ids, i));
            w.write(',');
            w.write(NumberOutput.toString(r.actualAt(i), true));
            w.write(',');
            w.write(NumberOutput.toString(r.predictedAt(i), true));
            w.write('\n');
        }
    }

    private static void confusionMatrix(Writer w, ClassificationEvaluation c) throws IOException {
        List<String> labels = c.labels();
        int[][] m = c.confusionMatrix();
        w.write(csv("actual\\predicted"));
        for (String label : labels) {
            w.write(',');
            w.write(csv(label));
        }
        w.write('\n');
        for (int i = 0; i < m.length; i++) {
            w.write(csv(labels.get(i)));
            for (int count : m[i]) {
                w.write(',');
                w.write(Integer.toString(count));
            }
            w.write('\n');
        }
    }

    private static String id(List<String> ids, int row) {
        return ids == null ? Integer.toString(row) : csv(ids.get(row));
    }

    /** Quotes a CSV field when RFC 4180 requires it (comma, quote, line break), or when it is empty. */
    static String csv(String field) {
        if (field.isEmpty()) {
            return "\"\"";
        }
        for (int i = 0; i < field.length(); i++) {
            char ch = field.charAt(i);
            if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
                return '"' + field.replace("\"", "\"\"") + '"';
            }
        }
        return field;
    }
}
