package dev.mlops.serving;

import dev.mlops.serving.ServedModel.Golden;
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
 * checked on its golden records before the switch, so the switch itself is one reference write
 * and no request ever sees a half-ready or mixed model.
 */
final class ModelSlot {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

    /** Absolute tolerance for golden probabilities and regression values (relative above 1). */
    private static final double TOLERANCE = 1e-9;

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
     * @throws IllegalStateException when the model fails its golden-record checks
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
     * Scores the golden records one by one and as a batch, {@code warmupRounds} times (JIT warm-up),
     * and checks every result against the recorded output.
     */
    private void warmUpAndCheck(ServedModel model) {
        List<Golden> golden = model.golden();
        if (golden.isEmpty()) {
            LOG.warn("Model {} version {} has no golden records: it goes live unchecked and cold", model.name(),
                    model.version());
            return;
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (Golden g : golden) {
            records.add(g.record());
        }
        for (int round = 0; round < Math.max(1, warmupRounds); round++) {
            List<Result> batch = model.predictBatch(records);
            for (int i = 0; i < golden.size(); i++) {
                Result single = model.predict(records.get(i));
                if (round == 0) {
                    check(model, i, golden.get(i).expected(), single, "alone");
                    check(model, i, golden.get(i).expected(), batch.get(i), "in a batch");
                }
            }
        }
    }

    private static void check(ServedModel model, int index, Result expected, Result actual, String how) {
        String where = "model " + model.name() + " version " + model.version() + " failed golden record " + index
                + " (scored " + how + "): ";
        if (model.isClassifier()) {
            if (actual.label() != expected.label()) {
                throw new IllegalStateException(where + "predicted '" + model.labels().get(actual.label())
                        + "', expected '" + model.labels().get(expected.label()) + "'");
            }
            if (expected.probabilities() != null) {
                double[] p = actual.probabilities();
                for (int k = 0; k < expected.probabilities().length; k++) {
                    if (p == null || !close(p[k], expected.probabilities()[k])) {
                        throw new IllegalStateException(where + "probability of '" + model.labels().get(k) + "' is "
                                + (p == null ? "missing" : p[k]) + ", expected " + expected.probabilities()[k]);
                    }
                }
            }
        } else if (!close(actual.value(), expected.value())) {
            throw new IllegalStateException(where + "predicted " + actual.value() + ", expected " + expected.value());
        }
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(b));
    }
}
