package dev.aurelis.routing;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the task a developer asks for from the instructions of a request: the last user turn, and the system
 * prompt when it is short enough to state a task rather than an agent's standing rules. Weighted phrase patterns,
 * no network call; the task with the highest score wins when it reaches {@link #THRESHOLD}, ties going to the more
 * specific task (security before performance before review before documentation before generation).
 */
final class TaskClassifier {

    /** Score a task needs before it is chosen over {@link Task#GENERAL}. */
    static final int THRESHOLD = 2;

    /**
     * A system prompt longer than this is an agent's manual (Claude Code's mentions security, reviews and docs in
     * every request); only its role line, at the start, says anything about the task.
     */
    private static final int SHORT_SYSTEM_PROMPT = 2_000;
    private static final int ROLE_LINE = 400;

    /** Instructions sit before or after pasted code; the middle of a huge turn is not read. */
    private static final int HEAD = 3_000;
    private static final int TAIL = 1_000;

    private static final Pattern FENCED_CODE = Pattern.compile("```.*?(```|\\z)", Pattern.DOTALL);
    private static final Pattern SYSTEM_REMINDER = Pattern.compile("<system-reminder>.*?(</system-reminder>|\\z)",
            Pattern.DOTALL);
    private static final Pattern FILL_IN_THE_MIDDLE = Pattern.compile(
            "<\\|?fim[_▁](prefix|suffix|middle)\\|?>|<PRE>.*<SUF>", Pattern.DOTALL);

    private record Cue(Task task, int weight, Pattern pattern) {
    }

    /** Ordered by tie-break priority: the first task listed wins a tie. */
    private static final List<Task> PRIORITY = List.of(Task.SECURITY_ANALYSIS, Task.PERFORMANCE_OPTIMIZATION,
            Task.CODE_REVIEW, Task.DOCUMENTATION, Task.CODE_GENERATION);

    private static final List<Cue> CUES = List.of(
            // security analysis
            cue(Task.SECURITY_ANALYSIS, 3, "\\bsecurity\\s+(review|audit|analysis|assessment|scan|check|issues?|flaws?|holes?|"
                    + "problems?|risks?|bugs?|vulnerabilit\\w*|implications)"),
            cue(Task.SECURITY_ANALYSIS, 2, "\\bvulnerab\\w*"),
            cue(Task.SECURITY_ANALYSIS, 3, "\\b(sql|command|code|shell|ldap|xpath|template|header|prompt|nosql)[ -]?injection"),
            cue(Task.SECURITY_ANALYSIS, 2, "\\b(xss|csrf|ssrf|xxe|rce|idor|owasp)\\b"),
            cue(Task.SECURITY_ANALYSIS, 3, "\\bcve-\\d{4}-\\d+"),
            cue(Task.SECURITY_ANALYSIS, 2, "\\b(exploit(s|able|ed)?|attack surface|threat model\\w*|penetration test\\w*|pen-?test\\w*)\\b"),
            cue(Task.SECURITY_ANALYSIS, 2, "\\b(auth(entication|orization)? bypass|privilege escalation|insecure deserialization|"
                    + "path traversal|directory traversal|buffer overflow|timing attack|open redirect)"),
            cue(Task.SECURITY_ANALYSIS, 2, "\\bhard-?coded (secrets?|credentials?|passwords?|api keys?|tokens?)|"
                    + "\\b(secrets?|credentials?|api keys?|tokens?) (are |is )?(leak\\w*|exposed)"),
            cue(Task.SECURITY_ANALYSIS, 2, "\\b(is|are) (this|it|these|the \\w+|my \\w+) (\\w+ )?(secure|exploitable)\\b"),
            cue(Task.SECURITY_ANALYSIS, 1, "\\b(sanitiz|escap)\\w* (the |all )?(user )?inputs?"),

            // performance optimisation
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\b(optimi[sz](e|es|ed|ing|ation)|speed(s|ing)? (it |this |things )?up|faster)\\b"),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\b(performance|perf)\\b"),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\b(too |so |very |really )?slow(er|ly|ness|s down)?\\b"),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\b(bottlenecks?|hot ?paths?|profil(er|ing)|flame ?graph)\\b"),
            cue(Task.PERFORMANCE_OPTIMIZATION, 1, "\\b(latency|throughput|benchmarks?)\\b"),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\b(time|space) complexity|\\bbig[- ]o\\b|\\bo\\(n( log n|\\^2|²)?\\)"),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\bmemory (usage|footprint|leaks?|consumption|pressure)|\\b(allocations|gc pressure|"
                    + "cache misses)\\b"),
            cue(Task.PERFORMANCE_OPTIMIZATION, 3, "\\b(reduce|cut|lower|improve|decrease) (the )?(runtime|run time|latency|memory|"
                    + "cpu( usage)?|allocations|load time|startup time|response time|p99)"),
            cue(Task.PERFORMANCE_OPTIMIZATION, 2, "\\bn\\+1 quer(y|ies)|\\bslow quer(y|ies)|\\bquery plan\\b"),

            // code review
            cue(Task.CODE_REVIEW, 3, "\\breview(s|ing)?\\b"),
            cue(Task.CODE_REVIEW, 1, "\\b(pull request|merge request|pr|diff|patch|changeset)\\b"),
            cue(Task.CODE_REVIEW, 2, "\\b(critique|feedback on|look (over|at) (my|this|the|these) (code|changes|pr|diff|"
                    + "implementation|commit))"),
            cue(Task.CODE_REVIEW, 2, "\\b(any|spot|find|point out) (\\w+ )?(issues|problems|bugs|mistakes|code smells)\\b"),
            cue(Task.CODE_REVIEW, 2, "\\bis (this|my) (code|implementation|approach|change) (correct|idiomatic|good|ok(ay)?|clean|"
                    + "right)\\b"),
            cue(Task.CODE_REVIEW, 1, "\\b(code smells?|best practices|lgtm|nitpicks?|nits)\\b"),

            // documentation
            cue(Task.DOCUMENTATION, 3, "\\b(docstrings?|javadoc|jsdoc|kdoc|rustdoc|godoc|tsdoc|doc ?comments?|xml doc)"),
            cue(Task.DOCUMENTATION, 2, "\\b(readme|changelog|api (docs|documentation|reference)|user guide|tutorial|"
                    + "release notes|man page)"),
            cue(Task.DOCUMENTATION, 2, "\\bdocument(ing)? (this|the|these|my|our|all|each|every|its|how|what)\\b|\\bdocumentation\\b"),
            cue(Task.DOCUMENTATION, 3, "\\b(add|write|generate|update|improve) (\\w+ ){0,2}(comments|docs)\\b"),
            cue(Task.DOCUMENTATION, 2, "\\bexplain (what|how|why) (this|the|my)\\b|\\bexplain (this|the) (code|function|class|"
                    + "module|file|method)"),
            cue(Task.DOCUMENTATION, 1, "\\bwalk me through\\b|\\bsummari[sz]e (this|the) (code|module|file|changes|repo)"),

            // code generation
            cue(Task.CODE_GENERATION, 2, "\\b(write|implement|create|generate|build|add|scaffold|code up|make)\\b.{0,40}?"
                    + "\\b(function|method|class|module|component|endpoint|api|script|tests?|cli|service|handler|feature|"
                    + "program|query|regex|migration|interface|struct|hook|page|route|parser|command)\\b"),
            cue(Task.CODE_GENERATION, 2, "\\b(fix|resolve|debug) (the |this |a |my )?(\\w+ )?(bug|error|failing test|"
                    + "exception|crash|compile error|type error|issue)"),
            cue(Task.CODE_GENERATION, 2, "\\b(fix|solve|debug) (it|this|that)\\b"),
            cue(Task.CODE_GENERATION, 1, "\\b(compile|build|type|runtime|syntax) errors?\\b|\\bstack ?trace\\b|"
                    + "\\b(build|test)s? (fails?|failing|broken)\\b"),
            cue(Task.CODE_GENERATION, 1, "\\brefactor\\w*\\b"),
            cue(Task.CODE_GENERATION, 1, "\\b(convert|port|translate|rewrite|migrate) (this|the|it|my)\\b"),
            cue(Task.CODE_GENERATION, 2, "\\bcomplete (this|the) (code|function|implementation|method)\\b"));

    /** Role lines of a system prompt, read even when it is long. */
    private static final List<Cue> ROLES = List.of(
            cue(Task.CODE_REVIEW, 3, "\\byou are (a|an) (\\w+ ){0,3}(code )?reviewer"),
            cue(Task.SECURITY_ANALYSIS, 3, "\\byou are (a|an) (\\w+ ){0,3}(security (auditor|analyst|researcher|engineer|expert|"
                    + "reviewer)|penetration tester|appsec)"),
            cue(Task.DOCUMENTATION, 3, "\\byou are (a|an) (\\w+ ){0,3}(technical writer|documentation (writer|assistant|expert|"
                    + "specialist))"),
            cue(Task.PERFORMANCE_OPTIMIZATION, 3, "\\byou are (a|an) (\\w+ ){0,3}(performance (engineer|expert|specialist)|"
                    + "optimi[sz]ation expert)"));

    private TaskClassifier() {
    }

    private static Cue cue(Task task, int weight, String regex) {
        return new Cue(task, weight, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    /** Whether the text is a fill-in-the-middle prompt (FIM tokens of StarCoder, Qwen, DeepSeek, CodeLlama). */
    static boolean isFillInTheMiddle(String text) {
        return text != null && FILL_IN_THE_MIDDLE.matcher(excerpt(text)).find();
    }

    /** The task the instructions ask for, or {@link Task#GENERAL} when none scores {@link #THRESHOLD}. */
    static Task classify(String systemPrompt, String lastUserTurn) {
        Map<Task, Integer> scores = new EnumMap<>(Task.class);
        if (lastUserTurn != null && !lastUserTurn.isBlank()) {
            score(scores, CUES, instructions(lastUserTurn));
        }
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            String system = SYSTEM_REMINDER.matcher(systemPrompt).replaceAll(" ");
            score(scores, ROLES, system.substring(0, Math.min(system.length(), ROLE_LINE)));
            if (system.length() <= SHORT_SYSTEM_PROMPT) {
                score(scores, CUES, FENCED_CODE.matcher(system).replaceAll(" "));
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

    private static void score(Map<Task, Integer> scores, List<Cue> cues, String text) {
        for (Cue cue : cues) {
            Matcher matcher = cue.pattern().matcher(text);
            if (matcher.find()) {
                scores.merge(cue.task(), cue.weight(), Integer::sum);
            }
        }
    }

    /** The part of a user turn that can hold instructions: no system reminders, no fenced code, head and tail. */
    private static String instructions(String turn) {
        String text = SYSTEM_REMINDER.matcher(excerpt(turn)).replaceAll(" ");
        return FENCED_CODE.matcher(text).replaceAll(" ");
    }

    private static String excerpt(String text) {
        if (text.length() <= HEAD + TAIL) {
            return text;
        }
        return text.substring(0, HEAD) + "\n" + text.substring(text.length() - TAIL);
    }
}
