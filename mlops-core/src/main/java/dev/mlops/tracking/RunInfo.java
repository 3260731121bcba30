package dev.mlops.tracking;

/**
 * The metadata of a run (MLflow's {@code RunInfo}).
 *
 * @param runId          the run id (32 hex characters when created by this library)
 * @param experimentId   the experiment it belongs to
 * @param runName        the display name
 * @param userId         who started it
 * @param status         its status
 * @param startTime      start time in epoch milliseconds
 * @param endTime        end time in epoch milliseconds, or null while running
 * @param artifactUri    where its artifacts are stored (a URI)
 * @param lifecycleStage "active" or "deleted"
 */
public record RunInfo(String runId, String experimentId, String runName, String userId, RunStatus status,
                      long startTime, Long endTime, String artifactUri, String lifecycleStage) {
}
