package dev.aurelis.privacy.detection;

import static dev.aurelis.privacy.detection.Checks.anchored;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Our rule set for the credential formats developers leak, each written from the issuer's documented token format.
 * Vectors are synthetic (random characters in the documented shape); the documented example values issuers print in
 * their own docs ({@code AKIAIOSFODNN7EXAMPLE} and the like) are look-alikes and must not fire.
 */
final class SecretRules {

    private SecretRules() {
    }

    static final String AWS_ACCESS_KEY = "aws_access_key";

    static List<Detector> all() {
        return List.of(
                new Detector(rule(AWS_ACCESS_KEY, 0.95, "AWS access key id (AKIA/ASIA/ABIA/ACCA + 16)",
                        List.of("aws_access_key_id = AKIAGPRQSE4T5ZZHQOUW", "key ASIAGPRQSE4T5ZZHQOUW."),
                        List.of("AKIAIOSFODNN7EXAMPLE", "AKIAGPRQSE4T5ZZHQOUWX", "xAKIAGPRQSE4T5ZZHQOUW")),
                        List.of("AKIA", "ASIA", "ABIA", "ACCA"),
                        anchored(Pattern.compile("(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])"), 20,
                                v -> !v.endsWith("EXAMPLE"))),
                new Detector(rule("aws_secret_key", 0.9, "AWS secret access key assigned to an aws_secret_access_key name",
                        List.of("aws_secret_access_key = HUtuJvbipRdkJAWZ4moUxm/yI5B/KGnplJJpdu0o",
                                "\"AWS_SECRET_ACCESS_KEY\": \"HUtuJvbipRdkJAWZ4moUxm/yI5B/KGnplJJpdu0o\""),
                        List.of("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                "aws_secret_access_key = ${AWS_SECRET}")),
                        List.of("aws_secret_access_key", "aws_secret_key"),
                        anchored(Pattern.compile("(?i)aws_secret(?:_access)?_key[\"'`]?\\s{0,4}(?:=|:|=>)\\s{0,4}[\"'`]?"
                                + "([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"), 120, v -> !v.contains("EXAMPLE"))),
                new Detector(rule("github_token", 0.97, "GitHub personal, OAuth, app and refresh tokens",
                        List.of("token: ghp_RHLfBERkIyDtFDBAM0gqEzpC3N8FeKjFTrKC",
                                "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"),
                        List.of("ghp_short", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")),
                        List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
                        anchored(Pattern.compile("(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,240})"
                                + "(?![A-Za-z0-9_])"), 256, v -> !Checks.isTrivial(v.substring(4)))),
                new Detector(rule("gitlab_token", 0.95, "GitLab personal, project and group access tokens",
                        List.of("GITLAB_TOKEN=glpat-XO_eF28RlHnqzgsBH_5q"), List.of("glpat-", "glpat-xxxxxxxxxxxxxxxxxxxx")),
                        List.of("glpat-", "gldt-", "glrt-"),
                        anchored(Pattern.compile("gl(?:pat|dt|rt)-[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])"), 72,
                                v -> !Checks.isTrivial(v.substring(6)))),
                new Detector(rule("slack_token", 0.95, "Slack bot, user, app and refresh tokens",
                        List.of("SLACK_BOT_TOKEN=xoxb-860145866273-1222035980967-r9Eu7e3xdRP7PI0g63eB1h3d"),
                        List.of("xoxb-", "xoxb-your-token-here")),
                        List.of("xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xapp-"),
                        anchored(Pattern.compile("(?:xox[bpares]|xapp)-[0-9]{6,}-[A-Za-z0-9-]{8,250}(?![A-Za-z0-9-])"),
                                260, v -> true)),
                new Detector(rule("slack_webhook", 0.95, "Slack incoming webhook URL",
                        List.of("https://hooks.slack.com/services/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"),
                        List.of("https://hooks.slack.com/services/T000/B000/XXXX")),
                        List.of("hooks.slack.com/services/"),
                        anchored(Pattern.compile("hooks\\.slack\\.com/services/(T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,})"),
                                128, v -> true)),
                new Detector(rule("stripe_key", 0.95, "Stripe live secret and restricted keys",
                        List.of("STRIPE_SECRET=sk_live_vbqis9KZXTt9nHL15Cb5PeCv", "rk_live_vbqis9KZXTt9nHL15Cb5PeCv"),
                        List.of("sk_test_vbqis9KZXTt9nHL15Cb5PeCv", "pk_live_vbqis9KZXTt9nHL15Cb5PeCv")),
                        List.of("sk_live_", "rk_live_"),
                        anchored(Pattern.compile("[sr]k_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9])"), 256, v -> true)),
                new Detector(rule("google_api_key", 0.9, "Google Cloud / Firebase API key",
                        List.of("key=AIzaX2G1zdW8FXpCEyGjFl6gdyK26CijxV6zXnU"), List.of("AIzaSHORT")),
                        List.of("AIza"),
                        anchored(Pattern.compile("AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"), 40, v -> true)),
                new Detector(rule("openai_api_key", 0.97, "OpenAI API key (project, service account, admin, legacy)",
                        List.of("OPENAI_API_KEY=sk-proj-EnWRwvFI1tdlNODi520rE5tIdjdHbRtFxOsxQ9VlT3BlbkFJiZbnGXei4Lo53t2zLE0MZwlwp23JOwv0HBhact35"),
                        List.of("sk-proj-", "desk-proj-EnWRwvFI1tdlNODi520rE5tIdjdHbRtFxOsxQ9VlT3BlbkFJiZbnGXei4Lo53t2zLE0")),
                        List.of("sk-"),
                        anchored(Pattern.compile("sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,200}T3BlbkFJ[A-Za-z0-9_-]{16,200}"
                                + "(?![A-Za-z0-9_-])"), 420, v -> true)),
                new Detector(rule("anthropic_api_key", 0.97, "Anthropic API and admin keys",
                        List.of("x-api-key: sk-ant-api03-IvMzzoCXK4oXo4jEhAWykqU9pklDCnr88OXiUpRIv69mTf5ObhWzFnTvJ2gwi2R9y3t1MFLBvpGFhAsBYGoDDbzNeJECQAA"),
                        List.of("sk-ant-api03-...", "sk-ant-api03-xxxx")),
                        List.of("sk-ant-"),
                        anchored(Pattern.compile("sk-ant-(?:api|admin|oat)\\d{2}-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])"),
                                140, v -> true)),
                new Detector(rule("npm_token", 0.9, "npm access token",
                        List.of("//npm.internal.example/:_authToken=npm_9iodZr0laJ20AOGr8FCXpVdF4jDnTUPq977m"),
                        List.of("npm_config_cache", "npm_package_version_1234567890123456789012345")),
                        List.of("npm_"),
                        anchored(Pattern.compile("npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])"), 40,
                                v -> Checks.entropy(v) > 4.0)),
                new Detector(rule("sendgrid_api_key", 0.95, "SendGrid API key",
                        List.of("SENDGRID_API_KEY=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"),
                        List.of("SG.short.value")),
                        List.of("SG."),
                        anchored(Pattern.compile("SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"), 70, v -> true)),
                new Detector(rule("azure_storage_key", 0.95, "Azure storage account key in a connection string",
                        List.of("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=PPiAcnkbC0tgQQ11c9cgdm2ybqnMPcfy7PxFKI81y+Bx/DI9ufkXQ/xx3OK2RagTeFdchQjuQ+WWqQYypqWZzM==;"),
                        List.of("AccountKey=<your key>", "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")),
                        List.of("AccountKey="),
                        anchored(Pattern.compile("AccountKey=([A-Za-z0-9+/]{86}==)"), 100,
                                // the storage emulator's well-known key is public
                                v -> !v.startsWith("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq"))),
                new Detector(rule("private_key", 0.99, "PEM / OpenSSH / PGP private key block",
                        List.of("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END RSA PRIVATE KEY-----",
                                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"),
                        List.of("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1L\n-----END PUBLIC KEY-----",
                                "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----")),
                        List.of("-----BEGIN "),
                        SecretRules::privateKeyBlock),
                new Detector(rule("jwt", 0.85, "JSON Web Token (header.payload.signature)",
                        List.of("Authorization: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.n9PoD1vZ5dGTN83ZJH7YxLA60W5Jxf9KqnCecvpspE_"),
                        List.of("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.", "eyJhbGciOiJub25lIn0")),
                        List.of("eyJ"),
                        anchored(Pattern.compile("eyJ[A-Za-z0-9_-]{8,2000}\\.eyJ[A-Za-z0-9_-]{4,8000}\\.[A-Za-z0-9_-]{16,1000}"
                                + "(?![A-Za-z0-9_.-])"), 11_000, v -> true)),
                new Detector(rule("bearer_token", 0.75, "a bearer credential in an Authorization header",
                        List.of("Authorization: Bearer 8f4kQ2vLw9Zr1Tn6Yp3Xs7Hd0Jm5Bc2G"),
                        List.of("Authorization: Bearer <token>", "Authorization: Bearer ${TOKEN}", "bearer tokens are short-lived")),
                        List.of("bearer "),
                        anchored(Pattern.compile("(?i)bearer\\s{1,4}([A-Za-z0-9._~+/-]{20,2048}=*)(?![A-Za-z0-9._~+/=-])"),
                                2100, v -> !Checks.isPlaceholder(v) && Checks.entropy(v) > 3.5)),
                new Detector(rule("connection_string_password", 0.9,
                        "a password inside a database, broker or URL connection string (scheme://user:password@host)",
                        List.of("DATABASE_URL=postgres://app:Zr8!qT4wLp@db.internal:5432/app",
                                "mongodb+srv://svc:N7kQ2pX9vR@cluster0.mongodb.net/prod",
                                "amqps://guest:Hv73pQ!zKd@rabbit:5671", "jdbc:mysql://root:Qw3rty!Secure@mysql:3306/db"),
                        List.of("postgres://user:password@localhost/db", "postgres://app:${DB_PASSWORD}@db/app",
                                "https://github.com/org/repo", "redis://:@cache:6379", "postgres://user@host/db")),
                        List.of("://"),
                        SecretRules::connectionString),
                new Detector(rule("generic_password", 0.7,
                        "a high-entropy value assigned to a name ending in password, secret, token, api_key and the like",
                        List.of("DB_PASSWORD=AvBe8Pqd05ovm#", "\"client_secret\": \"q8ZcV3nRt7LwX2mK9pYs\"",
                                "api_key: 3f9Kq7LmZ2xW8vR1", "spring.datasource.password = Xk9#mQ2$vL7p"),
                        List.of("password = getenv(\"DB_PASSWORD\")", "password: ${DB_PASSWORD}", "password=changeme123",
                                "max_tokens: 4096", "tokenizer: o200k_base", "secret: true", "password: 12345678",
                                "password: settings.database_password", "\"password\": {\"type\": \"string\"}",
                                "if (password == other)", "token: '[SECRET:github_token#1]'")),
                        List.of("password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "api-key",
                                "access_key", "secret_key", "private_key", "auth_key"),
                        SecretRules::assignment));
    }

    private static Rule rule(String name, double confidence, String description, List<String> fires, List<String> passes) {
        return new Rule(name, Category.SECRET, confidence, description, fires, passes);
    }

    // ------------------------------------------------------------------ private key blocks

    private static final Pattern PEM_HEADER = Pattern.compile(
            "-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----");
    private static final int KEY_BLOCK_LIMIT = 16 * 1024;

    /** The header through its END line, or through the base64 body when the END line is not within reach. */
    private static Check.Span privateKeyBlock(CharSequence text, int start, int keywordEnd) {
        var m = PEM_HEADER.matcher(text);
        m.region(start, Math.min(text.length(), start + 64));
        if (!m.lookingAt()) {
            return null;
        }
        String footer = "-----END " + m.group(1) + "-----";
        int limit = Math.min(text.length(), m.end() + KEY_BLOCK_LIMIT);
        int end = m.end();
        while (end < limit) {
            char c = text.charAt(end);
            if (c == '-' && regionMatches(text, end, footer)) {
                return new Check.Span(start, end + footer.length());
            }
            // base64, line breaks (literal or escaped as in JSON) and the headers of encrypted keys
            if (!(Checks.isWordChar(c) || c == '+' || c == '/' || c == '=' || c == '\\' || c == ':' || c == ','
                    || c == '-' || Character.isWhitespace(c))) {
                break;
            }
            end++;
        }
        return new Check.Span(start, end);
    }

    private static boolean regionMatches(CharSequence text, int at, String s) {
        if (at + s.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (text.charAt(at + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ connection strings

    private static final Set<String> SCHEMES = Set.of("postgres", "postgresql", "mysql", "mariadb", "mongodb",
            "mongodb+srv", "redis", "rediss", "amqp", "amqps", "mssql", "sqlserver", "oracle", "kafka", "nats",
            "ftp", "ftps", "sftp", "smtp", "smtps", "imap", "imaps", "ldap", "ldaps", "http", "https", "git", "ssh",
            "clickhouse", "cockroachdb", "neo4j", "bolt", "couchbase", "cassandra", "snowflake", "elasticsearch");
    private static final Set<String> STAND_INS = Set.of("password", "pass", "passwd", "pwd", "secret", "pw", "changeme",
            "admin", "guest", "root", "test", "user", "username", "x-oauth-basic", "token", "foobar", "foo", "bar");

    /** scheme://user:password@host: the password, when it is one (not a template or a documentation stand-in). */
    private static Check.Span connectionString(CharSequence text, int keywordStart, int keywordEnd) {
        int schemeStart = keywordStart;
        while (schemeStart > 0 && keywordStart - schemeStart < 24) {
            char c = text.charAt(schemeStart - 1);
            if (Checks.isAsciiLetter(c) || Checks.isDigit(c) || c == '+' || c == ':' || c == '.' || c == '-') {
                schemeStart--;
            } else {
                break;
            }
        }
        String scheme = text.subSequence(schemeStart, keywordStart).toString().toLowerCase(java.util.Locale.ROOT);
        if (scheme.startsWith("jdbc:")) {
            scheme = scheme.substring(5);
        }
        if (!SCHEMES.contains(scheme)) {
            return null;
        }
        int i = keywordEnd;
        int limit = Math.min(text.length(), keywordEnd + 200);
        while (i < limit && isUserChar(text.charAt(i))) {
            i++;
        }
        if (i >= limit || text.charAt(i) != ':') {
            return null;
        }
        int passwordStart = ++i;
        while (i < limit && isPasswordChar(text.charAt(i))) {
            i++;
        }
        if (i >= limit || text.charAt(i) != '@' || i == passwordStart) {
            return null;
        }
        String password = text.subSequence(passwordStart, i).toString();
        if (STAND_INS.contains(password.toLowerCase(java.util.Locale.ROOT)) || Checks.isPlaceholder(password)
                || Checks.isTrivial(password) || password.length() < 4) {
            return null;
        }
        return new Check.Span(passwordStart, i);
    }

    private static boolean isUserChar(char c) {
        return !(Character.isWhitespace(c) || c == ':' || c == '/' || c == '@' || c == '"' || c == '\'' || c == '`');
    }

    private static boolean isPasswordChar(char c) {
        return !(Character.isWhitespace(c) || c == '@' || c == '/' || c == '"' || c == '\'' || c == '`' || c == '{'
                || c == '}' || c == '<' || c == '>' || c == '$');
    }

    // ------------------------------------------------------------------ generic assignments

    private static final int VALUE_LIMIT = 128;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_.\\-]+|[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)+");

    /**
     * NAME = value, NAME: value, "NAME": "value" where NAME ends with the keyword: the value, when it looks like a
     * credential (long enough, mixed characters, high entropy) rather than a reference, a template or a word.
     */
    private static Check.Span assignment(CharSequence text, int keywordStart, int keywordEnd) {
        int n = text.length();
        if (keywordEnd < n && (Checks.isWordChar(text.charAt(keywordEnd)) || text.charAt(keywordEnd) == '-')) {
            return null; // the name goes on (tokens_used, password_hint): not the end of the name
        }
        if (keywordStart > 0 && text.charAt(keywordStart - 1) == '[') {
            return null; // one of our own placeholders, [SECRET:...]
        }
        int i = keywordEnd;
        if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'' || text.charAt(i) == '`')) {
            i++;
        }
        if (i < n && text.charAt(i) == '\\' && i + 1 < n && text.charAt(i + 1) == '"') {
            i += 2; // escaped quote inside a JSON string
        }
        i = skipBlanks(text, i);
        if (i >= n) {
            return null;
        }
        char op = text.charAt(i);
        if (op == ':') {
            i++;
            if (i < n && text.charAt(i) == '=') {
                i++;
            }
        } else if (op == '=') {
            i++;
            if (i < n && (text.charAt(i) == '=' || text.charAt(i) == '~')) {
                return null; // a comparison
            }
            if (i < n && text.charAt(i) == '>') {
                i++;
            }
        } else {
            return null;
        }
        i = skipBlanks(text, i);
        if (i < n && text.charAt(i) == '\\' && i + 1 < n && text.charAt(i + 1) == '"') {
            i++;
        }
        char quote = i < n ? text.charAt(i) : 0;
        boolean quoted = quote == '"' || quote == '\'' || quote == '`';
        if (quoted) {
            i++;
        }
        int valueStart = i;
        int limit = Math.min(n, valueStart + VALUE_LIMIT + 1);
        while (i < limit) {
            char c = text.charAt(i);
            if (quoted ? (c == quote || c == '\\' || c == '\n' || c == '\r')
                    : (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '`' || c == ',' || c == ';'
                            || c == ')' || c == '}' || c == ']' || c == '(' || c == '\\')) {
                break;
            }
            i++;
        }
        if (i - valueStart > VALUE_LIMIT) {
            return null;
        }
        String value = text.subSequence(valueStart, i).toString();
        if (value.length() < 8 || (value.length() > 0 && value.charAt(0) == '{')) {
            return null;
        }
        if (Checks.isPlaceholder(value) || Checks.isTrivial(value) || IDENTIFIER.matcher(value).matches()
                || Checks.characterClasses(value) < 2 || Checks.entropy(value) < 3.0) {
            return null;
        }
        return new Check.Span(valueStart, i);
    }

    private static int skipBlanks(CharSequence text, int i) {
        int limit = Math.min(text.length(), i + 8);
        while (i < limit && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
