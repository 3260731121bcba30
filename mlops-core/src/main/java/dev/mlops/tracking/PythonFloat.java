package dev.mlops.tracking;

import java.math.BigDecimal;
import java.math.BigInteger;
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
        // significant digits and the position of the decimal point among them, from Double.toString
        String text = Double.toString(Math.abs(v));
        int e = text.indexOf('E');
        String mantissa = e < 0 ? text : text.substring(0, e);
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + (e < 0 ? 0 : Integer.parseInt(text.substring(e + 1)));
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        int end = digits.length();
        while (end > lead + 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(lead, end);
        point -= lead;
        if (digits.length() > 15 || Math.abs(v) < Double.MIN_NORMAL) {
            // up to 15 digits of a normal double are the shortest (DBL_DIG); longer output may not be
            BigDecimal shortest = shortest(v, new BigDecimal(new BigInteger(digits), digits.length() - point));
            digits = shortest.unscaledValue().toString();
            point = digits.length() - shortest.scale();
        }
        int exponent = point - 1;
        String sign = v < 0 ? "-" : "";
        if (exponent >= 16 || exponent < -4) {
            String m = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + m + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        if (point <= 0) {
            return sign + "0." + "0".repeat(-point) + digits;
        }
        if (point >= digits.length()) {
            return sign + digits + "0".repeat(point - digits.length()) + ".0";
        }
        return sign + digits.substring(0, point) + "." + digits.substring(point);
    }

    /**
     * The shortest decimal that parses back to {@code v}. Double.toString round-trips but before
     * JDK 19 it sometimes prints more digits than needed (JDK-4511638); dropping digits while the
     * result still round-trips (round-tripping is monotone in the digit count) removes them.
     */
    private static BigDecimal shortest(double v, BigDecimal decimal) {
        BigDecimal best = decimal.stripTrailingZeros();
        for (int precision = best.precision() - 1; precision >= 1; precision--) {
            BigDecimal candidate = best.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() != Math.abs(v)) {
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
