package dev.mlops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime 1.29 crashes the JVM (SIGSEGV) when its environment is created on a thread with
 * Java's default 1 MiB stack. A fresh JVM whose main thread has exactly that stack must still predict.
 */
class OnnxEnvironmentTest {

    /** Runs in the child JVM: bundles the external housing model and predicts on the main thread. */
    public static void main(String[] args) throws Exception {
        ModelBundle bundle = ExternalOnnxModel.bundle(ExternalOnnxModelTest.housingSpec(ExternalOnnxModelTest.HOUSING_FEATURES),
                BundleFixtures.RESOURCES, BundleFixtures.METADATA);
        try (Predictor p = bundle.predictor()) {
            System.out.println("engine=" + p.engine() + " rows=" + bundle.info().testRows());
        }
    }

    @Test
    void predictor_onDefaultSizedMainThread_doesNotCrash() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Xss1m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), OnnxEnvironmentTest.class.getName()))
                .redirectErrorStream(true).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("engine=ONNX rows=80"), output);
    }
}
