package dev.aurelis.configuration;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid configuration into a short start-up report instead of a stack trace. */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct the value(s) named above in the configuration file (AURELIS_CONFIG or --config) and start "
                        + "Aurelis again. docs/configuration.md describes every section.", cause);
    }
}
