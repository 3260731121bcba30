package dev.mlops.maven.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.mlops.util.FileTrees;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an image from an {@link ImageRequest} with Jib: no Docker daemon, no Dockerfile, and
 * the same bytes for the same inputs.
 *
 * <p>Reproducibility: every file in the added layers gets Jib's fixed modification time
 * (1970-01-01T00:00:01Z), owner root and mode 644 (755 for directories and for files that are
 * executable by their owner on disk); layer entries are sorted; the image's creation time is the
 * request's. File times deliberately do not follow the creation time, so that a new release with a
 * new {@code outputTimestamp} but the same dependencies reuses the cached dependency layer.
 */
public final class ImagePackager {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePackager.class);
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final String TOOL_NAME = "mlops-java";

    private ImagePackager() {
    }

    /**
     * Builds the image and sends it to the request's target.
     *
     * @param request what to package and where to
     * @return digests, the tarball and its layers
     * @throws IllegalArgumentException when inputs are misused, e.g. two jars with the same file name
     *                                  or more than one class directory
     * @throws IOException              when an input is missing or unreadable, or the image cannot be
     *                                  pulled, written or pushed; the message names the file or registry
     */
    public static ImageResult build(ImageRequest request) throws IOException {
        long start = System.nanoTime();
        checkInputs(request);
        Path work = request.cacheDirectory().orElse(null);
        boolean temporaryWork = work == null;
        if (temporaryWork) {
            work = Files.createTempDirectory("mlops-image");
        }
        try {
            checkUniqueJarNames(request);
            List<NativeJarFilter.Result> filtered = new ArrayList<>();
            List<Path> dependencies = new ArrayList<>();
            for (Path jar : request.dependencyJars()) {
                if (request.stripForeignNatives()) {
                    NativeJarFilter.Result result = filterNatives(jar, work, request.platform());
                    if (result.changed()) {
                        filtered.add(result);
                        LOG.info("Removed {} entries ({} bytes) of other platforms from {}",
                                result.removedEntries().size(), result.savedBytes(), jar.getFileName());
                    }
                    dependencies.add(result.output());
                } else {
                    dependencies.add(jar);
                }
            }
            List<Path> applicationJars = new ArrayList<>();
            Path classes = null;
            for (Path entry : request.applicationEntries()) {
                if (Files.isDirectory(entry)) {
                    classes = entry;
                } else {
                    applicationJars.add(entry);
                }
            }

            // The jlink base is made here as a docker-archive, then read like any tar:// base.
            String base = !request.baseImage().equals(ImageRequest.JLINK_BASE) ? request.baseImage()
                    : "tar://" + JlinkBase.prepare(request, dependencies, request.cacheDirectory()
                            .map(c -> c.resolve("jlink")).orElseGet(JlinkBase::defaultCacheDirectory)).toAbsolutePath();
            JibContainerBuilder builder = baseImage(request, base);
            List<String> classpath = new ArrayList<>();
            if (classes != null) {
                classpath.add(request.classesPath());
            }
            applicationJars.forEach(jar -> classpath.add(request.libsPath() + "/" + jar.getFileName()));
            request.dependencyJars().forEach(jar -> classpath.add(request.libsPath() + "/" + jar.getFileName()));

            if (!dependencies.isEmpty()) {
                builder.addFileEntriesLayer(jarLayer("dependencies", dependencies, request.dependencyJars(), request));
            }
            if (classes != null || !applicationJars.isEmpty()) {
                FileEntriesLayer.Builder application = jarLayer("application", applicationJars, applicationJars, request)
                        .toBuilder();
                if (classes != null) {
                    addTree(application, classes, request.classesPath());
                }
                builder.addFileEntriesLayer(application.build());
            }
            FileEntriesLayer.Builder bundle = FileEntriesLayer.builder().setName("bundle");
            addTree(bundle, request.bundleDirectory(), request.bundlePath());
            builder.addFileEntriesLayer(bundle.build());

            List<String> entrypoint = new ArrayList<>();
            entrypoint.add("java");
            entrypoint.addAll(request.jvmFlags());
            entrypoint.add("-cp");
            entrypoint.add(String.join(":", classpath));
            entrypoint.add(request.mainClass());

            Map<String, String> environment = new LinkedHashMap<>();
            environment.put(ImageRequest.ENV_BUNDLE_DIR, request.bundlePath());
            environment.put(ImageRequest.ENV_PORT, Integer.toString(request.port()));
            environment.putAll(request.environment());

            Map<String, String> labels = new LinkedHashMap<>(request.labels());
            request.healthCheck().ifPresent(check -> labels.putAll(check.labels(request.port())));
            labels.putIfAbsent(ImageLabels.OCI_CREATED, request.creationTime().toString());

            builder.setEntrypoint(entrypoint)
                    .setProgramArguments(request.programArguments())
                    .setEnvironment(environment)
                    .setLabels(labels)
                    .setExposedPorts(Port.tcp(request.port()))
                    .setUser(request.user())
                    .setWorkingDirectory(AbsoluteUnixPath.get(request.appRoot()))
                    .setCreationTime(request.creationTime())
                    .setFormat(request.format() == ManifestFormat.OCI ? ImageFormat.OCI : ImageFormat.Docker);

            Optional<Path> tarball = Optional.empty();
            Path partial = null;
            Containerizer containerizer;
            ImageTarget target = request.target();
            if (target instanceof ImageTarget.Tarball tar) {
                Path file = tar.file().toAbsolutePath();
                Files.createDirectories(file.getParent());
                partial = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".partial");
                containerizer = Containerizer.to(TarImage.at(partial).named(tar.reference()));
                tarball = Optional.of(file);
            } else if (target instanceof ImageTarget.Registry registry) {
                RegistryImage image = RegistryImage.named(registry.reference());
                registry.credential().ifPresent(c -> image.addCredential(c.username(), c.password()));
                containerizer = Containerizer.to(image).setAllowInsecureRegistries(registry.allowInsecure());
            } else {
                ImageTarget.DockerDaemon daemon = (ImageTarget.DockerDaemon) target;
                DockerDaemonImage image = DockerDaemonImage.named(daemon.reference())
                        .setDockerEnvironment(daemon.dockerEnvironment());
                daemon.dockerExecutable().ifPresent(image::setDockerExecutable);
                containerizer = Containerizer.to(image);
            }
            containerizer.setToolName(TOOL_NAME)
                    .setOfflineMode(request.offline())
                    .addEventHandler(LogEvent.class, ImagePackager::log);
            if (request.cacheDirectory().isPresent()) {
                containerizer.setBaseImageLayersCache(work.resolve("base-layers"))
                        .setApplicationLayersCache(work.resolve("application-layers"));
            }

            // Our own executor, stopped before returning: after a failure Jib's remaining tasks
            // would otherwise go on writing into the cache while the caller cleans up.
            ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
            containerizer.setExecutorService(executor);
            JibContainer container;
            try {
                container = builder.containerize(containerizer);
                if (partial != null) {
                    readableByAll(partial);
                    moveAtomically(partial, tarball.get());
                }
            } finally {
                executor.shutdownNow();
                if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                    LOG.warn("Jib tasks still running 60 s after the build of {} ended", target.reference());
                }
                if (partial != null) {
                    Files.deleteIfExists(partial);
                }
            }
            List<ImageResult.Layer> layers = tarball.isPresent()
                    ? ImageArchive.read(tarball.get()).layers() : List.of();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LOG.info("Built image {} ({}) in {} ms", target.reference(), container.getDigest(), took.toMillis());
            return new ImageResult(target.reference(), container.getDigest().toString(),
                    container.getImageId().toString(), tarball, layers, filtered, took);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("image build of " + request.target().reference() + " was interrupted");
        } catch (InsecureRegistryException e) {
            throw new IOException(e.getMessage() + " For a plain-HTTP registry on localhost, opt in with"
                    + " allowInsecure (ImageTarget.registry(..., true)).", e);
        } catch (RegistryUnauthorizedException e) {
            throw new IOException("registry refused access to " + e.getImageReference()
                    + ": configure its credentials (a <server> in settings.xml or the environment)"
                    + " and check the image name", e);
        } catch (RegistryException e) {
            throw new IOException("registry error while building " + request.target().reference() + ": "
                    + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("image build of " + request.target().reference() + " failed: " + cause, cause);
        } catch (InvalidImageReferenceException e) {
            // The request's constructors already parsed every reference.
            throw new IllegalArgumentException("invalid image reference: " + e.getMessage(), e);
        } catch (com.google.cloud.tools.jib.api.CacheDirectoryCreationException e) {
            throw new IOException("cannot create the image layer cache directory: " + e.getMessage(), e);
        } finally {
            if (temporaryWork) {
                FileTrees.delete(work);
            }
        }
    }

    /** @param base the request's base image, with the {@value ImageRequest#JLINK_BASE} base as its archive's tar:// */
    private static JibContainerBuilder baseImage(ImageRequest request, String base) {
        try {
            if (base.startsWith("tar://") || base.startsWith("docker://")) {
                return Jib.from(base);
            }
            RegistryImage image = RegistryImage.named(base.replaceFirst("^registry://", ""));
            request.baseCredential().ifPresent(c -> image.addCredential(c.username(), c.password()));
            return Jib.from(image).setPlatforms(Set.of(
                    new Platform(request.platform().architecture(), request.platform().os())));
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException("baseImage '" + base + "' is not a valid image reference", e);
        }
    }

    private static void checkInputs(ImageRequest request) throws IOException {
        if (!Files.isDirectory(request.bundleDirectory())) {
            throw new IOException("model bundle directory does not exist or is not a directory: "
                    + request.bundleDirectory().toAbsolutePath());
        }
        for (Path jar : request.dependencyJars()) {
            if (!Files.isRegularFile(jar)) {
                throw new IOException("dependency jar does not exist: " + jar.toAbsolutePath());
            }
        }
        int directories = 0;
        for (Path entry : request.applicationEntries()) {
            if (Files.isDirectory(entry)) {
                directories++;
            } else if (!Files.isRegularFile(entry)) {
                throw new IOException("application class path entry does not exist: " + entry.toAbsolutePath());
            }
        }
        if (directories > 1) {
            throw new IllegalArgumentException("applicationEntries hold " + directories
                    + " class directories " + request.applicationEntries() + "; at most one is supported: package the rest as jars");
        }
        String base = request.baseImage();
        if (base.startsWith("tar://") && !Files.isRegularFile(Path.of(base.substring("tar://".length())))) {
            throw new IOException("base image tarball does not exist: " + base.substring("tar://".length())
                    + " (baseImage '" + base + "'; a docker-archive tar is expected, e.g. from tools/base-image.sh)");
        }
    }

    private static void checkUniqueJarNames(ImageRequest request) {
        Map<String, Path> byName = new LinkedHashMap<>();
        List<Path> applicationJars = request.applicationEntries().stream().filter(p -> !Files.isDirectory(p)).toList();
        for (Path jar : concat(applicationJars, request.dependencyJars())) {
            Path previous = byName.putIfAbsent(jar.getFileName().toString(), jar);
            if (previous != null) {
                throw new IllegalArgumentException("two class path jars share the file name '" + jar.getFileName()
                        + "' and would overwrite each other in " + request.libsPath() + ": " + previous + " and " + jar);
            }
        }
    }

    private static List<Path> concat(List<Path> first, List<Path> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    /** A layer of jars; {@code names} gives each jar's file name in the image (filtered copies keep the original name). */
    private static FileEntriesLayer jarLayer(String name, List<Path> files, List<Path> names, ImageRequest request) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (int i = 0; i < files.size(); i++) {
            layer.addEntry(files.get(i), AbsoluteUnixPath.get(request.libsPath() + "/" + names.get(i).getFileName()),
                    FILE, FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
        }
        return layer.build();
    }

    /** Adds {@code root}'s content under {@code target}, sorted so the layer bytes do not depend on directory order. */
    private static void addTree(FileEntriesLayer.Builder layer, Path root, String target) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root))
                    .sorted(Comparator.comparing(p -> root.relativize(p).toString().replace('\\', '/')))
                    .toList();
        }
        layer.addEntry(root, AbsoluteUnixPath.get(target), EXECUTABLE, FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
        for (Path path : paths) {
            AbsoluteUnixPath inImage = AbsoluteUnixPath.get(target + "/" + root.relativize(path).toString().replace('\\', '/'));
            if (Files.isDirectory(path)) {
                layer.addEntry(path, inImage, EXECUTABLE, FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
            } else if (Files.isRegularFile(path)) {
                layer.addEntry(path, inImage, isExecutable(path) ? EXECUTABLE : FILE,
                        FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
            } else {
                throw new IOException("cannot put " + path + " into the image: not a regular file or directory");
            }
        }
    }

    /** Whether the owner may execute {@code file}; false where the file system has no POSIX permissions. */
    static boolean isExecutable(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return false; // not a POSIX file system: nothing says the file is executable
        }
    }

    /** Filters {@code jar} into {@code work/natives-<os>-<arch>/<name>}; jar names are unique (checked). */
    private static NativeJarFilter.Result filterNatives(Path jar, Path work, ImagePlatform platform) throws IOException {
        Path output = work.resolve("natives-" + platform.os() + "-" + platform.architecture())
                .resolve(jar.getFileName().toString());
        return NativeJarFilter.filter(jar, output, platform);
    }

    /** Temporary files are created owner-only; the finished tarball is an ordinary build output. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default permissions apply
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        // Jib writes the tarball itself; renaming its finished file over the target keeps readers
        // from seeing half an image without copying hundreds of megabytes through AtomicFiles.
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }


    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "mlops-image-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void log(LogEvent event) {
        switch (event.getLevel()) {
            case ERROR -> LOG.error("{}", event.getMessage());
            case WARN -> LOG.warn("{}", event.getMessage());
            case LIFECYCLE, INFO -> LOG.debug("{}", event.getMessage());
            default -> LOG.trace("{}", event.getMessage());
        }
    }
}
