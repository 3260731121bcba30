package dev.mlops.util;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Helps error messages suggest the valid name a user most likely meant. */
public final class Names {

    private Names() {
    }

    /**
     * Returns the candidate closest to {@code name} by case-insensitive edit distance, if any
     * candidate is close enough to be a plausible typo (distance at most a third of the longer
     * name, and at least 2 allowed).
     *
     * @param name       the unknown name the user wrote
     * @param candidates the valid names
     * @return the nearest valid name, or empty when none is plausibly meant
     */
    public static Optional<String> nearest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int allowed = Math.max(2, Math.max(name.length(), best.length()) / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /**
     * Formats the usual suffix of an "unknown name" message: {@code "; did you mean 'x'? Valid: a, b, c"}.
     *
     * @param name       the unknown name
     * @param candidates the valid names, in the order they should be listed
     * @return the suffix, starting with {@code "; "}
     */
    public static String suggestion(String name, Collection<String> candidates) {
        StringBuilder sb = new StringBuilder();
        nearest(name, candidates).ifPresent(n -> sb.append("; did you mean '").append(n).append("'?"));
        sb.append(" Valid: ").append(String.join(", ", candidates));
        return sb.toString();
    }

    /** Damerau-Levenshtein (optimal string alignment) distance: a swap of two letters counts once. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
