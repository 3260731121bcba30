package dev.mlops.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The verdicts of a set of gates on one model: {@code gates.json} for machines, a Markdown table
 * for people, and the build semantics: the build fails exactly when a gate with severity
 * {@code block} fails ({@link #passed()}); warnings and inconclusive gates are reported only.
 *
 * @param model   the gated model's name
 * @param results one result per gate, in gate order
 */
public record GateReport(String model, List<GateResult> results) {

    /** The JSON file name. */
    public static final String JSON_FILE = "gates.json";
    /** The Markdown file name. */
    public static final String MARKDOWN_FILE = "gates.md";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Copies the results. */
    public GateReport {
        Objects.requireNonNull(model, "model");
        results = List.copyOf(results);
    }

    /** @return whether no blocking gate failed: the build may go on */
    public boolean passed() {
        return results.stream().noneMatch(GateResult::blocks);
    }

    /** @return the failures of blocking gates */
    public List<GateResult> blockingFailures() {
        return results.stream().filter(GateResult::blocks).toList();
    }

    /** @return the failures of warn gates */
    public List<GateResult> warnings() {
        return results.stream().filter(GateResult::isWarning).toList();
    }

    /** @return the gates the data could not decide */
    public List<GateResult> inconclusive() {
        return results.stream().filter(r -> r.verdict() == Verdict.INCONCLUSIVE).toList();
    }

    /** @return e.g. {@code 7 gates on iris: 5 passed, 1 failed, 1 warning, 0 inconclusive} */
    public String summary() {
        long pass = results.stream().filter(r -> r.verdict() == Verdict.PASS).count();
        return results.size() + " gate" + (results.size() == 1 ? "" : "s") + " on " + model + ": " + pass + " passed, "
                + blockingFailures().size() + " failed, " + warnings().size() + " warning"
                + (warnings().size() == 1 ? "" : "s") + ", " + inconclusive().size() + " inconclusive";
    }

    /**
     * @return the message a failing build shows: the summary, then every blocking failure with its
     *         explanation on its own line
     */
    public String failureMessage() {
        StringBuilder sb = new StringBuilder(summary());
        for (GateResult r : blockingFailures()) {
            sb.append(System.lineSeparator()).append("  FAILED ").append(r.name()).append(": ").append(r.explanation());
        }
        return sb.toString();
    }

    /** @return the report as JSON: model, passed, summary counts and every gate */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("passed", passed());
        ObjectNode counts = root.putObject("counts");
        counts.put("total", results.size());
        counts.put("pass", results.stream().filter(r -> r.verdict() == Verdict.PASS).count());
        counts.put("fail", blockingFailures().size());
        counts.put("warn", warnings().size());
        counts.put("inconclusive", inconclusive().size());
        ArrayNode gates = root.putArray("gates");
        for (GateResult r : results) {
            ObjectNode g = JSON.valueToTree(r);
            g.put("severity", r.severity().specName());
            g.put("verdict", r.verdict().reportName());
            gates.add(g);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a gate report must always serialise", e);
        }
    }

    /** @return a Markdown summary: one table row per gate, then the summary line */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Verdict | Gate | Observed | Severity | Explanation |\n");
        sb.append("|---|---|---|---|---|\n");
        for (GateResult r : results) {
            String observed = r.observed() == null ? "" : Format.number(r.observed())
                    + (r.baseline() != null ? " (baseline " + Format.number(r.baseline()) + ")" : "");
            sb.append("| ").append(r.isWarning() ? "WARN" : r.verdict().name()).append(" | ").append(cell(r.name()))
                    .append(" | ").append(observed).append(" | ").append(r.severity().specName()).append(" | ")
                    .append(cell(r.explanation())).append(" |\n");
        }
        sb.append('\n').append(passed() ? "Passed: " : "FAILED: ").append(summary()).append('\n');
        return sb.toString();
    }

    /**
     * Writes {@code gates.json} and {@code gates.md} atomically into {@code dir}.
     *
     * @param dir the output folder, e.g. {@code target/mlops/<model>}
     * @throws IOException when a file cannot be written
     */
    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(JSON_FILE), toJson());
        AtomicFiles.writeString(dir.resolve(MARKDOWN_FILE), toMarkdown());
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
