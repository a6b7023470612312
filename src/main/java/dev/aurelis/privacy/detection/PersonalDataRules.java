package dev.aurelis.privacy.detection;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Personal data: e-mail addresses (woken by {@code @}), and the number shapes read where a number starts — payment
 * cards (Luhn and issuer prefix), US social security numbers, IPv4 addresses, phone numbers (libphonenumber, by the
 * configured regions) — and IBANs (mod-97 checksum). Reserved documentation domains and ranges, test card numbers
 * and anything inside a longer identifier (UUIDs, hashes, versions, dates) do not count.
 */
final class PersonalDataRules {

    static final Rule EMAIL = rule("email", 0.9, "e-mail address",
            List.of("contact jane.doe@acme-corp.io today", "\"email\": \"j.smith+ci@mail.company.de\""),
            List.of("user@example.com", "git@github.com:org/repo.git", "@types/node", "lodash@4.17.21",
                    "icon@2x.png", "admin@localhost", "ops@service.test"));
    static final Rule PHONE = rule("phone_number", 0.75, "phone number valid for a configured region, or international",
            List.of("call +44 20 7946 0958", "tel: +49 30 901820", "office (415) 555-2671"),
            List.of("2024-01-15", "timeout 1700000000", "+1 23", "version 10.20.30", "port 5432 and 8080"));
    static final Rule CARD = rule("payment_card", 0.9, "payment card number (issuer prefix and Luhn checksum)",
            List.of("card 4539 0174 9410 9883", "5425726793798071", "amex 3714-046509-81744"),
            List.of("4539 0174 9410 9884", "4242424242424242", "1234567890123456", "id 4539017494109883abc"));
    static final Rule IBAN = rule("iban", 0.9, "international bank account number (mod-97 checksum)",
            List.of("IBAN NL91ABNA0417164300", "FR14 2004 1010 0505 0001 3M02 606"),
            List.of("NL91ABNA0417164301", "AB12CDEF", "XX00ABNA0417164300"));
    static final Rule SSN = rule("us_ssn", 0.8, "US social security number (ddd-dd-dddd, valid area and group)",
            List.of("SSN: 536-22-8914"),
            List.of("000-12-3456", "666-12-3456", "912-12-3456", "536-00-8914", "123-45-6789", "2024-01-15"));
    static final Rule IP = rule("ip_address", 0.6, "public IPv4 address (private, loopback and documentation ranges pass)",
            List.of("client 81.2.69.142 connected", "from=8.8.4.4"),
            List.of("127.0.0.1", "10.0.0.12", "192.168.1.20", "203.0.113.7", "version 1.2.3.4", "1.2.3", "256.1.1.1",
                    "1.2.3.4.5"));

    private static final Set<String> TEST_CARDS = Set.of("4242424242424242", "4111111111111111", "5555555555554444",
            "5105105105105100", "378282246310005", "371449635398431", "6011111111111117", "4000056655665556",
            "4012888888881881", "2223003122003222");
    private static final Set<String> FILE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "js",
            "ts", "css", "json", "yaml", "yml", "md", "txt", "java", "py", "go", "rs", "lock", "xml", "html");
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(Map.entry("AT", 20), Map.entry("BE", 16),
            Map.entry("CH", 21), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("ES", 24),
            Map.entry("FI", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("IE", 22), Map.entry("IT", 27),
            Map.entry("LU", 20), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PL", 28), Map.entry("PT", 25),
            Map.entry("SE", 24));
    private static final int NUMBER_LIMIT = 32;

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final List<String> regions;

    /** @param regions ISO 3166 codes national numbers are read for (international ones always count) */
    PersonalDataRules(List<String> regions) {
        this.regions = regions.stream().map(r -> r.toUpperCase(Locale.ROOT)).toList();
        for (String region : this.regions) {
            if (!phones.getSupportedRegions().contains(region)) {
                throw new IllegalArgumentException("'" + region + "' is not a region phone numbers are known for");
            }
        }
    }

    static List<Rule> rules() {
        return List.of(EMAIL, PHONE, CARD, IBAN, SSN, IP);
    }

    private static Rule rule(String name, double confidence, String description, List<String> fires, List<String> passes) {
        return new Rule(name, Category.PERSONAL_DATA, confidence, description, fires, passes);
    }

    // ------------------------------------------------------------------ e-mail

    static Detector emailDetector() {
        return new Detector(EMAIL, List.of("@"), PersonalDataRules::email);
    }

    private static Check.Span email(CharSequence text, int at, int atEnd) {
        int start = at;
        while (start > 0 && at - start < 64 && isLocalChar(text.charAt(start - 1))) {
            start--;
        }
        if (start == at || text.charAt(start) == '.' || text.charAt(at - 1) == '.'
                || (start > 0 && (Checks.isWordChar(text.charAt(start - 1)) || text.charAt(start - 1) == '@'
                        || text.charAt(start - 1) == ':' || text.charAt(start - 1) == '/'))) {
            // user:password@host and scheme://user@host are URLs' user information, not addresses
            return null;
        }
        int n = text.length();
        int limit = Math.min(n, atEnd + 253);
        int end = atEnd;
        int lastDot = -1;
        while (end < limit) {
            char c = text.charAt(end);
            if (Checks.isAsciiLetter(c) || Checks.isDigit(c) || c == '-') {
                end++;
            } else if (c == '.' && end + 1 < n && end > atEnd && text.charAt(end - 1) != '.'
                    && (Checks.isAsciiLetter(text.charAt(end + 1)) || Checks.isDigit(text.charAt(end + 1)))) {
                lastDot = end++;
            } else {
                break;
            }
        }
        if (lastDot < 0 || (end < n && Checks.isWordChar(text.charAt(end)))) {
            return null;
        }
        String domain = text.subSequence(atEnd, end).toString().toLowerCase(Locale.ROOT);
        String tld = domain.substring(lastDot - atEnd + 1);
        if (tld.length() < 2 || !tld.chars().allMatch(Character::isLetter) || FILE_EXTENSIONS.contains(tld)
                || reservedDomain(domain)) {
            return null;
        }
        String local = text.subSequence(start, at).toString();
        if (local.equalsIgnoreCase("git")) {
            return null; // git@host: an SSH remote, not a person
        }
        return new Check.Span(start, end);
    }

    private static boolean isLocalChar(char c) {
        return Checks.isAsciiLetter(c) || Checks.isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /** RFC 2606 / 6761 names set aside for documentation and tests. */
    private static boolean reservedDomain(String domain) {
        return domain.equals("example.com") || domain.equals("example.org") || domain.equals("example.net")
                || domain.endsWith(".example.com") || domain.endsWith(".example.org") || domain.endsWith(".example.net")
                || domain.endsWith(".example") || domain.endsWith(".test") || domain.endsWith(".invalid")
                || domain.endsWith(".localhost") || domain.endsWith(".local");
    }

    // ------------------------------------------------------------------ numbers

    /**
     * Reads the number that starts at {@code start} (a digit, or {@code +} / {@code (} before one) and reports what
     * it is, if anything.
     *
     * @return where reading stopped: the caller goes on from there without looking for another number inside it
     */
    int number(CharSequence text, int start, Consumer<Detection> found) {
        int n = text.length();
        if (!numberMayStart(text, start)) {
            return start + 1;
        }
        StringBuilder digits = new StringBuilder(20);
        int groups = 0;
        int i = start;
        boolean plus = text.charAt(i) == '+';
        if (plus) {
            i++;
        }
        char separators = 0; // the kinds met, as bits: 1 space, 2 dash, 4 dot, 8 parenthesis
        int end = i;
        int[] groupLengths = new int[12];
        while (i < n && i - start <= NUMBER_LIMIT) {
            char c = text.charAt(i);
            if (Checks.isDigit(c)) {
                int groupStart = i;
                while (i < n && Checks.isDigit(text.charAt(i)) && i - start <= NUMBER_LIMIT) {
                    digits.append(text.charAt(i++));
                }
                if (groups < groupLengths.length) {
                    groupLengths[groups] = i - groupStart;
                }
                groups++;
                end = i;
                continue;
            }
            // up to two separators, and only when a digit follows them
            int j = i;
            char kinds = 0;
            while (j < n && j - i < 2 && isNumberSeparator(text.charAt(j))) {
                kinds |= separatorBit(text.charAt(j));
                j++;
            }
            if (j == i || j >= n || !Checks.isDigit(text.charAt(j))) {
                if (c == ')' && j > i) {
                    end = i + 1; // "(415)" closes before what follows
                }
                break;
            }
            separators |= kinds;
            i = j;
        }
        if (i - start > NUMBER_LIMIT) {
            return skipNumberRun(text, i); // too long to be any of these: a table or an encoded blob
        }
        if (end < n && (Checks.isWordChar(text.charAt(end)) || text.charAt(end) == '.' && end + 1 < n
                && Checks.isWordChar(text.charAt(end + 1)))) {
            return skipNumberRun(text, end);
        }
        String d = digits.toString();
        int g = Math.min(groups, groupLengths.length);
        if (!plus && separators == 4 && g == 4) {
            ipv4(text, start, end, groupLengths, d, found);
        } else if (!plus && separators == 2 && g == 3 && groupLengths[0] == 3 && groupLengths[1] == 2
                && groupLengths[2] == 4) {
            ssn(start, end, d, found);
        } else if (!plus && (separators & ~3) == 0 && d.length() >= 13 && d.length() <= 19 && cardGroups(groupLengths, g)) {
            card(start, end, d, found);
        }
        if (((separators & 4) == 0 || separators == 4 && g == 3) && (plus || nationalShape(text, start, groupLengths, g))) {
            phone(text, start, end, plus, separators, d, found);
        }
        return end;
    }

    /**
     * How people write national numbers: with the trunk prefix 0, the area code in parentheses, or grouped 3-3-4 as
     * in North America. Dates, order numbers and timestamps are written otherwise.
     */
    private static boolean nationalShape(CharSequence text, int start, int[] groupLengths, int groups) {
        char first = text.charAt(start);
        return first == '(' || first == '0'
                || groups == 3 && groupLengths[0] == 3 && groupLengths[1] == 3 && groupLengths[2] == 4;
    }

    private static boolean numberMayStart(CharSequence text, int start) {
        if (start == 0) {
            return true;
        }
        char before = text.charAt(start - 1);
        if (Checks.isWordChar(before)) {
            return false;
        }
        // inside a dotted or dashed identifier (a version, a UUID, a date's tail, an IP's octet): not a start
        if ((before == '.' || before == '-' || before == ':' || before == '/') && start >= 2
                && Checks.isWordChar(text.charAt(start - 2))) {
            return false;
        }
        return true;
    }

    private static int skipNumberRun(CharSequence text, int i) {
        int n = text.length();
        while (i < n && (Checks.isWordChar(text.charAt(i)) || isNumberSeparator(text.charAt(i)))) {
            i++;
        }
        return i;
    }

    private static boolean isNumberSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
    }

    private static char separatorBit(char c) {
        return switch (c) {
            case ' ' -> 1;
            case '-' -> 2;
            case '.' -> 4;
            default -> 8;
        };
    }

    private static boolean cardGroups(int[] lengths, int groups) {
        if (groups == 1) {
            return true;
        }
        if (groups == 3) {
            return lengths[0] == 4 && lengths[1] == 6 && (lengths[2] == 5 || lengths[2] == 4); // Amex, Diners
        }
        for (int k = 0; k < groups - 1; k++) {
            if (lengths[k] != 4) {
                return false;
            }
        }
        return lengths[groups - 1] >= 1 && lengths[groups - 1] <= 4;
    }

    private static void card(int start, int end, String digits, Consumer<Detection> found) {
        if (TEST_CARDS.contains(digits) || !issuerPrefix(digits) || !luhn(digits)) {
            return;
        }
        found.accept(new Detection(CARD, start, end));
    }

    private static boolean issuerPrefix(String d) {
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        return d.charAt(0) == '4' // Visa
                || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) // Mastercard
                || two == 34 || two == 37 // Amex
                || d.startsWith("6011") || two == 65 || (four >= 6440 && four <= 6499) // Discover
                || two == 35 || two == 36 || two == 38 || d.startsWith("30") // JCB, Diners
                || two == 62; // UnionPay
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int v = digits.charAt(i) - '0';
            if (twice) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static void ssn(int start, int end, String d, Consumer<Detection> found) {
        int area = Integer.parseInt(d.substring(0, 3));
        int group = Integer.parseInt(d.substring(3, 5));
        int serial = Integer.parseInt(d.substring(5));
        // never issued: area 000, 666, 900-999; group 00; serial 0000; and the numbers printed in advertising
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 || d.equals("123456789")
                || d.equals("078051120") || d.equals("219099999")) {
            return;
        }
        found.accept(new Detection(SSN, start, end));
    }

    private static void ipv4(CharSequence text, int start, int end, int[] lengths, String d, Consumer<Detection> found) {
        int[] octets = new int[4];
        int at = 0;
        for (int k = 0; k < 4; k++) {
            if (lengths[k] > 3 || lengths[k] > 1 && d.charAt(at) == '0') {
                return;
            }
            octets[k] = Integer.parseInt(d.substring(at, at + lengths[k]));
            if (octets[k] > 255) {
                return;
            }
            at += lengths[k];
        }
        if (!publicAddress(octets) || precededBy(text, start, "version") || precededBy(text, start, "v=")) {
            return;
        }
        found.accept(new Detection(IP, start, end));
    }

    private static boolean publicAddress(int[] o) {
        return !(o[0] == 0 || o[0] == 10 || o[0] == 127 || o[0] >= 224
                || (o[0] == 169 && o[1] == 254) || (o[0] == 172 && o[1] >= 16 && o[1] <= 31)
                || (o[0] == 192 && o[1] == 168) || (o[0] == 100 && o[1] >= 64 && o[1] <= 127)
                || (o[0] == 192 && o[1] == 0 && o[2] == 2) || (o[0] == 198 && o[1] == 51 && o[2] == 100)
                || (o[0] == 203 && o[1] == 0 && o[2] == 113) || (o[0] == 198 && (o[1] == 18 || o[1] == 19)));
    }

    private static boolean precededBy(CharSequence text, int start, String word) {
        int from = Math.max(0, start - word.length() - 4);
        String before = text.subSequence(from, start).toString().toLowerCase(Locale.ROOT);
        return before.contains(word);
    }

    /**
     * International numbers (+...) of 8 to 15 digits; national ones only when written like phone numbers (grouped,
     * at least 10 digits) and valid in one of the configured regions, so bare counters and timestamps pass.
     */
    private void phone(CharSequence text, int start, int end, boolean plus, char separators, String d,
            Consumer<Detection> found) {
        if (d.length() > 15 || d.length() < (plus ? 8 : 10) || (!plus && separators == 0)) {
            return;
        }
        String candidate = text.subSequence(start, end).toString();
        try {
            if (plus) {
                Phonenumber.PhoneNumber number = phones.parse(candidate, "ZZ");
                if (phones.isValidNumber(number)) {
                    found.accept(new Detection(PHONE, start, end));
                }
                return;
            }
            for (String region : regions) {
                Phonenumber.PhoneNumber number = phones.parse(candidate, region);
                if (phones.isValidNumberForRegion(number, region)) {
                    found.accept(new Detection(PHONE, start, end));
                    return;
                }
            }
        } catch (NumberParseException e) {
            // not a number in any form libphonenumber knows
        }
    }

    // ------------------------------------------------------------------ IBAN

    /** An IBAN starting at {@code start} (two capitals, two digits), or -1. @return its end */
    static int iban(CharSequence text, int start, Consumer<Detection> found) {
        if (start > 0 && Checks.isWordChar(text.charAt(start - 1))) {
            return -1;
        }
        int n = text.length();
        StringBuilder compact = new StringBuilder(34);
        int i = start;
        int end = start;
        while (i < n && compact.length() < 34) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z') || Checks.isDigit(c)) {
                compact.append(c);
                end = ++i;
            } else if (c == ' ' && i + 1 < n && compact.length() % 4 == 0 && compact.length() > 0
                    && ((text.charAt(i + 1) >= 'A' && text.charAt(i + 1) <= 'Z') || Checks.isDigit(text.charAt(i + 1)))) {
                i++;
            } else {
                break;
            }
        }
        if (end < n && Checks.isWordChar(text.charAt(end))) {
            return -1;
        }
        String iban = compact.toString();
        Integer expected = IBAN_LENGTHS.get(iban.substring(0, 2));
        if (iban.length() < 15 || (expected != null && iban.length() != expected) || !mod97(iban)) {
            return -1;
        }
        found.accept(new Detection(IBAN, start, end));
        return end;
    }

    private static boolean mod97(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder(rearranged.length() * 2);
        for (int k = 0; k < rearranged.length(); k++) {
            char c = rearranged.charAt(k);
            digits.append(Checks.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
