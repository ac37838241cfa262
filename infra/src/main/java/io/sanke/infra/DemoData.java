package io.sanke.infra;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.ClassroomKind;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.RecordingEvent;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.Region;
import io.sanke.scheduler.api.RegionLevel;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.Term;
import io.sanke.scheduler.api.TimetableEntry;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo county loaded into an empty store: 示范县 (under 示范市, 示范省) with three
 * urban schools and their master classrooms, eleven rural schools (township schools,
 * two with recorded classrooms, and village teaching points, one of them not yet
 * reached), teachers with subjects, seven pairings, the current term around today
 * with two holidays, a weekly timetable without conflicts, and the last two weeks of
 * lessons in final states (mostly ENDED, one MISSED, some recorded). Pure data.
 */
final class DemoData {
    /** The demo plan, its past sessions and their published recordings. */
    record Demo(Plan plan, List<LessonSession> sessions, List<RecordingEvent> recordings) {
    }

    private static final LocalTime[][] PERIODS = {
            {LocalTime.of(8, 0), LocalTime.of(8, 40)}, {LocalTime.of(8, 50), LocalTime.of(9, 30)},
            {LocalTime.of(10, 0), LocalTime.of(10, 40)}, {LocalTime.of(10, 50), LocalTime.of(11, 30)},
            {LocalTime.of(14, 0), LocalTime.of(14, 40)}, {LocalTime.of(14, 50), LocalTime.of(15, 30)}};

    private DemoData() {
    }

    static Demo build(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, SessionCalendar.ZONE);
        Map<String, Region> regions = new LinkedHashMap<>();
        Map<String, School> schools = new LinkedHashMap<>();
        Map<String, Classroom> classrooms = new LinkedHashMap<>();
        Map<String, Teacher> teachers = new LinkedHashMap<>();
        Map<String, Pairing> pairings = new LinkedHashMap<>();
        Map<String, Term> terms = new LinkedHashMap<>();
        Map<String, TimetableEntry> entries = new LinkedHashMap<>();

        regions.put("prov-demo", new Region("prov-demo", "示范省", RegionLevel.PROVINCE, null));
        regions.put("city-demo", new Region("city-demo", "示范市", RegionLevel.CITY, "prov-demo"));
        regions.put("county-demo", new Region("county-demo", "示范县", RegionLevel.COUNTY, "city-demo"));

        String[][] urban = {{"sch-u1", "示范县实验小学"}, {"sch-u2", "示范县第一中学"}, {"sch-u3", "示范县第二小学"}};
        for (String[] u : urban) {
            schools.put(u[0], new School(u[0], u[1], "county-demo", SchoolKind.URBAN, false));
        }
        room(classrooms, "cr-u1-a", "sch-u1", "实验小学 主讲教室一", ClassroomKind.MASTER, true, 20_000, 50_000);
        room(classrooms, "cr-u1-b", "sch-u1", "实验小学 主讲教室二", ClassroomKind.MASTER, true, 20_000, 50_000);
        room(classrooms, "cr-u2-a", "sch-u2", "第一中学 主讲教室", ClassroomKind.MASTER, true, 20_000, 50_000);
        room(classrooms, "cr-u3-a", "sch-u3", "第二小学 名师工作室", ClassroomKind.STUDIO, true, 20_000, 50_000);

        // township schools: two with recorded classrooms (录播教室)
        String[][] township = {{"sch-t1", "青山镇中心小学", "true"}, {"sch-t2", "河口镇中心小学", "true"},
                {"sch-t3", "石桥镇中学", "false"}, {"sch-t4", "柳林镇中心小学", "false"}};
        for (String[] t : township) {
            schools.put(t[0], new School(t[0], t[1], "county-demo", SchoolKind.TOWNSHIP, false));
            room(classrooms, "cr-" + t[0].substring(4), t[0], t[1] + " 听讲教室", ClassroomKind.LISTENING,
                    Boolean.parseBoolean(t[2]), 4_000, 8_000);
        }
        // village teaching points (教学点); 高山村 is not paired yet
        String[][] village = {{"sch-v1", "李家村教学点"}, {"sch-v2", "王家村教学点"}, {"sch-v3", "张家湾教学点"},
                {"sch-v4", "杨树坪教学点"}, {"sch-v5", "石门村教学点"}, {"sch-v6", "桃源村教学点"}, {"sch-v7", "高山村教学点"}};
        for (String[] v : village) {
            schools.put(v[0], new School(v[0], v[1], "county-demo", SchoolKind.VILLAGE, true));
            room(classrooms, "cr-" + v[0].substring(4), v[0], v[1] + " 教室", ClassroomKind.LISTENING, false, 1_000, 2_000);
        }

        teacher(teachers, "tch-u1-1", "陈静", "sch-u1", "数学");
        teacher(teachers, "tch-u1-2", "刘洋", "sch-u1", "语文");
        teacher(teachers, "tch-u1-3", "周敏", "sch-u1", "英语");
        teacher(teachers, "tch-u2-1", "吴刚", "sch-u2", "物理", "科学");
        teacher(teachers, "tch-u2-2", "郑丽", "sch-u2", "音乐");
        teacher(teachers, "tch-u3-1", "孙悦", "sch-u3", "美术");
        teacher(teachers, "tch-u3-2", "黄磊", "sch-u3", "语文", "书法");
        String[] rural = {"t1", "t2", "t3", "t4", "v1", "v2", "v3", "v4", "v5", "v6", "v7"};
        String[] names = {"马兰", "朱海", "胡杰", "高燕", "林芳", "何伟", "罗娟", "梁勇", "宋霞", "谢军", "韩梅"};
        for (int i = 0; i < rural.length; i++) {
            teacher(teachers, "tch-" + rural[i], names[i], "sch-" + rural[i], "全科");
        }

        pairing(pairings, "pair-math", "cr-u1-a", "tch-u1-1", "数学", "四年级", LessonProfile.STANDARD, true, "v1", "v2", "v3");
        pairing(pairings, "pair-chinese", "cr-u1-b", "tch-u1-2", "语文", "三年级", LessonProfile.STANDARD, true, "v4", "v5");
        pairing(pairings, "pair-english", "cr-u1-a", "tch-u1-3", "英语", "五年级", LessonProfile.LOW, false, "t1", "v1", "v6", "v2");
        pairing(pairings, "pair-science", "cr-u2-a", "tch-u2-1", "科学", "六年级", LessonProfile.STANDARD, true, "t2", "t3");
        pairing(pairings, "pair-music", "cr-u2-a", "tch-u2-2", "音乐", "二年级", LessonProfile.LOW, false, "v3", "v4", "t4");
        pairing(pairings, "pair-art", "cr-u3-a", "tch-u3-1", "美术", "三年级", LessonProfile.LOW, false, "v5");
        pairing(pairings, "pair-calligraphy", "cr-u3-a", "tch-u3-2", "书法", "四年级", LessonProfile.STANDARD, true, "t1", "v6");

        LocalDate start = today.minusWeeks(8).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate end = today.plusWeeks(12).with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
        Set<LocalDate> holidays = Set.of(weekday(today.minusWeeks(3)), weekday(today.plusWeeks(2)));
        terms.put("term-demo", new Term("term-demo", start.getYear() + " 学年 示范学期", start, end, holidays, Map.of()));

        int slot = 0;
        for (Pairing p : pairings.values()) {
            for (int n = 0; n < 2; n++, slot++) {
                DayOfWeek day = DayOfWeek.of(slot % 5 + 1);
                LocalTime[] period = PERIODS[slot / 5];
                String id = "tt-" + p.id().substring(5) + "-" + (n + 1);
                entries.put(id, new TimetableEntry(id, "term-demo", p.id(), day, slot / 5 + 1, period[0], period[1],
                        Recurrence.WEEKLY, null, null));
            }
        }

        Plan plan = new Plan(regions, schools, classrooms, teachers, pairings, terms, entries);
        List<LessonSession> past = new ArrayList<>();
        List<RecordingEvent> recordings = new ArrayList<>();
        List<LessonSession> due = SessionCalendar.between(plan, today.minusDays(14), today).stream()
                .filter(s -> s.scheduledEnd().isBefore(now))
                .sorted(java.util.Comparator.comparing(LessonSession::scheduledStart)).toList();
        for (int i = 0; i < due.size(); i++) {
            LessonSession s = due.get(i);
            if (i == 3) {
                past.add(s.withState(SessionState.MISSED));
                continue;
            }
            LessonSession ended = s.started(s.scheduledStart().plusSeconds(60)).ended(s.scheduledEnd().plusSeconds(120));
            Pairing p = pairings.get(s.pairingId());
            if (p.autoRecord() && i % 3 != 0) {
                ended = ended.withRecorded(true);
                recordings.add(new RecordingEvent(RecordingEvent.Type.PUBLISHED, "rec-" + s.id(), s.id(),
                        p.masterClassroomId(), s.scheduledEnd().plusSeconds(3600)));
            }
            past.add(ended);
        }
        return new Demo(plan, past, recordings);
    }

    private static LocalDate weekday(LocalDate d) {
        return d.getDayOfWeek().getValue() <= 5 ? d : d.with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY));
    }

    private static void room(Map<String, Classroom> out, String id, String school, String name, ClassroomKind kind,
                             boolean recording, int up, int down) {
        out.put(id, new Classroom(id, school, name, kind, recording, up, down));
    }

    private static void teacher(Map<String, Teacher> out, String id, String name, String school, String... subjects) {
        out.put(id, new Teacher(id, name, school, Set.of(subjects)));
    }

    private static void pairing(Map<String, Pairing> out, String id, String master, String teacher, String subject,
                                String grade, LessonProfile profile, boolean autoRecord, String... rural) {
        List<PairedClassroom> listening = new ArrayList<>();
        for (String r : rural) {
            listening.add(new PairedClassroom("cr-" + r, "tch-" + r));
        }
        out.put(id, new Pairing(id, master, listening, subject, grade, teacher, profile, autoRecord));
    }
}
