package dev.mlops.report;

import java.util.Locale;

/** Escaping and number formatting shared by the report's HTML and SVG. */
final class Html {

    private Html() {
    }

    /**
     * Escapes text for HTML and SVG element content and for quoted attribute values: the five
     * markup characters become entities; control characters other than tab, line feed and carriage
     * return, which HTML forbids, become U+FFFD.
     *
     * @param text any text, null for an empty string
     * @return the escaped text
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ? "\uFFFD" : null;
            };
            if (replacement != null && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                if (replacement != null) {
                    sb.append(replacement);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * Shortens text for a chart label, keeping the first characters and an ellipsis. The full text
     * goes into the element's tooltip.
     *
     * @param text the text
     * @param max  the most characters to keep, at least 2
     * @return the text, or its first {@code max - 1} characters and an ellipsis
     */
    static String shorten(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "\u2026";
    }

    /**
     * Formats a metric value: 4 decimals in the common range, scientific notation for very small
     * or large values, "n/a" for NaN.
     *
     * @param x the value
     * @return the text
     */
    static String number(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "\u221e" : "\u2212\u221e";
        }
        if (x == 0) {
            return "0.0000";
        }
        double a = Math.abs(x);
        return a >= 1e-3 && a < 1e7 ? String.format(Locale.ROOT, "%.4f", x) : String.format(Locale.ROOT, "%.3e", x);
    }

    /**
     * Formats an axis tick value given the distance between ticks: just enough decimals to tell
     * ticks apart, and thousands as {@code k} / millions as {@code M} when the step allows it.
     *
     * @param x    the tick value
     * @param step the distance between neighbouring ticks, positive
     * @return the label
     */
    static String tick(double x, double step) {
        if (Math.abs(x) < step * 1e-9) {
            return "0";
        }
        if (step >= 1e6 && Math.abs(x) >= 1e6) {
            return tick(x / 1e6, step / 1e6) + "M";
        }
        if (step >= 1e3 && Math.abs(x) >= 1e3) {
            return tick(x / 1e3, step / 1e3) + "k";
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        String s = String.format(Locale.ROOT, "%." + Math.min(decimals, 12) + "f", x);
        return s.startsWith("-") ? "\u2212" + s.substring(1) : s;
    }

    /**
     * Formats an SVG coordinate to one decimal, without a trailing ".0" and without "-0".
     *
     * @param v the coordinate
     * @return the text
     */
    static String coord(double v) {
        long tenths = Math.round(v * 10);
        if (tenths == 0) {
            return "0";
        }
        String sign = tenths < 0 ? "-" : "";
        long abs = Math.abs(tenths);
        long whole = abs / 10;
        long frac = abs % 10;
        return frac == 0 ? sign + whole : sign + whole + "." + frac;
    }

    /**
     * Formats a share as a percentage with one decimal.
     *
     * @param share a value in [0, 1]
     * @return e.g. {@code 12.5%}
     */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
