package dev.mlops.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyFilter;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * The jars of the model server that goes into an image: {@code dev.mlops:mlops-serving} of the
 * plugin's own version with its runtime dependencies, resolved the way Maven resolves a project's
 * (dependency management, nearest wins, the reactor's modules first, then the local repository, then
 * the project's remote repositories).
 *
 * <p>Why not the plugin's own class path: Maven leaves the artifacts it provides itself (SLF4J's
 * API, Jansi, ...) out of a plugin's class realm, and the plugin carries Jib and its dependencies,
 * which the server does not need. Resolving the server on its own gives exactly its runtime closure.
 *
 * @param application the project's own jars ({@code dev.mlops:*}): the image's application layer
 * @param dependencies third-party jars, in class path order: the image's dependency layer
 */
record ServingRuntime(List<Path> application, List<Path> dependencies) {

    /** The group of this project's own artifacts. */
    static final String GROUP = "dev.mlops";
    /** The server's artifact. */
    static final String ARTIFACT = "mlops-serving";
    /** The server's main class. */
    static final String MAIN_CLASS = "dev.mlops.serving.ModelServer";

    ServingRuntime {
        application = List.copyOf(application);
        dependencies = List.copyOf(dependencies);
    }

    /**
     * Resolves the server of the given version.
     *
     * @param system       the repository system
     * @param session      the build's repository session (its reactor, local repository and offline mode)
     * @param repositories the project's remote repositories
     * @param version      the plugin's version
     * @return the jars
     * @throws MojoExecutionException when they cannot be resolved, naming what is missing
     */
    static ServingRuntime resolve(RepositorySystem system, RepositorySystemSession session,
                                  List<RemoteRepository> repositories, String version) throws MojoExecutionException {
        Artifact root = new DefaultArtifact(GROUP, ARTIFACT, "jar", version);
        CollectRequest collect = new CollectRequest(new Dependency(root, "runtime"), repositories);
        // what a runtime class path holds; written here because Maven 3.8 does not give plugins the resolver's util classes
        DependencyFilter runtimeScopes = (node, parents) -> node.getDependency() == null
                || List.of("compile", "runtime").contains(node.getDependency().getScope());
        List<ArtifactResult> results;
        try {
            results = system.resolveDependencies(session, new DependencyRequest(collect, runtimeScopes))
                    .getArtifactResults();
        } catch (DependencyResolutionException e) {
            throw new MojoExecutionException("mlops:image cannot resolve the model server " + root + " and its runtime"
                    + " dependencies" + (session.isOffline() ? " (offline)" : "") + ": " + e.getMessage(), e);
        }
        List<Path> application = new ArrayList<>();
        List<Path> dependencies = new ArrayList<>();
        for (ArtifactResult r : results) {
            Artifact a = r.getArtifact();
            (a.getGroupId().equals(GROUP) ? application : dependencies).add(a.getFile().toPath());
        }
        return new ServingRuntime(application, dependencies);
    }
}
