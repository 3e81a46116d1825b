package org.atoll.kernel.internal.input;

import java.util.Collection;
import java.util.Locale;

/** Suggests the known key an unknown one was probably meant to be. */
final class Suggest {

    private Suggest() {
    }

    /** {@code ; did you mean "image"?} for a near miss, else the list of known keys. */
    static String key(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        if (key.length() <= 64) {
            for (String k : known) {
                int d = distance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
                if (d < bestDistance) {
                    best = k;
                    bestDistance = d;
                }
            }
        }
        if (best != null && bestDistance <= (best.length() <= 4 ? 1 : 2)) {
            return "; did you mean \"" + best + "\"?";
        }
        return " (expected one of: " + String.join(", ", known) + ")";
    }

    /** Edit distance counting a swap of two neighbours as one edit. */
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
