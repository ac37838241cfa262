package io.sanke.scheduler.csv;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.TimetableEntry;

import java.util.List;

/**
 * Parses coordinator CSV files (schools, classrooms, teachers, timetable entries):
 * UTF-8 with or without BOM, Chinese or English headers, all-or-nothing — a file
 * with one bad row yields no rows and every bad row with its line number and reason.
 * References (a classroom's school, an entry's pairing, …) are resolved by id or by
 * name against the plan and the rows of the same file. Does not store anything.
 */
public final class CsvImport {
    private CsvImport() {
    }

    /** One bad row: its 1-based line number in the file, the column, and why. */
    public record RowError(int line, String field, String reason) {
    }

    /** Either every row parsed ({@code errors} empty) or none ({@code rows} empty). */
    public record Result<T>(List<T> rows, List<RowError> errors) {
        public Result {
            rows = List.copyOf(rows);
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public static Result<School> schools(String csv, Plan plan) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static Result<Classroom> classrooms(String csv, Plan plan) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static Result<Teacher> teachers(String csv, Plan plan) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static Result<TimetableEntry> timetable(String csv, Plan plan) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
