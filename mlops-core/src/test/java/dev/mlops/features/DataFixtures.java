package dev.mlops.features;

import dev.mlops.data.Column;
import dev.mlops.data.Dataset;
import java.util.List;

final class DataFixtures {

    private DataFixtures() {
    }

    /** A classification data set over the given columns with a dummy label per row. */
    static Dataset withFeatures(List<Column> columns) {
        String[] labels = new String[columns.get(0).size()];
        java.util.Arrays.fill(labels, "x");
        return Dataset.classification("fixture", columns, "label", labels);
    }
}
