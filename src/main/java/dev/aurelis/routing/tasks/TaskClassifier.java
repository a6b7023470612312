package dev.aurelis.routing.tasks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aurelis.routing.Task;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the task a developer asks for from the instructions of a request: the last user turn, and the system
 * prompt when it is short enough to state a task rather than an agent's standing rules. Weighted phrase patterns,
 * no network call; the task with the highest score wins when it reaches {@link #THRESHOLD}, ties going to the more
 * specific task (security before performance before review before documentation before generation).
 */
public final class TaskClassifier {

    /** Score a task needs before it is chosen over {@link Task#GENERAL}. */
    static final int THRESHOLD = 2;

    /**
     * A system prompt longer than this is an agent's manual (Claude Code's mentions security, reviews and docs in
     * every request); only its role line, at the start, says anything about the task.
     */
    public static final int SHORT_SYSTEM_PROMPT = 2_000;
    static final int ROLE_LINE = 400;

    /** Instructions sit before or after pasted code; the middle of a long turn is not read. */
    public static final int HEAD = 1_500;
    public static final int TAIL = 500;

    private static final Pattern FENCED_CODE = Pattern.compile("```.*?(```|\\z)", Pattern.DOTALL);
    private static final Pattern SYSTEM_REMINDER = Pattern.compile("<system-reminder>.*?(</system-reminder>|\\z)",
            Pattern.DOTALL);
    private static final Pattern FILL_IN_THE_MIDDLE = Pattern.compile(
            "<\\|?fim[_▁](prefix|suffix|middle)\\|?>|<PRE>.*<SUF>", Pattern.DOTALL);

    /**
     * A phrase pattern and the plain words one of which every match contains. The pattern runs only in a short window
     * around an occurrence of a trigger (see {@link Triggers}), so classifying costs one pass over the text and a
     * few short regular-expression searches rather than a dozen over the whole text.
     */
    private record Cue(Task task, int weight, Pattern pattern, List<String> triggers, boolean leading) {

        /**
         * Whether the pattern matches around one of the trigger occurrences found for this cue: starting at the
         * occurrence when the cue's matches start with a trigger ({@code leading}), else at a word start up to
         * {@link #WINDOW} characters before it.
         */
        boolean matchesAround(String lowerCaseText, int[] found, int count) {
            Matcher matcher = pattern.matcher(lowerCaseText).useTransparentBounds(true);
            for (int i = 0; i < count; i += 2) {
                int at = found[i];
                int end = Math.min(lowerCaseText.length(), at + found[i + 1] + WINDOW);
                if (leading ? matcher.region(at, end).lookingAt() : matchesBefore(matcher, lowerCaseText, at, end)) {
                    return true;
                }
            }
            return false;
        }

        /** A match that starts at one of the word starts in the window before the trigger (every pattern starts a word). */
        private static boolean matchesBefore(Matcher matcher, String text, int at, int end) {
            for (int start = at; start >= Math.max(0, at - WINDOW); start--) {
                if ((start == 0 || !isWordChar(text.charAt(start - 1))) && isWordChar(text.charAt(start))
                        && matcher.region(start, end).lookingAt()) {
                    return true;
                }
            }
            return false;
        }

        /** A word character as {@code \b} sees it. */
        private static boolean isWordChar(char c) {
            return c == '_' || Character.isLetterOrDigit(c);
        }
    }

    /** Characters around a trigger a match may reach: every pattern is a short phrase. */
    private static final int WINDOW = 100;
    /** Occurrences of one trigger looked at; the instructions come early, a word repeated further on adds nothing. */
    private static final int MAX_WINDOWS = 3;

    /** Ordered by tie-break priority: the first task listed wins a tie. */
    private static final List<Task> PRIORITY = List.of(Task.SECURITY_ANALYSIS, Task.PERFORMANCE_OPTIMIZATION,
            Task.CODE_REVIEW, Task.DOCUMENTATION, Task.CODE_GENERATION);

    private static final List<Cue> CUES = List.of(
            // security analysis
            cue(Task.SECURITY_ANALYSIS, 3, "\\bsecurity\\s+(review|audit|analysis|assessment|scan|check|issues?|flaws?|holes?|"
                    + "problems?|risks?|bugs?|vulnerabilit\\w*|implications)", List.of("security")),
            cue(Task.SECURITY_ANALYSIS, 2, "\\bvulnerab\\w*", List.of("vulnerab")),
            cueAround(Task.SECURITY_ANALYSIS, 3, "\\b(sql|command|code|shell|ldap|xpath|template|header|prompt|nosql)[ -]?injection",
                    List.of("injection")),
            cue(Task.SECURITY_ANALYSIS, 2, "\\b(xss|csrf|ssrf|xxe|rce|idor|owasp)\\b",
                    List.of("xss", "csrf", "ssrf", "xxe", "rce", "idor", "owasp")),
            cue(Task.SECURITY_ANALYSIS, 3, "\\bcve-\\d{4}-\\d+", List.of("cve-")),
            cue(Task.SECURITY_ANALYSIS, 2, "\\b(exploit(s|able|ed)?|attack surface|threat model\\w*|penetration test\\w*|pen-?test\\w*)\\b",
                    List.of("exploit", "attack surface", "threat model", "penetration test", "pentest", "pen-test")),
            cueAround(Task.SECURITY_ANALYSIS, 2, "\\b(auth(entication|orization)? bypass|privilege escalation|insecure deserialization|"
                    + "path traversal|directory traversal|buffer overflow|timing attack|open redirect)",
                    List.of("bypass", "privilege escalation", "deserializ", "traversal", "buffer overflow", "timing attack", "open redirect")),
            cueAround(Task.SECURITY_ANALYSIS, 2, "\\bhard-?coded (secrets?|credentials?|passwords?|api keys?|tokens?)|"
                    + "\\b(secrets?|credentials?|api keys?|tokens?) (are |is )?(leak\\w*|exposed)",
                    List.of("hardcoded", "hard-coded", "leak", "exposed")),
            cueAround(Task.SECURITY_ANALYSIS, 2, "\\b(is|are) (this|it|these|the \\w+|my \\w+) (\\w+ )?(secure|exploitable)\\b",
                    List.of("secure", "exploitable")),
            cue(Task.SECURITY_ANALYSIS, 1, "\\b(sanitiz|escap)\\w* (the |all )?(user )?inputs?",
                    List.of("sanitiz", "escap")),

            // performance optimisation
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\b(optimi[sz](e|es|ed|ing|ation)|speed(s|ing)? (it |this |things )?up|faster)\\b",
                    List.of("optimi", "speed", "faster")),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\b(performance|perf)\\b", List.of("perf")),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\b(too |so |very |really )?slow(er|ly|ness|s down)?\\b",
                    List.of("slow")),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\b(bottlenecks?|hot ?paths?|profil(er|ing)|flame ?graph)\\b",
                    List.of("bottleneck", "hot path", "hotpath", "profil", "flame")),
            cue(Task.PERFORMANCE_OPTIMIZATION, 1, "\\b(latency|throughput|benchmarks?)\\b",
                    List.of("latency", "throughput", "benchmark")),
            cueAround(Task.PERFORMANCE_OPTIMIZATION, 2, "\\b(time|space) complexity|\\bbig[- ]o\\b|\\bo\\(n( log n|\\^2|²)?\\)",
                    List.of("complexity", "big-o", "big o", "o(n")),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\bmemory (usage|footprint|leaks?|consumption|pressure)|\\b(allocations|gc pressure|"
                    + "cache misses)\\b", List.of("memory", "allocations", "gc pressure", "cache misses")),
            cue(Task.PERFORMANCE_OPTIMIZATION, 3, "\\b(reduce|cut|lower|improve|decrease) (the )?(runtime|run time|latency|memory|"
                    + "cpu( usage)?|allocations|load time|startup time|response time|p99)",
                    List.of("reduce", "cut", "lower", "improve", "decrease")),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\bn\\+1 quer(y|ies)|\\bslow quer(y|ies)|\\bquery plan\\b",
                    List.of("n+1", "slow quer", "query plan")),

            // code review
            cue(Task.CODE_REVIEW, 3, "\\breview(s|ing)?\\b", List.of("review")),
            cue(Task.CODE_REVIEW, 1, "\\b(pull request|merge request|pr|diff|patch|changeset)\\b",
                    List.of("pull request", "merge request", "pr", "diff", "patch", "changeset")),
            cue(Task.CODE_REVIEW, 2, "\\b(critique|feedback on|look (over|at) (my|this|the|these) (code|changes|pr|diff|"
                    + "implementation|commit))", List.of("critique", "feedback on", "look over", "look at")),
            cueAround(Task.CODE_REVIEW, 2, "\\b(any|spot|find|point out) (\\w+ )?(issues|problems|bugs|mistakes|code smells)\\b",
                    List.of("issues", "problems", "bugs", "mistakes", "code smell")),
            cue(Task.CODE_REVIEW, 2, "\\bis (this|my) (code|implementation|approach|change) (correct|idiomatic|good|ok(ay)?|clean|"
                    + "right)\\b", List.of("is this", "is my")),
            cue(Task.CODE_REVIEW, 1, "\\b(code smells?|best practices|lgtm|nitpicks?|nits)\\b",
                    List.of("code smell", "best practice", "lgtm", "nitpick", "nits")),

            // documentation
            cue(Task.DOCUMENTATION, 3, "\\b(docstrings?|javadoc|jsdoc|kdoc|rustdoc|godoc|tsdoc|doc ?comments?|xml doc)",
                    List.of("docstring", "javadoc", "jsdoc", "kdoc", "rustdoc", "godoc", "tsdoc", "doc comment", "doccomment", "xml doc")),
            cue(Task.DOCUMENTATION, 2, "\\b(readme|changelog|api (docs|documentation|reference)|user guide|tutorial|"
                    + "release notes|man page)",
                    List.of("readme", "changelog", "api doc", "user guide", "tutorial", "release notes", "man page")),
            cue(Task.DOCUMENTATION, 2, "\\bdocument(ing)? (this|the|these|my|our|all|each|every|its|how|what)\\b|\\bdocumentation\\b",
                    List.of("document")),
            cueAround(Task.DOCUMENTATION, 3, "\\b(add|write|generate|update|improve) (\\w+ ){0,2}(comments|docs)\\b",
                    List.of("comments", "docs")),
            cue(Task.DOCUMENTATION, 2, "\\bexplain (what|how|why) (this|the|my)\\b|\\bexplain (this|the) (code|function|class|"
                    + "module|file|method)", List.of("explain")),
            cue(Task.DOCUMENTATION, 1, "\\bwalk me through\\b|\\bsummari[sz]e (this|the) (code|module|file|changes|repo)",
                    List.of("walk me through", "summari")),

            // code generation
            // ".{0,40}?\b(function|...)" without its inner \b, which the engine checked at every step of the lazy run (a
            // quarter of classifying a chat request): the run's last character is one no word has, as \b asked
            cue(Task.CODE_GENERATION, 2, "\\b(write|implement|create|generate|build|add|scaffold|code up|make)\\b.{0,39}?"
                    + "[^\\w\\p{Mn}\\n\\r\\u0085\\u2028\\u2029](function|method|class|module|component|endpoint|api|script|tests?|cli|service|handler|feature|"
                    + "program|query|regex|migration|interface|struct|hook|page|route|parser|command)\\b",
                    List.of("write", "implement", "create", "generate", "build", "add", "scaffold", "code up", "make")),
            cue(Task.CODE_GENERATION, 2, "\\b(fix|resolve|debug) (the |this |a |my )?(\\w+ )?(bug|error|failing test|"
                    + "exception|crash|compile error|type error|issue)", List.of("fix", "resolve", "debug")),
            cue(Task.CODE_GENERATION, 2, "\\b(fix|solve|debug) (it|this|that)\\b", List.of("fix", "solve", "debug")),
            cueAround(Task.CODE_GENERATION, 1, "\\b(compile|build|type|runtime|syntax) errors?\\b|\\bstack ?trace\\b|"
                    + "\\b(build|test)s? (fails?|failing|broken)\\b",
                    List.of("error", "stack trace", "stacktrace", "fail", "broken")),
            cue(Task.CODE_GENERATION, 1, "\\brefactor\\w*\\b", List.of("refactor")),
            cue(Task.CODE_GENERATION, 1, "\\b(convert|port|translate|rewrite|migrate) (this|the|it|my)\\b",
                    List.of("convert", "port", "translate", "rewrite", "migrate")),
            cue(Task.CODE_GENERATION, 2, "\\bcomplete (this|the) (code|function|implementation|method)\\b",
                    List.of("complete")));

    /** Role lines of a system prompt, read even when it is long. */
    private static final List<Cue> ROLES = List.of(
            cue(Task.CODE_REVIEW, 3, "\\byou are (a|an) (\\w+ ){0,3}(code )?reviewer", List.of("you are a")),
            cue(Task.SECURITY_ANALYSIS, 3, "\\byou are (a|an) (\\w+ ){0,3}(security (auditor|analyst|researcher|engineer|expert|"
                    + "reviewer)|penetration tester|appsec)", List.of("you are a")),
            cue(Task.DOCUMENTATION, 3, "\\byou are (a|an) (\\w+ ){0,3}(technical writer|documentation (writer|assistant|expert|"
                    + "specialist))", List.of("you are a")),
            cue(Task.PERFORMANCE_OPTIMIZATION, 3, "\\byou are (a|an) (\\w+ ){0,3}(performance (engineer|expert|specialist)|"
                    + "optimi[sz]ation expert)", List.of("you are a")));

    private static final Triggers CUE_TRIGGERS = new Triggers(CUES);
    private static final Triggers ROLE_TRIGGERS = new Triggers(ROLES);

    private TaskClassifier() {
    }

    /**
     * A cue whose every match begins with one of its triggers (an optional word before it aside, which a match
     * from the trigger does without). Patterns are written in lower case and matched against lower-cased text
     * (case-insensitive matching is slow).
     */
    private static Cue cue(Task task, int weight, String regex, List<String> triggers) {
        return new Cue(task, weight, Pattern.compile(regex), triggers, true);
    }

    /** A cue whose trigger may come after the start of a match ("sql injection"): searched around the trigger. */
    private static Cue cueAround(Task task, int weight, String regex, List<String> triggers) {
        return new Cue(task, weight, Pattern.compile(regex), triggers, false);
    }

    /** Whether the text is a fill-in-the-middle prompt (FIM tokens of StarCoder, Qwen, DeepSeek, CodeLlama). */
    public static boolean isFillInTheMiddle(String text) {
        if (text == null) {
            return false;
        }
        String excerpt = excerpt(text);
        return (excerpt.contains("fim") || excerpt.contains("<PRE>")) && FILL_IN_THE_MIDDLE.matcher(excerpt).find();
    }

    /** The task the instructions ask for, or {@link Task#GENERAL} when none scores {@link #THRESHOLD}. */
    public static Task classify(String systemPrompt, String lastUserTurn) {
        Instructions read = Instructions.of(systemPrompt, lastUserTurn);
        return RECENT.get(read.key(), key -> scored(read));
    }

    /** Whether the task of these instructions is remembered (for tests). */
    static boolean remembers(String systemPrompt, String lastUserTurn) {
        return RECENT.getIfPresent(Instructions.of(systemPrompt, lastUserTurn).key()) != null;
    }

    /**
     * What the classifier reads of a request: the head and tail of the last user turn, and the system prompt when it
     * is short, else its role line.
     */
    private record Instructions(String system, boolean shortSystem, String turn) {

        static Instructions of(String systemPrompt, String lastUserTurn) {
            String turn = lastUserTurn == null || lastUserTurn.isBlank() ? null : excerpt(lastUserTurn);
            if (systemPrompt == null || systemPrompt.isBlank()) {
                return new Instructions(null, false, turn);
            }
            boolean shortSystem = systemPrompt.length() <= SHORT_SYSTEM_PROMPT;
            return new Instructions(shortSystem ? systemPrompt : systemPrompt.substring(0, ROLE_LINE), shortSystem, turn);
        }

        Key key() {
            // a long prompt is read only up to its role line: its length is marked as not the whole prompt's
            int systemLength = system == null ? -1 : shortSystem ? system.length() : -2 - system.length();
            return new Key(system == null ? 0 : system.hashCode(), systemLength,
                    turn == null ? 0 : turn.hashCode(), turn == null ? -1 : turn.length());
        }
    }

    /**
     * Instructions by the hash and length of each part. A coding agent sends the same instruction with every request
     * of its tool loop (the last user turn with words in it does not change while tool results are added), so its
     * task is remembered rather than classified again. The texts are not kept. Two different instructions with the
     * same key would share a task, which gives a client nothing it could not ask for by naming its task
     * ({@link dev.aurelis.routing.TaskDetection#HEADER}).
     */
    private record Key(int systemHash, int systemLength, int turnHash, int turnLength) {
    }

    /** Instructions recently classified; a few thousand agents' loops at once. */
    private static final Cache<Key, Task> RECENT = Caffeine.newBuilder().maximumSize(4_096).build();

    private static Task scored(Instructions instructions) {
        Map<Task, Integer> scores = new EnumMap<>(Task.class);
        if (instructions.turn() != null) {
            score(scores, CUE_TRIGGERS, withoutCode(withoutReminders(lowerCase(instructions.turn()))));
        }
        if (instructions.system() != null) {
            String read = lowerCase(withoutReminders(instructions.system()));
            score(scores, ROLE_TRIGGERS, read.substring(0, Math.min(read.length(), ROLE_LINE)));
            if (instructions.shortSystem()) {
                score(scores, CUE_TRIGGERS, withoutCode(read));
            }
        }
        Task best = Task.GENERAL;
        int bestScore = THRESHOLD - 1;
        for (Task task : PRIORITY) {
            int score = scores.getOrDefault(task, 0);
            if (score > bestScore) {
                best = task;
                bestScore = score;
            }
        }
        return best;
    }

    private static void score(Map<Task, Integer> scores, Triggers triggers, String lowerCaseText) {
        Triggers.Found found = triggers.find(lowerCaseText);
        for (int c = 0; c < triggers.cues.size(); c++) {
            if (found.count(c) > 0 && triggers.cues.get(c).matchesAround(lowerCaseText, found.positions(c), found.count(c))) {
                Cue cue = triggers.cues.get(c);
                scores.merge(cue.task(), cue.weight(), Integer::sum);
            }
        }
    }

    /**
     * Every trigger of a list of cues, indexed by its first two letters, so one pass over a text finds every
     * occurrence of every trigger: triggers start words ("pr" in "improve" is no pull request), so only word starts
     * are looked up. At most {@link #MAX_WINDOWS} occurrences of each trigger count.
     */
    private static final class Triggers {

        private record Entry(String trigger, int cue, int slot) {
        }

        private final List<Cue> cues;
        /** Triggers by their first two characters, both ASCII: {@code [first - 'a'][second]}. */
        private final Entry[][][] byPrefix = new Entry[26][128][];
        private final int slots;

        Triggers(List<Cue> cues) {
            this.cues = cues;
            int slot = 0;
            for (int c = 0; c < cues.size(); c++) {
                for (String trigger : cues.get(c).triggers()) {
                    char first = trigger.charAt(0);
                    char second = trigger.charAt(1);
                    if (first < 'a' || first > 'z' || second >= 128) {
                        throw new IllegalArgumentException("A trigger starts with a lower-case ASCII letter: " + trigger);
                    }
                    Entry[] bucket = byPrefix[first - 'a'][second];
                    bucket = bucket == null ? new Entry[1] : java.util.Arrays.copyOf(bucket, bucket.length + 1);
                    bucket[bucket.length - 1] = new Entry(trigger, c, slot++);
                    byPrefix[first - 'a'][second] = bucket;
                }
            }
            this.slots = slot;
        }

        /** Trigger occurrences per cue: (position, length) pairs, in order of position. */
        record Found(int[][] positions, int[] counts) {
            int count(int cue) {
                return counts[cue];
            }

            int[] positions(int cue) {
                return positions[cue];
            }
        }

        Found find(String text) {
            int[][] positions = new int[cues.size()][];
            int[] counts = new int[cues.size()];
            int[] perTrigger = new int[slots];
            for (int at = 0; at < text.length(); at++) {
                char first = text.charAt(at);
                if (first < 'a' || first > 'z' || at + 1 >= text.length()
                        || (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1)))) {
                    continue;
                }
                char second = text.charAt(at + 1);
                Entry[] candidates = second < 128 ? byPrefix[first - 'a'][second] : null;
                if (candidates == null) {
                    continue;
                }
                for (Entry e : candidates) {
                    if (perTrigger[e.slot()] < MAX_WINDOWS && text.startsWith(e.trigger(), at)) {
                        perTrigger[e.slot()]++;
                        int[] list = positions[e.cue()];
                        if (list == null) {
                            list = positions[e.cue()] = new int[8];
                        } else if (counts[e.cue()] + 2 > list.length) {
                            list = positions[e.cue()] = java.util.Arrays.copyOf(list, list.length * 2);
                        }
                        list[counts[e.cue()]++] = at;
                        list[counts[e.cue()]++] = e.trigger().length();
                    }
                }
            }
            return new Found(positions, counts);
        }
    }

    private static String withoutReminders(String text) {
        return text.contains("<system-reminder>") ? SYSTEM_REMINDER.matcher(text).replaceAll(" ") : text;
    }

    private static String withoutCode(String text) {
        return text.contains("```") ? FENCED_CODE.matcher(text).replaceAll(" ") : text;
    }

    private static String lowerCase(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static String excerpt(String text) {
        if (text.length() <= HEAD + TAIL) {
            return text;
        }
        return text.substring(0, HEAD) + "\n" + text.substring(text.length() - TAIL);
    }
}
