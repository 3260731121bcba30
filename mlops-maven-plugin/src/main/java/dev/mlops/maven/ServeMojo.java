package dev.mlops.maven;

import dev.mlops.serving.ModelServer;
import dev.mlops.train.ModelSpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Serves the model bundle that {@code mlops:train} wrote, in the foreground, until Ctrl-C: the same
 * server as in the image ({@code docs/serving.md}), on {@code http://127.0.0.1:8080} by default.
 *
 * <pre>
 * mvn package mlops:serve                      # train, then serve target/mlops/&lt;model&gt;/bundle
 * mvn mlops:serve -Dmlops.serve.port=9000 -Dmlops.serve.bind=0.0.0.0
 * mvn mlops:serve -Dmlops.serve.bundle=models:/iris@champion   # from the registry at mlops.tracking.uri
 * </pre>
 */
@Mojo(name = "serve", threadSafe = true)
public class ServeMojo extends AbstractMlopsMojo {

    /** Skips this goal. */
    @Parameter(property = "mlops.serve.skip", defaultValue = "false")
    boolean skipServe;

    /** The TCP port; 0 picks a free one. */
    @Parameter(property = "mlops.serve.port", defaultValue = "8080")
    int port;

    /** The address to listen on; {@code 0.0.0.0} makes the server reachable from other machines. */
    @Parameter(property = "mlops.serve.bind", defaultValue = "127.0.0.1")
    String bind;

    /**
     * The bundle to serve: a directory, an {@code .mlbundle} zip or a {@code models:/} URI; by default
     * the one the train goal wrote, {@code target/mlops/<model>/bundle}.
     */
    @Parameter(property = "mlops.serve.bundle")
    String bundle;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ModelServer server;

    @Override
    String goal() {
        return "serve";
    }

    @Override
    boolean skipGoal() {
        return skipServe;
    }

    @Override
    void run() throws MojoExecutionException, IOException {
        String source = bundle;
        if (source == null || source.isBlank()) {
            String model = ModelSpecReader.read(specPath()).name();
            Path dir = bundleDirectory(model);
            if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
                throw new MojoExecutionException("mlops:serve serves the bundle of model " + model + " but there is none at "
                        + dir + ": run mvn package mlops:serve (mlops:train writes it), or point -Dmlops.serve.bundle"
                        + " at a bundle");
            }
            source = dir.toString();
        }
        ModelServer.Builder builder;
        try {
            builder = ModelServer.builder().model(source).port(port).bind(bind);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("<port> / -Dmlops.serve.port: " + e.getMessage(), e);
        }
        if (source.startsWith("models:/")) {
            builder.registry(trackingUri);
        }
        ModelServer s = builder.build();
        Thread hook = new Thread(this::stop, "mlops-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C drains the server before the JVM exits
        try {
            server = s;
            try {
                s.start();
            } catch (java.net.UnknownHostException e) {
                throw new MojoExecutionException("-Dmlops.serve.bind '" + bind + "' is not an address of this machine");
            } catch (java.net.BindException e) {
                throw new MojoExecutionException("cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                        + "); choose another -Dmlops.serve.port");
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new MojoExecutionException("mlops:serve cannot serve " + source + ": " + e.getMessage(), e);
            }
            getLog().info("Serving " + source + " on http://" + bind + ":" + s.port() + " (POST /predict, GET /openapi.json);"
                    + " press Ctrl-C to stop");
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            s.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running
            }
        }
    }

    /** @return the running server, or {@code null} before it started (for tests) */
    ModelServer server() {
        return server;
    }

    /** Drains the server and lets {@link #execute()} return (Ctrl-C, or a test). */
    void stop() {
        ModelServer s = server;
        if (s != null) {
            s.close();
        }
        stopped.countDown();
    }
}
