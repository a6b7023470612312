package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class BudgetPeriodTests {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void monthsAreCalendarMonthsStartingAtMidnightInTheOrganisationsZone() {
        PeriodWindow window = BudgetPeriod.MONTHLY.windowAt(Instant.parse("2026-11-17T10:00:00Z"), BERLIN, 1);

        assertThat(window.start()).isEqualTo(ZonedDateTime.of(2026, 11, 1, 0, 0, 0, 0, BERLIN));
        assertThat(window.end()).isEqualTo(ZonedDateTime.of(2026, 12, 1, 0, 0, 0, 0, BERLIN));
        assertThat(window.key()).isEqualTo("M2026-11");
    }

    @Test
    void anInstantThatIsStillNovemberInUtcIsAlreadyDecemberInBerlin() {
        Instant lateEvening = Instant.parse("2026-11-30T23:30:00Z");

        assertThat(BudgetPeriod.MONTHLY.windowAt(lateEvening, UTC, 1).key()).isEqualTo("M2026-11");
        assertThat(BudgetPeriod.MONTHLY.windowAt(lateEvening, BERLIN, 1).key()).isEqualTo("M2026-12");
        assertThat(BudgetPeriod.MONTHLY.windowAt(lateEvening, BERLIN, 1).start().toInstant())
                .isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    }

    @Test
    void anInstantThatIsAlreadyAprilInTokyoStartsTheNewFiscalYearThere() {
        Instant instant = Instant.parse("2027-03-31T16:00:00Z");

        assertThat(BudgetPeriod.ANNUAL.windowAt(instant, TOKYO, 4).key()).isEqualTo("A2027-04");
        assertThat(BudgetPeriod.ANNUAL.windowAt(instant, UTC, 4).key()).isEqualTo("A2026-04");
    }

    @Test
    void theBoundaryInstantBelongsToTheNewPeriodOnly() {
        Instant boundary = ZonedDateTime.of(2026, 12, 1, 0, 0, 0, 0, BERLIN).toInstant();
        PeriodWindow november = BudgetPeriod.MONTHLY.windowAt(boundary.minusNanos(1), BERLIN, 1);
        PeriodWindow december = BudgetPeriod.MONTHLY.windowAt(boundary, BERLIN, 1);

        assertThat(november.key()).isEqualTo("M2026-11");
        assertThat(november.contains(boundary)).isFalse();
        assertThat(december.key()).isEqualTo("M2026-12");
        assertThat(december.contains(boundary)).isTrue();
        assertThat(november.next()).isEqualTo(december);
    }

    @Test
    void monthsAcrossADaylightSavingChangeStillStartAtLocalMidnight() {
        PeriodWindow march = BudgetPeriod.MONTHLY.windowAt(Instant.parse("2026-03-29T12:00:00Z"), BERLIN, 1);

        assertThat(march.start().toInstant()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(march.end().toInstant()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
    }

    @Test
    void calendarQuartersWhenTheFiscalYearStartsInJanuary() {
        assertThat(BudgetPeriod.QUARTERLY.windowAt(Instant.parse("2026-11-17T10:00:00Z"), UTC, 1).key()).isEqualTo("Q2026-10");
        assertThat(BudgetPeriod.QUARTERLY.windowAt(Instant.parse("2026-01-01T00:00:00Z"), UTC, 1).key()).isEqualTo("Q2026-01");
        assertThat(BudgetPeriod.QUARTERLY.windowAt(Instant.parse("2026-03-31T23:59:59Z"), UTC, 1).end().toInstant())
                .isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void quartersFollowAFiscalYearThatStartsInApril() {
        assertThat(BudgetPeriod.QUARTERLY.windowAt(Instant.parse("2026-11-17T10:00:00Z"), UTC, 4).key()).isEqualTo("Q2026-10");
        assertThat(BudgetPeriod.QUARTERLY.windowAt(Instant.parse("2026-05-17T10:00:00Z"), UTC, 4).key()).isEqualTo("Q2026-04");
        assertThat(BudgetPeriod.QUARTERLY.windowAt(Instant.parse("2027-02-17T10:00:00Z"), UTC, 4).key()).isEqualTo("Q2027-01");
        // A fiscal year starting in February makes November part of the quarter from November to January.
        PeriodWindow q = BudgetPeriod.QUARTERLY.windowAt(Instant.parse("2026-12-17T10:00:00Z"), UTC, 2);
        assertThat(q.key()).isEqualTo("Q2026-11");
        assertThat(q.end()).isEqualTo(ZonedDateTime.of(2027, 2, 1, 0, 0, 0, 0, UTC));
    }

    @Test
    void fiscalYearsStartInTheConfiguredMonth() {
        PeriodWindow year = BudgetPeriod.ANNUAL.windowAt(Instant.parse("2026-02-10T00:00:00Z"), UTC, 7);

        assertThat(year.start()).isEqualTo(ZonedDateTime.of(2025, 7, 1, 0, 0, 0, 0, UTC));
        assertThat(year.end()).isEqualTo(ZonedDateTime.of(2026, 7, 1, 0, 0, 0, 0, UTC));
        assertThat(BudgetPeriod.ANNUAL.windowAt(Instant.parse("2026-02-10T00:00:00Z"), UTC, 1).key()).isEqualTo("A2026-01");
    }

    @Test
    void aDayBeginsAtMidnightInTheOrganizationsZone() {
        PeriodWindow day = BudgetPeriod.DAILY.windowAt(Instant.parse("2026-11-17T23:30:00Z"), BERLIN, 1);

        assertThat(day.key()).isEqualTo("D2026-11-18");
        assertThat(day.start().toInstant()).isEqualTo(Instant.parse("2026-11-17T23:00:00Z"));
        assertThat(day.end().toInstant()).isEqualTo(Instant.parse("2026-11-18T23:00:00Z"));
        assertThat(day.next().key()).isEqualTo("D2026-11-19");
        assertThat(BudgetPeriod.parse("daily")).isEqualTo(BudgetPeriod.DAILY);
    }

    @Test
    void aDayAcrossTheChangeToSummerTimeHas23Hours() {
        PeriodWindow day = BudgetPeriod.DAILY.windowAt(Instant.parse("2026-03-29T12:00:00Z"), BERLIN, 1);

        assertThat(java.time.Duration.between(day.start(), day.end())).isEqualTo(java.time.Duration.ofHours(23));
    }
}
