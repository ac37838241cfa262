package io.sanke.scheduler.csv;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.TimetableEntry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import static io.sanke.scheduler.csv.Columns.*;

/**
 * Writes schools, classrooms, teachers and timetable entries as CSV (UTF-8 with BOM,
 * so spreadsheet programs read the Chinese right) that {@link CsvImport} reads back.
 * Rows are sorted by id, lines end with CRLF, references are written as ids, values in
 * the language of the headers (城区/urban, 是/yes, 周一/Monday, 每周/weekly). A text
 * that a spreadsheet would run as a formula (starting with = + - @) is prefixed with
 * {@code '}. Does not decide which rows to export: the caller passes them.
 */
public final class CsvExport {
    /** The byte order mark every export starts with. */
    public static final String BOM = "\uFEFF";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get();

    private CsvExport() {
    }

    /** Header language of an exported file. */
    public enum Headers { ZH, EN }

    public static String schools(Collection<School> rows, Plan plan, Headers headers) {
        return write(SCHOOLS, headers, rows, School::id, s -> List.of(s.id(), safe(s.name()), s.regionId(),
                Values.schoolKindText(s.kind(), headers), Values.boolText(s.teachingPoint(), headers)));
    }

    public static String classrooms(Collection<Classroom> rows, Plan plan, Headers headers) {
        return write(CLASSROOMS, headers, rows, Classroom::id, c -> List.of(c.id(), c.schoolId(), safe(c.name()),
                Values.classroomKindText(c.kind(), headers), Values.boolText(c.recordingCapable(), headers),
                Integer.toString(c.uplinkKbps()), Integer.toString(c.downlinkKbps())));
    }

    public static String teachers(Collection<Teacher> rows, Plan plan, Headers headers) {
        return write(TEACHERS, headers, rows, Teacher::id, t -> List.of(t.id(), safe(t.name()), t.schoolId(),
                String.join(headers == Headers.ZH ? "、" : ";",
                        t.subjects().stream().sorted().map(CsvExport::safe).toList())));
    }

    public static String timetable(Collection<TimetableEntry> rows, Plan plan, Headers headers) {
        return write(TIMETABLE, headers, rows, TimetableEntry::id, e -> List.of(e.id(), e.termId(), e.pairingId(),
                Values.weekdayText(e.weekday(), headers), Integer.toString(e.period()),
                e.start().toString(), e.end().toString(), Values.recurrenceText(e.recurrence(), headers),
                date(e.from()), date(e.until())));
    }

    private static <T> String write(List<Column> columns, Headers headers, Collection<T> rows,
                                    Function<T, String> id, Function<T, List<String>> cells) {
        if (rows == null || headers == null) {
            throw new IllegalArgumentException("rows and headers must not be null");
        }
        List<T> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(id));
        StringBuilder out = new StringBuilder(BOM);
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord(columns.stream().map(c -> c.header(headers)).toList());
            for (T row : sorted) {
                printer.printRecord(cells.apply(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    private static String date(LocalDate d) {
        return d == null ? "" : d.toString();
    }

    /** Keeps a spreadsheet from running a text as a formula (OWASP "CSV injection"). */
    private static String safe(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
