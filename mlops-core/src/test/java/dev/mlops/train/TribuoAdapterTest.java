package dev.mlops.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.data.Column;
import dev.mlops.data.ColumnKind;
import dev.mlops.data.Dataset;
import dev.mlops.data.FeatureSpec;
import dev.mlops.features.FeaturePipeline;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;

class TribuoAdapterTest {

    @Test
    void example_textWithNoKnownTerm_isOneKnownFeatureAtZero() {
        Column text = Column.strings("t", FeatureSpec.of(ColumnKind.TEXT).withMissing(dev.mlops.data.MissingPolicy.ERROR, null),
                new String[] {"good phone", "bad battery", "zz qq"});
        Dataset data = Dataset.classification("s", List.of(text), "label", new String[] {"1", "0", "1"});
        FeaturePipeline pipeline = FeaturePipeline.fit(data, new int[] {0, 1}, false, false);
        Example<?> example = TribuoAdapter.example(data, 2, pipeline);
        assertEquals(1, example.size(), "Tribuo refuses an example without features");
        Feature f = example.iterator().next();
        assertEquals(0.0, f.getValue());
        assertEquals(pipeline.featureNames().get(0), f.getName());
    }
}
