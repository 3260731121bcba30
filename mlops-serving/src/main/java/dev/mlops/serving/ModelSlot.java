package dev.mlops.serving;

import dev.mlops.serving.ServedModel.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blue/green in one process: the active deployment behind an {@link AtomicReference} that each
 * request reads once, and the previous one kept warm for rollback. A new model is warmed up and
 * checked on its probe records before the switch, so the switch itself is one reference write
 * and no request ever sees a half-ready or mixed model.
 */
final class ModelSlot {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

    /**
     * How far apart engines may score the same record: Tribuo computes in doubles, ONNX Runtime in
     * floats (their recorded parity on test rows is about 1e-7).
     */
    static final double TOLERANCE = 1e-4;

    /** The size of the probe batch that exercises a model's batch engine (ONNX Runtime from 16 records). */
    static final int LARGE_BATCH = 32;

    private final AtomicReference<Deployment> active = new AtomicReference<>();
    private final Object lock = new Object();
    private final int windowSize;
    private final int warmupRounds;
    private final Metrics metrics;
    private Deployment previous; // guarded by lock

    ModelSlot(int windowSize, int warmupRounds, Metrics metrics) {
        this.windowSize = windowSize;
        this.warmupRounds = warmupRounds;
        this.metrics = metrics;
    }

    /** @return the active deployment with a reference held (release it), or {@code null} when none is loaded */
    Deployment acquire() {
        while (true) {
            Deployment d = active.get();
            if (d == null || d.tryAcquire()) {
                return d;
            }
            // it was closed between the read and the acquire: a swap retired it; read the new one
        }
    }

    /** @return the active deployment without taking a reference (for status only) */
    Deployment peekActive() {
        return active.get();
    }

    /** @return the deployment kept for rollback, or {@code null} */
    Deployment peekPrevious() {
        synchronized (lock) {
            return previous;
        }
    }

    /**
     * Warms up and checks a model, then makes it active; the active one becomes the rollback
     * target and the former rollback target is retired.
     *
     * @param model  the new model; closed here when it fails its checks
     * @param source where it came from, for status
     * @return the new model's info
     * @throws IllegalStateException when the model fails its probe-record checks
     */
    ModelInfo swap(ServedModel model, String source) {
        long start = System.nanoTime();
        try {
            warmUpAndCheck(model);
        } catch (RuntimeException e) {
            metrics.swapped(false);
            model.close();
            throw e;
        }
        ModelInfo info = new ModelInfo(model.name(), model.version(), source, Instant.now());
        Deployment next = new Deployment(model, info, windowSize);
        synchronized (lock) {
            Deployment old = active.getAndSet(next);
            if (previous != null) {
                previous.release();
            }
            previous = old;
            metrics.swapped(true);
            LOG.info("Now serving {} version {}{} (warm-up and checks {} ms)", info.name(), info.version(),
                    old == null ? "" : ", replacing version " + old.info().version(), (System.nanoTime() - start) / 1_000_000);
        }
        return info;
    }

    /**
     * Makes the previous model active again; the current one becomes the rollback target.
     *
     * @return the now active model's info
     * @throws IllegalStateException when there is no previous model
     */
    ModelInfo rollback() {
        synchronized (lock) {
            if (previous == null) {
                throw new IllegalStateException("there is no previous model to roll back to; only "
                        + (active.get() == null ? "no model" : "version " + active.get().info().version()) + " was loaded");
            }
            Deployment back = previous;
            previous = active.getAndSet(back);
            LOG.info("Rolled back to {} version {} from version {}", back.info().name(), back.info().version(),
                    previous.info().version());
            return back.info();
        }
    }

    /** Retires both deployments (at shutdown); each closes after its last request. */
    void clear() {
        synchronized (lock) {
            Deployment d = active.getAndSet(null);
            if (d != null) {
                d.release();
            }
            if (previous != null) {
                previous.release();
                previous = null;
            }
        }
    }

    /**
     * Scores the probe records alone, as they are in a small batch, and repeated into a batch of
     * {@value #LARGE_BATCH} (which a bundle with an ONNX model scores in ONNX Runtime, while single
     * records go to Tribuo), {@code warmupRounds} times to warm up the JIT and the native session. In
     * the first round every result must be valid (a label of the model with finite probabilities in
     * [0, 1] that sum to 1 and peak at that label, or a finite value), and the three ways of scoring
     * must agree within {@value #TOLERANCE} (relative to the largest value for regression).
     */
    private void warmUpAndCheck(ServedModel model) {
        List<Map<String, Object>> probes = model.probes();
        if (probes.isEmpty()) {
            LOG.warn("Model {} version {} has no probe records: it goes live unchecked and cold", model.name(),
                    model.version());
            return;
        }
        List<Map<String, Object>> large = new ArrayList<>(LARGE_BATCH);
        while (large.size() < LARGE_BATCH) {
            large.add(probes.get(large.size() % probes.size()));
        }
        for (int round = 0; round < Math.max(1, warmupRounds); round++) {
            List<Result> singles = new ArrayList<>(probes.size());
            for (Map<String, Object> probe : probes) {
                singles.add(model.predict(probe));
            }
            List<Result> small = model.predictBatch(probes);
            List<Result> big = model.predictBatch(large);
            if (round == 0) {
                double scale = 1;
                for (Result r : singles) {
                    scale = Math.max(scale, Math.abs(r.value()));
                }
                for (int i = 0; i < probes.size(); i++) {
                    check(model, i, singles.get(i), "alone", null, scale);
                    check(model, i, small.get(i), "in a batch of " + probes.size(), singles.get(i), scale);
                    check(model, i, big.get(i), "in a batch of " + LARGE_BATCH, singles.get(i), scale);
                }
            }
        }
    }

    /** Checks one result: valid on its own, and equal to {@code alone} (scored alone) when given. */
    private static void check(ServedModel model, int index, Result actual, String how, Result alone, double scale) {
        String where = "model " + model.name() + " version " + model.version() + " failed probe record " + index
                + " " + model.probes().get(index) + " (scored " + how + "): ";
        if (!model.isClassifier()) {
            if (!Double.isFinite(actual.value())) {
                throw new IllegalStateException(where + "predicted " + actual.value());
            }
            if (alone != null && Math.abs(actual.value() - alone.value()) > TOLERANCE * scale) {
                throw new IllegalStateException(where + "predicted " + actual.value() + ", but " + alone.value()
                        + " when scored alone");
            }
            return;
        }
        List<String> labels = model.labels();
        if (actual.label() < 0 || actual.label() >= labels.size()) {
            throw new IllegalStateException(where + "predicted label index " + actual.label() + " of " + labels);
        }
        double[] p = actual.probabilities();
        if (model.hasProbabilities()) {
            if (p == null || p.length != labels.size()) {
                throw new IllegalStateException(where + "gave " + (p == null ? "no" : p.length) + " probabilities for "
                        + labels.size() + " labels");
            }
            double sum = 0;
            for (int k = 0; k < p.length; k++) {
                if (!(p[k] >= -TOLERANCE && p[k] <= 1 + TOLERANCE)) {
                    throw new IllegalStateException(where + "probability of '" + labels.get(k) + "' is " + p[k]);
                }
                if (p[k] > p[actual.label()] + TOLERANCE) {
                    throw new IllegalStateException(where + "predicted '" + labels.get(actual.label())
                            + "' although '" + labels.get(k) + "' is more probable (" + p[k] + ")");
                }
                sum += p[k];
            }
            if (Math.abs(sum - 1) > TOLERANCE) {
                throw new IllegalStateException(where + "probabilities sum to " + sum);
            }
        }
        if (alone == null) {
            return;
        }
        if (p != null && alone.probabilities() != null) {
            for (int k = 0; k < p.length; k++) {
                if (Math.abs(p[k] - alone.probabilities()[k]) > TOLERANCE) {
                    throw new IllegalStateException(where + "probability of '" + labels.get(k) + "' is " + p[k]
                            + ", but " + alone.probabilities()[k] + " when scored alone");
                }
            }
        }
        // with probabilities that agree, the labels may differ only at a tie
        boolean tie = p != null && Math.abs(p[actual.label()] - p[alone.label()]) <= TOLERANCE;
        if (actual.label() != alone.label() && !tie) {
            throw new IllegalStateException(where + "predicted '" + labels.get(actual.label()) + "', but '"
                    + labels.get(alone.label()) + "' when scored alone");
        }
    }
}
