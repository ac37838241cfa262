package io.sanke.scheduler.ical;

/** Writes RFC 5545 iCalendar feeds of lesson sessions (Asia/Shanghai) for teachers and classrooms. */
public final class ICalendarWriter {
}
