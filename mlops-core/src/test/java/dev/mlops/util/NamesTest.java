package dev.mlops.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void nearest_typo_findsIntendedName() {
        assertEquals(Optional.of("trainer"), Names.nearest("trainr", List.of("name", "task", "trainer", "dataset")));
        assertEquals(Optional.of("f1_weighted"), Names.nearest("f1_wieghted", List.of("accuracy", "f1_weighted", "f1_macro")));
    }

    @Test
    void nearest_unrelated_findsNothing() {
        assertEquals(Optional.empty(), Names.nearest("banana", List.of("name", "task")));
    }

    @Test
    void distance_transposition_countsOnce() {
        assertEquals(1, Names.distance("ab", "ba"));
        assertEquals(3, Names.distance("kitten", "sitting"));
    }

    @Test
    void suggestion_listsValidNames() {
        assertEquals("; did you mean 'task'? Valid: name, task", Names.suggestion("tsak", List.of("name", "task")));
    }
}
