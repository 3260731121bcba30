package dev.mlops.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.junit.Platforms.Outcome;
import dev.mlops.junit.fixtures.BaselineGates;
import dev.mlops.junit.fixtures.FluentAssertions;
import dev.mlops.junit.fixtures.Misuse;
import dev.mlops.junit.fixtures.MixedGates;
import dev.mlops.junit.fixtures.PassingGates;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The extension, compiled against junit-jupiter-api 5.14, runs on JUnit 6: every fixture gives the
 * same outcomes (test names, statuses, messages) on the JUnit 6 platform, loaded in isolation from
 * the console-standalone jar, as on JUnit 5. The JUnit 6 version is the parent POM's
 * {@code junit6.version}.
 */
class Junit6CompatibilityTest {

    static final Class<?>[] FIXTURES = {PassingGates.class, MixedGates.class, BaselineGates.class, FluentAssertions.class,
        Misuse.MissingSpec.class, Misuse.BadGates.class, Misuse.AliasBaseline.class, Misuse.Outer.class};

    @Test
    void everyFixture_sameOutcomesOnJunit6() throws Exception {
        java.nio.file.Path report = java.nio.file.Path.of("target/mlops/iris-gated/gates.json");
        java.nio.file.Files.deleteIfExists(report);
        Platforms.Run junit6 = Platforms.junit6(Arrays.stream(FIXTURES).map(Class::getName).toArray(String[]::new));
        assertTrue(junit6.version().startsWith("6."), "JUnit Jupiter engine version " + junit6.version());
        assertTrue(junit6.testAnnotationSource().contains("junit-platform-console-standalone-6."),
                "@Test must come from the JUnit 6 jar, not " + junit6.testAnnotationSource());
        assertTrue(java.nio.file.Files.exists(report), "JUnit 6 closed the stored run (AutoCloseable), which wrote the report");

        List<Outcome> expected = sorted(Platforms.junit5(FIXTURES));
        List<Outcome> actual = sorted(junit6.outcomes());
        assertEquals(25, expected.size(), expected.toString());
        assertEquals(expected, actual);
        assertEquals(List.of("ABORTED", "FAILED", "SUCCESSFUL"),
                actual.stream().map(Outcome::status).distinct().sorted().toList(), "every kind of outcome is compared");
    }

    private static List<Outcome> sorted(List<Outcome> outcomes) {
        return outcomes.stream().sorted(Comparator.comparing(Outcome::toString)).toList();
    }
}
