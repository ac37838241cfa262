package io.sanke.scheduler.ical;

import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.Plan;

import java.time.Instant;
import java.util.Collection;

/**
 * Writes RFC 5545 iCalendar feeds of lesson sessions for teachers and classrooms:
 * times in Asia/Shanghai with its VTIMEZONE, one VEVENT per session (cancelled ones
 * marked {@code STATUS:CANCELLED}), stable UIDs so calendar apps update in place.
 */
public final class ICalendarWriter {
    private ICalendarWriter() {
    }

    /**
     * @param calendarName shown by calendar apps (X-WR-CALNAME)
     * @param generatedAt  DTSTAMP of every event
     */
    public static String feed(String calendarName, Collection<LessonSession> sessions, Plan plan, Instant generatedAt) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
