package dev.mlops.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.data.Dataset;
import dev.mlops.data.Task;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.Evaluation;
import dev.mlops.evaluate.EvaluationFiles;
import dev.mlops.features.FeatureVector;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.TrainedModel;
import dev.mlops.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * A trained model as one self-describing, tamper-evident artifact: a directory, or its zip form
 * {@code <name>-<version>.mlbundle}, holding the Tribuo model (protobuf), an ONNX model when one
 * can be exported, the signature with the preprocessing, metrics, spec, provenance and metadata,
 * the drift reference profile of the training rows (when the training data was given), and a
 * manifest with the sha256 of every file. The format is documented in {@code docs/bundle.md}.
 *
 * <p>Loading verifies the format version and every checksum before reading anything, and refuses
 * an altered, truncated or unknown bundle with a {@link BundleException} naming the file. The same
 * spec, data and {@link BundleMetadata} give a byte-identical bundle. Instances are immutable and
 * thread-safe.
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.from(trained, data, BundleMetadata.of("1.0.0", buildTime));
 * bundle.writeZip(Path.of("target/iris-1.0.0.mlbundle"));
 * try (Predictor p = ModelBundle.load(Path.of("target/iris-1.0.0.mlbundle")).predictor()) {
 *     Prediction x = p.predict(record);
 * }
 * }</pre>
 */
public final class ModelBundle {

    /** The zip form's file extension. */
    public static final String EXTENSION = ".mlbundle";

    static final String TRIBUO = "model.tribuo";
    static final String ONNX = "model.onnx";
    static final String METRICS = EvaluationFiles.METRICS;
    static final String SPEC = "spec.yaml";
    static final String PROVENANCE = "provenance.json";

    /** Every file a bundle may hold. */
    static final Set<String> FILES = Set.of(BundleManifest.FILE, BundleInfo.FILE, Signature.FILE, METRICS, SPEC,
            PROVENANCE, OnnxParity.FILE, BundleProfile.FILE, TRIBUO, ONNX);

    /** The largest bundle file read (1 GiB), so a corrupt zip cannot exhaust memory. */
    private static final int MAX_FILE_BYTES = 1 << 30;
    /** Zip entry times before 1980 cannot be stored. */
    private static final LocalDateTime EARLIEST_ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0, 2);

    private final Map<String, byte[]> files;
    private final BundleManifest manifest;
    private final BundleInfo info;
    private final Signature signature;
    private final Map<String, Double> metrics;
    private final OnnxParity parity;
    private final ReferenceProfile profile;
    private Model<?> tribuoModel;

    private ModelBundle(Map<String, byte[]> files, BundleManifest manifest) {
        this.files = files;
        this.manifest = manifest;
        this.info = BundleJson.read(BundleInfo.FILE, required(files, BundleInfo.FILE), BundleInfo.class);
        this.signature = BundleJson.read(Signature.FILE, required(files, Signature.FILE), Signature.class);
        byte[] parityBytes = files.get(OnnxParity.FILE);
        this.parity = parityBytes == null ? null : BundleJson.read(OnnxParity.FILE, parityBytes, OnnxParity.class);
        this.metrics = readMetrics(required(files, METRICS), parity);
        byte[] profileBytes = files.get(BundleProfile.FILE);
        this.profile = profileBytes == null ? null : BundleProfile.read(profileBytes, signature);
        if (!info.name().equals(manifest.name()) || !info.version().equals(manifest.version())) {
            throw new BundleException(BundleInfo.FILE, "metadata.json is for " + info.name() + " " + info.version()
                    + " but manifest.json for " + manifest.name() + " " + manifest.version());
        }
        if (info.task() != signature.task()) {
            throw new BundleException(Signature.FILE, "signature.json is for " + signature.task().specName()
                    + " but metadata.json for " + info.task().specName());
        }
        boolean tribuo = BundleInfo.KIND_TRIBUO.equals(info.model().kind());
        if (tribuo) {
            required(files, TRIBUO);
        } else if (files.containsKey(TRIBUO) || !files.containsKey(ONNX)) {
            throw new BundleException(ONNX, "an external-onnx bundle holds model.onnx and no model.tribuo");
        }
        if (files.containsKey(ONNX) && signature.outputs().onnx() == null) {
            throw new BundleException(Signature.FILE, "signature.json does not say which outputs of model.onnx to read");
        }
    }

    // ---------------------------------------------------------------- making

    /**
     * Bundles a trained model without a drift reference profile; see
     * {@link #from(TrainedModel, Dataset, BundleMetadata)}, which adds one.
     *
     * @param trained  the trained model
     * @param metadata version, creation time and commit to record
     * @return the bundle
     */
    public static ModelBundle from(TrainedModel trained, BundleMetadata metadata) {
        return from(trained, null, metadata);
    }

    /**
     * Bundles a trained model: serialises it with Tribuo's protobuf format, exports it to ONNX when
     * Tribuo can (recording why not otherwise), and, when the test rows are known, measures how well
     * the ONNX model agrees with the Tribuo model on them. With the data set it was trained on, the
     * bundle also gets {@code profile.json}: the drift reference profile of the rows the model was
     * fitted on and of its predictions on them (see {@link #profile()}).
     *
     * @param trained  the trained model
     * @param data     the data set the model was trained on (same fingerprint), or {@code null} for
     *                 a bundle without a profile
     * @param metadata version, creation time and commit to record
     * @return the bundle
     * @throws IllegalArgumentException when {@code data} is not the model's data set
     */
    public static ModelBundle from(TrainedModel trained, Dataset data, BundleMetadata metadata) {
        if (data != null && !data.fingerprint().equals(trained.datasetFingerprint())) {
            throw new IllegalArgumentException("model '" + trained.spec().name() + "' was trained on data with fingerprint "
                    + trained.datasetFingerprint().substring(0, 12) + " but the data set given (" + data.source()
                    + ") has " + data.fingerprint().substring(0, 12) + "; give the data set it was trained on");
        }
        Model<?> model = trained.model();
        OnnxExport.Result onnx = OnnxExport.export(model);
        Signature signature = signatureOf(trained, onnx);
        Map<String, byte[]> files = new TreeMap<>();
        files.put(TRIBUO, tribuoBytes(trained));
        if (onnx.bytes() != null) {
            files.put(ONNX, onnx.bytes());
        }
        files.put(Signature.FILE, BundleJson.write(signature));
        files.put(METRICS, metricsJson(trained.evaluation()));
        files.put(SPEC, ModelSpecReader.write(trained.spec()).getBytes(StandardCharsets.UTF_8));
        files.put(PROVENANCE, provenanceJson(model));
        BundleInfo.ModelInfo modelInfo = new BundleInfo.ModelInfo(BundleInfo.KIND_TRIBUO, model.getClass().getName(),
                trained.algorithm().specName(), trained.hyperparameters());
        BundleManifest.Onnx onnxStatus = onnx.bytes() != null ? new BundleManifest.Onnx(true, "tribuo-export", null)
                : new BundleManifest.Onnx(false, null, onnx.reason());
        files.put(BundleInfo.FILE, BundleJson.write(info(trained.spec(), metadata, trained.datasetFingerprint(),
                trained.trainRows(), trained.testRows(), modelInfo)));
        boolean withParity = onnx.bytes() != null && trained.testData() != null;
        // The Tribuo side reads the model back from its bytes, exactly as a loaded bundle would.
        TribuoPredictor tribuo = withParity || data != null
                ? new TribuoPredictor(signature, TribuoModelGuard.load(TRIBUO, files.get(TRIBUO))) : null;
        if (data != null) {
            files.put(BundleProfile.FILE, BundleProfile.json(data, trained.split().trainAndValidation(), tribuo));
        }
        if (withParity) {
            Dataset test = trained.testData();
            List<FeatureVector> rows = new ArrayList<>(test.size());
            for (int r = 0; r < test.size(); r++) {
                rows.add(trained.pipeline().encode(test, r));
            }
            try (OnnxPredictor onnxPredictor = new OnnxPredictor(signature, onnx.bytes())) {
                OnnxParity parity = parity(signature.task(), tribuo.predictEncoded(rows), onnxPredictor.predictEncoded(rows));
                files.put(OnnxParity.FILE, BundleJson.write(parity));
            }
        }
        return assemble(trained.spec().name(), metadata.version(), onnxStatus, files);
    }

    /**
     * The model's protobuf bytes, refused now rather than when the bundle is loaded when they name a
     * class that loading would not accept (a custom trainer may produce any model class).
     */
    private static byte[] tribuoBytes(TrainedModel trained) {
        Model<?> model = trained.model();
        String origin = trained.trainer().className() == null ? ""
                : " (made by trainer.class " + trained.trainer().className() + ")";
        org.tribuo.protos.core.ModelProto proto;
        try {
            proto = model.serialize();
        } catch (UnsupportedOperationException e) {
            throw new BundleException(TRIBUO, "cannot bundle " + model.getClass().getName() + origin + ": " + e.getMessage()
                    + "; bundles hold one of " + TribuoModelGuard.MODEL_CLASSES.stream().sorted().toList(), e);
        }
        try {
            TribuoModelGuard.check(TRIBUO, proto);
        } catch (BundleException e) {
            throw new BundleException(TRIBUO, "cannot bundle " + model.getClass().getName() + origin + ": "
                    + e.getMessage(), e);
        }
        return OnnxExport.deterministic(proto);
    }

    /** Adds the manifest and builds the bundle from its files. */
    static ModelBundle assemble(String name, String version, BundleManifest.Onnx onnx, Map<String, byte[]> contents) {
        Map<String, BundleManifest.FileEntry> entries = new TreeMap<>();
        contents.forEach((file, bytes) -> entries.put(file, BundleManifest.FileEntry.of(bytes)));
        BundleManifest manifest = BundleManifest.of(name, version, onnx, entries);
        Map<String, byte[]> files = new TreeMap<>(contents);
        files.put(BundleManifest.FILE, BundleJson.write(manifest));
        return new ModelBundle(Collections.unmodifiableMap(files), manifest);
    }

    static BundleInfo info(ModelSpec spec, BundleMetadata metadata, String fingerprint, Integer trainRows, int testRows,
                           BundleInfo.ModelInfo model) {
        return new BundleInfo(spec.name(), metadata.version(), spec.task(), metadata.created().toString(),
                metadata.gitCommit(), fingerprint, trainRows, testRows, model, libraries());
    }

    private static Signature signatureOf(TrainedModel trained, OnnxExport.Result export) {
        boolean withOnnx = export.bytes() != null;
        Model<?> model = trained.model();
        ImmutableFeatureMap featureMap = model.getFeatureIDMap();
        List<String> features = new ArrayList<>(featureMap.size());
        for (int id = 0; id < featureMap.size(); id++) {
            features.add(featureMap.get(id).getName());
        }
        boolean classification = trained.task() == Task.CLASSIFICATION;
        Signature.OnnxOutputs onnx = null;
        if (withOnnx && classification) {
            List<String> columns = new ArrayList<>();
            for (int id = 0; id < model.getOutputIDInfo().size(); id++) {
                columns.add(((Label) model.getOutputIDInfo().getOutput(id)).getLabel());
            }
            onnx = model.generatesProbabilities() ? new Signature.OnnxOutputs(columns, null, "output", null, null)
                    : new Signature.OnnxOutputs(columns, null, null, "output", null);
        } else if (withOnnx) {
            onnx = new Signature.OnnxOutputs(List.of(), null, null, null, "output");
        }
        return new Signature(trained.task(), trained.pipeline(), new Signature.ModelInput("input", features, export.absent()),
                new Signature.Outputs(trained.spec().dataset().target(), trained.labels(),
                        classification && model.generatesProbabilities(), onnx));
    }

    private static OnnxParity parity(Task task, List<Prediction> tribuo, List<Prediction> onnx) {
        double maxAbs = 0;
        double maxRel = 0;
        int flips = 0;
        for (int i = 0; i < tribuo.size(); i++) {
            Prediction a = tribuo.get(i);
            Prediction b = onnx.get(i);
            if (task == Task.CLASSIFICATION) {
                flips += a.label().equals(b.label()) ? 0 : 1;
                for (Map.Entry<String, Double> e : a.probabilities().entrySet()) {
                    maxAbs = Math.max(maxAbs, Math.abs(e.getValue() - b.probability(e.getKey())));
                }
                maxRel = maxAbs;
            } else {
                double diff = Math.abs(a.value() - b.value());
                maxAbs = Math.max(maxAbs, diff);
                maxRel = Math.max(maxRel, diff / Math.max(1.0, Math.abs(a.value())));
            }
        }
        return new OnnxParity(tribuo.size(), maxAbs, maxRel, flips);
    }

    /** The metrics file exactly as training reports write it. */
    static byte[] metricsJson(Evaluation evaluation) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mlops-metrics");
            EvaluationFiles.write(dir, evaluation);
            return Files.readAllBytes(dir.resolve(METRICS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics to a temporary folder", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
                Files.deleteIfExists(it.next());
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }

    private static byte[] provenanceJson(Model<?> model) {
        String json = new com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization(true)
                .marshalAndSerialize(model.getProvenance());
        return (json.replace("\r\n", "\n") + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> libraries() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("mlops", mlopsVersion());
        versions.put("tribuo", org.tribuo.Tribuo.VERSION);
        versions.put("onnxruntime", String.valueOf(ai.onnxruntime.OrtEnvironment.class.getPackage().getImplementationVersion()));
        versions.put("jackson", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }

    private static String mlopsVersion() {
        String version = ModelBundle.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        try (InputStream in = ModelBundle.class.getResourceAsStream("/META-INF/maven/dev.mlops/mlops-core/pom.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                return p.getProperty("version", "development");
            }
        } catch (IOException e) {
            // fall through
        }
        return "development";
    }

    // ---------------------------------------------------------------- writing

    /** @return the zip form's file name, {@code <name>-<version>.mlbundle} */
    public String fileName() {
        return directoryName() + EXTENSION;
    }

    /** @return the directory form's conventional name, {@code <name>-<version>} */
    public String directoryName() {
        return manifest.name() + "-" + manifest.version();
    }

    /**
     * Writes the bundle as a directory, each file atomically and the manifest last, so a reader never
     * takes a half-written bundle for a whole one. Bundle files of an older bundle in the directory
     * are replaced or removed.
     *
     * @param dir the directory, created when missing
     * @throws IOException              when a file cannot be written
     * @throws IllegalArgumentException when the directory holds files that are not bundle files
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> existing = Files.list(dir)) {
            for (Iterator<Path> it = existing.iterator(); it.hasNext(); ) {
                String name = it.next().getFileName().toString();
                if (!FILES.contains(name)) {
                    throw new IllegalArgumentException(dir + " contains '" + name + "', which is not a bundle file;"
                            + " write a bundle into a directory of its own");
                }
            }
        }
        Files.deleteIfExists(dir.resolve(BundleManifest.FILE));
        for (String name : FILES) {
            if (!files.containsKey(name)) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (!e.getKey().equals(BundleManifest.FILE)) {
                AtomicFiles.write(dir.resolve(e.getKey()), e.getValue());
            }
        }
        AtomicFiles.write(dir.resolve(BundleManifest.FILE), files.get(BundleManifest.FILE));
    }

    /**
     * Writes the bundle's zip form atomically: the manifest first, then the other files by name, each
     * stamped with the recorded creation time, so equal bundles give equal zip bytes.
     *
     * @param file the zip file, conventionally {@link #fileName()}
     * @throws IOException when it cannot be written
     */
    public void writeZip(Path file) throws IOException {
        LocalDateTime time = LocalDateTime.ofInstant(info.createdAt(), ZoneOffset.UTC);
        LocalDateTime stamp = time.isBefore(EARLIEST_ZIP_TIME) ? EARLIEST_ZIP_TIME : time;
        List<String> order = new ArrayList<>();
        order.add(BundleManifest.FILE);
        files.keySet().stream().filter(n -> !n.equals(BundleManifest.FILE)).forEach(order::add);
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (String name : order) {
                ZipEntry entry = new ZipEntry(name);
                entry.setTimeLocal(stamp);
                zip.putNextEntry(entry);
                zip.write(files.get(name));
                zip.closeEntry();
            }
            zip.finish(); // not close: AtomicFiles owns the stream
            zip.flush();
        });
    }

    // ---------------------------------------------------------------- loading

    /**
     * Loads and verifies a bundle directory or zip: format version first, then the size and sha256
     * of every listed file, then that no unlisted file is present; only then is anything parsed. The
     * Tribuo model is read lazily, through an allow-list of Tribuo classes (see {@code docs/bundle.md}).
     *
     * @param dirOrZip a bundle directory or {@code .mlbundle} zip
     * @return the verified bundle
     * @throws IOException     when it cannot be read
     * @throws BundleException when it is not a valid, unaltered bundle of a known format version
     */
    public static ModelBundle load(Path dirOrZip) throws IOException {
        Map<String, byte[]> files;
        if (Files.isDirectory(dirOrZip)) {
            files = readDirectory(dirOrZip);
        } else if (Files.isRegularFile(dirOrZip)) {
            files = readZip(dirOrZip);
        } else {
            throw new NoSuchFileException(dirOrZip.toString(), null, "no model bundle (directory or " + EXTENSION + " zip) here");
        }
        return verify(dirOrZip.toString(), files);
    }

    private static Map<String, byte[]> readDirectory(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Iterator<Path> it = list.iterator(); it.hasNext(); ) {
                Path p = it.next();
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p)) {
                    throw new BundleException(name, dir + " contains '" + name + "', which is not a file; a bundle holds only"
                            + " the files its manifest lists");
                }
                if (Files.size(p) > MAX_FILE_BYTES) {
                    throw new BundleException(name, name + " in " + dir + " is larger than " + MAX_FILE_BYTES + " bytes");
                }
                files.put(name, Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static Map<String, byte[]> readZip(Path file) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new BundleException(file.getFileName().toString(), file + " is not a complete " + EXTENSION
                    + " zip (truncated or corrupt): " + e.getMessage(), e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!FILES.contains(name)) {
                    throw new BundleException(name, file + " holds '" + name + "', which is not a bundle file; valid: "
                            + new java.util.TreeSet<>(FILES));
                }
                if (files.containsKey(name)) {
                    throw new BundleException(name, file + " holds '" + name + "' twice");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
                    if (content.length > MAX_FILE_BYTES) {
                        throw new BundleException(name, name + " in " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
                    }
                    files.put(name, content);
                } catch (ZipException | java.io.EOFException e) {
                    throw new BundleException(name, name + " in " + file + " cannot be read (truncated or corrupt zip): "
                            + e.getMessage(), e);
                }
            }
        }
        return files;
    }

    /** Checks the manifest and every file against it, then parses the bundle. */
    static ModelBundle verify(String source, Map<String, byte[]> files) {
        byte[] manifestBytes = files.get(BundleManifest.FILE);
        if (manifestBytes == null) {
            throw new BundleException(BundleManifest.FILE, source + " is not a model bundle: it has no manifest.json");
        }
        JsonNode tree = BundleJson.tree(BundleManifest.FILE, manifestBytes);
        if (!tree.isObject() || !BundleManifest.FORMAT.equals(tree.path("format").asText(null))) {
            throw new BundleException(BundleManifest.FILE, source + ": manifest.json does not describe a model bundle"
                    + " (\"format\" must be \"" + BundleManifest.FORMAT + "\")");
        }
        JsonNode version = tree.get("format_version");
        if (version == null || !version.isInt()) {
            throw new BundleException(BundleManifest.FILE, source + ": manifest.json has no integer format_version");
        }
        if (version.intValue() != BundleManifest.FORMAT_VERSION) {
            throw new BundleException(BundleManifest.FILE, source + " has bundle format version " + version.intValue()
                    + ", which this library cannot read (it reads version " + BundleManifest.FORMAT_VERSION + ")"
                    + (version.intValue() > BundleManifest.FORMAT_VERSION ? "; it was written by a newer library" : ""));
        }
        BundleManifest manifest = BundleJson.read(BundleManifest.FILE, manifestBytes, BundleManifest.class);
        if (!manifest.seal().equals(manifest.sha256()) || !Arrays.equals(BundleJson.write(manifest), manifestBytes)) {
            throw new BundleException(BundleManifest.FILE, source + ": manifest.json was altered (its bytes are not the"
                    + " form this library writes)");
        }
        for (Map.Entry<String, BundleManifest.FileEntry> e : manifest.files().entrySet()) {
            String name = e.getKey();
            if (!FILES.contains(name) || name.equals(BundleManifest.FILE)) {
                throw new BundleException(BundleManifest.FILE, source + ": manifest.json lists '" + name
                        + "', which is not a bundle file");
            }
            byte[] content = files.get(name);
            if (content == null) {
                throw new BundleException(name, source + ": " + name + " is listed in manifest.json but missing");
            }
            if (content.length != e.getValue().size()) {
                throw new BundleException(name, source + ": " + name + " was truncated or altered: it has " + content.length
                        + " bytes, manifest.json lists " + e.getValue().size());
            }
            String digest = BundleManifest.sha256(content);
            if (!digest.equals(e.getValue().sha256())) {
                throw new BundleException(name, source + ": " + name + " was altered: its sha256 is " + digest
                        + ", manifest.json lists " + e.getValue().sha256());
            }
        }
        for (String name : files.keySet()) {
            if (!name.equals(BundleManifest.FILE) && !manifest.files().containsKey(name)) {
                throw new BundleException(name, source + ": " + name + " is not listed in manifest.json; a bundle holds"
                        + " only the files its manifest lists");
            }
        }
        return new ModelBundle(Collections.unmodifiableMap(new TreeMap<>(files)), manifest);
    }

    private static byte[] required(Map<String, byte[]> files, String name) {
        byte[] content = files.get(name);
        if (content == null) {
            throw new BundleException(name, "the bundle has no " + name);
        }
        return content;
    }

    private static Map<String, Double> readMetrics(byte[] json, OnnxParity parity) {
        JsonNode tree = BundleJson.tree(METRICS, json);
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
            if (e.getKey().equals("per_class")) {
                for (Map.Entry<String, JsonNode> c : e.getValue().properties()) {
                    for (Map.Entry<String, JsonNode> metric : c.getValue().properties()) {
                        metrics.put(ClassificationEvaluation.perClassMetricName(metric.getKey(), c.getKey()),
                                number(metric.getValue()));
                    }
                }
            } else {
                metrics.put(e.getKey(), number(e.getValue()));
            }
        }
        if (parity != null) {
            metrics.putAll(parity.asMetrics());
        }
        return Collections.unmodifiableMap(metrics);
    }

    private static double number(JsonNode node) {
        if (node.isNull()) {
            return Double.NaN;
        }
        if (!node.isNumber()) {
            throw new BundleException(METRICS, "metrics.json has a non-numeric metric: " + node);
        }
        return node.doubleValue();
    }

    // ---------------------------------------------------------------- reading

    /** @return the model name */
    public String name() {
        return manifest.name();
    }

    /** @return the model version */
    public String version() {
        return manifest.version();
    }

    /** @return classification or regression */
    public Task task() {
        return signature.task();
    }

    /** @return the manifest */
    public BundleManifest manifest() {
        return manifest;
    }

    /** @return the recorded metadata ({@code metadata.json}) */
    public BundleInfo info() {
        return info;
    }

    /** @return the signature: inputs, preprocessing, outputs */
    public Signature signature() {
        return signature;
    }

    /**
     * @return the test metrics by name as in {@code metrics.json} (per-class ones as
     *         {@code <metric>.<label>}, undefined ones NaN), plus {@code onnx_parity.*} when measured
     */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /** @return how closely ONNX and Tribuo agreed on the test rows, when measured */
    public Optional<OnnxParity> parity() {
        return Optional.ofNullable(parity);
    }

    /**
     * @return the drift reference profile ({@code profile.json}) of the rows the model was fitted on,
     *         with the model's predictions on them as the prediction column; empty for bundles made
     *         without the training data or by older versions
     */
    public Optional<ReferenceProfile> profile() {
        return Optional.ofNullable(profile);
    }

    /** @return whether {@code model.onnx} is included */
    public boolean hasOnnx() {
        return files.containsKey(ONNX);
    }

    /** @return the names of the bundle's files, sorted */
    public Set<String> fileNames() {
        return files.keySet();
    }

    /**
     * @param name a bundle file name, e.g. {@code model.onnx}
     * @return a copy of its bytes
     * @throws IllegalArgumentException when the bundle has no such file
     */
    public byte[] file(String name) {
        byte[] content = files.get(name);
        if (content == null) {
            throw new IllegalArgumentException("the bundle has no file '" + name + "'; it has " + files.keySet());
        }
        return content.clone();
    }

    /** @return the spec the model was made from */
    public ModelSpec spec() {
        try {
            return ModelSpecReader.parse(SPEC, new String(required(files, SPEC), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new BundleException(SPEC, "spec.yaml is not a valid model spec: " + e.getMessage(), e);
        }
    }

    /**
     * @return the Tribuo model, read on first use through the class allow-list; empty for an external ONNX model
     * @throws BundleException when {@code model.tribuo} names a class outside the allow-list or is corrupt
     */
    public synchronized Optional<Model<?>> tribuoModel() {
        if (!files.containsKey(TRIBUO)) {
            return Optional.empty();
        }
        if (tribuoModel == null) {
            tribuoModel = TribuoModelGuard.load(TRIBUO, files.get(TRIBUO));
        }
        return Optional.of(tribuoModel);
    }

    /**
     * @return the engine {@link #predictor()} uses: {@link Engine#AUTO} when the bundle has both a Tribuo
     *         and an ONNX model, else the one it has
     */
    public Engine defaultEngine() {
        if (!hasOnnx()) {
            return Engine.TRIBUO;
        }
        return files.containsKey(TRIBUO) ? Engine.AUTO : Engine.ONNX;
    }

    /** @return a predictor on the fastest engine available, see {@link #defaultEngine()}; close it after use */
    public Predictor predictor() {
        return predictor(defaultEngine());
    }

    /**
     * @param engine the engine
     * @return a predictor on that engine; close it after use
     * @throws IllegalStateException when the bundle has no model for that engine, saying why
     */
    public Predictor predictor(Engine engine) {
        return switch (engine) {
            case TRIBUO -> tribuoPredictor();
            case ONNX -> onnxPredictor();
            case AUTO -> defaultEngine() == Engine.AUTO ? new RoutingPredictor(tribuoPredictor(), onnxPredictor())
                    : predictor(defaultEngine());
        };
    }

    private TribuoPredictor tribuoPredictor() {
        return new TribuoPredictor(signature, tribuoModel().orElseThrow(() -> new IllegalStateException(
                "bundle " + directoryName() + " wraps an external ONNX model and has no Tribuo model; use Engine.ONNX")));
    }

    private OnnxPredictor onnxPredictor() {
        if (!hasOnnx()) {
            throw new IllegalStateException("bundle " + directoryName() + " has no ONNX model: " + manifest.onnx().reason());
        }
        return new OnnxPredictor(signature, files.get(ONNX));
    }

    /**
     * Evaluates the model on every row of a data set with the same columns, e.g. fresh labelled data,
     * with the engine that serves batches (ONNX Runtime when the bundle has an ONNX model).
     *
     * @param data the data set
     * @return the evaluation
     */
    public Evaluation evaluate(Dataset data) {
        int[] rows = new int[data.size()];
        Arrays.setAll(rows, i -> i);
        try (EncodingPredictor p = hasOnnx() ? onnxPredictor() : tribuoPredictor()) {
            return Evaluator.evaluate(p, data, rows);
        }
    }

    @Override
    public String toString() {
        return "ModelBundle[" + directoryName() + ", " + signature.task().specName() + ", files " + files.keySet() + "]";
    }
}
