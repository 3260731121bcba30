package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.junit.jupiter.api.Test;

/** The model server's jars, resolved by Maven's resolver as in a build (offline, this checkout as the reactor). */
class ServingRuntimeTest {

    @Test
    void resolve_givesTheServerAndExactlyItsRuntimeClosure() throws Exception {
        RepositorySystem system = ReactorRepository.system();
        String version = ReactorRepository.version();
        ServingRuntime runtime = ServingRuntime.resolve(system, ReactorRepository.session(system), List.of(), version);
        assertEquals(List.of("mlops-serving-" + version + ".jar", "mlops-core-" + version + ".jar"),
                names(runtime.application()), "the server first");
        List<String> dependencies = names(runtime.dependencies());
        // mvn dependency:list -DincludeScope=runtime on mlops-core lists 44; mlops-serving adds its SLF4J binding and bridge
        assertEquals(46, dependencies.size(), dependencies.toString());
        assertEquals("tribuo-core-4.3.2.jar", dependencies.get(0), "class path order: depth first, as Maven");
        for (String jar : List.of("slf4j-api-2.0.17.jar", "jansi-2.4.1.jar", // left out of a plugin's own class realm by Maven
                "onnxruntime-1.29.0.jar", "slf4j-simple-2.0.17.jar", "jul-to-slf4j-2.0.17.jar", "jackson-databind-2.21.0.jar")) {
            assertTrue(dependencies.contains(jar), jar + " in " + dependencies);
        }
        for (String notServer : List.of("jib-core", "commons-compress", "maven-", "junit", "guava")) {
            assertTrue(dependencies.stream().noneMatch(d -> d.startsWith(notServer)), notServer + " in " + dependencies);
        }
    }

    private static List<String> names(List<Path> jars) {
        return jars.stream().map(p -> p.getFileName().toString()).toList();
    }
}
