package dev.aurelis.privacy;

import java.util.Map;

/**
 * The privacy step's decision about one exchange's request.
 *
 * @param blockedBy        for {@link PrivacyOutcome#BLOCKED}: the detector, exclusion or class that refused it
 * @param where            for a block: the part of the request it was found in
 * @param detectors        detector name to count (nothing of the text itself)
 * @param changesOnPremise text is replaced even for on-premise providers (explicit {@code redact}, exclusions)
 * @param changesOffPremise text is replaced for providers not on premise (the default redaction included)
 * @param localModel       for an exchange kept on premise: the local-processing model to serve it, or null to keep
 *                         the model asked for
 */
public record PrivacyDecision(PrivacyOutcome outcome, DataClass dataClass, String blockedBy, String where,
        Map<String, Integer> detectors, boolean changesOnPremise, boolean changesOffPremise, String localModel) {

    public PrivacyDecision {
        detectors = Map.copyOf(detectors);
    }

    /** For the ledger: the outcome, the class and detector counts, e.g. {@code redacted class=restricted email=2}. */
    public String note() {
        StringBuilder note = new StringBuilder(outcome.configName());
        if (dataClass != null) {
            note.append(" class=").append(dataClass.configName());
        }
        detectors.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> note.append(' ').append(e.getKey()).append('=').append(e.getValue()));
        return note.toString();
    }
}
