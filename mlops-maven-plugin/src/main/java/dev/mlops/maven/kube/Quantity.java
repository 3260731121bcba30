package dev.mlops.maven.kube;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity as written in a manifest ({@code 500m}, {@code 2}, {@code 1Gi}),
 * checked against the forms the API server accepts for CPU and memory, with its value so that a
 * request can be compared with its limit.
 *
 * @param text  the quantity as written
 * @param value its value in cores or bytes
 */
public record Quantity(String text, BigDecimal value) {

    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(m?)");
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)));

    /**
     * @param setting the setting being read, for the error
     * @param text    cores ({@code 2}, {@code 0.5}) or millicores ({@code 500m}); more than zero
     * @return the quantity, valued in cores
     * @throws InvalidSettingException for anything else
     */
    public static Quantity cpu(String setting, String text) {
        Matcher m = text == null ? null : CPU.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new InvalidSettingException(setting, "'" + text + "' is not a CPU quantity; valid: cores such as 2 or"
                    + " 0.5, or millicores such as 500m");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if (!m.group(2).isEmpty()) {
            value = value.movePointLeft(3);
        }
        return positive(setting, text.strip(), value);
    }

    /**
     * @param setting the setting being read, for the error
     * @param text    bytes with an optional suffix: {@code Ki Mi Gi Ti Pi Ei} (powers of 1024) or
     *                {@code k M G T P E} (powers of 1000); more than zero
     * @return the quantity, valued in bytes
     * @throws InvalidSettingException for anything else, including {@code 512m} (millibytes)
     */
    public static Quantity memory(String setting, String text) {
        Matcher m = text == null ? null : MEMORY.matcher(text.strip());
        if (m == null || !m.matches()) {
            String hint = text != null && text.strip().matches("\\d+(\\.\\d+)?[A-Za-z]+")
                    ? " (suffixes are case-sensitive: Mi or M, not m, mb or MB)" : "";
            throw new InvalidSettingException(setting, "'" + text + "' is not a memory quantity; valid: bytes with an"
                    + " optional suffix Ki, Mi, Gi, Ti (powers of 1024) or k, M, G, T (powers of 1000), such as 1Gi or"
                    + " 512Mi" + hint);
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            value = value.multiply(SUFFIXES.get(m.group(2)));
        }
        return positive(setting, text.strip(), value);
    }

    private static Quantity positive(String setting, String text, BigDecimal value) {
        if (value.signum() <= 0) {
            throw new InvalidSettingException(setting, "'" + text + "' must be more than zero");
        }
        return new Quantity(text, value);
    }

    /** @return whether this quantity is larger than {@code other} */
    boolean exceeds(Quantity other) {
        return value.compareTo(other.value) > 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
