package dev.mlops.maven.kube;

import java.util.Locale;

/** The two deployments of a blue/green pair; the Service sends traffic to one of them. */
public enum Color {
    /** The first color; live by default. */
    BLUE,
    /** The second color. */
    GREEN;

    /** @return the label value, {@code blue} or {@code green} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the other color: where the next version goes while this one serves */
    public Color other() {
        return this == BLUE ? GREEN : BLUE;
    }

    /**
     * @param setting the setting being read, for the error
     * @param value   {@code blue} or {@code green}, in any case
     * @return the color
     * @throws InvalidSettingException for any other value
     */
    public static Color parse(String setting, String value) {
        String v = value == null ? "" : value.strip();
        for (Color c : values()) {
            if (c.label().equalsIgnoreCase(v)) {
                return c;
            }
        }
        throw new InvalidSettingException(setting, "'" + value + "' is not a color; valid: blue, green");
    }
}
