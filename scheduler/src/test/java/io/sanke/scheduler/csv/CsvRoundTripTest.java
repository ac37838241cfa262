package io.sanke.scheduler.csv;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.ClassroomKind;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.TimetableEntry;
import io.sanke.scheduler.csv.CsvExport.Headers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What CsvExport writes, CsvImport reads back to equal records. */
class CsvRoundTripTest {
    private final Plan plan = Fixtures.plan();

    private static final List<School> SCHOOLS = List.of(
            new School("s-b", "白地市镇中心校, \"老校区\"", "r-qd", SchoolKind.TOWNSHIP, false),
            new School("s-a", "城关二小", "r-qd", SchoolKind.URBAN, false),
            new School("s-c", "石亭子村教学点", "r-x1", SchoolKind.VILLAGE, true));

    private static final List<Classroom> CLASSROOMS = List.of(
            new Classroom("c-1", "s-city1", "主讲教室；录播", ClassroomKind.MASTER, true, 20_000, 1_000_000),
            new Classroom("c-2", "s-shimen", "一年级", ClassroomKind.LISTENING, false, 0, 3_500),
            new Classroom("c-3", "s-zx2", "名师工作室", ClassroomKind.STUDIO, true, 50_000, 50_000));

    private static final List<Teacher> TEACHERS = List.of(
            new Teacher("t-1", "王老师", "s-city1", Set.of("语文", "数学", "道德与法治")),
            new Teacher("t-2", "Anna Müller", "s-shimen", Set.of()),
            new Teacher("t-3", "欧阳老师", "s-zx1", Set.of("英语")));

    private static final List<TimetableEntry> ENTRIES = List.of(
            new TimetableEntry("e-1", "term-2026a", "p-1", DayOfWeek.MONDAY, 1, LocalTime.of(8, 0), LocalTime.of(8, 40),
                    Recurrence.WEEKLY, null, null),
            new TimetableEntry("e-2", "term-2026a", "p-1", DayOfWeek.SUNDAY, 8, LocalTime.of(16, 5), LocalTime.of(16, 45),
                    Recurrence.EVEN_WEEKS, LocalDate.of(2026, 9, 7), LocalDate.of(2026, 12, 31)),
            new TimetableEntry("e-3", "term-2026a", "p-1", DayOfWeek.SATURDAY, 3, LocalTime.of(10, 0), LocalTime.of(10, 40),
                    Recurrence.ONCE, LocalDate.of(2026, 10, 10), null),
            new TimetableEntry("e-4", "term-2026a", "p-1", DayOfWeek.THURSDAY, 2, LocalTime.of(9, 0), LocalTime.of(9, 40),
                    Recurrence.ODD_WEEKS, null, LocalDate.of(2026, 11, 30)));

    private static <T> List<T> sorted(List<T> rows, Comparator<T> byId) {
        return rows.stream().sorted(byId).toList();
    }

    @ParameterizedTest
    @EnumSource(Headers.class)
    void schools_come_back_equal(Headers headers) {
        String csv = CsvExport.schools(SCHOOLS, plan, headers);
        assertEquals(sorted(SCHOOLS, Comparator.comparing(School::id)), CsvImport.schools(csv, plan).rows());
    }

    @ParameterizedTest
    @EnumSource(Headers.class)
    void classrooms_come_back_equal(Headers headers) {
        String csv = CsvExport.classrooms(CLASSROOMS, plan, headers);
        assertEquals(CLASSROOMS, CsvImport.classrooms(csv, plan).rows());
    }

    @ParameterizedTest
    @EnumSource(Headers.class)
    void teachers_come_back_equal(Headers headers) {
        String csv = CsvExport.teachers(TEACHERS, plan, headers);
        assertEquals(TEACHERS, CsvImport.teachers(csv, plan).rows());
    }

    @ParameterizedTest
    @EnumSource(Headers.class)
    void timetable_entries_come_back_equal(Headers headers) {
        String csv = CsvExport.timetable(ENTRIES, plan, headers);
        assertEquals(ENTRIES, CsvImport.timetable(csv, plan).rows(), csv);
    }

    @Test
    void an_export_starts_with_a_byte_order_mark_and_ends_lines_with_crlf() {
        String csv = CsvExport.schools(SCHOOLS, plan, Headers.ZH);
        assertTrue(csv.startsWith("\uFEFF学校编号,学校名称,所属区县,学校类型,是否教学点\r\n"), csv);
        assertTrue(csv.contains("\r\ns-a,城关二小,r-qd,城区,否\r\n"), csv);
        assertTrue(csv.contains("\"白地市镇中心校, \"\"老校区\"\"\""), csv);
        assertEquals(4, csv.split("\r\n").length);
    }

    @Test
    void english_exports_write_english_values() {
        String csv = CsvExport.timetable(ENTRIES, plan, Headers.EN);
        assertTrue(csv.startsWith("\uFEFFentry_id,term,pairing,weekday,period,start,end,recurrence,from,until\r\n"), csv);
        assertTrue(csv.contains("e-2,term-2026a,p-1,Sunday,8,16:05,16:45,even,2026-09-07,2026-12-31\r\n"), csv);
        assertTrue(CsvExport.classrooms(CLASSROOMS, plan, Headers.EN).contains("c-2,s-shimen,一年级,listening,no,0,3500\r\n"));
    }

    @Test
    void a_name_a_spreadsheet_would_run_as_a_formula_is_exported_as_text() {
        String csv = CsvExport.teachers(List.of(new Teacher("t-x", "=HYPERLINK(\"http://x\")", "s-city1", Set.of("@SUM"))),
                plan, Headers.ZH);
        assertTrue(csv.contains("t-x,\"'=HYPERLINK(\"\"http://x\"\")\",s-city1,'@SUM\r\n"), csv);
    }

    @Test
    void an_export_of_nothing_is_a_header_that_imports_as_an_error_not_as_nothing() {
        String csv = CsvExport.schools(List.of(), plan, Headers.ZH);
        assertEquals("\uFEFF学校编号,学校名称,所属区县,学校类型,是否教学点\r\n", csv);
        assertEquals(1, CsvImport.schools(csv, plan).errors().size());
    }
}
