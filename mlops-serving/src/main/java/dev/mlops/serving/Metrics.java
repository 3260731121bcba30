package dev.mlops.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-level counters (requests by endpoint and status, latency histograms) and the Prometheus
 * text exposition (format 0.0.4) of those plus each deployment's {@link Window.Snapshot}. Written by
 * hand: a handful of metric families do not justify a client library in the image.
 */
final class Metrics {

    /** Latency histogram upper bounds in seconds. */
    static final double[] LATENCY_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
        0.25, 0.5, 1, 2.5, 5, 10};

    /** Counters of one endpoint. */
    private static final class Endpoint {
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final LongAdder[] buckets = new LongAdder[LATENCY_BUCKETS.length + 1];
        final DoubleAdder sum = new DoubleAdder();

        Endpoint() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final LongAdder swaps = new LongAdder();
    private final LongAdder failedSwaps = new LongAdder();
    private final long startMillis = System.currentTimeMillis();

    /**
     * Counts a finished request.
     *
     * @param endpoint the route template, e.g. {@code /v2/models/{name}/infer}
     * @param status   the HTTP status sent
     * @param seconds  the time from the handler's start to the response's end
     */
    void request(String endpoint, int status, double seconds) {
        Endpoint e = endpoints.computeIfAbsent(endpoint, k -> new Endpoint());
        e.statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
        int b = Arrays.binarySearch(LATENCY_BUCKETS, seconds);
        e.buckets[b >= 0 ? b : -b - 1].increment();
        e.sum.add(seconds);
    }

    void swapped(boolean ok) {
        (ok ? swaps : failedSwaps).increment();
    }

    /** A deployment to expose, with its role. */
    record Live(Deployment deployment, boolean active, Window.Snapshot snapshot) {
    }

    /**
     * Renders every family.
     *
     * @param deployments the active deployment first, then the one kept for rollback
     * @param ready       whether the server is ready
     * @param inFlight    requests being handled
     * @return the exposition text
     */
    String render(List<Live> deployments, boolean ready, int inFlight) {
        StringBuilder out = new StringBuilder(4096);
        family(out, "mlops_requests_total", "counter", "HTTP requests by endpoint and status.");
        Map<String, Endpoint> sorted = new TreeMap<>(endpoints);
        sorted.forEach((name, e) -> new TreeMap<>(e.statuses).forEach((status, n) ->
                sample(out, "mlops_requests_total", labels("endpoint", name, "status", status.toString()), n.sum())));

        family(out, "mlops_request_duration_seconds", "histogram", "Time from request start to response end.");
        sorted.forEach((name, e) -> {
            long cumulative = 0;
            for (int i = 0; i < e.buckets.length; i++) {
                cumulative += e.buckets[i].sum();
                String le = i < LATENCY_BUCKETS.length ? number(LATENCY_BUCKETS[i]) : "+Inf";
                sample(out, "mlops_request_duration_seconds_bucket", labels("endpoint", name, "le", le), cumulative);
            }
            sample(out, "mlops_request_duration_seconds_sum", labels("endpoint", name), e.sum.sum());
            sample(out, "mlops_request_duration_seconds_count", labels("endpoint", name), cumulative);
        });

        family(out, "mlops_ready", "gauge", "1 when a model is loaded, warmed up and the server is not draining.");
        sample(out, "mlops_ready", "", ready ? 1 : 0);
        family(out, "mlops_in_flight_requests", "gauge", "Requests being handled.");
        sample(out, "mlops_in_flight_requests", "", inFlight);
        family(out, "mlops_uptime_seconds", "gauge", "Seconds since the server was created.");
        sample(out, "mlops_uptime_seconds", "", (System.currentTimeMillis() - startMillis) / 1000.0);
        family(out, "mlops_model_swaps_total", "counter", "Model swaps by outcome (initial load included).");
        sample(out, "mlops_model_swaps_total", labels("outcome", "ok"), swaps.sum());
        sample(out, "mlops_model_swaps_total", labels("outcome", "failed"), failedSwaps.sum());

        family(out, "mlops_model_info", "gauge", "The loaded models; role is active or previous (kept for rollback).");
        for (Live l : deployments) {
            ModelInfo i = l.deployment().info();
            sample(out, "mlops_model_info", labels("model", i.name(), "version", i.version(),
                    "role", l.active() ? "active" : "previous"), 1);
        }
        family(out, "mlops_records_scored_total", "counter", "Records scored, by model version.");
        for (Live l : deployments) {
            sample(out, "mlops_records_scored_total", model(l), l.snapshot().records());
        }
        renderPredictions(out, deployments);
        family(out, "mlops_out_of_range_total", "counter",
                "Accepted values outside the training range or categories, by feature.");
        for (Live l : deployments) {
            List<ServedModel.InputField> fields = l.deployment().model().inputs();
            for (int f = 0; f < fields.size(); f++) {
                sample(out, "mlops_out_of_range_total", model(l, "feature", fields.get(f).name()),
                        l.snapshot().outOfRangeTotals()[f]);
            }
        }
        family(out, "mlops_window_records", "gauge", "Records in the monitoring window of the active model.");
        for (Live l : deployments) {
            if (l.active()) {
                sample(out, "mlops_window_records", model(l), l.snapshot().size());
            }
        }
        family(out, "mlops_feature_drift", "gauge",
                "Drift of the monitoring window against the training data per feature (ks or tvd, 0 to 1).");
        for (Live l : deployments) {
            if (l.active()) {
                for (DriftReference.Score s : l.snapshot().drift()) {
                    sample(out, "mlops_feature_drift", model(l, "feature", s.feature(), "method", s.method()), s.score());
                }
            }
        }
        return out.toString();
    }

    private static void renderPredictions(StringBuilder out, List<Live> deployments) {
        family(out, "mlops_predictions_total", "counter", "Predictions by class.");
        for (Live l : deployments) {
            List<String> labels = l.deployment().model().labels();
            for (int c = 0; c < labels.size(); c++) {
                sample(out, "mlops_predictions_total", model(l, "class", labels.get(c)), l.snapshot().classTotals()[c]);
            }
        }
        family(out, "mlops_prediction_confidence", "summary", "Probability of the predicted class.");
        for (Live l : deployments) {
            if (l.deployment().model().hasProbabilities()) {
                sample(out, "mlops_prediction_confidence_sum", model(l), l.snapshot().confidenceSum());
                sample(out, "mlops_prediction_confidence_count", model(l), l.snapshot().confidenceCount());
            }
        }
        family(out, "mlops_window_mean_confidence", "gauge", "Mean probability of the predicted class in the window.");
        for (Live l : deployments) {
            if (l.active() && l.snapshot().size() > 0 && !Double.isNaN(l.snapshot().meanConfidence())) {
                sample(out, "mlops_window_mean_confidence", model(l), l.snapshot().meanConfidence());
            }
        }
        family(out, "mlops_window_class_share", "gauge", "Share of each predicted class in the window.");
        for (Live l : deployments) {
            Window.Snapshot s = l.snapshot();
            if (l.active() && s.size() > 0) {
                List<String> labels = l.deployment().model().labels();
                for (int c = 0; c < labels.size(); c++) {
                    sample(out, "mlops_window_class_share", model(l, "class", labels.get(c)),
                            s.classCounts()[c] / (double) s.size());
                }
            }
        }
        family(out, "mlops_prediction_value", "histogram", "Regression predictions.");
        for (Live l : deployments) {
            if (l.deployment().model().isClassifier()) {
                continue;
            }
            long cumulative = 0;
            long[] buckets = l.snapshot().valueBuckets();
            for (int i = 0; i < buckets.length; i++) {
                cumulative += buckets[i];
                String le = i < Window.VALUE_BUCKETS.length ? number(Window.VALUE_BUCKETS[i]) : "+Inf";
                sample(out, "mlops_prediction_value_bucket", model(l, "le", le), cumulative);
            }
            sample(out, "mlops_prediction_value_sum", model(l), l.snapshot().valueSum());
            sample(out, "mlops_prediction_value_count", model(l), cumulative);
        }
    }

    private static String model(Live l, String... more) {
        List<String> kv = new ArrayList<>(List.of("model", l.deployment().info().name(),
                "version", l.deployment().info().version()));
        kv.addAll(List.of(more));
        return labels(kv.toArray(String[]::new));
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    private static String labels(String... kv) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append(kv[i]).append("=\"").append(escape(kv[i + 1])).append('"');
        }
        return sb.append('}').toString();
    }

    /** Label values escape backslash, quote and newline. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Math.abs(v) >= 1e-6 && Math.abs(v) < 1e15
                ? java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : Double.toString(v);
    }
}
