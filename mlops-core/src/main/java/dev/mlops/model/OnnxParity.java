package dev.mlops.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How closely the exported ONNX model agrees with the Tribuo model on the test rows, stored as
 * {@value #FILE}. ONNX computes in 32-bit floats, Tribuo in doubles, so small differences are
 * expected; a flipped label is not.
 *
 * @param rows           the number of test rows compared
 * @param maxAbsDiff     the largest absolute difference of a class probability (classification) or of
 *                       a predicted value (regression)
 * @param maxRelDiff     regression: the largest difference relative to the Tribuo value's magnitude
 *                       (at least 1); classification: equal to {@code maxAbsDiff}
 * @param labelFlips     classification: rows whose predicted label differs; 0 for regression
 */
@JsonPropertyOrder({"rows", "max_abs_diff", "max_rel_diff", "label_flips"})
public record OnnxParity(
        @JsonProperty("rows") int rows,
        @JsonProperty("max_abs_diff") double maxAbsDiff,
        @JsonProperty("max_rel_diff") double maxRelDiff,
        @JsonProperty("label_flips") int labelFlips) {

    /** The parity file's name in a bundle. */
    public static final String FILE = "parity.json";

    /** @return the figures under the metric names gates use: {@code onnx_parity.max_abs_diff}, ... */
    public Map<String, Double> asMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("onnx_parity.max_abs_diff", maxAbsDiff);
        m.put("onnx_parity.max_rel_diff", maxRelDiff);
        m.put("onnx_parity.label_flips", (double) labelFlips);
        m.put("onnx_parity.rows", (double) rows);
        return m;
    }
}
