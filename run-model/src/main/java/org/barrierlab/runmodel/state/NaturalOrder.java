package org.barrierlab.runmodel.state;

import java.util.Comparator;

/**
 * Orders ids so that embedded numbers compare as numbers: {@code p2 < p10}; leading zeros do
 * not count. Consistent with equals for ids without leading zeros (ties fall back to {@link
 * String#compareTo}).
 *
 * <pre>{@code
 * SortedMap<String, ParticipantState> byId = new TreeMap<>(NaturalOrder.INSTANCE);
 * }</pre>
 */
public enum NaturalOrder implements Comparator<String> {
    INSTANCE;

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                while (si < i - 1 && a.charAt(si) == '0') {
                    si++; // leading zeros do not count
                }
                while (sj < j - 1 && b.charAt(sj) == '0') {
                    sj++;
                }
                int la = i - si;
                int lb = j - sj;
                if (la != lb) {
                    return Integer.compare(la, lb);
                }
                for (int k = 0; k < la; k++) {
                    int c = Character.compare(a.charAt(si + k), b.charAt(sj + k));
                    if (c != 0) {
                        return c;
                    }
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }
}
