package dev.mlops.tracking;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles as Python's {@code repr(float)} does, which is how MLflow writes metric values
 * into {@code metrics/<key>} files: the shortest decimal that reads back as the same double,
 * fixed notation for exponents -4 to 15 ({@code 0.0001}, {@code 1.0}), scientific otherwise
 * ({@code 1e-05}, {@code 1e+16}), and {@code nan}, {@code inf}, {@code -inf}.
 */
final class PythonFloat {

    private PythonFloat() {
    }

    /**
     * Python's {@code repr} of a double.
     *
     * @param v the value
     * @return its text
     */
    static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(v);
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = v < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.abs().toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }

    /**
     * The shortest decimal that parses back to {@code v}, and among those the closest to it.
     * Double.toString round-trips but is not always shortest before JDK 19; rounding the exact
     * value to fewer digits finds the shortest one, and round-tripping is monotone in the digit
     * count, so the search walks down from Double.toString's length.
     */
    private static BigDecimal shortest(double v) {
        BigDecimal best = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        BigDecimal exact = new BigDecimal(v);
        for (int precision = best.precision() - 1; precision >= 1; precision--) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() != v) {
                break;
            }
            best = candidate.stripTrailingZeros();
        }
        return best;
    }

    /**
     * Parses a value written by Python or Java: also accepts {@code nan}, {@code inf},
     * {@code -inf}, {@code Infinity} in any case.
     *
     * @param text the text
     * @return the value
     * @throws NumberFormatException when it is not a number
     */
    static double parse(String text) {
        String t = text.trim();
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(t);
        }
    }
}
