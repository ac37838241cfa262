package io.sanke.scheduler.csv;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.ClassroomKind;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Region;
import io.sanke.scheduler.api.RegionLevel;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.Term;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small county plan the CSV tests import against. */
final class Fixtures {
    private Fixtures() {
    }

    static Plan plan() {
        Region province = new Region("r-hn", "湖南省", RegionLevel.PROVINCE, null);
        Region city = new Region("r-hy", "衡阳市", RegionLevel.CITY, "r-hn");
        Region county = new Region("r-qd", "祁东县", RegionLevel.COUNTY, "r-hy");
        Region twin1 = new Region("r-x1", "新区", RegionLevel.COUNTY, "r-hy");
        Region twin2 = new Region("r-x2", "新区", RegionLevel.COUNTY, "r-hn");
        School urban = new School("s-city1", "祁东县城关一小", "r-qd", SchoolKind.URBAN, false);
        School village = new School("s-shimen", "石门村小", "r-qd", SchoolKind.VILLAGE, true);
        School central1 = new School("s-zx1", "中心小学", "r-qd", SchoolKind.TOWNSHIP, false);
        School central2 = new School("s-zx2", "中心小学", "r-x1", SchoolKind.TOWNSHIP, false);
        Classroom master = new Classroom("c-m1", "s-city1", "主讲教室1", ClassroomKind.MASTER, true, 20_000, 50_000);
        Classroom listening = new Classroom("c-l1", "s-shimen", "一年级教室", ClassroomKind.LISTENING, false, 2_000, 4_000);
        Teacher zhang = new Teacher("t-zhang", "张老师", "s-city1", Set.of("数学"));
        Teacher li = new Teacher("t-li", "李老师", "s-shimen", Set.of("语文", "数学"));
        Pairing pairing = new Pairing("p-1", "c-m1", List.of(new PairedClassroom("c-l1", "t-li")), "数学", "三年级",
                "t-zhang", LessonProfile.STANDARD, true);
        Term term = new Term("term-2026a", "2026年秋季学期", LocalDate.of(2026, 9, 1), LocalDate.of(2027, 1, 20),
                Set.of(LocalDate.of(2026, 10, 1)), Map.of());
        return new Plan(
                Map.of("r-hn", province, "r-hy", city, "r-qd", county, "r-x1", twin1, "r-x2", twin2),
                Map.of("s-city1", urban, "s-shimen", village, "s-zx1", central1, "s-zx2", central2),
                Map.of("c-m1", master, "c-l1", listening),
                Map.of("t-zhang", zhang, "t-li", li),
                Map.of("p-1", pairing),
                Map.of("term-2026a", term),
                Map.of());
    }
}
