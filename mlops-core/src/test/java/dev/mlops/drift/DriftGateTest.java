package dev.mlops.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftGateTest {

    @TempDir
    Path dir;

    private static ReferenceProfile profile() {
        double[] x = new double[200];
        String[] c = new String[200];
        for (int i = 0; i < 200; i++) {
            x[i] = i % 50;
            c[i] = i % 4 == 0 ? "b" : "a";
        }
        return ReferenceProfile.build(DataColumns.of(FeatureColumn.numeric("x", x), FeatureColumn.categorical("c", c)));
    }

    @Test
    void checkCsv_sameDistribution_passes() throws Exception {
        StringBuilder csv = new StringBuilder("id,c,x\n");
        for (int i = 0; i < 100; i++) {
            csv.append(i).append(',').append(i % 4 == 1 ? "b" : "a").append(',').append((i * 7) % 50).append('\n');
        }
        Path file = dir.resolve("recent.csv");
        Files.writeString(file, csv);
        DriftVerdict v = DriftGate.checkCsv(file, profile(), DriftSpec.defaults());
        assertTrue(v.passed(), v.explanation());
        assertEquals(List.of(), v.violations());
        assertEquals("No drift: 0 of 2 features drifted (threshold share 50.0%).", v.explanation());
    }

    @Test
    void checkCsv_shiftedData_failsWithAnExplanation() throws Exception {
        StringBuilder csv = new StringBuilder("x,c\n");
        for (int i = 0; i < 100; i++) {
            csv.append(20 + i % 50).append(',').append("a").append('\n');
        }
        Path file = dir.resolve("recent.csv");
        Files.writeString(file, csv);
        DriftVerdict v = DriftGate.checkCsv(file, profile(), DriftSpec.defaults());
        assertFalse(v.passed());
        assertEquals(List.of("2 of 2 features drifted (100.0% >= 50.0%)"), v.violations());
        assertTrue(v.explanation().startsWith("Drift: 2 of 2 features drifted (threshold share 50.0%): x (ks p="),
            v.explanation());
        assertTrue(v.explanation().contains("; c (z p="), v.explanation());
    }

    @Test
    void read_quotedFieldsMissingValuesAndTsv() throws Exception {
        ReferenceProfile p = ReferenceProfile.build(DataColumns.of(FeatureColumn.numeric("x", new double[] {1, 2}),
            FeatureColumn.text("t", new String[] {"a", "b"})));
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "t,x\r\n\"hello, \"\"world\"\"\",1.5\r\n\"two\nlines\",NA\n,\n");
        DataColumns d = DriftCsv.read(csv, p);
        assertArrayEquals(new String[] {"hello, \"world\"", "two\nlines", null}, d.feature("t").orElseThrow().stringValues());
        double[] x = d.feature("x").orElseThrow().numericValues();
        assertEquals(1.5, x[0]);
        assertTrue(Double.isNaN(x[1]) && Double.isNaN(x[2]));
        assertNull(d.prediction());

        Path tsv = dir.resolve("d.tsv");
        Files.writeString(tsv, "x\tt\n3\tsome text\n");
        assertEquals(3.0, DriftCsv.read(tsv, p).feature("x").orElseThrow().numericValues()[0]);
    }

    @Test
    void read_badContent_namesFileLineAndColumn() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "x,c\n1,a\nabc,b\n");
        dev.mlops.data.DataException e = assertThrows(dev.mlops.data.DataException.class, () -> DriftCsv.read(csv, profile()));
        assertEquals(csv + ":3: column 'x' is numeric but has 'abc'; expected a number or an empty field for missing",
            e.getMessage());

        Files.writeString(csv, "x,colour\n1,a\n");
        e = assertThrows(dev.mlops.data.DataException.class, () -> DriftCsv.read(csv, profile()));
        assertEquals(csv + ": no column 'c' that the reference profile has; did you mean 'x'? Valid: x, colour", e.getMessage());

        Files.writeString(csv, "x,c\n1,a,extra\n");
        e = assertThrows(dev.mlops.data.DataException.class, () -> DriftCsv.read(csv, profile()));
        assertEquals(csv + ":2: expected 2 columns (x, c) but found 3", e.getMessage());
    }
}
