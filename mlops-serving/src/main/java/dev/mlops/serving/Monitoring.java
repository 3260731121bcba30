package dev.mlops.serving;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The {@code /monitoring} document: the active deployment's window as JSON. */
final class Monitoring {

    private Monitoring() {
    }

    static ObjectNode json(Deployment d, Window.Snapshot s) {
        ServedModel m = d.model();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("model", d.info().name());
        root.put("version", d.info().version());
        root.put("loaded_at", d.info().loadedAt().toString());
        root.put("records_total", s.records());
        ObjectNode window = root.putObject("window");
        window.put("capacity", s.capacity());
        window.put("records", s.size());
        if (m.isClassifier()) {
            ObjectNode classes = window.putObject("classes");
            List<String> labels = m.labels();
            for (int c = 0; c < labels.size(); c++) {
                ObjectNode o = classes.putObject(labels.get(c));
                o.put("count", s.classCounts()[c]);
                o.put("share", s.size() == 0 ? 0 : s.classCounts()[c] / (double) s.size());
            }
            putNumber(window, "mean_confidence", s.meanConfidence());
        } else {
            ObjectNode value = window.putObject("prediction");
            putNumber(value, "mean", s.meanValue());
            putNumber(value, "min", s.minValue());
            putNumber(value, "max", s.maxValue());
        }
        ObjectNode oor = window.putObject("out_of_range");
        for (int f = 0; f < m.inputs().size(); f++) {
            ObjectNode o = oor.putObject(m.inputs().get(f).name());
            o.put("count", s.outOfRange()[f]);
            o.put("share", s.size() == 0 ? 0 : s.outOfRange()[f] / (double) s.size());
        }
        ObjectNode drift = window.putObject("drift");
        for (DriftReference.Score score : s.drift()) {
            ObjectNode o = drift.putObject(score.feature());
            o.put("method", score.method());
            o.put("score", score.score());
        }
        return root;
    }

    /** JSON has no NaN: an undefined statistic is null. */
    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}
