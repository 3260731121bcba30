package dev.mlops.tracking;

import java.util.List;

/**
 * A search for runs, in MLflow's search syntax. Filters are clauses joined by {@code and}:
 * {@code params.x = 'a'}, {@code tags.k != 'v'}, {@code metrics.f1 > 0.9},
 * {@code attributes.status = 'FINISHED'}, {@code params.model LIKE 'sgd%'}; keys with spaces are
 * quoted with backticks or double quotes. Runs lacking a key never match a clause on it. Order by
 * entries are {@code metrics.f1 DESC}, {@code params.lr}, {@code attributes.start_time ASC}; runs
 * lacking the key sort last either way; ties keep MLflow's default order (newest first).
 *
 * <pre>{@code
 * // the top 5 runs by f1
 * store.searchRuns(RunQuery.of(experimentId).orderBy("metrics.f1 DESC").limit(5));
 * }</pre>
 *
 * @param experimentIds the experiments to search (at least one)
 * @param filter        the filter, or "" for all runs
 * @param orderBy       order by entries, first is most significant
 * @param maxResults    the largest number of runs returned, 1 to {@value #MAX_RESULTS}
 */
public record RunQuery(List<String> experimentIds, String filter, List<String> orderBy, int maxResults) {

    /** MLflow's default {@code max_results} for run searches. */
    public static final int DEFAULT_MAX_RESULTS = 1000;

    /** MLflow's upper bound of {@code max_results} for run searches. */
    public static final int MAX_RESULTS = 50000;

    /**
     * Validates and copies.
     *
     * @param experimentIds the experiments to search (at least one)
     * @param filter the filter, or "" for all runs
     * @param orderBy order by entries, first is most significant
     * @param maxResults the largest number of runs returned, 1 to {@value #MAX_RESULTS}
     */
    public RunQuery {
        experimentIds = List.copyOf(experimentIds);
        if (experimentIds.isEmpty()) {
            throw new IllegalArgumentException("a run query needs at least one experiment id");
        }
        filter = filter == null ? "" : filter;
        orderBy = List.copyOf(orderBy);
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw new IllegalArgumentException("maxResults is " + maxResults + "; must be 1 to " + MAX_RESULTS);
        }
    }

    /**
     * All runs of the given experiments, newest first, at most {@value #DEFAULT_MAX_RESULTS}.
     *
     * @param experimentIds experiment ids
     * @return the query
     */
    public static RunQuery of(String... experimentIds) {
        return new RunQuery(List.of(experimentIds), "", List.of(), DEFAULT_MAX_RESULTS);
    }

    /**
     * Sets the filter.
     *
     * @param newFilter e.g. {@code "params.model = 'sgd' and metrics.f1 > 0.8"}
     * @return a new query
     */
    public RunQuery filter(String newFilter) {
        return new RunQuery(experimentIds, newFilter, orderBy, maxResults);
    }

    /**
     * Sets the order.
     *
     * @param entries e.g. {@code "metrics.f1 DESC"}
     * @return a new query
     */
    public RunQuery orderBy(String... entries) {
        return new RunQuery(experimentIds, filter, List.of(entries), maxResults);
    }

    /**
     * Sets the largest number of runs returned.
     *
     * @param max 1 to {@value #MAX_RESULTS}
     * @return a new query
     */
    public RunQuery limit(int max) {
        return new RunQuery(experimentIds, filter, orderBy, max);
    }
}
