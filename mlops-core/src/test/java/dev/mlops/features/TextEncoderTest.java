package dev.mlops.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins values from scikit-learn, computed by {@code src/test/python/text_features_reference.py}. */
class TextEncoderTest {

    static final List<String> TRAIN = List.of(
            "Great phone, great battery!",
            "The battery died after a day.",
            "Not great: the screen cracked",
            "I love the screen and the phone");
    static final String QUERY = "the great screen, the GREAT phone x";

    @Test
    void terms_matchScikitLearnTokenPattern() {
        assertEquals(List.of("the", "great", "screen", "the", "great", "phone"), TextEncoder.terms(QUERY, 1, true));
        assertEquals(List.of("don", "go", "don go"), TextEncoder.terms("I don't go", 2, true));
    }

    @Test
    void encode_counts_matchCountVectorizer() {
        TextEncoder encoder = fit(1, false);
        assertEquals(12, encoder.vocabulary().size());
        assertEquals(Map.of("t:great", 2.0, "t:phone", 1.0, "t:screen", 1.0, "t:the", 2.0), encode(encoder));
    }

    @Test
    void encode_tfidfBigrams_matchTfidfVectorizer() {
        TextEncoder encoder = fit(2, true);
        assertEquals(27, encoder.vocabulary().size());
        Map<String, Double> got = encode(encoder);
        Map<String, Double> expected = Map.of(
                "t:great", 0.6252904326448119,
                "t:great phone", 0.39655081366042105,
                "t:phone", 0.31264521632240594,
                "t:screen", 0.31264521632240594,
                "t:the", 0.5062264952069911);
        assertEquals(expected.keySet(), got.keySet());
        expected.forEach((k, v) -> assertEquals(v, got.get(k), 1e-12, k));
        assertEquals(1.2231435513142097, encoder.idf()[encoder.vocabulary().indexOf("the")], 1e-12);
    }

    @Test
    void encode_onlyUnknownWords_givesNoFeatures() {
        assertEquals(Map.of(), encode(fit(1, true), "zebra quokka"));
    }

    private static TextEncoder fit(int ngrams, boolean tfidf) {
        var spec = new dev.mlops.data.FeatureSpec(dev.mlops.data.ColumnKind.TEXT, dev.mlops.data.MissingPolicy.ERROR,
                null, ngrams, tfidf, null, null, null);
        var column = dev.mlops.data.Column.strings("t", spec, TRAIN.toArray(String[]::new));
        var data = DataFixtures.withFeatures(List.of(column));
        return (TextEncoder) FeaturePipeline.fit(data, new int[] {0, 1, 2, 3}, false, false).encoders().get(0);
    }

    private static Map<String, Double> encode(TextEncoder encoder) {
        return encode(encoder, QUERY);
    }

    private static Map<String, Double> encode(TextEncoder encoder, String text) {
        FeatureSink sink = new FeatureSink();
        encoder.encode(text, sink);
        FeatureVector v = sink.toVector();
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < v.size(); i++) {
            out.put(v.names()[i], v.values()[i]);
        }
        return out;
    }
}
