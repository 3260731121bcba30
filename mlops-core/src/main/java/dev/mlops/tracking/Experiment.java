package dev.mlops.tracking;

import java.util.Map;

/**
 * An experiment: a named group of runs.
 *
 * @param id               the experiment id (numeric in the local store; "0" is "Default")
 * @param name             the unique name
 * @param artifactLocation where runs of this experiment store artifacts (a URI)
 * @param lifecycleStage   "active" or "deleted"
 * @param creationTime     creation time in epoch milliseconds, 0 when unknown
 * @param lastUpdateTime   last update time in epoch milliseconds, 0 when unknown
 * @param tags             experiment tags
 */
public record Experiment(String id, String name, String artifactLocation, String lifecycleStage,
                         long creationTime, long lastUpdateTime, Map<String, String> tags) {

    /**
     * Copies the tags.
     *
     * @param id the experiment id (numeric in the local store; "0" is "Default")
     * @param name the unique name
     * @param artifactLocation where runs of this experiment store artifacts (a URI)
     * @param lifecycleStage "active" or "deleted"
     * @param creationTime creation time in epoch milliseconds, 0 when unknown
     * @param lastUpdateTime last update time in epoch milliseconds, 0 when unknown
     * @param tags experiment tags
     */
    public Experiment {
        tags = Map.copyOf(tags);
    }
}
