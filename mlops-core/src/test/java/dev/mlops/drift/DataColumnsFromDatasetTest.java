package dev.mlops.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.data.ColumnKind;
import dev.mlops.data.Dataset;
import dev.mlops.data.DatasetSpec;
import dev.mlops.data.MissingPolicy;
import dev.mlops.data.Task;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataColumnsFromDatasetTest {

    @Test
    void of_dataset_keepsKindsValuesAndMissing() throws Exception {
        Dataset housing = Dataset.load(new DatasetSpec("housing.csv", null, null, null, "median_house_value", null, null,
                MissingPolicy.IMPUTE_MEDIAN, null, null), Path.of("src/test/resources/data"), Task.REGRESSION);
        DataColumns columns = DataColumns.of(housing, new int[] {0, 290});
        assertEquals(9, columns.features().size());
        FeatureColumn bedrooms = columns.feature("total_bedrooms").orElseThrow();
        assertEquals(ColumnKind.NUMERIC, bedrooms.kind());
        assertEquals(129.0, bedrooms.numericValues()[0]);
        assertEquals(Double.NaN, bedrooms.numericValues()[1], "line 292 has no total_bedrooms");
        FeatureColumn ocean = columns.feature("ocean_proximity").orElseThrow();
        assertEquals(ColumnKind.CATEGORICAL, ocean.kind());
        assertArrayEquals(new String[] {"NEAR BAY", "NEAR BAY"}, ocean.stringValues());
    }
}
