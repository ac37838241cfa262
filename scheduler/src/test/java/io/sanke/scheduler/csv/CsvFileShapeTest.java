package io.sanke.scheduler.csv;

import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.csv.CsvImport.Result;
import io.sanke.scheduler.csv.CsvImport.RowError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shape of import files: encodings, line endings, headers, line numbers, limits. */
class CsvFileShapeTest {
    private final Plan plan = Fixtures.plan();

    static String lines(String eol, String... lines) {
        return String.join(eol, lines) + eol;
    }

    private static final List<School> EXPECTED = List.of(
            new School("s-a", "城关二小", "r-qd", SchoolKind.URBAN, false),
            new School("s-b", "白地市镇中心校", "r-qd", SchoolKind.TOWNSHIP, false),
            new School("s-c", "石亭子村教学点", "r-qd", SchoolKind.VILLAGE, true));

    private static final String[] ZH = {
            "学校编号,学校名称,所属区县,学校类型,是否教学点",
            "s-a,城关二小,祁东县,城区,否",
            "s-b,白地市镇中心校,r-qd,乡镇,否",
            "s-c,石亭子村教学点,祁东县,村小,是"};

    @Test
    void reads_a_file_with_a_byte_order_mark_and_crlf_line_endings() {
        Result<School> result = CsvImport.schools("\uFEFF" + lines("\r\n", ZH), plan);
        assertEquals(List.of(), result.errors());
        assertEquals(EXPECTED, result.rows());
    }

    @Test
    void reads_a_file_without_byte_order_mark_and_with_lf_line_endings() {
        Result<School> result = CsvImport.schools(lines("\n", ZH), plan);
        assertTrue(result.ok(), result.errors()::toString);
        assertEquals(EXPECTED, result.rows());
    }

    @Test
    void english_headers_read_the_same_rows_as_chinese_headers() {
        Result<School> result = CsvImport.schools(lines("\n",
                "school_id,school_name,region,school_kind,teaching_point",
                "s-a,城关二小,祁东县,urban,no",
                "s-b,白地市镇中心校,r-qd,Township,false",
                "s-c,石亭子村教学点,祁东县,VILLAGE,Y"), plan);
        assertEquals(EXPECTED, result.rows());
    }

    @Test
    void columns_come_in_any_order_and_headers_match_ignoring_case_and_surrounding_spaces() {
        Result<School> result = CsvImport.schools(lines("\r\n",
                " Teaching_Point , REGION,School Name ,school_id,  学校类型 ",
                "0,祁东县,城关二小,s-a,城区",
                "0 , r-qd , 白地市镇中心校 ,s-b,乡镇",
                "1,祁东县,石亭子村教学点,s-c,村"), plan);
        assertEquals(EXPECTED, result.rows());
    }

    @Test
    void a_file_with_three_bad_rows_among_good_ones_yields_no_rows_and_exactly_those_three_lines() {
        Result<School> result = CsvImport.schools(lines("\r\n",
                "学校编号,学校名称,所属区县,学校类型,是否教学点",
                "s-1,一小,祁东县,城区,否",
                "s-2,二小,火星县,城区,否",
                "s-3,三小,祁东县,城区,否",
                "s-4,四小,祁东县,城乡结合,否",
                "s-5,五小,祁东县,城区,否",
                "s-6,六小,祁东县,村,也许",
                "s-7,七小,祁东县,村,是"), plan);
        assertFalse(result.ok());
        assertEquals(List.of(), result.rows());
        assertEquals(List.of(3, 5, 7), result.errors().stream().map(RowError::line).toList());
        assertEquals(List.of("region", "school_kind", "teaching_point"),
                result.errors().stream().map(RowError::field).toList());
        assertEquals("未知的区县 [region:火星县] / unknown region [region:火星县]", result.errors().get(0).reason());
        assertTrue(result.errors().get(1).reason().startsWith("无法识别的学校类型 [城乡结合]"), result.errors().get(1)::reason);
        assertTrue(result.errors().get(2).reason().contains("not a yes/no value [也许]"), result.errors().get(2)::reason);
    }

    @Test
    void line_numbers_count_the_lines_inside_quoted_multi_line_fields_and_blank_lines() {
        String csv = lines("\r\n",
                "教师姓名,所属学校,任教学科",
                "王老师,s-city1,\"语文",
                "数学",
                "英语\"",
                "",
                "赵老师,火星学校,数学",
                "钱老师,s-city1,\"音乐；美术\"",
                "孙老师,s-city1,\"科学,",
                "",
                "=HYPERLINK()\"",
                "李四,s-city1,=1+1");
        Result<Teacher> result = CsvImport.teachers(csv, plan);
        assertEquals(List.of(6, 8, 11), result.errors().stream().map(RowError::line).toList(), result.errors()::toString);
        assertEquals(List.of("school", "subjects", "subjects"), result.errors().stream().map(RowError::field).toList());
    }

    @Test
    void a_multi_line_quoted_field_is_read_whole() {
        Result<Teacher> result = CsvImport.teachers(lines("\n",
                "teacher_id,teacher_name,school,subjects",
                "t-w,王老师,s-city1,\"语文", "数学/英语\""), plan);
        assertEquals(List.of(new Teacher("t-w", "王老师", "s-city1", Set.of("语文", "数学", "英语"))), result.rows());
    }

    @Test
    void a_missing_required_column_is_reported_once_on_line_one() {
        Result<School> result = CsvImport.schools(lines("\n",
                "学校名称,学校类型,是否教学点", "一小,城区,否", "二小,城区,否"), plan);
        assertEquals(List.of(new RowError(1, "region", "缺少必需的列 [所属区县] / missing required column [region]")),
                result.errors());
        assertEquals(List.of(), result.rows());
    }

    @Test
    void an_unknown_column_is_rejected_with_the_known_ones_named() {
        Result<School> result = CsvImport.schools(lines("\n",
                "学校名称,所属区县,学校类型,是否教学点,校长", "一小,祁东县,城区,否,王"), plan);
        assertEquals(1, result.errors().size());
        RowError e = result.errors().getFirst();
        assertEquals(1, e.line());
        assertEquals("校长", e.field());
        assertTrue(e.reason().startsWith("未知的列 [校长]，可用的列：学校编号、学校名称"), e::reason);
    }

    @Test
    void a_file_separated_by_semicolons_or_tabs_is_refused_with_a_hint() {
        RowError hint = new RowError(1, "", "列之间须用英文逗号分隔（这一行用了分号或制表符） / "
                + "columns must be separated by commas (this line uses semicolons or tabs)");
        assertEquals(List.of(hint), CsvImport.schools("学校名称;所属区县;学校类型;是否教学点\n一小;祁东县;城区;否\n", plan).errors());
        assertEquals(List.of(hint), CsvImport.schools("学校名称\t所属区县\t学校类型\t是否教学点\n一小\t祁东县\t城区\t否\n", plan).errors());
    }

    @Test
    void a_column_named_twice_is_rejected() {
        Result<School> result = CsvImport.schools(lines("\n",
                "学校名称,所属区县,学校类型,是否教学点,school_name", "一小,祁东县,城区,否,一小"), plan);
        assertEquals(List.of(new RowError(1, "school_name", "列重复 [学校名称] / duplicate column [school_name]")),
                result.errors());
    }

    @Test
    void an_empty_file_is_an_error_on_line_one() {
        RowError empty = new RowError(1, "", "文件为空 / the file is empty");
        assertEquals(List.of(empty), CsvImport.schools("", plan).errors());
        assertEquals(List.of(empty), CsvImport.schools("\uFEFF\r\n\r\n", plan).errors());
        assertEquals(List.of(empty), CsvImport.classrooms(" ,, \n", plan).errors());
    }

    @Test
    void a_file_with_only_a_header_is_an_error_on_line_one() {
        assertEquals(List.of(new RowError(1, "", "文件只有表头，没有数据行 / the file has a header but no rows")),
                CsvImport.schools("\uFEFF学校名称,所属区县,学校类型,是否教学点\r\n\r\n", plan).errors());
    }

    @Test
    void a_row_with_more_fields_than_the_header_is_rejected_but_trailing_empty_fields_are_not() {
        Result<School> result = CsvImport.schools(lines("\n",
                "学校名称,所属区县,学校类型,是否教学点,,",
                "一小,祁东县,城区,否,,",
                "二小,祁东县,城区,否,,,",
                "三小,祁东县,城区,否,多余"), plan);
        assertEquals(1, result.errors().size(), result.errors()::toString);
        RowError e = result.errors().getFirst();
        assertEquals(4, e.line());
        assertTrue(e.reason().startsWith("字段过多"), e::reason);
    }

    @Test
    void a_row_with_fewer_fields_than_the_header_is_rejected() {
        Result<School> result = CsvImport.schools(lines("\n",
                "学校名称,所属区县,学校类型,是否教学点", "一小,祁东县,城区"), plan);
        assertEquals(2, result.errors().getFirst().line());
        assertTrue(result.errors().getFirst().reason().contains("too few fields"), result.errors()::toString);
    }

    @Test
    void an_unclosed_quote_is_reported_where_its_row_starts() {
        Result<School> result = CsvImport.schools(lines("\n",
                "学校名称,所属区县,学校类型,是否教学点", "一小,祁东县,城区,否", "\"二小,祁东县,城区,否", "三小,祁东县,城区,否"), plan);
        assertEquals(List.of(new RowError(3, "", "CSV 格式错误（可能有未闭合的引号） / malformed CSV (perhaps an unclosed quote)")),
                result.errors());
    }

    @Test
    void a_file_over_the_row_limit_is_rejected_with_one_error() {
        StringBuilder csv = new StringBuilder("学校名称,所属区县,学校类型,是否教学点\n");
        for (int i = 1; i <= 5; i++) {
            csv.append("学校").append(i).append(",祁东县,城区,否\n");
        }
        assertEquals(5, CsvImport.schools(csv.toString(), plan, 5).rows().size());
        csv.append("学校6,祁东县,城区,否\n");
        assertEquals(List.of(new RowError(7, "", "行数超过上限 5，请拆分文件 / more than 5 rows, split the file")),
                CsvImport.schools(csv.toString(), plan, 5).errors());
    }

    @Test
    void arguments_are_checked_at_the_boundary() {
        assertThrows(IllegalArgumentException.class, () -> CsvImport.schools(null, plan));
        assertThrows(IllegalArgumentException.class, () -> CsvImport.teachers("姓名,学校\n王,s-city1\n", null));
        assertThrows(IllegalArgumentException.class, () -> CsvImport.timetable("x\n", plan, 0));
    }

    @Test
    void the_default_row_limit_is_ten_thousand() {
        StringBuilder csv = new StringBuilder("学校名称,所属区县,学校类型,是否教学点\n");
        for (int i = 1; i <= 10_001; i++) {
            csv.append("学校").append(i).append(",r-qd,城区,否\n");
        }
        Result<School> over = CsvImport.schools(csv.toString(), plan);
        assertEquals(1, over.errors().size());
        assertEquals(10_002, over.errors().getFirst().line());
        int cut = csv.lastIndexOf("学校10001");
        assertEquals(10_000, CsvImport.schools(csv.substring(0, cut), plan).rows().size());
    }

    @Test
    void text_decoded_from_a_file_that_is_not_utf8_is_rejected() {
        String gbkReadAsUtf8 = "\uFFFD\uFFFD\uFFFD\uFFFD,\uFFFD\uFFFD\n";
        Result<School> result = CsvImport.schools("学校名称,所属区县,学校类型,是否教学点\n" + gbkReadAsUtf8, plan);
        assertEquals(1, result.errors().size());
        assertEquals(2, result.errors().getFirst().line());
        assertTrue(result.errors().getFirst().reason().startsWith("文件不是 UTF-8 编码"));
    }
}
