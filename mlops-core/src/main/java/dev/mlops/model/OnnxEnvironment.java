package dev.mlops.model;

import ai.onnxruntime.OrtEnvironment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-wide ONNX Runtime environment, created safely. ONNX Runtime 1.29's native
 * initialisation needs more than the 1 MiB stack Java threads get by default on Linux x64: called
 * from such a thread (a plain {@code main}, most server worker threads) it crashes the JVM with a
 * segmentation fault. So the environment is created once on a thread of its own with a 16 MiB
 * stack; sessions and runs afterwards work on any thread.
 */
final class OnnxEnvironment {

    private static final long INIT_STACK_BYTES = 16L << 20;
    private static volatile OrtEnvironment environment;

    private OnnxEnvironment() {
    }

    static OrtEnvironment get() {
        OrtEnvironment env = environment;
        if (env == null) {
            synchronized (OnnxEnvironment.class) {
                env = environment;
                if (env == null) {
                    env = create();
                    environment = env;
                }
            }
        }
        return env;
    }

    private static OrtEnvironment create() {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread init = new Thread(null, () -> {
            try {
                result.set(OrtEnvironment.getEnvironment());
            } catch (Throwable e) {
                result.set(e);
            }
        }, "mlops-onnxruntime-init", INIT_STACK_BYTES);
        init.setDaemon(true);
        init.start();
        boolean interrupted = false;
        while (true) {
            try {
                init.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // finish initialising; a half-made environment helps nobody
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (result.get() instanceof OrtEnvironment env) {
            return env;
        }
        Throwable failure = (Throwable) result.get();
        throw new IllegalStateException("ONNX Runtime cannot start on this platform: " + failure, failure);
    }
}
