package dev.mlops.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Metric values are written as Python's repr(float); expected texts pinned by src/test/python/float_repr.py. */
class PythonFloatTest {

    /** Pairs of (IEEE-754 bits, Python repr) printed by float_repr.py. */
    private static final Object[][] PINNED = {
        {0L, "0.0"}, {-9223372036854775808L, "-0.0"}, {4607182418800017408L, "1.0"},
        {-4616189618054758400L, "-1.0"}, {4602678819172646912L, "0.5"}, {4591870180066957722L, "0.1"},
        {4599075939470750516L, "0.30000000000000004"}, {4599676419421066581L, "0.3333333333333333"},
        {4604180019048437077L, "0.6666666666666666"}, {4638387860618067575L, "123.456"},
        {4547007122018943789L, "0.0001"}, {4532020583610935537L, "1e-05"}, {4548686525128629352L, "0.00012345"},
        {4831355200913801216L, "1000000000000000.0"}, {4846369599423283200L, "1e+16"},
        {4848869599423283200L, "1.5e+16"}, {4817745636528479808L, "123456789012345.0"},
        {4832797072101665536L, "1234567890123456.0"}, {4847542438873900484L, "1.2345678901234568e+16"},
        {4955416454957714166L, "2e+23"}, {4950912855330343670L, "1e+23"}, {1L, "5e-324"},
        {9218868437227405311L, "1.7976931348623157e+308"}, {4606581938849701342L, "0.9333333333333333"},
        {4636737291354636288L, "100.0"}, {4547007122018943788L, "9.999999999999999e-05"},
        {9221120237041090560L, "nan"}, {9218868437227405312L, "inf"}, {-4503599627370496L, "-inf"},
    };

    @Test
    void repr_matchesPython() {
        for (Object[] pair : PINNED) {
            double v = Double.longBitsToDouble((Long) pair[0]);
            assertEquals(pair[1], PythonFloat.repr(v), "repr of " + v);
        }
    }

    /** 4000 seeded random doubles (all magnitudes, subnormals, scores) and Python's repr of each. */
    @Test
    void repr_matchesPythonOnRandomSample() throws java.io.IOException {
        try (var in = getClass().getResourceAsStream("python-repr-sample.txt")) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            assertEquals(4000, lines.size());
            for (String line : lines) {
                String[] parts = line.split(" ");
                double v = Double.longBitsToDouble(Long.parseLong(parts[0]));
                assertEquals(parts[1], PythonFloat.repr(v), "bits " + parts[0]);
                assertEquals(v, PythonFloat.parse(parts[1]));
            }
        }
    }

    @Test
    void parse_readsBackEveryPinnedText() {
        for (Object[] pair : PINNED) {
            double v = Double.longBitsToDouble((Long) pair[0]);
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(PythonFloat.parse((String) pair[1])),
                    (String) pair[1]);
        }
        assertEquals(Double.POSITIVE_INFINITY, PythonFloat.parse("Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, PythonFloat.parse("-Infinity"));
        assertEquals(1e-5, PythonFloat.parse("1.0E-5"));
    }
}
