package dev.mlops.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    static final Path DATA = Path.of("src/test/resources/data");

    @TempDir
    Path dir;

    @Test
    void load_iris_infersNumericFeaturesAndSortedLabels() throws IOException {
        Dataset iris = Dataset.load(DatasetSpec.csv("iris.csv", "species"), DATA, Task.CLASSIFICATION);
        assertEquals(150, iris.size());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                iris.features().stream().map(Column::name).toList());
        assertTrue(iris.features().stream().allMatch(c -> c.kind() == ColumnKind.NUMERIC));
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.labels());
        assertEquals("2", iris.rowId(0), "row ids are line numbers");
        assertEquals(5.1, iris.feature("sepal_length").number(0));
    }

    @Test
    void load_housing_defaultPolicy_namesFirstEmptyCell() {
        DataException e = assertThrows(DataException.class,
                () -> Dataset.load(DatasetSpec.csv("housing.csv", "median_house_value"), DATA, Task.REGRESSION));
        assertTrue(e.getMessage().startsWith("housing.csv:292: column 'total_bedrooms' is empty"), e.getMessage());
    }

    @Test
    void load_housing_imputeOrDrop() throws IOException {
        Dataset imputed = Dataset.load(housing(MissingPolicy.IMPUTE_MEDIAN), DATA, Task.REGRESSION);
        assertEquals(20640, imputed.size());
        assertEquals(ColumnKind.CATEGORICAL, imputed.feature("ocean_proximity").kind());
        assertEquals(MissingPolicy.IMPUTE_MEDIAN, imputed.feature("total_bedrooms").spec().missing());
        assertEquals(207, countMissing(imputed.feature("total_bedrooms")));
        // The dataset-wide median policy does not apply to the categorical column, which has no gaps.
        assertEquals(MissingPolicy.ERROR, imputed.feature("ocean_proximity").spec().missing());

        Dataset dropped = Dataset.load(housing(MissingPolicy.DROP_ROW), DATA, Task.REGRESSION);
        assertEquals(20640 - 207, dropped.size());
    }

    @Test
    void fingerprint_sameContentSame_oneByteChangesIt() throws IOException {
        String csv = "a,b,y\n1,2,x\n3,4,z\n";
        Files.writeString(dir.resolve("d.csv"), csv);
        String first = Dataset.load(DatasetSpec.csv("d.csv", "y"), dir, Task.CLASSIFICATION).fingerprint();
        assertEquals(first, Dataset.load(DatasetSpec.csv("d.csv", "y"), dir, Task.CLASSIFICATION).fingerprint());
        Files.writeString(dir.resolve("d.csv"), csv.replace("3,4", "3,5"));
        assertNotEquals(first, Dataset.load(DatasetSpec.csv("d.csv", "y"), dir, Task.CLASSIFICATION).fingerprint());
        assertEquals(64, first.length());
    }

    @Test
    void csv_quotedFieldsWithCommasQuotesAndNewlines() throws IOException {
        Dataset d = load("text,y\n\"hello, \"\"world\"\"\",a\n\"two\nlines\",b\nplain,a\n", "y");
        assertEquals(3, d.size());
        Column text = d.feature("text");
        assertEquals("hello, \"world\"", text.text(0));
        assertEquals("two\nlines", text.text(1));
        assertEquals("5", d.rowId(2), "a row after a quoted line break keeps its physical line number");
    }

    @Test
    void errors_nameFileLineAndColumn() {
        assertError("a,b,y\n1,2,x\n3,x\n", "y", "d.csv:3: expected 3 columns (a, b, y) but found 2");
        assertError("a,y\n1,x\n2,x\n3,x\n4,x\n5,x\n6,x\n7,x\n8,x\n9,x\n1O,x\n", "y",
                "d.csv:11: column 'a' looks numeric (9 of 10 values are numbers) but has '1O'");
        assertError("a,y\n1,x\n", "species", "d.csv:1: target column 'species' not found");
        assertError("", "y", "d.csv: the file is empty");
        assertError("a,y\n", "y", "d.csv: the file has a header but no data rows");
        assertError("a,y\n\"1,x\n", "y", "d.csv:2: a quoted field is never closed");
        assertError("a,a,y\n1,2,x\n", "y", "d.csv:1: column name 'a' appears twice");
    }

    @Test
    void errors_unknownTarget_suggestsNearest() {
        DataException e = assertThrows(DataException.class,
                () -> Dataset.load(DatasetSpec.csv("iris.csv", "specie"), DATA, Task.CLASSIFICATION));
        assertEquals("iris.csv:1: target column 'specie' not found; did you mean 'species'? Valid: sepal_length,"
                + " sepal_width, petal_length, petal_width, species", e.getMessage());
    }

    @Test
    void errors_declaredNumericWithText() throws IOException {
        Files.writeString(dir.resolve("d.csv"), "a,y\n1,x\nabc,y\n");
        DatasetSpec spec = new DatasetSpec("d.csv", null, null, null, "y", Map.of("a", FeatureSpec.of(ColumnKind.NUMERIC)),
                null, null, null, null);
        DataException e = assertThrows(DataException.class, () -> Dataset.load(spec, dir, Task.CLASSIFICATION));
        assertEquals("d.csv:3: column 'a' is numeric but has 'abc'; use a number such as 1.5, or declare the column"
                + " categorical", e.getMessage());
    }

    @Test
    void errors_regressionTargetNotANumber() {
        assertThrows(DataException.class, () -> Dataset.load(DatasetSpec.csv("iris.csv", "species"), DATA, Task.REGRESSION),
                "iris.csv:2: target column 'species' must be a finite number");
    }

    @Test
    void split_stratifiedSeeded_sameEveryTime() throws IOException {
        Dataset iris = Dataset.load(DatasetSpec.csv("iris.csv", "species"), DATA, Task.CLASSIFICATION);
        Split a = iris.split(SplitSpec.defaults(), true);
        Split b = iris.split(SplitSpec.defaults(), true);
        assertArrayEquals(a.test(), b.test());
        assertArrayEquals(a.validation(), b.validation());
        assertEquals(30, a.test().length);
        assertEquals(24, a.validation().length);
        assertEquals(96, a.train().length);
        for (String label : iris.labels()) {
            assertEquals(10, Arrays.stream(a.test()).filter(r -> iris.label(r).equals(label)).count(), label);
            assertEquals(8, Arrays.stream(a.validation()).filter(r -> iris.label(r).equals(label)).count(), label);
        }
        // Pinned: the split is part of the reproducibility promise across machines and JVMs.
        assertEquals("[3, 6, 7, 14, 21]", Arrays.toString(Arrays.copyOf(a.test(), 5)));
        Split other = iris.split(new SplitSpec(null, null, 7L, null, null), false);
        assertNotEquals(Arrays.toString(a.test()), Arrays.toString(other.test()));
    }

    @Test
    void split_classWithOneExample_isAClearError() throws IOException {
        Files.writeString(dir.resolve("d.csv"), "a,y\n1,x\n2,x\n3,y\n4,x\n");
        Dataset d = Dataset.load(DatasetSpec.csv("d.csv", "y"), dir, Task.CLASSIFICATION);
        DataException e = assertThrows(DataException.class, () -> d.split(SplitSpec.defaults(), false));
        assertTrue(e.getMessage().startsWith("d.csv:4: class 'y' has only 1 example"), e.getMessage());
        assertEquals(1, d.split(new SplitSpec(0.25, null, null, false, null), false).test().length);
    }

    @Test
    void split_testFile_isTheTestPart() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "a,y\n1,x\n2,y\n3,x\n4,y\n");
        Files.writeString(dir.resolve("test.csv"), "a,y\n5,x\n6,y\n");
        DatasetSpec spec = DatasetSpec.csv("train.csv", "y").withSplit(new SplitSpec(null, null, null, null, "test.csv"));
        Dataset d = Dataset.load(spec, dir, Task.CLASSIFICATION);
        Split s = d.split(spec.split(), false);
        assertArrayEquals(new int[] {4, 5}, s.test());
        assertEquals("test.csv:2", d.rowId(4));
    }

    @Test
    void tsv_withoutHeader_textColumnInferred() throws IOException {
        Files.writeString(dir.resolve("s.txt"), "Great value, \"works\" well.\t1\nBroke after one day of use\t0\n");
        DatasetSpec spec = new DatasetSpec("s.txt", null, null, List.of("sentence", "label"), "label", null, null,
                null, null, null);
        Dataset d = Dataset.load(spec, dir, Task.CLASSIFICATION);
        assertEquals(ColumnKind.TEXT, d.feature("sentence").kind());
        assertEquals("Great value, \"works\" well.", d.feature("sentence").text(0));
        assertEquals(List.of("0", "1"), d.labels());
    }

    private DatasetSpec housing(MissingPolicy policy) {
        return new DatasetSpec("housing.csv", null, null, null, "median_house_value", null, null, policy, null, null);
    }

    private static long countMissing(Column c) {
        long n = 0;
        for (int i = 0; i < c.size(); i++) {
            n += c.isMissing(i) ? 1 : 0;
        }
        return n;
    }

    private Dataset load(String csv, String target) throws IOException {
        Files.writeString(dir.resolve("d.csv"), csv);
        return Dataset.load(DatasetSpec.csv("d.csv", target), dir, Task.CLASSIFICATION);
    }

    private void assertError(String csv, String target, String expectedStart) {
        DataException e = assertThrows(DataException.class, () -> load(csv, target));
        assertTrue(e.getMessage().startsWith(expectedStart), "expected '" + expectedStart + "' but was: " + e.getMessage());
    }
}
