package io.sanke.scheduler.csv;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.ClassroomKind;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.TimetableEntry;
import io.sanke.scheduler.csv.CsvImport.Result;
import io.sanke.scheduler.csv.CsvImport.RowError;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import static io.sanke.scheduler.csv.CsvFileShapeTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every cell kind: accepted spellings, and the error each bad value gets. */
class CsvValuesTest {
    private final Plan plan = Fixtures.plan();

    private static final String SCHOOLS = "school_id,school_name,region,school_kind,teaching_point";
    private static final String CLASSROOMS = "classroom_id,school,classroom_name,kind,recording_capable,uplink_kbps,downlink_kbps";
    private static final String TIMETABLE = "entry_id,term,pairing,weekday,period,start,end,recurrence,from,until";

    private Result<School> schools(String... rows) {
        return CsvImport.schools(lines("\n", prepend(SCHOOLS, rows)), plan);
    }

    private Result<Classroom> classrooms(String... rows) {
        return CsvImport.classrooms(lines("\n", prepend(CLASSROOMS, rows)), plan);
    }

    private Result<TimetableEntry> timetable(String... rows) {
        return CsvImport.timetable(lines("\n", prepend(TIMETABLE, rows)), plan);
    }

    private static String[] prepend(String header, String... rows) {
        String[] all = new String[rows.length + 1];
        all[0] = header;
        System.arraycopy(rows, 0, all, 1, rows.length);
        return all;
    }

    /** The only error of a result, checked for its line and field; returns its reason. */
    private static String onlyError(Result<?> result, int line, String field) {
        assertEquals(List.of(), result.rows());
        assertEquals(1, result.errors().size(), result.errors()::toString);
        RowError e = result.errors().getFirst();
        assertEquals(line, e.line(), e::toString);
        assertEquals(field, e.field(), e::toString);
        assertTrue(e.reason().contains(" / "), "bilingual: " + e.reason());
        return e.reason();
    }

    // ---- schools

    @Test
    void a_school_without_id_gets_a_readable_id_that_is_the_same_on_every_import() {
        School first = schools(",新建小学,祁东县,城区,否").rows().getFirst();
        School again = schools(",新建小学,r-qd,urban,no").rows().getFirst();
        assertTrue(first.id().matches("sch-[0-9a-z]{8}"), first::id);
        assertEquals(first, again);
        assertTrue(!first.id().equals(schools(",新建二小,祁东县,城区,否").rows().getFirst().id()));
    }

    @Test
    void two_rows_with_the_same_id_are_reported_on_the_second() {
        String reason = onlyError(schools("s-a,一小,祁东县,城区,否", "s-b,二小,祁东县,城区,否", "s-a,三小,祁东县,城区,否"),
                4, "school_id");
        assertEquals("编号重复 [school:s-a]，与第 2 行相同 / duplicate id [school:s-a], same as line 2", reason);
    }

    @Test
    void two_rows_without_id_naming_the_same_school_of_a_region_are_duplicates() {
        String reason = onlyError(schools(",一小,祁东县,城区,否", ",一小,r-qd,城区,否"), 3, "school_id");
        assertTrue(reason.contains("same as line 2 (no id given"), reason);
    }

    @Test
    void a_row_whose_id_is_in_the_plan_is_returned_for_the_store_to_update() {
        assertEquals(List.of(new School("s-city1", "城关一小（新校区）", "r-qd", SchoolKind.URBAN, false)),
                schools("s-city1,城关一小（新校区）,祁东县,城区,否").rows());
    }

    @Test
    void an_empty_required_value_is_an_error() {
        assertEquals("必填项为空 [学校名称] / required value is empty [school_name]",
                onlyError(schools("s-a, ,祁东县,城区,否"), 2, "school_name"));
    }

    @Test
    void a_region_name_borne_by_two_regions_is_ambiguous() {
        String reason = onlyError(schools("s-a,一小,新区,城区,否"), 2, "region");
        assertTrue(reason.startsWith("区县名称不唯一 [region:新区]，请填写编号：r-x1、r-x2"), reason);
    }

    @Test
    void a_badly_formed_id_is_an_error() {
        assertTrue(onlyError(schools("s a/1,一小,祁东县,城区,否"), 2, "school_id").startsWith("编号只能由"));
    }

    @Test
    void a_name_that_a_spreadsheet_would_run_as_a_formula_is_refused() {
        assertTrue(onlyError(schools("s-a,=cmd|' /C calc'!A0,祁东县,城区,否"), 2, "school_name").contains("formula injection"));
    }

    @Test
    void a_name_longer_than_a_hundred_characters_is_refused() {
        assertTrue(onlyError(schools("s-a," + "长".repeat(101) + ",祁东县,城区,否"), 2, "school_name")
                .contains("longer than 100 characters"));
    }

    @Test
    void school_kinds_and_booleans_have_chinese_and_english_spellings() {
        List<School> rows = schools("a,A,祁东县,城镇,是", "b,B,祁东县,镇区,Yes", "c,C,祁东县,农村,TRUE", "d,D,祁东县,rural,1",
                "e,E,祁东县,乡镇,n").rows();
        assertEquals(List.of(SchoolKind.URBAN, SchoolKind.TOWNSHIP, SchoolKind.VILLAGE, SchoolKind.VILLAGE, SchoolKind.TOWNSHIP),
                rows.stream().map(School::kind).toList());
        assertEquals(List.of(true, true, true, true, false), rows.stream().map(School::teachingPoint).toList());
    }

    @Test
    void a_row_reports_all_its_bad_cells() {
        Result<School> result = schools("s a,,火星,城乡,也许");
        assertEquals(List.of("school_id", "school_name", "region", "school_kind", "teaching_point"),
                result.errors().stream().map(RowError::field).toList());
        assertTrue(result.errors().stream().allMatch(e -> e.line() == 2));
    }

    // ---- classrooms

    @Test
    void a_classroom_names_its_school_by_id_or_by_a_unique_name_from_the_plan() {
        Result<Classroom> result = classrooms("c-1,s-shimen,二年级教室,听讲,否,2000,4000",
                "c-2,祁东县城关一小,录播室,主讲课堂,是,20Mbps,100 Mbps", "c-3,石门村小,工作室,名师工作室,有,1.5M,8000kbps");
        assertEquals(List.of(
                new Classroom("c-1", "s-shimen", "二年级教室", ClassroomKind.LISTENING, false, 2_000, 4_000),
                new Classroom("c-2", "s-city1", "录播室", ClassroomKind.MASTER, true, 20_000, 100_000),
                new Classroom("c-3", "s-shimen", "工作室", ClassroomKind.STUDIO, true, 1_500, 8_000)), result.rows());
    }

    @Test
    void a_classroom_of_a_school_not_in_the_plan_is_an_unknown_reference() {
        assertEquals("未知的学校 [school:火星学校] / unknown school [school:火星学校]",
                onlyError(classrooms("c-1,火星学校,教室,听讲,否,2000,4000"), 2, "school"));
    }

    @Test
    void a_school_name_borne_by_two_schools_is_ambiguous() {
        assertTrue(onlyError(classrooms("c-1,中心小学,教室,听讲,否,2000,4000"), 2, "school")
                .contains("ambiguous school name [school:中心小学], give one of the ids: s-zx1, s-zx2"));
    }

    @Test
    void a_negative_bandwidth_is_refused() {
        assertEquals("带宽不能为负数 [-2000] / bandwidth must not be negative [-2000]",
                onlyError(classrooms("c-1,s-shimen,教室,听讲,否,-2000,4000"), 2, "uplink_kbps"));
    }

    @Test
    void a_bandwidth_that_is_not_a_number_or_not_whole_kbps_is_refused() {
        assertTrue(onlyError(classrooms("c-1,s-shimen,教室,听讲,否,2000,很快"), 2, "downlink_kbps").startsWith("无法识别的带宽"));
        assertTrue(onlyError(classrooms("c-1,s-shimen,教室,听讲,否,2000.5,4000"), 2, "uplink_kbps").contains("whole number"));
        assertTrue(onlyError(classrooms("c-1,s-shimen,教室,听讲,否,2000,200Gbps"), 2, "downlink_kbps").contains("too large"));
    }

    @Test
    void an_unknown_classroom_kind_is_refused() {
        assertTrue(onlyError(classrooms("c-1,s-shimen,教室,多媒体,否,2000,4000"), 2, "kind").contains("unknown classroom kind [多媒体]"));
    }

    // ---- teachers

    @Test
    void subjects_split_on_every_separator_chinese_teachers_use() {
        Result<Teacher> result = CsvImport.teachers(lines("\n", "教师编号,教师姓名,所属学校,任教学科",
                "t-1,王老师,s-city1,\"语文,数学；英语、音乐/美术;科学，体育;语文\"", "t-2,赵老师,s-city1,"), plan);
        assertEquals(List.of(new Teacher("t-1", "王老师", "s-city1", Set.of("语文", "数学", "英语", "音乐", "美术", "科学", "体育")),
                new Teacher("t-2", "赵老师", "s-city1", Set.of())), result.rows());
    }

    @Test
    void the_subjects_column_may_be_left_out() {
        Teacher t = CsvImport.teachers(lines("\n", "姓名,学校", "王老师,石门村小"), plan).rows().getFirst();
        assertTrue(t.id().matches("tch-[0-9a-z]{8}"), t::id);
        assertEquals(Set.of(), t.subjects());
        assertEquals("s-shimen", t.schoolId());
    }

    // ---- timetable

    @Test
    void a_timetable_reads_weekdays_times_recurrences_and_dates_in_every_spelling() {
        Result<TimetableEntry> result = timetable(
                "e-1,term-2026a,p-1,1,1,08:00,08:40,每周,,",
                "e-2,2026年秋季学期,p-1,周二,第2节,8:50,9:30,单周,2026/9/7,2026-12-31",
                "e-3,term-2026a,p-1,星期三,3,10:00,10:40,双周,2026年9月1日,",
                "e-4,term-2026a,p-1,Thursday,4,10:50：00,11:30,weekly,,",
                "e-5,term-2026a,p-1,Fri,5,14:00,14:40,ODD,,",
                "e-6,term-2026a,p-1,星期天,6,14:50,15:30,even,,",
                "e-7,term-2026a,p-1,,7,15:40,16:20,单次,2026-10-16,2026-10-16");
        assertEquals(List.of(), result.errors());
        List<TimetableEntry> rows = result.rows();
        assertEquals(new TimetableEntry("e-2", "term-2026a", "p-1", DayOfWeek.TUESDAY, 2, LocalTime.of(8, 50),
                LocalTime.of(9, 30), Recurrence.ODD_WEEKS, LocalDate.of(2026, 9, 7), LocalDate.of(2026, 12, 31)), rows.get(1));
        assertEquals(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY, DayOfWeek.SUNDAY, DayOfWeek.FRIDAY), rows.stream().map(TimetableEntry::weekday).toList());
        assertEquals(List.of(Recurrence.WEEKLY, Recurrence.ODD_WEEKS, Recurrence.EVEN_WEEKS, Recurrence.WEEKLY,
                Recurrence.ODD_WEEKS, Recurrence.EVEN_WEEKS, Recurrence.ONCE), rows.stream().map(TimetableEntry::recurrence).toList());
        assertEquals(LocalTime.of(10, 50), rows.get(3).start());
        assertEquals(LocalDate.of(2026, 9, 1), rows.get(2).from());
    }

    @Test
    void an_unknown_weekday_is_refused() {
        assertTrue(onlyError(timetable("e-1,term-2026a,p-1,周八,1,08:00,08:40,每周,,"), 2, "weekday").contains("unknown weekday [周八]"));
        assertTrue(onlyError(timetable("e-1,term-2026a,p-1,8,1,08:00,08:40,每周,,"), 2, "weekday").startsWith("无法识别的星期"));
    }

    @Test
    void a_time_that_is_not_hh_mm_is_refused() {
        assertTrue(onlyError(timetable("e-1,term-2026a,p-1,1,1,8点,08:40,每周,,"), 2, "start").contains("not a time [8点]"));
        assertTrue(onlyError(timetable("e-1,term-2026a,p-1,1,1,08:00,24:00,每周,,"), 2, "end").startsWith("无法识别的时间"));
    }

    @Test
    void an_end_not_after_the_start_is_refused() {
        assertEquals("结束时间须晚于开始时间 [08:40–08:00] / end must be after start [08:40–08:00]",
                onlyError(timetable("e-1,term-2026a,p-1,1,1,08:40,08:00,每周,,"), 2, "end"));
        onlyError(timetable("e-1,term-2026a,p-1,1,1,08:00,08:00,每周,,"), 2, "end");
    }

    @Test
    void an_impossible_date_is_refused() {
        assertTrue(onlyError(timetable("e-1,term-2026a,p-1,1,1,08:00,08:40,每周,2026-02-30,"), 2, "from").contains("not a date [2026-02-30]"));
    }

    @Test
    void an_until_before_from_is_refused() {
        assertTrue(onlyError(timetable("e-1,term-2026a,p-1,1,1,08:00,08:40,每周,2026-12-01,2026-11-01"), 2, "until")
                .contains("until is before from"));
    }

    @Test
    void a_once_only_lesson_needs_its_date_and_a_matching_weekday() {
        assertTrue(onlyError(timetable("e-1,term-2026a,p-1,5,1,08:00,08:40,单次,,"), 2, "from").contains("needs its date"));
        assertEquals("星期与日期不符 [2026-10-16 是周五] / weekday does not match the date [2026-10-16 is a Friday]",
                onlyError(timetable("e-1,term-2026a,p-1,周一,1,08:00,08:40,单次,2026-10-16,"), 2, "weekday"));
        assertTrue(onlyError(timetable("e-1,term-2026a,p-1,5,1,08:00,08:40,once,2026-10-16,2026-10-23"), 2, "until")
                .contains("must be empty or equal to from"));
    }

    @Test
    void a_weekly_lesson_needs_its_weekday() {
        assertEquals("必填项为空 [星期] / required value is empty [weekday]",
                onlyError(timetable("e-1,term-2026a,p-1,,1,08:00,08:40,每周,,"), 2, "weekday"));
    }

    @Test
    void an_unknown_term_or_pairing_is_an_unknown_reference() {
        assertEquals("未知的学期 [term:2025年春季] / unknown term [term:2025年春季]",
                onlyError(timetable("e-1,2025年春季,p-1,1,1,08:00,08:40,每周,,"), 2, "term"));
        assertTrue(onlyError(timetable("e-1,term-2026a,p-9,1,1,08:00,08:40,每周,,"), 2, "pairing").startsWith("未知的结对 [pairing:p-9]"));
    }

    @Test
    void a_period_out_of_range_or_a_bad_recurrence_is_refused() {
        assertTrue(onlyError(timetable("e-1,term-2026a,p-1,1,0,08:00,08:40,每周,,"), 2, "period").contains("from 1 to 20"));
        assertTrue(onlyError(timetable("e-1,term-2026a,p-1,1,1,08:00,08:40,每月,,"), 2, "recurrence").contains("unknown recurrence [每月]"));
    }

    @Test
    void timetable_rows_without_id_get_stable_ids_from_term_pairing_weekday_and_period() {
        TimetableEntry e = timetable(",term-2026a,p-1,1,1,08:00,08:40,每周,,").rows().getFirst();
        TimetableEntry moved = timetable(",term-2026a,p-1,周一,1,08:10,08:50,weekly,,").rows().getFirst();
        assertTrue(e.id().matches("tt-[0-9a-z]{8}"), e::id);
        assertEquals(e.id(), moved.id());
    }
}
