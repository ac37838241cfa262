package io.sanke.scheduler.csv;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.TimetableEntry;

import java.util.Collection;

/**
 * Writes schools, classrooms, teachers and timetable entries as CSV (UTF-8 with BOM,
 * so spreadsheet programs read the Chinese right) that {@link CsvImport} reads back.
 */
public final class CsvExport {
    private CsvExport() {
    }

    /** Header language of an exported file. */
    public enum Headers { ZH, EN }

    public static String schools(Collection<School> rows, Plan plan, Headers headers) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static String classrooms(Collection<Classroom> rows, Plan plan, Headers headers) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static String teachers(Collection<Teacher> rows, Plan plan, Headers headers) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static String timetable(Collection<TimetableEntry> rows, Plan plan, Headers headers) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
