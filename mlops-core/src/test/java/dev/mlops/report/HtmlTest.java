package dev.mlops.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escape_markupQuotesAndControlCharacters() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Html.escape("a <b> & \"c\" 'd'"));
        assertEquals("tab\tnew\nline \uFFFD\uFFFD", Html.escape("tab\tnew\nline \u0000\u007f"));
        String plain = "setosa";
        assertSame(plain, Html.escape(plain), "nothing to escape, no copy");
        assertEquals("", Html.escape(null));
    }

    @Test
    void number_fourDecimalsOrScientific() {
        assertEquals("0.9333", Html.number(0.93333333));
        assertEquals("1.0000", Html.number(1));
        assertEquals("0.0000", Html.number(0));
        assertEquals("69140.3984", Html.number(69140.39837));
        assertEquals("4.780e+09", Html.number(4.78e9));
        assertEquals("1.500e-04", Html.number(0.00015));
        assertEquals("n/a", Html.number(Double.NaN));
    }

    @Test
    void tick_enoughDecimalsAndThousands() {
        assertEquals("0.2", Html.tick(0.2, 0.2));
        assertEquals("0.25", Html.tick(0.25, 0.05));
        assertEquals("0", Html.tick(1e-17, 0.2));
        assertEquals("200k", Html.tick(200000, 100000));
        assertEquals("\u2212200k", Html.tick(-200000, 100000));
        assertEquals("1500k", Html.tick(1500000, 500000), "one unit along an axis, chosen by its step");
        assertEquals("3M", Html.tick(3000000, 1000000));
        assertEquals("1500", Html.tick(1500, 500));
    }

    @Test
    void coord_oneDecimalNoNegativeZero() {
        assertEquals("12.3", Html.coord(12.34));
        assertEquals("12", Html.coord(11.96));
        assertEquals("-0.5", Html.coord(-0.5));
        assertEquals("0", Html.coord(-0.01));
    }

    @Test
    void shorten_keepsCodePoints() {
        assertEquals("abc", Html.shorten("abc", 3));
        assertEquals("ab\u2026", Html.shorten("abcd", 3));
        assertEquals("\uD83D\uDE00\u2026", Html.shorten("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", 2));
    }

    @Test
    void blue_runsFromTheLightestToTheDarkestStop() {
        assertEquals("#f7fbff", Charts.blue(0));
        assertEquals("#6baed6", Charts.blue(0.5));
        assertEquals("#08306b", Charts.blue(1));
    }
}
