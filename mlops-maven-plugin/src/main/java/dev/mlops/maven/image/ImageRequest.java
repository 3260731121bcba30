package dev.mlops.maven.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.mlops.util.Names;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything needed to package a Java server and a model bundle as an image. Build one with
 * {@link #builder()}; {@link ImagePackager#build(ImageRequest)} turns it into an image.
 *
 * <p>The image lays files out under {@link #appRoot()} (default {@code /app}) in layers ordered
 * from least to most often changing, so that rebuilding after a model change re-sends only the
 * last layer:
 * <ol>
 *   <li>{@code dependencies}: {@link #dependencyJars()} in {@code /app/libs/}</li>
 *   <li>{@code application}: {@link #applicationEntries()}, jars in {@code /app/libs/} and at most
 *       one class directory as {@code /app/classes/}</li>
 *   <li>{@code bundle}: the {@link #bundleDirectory()} as {@code /app/bundle/}</li>
 * </ol>
 * The entrypoint is {@code java <jvmFlags> -cp <classes, application jars, dependency jars> <mainClass>}
 * and the command is {@link #programArguments()}, so {@code podman run IMAGE args...} replaces the
 * arguments only.
 *
 * @param baseImage           the base image: a registry reference ({@code eclipse-temurin:21-jre}),
 *                            {@code tar:///path/to/docker-archive.tar}, {@code docker://name} (a daemon's image)
 *                            or {@value #JLINK_BASE} (built here from the build's own JDK, see {@link JlinkBase})
 * @param baseCredential      credentials for the base image's registry, if it needs them
 * @param target              where the image goes
 * @param format              Docker or OCI manifests
 * @param platform            the platform to build for; also decides which native libraries are kept
 * @param dependencyJars      third-party jars, in class path order (the cached, rarely changing layer)
 * @param applicationEntries  the project's own jars or its class directory, in class path order
 * @param bundleDirectory     the model bundle directory; becomes {@code <appRoot>/bundle}
 * @param mainClass           the server's main class, a binary class name
 * @param programArguments    arguments to the main class
 * @param jvmFlags            JVM options placed before {@code -cp}; each starts with {@code -}
 * @param port                the TCP port the server listens on inside the container, exposed
 * @param labels              image labels, e.g. from {@link ImageLabels#forModel}
 * @param environment         environment variables; {@link #ENV_BUNDLE_DIR} and {@link #ENV_PORT}
 *                            are set by default and may be overridden here
 * @param user                the user the container runs as, {@code uid[:gid]} or a name; never root
 * @param creationTime        the image's creation time; fixed so that builds are reproducible
 * @param appRoot             the absolute directory holding the application, also the working directory
 * @param healthCheck         the HTTP probe recorded in labels, if any
 * @param stripForeignNatives whether dependency jars lose native libraries of other platforms
 * @param cacheDirectory      where Jib caches base and application layers and filtered jars are
 *                            kept; empty for Jib's defaults and a temporary directory
 * @param offline             whether to avoid the network (a registry base must then be cached)
 */
public record ImageRequest(
        String baseImage,
        Optional<RegistryCredential> baseCredential,
        ImageTarget target,
        ManifestFormat format,
        ImagePlatform platform,
        List<Path> dependencyJars,
        List<Path> applicationEntries,
        Path bundleDirectory,
        String mainClass,
        List<String> programArguments,
        List<String> jvmFlags,
        int port,
        Map<String, String> labels,
        Map<String, String> environment,
        String user,
        Instant creationTime,
        String appRoot,
        Optional<HealthCheck> healthCheck,
        boolean stripForeignNatives,
        Optional<Path> cacheDirectory,
        boolean offline) {

    /** The base image used when none is configured: a public Java 21 JRE image. */
    public static final String DEFAULT_BASE_IMAGE = "eclipse-temurin:21-jre";
    /**
     * The base that needs no registry: {@code FROM scratch} plus a {@code jlink}ed runtime of the
     * JDK running the build and the C libraries it needs from this machine ({@link JlinkBase}).
     * Only for this machine's platform, and the user must be numeric ({@code uid[:gid]}).
     */
    public static final String JLINK_BASE = "jlink";
    /** The port the server listens on inside the image. */
    public static final int DEFAULT_PORT = 8080;
    /** A non-root user and group (the conventional "nonroot" id of distroless images). */
    public static final String DEFAULT_USER = "65532:65532";
    /** Where the application lives inside the image. */
    public static final String DEFAULT_APP_ROOT = "/app";
    /**
     * JVM options for containers: size the heap from the container's memory limit rather than
     * the host's, and exit on the first OutOfMemoryError so the orchestrator restarts a clean
     * process instead of keeping a broken one alive.
     */
    public static final List<String> DEFAULT_JVM_FLAGS =
            List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    /** Environment variable holding the bundle directory inside the image. */
    public static final String ENV_BUNDLE_DIR = "MLOPS_BUNDLE_DIR";
    /** Environment variable holding the port the server should listen on. */
    public static final String ENV_PORT = "MLOPS_PORT";

    private static final Pattern BINARY_NAME =
            Pattern.compile("(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*\\.)*"
                    + "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?");
    private static final Pattern ABSOLUTE_UNIX_PATH = Pattern.compile("(/[^/\\s\\\\]+)+");

    /** Copies collections and checks every field; errors name the field and the bad value. */
    public ImageRequest {
        checkBaseImage(baseImage);
        Objects.requireNonNull(baseCredential, "baseCredential");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(platform, "platform");
        dependencyJars = List.copyOf(dependencyJars);
        applicationEntries = List.copyOf(applicationEntries);
        Objects.requireNonNull(bundleDirectory, "bundleDirectory");
        if (mainClass == null || !BINARY_NAME.matcher(mainClass).matches()) {
            throw new IllegalArgumentException("mainClass '" + mainClass
                    + "' is not a Java class name like com.example.Server");
        }
        programArguments = List.copyOf(programArguments);
        jvmFlags = List.copyOf(jvmFlags);
        for (String flag : jvmFlags) {
            if (!flag.startsWith("-")) {
                throw new IllegalArgumentException("jvmFlags entry '" + flag + "' is not a JVM option (must start with '-')");
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        labels = copyOrdered(labels, "labels");
        labels.keySet().forEach(key -> {
            if (key.isBlank()) {
                throw new IllegalArgumentException("labels contain a blank key");
            }
        });
        environment = copyOrdered(environment, "environment");
        environment.keySet().forEach(key -> {
            if (!ENV_NAME.matcher(key).matches()) {
                throw new IllegalArgumentException("environment variable name '" + key
                        + "' is invalid: use letters, digits and '_', not starting with a digit");
            }
        });
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user '" + user + "' is not a user[:group] name or id");
        }
        String userPart = user.split(":")[0];
        if (userPart.equals("root") || userPart.matches("0+")) {
            throw new IllegalArgumentException("user '" + user
                    + "' is root; model images run as a non-root user such as " + DEFAULT_USER);
        }
        Objects.requireNonNull(creationTime, "creationTime");
        if (appRoot == null || !ABSOLUTE_UNIX_PATH.matcher(appRoot).matches() || appRoot.contains("/../")
                || appRoot.endsWith("/..") || appRoot.contains("/./")) {
            throw new IllegalArgumentException("appRoot '" + appRoot
                    + "' is not an absolute Unix-style path like /app");
        }
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        if (baseImage.equals(JLINK_BASE)) {
            checkJlinkBase(platform, user);
        }
    }

    /** The jlink base copies this machine's runtime and libraries: its platform only, and a user /etc/passwd can name. */
    private static void checkJlinkBase(ImagePlatform platform, String user) {
        Optional<ImagePlatform> host = JlinkBase.hostPlatform();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("baseImage '" + JLINK_BASE + "' copies the Java runtime and C libraries"
                    + " of the machine running the build, which must be Linux on amd64 or arm64; this is "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": use a registry base such as "
                    + DEFAULT_BASE_IMAGE);
        }
        if (host.get() != platform) {
            throw new IllegalArgumentException("baseImage '" + JLINK_BASE + "' copies the Java runtime and C libraries"
                    + " of the machine running the build (" + host.get() + "), so it cannot make a " + platform
                    + " image: build on " + platform + ", or use a multi-platform registry base such as "
                    + DEFAULT_BASE_IMAGE);
        }
        if (!user.matches("[0-9]+(:[0-9]+)?")) {
            throw new IllegalArgumentException("user '" + user + "' is a name, but baseImage '" + JLINK_BASE
                    + "' writes /etc/passwd with a numeric user only: use uid[:gid], e.g. " + DEFAULT_USER);
        }
    }

    /** @return a builder with the defaults described on each setter */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the image directory holding all jars, {@code <appRoot>/libs} */
    public String libsPath() {
        return appRoot + "/libs";
    }

    /** @return the image directory holding the class directory, {@code <appRoot>/classes} */
    public String classesPath() {
        return appRoot + "/classes";
    }

    /** @return the image directory holding the model bundle, {@code <appRoot>/bundle} */
    public String bundlePath() {
        return appRoot + "/bundle";
    }

    /**
     * Turns Maven's {@code project.build.outputTimestamp} into an image creation time.
     *
     * @param outputTimestamp ISO-8601 with offset ({@code 2026-01-01T00:00:00Z}) or seconds since
     *                        the epoch; {@code null}, empty or one character (Maven's "not
     *                        reproducible" marker) give the epoch, Jib's reproducible default
     * @return the instant
     * @throws IllegalArgumentException when the text is neither form
     */
    public static Instant creationTimeFrom(String outputTimestamp) {
        if (outputTimestamp == null || outputTimestamp.trim().length() < 2) {
            return Instant.EPOCH;
        }
        String text = outputTimestamp.trim();
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException("project.build.outputTimestamp '" + outputTimestamp
                    + "' is neither ISO-8601 like 2026-01-01T00:00:00Z nor seconds since the epoch", e);
        }
    }

    private static Map<String, String> copyOrdered(Map<String, String> map, String field) {
        Objects.requireNonNull(map, field);
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(Objects.requireNonNull(key, field + " key"),
                Objects.requireNonNull(value, () -> field + " value of '" + key + "'")));
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static void checkBaseImage(String baseImage) {
        if (baseImage == null || baseImage.isBlank()) {
            throw new IllegalArgumentException("baseImage must not be blank; e.g. " + DEFAULT_BASE_IMAGE
                    + " or tar:///path/to/base.tar");
        }
        if (baseImage.equals(JLINK_BASE)) {
            return;
        }
        // A bare word near "jlink" (jlnk, jlink:17, JLINK) is a typo, not a Docker Hub image.
        String repository = baseImage.split("[:@]")[0];
        if (!repository.contains("/") && !repository.contains(".")
                && Names.nearest(repository, List.of(JLINK_BASE)).isPresent()) {
            throw new IllegalArgumentException("baseImage '" + baseImage + "' is not a base image we know; did you mean '"
                    + JLINK_BASE + "' (the build's own JDK, linked, no registry)? Otherwise: a registry image such as "
                    + DEFAULT_BASE_IMAGE + ", tar:///path/to/base.tar or docker://name");
        }
        if (baseImage.startsWith("tar://")) {
            if (baseImage.length() == "tar://".length()) {
                throw new IllegalArgumentException("baseImage '" + baseImage + "' names no file after tar://");
            }
            return;
        }
        String reference = baseImage.replaceFirst("^(docker|registry)://", "");
        try {
            ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException("baseImage '" + baseImage + "' is not an image reference,"
                    + " tar://path or docker://name", e);
        }
    }

    /** Collects the parts of an {@link ImageRequest}; every setter returns the builder. */
    public static final class Builder {
        private String baseImage = DEFAULT_BASE_IMAGE;
        private RegistryCredential baseCredential;
        private ImageTarget target;
        private ManifestFormat format = ManifestFormat.DOCKER;
        private ImagePlatform platform = ImagePlatform.LINUX_AMD64;
        private final List<Path> dependencyJars = new ArrayList<>();
        private final List<Path> applicationEntries = new ArrayList<>();
        private Path bundleDirectory;
        private String mainClass;
        private final List<String> programArguments = new ArrayList<>();
        private List<String> jvmFlags = DEFAULT_JVM_FLAGS;
        private int port = DEFAULT_PORT;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String user = DEFAULT_USER;
        private Instant creationTime = Instant.EPOCH;
        private String appRoot = DEFAULT_APP_ROOT;
        private HealthCheck healthCheck = HealthCheck.http("/health");
        private boolean stripForeignNatives = true;
        private Path cacheDirectory;
        private boolean offline;

        private Builder() {
        }

        /** @param value base image (default {@value ImageRequest#DEFAULT_BASE_IMAGE}) @return this */
        public Builder baseImage(String value) {
            this.baseImage = value;
            return this;
        }

        /** @param value credentials for the base image's registry, or {@code null} @return this */
        public Builder baseCredential(RegistryCredential value) {
            this.baseCredential = value;
            return this;
        }

        /** @param value where the image goes (required) @return this */
        public Builder target(ImageTarget value) {
            this.target = value;
            return this;
        }

        /** @param value manifest format (default Docker) @return this */
        public Builder format(ManifestFormat value) {
            this.format = value;
            return this;
        }

        /** @param value platform (default linux/amd64) @return this */
        public Builder platform(ImagePlatform value) {
            this.platform = value;
            return this;
        }

        /** @param jars third-party jars, appended in class path order @return this */
        public Builder dependencyJars(List<Path> jars) {
            this.dependencyJars.addAll(jars);
            return this;
        }

        /** @param entries the project's jars or class directory, appended in class path order @return this */
        public Builder applicationEntries(List<Path> entries) {
            this.applicationEntries.addAll(entries);
            return this;
        }

        /** @param value the model bundle directory (required) @return this */
        public Builder bundleDirectory(Path value) {
            this.bundleDirectory = value;
            return this;
        }

        /** @param value the main class (required) @return this */
        public Builder mainClass(String value) {
            this.mainClass = value;
            return this;
        }

        /** @param args arguments to the main class, appended @return this */
        public Builder programArguments(List<String> args) {
            this.programArguments.addAll(args);
            return this;
        }

        /** @param flags JVM options, replacing the defaults {@link ImageRequest#DEFAULT_JVM_FLAGS} @return this */
        public Builder jvmFlags(List<String> flags) {
            this.jvmFlags = List.copyOf(flags);
            return this;
        }

        /** @param value container port (default {@value ImageRequest#DEFAULT_PORT}) @return this */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** @param values labels, added (later values win) @return this */
        public Builder labels(Map<String, String> values) {
            this.labels.putAll(values);
            return this;
        }

        /** @param values environment variables, added (later values win) @return this */
        public Builder environment(Map<String, String> values) {
            this.environment.putAll(values);
            return this;
        }

        /** @param value user[:group] (default {@value ImageRequest#DEFAULT_USER}) @return this */
        public Builder user(String value) {
            this.user = value;
            return this;
        }

        /** @param value image creation time (default the epoch) @return this */
        public Builder creationTime(Instant value) {
            this.creationTime = value;
            return this;
        }

        /** @param value application directory (default {@value ImageRequest#DEFAULT_APP_ROOT}) @return this */
        public Builder appRoot(String value) {
            this.appRoot = value;
            return this;
        }

        /** @param value the probe (default GET /health), or {@code null} for none @return this */
        public Builder healthCheck(HealthCheck value) {
            this.healthCheck = value;
            return this;
        }

        /** @param value whether to drop other platforms' natives (default true) @return this */
        public Builder stripForeignNatives(boolean value) {
            this.stripForeignNatives = value;
            return this;
        }

        /** @param value cache directory, or {@code null} for Jib's defaults @return this */
        public Builder cacheDirectory(Path value) {
            this.cacheDirectory = value;
            return this;
        }

        /** @param value whether to stay off the network (default false) @return this */
        public Builder offline(boolean value) {
            this.offline = value;
            return this;
        }

        /**
         * @return the request
         * @throws IllegalArgumentException when a required part is missing or a value is invalid
         */
        public ImageRequest build() {
            if (target == null) {
                throw new IllegalArgumentException("image request has no target: set a tarball, registry or docker daemon");
            }
            if (bundleDirectory == null) {
                throw new IllegalArgumentException("image request has no bundleDirectory");
            }
            return new ImageRequest(baseImage, Optional.ofNullable(baseCredential), target, format, platform,
                    dependencyJars, applicationEntries, bundleDirectory, mainClass, programArguments, jvmFlags,
                    port, labels, environment, user, creationTime, appRoot, Optional.ofNullable(healthCheck),
                    stripForeignNatives, Optional.ofNullable(cacheDirectory), offline);
        }
    }
}
