package dev.mlops.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.impl.DefaultServiceLocator;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.WorkspaceReader;
import org.eclipse.aether.repository.WorkspaceRepository;

/**
 * What Maven gives a mojo to resolve with, built outside Maven for tests: Maven's own repository
 * system (the resolver with Maven's POM reader), offline on the local repository, and a workspace
 * reader that finds this project's modules in the checkout, as Maven's reactor does. With it the
 * image goal resolves the model server exactly as in a real build.
 */
final class ReactorRepository {

    /** The checkout root: the module's parent directory. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private ReactorRepository() {
    }

    private static RepositorySystem system;

    /** @return the repository system, made once per test JVM */
    static synchronized RepositorySystem system() {
        if (system == null) {
            system = create();
        }
        return system;
    }

    @SuppressWarnings("deprecation") // the service locator is the resolver's way to run without a DI container
    private static RepositorySystem create() {
        DefaultServiceLocator locator = MavenRepositorySystemUtils.newServiceLocator();
        locator.setErrorHandler(new DefaultServiceLocator.ErrorHandler() {
            @Override
            public void serviceCreationFailed(Class<?> type, Class<?> impl, Throwable exception) {
                throw new IllegalStateException("cannot create " + impl + " for " + type, exception);
            }
        });
        return locator.getService(RepositorySystem.class);
    }

    static DefaultRepositorySystemSession session(RepositorySystem system) {
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        Path local = Path.of(System.getProperty("user.home"), ".m2", "repository");
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(local.toFile())));
        session.setOffline(true);
        session.setSystemProperties(System.getProperties());
        session.setWorkspaceReader(new Modules());
        return session;
    }

    /** The version of this checkout's modules. */
    static String version() {
        try {
            String pom = Files.readString(ROOT.resolve("pom.xml"));
            int start = pom.indexOf("<version>", pom.indexOf("<artifactId>mlops-parent</artifactId>"));
            return pom.substring(start + "<version>".length(), pom.indexOf("</version>", start));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** This checkout's modules: poms from their folders, jars from their target folders (classes when not packaged). */
    private static final class Modules implements WorkspaceReader {
        private final WorkspaceRepository repository = new WorkspaceRepository("checkout");

        @Override
        public WorkspaceRepository getRepository() {
            return repository;
        }

        @Override
        public File findArtifact(Artifact artifact) {
            if (!artifact.getGroupId().equals(ServingRuntime.GROUP) || !artifact.getVersion().equals(version())) {
                return null;
            }
            Path module = artifact.getArtifactId().equals("mlops-parent") ? ROOT : ROOT.resolve(artifact.getArtifactId());
            if (!Files.isRegularFile(module.resolve("pom.xml"))) {
                return null;
            }
            if (artifact.getExtension().equals("pom")) {
                return module.resolve("pom.xml").toFile();
            }
            Path jar = module.resolve("target").resolve(artifact.getArtifactId() + "-" + artifact.getVersion() + ".jar");
            return (Files.isRegularFile(jar) ? jar : module.resolve("target/classes")).toFile();
        }

        @Override
        public List<String> findVersions(Artifact artifact) {
            return findArtifact(artifact) == null ? List.of() : List.of(artifact.getVersion());
        }
    }
}
