package dev.mlops.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.project.MavenProject;

/** A sample project folder for running goals for real, with Maven's injection replaced by setting fields. */
final class Projects {

    private Projects() {
    }

    /** Copies the iris data into {@code project/data} and writes the spec to {@code src/main/mlops/model.yaml}. */
    static void iris(Path project, String spec) throws Exception {
        Files.createDirectories(project.resolve("data"));
        Files.copy(Path.of("../samples/iris/data/iris.csv"), project.resolve("data/iris.csv"));
        Path file = project.resolve("src/main/mlops/model.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, spec);
    }

    /** Points a goal at the project, its runs and registry, with a fixed timestamp and bundle version. */
    static <T extends AbstractMlopsMojo> T configure(T mojo, Path project) {
        MavenProject maven = new MavenProject();
        maven.setFile(project.resolve("pom.xml").toFile());
        mojo.project = maven;
        mojo.spec = project.resolve("src/main/mlops/model.yaml").toFile();
        mojo.outputDirectory = project.resolve("target/mlops").toFile();
        mojo.outputTimestamp = "2026-01-01T00:00:00Z";
        mojo.trackingUri = project.resolve("mlruns").toString();
        if (mojo instanceof GateMojo g) {
            g.registryUri = project.resolve("mlruns").toString();
        }
        if (mojo instanceof AbstractRegistryMojo r) {
            r.registryUri = project.resolve("mlruns").toString();
        }
        if (mojo instanceof TrainMojo t) {
            t.bundleVersion = "1.0.0";
        }
        return mojo;
    }
}
