package dev.aurelis.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AnalyticsTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (the system's headless Chromium) against the running server: people sign in on the
 * sign-in page, see the overview with its charts drawn, filter usage without a reload, issue a key (shown once) and
 * revoke it, and change a budget's limit; a team lead sees their team's usage only and is refused the pages (and the
 * budget change) their role does not open. Each test
 * leaves a screenshot of the pages it visits in {@code target/console-screenshots} (and, with
 * {@code -Daurelis.console.screenshots=docs/console}, in the documentation).
 */
class ConsoleBrowserTests extends AnalyticsTestBase {

    private static final String ADMIN = "console-admin@analytics.example";
    private static final String LEAD = "backend-lead@analytics.example";
    private static final String DEVELOPER = "survey-dev@analytics.example";
    private static final String PASSWORD = "a long console password";

    private ChromeDriver browser;
    private BrowserPage page;

    @BeforeEach
    void organisationWithUsageAndPeople() {
        forgetAllUsage();
        Instant now = Instant.now();
        record(exchange(now.minusSeconds(60), "ana@corp.example", "backend", "gpt-4o", "0.0125"),
                exchange(now.minusSeconds(50), "ana@corp.example", "backend", "gpt-4o-mini", "0.0004"),
                exchange(now.minusSeconds(40), "bo@corp.example", "backend", "gpt-4o", "0.0130"),
                exchange(now.minus(Duration.ofDays(2)), "bo@corp.example", "backend", "claude-sonnet-4-5", "0.021"),
                attempt(now.minusSeconds(30), "req-failed", "cy@corp.example", "field", "gpt-4o", "0.002", 503,
                        "upstream_unavailable", 1, false),
                exchange(now.minusSeconds(20), "cy@corp.example", "field", "gpt-4o", "0.5"));
        person(ADMIN, null, "{\"role\":\"enterprise_admin\",\"user\":\"" + ADMIN + "\"}");
        person(LEAD, "backend", "{\"role\":\"team_lead\",\"user\":\"" + LEAD + "\",\"scope_team\":\"backend\"}");
        person(DEVELOPER, "backend", "{\"role\":\"developer\",\"user\":\"" + DEVELOPER + "\"}");
        HttpResponse<String> budget = admin("POST", "/api/v1/budgets", "{\"scope\":\"team\",\"subject\":\"backend\","
                + "\"period\":\"monthly\",\"limit\":0.05,\"thresholds\":[0.5,0.8]}");
        assertThat(budget.statusCode()).as(budget.body()).isIn(200, 201);
        // a soft budget the field team's next exchange uses up (the exchanges above went to the ledger, not the budgets)
        HttpResponse<String> soft = admin("POST", "/api/v1/budgets", "{\"scope\":\"team\",\"subject\":\"field\","
                + "\"period\":\"monthly\",\"limit\":0.00001,\"thresholds\":[0.8],\"hard_limit\":false}");
        assertThat(soft.statusCode()).as(soft.body()).isIn(200, 201, 409);
        HttpResponse<String> spent = openAi("/v1/chat/completions", newKey("fay@corp.example", "field"),
                chat("gpt-4o", false, 16));
        assertThat(spent.statusCode()).as(spent.body()).isEqualTo(200);
        browser = SystemChromium.start();
        page = new BrowserPage(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A local account with a password and one role binding (repeated setups find both already there). */
    private void person(String email, String team, String binding) {
        newKey("{\"user\":\"" + email + "\"" + (team == null ? "" : ",\"team\":\"" + team + "\"") + "}");
        HttpResponse<String> password = admin("PUT", "/api/v1/local-accounts",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(password.statusCode()).as(password.body()).isEqualTo(200);
        HttpResponse<String> bound = admin("POST", "/api/v1/role-bindings", binding);
        assertThat(bound.statusCode()).as(bound.body()).isIn(200, 201, 409);
    }

    @Test
    void anAdministratorSignsInSeesTheOverviewFiltersUsageAndIssuesAndRevokesAKey() {
        browser.get(baseUrl() + "/console");
        assertThat(browser.getCurrentUrl()).as("the console sends strangers to sign in").contains("/login");
        page.screenshot("sign-in");
        signIn(ADMIN);

        assertThat(browser.getCurrentUrl()).endsWith("/console");
        // the five recorded exchanges and the field team's exchange through the gateway
        assertThat(page.text(By.id("today-requests"))).isEqualTo("6");
        assertThat(page.text(By.id("today-errors"))).isEqualTo("1");
        assertThat(page.text(By.id("today-users"))).isEqualTo("4");
        // cost_management.alerts.dashboard_alerts: the field team's exchange used up its soft budget
        assertThat(page.text(By.id("budget-alerts"))).contains("Budget alerts", "team 'field'", "of 0.00001 USD spent",
                "the limit is reached");
        waitForCharts(4);
        page.screenshot("overview");

        browser.findElement(By.linkText("Usage and cost")).click();
        new Select(browser.findElement(By.id("by"))).selectByValue("team");
        page.type(By.id("team"), "backend");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        page.wait(ExpectedConditions.urlContains("team=backend"));
        page.waitUntil(() -> page.column(By.cssSelector("#usage-table tbody tr td:first-child")).equals(List.of("backend")));
        assertThat(browser.findElement(By.id("csv-export")).getAttribute("href")).contains("team=backend");
        new Select(browser.findElement(By.id("by"))).selectByValue("model");
        page.type(By.id("team"), "");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        page.waitUntil(() -> page.column(By.cssSelector("#usage-table tbody tr td:first-child")).size() == 3);
        waitForCharts(1);
        page.screenshot("usage");

        browser.findElement(By.linkText("API keys")).click();
        page.type(By.id("key-user"), "new-dev@analytics.example");
        new Select(browser.findElement(By.id("key-team"))).selectByValue("field");
        page.type(By.id("key-name"), "browser-made");
        browser.findElement(By.id("issue-key")).click();
        String secret = page.text(By.id("issued-key"));
        assertThat(secret).startsWith("aur-");
        page.screenshot("keys");
        assertThat(gatewayStatus(secret)).as("the new key works").isNotEqualTo(401);

        WebElement row = browser.findElements(By.cssSelector("#keys-table tbody tr")).stream()
                .filter(r -> r.getText().contains("browser-made")).findFirst().orElseThrow();
        String rowId = row.getAttribute("id");
        row.findElement(By.cssSelector("button.danger")).click();
        page.wait(ExpectedConditions.alertIsPresent()).accept();
        page.waitUntil(() -> browser.findElement(By.id(rowId)).findElement(By.className("key-status")).getText().equals("revoked"));
        assertThat(gatewayStatus(secret)).as("the revoked key is refused").isEqualTo(401);

        browser.findElement(By.cssSelector("nav a[href='/console/budgets']")).click();
        WebElement limit = browser.findElements(By.cssSelector("#budgets-table tbody tr")).stream()
                .filter(r -> r.getText().contains("team 'backend'")).findFirst().orElseThrow()
                .findElement(By.cssSelector("input[name=limit]"));
        limit.clear();
        limit.sendKeys("0.10");
        limit.submit();
        assertThat(page.text(By.id("budget-changed"))).contains("team 'backend'").contains("the limit is now 0.1.");
        assertThat(page.column(By.cssSelector("#budgets-table tbody tr td:nth-child(6)"))).contains("0.1 USD");
        assertThat(backendBudget().path("limit").decimalValue()).isEqualByComparingTo("0.10");

        browser.findElement(By.cssSelector("nav a[href='/console/live']")).click();
        assertThat(page.text(By.id("live-errors"))).isEqualTo("1");
        String firstAt = page.text(By.id("live-at"));
        WebElement main = browser.findElement(By.tagName("main"));
        page.waitUntil(() -> !browser.findElement(By.id("live-at")).getText().strip().equals(firstAt));
        assertThat(browser.findElement(By.tagName("main"))).as("refreshed in place, not reloaded").isEqualTo(main);
        page.screenshot("live");

        browser.findElement(By.cssSelector("nav a[href='/console/reports']")).click();
        assertThat(page.text(By.id("roi-percentage"))).isNotBlank();
        assertThat(page.column(By.cssSelector("#insights-table tbody tr td:first-child"))).containsExactlyInAnyOrder("backend", "field");
        assertThat(browser.findElements(By.cssSelector("#assumptions tr"))).hasSize(6);
        page.screenshot("reports");

        for (String name : List.of("budgets", "people", "providers", "configuration")) {
            browser.findElement(By.cssSelector("nav a[href='/console/" + name + "']")).click();
            assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();
            page.screenshot(name);
        }
    }

    @Test
    void aTeamLeadSeesTheirTeamOnlyAndIsRefusedWhatTheirRoleDoesNotOpen() {
        String budget = backendBudget().path("id").asString();
        browser.get(baseUrl() + "/login?next=/console");
        signIn(LEAD);

        assertThat(page.text(By.id("today-requests"))).as("backend's requests today, not field's").isEqualTo("3");
        assertThat(page.text(By.id("today-errors"))).isEqualTo("0");
        assertThat(page.column(By.cssSelector("nav a"))).contains("Overview", "Usage and cost", "API keys", "Reports")
                .doesNotContain("Budgets", "Providers", "Configuration");

        browser.get(baseUrl() + "/console/usage?by=team");
        assertThat(page.column(By.cssSelector("#usage-table tbody tr td:first-child"))).containsExactly("backend");
        browser.get(baseUrl() + "/console/usage?by=team&team=field");
        assertThat(browser.findElements(By.id("usage-table"))).as("another team's usage does not exist for a lead").isEmpty();

        browser.get(baseUrl() + "/console/reports");
        assertThat(page.column(By.cssSelector("#insights-table tbody tr td:first-child"))).containsExactly("backend");

        browser.get(baseUrl() + "/console/keys");
        assertThat(page.column(By.cssSelector("#keys-table tbody tr td:nth-child(4)"))).isNotEmpty().containsOnly("backend");
        assertThat(browser.findElements(By.id("issue-key"))).as("a team lead may not issue keys").isEmpty();

        browser.get(baseUrl() + "/console/budgets");
        assertThat(page.text(By.cssSelector("p.error"))).contains("budget:view");
        // a forged change from the lead's own session (with its CSRF token) is refused too
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN=')).split('=')[1];
                fetch('/console/budgets/%s', {method: 'POST', headers: {'X-XSRF-TOKEN': decodeURIComponent(token),
                    'content-type': 'application/x-www-form-urlencoded'}, body: 'limit=1000'}).then(r => done(r.status));
                """.formatted(budget));
        assertThat(((Number) status).intValue()).isEqualTo(403);
        assertThat(backendBudget().path("limit").decimalValue()).isEqualByComparingTo("0.05");
    }

    @Test
    void aDeveloperIsAskedForThisWeeksPulseSurveyAndAnswersItOnce() {
        browser.get(baseUrl() + "/login?next=/console");
        signIn(DEVELOPER);

        // a developer's roles do not open the overview, but the console still asks for this week's answer
        page.waitUntil(() -> !browser.findElements(By.id("survey-prompt")).isEmpty());
        browser.findElement(By.cssSelector("#survey-prompt a")).click();
        page.wait(ExpectedConditions.presenceOfElementLocated(By.id("survey-form")));
        assertThat(browser.findElements(By.id("survey-prompt"))).as("not on the survey itself").isEmpty();
        browser.findElement(By.cssSelector("label[for='satisfaction-4']")).click();
        browser.findElement(By.cssSelector("label[for='time-saved-1_to_3h']")).click();
        page.type(By.id("survey-comment"), "Reviews come back faster.");
        page.screenshot("survey");
        browser.findElement(By.cssSelector("#survey-form button[type=submit]")).click();

        assertThat(page.text(By.id("survey-saved"))).contains("recorded");
        assertThat(browser.findElement(By.id("satisfaction-4")).isSelected()).as("the form shows the answer").isTrue();
        browser.get(baseUrl() + "/console");
        page.wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav[aria-label=Console]")));
        assertThat(browser.findElements(By.id("survey-prompt"))).as("answered: no longer asked this week").isEmpty();
        tools.jackson.databind.JsonNode survey = json(admin("GET", "/api/v1/analytics/teams", null).body()).path("survey");
        assertThat(survey.path("respondents").asLong()).isEqualTo(1);
        assertThat(survey.path("time_saved").path("1_to_3h").asLong()).isEqualTo(1);
    }

    private tools.jackson.databind.JsonNode backendBudget() {
        return json(admin("GET", "/api/v1/budgets", null).body()).path("budgets").valueStream()
                .filter(b -> b.path("scope").asString().equals("team") && b.path("subject").asString().equals("backend"))
                .findFirst().orElseThrow();
    }

    private void signIn(String email) {
        page.type(By.id("username"), email);
        page.type(By.id("password"), PASSWORD);
        browser.findElement(By.cssSelector("form[action='/auth/login'] button[type=submit]")).click();
        page.wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav[aria-label=Console]")));
    }

    private int gatewayStatus(String key) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/models"))
                .header("authorization", "Bearer " + key).GET().build()).statusCode();
    }

    private void waitForCharts(int atLeast) {
        page.waitUntil(() -> {
            Object drawn = ((JavascriptExecutor) browser).executeScript("return typeof Chart === 'undefined' ? 0 : "
                    + "Array.from(document.querySelectorAll('canvas[data-chart]')).filter(c => Chart.getChart(c)).length");
            return ((Number) drawn).intValue() >= atLeast;
        });
    }
}
