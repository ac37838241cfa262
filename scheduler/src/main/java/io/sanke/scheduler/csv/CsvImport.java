package io.sanke.scheduler.csv;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.ClassroomKind;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.TimetableEntry;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.sanke.scheduler.csv.Columns.*;

/**
 * Parses coordinator CSV files (schools, classrooms, teachers, timetable entries):
 * UTF-8 with or without BOM, CRLF or LF, Chinese or English headers in any order,
 * all-or-nothing — a file with one bad row yields no rows and every bad row with its
 * physical line number (header = line 1) and a bilingual reason ({@code "中文 / English"}).
 * References (a classroom's school, an entry's term, …) are resolved by id or by a
 * unique name against the plan only, never against other rows of the same file.
 * A row whose id is already in the plan is returned like any other: the caller
 * (the store) updates that record. Does not store anything.
 *
 * <p>Columns, accepted spellings and error reasons: {@code docs/csv-and-ical.md}.
 */
public final class CsvImport {
    /** Largest number of data rows one file may hold unless a caller passes its own limit. */
    public static final int MAX_ROWS = 10_000;

    private CsvImport() {
    }

    /**
     * One bad row: its 1-based physical line number in the file, the column (its
     * canonical English key, e.g. {@code school_name}; empty for the whole row or file),
     * and why, as {@code "<中文> / <English>"}.
     */
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
        return schools(csv, plan, MAX_ROWS);
    }

    public static Result<Classroom> classrooms(String csv, Plan plan) {
        return classrooms(csv, plan, MAX_ROWS);
    }

    public static Result<Teacher> teachers(String csv, Plan plan) {
        return teachers(csv, plan, MAX_ROWS);
    }

    public static Result<TimetableEntry> timetable(String csv, Plan plan) {
        return timetable(csv, plan, MAX_ROWS);
    }

    /** @param maxRows a file with more data rows is rejected with one error */
    public static Result<School> schools(String csv, Plan plan, int maxRows) {
        Refs refs = refs(plan);
        return read(csv, maxRows, SCHOOLS, SCHOOL_ID, "school", School::id, r -> {
            String id = r.optional(SCHOOL_ID, Values::id);
            String name = r.required(SCHOOL_NAME, Values::name);
            String regionId = r.required(REGION, refs::region);
            SchoolKind kind = r.required(SCHOOL_KIND, Values::schoolKind);
            Boolean teachingPoint = r.required(TEACHING_POINT, Values::bool);
            if (r.failed()) {
                return null;
            }
            return new School(id != null ? id : Ids.generate("sch-", regionId, name), name, regionId, kind,
                    teachingPoint);
        });
    }

    /** @param maxRows a file with more data rows is rejected with one error */
    public static Result<Classroom> classrooms(String csv, Plan plan, int maxRows) {
        Refs refs = refs(plan);
        return read(csv, maxRows, CLASSROOMS, CLASSROOM_ID, "classroom", Classroom::id, r -> {
            String id = r.optional(CLASSROOM_ID, Values::id);
            String schoolId = r.required(CLASSROOM_SCHOOL, refs::school);
            String name = r.required(CLASSROOM_NAME, Values::name);
            ClassroomKind kind = r.required(CLASSROOM_KIND, Values::classroomKind);
            Boolean recording = r.required(RECORDING, Values::bool);
            Integer up = r.required(UPLINK, Values::kbps);
            Integer down = r.required(DOWNLINK, Values::kbps);
            if (r.failed()) {
                return null;
            }
            return new Classroom(id != null ? id : Ids.generate("cls-", schoolId, name), schoolId, name, kind,
                    recording, up, down);
        });
    }

    /** @param maxRows a file with more data rows is rejected with one error */
    public static Result<Teacher> teachers(String csv, Plan plan, int maxRows) {
        Refs refs = refs(plan);
        return read(csv, maxRows, TEACHERS, TEACHER_ID, "teacher", Teacher::id, r -> {
            String id = r.optional(TEACHER_ID, Values::id);
            String name = r.required(TEACHER_NAME, Values::name);
            String schoolId = r.required(TEACHER_SCHOOL, refs::school);
            Set<String> subjects = r.optional(SUBJECTS, Values::subjects);
            if (r.failed()) {
                return null;
            }
            return new Teacher(id != null ? id : Ids.generate("tch-", schoolId, name), name, schoolId,
                    subjects == null ? Set.of() : subjects);
        });
    }

    /** @param maxRows a file with more data rows is rejected with one error */
    public static Result<TimetableEntry> timetable(String csv, Plan plan, int maxRows) {
        Refs refs = refs(plan);
        return read(csv, maxRows, TIMETABLE, ENTRY_ID, "entry", TimetableEntry::id, r -> {
            String id = r.optional(ENTRY_ID, Values::id);
            String termId = r.required(TERM, refs::term);
            String pairingId = r.required(PAIRING, refs::pairing);
            Recurrence recurrence = r.required(RECURRENCE, Values::recurrence);
            boolean once = recurrence == Recurrence.ONCE;
            DayOfWeek weekday = once ? r.optional(WEEKDAY, Values::weekday) : r.required(WEEKDAY, Values::weekday);
            Integer period = r.required(PERIOD, Values::period);
            LocalTime start = r.required(START, Values::time);
            LocalTime end = r.required(END, Values::time);
            LocalDate from = r.optional(FROM, Values::date);
            LocalDate until = r.optional(UNTIL, Values::date);
            if (start != null && end != null && !end.isAfter(start)) {
                r.fail(END, Reasons.of("结束时间须晚于开始时间 [" + start + "–" + end + "]",
                        "end must be after start [" + start + "–" + end + "]"));
            }
            if (once) {
                if (from == null && !r.has(FROM)) {
                    r.fail(FROM, Reasons.of("单次课须填写开始日期（即上课日期）", "a once-only lesson needs its date in from"));
                }
                if (from != null && weekday != null && weekday != from.getDayOfWeek()) {
                    r.fail(WEEKDAY, Reasons.of("星期与日期不符 [" + from + " 是" + Values.weekdayText(from.getDayOfWeek(), CsvExport.Headers.ZH) + "]",
                            "weekday does not match the date [" + from + " is a " + Values.weekdayText(from.getDayOfWeek(), CsvExport.Headers.EN) + "]"));
                }
                if (from != null && until != null && !until.equals(from)) {
                    r.fail(UNTIL, Reasons.of("单次课的结束日期须为空或与开始日期相同 [" + until + "]",
                            "a once-only lesson's until must be empty or equal to from [" + until + "]"));
                }
                if (from != null && weekday == null) {
                    weekday = from.getDayOfWeek();
                }
            } else if (from != null && until != null && until.isBefore(from)) {
                r.fail(UNTIL, Reasons.of("结束日期早于开始日期 [" + from + "–" + until + "]",
                        "until is before from [" + from + "–" + until + "]"));
            }
            if (r.failed()) {
                return null;
            }
            return new TimetableEntry(
                    id != null ? id : Ids.generate("tt-", termId, pairingId, weekday, period, recurrence, from),
                    termId, pairingId, weekday, period, start, end, recurrence, from, until);
        });
    }

    private static Refs refs(Plan plan) {
        if (plan == null) {
            throw new IllegalArgumentException("plan must not be null");
        }
        return new Refs(plan);
    }

    private static <T> Result<T> read(String csv, int maxRows, List<Column> columns, Column idColumn,
                                      String type, Function<T, String> idOf, Function<RowReader, T> mapper) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1 [maxRows:" + maxRows + "]");
        }
        Sheet.Parsed parsed = Sheet.parse(csv, columns, maxRows);
        List<RowError> errors = new ArrayList<>(parsed.errors());
        List<T> rows = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (Sheet.Row row : parsed.rows()) {
            RowReader reader = new RowReader(row, errors);
            T value = mapper.apply(reader);
            if (value == null) {
                continue;
            }
            String id = idOf.apply(value);
            Integer first = firstLine.putIfAbsent(id, row.line());
            if (first != null) {
                String generated = reader.has(idColumn) ? "" : "（未填编号，按名称等生成）";
                String generatedEn = reader.has(idColumn) ? "" : " (no id given, generated from the name and the like)";
                reader.fail(idColumn, Reasons.of(
                        "编号重复 [" + type + ":" + id + "]，与第 " + first + " 行相同" + generated,
                        "duplicate id [" + type + ":" + id + "], same as line " + first + generatedEn));
            } else {
                rows.add(value);
            }
        }
        if (errors.isEmpty()) {
            return new Result<>(rows, List.of());
        }
        errors.sort(Comparator.comparingInt(RowError::line));
        return new Result<>(List.of(), errors);
    }
}
