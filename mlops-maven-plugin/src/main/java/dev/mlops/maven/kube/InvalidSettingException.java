package dev.mlops.maven.kube;

/**
 * A deployment setting with a value Kubernetes (or the model server) would not accept. The message
 * names the value and what is valid; {@link #setting()} names the setting, so that a caller can
 * report it in its own syntax (the Maven goal as {@code <cpuRequest>}).
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting the setting's name, e.g. {@code cpuRequest}
     * @param message what is wrong and what is valid, without the setting's name
     */
    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** @return the name of the setting with the bad value, e.g. {@code cpuRequest} */
    public String setting() {
        return setting;
    }
}
