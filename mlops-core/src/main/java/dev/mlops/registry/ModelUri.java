package dev.mlops.registry;

/**
 * A parsed {@code models:/} URI: {@code models:/<name>/<version>}, {@code models:/<name>@<alias>},
 * {@code models:/<name>/<stage>} (the newest version in that stage) or
 * {@code models:/<name>/latest} (the newest version).
 *
 * @param name     the registered model name
 * @param kind     which form
 * @param selector the version number, alias or stage name as written ("latest" for LATEST)
 */
public record ModelUri(String name, Kind kind, String selector) {

    /** The form of a models URI. */
    public enum Kind {
        /** {@code models:/name/3}. */
        VERSION,
        /** {@code models:/name@champion}. */
        ALIAS,
        /** {@code models:/name/Production}. */
        STAGE,
        /** {@code models:/name/latest}. */
        LATEST
    }

    private static final String SCHEME = "models:/";
    private static final String VALID = "valid forms: models:/<name>/<version>, models:/<name>@<alias>,"
            + " models:/<name>/<stage>, models:/<name>/latest";

    /**
     * Parses a models URI.
     *
     * @param uri the URI
     * @return the parsed URI
     * @throws IllegalArgumentException naming the URI and the valid forms
     */
    public static ModelUri parse(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("Not a models URI: '" + uri + "'; " + VALID);
        }
        String rest = uri.substring(SCHEME.length());
        while (rest.startsWith("/")) {
            rest = rest.substring(1); // models:///name/1 is accepted by MLflow too
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String name = rest.substring(0, at);
            String alias = rest.substring(at + 1);
            if (name.isEmpty() || alias.isEmpty() || alias.contains("/")) {
                throw new IllegalArgumentException("Malformed models URI '" + uri + "'; " + VALID);
            }
            return new ModelUri(name, Kind.ALIAS, alias);
        }
        int slash = rest.lastIndexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("Malformed models URI '" + uri + "'; " + VALID);
        }
        String name = rest.substring(0, slash);
        String selector = rest.substring(slash + 1);
        if (selector.matches("\\d+")) {
            return new ModelUri(name, Kind.VERSION, selector);
        }
        if (selector.equalsIgnoreCase("latest")) {
            return new ModelUri(name, Kind.LATEST, "latest");
        }
        if (Stage.find(selector) != null) {
            return new ModelUri(name, Kind.STAGE, selector);
        }
        throw new IllegalArgumentException("Malformed models URI '" + uri + "': '" + selector
                + "' is neither a version number, 'latest' nor a stage (None, Staging, Production, Archived); "
                + VALID);
    }

    /**
     * The version number of a VERSION URI.
     *
     * @return the number
     * @throws IllegalStateException for other kinds
     */
    public int version() {
        if (kind != Kind.VERSION) {
            throw new IllegalStateException(this + " does not name a version number");
        }
        try {
            return Integer.parseInt(selector);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Version " + selector + " in models:/" + name + " is too large", e);
        }
    }

    @Override
    public String toString() {
        return SCHEME + name + (kind == Kind.ALIAS ? "@" : "/") + selector;
    }
}
