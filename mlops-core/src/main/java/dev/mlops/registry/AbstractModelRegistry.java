package dev.mlops.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.tracking.NotFoundException;
import dev.mlops.tracking.internal.FileLock;
import dev.mlops.tracking.internal.MlflowRestClient;
import dev.mlops.tracking.internal.StoreFiles;
import dev.mlops.util.Names;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What both registries share: name rules, alias history and rollback, URI resolution and
 * checksum verification, built on a few storage primitives.
 */
abstract class AbstractModelRegistry implements ModelRegistry {

    /** Model tag holding the history of an alias (JSON), one tag per alias. */
    static final String HISTORY_TAG_PREFIX = "mlops.alias.history.";
    /** Events kept per alias; keeps the tag well under MLflow's 5000-character limit. */
    static final int MAX_EVENTS = 30;
    /** Longest model tag value MLflow accepts. */
    static final int MAX_TAG_VALUE = 5000;
    private static final int MAX_NAME = 250;
    private static final Pattern ALIAS = Pattern.compile("[\\w\\-]{1,255}", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern VERSION_LIKE = Pattern.compile("[vV]\\d+");

    /** Runs an action while holding the registry's write lock (local: across processes). */
    abstract <T> T locked(FileLock.Action<T> action) throws IOException;

    /** Points an alias at a version, without history or locking. */
    abstract void writeAlias(String name, String alias, int version) throws IOException;

    /** Removes an alias, without history or locking. */
    abstract void removeAlias(String name, String alias) throws IOException;

    /** Sets a registered-model tag. */
    abstract void writeModelTag(String name, String key, String value) throws IOException;

    /** The local bundle of a version (downloaded for a server). */
    abstract Path bundlePath(ModelVersion version) throws IOException;

    /** The manifest recorded at registration, when available. */
    abstract Optional<BundleDigest> registeredManifest(ModelVersion version) throws IOException;

    // ---------------------------------------------------------------- validation

    /**
     * Checks a model name: MLflow's file store rules (no path separator, no '%') plus what keeps
     * names safe as folder names and unambiguous in {@code models:/} URIs.
     */
    static String validateName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be empty");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("model name has " + name.length() + " characters; at most " + MAX_NAME
                    + " are allowed");
        }
        for (char c : name.toCharArray()) {
            if (c == '/' || c == '\\' || c == '%' || c == '@' || c == '\'' || c == '"' || c == ':' || c < 0x20
                    || c == 0x7f) {
                throw new IllegalArgumentException("Invalid model name '" + name + "': it contains '"
                        + (c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c))
                        + "'; names must not contain / \\ % @ : quotes or control characters");
            }
        }
        if (name.startsWith(".") || !name.strip().equals(name)) {
            throw new IllegalArgumentException("Invalid model name '" + name + "': names must not start with '.' nor"
                    + " start or end with spaces");
        }
        return name;
    }

    static String validateAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("Invalid alias '" + alias + "': aliases are 1-255 letters, digits,"
                    + " '_' or '-'");
        }
        if (alias.equalsIgnoreCase("latest") || VERSION_LIKE.matcher(alias).matches()) {
            throw new IllegalArgumentException("Invalid alias '" + alias + "': 'latest' and version-like names such as"
                    + " 'v3' are reserved by MLflow");
        }
        return alias;
    }

    static void validateTags(Map<String, String> tags) {
        tags.forEach((k, v) -> {
            StoreFiles.validateKey("model version tag", k);
            if (v == null || v.length() > MAX_TAG_VALUE) {
                throw new IllegalArgumentException("model version tag '" + k + "' must have a value of at most "
                        + MAX_TAG_VALUE + " characters");
            }
        });
    }

    /** Checks the arguments every registration needs, before anything is copied or sent. */
    static void checkRegistration(String name, Path bundle, Map<String, String> tags) {
        validateName(name);
        validateTags(tags);
        if (bundle == null || !java.nio.file.Files.exists(bundle)) {
            throw new IllegalArgumentException("Bundle " + bundle + " does not exist");
        }
        if (bundle.toAbsolutePath().normalize().getFileName() == null) {
            throw new IllegalArgumentException("Bundle " + bundle + " is a file system root; register a file or a"
                    + " directory with a name");
        }
    }

    /** MLflow only archives other versions when moving one to Staging or Production. */
    static void checkArchive(Stage stage, boolean archiveExisting) {
        if (archiveExisting && stage != Stage.STAGING && stage != Stage.PRODUCTION) {
            throw new IllegalArgumentException("archiveExisting only applies to Staging and Production, not "
                    + stage.mlflowName());
        }
    }

    static NotFoundException noSuchVersion(String name, int version, List<ModelVersion> existing) {
        List<String> numbers = existing.stream().map(v -> String.valueOf(v.version())).toList();
        return new NotFoundException("Model '" + name + "' has no version " + version + "; versions: "
                + (numbers.isEmpty() ? "none" : String.join(", ", numbers)));
    }

    static NotFoundException noSuchModel(String name, List<String> existing) {
        return new NotFoundException("No registered model '" + name + "'" + Names.suggestion(name, existing));
    }

    // ---------------------------------------------------------------- aliases

    @Override
    public ModelVersion setAlias(String name, String alias, int version) throws IOException {
        validateName(name);
        validateAlias(alias);
        return locked(() -> {
            RegisteredModel model = getModel(name);
            getVersion(name, version); // must exist
            Integer current = model.aliases().get(alias);
            if (current == null || current != version) {
                writeAlias(name, alias, version);
                History history = History.parse(model.tags().get(HISTORY_TAG_PREFIX + alias));
                if (current != null) {
                    history.previous.push(current);
                }
                history.record(alias, "set", current, version);
                writeModelTag(name, HISTORY_TAG_PREFIX + alias, history.toJson());
            }
            return getVersion(name, version);
        });
    }

    @Override
    public void deleteAlias(String name, String alias) throws IOException {
        validateName(name);
        validateAlias(alias);
        locked(() -> {
            RegisteredModel model = getModel(name);
            Integer current = model.aliases().get(alias);
            if (current == null) {
                throw new NotFoundException("Model '" + name + "' has no alias '" + alias + "'"
                        + Names.suggestion(alias, model.aliases().keySet().stream().sorted().toList()));
            }
            removeAlias(name, alias);
            History history = History.parse(model.tags().get(HISTORY_TAG_PREFIX + alias));
            history.previous.push(current);
            history.record(alias, "delete", current, null);
            writeModelTag(name, HISTORY_TAG_PREFIX + alias, history.toJson());
            return null;
        });
    }

    @Override
    public ModelVersion rollbackAlias(String name, String alias) throws IOException {
        validateName(name);
        validateAlias(alias);
        return locked(() -> {
            RegisteredModel model = getModel(name);
            Integer current = model.aliases().get(alias);
            History history = History.parse(model.tags().get(HISTORY_TAG_PREFIX + alias));
            Integer target = null;
            while (!history.previous.isEmpty() && target == null) {
                int candidate = history.previous.pop();
                if (current != null && candidate == current) {
                    continue;
                }
                try {
                    getVersion(name, candidate);
                    target = candidate;
                } catch (NotFoundException e) {
                    // the version was deleted since: keep walking back
                }
            }
            if (target == null) {
                throw new IllegalStateException("Alias '" + alias + "' of model '" + name + "' has no earlier version"
                        + " to roll back to" + (current == null ? "" : " (it points at version " + current + ")"));
            }
            writeAlias(name, alias, target);
            history.record(alias, "rollback", current, target);
            writeModelTag(name, HISTORY_TAG_PREFIX + alias, history.toJson());
            return getVersion(name, target);
        });
    }

    @Override
    public List<AliasEvent> aliasHistory(String name, String alias) throws IOException {
        validateName(name);
        validateAlias(alias);
        return History.parse(getModel(name).tags().get(HISTORY_TAG_PREFIX + alias)).events(alias);
    }

    // ---------------------------------------------------------------- resolving and loading

    @Override
    public ModelVersion resolve(String modelUri) throws IOException {
        ModelUri uri = ModelUri.parse(modelUri);
        String name = validateName(uri.name());
        switch (uri.kind()) {
            case VERSION:
                return getVersion(name, uri.version());
            case ALIAS: {
                String alias = validateAlias(uri.selector());
                RegisteredModel model = getModel(name);
                Integer version = model.aliases().get(alias);
                if (version == null) {
                    throw new NotFoundException("Model '" + name + "' has no alias '" + alias + "'"
                            + Names.suggestion(alias, model.aliases().keySet().stream().sorted().toList()));
                }
                return getVersion(name, version);
            }
            case STAGE: {
                Stage stage = Stage.parse(uri.selector());
                List<ModelVersion> inStage = listVersions(name).stream().filter(v -> v.stage() == stage).toList();
                if (inStage.isEmpty()) {
                    throw new NotFoundException("Model '" + name + "' has no version in stage " + stage.mlflowName());
                }
                return inStage.get(inStage.size() - 1);
            }
            default: {
                List<ModelVersion> all = listVersions(name);
                if (all.isEmpty()) {
                    throw new NotFoundException("Model '" + name + "' has no versions");
                }
                return all.get(all.size() - 1);
            }
        }
    }

    @Override
    public LoadedModel load(String modelUri) throws IOException {
        ModelVersion version = resolve(modelUri);
        String expected = version.bundleSha256();
        if (expected == null) {
            throw new IOException(version.uri() + " has no " + ModelVersion.SHA256_TAG + " tag: it was not registered"
                    + " by mlops-java and its bundle cannot be verified, so it is not loaded");
        }
        Path bundle = bundlePath(version);
        BundleDigest actual = BundleDigest.of(bundle);
        if (actual.sha256().equals(expected)) {
            return new LoadedModel(version, bundle);
        }
        List<String> differences = registeredManifest(version).map(actual::differencesFrom).orElse(List.of());
        throw new BundleChecksumException("The bundle of " + version.uri() + " at " + bundle + " was modified after"
                + " registration: SHA-256 is " + actual.sha256() + ", registered " + expected
                + (differences.isEmpty() ? "" : "; " + String.join(", ", differences)) + ". Register a new version"
                + " instead of changing a registered bundle.");
    }

    /** The alias history kept in a model tag: a stack of earlier versions and recent events. */
    static final class History {
        final Deque<Integer> previous = new ArrayDeque<>();
        final List<ObjectNode> events = new ArrayList<>();

        static History parse(String json) throws IOException {
            History h = new History();
            if (json == null || json.isBlank()) {
                return h;
            }
            JsonNode node;
            try {
                node = MlflowRestClient.json().readTree(json);
            } catch (IOException e) {
                throw new IOException("Corrupted alias history tag: not JSON: " + json, e);
            }
            for (JsonNode v : node.path("previous")) {
                h.previous.addLast(v.asInt());
            }
            for (JsonNode e : node.path("events")) {
                h.events.add((ObjectNode) e);
            }
            return h;
        }

        void record(String alias, String action, Integer from, Integer to) {
            ObjectNode e = MlflowRestClient.object().put("action", action);
            if (from == null) {
                e.putNull("from");
            } else {
                e.put("from", from);
            }
            if (to == null) {
                e.putNull("to");
            } else {
                e.put("to", to);
            }
            e.put("time", System.currentTimeMillis());
            events.add(e);
            while (events.size() > MAX_EVENTS) {
                events.remove(0);
            }
            while (previous.size() > MAX_EVENTS) {
                previous.removeLast();
            }
        }

        String toJson() throws IOException {
            ObjectNode node = MlflowRestClient.object();
            ArrayNode prev = node.putArray("previous");
            previous.forEach(prev::add);
            ArrayNode ev = node.putArray("events");
            events.forEach(ev::add);
            return MlflowRestClient.json().writeValueAsString(node);
        }

        List<AliasEvent> events(String alias) {
            List<AliasEvent> result = new ArrayList<>();
            for (ObjectNode e : events) {
                result.add(new AliasEvent(alias, e.path("action").asText(),
                        e.path("from").isNumber() ? e.path("from").asInt() : null,
                        e.path("to").isNumber() ? e.path("to").asInt() : null, e.path("time").asLong()));
            }
            return result;
        }
    }
}
