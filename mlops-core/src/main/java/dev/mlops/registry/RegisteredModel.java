package dev.mlops.registry;

import java.util.Map;

/**
 * A named model of the registry.
 *
 * @param name                 the unique name
 * @param creationTimestamp    creation time in epoch milliseconds
 * @param lastUpdatedTimestamp last change in epoch milliseconds
 * @param description          a description, or null
 * @param tags                 model tags (including the alias histories this library keeps)
 * @param aliases              alias name to the version it points at
 */
public record RegisteredModel(String name, long creationTimestamp, long lastUpdatedTimestamp, String description,
                              Map<String, String> tags, Map<String, Integer> aliases) {

    /**
     * Copies the maps.
     *
     * @param name the unique name
     * @param creationTimestamp creation time in epoch milliseconds
     * @param lastUpdatedTimestamp last change in epoch milliseconds
     * @param description a description, or null
     * @param tags model tags (including the alias histories this library keeps)
     * @param aliases alias name to the version it points at
     */
    public RegisteredModel {
        tags = Map.copyOf(tags);
        aliases = Map.copyOf(aliases);
    }
}
