package dev.mlops.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tokenisation used for text features: lower-cased (root locale) runs of letters, digits,
 * underscores and apostrophes, like Python's {@code re.findall(r"[\w']+", s.lower())} on
 * ordinary text.
 */
public final class Tokenizer {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_']+");

    private Tokenizer() {
    }

    /**
     * Splits a document into tokens.
     *
     * @param text the document
     * @return its tokens in order
     */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
