package dev.aurelis.privacy.detection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Aho–Corasick automaton over keywords, case-insensitive, compiled into a dense transition table: one array read
 * per character of text, whatever the number of keywords. Characters are folded into the classes the keywords use
 * (every other character is one class), which keeps the table small when dictionaries add many words. Characters
 * outside ASCII share a class, so a keyword with such a character is matched loosely here and exactly by its check.
 */
final class KeywordAutomaton {

    private static final int OTHER = 0;
    private static final int NON_ASCII = 1;

    private final byte[] classOf = new byte[128];
    private final int classes;
    private final int[] next;       // state * classes + class -> state
    private final int[][] matches;  // state -> ids of keywords ending here (own and by failure links)
    private final int[] lengths;    // keyword id -> length

    KeywordAutomaton(List<String> keywords) {
        lengths = new int[keywords.size()];
        int nextClass = 2;
        for (String keyword : keywords) {
            for (int i = 0; i < keyword.length(); i++) {
                char c = Character.toLowerCase(keyword.charAt(i));
                if (c < 128 && classOf[c] == OTHER) {
                    classOf[c] = (byte) nextClass++;
                    if (nextClass > 127) {
                        throw new IllegalArgumentException("Too many distinct keyword characters");
                    }
                }
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            classOf[c] = classOf[Character.toLowerCase(c)];
        }
        classes = nextClass;

        List<int[]> trie = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        trie.add(new int[classes]);
        out.add(new ArrayList<>());
        for (int id = 0; id < keywords.size(); id++) {
            String keyword = keywords.get(id);
            if (keyword.isEmpty()) {
                throw new IllegalArgumentException("A keyword must not be empty");
            }
            lengths[id] = keyword.length();
            int state = 0;
            for (int i = 0; i < keyword.length(); i++) {
                int c = classOfChar(Character.toLowerCase(keyword.charAt(i)));
                if (trie.get(state)[c] == 0) {
                    trie.get(state)[c] = trie.size();
                    trie.add(new int[classes]);
                    out.add(new ArrayList<>());
                }
                state = trie.get(state)[c];
            }
            out.get(state).add(id);
        }

        // breadth-first: failure links folded into the table, outputs merged along them
        int states = trie.size();
        next = new int[states * classes];
        int[] fail = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < classes; c++) {
            int child = trie.get(0)[c];
            next[c] = child;
            if (child != 0) {
                queue.add(child);
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            out.get(state).addAll(out.get(fail[state]));
            for (int c = 0; c < classes; c++) {
                int child = trie.get(state)[c];
                if (child != 0) {
                    fail[child] = next[fail[state] * classes + c];
                    next[state * classes + c] = child;
                    queue.add(child);
                } else {
                    next[state * classes + c] = next[fail[state] * classes + c];
                }
            }
        }
        matches = new int[states][];
        Map<List<Integer>, int[]> shared = new HashMap<>();
        for (int s = 0; s < states; s++) {
            List<Integer> ids = out.get(s);
            matches[s] = ids.isEmpty() ? null
                    : shared.computeIfAbsent(ids, l -> l.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    int start() {
        return 0;
    }

    /** The state after reading {@code c}. */
    int step(int state, char c) {
        return next[state * classes + classOfChar(c)];
    }

    /** Ids of the keywords that end at the character just read into {@code state}, or null. */
    int[] matchesAt(int state) {
        return matches[state];
    }

    int length(int keyword) {
        return lengths[keyword];
    }

    int states() {
        return matches.length;
    }

    private int classOfChar(char c) {
        return c < 128 ? classOf[c] : NON_ASCII;
    }

    @Override
    public String toString() {
        return "KeywordAutomaton[" + states() + " states, " + classes + " classes, " + Arrays.stream(lengths).count()
                + " keywords]";
    }
}
