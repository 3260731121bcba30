package dev.mlops.registry;

import java.util.Locale;

/** MLflow's model version stages, for teams that still use them next to aliases. */
public enum Stage {
    /** No stage (a new version). */
    NONE("None"),
    /** Being validated. */
    STAGING("Staging"),
    /** Serving. */
    PRODUCTION("Production"),
    /** Retired. */
    ARCHIVED("Archived");

    private final String mlflowName;

    Stage(String mlflowName) {
        this.mlflowName = mlflowName;
    }

    /**
     * The name MLflow stores and sends.
     *
     * @return "None", "Staging", "Production" or "Archived"
     */
    public String mlflowName() {
        return mlflowName;
    }

    /**
     * The stage with this name, case-insensitively.
     *
     * @param name e.g. "production"
     * @return the stage
     * @throws IllegalArgumentException for unknown names
     */
    public static Stage parse(String name) {
        Stage stage = find(name);
        if (stage == null) {
            throw new IllegalArgumentException("Unknown stage '" + name + "'; valid: None, Staging, Production,"
                    + " Archived");
        }
        return stage;
    }

    /** The stage with this name, or null. */
    static Stage find(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        for (Stage s : values()) {
            if (s.mlflowName.toLowerCase(Locale.ROOT).equals(lower)) {
                return s;
            }
        }
        return null;
    }
}
