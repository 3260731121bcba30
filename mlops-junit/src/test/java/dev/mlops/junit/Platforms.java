package dev.mlops.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs fixture test classes on the JUnit Platform and reports each test's outcome: on the JUnit 5
 * platform this build tests with (through the test kit), and on JUnit 6 in a class loader that
 * holds the JUnit 6 console-standalone jar and this module's classes and dependencies, but no
 * JUnit 5 class.
 */
final class Platforms {

    /** How one test ended. */
    record Outcome(String name, String status, String message) {
        @Override
        public String toString() {
            return status + " " + name + (message == null ? "" : " -- " + message);
        }
    }

    private Platforms() {
    }

    static List<Outcome> junit5(Class<?>... fixtures) {
        List<Outcome> outcomes = new ArrayList<>();
        EngineTestKit.engine("junit-jupiter").selectors(java.util.Arrays.stream(fixtures)
                        .map(f -> selectClass(f)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .execute().testEvents().finished().stream()
                .forEach(e -> {
                    TestExecutionResult r = e.getPayload(TestExecutionResult.class).orElseThrow();
                    outcomes.add(new Outcome(e.getTestDescriptor().getDisplayName(), r.getStatus().name(),
                            r.getThrowable().map(Throwable::getMessage).orElse(null)));
                });
        return outcomes;
    }

    /** The folder with the JUnit 6 jar and this module's test class path, prepared by the build. */
    static Path junit6Dir() {
        return Path.of(System.getProperty("mlops.junit6.dir", "target/junit6"));
    }

    /** Runs the fixtures on JUnit 6; returns the platform's version and the outcomes. */
    static Run junit6(String... fixtures) throws Exception {
        Path dir = junit6Dir();
        List<URL> urls = new ArrayList<>();
        try (var jars = Files.list(dir)) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("junit-platform-console-standalone")).toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        if (urls.size() != 1) {
            throw new IllegalStateException("expected one junit-platform-console-standalone jar in " + dir + ", found " + urls);
        }
        urls.add(Path.of("target/classes").toAbsolutePath().toUri().toURL());
        urls.add(Path.of("target/test-classes").toAbsolutePath().toUri().toURL());
        for (String entry : Files.readString(dir.resolve("classpath.txt")).strip().split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            return launch(loader, fixtures);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** The JUnit version that ran, and the outcomes. */
    record Run(String version, String testAnnotationSource, List<Outcome> outcomes) {
    }

    private static Run launch(ClassLoader loader, String... fixtures) throws Exception {
        Class<?> selectors = loader.loadClass("org.junit.platform.engine.discovery.DiscoverySelectors");
        Class<?> selectorType = loader.loadClass("org.junit.platform.engine.DiscoverySelector");
        Object selectorArray = Array.newInstance(selectorType, fixtures.length);
        for (int i = 0; i < fixtures.length; i++) {
            Array.set(selectorArray, i, selectors.getMethod("selectClass", String.class).invoke(null, fixtures[i]));
        }
        Class<?> builderType = loader.loadClass("org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder");
        Object builder = builderType.getMethod("request").invoke(null);
        builderType.getMethod("selectors", selectorArray.getClass()).invoke(builder, selectorArray);
        Object request = builderType.getMethod("build").invoke(builder);

        Class<?> listenerType = loader.loadClass("org.junit.platform.launcher.TestExecutionListener");
        Class<?> identifierType = loader.loadClass("org.junit.platform.launcher.TestIdentifier");
        Class<?> resultType = loader.loadClass("org.junit.platform.engine.TestExecutionResult");
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        Object listener = Proxy.newProxyInstance(loader, new Class<?>[] {listenerType}, (proxy, method, args) -> {
            if (method.getName().equals("executionFinished") && (boolean) identifierType.getMethod("isTest").invoke(args[0])) {
                String name = (String) identifierType.getMethod("getDisplayName").invoke(args[0]);
                String status = resultType.getMethod("getStatus").invoke(args[1]).toString();
                Optional<?> thrown = (Optional<?>) resultType.getMethod("getThrowable").invoke(args[1]);
                outcomes.add(new Outcome(name, status, thrown.map(t -> ((Throwable) t).getMessage()).orElse(null)));
            }
            return method.getName().equals("equals") ? proxy == args[0] : method.getName().equals("hashCode")
                    ? System.identityHashCode(proxy) : null;
        });
        Object listeners = Array.newInstance(listenerType, 1);
        Array.set(listeners, 0, listener);
        Object launcher = loader.loadClass("org.junit.platform.launcher.core.LauncherFactory").getMethod("create").invoke(null);
        Class<?> launcherType = loader.loadClass("org.junit.platform.launcher.Launcher");
        Method execute = launcherType.getMethod("execute", loader.loadClass("org.junit.platform.launcher.LauncherDiscoveryRequest"),
                listeners.getClass());
        execute.invoke(launcher, request, listeners);

        Class<?> test = loader.loadClass("org.junit.jupiter.api.Test");
        String source = test.getProtectionDomain().getCodeSource().getLocation().toString();
        String version = versionOf(loader);
        return new Run(version, source, List.copyOf(outcomes));
    }

    private static String versionOf(ClassLoader loader) throws IOException {
        Class<?> engine;
        try {
            engine = loader.loadClass("org.junit.jupiter.engine.JupiterTestEngine");
        } catch (ClassNotFoundException e) {
            return "none";
        }
        try (var in = engine.getProtectionDomain().getCodeSource().getLocation().openStream();
             var jar = new java.util.jar.JarInputStream(in)) {
            return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }
}
