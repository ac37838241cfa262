package io.sanke.scheduler.coverage;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Coverage and quality figures of one scope over one period; serialised to JSON as
 * is (every component reads as a JSON field). Shares are fractions in 0..1 rounded to
 * four decimals, and {@code null} when there is nothing to divide by (a scope with no
 * teaching point, no township school, or no lesson due); {@code targetMet} is then
 * {@code null} too. Definitions: {@code docs/scheduler-rules.md}.
 *
 * @param scope           what the report is about
 * @param scopeName       the region's or school's name, the pairing's subject, 全部 for all
 * @param from            first day of the period (included)
 * @param to              last day of the period (included)
 * @param asOf            lessons scheduled to start after this instant are not yet due
 * @param teachingPoints  reach of the rural teaching points (target 100 %)
 * @param townshipSchools recorded classrooms in township schools (target 50 %)
 * @param lessons         what happened to the lessons of the scope
 * @param breakdown       the same headline figures per child region (empty for a school or pairing scope)
 */
public record CoverageReport(Scope scope, String scopeName, LocalDate from, LocalDate to, Instant asOf,
                             TeachingPoints teachingPoints, TownshipSchools townshipSchools, Lessons lessons,
                             List<RegionFigures> breakdown) {

    public CoverageReport {
        breakdown = breakdown == null ? List.of() : List.copyOf(breakdown);
    }

    /**
     * @param total     teaching points (schools with {@code teachingPoint}) in scope
     * @param covered   of those, how many received at least one delivered lesson in the period
     * @param share     covered ÷ total
     * @param target    the share the plans require (1.0)
     * @param targetMet share ≥ target
     * @param uncovered the teaching points not covered, by region id then school id
     */
    public record TeachingPoints(int total, int covered, Double share, double target, Boolean targetMet,
                                 List<UncoveredTeachingPoint> uncovered) {
        public TeachingPoints {
            uncovered = uncovered == null ? List.of() : List.copyOf(uncovered);
        }
    }

    /** A teaching point that received no delivered lesson in the period. */
    public record UncoveredTeachingPoint(String schoolId, String name, String regionId, String regionName) {
    }

    /**
     * @param total                      township schools (kind TOWNSHIP) in scope
     * @param withRecordingClassroom     of those, with at least one recording-capable classroom
     * @param recordingClassroomShare    withRecordingClassroom ÷ total: the figure the 50 % target is about
     * @param withPublishedRecording     of those, with at least one recording published in the period
     * @param publishedRecordingShare    withPublishedRecording ÷ total
     * @param target                     the share the plans require (0.5)
     * @param targetMet                  recordingClassroomShare ≥ target
     */
    public record TownshipSchools(int total, int withRecordingClassroom, Double recordingClassroomShare,
                                  int withPublishedRecording, Double publishedRecordingShare,
                                  double target, Boolean targetMet) {
    }

    /**
     * @param scheduled               lessons due in the period and not cancelled
     * @param delivered               of those, given (LIVE or ENDED)
     * @param missed                  of those, MISSED
     * @param pending                 of those, still SCHEDULED or OPEN
     * @param cancelled               lessons of the period CANCELLED (due or not)
     * @param notYetDue               lessons of the period not cancelled and not yet due at {@code asOf}
     * @param deliveryRate            开课率: delivered ÷ scheduled, {@code null} when nothing is scheduled
     * @param hoursDelivered          hours of delivered lessons, two decimals
     * @param hoursDeliveredBySubject the same by the pairing's subject, by subject name
     * @param recorded                delivered lessons with a published recording
     */
    public record Lessons(int scheduled, int delivered, int missed, int pending, int cancelled, int notYetDue,
                          Double deliveryRate, double hoursDelivered, Map<String, Double> hoursDeliveredBySubject,
                          int recorded) {
        public Lessons {
            hoursDeliveredBySubject = hoursDeliveredBySubject == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(hoursDeliveredBySubject));
        }
    }

    /** Headline figures of one child region (its descendants included). */
    public record RegionFigures(String regionId, String regionName,
                                int teachingPoints, int teachingPointsCovered, Double teachingPointShare,
                                int townshipSchools, int townshipSchoolsWithRecordingClassroom, Double recordingClassroomShare,
                                int scheduled, int delivered, Double deliveryRate) {
    }

    /**
     * The report as CSV: UTF-8 text starting with a byte order mark (so spreadsheet
     * programs read the Chinese right), CRLF line ends, header line
     * {@code section,key,label,value}, then one row per figure: {@code key} is the
     * machine name (as in JSON), {@code label} the zh-CN label, {@code value} the number
     * (shares as decimals, empty for null). Uncovered teaching points follow as rows
     * of section {@code uncovered_teaching_point} (key: school id, label: school name,
     * value: region name), then per-region rows of section {@code breakdown:REGION_ID}.
     */
    public String toCsv() {
        StringBuilder out = new StringBuilder("\uFEFF");
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("section", "key", "label", "value").get())) {
            csv.printRecord("report", "scope", "范围", scope.toString());
            csv.printRecord("report", "scope_name", "范围名称", scopeName);
            csv.printRecord("report", "from", "开始日期", from);
            csv.printRecord("report", "to", "结束日期", to);
            csv.printRecord("report", "as_of", "统计时间", asOf);

            TeachingPoints tp = teachingPoints;
            csv.printRecord("teaching_points", "total", "教学点总数", tp.total());
            csv.printRecord("teaching_points", "covered", "已覆盖教学点", tp.covered());
            csv.printRecord("teaching_points", "share", "覆盖率", num(tp.share()));
            csv.printRecord("teaching_points", "target", "目标", num(tp.target()));
            csv.printRecord("teaching_points", "target_met", "是否达标", yesNo(tp.targetMet()));

            TownshipSchools ts = townshipSchools;
            csv.printRecord("township_schools", "total", "乡镇学校总数", ts.total());
            csv.printRecord("township_schools", "with_recording_classroom", "有录播教室的乡镇学校", ts.withRecordingClassroom());
            csv.printRecord("township_schools", "recording_classroom_share", "录播教室覆盖率", num(ts.recordingClassroomShare()));
            csv.printRecord("township_schools", "with_published_recording", "本期有发布录像的乡镇学校", ts.withPublishedRecording());
            csv.printRecord("township_schools", "published_recording_share", "发布录像学校占比", num(ts.publishedRecordingShare()));
            csv.printRecord("township_schools", "target", "目标", num(ts.target()));
            csv.printRecord("township_schools", "target_met", "是否达标", yesNo(ts.targetMet()));

            Lessons l = lessons;
            csv.printRecord("lessons", "scheduled", "应开课节数", l.scheduled());
            csv.printRecord("lessons", "delivered", "实开课节数", l.delivered());
            csv.printRecord("lessons", "missed", "未开课节数", l.missed());
            csv.printRecord("lessons", "pending", "待确认节数", l.pending());
            csv.printRecord("lessons", "cancelled", "已取消节数", l.cancelled());
            csv.printRecord("lessons", "not_yet_due", "未到时间节数", l.notYetDue());
            csv.printRecord("lessons", "delivery_rate", "开课率", num(l.deliveryRate()));
            csv.printRecord("lessons", "hours_delivered", "授课时长（小时）", num(l.hoursDelivered()));
            for (Map.Entry<String, Double> e : l.hoursDeliveredBySubject().entrySet()) {
                csv.printRecord("hours_by_subject", e.getKey(), e.getKey() + " 授课时长（小时）", num(e.getValue()));
            }
            csv.printRecord("lessons", "recorded", "有录像的课", l.recorded());

            for (UncoveredTeachingPoint u : tp.uncovered()) {
                csv.printRecord("uncovered_teaching_point", u.schoolId(), u.name(), u.regionName());
            }
            for (RegionFigures r : breakdown) {
                String section = "breakdown:" + r.regionId();
                csv.printRecord(section, "region_name", "地区", r.regionName());
                csv.printRecord(section, "teaching_points", "教学点总数", r.teachingPoints());
                csv.printRecord(section, "teaching_points_covered", "已覆盖教学点", r.teachingPointsCovered());
                csv.printRecord(section, "teaching_point_share", "覆盖率", num(r.teachingPointShare()));
                csv.printRecord(section, "township_schools", "乡镇学校总数", r.townshipSchools());
                csv.printRecord(section, "township_schools_with_recording_classroom", "有录播教室的乡镇学校",
                        r.townshipSchoolsWithRecordingClassroom());
                csv.printRecord(section, "recording_classroom_share", "录播教室覆盖率", num(r.recordingClassroomShare()));
                csv.printRecord(section, "scheduled", "应开课节数", r.scheduled());
                csv.printRecord(section, "delivered", "实开课节数", r.delivered());
                csv.printRecord(section, "delivery_rate", "开课率", num(r.deliveryRate()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String num(Double value) {
        if (value == null) {
            return "";
        }
        String s = String.format(Locale.ROOT, "%.4f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String yesNo(Boolean value) {
        return value == null ? "" : value ? "是" : "否";
    }
}
