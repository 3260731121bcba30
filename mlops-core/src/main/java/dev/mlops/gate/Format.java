package dev.mlops.gate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Formats numbers for explanations and names: short, without trailing zeros, locale-independent. */
final class Format {

    private Format() {
    }

    /** Four significant digits, whole numbers from 1000 on: 0.9533, 0.88, 8.425, 70123, 1e-6. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "undefined";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        double abs = Math.abs(v);
        if (abs >= 1e15 || abs < 1e-4) {
            String[] parts = String.format(Locale.ROOT, "%.2e", v).split("e");
            String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
            return mantissa + "e" + Integer.parseInt(parts[1]);
        }
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A fraction as a percentage: 0.95 to {@code 95%}, 0.015 to {@code 1.5%}. */
    static String percent(double fraction) {
        return number(fraction * 100) + "%";
    }

    /** A signed difference: {@code +0.02}, {@code -0.0333}. */
    static String signed(double v) {
        return (v > 0 ? "+" : "") + number(v);
    }
}
