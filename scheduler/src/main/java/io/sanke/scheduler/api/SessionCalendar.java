package io.sanke.scheduler.api;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives dated {@link LessonSession}s from timetable entries: the lessons a plan
 * promises, all {@link SessionState#SCHEDULED}. Weekly entries skip holidays and
 * follow make-up days (a make-up Saturday teaches the timetable of the weekday it
 * replaces); a {@link Recurrence#ONCE} entry yields its date whatever it is (the
 * conflict rules say when that date is wrong). Does not know what happened to a
 * lesson: the store keeps that.
 */
public final class SessionCalendar {
    /** Every school in the plan keeps Beijing time. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private SessionCalendar() {
    }

    /** Sessions of every entry of the plan dated within {@code [from, to]}, inclusive. */
    public static List<LessonSession> between(Plan plan, LocalDate from, LocalDate to) {
        List<LessonSession> out = new ArrayList<>();
        for (TimetableEntry entry : plan.entries().values()) {
            Term term = plan.terms().get(entry.termId());
            if (term != null) {
                addSessions(entry, term, from, to, out);
            }
        }
        return out;
    }

    /** Sessions of one entry dated within {@code [from, to]}, inclusive, in date order. */
    public static List<LessonSession> of(TimetableEntry entry, Term term, LocalDate from, LocalDate to) {
        List<LessonSession> out = new ArrayList<>();
        addSessions(entry, term, from, to, out);
        return out;
    }

    /** Week number of a date within its term: 1 for the Monday-to-Sunday week holding the first day. */
    public static int weekOfTerm(Term term, LocalDate date) {
        LocalDate firstMonday = term.start().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return (int) ChronoUnit.WEEKS.between(firstMonday, date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))) + 1;
    }

    /** The weekday whose timetable is taught on a date: its own, or the one a make-up day names. */
    public static DayOfWeek taughtWeekday(Term term, LocalDate date) {
        return term.makeUpDays().getOrDefault(date, date.getDayOfWeek());
    }

    private static void addSessions(TimetableEntry entry, Term term, LocalDate from, LocalDate to, List<LessonSession> out) {
        if (entry.recurrence() == Recurrence.ONCE) {
            LocalDate date = entry.from();
            if (date != null && !date.isBefore(from) && !date.isAfter(to)) {
                out.add(session(entry, date));
            }
            return;
        }
        LocalDate first = max(max(term.start(), entry.from()), from);
        LocalDate last = min(min(term.end(), entry.until()), to);
        for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
            if (taughtWeekday(term, date) == entry.weekday()
                    && !term.holidays().contains(date)
                    && inWeek(entry.recurrence(), weekOfTerm(term, date))) {
                out.add(session(entry, date));
            }
        }
    }

    private static boolean inWeek(Recurrence recurrence, int week) {
        return switch (recurrence) {
            case WEEKLY, ONCE -> true;
            case ODD_WEEKS -> week % 2 == 1;
            case EVEN_WEEKS -> week % 2 == 0;
        };
    }

    private static LessonSession session(TimetableEntry entry, LocalDate date) {
        return new LessonSession(LessonSession.idFor(entry.id(), date), entry.id(), entry.pairingId(), date,
                date.atTime(entry.start()).atZone(ZONE).toInstant(),
                date.atTime(entry.end()).atZone(ZONE).toInstant(),
                SessionState.SCHEDULED, null, null, false);
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return b == null || a.isBefore(b) ? a : b;
    }
}
