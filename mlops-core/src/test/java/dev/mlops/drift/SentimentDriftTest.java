package dev.mlops.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.drift.stats.Reference;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real case from the sentiment sentences: text from other sites drifts, text from the same
 * site does not. Distances pinned from drift_reference.py ("sentiment_text_js").
 */
class SentimentDriftTest {

    static List<String> sentences(String site) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            SentimentDriftTest.class.getResourceAsStream("/drift/sentiment/" + site + "_labelled.txt"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isEmpty()) {
                    out.add(line.substring(0, line.lastIndexOf('\t')));
                }
            }
        }
        return out;
    }

    private static DataColumns text(List<String> docs) {
        return DataColumns.of(FeatureColumn.text("sentence", docs.toArray(String[]::new)));
    }

    @Test
    void amazonAndYelpVersusImdb_textDrifts() throws IOException {
        List<String> reference = new ArrayList<>(sentences("amazon_cells"));
        reference.addAll(sentences("yelp"));
        ReferenceProfile profile = ReferenceProfile.build(text(reference));
        DriftVerdict v = DriftGate.check(profile, text(sentences("imdb")), DriftSpec.defaults());

        FeatureDrift f = v.report().features().get(0);
        assertEquals(DriftMethod.JENSENSHANNON, f.method());
        Reference.close(Reference.get("sentiment_text_js").get("amazon_yelp_vs_imdb").asDouble(), f.distance(), 1e-12, 0,
            "token JS distance");
        assertTrue(f.drifted());
        assertFalse(v.passed());
        assertEquals(List.of("1 of 1 features drifted (100.0% >= 50.0%)"), v.violations());
    }

    @Test
    void amazonHalves_textDoesNotDrift() throws IOException {
        List<String> amazon = sentences("amazon_cells");
        ReferenceProfile profile = ReferenceProfile.build(text(amazon.subList(0, 500)));
        DriftVerdict v = DriftGate.check(profile, text(amazon.subList(500, 1000)), DriftSpec.defaults());

        FeatureDrift f = v.report().features().get(0);
        Reference.close(Reference.get("sentiment_text_js").get("amazon_first_vs_second_half").asDouble(), f.distance(),
            1e-12, 0, "token JS distance");
        assertFalse(f.drifted());
        assertTrue(v.passed(), v.explanation());
    }

    @Test
    void imdbSentenceLength_driftsToo() throws IOException {
        // Tokens per document: IMDB sentences are longer. Reference of 2000 documents: Wasserstein.
        List<String> reference = new ArrayList<>(sentences("amazon_cells"));
        reference.addAll(sentences("yelp"));
        FeatureDrift f = DriftDetector.detect(ReferenceProfile.build(text(reference)), text(sentences("imdb")),
            DriftSpec.defaults().withFeature("sentence", DriftMethod.WASSERSTEIN, null)).features().get(0);
        assertTrue(f.drifted(), f.toString());
        assertTrue(f.detail().startsWith("tokens per document"), f.detail());
    }
}
