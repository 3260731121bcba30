package dev.mlops.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.drift.stats.Reference;
import dev.mlops.drift.stats.SampleGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceProfileTest {

    @TempDir
    Path dir;

    private static DataColumns mixed() {
        return new DataColumns(List.of(
            FeatureColumn.numeric("age", new double[] {31, 45, Double.NaN, 27, 45, Double.POSITIVE_INFINITY, 60}),
            FeatureColumn.categorical("color", new String[] {"red", "blue", "red", null, "green", "red", "blue"}),
            FeatureColumn.text("review", new String[] {"Great phone!", "not good", null, "", "Great, great value",
                "meh", "Don't buy"})),
            FeatureColumn.categorical("label", new String[] {"1", "0", "1", "1", "0", "1", "0"}));
    }

    @Test
    void build_summarisesEveryKindAndThePredictions() {
        ReferenceProfile p = ReferenceProfile.build(mixed());
        assertEquals(7, p.rows());
        FeatureProfile age = p.feature("age").orElseThrow();
        assertEquals(2, age.missing());
        assertEquals(2.0 / 7, age.missingShare(), 1e-15);
        assertEquals(5, age.numeric().count());
        assertEquals(27.0, age.numeric().min());
        assertEquals(60.0, age.numeric().max());
        assertEquals(41.6, age.numeric().mean(), 1e-12);
        assertEquals(4, age.numeric().distinct());
        assertEquals(List.of(new NumericSummary.ValueCount(27, 1), new NumericSummary.ValueCount(31, 1),
            new NumericSummary.ValueCount(45, 2), new NumericSummary.ValueCount(60, 1)), age.numeric().values());
        assertArrayEquals(new double[] {27, 31, 45, 45, 60}, age.numeric().sample());

        CategoricalSummary color = p.feature("color").orElseThrow().categorical();
        assertEquals(List.of(new CategoryCount("red", 3), new CategoryCount("blue", 2), new CategoryCount("green", 1)),
            color.categories());
        assertEquals(0, color.otherCount());

        TextSummary review = p.feature("review").orElseThrow().text();
        assertEquals(6, review.documents());
        assertEquals(10, review.tokens());
        assertEquals(new CategoryCount("great", 3), review.topTokens().get(0));
        assertEquals(List.of(0.0, 1.0, 2.0, 2.0, 2.0, 3.0),
            java.util.Arrays.stream(review.tokensPerDocument().sample()).boxed().toList());
        assertEquals(List.of(new CategoryCount("1", 4), new CategoryCount("0", 3)), p.prediction().categorical().categories());
    }

    @Test
    void numericSummary_matchesNumpy() {
        for (JsonNode c : Reference.get("profile_summaries")) {
            double[] x = SampleGenerator.sample(c.get("gen"));
            NumericSummary s = ReferenceProfile.build(DataColumns.of(FeatureColumn.numeric("x", x)))
                .features().get(0).numeric();
            assertEquals(c.get("min").asDouble(), s.min());
            assertEquals(c.get("max").asDouble(), s.max());
            Reference.close(c.get("mean").asDouble(), s.mean(), 1e-13, 1e-13, "mean " + c.get("gen"));
            Reference.close(c.get("std").asDouble(), s.std(), 1e-12, 1e-13, "std " + c.get("gen"));
            assertEquals(c.get("distinct").asLong(), s.distinct());
            double[] q = Reference.doubles(c.get("quantiles"));
            for (int i = 0; i < q.length; i++) {
                Reference.close(q[i], s.quantiles().get(i).value(), 1e-14, 1e-12, "quantile " + s.quantiles().get(i).p());
            }
        }
    }

    @Test
    void build_millionRows_keepsABoundedSeededSample() {
        double[] x = SampleGenerator.sample(7, 1_000_000, "sum3", 1, 0);
        DataColumns data = DataColumns.of(FeatureColumn.numeric("x", x));
        ReferenceProfile a = ReferenceProfile.build(data);
        NumericSummary s = a.features().get(0).numeric();
        assertEquals(1_000_000, s.count());
        assertEquals(ProfileOptions.DEFAULT_SAMPLE_SIZE, s.sample().length);
        // The sample is a fair one: its median is within a few standard errors of the data's.
        double sampleMedian = NumericSummary.quantile(s.sample(), 0.5);
        assertEquals(s.quantiles().get(3).value(), sampleMedian, 0.03);

        String json = a.toJson();
        assertEquals(json, ReferenceProfile.build(data).toJson(), "same data and seed give the same bytes");
        DataColumns smaller = DataColumns.of(FeatureColumn.numeric("x", java.util.Arrays.copyOf(x, 20_000)));
        assertNotEquals(ReferenceProfile.build(smaller).toJson(),
            ReferenceProfile.build(smaller, ProfileOptions.defaults().withSeed(7)).toJson());
        // One numeric feature profiled from a million rows stays around 200 KB.
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 250_000, "profile of 1M rows is " + bytes + " bytes");
    }

    @Test
    void build_manyCategories_keepsTheMostFrequentAndPoolsTheRest() {
        String[] v = new String[3000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < 1000 ? "common" : "rare" + i;
        }
        CategoricalSummary s = ReferenceProfile.build(DataColumns.of(FeatureColumn.categorical("c", v)),
            new ProfileOptions(100, 10, 10, 1)).features().get(0).categorical();
        assertEquals(2001, s.distinct());
        assertEquals(10, s.categories().size());
        assertEquals(new CategoryCount("common", 1000), s.categories().get(0));
        assertEquals(1991, s.otherCount());
        assertTrue(s.truncated());
    }

    @Test
    void writeAndRead_roundTripsExactly() throws Exception {
        ReferenceProfile p = ReferenceProfile.build(mixed());
        Path file = dir.resolve("profile.json");
        p.write(file);
        ReferenceProfile back = ReferenceProfile.read(file);
        assertEquals(p, back);
        assertEquals(p.toJson(), back.toJson());
        String json = Files.readString(file);
        assertTrue(json.startsWith("{\n  \"formatVersion\" : 1,\n  \"rows\" : 7,\n  \"options\""), json);
    }

    @Test
    void read_invalidProfiles_failWithTheFileAndTheProblem() throws Exception {
        String good = ReferenceProfile.build(mixed()).toJson();
        Path file = dir.resolve("bad.json");

        Files.writeString(file, good.replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.read(file));
        assertEquals(file + ": formatVersion 9 is not supported; this version reads 1", e.getMessage());

        Files.writeString(file, good.replace("\"sample\" : [ 27.0, 31.0,", "\"sample\" : [ 31.0, 27.0,"));
        e = assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.read(file));
        assertEquals(file + ": features[0] ('age').numeric: sample[1]=27.0 is not finite, outside [min, max] or out of"
            + " ascending order", e.getMessage());

        Files.writeString(file, good.replace("\"kind\" : \"numeric\"", "\"kind\" : \"categorical\""));
        e = assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.read(file));
        assertEquals(file + ": features[0] ('age'): a categorical feature needs exactly its 'categorical' summary",
            e.getMessage());

        Files.writeString(file, good.replaceFirst("\"rows\" : 7,", "\"rows\" : 7, \"colour\" : 1,"));
        e = assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a drift reference profile at $.colour: "), e.getMessage());

        Files.writeString(file, "{ \"formatVersion\" : 1, ");
        e = assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": malformed JSON at line 1"), e.getMessage());
        assertFalse(e.getMessage().contains("REDACTED"));
    }

    @Test
    void dataColumns_unequalLengthsOrDuplicates_areRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataColumns.of(
            FeatureColumn.numeric("a", new double[2]), FeatureColumn.numeric("b", new double[3])));
        assertEquals("column 'b' has 3 rows but 'a' has 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataColumns.of(
            FeatureColumn.numeric("a", new double[2]), FeatureColumn.categorical("a", new String[2])));
        assertEquals("duplicate feature column 'a'", e.getMessage());
    }
}
