package dev.aurelis.api;

import dev.aurelis.analytics.AnalyticsSettings;
import dev.aurelis.analytics.PulseSurvey;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The weekly pulse survey ({@code analytics.metrics.developer_satisfaction.survey_integration}, ADR 0072):
 * {@code GET /api/v1/surveys/current} shows this week's survey and the caller's answer so far,
 * {@code POST /api/v1/surveys/responses} answers it (again, to change the answer). Answered by the person the key or
 * session belongs to.
 */
@RestController
class SurveysController {

    private final AnalyticsSettings settings;
    private final PulseSurvey survey;
    private final Clock clock;

    SurveysController(AnalyticsSettings settings, PulseSurvey survey, Optional<Clock> clock) {
        this.settings = settings;
        this.survey = survey;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    record AnswerBody(Integer satisfaction, String timeSaved, String comment) {
    }

    @GetMapping("/api/v1/surveys/current")
    PulseSurvey.Current current() {
        Caller caller = surveyed();
        return survey.current(caller.tenantId().value(), caller.email(), clock.instant());
    }

    @PostMapping("/api/v1/surveys/responses")
    ResponseEntity<PulseSurvey.Current> answer(@RequestBody(required = false) AnswerBody body) {
        Caller caller = surveyed();
        if (body == null) {
            throw new IllegalArgumentException("Send {\"satisfaction\": 1-5, \"time_saved\": \"1_to_3h\", "
                    + "\"comment\": \"...\"} (the comment is optional).");
        }
        PulseSurvey.Current answered = survey.answer(caller.tenantId().value(), caller.userId(), caller.email(),
                caller.team(), body.satisfaction(), body.timeSaved(), body.comment(), clock.instant());
        return ResponseEntity.status(HttpStatus.CREATED).body(answered);
    }

    private Caller surveyed() {
        AnalyticsSettings.Policy policy = settings.policy();
        if (!policy.enabled()) {
            throw new NoSuchElementException("Analytics is turned off: set analytics.enabled: true to run the survey.");
        }
        if (!policy.groups().survey()) {
            throw new NoSuchElementException("The pulse survey is turned off: set "
                    + "analytics.metrics.developer_satisfaction.survey_integration: true (and its group's enabled).");
        }
        return AdminCallers.current();
    }
}
