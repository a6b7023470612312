package dev.aurelis.privacy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a person can consent to. Only purposes something in Aurelis acts on are listed: a purpose nothing reads would
 * be a consent that changes nothing.
 *
 * @param erasesOnWithdrawal withdrawing erases what was kept for the purpose, at once
 */
public enum ConsentPurpose {

    /** Keeping one's prompts and answers, sealed, in the content log ({@code privacy.content_logging}). */
    CONTENT_LOGGING("content_logging", true,
            "Keep my prompts and the answers I get, encrypted, for as long as the retention policy allows");

    private final String configName;
    private final boolean erasesOnWithdrawal;
    private final String description;

    ConsentPurpose(String configName, boolean erasesOnWithdrawal, String description) {
        this.configName = configName;
        this.erasesOnWithdrawal = erasesOnWithdrawal;
        this.description = description;
    }

    public String configName() {
        return configName;
    }

    public boolean erasesOnWithdrawal() {
        return erasesOnWithdrawal;
    }

    public String description() {
        return description;
    }

    /** @throws IllegalArgumentException naming the purposes there are */
    public static ConsentPurpose of(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.configName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a consent purpose; known: "
                        + Arrays.stream(values()).map(ConsentPurpose::configName).collect(Collectors.joining(", "))));
    }
}
