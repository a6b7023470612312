package dev.aurelis.console;

import dev.aurelis.analytics.AnalyticsSettings;
import dev.aurelis.analytics.PulseSurvey;
import dev.aurelis.identity.Caller;
import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * This week's pulse survey ({@code developer_satisfaction.survey_integration}, ADR 0072): two questions and an
 * optional comment, answered through the same {@link PulseSurvey} as {@code POST /api/v1/surveys/responses}. While the
 * setting is off the page is not there (404 naming it).
 */
@Controller
class SurveyPage {

    private final AnalyticsSettings settings;
    private final PulseSurvey survey;
    private final Clock clock;

    SurveyPage(AnalyticsSettings settings, PulseSurvey survey, Optional<Clock> clock) {
        this.settings = settings;
        this.survey = survey;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @GetMapping(ConsolePage.SURVEY)
    String survey(Model model) {
        Caller caller = surveyed();
        return page(model, survey.current(caller.tenantId().value(), caller.email(), clock.instant()), false);
    }

    @PostMapping(ConsolePage.SURVEY)
    String answer(@RequestParam(required = false) Integer satisfaction,
            @RequestParam(name = "time_saved", required = false) String timeSaved,
            @RequestParam(required = false) String comment, Model model) {
        Caller caller = surveyed();
        PulseSurvey.Current answered = survey.answer(caller.tenantId().value(), caller.userId(), caller.email(),
                caller.team(), satisfaction, timeSaved, comment, clock.instant());
        return page(model, answered, true);
    }

    private String page(Model model, PulseSurvey.Current current, boolean saved) {
        model.addAttribute("current", current);
        model.addAttribute("saved", saved);
        model.addAttribute("surveyWaits", false);
        return "console/survey";
    }

    private Caller surveyed() {
        if (!ConsoleModel.surveyOn(settings)) {
            throw new NoSuchElementException("The pulse survey is turned off: set analytics.enabled and "
                    + "analytics.metrics.developer_satisfaction.survey_integration to true.");
        }
        return ConsoleModel.require(ConsolePage.SURVEY);
    }
}
