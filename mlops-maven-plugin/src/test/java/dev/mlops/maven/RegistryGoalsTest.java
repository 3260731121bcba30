package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains the iris model twice, registers both versions, then promotes and rolls back the alias for real. */
class RegistryGoalsTest {

    @TempDir
    Path project;

    @Test
    void trainTwice_registersTwoVersions_promoteAndRollbackMoveTheAlias() throws Exception {
        Projects.iris(project, "name: iris\ntask: classification\ndataset: {file: data/iris.csv, target: species}\n"
                + "trainer: {type: logistic-regression}\n");
        for (int i = 0; i < 2; i++) {
            TrainMojo train = configure(new TrainMojo());
            train.force = true;
            train.execute();
            RegisterMojo register = configure(new RegisterMojo());
            register.alias = "champion";
            register.execute();
        }
        RegisterMojo again = configure(new RegisterMojo());
        again.execute();
        try (ModelRegistry registry = ModelRegistry.open(project.resolve("mlruns"))) {
            assertEquals(2, registry.listVersions("iris").size(), "an unchanged bundle is not registered twice");
            assertEquals(2, registry.resolve("models:/iris@champion").version());
            String runOfVersion2 = registry.getVersion("iris", 2).runId();
            assertEquals(Files.readString(project.resolve("target/mlops/iris/run.id")).strip(), runOfVersion2);

            RollbackMojo rollback = configure(new RollbackMojo());
            rollback.model = "iris";
            rollback.alias = "champion";
            rollback.execute();
            assertEquals(1, registry.resolve("models:/iris@champion").version());

            PromoteMojo promote = configure(new PromoteMojo());
            promote.model = "iris";
            promote.alias = "champion";
            promote.execute();
            assertEquals(2, registry.resolve("models:/iris@champion").version(), "promote takes the newest by default");
            assertTrue(registry.load("models:/iris@champion").toString().contains("iris"));
        }
        PromoteMojo noAlias = configure(new PromoteMojo());
        noAlias.model = "iris";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, noAlias::execute);
        assertTrue(e.getMessage().contains("-Dmlops.alias is required"), e.getMessage());
    }

    private <T extends AbstractMlopsMojo> T configure(T mojo) {
        return Projects.configure(mojo, project);
    }
}
