package io.sanke.scheduler.api;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * A school term: its dates, its holidays, and its make-up days (调休), weekend dates
 * on which the timetable of another weekday is taught.
 *
 * @param makeUpDays date → the weekday whose timetable is taught that date
 */
public record Term(String id, String name, LocalDate start, LocalDate end,
                   Set<LocalDate> holidays, Map<LocalDate, DayOfWeek> makeUpDays) {
    public Term {
        holidays = Set.copyOf(holidays);
        makeUpDays = Map.copyOf(makeUpDays);
    }
}
