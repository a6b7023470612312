package dev.aurelis.privacy.detection;

import java.util.List;

/** A rule with how it is found: the keywords that wake it and the check that confirms a candidate. */
record Detector(Rule rule, List<String> keywords, Check check) {

    Detector {
        keywords = List.copyOf(keywords);
    }
}
