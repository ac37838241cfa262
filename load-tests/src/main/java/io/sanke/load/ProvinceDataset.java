package io.sanke.load;

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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A province-scale plan and a term of lessons, generated deterministically from a
 * seed: regions (province → cities → counties), teaching points each with one
 * listening classroom and one assistant teacher, township and urban schools, master
 * classrooms, pairings of one master classroom with 1–8 listening classrooms, a
 * 20-week term with holidays and make-up days, a 35-period week (5 days × 7 periods)
 * filled greedily so that most lessons do not clash (a few do, as in real plans),
 * some one-off lessons, then every session of the term with a realistic mix of states
 * as of week 14 and the recording events of the recorded lessons. Used only by
 * {@link SchedulerBench}.
 */
final class ProvinceDataset {
    static final String[] SUBJECTS = {"语文", "数学", "英语", "音乐", "美术", "科学", "体育", "道德与法治", "信息技术"};
    static final LocalTime[][] PERIODS = {
            {LocalTime.of(8, 0), LocalTime.of(8, 40)}, {LocalTime.of(8, 50), LocalTime.of(9, 30)},
            {LocalTime.of(10, 0), LocalTime.of(10, 40)}, {LocalTime.of(10, 50), LocalTime.of(11, 30)},
            {LocalTime.of(14, 0), LocalTime.of(14, 40)}, {LocalTime.of(14, 50), LocalTime.of(15, 30)},
            {LocalTime.of(15, 40), LocalTime.of(16, 20)}};
    static final int DAYS = 5;
    static final int SLOTS = DAYS * PERIODS.length;

    /** Sizes of the generated province. */
    record Sizes(int teachingPoints, int masterClassrooms, int pairings, int weeks, int townshipSchools,
                 int urbanSchools, int oneOffLessons) {
        static Sizes province() {
            return new Sizes(10_000, 2_000, 3_000, 20, 1_200, 500, 300);
        }

        /** A tenth of the province, for a quick look. */
        static Sizes small() {
            return new Sizes(1_000, 200, 300, 20, 120, 50, 30);
        }
    }

    final Plan plan;
    final Term term;
    final List<LessonSession> sessions;
    final List<RecordingEvent> recordings;
    final Instant asOf;

    private ProvinceDataset(Plan plan, Term term, List<LessonSession> sessions, List<RecordingEvent> recordings, Instant asOf) {
        this.plan = plan;
        this.term = term;
        this.sessions = sessions;
        this.recordings = recordings;
        this.asOf = asOf;
    }

    static ProvinceDataset generate(long seed, Sizes sizes) {
        return new Generator(new Random(seed), sizes).run();
    }

    private static final class Generator {
        private final Random rnd;
        private final Sizes sizes;
        private final Map<String, Region> regions = new HashMap<>();
        private final Map<String, School> schools = new HashMap<>();
        private final Map<String, Classroom> classrooms = new HashMap<>();
        private final Map<String, Teacher> teachers = new HashMap<>();
        private final Map<String, Pairing> pairings = new HashMap<>();
        private final Map<String, TimetableEntry> entries = new HashMap<>();
        private final List<String> counties = new ArrayList<>();
        /** Busy slots per classroom or teacher id: [0] odd weeks, [1] even weeks, one bit per slot. */
        private final Map<String, long[]> busy = new HashMap<>();

        Generator(Random rnd, Sizes sizes) {
            this.rnd = rnd;
            this.sizes = sizes;
        }

        ProvinceDataset run() {
            regions();
            List<String> listening = teachingPoints();
            List<String[]> masters = masterClassrooms();
            Term term = term();
            pairings(masters, listening);
            timetable(term);
            oneOffLessons(term);
            Plan plan = new Plan(regions, schools, classrooms, teachers, pairings, Map.of(term.id(), term), entries);
            Instant asOf = term.start().plusWeeks(13).with(DayOfWeek.WEDNESDAY).atTime(10, 20)
                    .atZone(SessionCalendar.ZONE).toInstant();
            List<RecordingEvent> recordings = new ArrayList<>();
            List<LessonSession> sessions = sessions(plan, term, asOf, recordings);
            townshipRecordings(term, asOf, recordings);
            return new ProvinceDataset(plan, term, sessions, recordings, asOf);
        }

        private void regions() {
            regions.put("r-00", new Region("r-00", "模拟省", RegionLevel.PROVINCE, null));
            for (int c = 1; c <= 14; c++) {
                String city = "r-%02d".formatted(c);
                regions.put(city, new Region(city, "第" + c + "市", RegionLevel.CITY, "r-00"));
                for (int k = 1; k <= 7; k++) {
                    String county = city + "-" + k;
                    regions.put(county, new Region(county, "第" + c + "市第" + k + "县", RegionLevel.COUNTY, city));
                    counties.add(county);
                }
            }
        }

        private String county() {
            return counties.get(rnd.nextInt(counties.size()));
        }

        /** Teaching points, each with one listening classroom and its assistant teacher; returns the classrooms. */
        private List<String> teachingPoints() {
            List<String> rooms = new ArrayList<>();
            for (int i = 1; i <= sizes.teachingPoints(); i++) {
                String school = "tp-%05d".formatted(i);
                schools.put(school, new School(school, "第" + i + "教学点", county(), SchoolKind.VILLAGE, true));
                String room = "cl-%05d".formatted(i);
                // 2 % of rural links are below even the LOW profile's 400 kbit/s.
                int down = rnd.nextInt(100) < 2 ? 200 + rnd.nextInt(200) : 1_000 + rnd.nextInt(19_000);
                classrooms.put(room, new Classroom(room, school, "教学点教室", ClassroomKind.LISTENING, false, down / 4, down));
                String teacher = "ta-%05d".formatted(i);
                teachers.put(teacher, new Teacher(teacher, "辅导教师" + i, school, Set.of("全科")));
                rooms.add(room);
            }
            for (int i = 1; i <= sizes.townshipSchools(); i++) {
                String school = "st-%04d".formatted(i);
                schools.put(school, new School(school, "第" + i + "乡镇中心校", county(), SchoolKind.TOWNSHIP, false));
            }
            for (int i = 1; i <= sizes.urbanSchools(); i++) {
                String school = "su-%04d".formatted(i);
                String region = "r-%02d".formatted(1 + rnd.nextInt(14));
                schools.put(school, new School(school, "第" + i + "城区学校", region, SchoolKind.URBAN, false));
            }
            return rooms;
        }

        /** Master classrooms (85 % in urban schools, 15 % in township schools) and their teachers: {room, teacher…}. */
        private List<String[]> masterClassrooms() {
            List<String[]> masters = new ArrayList<>();
            int township = sizes.masterClassrooms() * 15 / 100;
            for (int i = 1; i <= sizes.masterClassrooms(); i++) {
                String school = i <= township
                        ? "st-%04d".formatted(1 + (i - 1) % sizes.townshipSchools())
                        : "su-%04d".formatted(1 + (i - 1) % sizes.urbanSchools());
                String room = "cm-%05d".formatted(i);
                int up = rnd.nextInt(100) < 1 ? 500 + rnd.nextInt(1_000) : 4_000 + rnd.nextInt(96_000);
                classrooms.put(room, new Classroom(room, school, "主讲教室" + i, ClassroomKind.MASTER, true, up, up));
                String t1 = "tm-%05d-a".formatted(i);
                String t2 = "tm-%05d-b".formatted(i);
                teachers.put(t1, new Teacher(t1, "主讲教师" + i + "甲", school, Set.of(SUBJECTS[rnd.nextInt(SUBJECTS.length)])));
                teachers.put(t2, new Teacher(t2, "主讲教师" + i + "乙", school, Set.of(SUBJECTS[rnd.nextInt(SUBJECTS.length)])));
                masters.add(new String[]{room, t1, t2});
            }
            // Other township schools: 55 % have a recording classroom, the rest a plain listening one.
            for (int i = township + 1; i <= sizes.townshipSchools(); i++) {
                String school = "st-%04d".formatted(i);
                String room = "ct-%04d".formatted(i);
                classrooms.put(room, new Classroom(room, school, "乡镇教室", ClassroomKind.LISTENING,
                        rnd.nextInt(100) < 47, 8_000, 20_000));
            }
            return masters;
        }

        private Term term() {
            LocalDate start = LocalDate.of(2026, 8, 31);
            LocalDate end = start.plusWeeks(sizes.weeks()).minusDays(3); // Friday of the last week
            Set<LocalDate> holidays = new HashSet<>();
            for (LocalDate d = LocalDate.of(2026, 10, 1); !d.isAfter(LocalDate.of(2026, 10, 8)); d = d.plusDays(1)) {
                holidays.add(d);
            }
            holidays.add(LocalDate.of(2027, 1, 1));
            return new Term("t-2026-autumn", "2026 秋季学期", start, end, holidays,
                    Map.of(LocalDate.of(2026, 9, 27), DayOfWeek.THURSDAY, LocalDate.of(2026, 10, 10), DayOfWeek.FRIDAY));
        }

        /** Pairings: master classroom i % masters, 1–8 listening classrooms (97 % of teaching points reached). */
        private void pairings(List<String[]> masters, List<String> listening) {
            List<String> pool = new ArrayList<>(listening.subList(0, listening.size() * 97 / 100));
            Collections.shuffle(pool, rnd);
            int next = 0;
            for (int i = 0; i < sizes.pairings(); i++) {
                String[] master = masters.get(i % masters.size());
                int count = rnd.nextInt(100) < 3 ? Pairing.MAX_LISTENING : 1 + rnd.nextInt(6);
                Set<String> rooms = new LinkedHashSet<>();
                while (rooms.size() < count) {
                    rooms.add(pool.get(next++ % pool.size()));
                }
                List<PairedClassroom> paired = new ArrayList<>();
                for (String room : rooms) {
                    paired.add(new PairedClassroom(room, "ta-" + room.substring(3)));
                }
                int p = rnd.nextInt(100);
                LessonProfile profile = p < 30 ? LessonProfile.LOW : p < 90 ? LessonProfile.STANDARD : LessonProfile.HIGH;
                String id = "p-%05d".formatted(i + 1);
                pairings.put(id, new Pairing(id, master[0], paired, SUBJECTS[rnd.nextInt(SUBJECTS.length)],
                        (1 + rnd.nextInt(6)) + "年级", master[1 + (i / masters.size()) % 2], profile, rnd.nextInt(100) < 40));
            }
        }

        /** 2–5 lessons a week per pairing, each in a slot free for every classroom and teacher it uses when one is found. */
        private void timetable(Term term) {
            int n = 0;
            List<String> ids = new ArrayList<>(pairings.keySet());
            Collections.sort(ids);
            for (String id : ids) {
                Pairing p = pairings.get(id);
                List<String> uses = uses(p);
                int lessons = 2 + rnd.nextInt(4);
                for (int l = 0; l < lessons; l++) {
                    int r = rnd.nextInt(100);
                    Recurrence recurrence = r < 80 ? Recurrence.WEEKLY : r < 90 ? Recurrence.ODD_WEEKS : Recurrence.EVEN_WEEKS;
                    int slot = -1;
                    for (int attempt = 0; attempt < 25 && slot < 0; attempt++) {
                        int candidate = rnd.nextInt(SLOTS);
                        if (free(uses, candidate, recurrence)) {
                            slot = candidate;
                        }
                    }
                    if (slot < 0) {
                        slot = rnd.nextInt(SLOTS); // no free slot: a real clash the checker will report
                    }
                    occupy(uses, slot, recurrence);
                    LocalDate from = null;
                    LocalDate until = null;
                    int bounded = rnd.nextInt(100);
                    if (bounded < 5) {
                        from = term.start().plusWeeks(2 + rnd.nextInt(4));
                    } else if (bounded < 10) {
                        until = term.start().plusWeeks(12 + rnd.nextInt(6));
                    } else if (bounded < 11) {
                        until = term.end().plusWeeks(1); // a typing mistake: past the term (OUTSIDE_TERM)
                    }
                    String entryId = "e-%06d".formatted(++n);
                    entries.put(entryId, new TimetableEntry(entryId, term.id(), p.id(), DayOfWeek.of(1 + slot / PERIODS.length),
                            1 + slot % PERIODS.length, PERIODS[slot % PERIODS.length][0], PERIODS[slot % PERIODS.length][1],
                            recurrence, from, until));
                }
            }
        }

        /** One-off lessons (open lessons, make-ups) on random term days, some on holidays or make-up days. */
        private void oneOffLessons(Term term) {
            List<String> ids = new ArrayList<>(pairings.keySet());
            Collections.sort(ids);
            int days = (int) (term.end().toEpochDay() - term.start().toEpochDay()) + 1;
            for (int i = 1; i <= sizes.oneOffLessons(); i++) {
                Pairing p = pairings.get(ids.get(rnd.nextInt(ids.size())));
                int kind = rnd.nextInt(100);
                LocalDate date = kind < 5 ? LocalDate.of(2026, 10, 2 + rnd.nextInt(5))
                        : kind < 10 ? LocalDate.of(2026, 10, 10)
                        : term.start().plusDays(rnd.nextInt(days));
                int period = rnd.nextInt(PERIODS.length);
                String id = "e-once-%04d".formatted(i);
                entries.put(id, new TimetableEntry(id, term.id(), p.id(), date.getDayOfWeek(), period + 1,
                        PERIODS[period][0], PERIODS[period][1], Recurrence.ONCE, date, null));
            }
        }

        private static List<String> uses(Pairing p) {
            List<String> uses = new ArrayList<>();
            uses.add(p.masterClassroomId());
            uses.add(p.masterTeacherId());
            for (PairedClassroom pc : p.listening()) {
                uses.add(pc.classroomId());
                uses.add(pc.assistantTeacherId());
            }
            return uses;
        }

        private boolean free(List<String> uses, int slot, Recurrence recurrence) {
            long bit = 1L << slot;
            for (String id : uses) {
                long[] b = busy.get(id);
                if (b != null && ((recurrence != Recurrence.EVEN_WEEKS && (b[0] & bit) != 0)
                        || (recurrence != Recurrence.ODD_WEEKS && (b[1] & bit) != 0))) {
                    return false;
                }
            }
            return true;
        }

        private void occupy(List<String> uses, int slot, Recurrence recurrence) {
            long bit = 1L << slot;
            for (String id : uses) {
                long[] b = busy.computeIfAbsent(id, k -> new long[2]);
                if (recurrence != Recurrence.EVEN_WEEKS) {
                    b[0] |= bit;
                }
                if (recurrence != Recurrence.ODD_WEEKS) {
                    b[1] |= bit;
                }
            }
        }

        /**
         * Every session of the term, states as of {@code asOf}: before it 90 % ENDED, 4 % MISSED, 3 % CANCELLED,
         * 3 % still OPEN; running at asOf LIVE; after it 98 % SCHEDULED, 2 % CANCELLED. Ended lessons of
         * auto-recorded pairings are recorded (85 % published, the rest rejected or failed).
         */
        private List<LessonSession> sessions(Plan plan, Term term, Instant asOf, List<RecordingEvent> recordings) {
            List<LessonSession> generated = SessionCalendar.between(plan, term.start(), term.end());
            generated.sort(java.util.Comparator.comparing(LessonSession::id));
            List<LessonSession> out = new ArrayList<>(generated.size());
            int rec = 0;
            for (LessonSession s : generated) {
                int r = rnd.nextInt(100);
                LessonSession x;
                if (s.scheduledStart().isAfter(asOf)) {
                    x = r < 2 ? s.withState(SessionState.CANCELLED) : s;
                } else if (s.scheduledEnd().isAfter(asOf)) {
                    x = s.started(s.scheduledStart().plusSeconds(rnd.nextInt(180)));
                } else if (r < 90) {
                    Instant start = s.scheduledStart().plusSeconds(rnd.nextInt(300));
                    Instant end = s.scheduledEnd().plusSeconds(rnd.nextInt(240) - 120);
                    x = s.started(start).ended(end);
                    if (plan.pairings().get(s.pairingId()).autoRecord()) {
                        String recording = "rec-%07d".formatted(++rec);
                        String room = plan.pairings().get(s.pairingId()).masterClassroomId();
                        recordings.add(new RecordingEvent(RecordingEvent.Type.STARTED, recording, s.id(), room, start));
                        recordings.add(new RecordingEvent(RecordingEvent.Type.COMPLETED, recording, s.id(), room, end));
                        int fate = rnd.nextInt(100);
                        RecordingEvent.Type type = fate < 85 ? RecordingEvent.Type.PUBLISHED
                                : fate < 95 ? RecordingEvent.Type.REJECTED : RecordingEvent.Type.FAILED;
                        recordings.add(new RecordingEvent(type, recording, s.id(), room,
                                end.plus(Duration.ofMinutes(30 + rnd.nextInt(48 * 60)))));
                        x = x.withRecorded(type == RecordingEvent.Type.PUBLISHED);
                    }
                } else if (r < 94) {
                    x = s.withState(SessionState.MISSED);
                } else if (r < 97) {
                    x = s.withState(SessionState.CANCELLED);
                } else {
                    x = s.withState(SessionState.OPEN);
                }
                out.add(x);
            }
            return out;
        }

        /** Local recordings published by township schools with a recording classroom (about 40 % of them). */
        private void townshipRecordings(Term term, Instant asOf, List<RecordingEvent> recordings) {
            List<String> rooms = new ArrayList<>();
            for (Classroom c : classrooms.values()) {
                if (c.recordingCapable() && c.id().startsWith("ct-")) {
                    rooms.add(c.id());
                }
            }
            Collections.sort(rooms);
            long span = Duration.between(term.start().atStartOfDay(SessionCalendar.ZONE).toInstant(), asOf).toMinutes();
            int n = 0;
            for (String room : rooms) {
                if (rnd.nextInt(100) < 40) {
                    Instant at = term.start().atStartOfDay(SessionCalendar.ZONE).toInstant().plus(Duration.ofMinutes(rnd.nextLong(span)));
                    recordings.add(new RecordingEvent(RecordingEvent.Type.PUBLISHED, "rec-local-%05d".formatted(++n), null, room, at));
                }
            }
        }
    }
}
