package dev.mlops.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mlops.util.Names;
import java.util.Arrays;
import java.util.Locale;

/** What a model predicts: a class label or a number. */
public enum Task {
    /** Predict one of a fixed set of labels. */
    CLASSIFICATION,
    /** Predict a real number. */
    REGRESSION;

    /** @return the name used in spec files */
    @JsonValue
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a spec name.
     *
     * @param name {@code classification} or {@code regression}
     * @return the task
     * @throws IllegalArgumentException naming the valid tasks
     */
    @JsonCreator
    public static Task fromSpec(String name) {
        for (Task task : values()) {
            if (task.specName().equals(name)) {
                return task;
            }
        }
        throw new IllegalArgumentException("unknown task '" + name + "'"
                + Names.suggestion(name, Arrays.stream(values()).map(Task::specName).toList()));
    }
}
