package io.sanke.scheduler.coverage;

import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.rules.PlanFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CoveragePeriodTest {
    private static LocalDate d(String text) {
        return LocalDate.parse(text);
    }

    @Test
    @DisplayName("a week runs Monday to Sunday, whatever day it is asked for")
    void weeks() {
        CoveragePeriod week = new CoveragePeriod(d("2026-09-07"), d("2026-09-13"));
        assertEquals(week, CoveragePeriod.week(d("2026-09-07")));
        assertEquals(week, CoveragePeriod.week(d("2026-09-10")));
        assertEquals(week, CoveragePeriod.week(d("2026-09-13")));
        assertEquals(new CoveragePeriod(d("2026-12-28"), d("2027-01-03")), CoveragePeriod.of("week", d("2027-01-01"), (Plan) null));
    }

    @Test
    @DisplayName("a month runs from its first to its last day, leap years included")
    void months() {
        assertEquals(new CoveragePeriod(d("2028-02-01"), d("2028-02-29")), CoveragePeriod.month(d("2028-02-15")));
        assertEquals(new CoveragePeriod(d("2026-02-01"), d("2026-02-28")), CoveragePeriod.of("MONTH", d("2026-02-28"), (Plan) null));
        assertEquals(new CoveragePeriod(d("2026-12-01"), d("2026-12-31")), CoveragePeriod.of(CoveragePeriod.Kind.MONTH, d("2026-12-31"), null));
    }

    @Test
    @DisplayName("a term period is the term's bounds, found from a date when only the plan is given")
    void terms() {
        Plan plan = PlanFixture.withTerm().plan();
        CoveragePeriod term = new CoveragePeriod(PlanFixture.TERM_START, PlanFixture.TERM_END);
        assertEquals(term, CoveragePeriod.term(plan.terms().get(PlanFixture.TERM)));
        assertEquals(term, CoveragePeriod.of("term", d("2026-11-11"), plan));
        assertEquals(term, CoveragePeriod.of("Term", null, plan.terms().get(PlanFixture.TERM)));
        assertEquals("not_found", assertThrows(SchedulerException.class, () -> CoveragePeriod.of("term", d("2027-03-01"), plan)).code());
    }

    @Test
    @DisplayName("an unknown period kind, a missing date or a reversed range is refused")
    void badInput() {
        assertEquals("invalid", assertThrows(SchedulerException.class, () -> CoveragePeriod.of("year", d("2026-01-01"), (Plan) null)).code());
        assertEquals("invalid", assertThrows(SchedulerException.class, () -> CoveragePeriod.of("week", null, (Plan) null)).code());
        assertEquals("invalid", assertThrows(SchedulerException.class, () -> CoveragePeriod.term(null)).code());
        assertEquals("invalid", assertThrows(SchedulerException.class, () -> new CoveragePeriod(d("2026-02-02"), d("2026-02-01"))).code());
    }
}
