package dev.mlops.serving;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model that has been warmed up and checked, with its monitoring window. Reference counted:
 * the slot holds one reference while the deployment is active or kept for rollback, and each
 * request holds one while it runs, so a retired model is closed only after its last request.
 */
final class Deployment {

    private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);

    private final ServedModel model;
    private final ModelInfo info;
    private final Window window;
    private final AtomicInteger refs = new AtomicInteger(1);

    Deployment(ServedModel model, ModelInfo info, int windowSize) {
        this.model = model;
        this.info = info;
        this.window = new Window(model, windowSize);
    }

    ServedModel model() {
        return model;
    }

    ModelInfo info() {
        return info;
    }

    Window window() {
        return window;
    }

    /** @return whether a reference was taken; false once the deployment is closed */
    boolean tryAcquire() {
        while (true) {
            int r = refs.get();
            if (r == 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the model. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            try {
                model.close();
                LOG.info("Closed model {} version {}", info.name(), info.version());
            } catch (RuntimeException e) {
                LOG.warn("Closing model {} version {} failed", info.name(), info.version(), e);
            }
        }
    }
}
