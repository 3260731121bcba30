package dev.mlops.maven.image;

import java.util.Objects;

/**
 * A user name and password (or token) for an image registry, e.g. taken from a {@code <server>}
 * in Maven's {@code settings.xml} or from environment variables.
 *
 * @param username the user name; not blank
 * @param password the password or token; not empty
 */
public record RegistryCredential(String username, String password) {

    /** Checks that both parts are present. */
    public RegistryCredential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank()) {
            throw new IllegalArgumentException("registry credential has a blank username");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("registry credential for user '" + username + "' has an empty password");
        }
    }

    /** @return the user name with the password masked, so that credentials never reach a log */
    @Override
    public String toString() {
        return "RegistryCredential[username=" + username + ", password=****]";
    }
}
