package dev.mlops.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchFilterTest {

    private static Run run(String id, long start, Map<String, String> params, Map<String, Double> metrics,
                           Map<String, String> tags) {
        Map<String, Metric> m = new java.util.HashMap<>();
        metrics.forEach((k, v) -> m.put(k, new Metric(k, v, 1, 0)));
        return new Run(new RunInfo(id, "1", "name-" + id, "me", RunStatus.FINISHED, start, start + 5, "file:///x",
                "active"), params, m, tags);
    }

    private final Run a = run("a", 100, Map.of("model", "sgd", "lr", "0.1"), Map.of("f1", 0.91, "acc", 0.95),
            Map.of("team", "ml"));
    private final Run b = run("b", 200, Map.of("model", "SGD-large"), Map.of("f1", 0.85), Map.of());
    private final Run c = run("c", 300, Map.of("model", "tree"), Map.of("f1", Double.NaN), Map.of("team", "ops"));
    private final Run d = run("d", 400, Map.of(), Map.of(), Map.of());

    private List<String> ids(String filter, String... order) {
        SearchFilter f = SearchFilter.parse(filter);
        List<Run> runs = new ArrayList<>();
        for (Run r : List.of(a, b, c, d)) {
            if (f.matches(r)) {
                runs.add(r);
            }
        }
        runs.sort(SearchFilter.comparator(List.of(order)));
        return runs.stream().map(Run::id).toList();
    }

    @Test
    void clauses_joinedByAnd_missingKeysNeverMatch() {
        assertEquals(List.of("d", "c", "b", "a"), ids(""), "default order: newest first");
        assertEquals(List.of("a"), ids("params.model = 'sgd'"));
        assertEquals(List.of("c", "b"), ids("params.model != 'sgd'"), "runs without the param do not match !=");
        assertEquals(List.of("a"), ids("metrics.f1 > 0.9 and params.model = 'sgd'"));
        assertEquals(List.of("b", "a"), ids("metrics.f1 >= 0.85"), "NaN matches no comparison");
        assertEquals(List.of("a"), ids("metrics.f1>0.9"), "spaces are optional");
        assertEquals(List.of("b", "a"), ids("params.model ILIKE 'sgd%'"));
        assertEquals(List.of("b"), ids("params.model LIKE 'SGD%'"), "LIKE is case-sensitive");
        assertEquals(List.of("c", "a"), ids("tags.team LIKE '_%'"));
        assertEquals(List.of("a"), ids("tags.`team` = \"ml\""), "backtick keys and double-quoted values");
        assertEquals(List.of("b"), ids("attributes.run_id = 'b'"));
        assertEquals(List.of("d", "c"), ids("attributes.start_time >= 300"));
        assertEquals(List.of("d", "c", "b", "a"), ids("attributes.status = 'FINISHED'"));
        assertEquals(List.of("a"), ids("params.\"lr\" = '0.1'"));
    }

    @Test
    void orderBy_missingAndNanLastInBothDirections() {
        assertEquals(List.of("a", "b", "d", "c"), ids("", "metrics.f1 DESC"),
                "c has NaN and d no f1: both last, ties newest first");
        assertEquals(List.of("b", "a", "d", "c"), ids("", "metrics.f1 ASC"));
        assertEquals(List.of("b", "a", "d", "c"), ids("", "metrics.f1"));
        assertEquals(List.of("c", "a", "b", "d"), ids("", "params.model DESC", "attributes.start_time"));
        assertEquals(List.of("a", "b", "c", "d"), ids("", "start_time ASC"));
    }

    @Test
    void malformedFilters_sayWhereAndWhatIsValid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchFilter.parse("metrics.f1 >> 0.9"));
        assertTrue(e.getMessage().contains("at character 12"), e.getMessage());
        assertTrue(e.getMessage().contains("valid: =, !=, >, >=, <, <="), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchFilter.parse("metric.f1 > 'high'"));
        assertTrue(e.getMessage().contains("compared with a number, found high"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchFilter.parse("params.lr > '0.1'"));
        assertTrue(e.getMessage().contains("operator '>' is not valid for param 'lr'; valid: =, !=, LIKE, ILIKE"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchFilter.parse("foo.x = 'a'"));
        assertTrue(e.getMessage().contains("unknown entity 'foo'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchFilter.parse("params.a = 'x' or params.b = 'y'"));
        assertTrue(e.getMessage().contains("OR is not supported"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchFilter.parse("params.a = 'x"));
        assertTrue(e.getMessage().contains("unterminated"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchFilter.comparator(List.of("metrics.f1 DOWN")));
        assertTrue(e.getMessage().contains("expected ASC or DESC"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchFilter.parse("attributes.color = 'red'"));
        assertTrue(e.getMessage().contains("unknown attribute 'color'"), e.getMessage());
    }

    @Test
    void blankFilter_matchesAll() {
        assertTrue(SearchFilter.parse(null).matches(d));
        assertTrue(SearchFilter.parse("  ").clauses().isEmpty());
        assertFalse(SearchFilter.parse("metrics.f1 = 0.91").matches(d));
    }
}
