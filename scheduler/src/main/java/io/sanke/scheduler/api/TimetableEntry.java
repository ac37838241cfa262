package io.sanke.scheduler.api;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A slot of the term timetable bound to a pairing: weekday, period and its times, in
 * the school's time zone (Asia/Shanghai).
 *
 * @param from  first date the entry applies to, or {@code null} for the term's start;
 *              for {@link Recurrence#ONCE} the lesson's date
 * @param until last date the entry applies to, or {@code null} for the term's end
 */
public record TimetableEntry(String id, String termId, String pairingId, DayOfWeek weekday,
                             int period, LocalTime start, LocalTime end, Recurrence recurrence,
                             LocalDate from, LocalDate until) {
}
